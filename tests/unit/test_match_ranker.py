"""The learned ranking of candidates (``workbench.match.ranker``): its pair features,
its scores, and how the matcher orders by it while thresholds stay on the fused score."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.match import Matcher
from workbench.match.fusion import Features
from workbench.match.ranker import NAMES, RANKER, Ranker, pair_features
from workbench.store import Hit, Store
from workbench.store.memory import CheckedRow


class WordEncoder:
    """Deterministic unit vectors from the words (alike texts, alike vectors)."""

    model_id = "fake-words:1"
    dimension = 64

    def encode(self, texts):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[i, sum(map(ord, word)) % 64] += 1.0
            out[i, 0] += 0.5  # never all zero
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _column(matrix: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 4) for v in matrix[:, NAMES.index(name)]]


def test_pair_features_are_relative_to_the_other_candidates():
    hits = [
        Hit("checked:1", "In 2019, 120 countries banned Cluster munitions.", "", 8.0, 1),
        Hit("checked:2", "Bananas are berries.", "", 0.0, 2),  # found by its vector alone
        Hit("checked:3", "Trump said 300 people came to Human Rights Watch.", "", 4.0, 3),
    ]
    features = [Features(0.8, 1.0, 0.6, 0.5), Features(0.3, 0.0, 0.1, 0.0),
                Features(0.5, 0.5, 0.2, 0.1)]  # fmt: skip
    text = "More than 120 countries banned cluster munitions in 2019, says Human Rights Watch"
    matrix = pair_features(text, hits, features)
    assert matrix.shape == (3, len(NAMES))
    assert _column(matrix, "cos_gap") == [0.0, -0.5, -0.3]
    assert _column(matrix, "dense_rr") == [1.0, round(1 / 3, 4), 0.5]
    assert _column(matrix, "lexical_rr") == [1.0, 0.0, 0.5]  # no BM25: not in that list
    assert _column(matrix, "numbers") == [1.0, 0.0, 0.0]  # 2019 and 120 are in the text
    assert _column(matrix, "numbers_missing") == [0.0, 0.0, 1.0]  # 300 is not
    assert _column(matrix, "years") == [1.0, 0.0, 0.0]
    # Capitalised words after the first, in both texts ("cluster" is not one in the text).
    assert _column(matrix, "names") == [0.0, 0.0, 1.0]
    assert pair_features(text, [], []).shape == (0, len(NAMES))


def test_ranker_scores_are_log_odds_in_its_coefficients_order():
    ranker = Ranker(("dense_rr",), (0.0,), (1.0,), (4.0,), -2.0)
    matrix = np.zeros((3, len(NAMES)))
    matrix[:, NAMES.index("dense_rr")] = [1.0, 0.5, 0.0]
    scores = ranker.scores(matrix)
    assert scores == sorted(scores, reverse=True)
    assert scores == pytest.approx([2.0, 0.0, -2.0])
    assert len(RANKER.names) == len(RANKER.mean) == len(RANKER.scale) == len(RANKER.coef)
    assert set(RANKER.names) <= set(NAMES)


CHECKED = [
    "Cluster munitions are banned by more than 100 countries.",
    "Cluster munitions were used in the war.",
    "Bananas are berries.",
]


def _matcher(ranker: Ranker | None, threshold: float = 0.0) -> Matcher:
    store = Store.in_memory()
    rows = [CheckedRow(str(i), text, "true", "true", None, None, None, "test", "2026-01-01")
            for i, text in enumerate(CHECKED, 1)]  # fmt: skip
    store.memory.add_checked(rows)
    encoder = WordEncoder()
    store.vectors.put("memory", encoder.model_id, [1, 2, 3], encoder.encode(CHECKED))
    return Matcher(store, threshold, encoder, ranker=ranker)


def test_the_matcher_orders_by_the_ranker_and_scores_by_the_fused_score():
    text = "More than 100 countries have banned cluster munitions"
    fused = _matcher(None).rank(text)
    assert fused[0][0] == "checked:1"
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)
    assert _matcher(RANKER).rank(text)[0][0] == "checked:1"
    # A ranker that prefers the farthest meaning reverses the order; scores stay fused.
    backwards = Ranker(("cos",), (0.0,), (1.0,), (-5.0,), 0.0)
    reversed_ = _matcher(backwards).rank(text)
    assert reversed_[-1][0] == "checked:1"
    assert dict(reversed_) == dict(fused)


def test_find_keeps_a_match_above_the_threshold_listed_after_one_below():
    text = "More than 100 countries have banned cluster munitions"
    scores = dict(_matcher(None).rank(text))
    threshold = scores["checked:1"]
    backwards = Ranker(("cos",), (0.0,), (1.0,), (-5.0,), 0.0)
    found = _matcher(backwards, threshold).find(text, 3)
    assert "Cluster munitions are banned by more than 100 countries." in [m.text for m in found]
    assert all(m.score >= threshold for m in found)
