"""Browsing claims: the claim list beside the claim pane, under a filter and a sort.

What to read comes from the review session (``workbench/review/``): its claim
source owns the filter, the sort and the keyset pages. This screen runs the jobs in
the database threads (``workbench/tui/db.py``) and shows what comes back.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from workbench.config import Settings
from workbench.review.session import ReviewSession
from workbench.review.source import PageJob
from workbench.store import ClaimFilter, ClaimRow
from workbench.tui.bindings import key_display
from workbench.tui.db import DbChannel
from workbench.tui.messages import (
    BlockLoaded,
    CountLoaded,
    DbFailed,
    DetailLoaded,
    DocumentsListed,
    Opened,
    TeamLoaded,
)
from workbench.tui.screens.forms import FilterForm
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane
from workbench.tui.widgets.header import ReviewHeader
from workbench.tui.widgets.ingest import IngestBar
from workbench.tui.widgets.scale import ScaleBar
from workbench.tui.widgets.search import SearchBox
from workbench.tui.widgets.status import StatusLine


class BrowseScreen(Screen[None]):
    """The claim list under the reviewer's filter and sort, and the pane of the claim under
    the cursor. ``ReviewScreen`` adds the changes."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.session = ReviewSession(settings)
        self.source = self.session.claims
        self.reviewer = settings.reviewer
        self._current: str | None = None
        self._detail_timer: Timer | None = None
        self.writer = DbChannel(settings.db, "writer", migrate=True)
        self.reader = DbChannel(settings.db, "reader", after=self.writer)

    def compose(self) -> ComposeResult:
        labels = {step.label: step.key for step in self.settings.scale}
        yield ReviewHeader(self.source, self.settings.db, id="header")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SearchBox(id="search")
                yield ClaimList(self.source, self._fetch, labels, id="claims")
            yield ClaimPane(id="pane")
        yield ScaleBar(id="scale")
        yield IngestBar(self.session, id="progress")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for channel in (self.writer, self.reader):
            self.run_worker(partial(channel.serve, self), thread=True, name=channel.name,
                            group="db", exit_on_error=False)  # fmt: skip
        # Focus now (not later, as ``focus`` does): the keys below are read from the bindings
        # active with the list focused.
        self.set_focus(self.query_one(ClaimList))
        # The verdict keys and undo/redo, undo and redo as the keymap has them.
        cells = [(step.key, step.label) for step in self.settings.scale]
        for binding_id in ("undo", "redo"):
            cells.append((key_display(self, binding_id) or "", binding_id))
        self.query_one(ScaleBar).show(cells)
        self.flash("Tag the claim with a verdict key below; z undoes, ? lists every key.")
        # The team comes first: whether the list is the reviewer's queue, and blind review.
        self.reader.submit(self.session.team, TeamLoaded)

    def on_team_loaded(self, message: TeamLoaded) -> None:
        if self.session.start(message.state):
            queue = message.state.queue
            self.flash(f"Your queue: {queue.reviewed} of {queue.assigned} reviewed"
                       + (" (blind review)" if self.session.blind else "")
                       + ". m shows every claim.")  # fmt: skip
        self.reload()

    @property
    def filter(self) -> ClaimFilter:
        return self.source.filter

    @property
    def shown(self) -> int | None:
        """How many claims the filter shows (None until counted)."""
        return self.source.counts.shown if self.source.counts else None

    def flash(self, message: str, error: bool = False) -> None:
        self.query_one(StatusLine).flash(message, error)

    def on_key(self, event: events.Key) -> None:
        # Any key acknowledges an error about a change that was not saved.
        self.query_one(StatusLine).release()

    # -- loading -----------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        """Count the claims under the current filter and start the list over."""
        # Paint first, count second: the count is the one query that grows with the corpus.
        self.reader.submit(self.source.open(keep or self._current), Opened)
        self.reader.submit(self.source.count(), CountLoaded)
        self.query_one(ReviewHeader).show()

    def _fetch(self, job: PageJob) -> None:
        self.reader.submit(job, BlockLoaded)

    def on_opened(self, message: Opened) -> None:
        page = message.page
        if not self.source.opened(page):
            return
        self.query_one(ClaimList).reset(page.cursor or 0)
        if not page.rows:
            self._current = None
            self.query_one(ClaimPane).show(None)

    def on_count_loaded(self, message: CountLoaded) -> None:
        counts = message.counts
        if self.source.counted(counts):
            self.query_one(ClaimList).set_total()
            self.query_one(ReviewHeader).show(counts.reviewed, counts.claims, counts.queue)

    def on_block_loaded(self, message: BlockLoaded) -> None:
        claims = self.query_one(ClaimList)
        if self.source.add(message.page, around=claims.cursor):
            claims.block_added(message.page.block, len(message.page.rows))

    def on_claim_list_highlighted(self, message: ClaimList.Highlighted) -> None:
        row = message.row
        if row is None or (row.id == self._current and self.query_one(ClaimPane).detail):
            return
        self._current = row.id
        # While a key is held down the list moves every frame; the pane follows once the
        # cursor rests, so moving never waits for the pane.
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(0.04, partial(self._load_detail, row.id))

    def _load_detail(self, claim_id: str) -> None:
        self.reader.submit(self.session.detail(claim_id), DetailLoaded)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if message.detail.claim.id == self._current:
            self.query_one(ClaimPane).show(message.detail)

    def on_db_failed(self, message: DbFailed) -> None:
        self.flash(f"Database error: {message.error}", error=True)

    def _current_row(self) -> ClaimRow | None:
        claims = self.query_one(ClaimList)
        row = claims.row(claims.cursor)
        if row is None:
            waiting = "That claim is still loading; press the key again."
            self.flash("No claims here." if claims.total == 0 else waiting, error=True)
        return row

    # -- finding work -------------------------------------------------------------------

    def _apply(self, filt: ClaimFilter, show_hidden: bool | None = None) -> None:
        self.source.set_filter(filt, show_hidden)
        self.reload()

    def action_search(self) -> None:
        self.query_one(SearchBox).open()

    def on_search_box_query(self, message: SearchBox.Query) -> None:
        self._apply(replace(self.filter, query=message.query))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(ClaimList).focus()

    def action_escape(self) -> None:
        search = self.query_one(SearchBox)
        if search.is_open:
            search.close()
            self._apply(replace(self.filter, query=None))
            self.query_one(ClaimList).focus()

    def action_filter(self) -> None:
        self.reader.submit(self.session.documents, DocumentsListed)

    def on_documents_listed(self, message: DocumentsListed) -> None:
        form = FilterForm(self.filter, self.source.show_hidden, list(self.session.labels),
                          message.documents)  # fmt: skip

        def done(value: object) -> None:
            if isinstance(value, tuple):
                self._apply(*value)

        self.app.push_screen(form, done)

    def action_clear_filters(self) -> None:
        self.query_one(SearchBox).close()
        self._apply(ClaimFilter(reviewer=self.reviewer), show_hidden=False)
        self.flash("Filters cleared.")

    def action_toggle_hidden(self) -> None:
        self._apply(self.filter, show_hidden=not self.source.show_hidden)
        self.flash(
            "Showing every claim."
            if self.source.show_hidden
            else f"Hiding claims scoring below {self.settings.hide_below:g}."
        )

    def action_toggle_queue(self) -> None:
        """My queue, or every claim."""
        mine = None if self.filter.assigned_to else self.reviewer
        self._apply(replace(self.filter, assigned_to=mine))
        self.flash("Showing your queue." if mine else "Showing every claim (m: your queue).")

    def action_toggle_previous(self) -> None:
        self._apply(replace(self.filter, previous=not self.filter.previous))

    def action_cycle_sort(self) -> None:
        self.source.next_sort()
        self.reload()

    def action_context(self) -> None:
        self.query_one(ClaimPane).toggle_context()

    def on_unmount(self) -> None:
        # However the app ends (q, ctrl+q, a test harness's exit), the worker threads stop
        # and every write already submitted is finished first.
        self.close_channels()

    def close_channels(self) -> bool:
        """Finish every submitted write before the app goes away."""
        finished = self.writer.close(wait=10)
        self.reader.close(wait=1)
        return finished
