"""Measuring the matcher on the CLEF CheckThat! 2020 Task 2 formats: a pool of
verified claims (TSV with a header: id, vclaim, title; read with a real CSV reader,
since fields hold quoted newlines), queries (TSV: id, text) and TREC qrels
(`query_id 0 vclaim_id 1`)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.datafiles import DataError, read_text
from workbench.match.embedding import EncodeProgress, backfill
from workbench.match.matcher import Matcher
from workbench.store import Store
from workbench.store.vectors import SentenceEncoder


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


def evaluate_matching(pool: Path, queries: Path, qrels: Path, depth: int = 5,
                      encoder: SentenceEncoder | None = None,
                      progress: EncodeProgress | None = None) -> RetrievalMetrics:  # fmt: skip
    """Put the pool in the memory of a throwaway database (encoded, with an
    ``encoder``) and rank it for every query with ``Matcher.rank``: the ranking
    ``workbench match`` and the TUI use."""
    store = Store.in_memory()
    try:
        store.memory.add((f"checked:{key}", text, title) for key, text, title in read_pool(pool))
        if encoder is not None:
            backfill(store, encoder, "memory", progress)
        matcher = Matcher(store, encoder=encoder)
        gold = read_qrels(qrels)
        asked = read_queries(queries)
        vectors = encoder.encode([text for _, text in asked]) if encoder is not None else None
        runs = {}
        for i, (qid, text) in enumerate(asked):
            ranked = matcher.rank(text, depth, vector=None if vectors is None else vectors[i])
            runs[qid] = [key.partition(":")[2] for key, _ in ranked]
        return retrieval_metrics(runs, gold)
    finally:
        store.close()
