"""Fit the matcher's learned ranking (``workbench.match.ranker``) on the CheckThat! 2020
Task 2 train split: logistic regression over pair features, fitted on candidates (is
this one gold?) or on pairs of candidates (is the gold one above this other one?), each
feature set, objective and L2 penalty measured by 5-fold cross-validation over the
train queries (MAP@5 of the held-out folds), beside the fused score's grid search
cross-validated the same way. The one best on train (ties: the larger penalty) is
refitted on all of train and printed as the ``RANKER`` constant to paste into
``workbench/match/ranker.py``; dev is printed for every row, for the README only.

Candidates and features come from ``Matcher.candidates`` and ``ranker.pair_features``,
the code the ranking runs. ``--cache DIR`` keeps the vectors (see ``fit_matching.py``).

    .venv/bin/python benches/fit_ranker.py --cache /tmp/wb-vectors
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's workbench

from fit_matching import DATA, encode

from workbench.match.evaluation import read_pool, read_qrels, read_queries
from workbench.match.matcher import Matcher
from workbench.match.ranker import NAMES, Ranker, pair_features
from workbench.semantic import default_encoder
from workbench.store import Store

Query = tuple[np.ndarray, np.ndarray, int]  # features by candidate, relevant?, gold count

BASE = ("cos", "bm25", "alike", "covered")
GAPS = ("cos_gap", "alike_gap", "fused", "fused_gap")
RANKS = ("dense_rr", "lexical_rr")
OVERLAP = ("numbers", "numbers_missing", "names", "years", "length")
#: Feature sets, each fitted pointwise (is this candidate gold?) or pairwise (is this
#: one above that one?).
SETS: dict[str, tuple[tuple[str, ...], bool]] = {
    "base": (BASE, False),
    "base + gaps": (BASE + GAPS, False),
    "base + ranks": (BASE + RANKS, False),
    "base + rrf": ((*BASE, "rrf"), False),
    "base + overlap": (BASE + OVERLAP, False),
    "base + gaps + ranks": (BASE + GAPS + RANKS, False),
    "all": (NAMES, False),
    "base + gaps + ranks, pairs": (BASE + GAPS + RANKS, True),
    "all, pairs": (NAMES, True),
}


def queries(matcher: Matcher, split: str, cache: Path | None) -> list[Query]:
    asked = read_queries(DATA / split / "tweets.queries.tsv")
    gold = read_qrels(DATA / split / "tweet-vclaim-pairs.qrels")
    vectors = encode([t for _, t in asked], cache)
    out = []
    for i, (qid, text) in enumerate(asked):
        if not gold.get(qid):
            continue
        found = matcher.candidates(text, vector=vectors[i])
        relevant = np.array([h.key.partition(":")[2] in gold[qid] for h in found.hits], float)
        out.append((pair_features(text, found.hits, found.features), relevant, len(gold[qid])))
    return out


def map5(qs: list[Query], scores: list[np.ndarray]) -> np.ndarray:
    """MAP@5 of each column of each query's ``scores`` (candidates x columns)."""
    total = np.zeros(scores[0].shape[1])
    ranks = np.arange(1, 6)[:, None]
    for (_, relevant, n_gold), s in zip(qs, scores, strict=True):
        if not len(relevant):
            continue
        top = np.argsort(-np.round(s, 4), axis=0, kind="stable")[:5]
        hit = relevant[top]
        total += (hit * np.cumsum(hit, axis=0) / ranks[: len(hit)]).sum(axis=0) / min(n_gold, 5)
    return total / len(qs)


def logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (the bias unpenalised)."""
    xb = np.column_stack([x, np.ones(len(x))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


def pairs(qs: list[Query], columns: list[int], mean: np.ndarray, scale: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Each (gold, other) candidate pair of a query as the difference of their standardised
    features, both ways round (labels 1 and 0): a pairwise ranking objective."""
    rows = []
    for m, relevant, _ in qs:
        x = (m[:, columns] - mean) / scale
        for i in np.flatnonzero(relevant):
            rows.append(x[i] - x[relevant == 0])
    diff = np.vstack(rows)
    return np.vstack([diff, -diff]), np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])


def fit(qs: list[Query], names: tuple[str, ...], l2: float, pairwise: bool = False) -> Ranker:
    columns = [NAMES.index(n) for n in names]
    x = np.vstack([m[:, columns] for m, _, _ in qs if len(m)])
    y = np.concatenate([r for _, r, _ in qs])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    if pairwise:  # the bias cancels in a difference: only the order is learned
        coef, bias = logistic(*pairs(qs, columns, mean, scale), l2)[0], 0.0
    else:
        coef, bias = logistic((x - mean) / scale, y, l2)
    return Ranker(names, *(tuple(round(float(v), 6) for v in a) for a in (mean, scale, coef)),
                  round(bias, 6))  # fmt: skip


def scored(ranker: Ranker, qs: list[Query]) -> list[np.ndarray]:
    return [np.array(ranker.scores(m)).reshape(-1, 1) for m, _, _ in qs]


def grid(step: float = 0.05) -> np.ndarray:
    n = round(1 / step)
    rows = [(*c, n - sum(c)) for c in itertools.product(range(n + 1), repeat=3) if sum(c) <= n]
    return np.array(rows, dtype=float).T * step


def folds(n: int, k: int = 5) -> list[np.ndarray]:
    return list(np.array_split(np.random.default_rng(0).permutation(n), k))


def cross_validated(train: list[Query], fit_and_score) -> float:  # type: ignore[no-untyped-def]
    """MAP@5 over all train queries, each scored by a model fitted without its fold."""
    scores: list[np.ndarray | None] = [None] * len(train)
    for held in folds(len(train)):
        inside = [train[i] for i in range(len(train)) if i not in set(held)]
        for i, s in zip(held, fit_and_score(inside, [train[i] for i in held]), strict=True):
            scores[i] = s
    return float(map5(train, [s for s in scores if s is not None])[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--l2", type=float, nargs="+", default=[0.1, 0.3, 1.0, 10.0, 100.0])
    args = parser.parse_args()
    pool = read_pool(DATA / "verified_claims.docs.tsv")
    store = Store.in_memory()
    store.memory.add((f"checked:{k}", t, ti) for k, t, ti in pool)
    encoder = default_encoder()
    store.vectors.put("memory", encoder.model_id, list(range(1, len(pool) + 1)),
                      encode([t for _, t, _ in pool], args.cache))  # fmt: skip
    matcher = Matcher(store, encoder=encoder)
    train, dev = queries(matcher, "train", args.cache), queries(matcher, "dev", args.cache)
    found = np.mean([r.any() for _, r, _ in train])
    print(f"train {len(train)} queries (gold among the candidates: {found:.3f}), dev {len(dev)}")

    weights = grid()

    def grid_fit(inside: list[Query], held: list[Query]) -> list[np.ndarray]:
        best = int(np.argmax(map5(inside, [m[:, :4] @ weights for m, _, _ in inside])))
        return [m[:, :4] @ weights[:, best : best + 1] for m, _, _ in held]

    print(f"fused grid (4 weights): train CV {cross_validated(train, grid_fit):.4f}  "
          f"dev {map5(dev, grid_fit(train, dev))[0]:.4f}")  # fmt: skip
    results = []
    for (label, (names, pairwise)), l2 in itertools.product(SETS.items(), args.l2):

        def fit_and_score(
            inside: list[Query],
            held: list[Query],
            names: tuple[str, ...] = names,
            l2: float = l2,
            pairwise: bool = pairwise,
        ) -> list[np.ndarray]:
            return scored(fit(inside, names, l2, pairwise), held)

        cv = cross_validated(train, fit_and_score)
        ranker = fit(train, names, l2, pairwise)
        on_dev = map5(dev, scored(ranker, dev))[0]
        results.append((cv, label, l2, ranker))
        print(f"LR {label:26} l2 {l2:6g}: train CV {cv:.4f} ({cv:.6f})  dev {on_dev:.4f}",
              flush=True)  # fmt: skip
    # Ties (MAP over 800 queries moves in steps) go to the stronger regularisation.
    cv, label, l2, ranker = max(results, key=lambda r: (r[0], r[2]))
    print(f"best on train: {label}, l2 {l2:g} (CV {cv:.6f}); refitted on all of train:")
    print(f"RANKER = Ranker(\n    names={ranker.names},")
    for field in ("mean", "scale", "coef"):
        print(f"    {field}={getattr(ranker, field)},")
    print(f"    bias={ranker.bias},\n)")


if __name__ == "__main__":
    main()
