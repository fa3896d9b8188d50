"""A corpus of bad and hostile input, made here, ingested and imported in one go: every
bad file and line is reported, nothing raises, and no row already stored changes."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from tests.helpers import raw
from workbench.cli import cli
from workbench.store import Store

RUSSIAN = ("Москва предупредила Лондон, что Великобритания, накачивая Украину оружием, "
           "подрывает европейскую безопасность, заявил Дмитрий Песков.")  # fmt: skip
NASTY = "[/][@click=app.quit]x[/] [R-TX] \x1b]0;owned\x07\x1b[2J\x1b[31m\u202eevil\x9b1m"
TABLES = ("documents", "claims", "events", "verdicts", "checked", "memory")


def make_corpus(root) -> dict[str, object]:
    """Every kind of bad input the issue names; returns the paths by kind."""
    files = root / "articles"
    (files / "deeper").mkdir(parents=True)
    (files / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (files / "invalid-utf8.txt").write_bytes(b"Officials said \xff\xfe\x81\x8d\x8f\x90\x9d" * 20)
    (files / "utf16-no-bom.txt").write_bytes(
        "Officials said 40 people were hurt in Paris on Monday, the police said.".encode(
            "utf-16-le"
        )
    )
    (files / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    sentence = "The minister said 40 ships were seized in the Black Sea on Monday. "
    (files / "one-paragraph-2mb.txt").write_text(sentence * (2_000_000 // len(sentence) + 1))
    (files / "markup.md").write_text(
        f"---\ntitle: {NASTY}\nurl: {NASTY}\noutlet: {NASTY}\n---\n\n"
        f"{NASTY} The spokesman {NASTY} said 12 tanks crossed the border on Friday.\n\n"
        f"Senator Smith [R-TX] said [bold]the budget[/bold] grew by 5 percent in 2023.\n",
        encoding="utf-8",
    )
    (files / "deeper" / "loop").symlink_to(files)
    (files / "self.txt").symlink_to(files / "self.txt")
    os.mkfifo(files / "pipe.txt")  # cannot be read without blocking (root reads 0000 files)
    jsonl = root / "export.jsonl"
    jsonl.write_text("\n".join([
        "{not json", '"a string"', json.dumps({"document": "a string"}),
        json.dumps({"id": "x", "seq": 10**30, "document": {"text": NASTY}}),
        "[" * 50_000 + "]" * 50_000, json.dumps({"events": [{"reviewer": NASTY}]}),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    csv_file = root / "checked.csv"
    csv_file.write_bytes(
        b'claim,verdict\n"unterminated,false\n'
        + f'"{NASTY}",false\n'.encode()
        + b"no verdict here,\nnul\x00byte,true\n"
    )
    reviews = root / "reviews.json"
    reviews.write_text(json.dumps([
        {"@type": "ClaimReview", "claimReviewed": NASTY, "reviewRating": "False"},
        {"@type": "ClaimReview", "claimReviewed": 5, "reviewRating": {"alternateName": []}},
        {"@type": "ClaimReview", "claimReviewed": "x", "reviewRating": {"name": "True"},
         "author": NASTY},
    ]))  # fmt: skip
    bad_jsonl = root / "checked.jsonl"
    bad_jsonl.write_bytes(b"\xef\xbb\xbf{oops\n" + b"[" * 50_000 + b"\n" + b'{"claim": 1}\n')
    return {"files": files, "jsonl": jsonl, "csv": csv_file, "reviews": reviews,
            "checked_jsonl": bad_jsonl}  # fmt: skip


def snapshot(db) -> dict[str, list[tuple]]:
    store = Store.open(db)
    try:
        return {t: raw(store).execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        store.close()


@pytest.mark.slow
def test_the_bad_input_corpus_changes_no_stored_row(seed_copy, tmp_path, extractor,
                                                    monkeypatch):  # fmt: skip
    import workbench.extract as extract

    monkeypatch.setattr(extract, "load_pipeline", lambda *args: extractor.nlp)
    store = Store.open(seed_copy)
    claim = store.pages.page(limit=1)[0].id
    store.reviews.set_verdict(claim, "ann", "false")
    store.reviews.add_evidence(claim, "ann", "https://example.org/a", "a quote")
    store.close()
    before = snapshot(seed_copy)
    corpus = make_corpus(tmp_path)
    files = corpus["files"]

    def run(*args):
        result = CliRunner().invoke(cli, ["--db", str(seed_copy), *map(str, args)],
                                    catch_exceptions=False)  # fmt: skip
        assert "Traceback" not in result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        return result

    ingest = run("ingest", files, files / "pipe.txt", files / "self.txt", tmp_path / "missing")
    assert ingest.exit_code == 1
    said = ingest.stderr
    for name, reason in [
        ("binary.txt", "binary file"),
        ("invalid-utf8.txt", "not decodable"),
        ("one-paragraph-2mb.txt", "too long to extract"),
        ("loop", "symlink loop"),
        ("self.txt", "symlink loop"),
        ("pipe.txt", "not a regular file"),
        ("missing", "no such file or folder"),
    ]:
        assert any(name in line and reason in line for line in said.splitlines()), (name, said)
    assert "3 documents added" in said  # UTF-16 without BOM, cp1251 and the markup file
    for args in (("import", corpus["jsonl"]), ("import-checked", corpus["csv"]),
                 ("import-checked", corpus["reviews"]),
                 ("import-checked", corpus["checked_jsonl"])):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1 and "skipped" in result.stderr, (args, result.stderr)
    after = snapshot(seed_copy)
    for table in TABLES:
        assert set(before[table]) <= set(after[table]), table  # nothing stored changed
    store = Store.open(seed_copy)
    texts = [d.title for d in store.claims.documents()]
    store.close()
    assert any(t and t.startswith("[/][@click=app.quit]") for t in texts)  # kept as it was
    cyrillic = [row for row in after["documents"] if "Песков" in str(row)]
    assert cyrillic, "cp1251 was not read as Russian"
