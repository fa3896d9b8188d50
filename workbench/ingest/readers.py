"""Reading article files: encodings, cleaning, front matter.

A reader turns a path into a Document or raises ``SkipFile`` with a reason a
user can act on. Nothing here knows about spaCy or SQL.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from collections import Counter
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
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise SkipFile("binary file (contains NUL bytes)")
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text, encoding = _legacy(data)
    if text is None:
        raise SkipFile(
            f"not decodable as UTF-8 (byte {utf8_error.start}) or a known 8-bit encoding"
        ) from None
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(3, len(text) // 100):
        raise SkipFile("binary file (control characters)")
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark. Text in one script keeps the high
    byte of every character to a few values (0 for Latin, 4 for Cyrillic, with 0 for
    spaces and digits), which no binary format does so evenly."""
    sample = data[: 8192 - 8192 % 2]
    half = len(sample) // 2
    if half < 8 or len(data) % 2:
        return None
    for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        common = Counter(high).most_common(3)
        if sum(n for _, n in common) < 0.9 * half or 0 not in dict(common):
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        head = text[:4096]
        printable = sum(1 for ch in head if ch.isprintable() or ch in "\n\r\t")
        return (text, encoding) if printable > 0.95 * len(head) else None
    return None


#: The 8-bit encodings charset-normalizer chooses among, after UTF-8 failed.
_LEGACY = ["cp1252", "cp1251", "koi8_r", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256",
           "cp1257", "iso8859_15", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr"]  # fmt: skip


def _legacy(data: bytes) -> tuple[str | None, str]:
    """Text that is not UTF-8. Older newsroom exports are mostly Windows-1252, which
    leaves five bytes undefined, so binaries still fail; when the Windows-1252 reading
    has mostly non-ASCII letters (Russian in cp1251 reads as "Ìîñêâà"), charset-normalizer
    decides among the usual code pages instead, when it recognises a language."""
    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None:
        letters = [ch for ch in western if ch.isalpha()]
        foreign = sum(1 for ch in letters if not ch.isascii())
        if foreign <= 0.3 * len(letters):
            return western, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY).best()
    # Without a language recognised in it (coherence 0), a reading is a guess over
    # bytes that may be anything: binaries stay refused, Windows-1252 stays the default.
    if best is None or best.encoding == "cp1252" or not best.coherence:
        return western, "cp1252"
    return str(best), best.encoding


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
        raise SkipFile(_problem(exc)) from None
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


def _problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "no such file or folder (or a broken link)"
    return (exc.strerror or str(exc)).lower()


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand files and folders into (file, problem) pairs, in a stable order.

    A path that does not exist, cannot be read, loops through symlinks or is not a
    regular file (a pipe would block the read) comes back with its problem, so the
    caller reports it and goes on with the rest.
    """
    for path in paths:
        try:
            info = path.stat()
        except OSError as exc:
            yield path, _problem(exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, frozenset({(info.st_dev, info.st_ino)}))
        elif stat.S_ISREG(info.st_mode):
            yield path, None
        else:
            yield path, "not a regular file (a pipe, socket or device)"


def _walk(folder: Path, seen: frozenset[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    """The files of ``folder`` we read, depth first by name (the order of sorted paths);
    ``seen`` are the folders above it, so a link back to one is reported, not followed."""
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as exc:
        yield folder, f"cannot read the folder: {_problem(exc)}"
        return
    for name in names:
        child = folder / name
        ours = readable(child)
        try:
            info = child.stat()
        except OSError as exc:
            if ours or exc.errno == errno.ELOOP:
                yield child, _problem(exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen:
                yield child, "symlink loop (links back to a folder above it)"
            else:
                yield from _walk(child, seen | {key})
        elif ours and name.lower() not in {"readme.md", "license.md", "changelog.md"}:
            yield (child, None) if stat.S_ISREG(info.st_mode) else (
                child, "not a regular file (a pipe, socket or device)")  # fmt: skip
