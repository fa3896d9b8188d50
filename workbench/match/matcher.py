"""Finds what a claim restates among the claims checked before (the store's memory)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from workbench.match.clusters import CANDIDATES, CLUSTER_COMMON, CLUSTER_WORDS
from workbench.match.embedding import encode_rows
from workbench.match.fusion import WEIGHTS, Features, Floats, Weights, collapse
from workbench.match.ranker import RANKER, Ranker, pair_features
from workbench.match.similarity import alike, coverage, profile
from workbench.store import Hit, Match, Store, VectorIndex
from workbench.store.vectors import SentenceEncoder

#: Matches stored per claim.
KEEP = 3
#: The default of the ``match_threshold`` setting (see its docstring in workbench.config).
MATCH_THRESHOLD = 0.18
#: Candidates found by their vectors, besides the lexical ones (BM25, ``CANDIDATES`` x 2).
DENSE = 20
#: Memory rows without a vector that a Matcher encodes itself when it starts (a verdict
#: just put a claim in the memory); more than that is ``workbench vectors``' work.
CATCH_UP = 1000


_THREAD: ThreadPoolExecutor | None = None
_THREAD_LOCK = threading.Lock()


def _encoding_thread() -> ThreadPoolExecutor:
    global _THREAD
    with _THREAD_LOCK:
        if _THREAD is None:
            _THREAD = ThreadPoolExecutor(1, "query-encoder")
        return _THREAD


@dataclass
class Candidates:
    """What may match one text, each with its features, before scoring."""

    hits: list[Hit] = field(default_factory=list)
    features: list[Features] = field(default_factory=list)
    vectors: dict[int, Floats] = field(default_factory=dict)
    """Each candidate's vector by memory num (for collapsing near-duplicates)."""


class Matcher:
    """Finds what a text restates among the claims checked before (the store's memory).

    With an ``encoder``, candidates come from words (FTS5 BM25) and from meaning (the
    nearest sentence vectors) and their score is the learned ranker's probability
    (``workbench.match.ranker``, over the fused score and its parts among other
    features); without one, words alone, scored by the fused score
    (``workbench.match.fusion``). Either way one score orders, is printed and is
    thresholded.
    """

    def __init__(self, store: Store, threshold: float = MATCH_THRESHOLD,
                 encoder: SentenceEncoder | None = None, weights: Weights = WEIGHTS,
                 ranker: Ranker | None = RANKER) -> None:  # fmt: skip
        self.store = store
        self.threshold = threshold
        self.weights = weights
        self.ranker = ranker
        self.index = store.memory.vocabulary()
        self.encoder = encoder
        self._last = Candidates()
        self.vectors: VectorIndex | None = None
        if encoder is not None:
            self.vectors = self._memory_vectors(encoder)

    def _memory_vectors(self, encoder: SentenceEncoder) -> VectorIndex:
        vectors = self.store.vectors
        index = vectors.index("memory", encoder.model_id, encoder.dimension)
        todo = vectors.missing_after("memory", encoder.model_id, index.upto, CATCH_UP + 1)
        if todo and len(todo) <= CATCH_UP:
            encode_rows(self.store, encoder, "memory", todo)
            index = vectors.index("memory", encoder.model_id, encoder.dimension)
        return index

    def candidates(self, text: str, exclude: Iterable[str] = (),
                   vector: Floats | None = None) -> Candidates:  # fmt: skip
        """The checked claims ``text`` may restate, with their features (unscored)."""
        skip = set(exclude)
        dense = self.vectors is not None and self.encoder is not None and len(self.vectors) > 0
        searching: Future[tuple[Floats, list[tuple[int, float]]]] | None = None
        if dense:
            # Encoded and searched in another thread while SQLite finds the lexical
            # candidates (onnxruntime, numpy and SQLite release the GIL): on two cores a
            # query waits for the slower of the two, not for their sum.
            searching = _encoding_thread().submit(self._nearest, text, vector, DENSE + len(skip))
        query = self.index.query(text, 64)
        hits = [] if query is None else self.store.memory.candidates(query, CANDIDATES * 2)
        found = Candidates()
        cosines: dict[int, float] = {}
        if searching is not None and self.vectors is not None:
            vector, near = searching.result()
            known = {h.num for h in hits}
            hits += self.store.memory.rows([n for n, _ in near if n not in known])
            nums, rows = self.vectors.rows([h.num for h in hits])
            found.vectors = {int(n): rows[i] for i, n in enumerate(nums)}
            cosines = {n: float(v @ vector) for n, v in found.vectors.items()}
        found.hits = [h for h in hits if h.key not in skip]
        if not found.hits:
            return found
        mine = self.index.stems(text)
        # Each text stemmed once (stemming is the dearest step here: ~40 candidates a
        # query); a title's stems follow its text's, as they would in "text title".
        own = [self.index.stems(h.text) for h in found.hits]
        stems = [o + self.index.stems(h.title) if h.title else o
                 for h, o in zip(found.hits, own, strict=True)]  # fmt: skip
        self.index.prefetch([s for st in stems for s in st] + mine)
        me = profile(mine, self.index.idf)
        top = max(h.bm25 for h in found.hits) or 1.0
        for hit, theirs, words in zip(found.hits, stems, own, strict=True):
            # A fact-check is often the core of a longer news sentence ("X is banned by
            # 100 countries" in "X is banned by 100 countries, including ..."): how much
            # of it the claim covers counts beside how alike the two are overall.
            found.features.append(Features(
                cos=cosines.get(hit.num), bm25=hit.bm25 / top,
                alike=alike(me, profile(theirs, self.index.idf)),
                covered=coverage(mine, words, self.index.idf),
            ))  # fmt: skip
        return found

    def _nearest(self, text: str, vector: Floats | None, limit: int
                 ) -> tuple[Floats, list[tuple[int, float]]]:  # fmt: skip
        """``text``'s vector (encoded unless given) and its ``limit`` nearest memory rows."""
        assert self.vectors is not None and self.encoder is not None
        if vector is None:
            vector = self.encoder.encode([text])[0]
        return vector, self.vectors.search(vector, limit)

    def rank(self, text: str, limit: int | None = None, exclude: Iterable[str] = (),
             vector: Floats | None = None) -> list[tuple[str, float]]:  # fmt: skip
        """(memory key, score) of the checked claims ``text`` may restate, best first
        with scores descending: the one ranking behind ``find``, ``workbench match``,
        the TUI and ``workbench evaluate matching``. ``vector`` is the text's own, when
        stored. The score is the learned ranker's probability when every candidate has
        a cosine, else the fused score (``scored``)."""
        return [(hit.key, score) for hit, score, _ in self._ranked(text, exclude, vector)[:limit]]

    def scored(self, text: str, found: Candidates) -> list[tuple[int, float]]:
        """(index, score) of ``found``'s candidates, best first, scores descending.

        One score both orders and is shown: two scores (the ranker's order, the fused
        score printed) listed a match above one with a higher printed score. Rounded to
        4 places, as the fused score is; the order is the unrounded score's (rounding
        keeps it non-increasing), then the fused score's for ties."""
        return [(i, score) for i, score, _ in self._scored(text, found)]

    def _scored(self, text: str, found: Candidates) -> list[tuple[int, float, float]]:
        """``scored`` with each candidate's fused score (rounded alike) as well."""
        fused = [f.score(self.weights) for f in found.features]
        scores = fused
        if self.ranker is not None and found.features and all(
                f.cos is not None for f in found.features):  # fmt: skip
            # Without a cosine for every candidate the ranker's relative features (the
            # rank in the dense list, the gap to the best cosine) do not exist.
            scores = self.ranker.probabilities(pair_features(text, found.hits, found.features))
        order = sorted(range(len(found.hits)), key=lambda i: (-scores[i], -fused[i]))
        return [(i, round(scores[i], 4), round(fused[i], 4)) for i in order]

    def order(self, text: str, found: Candidates) -> list[int]:
        """The indices of ``found``'s candidates, best first (see ``scored``)."""
        return [i for i, _ in self.scored(text, found)]

    def _ranked(self, text: str, exclude: Iterable[str], vector: Floats | None
                ) -> list[tuple[Hit, float, float]]:  # fmt: skip
        """(hit, score, fused score) in ``scored``'s order."""
        found = self.candidates(text, exclude, vector)
        self._last = found
        return [(found.hits[i], score, fused) for i, score, fused in self._scored(text, found)]

    def find(self, text: str, limit: int = 5, exclude: Iterable[str] = (),
             vector: Floats | None = None) -> list[Match]:  # fmt: skip
        """The best matches with a verdict scoring at least the matcher's ``threshold``,
        in ``rank``'s order (scores descending), leaving out near-duplicates of a better
        one (``collapse``)."""
        ranked = self._ranked(text, exclude, vector)
        ranked = [r for r in ranked if r[1] >= self.threshold]
        kept = set(collapse([hit.num for hit, _, _ in ranked], self._last.vectors))
        out = []
        for hit, score, fused in ranked:
            if hit.num not in kept:
                continue
            match = self.store.matches.describe(hit.key, score, fused)
            if match is not None:
                out.append(match)
            if len(out) == limit:
                break
        return out

    def link(self, claim_id: str) -> int:
        """A claim just got a verdict: store it as a match of the claims that may state
        it again (found by its rarest words in ``claims_match`` and, with vectors, by
        its nearest claims). Returns how many of them have a previous verdict now."""
        rows = self.store.clusters.texts_by_id([claim_id])
        if not rows:
            return 0
        _, text, _, num = rows[0]
        others: list[str] = []
        query = self.store.clusters.vocabulary().query(text, CLUSTER_WORDS, CLUSTER_COMMON)
        if query is not None:
            others += [o for _, o, _ in self.store.clusters.candidates(query, CANDIDATES + 1)]
        if self.encoder is not None:
            model, dim = self.encoder.model_id, self.encoder.dimension
            mine = self.store.vectors.get("claims", model, [num], dim).get(num)
            if mine is not None:
                near = self.store.vectors.index("claims", model, dim).search(mine, DENSE + 1)
                others += self.store.clusters.ids_of([n for n, _ in near])
        return self.refresh(sorted({o for o in others if o != claim_id}))

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
            part = rows[start : start + 500]
            mine: dict[int, Floats] = {}
            if (encoder := self.encoder) is not None:
                nums = [r[3] for r in part]
                mine = self.store.vectors.get("claims", encoder.model_id, nums, encoder.dimension)
            results = []
            for claim_id, text, cluster_id, num in part:
                exclude = {f"claim:{claim_id}"} | {
                    f"claim:{o.id}"
                    for o in (self.store.matches.cluster_members(claim_id) if cluster_id else [])
                }
                exclude |= self.store.matches.rejected(claim_id)
                matches = self.find(text, KEEP, exclude, mine.get(num))
                results.append((claim_id, matches))
                found += bool(matches)
            self.store.matches.replace(results)
        return found
