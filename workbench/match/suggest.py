"""How safely a previous verdict can be offered for a claim: with one key, only after a
confirmation ("possible match"), or not at all.

The score is ``workbench match``'s (the learned ranker's probability,
``workbench.match.ranker``). ``apply_threshold`` (a setting) was calibrated on the
CheckThat! train split (``benches/fit_matching.py``: every first match at or above it
right) and raised above every hard negative of the labelled seed pairs
(``tests/fixtures/pairs.py``); the README reports it on dev. Below it a match is only
a possible match. Two rules come before the score:

- a verdict on who said something ("The Kremlin says X": true, he said it) is never
  offered for the statement X itself: it judged the saying, not X;
- a checked claim with a number the claim lacks ("more than 120 countries" against
  "more than 100") may be another claim: it needs a confirmation.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Literal

from workbench.store import Match, MatchOrigin

Judged = Literal["statement", "attribution"]


class Offer(Enum):
    APPLY = "apply"
    """Safe for one key (``a``)."""
    CONFIRM = "confirm"
    """A possible match: applying asks first."""
    NEVER = "never"
    """It judged something else (that someone said it): never applied to this claim."""


# "X says/said/claims ... (that) ...", "X accuses Y of ...", "According to X, ...": a
# report of someone's words, judged as a report. "Announced" is left out: an
# announcement is itself the event checked ("The Pentagon announced a package"). The
# speaker is one to six words before the verb, so "Cluster munitions are banned" is
# not taken for a speaker.
_VERBS = (
    "says|said|say|claims?|claimed|stated?|states|told|tells|warns?|warned|insists?|"
    "insisted|argues?|argued|accuses|accused|alleges?|alleged|denies|denied|asserts?|"
    "asserted|suggests?|suggested|believes?|thinks?|maintains?"
)
_FRAME = re.compile(
    rf"^\W*(?:[\w.'’-]+\s+){{0,5}}[\w.'’-]+\s+(?:{_VERBS})\b(?:\s+that)?\s+\S", re.IGNORECASE
)
_ACCORDING = re.compile(r"^\W*according to\b|,\s*according to\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def judged(text: str) -> Judged:
    """What a verdict on ``text`` judges: the statement, or that someone said it."""
    return "attribution" if _FRAME.search(text) or _ACCORDING.search(text) else "statement"


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def offer(match: Match, claim_text: str, apply_threshold: float) -> Offer:
    """How ``match`` may be offered for a claim whose stand-alone text is ``claim_text``."""
    if judged(match.text) == "attribution" and judged(claim_text) == "statement":
        return Offer.NEVER
    if match.origin is MatchOrigin.CLUSTER:
        return Offer.APPLY  # the same statement in another article (see clusters.py)
    if numbers(match.text) - numbers(claim_text):
        return Offer.CONFIRM
    return Offer.APPLY if match.score >= apply_threshold else Offer.CONFIRM
