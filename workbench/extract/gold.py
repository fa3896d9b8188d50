"""A user's gold file of speakers, and how the extraction's claims measure up to it.

The gold file is tab-separated with a header: ``file`` (the article's file name;
only the part before the first dot counts, so ``KEY.html.gz`` is ``KEY.txt``
ingested), ``anchor`` (a verbatim piece of the claim's sentence), ``speakers``
(acceptable names separated by ``|``, ``-`` for the outlet's own voice), and
optionally ``kind`` and ``note``. Nothing here reads the database: the caller
hands in documents and their claims.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any

from workbench.datafiles import DataError
from workbench.models import Claim

#: The two halves of a gold file, by article: every other article in file-name order.
HALVES = ("tuning", "reporting")


@dataclass(frozen=True)
class GoldRow:
    file: str
    anchor: str
    #: Acceptable names; empty for the outlet's own voice.
    speakers: tuple[str, ...]
    kind: str = ""
    note: str = ""

    @property
    def article(self) -> str:
        return article_key(self.file)


def article_key(name: str) -> str:
    """``dir/KEY.html.gz`` and ``KEY.txt`` are one article: ``KEY``."""
    return PurePath(name).name.split(".", 1)[0]


def read_gold(path: Path) -> list[GoldRow]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = {"file", "anchor", "speakers"} - set(reader.fieldnames or ())
            if missing:
                raise DataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            rows = []
            for n, rec in enumerate(reader, start=2):
                if not rec["file"] or not rec["anchor"] or not rec["speakers"]:
                    raise DataError(f"{path}:{n}: file, anchor and speakers are required")
                names = rec["speakers"].strip()
                speakers = () if names == "-" else tuple(s.strip() for s in names.split("|"))
                kind, note = (rec.get("kind") or "").strip(), rec.get("note") or ""
                rows.append(GoldRow(rec["file"].strip(), rec["anchor"], speakers, kind, note))
            return rows
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: {exc}") from None


def half_of(rows: Iterable[GoldRow]) -> dict[str, str]:
    """Each article's half: in order of article key, the 1st, 3rd, ... are "tuning",
    the 2nd, 4th, ... "reporting" (fixed before any result was seen)."""
    keys = sorted({r.article for r in rows})
    return {key: HALVES[k % 2] for k, key in enumerate(keys)}


class Outcome(StrEnum):
    RIGHT = "right"
    RIGHTLY_NONE = "rightly none"
    #: Someone is named who did not say it (or the outlet said it): the worst outcome.
    WRONG_PERSON = "wrong person"
    #: Nobody named although someone said it.
    NO_SPEAKER = "no speaker"
    #: No claim holds the anchor.
    NOT_FOUND = "not found"


_WORD = re.compile(r"[\w’'-]+")


def _words(name: str) -> list[str]:
    words = [w.casefold().replace("’", "'") for w in _WORD.findall(name)]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    return [w for w in words if w not in {"the", "a", "an"}]


def speaker_matches(speaker: str, acceptable: Sequence[str]) -> bool:
    """The speaker is one of the acceptable names, or holds one of them and ends as it
    does ("South Dakota Gov. Kristi Noem" is "Kristi Noem"; "Noem's spokesman" is not)."""
    words = _words(speaker)
    for name in acceptable:
        want = _words(name)
        if not want or not words or words[-1] != want[-1]:
            continue
        n = len(want)
        if any(words[i : i + n] == want for i in range(len(words) - n + 1)):
            return True
    return False


@dataclass
class RowResult:
    row: GoldRow
    outcome: Outcome
    claim: Claim | None = None
    #: Problems of the claim's stand-alone text, as the checker reports them.
    standalone: tuple[str, ...] = ()


def _find(text: str, anchor: str) -> int:
    at = text.find(anchor)
    if at < 0:
        # The gold quotes the article's own text; spaces may differ after cleaning.
        flat = re.escape(" ".join(anchor.split())).replace(r"\ ", r"\s+")
        m = re.search(flat, text)
        at = m.start() if m else -1
    return at


def judge(row: GoldRow, text: str, claims: Sequence[Claim]) -> RowResult:
    """How the claim holding ``row.anchor`` in the document ``text`` fares."""
    at = _find(text, row.anchor)
    if at < 0:
        return RowResult(row, Outcome.NOT_FOUND)
    end = at + len(row.anchor)
    overlapping = [c for c in claims if c.start < end and at < c.end]
    if not overlapping:
        return RowResult(row, Outcome.NOT_FOUND)
    claim = max(overlapping, key=lambda c: min(c.end, end) - max(c.start, at))
    names = [n for n in (claim.speaker, claim.speaker_canonical) if n]
    if not row.speakers:
        outcome = Outcome.WRONG_PERSON if names else Outcome.RIGHTLY_NONE
    elif not names:
        outcome = Outcome.NO_SPEAKER
    elif any(speaker_matches(n, row.speakers) for n in names):
        outcome = Outcome.RIGHT
    else:
        outcome = Outcome.WRONG_PERSON
    return RowResult(row, outcome, claim)


@dataclass
class Figures:
    """Counts for a set of gold rows, and the rates the issue's targets are set on."""

    rows: list[RowResult] = field(default_factory=list)

    def count(self, *outcomes: Outcome) -> int:
        return sum(r.outcome in outcomes for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        n = len(self.rows)
        found = n - self.count(Outcome.NOT_FOUND)
        right = self.count(Outcome.RIGHT, Outcome.RIGHTLY_NONE)
        wrong = self.count(Outcome.WRONG_PERSON)
        broken = sum(bool(r.standalone) for r in self.rows if r.claim is not None)
        return {
            "gold": n,
            "found": found,
            "speaker_right": right,
            "wrong_person": wrong,
            "no_speaker": self.count(Outcome.NO_SPEAKER),
            "standalone_broken": broken,
            "found_rate": _rate(found, n),
            "speaker_right_rate": _rate(right, n),
            "wrong_person_rate": _rate(wrong, n),
            "standalone_broken_rate": _rate(broken, found),
        }


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
