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
        json.dumps({**first, "entities": [{"text": "x", "label": "ORG", "start": 0,
                                            "end": 10**9}]}),  # fmt: skip
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
    assert [line.split(": ")[0] for line in skipped] == [
        f"skipped {path}:{n}" for n in range(1, 8)
    ]
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
