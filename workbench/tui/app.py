"""The review TUI: a claim list, the claim beside its source, one key per verdict."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.config import Settings
from workbench.store import SORTS, ClaimFilter, ClaimRow, Sort, Store
from workbench.tui.db import DbChannel
from workbench.tui.messages import (
    BlockLoaded,
    CountLoaded,
    DbFailed,
    Detail,
    DetailLoaded,
    Saved,
)
from workbench.tui.text import one_line
from workbench.tui.widgets.claim_list import BLOCK, ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane

STATUSES = ("all", "unreviewed", "reviewed")


#: The review screen's own keys; the verdict keys come from the settings' scale.
COMMON_BINDINGS: list[BindingType] = [
    Binding("z", "undo", "Undo", id="undo"),
    Binding("Z", "redo", "Redo", id="redo"),
    Binding("f", "cycle_filter", "Filter", id="filter.cycle"),
    Binding("s", "cycle_sort", "Sort", id="sort.cycle"),
    Binding("q", "app.quit", "Quit", id="quit"),
]


class ReviewScreen(Screen[None]):
    """The main screen. Build it with ``review_screen``, which adds the verdict keys."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.reviewer = settings.reviewer
        self.filter = ClaimFilter(reviewer=settings.reviewer)
        self.sort: Sort = "doc"
        self.generation = 0
        self.reviewed = 0
        self.claims = 0
        self._current: str | None = None
        self.writer = DbChannel(settings.db, "writer", migrate=True)
        self.reader = DbChannel(settings.db, "reader", after=self.writer)

    def compose(self) -> ComposeResult:
        labels = {step.label: step.key for step in self.settings.scale}
        yield Static(id="header", markup=False)
        with Horizontal(id="main"):
            yield ClaimList(self._request_block, labels, id="claims")
            yield ClaimPane(id="pane")
        yield Static(id="scale", markup=False)
        yield Static(id="status", markup=False)
        yield Footer(compact=True)

    def on_resize(self) -> None:
        self.query_one("#scale", Static).update(self._scale_bar(self.size.width))

    def _scale_bar(self, width: int) -> Text:
        """The verdict keys, wrapped by hand so that a key never parts from its label."""
        bar = Text(no_wrap=True)
        used = 0
        for step in self.settings.scale:
            cell = len(step.key) + len(step.label) + 5
            if used and used + cell > width:
                bar.append("\n")
                used = 0
            bar.append(" ")
            bar.append(f" {step.key} ", "bold reverse").append(f" {step.label} ")
            used += cell
        return bar

    def on_mount(self) -> None:
        for channel in (self.reader, self.writer):
            self.run_worker(
                partial(channel.serve, self), thread=True, name=channel.name, group="db",
                exit_on_error=False,
            )  # fmt: skip
        self.query_one(ClaimList).focus()
        self._render_header()
        self.flash("Tag the claim with a verdict key below; z undoes, f filters, q quits.")
        self.reload()

    # -- loading -----------------------------------------------------------------

    def reload(self) -> None:
        """Count the claims under the current filter and start the list over."""
        self.generation += 1
        generation, filt, sort, me = self.generation, self.filter, self.sort, self.reviewer
        keep = self._current

        def job(store: Store) -> CountLoaded:
            if keep is None:
                # On opening, start at the first claim this reviewer has not reviewed yet.
                todo = replace(filt, status="unreviewed", reviewer=me)
                first = store.page(todo, sort, limit=1)
                keep_id = first[0].id if first else None
            else:
                keep_id = keep
            cursor = store.index_of(filt, sort, keep_id) if keep_id else None
            return CountLoaded(
                generation, store.count(filt), store.reviewed_count(me),
                store.count(), cursor or 0,
            )  # fmt: skip

        self.reader.submit(job)

    def _request_block(self, block: int, after: ClaimRow | None, before: ClaimRow | None) -> None:
        generation, filt, sort, me = self.generation, self.filter, self.sort, self.reviewer

        def job(store: Store) -> BlockLoaded:
            if after is not None:
                rows = store.page(filt, sort, after=after.key(sort), limit=BLOCK, viewer=me)
            elif before is not None:
                rows = store.page(filt, sort, before=before.key(sort), limit=BLOCK, viewer=me)
            elif block == 0:
                rows = store.page(filt, sort, limit=BLOCK, viewer=me)
            else:
                key = store.key_at(filt, sort, block * BLOCK - 1)
                rows = store.page(filt, sort, after=key, limit=BLOCK, viewer=me) if key else []
            return BlockLoaded(generation, block, rows)

        self.reader.submit(job)

    def on_count_loaded(self, message: CountLoaded) -> None:
        if message.generation != self.generation:
            return
        self.reviewed, self.claims = message.reviewed, message.claims
        self.query_one(ClaimList).reset(message.generation, message.total, message.cursor)
        self._render_header(total=message.total)
        if message.total == 0:
            self._current = None
            self.query_one(ClaimPane).show(None)

    def on_block_loaded(self, message: BlockLoaded) -> None:
        self.query_one(ClaimList).add_block(message.generation, message.block, message.rows)

    def on_claim_list_highlighted(self, message: ClaimList.Highlighted) -> None:
        row = message.row
        if row is None or (row.id == self._current and self.query_one(ClaimPane).detail):
            return
        self._current = row.id
        claim_id = row.id

        def job(store: Store) -> DetailLoaded:
            claim = store.get_claim(claim_id)
            return DetailLoaded(
                Detail(
                    claim=claim,
                    document=store.get_document(claim.doc_id),
                    verdicts=store.verdicts(claim_id),
                    history=store.history(claim_id),
                )
            )

        self.reader.submit(job)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if message.detail.claim.id == self._current:
            self.query_one(ClaimPane).show(message.detail)

    def on_db_failed(self, message: DbFailed) -> None:
        self.flash(f"Database error: {message.error}", error=True)

    # -- header and flash -----------------------------------------------------------

    def _render_header(self, total: int | None = None) -> None:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(" workbench ", "bold reverse")
        header.append(f"  {one_line(self.reviewer)}", "bold")
        header.append(f"  reviewed {self.reviewed} of {self.claims}")
        shown = f"{total} shown" if total is not None else "loading"
        header.append(f"  ·  {self.filter.describe()} · sort {self.sort} · {shown}", "dim")
        header.append(f"  ·  {self.settings.db}", "dim")
        self.query_one("#header", Static).update(header)

    def flash(self, message: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "error")
        status.update(Text(f" {message}", no_wrap=True, overflow="ellipsis"))

    # -- review actions ---------------------------------------------------------------

    def action_verdict(self, label: str) -> None:
        claims = self.query_one(ClaimList)
        row = claims.row(claims.cursor)
        if row is None:
            waiting = "That claim is still loading; press the key again."
            self.flash("No claims here." if claims.total == 0 else waiting, error=True)
            return
        me = self.reviewer

        def job(store: Store) -> Saved:
            event = store.set_verdict(row.id, me, label)
            return Saved("verdict", event, store.claim_row(row.id, me), store.reviewed_count(me))

        self.writer.submit(job)
        claims.move(1)

    def _history_action(self, action: str) -> None:
        me = self.reviewer

        def job(store: Store) -> Saved:
            event = store.undo(me) if action == "undo" else store.redo(me)
            row = store.claim_row(event.claim_id, me) if event else None
            return Saved(action, event, row, store.reviewed_count(me))

        self.writer.submit(job)

    def action_undo(self) -> None:
        self._history_action("undo")

    def action_redo(self) -> None:
        self._history_action("redo")

    def on_saved(self, message: Saved) -> None:
        self.reviewed = message.reviewed
        self._render_header(total=self.query_one(ClaimList).total)
        claims = self.query_one(ClaimList)
        if message.event is None:
            self.flash(f"Nothing to {message.action}.")
            return
        row = message.row
        text = f"“{one_line(row.normalized)[:60]}”" if row else ""
        if message.action == "verdict":
            self.flash(f"Saved {message.event.label} · {text}")
        else:
            what = message.event.body.get("label") or message.event.body.get("kind", "change")
            self.flash(f"{message.action.capitalize()} {what} · {text}")
        if row is not None:
            claims.replace_row(row)
            if message.action != "verdict":
                # Undo and redo take the reviewer back to the claim they changed.
                for index in range(claims.total):
                    candidate = claims.row(index)
                    if candidate is not None and candidate.id == row.id:
                        claims.cursor = index
                        break
            if row.id == self._current:
                self._current = None  # force the pane to reload the history
                claims.post_message(ClaimList.Highlighted(claims.cursor, claims.row(claims.cursor)))

    def action_cycle_filter(self) -> None:
        status = STATUSES[(STATUSES.index(self.filter.status) + 1) % len(STATUSES)]
        self.filter = ClaimFilter(status=status, reviewer=self.reviewer)
        self.reload()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reload()

    def close_channels(self) -> bool:
        """Finish every submitted write before the app goes away."""
        saved = self.writer.close(wait=10)
        self.reader.close(wait=1)
        return saved


def review_screen(settings: Settings) -> ReviewScreen:
    """A ReviewScreen whose bindings include the settings' verdict scale, each with an id."""
    # The scale bar shows the verdict keys; the footer keeps the rest readable at 80 columns.
    verdicts: list[BindingType] = [
        Binding(step.key, f"verdict('{step.label}')", step.label, show=False,
                id=f"verdict.{step.label}")
        for step in settings.scale
    ]  # fmt: skip
    cls = type("ReviewScreen", (ReviewScreen,), {"BINDINGS": verdicts + COMMON_BINDINGS})
    return cls(settings)


class WorkbenchApp(App[None]):
    """workbench review."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench"

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def get_default_screen(self) -> Screen:
        return review_screen(self.settings)

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            screen.close_channels()
        self.exit()
