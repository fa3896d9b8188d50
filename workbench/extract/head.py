"""The check-worthiness head: a logistic regression over a sentence vector and the
signals the extractor already has (the bag-of-words probability, the rule score and
which rules fired).

It is used only when the caller hands the extractor an encoder (anything with
``encode(texts) -> (n, dim) float32``, see ``SentenceEncoder``): ``extract`` does
not import ``workbench.semantic``, so the layers above pass one in. Without an
encoder the score is the rules mixed with the bag-of-words classifier, as before.

Fitted by Newton's method on standardised features with an L2 penalty, in numpy:
deterministic, so the packaged model rebuilds bit for bit, and no new dependency.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from workbench.extract.reasons import Kind, Reason

Matrix = npt.NDArray[np.float64]
FILE = "head.json"
#: The rules whose firing is a feature of its own (the classifier's reason is not).
RULE_KINDS = tuple(k for k in Kind if k is not Kind.CLASSIFIER)
#: The share of check-worthy claims among the claims the extractor finds in news (issue
#: 11: 65% of 372 claims in 14 unseen articles). The head learns the share of its
#: training sentences (ClaimBuster: 25%); the extractor moves its log-odds to this one.
NEWS_PRIOR = 0.65
#: The L2 penalty on standardised features: mild shrinkage for ~400 features and ~24k
#: training rows. Swept on the cross-validation folds (benches/fit_checkworthiness.py):
#: 10, 100 and 300, or check-worthy rows weighted 1.5, do no better at the 0.4 threshold.
PENALTY = 30.0
#: The standardised vector columns are multiplied by this before the fit (the same as
#: multiplying their penalty by 1/scale^2 = 16): 384 vector columns are shrunk harder
#: than the 15 others. Chosen inside each training fold of the cross-validation (every
#: fold picked 0.25 of 0.125-1): ClaimBuster F1 0.781 against 0.771 at 1.0
#: (benches/fit_checkworthiness.py, README).
VECTOR_SCALE = 0.25


class SentenceEncoder(Protocol):
    """What the extractor needs of a sentence encoder (``workbench.semantic.Encoder``)."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass(frozen=True)
class Signals:
    """What the extractor knows of a sentence before its vector."""

    probability: float  # the bag-of-words classifier's
    rule_score: float
    reasons: tuple[Reason, ...]
    transcript: bool = False  # a line of a spoken transcript (training data only)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def signal_matrix(signals: Sequence[Signals]) -> Matrix:
    """One row per sentence: BOW logit, rule score, one 0/1 column per rule, transcript."""
    rows = np.zeros((len(signals), 3 + len(RULE_KINDS)), dtype=np.float64)
    for i, s in enumerate(signals):
        fired = {r.kind for r in s.reasons}
        rows[i, 0] = _logit(s.probability)
        rows[i, 1] = s.rule_score
        rows[i, 2] = float(s.transcript)
        rows[i, 3:] = [float(k in fired) for k in RULE_KINDS]
    return rows


def design(vectors: npt.NDArray[np.floating], signals: Sequence[Signals]) -> Matrix:
    return np.hstack([np.asarray(vectors, dtype=np.float64), signal_matrix(signals)])


@dataclass(frozen=True)
class Head:
    """A fitted logistic regression: ``predict(vectors, signals)`` gives probabilities."""

    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float
    dimension: int
    #: The share of check-worthy sentences among the non-transcript training texts.
    prior: float

    def predict(self, vectors: npt.NDArray[np.floating], signals: Sequence[Signals],
                prior: float | None = None) -> Matrix:  # fmt: skip
        """Probabilities at the training sentences' share of check-worthy ones, or, given
        ``prior``, at that share instead (a shift of the log-odds: the ranking is the
        same, only where the scores sit moves)."""
        if len(signals) == 0:
            return np.zeros(0)
        if vectors.shape[1] != self.dimension:
            raise ValueError(f"vectors of {vectors.shape[1]} dimensions; the head takes "
                             f"{self.dimension}")  # fmt: skip
        z = ((design(vectors, signals) - self.mean) / self.scale) @ self.weights + self.bias
        if prior is not None:
            z = z + _logit(prior) - _logit(self.prior)
        out: Matrix = 1.0 / (1.0 + np.exp(-z))
        return out

    def to_disk(self, folder: Path) -> None:
        # JSON of Python floats (repr round-trips exactly): readable, and the same
        # weights always write the same bytes.
        data = {
            "dimension": self.dimension,
            "features": ["vector"] * self.dimension + signal_names(),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "prior": self.prior,
        }
        (folder / FILE).write_text(json.dumps(data) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: Path) -> Head | None:
        path = folder / FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        # The columns follow the rule kinds: a head from before a rule was added or
        # renamed would read the wrong columns, silently.
        if data["features"][int(data["dimension"]) :] != signal_names():
            raise ValueError(f"{path} was trained on other signals; train it again")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            dimension=int(data["dimension"]),
            prior=float(data["prior"]),
        )


def signal_names() -> list[str]:
    return ["bow_logit", "rule_score", "transcript", *(f"rule_{k.value}" for k in RULE_KINDS)]


def fit(
    vectors: npt.NDArray[np.floating],
    signals: Sequence[Signals],
    labels: Sequence[int],
    *,
    penalty: float = PENALTY,
    vector_scale: float = VECTOR_SCALE,
    weights: Sequence[float] | None = None,
    iterations: int = 25,
) -> Head:
    """Fit the head by Newton's method (L2 on the weights, not on the bias)."""
    x = design(vectors, signals)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant column (no transcripts) stays 0 after centring
    scale[: vectors.shape[1]] /= vector_scale  # kept in the head: predict scales alike
    x = (x - mean) / scale
    y = np.asarray(labels, dtype=np.float64)
    beta = newton_logistic(x, y, penalty, weights=weights, iterations=iterations)
    sentences = [float(y[i]) for i, s in enumerate(signals) if not s.transcript]
    prior = sum(sentences) / len(sentences) if sentences else float(y.mean())
    return Head(mean, scale, beta[:-1].copy(), float(beta[-1]), int(vectors.shape[1]), prior)


def newton_logistic(
    x: Matrix,
    y: npt.NDArray[np.floating],
    penalty: float,
    *,
    weights: Sequence[float] | None = None,
    iterations: int = 25,
    jitter: float = 0.0,
) -> Matrix:
    """L2-regularised logistic regression by Newton's method: the weights of ``x``'s
    columns, then the bias (a column of ones is added; the bias is not penalised).
    ``jitter`` is added to the Hessian's whole diagonal, to keep it invertible when a
    column is constant. Also fits the matching ranker (``benches/fit_ranker.py``)."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w_sample = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    ridge = np.full(x.shape[1], penalty)
    ridge[-1] = 0.0
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (w_sample * (p - y)) + ridge * beta
        hessian = (x * (w_sample * p * (1 - p))[:, None]).T @ x + np.diag(ridge + jitter)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return beta
