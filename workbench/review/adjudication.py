"""Adjudication: the claims whose reviewers disagree, each with every reviewer's
verdict, note and evidence side by side, like the two sides of a merge conflict;
a ruling is a ``final`` event (undone like any change).

Jobs take a store, as in ``workbench.review.session``: the TUI runs them in its
database threads, the CLI runs them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from workbench.models import VerdictEvent
from workbench.store import Final, Store
from workbench.store.undo import effective


@dataclass(frozen=True)
class Side:
    """One reviewer's side of a disagreement."""

    reviewer: str
    label: str
    note: str | None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    """(url, quote) of the reviewer's evidence still in effect."""
    at: str = ""


@dataclass(frozen=True)
class Conflict:
    claim_id: str
    text: str
    speaker: str | None
    title: str
    sides: list[Side]
    final: Final | None

    @property
    def settled(self) -> bool:
        return self.final is not None


def conflict(store: Store, claim_id: str) -> Conflict:
    """One disagreement with every side, read from the claim's live events."""
    claim = store.claims.get_claim(claim_id)
    doc = store.claims.get_document(claim.doc_id)
    live = effective(store.reviews.history(claim_id))
    evidence: dict[str, list[tuple[str, str]]] = {}
    for e in live:
        if e.kind == "evidence":
            evidence.setdefault(e.reviewer, []).append((e.body["url"], e.body.get("quote", "")))
    sides = [Side(v.reviewer, v.label, v.note, evidence.get(v.reviewer, []), v.at.isoformat())
             for v in store.reviews.verdicts(claim_id)]  # fmt: skip
    return Conflict(claim_id, claim.normalized, claim.speaker,
                    doc.title or doc.source_path or "", sides,
                    store.team.finals([claim_id]).get(claim_id))  # fmt: skip


def conflicts(store: Store, unsettled_only: bool = False) -> list[Conflict]:
    """Every disagreement in document order (those without a final verdict only, when
    ``unsettled_only``)."""
    found = [conflict(store, c) for c in store.team.disagreements()]
    return [c for c in found if not (unsettled_only and c.settled)]


def take(claim_id: str, adjudicator: str, reviewer: str) -> Callable[[Store], VerdictEvent]:
    """The job that makes ``reviewer``'s verdict the claim's final verdict."""

    def job(store: Store) -> VerdictEvent:
        side = next((v for v in store.reviews.verdicts(claim_id) if v.reviewer == reviewer),
                    None)  # fmt: skip
        if side is None:
            raise ValueError(f"{reviewer} has no verdict on this claim")
        return store.reviews.set_final(claim_id, adjudicator, side.label, taken_from=reviewer)

    return job


def rule(claim_id: str, adjudicator: str, label: str) -> Callable[[Store], VerdictEvent]:
    """The job that gives the claim a final verdict of the adjudicator's own."""
    return lambda store: store.reviews.set_final(claim_id, adjudicator, label)
