"""Paragraphs of a document text, as offsets: what the extraction parses one by one.

Pure text rules, no spaCy: the TUI uses them too, to show a claim's paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as offsets into the document text (which may span soft-wrapped lines)."""

    start: int
    end: int


_SENTENCE_END = re.compile(r"[.!?:;\"”’»)\]]$")
#: The longest paragraph parsed as one: longer ones are cut into pieces of at most this
#: many characters, at a sentence end where there is one. The attribution and quotation
#: rules look back over the paragraph, so time grew with the square of a paragraph's
#: length (a page with no line breaks), and spaCy's memory grows with the length of the
#: paragraphs in a batch (a 200 KB paragraph: 740 MB in 3,000-character pieces, 480 MB
#: in these). News paragraphs are rarely over 1,000 characters.
MAX_PARAGRAPH = 1500
#: The longest document text extracted (in characters, after cleaning): about 1.5 MB of
#: English, over a hundred times a long article. A longer one is skipped with this
#: reason rather than holding up its batch for minutes.
MAX_DOCUMENT = 1_500_000
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’»)\]]*(\s+)")
_SPACE = re.compile(r"(\s+)")


def paragraphs(text: str) -> list[Paragraph]:
    """Split a document into paragraphs, keeping offsets.

    Blank lines always separate paragraphs. A single newline separates them
    too, unless the line before it plainly continues on the next one (it ends
    without sentence punctuation and the next line starts in lower case, or it
    ends with a comma or a hyphen): that is hard-wrapped text.
    """
    out: list[Paragraph] = []
    start: int | None = None
    end = 0
    prev_line = ""
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped:
            if start is not None:
                out.append(Paragraph(start, end))
                start = None
            prev_line = ""
            continue
        lead = len(line) - len(line.lstrip())
        if start is not None and not _continues(prev_line, stripped):
            out.append(Paragraph(start, end))
            start = None
        if start is None:
            start = line_start + lead
        end = line_start + len(line.rstrip())
        prev_line = stripped
    if start is not None:
        out.append(Paragraph(start, end))
    if any(p.end - p.start > MAX_PARAGRAPH for p in out):
        out = [piece for p in out for piece in _pieces(text, p)]
    return out


def _pieces(text: str, para: Paragraph) -> list[Paragraph]:
    """``para`` cut at the last sentence end (else the last space, else anywhere) before
    every ``MAX_PARAGRAPH`` characters, and past half of them, so no piece is tiny."""
    out: list[Paragraph] = []
    start = para.start
    while para.end - start > MAX_PARAGRAPH:
        window = text[start : start + MAX_PARAGRAPH]
        cut = None
        for pattern in (_SENTENCE_BREAK, _SPACE):
            cut = next(reversed(list(pattern.finditer(window, MAX_PARAGRAPH // 2))), None)
            if cut is not None:
                break
        if cut is None:
            out.append(Paragraph(start, start + MAX_PARAGRAPH))
            start += MAX_PARAGRAPH
        else:
            out.append(Paragraph(start, start + cut.start(1)))
            start += cut.end(1)
    out.append(Paragraph(start, para.end))
    return out


def _continues(prev: str, line: str) -> bool:
    if not prev:
        return False
    if prev.endswith((",", "-")) and not prev.endswith(" -"):
        return True
    return not _SENTENCE_END.search(prev) and line[:1].islower()
