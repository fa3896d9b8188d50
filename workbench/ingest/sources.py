"""Which reader reads a file (by its name, or the ``--format`` asked for), and pages.

A file gives Documents and, for collections and TSV transcripts, problems with single
rows (``Problem`` with ``FILE:LINE``), so that one bad row never costs the others.
A file that cannot be read at all raises ``SkipFile``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from workbench.ingest import articles, transcripts
from workbench.ingest.fetch import Page
from workbench.ingest.html import read_html
from workbench.ingest.readers import (
    SkipFile,
    clean,
    decode,
    display_path,
    read_bytes,
    read_document,
)
from workbench.models import Document

Format = Literal["text", "html", "transcript", "jsonl", "csv"]
FORMATS: tuple[str, ...] = get_args(Format)


@dataclass(frozen=True)
class Problem:
    """Something not ingested: a file, a row (``FILE:LINE``) or a URL, and why."""

    where: str
    reason: str


def format_of(path: Path) -> Format:
    """The reader a file's name asks for (``.tsv`` is decided by its first line)."""
    name = path.name.lower()
    if name.endswith((".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")):
        return "html"
    if name.endswith(".transcript"):
        return "transcript"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".tsv"):
        return "transcript"  # unless its header names a text column: see read_source
    return "text"


def read_source(path: Path, fmt: Format | None = None, moderators: Iterable[str] = ()
                ) -> Iterator[Document | Problem]:  # fmt: skip
    """Every Document in the file, and a Problem for each row that could not be read.
    Raises SkipFile when the file as a whole cannot be read."""
    fmt = fmt or format_of(path)
    where = display_path(path)
    if fmt == "text":
        yield read_document(path)
        return
    data = read_bytes(path)
    if fmt == "html":
        gzipped = path.name.lower().endswith(".gz")
        yield html_document(read_html(data, gzipped=gzipped), where, {"format": "html"})
        return
    text, encoding = decode(data)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    if fmt == "transcript" and delimiter == "\t":
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        if not articles.has_text_column(first, delimiter):
            yield from _tsv_transcript(text, where, encoding, moderators, path.stem)
            return
        fmt = "csv"
    if fmt == "transcript":
        body, meta = transcripts.parse_turns(text, moderators)
        title = str(meta.pop("title", path.stem))
        yield _document(body, where, {**meta, "encoding": encoding}, title=title)
        return
    rows = articles.read_jsonl(text, where) if fmt == "jsonl" else (
        articles.read_table(text, where, delimiter))  # fmt: skip
    for row in rows:
        yield Problem(f"{where}:{row.line}", row.reason) if isinstance(row, articles.RowProblem) \
            else row  # fmt: skip


def _tsv_transcript(text: str, where: str, encoding: str, moderators: Iterable[str],
                    title: str) -> Iterator[Document | Problem]:  # fmt: skip
    """The CLEF TSV: ``line, speaker, text[, label]`` a row, no header."""
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        cells = line.rstrip("\r").split("\t")
        if not 3 <= len(cells) <= 4:
            yield Problem(f"{where}:{number}", f"{len(cells)} columns: a transcript row is "
                          "line, speaker, text[, label]")  # fmt: skip
        elif not cells[0].strip().isdigit():
            yield Problem(f"{where}:{number}", f"{cells[0][:20]!r} is not a line number")
        elif not transcripts.speaker_name(cells[1]).strip():
            yield Problem(f"{where}:{number}", "no speaker")
        else:
            rows.append((number, cells))
    if not rows:
        raise SkipFile("no transcript rows (line, speaker, text[, label], tab-separated)")
    body, meta = transcripts.parse_tsv(rows, moderators)
    yield _document(body, where, {**meta, "encoding": encoding}, title=title)


def _document(text: str, where: str, meta: dict[str, Any], **fields: Any) -> Document:
    if sum(ch.isalpha() for ch in text) < articles.MIN_LETTERS:
        raise SkipFile("too little text to be an article")
    return Document.from_text(text, source_path=where, meta=meta, **fields)


def html_document(fields: dict[str, Any], where: str, meta: dict[str, Any]) -> Document:
    """A Document from ``read_html``'s fields: title, url, outlet, published and language
    in their columns, the author, the standfirst and the rest in ``meta``."""
    text = fields["text"]
    if sum(ch.isalpha() for ch in text) < articles.MIN_LETTERS:
        raise SkipFile("too little text to be an article")
    extra = {k: fields[k] for k in ("author", "description") if k in fields}
    return Document.from_text(
        text, source_path=where, url=fields.get("url"), title=fields.get("title"),
        outlet=fields.get("outlet"), published=fields.get("published"),
        language=fields.get("language"), meta={**meta, **extra},
    )  # fmt: skip


def page_document(page: Page) -> Document:
    """A fetched page as a Document: HTML through trafilatura, plain text as it is.
    ``source_path`` is the URL asked for; ``url`` the page's canonical one."""
    meta = {"format": "url", "fetched_at": page.fetched_at.isoformat(),
            "final_url": page.final_url}  # fmt: skip
    if page.content_type == "text/plain":
        try:
            text = page.body.decode(page.charset) if page.charset else decode(page.body)[0]
        except (LookupError, UnicodeDecodeError):
            text = decode(page.body)[0]
        return _document(clean(text), page.url, meta, url=page.final_url)
    fields = read_html(page.body, url=page.final_url, charset=page.charset)
    fields.setdefault("url", page.final_url)
    return html_document(fields, page.url, meta)
