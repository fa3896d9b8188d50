"""Parquet through pyarrow: the CSV's columns, typed, written in row groups (streamed)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from workbench.export.records import FLAT_COLUMNS, ClaimTally, flatten

_TYPES = {"seq": "int64", "start": "int64", "end": "int64", "score": "float64",
          "is_quote": "bool"}  # fmt: skip


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [(name, pa.type_for_alias(_TYPES.get(name, "string"))) for name in FLAT_COLUMNS]
    )


def write_parquet_rows(rows: Iterable[tuple[Any, ...]], path: Path,
                       rows_per_group: int = 100_000) -> int:  # fmt: skip
    """Flat rows (tuples in FLAT_COLUMNS order) to Parquet; returns the claims written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    tally = ClaimTally()
    pending: list[tuple[Any, ...]] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:

        def flush() -> None:
            width = len(FLAT_COLUMNS) - 1  # final_how is always null on this path
            columns: list[Any] = list(zip(*pending, strict=True)) if pending else [[]] * width
            arrays = []
            for col, field in zip(columns, schema, strict=False):
                if field.name == "is_quote":
                    arrays.append(pa.array(col, type=pa.int8()).cast(pa.bool_()))
                else:
                    arrays.append(pa.array(col, type=field.type))
            arrays.append(pa.nulls(len(pending), pa.string()))
            writer.write_table(pa.table(arrays, schema=schema))
            pending.clear()

        for row in rows:
            tally.see(row[0])
            pending.append(row)
            if len(pending) >= rows_per_group:
                flush()
        if pending or tally.count == 0:
            flush()
    return tally.count


def write_parquet(records: Iterable[dict[str, Any]], path: Path, rows_per_group: int = 50_000
                  ) -> int:  # fmt: skip
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [(name, pa.type_for_alias(_TYPES.get(name, "string"))) for name in FLAT_COLUMNS]
    )
    count = 0
    columns: dict[str, list[Any]] = {name: [] for name in FLAT_COLUMNS}
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:

        def flush() -> None:
            writer.write_table(pa.table(columns, schema=schema))
            for values in columns.values():
                values.clear()

        for record in records:
            for row in flatten(record):
                for name in FLAT_COLUMNS:
                    columns[name].append(row[name])
            count += 1
            if len(columns["claim_id"]) >= rows_per_group:
                flush()
        if columns["claim_id"] or count == 0:
            flush()
    return count
