"""The review screen: the claim list, the claim pane, and every review action."""

from __future__ import annotations

import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static

from workbench.config import Settings
from workbench.extract.paragraphs import paragraphs
from workbench.models import VerdictEvent
from workbench.store import SORTS, ClaimFilter, ClaimRow, Match, Sort, Store
from workbench.tui.db import DbChannel
from workbench.tui.messages import (
    BlockLoaded,
    CountLoaded,
    DbFailed,
    Detail,
    DetailLoaded,
    DocumentLoaded,
    DocumentsListed,
    IngestDone,
    IngestProgress,
    Opened,
    Saved,
)
from workbench.tui.screens.forms import Evidence, EvidenceForm, FilterForm, IngestForm, TextForm
from workbench.tui.screens.help import HelpScreen
from workbench.tui.text import one_line
from workbench.tui.widgets.claim_list import BLOCK, ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane

#: The review screen's own keys; the verdict keys come from the settings' scale.
# The footer shows what fits in 80 columns; the scale bar shows the verdict keys and
# undo/redo; `?` shows everything.
COMMON_BINDINGS: list[BindingType] = [
    Binding("n", "note", "Note", id="note"),
    Binding("e", "edit", "Edit", id="edit"),
    Binding("v", "evidence", "Evidence", id="evidence"),
    Binding("d", "document", "Document", id="document"),
    Binding("slash", "search", "Search", id="search"),
    Binding("f", "filter", "Filter", id="filter"),
    Binding("question_mark", "help", "Keys", id="help"),
    Binding("q", "app.quit", "Quit", id="quit"),
    Binding("z", "undo", "Undo your last change", show=False, id="undo"),
    Binding("Z", "redo", "Redo what you undid", show=False, id="redo"),
    Binding("s", "cycle_sort", "Sort: document, score, newest", show=False, id="sort"),
    Binding("F", "clear_filters", "Clear every filter", show=False, id="filter.clear"),
    Binding("H", "toggle_hidden", "Show or hide low-score claims", show=False, id="filter.hidden"),
    Binding("c", "context", "More context: paragraphs around", show=False, id="context"),
    Binding("a", "apply_match", "Apply the best previous verdict", show=False, id="match.apply"),
    Binding(
        "r", "reject_match", "Not the same claim as the best match", show=False, id="match.reject"
    ),
    Binding("P", "toggle_previous", "Only claims checked before", show=False, id="filter.previous"),
    Binding("i", "ingest", "Ingest files into the database", show=False, id="ingest"),
    Binding("escape", "escape", "Close the search", show=False, id="search.close"),
]


class ReviewScreen(Screen[None]):
    """The main screen. Build it with ``review_screen``, which adds the verdict keys."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.reviewer = settings.reviewer
        self.filter = ClaimFilter(reviewer=settings.reviewer)
        self.show_hidden = False
        self.sort: Sort = "doc"
        self.generation = 0
        self.reviewed = 0
        self.claims = 0
        self.shown: int | None = None
        self._current: str | None = None
        self._search_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self.writer = DbChannel(settings.db, "writer", migrate=True)
        self.reader = DbChannel(settings.db, "reader", after=self.writer)
        #: Milliseconds from a verdict key to its committed row, most recent last (benchmarks).
        self.commit_ms: list[float] = []

    def compose(self) -> ComposeResult:
        labels = {step.label: step.key for step in self.settings.scale}
        yield Static(id="header", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="search claims, speakers …", id="search")
                yield ClaimList(self._request_block, labels, id="claims")
            yield ClaimPane(id="pane")
        yield Static(id="scale", markup=False)
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for channel in (self.writer, self.reader):
            self.run_worker(
                partial(channel.serve, self),
                thread=True,
                name=channel.name,
                group="db",
                exit_on_error=False,
            )
        self.query_one(ClaimList).focus()
        self._render_header()
        self.flash("Tag the claim with a verdict key below; z undoes, ? lists every key.")
        self.reload()

    def on_resize(self) -> None:
        self.query_one("#scale", Static).update(self._scale_bar(self.size.width))

    def _scale_bar(self, width: int) -> Text:
        """The verdict keys and undo/redo, wrapped by hand so that a key never parts from
        its label."""
        bar = Text(no_wrap=True)
        used = 0
        cells = [(step.key, step.label) for step in self.settings.scale]
        keymap = self.app.get_key_display
        for binding in COMMON_BINDINGS:
            if isinstance(binding, Binding) and binding.id in ("undo", "redo"):
                cells.append((keymap(self._bound(binding)), binding.action))
        for key, label in cells:
            cell = len(key) + len(label) + 5
            if used and used + cell > width:
                bar.append("\n")
                used = 0
            bar.append(" ")
            bar.append(f" {key} ", "bold reverse").append(f" {label} ")
            used += cell
        return bar

    def _bound(self, binding: Binding) -> Binding:
        """The binding as the user's keymap has it."""
        keys = self.app._keymap.get(binding.id or "") if hasattr(self.app, "_keymap") else None
        return replace(binding, key=keys) if keys else binding

    # -- loading -----------------------------------------------------------------

    @property
    def effective_filter(self) -> ClaimFilter:
        """The user's filter plus the hidden-low-score threshold, unless shown."""
        if self.show_hidden or self.filter.min_score is not None:
            return self.filter
        return replace(self.filter, min_score=self.settings.hide_below or None)

    def reload(self, keep: str | None = None) -> None:
        """Count the claims under the current filter and start the list over."""
        self.generation += 1
        generation, filt, sort = self.generation, self.effective_filter, self.sort
        me = self.reviewer
        keep = keep or self._current

        def opened(store: Store) -> Opened:
            keep_id = keep
            if keep_id is None:
                # On opening, start at the first claim this reviewer has not reviewed yet.
                first = store.page(replace(filt, status="unreviewed", reviewer=me), sort, limit=1)
                keep_id = first[0].id if first else None
            cursor = (store.index_of(filt, sort, keep_id) if keep_id else None) or 0
            block = cursor // BLOCK
            if block == 0:
                rows = store.page(filt, sort, limit=BLOCK, viewer=me)
            else:
                key = store.key_at(filt, sort, block * BLOCK - 1)
                rows = store.page(filt, sort, after=key, limit=BLOCK, viewer=me) if key else []
            return Opened(generation, cursor, block, rows)

        def counted(store: Store) -> CountLoaded:
            return CountLoaded(
                generation, store.count(filt), store.reviewed_count(me), store.count()
            )

        # Paint first, count second: the count is the one query that grows with the corpus.
        self.reader.submit(opened)
        self.reader.submit(counted)

    def _request_block(self, block: int, after: ClaimRow | None, before: ClaimRow | None) -> None:
        generation, filt, sort = self.generation, self.effective_filter, self.sort
        me = self.reviewer
        total = self.query_one(ClaimList).total
        last_block = (total - 1) // BLOCK

        def job(store: Store) -> BlockLoaded:
            if after is not None:
                rows = store.page(filt, sort, after=after.key(sort), limit=BLOCK, viewer=me)
            elif before is not None:
                rows = store.page(filt, sort, before=before.key(sort), limit=BLOCK, viewer=me)
            elif block == 0:
                rows = store.page(filt, sort, limit=BLOCK, viewer=me)
            elif block == last_block:
                # The last block, read backwards from the end: no OFFSET over the whole list.
                size = total - block * BLOCK
                rows = store.page(filt, sort, from_end=True, limit=size, viewer=me)
            else:
                key = store.key_at(filt, sort, block * BLOCK - 1)
                rows = store.page(filt, sort, after=key, limit=BLOCK, viewer=me) if key else []
            return BlockLoaded(generation, block, rows)

        self.reader.submit(job)

    def on_opened(self, message: Opened) -> None:
        if message.generation != self.generation:
            return
        claims = self.query_one(ClaimList)
        known = message.block * BLOCK + len(message.rows)
        # Until the count arrives the list is as long as what is known, plus one if more.
        claims.reset(message.generation, known + (len(message.rows) == BLOCK), message.cursor)
        claims.add_block(message.generation, message.block, message.rows)
        if not message.rows:
            self._current = None
            self.query_one(ClaimPane).show(None)

    def on_count_loaded(self, message: CountLoaded) -> None:
        if message.generation != self.generation:
            return
        self.reviewed, self.claims, self.shown = message.reviewed, message.claims, message.total
        self.query_one(ClaimList).set_total(message.total)
        self._render_header()

    def on_block_loaded(self, message: BlockLoaded) -> None:
        self.query_one(ClaimList).add_block(message.generation, message.block, message.rows)

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
        def job(store: Store) -> DetailLoaded:
            claim = store.get_claim(claim_id)
            document = store.get_document(claim.doc_id)
            text = document.text
            paras = paragraphs(text)
            here = next(
                (i for i, p in enumerate(paras) if p.start <= claim.start < p.end + 1), None
            )
            before = after = ""
            if here is not None:
                if here > 0:
                    before = text[paras[here - 1].start : paras[here - 1].end]
                if here + 1 < len(paras):
                    after = text[paras[here + 1].start : paras[here + 1].end]
            return DetailLoaded(
                Detail(
                    claim,
                    document,
                    store.verdicts(claim_id),
                    store.history(claim_id),
                    before=before,
                    after=after,
                    extra={
                        "cluster": store.cluster_members(claim_id),
                        "matches": store.previous(claim_id),
                    },
                )
            )

        self.reader.submit(job)

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if message.detail.claim.id == self._current:
            self.query_one(ClaimPane).show(message.detail)

    def on_db_failed(self, message: DbFailed) -> None:
        self.flash(f"Database error: {message.error}", error=True)

    # -- header and flash -----------------------------------------------------------

    def _render_header(self) -> None:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(" workbench ", "bold reverse")
        header.append(f"  {one_line(self.reviewer)}", "bold")
        header.append(f"  reviewed {self.reviewed} of {self.claims}")
        shown = f"{self.shown} shown" if self.shown is not None else "loading"
        hidden = (
            ""
            if self.show_hidden or self.filter.min_score is not None
            else (
                f" · score ≥ {self.settings.hide_below:g} (H shows all)"
                if self.settings.hide_below
                else ""
            )
        )
        header.append(f"  ·  {self.filter.describe()}{hidden} · sort {self.sort} · {shown}", "dim")
        header.append(f"  ·  {self.settings.db}", "dim")
        self.query_one("#header", Static).update(header)

    def flash(self, message: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "error")
        status.update(Text(f" {message}", no_wrap=True, overflow="ellipsis"))

    # -- review actions ---------------------------------------------------------------

    def _current_row(self) -> ClaimRow | None:
        claims = self.query_one(ClaimList)
        row = claims.row(claims.cursor)
        if row is None:
            waiting = "That claim is still loading; press the key again."
            self.flash("No claims here." if claims.total == 0 else waiting, error=True)
        return row

    def _save(self, action: str, claim_id: str | None, write) -> None:
        """Run ``write(store)`` in the writer thread; flash and redraw once it is committed."""
        me = self.reviewer
        started = time.perf_counter()

        def job(store: Store) -> Saved:
            event = write(store)
            target = event.claim_id if event is not None else claim_id
            row = store.claim_row(target, me) if target else None
            saved = Saved(action, event, row, store.reviewed_count(me))
            saved.elapsed_ms = (time.perf_counter() - started) * 1000
            return saved

        self.writer.submit(job)

    def submit_verdict(self, claim_id: str, label: str) -> None:
        me = self.reviewer
        self._save("verdict", claim_id, lambda store: store.set_verdict(claim_id, me, label))

    def action_verdict(self, label: str) -> None:
        row = self._current_row()
        if row is not None:
            self.submit_verdict(row.id, label)
            self.query_one(ClaimList).move(1)

    def history_action(self, action: str) -> None:
        me = self.reviewer

        def write(store: Store) -> VerdictEvent | None:
            return store.undo(me) if action == "undo" else store.redo(me)

        self._save(action, None, write)

    def _best_match(self) -> tuple[str, Match] | None:
        pane = self.query_one(ClaimPane)
        detail = pane.detail
        if detail is None or detail.claim.id != self._current:
            return None
        matches = detail.extra.get("matches") or []
        if not matches:
            self.flash("No previous verdict for this claim.", error=True)
            return None
        return detail.claim.id, matches[0]

    def action_apply_match(self) -> None:
        found = self._best_match()
        if found is None:
            return
        claim_id, match = found
        labels = {step.label for step in self.settings.scale}
        if match.rating not in labels:
            self.flash(f"“{one_line(match.label)}” is not on your scale: tag it yourself.",
                       error=True)  # fmt: skip
            return
        me, label = self.reviewer, match.rating

        def write(store: Store) -> VerdictEvent:
            return store.inherit_verdict(claim_id, me, label, match)

        self._save("verdict", claim_id, write)

    def action_reject_match(self) -> None:
        found = self._best_match()
        if found is None:
            return
        claim_id, match = found
        me = self.reviewer
        self._save("not the same claim", claim_id,
                   lambda store: store.reject_match(claim_id, me, match))  # fmt: skip

    def action_toggle_previous(self) -> None:
        self._apply(replace(self.filter, previous=not self.filter.previous))

    def action_undo(self) -> None:
        self.history_action("undo")

    def action_redo(self) -> None:
        self.history_action("redo")

    def ask_note(self, claim_id: str) -> None:
        me = self.reviewer

        def done(text: object) -> None:
            if isinstance(text, str):
                self._save("note", claim_id, lambda store: store.add_note(claim_id, me, text))

        self.app.push_screen(TextForm("Add a note to this claim", placeholder="your note"), done)

    def action_note(self) -> None:
        row = self._current_row()
        if row is not None:
            self.ask_note(row.id)

    def action_edit(self) -> None:
        row = self._current_row()
        if row is None:
            return
        me, claim_id = self.reviewer, row.id

        def done(text: object) -> None:
            if isinstance(text, str) and text != row.normalized:
                self._save("edit", claim_id, partial(_edit, claim_id=claim_id, me=me, text=text))

        form = TextForm(
            "Edit the stand-alone claim (the verbatim span never changes)", value=row.normalized
        )
        self.app.push_screen(form, done)

    def action_evidence(self) -> None:
        row = self._current_row()
        if row is None:
            return
        me, claim_id = self.reviewer, row.id

        def done(value: object) -> None:
            if isinstance(value, Evidence):
                write = partial(_evidence, claim_id=claim_id, me=me, evidence=value)
                self._save("evidence", claim_id, write)

        self.app.push_screen(EvidenceForm(), done)

    def on_saved(self, message: Saved) -> None:
        if message.elapsed_ms is not None and message.action == "verdict":
            self.commit_ms.append(message.elapsed_ms)
        self.reviewed = message.reviewed
        self._render_header()
        claims = self.query_one(ClaimList)
        if message.event is None:
            self.flash(f"Nothing to {message.action}.")
            return
        row = message.row
        text = f"“{one_line(row.normalized)[:60]}”" if row else ""
        event = message.event
        if message.action == "verdict":
            self.flash(f"Saved {event.label} · {text}")
            self.link(event.claim_id)
        elif message.action in ("undo", "redo"):
            what = event.body.get("label") or event.body.get("kind", "change")
            self.flash(f"{message.action.capitalize()} {what} · {text}")
        else:
            self.flash(f"Saved {message.action} · {text}")
        if row is None:
            return
        claims.replace_row(row)
        if message.action in ("undo", "redo"):
            # Undo and redo take the reviewer back to the claim they changed.
            index = claims.index_of_loaded(row.id)
            if index is not None:
                claims.cursor = index
        if row.id == self._current:
            self._load_detail(row.id)
        top = self.app.screen
        if top is not self and hasattr(top, "update_row"):
            top.update_row(row)

    # -- finding work -------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("open")
        search.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        query = event.value.strip() or None
        # Results as you type, without a query per keystroke.
        self._search_timer = self.set_timer(
            0.15, lambda: self._apply(replace(self.filter, query=query))
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(ClaimList).focus()

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_class("open"):
            search.value = ""
            search.remove_class("open")
            self._apply(replace(self.filter, query=None))
            self.query_one(ClaimList).focus()

    def _apply(self, filt: ClaimFilter, show_hidden: bool | None = None) -> None:
        self.filter = filt
        if show_hidden is not None:
            self.show_hidden = show_hidden
        self.shown = None
        self._render_header()
        self.reload()

    def action_filter(self) -> None:
        self.reader.submit(
            lambda store: DocumentsListed(
                [(d["id"], d["title"] or d["source_path"] or "") for d in store.documents()]
            )
        )

    def on_documents_listed(self, message: DocumentsListed) -> None:
        labels = [step.label for step in self.settings.scale]
        form = FilterForm(self.filter, self.show_hidden, labels, message.documents)

        def done(value: object) -> None:
            if isinstance(value, tuple):
                filt, show_hidden = value
                self._apply(filt, show_hidden)

        self.app.push_screen(form, done)

    def action_clear_filters(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.remove_class("open")
        self._apply(ClaimFilter(reviewer=self.reviewer), show_hidden=False)
        self.flash("Filters cleared.")

    def action_toggle_hidden(self) -> None:
        self._apply(self.filter, show_hidden=not self.show_hidden)
        self.flash(
            "Showing every claim."
            if self.show_hidden
            else f"Hiding claims scoring below {self.settings.hide_below:g}."
        )

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._render_header()
        self.reload()

    def action_context(self) -> None:
        self.query_one(ClaimPane).toggle_context()

    # -- document view, help, ingest ------------------------------------------------------

    def action_document(self) -> None:
        row = self._current_row()
        if row is None:
            return
        me, current = self.reviewer, row.id

        def job(store: Store) -> DocumentLoaded:
            document = store.get_document(row.doc_id)
            rows = store.page(ClaimFilter(doc_id=row.doc_id), "doc", limit=100_000, viewer=me)
            return DocumentLoaded(document, rows, store.claims_of(row.doc_id), current)

        self.reader.submit(job)

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        from workbench.tui.screens.document import document_screen

        self.app.push_screen(
            document_screen(self, message.document, message.rows, message.claims, message.current)
        )

    def show_help(self, screen: Screen) -> None:
        rows: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.id:
                continue  # Textual's own scrolling and focus keys: listed in the hint
            seen.add(binding.action)
            rows.append(
                (
                    self.app.get_key_display(binding) or key,
                    binding.description or binding.action,
                    # Verdict keys are remapped through the scale, not through [keys].
                    "[[scale]] key" if "verdict." in binding.id else binding.id,
                )
            )
        merged: dict[tuple[str, str], list[str]] = {}
        for key, description, binding_id in rows:
            merged.setdefault((description, binding_id), []).append(key)
        self.app.push_screen(
            HelpScreen([(" ".join(keys), desc, bid) for (desc, bid), keys in merged.items()])
        )

    def action_help(self) -> None:
        self.show_help(self)

    def action_ingest(self) -> None:
        def done(text: object) -> None:
            if isinstance(text, str):
                self.ingest([Path(p).expanduser() for p in text.split()])

        self.app.push_screen(IngestForm(), done)

    @work(thread=True, group="link")
    def link(self, claim_id: str) -> None:
        """A claim just reviewed becomes a previous verdict of the claims that restate it.
        In a thread of its own, with its own connection: the next verdict never waits."""
        from workbench.match import Matcher

        try:
            store = Store.open(self.settings.db, migrate=False)
            try:
                Matcher(store, self.settings.match_threshold).link(claim_id)
            finally:
                store.close()
        except Exception as exc:  # reported in the UI: the TUI keeps running
            self.post_message(DbFailed(f"linking matches: {type(exc).__name__}: {exc}"))

    @work(thread=True, exclusive=True, group="ingest")
    def ingest(self, paths: list[Path]) -> None:
        """Ingest in a thread of its own (its own connection); progress comes back by message."""
        from workbench.extract import Extractor, load_pipeline
        from workbench.ingest.batch import ingest_paths

        settings = self.settings
        try:
            store = Store.open(settings.db)
            try:
                report = ingest_paths(
                    paths,
                    store,
                    lambda: Extractor(
                        load_pipeline(settings.model, settings.classifier), settings.batch_size
                    ),
                    progress=lambda done, total, path: self.post_message(
                        IngestProgress(done, total, path)
                    ),
                    cluster_threshold=settings.cluster_threshold,
                    match_threshold=settings.match_threshold,
                )
            finally:
                store.close()
        except Exception as exc:  # reported in the UI: the TUI keeps running
            self.post_message(IngestDone("", [], f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IngestDone(report.summary(), report.skipped, None))

    def on_ingest_progress(self, message: IngestProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.add_class("running")
        bar.update(total=message.total, progress=message.done)
        self.flash(f"Ingesting {message.done}/{message.total} · {one_line(message.path)}")

    def on_ingest_done(self, message: IngestDone) -> None:
        self.query_one("#progress", ProgressBar).remove_class("running")
        if message.error:
            self.flash(f"Ingest failed: {message.error}", error=True)
            return
        skipped = "; ".join(f"{Path(p).name}: {why}" for p, why in message.skipped[:3])
        self.flash(
            f"Ingest done: {message.summary}" + (f" · {skipped}" if skipped else ""),
            error=bool(message.skipped),
        )
        self.reload()

    def on_unmount(self) -> None:
        # However the app ends (q, ctrl+q, a test harness's exit), the worker threads stop
        # and every write already submitted is finished first.
        self.close_channels()

    def close_channels(self) -> bool:
        """Finish every submitted write before the app goes away."""
        saved = self.writer.close(wait=10)
        self.reader.close(wait=1)
        return saved


def _edit(store: Store, *, claim_id: str, me: str, text: str) -> VerdictEvent:
    return store.edit_normalized(claim_id, me, text)


def _evidence(store: Store, *, claim_id: str, me: str, evidence: Evidence) -> VerdictEvent:
    return store.add_evidence(claim_id, me, evidence.url, evidence.quote)


def review_screen(settings: Settings) -> ReviewScreen:
    """A ReviewScreen whose bindings include the settings' verdict scale, each with an id."""
    # The scale bar shows the verdict keys; the footer keeps the rest readable at 80 columns.
    bindings = verdict_bindings(settings) + COMMON_BINDINGS
    cls = type("ReviewScreen", (ReviewScreen,), {"BINDINGS": bindings})
    return cls(settings)


def verdict_bindings(settings: Settings, prefix: str = "") -> list[BindingType]:
    """One binding per step of the scale, each with an id, for a screen that tags claims."""
    return [
        Binding(step.key, f"verdict('{step.label}')", step.label, show=False,
                id=f"{prefix}verdict.{step.label}")
        for step in settings.scale
    ]  # fmt: skip
