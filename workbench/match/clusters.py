"""Clusters of claims that state the same thing, across outlets.

A pair joins when its words agree (``similarity`` at least the ``cluster_threshold``
setting), or when its meaning does (the cosine of the sentence vectors at least
``cluster_cosine``) and the speakers may be the same (``same_speaker``).

With sentence vectors, each claim's candidates are the ``CANDIDATES`` claims with the
nearest vectors (a cosine of at least ``NEAR``). Without vectors (``encoder = ""``, or
a claim not encoded yet), its rarest words find its candidates by BM25 in the store's
``claims_match`` index. Never all pairs. Union-find joins the pairs; a cluster is
named by its oldest claim.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.match.similarity import Profile, alike, profile
from workbench.store import Store, VectorIndex
from workbench.store.memory import terms
from workbench.store.vectors import SentenceEncoder

#: Candidates read from the index for each claim.
CANDIDATES = 10
#: Words of a claim used to find cluster candidates: near-duplicates share their rare words.
CLUSTER_WORDS = 4
#: Words in more than this share of the claims do not find cluster candidates: two
#: reports of one statement share rarer words than that, and ranking the long posting
#: lists of common words is what would make clustering slow.
CLUSTER_COMMON = 0.01
#: Vectors less alike than this are never candidates. Every pair of the labelled seed
#: pairs (``tests/fixtures/pairs.py``) that the words join is above it (the lowest,
#: 0.525, shares its words); so nothing the words alone found before is lost.
NEAR = 0.5
#: Words in a speaker's name that say what they are, not who: "Kremlin spokesman" and
#: "Russian Foreign Minister Sergey Lavrov" share no one.
_ROLE_WORDS = frozenset(
    "the a an of spokesman spokeswoman spokesperson minister foreign secretary general "
    "president prime official officials representatives representative ministry deputy "
    "russian british french german american us uk eu chief head state".split()
)


@dataclass
class ClusterReport:
    claims: int = 0
    clusters: int = 0
    joined: int = 0  # claims that are in a cluster with another


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.nodes: set[int] = set()

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        self.nodes.update((a, b))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The older claim (smaller num) names the cluster: ids stay put as claims arrive.
            self.parent[max(ra, rb)] = min(ra, rb)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two claims may come from one speaker: one has none (the outlet reports
    it), or their names share a word that is not a role ("Kremlin spokesman Dmitry
    Peskov" and "Peskov" do; "Amanda Sloat" and "Kremlin" do not). The meaning alone
    cannot tell Sloat announcing the G7's guarantees from Peskov condemning them
    (cosine 0.86); who said it can."""
    if not a or not b:
        return True
    words = [{w for w in terms(name) if w not in _ROLE_WORDS} for name in (a, b)]
    return not words[0] or not words[1] or bool(words[0] & words[1])


def joins(cos: float | None, similar: float, speakers_match: bool, threshold: float,
          cosine: float) -> bool:  # fmt: skip
    """The rule of the module docstring for one pair."""
    return similar >= threshold or (cos is not None and cos >= cosine and speakers_match)


def cluster(store: Store, threshold: float, nums: Sequence[int] | None = None,
            processes: int = 1, encoder: SentenceEncoder | None = None,
            cosine: float = 1.01) -> ClusterReport:  # fmt: skip
    """Group the claims that state the same thing; ``nums`` limits the claims looked
    at (the new ones after an ingest), which still join older clusters.

    Each claim's rarest words find up to ``CANDIDATES`` others by BM25 in
    ``claims_match``; pairs scoring at least ``threshold`` are joined by union-find;
    each cluster is named by the id of its oldest claim. With ``processes`` > 1 (and a
    database file), forked workers search for the pairs, each with its own connection.
    """
    if nums is None:
        todo = store.clusters.texts()
        upto = todo[-1][0] if todo else None
    else:
        # The claims asked for, and any that an earlier run committed but never clustered.
        wanted = sorted(set(nums) | set(store.clusters.unclustered()))
        todo = store.clusters.texts(wanted)
        upto = max(wanted) if wanted else None
    if encoder is not None:
        index = store.vectors.index("claims", encoder.model_id, encoder.dimension)
        edges, todo = _dense_edges(store, index, todo, (threshold, cosine), nums is None)
    else:
        edges = []
    path = store.path
    if not todo:
        pass
    elif processes > 1 and path != ":memory:" and len(todo) >= 1000:
        size = -(-len(todo) // (processes * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.starmap(_edges_in, [(path, chunk, threshold) for chunk in chunks])
        edges += [e for part in parts for e in part]
    else:
        edges += _edges(store, todo, threshold)
    uf = _UnionFind()
    for a, b in edges:
        uf.union(a, b)
    report = ClusterReport(claims=len(todo))
    groups: dict[int, list[int]] = {}
    for num in uf.nodes:
        groups.setdefault(uf.find(num), []).append(num)
    store.clusters.save(groups.values(), upto)
    report.clusters = len(groups)
    report.joined = sum(len(m) for m in groups.values())
    return report


def _edges_in(path: str, todo: list[tuple[int, str]], threshold: float
              ) -> list[tuple[int, int]]:  # fmt: skip
    store = Store.open(path, migrate=False)
    try:
        return _edges(store, todo, threshold)
    finally:
        store.close()


def _edges(store: Store, todo: Sequence[tuple[int, str]], threshold: float
           ) -> list[tuple[int, int]]:  # fmt: skip
    """The pairs (claim, candidate) at least ``threshold`` alike."""
    index = store.clusters.vocabulary()
    if len(todo) > 2000:
        # Reading the whole vocabulary once beats asking FTS5 word by word (it walks a
        # word's posting list to count it); for a few new claims, asking is cheaper.
        index.load_df()
    # Stem every word of the batch at once: one pass through SQLite, not one per claim.
    index.stemmer.stems(sorted({w for _, text in todo for w in terms(text)}))
    profiles: dict[int, Profile] = {}
    edges = []
    for num, text in todo:
        words = terms(text)
        stems = index.stemmer.stems(words)
        mine = profiles[num] = profile(stems, index.idf)
        query = index.query_words(words, stems, CLUSTER_WORDS, CLUSTER_COMMON)
        if query is None:
            continue
        for other, _, other_text in store.clusters.candidates(query, CANDIDATES + 1):
            if other == num:
                continue
            theirs = profiles.get(other)
            if theirs is None:
                theirs = profiles[other] = profile(index.stems(other_text), index.idf)
            if alike(mine, theirs) >= threshold:
                edges.append((num, other))
    return edges


def _dense_edges(store: Store, index: VectorIndex, todo: Sequence[tuple[int, str]],
                 thresholds: tuple[float, float], everything: bool
                 ) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:  # fmt: skip
    """The pairs that join among the nearest vectors of the claims in ``todo`` that have
    one; and the claims that have none (left to the words)."""
    nums, vectors = index.rows([num for num, _ in todo])
    has = set(nums.tolist())
    rest = [(num, text) for num, text in todo if num not in has]
    pairs = index.near_pairs(nums, vectors, NEAR, CANDIDATES, older_only=everything)
    if not pairs:
        return [], rest
    threshold, cosine = thresholds
    speakers = dict(store.clusters.speakers(sorted({n for p in pairs for n in p[:2]})))
    edges = []
    undecided = []
    for a, b, cos in pairs:
        speakers_match = same_speaker(speakers.get(a), speakers.get(b))
        # The rule is monotone in the words' similarity (at least 0): a pair it joins
        # with none joins whatever its words; only the others need their words compared.
        if joins(cos, 0.0, speakers_match, threshold, cosine):
            edges.append((a, b))
        else:
            undecided.append((a, b, cos, speakers_match))
    if not undecided:
        return edges, rest
    wanted = sorted({n for p in undecided for n in p[:2]})
    texts = dict(store.clusters.texts(wanted))
    vocabulary = store.clusters.vocabulary()
    if len(texts) > 2000:
        vocabulary.load_df()  # as in _edges: one read beats asking word by word
    vocabulary.stemmer.stems(sorted({w for t in texts.values() for w in terms(t)}))
    profiles = {n: profile(vocabulary.stems(t), vocabulary.idf) for n, t in texts.items()}
    for a, b, cos, speakers_match in undecided:
        if joins(cos, alike(profiles[a], profiles[b]), speakers_match, threshold, cosine):
            edges.append((a, b))
    return edges, rest
