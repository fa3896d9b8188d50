"""Why a claim scored as it did: typed reasons, rendered to words only for the Claim.

The extraction works on ``Reason`` values (a speaker resolved across the
article replaces the one the sentence named by changing a field, not by editing
text); ``Claim.reasons`` holds their ``render()``, the strings shown in the TUI
and written to the database and exports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

Sign = Literal["+", "-", ""]


class Kind(StrEnum):
    """Each rule that can raise or lower a score, and the classifier."""

    NUMBER = "number"
    DATE = "date"
    NAMES = "names"
    ATTRIBUTED = "attributed"
    LEGAL_CAUSAL = "legal-causal"
    COMPARISON = "comparison"
    HEDGED = "hedged"
    OPINION = "opinion"
    PREDICTION = "prediction"
    ANNOUNCEMENT = "announcement"
    DEMAND = "demand"
    RHETORIC = "rhetoric"
    CLASSIFIER = "classifier"


#: What each kind does to the score: raises it ("+"), lowers it ("-"), or is the
#: classifier's probability ("").
SIGNS: dict[Kind, Sign] = {
    **dict.fromkeys(Kind, "+"),
    Kind.HEDGED: "-",
    Kind.OPINION: "-",
    Kind.PREDICTION: "-",
    Kind.DEMAND: "-",
    Kind.RHETORIC: "-",
    Kind.CLASSIFIER: "",
}


#: How many names the "names" reason lists.
NAMES_SHOWN = 4


@dataclass(frozen=True)
class Reason:
    """One reason for a score, with its parts as values."""

    kind: Kind
    #: The actors named (NAMES), or the hedges or opinion words found (HEDGED, OPINION).
    words: tuple[str, ...] = ()
    #: Who the claim is attributed to, and the cue ("said", "according to") (ATTRIBUTED).
    speaker: str | None = None
    cue: str | None = None
    #: The description the speaker was resolved from ("the spokesman") (ATTRIBUTED).
    described: str | None = None
    #: The classifier's probability that the sentence is check-worthy (CLASSIFIER).
    probability: float | None = None

    @property
    def sign(self) -> Sign:
        """The sign shown: "+" raised the score, "-" lowered it, "" for the classifier."""
        return SIGNS[self.kind]

    @classmethod
    def attributed(cls, speaker: str, cue: str | None) -> Reason:
        return cls(Kind.ATTRIBUTED, speaker=speaker, cue=cue)

    @classmethod
    def classifier(cls, probability: float) -> Reason:
        return cls(Kind.CLASSIFIER, probability=probability)

    def resolved(self, named: str, speaker: str, described: str | None) -> Reason:
        """This reason with ``named``, as the sentence gave the speaker, replaced by the
        ``speaker`` it was resolved to across the article (``described`` when ``named``
        is a description such as "the spokesman"). Other reasons stay as they are."""
        if self.kind is not Kind.ATTRIBUTED or self.speaker != named:
            return self
        return replace(self, speaker=speaker, described=described)

    def render(self) -> str:
        """The reason in words, as ``Claim.reasons`` stores it."""
        kind = self.kind
        if kind is Kind.CLASSIFIER:
            return f"classifier: {self.probability:.2f} check-worthy"
        if kind is Kind.ATTRIBUTED:
            note = f"{self.described}, " if self.described else ""
            text = f"attributed to {self.speaker} ({note}{self.cue})"
        elif kind is Kind.NAMES:
            text = "names " + ", ".join(self.words[:NAMES_SHOWN])
        elif kind is Kind.HEDGED:
            text = "hedged (" + ", ".join(self.words) + ")"
        elif kind is Kind.OPINION:
            text = "opinion or obligation (" + ", ".join(self.words) + ")"
        else:
            text = _FIXED[kind]
        return f"{self.sign} {text}"


_FIXED = {
    Kind.NUMBER: "states a number or quantity",
    Kind.DATE: "names a date or time",
    Kind.LEGAL_CAUSAL: "legal or causal statement",
    Kind.COMPARISON: "makes a comparison",
    Kind.PREDICTION: "prediction (future tense)",
    Kind.ANNOUNCEMENT: "announcement or schedule (future with a date or announcing verb)",
    Kind.DEMAND: "demand or appeal",
    Kind.RHETORIC: "rhetoric (exclamation or first-person opinion)",
}
