"""The paragraphs around a claim, from the paragraph offsets stored with the claims.

Extraction stored each claim's paragraph (``paragraph_start``, ``paragraph_end``);
nothing here splits the document again by the extractor's rules. Between the
stored paragraphs (headings, furniture, paragraphs without claims) the text is cut
the way the stored paragraphs show the document is cut: at blank lines when they
run over several lines (hard-wrapped text), else at every line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Span = tuple[int, int]

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE_BREAK = re.compile(r"\n")


def layout(text: str, stored: Iterable[Span]) -> list[Span]:
    """The whole document as paragraphs, in order: every stored paragraph, and the text
    between them in paragraphs of its own."""
    known = sorted({(s, e) for s, e in stored if 0 <= s < e <= len(text)})
    wrapped = any("\n" in text[s:e] for s, e in known)
    out: list[Span] = []
    pos = 0
    for start, end in known:
        if start < pos:
            continue  # overlaps the paragraph before: keep the first
        out += _cut(text, pos, start, wrapped)
        out.append((start, end))
        pos = end
    out += _cut(text, pos, len(text), wrapped)
    return out


def _cut(text: str, start: int, end: int, wrapped: bool) -> list[Span]:
    """The non-blank pieces of ``text[start:end]``, without surrounding whitespace."""
    spans: list[Span] = []
    pos = start
    for sep in [*(_BLANK_LINE if wrapped else _LINE_BREAK).finditer(text, start, end), None]:
        stop = sep.start() if sep else end
        piece = text[pos:stop]
        if piece.strip():
            spans.append((pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())))
        pos = sep.end() if sep else end
    return spans


def neighbours(text: str, paragraph: Span, others: Iterable[Span]) -> tuple[str, str]:
    """The text of the paragraphs before and after ``paragraph`` ("" at either end)."""
    spans = layout(text, [paragraph, *others])
    try:
        here = spans.index(paragraph)
    except ValueError:  # the paragraph overlaps another claim's: no reliable neighbours
        return "", ""
    before = text[slice(*spans[here - 1])] if here > 0 else ""
    after = text[slice(*spans[here + 1])] if here + 1 < len(spans) else ""
    return before, after
