"""Fit the matcher's fused weights (``workbench.match.fusion``) on the CheckThat! 2020
Task 2 train split, then report the chosen weights on dev: a grid search for MAP@5
over the weights of cosine, BM25, similarity and coverage (summing to 1, steps of
0.05), then over the near-duplicate threshold.

Candidates and their features come from ``Matcher.candidates``, the same code the
ranking runs; only the weights vary. The fused score is one input of the learned
ranker whose probability orders the candidates and is shown and thresholded
(``benches/fit_ranker.py`` fits it; refit it after changing these weights). The
calibration below takes each query's first match as shipped (``Matcher.scored``: its
best candidate, scores descending). Encoding the 10,375 fact-checks takes a few
minutes; ``--cache DIR`` keeps the vectors (.npy) for the next run.

    .venv/bin/python benches/fit_matching.py [--cache /tmp/wb-vectors]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's workbench

from workbench.config import Settings
from workbench.match.evaluation import read_pool, read_qrels, read_queries, retrieval_metrics
from workbench.match.fusion import DUPLICATE, LEXICAL, WEIGHTS, Weights, collapse
from workbench.match.matcher import MATCH_THRESHOLD, Candidates, Matcher
from workbench.match.suggest import APPLY_FLOOR
from workbench.semantic import default_encoder
from workbench.store import Store, VectorIndex

APPLY_THRESHOLD = Settings().apply_threshold
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clef2020-task2-claim-retrieval"


def encode(texts: list[str], cache: Path | None) -> np.ndarray:
    if cache is None:
        return default_encoder().encode(texts)
    digest = hashlib.sha256("\x1f".join(texts).encode()).hexdigest()[:16]
    path = cache / f"{digest}.npy"
    if path.exists():
        return np.load(path)
    cache.mkdir(parents=True, exist_ok=True)
    vectors = default_encoder().encode(texts)
    np.save(path, vectors)
    return vectors


def collect(matcher: Matcher, split: str, cache: Path | None
            ) -> tuple[dict[str, Candidates], dict[str, set[str]]]:  # fmt: skip
    asked = read_queries(DATA / split / "tweets.queries.tsv")
    vectors = encode([t for _, t in asked], cache)
    found = {qid: matcher.candidates(text, vector=vectors[i])
             for i, (qid, text) in enumerate(asked)}  # fmt: skip
    TEXTS.update(asked)
    return found, read_qrels(DATA / split / "tweet-vclaim-pairs.qrels")


_MATRIX: dict[int, np.ndarray] = {}


def ranked(found: Candidates, weights: Weights, duplicate: float | None) -> list[str]:
    if any(f.cos is None for f in found.features):
        scores = np.array([f.score(weights) for f in found.features])
    else:  # the same sum as Features.score, for every candidate at once (a grid is long)
        matrix = _MATRIX.get(id(found))
        if matrix is None:
            matrix = _MATRIX[id(found)] = np.array(
                [(max(0.0, f.cos or 0.0), f.bm25, f.alike, f.covered) for f in found.features]
            ).reshape(-1, 4)
        w = np.array([weights.dense, weights.bm25, weights.alike, weights.covered])
        scores = np.round(matrix @ w, 4)
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    if duplicate is not None:
        by_num = {found.hits[i].num: i for i in order}
        order = [by_num[n] for n in collapse([found.hits[i].num for i in order],
                                             found.vectors, duplicate)]  # fmt: skip
    return [found.hits[i].key.partition(":")[2] for i in order[:5]]


def map5(found: dict[str, Candidates], gold: dict[str, set[str]], weights: Weights,
         duplicate: float | None) -> float:  # fmt: skip
    runs = {q: ranked(c, weights, duplicate) for q, c in found.items()}
    return retrieval_metrics(runs, gold).map_at_5


def grid(step: float, dense: bool) -> list[Weights]:
    n = round(1 / step)
    out = []
    for a, b, c in itertools.product(range(n + 1), repeat=3):
        if a + b + c <= n and (dense or a == 0):
            out.append(Weights(a * step, b * step, c * step, (n - a - b - c) * step))
    return out


def top_ones(found: dict[str, Candidates], gold: dict[str, set[str]]
             ) -> list[list[tuple[float, float, bool]]]:  # fmt: skip
    """(score, fused score, is it the same claim) of each query's candidates as shipped
    (``Matcher.scored``: best first, the score shown, descending; ``Matcher.find``
    shows the first scoring at least its threshold): the same claim when it is a gold
    fact-check or a copy of one (cosine >= DUPLICATE: Snopes checks one rumour several
    times and the gold names one copy; its verdict is the one a reviewer would
    apply)."""
    out = []
    for qid, cands in found.items():
        if not cands.features or MATCHER is None or INDEX is None:
            continue
        _, golds = INDEX.rows([NUMS[g] for g in gold.get(qid, ()) if g in NUMS])
        ranked = []
        for i, score in MATCHER.scored(TEXTS[qid], cands):
            hit = cands.hits[i]
            same = hit.key.partition(":")[2] in gold.get(qid, ())
            mine = cands.vectors.get(hit.num)
            if not same and mine is not None and len(golds):
                same = float(np.max(golds @ mine)) >= DUPLICATE
            ranked.append((score, cands.features[i].score(WEIGHTS), same))
        out.append(ranked)
    return out


INDEX: VectorIndex | None = None
NUMS: dict[str, int] = {}
MATCHER: Matcher | None = None
TEXTS: dict[str, str] = {}  # each query's text by id


def calibrate(train: dict[str, Candidates], train_gold: dict[str, set[str]],
              dev: dict[str, Candidates], dev_gold: dict[str, set[str]],
              extra: tuple[float, ...] = ()) -> None:  # fmt: skip
    """The thresholds, on train: ``match_threshold``, the lowest from which up at least
    95% of the first matches are right; ``apply_threshold``, the lowest from which up
    every one is; ``APPLY_FLOOR`` (``workbench.match.suggest``), the same on the first
    match's fused score (no relative feature). Then what they give on dev, and what
    the two gates of one-key apply (``applicable``) give together."""
    tops = {"train": top_ones(train, train_gold), "dev": top_ones(dev, dev_gold)}
    shown = MATCH_THRESHOLD

    def firsts(split: str, t: float) -> list[tuple[float, float, bool]]:
        # The first match shown: the first scoring at least t (scores descend, so the
        # best candidate when it scores that much).
        return [m for m in (next((c for c in ranked if c[0] >= t), None)
                            for ranked in tops[split]) if m is not None]  # fmt: skip

    def at(split: str, t: float, floor: float = 0.0) -> tuple[float, int, int]:
        above = [ok for _, fused, ok in firsts(split, t) if fused >= floor]
        return (sum(above) / len(above) if above else 1.0), sum(above), len(above)

    def on_fused(split: str, f: float) -> tuple[float, int, int]:
        # The first match shown (at match_threshold) with a fused score of at least f.
        above = [ok for _, fused, ok in firsts(split, shown) if fused >= f]
        return (sum(above) / len(above) if above else 1.0), sum(above), len(above)

    def lowest(precision: float,
               measure: Callable[[str, float], tuple[float, int, int]] = at) -> float:  # fmt: skip
        return next(t / 100 for t in range(1, 102) if all(
            measure("train", u / 100)[0] >= precision for u in range(t, 102)))  # fmt: skip

    def line(label: str, split_figures: dict[str, tuple[float, int, int]]) -> str:
        return f"  {label}: " + ", ".join(
            f"{split} precision {p:.3f} ({r}/{n} of {len(tops[split])})"
            for split, (p, r, n) in split_figures.items()
        )

    chosen = {"match": lowest(0.95), "apply": lowest(1.0)}
    floor = lowest(1.0, on_fused)
    steps = {0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9, *chosen.values(), *extra}
    for t in sorted(steps):
        print(line(f"first match scoring >= {t:g}", {s: at(s, t) for s in tops}))
    print(f"match threshold (train precision >= 0.95 from there up): {chosen['match']:.2f}")
    print(f"apply threshold (every train first match right from there up): "
          f"{chosen['apply']:.2f}")  # fmt: skip
    for f in sorted({0.5, 0.55, 0.6, 0.65, 0.7, 0.75, floor}):
        print(line(f"first match (>= {shown}) with a fused score >= {f:g}",
                   {s: on_fused(s, f) for s in tops}))  # fmt: skip
    print(f"fused floor (every train first match right from there up): {floor:.2f}")
    wrong = sorted((fused for split in tops for _, fused, ok in firsts(split, shown)
                    if not ok), reverse=True)  # fmt: skip
    print(f"  the highest fused scores of wrong first matches (train and dev): {wrong[:5]}")
    gates = [
        (0.9995, 0.0, "apply_threshold before the floor, alone"),
        (APPLY_THRESHOLD, 0.0, "shipped apply_threshold alone"),
        (chosen["apply"], 0.0, "calibrated apply threshold alone"),
        (APPLY_THRESHOLD, APPLY_FLOOR, "shipped two gates"),
        (chosen["apply"], floor, "calibrated two gates"),
    ]
    gates += [
        (chosen["apply"], f, "calibrated threshold, floor")
        for f in sorted({0.6, 0.65, 0.7, 0.75, APPLY_FLOOR})
    ]
    for t, f, label in gates:
        print(line(f"one-key apply, {label} (probability >= {t:g}, fused >= {f:g})",
                   {s: at(s, t, f) for s in tops}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--step", type=float, default=0.05)
    parser.add_argument(
        "--no-grid",
        dest="grid",
        action="store_false",
        help="only the shipped weights and the calibration",
    )
    parser.add_argument(
        "--at",
        type=float,
        nargs="*",
        default=[],
        help="more thresholds to print the first-match precision at",
    )
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    store = Store.in_memory()
    pool = read_pool(DATA / "verified_claims.docs.tsv")
    store.memory.add((f"checked:{k}", text, title) for k, text, title in pool)
    encoder = default_encoder()
    store.vectors.put("memory", encoder.model_id, list(range(1, len(pool) + 1)),
                      encode([text for _, text, _ in pool], args.cache))  # fmt: skip
    matcher = Matcher(store, encoder=encoder)
    global INDEX, MATCHER
    INDEX, MATCHER = matcher.vectors, matcher
    NUMS.update({k: i for i, (k, _, _) in enumerate(pool, 1)})
    train, train_gold = collect(matcher, "train", args.cache)
    dev, dev_gold = collect(matcher, "dev", args.cache)
    for name, dense in (("fused", True), ("lexical", False)) if args.grid else ():
        scored = sorted(((map5(train, train_gold, w, None), w) for w in grid(args.step, dense)),
                        key=lambda p: -p[0])  # fmt: skip
        print(f"{name}: best on train (no collapsing)")
        for value, w in scored[:5]:
            print(f"  train MAP@5 {value:.4f}  {w}")
        best = scored[0][1]
        for duplicate in (None, 0.9, 0.93, 0.95, 0.97):
            print(
                f"  collapse at {duplicate}: train {map5(train, train_gold, best, duplicate):.4f}"
                f"  dev {map5(dev, dev_gold, best, duplicate):.4f}"
            )
    calibrate(train, train_gold, dev, dev_gold, tuple(args.at))
    for label, w in (("shipped WEIGHTS", WEIGHTS), ("shipped LEXICAL", LEXICAL)):
        on_train, on_dev = map5(train, train_gold, w, None), map5(dev, dev_gold, w, None)
        print(f"{label} {w}: train MAP@5 {on_train:.4f}  dev {on_dev:.4f}")
    for split, found, gold in (("train", train, train_gold), ("dev", dev, dev_gold)):
        runs = {q: [c.hits[i].key.partition(":")[2] for i in matcher.order(TEXTS[q], c)[:5]]
                for q, c in found.items()}  # fmt: skip
        print(
            f"shipped ranking (the learned ranker's probability, Matcher.scored): {split} MAP@5 "
            f"{retrieval_metrics(runs, gold).map_at_5:.4f}"
        )


if __name__ == "__main__":
    main()
