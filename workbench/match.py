"""Never check a claim twice: clusters of claims that state the same thing, matches
against claims checked before, and the measurements of both.

Both work from the store's FTS5 indexes (never all pairs): the rarest words of a
claim find its candidates by BM25, ``similarity`` (rapidfuzz over the stems, and
an IDF-weighted overlap) scores them, and clusters are joined by union-find above
the ``cluster_threshold`` setting.

The evaluation reads the CLEF CheckThat! 2020 Task 2 formats: a pool of
verified claims (TSV with a header: id, vclaim, title; read with a real CSV
reader, since fields hold quoted newlines), queries (TSV: id, text) and TREC
qrels (`query_id 0 vclaim_id 1`).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import math
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from workbench.datafiles import DataError, read_text
from workbench.models import Label, iso, utcnow
from workbench.store.memory import (
    COMMON,
    ClaimMemory,
    DocFreq,
    Hit,
    Stemmer,
    or_query,
    pick_words,
    terms,
)
from workbench.store.store import Match, Store

#: Candidates read from the index for each claim.
CANDIDATES = 10
#: Words of a claim used to find cluster candidates: near-duplicates share their rare words.
CLUSTER_WORDS = 4
#: Words in more than this share of the claims do not find cluster candidates: two
#: reports of one statement share rarer words than that, and ranking the long posting
#: lists of common words is what would make clustering slow.
CLUSTER_COMMON = 0.01
#: Matches stored per claim.
KEEP = 3


@dataclass(frozen=True)
class Profile:
    """What ``similarity`` needs of one statement, computed once per statement."""

    joined: str
    words: dict[str, float]
    pairs: dict[tuple[str, str], float]
    words_total: float
    pairs_total: float


def profile(stems: Sequence[str], idf: Callable[[str], float]) -> Profile:
    words = {w: idf(w) for w in stems}
    pairs = {p: words[p[0]] + words[p[1]] for p in itertools.pairwise(stems)}
    return Profile(" ".join(stems), words, pairs, sum(words.values()), sum(pairs.values()))


def alike(a: Profile, b: Profile) -> float:
    """``similarity`` of two profiles."""
    if not a.words or not b.words:
        return 0.0
    small, big = (a, b) if len(a.words) <= len(b.words) else (b, a)
    shared = sum(w for s, w in small.words.items() if s in big.words)
    dice = 2 * shared / (a.words_total + b.words_total)
    total = a.pairs_total + b.pairs_total
    small_p, big_p = (a.pairs, b.pairs) if len(a.pairs) <= len(b.pairs) else (b.pairs, a.pairs)
    phrases = 2 * sum(w for p, w in small_p.items() if p in big_p) / total if total else dice
    order = fuzz.token_sort_ratio(a.joined, b.joined) / 100
    return round(0.25 * dice + 0.5 * phrases + 0.25 * order, 4)


def similarity(a: Sequence[str], b: Sequence[str], idf: Callable[[str], float]) -> float:
    """How alike two statements are, 0-1, from their stems in order.

    A quarter: the overlap of the two stem sets weighted by inverse document
    frequency (sharing "indivisibility" says more than sharing "Russia"). Half: the
    same for adjacent pairs of stems ("offensive alliance", "possible use"): reports
    of one statement share its phrases, reports on one topic share only its words.
    A quarter: rapidfuzz's ``token_sort_ratio`` over the stems (translations reorder).
    On the seed articles this puts the translations of one Peskov quotation at 0.61
    and above and every pair merely on the same topic at 0.50 and below.
    """
    return alike(profile(a, idf), profile(b, idf))


#: The similarity's share of the ranking of checked claims; BM25 (relative to the best
#: hit) has the rest. Similarity alone ranks tweets against fact-checks worse than BM25
#: (CheckThat! 2020 dev MAP@5 0.759 against 0.826); 0.3 of it keeps BM25's ranking and
#: orders near-ties by how alike the statements are (train 0.864 -> 0.867).
SIMILARITY_WEIGHT = 0.3


def rank(query: Sequence[str], hits: Sequence[Hit], index: Index) -> list[tuple[Hit, float]]:
    """(hit, similarity) best first, by BM25 mixed with similarity."""
    if not hits:
        return []
    top = max(h.bm25 for h in hits) or 1.0
    stems = [index.stems(f"{h.text} {h.title}") for h in hits]
    index.prefetch([s for st in stems for s in st] + list(query))
    scored = [(h, similarity(query, st, index.idf)) for h, st in zip(hits, stems, strict=True)]
    return sorted(scored, key=lambda p: -((1 - SIMILARITY_WEIGHT) * p[0].bm25 / top
                                          + SIMILARITY_WEIGHT * p[1]))  # fmt: skip


def coverage(claim: Sequence[str], checked: Sequence[str], idf: Callable[[str], float]) -> float:
    """How much of ``checked`` (IDF-weighted stems) ``claim`` contains, 0-1."""
    theirs = set(checked)
    total = sum(idf(w) for w in theirs)
    return sum(idf(w) for w in theirs & set(claim)) / total if total else 0.0


class Index:
    """Stems and document frequencies of one FTS5 index, with caches for a batch."""

    def __init__(self, store: Store | ClaimMemory, vocab: str, table: str) -> None:
        self.conn = store.db.conn
        self.vocab = vocab
        self.table = table
        self.stemmer = Stemmer(self.conn)
        self.total = max(1, self.conn.execute(f"SELECT coalesce(max(num), 0) FROM {table}")
                         .fetchone()[0])  # fmt: skip
        self._df: dict[str, int] = {}
        self._idf: dict[str, float] = {}
        self.loaded = False
        # The memory keeps its document frequencies in a table (FTS5's are slow to ask).
        self.docfreq = DocFreq(self.conn, self.stemmer) if table == "memory" else None
        if self.docfreq is not None:
            self.docfreq.refresh()

    def stems(self, text: str) -> list[str]:
        return self.stemmer.stems(terms(text))

    def df(self, stem: str) -> int:
        if stem not in self._df:
            if self.loaded:
                return 0
            if self.docfreq is not None:
                self._df[stem] = self.docfreq.lookup([stem]).get(stem, 0)
            else:
                row = self.conn.execute(f"SELECT doc FROM {self.vocab} WHERE term = ?", [stem])
                found = row.fetchone()
                self._df[stem] = found[0] if found else 0
        return self._df[stem]

    def prefetch(self, stems: Iterable[str]) -> None:
        """Document frequencies of many stems in one lookup."""
        todo = [s for s in set(stems) if s not in self._df]
        if todo and self.docfreq is not None and not self.loaded:
            found = self.docfreq.lookup(todo)
            for stem in todo:
                self._df[stem] = found.get(stem, 0)

    def idf(self, stem: str) -> float:
        value = self._idf.get(stem)
        if value is None:
            value = self._idf[stem] = math.log(1 + self.total / (1 + self.df(stem)))
        return value

    def load_df(self) -> None:
        """Read every document frequency at once (for a batch over many claims)."""
        self._df.update(self.conn.execute(f"SELECT term, doc FROM {self.vocab}"))
        self.loaded = True

    def query(self, text: str, limit: int, common: float = COMMON) -> str | None:
        """The FTS query of the rarest words of ``text`` (see ``pick_words``)."""
        words = terms(text)
        return self.query_words(words, self.stemmer.stems(words), limit, common)

    def query_words(self, words: Sequence[str], stems: Sequence[str], limit: int,
                    common: float = COMMON) -> str | None:  # fmt: skip
        self.prefetch(stems)
        keep = pick_words(words, stems, self.df, self.total, limit, common)
        return or_query(keep) if keep else None


def _tsv(path: Path, columns: int) -> list[list[str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from None
    if len(rows) < 2:
        raise DataError(f"{path}: no rows after the header")
    body = rows[1:]
    for i, row in enumerate(body, 2):
        if len(row) < columns:
            raise DataError(f"{path}:{i}: expected {columns} tab-separated fields")
    return body


def read_pool(path: Path) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2] if len(r) > 2 else "") for r in _tsv(path, 2)]


def read_queries(path: Path) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in _tsv(path, 2)]


def read_qrels(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = {}
    lines = read_text(path).splitlines()
    for i, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise DataError(f"{path}:{i}: expected 'query_id 0 vclaim_id relevance'")
        if parts[3] != "0":
            gold.setdefault(parts[0], set()).add(parts[2])
    return gold


@dataclass(frozen=True)
class RetrievalMetrics:
    map_at_1: float
    map_at_5: float
    mrr: float
    recall_at_5: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return {"map_at_1": self.map_at_1, "map_at_5": self.map_at_5, "mrr": self.mrr,
                "recall_at_5": self.recall_at_5, "n": self.n}  # fmt: skip


def _ap_at(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for rank, key in enumerate(ranked[:k], 1):
        if key in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), k) if relevant else 0.0


def retrieval_metrics(runs: dict[str, list[str]], gold: dict[str, set[str]]) -> RetrievalMetrics:
    """MAP@1, MAP@5, MRR and Recall@5 over the queries that have gold answers."""
    queries = [q for q in gold if gold[q]]
    if not queries:
        return RetrievalMetrics(0.0, 0.0, 0.0, 0.0, 0)
    ap1 = ap5 = rr = rec = 0.0
    for q in queries:
        ranked, relevant = runs.get(q, []), gold[q]
        ap1 += _ap_at(ranked, relevant, 1)
        ap5 += _ap_at(ranked, relevant, 5)
        rr += next((1 / r for r, key in enumerate(ranked, 1) if key in relevant), 0.0)
        rec += len(set(ranked[:5]) & relevant) / len(relevant)
    n = len(queries)
    return RetrievalMetrics(ap1 / n, ap5 / n, rr / n, rec / n, n)


def evaluate_matching(pool: Path, queries: Path, qrels: Path, depth: int = 5
                      ) -> RetrievalMetrics:  # fmt: skip
    """Rank the pool for every query as ``Matcher.find`` ranks the memory, and score it."""
    memory = ClaimMemory()
    memory.add(read_pool(pool))
    index = Index(memory, "memory_vocab", "memory")
    index.load_df()
    gold = read_qrels(qrels)
    runs = {}
    for qid, text in read_queries(queries):
        hits = memory.search(text, CANDIDATES * 2)
        runs[qid] = [hit.key for hit, _ in rank(index.stems(text), hits, index)][:depth]
    return retrieval_metrics(runs, gold)


# -- clusters ------------------------------------------------------------------------------


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


def cluster(store: Store, threshold: float, nums: Sequence[int] | None = None,
            processes: int = 1) -> ClusterReport:  # fmt: skip
    """Group the claims that state the same thing; ``nums`` limits the claims looked
    at (the new ones after an ingest), which still join older clusters.

    Each claim's rarest words find up to ``CANDIDATES`` others by BM25 in
    ``claims_match``; pairs scoring at least ``threshold`` are joined by union-find;
    each cluster is named by the id of its oldest claim. With ``processes`` > 1 (and a
    database file), forked workers search for the pairs, each with its own connection.
    """
    conn = store.conn
    if nums is None:
        todo = conn.execute("SELECT num, normalized FROM claims ORDER BY num").fetchall()
    else:
        todo = []
        for i in range(0, len(nums), 500):
            part = list(nums[i : i + 500])
            todo += conn.execute(
                f"SELECT num, normalized FROM claims WHERE num IN ({','.join('?' * len(part))})",
                part,
            ).fetchall()
    path = store.path
    if processes > 1 and path != ":memory:" and len(todo) >= 1000:
        size = -(-len(todo) // (processes * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            parts = pool.starmap(_edges_in, [(path, chunk, threshold) for chunk in chunks])
        edges = [e for part in parts for e in part]
    else:
        edges = _edges(store, todo, threshold)
    uf = _UnionFind()
    for a, b in edges:
        uf.union(a, b)
    report = ClusterReport(claims=len(todo))
    groups: dict[int, list[int]] = {}
    for num in uf.nodes:
        groups.setdefault(uf.find(num), []).append(num)
    with store.db.atomic():
        for members in groups.values():
            _name_cluster(conn, members)
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
    conn = store.conn
    index = Index(store, "claims_match_vocab", "claims")
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
        found = conn.execute(
            "SELECT c.num, c.normalized FROM claims_match JOIN claims c ON c.num = "
            "claims_match.rowid WHERE claims_match MATCH ? ORDER BY rank LIMIT ?",
            [query, CANDIDATES + 1],
        ).fetchall()
        for other, other_text in found:
            if other == num:
                continue
            theirs = profiles.get(other)
            if theirs is None:
                theirs = profiles[other] = profile(index.stems(other_text), index.idf)
            if alike(mine, theirs) >= threshold:
                edges.append((num, other))
    return edges


def _name_cluster(conn: Any, members: list[int]) -> None:
    """Give the members (and every claim of the clusters they were in) one id: the
    oldest existing cluster id among them, or the id of their oldest claim."""
    marks = ",".join("?" * len(members))
    old = [r[0] for r in conn.execute(
        f"SELECT DISTINCT cluster_id FROM claims WHERE num IN ({marks}) "
        "AND cluster_id IS NOT NULL", members)]  # fmt: skip
    if old:
        first = conn.execute(
            f"SELECT cluster_id FROM claims WHERE cluster_id IN ({','.join('?' * len(old))}) "
            "ORDER BY num LIMIT 1", old,
        ).fetchone()[0]  # fmt: skip
    else:
        first = conn.execute(f"SELECT id FROM claims WHERE num IN ({marks}) ORDER BY num LIMIT 1",
                             members).fetchone()[0]  # fmt: skip
    conn.execute(f"UPDATE claims SET cluster_id = ? WHERE num IN ({marks})", [first, *members])
    for other in old:
        if other != first:
            conn.execute("UPDATE claims SET cluster_id = ? WHERE cluster_id = ?", [first, other])


def clusters(store: Store, min_size: int = 2, limit: int | None = None
             ) -> Iterator[tuple[str, list[dict[str, Any]]]]:  # fmt: skip
    """(cluster id, members) for clusters of at least ``min_size``, largest first."""
    sql = ("SELECT cluster_id, count(*) AS n FROM claims WHERE cluster_id IS NOT NULL "
           "GROUP BY cluster_id HAVING n >= ? ORDER BY n DESC, min(num)")  # fmt: skip
    params: list[Any] = [min_size]
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    for cluster_id, _ in store.conn.execute(sql, params).fetchall():
        rows = store.conn.execute(
            "SELECT c.id, c.normalized, c.speaker, d.title, d.source_path FROM claims c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.cluster_id = ? ORDER BY c.num",
            [cluster_id],
        )
        names = ("id", "text", "speaker", "title", "source_path")
        yield cluster_id, [dict(zip(names, r, strict=True)) for r in rows]


# -- the memory of checked claims ----------------------------------------------------------


class Matcher:
    """Finds what a text restates among the claims checked before (the store's memory)."""

    def __init__(self, store: Store, threshold: float = 0.5) -> None:
        self.store = store
        self.threshold = threshold
        self.index = Index(store, "memory_vocab", "memory")

    def find(self, text: str, limit: int = 5, exclude: Iterable[str] = ()) -> list[Match]:
        """The best matches with a verdict, best first (see ``rank``); each one's score
        is half ``similarity``, half ``coverage`` of the checked claim."""
        query = self.index.query(text, 64)
        if query is None:
            return []
        skip = set(exclude)
        rows = self.store.conn.execute(
            "SELECT m.key, m.text, m.title, -bm25(memory_fts) AS score FROM memory_fts "
            "JOIN memory m ON m.num = memory_fts.rowid WHERE memory_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            [query, CANDIDATES * 2],
        ).fetchall()
        hits = [Hit(key, t, title, score) for key, t, title, score in rows if key not in skip]
        out = []
        mine = self.index.stems(text)
        for hit, alike in rank(mine, hits, self.index):
            # A fact-check is often the core of a longer news sentence ("X is banned by
            # 100 countries" in "X is banned by 100 countries, including ..."): how much
            # of it the claim covers counts as much as how alike the two are overall.
            covered = coverage(mine, self.index.stems(hit.text), self.index.idf)
            score = round(0.5 * alike + 0.5 * covered, 4)
            match = self.store.describe_match(hit.key, score)
            if match is not None:
                out.append(match)
            if len(out) == limit:
                break
        return out

    def link(self, claim_id: str) -> int:
        """A claim just got a verdict: store it as a match of the claims that may state
        it again (its rarest words find them in ``claims_match``). Returns how many of
        them have a previous verdict now."""
        row = self.store.conn.execute(
            "SELECT normalized FROM claims WHERE id = ?", [claim_id]).fetchone()  # fmt: skip
        if row is None:
            return 0
        query = Index(self.store, "claims_match_vocab", "claims").query(
            row[0], CLUSTER_WORDS, CLUSTER_COMMON
        )
        if query is None:
            return 0
        others = [r[0] for r in self.store.conn.execute(
            "SELECT c.id FROM claims_match JOIN claims c ON c.num = claims_match.rowid "
            "WHERE claims_match MATCH ? ORDER BY rank LIMIT ?", [query, CANDIDATES + 1],
        ) if r[0] != claim_id]  # fmt: skip
        return self.refresh(others)

    def refresh(self, claim_ids: Iterable[str] | None = None) -> int:
        """Store the best matches of these claims (all when None); returns how many
        claims have at least one. A claim never matches itself or a rejected pair."""
        conn = self.store.conn
        if claim_ids is None:
            rows = conn.execute("SELECT id, normalized, cluster_id FROM claims").fetchall()
        else:
            rows = []
            ids = list(claim_ids)
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                rows += conn.execute(
                    "SELECT id, normalized, cluster_id FROM claims WHERE id IN "
                    f"({','.join('?' * len(part))})", part,
                ).fetchall()  # fmt: skip
        if not rows or not conn.execute("SELECT 1 FROM memory LIMIT 1").fetchone():
            return 0
        found = 0
        for start in range(0, len(rows), 500):
            # Matched outside the transaction, written in a short one per 500 claims: the
            # review's own writes never wait long behind a refresh.
            results = []
            for claim_id, text, cluster_id in rows[start : start + 500]:
                exclude = {f"claim:{claim_id}"} | {
                    f"claim:{o['id']}"
                    for o in (self.store.cluster_members(claim_id) if cluster_id else [])
                }
                exclude |= self.store.rejected(claim_id)
                matches = [m for m in self.find(text, KEEP, exclude) if m.score >= self.threshold]
                results.append((claim_id, matches))
                found += bool(matches)
            with self.store.db.atomic():
                for claim_id, matches in results:
                    conn.execute("DELETE FROM matches WHERE claim_id = ?", [claim_id])
                    conn.executemany(
                        "INSERT INTO matches (claim_id, match_key, score) VALUES (?,?,?)",
                        [(claim_id, m.key, m.score) for m in matches],
                    )
        return found


# -- importing fact-checks -------------------------------------------------------------------

#: Ratings fact-checkers publish, to this project's default scale.
RATINGS = {
    "true": "true", "correct": "true", "accurate": "true", "mostly true": "mostly-true",
    "mostly correct": "mostly-true", "half true": "misleading", "half-true": "misleading",
    "mixture": "misleading", "mixed": "misleading", "misleading": "misleading",
    "missing context": "misleading", "out of context": "misleading",
    "miscaptioned": "misleading", "misattributed": "misleading", "partly false": "misleading",
    "mostly false": "mostly-false", "false": "false", "pants on fire": "false",
    "pants on fire!": "false", "fake": "false", "incorrect": "false", "wrong": "false",
    "fabricated": "false", "unproven": "unverifiable", "unverified": "unverifiable",
    "unverifiable": "unverifiable", "research in progress": "unverifiable",
    "opinion": "opinion", "satire": "not-check-worthy",
}  # fmt: skip


def rating_for(label: str, scale: Sequence[Label]) -> str | None:
    """The scale label a published rating means, or None when it means none of them."""
    names = {s.label for s in scale}
    plain = " ".join(label.lower().replace("_", " ").split())
    if plain.replace(" ", "-") in names:
        return plain.replace(" ", "-")
    mapped = RATINGS.get(plain)
    return mapped if mapped in names else None


@dataclass
class CheckedClaim:
    text: str
    label: str
    url: str | None = None
    author: str | None = None
    reviewed_at: str | None = None


@dataclass
class ImportReport:
    added: int = 0
    known: int = 0
    problems: list[str] = field(default_factory=list)


_TEXT = ("claim", "text", "claim_text", "claimreviewed", "vclaim", "statement")
_LABEL = ("verdict", "label", "rating", "textualrating", "alternatename", "truth_rating")
_URL = ("url", "review_url", "link")
_AUTHOR = ("author", "publisher", "fact_checker", "factchecker", "organization")
_DATE = ("date", "reviewed_at", "datepublished", "review_date")


def _pick(row: dict[str, Any], names: Sequence[str]) -> str | None:
    low = {k.lower().strip(): v for k, v in row.items() if isinstance(k, str)}
    for name in names:
        value = low.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _claimreviews(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _claimreviews(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _claimreviews(data["@graph"])
        kind = data.get("@type")
        if (
            kind == "ClaimReview"
            or (isinstance(kind, list) and "ClaimReview" in kind)
            or "claimReviewed" in data
        ):
            yield data


def _from_claimreview(item: dict[str, Any]) -> CheckedClaim | None:
    rating = item.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    author = item.get("author") or {}
    if isinstance(author, list):
        author = author[0] if author else {}
    label = rating.get("alternateName") or rating.get("name")
    if not item.get("claimReviewed") or not label:
        return None
    return CheckedClaim(
        text=str(item["claimReviewed"]), label=str(label), url=item.get("url"),
        author=author.get("name") if isinstance(author, dict) else str(author),
        reviewed_at=item.get("datePublished"),
    )  # fmt: skip


def read_checked(path: Path) -> tuple[list[CheckedClaim], list[str]]:
    """Fact-checks from CSV, TSV, JSONL (claim text and verdict columns, by common
    names) or ClaimReview JSON-LD; bad rows become one-line problems naming the file
    and the row, and the rest is read."""
    raw = read_text(path)
    suffix = path.suffix.lower()
    found: list[CheckedClaim] = []
    problems: list[str] = []
    if suffix in (".json", ".jsonld"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
        for i, item in enumerate(_claimreviews(data)):
            checked = _from_claimreview(item)
            if checked is None:
                problems.append(f"{path}: ClaimReview {i}: no claimReviewed or reviewRating")
            else:
                found.append(checked)
        if not found and not problems:
            raise DataError(f"{path}: no ClaimReview objects")
        return found, problems
    if suffix == ".jsonl":
        rows: list[tuple[str, Any]] = []
        for i, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append((f"{path}:{i}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{i}: not JSON ({exc.msg})")
    elif suffix in (".csv", ".tsv"):
        csv.field_size_limit(sys.maxsize)
        reader = csv.DictReader(raw.splitlines(), delimiter="\t" if suffix == ".tsv" else ",")
        rows = [(f"{path}:{i}", row) for i, row in enumerate(reader, 2)]
        fields = [f.lower() for f in reader.fieldnames or []]
        if not any(f in fields for f in _TEXT) or not any(f in fields for f in _LABEL):
            raise DataError(
                f"{path}: needs a claim column ({', '.join(_TEXT)}) and a verdict "
                f"column ({', '.join(_LABEL)}); header is {reader.fieldnames}"
            )
    else:
        raise DataError(f"{path}: unknown format (use .csv, .tsv, .jsonl or ClaimReview .json)")
    for where, row in rows:
        if not isinstance(row, dict):
            problems.append(f"{where}: not an object")
            continue
        if "claimReviewed" in row:
            checked = _from_claimreview(row)
            if checked is not None:
                found.append(checked)
                continue
        text, label = _pick(row, _TEXT), _pick(row, _LABEL)
        if not text or not label:
            problems.append(f"{where}: no claim text or no verdict")
            continue
        found.append(CheckedClaim(text, label, _pick(row, _URL), _pick(row, _AUTHOR),
                                  _pick(row, _DATE)))  # fmt: skip
    return found, problems


def import_checked(store: Store, path: Path, scale: Sequence[Label]) -> ImportReport:
    """Add fact-checks from a file to the memory; the same fact-check twice is one."""
    items, problems = read_checked(path)
    report = ImportReport(problems=problems)
    now = iso(utcnow())
    with store.db.atomic():
        for item in items:
            ident = hashlib.sha256(
                "\x1f".join([item.text, item.label, item.url or ""]).encode()
            ).hexdigest()[:16]
            cur = store.conn.execute(
                "INSERT OR IGNORE INTO checked (id, text, label, rating, url, author, "
                "reviewed_at, source, imported_at) VALUES (?,?,?,?,?,?,?,?,?)",
                [ident, item.text, item.label, rating_for(item.label, scale), item.url,
                 item.author, item.reviewed_at, path.name, now],
            )  # fmt: skip
            if cur.rowcount:
                store.conn.execute("INSERT OR IGNORE INTO memory (key, text) VALUES (?, ?)",
                                   [f"checked:{ident}", item.text])  # fmt: skip
                report.added += 1
            else:
                report.known += 1
    return report
