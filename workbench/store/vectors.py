"""Sentence vectors of the claims and of the memory of checked claims, and their search.

Vectors are stored as float16 BLOBs beside the id of the model that made them
(migration ``m007_vectors``); only vectors of one model are ever loaded together.
Searching is numpy over a matrix loaded lazily, once per process and database file,
and brought up to date with the rows added since (a TUI links every verdict with a
new connection: reading a million vectors each time would cost seconds).

Up to ``EXACT_LIMIT`` vectors the search is exact (float32, one matrix product).
Above it a binary code (the sign of each centred component, 48 bytes a vector)
finds ``RESCORE`` candidates by Hamming distance, and only those are scored exactly
from the float16 rows: that keeps a query in a million vectors within tens of
milliseconds and about 0.8 GB of memory.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from workbench.store.database import SQLite

Space = Literal["claims", "memory"]
Floats = npt.NDArray[np.float32]
Nums = npt.NDArray[np.int64]

_TABLE: dict[Space, str] = {"claims": "claim_vectors", "memory": "memory_vectors"}
#: The text each space's vector is made from: a claim's stand-alone text; a checked
#: claim's text (its title is left out: fact-checkers' titles are headlines, and the
#: claim alone ranks better on the CheckThat! train split).
_TEXT: dict[Space, str] = {
    "claims": "SELECT s.num, s.normalized FROM claims s",
    "memory": "SELECT s.num, s.text FROM memory s",
}
#: Exact float32 search up to this many vectors (150 MB); binary prefilter above.
EXACT_LIMIT = 100_000
#: Candidates the binary prefilter passes on to exact scoring, at least.
RESCORE = 200
#: Rows per matrix product when comparing many vectors with the whole index.
QUERY_BLOCK = 1024
INDEX_BLOCK = 50_000
#: Codes compared per block by the binary prefilter: its buffers stay in the CPU cache.
HAMMING_BLOCK = 1 << 15


class SentenceEncoder(Protocol):
    """What the store and the matcher need of a sentence encoder
    (``workbench.semantic.Encoder`` is one): texts in, unit-length rows out."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> Floats: ...


def to_blob(vector: npt.NDArray[np.floating]) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def from_blobs(blobs: Sequence[bytes], dimension: int) -> npt.NDArray[np.float16]:
    if not blobs:
        return np.empty((0, dimension), dtype=np.float16)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), -1).astype(np.float16)


class VectorIndex:
    """The vectors of one space and model, in num order, searchable by cosine."""

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.nums: Nums = np.empty(0, dtype=np.int64)
        self.half = np.empty((0, dimension), dtype=np.float16)
        self.upto = 0
        """The highest num read from the database."""
        self._exact: Floats | None = None
        self._bits: npt.NDArray[np.uint64] | None = None
        self._centre: Floats | None = None
        self.lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.nums)

    def extend(self, nums: Nums, half: npt.NDArray[np.float16]) -> None:
        if len(nums) == 0:
            return
        if len(self.nums) and nums[0] <= self.nums[-1]:  # an older row re-encoded: merge
            keep = ~np.isin(self.nums, nums)
            allnums = np.concatenate([self.nums[keep], nums])
            order = np.argsort(allnums, kind="stable")
            self.nums = allnums[order]
            self.half = np.concatenate([self.half[keep], half])[order]
            self._exact = self._bits = None
        else:
            self.nums = np.concatenate([self.nums, nums])
            self.half = np.concatenate([self.half, half])
            if self._exact is not None:
                self._exact = np.concatenate([self._exact, half.astype(np.float32)])
            if self._bits is not None and self._centre is not None:
                self._bits = np.concatenate([self._bits, _codes(half, self._centre)], axis=1)
        self.upto = max(self.upto, int(nums.max()))

    def _prepare(self) -> None:
        if len(self.nums) <= EXACT_LIMIT:
            if self._exact is None or len(self._exact) != len(self.nums):
                self._exact = self.half.astype(np.float32)
        elif self._bits is None:
            self._exact = None
            # Centred signs carry more than raw signs: some components are mostly positive.
            sample = self.half[:: max(1, len(self.half) // 50_000)].astype(np.float32)
            self._centre = sample.mean(axis=0).astype(np.float32)
            self._bits = _codes(self.half, self._centre)

    def rows(self, nums: Sequence[int] | Nums) -> tuple[Nums, Floats]:
        """The nums found among ``nums`` and their vectors (float32), in that order."""
        want = np.asarray(nums, dtype=np.int64)
        if len(self.nums) == 0 or len(want) == 0:
            return want[:0], np.empty((0, self.dimension), dtype=np.float32)
        at = np.minimum(np.searchsorted(self.nums, want), len(self.nums) - 1)
        found = self.nums[at] == want
        return want[found], self.half[at[found]].astype(np.float32)

    def search(self, query: Floats, limit: int) -> list[tuple[int, float]]:
        """(num, cosine) of the ``limit`` nearest vectors, best first."""
        if len(self.nums) == 0 or limit <= 0:
            return []
        with self.lock:
            self._prepare()
        if self._exact is not None:
            scores = self._exact @ query
            at = _top(scores, limit)
            return [(int(self.nums[i]), float(scores[i])) for i in at]
        assert self._bits is not None and self._centre is not None
        code = _codes(query[None, :].astype(np.float16), self._centre)[:, 0]
        near = nearest_codes(hamming(self._bits, code), max(RESCORE, 4 * limit))
        scores = self.half[near].astype(np.float32) @ query
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(int(self.nums[near[i]]), float(scores[i])) for i in order]

    def near_pairs(self, nums: Nums, vectors: Floats, floor: float, limit: int,
                   older_only: bool = False) -> list[tuple[int, int, float]]:  # fmt: skip
        """(num, other num, cosine) for each of ``nums`` (with its ``vectors``) and its
        at most ``limit`` nearest others in the index with a cosine of at least
        ``floor``, by num then nearest first. With ``older_only`` (every claim is being
        compared with every other), each pair is found once, from its newer claim.

        Exact: matrix products of ``QUERY_BLOCK`` rows against ``INDEX_BLOCK`` rows of
        the index at a time, so memory stays bounded at any size. Each index block is
        made float32 once; with ``older_only`` each query block is multiplied only by
        the rows older than its newest claim (a triangle, not a square)."""
        if len(nums) == 0 or len(self.nums) == 0:
            return []
        with self.lock:
            if len(self.nums) <= EXACT_LIMIT:  # the float32 matrix; binary codes are no use here
                self._prepare()
            exact = self._exact
        top = int(np.searchsorted(self.nums, nums.max(), side="right")) if older_only else (
            len(self.nums))  # fmt: skip
        mine_parts, other_parts, cos_parts = [], [], []
        for at in range(0, top, INDEX_BLOCK):
            stop = min(top, at + INDEX_BLOCK)
            block = (exact[at:stop] if exact is not None and len(exact) == len(self.nums)
                     else self.half[at:stop].astype(np.float32))  # fmt: skip
            block_nums = self.nums[at:stop]
            for start in range(0, len(nums), QUERY_BLOCK):
                mine = nums[start : start + QUERY_BLOCK]
                upto = len(block_nums)
                if older_only:
                    upto = int(np.searchsorted(block_nums, mine.max()))
                    if upto == 0:
                        continue
                scores = vectors[start : start + QUERY_BLOCK] @ block[:upto].T
                r, c = np.nonzero(scores >= floor)
                others = block_nums[c]
                keep = others < mine[r] if older_only else others != mine[r]
                mine_parts.append(mine[r[keep]])
                other_parts.append(others[keep])
                cos_parts.append(scores[r[keep], c[keep]])
        if not mine_parts:
            return []
        a, b = np.concatenate(mine_parts), np.concatenate(other_parts)
        cos = np.concatenate(cos_parts)
        # At most ``limit`` per claim, the nearest (ties: the older other first): a
        # sentence repeated on every page would otherwise make pairs by the million.
        order = np.lexsort((b, -cos, a))
        a, b, cos = a[order], b[order], cos[order]
        first = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
        rank = np.arange(len(a)) - np.repeat(first, np.diff(np.r_[first, len(a)]))
        keep = rank < limit
        return list(zip(a[keep].tolist(), b[keep].tolist(), cos[keep].tolist(), strict=True))


def _codes(half: npt.NDArray[np.float16], centre: Floats) -> npt.NDArray[np.uint64]:
    """The binary codes of ``half``, one row per 64-bit word and one column per vector
    (``(words, n)``): the search reads each word of every code in one contiguous run.
    Converted a block at a time, so a million rows never make a 1.5 GB float32 copy."""
    words = -(-half.shape[1] // 64)
    out = np.empty((words, len(half)), dtype=np.uint64)
    for at in range(0, len(half), INDEX_BLOCK):
        signs = half[at : at + INDEX_BLOCK].astype(np.float32) > centre
        packed = np.packbits(signs, axis=1)
        pad = words * 8 - packed.shape[1]
        if pad:
            packed = np.pad(packed, ((0, 0), (0, pad)))
        out[:, at : at + len(packed)] = np.ascontiguousarray(packed).view(np.uint64).T
    return out


def hamming(bits: npt.NDArray[np.uint64], code: npt.NDArray[np.uint64]
             ) -> npt.NDArray[np.uint16]:  # fmt: skip
    """Bits differing between ``code`` (one vector's words) and every column of ``bits``.

    A block of columns at a time, into buffers reused for every word, so what is read
    stays in the cache: 4x faster than one pass of XOR, count and sum over the whole
    ``(n, words)`` array, which also made three temporary arrays as large as the codes."""
    n = bits.shape[1]
    distance = np.empty(n, dtype=np.uint16)
    xor = np.empty(HAMMING_BLOCK, dtype=np.uint64)
    ones = np.empty(HAMMING_BLOCK, dtype=np.uint8)
    for at in range(0, n, HAMMING_BLOCK):
        end = min(n, at + HAMMING_BLOCK)
        x, c, d = xor[: end - at], ones[: end - at], distance[at:end]
        for word in range(bits.shape[0]):
            np.bitwise_xor(bits[word, at:end], code[word], out=x)
            np.bitwise_count(x, out=c)
            if word == 0:
                d[:] = c
            else:
                d += c
    return distance


def nearest_codes(distance: npt.NDArray[np.uint16], k: int) -> Nums:
    """Indices of at least ``k`` smallest distances: all those up to the distance that
    the ``k``-th smallest has (ties included), found by counting each distance rather
    than by partitioning a million entries. Bounded to ``16 * k`` when ties abound."""
    if k >= len(distance):
        return np.arange(len(distance), dtype=np.int64)
    upto = int(np.searchsorted(np.cumsum(np.bincount(distance)), k))
    near = np.flatnonzero(distance <= upto)
    if len(near) > 16 * k:
        near = np.sort(near[np.argpartition(distance[near], k - 1)[:k]])
    return near.astype(np.int64)


def _top(scores: npt.NDArray[np.floating] | npt.NDArray[np.signedinteger], k: int) -> Nums:
    """Indices of the ``k`` highest scores, highest first (ties in index order)."""
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
        part.sort()
    else:
        part = np.arange(len(scores))
    return part[np.argsort(-scores[part], kind="stable")].astype(np.int64)


# One index per (database file, space, model) in this process; see the module docstring.
_SHARED: dict[tuple[str, Space, str], VectorIndex] = {}
_SHARED_LOCK = threading.Lock()


class Vectors:
    """Stored vectors: which rows lack one, writing them, and the search index."""

    def __init__(self, db: SQLite) -> None:
        self._db = db
        self._local: dict[tuple[Space, str], VectorIndex] = {}

    def missing(self, space: Space, model: str, limit: int | None = None
                ) -> list[tuple[int, str]]:  # fmt: skip
        """(num, text) of rows with no vector of ``model`` (new, edited, or made by
        another model), oldest first."""
        sql = (f"{_TEXT[space]} LEFT JOIN {_TABLE[space]} v ON v.num = s.num "
               "WHERE v.num IS NULL OR v.model <> ? ORDER BY s.num")  # fmt: skip
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(int(n), t) for n, t in self._db.all(sql, [model])]

    def count_missing(self, space: Space, model: str) -> int:
        return int(self._db.scalar(
            f"SELECT count(*) FROM ({_TEXT[space]} LEFT JOIN {_TABLE[space]} v ON v.num = s.num "
            "WHERE v.num IS NULL OR v.model <> ?)", [model]))  # fmt: skip

    def missing_after(self, space: Space, model: str, after: int, limit: int
                      ) -> list[tuple[int, str]]:  # fmt: skip
        """(num, text) of rows above ``after`` with no vector of ``model``: a range read,
        cheap in any database (rows a verdict just put in the memory, say)."""
        return [(int(n), t) for n, t in self._db.all(
            f"{_TEXT[space]} LEFT JOIN {_TABLE[space]} v ON v.num = s.num AND v.model = ? "
            f"WHERE s.num > ? AND v.num IS NULL ORDER BY s.num LIMIT {int(limit)}",
            [model, after])]  # fmt: skip

    def get(self, space: Space, model: str, nums: Sequence[int], dimension: int
            ) -> dict[int, Floats]:  # fmt: skip
        """The stored vectors of ``model`` of these rows (those that have one)."""
        rows = [(n, v) for n, m, v in self._db.in_chunks(
            f"SELECT num, model, vec FROM {_TABLE[space]} WHERE num IN ({{marks}})", list(nums))
            if m == model]  # fmt: skip
        matrix = from_blobs([v for _, v in rows], dimension).astype(np.float32)
        return {int(n): matrix[i] for i, (n, _) in enumerate(rows)}

    def texts(self, space: Space, nums: Sequence[int]) -> list[tuple[int, str]]:
        """(num, text) of these rows, to encode."""
        return [(int(n), t) for n, t in self._db.in_chunks(
            f"{_TEXT[space]} WHERE s.num IN ({{marks}})", list(nums))]  # fmt: skip

    def put(self, space: Space, model: str, nums: Sequence[int], matrix: Floats) -> None:
        """Store one vector per num (replacing another model's), in one transaction."""
        if len(nums) != len(matrix):
            raise ValueError("one vector per num")
        with self._db.write():
            self._db.executemany(
                f"INSERT OR REPLACE INTO {_TABLE[space]} (num, model, vec) VALUES (?, ?, ?)",
                [(int(n), model, to_blob(v)) for n, v in zip(nums, matrix, strict=True)],
            )
        self.refreshed(space, model, nums)

    def index(self, space: Space, model: str, dimension: int) -> VectorIndex:
        """The search index of ``space`` for ``model``, up to date with the database."""
        path = self._db.path
        key = (path, space, model)
        with _SHARED_LOCK:
            if path == ":memory:":
                found = self._local.setdefault((space, model), VectorIndex(dimension))
            else:
                found = _SHARED.setdefault(key, VectorIndex(dimension))
        with found.lock:
            rows = self._db.all(
                f"SELECT num, vec FROM {_TABLE[space]} WHERE num > ? AND model = ? ORDER BY num",
                [found.upto, model],
            )
            if rows:
                nums = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                found.extend(nums, from_blobs([r[1] for r in rows], dimension))
        return found

    def refreshed(self, space: Space, model: str, nums: Sequence[int]) -> None:
        """Rows at or below an index's ``upto`` were encoded again (an edit, a change of
        model): bring this process's index up to date with them."""
        for index in self._indexes(space, model):
            with index.lock:
                old = [n for n in nums if n <= index.upto]
                if not old:
                    continue
                rows = [(n, v) for n, m, v in self._db.in_chunks(
                    f"SELECT num, model, vec FROM {_TABLE[space]} WHERE num IN ({{marks}}) "
                    "ORDER BY num", old) if m == model]  # fmt: skip
                if rows:
                    got = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
                    index.extend(got, from_blobs([r[1] for r in rows], index.dimension))

    def _indexes(self, space: Space, model: str) -> list[VectorIndex]:
        path = self._db.path
        with _SHARED_LOCK:
            found = [self._local.get((space, model)), _SHARED.get((path, space, model))]
        return [i for i in found if i is not None]
