"""A learned score for the candidates of one text: logistic regression over features
of each (text, checked claim) pair, some of them relative to the other candidates of
the same text (the gap to the best cosine, the rank in the dense and lexical lists),
whose output is the probability that this candidate is the fact-check the text
restates. It both orders the candidates and is the score printed and thresholded, so
a list is always best first with descending scores.

The fused score (``workbench.match.fusion``) weighs four features the same way for
every query; a tweet whose best cosine is 0.9 and one whose best is 0.5 are ranked
alike. Features relative to the query's own candidates let the model say "the best
cosine of this query, far ahead of the next" without a fixed cut. The coefficients are
fitted on the CheckThat! 2020 Task 2 train split by ``benches/fit_ranker.py``, which
also measures each feature set by cross-validation over the train queries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workbench.match.fusion import WEIGHTS, Features
from workbench.match.suggest import numbers as numbers_in
from workbench.store import Hit

Matrix = npt.NDArray[np.float64]

#: Every feature ``pair_features`` computes, in its columns' order.
NAMES = (
    "cos", "bm25", "alike", "covered",  # the fused score's four (fusion.Features)
    "cos_gap", "alike_gap", "fused", "fused_gap",  # relative to the query's best
    "dense_rr", "lexical_rr", "rrf",  # reciprocal ranks in the two candidate lists
    "numbers", "numbers_missing", "names", "years", "length",
)  # fmt: skip

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A capitalised word not at the start of the text: a crude named entity, enough to say
# whether the people and places a fact-check names are the tweet's.
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][\w'’-]+")
_WORD = re.compile(r"\w+")
#: Reciprocal-rank fusion's usual constant (Cormack et al. 2009).
RRF_K = 60


def _share(theirs: set[str], mine: set[str]) -> float:
    """How much of ``theirs`` ``mine`` holds (0 when ``theirs`` is empty)."""
    return len(theirs & mine) / len(theirs) if theirs else 0.0


def _ranks(values: Sequence[float], present: Sequence[bool]) -> list[float]:
    """Each item's rank (1 = highest) among the present ones; inf when absent."""
    order = sorted((i for i in range(len(values)) if present[i]), key=lambda i: -values[i])
    out = [math.inf] * len(values)
    for rank, i in enumerate(order, 1):
        out[i] = float(rank)
    return out


def pair_features(text: str, hits: Sequence[Hit], features: Sequence[Features]) -> Matrix:
    """One row of ``NAMES`` per candidate of ``text`` (every candidate has a cosine)."""
    cos = [max(0.0, f.cos or 0.0) for f in features]
    fused = [f.score(WEIGHTS) for f in features]
    dense = _ranks(cos, [True] * len(cos))
    lexical = _ranks([h.bm25 for h in hits], [h.bm25 > 0 for h in hits])
    best_cos, best_alike = max(cos, default=0.0), max((f.alike for f in features), default=0.0)
    best_fused = max(fused, default=0.0)
    my_numbers, my_years = numbers_in(text), set(_YEAR.findall(text))
    my_names = {n.lower() for n in _NAME.findall(text)}
    my_length = len(_WORD.findall(text))
    rows = []
    for i, (hit, f) in enumerate(zip(hits, features, strict=True)):
        numbers = numbers_in(hit.text)
        rows.append((
            cos[i], f.bm25, f.alike, f.covered,
            cos[i] - best_cos, f.alike - best_alike, fused[i], fused[i] - best_fused,
            1 / dense[i], 1 / lexical[i],
            RRF_K * (1 / (RRF_K + dense[i]) + 1 / (RRF_K + lexical[i])),
            _share(numbers, my_numbers), float(bool(numbers - my_numbers)),
            _share({n.lower() for n in _NAME.findall(hit.text)}, my_names),
            _share(set(_YEAR.findall(hit.text)), my_years),
            math.log((1 + len(_WORD.findall(hit.text))) / (1 + my_length)),
        ))  # fmt: skip
    return np.array(rows, dtype=np.float64).reshape(-1, len(NAMES))


@dataclass(frozen=True)
class Ranker:
    """A linear score over some of ``NAMES``: the log-odds that a candidate is the claim
    checked, from logistic regression fitted on candidates (is this one gold?), or fitted
    on pairs of candidates and then calibrated on candidates (Platt scaling: a monotone
    map folded into ``coef`` and ``bias``, so the order is the pairwise fit's). Features
    are standardised with the train split's mean and scale before the coefficients
    apply."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    bias: float

    def scores(self, matrix: Matrix) -> list[float]:
        """The score of each row of ``pair_features`` (all ``NAMES``), higher is better
        (log-odds, not squashed into a probability: rounded probabilities would tie)."""
        columns = [NAMES.index(n) for n in self.names]
        x = (matrix[:, columns] - np.array(self.mean)) / np.array(self.scale)
        return [float(v) for v in x @ np.array(self.coef) + self.bias]

    def probabilities(self, matrix: Matrix) -> list[float]:
        """The probability that each row's candidate is the claim checked: the score
        shown and thresholded (a monotone map of ``scores``, so the same order)."""
        return [1 / (1 + math.exp(-min(max(s, -700.0), 700.0))) for s in self.scores(matrix)]


#: Fitted by ``benches/fit_ranker.py`` on all 800 train queries: every feature, fitted
#: on pairs (gold above another candidate) with an L2 penalty of 10, the set, objective
#: and penalty best by 5-fold cross-validation over them (MAP@5 0.9185 against 0.9157
#: fitted on candidates alone and 0.8904 for the fused score's 4 weights), then Platt
#: scaled on its held-out train scores into a probability (x 0.591, bias -6.13: the
#: order is the pairwise fit's); see the README.
RANKER = Ranker(
    names=(
        "cos",
        "bm25",
        "alike",
        "covered",
        "cos_gap",
        "alike_gap",
        "fused",
        "fused_gap",
        "dense_rr",
        "lexical_rr",
        "rrf",
        "numbers",
        "numbers_missing",
        "names",
        "years",
        "length",
    ),
    mean=(
        0.332257,
        0.274753,
        0.137259,
        0.152804,
        -0.312181,
        -0.131943,
        0.222133,
        -0.225205,
        0.116093,
        0.100163,
        1.255049,
        0.133781,
        0.250844,
        0.102257,
        0.121663,
        -0.678001,
    ),
    scale=(
        0.145049,
        0.291635,
        0.043453,
        0.11802,
        0.176668,
        0.09456,
        0.069037,
        0.112679,
        0.177623,
        0.185487,
        0.385221,
        0.321771,
        0.433499,
        0.222253,
        0.324117,
        0.4571,
    ),
    coef=(
        0.507879,
        -0.096166,
        0.431102,
        0.083438,
        0.41698,
        0.198104,
        0.555467,
        0.340326,
        0.067329,
        0.241638,
        0.073974,
        0.095147,
        -0.226108,
        0.056016,
        -0.107959,
        0.19567,
    ),
    bias=-6.133979,
)
