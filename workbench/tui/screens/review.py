"""The review screen: every change a reviewer makes, the document view, help and ingest.

Changes are jobs of the review session, run in the writer thread; a change is
shown once committed, and a change that failed stays said (``_not_saved``). The
document view asks for changes by message (``SubmitWrite``) and hears back by
message (``RowChanged``, ``WriteFailed``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual.binding import BindingType

from workbench.config import Settings
from workbench.match.suggest import Offer
from workbench.review.session import Outcome, Write
from workbench.store import Match
from workbench.terminal import count
from workbench.tui.bindings import REVIEW_BINDINGS, verdict_bindings, with_bindings
from workbench.tui.messages import (
    DbFailed,
    DocumentLoaded,
    IngestDone,
    IngestProgress,
    RowChanged,
    SubmitWrite,
    WriteDone,
    WriteFailed,
)
from workbench.tui.screens.browse import BrowseScreen
from workbench.tui.screens.document import DocumentScreen, document_screen
from workbench.tui.screens.forms import (
    ConfirmForm,
    EvidenceForm,
    Form,
    IngestForm,
    ReportScreen,
    TextForm,
    ingest_paths,
)
from workbench.tui.screens.help import help_for
from workbench.tui.text import one_line
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane
from workbench.tui.widgets.header import ReviewHeader
from workbench.tui.widgets.ingest import IngestBar, ingest_report
from workbench.tui.widgets.status import StatusLine, not_saved, saved


class ReviewScreen(BrowseScreen):
    """The main screen. Build it with ``review_screen``, which adds the verdict keys."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._document: DocumentScreen | None = None
        #: Milliseconds from a verdict key to its committed row, most recent last (benchmarks).
        self.commit_ms: list[float] = []

    # -- changes --------------------------------------------------------------------

    def _save(self, write: Write) -> None:
        """Make the change in the writer thread; it is shown once it is committed."""
        self.writer.submit(write, WriteDone)

    def on_submit_write(self, message: SubmitWrite) -> None:
        self._save(message.write)

    def action_verdict(self, label: str) -> None:
        row = self._current_row()
        if row is not None:
            self._save(self.session.verdict(row.id, label))
            self.query_one(ClaimList).move(1)

    def action_undo(self) -> None:
        self._save(self.session.undo())

    def action_redo(self) -> None:
        self._save(self.session.redo())

    def _ask(self, form: Form, change: Callable[[Any], Write | None]) -> None:
        """Open ``form``; what it returns (None when cancelled) makes the change."""

        def done(value: object) -> None:
            write = change(value) if value is not None else None
            if write is not None:
                self._save(write)

        self.app.push_screen(form, done)

    def action_note(self) -> None:
        if (row := self._current_row()) is not None:
            form = TextForm("Add a note to this claim", placeholder="your note")
            self._ask(form, lambda text: self.session.note(row.id, text))

    def action_edit(self) -> None:
        if (row := self._current_row()) is not None:
            form = TextForm("Edit the stand-alone claim (the verbatim span never changes)",
                            value=row.normalized)  # fmt: skip
            self._ask(form, lambda text: None if text == row.normalized
                      else self.session.edit(row.id, text))  # fmt: skip

    def action_evidence(self) -> None:
        if (row := self._current_row()) is not None:
            self._ask(EvidenceForm(), lambda ev: self.session.evidence(row.id, ev.url, ev.quote))

    def _best_match(self) -> tuple[str, Match] | None:
        pane = self.query_one(ClaimPane)
        if self._current is None or pane.detail is None or pane.detail.claim.id != self._current:
            return None  # the pane is still loading
        match = pane.best_match()
        if match is None:
            self.flash("No previous verdict for this claim.", error=True)
            return None
        return self._current, match

    def action_apply_match(self) -> None:
        found = self._best_match()
        if found is None:
            return
        claim_id, match = found
        offer = self.query_one(ClaimPane).best_offer()
        if offer is Offer.NEVER:
            self.flash("That verdict judged who said it, not this statement: tag it yourself.",
                       error=True)  # fmt: skip
            return
        if not self.session.on_scale(match):
            self.flash(f"“{one_line(match.label)}” is not on your scale: tag it yourself.",
                       error=True)  # fmt: skip
            return
        if offer is Offer.APPLY:
            self._apply_and_move(claim_id, match)
            return

        def confirmed(yes: object) -> None:
            if yes is True:
                self._apply_and_move(claim_id, match)

        question = f"Apply {one_line(match.rating)} from a possible match ({match.score:.2f})?"
        self.app.push_screen(ConfirmForm(question, one_line(match.text)), confirmed)

    def _apply_and_move(self, claim_id: str, match: Match) -> None:
        """Apply, then move on to the next claim, as the verdict keys do."""
        self._save(self.session.apply_match(claim_id, match))
        claims = self.query_one(ClaimList)
        if self._current == claim_id:
            claims.move(1)

    def action_reject_match(self) -> None:
        found = self._best_match()
        if found is not None:
            self._save(self.session.reject_match(*found))

    def on_write_done(self, message: WriteDone) -> None:
        outcome = message.outcome
        if outcome.error is not None:
            self._not_saved(outcome)
            return
        if outcome.action == "verdict":
            self.commit_ms.append(outcome.elapsed_ms)
        queue = outcome.queue if self.filter.assigned_to else None
        was_done = self.query_one(ReviewHeader).queue
        self.query_one(ReviewHeader).show(outcome.reviewed, queue=queue)
        self.flash(saved(outcome))
        if queue is not None and queue.done and not (was_done and was_done.done):
            self.flash(f"Your queue is done: all {queue.assigned} claims reviewed. "
                       "m shows every claim.")  # fmt: skip
        row = outcome.row
        if outcome.event is not None and outcome.action == "verdict":
            self._link(outcome.event.claim_id)
        if outcome.event is None or row is None:
            return
        claims = self.query_one(ClaimList)
        claims.replace_row(row)
        if outcome.action in ("undo", "redo"):
            # Undo and redo take the reviewer back to the claim they changed.
            index = claims.index_of_loaded(row.id)
            if index is not None:
                claims.cursor = index
        if row.id == self._current:
            self._load_detail(row.id)
        if self._document is not None:
            self._document.post_message(RowChanged(row))

    def _not_saved(self, outcome: Outcome) -> None:
        """The change was not saved: the cursor goes back to its claim (the verdict keys
        move on before the commit), and the error stays until the reviewer presses a key."""
        status = self.query_one(StatusLine)
        first = status.held is None
        status.hold(not_saved(outcome))
        claims = self.query_one(ClaimList)
        index = claims.index_of_loaded(outcome.claim_id) if outcome.claim_id else None
        if first and index is not None:
            claims.cursor = index
        if self._document is not None:
            self._document.post_message(WriteFailed(outcome))

    def _link(self, claim_id: str) -> None:
        """The claim just reviewed becomes a previous verdict of the claims that restate it;
        in a thread of its own, with its own connection: the next verdict never waits."""

        def link() -> None:
            try:
                self.session.link(claim_id)
            except Exception as exc:  # reported in the UI: the TUI keeps running
                self.post_message(DbFailed(f"linking matches: {type(exc).__name__}: {exc}"))

        self.run_worker(link, thread=True, group="link", exit_on_error=False)

    # -- the document view, help, ingest ----------------------------------------------

    def action_document(self) -> None:
        row = self._current_row()
        if row is not None:
            self.reader.submit(self.session.document(row.doc_id, row.id), DocumentLoaded)

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        screen = document_screen(self.session, self, message.view)
        self._document = screen

        def closed(_: object) -> None:
            if self._document is screen:
                self._document = None

        self.app.push_screen(screen, closed)

    def action_agreement(self) -> None:
        from workbench.tui.screens.team import AgreementScreen

        self.app.push_screen(AgreementScreen(self.settings))

    def action_adjudicate(self) -> None:
        from workbench.tui.screens.team import adjudication_screen

        # Rulings change what the list shows (markers, exports): reload when back.
        self.app.push_screen(adjudication_screen(self.settings), lambda _: self.reload())

    def action_help(self) -> None:
        self.app.push_screen(help_for(self))

    def action_ingest(self) -> None:
        def done(text: object) -> None:
            paths = ingest_paths(text) if isinstance(text, str) else None
            if paths:
                self.query_one(IngestBar).ingest([Path(p).expanduser() for p in paths])

        self.app.push_screen(IngestForm(), done)

    def on_ingest_progress(self, message: IngestProgress) -> None:
        self.flash(f"Ingesting {message.done}/{message.total} · {one_line(message.path)}")

    def on_ingest_done(self, message: IngestDone) -> None:
        self.flash(*ingest_report(message))
        if message.skipped:
            lines = [f"{path}: {why}" for path, why in message.skipped]
            self.app.push_screen(ReportScreen(f"Skipped {count(len(lines), 'file')}", lines))
        if not message.error:
            self.reload()


def review_screen(settings: Settings) -> ReviewScreen:
    """A ReviewScreen whose bindings include the settings' verdict scale, each with an id."""
    # The scale bar shows the verdict keys; the footer keeps the rest readable at 80 columns.
    bindings = verdict_bindings(settings) + REVIEW_BINDINGS
    return with_bindings(ReviewScreen, bindings)(settings)
