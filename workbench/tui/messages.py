"""Messages the database workers send back to the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from workbench.models import Claim, Document, Verdict, VerdictEvent
from workbench.store import ClaimRow


class Opened(Message):
    """The first rows of a new list: painted before anything is counted."""

    def __init__(self, generation: int, cursor: int, block: int, rows: list[ClaimRow]) -> None:
        super().__init__()
        self.generation = generation
        self.cursor = cursor
        """Where the previously selected claim now stands (0 when it is filtered out)."""
        self.block = block
        self.rows = rows


class CountLoaded(Message):
    def __init__(self, generation: int, total: int, reviewed: int, claims: int) -> None:
        super().__init__()
        self.generation = generation
        self.total = total
        self.reviewed = reviewed
        self.claims = claims


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
    before: str = ""
    """The paragraph before the claim's, for more context."""
    after: str = ""
    """The paragraph after the claim's."""
    extra: dict[str, Any] = field(default_factory=dict)


class DocumentLoaded(Message):
    """A whole document with its claims (as list rows, with review state), to open."""

    def __init__(self, document: Document, rows: list[ClaimRow], claims: list[Claim],
                 current: str | None) -> None:  # fmt: skip
        super().__init__()
        self.document = document
        self.rows = rows
        self.claims = claims
        self.current = current


class DocumentsListed(Message):
    def __init__(self, documents: list[tuple[str, str]]) -> None:
        super().__init__()
        self.documents = documents


class IngestProgress(Message):
    def __init__(self, done: int, total: int, path: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.path = path


class IngestDone(Message):
    def __init__(self, summary: str, skipped: list[tuple[str, str]], error: str | None) -> None:
        super().__init__()
        self.summary = summary
        self.skipped = skipped
        self.error = error


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
        self.elapsed_ms: float | None = None
        """From the key press to the committed transaction."""


class DbFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
