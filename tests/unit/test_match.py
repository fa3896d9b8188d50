import json

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.datafiles import DataError
from workbench.match import Matcher, retrieval_metrics
from workbench.match.evaluation import read_pool, read_qrels
from workbench.store import Store
from workbench.store.memory import terms


def test_metrics_by_hand():
    gold = {"q1": {"a"}, "q2": {"b", "c"}, "q3": {"z"}}
    runs = {"q1": ["a", "x"], "q2": ["x", "b", "y", "c"], "q3": ["x"]}
    m = retrieval_metrics(runs, gold)
    assert m.n == 3
    assert m.map_at_1 == pytest.approx((1 + 0 + 0) / 3)
    # q2: hits at ranks 2 and 4 -> (1/2 + 2/4) / 2
    assert m.map_at_5 == pytest.approx((1 + 0.5 + 0) / 3)
    assert m.mrr == pytest.approx((1 + 0.5 + 0) / 3)
    assert m.recall_at_5 == pytest.approx((1 + 1 + 0) / 3)


def test_terms_drop_noise_and_split_hashtags():
    # Handles name people ("@JoeBiden" is "joe biden"); links and stop words go; "G-7" is "g7".
    assert terms("RT @JoeBiden: #DefundTheCBC now https://t.co/x the CBC and G-7") == [
        "joe", "biden", "defund", "cbc", "now", "cbc", "g7"]  # fmt: skip


def test_memory_ranks_the_same_claim_first():
    store = Store.in_memory()
    store.memory.add([
        ("checked:1", "Cluster munitions are banned by more than 100 countries.", "Cluster bombs"),
        ("checked:2", "The Kremlin said G7 guarantees threaten Russia.", "Kremlin on G7"),
        ("checked:3", "Bananas are berries.", "Botany"),
    ])  # fmt: skip
    matcher = Matcher(store)
    assert (
        matcher.rank("More than 100 countries have banned cluster munitions")[0][0] == "checked:1"
    )
    assert matcher.rank("") == [] and matcher.rank("the of a") == []


def test_pool_with_quoted_newlines_and_bad_qrels(tmp_path):
    pool = tmp_path / "pool.tsv"
    pool.write_text('\tvclaim\ttitle\n0\t"a claim\nover two lines"\tT\n1\tplain\tU\n')
    assert read_pool(pool) == [("0", "a claim\nover two lines", "T"), ("1", "plain", "U")]
    qrels = tmp_path / "q.qrels"
    qrels.write_text("1 0 2\n")
    with pytest.raises(DataError, match=r"q.qrels:1: expected"):
        read_qrels(qrels)


def test_evaluate_matching_command(tmp_path):
    pool = tmp_path / "pool.tsv"
    pool.write_text("\tvclaim\ttitle\n7\tThe minister resigned on Monday.\tResignation\n"
                    "8\tBananas are berries.\tBotany\n")  # fmt: skip
    queries = tmp_path / "queries.tsv"
    queries.write_text("\ttweet_content\nq1\tDid the minister resign Monday? #politics\n")
    qrels = tmp_path / "pairs.qrels"
    qrels.write_text("q1 0 7 1\n")
    args = ["evaluate", "matching", "--pool", str(pool), "--queries", str(queries),
            "--qrels", str(qrels), "--format", "json"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out == {"map_at_1": 1.0, "map_at_5": 1.0, "mrr": 1.0, "recall_at_5": 1.0, "n": 1}
