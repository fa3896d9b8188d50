"""Which claims and which verdicts: the filters and the SQL each one becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

Sort = Literal["doc", "score", "newest"]
Status = Literal["all", "unreviewed", "reviewed", "conflicts"]
STATUSES: tuple[Status, ...] = ("all", "unreviewed", "reviewed", "conflicts")
SORTS: tuple[Sort, ...] = ("doc", "score", "newest")

#: A claim was checked before: a live match to something with a verdict, or a reviewed
#: claim in its cluster.
HAS_PREVIOUS = """
    EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id
            AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.claim_id = m.claim_id
                            AND r.match_key = m.match_key))
    OR (c.cluster_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM claims o JOIN verdicts v ON v.claim_id = o.id
            WHERE o.cluster_id = c.cluster_id AND o.id <> c.id))
"""


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: every word must match, as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


@dataclass(frozen=True)
class VerdictFilter:
    """Which verdicts count: by whom, with which labels, given when. Every field narrows."""

    reviewer: str | None = None
    labels: tuple[str, ...] = ()
    since: str | None = None
    """ISO date or time: verdicts given at or after it."""
    until: str | None = None
    """ISO date or time: verdicts given before it."""

    def sql(self, alias: str = "v") -> tuple[str, list[Any]]:
        """The condition on the ``verdicts`` row ``alias``, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.reviewer:
            clauses.append(f"{alias}.reviewer = ?")
            params.append(self.reviewer)
        if self.labels:
            clauses.append(f"{alias}.label IN ({','.join('?' * len(self.labels))})")
            params += list(self.labels)
        if self.since:
            clauses.append(f"{alias}.at >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{alias}.at < ?")
            params.append(self.until)
        return (" AND ".join(clauses) or "1"), params

    def accepts(self, reviewer: str, label: str, at: str) -> bool:
        """The same condition, in Python, for a verdict already read."""
        return (
            (not self.reviewer or reviewer == self.reviewer)
            and (not self.labels or label in self.labels)
            and (not self.since or at >= self.since)
            and (not self.until or at < self.until)
        )


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to show. Every field narrows; the defaults show everything."""

    status: Status = "all"
    """Review state, as seen by ``reviewer`` (or by anyone when it is None)."""
    reviewer: str | None = None
    labels: tuple[str, ...] = ()
    """Only claims that ``reviewer`` (or anyone) gave one of these labels."""
    doc_id: str | None = None
    speaker: str | None = None
    """Claims whose speaker contains this text (any case)."""
    query: str | None = None
    """Full-text search over claim text, stand-alone text and speaker (FTS5)."""
    min_score: float | None = None
    verdict_since: str | None = None
    """Only claims with a verdict (by ``reviewer``, or anyone) given at or after this ISO time."""
    verdict_until: str | None = None
    """... and before this ISO time."""
    assigned_to: str | None = None
    """Only claims in this reviewer's queue (``workbench assign``)."""
    previous: bool = False
    """Only claims that were checked before: a stored match nobody rejected, or another
    claim of the same cluster with a verdict."""
    restated: bool = True
    """Headlines that a body claim restates (``Claim.restated_by``); False leaves them out:
    they are reviewed through that claim."""

    def where(self) -> tuple[str, list[Any]]:
        """The condition on the ``claims`` row ``c``, and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        mine = VerdictFilter(reviewer=self.reviewer)

        def having(filt: VerdictFilter, negate: bool = False) -> None:
            cond, more = filt.sql("v")
            exists = f"EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id AND {cond})"
            clauses.append(("NOT " if negate else "") + exists)
            params.extend(more)

        if self.status == "unreviewed":
            having(mine, negate=True)
        elif self.status == "reviewed":
            having(mine)
        elif self.status == "conflicts":
            cond, more = mine.sql("v")
            clauses.append(
                "EXISTS (SELECT 1 FROM verdicts v JOIN verdicts w ON w.claim_id = v.claim_id "
                f"AND w.label <> v.label WHERE v.claim_id = c.id AND {cond})"
            )
            params += more
        if self.labels:
            having(VerdictFilter(reviewer=self.reviewer, labels=self.labels))
        if self.doc_id:
            clauses.append("c.doc_id = ?")
            params.append(self.doc_id)
        if self.verdict_since or self.verdict_until:
            having(VerdictFilter(self.reviewer, (), self.verdict_since, self.verdict_until))
        if self.speaker:
            # The canonical name too: "Dmitry Peskov" finds "the spokesman" and "he".
            clauses.append(
                "(c.speaker LIKE '%' || ? || '%' ESCAPE '\\' "
                "OR c.speaker_canonical LIKE '%' || ? || '%' ESCAPE '\\')"
            )
            params += [re.sub(r"([%_\\])", r"\\\1", self.speaker)] * 2
        if self.min_score is not None:
            # The unary + keeps SQLite from answering "ORDER BY num LIMIT n" (and the
            # position of a claim) through the score index: that would sort the whole range.
            clauses.append("+c.score >= ?")
            params.append(self.min_score)
        if self.assigned_to:
            clauses.append("EXISTS (SELECT 1 FROM assignments a WHERE a.claim_id = c.id "
                           "AND a.reviewer = ?)")  # fmt: skip
            params.append(self.assigned_to)
        if self.previous:
            clauses.append(f"({HAS_PREVIOUS})")
        if not self.restated:
            clauses.append("c.restated_by IS NULL")
        if self.query:
            match = fts_query(self.query)
            if match is None:
                clauses.append("0")
            else:
                clauses.append("c.num IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(match)
        return (" AND ".join(clauses) or "1"), params
