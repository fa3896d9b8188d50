import json

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.extract.evaluation import DataError, Example, metrics, read_labelled, score_texts


def test_metrics_by_hand():
    labels = [1, 0, 1, 1, 0]
    scores = [0.9, 0.8, 0.4, 0.7, 0.1]
    m = metrics(labels, scores, threshold=0.5)
    # predicted positive: 0.9 (tp), 0.8 (fp), 0.7 (tp); missed: 0.4
    assert (m.precision, m.recall) == (2 / 3, 2 / 3)
    assert m.f1 == pytest.approx(2 / 3)
    # ranking 1,0,1,1,0 -> AP = (1/1 + 2/3 + 3/4) / 3
    assert m.average_precision == pytest.approx((1 + 2 / 3 + 3 / 4) / 3)
    assert metrics([0, 0], [0.9, 0.1], 0.5).f1 == 0.0


def test_read_the_three_formats(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "A", "label": 1, "sentence_id": 3}]))
    (tmp_path / "b.tsv").write_text("topic_id\ttweet_text\tclaim\tcheck_worthiness\nx\tB\t1\t0\n")
    (tmp_path / "c.jsonl").write_text('{"text": "C", "label": 0}\n\n')
    assert read_labelled(tmp_path / "a.json") == [Example("A", 1)]
    assert read_labelled(tmp_path / "b.tsv") == [Example("B", 0)]
    assert read_labelled(tmp_path / "b.tsv", column="claim") == [Example("B", 1)]
    assert read_labelled(tmp_path / "c.jsonl") == [Example("C", 0)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.json", "{", "not JSON"),
        ("x.json", '{"text": 1}', "expected a JSON list"),
        ("x.json", '[{"text": "a", "label": 2}]', "label 2 is not 0 or 1"),
        ("x.tsv", "a\tb\n1\t2\n", "needs a text column"),
        ("x.jsonl", "{oops\n", "x.jsonl:1: not JSON"),
        ("x.txt", "hello", "unknown format"),
        ("x.json", "[]", "no labelled sentences"),
    ],
)
def test_bad_files_are_one_line_errors_naming_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(DataError, match=message) as info:
        read_labelled(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_scores_rank_factual_statements_above_opinions(nlp):
    scores = score_texts(nlp, [
        "Unemployment fell to 4.2 percent in March, the Labor Department said.",
        "I think we should all be kinder to each other.",
        "What are we going to do?",
    ])  # fmt: skip
    assert scores[0] > scores[1] and scores[2] == 0.0


def test_evaluate_command_json(tmp_path):
    data = tmp_path / "s.jsonl"
    data.write_text(
        '{"text": "The budget deficit reached 4.2 percent of GDP in 2023.", "label": 1}\n'
        '{"text": "Maybe we should talk about it.", "label": 0}\n'
    )
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(data), "--format",
                                      "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"precision", "recall", "f1", "average_precision", "n"} <= set(out)
    assert out["n"] == 2
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(bad)])
    assert result.exit_code == 2 and "bad.json: not JSON" in result.output
