"""Transcripts in the extraction: paragraphs inside turns, and whose turn a claim is in.

A transcript's Document carries its turns (``Document.turns``, written by the ingest's
transcript reader). Only the words of a turn are parsed, never the "NAME:" before
it; a moderator's turns and stage directions are set aside like furniture; every
claim in a speaker's turn is that speaker's, with the cue ``transcript``.
"""

from __future__ import annotations

import bisect

from workbench.extract.paragraphs import Paragraph, paragraphs
from workbench.models import Turn

CUE = "transcript"
#: The furniture rule named for a paragraph in a turn that holds no claims, by role.
SET_ASIDE = {"moderator": "moderator", "other": "stage direction"}


def turn_paragraphs(text: str, turns: list[Turn]) -> list[tuple[Paragraph, Turn]]:
    """The paragraphs of each turn's words, in document offsets."""
    out = []
    for turn in turns:
        for para in paragraphs(text[turn.start : turn.end]):
            out.append((Paragraph(turn.start + para.start, turn.start + para.end), turn))
    return out


class TurnIndex:
    """Whose turn an offset is in."""

    def __init__(self, turns: list[Turn]) -> None:
        self.turns = turns
        self._starts = [t.start for t in turns]

    def at(self, offset: int) -> Turn | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.turns[i].end:
            return self.turns[i]
        return None
