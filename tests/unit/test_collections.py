"""Article collections: JSONL and CSV with one article a row; bad rows are FILE:LINE and
the rest goes in (issue 14, item 4)."""

import json

from workbench.ingest.sources import Problem, read_source
from workbench.models import Document
from workbench.services.ingest import ingest_paths
from workbench.store import Store

BODY = "The finance ministry said the deficit reached 4.2 percent of GDP in 2023."


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    problems = [(i.where.rsplit("/", 1)[-1], i.reason) for i in items if isinstance(i, Problem)]
    return docs, problems


def test_jsonl_rows_with_their_fields_and_bad_rows_by_line(tmp_path):
    rows = [
        json.dumps(
            {
                "text": BODY,
                "title": "Deficit",
                "url": "https://example.org/d",
                "outlet": "Example News",
                "published": "2024-01-02",
                "language": "en",
                "author": "Jane Reporter",
            }
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text here"}),
        json.dumps({"text": BODY.replace("2023", "2022"), "title": 7}),
        json.dumps({"text": "Too short."}),
        json.dumps({"body": BODY.replace("4.2", "3.9"), "source": "Other Outlet"}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    docs, problems = _split(list(read_source(path)))
    assert problems == [
        ("articles.jsonl:3", "not JSON (Expecting property name enclosed in double quotes)"),
        ("articles.jsonl:4", "not a JSON object (a list)"),
        ("articles.jsonl:5", "no article text (a text or body or content field)"),
        ("articles.jsonl:6", "'title' is not a string"),
        ("articles.jsonl:7", "too little text to be an article"),
    ]
    first, second = docs
    assert (first.title, first.url, first.outlet, first.published, first.language) == (
        "Deficit",
        "https://example.org/d",
        "Example News",
        "2024-01-02",
        "en",
    )
    assert first.meta == {"format": "collection", "line": 1, "author": "Jane Reporter"}
    assert first.source_path.endswith("articles.jsonl:1")
    assert second.outlet == "Other Outlet" and second.meta["line"] == 8


def test_csv_with_quoted_newlines_reports_the_line_a_row_starts_on(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "Title,Text,Outlet\n"
        f'"Two paragraphs","{BODY}\n\nUnemployment fell to 5.1 percent in the same year.",A\n'
        "No text,,B\n"
        f'"Short row","{BODY}"\n'
        f'Last,"{BODY.replace("2023", "2021")}",C\n',
        encoding="utf-8",
    )
    docs, problems = _split(list(read_source(path)))
    assert problems == [
        ("articles.csv:5", "no article text (a text or body or content field)"),
        ("articles.csv:6", "2 fields where the header has 3"),
    ]
    assert [d.meta["line"] for d in docs] == [2, 7]
    assert "\n\nUnemployment fell" in docs[0].text and docs[0].outlet == "A"


def test_a_table_without_a_text_column_is_one_skipped_file(tmp_path, extractor):
    (tmp_path / "numbers.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "good.jsonl").write_text(json.dumps({"text": BODY}) + "\nnope\n", encoding="utf-8")
    store = Store.in_memory()
    report = ingest_paths([tmp_path], store, extractor)
    assert report.documents_added == 1
    where = {w.rsplit("/", 1)[-1]: r for w, r in report.skipped}
    assert where == {"good.jsonl:2": "not JSON (Expecting value)",
                     "numbers.csv": "no text column (one of: text, body, content, articlebody, "
                     "article)"}  # fmt: skip
    assert report.summary().endswith("1 file skipped, 1 row skipped")


def test_format_chooses_the_reader_whatever_the_name(tmp_path, extractor):
    path = tmp_path / "export.txt"
    path.write_text(json.dumps({"text": BODY, "title": "From a .txt"}) + "\n", encoding="utf-8")
    store = Store.in_memory()
    report = ingest_paths([path], store, extractor, fmt="jsonl")
    assert report.documents_added == 1
    assert store.claims.documents()[0].title == "From a .txt"
