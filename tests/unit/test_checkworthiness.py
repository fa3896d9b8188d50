"""The check-worthiness classifier: training, cross-validation, the shipped model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.extract.checkworthiness import (
    DEFAULT_MODEL,
    Classifier,
    ClassifierError,
    combine,
    features,
    folds,
    parse,
    train,
)

FACTS = [
    "The unemployment rate fell to {n} percent in {y}.",
    "Exports grew by {n} billion dollars in {y}.",
    "The state cut {n} thousand jobs in {y}, the ministry said.",
    "The bill passed the Senate by {n} votes in {y}.",
]
OPINIONS = [
    "I think we have to be better than this, number {n}.",
    "We should all work together for a better future {n}.",
    "This is a wonderful country and I love it, {n} times.",
    "Let me tell you what I believe in, friend {n}.",
]


def labelled(n: int = 10) -> list[tuple[str, int]]:
    data = []
    for i in range(n):
        data += [(t.format(n=3 + i, y=1990 + i), 1) for t in FACTS]
        data += [(t.format(n=i), 0) for t in OPINIONS]
    return data


def test_features_add_entity_and_tag_words(nlp):
    words = features(parse(nlp, ["Exports grew by 4 billion dollars in 2019."])[0])
    assert "exports" in words and "ENT_MONEY" in words and "TAG_VBD" in words


def test_a_trained_classifier_separates_what_it_learned(nlp):
    data = labelled()
    docs = parse(nlp, [t for t, _ in data])
    model = train(docs, [y for _, y in data], epochs=4)
    probe = parse(nlp, ["Imports grew by 7 billion dollars in 2001.", "I think we should be kind."])
    fact, opinion = model.probabilities(probe)
    assert fact > 0.5 > opinion


def test_folds_are_disjoint_and_cover_everything():
    parts = folds(103, 5)
    assert sorted(i for p in parts for i in p) == list(range(103))
    assert all(20 <= len(p) <= 21 for p in parts)
    assert parts != [list(range(i, 103, 5)) for i in range(5)]  # shuffled: files come sorted


def test_cross_validation_never_scores_a_sentence_with_a_model_that_saw_it(nlp, monkeypatch):
    import workbench.extract.checkworthiness as cw

    seen: list[set[str]] = []
    real_train = cw.train

    def spy(docs, labels, **kw):
        seen.append({d.text for d in docs})
        return real_train(docs, labels, **kw)

    scored: list[set[str]] = []
    real_probs = cw.Classifier.probabilities

    def spy_probs(self, spans):
        scored.append({s.text for s in spans})
        return real_probs(self, spans)

    monkeypatch.setattr(cw, "train", spy)
    monkeypatch.setattr(cw.Classifier, "probabilities", spy_probs)
    data = labelled(5)
    docs = parse(nlp, [t for t, _ in data])
    from workbench.extract.training import Labelled, cross_validate

    scores = cross_validate(Labelled(docs, [y for _, y in data], [""] * len(docs)), k=4)
    assert len(seen) == len(scored) == 4
    for trained_on, held_out in zip(seen, scored, strict=True):
        assert not trained_on & held_out
    assert len(scores) == len(docs) and all(0 <= s <= 1 for s in scores)


def test_the_final_score_mixes_classifier_and_rules():
    assert combine(1.0, 0.0) == 0.7 and combine(0.0, 1.0) == 0.3


def test_the_shipped_model_loads_and_ranks(nlp):
    model = Classifier.load(DEFAULT_MODEL)
    fact, opinion = model.probabilities(parse(nlp, [
        "Unemployment fell to 4.2 percent in March.",
        "I think we need to be kinder to each other.",
    ]))  # fmt: skip
    assert fact > opinion


def test_a_bad_classifier_directory_is_one_line(tmp_path):
    with pytest.raises(ClassifierError, match=str(tmp_path)):
        Classifier.load(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(_config(tmp_path)), "ingest",
                                      str(tmp_path / "x.txt")])  # fmt: skip
    assert result.exit_code == 2
    assert "not a check-worthiness model" in result.output


def _config(tmp_path):
    (tmp_path / "x.txt").write_text("The minister said 4 ships sank on Monday in the port.")
    config = tmp_path / "workbench.toml"
    config.write_text(f'classifier = "{tmp_path / "nothing"}"\ndb = "{tmp_path / "w.db"}"\n')
    return config


def test_train_and_evaluate_commands(tmp_path):
    data = tmp_path / "s.jsonl"
    data.write_text("".join(json.dumps({"text": t, "label": y}) + "\n" for t, y in labelled(6)))
    out = tmp_path / "model"
    result = CliRunner().invoke(cli, ["train", "checkworthiness", str(data), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "trained on 48 sentences (24 check-worthy)" in result.output
    assert (out / "meta.json").exists()
    # The trained folder is a classifier the settings can point at.
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "evaluate",
                                      "checkworthiness", str(data), "--format", "json"],
                                env={"WORKBENCH_CLASSIFIER": str(out)})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["f1"] > 0.9
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(data), "--folds", "3",
                                      "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n"] == 48


def test_training_needs_both_labels(tmp_path):
    data = tmp_path / "s.jsonl"
    data.write_text('{"text": "The budget grew by 4 percent in 2020.", "label": 1}\n')
    result = CliRunner().invoke(cli, ["train", "checkworthiness", str(data), "-o",
                                      str(tmp_path / "m")])  # fmt: skip
    assert result.exit_code == 2 and "needs both" in result.output
