"""Issue 12: sentence vectors stored with their model, searched with numpy, fused into
the one ranking. The real packaged model on a few sentences; no network."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from tests.helpers import make_claim, make_document, raw
from workbench.cli import cli
from workbench.match import Matcher
from workbench.match.embedding import backfill
from workbench.semantic import default_encoder
from workbench.store import Store, VectorIndex
from workbench.store import vectors as vectors_module

MEMORY = [
    ("checked:eiffel", "The Eiffel Tower is in Paris.", ""),
    ("checked:cluster", "Cluster munitions are banned by more than 100 countries.", ""),
    ("checked:moon", "The moon landing in 1969 was staged in a studio.", ""),
    ("checked:vaccine", "Vaccines cause autism in children.", ""),
]


@pytest.fixture(scope="module")
def encoder():
    return default_encoder()


def _unit(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def test_vectors_round_trip_with_their_model_and_another_model_counts_as_missing(encoder):
    store = Store.in_memory()
    store.memory.add(MEMORY)
    assert [n for n, _ in store.vectors.missing("memory", encoder.model_id)] == [1, 2, 3, 4]
    assert backfill(store, encoder, "memory") == 4
    assert store.vectors.missing("memory", encoder.model_id) == []
    got = store.vectors.get("memory", encoder.model_id, [2], encoder.dimension)[2]
    exact = encoder.encode([MEMORY[1][1]])[0]
    assert float(got @ exact) > 0.999  # float16 keeps the cosine
    # Another model's vectors are never mixed in: every row is missing for it.
    assert len(store.vectors.missing("memory", "other-model")) == 4
    row = raw(store).execute("SELECT model, length(vec) FROM memory_vectors WHERE num = 1")
    assert row.fetchone() == (encoder.model_id, 2 * encoder.dimension)


def test_an_edited_claim_loses_its_stale_vector(encoder):
    store = Store.in_memory()
    doc = make_document("Peskov said the bridge cost 3.7 billion dollars.")
    store.claims.add_document(doc, [make_claim(doc)])
    backfill(store, encoder, "claims")
    claim = store.claims.claims_of(doc.id)[0]
    assert store.vectors.missing("claims", encoder.model_id) == []
    store.reviews.edit_normalized(claim.id, "ann", "The bridge cost 3.7 billion dollars.")
    assert store.vectors.missing("claims", encoder.model_id) == [
        (1, "The bridge cost 3.7 billion dollars.")
    ]


def test_the_binary_prefilter_finds_what_exact_search_finds(monkeypatch):
    rng = np.random.default_rng(0)
    centres = _unit(rng.normal(size=(50, 384)))
    matrix = _unit(centres[rng.integers(0, 50, 3000)] + rng.normal(0, 0.05, (3000, 384)))
    nums = np.arange(1, 3001, dtype=np.int64)
    exact = VectorIndex(384)
    exact.extend(nums, matrix.astype(np.float16))
    monkeypatch.setattr(vectors_module, "EXACT_LIMIT", 100)
    binary = VectorIndex(384)
    binary.extend(nums, matrix.astype(np.float16))
    queries = _unit(matrix[:40] + rng.normal(0, 0.02, (40, 384)))
    agree = sum(exact.search(q, 1)[0][0] == binary.search(q, 1)[0][0] for q in queries)
    assert agree == 40
    assert binary.search(queries[0], 5)[0][0] == 1


def test_the_binary_prefilter_ranks_the_top_five_as_brute_force_does(monkeypatch):
    rng = np.random.default_rng(3)
    centres = _unit(rng.normal(size=(40, 384)))
    matrix = _unit(centres[rng.integers(0, 40, 5000)] + rng.normal(0, 0.06, (5000, 384)))
    nums = np.arange(1, 5001, dtype=np.int64)
    monkeypatch.setattr(vectors_module, "EXACT_LIMIT", 100)
    monkeypatch.setattr(vectors_module, "HAMMING_BLOCK", 1000)  # several blocks, one partial
    binary = VectorIndex(384)
    binary.extend(nums[:3000], matrix[:3000].astype(np.float16))
    binary.search(matrix[0], 1)  # codes made now; the rows below are added to them
    binary.extend(nums[3000:], matrix[3000:].astype(np.float16))
    brute = matrix.astype(np.float16).astype(np.float32)
    for q in _unit(matrix[::250] + rng.normal(0, 0.03, (20, 384))):
        scores = brute @ q
        best = np.argsort(-scores, kind="stable")[:5]
        got = binary.search(q, 5)
        assert [n for n, _ in got] == [int(nums[i]) for i in best]
        np.testing.assert_allclose([c for _, c in got], scores[best], rtol=1e-5)


def test_hamming_distances_count_every_differing_bit(monkeypatch):
    monkeypatch.setattr(vectors_module, "HAMMING_BLOCK", 64)
    rng = np.random.default_rng(4)
    bits = rng.integers(0, 2**63, (6, 1000), dtype=np.uint64)
    code = bits[:, 7].copy()
    got = vectors_module.hamming(np.ascontiguousarray(bits), code)
    naive = np.unpackbits((bits ^ code[:, None]).T.copy().view(np.uint8), axis=1).sum(axis=1)
    assert got.tolist() == naive.tolist()
    assert got[7] == 0
    near = vectors_module.nearest_codes(got, 10)
    assert len(near) >= 10 and 7 in near
    assert got[near].max() <= np.sort(got)[9]  # the ten nearest, and only ties beyond


def test_near_pairs_find_each_pair_once_when_comparing_everything():
    vectors = _unit(np.array([[1, 0, 0], [0.99, 0.1, 0], [0, 1, 0]], dtype=np.float32))
    index = VectorIndex(3)
    nums = np.array([1, 2, 3], dtype=np.int64)
    index.extend(nums, vectors.astype(np.float16))
    both = index.near_pairs(nums, vectors, 0.9, 10)
    assert sorted((a, b) for a, b, _ in both) == [(1, 2), (2, 1)]
    once = index.near_pairs(nums, vectors, 0.9, 10, older_only=True)
    assert [(a, b) for a, b, _ in once] == [(2, 1)]


@pytest.mark.parametrize("older_only", [False, True])
def test_near_pairs_are_the_nearest_of_all_pairs_in_blocks(monkeypatch, older_only):
    monkeypatch.setattr(vectors_module, "QUERY_BLOCK", 7)
    monkeypatch.setattr(vectors_module, "INDEX_BLOCK", 50)
    rng = np.random.default_rng(5)
    centres = _unit(rng.normal(size=(8, 384)))
    matrix = _unit(centres[rng.integers(0, 8, 300)] + rng.normal(0, 0.06, (300, 384)))
    nums = np.arange(10, 310, dtype=np.int64)
    index = VectorIndex(384)
    index.extend(nums, matrix.astype(np.float16))
    query = index.half.astype(np.float32)
    got = index.near_pairs(nums, query, 0.5, 4, older_only=older_only)
    scores = query @ query.T
    expected = []
    for i, a in enumerate(nums.tolist()):
        others = [(b, float(scores[i, j])) for j, b in enumerate(nums.tolist())
                  if scores[i, j] >= 0.5 and (b < a if older_only else b != a)]  # fmt: skip
        others.sort(key=lambda p: (-p[1], p[0]))
        expected += [(a, b, c) for b, c in others[:4]]
    assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in expected]
    np.testing.assert_allclose([c for *_, c in got], [c for *_, c in expected], rtol=1e-5)


def test_meaning_finds_a_restatement_that_shares_few_words(encoder):
    store = Store.in_memory()
    store.memory.add(MEMORY)
    backfill(store, encoder, "memory")
    query = "More than a hundred nations prohibit cluster bombs."
    fused = Matcher(store, 0.0, encoder).rank(query, 3)
    assert fused[0][0] == "checked:cluster"
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)
    # Meaning finds what shares no word at all.
    assert Matcher(store, 0.0, encoder).rank("Jabs give kids autism.", 1)[0][0] == (
        "checked:vaccine"
    )


def test_match_prints_best_first_by_the_score_it_prints(tmp_path):
    db = tmp_path / "w.db"
    checks = tmp_path / "checks.jsonl"
    checks.write_text("\n".join(json.dumps({"claim": text, "verdict": "false"})
                                for _, text, _ in MEMORY), encoding="utf-8")  # fmt: skip
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "import-checked", str(checks)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--db", str(db), "match", "--format", "json", "--limit", "4",
                                 "Cluster bombs are outlawed in over 100 countries"])  # fmt: skip
    found = json.loads(result.output)
    assert found[0]["text"] == MEMORY[1][1]
    assert [m["score"] for m in found] == sorted((m["score"] for m in found), reverse=True)
    # As printed for a reader: each match's line starts with its score, best first.
    result = runner.invoke(cli, ["--db", str(db), "match", "--limit", "4",
                                 "Cluster bombs are outlawed in over 100 countries"])  # fmt: skip
    printed = [float(line.split()[0]) for line in result.output.splitlines()
               if line[:1].isdigit()]  # fmt: skip
    assert printed and printed == sorted(printed, reverse=True)
    assert printed == [round(m["score"], 2) for m in found]
    result = runner.invoke(cli, ["--db", str(db), "vectors"])
    assert result.exit_code == 0 and "0 encoded" in result.output
