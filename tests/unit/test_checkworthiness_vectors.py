"""Check-worthiness with sentence vectors: the linear head, transcripts, grouped folds,
and the extractor scoring with an encoder passed in from above."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.datafiles import DataError
from workbench.extract import Extractor
from workbench.extract.checkworthiness import DEFAULT_MODEL, Classifier
from workbench.extract.evaluation import (
    Example,
    average_precision_by_group,
    read_labelled,
    read_paths,
)
from workbench.extract.head import Head, Signals, fit
from workbench.extract.reasons import Kind, Reason
from workbench.extract.training import group_folds, text_key
from workbench.models import Document

TRANSCRIPT = (
    "1\tHOLT\tGood evening and welcome.\t0\n"
    "2\tTRUMP\tWe lost 70,000 factories since 2001.\t1\n"
    "3\tCLINTON\tThank you, Lester.\t0\n"
)


class FakeEncoder:
    """Deterministic 384-d vectors from the words, and a count of calls (no model)."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, sum(map(ord, word)) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def test_a_transcript_is_read_as_one_group_named_after_its_file(tmp_path):
    path = tmp_path / "20160926_1pres.tsv"
    path.write_text(TRANSCRIPT)
    examples = read_labelled(path)
    assert [e.label for e in examples] == [0, 1, 0]
    assert {e.group for e in examples} == {"20160926_1pres"}
    assert examples[1].text == "We lost 70,000 factories since 2001."


def test_a_folder_reads_every_transcript_in_it(tmp_path):
    for name in ("b.tsv", "a.tsv"):
        (tmp_path / name).write_text(TRANSCRIPT)
    (tmp_path / "notes.txt").write_text("not data")
    examples = read_paths([tmp_path])
    assert [e.group for e in examples[::3]] == ["a", "b"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match=r"no \.tsv"):
        read_paths([empty])


def test_a_broken_transcript_line_names_its_line(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(TRANSCRIPT + "4\tHOLT\tno label here\n")
    with pytest.raises(DataError, match=r"t.tsv:4: expected line number"):
        read_labelled(path)


def test_average_precision_within_each_transcript():
    labels = [1, 0, 0, 1, 0, 0]
    scores = [0.2, 0.9, 0.1, 0.8, 0.3, 0.1]
    groups = ["a", "a", "a", "b", "b", ""]
    ap = average_precision_by_group(labels, scores, groups)
    # a: the positive is ranked 2nd -> 1/2; b: ranked 1st -> 1; "" is not a transcript.
    assert ap == {"a": 0.5, "b": 1.0}


def test_folds_never_split_a_transcript():
    groups = [f"t{i % 7}" for i in range(70)] + [""] * 30
    parts = group_folds(groups, 5)
    assert sorted(i for p in parts for i in p) == list(range(100))
    for g in {g for g in groups if g}:
        assert sum(any(groups[i] == g for i in p) for p in parts) == 1


def test_the_same_sentence_in_two_datasets_is_one_key():
    assert text_key("We lost  70,000 factories. ") == text_key("we lost 70,000 factories.")


def _signals(n: int, flag: bool) -> list[Signals]:
    kinds = (Reason(Kind.NUMBER),) if flag else (Reason(Kind.OPINION),)
    return [Signals(0.8 if flag else 0.2, 0.6 if flag else 0.3, kinds) for _ in range(n)]


def test_the_head_learns_and_writes_the_same_bytes_twice(tmp_path):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(40, 8))
    labels = [1] * 20 + [0] * 20
    vectors[:20, 0] += 2.0
    signals = _signals(20, True) + _signals(20, False)
    head = fit(vectors, signals, labels)
    p = head.predict(vectors, signals)
    assert p[:20].min() > 0.5 > p[20:].max()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        fit(vectors, signals, labels).to_disk(tmp_path / name)
    assert (tmp_path / "a/head.json").read_bytes() == (tmp_path / "b/head.json").read_bytes()
    again = Head.from_disk(tmp_path / "a")
    assert again is not None and np.allclose(again.predict(vectors, signals), p)


def test_a_smaller_vector_scale_shrinks_the_vector_weights_only_there():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(60, 8))
    labels = [1] * 30 + [0] * 30
    vectors[:30, 0] += 1.0
    signals = _signals(30, True) + _signals(30, False)
    plain = fit(vectors, signals, labels, vector_scale=1.0)
    shrunk = fit(vectors, signals, labels, vector_scale=0.25)
    # Predictions see the same scaling as the fit (it is kept in the head's scale).
    assert np.allclose(shrunk.mean, plain.mean) and np.allclose(shrunk.scale[8:], plain.scale[8:])
    assert np.allclose(shrunk.scale[:8], plain.scale[:8] * 4)
    assert np.abs(shrunk.weights[:8] / 4).sum() < np.abs(plain.weights[:8]).sum()
    p = shrunk.predict(vectors, signals)
    assert p[:30].mean() > p[30:].mean()


def test_the_packaged_model_has_a_head_for_384_dimensions():
    model = Classifier.load(DEFAULT_MODEL)
    assert model.head is not None and model.head.dimension == 384


def test_the_extractor_scores_with_an_encoder_passed_in(nlp):
    text = "Exports grew by 4 billion dollars in 2019, the ministry said.\n\nI think so."
    document = Document.from_text(text)
    plain = Extractor(nlp).extract(document).claims
    encoder = FakeEncoder()
    scored = Extractor(nlp, encoder=encoder).extract(document).claims
    assert encoder.calls == 1  # one call for the whole document
    assert [c.text for c in plain] == [c.text for c in scored]
    # The head's probability is the score, and the reasons say so.
    for claim in scored:
        assert f"classifier: {claim.score:.2f} check-worthy" in claim.reasons
    # The same rules fire either way.
    assert [r for r in plain[0].reasons if "classifier" not in r] == [
        r for r in scored[0].reasons if "classifier" not in r
    ]


def test_rules_alone_ignore_an_encoder(tmp_path):
    from workbench.extract import load_pipeline

    encoder = FakeEncoder()
    extractor = Extractor(load_pipeline(classifier=""), encoder=encoder)
    claims = extractor.extract(Document.from_text("Exports grew by 4 percent in 2019.")).claims
    assert claims and encoder.calls == 0


def test_evaluate_transcripts_reports_their_map(tmp_path):
    (tmp_path / "a.tsv").write_text(TRANSCRIPT)
    (tmp_path / "b.tsv").write_text(TRANSCRIPT.replace("Thank you, Lester.", "Hello again."))
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(tmp_path),
                                      "--no-vectors", "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out["average_precision_by_transcript"]) == {"a", "b"}
    assert out["map"] == pytest.approx(sum(out["average_precision_by_transcript"].values()) / 2)
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(tmp_path),
                                      "--no-vectors"])  # fmt: skip
    assert "MAP (2 transcripts)" in result.output


def test_also_train_needs_folds(tmp_path):
    (tmp_path / "a.tsv").write_text(TRANSCRIPT)
    result = CliRunner().invoke(cli, ["evaluate", "checkworthiness", str(tmp_path / "a.tsv"),
                                      "--also-train", str(tmp_path / "a.tsv")])  # fmt: skip
    assert result.exit_code == 2 and "--also-train needs --folds" in result.output


def test_example_groups_default_to_none():
    assert Example("A", 1).group == ""


def test_a_head_trained_on_other_rules_is_refused(tmp_path):
    from workbench.extract.checkworthiness import ClassifierError

    model = Classifier.load(DEFAULT_MODEL)
    model.to_disk(tmp_path)
    data = json.loads((tmp_path / "head.json").read_text())
    data["features"][-1] = "rule_gone"
    (tmp_path / "head.json").write_text(json.dumps(data))
    with pytest.raises(ClassifierError, match="trained on other signals"):
        Classifier.load(tmp_path)
