"""The registry of export formats: name, file suffix, and how each one writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from workbench.config import Settings
from workbench.export.records import ExportOptions, ExportReport, flat_rows, records
from workbench.store import Store

Records = Iterable[dict[str, Any]]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    description: str
    binary: bool
    """Binary formats need a file (-o); text formats default to standard output."""
    write: Callable[[Records, Any, Settings, ExportReport], int]
    """Writes the records to a text stream (or, for binary formats, a path); returns
    how many records it wrote."""


def _jsonl(rows: Records, out: IO[str], settings: Settings, report: ExportReport) -> int:
    from workbench.export.jsonl import write_jsonl

    return write_jsonl(rows, out)


def _csv(rows: Records, out: IO[str], settings: Settings, report: ExportReport) -> int:
    from workbench.export.csvfile import write_csv

    return write_csv(rows, out)


def _parquet(rows: Records, out: Path, settings: Settings, report: ExportReport) -> int:
    from workbench.export.parquet import write_parquet

    return write_parquet(rows, out)


def _claimreview(rows: Records, out: IO[str], settings: Settings, report: ExportReport) -> int:
    from workbench.export.claimreview import write_claimreview

    return write_claimreview(rows, out, settings, report)


def _prodigy(rows: Records, out: IO[str], settings: Settings, report: ExportReport) -> int:
    from workbench.export.training import write_prodigy

    return write_prodigy(rows, out, report)


def _spacy(rows: Records, out: Path, settings: Settings, report: ExportReport) -> int:
    from workbench.export.training import write_docbin

    return write_docbin(rows, out, report)


FORMATS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("jsonl", ".jsonl", "one JSON object per claim: document, verdicts, history",
                 False, _jsonl),
        Exporter("csv", ".csv", "flat rows, one per claim and verdict; formula-safe",
                 False, _csv),
        Exporter("parquet", ".parquet", "the CSV's columns, typed, for analysis at scale",
                 True, _parquet),
        Exporter("claimreview", ".json", "schema.org ClaimReview JSON-LD, validated",
                 False, _claimreview),
        Exporter("spacy", ".spacy", "spaCy DocBin: doc.cats and the claim span, for spacy train",
                 True, _spacy),
        Exporter("prodigy", ".jsonl", "Prodigy-style tasks: text, spans, accept/reject",
                 False, _prodigy),
    )
}  # fmt: skip


def export(
    store: Store,
    fmt: str,
    target: IO[str] | Path,
    settings: Settings,
    options: ExportOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportReport:
    """Write the claims that ``options`` selects in format ``fmt`` to ``target``."""
    exporter = FORMATS[fmt]
    options = options or ExportOptions()
    report = ExportReport()
    if not options.final and fmt in ("jsonl", "csv", "parquet"):
        # SQLite builds these rows itself: several times faster than Python records.
        if fmt == "jsonl":
            from workbench.export.jsonl import write_jsonl_from_store

            report.written = write_jsonl_from_store(store, options, target, progress)
        elif fmt == "csv":
            from workbench.export.csvfile import write_csv_rows

            report.written = write_csv_rows(flat_rows(store, options, progress), target)
        else:
            from workbench.export.parquet import write_parquet_rows

            report.written = write_parquet_rows(flat_rows(store, options, progress), target)
        return report
    # JSONL copies stored JSON through without decoding it; the other formats need values.
    rows = records(store, options, report, progress, raw=fmt == "jsonl")
    report.written = exporter.write(rows, target, settings, report)
    return report
