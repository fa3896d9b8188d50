"""Messages the database workers send back to the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from workbench.models import Claim, Document, Verdict, VerdictEvent
from workbench.store import ClaimRow


class CountLoaded(Message):
    def __init__(
        self, generation: int, total: int, reviewed: int, claims: int, cursor: int
    ) -> None:
        super().__init__()
        self.generation = generation
        self.total = total
        self.reviewed = reviewed
        self.claims = claims
        self.cursor = cursor
        """Where the previously selected claim now stands (0 when it is filtered out)."""


class BlockLoaded(Message):
    def __init__(self, generation: int, block: int, rows: list[ClaimRow]) -> None:
        super().__init__()
        self.generation = generation
        self.block = block
        self.rows = rows


@dataclass
class Detail:
    claim: Claim
    document: Document
    verdicts: list[Verdict]
    history: list[VerdictEvent]
    extra: dict[str, Any] = field(default_factory=dict)


class DetailLoaded(Message):
    def __init__(self, detail: Detail) -> None:
        super().__init__()
        self.detail = detail


class Saved(Message):
    """A change was committed. ``event`` is None when there was nothing to undo/redo."""

    def __init__(self, action: str, event: VerdictEvent | None, row: ClaimRow | None,
                 reviewed: int) -> None:  # fmt: skip
        super().__init__()
        self.action = action
        self.event = event
        self.row = row
        self.reviewed = reviewed


class DbFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
