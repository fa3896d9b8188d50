"""Article collections: JSONL, CSV or TSV with one article per row.

A row needs the article's text (``text``, or ``body``, ``content``, ``articleBody``);
``title``, ``url``, ``outlet`` (or ``source``, ``site``), ``published`` (or ``date``),
``language`` (or ``lang``) and ``author`` are read when present. A row that cannot
be read comes back as a ``RowProblem`` naming its line; the other rows go on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.ingest.readers import MAX_BYTES, SkipFile, clean
from workbench.models import Document

TEXT_KEYS = ("text", "body", "content", "articlebody", "article")
#: Document field: the names a column may have for it (compared case-insensitively).
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "publisher"),
    "published": ("published", "date", "published_at", "datepublished"),
    "language": ("language", "lang"),
    "author": ("author", "byline"),
}
MIN_LETTERS = 20


@dataclass(frozen=True)
class RowProblem:
    """A row that was not read: its line in the file and why."""

    line: int
    reason: str


def _pick(row: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    lowered = {str(k).strip().lower(): k for k in row}
    for key in keys:
        if key in lowered and row[lowered[key]] not in (None, ""):
            return key, row[lowered[key]]
    return None, None


def row_document(row: Mapping[str, Any], source: str, line: int) -> Document:
    """One row as a Document; raises ValueError with what is wrong with the row."""
    key, text = _pick(row, TEXT_KEYS)
    if key is None:
        raise ValueError(f"no article text (a {' or '.join(TEXT_KEYS[:3])} field)")
    if not isinstance(text, str):
        raise ValueError(f"{key!r} is not a string")
    text = clean(text)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise ValueError("too little text to be an article")
    fields: dict[str, str] = {}
    for name, keys in FIELD_KEYS.items():
        found, value = _pick(row, keys)
        if found is None:
            continue
        if not isinstance(value, str):
            raise ValueError(f"{found!r} is not a string")
        value = " ".join(clean(value).split())
        if value:
            fields[name] = value
    author = fields.pop("author", None)
    return Document.from_text(
        text, source_path=f"{source}:{line}", **fields,
        meta={"format": "collection", "line": line, **({"author": author} if author else {})},
    )  # fmt: skip


def read_jsonl(text: str, source: str) -> Iterator[Document | RowProblem]:
    """One JSON object per line; blank lines are passed over."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield RowProblem(number, f"not JSON ({getattr(exc, 'msg', 'nested too deeply')})")
            continue
        if not isinstance(row, dict):
            yield RowProblem(number, f"not a JSON object (a {type(row).__name__})")
            continue
        try:
            yield row_document(row, source, number)
        except ValueError as exc:
            yield RowProblem(number, str(exc).splitlines()[0])


def read_table(text: str, source: str, delimiter: str = ",") -> Iterator[Document | RowProblem]:
    """CSV (or TSV) with a header row; a field may hold newlines inside quotes."""
    # The default limit (128 KB a field) is less than one long article.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SkipFile("empty table") from None
    except csv.Error as exc:
        raise SkipFile(f"not a readable table ({exc})") from None
    if _pick(dict.fromkeys(header, "x"), TEXT_KEYS)[0] is None:
        raise SkipFile(f"no text column (one of: {', '.join(TEXT_KEYS)})")
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowProblem(line, f"not a readable row ({exc})")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield RowProblem(start, f"{len(cells)} fields where the header has {len(header)}")
            continue
        try:
            yield row_document(dict(zip(header, cells, strict=True)), source, start)
        except ValueError as exc:
            yield RowProblem(start, str(exc).splitlines()[0])


def has_text_column(first_line: str, delimiter: str) -> bool:
    """Does a table's header name a text column (so a .tsv is a collection)?"""
    cells = next(csv.reader([first_line], delimiter=delimiter), [])
    return _pick(dict.fromkeys(cells, "x"), TEXT_KEYS)[0] is not None
