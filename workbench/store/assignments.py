"""Assignments (who reviews which claim) and the reads team review needs: the current
verdicts of claims with two or more reviewers, final verdicts, verdict times.

Planning who gets what is ``workbench.review.assign``; this module only stores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.store.database import SQLite
from workbench.store.filters import ClaimFilter


@dataclass(frozen=True)
class TeamVerdict:
    """One current verdict on a claim that two or more reviewers judged."""

    claim_id: str
    doc_id: str
    reviewer: str
    label: str
    at: str


@dataclass(frozen=True)
class Final:
    """The adjudicated final verdict of a claim (from its latest ``final`` event)."""

    claim_id: str
    label: str
    adjudicator: str
    taken_from: str | None
    at: str


@dataclass(frozen=True)
class QueueProgress:
    assigned: int
    reviewed: int

    @property
    def done(self) -> bool:
        return self.assigned > 0 and self.reviewed >= self.assigned


class Assignments:
    """Queues per reviewer, and the team's verdicts as agreement reads them."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    # -- assignments -------------------------------------------------------------------

    def candidates(self, filt: ClaimFilter) -> list[str]:
        """Ids of the claims under ``filt``, in document order."""
        where, params = filt.where()
        return [r[0] for r in self._db.all(f"SELECT c.id FROM claims c WHERE {where} "
                                           "ORDER BY c.num", params)]  # fmt: skip

    def current(self, claim_ids: Sequence[str]) -> dict[str, list[str]]:
        """Who each claim is assigned to now."""
        out: dict[str, list[str]] = {}
        rows = self._db.in_chunks("SELECT claim_id, reviewer FROM assignments "
                                  "WHERE claim_id IN ({marks}) ORDER BY reviewer",
                                  claim_ids)  # fmt: skip
        for claim_id, reviewer in rows:
            out.setdefault(claim_id, []).append(reviewer)
        return out

    def reviewers_of(self, claim_ids: Sequence[str]) -> dict[str, set[str]]:
        """Who has a current verdict on each claim."""
        out: dict[str, set[str]] = {}
        rows = self._db.in_chunks(
            "SELECT claim_id, reviewer FROM verdicts WHERE claim_id IN ({marks})", claim_ids
        )
        for claim_id, reviewer in rows:
            out.setdefault(claim_id, set()).add(reviewer)
        return out

    def replace(self, plan: dict[str, list[tuple[str, bool]]], at: str) -> None:
        """Make ``plan`` (claim -> [(reviewer, double)]) the assignments of its claims, in
        one transaction; claims not in the plan keep theirs."""
        with self._db.write():
            ids = list(plan)
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                self._db.execute(
                    f"DELETE FROM assignments WHERE claim_id IN ({','.join('?' * len(part))})",
                    part,
                )
            self._db.executemany(
                "INSERT INTO assignments (claim_id, reviewer, double, assigned_at) "
                "VALUES (?,?,?,?)",
                [(c, r, int(d), at) for c, who in plan.items() for r, d in who],
            )

    def exist(self) -> bool:
        return self._db.scalar("SELECT 1 FROM assignments LIMIT 1") is not None

    def progress(self, reviewer: str) -> QueueProgress:
        """How many claims are in a reviewer's queue, and how many they have reviewed."""
        row = self._db.one(
            "SELECT count(*), count(v.claim_id) FROM assignments a LEFT JOIN verdicts v "
            "ON v.claim_id = a.claim_id AND v.reviewer = a.reviewer WHERE a.reviewer = ?",
            [reviewer],
        )
        assigned, reviewed = row if row else (0, 0)
        return QueueProgress(int(assigned), int(reviewed))

    def queues(self) -> dict[str, tuple[int, int, int]]:
        """Per reviewer: (claims assigned, of them given to two reviewers, reviewed)."""
        rows = self._db.all(
            "SELECT a.reviewer, count(*), sum(a.double), count(v.claim_id) FROM assignments a "
            "LEFT JOIN verdicts v ON v.claim_id = a.claim_id AND v.reviewer = a.reviewer "
            "GROUP BY a.reviewer ORDER BY a.reviewer"
        )
        return {r: (int(n), int(d or 0), int(done)) for r, n, d, done in rows}

    # -- what agreement and adjudication read ------------------------------------------

    def team_verdicts(self, reviewers: Sequence[str] = (), doc_id: str | None = None,
                      since: str | None = None) -> list[TeamVerdict]:  # fmt: skip
        """Current verdicts of the claims that two or more of the chosen reviewers judged
        (every reviewer when none are named), given at or after ``since``."""
        cond = ["1"]
        params: list[str] = []
        if reviewers:
            cond.append(f"v.reviewer IN ({','.join('?' * len(reviewers))})")
            params += list(reviewers)
        if since:
            cond.append("v.at >= ?")
            params.append(since)
        if doc_id:
            cond.append("c.doc_id = ?")
            params.append(doc_id)
        where = " AND ".join(cond)
        rows = self._db.all(
            f"""WITH chosen AS (SELECT v.claim_id, c.doc_id, c.num, v.reviewer, v.label, v.at
                               FROM verdicts v JOIN claims c ON c.id = v.claim_id
                               WHERE {where})
                SELECT claim_id, doc_id, reviewer, label, at FROM chosen
                WHERE claim_id IN (SELECT claim_id FROM chosen GROUP BY claim_id
                                   HAVING count(*) >= 2)
                ORDER BY num, reviewer""",
            params,
        )
        return [TeamVerdict(*r) for r in rows]

    def finals(self, claim_ids: Sequence[str] | None = None) -> dict[str, Final]:
        """Final verdicts, of the given claims or of all."""
        sql = "SELECT claim_id, label, adjudicator, taken_from, at FROM finals"
        if claim_ids is None:
            rows = self._db.all(sql)
        else:
            rows = self._db.in_chunks(sql + " WHERE claim_id IN ({marks})", claim_ids)
        return {r[0]: Final(*r) for r in rows}

    def verdict_times(self) -> dict[str, list[str]]:
        """When each reviewer gave each verdict (every verdict event, oldest first)."""
        out: dict[str, list[str]] = {}
        for reviewer, at in self._db.all(
            "SELECT reviewer, at FROM events WHERE kind = 'verdict' ORDER BY reviewer, at"
        ):
            out.setdefault(reviewer, []).append(at)
        return out

    def disagreements(self) -> list[str]:
        """Claims whose reviewers gave different verdicts (settled or not), in document
        order."""
        return [r[0] for r in self._db.all(
            "SELECT c.id FROM claims c WHERE c.id IN (SELECT claim_id FROM verdicts "
            "GROUP BY claim_id HAVING count(DISTINCT label) >= 2) ORDER BY c.num"
        )]  # fmt: skip
