"""CSV: the flat columns, UTF-8 with a header, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from workbench.export.records import FLAT_COLUMNS, ClaimTally, flatten

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv_rows(rows: Iterable[tuple[Any, ...]], out: IO[str]) -> int:
    """Flat rows (tuples in FLAT_COLUMNS order) to CSV; returns the claims written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    tally = ClaimTally()
    for row in rows:
        tally.see(row[0])
        cells = [neutralise(v) for v in row]
        cells[14] = bool(cells[14])  # is_quote, as the record-based writer prints it
        cells.append(None)  # final_how: only with --final, which takes the record path
        writer.writerow(cells)
    return tally.count


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        for row in flatten(record):
            writer.writerow({k: neutralise(v) for k, v in row.items()})
        count += 1
    return count
