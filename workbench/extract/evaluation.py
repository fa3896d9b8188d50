"""Measuring check-worthiness against labelled sentences.

Reads the common public formats (ClaimBuster JSON, CLEF CheckThat! TSV, JSONL,
and the CLEF 2019 transcripts: TSV with no header, one line of a debate per row)
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
from workbench.extract.checkworthiness import parse
from workbench.extract.claims import is_claim
from workbench.extract.head import SentenceEncoder
from workbench.extract.scoring import score
from workbench.extract.training import Labelled, cross_validate, final_scores


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    #: The transcript a line belongs to (its file's name); "" for a sentence of a flat file.
    group: str = ""


def _transcript_row(line: str) -> list[str] | None:
    # CLEF 2019: line number, speaker, text, label; no header. A headed TSV's first
    # line has no number in its first field, so the two cannot be confused.
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) == 4 and fields[0].strip().isdigit() and fields[3].strip() in ("0", "1"):
        return fields
    return None


def read_transcript(path: Path) -> list[Example]:
    """The lines of a CLEF 2019 transcript, grouped under the file's name."""
    examples = []
    for i, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        fields = _transcript_row(line)
        if fields is None:
            raise DataError(f"{path}:{i}: expected line number, speaker, text, label")
        examples.append(Example(fields[2], int(fields[3]), path.stem))
    if not examples:
        raise DataError(f"{path}: no labelled lines")
    return examples


def read_paths(paths: Sequence[Path], column: str | None = None) -> list[Example]:
    """Labelled texts from files and folders (a folder: every .tsv, .json and .jsonl in
    it, sorted by name); each CLEF 2019 transcript is a group of its own."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix.lower() in (".tsv", ".json", ".jsonl", ".csv"))  # fmt: skip
            if not found:
                raise DataError(f"{path}: no .tsv, .csv, .json or .jsonl files")
            files += found
        else:
            files.append(path)
    return [e for f in files for e in read_labelled(f, column)]


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
    if suffix == ".tsv" and _transcript_row(raw.split("\n", 1)[0]) is not None:
        return read_transcript(path)
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


def _as_claims(docs: Sequence[Doc], scores: Sequence[float]) -> list[float]:
    # A text the extractor would never keep as a claim scores 0, as in ingest.
    return [s if is_claim(d[:]) else 0.0 for d, s in zip(docs, scores, strict=True)]


def score_texts(nlp: Language, texts: Sequence[str],
                encoder: SentenceEncoder | None = None) -> list[float]:  # fmt: skip
    """The check-worthiness score of each text with ``nlp``'s own classifier (and its
    head over sentence vectors, given an ``encoder`` and a model that has one)."""
    docs = parse(nlp, texts)
    model = nlp.get_pipe("workbench_checkworthiness").classifier  # type: ignore[attr-defined]
    if model is None:
        return rule_scores(docs)
    vectors = None
    if encoder is not None and model.head is not None:
        vectors = encoder.encode(texts)
    return _as_claims(docs, final_scores(model, docs, [""] * len(docs), vectors))


def labelled(nlp: Language, examples: Sequence[Example]) -> Labelled:
    docs = parse(nlp, [e.text for e in examples])
    return Labelled(docs, [e.label for e in examples], [e.group for e in examples])


def cross_validated_scores(nlp: Language, examples: Sequence[Example], k: int = 5, *,
                           encoder: SentenceEncoder | None = None,
                           extra: Sequence[Example] = (), seed: int = 0,
                           progress: Callable[[int, int], None] | None = None
                           ) -> list[float]:  # fmt: skip
    """Each text scored by a model trained on the other folds (and on ``extra``) only;
    a transcript is never split between folds."""
    data = labelled(nlp, examples)
    more = labelled(nlp, extra) if extra else None
    vectors = extra_vectors = None
    if encoder is not None:
        vectors = encoder.encode([e.text for e in examples])
        extra_vectors = encoder.encode([e.text for e in extra]) if extra else None
    scores = cross_validate(data, k, vectors, more, extra_vectors, seed=seed, progress=progress)
    return _as_claims(data.docs, scores)


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


def average_precision_by_group(labels: Sequence[int], scores: Sequence[float],
                               groups: Sequence[str]) -> dict[str, float]:  # fmt: skip
    """The average precision of the ranking within each named group (transcript) that
    has a check-worthy line: the CLEF 2019 task ranks lines within each debate."""
    out = {}
    for group in sorted({g for g in groups if g}):
        idx = [i for i, g in enumerate(groups) if g == group]
        ys = [labels[i] for i in idx]
        if any(ys):
            out[group] = metrics(ys, [scores[i] for i in idx], 0.5).average_precision
    return out
