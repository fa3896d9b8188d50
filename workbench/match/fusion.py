"""One score for a checked claim a text may restate: meaning (the cosine of their
sentence vectors) fused linearly with words (BM25, ``similarity``, ``coverage``).

The weights were fitted on the CheckThat! 2020 Task 2 train split (800 tweets against
10,375 fact-checks) by a grid search for MAP@5 (``benches/fit_matching.py``) and are
reported on the dev split in the README. With vectors it is one feature of the
learned ranker (``workbench.match.ranker``), whose probability is the score that orders,
is printed and is thresholded (refit it, ``benches/fit_ranker.py``, after changing
these weights); without vectors this score is that score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Weights:
    """Each feature's share of the score (they sum to 1, so the score stays in 0-1)."""

    dense: float
    """The cosine of the two sentence vectors (negative cosines count as 0)."""
    bm25: float
    """BM25 relative to the best lexical candidate of the query (0 when the candidate
    was found by its vector alone)."""
    alike: float
    """``similarity``: shared words, shared phrases, word order."""
    covered: float
    """``coverage``: how much of the checked claim the text contains."""


#: Fitted on train (see the module docstring; train MAP@5 0.894, dev 0.869): meaning and
#: shared phrases carry the score about equally; BM25 only breaks ties; coverage adds
#: nothing once the cosine is there.
WEIGHTS = Weights(dense=0.4, bm25=0.05, alike=0.55, covered=0.0)
#: Without vectors (``encoder = ""``, or a checked claim not encoded yet): the lexical
#: score alone, fitted the same way (train 0.867, dev 0.826: the ranking from before).
LEXICAL = Weights(dense=0.0, bm25=0.7, alike=0.3, covered=0.0)
#: Two checked claims at least this alike (cosine) say the same thing: a reviewer is
#: shown only the better ranked (Snopes checks one rumour several times). Not applied to
#: the ranking itself: CheckThat!'s gold names one of the copies, and collapsing them
#: costs 0.03 MAP@5 on train at any threshold from 0.9 to 0.97.
DUPLICATE = 0.95


@dataclass(frozen=True)
class Features:
    cos: float | None
    """None when either side has no vector."""
    bm25: float
    alike: float
    covered: float

    def score(self, weights: Weights = WEIGHTS) -> float:
        if self.cos is None:
            weights = LEXICAL
        dense = max(0.0, self.cos or 0.0)
        return round(weights.dense * dense + weights.bm25 * self.bm25
                     + weights.alike * self.alike + weights.covered * self.covered, 4)  # fmt: skip


Floats = npt.NDArray[np.float32]


def collapse(order: Sequence[int], vectors: dict[int, Floats], threshold: float = DUPLICATE
             ) -> list[int]:  # fmt: skip
    """``order`` (ids, best first) without the ones whose vector is at least
    ``threshold`` alike to one kept before them."""
    kept: list[int] = []
    seen: list[Floats] = []
    for item in order:
        vector = vectors.get(item)
        if vector is not None:
            if seen and float(np.max(np.stack(seen) @ vector)) >= threshold:
                continue
            seen.append(vector)
        kept.append(item)
    return kept
