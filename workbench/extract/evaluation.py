"""Measuring check-worthiness against labelled sentences.

Reads the common public formats (ClaimBuster JSON, CLEF CheckThat! TSV, JSONL)
and scores each sentence with the extractor's check-worthiness score.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from workbench.datafiles import DataError, read_text
from workbench.extract.attribution import attribute
from workbench.extract.checkworthiness import Classifier, combine, cross_validate, parse
from workbench.extract.claims import is_claim
from workbench.extract.scoring import score


@dataclass(frozen=True)
class Example:
    text: str
    label: int


def _label(value: object, where: str) -> int:
    if value in (0, 1, "0", "1", True, False):
        return int(value)
    raise DataError(f"{where}: label {value!r} is not 0 or 1")


def read_labelled(path: Path, column: str | None = None) -> list[Example]:
    """Labelled sentences from ClaimBuster JSON (a list of {"text", "label"}), CheckThat!
    TSV (a header, the text in ``tweet_text`` or ``text``, the label in ``column``,
    ``check_worthiness`` or ``claim``), or JSONL with ``text`` and ``label``."""
    raw = read_text(path)
    suffix = path.suffix.lower()
    examples: list[Example] = []
    if suffix == ".json":
        try:
            rows = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
        if not isinstance(rows, list):
            raise DataError(f"{path}: expected a JSON list of {{text, label}} objects")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or "text" not in row or "label" not in row:
                raise DataError(f"{path}: item {i} has no text and label")
            examples.append(Example(str(row["text"]), _label(row["label"], f"{path}: item {i}")))
    elif suffix in (".tsv", ".csv"):
        reader = csv.DictReader(raw.splitlines(), delimiter="\t" if suffix == ".tsv" else ",")
        fields = reader.fieldnames or []
        text_col = next((c for c in ("tweet_text", "text", "sentence") if c in fields), None)
        label_col = column or next((c for c in ("check_worthiness", "claim", "label")
                                    if c in fields), None)  # fmt: skip
        if text_col is None or label_col not in fields:
            raise DataError(f"{path}: needs a text column and a label column; header is {fields}")
        for i, row in enumerate(reader, 2):
            examples.append(Example(row[text_col], _label(row[label_col], f"{path}:{i}")))
    elif suffix == ".jsonl":
        for i, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{i}: not JSON ({exc.msg})") from None
            examples.append(Example(str(row["text"]), _label(row.get("label"), f"{path}:{i}")))
    else:
        raise DataError(f"{path}: unknown format (use .json, .tsv, .csv or .jsonl)")
    if not examples:
        raise DataError(f"{path}: no labelled sentences")
    return examples


def rule_scores(docs: Sequence[Doc]) -> list[float]:
    """The rule score of each parsed text taken as one statement (0 when the extractor
    would not take it as a claim at all)."""
    out = []
    for doc in docs:
        span = doc[:]
        out.append(score(span, attribute(span))[0] if is_claim(span) else 0.0)
    return out


def final_scores(docs: Sequence[Doc], classifier: Classifier | None) -> list[float]:
    """The score the extractor gives each text: rules mixed with the classifier."""
    rules = rule_scores(docs)
    if classifier is None:
        return rules
    probs = classifier.probabilities(docs)
    return [combine(p, r) if r else 0.0 for p, r in zip(probs, rules, strict=True)]


def score_texts(nlp: Language, texts: Sequence[str]) -> list[float]:
    """The check-worthiness score of each text with ``nlp``'s own classifier."""
    scorer = nlp.get_pipe("workbench_checkworthiness")
    return final_scores(parse(nlp, texts), scorer.classifier)  # type: ignore[attr-defined]


def cross_validated_scores(nlp: Language, examples: Sequence[Example], k: int = 5, *,
                           seed: int = 0, progress: Callable[[int, int], None] | None = None
                           ) -> list[float]:  # fmt: skip
    """Each sentence scored by a classifier trained on the other folds only."""
    docs = parse(nlp, [e.text for e in examples])
    labels = [e.label for e in examples]
    rules = rule_scores(docs)
    scores = cross_validate(docs, labels, rules, k, seed=seed, progress=progress)
    # A sentence the extractor would never keep as a claim scores 0, as in ingest.
    return [s if r else 0.0 for s, r in zip(scores, rules, strict=True)]


@dataclass(frozen=True)
class Metrics:
    precision: float
    recall: float
    f1: float
    average_precision: float
    n: int
    positives: int
    threshold: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "average_precision": self.average_precision, "n": self.n,
            "positives": self.positives, "threshold": self.threshold,
        }  # fmt: skip


def metrics(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Metrics:
    """Precision, recall and F1 of the positive class at ``threshold``, and the average
    precision of the ranking by score (ties broken against us: pessimistic)."""
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if not y and s >= threshold)
    positives = sum(labels)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ranked = sorted(zip(scores, labels, strict=True), key=lambda p: (-p[0], p[1]))
    hits, total = 0, 0.0
    for rank, (_, y) in enumerate(ranked, 1):
        if y:
            hits += 1
            total += hits / rank
    ap = total / positives if positives else 0.0
    return Metrics(precision, recall, f1, ap, len(labels), positives, threshold)
