"""Models to rows and rows to models: the one place that knows how each column is
stored (JSON text, 0/1 booleans, ISO time stamps)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from workbench.models import Claim, Document, Entity, Verdict, VerdictEvent, iso

#: The claims table's columns, in the ``Claim`` model's order (the table has ``num`` too).
CLAIM_NAMES: tuple[str, ...] = tuple(Claim.model_fields)
#: ... quoted for SQL ("end" is a keyword).
CLAIM_COLUMNS = ", ".join(f'"{name}"' if name == "end" else name for name in CLAIM_NAMES)
#: ... with a table alias, e.g. ``c.id, c.doc_id, ...``.
CLAIM_COLUMNS_C = ", ".join(f'c."{n}"' if n == "end" else f"c.{n}" for n in CLAIM_NAMES)

DOCUMENT_NAMES: tuple[str, ...] = tuple(Document.model_fields)
EVENT_COLUMNS = "id, claim_id, reviewer, kind, label, body, at"
VERDICT_COLUMNS = "claim_id, reviewer, label, note, event_id, at"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def claim_values(c: Claim) -> tuple[Any, ...]:
    """A claim as the values of ``CLAIM_COLUMNS``."""
    data = c.model_dump()
    data["is_quote"] = int(c.is_quote)
    data["reasons"] = dumps(c.reasons)
    data["normalized_how"] = dumps(c.normalized_how)
    data["entities"] = dumps([e.model_dump() for e in c.entities])
    data["created_at"] = iso(c.created_at)
    return tuple(data[name] for name in CLAIM_NAMES)


def claim_dict(row: Sequence[Any], decode: bool = True) -> dict[str, Any]:
    """A row of ``CLAIM_COLUMNS`` as a dict; JSON columns decoded unless ``decode`` is
    False (writers that copy JSON through as it is)."""
    data = dict(zip(CLAIM_NAMES, row, strict=True))
    data["is_quote"] = bool(data["is_quote"])
    # A short list of step names, decoded always: no writer copies it as raw JSON.
    data["normalized_how"] = json.loads(data["normalized_how"])
    if decode:
        data["reasons"] = json.loads(data["reasons"])
        data["entities"] = json.loads(data["entities"])
    return data


def claim_from_row(row: Sequence[Any]) -> Claim:
    data = claim_dict(row)
    data["entities"] = [Entity(**e) for e in data["entities"]]
    return Claim.model_validate(data)


def document_values(d: Document) -> tuple[Any, ...]:
    data = d.model_dump()
    data["meta"] = dumps(d.meta)
    data["ingested_at"] = iso(d.ingested_at)
    return tuple(data[name] for name in DOCUMENT_NAMES)


def event_from_row(row: Sequence[Any]) -> VerdictEvent:
    """A row of ``EVENT_COLUMNS`` as an event."""
    return VerdictEvent(
        id=row[0], claim_id=row[1], reviewer=row[2], kind=row[3], label=row[4],
        body=json.loads(row[5]), at=datetime.fromisoformat(row[6]),
    )  # fmt: skip


def event_values(event: VerdictEvent, body: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """(claim_id, reviewer, kind, label, body, at) of an event to insert."""
    return (
        event.claim_id, event.reviewer, event.kind, event.label,
        json.dumps(event.body if body is None else body, ensure_ascii=False, sort_keys=True),
        iso(event.at),
    )  # fmt: skip


def verdict_from_row(row: Sequence[Any]) -> Verdict:
    return Verdict(
        claim_id=row[0], reviewer=row[1], label=row[2], note=row[3], event_id=row[4],
        at=datetime.fromisoformat(row[5]),
    )  # fmt: skip


def event_identity(
    reviewer: str, kind: str, label: str | None, body: dict[str, Any], at: str
) -> tuple[Any, ...]:
    """What makes two events the same event across databases (ids differ; undo and redo
    targets are compared by what they point at, so they are left out here)."""
    plain = {k: v for k, v in body.items() if k not in ("target", "undid")}
    return (reviewer, kind, label, json.dumps(plain, sort_keys=True, ensure_ascii=False), at)
