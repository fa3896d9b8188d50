"""JSON Lines: one object per claim. pandas and `datasets` read it as is."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=False))
        out.write("\n")
        count += 1
    return count
