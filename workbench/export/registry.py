"""The registry of export formats: name, file suffix, and how each one writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from workbench.config import Settings
from workbench.export.records import ExportOptions, ExportReport, flat_rows, records
from workbench.store import Store

Records = Iterable[dict[str, Any]]
Progress = Callable[[int], None]


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
    from_store: Callable[[Store, ExportOptions, Any, Progress | None], int] | None = None
    """Writes straight from rows SQLite built (several times faster than Python
    records); used unless ``--final`` needs a verdict resolved per claim."""


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


def _jsonl_fast(store: Store, options: ExportOptions, out: IO[str], progress: Progress | None
                ) -> int:  # fmt: skip
    from workbench.export.jsonl import write_jsonl_from_store

    return write_jsonl_from_store(store, options, out, progress)


def _csv_fast(store: Store, options: ExportOptions, out: IO[str], progress: Progress | None
              ) -> int:  # fmt: skip
    from workbench.export.csvfile import write_csv_rows

    return write_csv_rows(flat_rows(store, options, progress), out)


def _parquet_fast(store: Store, options: ExportOptions, out: Path, progress: Progress | None
                  ) -> int:  # fmt: skip
    from workbench.export.parquet import write_parquet_rows

    return write_parquet_rows(flat_rows(store, options, progress), out)


FORMATS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("jsonl", ".jsonl", "one JSON object per claim: document, verdicts, history",
                 False, _jsonl, _jsonl_fast),
        Exporter("csv", ".csv", "flat rows, one per claim and verdict; formula-safe",
                 False, _csv, _csv_fast),
        Exporter("parquet", ".parquet", "the CSV's columns, typed, for analysis at scale",
                 True, _parquet, _parquet_fast),
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
    progress: Progress | None = None,
) -> ExportReport:
    """Write the claims that ``options`` selects in format ``fmt`` to ``target``."""
    exporter = FORMATS[fmt]
    options = options or ExportOptions()
    if fmt == "claimreview" and not options.final:
        # A published review is the claim's, not a reviewer's: one per claim, its final
        # verdict, never two ratings of one claim side by side.
        options = replace(options, final=True)
    report = ExportReport()
    if exporter.from_store is not None and not options.final:
        report.written = exporter.from_store(store, options, target, progress)
        return report
    # JSONL copies stored JSON through without decoding it; the other formats need values.
    rows = records(store, options, report, progress, raw=fmt == "jsonl")
    report.written = exporter.write(rows, target, settings, report)
    return report
