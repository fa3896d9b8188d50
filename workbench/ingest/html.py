"""Web pages: the article's main text and its metadata, through trafilatura.

trafilatura drops navigation, menus, share buttons, comments and footers and
returns the article's paragraphs as plain text (links become their words, never
their addresses), which is what the extraction reads. Title, author, date, site
name, language and canonical URL go into the Document's fields and ``meta``.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from workbench.ingest.readers import SkipFile, clean

#: The most a compressed page may unpack to: a gzip bomb stops here, not in memory.
MAX_HTML_BYTES = 20_000_000
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html[^>]*?\blang=["']?([A-Za-z]{2,3})""", re.IGNORECASE)


class GzipProblem(Exception):
    """Why gzip data was refused: ``kind`` is "broken", "too large" or "cut short"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail


def inflate(data: bytes, limit: int) -> bytes:
    """Unpack gzip data, refusing anything that unpacks to more than ``limit`` bytes
    (a zip bomb never unpacks past the limit); raises ``GzipProblem``. Files and
    fetched pages share it and word its problems for their callers."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise GzipProblem("broken", str(exc)) from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise GzipProblem("too large")
    if not inflater.eof:
        raise GzipProblem("cut short")
    return out


def gunzip(data: bytes, limit: int = MAX_HTML_BYTES) -> bytes:
    """Unpack a .gz file, refusing anything that unpacks to more than ``limit`` bytes."""
    try:
        return inflate(data, limit)
    except GzipProblem as exc:
        if exc.kind == "broken":
            raise SkipFile(f"not a valid gzip file ({exc.detail})") from None
        if exc.kind == "too large":
            raise SkipFile(f"unpacks to more than {limit:,} bytes") from None
        raise SkipFile("not a valid gzip file (it ends too soon)") from None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """The page as text: the charset the server or the page declares, else UTF-8, else
    Windows-1252 (what browsers assume for undeclared Western pages)."""
    candidates = [declared] if declared else []
    found = _CHARSET.search(data[:4096])
    if found:
        candidates.append(found.group(1).decode("ascii", "replace"))
    for encoding in [*candidates, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph per line; a blank line between them says so to
    # anyone reading the stored text, and to the paragraph splitter without guessing.
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _without_heading(text: str, *heading: str | None) -> str:
    """The text without leading paragraphs that repeat the title or the standfirst,
    which the Document keeps in its fields: printed twice they would be claims twice."""
    repeats = {" ".join(h.split()).casefold() for h in heading if h}
    paras = text.split("\n\n")
    while len(paras) > 1 and " ".join(paras[0].split()).casefold() in repeats:
        paras.pop(0)
    return "\n\n".join(paras)


def extract_page(html: str, *, url: str | None = None) -> dict[str, Any]:
    """The main text and metadata of a page: {text, title, author, published, outlet,
    language, url, description}; raises SkipFile when no article text is found."""
    import trafilatura  # imported here: it takes a second, and only pages need it

    if not html.strip():
        raise SkipFile("empty page")
    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_links=False, include_images=False, favor_precision=False,
        )  # fmt: skip
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        raise SkipFile(f"page could not be parsed ({type(exc).__name__})") from None
    found: dict[str, Any] = {}
    if result is not None:
        found = result if isinstance(result, dict) else result.as_dict()
    body = found.get("text")
    # A page whose only text is a menu ("Home") has no article either.
    if not isinstance(body, str) or sum(ch.isalpha() for ch in body) < 20:
        raise SkipFile("no article text found in the page")

    def meta(key: str) -> str | None:
        value = found.get(key)
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

    lang = _LANG.search(html[:8192])
    fields = {
        "text": clean(_without_heading(_paragraphs(body), meta("title"))),
        "title": meta("title"),
        "author": meta("author"),
        "published": meta("date"),
        "outlet": meta("sitename") or meta("hostname"),
        "language": meta("language") or (lang.group(1).lower() if lang else None),
        "url": meta("url") or url,
        "description": meta("description"),
    }
    return {key: value for key, value in fields.items() if value}


def read_html(data: bytes, *, gzipped: bool = False, url: str | None = None,
              charset: str | None = None) -> dict[str, Any]:  # fmt: skip
    """``extract_page`` for the bytes of a file or a response (gzip unpacked first)."""
    if gzipped or data[:2] == b"\x1f\x8b":
        data = gunzip(data)
    if len(data) > MAX_HTML_BYTES:
        raise SkipFile(f"too large ({len(data):,} bytes; the limit is {MAX_HTML_BYTES:,})")
    return extract_page(decode_html(data, charset), url=url)
