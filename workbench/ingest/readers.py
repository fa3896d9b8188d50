"""Reading article files: encodings, cleaning, front matter.

A reader turns a path into a Document or raises ``SkipFile`` with a reason a
user can act on. Nothing here knows about spaCy or SQL.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.models import Document

#: File endings the workbench reads; everything else in a folder is passed over.
#: (``.html.gz`` is read too: see ``readable``.)
SUFFIXES: frozenset[str] = frozenset({
    ".txt", ".md", ".markdown", ".text", ".html", ".htm", ".transcript", ".tsv", ".jsonl",
    ".ndjson", ".csv",
})  # fmt: skip
MAX_BYTES = 20_000_000


class SkipFile(Exception):
    """This file cannot be ingested; the message says why, in a few words."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes, returning (text, encoding). Raises SkipFile for binaries."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SkipFile(f"not decodable as {encoding} (byte {exc.start})") from None
    sample = data[:8192]
    if b"\x00" in sample:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Older newsroom exports are often Windows-1252; it leaves five bytes undefined,
    # so real binaries still fail here rather than turning into mojibake.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SkipFile(
            f"not decodable as UTF-8 (byte {utf8_error.start}) or Windows-1252"
        ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise SkipFile("binary file (control characters)")
    return text, "cp1252"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """The canonical text of a document; its sha256 is the document id.

    Unicode NFC, Unix line ends, no trailing spaces on lines, no control
    characters, no blank lines at either end. Nothing else changes, so what a
    reviewer sees is what the outlet published.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip("\n")


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_FRONT_KEYS = {"title", "url", "outlet", "published", "date", "language", "author"}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Read a simple ``key: value`` front-matter block from a Markdown file."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in _FRONT_KEYS:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    if not meta:
        return {}, text
    return meta, text[match.end() :]


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or SkipFile when it is unreadable, too large or empty."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SkipFile(f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise SkipFile(exc.strerror or str(exc)) from None
    if not data.strip():
        raise SkipFile("empty file")
    return data


def read_document(path: Path) -> Document:
    """Read one file into a Document (not yet stored), or raise SkipFile."""
    raw, encoding = decode(read_bytes(path))
    meta: dict[str, str] = {}
    if path.suffix.lower() in {".md", ".markdown"}:
        meta, raw = split_front_matter(raw.replace("\r\n", "\n"))
    text = clean(raw)
    if not text.strip():
        raise SkipFile("no text after cleaning")
    if sum(ch.isalpha() for ch in text) < 20:
        raise SkipFile("too little text to be an article")
    return Document.from_text(
        text,
        source_path=display_path(path),
        url=meta.get("url"),
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        published=meta.get("published") or meta.get("date"),
        language=meta.get("language"),
        meta={"encoding": encoding, **({"author": meta["author"]} if "author" in meta else {})},
    )


def readable(path: Path) -> bool:
    """Is this a file a folder's ingest reads (by its name)?"""
    name = path.name.lower()
    return path.suffix.lower() in SUFFIXES or name.endswith((".html.gz", ".htm.gz"))


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand files and folders into (file, problem) pairs, in a stable order.

    A path that does not exist, or a file of a kind we do not read when named
    directly, comes back with its problem so the caller can report it.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and readable(child):
                    if child.name.lower() in {"readme.md", "license.md", "changelog.md"}:
                        continue
                    yield child, None
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or folder"
