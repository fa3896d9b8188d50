"""Clusters of claims that state the same thing: their candidates, their names, and
how far clustering has got (so claims committed but never clustered are caught up)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from workbench.store.database import SQLite
from workbench.store.memory import Vocabulary


@dataclass(frozen=True)
class ClusteredClaim:
    """A member of a cluster, for listing."""

    id: str
    text: str
    speaker: str | None
    title: str | None
    source_path: str | None


class Clusters:
    """Reads for the clustering in ``workbench.match``, and its writes."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def vocabulary(self) -> Vocabulary:
        """Stems and document frequencies of the claims' ``claims_match`` index."""
        return Vocabulary(self._db, "claims")

    def texts(self, nums: Sequence[int] | None = None) -> list[tuple[int, str]]:
        """(num, stand-alone text) of these claims, or of every claim."""
        if nums is None:
            return self._db.all("SELECT num, normalized FROM claims ORDER BY num")
        return self._db.in_chunks("SELECT num, normalized FROM claims WHERE num IN ({marks})", nums)

    def unclustered(self) -> list[int]:
        """Claims committed after the last clustering finished: an ingest stopped
        between its commits and its clustering, or another writer added them."""
        upto = self._db.scalar("SELECT upto FROM cluster_state") or 0
        return [r[0] for r in self._db.all("SELECT num FROM claims WHERE num > ?", [upto])]

    def candidates(self, query: str, limit: int) -> list[tuple[int, str, str]]:
        """(num, id, stand-alone text) of the claims an FTS query finds, best first."""
        return self._db.all(
            "SELECT c.num, c.id, c.normalized FROM claims_match JOIN claims c ON c.num = "
            "claims_match.rowid WHERE claims_match MATCH ? ORDER BY rank LIMIT ?",
            [query, limit],
        )

    def save(self, groups: Iterable[list[int]], upto: int | None) -> None:
        """Name every group in one transaction and, with ``upto``, record that the
        claims up to that num are clustered."""
        with self._db.write():
            for members in groups:
                self._name(members)
            if upto is not None:
                self._db.execute(
                    "INSERT INTO cluster_state (id, upto) VALUES (1, ?) ON CONFLICT(id) "
                    "DO UPDATE SET upto = max(upto, excluded.upto)",
                    [upto],
                )

    def _name(self, members: list[int]) -> None:
        """Give the members (and every claim of the clusters they were in) one id: the
        oldest existing cluster id among them, or the id of their oldest claim."""
        marks = ",".join("?" * len(members))
        old = [r[0] for r in self._db.all(
            f"SELECT DISTINCT cluster_id FROM claims WHERE num IN ({marks}) "
            "AND cluster_id IS NOT NULL", members)]  # fmt: skip
        if old:
            first = self._db.scalar(
                f"SELECT cluster_id FROM claims WHERE cluster_id IN ({','.join('?' * len(old))}) "
                "ORDER BY num LIMIT 1", old,
            )  # fmt: skip
        else:
            first = self._db.scalar(
                f"SELECT id FROM claims WHERE num IN ({marks}) ORDER BY num LIMIT 1", members
            )
        self._db.execute(f"UPDATE claims SET cluster_id = ? WHERE num IN ({marks})",
                         [first, *members])  # fmt: skip
        for other in old:
            if other != first:
                self._db.execute("UPDATE claims SET cluster_id = ? WHERE cluster_id = ?",
                                 [first, other])  # fmt: skip

    def reset(self) -> None:
        """Forget every cluster (before clustering everything again)."""
        with self._db.write():
            self._db.execute("UPDATE claims SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            self._db.execute("UPDATE cluster_state SET upto = 0")

    def listing(self, min_size: int = 2, limit: int | None = None
                ) -> Iterator[tuple[str, list[ClusteredClaim]]]:  # fmt: skip
        """(cluster id, members) for clusters of at least ``min_size``, largest first."""
        sql = ("SELECT cluster_id, count(*) AS n FROM claims WHERE cluster_id IS NOT NULL "
               "GROUP BY cluster_id HAVING n >= ? ORDER BY n DESC, min(num)")  # fmt: skip
        params: list[object] = [min_size]
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        for cluster_id, _ in self._db.all(sql, params):
            rows = self._db.all(
                "SELECT c.id, c.normalized, coalesce(c.speaker_canonical, c.speaker), d.title, "
                "d.source_path FROM claims c "
                "JOIN documents d ON d.id = c.doc_id WHERE c.cluster_id = ? ORDER BY c.num",
                [cluster_id],
            )
            yield cluster_id, [ClusteredClaim(*r) for r in rows]

    def texts_by_id(self, claim_ids: Sequence[str] | None
                    ) -> list[tuple[str, str, str | None, int]]:  # fmt: skip
        """(id, stand-alone text, cluster id, num) of these claims, or of every claim."""
        if claim_ids is None:
            return self._db.all("SELECT id, normalized, cluster_id, num FROM claims")
        return self._db.in_chunks(
            "SELECT id, normalized, cluster_id, num FROM claims WHERE id IN ({marks})", claim_ids
        )

    def speakers(self, nums: Sequence[int]) -> list[tuple[int, str | None]]:
        """(num, speaker) of these claims."""
        return self._db.in_chunks("SELECT num, speaker FROM claims WHERE num IN ({marks})",
                                  list(nums))  # fmt: skip

    def with_sources(self) -> list[tuple[int, str, str | None]]:
        """(num, stand-alone text, document file) of every claim."""
        return self._db.all("SELECT c.num, c.normalized, d.source_path FROM claims c "
                            "JOIN documents d ON d.id = c.doc_id ORDER BY c.num")  # fmt: skip

    def cluster_ids(self, nums: Sequence[int]) -> list[tuple[int, str | None]]:
        """(num, cluster id) of these claims."""
        return self._db.in_chunks("SELECT num, cluster_id FROM claims WHERE num IN ({marks})",
                                  list(nums))  # fmt: skip

    def ids_of(self, nums: Sequence[int]) -> list[str]:
        """The ids of the claims with these nums."""
        return [r[0] for r in self._db.in_chunks("SELECT id FROM claims WHERE num IN ({marks})",
                                                 list(nums))]  # fmt: skip
