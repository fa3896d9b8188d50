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
    return out


def _continues(prev: str, line: str) -> bool:
    if not prev:
        return False
    if prev.endswith((",", "-")) and not prev.endswith(" -"):
        return True
    return not _SENTENCE_END.search(prev) and line[:1].islower()
