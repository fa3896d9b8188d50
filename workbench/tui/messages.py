"""Messages: what the database workers send back, and what the screens tell each other."""

from __future__ import annotations

from textual.message import Message

from workbench.review.adjudication import Conflict
from workbench.review.session import Detail, DocumentView, Outcome, TeamState, Write
from workbench.review.source import Counts, Page
from workbench.store import ClaimRow


class Opened(Message):
    """The first rows of a new list: painted before anything is counted."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page


class CountLoaded(Message):
    def __init__(self, counts: Counts) -> None:
        super().__init__()
        self.counts = counts


class BlockLoaded(Message):
    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page


class DetailLoaded(Message):
    def __init__(self, detail: Detail) -> None:
        super().__init__()
        self.detail = detail


class DocumentLoaded(Message):
    """A whole document with its claims, to open in the document view."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__()
        self.view = view


class DocumentsListed(Message):
    def __init__(self, documents: list[tuple[str, str]]) -> None:
        super().__init__()
        self.documents = documents


class WriteDone(Message):
    """A change was committed, or failed (``outcome.error``)."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class SubmitWrite(Message):
    """A screen asks the screen that owns the writer to make a change."""

    def __init__(self, write: Write) -> None:
        super().__init__()
        self.write = write


class RowChanged(Message):
    """A claim's row changed (a change was saved): redraw it wherever it shows."""

    def __init__(self, row: ClaimRow) -> None:
        super().__init__()
        self.row = row


class WriteFailed(Message):
    """A change to a claim was not saved; the screen that asked for it shows so."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


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


class DbFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class TeamLoaded(Message):
    """Whether there are assignments, and the reviewer's queue: read before the list opens."""

    def __init__(self, state: TeamState) -> None:
        super().__init__()
        self.state = state


class AgreementLoaded(Message):
    """The agreement report, as the lines the agreement screen shows."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


class ConflictsLoaded(Message):
    """Every disagreement, for the adjudication screen."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.conflicts = conflicts
