"""Fit the matcher's learned score (``workbench.match.ranker``) on the CheckThat! 2020
Task 2 train split: logistic regression over pair features, fitted on candidates (is
this one gold?) or on pairs of candidates (is the gold one above this other one?), each
feature set, objective and L2 penalty measured by 5-fold cross-validation over the
train queries (MAP@5 of the held-out folds), beside the fused score's grid search
cross-validated the same way. The one best on train (ties: the larger penalty) is
refitted on all of train and printed as the ``RANKER`` constant to paste into
``workbench/match/ranker.py``; dev is printed for every row, for the README only, with
how often the best candidate of a dev tweet scores 0.5 or more when its gold and their
copies are taken out of the memory (a false match a reviewer would see).

The shipped score is a probability (it is printed and thresholded): a pairwise fit only
orders, so it is calibrated by Platt scaling, a logistic regression of "gold?" on its
held-out train scores (out of fold, as the CV above), folded into its coefficients: a
monotone map, the order and MAP unchanged.

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

from workbench.extract.head import newton_logistic
from workbench.match.evaluation import read_pool, read_qrels, read_queries
from workbench.match.fusion import DUPLICATE
from workbench.match.matcher import Matcher
from workbench.match.ranker import NAMES, Ranker, pair_features
from workbench.semantic import default_encoder
from workbench.store import Store

#: Features by candidate, relevant?, gold count, and the features of the candidates found
#: when the memory lacks the gold fact-checks and their copies (all not relevant).
Query = tuple[np.ndarray, np.ndarray, int, np.ndarray]

BASE = ("cos", "bm25", "alike", "covered")
GAPS = ("cos_gap", "alike_gap", "fused", "fused_gap")
RANKS = ("dense_rr", "lexical_rr")
OVERLAP = ("numbers", "numbers_missing", "names", "years", "length")
#: Feature sets, each fitted on candidates (is this one gold?), on pairs (is this one
#: above that one?), or on candidates plus the candidates of each query with its gold
#: removed from the memory ("absent": in use most claims have no fact-check in the
#: memory, and the relative features make the best of unrelated candidates look like
#: a gold one; tried, not better on train).
SETS: dict[str, tuple[tuple[str, ...], str]] = {
    "base": (BASE, "candidates"),
    "base + gaps": (BASE + GAPS, "candidates"),
    "base + ranks": (BASE + RANKS, "candidates"),
    "base + rrf": ((*BASE, "rrf"), "candidates"),
    "base + overlap": (BASE + OVERLAP, "candidates"),
    "base + gaps + ranks": (BASE + GAPS + RANKS, "candidates"),
    "all": (NAMES, "candidates"),
    "base + gaps + ranks, pairs": (BASE + GAPS + RANKS, "pairs"),
    "all, pairs": (NAMES, "pairs"),
    "base, absent": (BASE, "absent"),
    "base + ranks, absent": (BASE + RANKS, "absent"),
    "base + gaps + ranks, absent": (BASE + GAPS + RANKS, "absent"),
    "all, absent": (NAMES, "absent"),
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
        # The same query against a memory without its gold fact-checks nor their copies
        # (cosine >= DUPLICATE to one: the same claim checked again).
        golds = [found.vectors[h.num] for h, r in zip(found.hits, relevant, strict=True)
                 if r and h.num in found.vectors]  # fmt: skip
        gone = {f"checked:{g}" for g in gold[qid]} | {
            h.key for h in found.hits if h.num in found.vectors and golds
            and float(np.max(np.stack(golds) @ found.vectors[h.num])) >= DUPLICATE
        }  # fmt: skip
        absent = matcher.candidates(text, gone, vector=vectors[i])
        out.append((pair_features(text, found.hits, found.features), relevant, len(gold[qid]),
                    pair_features(text, absent.hits, absent.features)))  # fmt: skip
    return out


def map5(qs: list[Query], scores: list[np.ndarray]) -> np.ndarray:
    """MAP@5 of each column of each query's ``scores`` (candidates x columns)."""
    total = np.zeros(scores[0].shape[1])
    ranks = np.arange(1, 6)[:, None]
    for (_, relevant, n_gold, _), s in zip(qs, scores, strict=True):
        if not len(relevant):
            continue
        top = np.argsort(-np.round(s, 4), axis=0, kind="stable")[:5]
        hit = relevant[top]
        total += (hit * np.cumsum(hit, axis=0) / ranks[: len(hit)]).sum(axis=0) / min(n_gold, 5)
    return total / len(qs)


def logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression (the check-worthiness head's Newton fit, the
    bias unpenalised); a little jitter keeps the Hessian of pair differences invertible."""
    w = newton_logistic(x, y, l2, iterations=50, jitter=1e-9)
    return w[:-1], float(w[-1])


def pairs(qs: list[Query], columns: list[int], mean: np.ndarray, scale: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Each (gold, other) candidate pair of a query as the difference of their standardised
    features, both ways round (labels 1 and 0): a pairwise ranking objective."""
    rows = []
    for m, relevant, _, _ in qs:
        x = (m[:, columns] - mean) / scale
        for i in np.flatnonzero(relevant):
            rows.append(x[i] - x[relevant == 0])
    diff = np.vstack(rows)
    return np.vstack([diff, -diff]), np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])


def fit(qs: list[Query], names: tuple[str, ...], l2: float, objective: str = "candidates"
        ) -> Ranker:  # fmt: skip
    columns = [NAMES.index(n) for n in names]
    x = np.vstack([m[:, columns] for m, _, _, _ in qs if len(m)])
    y = np.concatenate([r for _, r, _, _ in qs])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    if objective == "absent":
        x = np.vstack([x, *(a[:, columns] for *_, a in qs if len(a))])
        y = np.concatenate([y, np.zeros(len(x) - len(y))])
    if objective == "pairs":  # the bias cancels in a difference: only the order is learned
        coef, bias = logistic(*pairs(qs, columns, mean, scale), l2)[0], 0.0
    else:
        coef, bias = logistic((x - mean) / scale, y, l2)
    return Ranker(names, *(tuple(round(float(v), 6) for v in a) for a in (mean, scale, coef)),
                  round(bias, 6))  # fmt: skip


def scored(ranker: Ranker, qs: list[Query]) -> list[np.ndarray]:
    return [np.array(ranker.scores(m)).reshape(-1, 1) for m, _, _, _ in qs]


def absent_top(ranker: Ranker, qs: list[Query]) -> np.ndarray:
    """The probability of each query's best candidate when its gold is not in the memory."""
    return np.array([max(ranker.probabilities(a), default=0.0) for *_, a in qs])


def grid(step: float = 0.05) -> np.ndarray:
    n = round(1 / step)
    rows = [(*c, n - sum(c)) for c in itertools.product(range(n + 1), repeat=3) if sum(c) <= n]
    return np.array(rows, dtype=float).T * step


def folds(n: int, k: int = 5) -> list[np.ndarray]:
    return list(np.array_split(np.random.default_rng(0).permutation(n), k))


def cross_validated(train: list[Query], fit_and_score  # type: ignore[no-untyped-def]
                    ) -> tuple[float, list[np.ndarray]]:  # fmt: skip
    """MAP@5 over all train queries, each scored by a model fitted without its fold, and
    those held-out scores."""
    scores: list[np.ndarray | None] = [None] * len(train)
    for held in folds(len(train)):
        inside = [train[i] for i in range(len(train)) if i not in set(held)]
        for i, s in zip(held, fit_and_score(inside, [train[i] for i in held]), strict=True):
            scores[i] = s
    out = [s for s in scores if s is not None]
    return float(map5(train, out)[0]), out


def platt(ranker: Ranker, held_out: list[np.ndarray], qs: list[Query]) -> Ranker:
    """``ranker`` with its score mapped to a calibrated log-odds a * score + b, fitted on
    held-out scores (a > 0: the order is kept)."""
    x = np.concatenate([s[:, 0] for s in held_out]).reshape(-1, 1)
    y = np.concatenate([r for _, r, _, _ in qs])
    (a,), b = logistic(x, y, 1e-6)
    assert a > 0, a
    return Ranker(ranker.names, ranker.mean, ranker.scale,
                  tuple(round(float(a * c), 6) for c in ranker.coef),
                  round(float(a * ranker.bias + b), 6))  # fmt: skip


def log_loss(qs: list[Query], log_odds: list[np.ndarray]) -> float:
    """Mean log loss of the probabilities over all candidates (calibration, lower is better)."""
    z = np.concatenate([s[:, 0] for s in log_odds])
    y = np.concatenate([r for _, r, _, _ in qs])
    return float(np.mean(np.logaddexp(0, z) - y * z))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--l2", type=float, nargs="+", default=[0.1, 0.3, 1.0, 10.0, 100.0])
    parser.add_argument("--only", nargs="+", help="these rows of SETS alone")
    args = parser.parse_args()
    pool = read_pool(DATA / "verified_claims.docs.tsv")
    store = Store.in_memory()
    store.memory.add((f"checked:{k}", t, ti) for k, t, ti in pool)
    encoder = default_encoder()
    store.vectors.put("memory", encoder.model_id, list(range(1, len(pool) + 1)),
                      encode([t for _, t, _ in pool], args.cache))  # fmt: skip
    matcher = Matcher(store, encoder=encoder)
    train, dev = queries(matcher, "train", args.cache), queries(matcher, "dev", args.cache)
    found = np.mean([r.any() for _, r, _, _ in train])
    print(f"train {len(train)} queries (gold among the candidates: {found:.3f}), dev {len(dev)}")

    weights = grid()

    def grid_fit(inside: list[Query], held: list[Query]) -> list[np.ndarray]:
        best = int(np.argmax(map5(inside, [m[:, :4] @ weights for m, _, _, _ in inside])))
        return [m[:, :4] @ weights[:, best : best + 1] for m, _, _, _ in held]

    print(f"fused grid (4 weights): train CV {cross_validated(train, grid_fit)[0]:.4f}  "
          f"dev {map5(dev, grid_fit(train, dev))[0]:.4f}")  # fmt: skip
    results = []
    sets = {k: v for k, v in SETS.items() if not args.only or k in args.only}
    for (label, (names, objective)), l2 in itertools.product(sets.items(), args.l2):

        def fit_and_score(
            inside: list[Query],
            held: list[Query],
            names: tuple[str, ...] = names,
            l2: float = l2,
            objective: str = objective,
        ) -> list[np.ndarray]:
            return scored(fit(inside, names, l2, objective), held)

        cv, held_out = cross_validated(train, fit_and_score)
        ranker = fit(train, names, l2, objective)
        if objective == "pairs":  # only orders: calibrated into a probability
            ranker = platt(ranker, held_out, train)
        on_dev = map5(dev, scored(ranker, dev))[0]
        results.append((cv, label, l2, ranker))
        tops = absent_top(ranker, dev)
        print(f"LR {label:28} l2 {l2:6g}: train CV {cv:.4f} ({cv:.6f})  dev {on_dev:.4f}  "
              f"dev without gold: best candidate >= 0.5 in {np.mean(tops >= 0.5):.3f}",
              flush=True)  # fmt: skip
    # Ties (MAP over 800 queries moves in steps) go to the stronger regularisation.
    cv, label, l2, ranker = max(results, key=lambda r: (r[0], r[2]))
    print(f"dev log loss of the shipped probabilities {log_loss(dev, scored(ranker, dev)):.4f}")
    print(f"best on train: {label}, l2 {l2:g} (CV {cv:.6f}); refitted on all of train:")
    print(f"RANKER = Ranker(\n    names={ranker.names},")
    for field in ("mean", "scale", "coef"):
        print(f"    {field}={getattr(ranker, field)},")
    print(f"    bias={ranker.bias},\n)")


if __name__ == "__main__":
    main()
