"""The registry of export formats and the records every format is built from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from workbench.models import iso
from workbench.store import ClaimFilter, Store


@dataclass(frozen=True)
class ExportOptions:
    """Filters shared by every format."""

    reviewer: str | None = None
    """Only this reviewer's verdicts (and, with ``reviewed_only``, their claims)."""
    labels: tuple[str, ...] = ()
    reviewed_only: bool = False
    doc_id: str | None = None
    min_score: float | None = None

    def claim_filter(self) -> ClaimFilter:
        return ClaimFilter(
            status="reviewed" if self.reviewed_only else "all",
            reviewer=self.reviewer,
            labels=self.labels,
            doc_id=self.doc_id,
            min_score=self.min_score,
        )


def records(store: Store, options: ExportOptions = ExportOptions()) -> Iterator[dict[str, Any]]:
    """One plain dict per claim, streamed in document order: what every format writes."""
    documents: dict[str, dict[str, Any]] = {}
    for claim in store.iter_claims(options.claim_filter()):
        if claim.doc_id not in documents:
            doc = store.get_document(claim.doc_id)
            documents.clear()  # claims come grouped by document: keep one in memory
            documents[claim.doc_id] = {
                "id": doc.id,
                "title": doc.title,
                "source_path": doc.source_path,
                "url": doc.url,
                "outlet": doc.outlet,
                "published": doc.published,
                "language": doc.language,
            }
        verdicts = [
            {"reviewer": v.reviewer, "label": v.label, "note": v.note, "at": iso(v.at)}
            for v in store.verdicts(claim.id)
            if options.reviewer is None or v.reviewer == options.reviewer
        ]
        if options.labels:
            verdicts = [v for v in verdicts if v["label"] in options.labels]
        yield {
            "id": claim.id,
            "doc_id": claim.doc_id,
            "document": documents[claim.doc_id],
            "seq": claim.seq,
            "text": claim.text,
            "normalized": claim.normalized,
            "start": claim.start,
            "end": claim.end,
            "sentence_start": claim.sentence_start,
            "sentence_end": claim.sentence_end,
            "paragraph_start": claim.paragraph_start,
            "paragraph_end": claim.paragraph_end,
            "speaker": claim.speaker,
            "cue": claim.cue,
            "is_quote": claim.is_quote,
            "score": claim.score,
            "reasons": claim.reasons,
            "entities": [e.model_dump() for e in claim.entities],
            "cluster_id": claim.cluster_id,
            "extractor": claim.extractor,
            "verdicts": verdicts,
        }


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    description: str
    write: Callable[[Iterator[dict[str, Any]], IO[str]], int]
    """Writes the records to a text stream and returns how many it wrote."""


def _jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    from workbench.export.jsonl import write_jsonl

    return write_jsonl(rows, out)


FORMATS: dict[str, Exporter] = {
    "jsonl": Exporter("jsonl", ".jsonl", "one JSON object per claim, with its verdicts", _jsonl),
}


def export_records(
    store: Store, fmt: str, out: IO[str], options: ExportOptions = ExportOptions()
) -> int:
    if fmt not in FORMATS:
        raise KeyError(f"unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    return FORMATS[fmt].write(records(store, options), out)
