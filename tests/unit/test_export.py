"""Every export format, checked by the tool that consumes it, and the JSONL round trip."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import raw_db
from workbench.config import load_settings
from workbench.export import ExportOptions, export, resolve
from workbench.export.claimreview import validate
from workbench.export.csvfile import neutralise
from workbench.export.jsonl import import_jsonl
from workbench.store import Store


@pytest.fixture
def reviewed(seed_copy) -> Path:
    """The seed database with verdicts, notes, evidence, an edit, undo and redo."""
    store = Store.open(seed_copy)
    rows = store.pages.page(limit=8)
    a, b, c, d, e, f = (r.id for r in rows[:6])
    store.reviews.set_verdict(a, "ann", "false")
    store.reviews.add_note(a, "ann", '=HYPERLINK("http://evil")')
    store.reviews.add_evidence(a, "ann", "https://example.org/transcript", "@page 3")
    store.reviews.set_verdict(b, "ann", "true")
    store.reviews.set_verdict(b, "bob", "true")
    store.reviews.set_verdict(c, "ann", "true")
    store.reviews.set_verdict(c, "bob", "false")
    store.reviews.set_verdict(d, "ann", "opinion")
    store.reviews.edit_normalized(d, "ann", "-1 is the edited claim")
    store.reviews.set_verdict(e, "bob", "misleading")
    store.reviews.undo("bob")
    store.reviews.redo("bob")
    store.reviews.set_verdict(f, "ann", "mostly-true")
    store.reviews.edit_normalized(f, "ann", "an edit to undo")
    store.reviews.undo("ann")
    store.close()
    return seed_copy


def run(db: Path, fmt: str, target=None, **options):
    settings = load_settings(db=db, reviewer="ann")
    store = Store.open(db)
    try:
        out = target if target is not None else io.StringIO()
        report = export(store, fmt, out, settings, ExportOptions(**options))
        return (out.getvalue() if target is None else None), report
    finally:
        store.close()


def test_jsonl_is_read_by_pandas_and_by_the_arrow_reader_datasets_uses(reviewed, tmp_path):
    import pandas as pd
    import pyarrow.json as paj

    text, report = run(reviewed, "jsonl")
    path = tmp_path / "claims.jsonl"
    path.write_text(text, encoding="utf-8")
    frame = pd.read_json(path, lines=True)
    claims = Store.open(reviewed).pages.count()
    assert len(frame) == report.written == claims
    assert {"id", "text", "normalized", "speaker", "score", "verdicts", "events"} <= set(frame)
    table = paj.read_json(path)  # `datasets.load_dataset("json", ...)` reads through this
    assert table.num_rows == claims
    row = json.loads(text.splitlines()[0])
    assert row["verdicts"][0]["note"] == '=HYPERLINK("http://evil")'
    assert row["verdicts"][0]["evidence"][0]["url"] == "https://example.org/transcript"
    assert row["document"]["text"]  # the first claim of a document carries its text
    assert json.loads(text.splitlines()[1])["document"]["text"] is None


def test_round_trip_is_byte_identical(reviewed, tmp_path):
    first, _ = run(reviewed, "jsonl")
    path = tmp_path / "a.jsonl"
    path.write_text(first, encoding="utf-8")
    other = tmp_path / "other.db"
    report = import_jsonl(Store.open(other), path)
    assert (report.documents, report.claims, report.problems) == (
        5,
        Store.open(reviewed).pages.count(),
        [],
    )
    second, _ = run(other, "jsonl")
    assert second == first
    # Importing again adds nothing; the verdicts in force are the same.
    again = import_jsonl(Store.open(other), path)
    assert (again.documents, again.claims, again.events) == (0, 0, 0)
    third, _ = run(other, "jsonl")
    assert third == first


def test_import_adds_only_missing_events(reviewed, tmp_path):
    full, _ = run(reviewed, "jsonl")
    path = tmp_path / "full.jsonl"
    path.write_text(full, encoding="utf-8")
    partial = tmp_path / "partial.db"
    # The same claims, reviewed by only part of the team so far.
    store = Store.open(partial)
    import_jsonl(store, path)
    rows = store.pages.page(limit=3)
    store.reviews.set_verdict(rows[0].id, "cy", "true")  # a local event the file does not have
    store.close()
    store = Store.open(partial)
    report = import_jsonl(store, path)
    assert report.events == 0
    assert [v.reviewer for v in store.reviews.verdicts(rows[0].id)] == ["ann", "cy"]


def test_import_reports_bad_lines_and_goes_on(reviewed, tmp_path):
    text, _ = run(reviewed, "jsonl")
    lines = text.splitlines()
    broken = [lines[0], "{not json", '["a list"]', json.dumps({"id": "x"}), *lines[1:5]]
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    report = import_jsonl(Store.open(tmp_path / "new.db"), path)
    assert report.claims == 5
    assert [p.split(": ", 1)[0] for p in report.problems] == [f"{path}:2", f"{path}:3",
                                                              f"{path}:4"]  # fmt: skip
    assert "not JSON" in report.problems[0] and "missing field" in report.problems[2]


def test_csv_neutralises_formulas(reviewed):
    text, _ = run(reviewed, "csv", reviewed_only=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    note = next(r["note"] for r in rows if r["note"])
    assert note == '\'=HYPERLINK("http://evil")'
    edited = next(r for r in rows if r["normalized"].endswith("edited claim"))
    assert edited["normalized"] == "'-1 is the edited claim"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert [neutralise(v) for v in ("=1", "+1", "-1", "@x", "\tx", "\rx", "ok", 3)] == [
        "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "ok", 3]  # fmt: skip


def test_parquet_has_the_csv_columns_and_pandas_reads_it(reviewed, tmp_path):
    import pandas as pd

    from workbench.export import FLAT_COLUMNS

    path = tmp_path / "claims.parquet"
    _, report = run(reviewed, "parquet", target=path, reviewed_only=True)
    frame = pd.read_parquet(path)
    assert list(frame.columns) == list(FLAT_COLUMNS)
    assert report.written == 6
    assert len(frame) == 8  # one row per claim and reviewer
    assert frame["score"].dtype == "float64"


def test_final_verdicts(reviewed):
    text, report = run(reviewed, "csv", final=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert report.left_out["unresolved disagreements"] == 1  # ann true / bob false
    assert {r["final_how"] for r in rows} == {"agreed"}
    text, report = run(reviewed, "csv", final=True, adjudicator="bob")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert not report.left_out and "adjudicated" in {r["final_how"] for r in rows}
    assert (
        resolve(
            [
                {"reviewer": r, "label": lab}
                for r, lab in [("a", "true"), ("b", "true"), ("c", "false")]
            ],
            None,
        )["how"]
        == "majority"
    )


def test_filters(reviewed):
    text, _ = run(reviewed, "jsonl", reviewer="bob", reviewed_only=True)
    assert {v["reviewer"] for line in text.splitlines()
            for v in json.loads(line)["verdicts"]} == {"bob"}  # fmt: skip
    assert len(text.splitlines()) == 3
    text, _ = run(reviewed, "jsonl", labels=("false",))
    assert len(text.splitlines()) == 2
    text, _ = run(reviewed, "jsonl", since="2000-01-01", until="2999-01-01")
    assert len(text.splitlines()) == 6
    text, _ = run(reviewed, "jsonl", since="2999-01-01")
    assert text == ""
    text, _ = run(reviewed, "jsonl", min_score=0.8)
    assert all(json.loads(line)["score"] >= 0.8 for line in text.splitlines())


def test_claimreview_expands_to_schema_org_triples(reviewed):
    from pyld import jsonld

    text, report = run(reviewed, "claimreview", reviewed_only=True)
    reviews = json.loads(text)
    # opinion has no rating: left out and counted
    assert report.left_out["'opinion' (no rating)"] == 1
    # One review per claim, never one per reviewer: 8 verdicts on 6 claims, one claim
    # only "opinion", one left unresolved by its reviewers.
    assert report.left_out["unresolved disagreements"] == 1
    assert len(reviews) == report.written == 4
    assert len({r["url"] for r in reviews}) == 4
    first = reviews[0]
    assert first["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                                     "worstRating": 1, "alternateName": "false"}  # fmt: skip
    assert first["itemReviewed"]["author"]["name"] == "The Kremlin"

    def offline_loader(url, options=None):
        # schema.org's context maps every term into http://schema.org/; no network here.
        return {"contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "http://schema.org/"}}}  # fmt: skip

    expanded = jsonld.expand(reviews, {"documentLoader": offline_loader})
    assert all("http://schema.org/ClaimReview" in item["@type"] for item in expanded)
    assert "http://schema.org/claimReviewed" in expanded[0]
    rating = expanded[0]["http://schema.org/reviewRating"][0]
    assert rating["http://schema.org/ratingValue"][0]["@value"] == 1


def test_claimreview_validator():
    good = {"claimReviewed": "X", "url": "https://e.org/1", "author": {"name": "Org"},
            "reviewRating": {"ratingValue": 3, "bestRating": 5, "worstRating": 1,
                             "alternateName": "misleading"},
            "itemReviewed": {"author": {}, "datePublished": "2023",
                             "appearance": {"url": "https://e.org"}}}  # fmt: skip
    assert validate(good) == ([], [])
    assert validate({**good, "claimReviewed": ""})[0] == ["claimReviewed is empty"]
    assert "over 75" in validate({**good, "claimReviewed": "x" * 80})[1][0]
    assert validate({**good, "url": "/relative"})[0] == ["url is not an absolute http(s) URL"]
    bad_rating = {**good, "reviewRating": {**good["reviewRating"], "ratingValue": 9}}
    assert "ratingValue" in validate(bad_rating)[0][0]


def test_prodigy_tasks(reviewed):
    text, report = run(reviewed, "prodigy", reviewed_only=True)
    tasks = [json.loads(line) for line in text.splitlines()]
    assert report.left_out["claims whose reviewers disagree (use --final)"] == 1
    assert {t["answer"] for t in tasks} == {"accept", "reject"}
    for task in tasks:
        span = task["spans"][0]
        assert 0 <= span["start"] < span["end"] <= len(task["text"])


@pytest.mark.slow
def test_docbin_trains_a_text_classifier_for_one_epoch(reviewed, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    path = tmp_path / "train.spacy"
    _, report = run(reviewed, "spacy", target=path, reviewed_only=True)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    assert len(docs) == report.written == 5
    assert all(d.spans["claims"] and set(d.cats) == {"CHECKWORTHY", "NOT_CHECKWORTHY"}
               for d in docs)  # fmt: skip
    config = tmp_path / "config.cfg"
    python = sys.executable
    init = [python, "-m", "spacy", "init", "config", str(config), "--lang", "en", "--pipeline",
            "textcat", "--force"]  # fmt: skip
    subprocess.run(init, check=True, capture_output=True)
    result = subprocess.run(
        [python, "-m", "spacy", "train", str(config), "--output", str(tmp_path / "model"),
         "--paths.train", str(path), "--paths.dev", str(path), "--training.max_epochs", "1",
         "--training.max_steps", "20"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / "model" / "model-last" / "meta.json").exists()


def test_datasette_metadata(reviewed):
    from workbench.store.metadata import datasette_metadata

    meta = datasette_metadata(str(reviewed))
    tables = meta["databases"][reviewed.stem]["tables"]
    store = Store.open(reviewed)
    for table, info in tables.items():
        columns = {c.name for c in raw_db(store)[table].columns}
        assert set(info.get("columns", {})) <= columns, table
    assert tables["claims"]["fts_table"] in raw_db(store).table_names()


def test_jsonl_copies_stored_json_exactly_as_decoding_would(reviewed):
    """The fast path (stored JSON spliced in) writes what decoding and encoding writes."""
    from workbench.export.jsonl import write_jsonl
    from workbench.export.records import records

    store = Store.open(reviewed)
    slow, fast = io.StringIO(), io.StringIO()
    write_jsonl(records(store, ExportOptions()), slow)
    write_jsonl(records(store, ExportOptions(), raw=True), fast)
    assert fast.getvalue() == slow.getvalue()
    # A note with characters JSON escapes, and a NUL-like marker in user text, survive.
    claim = store.pages.page(limit=1)[0].id
    store.reviews.add_note(claim, "ann", 'quote " backslash \\ newline \n and \\u0000 0')
    slow, fast = io.StringIO(), io.StringIO()
    write_jsonl(records(store, ExportOptions()), slow)
    write_jsonl(records(store, ExportOptions(), raw=True), fast)
    assert fast.getvalue() == slow.getvalue()


@pytest.mark.parametrize(
    "options",
    [{}, {"reviewed_only": True}, {"reviewer": "bob", "reviewed_only": True},
     {"labels": ("true",)}, {"since": "2000-01-01"}, {"min_score": 0.6}],
)  # fmt: skip
def test_sqlite_built_exports_match_the_python_records(reviewed, tmp_path, options):
    """JSONL, CSV and Parquet come from SQLite-built rows; they say what the records say."""
    import pandas as pd

    from workbench.export import FLAT_COLUMNS, flatten
    from workbench.export.csvfile import write_csv
    from workbench.export.jsonl import write_jsonl
    from workbench.export.parquet import write_parquet
    from workbench.export.records import records

    store = Store.open(reviewed)
    opts = ExportOptions(**options)
    fast, _ = run(reviewed, "jsonl", **options)
    slow = io.StringIO()
    write_jsonl(records(store, opts), slow)
    assert [json.loads(x) for x in fast.splitlines()] == [
        json.loads(x) for x in slow.getvalue().splitlines()]  # fmt: skip
    fast, _ = run(reviewed, "csv", **options)
    slow = io.StringIO()
    write_csv(records(store, opts), slow)
    assert fast == slow.getvalue()
    run(reviewed, "parquet", target=tmp_path / "fast.parquet", **options)
    write_parquet(records(store, opts), tmp_path / "slow.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "fast.parquet"),
                                  pd.read_parquet(tmp_path / "slow.parquet"))  # fmt: skip
    rows = [row for record in records(store, opts) for row in flatten(record)]
    assert len(pd.read_parquet(tmp_path / "fast.parquet")) == len(rows)
    assert list(pd.read_parquet(tmp_path / "fast.parquet").columns) == list(FLAT_COLUMNS)
