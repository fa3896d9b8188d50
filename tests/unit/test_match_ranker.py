"""The learned score of candidates (``workbench.match.ranker``): its pair features, its
probabilities, and the matcher's one score that orders, is printed and is thresholded
(a match listed above one with a higher printed score was a reported bug)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.config import Settings
from workbench.match import Matcher
from workbench.match.fusion import Features
from workbench.match.matcher import MATCH_THRESHOLD
from workbench.match.ranker import NAMES, RANKER, Ranker, pair_features
from workbench.semantic import default_encoder
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
    probabilities = ranker.probabilities(matrix)
    assert probabilities == pytest.approx([1 / (1 + np.exp(-s)) for s in scores])
    assert ranker.probabilities(matrix * 1e6)[0] == 1.0  # no overflow
    assert len(RANKER.names) == len(RANKER.mean) == len(RANKER.scale) == len(RANKER.coef)
    assert set(RANKER.names) <= set(NAMES)


CHECKED = [
    "Cluster munitions are banned by more than 100 countries.",
    "Cluster munitions were used in the war.",
    "Bananas are berries.",
]


def _matcher(ranker: Ranker | None, threshold: float = 0.0, encoder=None) -> Matcher:
    store = Store.in_memory()
    rows = [CheckedRow(str(i), text, "true", "true", None, None, None, "test", "2026-01-01")
            for i, text in enumerate(CHECKED, 1)]  # fmt: skip
    store.memory.add_checked(rows)
    encoder = encoder or WordEncoder()
    store.vectors.put("memory", encoder.model_id, [1, 2, 3], encoder.encode(CHECKED))
    return Matcher(store, threshold, encoder, ranker=ranker)


def _descending(scores: list[float]) -> bool:
    return scores == sorted(scores, reverse=True)


TEXT = "More than 100 countries have banned cluster munitions"


def test_the_score_shown_is_the_rankers_probability_and_orders_the_list():
    fused = _matcher(None).rank(TEXT)  # no ranker: the fused score, as without vectors
    assert fused[0][0] == "checked:1"
    assert _descending([s for _, s in fused])
    ranked = _matcher(RANKER).rank(TEXT)
    assert ranked[0][0] == "checked:1"
    assert _descending([s for _, s in ranked])
    assert all(0.0 <= s <= 1.0 for _, s in ranked)
    # A ranker that prefers the farthest meaning reverses the order, and its scores with
    # it: what is listed first always shows the highest score.
    backwards = Ranker(("cos",), (0.0,), (1.0,), (-5.0,), 0.0)
    reversed_ = _matcher(backwards).rank(TEXT)
    assert reversed_[-1][0] == "checked:1"
    assert _descending([s for _, s in reversed_])


def test_find_keeps_only_matches_at_or_above_the_threshold_best_first():
    backwards = Ranker(("cos",), (0.0,), (1.0,), (-5.0,), 0.0)
    scores = dict(_matcher(backwards).rank(TEXT))
    threshold = sorted(scores.values())[1]  # the two best pass
    found = _matcher(backwards, threshold).find(TEXT, 3)
    assert len(found) == 2
    assert all(m.score >= threshold for m in found)
    assert _descending([m.score for m in found])
    assert "Cluster munitions are banned by more than 100 countries." not in [m.text for m in found]


def test_the_packaged_encoder_lists_matches_with_scores_descending():
    matcher = _matcher(RANKER, encoder=default_encoder())
    for text in (TEXT, "Cluster bombs were dropped during the war", "Is a banana a berry?"):
        ranked = matcher.rank(text)
        assert _descending([s for _, s in ranked]), (text, ranked)
        assert _descending([m.score for m in matcher.find(text, 3)])
    assert matcher.rank(TEXT)[0][0] == "checked:1"


def test_the_matchers_default_threshold_is_the_settings():
    assert Settings().match_threshold == MATCH_THRESHOLD
