"""Splitting claims among reviewers: deterministic, re-runnable, and never taking a
reviewed claim from the reviewer who reviewed it.

Which claims go to two reviewers is decided by a hash of the claim id, so the same
claims are doubled on every run, whatever order they come in; exactly
``round(overlap * n)`` of the claims are doubled. Each claim then goes to the least
loaded reviewers, ties broken by a rotation that starts at the claim's position, so
queues stay within one claim of each other.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from workbench.models import iso, utcnow
from workbench.store import ClaimFilter, Store


@dataclass
class AssignReport:
    claims: int = 0
    doubled: int = 0
    kept: int = 0
    """Assignments kept because the reviewer has already reviewed the claim."""
    queues: dict[str, int] = field(default_factory=dict)
    """Claims in each reviewer's queue after the run (within the claims assigned)."""

    def lines(self) -> list[str]:
        out = [
            f"assigned {self.claims} claims to {len(self.queues)} reviewers; "
            f"{self.doubled} to two reviewers; {self.kept} reviewed assignments kept"
        ]
        out += [f"  {name:<12} {n}" for name, n in self.queues.items()]
        return out


def _rank(claim_id: str) -> str:
    return hashlib.sha256(f"assign:{claim_id}".encode()).hexdigest()


def plan(claim_ids: list[str], reviewers: list[str], overlap: float,
         reviewed: dict[str, set[str]]) -> dict[str, list[tuple[str, bool]]]:  # fmt: skip
    """claim -> [(reviewer, double)] for ``claim_ids`` (in document order).

    A reviewer of the team who already reviewed a claim keeps it (and counts towards
    its reviewers); the others are chosen by load."""
    doubled_n = round(overlap * len(claim_ids))
    doubled = set(sorted(claim_ids, key=_rank)[:doubled_n])
    load: Counter[str] = Counter({r: 0 for r in reviewers})
    out: dict[str, list[tuple[str, bool]]] = {}
    for i, claim in enumerate(claim_ids):
        want = 2 if claim in doubled and len(reviewers) > 1 else 1
        chosen = [r for r in reviewers if r in reviewed.get(claim, set())]
        rotation = reviewers[i % len(reviewers) :] + reviewers[: i % len(reviewers)]
        for r in sorted((r for r in rotation if r not in chosen), key=lambda r: load[r]):
            if len(chosen) >= want:
                break
            chosen.append(r)
        for r in chosen:
            load[r] += 1
        double = len(chosen) > 1
        out[claim] = [(r, double) for r in sorted(chosen, key=reviewers.index)]
    return out


def assign(store: Store, reviewers: list[str], overlap: float,
           filt: ClaimFilter = ClaimFilter()) -> AssignReport:  # fmt: skip
    """Assign the claims under ``filt`` to ``reviewers`` and store the queues."""
    if not reviewers:
        raise ValueError("no reviewers to assign to")
    if not 0 <= overlap <= 1:
        raise ValueError("overlap must be between 0 and 1")
    ids = store.team.candidates(filt)
    reviewed = store.team.reviewers_of(ids)
    before = store.team.current(ids)
    queues = plan(ids, reviewers, overlap, reviewed)
    # A reviewer outside the team who reviewed an assigned claim keeps that assignment too.
    kept = 0
    for claim, who in queues.items():
        names = {r for r, _ in who}
        for r in before.get(claim, []):
            if r in reviewed.get(claim, set()) and r not in names:
                who.append((r, True))
        kept += sum(1 for r, _ in who if r in reviewed.get(claim, set()))
    store.team.replace(queues, iso(utcnow()))
    counts: Counter[str] = Counter(r for who in queues.values() for r, _ in who)
    return AssignReport(
        claims=len(ids),
        doubled=sum(1 for who in queues.values() if len(who) > 1),
        kept=kept,
        queues={r: counts[r] for r in sorted(counts)},
    )
