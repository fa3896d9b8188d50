"""What a claim seems to restate: stored matches, cluster mates with verdicts, and
the pairs reviewers rejected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from workbench.store.database import SQLite


class MatchOrigin(Enum):
    """Where a previous verdict comes from."""

    CHECKED = "checked"
    """An imported fact-check (``workbench import-checked``)."""
    REVIEWED = "reviewed"
    """A claim reviewed in this database, found by matching."""
    CLUSTER = "cluster"
    """A reviewed claim of the same cluster: the same statement in another article."""


@dataclass(frozen=True)
class Match:
    """Something checked before that a claim seems to state again."""

    key: str
    """``checked:<id>`` for an imported fact-check, ``claim:<id>`` for a claim reviewed here."""
    text: str
    score: float
    """0-1, how likely it is the claim restated (``workbench match``'s score: the learned
    ranker's probability; without an encoder, the words-alone score)."""
    label: str | None
    """The verdict as its source gave it ("Pants on Fire", "false")."""
    rating: str | None
    """That verdict on this database's scale, when it maps to one."""
    source: str
    """Where it comes from, for a person: the fact-checker and URL, or document and reviewer."""
    origin: MatchOrigin = MatchOrigin.CHECKED
    fused: float | None = None
    """The pair's fused score alone (``workbench.match.fusion``, no feature relative to
    the claim's other candidates), for one-key apply (``workbench.match.suggest``); None
    for a cluster mate and for a match stored before it was kept."""

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass(frozen=True)
class ClusterMember:
    """Another claim of a claim's cluster, with its verdicts."""

    id: str
    text: str
    speaker: str | None
    title: str | None
    outlet: str | None
    source_path: str | None
    verdicts: str | None
    """``reviewer=label`` pairs, for a person."""
    label: str | None
    """The most given label (the newest among equals), None when unreviewed."""


class Matches:
    """Stored matches and rejections; the previous verdicts a reviewer can apply."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def cluster_members(self, claim_id: str) -> list[ClusterMember]:
        """The other claims of a claim's cluster, in document order."""
        rows = self._db.all(
            "SELECT o.id, o.normalized, o.speaker, d.title, d.outlet, d.source_path, "
            "(SELECT group_concat(v.reviewer || '=' || v.label, ', ') FROM verdicts v "
            " WHERE v.claim_id = o.id), "
            "(SELECT v.label FROM verdicts v WHERE v.claim_id = o.id GROUP BY v.label "
            " ORDER BY count(*) DESC, max(v.at) DESC LIMIT 1) "
            "FROM claims c JOIN claims o ON o.cluster_id = c.cluster_id AND o.id <> c.id "
            "JOIN documents d ON d.id = o.doc_id WHERE c.id = ? AND c.cluster_id IS NOT NULL "
            "ORDER BY o.num",
            [claim_id],
        )
        return [ClusterMember(*r) for r in rows]

    def previous(self, claim_id: str, limit: int = 5) -> list[Match]:
        """What a reviewer can take a verdict from: reviewed claims of the same cluster
        (the same statement, score 1), then the stored matches."""
        mates = [
            Match(f"claim:{m.id}", m.text, 1.0, m.label, m.label,
                  f"same cluster · {m.title or m.source_path} · {m.verdicts}",
                  MatchOrigin.CLUSTER)
            for m in self.cluster_members(claim_id) if m.label
        ]  # fmt: skip
        rejected = self.rejected(claim_id)
        mates = [m for m in mates if m.key not in rejected]
        return (mates + self.matches(claim_id, limit))[:limit]

    def matches(self, claim_id: str, limit: int = 5) -> list[Match]:
        """The stored matches of a claim that nobody rejected and that have a verdict,
        best first."""
        out = []
        rows = self._db.all(
            "SELECT m.match_key, m.score, m.fused FROM matches m WHERE m.claim_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.claim_id = m.claim_id "
            "AND r.match_key = m.match_key) ORDER BY m.score DESC",
            [claim_id],
        )
        for key, score, fused in rows:
            match = self.describe(key, score, fused)
            if match is not None:
                out.append(match)
            if len(out) == limit:
                break
        return out

    def describe(self, key: str, score: float, fused: float | None = None) -> Match | None:
        """What a memory key stands for, with its verdict (None when it has none now)."""
        kind, _, ref = key.partition(":")
        if kind == "checked":
            row = self._db.one(
                "SELECT text, label, rating, url, author, reviewed_at FROM checked WHERE id = ?",
                [ref],
            )
            if row is None:
                return None
            text, label, rating, url, author, when = row
            source = " · ".join(x for x in (author, when, url) if x) or "imported"
            return Match(key, text, score, label, rating, source, MatchOrigin.CHECKED, fused)
        found = self._db.one(
            "SELECT c.normalized, d.title, (SELECT group_concat(v.reviewer || '=' || v.label, "
            "', ') FROM verdicts v WHERE v.claim_id = c.id), (SELECT v.label FROM verdicts v "
            "WHERE v.claim_id = c.id GROUP BY v.label ORDER BY count(*) DESC, max(v.at) DESC "
            "LIMIT 1) FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?",
            [ref],
        )
        if found is None or found[3] is None:
            return None
        text, title, verdicts, label = found
        return Match(key, text, score, label, label, f"{title} · {verdicts}",
                     MatchOrigin.REVIEWED, fused)  # fmt: skip

    def rejected(self, claim_id: str) -> set[str]:
        rows = self._db.all("SELECT match_key FROM rejections WHERE claim_id = ?", [claim_id])
        return {r[0] for r in rows}

    def replace(self, results: Sequence[tuple[str, Sequence[Match]]]) -> None:
        """Store each claim's best matches in place of the ones it had, in one
        short transaction."""
        with self._db.write():
            for claim_id, matches in results:
                self._db.execute("DELETE FROM matches WHERE claim_id = ?", [claim_id])
                self._db.executemany(
                    "INSERT INTO matches (claim_id, match_key, score, fused) VALUES (?,?,?,?)",
                    [(claim_id, m.key, m.score, m.fused) for m in matches],
                )
