"""Sweep the check-worthiness head's hyper-parameters on the cross-validation folds of
`workbench evaluate checkworthiness --folds 5 --also-train` (issue 12): the L2 penalty,
a weight on check-worthy sentences, and the decision threshold chosen inside each
training fold (nested: a 3-fold cross-validation of the head on the fold's training
data picks the threshold with the best F1; the scored fold is never looked at).

The folds, the bag-of-words probabilities and the head's inputs are exactly those of
``workbench.extract.training.cross_validate`` (captured while it runs once); only the
head is fitted again for each setting, by the same Newton's method as
``workbench.extract.head.fit``. Sentence vectors are cached in ``--cache``.

    .venv/bin/python benches/fit_checkworthiness.py --cache /tmp/wb-cw [--data cb|clef]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's workbench

# The pool's vector cache of the matching fit (this folder is on sys.path when a bench
# runs as a script).
from fit_matching import encode

import workbench.extract.training as training
from workbench.extract.claims import is_claim
from workbench.extract.evaluation import (
    average_precision_by_group,
    labelled,
    metrics,
    read_paths,
)
from workbench.extract.head import design
from workbench.extract.pipeline import load_pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TRANSCRIPT = 384 + 2  # the transcript column of the design matrix
THRESHOLDS = np.round(np.arange(0.2, 0.625, 0.025), 3)


def capture(scored: str, cache: Path | None) -> dict[str, Any]:
    """Run ``cross_validate`` once, keeping each fold's head inputs."""
    claimbuster = read_paths([DATA / "claimbuster" / "train.json"])
    clef = read_paths([DATA / "clef2019-task1-debates" / "training"])
    examples, extra = (claimbuster, clef) if scored == "cb" else (clef, claimbuster)
    nlp = load_pipeline("en_core_web_sm", "")
    data, more = labelled(nlp, examples), labelled(nlp, extra)
    vectors = encode([e.text for e in examples], cache)
    extra_vectors = encode([e.text for e in extra], cache)
    seen: dict[str, Any] = {}
    real_fit, real_final, real_train = training.fit, training.final_scores, training.train_model

    def fit(vectors: Any, signals: Any, labels: Any, **kw: Any) -> Any:
        transcript = np.array([s.transcript for s in signals])
        seen["train"] = (design(vectors, signals), np.asarray(labels), transcript)
        return real_fit(vectors, signals, labels, **kw)

    def final_scores(model: Any, docs: Any, groups: Any, vectors: Any = None) -> Any:
        signals = training.signals(docs, model.probabilities(docs), groups)
        seen["held"] = design(vectors, signals)
        return real_final(model, docs, groups, vectors)

    def train_model(data: Any, vectors: Any = None, **kw: Any) -> Any:
        seen["groups"] = list(data.groups)
        return real_train(data, vectors, **kw)

    parts = training.group_folds(data.groups, 5, 0)
    folds: list[dict[str, Any]] = []
    training.fit, training.final_scores, training.train_model = fit, final_scores, train_model  # type: ignore[assignment]
    try:
        training.cross_validate(
            data, 5, vectors, more, extra_vectors, seed=0,
            progress=lambda n, _: folds.append({"idx": parts[n - 1], **seen}),
        )  # fmt: skip
    finally:
        training.fit, training.final_scores, training.train_model = real_fit, real_final, real_train
    return {"folds": folds, "labels": np.array(data.labels), "groups": list(data.groups),
            "claim": np.array([is_claim(d[:]) for d in data.docs])}  # fmt: skip


def newton(x: np.ndarray, y: np.ndarray, weight: np.ndarray, penalty: float) -> np.ndarray:
    ridge = np.full(x.shape[1], penalty)
    ridge[-1] = 0.0
    beta = np.zeros(x.shape[1])
    for _ in range(25):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (weight * (p - y)) + ridge * beta
        hessian = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return beta


def head_scores(x: np.ndarray, y: np.ndarray, held: np.ndarray, penalty: float,
                positive: float, vector_scale: float = 1.0) -> np.ndarray:  # fmt: skip
    """Fit on (x, y) as ``head.fit`` does and score ``held`` as news is scored (the
    transcript column off). ``vector_scale`` multiplies the standardised vector columns
    (the same as dividing their penalty by its square)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    scale[: TRANSCRIPT - 2] /= vector_scale

    def standard(m: np.ndarray) -> np.ndarray:
        return np.hstack([(m - mean) / scale, np.ones((len(m), 1))])

    beta = newton(standard(x), y.astype(float), np.where(y == 1, positive, 1.0), penalty)
    held = held.copy()
    held[:, TRANSCRIPT] = 0.0
    return np.round(1.0 / (1.0 + np.exp(-(standard(held) @ beta))), 3)


def f1(labels: np.ndarray, scores: np.ndarray, threshold: np.ndarray | float) -> float:
    pred = scores >= threshold
    tp = int((pred & (labels == 1)).sum())
    wrong = int((pred & (labels == 0)).sum()) + int((~pred & (labels == 1)).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def inner_threshold(fold: dict[str, Any], penalty: float, positive: float) -> float:
    """The threshold with the best F1 over the fold's training sentences, each scored by
    a head that did not see it (3 folds, transcripts kept whole)."""
    x, y, transcript = fold["train"]
    out = np.zeros(len(y))
    for part in training.group_folds(fold["groups"], 3, 0):
        rest = np.setdiff1d(np.arange(len(y)), part)
        out[part] = head_scores(x[rest], y[rest], x[part], penalty, positive)
    sentences = ~transcript.astype(bool)
    return float(
        max(THRESHOLDS, key=lambda t: (f1(y[sentences], out[sentences], t), -abs(t - 0.4)))
    )


def inner_scale(fold: dict[str, Any], scales: list[float]) -> float:
    """The vector scale (penalty 30) with the best F1 at 0.4 over the fold's training
    sentences, each scored by a head that did not see it (3 folds, transcripts whole)."""
    x, y, transcript = fold["train"]
    sentences = ~transcript.astype(bool)
    best: tuple[float, float] = (-1.0, 1.0)
    for scale in scales:
        out = np.zeros(len(y))
        for part in training.group_folds(fold["groups"], 3, 0):
            rest = np.setdiff1d(np.arange(len(y)), part)
            out[part] = head_scores(x[rest], y[rest], x[part], 30.0, 1.0, scale)
        best = max(best, (f1(y[sentences], out[sentences], 0.4), scale))
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--data", choices=["cb", "clef"], default="cb")
    parser.add_argument("--penalties", default="10,30,100,300")
    parser.add_argument("--positive", default="1,1.5", help="weights of check-worthy rows")
    parser.add_argument("--nested", default="30,100", help="penalties to pick thresholds for")
    parser.add_argument("--vector-scales", default="0.125,0.25,0.5,2", help="at penalty 30")
    parser.add_argument("--nested-scales", default="0.125,0.25,0.5,1",
                        help="vector scales to choose from inside each training fold")  # fmt: skip
    args = parser.parse_args()
    sweep(capture(args.data, args.cache), args)


def sweep(found: dict[str, Any], args: argparse.Namespace) -> None:
    labels, claim, groups = found["labels"], found["claim"], found["groups"]

    def scored(penalty: float, positive: float, vector_scale: float = 1.0) -> np.ndarray:
        out = np.zeros(len(labels))
        for fold in found["folds"]:
            x, y, _ = fold["train"]
            out[fold["idx"]] = head_scores(x, y, fold["held"], penalty, positive, vector_scale)
        return np.where(claim, out, 0.0)

    def report(name: str, scores: np.ndarray, threshold: np.ndarray | float) -> None:
        pred = scores >= threshold
        tp = int((pred & (labels == 1)).sum())
        precision, recall = tp / max(1, int(pred.sum())), tp / int(labels.sum())
        ap = metrics(list(labels), list(scores), 0.5).average_precision
        line = (f"{name}: F1 {f1(labels, scores, threshold):.4f} (P {precision:.3f} "
                f"R {recall:.3f}) AP {ap:.4f}")  # fmt: skip
        if any(groups):
            by = average_precision_by_group(list(labels), list(scores), groups)
            line += f" MAP {sum(by.values()) / len(by):.4f}"
        print(line, flush=True)

    for penalty in map(float, args.penalties.split(",")):
        for positive in map(float, args.positive.split(",")):
            scores = scored(penalty, positive)
            report(f"penalty {penalty:g}, positive weight {positive:g}, threshold 0.4", scores, 0.4)
            best = max(THRESHOLDS, key=lambda t: f1(labels, scores, t))
            report(f"  (at the best threshold on the scored folds, {best}: not a fair figure)",
                   scores, best)  # fmt: skip
    for vector_scale in map(float, args.vector_scales.split(",")) if args.vector_scales else ():
        scores = scored(30.0, 1.0, vector_scale)
        report(f"penalty 30, vector columns scaled by {vector_scale:g}, threshold 0.4", scores, 0.4)
    if args.nested_scales:
        scales = [float(v) for v in args.nested_scales.split(",")]
        scores, picked = np.zeros(len(labels)), []
        for fold in found["folds"]:
            picked.append(inner_scale(fold, scales))
            x, y, _ = fold["train"]
            scores[fold["idx"]] = head_scores(x, y, fold["held"], 30.0, 1.0, picked[-1])
        report(f"penalty 30, vector scale chosen inside each training fold {picked}, "
               "threshold 0.4", np.where(claim, scores, 0.0), 0.4)  # fmt: skip
    for penalty in map(float, args.nested.split(",")) if args.nested else ():
        scores, threshold = scored(penalty, 1.0), np.zeros(len(labels))
        chosen = []
        for fold in found["folds"]:
            chosen.append(inner_threshold(fold, penalty, 1.0))
            threshold[fold["idx"]] = chosen[-1]
        report(f"penalty {penalty:g}, threshold chosen inside each training fold {chosen}",
               scores, threshold)  # fmt: skip


if __name__ == "__main__":
    main()
