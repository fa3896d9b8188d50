"""Hostile imports: every bad record is one FILE:LINE, the rest goes in, no traceback."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from tests.helpers import make_claim, make_document, raw
from workbench.cli import cli
from workbench.store import Store


def _export(db) -> list[str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "jsonl"],
                                catch_exceptions=False)  # fmt: skip
    return result.stdout.splitlines()


@pytest.fixture
def exported(seed_copy) -> list[dict]:
    store = Store.open(seed_copy)
    rows = store.pages.page(limit=3)
    store.reviews.set_verdict(rows[0].id, "ann", "false")
    store.reviews.undo("ann")
    store.close()
    return [json.loads(line) for line in _export(seed_copy)]


def test_every_bad_record_is_reported_by_line_and_the_rest_imported(exported, tmp_path):
    first, third = exported[0], exported[2]
    assert first["events"] and first["document"]["text"]
    forged = {**first, "text": "X" * len(first["text"])}  # a forged verbatim span
    label = json.loads(json.dumps(first))
    label["events"][0]["label"] = "pants-on-fire"  # not on the scale
    lines = [
        json.dumps({**first, "document": "a string"}),
        json.dumps({**first, "seq": 10**30}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps(forged),
        json.dumps(label),
        json.dumps(
            {**first, "entities": [{"text": "x", "label": "ORG", "start": 0, "end": 10**9}]}
        ),
        "\xff not utf-8",
        json.dumps(first),
        json.dumps(third),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(line.encode("utf-8", "surrogateescape") if "\xff" not in line
                                else b"\xff not utf-8" for line in lines) + b"\n")  # fmt: skip
    db = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(path)],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert [line.split(": ")[0] for line in skipped] == [f"skipped {path}:{n}" for n in range(1, 8)]
    assert "document must be a JSON object" in skipped[0]
    assert "seq" in skipped[1]
    assert "not JSON" in skipped[2]
    assert "text is not the document's text" in skipped[3]
    assert "'pants-on-fire' is not on the scale" in skipped[4]
    assert "entity" in skipped[5] and "not UTF-8" in skipped[6]
    assert result.stderr.splitlines()[-1] == (
        f"{path}: 1 document, 2 claims, 2 events added; 7 lines skipped"
    )
    store = Store.open(db)
    assert store.stats().claims == 2


def test_events_refuse_insert_or_replace(store):
    doc = make_document()
    claim = make_claim(doc)
    store.claims.add_document(doc, [claim])
    event = store.reviews.set_verdict(claim.id, "ann", "true")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(store).execute(
            "INSERT OR REPLACE INTO events (id, claim_id, reviewer, kind, label, body, at) "
            "VALUES (?, ?, 'mallory', 'verdict', 'false', '{}', '2020-01-01')",
            (event.id, claim.id),
        )
    assert [e.label for e in store.reviews.history(claim.id)] == ["true"]


def _import_checked(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "import-checked",
                                      str(path)], catch_exceptions=False)  # fmt: skip
    return path, result


def _review(text, rating, author="Example Check"):
    return {"@type": "ClaimReview", "claimReviewed": text, "reviewRating": rating,
            "author": {"name": author}}  # fmt: skip


def test_one_bad_claimreview_does_not_abort_the_file(tmp_path):
    reviews = [
        _review("The moon is made of cheese, officials said.", "False"),  # a string rating
        _review("Paris is the capital of France, officials said.", {"alternateName": "True"}),
        _review("Water boils at 50 degrees at sea level.", {"alternateName": "False"}, 7),
    ]
    path, result = _import_checked(tmp_path, "reviews.json", json.dumps(reviews).encode())
    assert result.exit_code == 1
    assert f"skipped {path}: ClaimReview 0: reviewRating is a str, not an object" in result.stderr
    assert "2 checked claims added" in result.stderr


def test_checked_csv_keeps_quoted_newlines_and_counts_lines(tmp_path):
    data = (
        b"claim,verdict\n"
        b'"Line one of a claim\nand its second line, officials said.",false\n'
        b'"Another\n\nclaim over three lines",\n'  # no verdict: reported at the line it starts
        b"Paris is the capital of France,true\n"
    )
    path, result = _import_checked(tmp_path, "checked.csv", data)
    assert f"skipped {path}:4: no claim text or no verdict" in result.stderr
    assert "1 skipped" in result.stderr and "2 checked claims added" in result.stderr
    store = Store.open(tmp_path / "w.db")
    texts = {text for (text,) in raw(store).execute("SELECT text FROM checked")}
    assert "Line one of a claim\nand its second line, officials said." in texts


def test_checked_jsonl_with_a_byte_order_mark_keeps_its_first_line(tmp_path):
    lines = [{"claim": "The moon is made of cheese, officials said.", "verdict": "false"},
             {"claim": "Paris is the capital of France.", "verdict": "true"}]  # fmt: skip
    data = b"\xef\xbb\xbf" + "\n".join(json.dumps(x) for x in lines).encode() + b"\n"
    _, result = _import_checked(tmp_path, "checked.jsonl", data)
    assert result.exit_code == 0 and "2 checked claims added" in result.stderr


def test_an_imported_author_with_escape_sequences_reaches_the_terminal_inert(tmp_path):
    evil = "\x1b]0;pwned\x07\x1b[2J\x1b[31mMallory"
    reviews = [_review("The moon is made of cheese, officials said.",
                       {"alternateName": "False"}, evil)]  # fmt: skip
    _import_checked(tmp_path, "reviews.json", json.dumps(reviews).encode())
    args = ["--db", str(tmp_path / "w.db"), "match", "The moon is made of cheese"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert (
        "Mallory" in result.stdout and "\x1b" not in result.stdout and "\x07" not in result.stdout
    )


def test_an_imported_reviewer_name_cannot_drive_the_terminal(exported, tmp_path):
    record = exported[0]
    record["events"][0]["reviewer"] = "\x1b[2J\x1b]0;owned\x07eve"
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = str(tmp_path / "new.db")
    CliRunner().invoke(cli, ["--db", db, "import", str(path)], catch_exceptions=False)
    result = CliRunner().invoke(cli, ["--db", db, "history", record["id"]],
                                catch_exceptions=False)  # fmt: skip
    assert "eve" in result.stdout and "\x1b" not in result.stdout and "\x07" not in result.stdout
    stats = CliRunner().invoke(cli, ["--db", db, "stats"], catch_exceptions=False)
    assert "eve" in stats.stdout and "\x1b" not in stats.stdout
