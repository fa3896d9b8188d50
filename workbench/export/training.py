"""Training data: spaCy DocBin and Prodigy-style JSONL.

One example per reviewed claim: the claim's sentence as the text, the claim
span in it, and the check-worthiness decision. A verdict of "opinion" or
"not-check-worthy" says the extraction should not have picked the claim
(reject / CHECKWORTHY = 0); any other verdict accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from workbench.export.records import ExportReport

NOT_CHECKWORTHY = frozenset({"opinion", "not-check-worthy"})
CATEGORY = "CHECKWORTHY"
SPAN_KEY = "claims"


def examples(records: Iterable[dict[str, Any]], report: ExportReport
             ) -> Iterator[dict[str, Any]]:  # fmt: skip
    """Sentence, span offsets within it, and the decision, for each reviewed claim."""
    texts: dict[str, str] = {}
    for record in records:
        doc = record["document"]
        if doc["text"] is not None:
            texts = {doc["id"]: doc["text"]}  # claims come grouped by document
        text = texts.get(record["doc_id"])
        if "final" in record:
            label = record["final"]["label"] if record["final"] else None
        else:
            labels = {v["label"] for v in record["verdicts"]}
            label = labels.pop() if len(labels) == 1 else None
            if len(labels) > 0:
                report.left_out["claims whose reviewers disagree (use --final)"] += 1
                continue
        if label is None or text is None:
            if label is None:
                report.left_out["claims without a verdict"] += 1
            continue
        s0, s1 = record["sentence_start"], record["sentence_end"]
        yield {
            "text": text[s0:s1],
            "start": record["start"] - s0,
            "end": record["end"] - s0,
            "label": label,
            "accept": label not in NOT_CHECKWORTHY,
            "meta": {"claim_id": record["id"], "doc_id": record["doc_id"]},
        }


def write_prodigy(records: Iterable[dict[str, Any]], out: IO[str], report: ExportReport) -> int:
    count = 0
    for ex in examples(records, report):
        task = {
            "text": ex["text"],
            "spans": [{"start": ex["start"], "end": ex["end"], "label": ex["label"]}],
            "label": CATEGORY,
            "answer": "accept" if ex["accept"] else "reject",
            "meta": ex["meta"],
        }
        out.write(json.dumps(task, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_docbin(records: Iterable[dict[str, Any]], path: Path, report: ExportReport,
                 lang: str = "en") -> int:  # fmt: skip
    """A .spacy file `spacy train` reads: doc.cats for textcat, the claim in a span group."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank(lang)  # tokenizer only: fast, and what a fresh textcat trains on
    docbin = DocBin(store_user_data=False)
    count = 0
    for ex in examples(records, report):
        doc = nlp.make_doc(ex["text"])
        span = doc.char_span(ex["start"], ex["end"], label=ex["label"], alignment_mode="expand")
        doc.spans[SPAN_KEY] = [span] if span is not None else []
        doc.cats = {CATEGORY: 1.0 if ex["accept"] else 0.0,
                    f"NOT_{CATEGORY}": 0.0 if ex["accept"] else 1.0}  # fmt: skip
        docbin.add(doc)
        count += 1
    docbin.to_disk(path)
    return count
