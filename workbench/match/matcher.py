"""Finds what a claim restates among the claims checked before (the store's memory)."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.match.clusters import CANDIDATES, CLUSTER_COMMON, CLUSTER_WORDS
from workbench.match.similarity import coverage, rank
from workbench.store import Match, Store

#: Matches stored per claim.
KEEP = 3


class Matcher:
    """Finds what a text restates among the claims checked before (the store's memory)."""

    def __init__(self, store: Store, threshold: float = 0.5) -> None:
        self.store = store
        self.threshold = threshold
        self.index = store.memory.vocabulary()

    def rank(self, text: str, limit: int | None = None, exclude: Iterable[str] = ()
             ) -> list[tuple[str, float]]:  # fmt: skip
        """(memory key, score) of the checked claims ``text`` may restate, in ranking
        order (``similarity.rank``): the one ranking behind ``find``, ``workbench
        match``, the TUI and ``workbench evaluate matching``. Each score is half
        ``similarity``, half ``coverage`` of the checked claim."""
        query = self.index.query(text, 64)
        if query is None:
            return []
        skip = set(exclude)
        hits = [h for h in self.store.memory.candidates(query, CANDIDATES * 2)
                if h.key not in skip]  # fmt: skip
        mine = self.index.stems(text)
        out = []
        for hit, alike in rank(mine, hits, self.index):
            # A fact-check is often the core of a longer news sentence ("X is banned by
            # 100 countries" in "X is banned by 100 countries, including ..."): how much
            # of it the claim covers counts as much as how alike the two are overall.
            covered = coverage(mine, self.index.stems(hit.text), self.index.idf)
            out.append((hit.key, round(0.5 * alike + 0.5 * covered, 4)))
        return out[:limit] if limit is not None else out

    def find(self, text: str, limit: int = 5, exclude: Iterable[str] = ()) -> list[Match]:
        """The best matches with a verdict, in ranking order (see ``rank``)."""
        out = []
        for key, score in self.rank(text, None, exclude):
            match = self.store.matches.describe(key, score)
            if match is not None:
                out.append(match)
            if len(out) == limit:
                break
        return out

    def link(self, claim_id: str) -> int:
        """A claim just got a verdict: store it as a match of the claims that may state
        it again (its rarest words find them in ``claims_match``). Returns how many of
        them have a previous verdict now."""
        rows = self.store.clusters.texts_by_id([claim_id])
        if not rows:
            return 0
        query = self.store.clusters.vocabulary().query(rows[0][1], CLUSTER_WORDS, CLUSTER_COMMON)
        if query is None:
            return 0
        found = self.store.clusters.candidates(query, CANDIDATES + 1)
        return self.refresh([other for _, other, _ in found if other != claim_id])

    def refresh(self, claim_ids: Iterable[str] | None = None) -> int:
        """Store the best matches of these claims (all when None); returns how many
        claims have at least one. A claim never matches itself or a rejected pair."""
        rows = self.store.clusters.texts_by_id(None if claim_ids is None else list(claim_ids))
        if not rows or self.store.memory.is_empty():
            return 0
        found = 0
        for start in range(0, len(rows), 500):
            # Matched outside the transaction, written in a short one per 500 claims: the
            # review's own writes never wait long behind a refresh.
            results = []
            for claim_id, text, cluster_id in rows[start : start + 500]:
                exclude = {f"claim:{claim_id}"} | {
                    f"claim:{o.id}"
                    for o in (self.store.matches.cluster_members(claim_id) if cluster_id else [])
                }
                exclude |= self.store.matches.rejected(claim_id)
                matches = [m for m in self.find(text, KEEP, exclude) if m.score >= self.threshold]
                results.append((claim_id, matches))
                found += bool(matches)
            self.store.matches.replace(results)
        return found
