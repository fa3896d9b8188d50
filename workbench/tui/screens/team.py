"""The team screens: agreement (`A`) and adjudication (`J`).

Each has database channels of its own (``workbench/tui/db.py``), so it reads and writes
off the UI thread without the review screen relaying; the review screen reloads its
list when one closes. Names, notes and claims are shown literally.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.config import Settings
from workbench.review import adjudication
from workbench.review.adjudication import Conflict, Side
from workbench.review.agreement import lines, report
from workbench.review.session import ReviewSession, Write
from workbench.store import Store
from workbench.tui.bindings import verdict_bindings, with_bindings
from workbench.tui.db import DbChannel
from workbench.tui.messages import AgreementLoaded, ConflictsLoaded, DbFailed, WriteDone
from workbench.tui.text import literal, one_line
from workbench.tui.widgets.status import StatusLine, not_saved


def _title(name: str, what: str) -> Text:
    title = Text(no_wrap=True, overflow="ellipsis")
    return title.append(f" {name} ", "bold reverse").append(f"  {what}", "dim")


class TeamScreen(Screen[None]):
    """A screen with a reader (and a writer) of its own."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.writer = DbChannel(settings.db, "team-writer")
        self.reader = DbChannel(settings.db, "team-reader")

    def on_mount(self) -> None:
        for channel in (self.writer, self.reader):
            self.run_worker(partial(channel.serve, self), thread=True, name=channel.name,
                            group="team-db", exit_on_error=False)  # fmt: skip

    def on_unmount(self) -> None:
        self.writer.close(wait=10)
        self.reader.close(wait=1)

    def on_db_failed(self, message: DbFailed) -> None:
        self.query_one(StatusLine).flash(f"Database error: {message.error}", error=True)

    def action_close(self) -> None:
        self.dismiss(None)


class AgreementScreen(TeamScreen):
    """Alpha, kappas, confusion matrices, per label, per document, per reviewer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,A,q", "close", "Back", id="agreement.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="agreement.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="agreement.up"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(_title("agreement", "claims with two or more reviewers"), id="team-header")
        with VerticalScroll(id="agreement-body"):
            yield Static(Text("Computing ...", "dim"), id="agreement-text", markup=False)
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        settings = self.settings

        def job(store: Store) -> AgreementLoaded:
            titles = {d.id: d.title or d.source_path or d.id[:12] for d in store.claims.documents()}
            result = report(store, settings)
            return AgreementLoaded(lines(result, titles))

        self.reader.submit(job)

    def on_agreement_loaded(self, message: AgreementLoaded) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, line in enumerate(message.lines):
            text.append(literal(line).replace("\n", " ") + "\n", "bold" if i < 4 else "")
        text.rstrip()
        self.query_one("#agreement-text", Static).update(text)
        self.query_one(StatusLine).flash("Esc goes back; workbench agree --format json prints it.")

    def action_scroll(self, delta: int) -> None:
        self.query_one("#agreement-body", VerticalScroll).scroll_relative(y=delta, animate=False)


def _side(side: Side, chosen: bool, final: str | None) -> Text:
    out = Text()
    out.append(one_line(side.reviewer), "bold reverse" if chosen else "bold")
    out.append("\n").append(side.label, "bold green" if side.label == final else "bold")
    if side.note:
        out.append("\nnote ", "dim").append(literal(side.note))
    for url, quote in side.evidence:
        out.append("\nevidence ", "dim").append(one_line(url))
        if quote:
            out.append(f" · {one_line(quote)}", "italic")
    return out


class AdjudicationScreen(TeamScreen):
    """Every disagreement, its sides next to each other; one key settles it."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.session = ReviewSession(settings)
        self.conflicts: list[Conflict] = []
        self.index = 0
        self.side = 0

    def compose(self) -> ComposeResult:
        yield Static(_title("adjudicate", "loading ..."), id="team-header", markup=False)
        with VerticalScroll(id="conflict-list"):
            yield Static(id="conflict-lines", markup=False)
        yield Static(id="conflict-claim", markup=False)
        yield Horizontal(id="conflict-sides")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(StatusLine).flash(
            "←/→ choose a side, Enter takes it, a verdict key gives your own, z undoes."
        )
        self._load()

    def _load(self) -> None:
        self.reader.submit(lambda store: ConflictsLoaded(adjudication.conflicts(store)))

    def on_conflicts_loaded(self, message: ConflictsLoaded) -> None:
        current = self.conflicts[self.index].claim_id if self.conflicts else None
        self.conflicts = message.conflicts
        ids = [c.claim_id for c in self.conflicts]
        self.index = ids.index(current) if current in ids else min(self.index, len(ids) - 1)
        self.index = max(0, self.index)
        self._show()

    def _show(self) -> None:
        open_ = sum(not c.settled for c in self.conflicts)
        self.query_one("#team-header", Static).update(_title(
            "adjudicate", f"{len(self.conflicts)} disagreements · {open_} open"))  # fmt: skip
        listing = Text(no_wrap=True, overflow="ellipsis")
        for i, c in enumerate(self.conflicts):
            mark = "✓" if c.settled else "!"
            style = "reverse" if i == self.index else ""
            listing.append(f" {mark} ", style + (" green" if c.settled else " red"))
            labels = "/".join(s.label for s in c.sides)
            listing.append(f"{labels}  {one_line(c.text)}\n", style)
        listing.rstrip()
        self.query_one("#conflict-lines", Static).update(
            listing if self.conflicts else Text("No disagreements.", "dim")
        )
        self.query_one("#conflict-list", VerticalScroll).scroll_to(
            y=max(0, self.index - 2), animate=False
        )
        claim = self.query_one("#conflict-claim", Static)
        sides = self.query_one("#conflict-sides", Horizontal)
        sides.remove_children()
        if not self.conflicts:
            claim.update("")
            return
        c = self.conflicts[self.index]
        self.side = min(self.side, len(c.sides) - 1)
        text = Text()
        if c.speaker:
            text.append(one_line(c.speaker) + ": ", "bold")
        text.append(literal(c.text), "bold").append(f"\n{one_line(c.title)}", "dim")
        if c.final:
            taken = f" (taken from {one_line(c.final.taken_from)})" if c.final.taken_from else ""
            text.append(f"\nfinal: {c.final.label} by {one_line(c.final.adjudicator)}{taken}",
                        "bold green")  # fmt: skip
        claim.update(text)
        final = c.final.label if c.final else None
        sides.mount_all(Static(_side(s, i == self.side, final), markup=False,
                               classes="conflict-side") for i, s in enumerate(c.sides))  # fmt: skip

    def on_key(self, event: events.Key) -> None:
        self.query_one(StatusLine).release()

    # -- moving and choosing -------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if self.conflicts:
            self.index = max(0, min(len(self.conflicts) - 1, self.index + delta))
            self.side = 0
            self._show()

    def action_side(self, delta: int) -> None:
        if self.conflicts:
            n = len(self.conflicts[self.index].sides)
            self.side = (self.side + delta) % n
            self._show()

    # -- rulings -------------------------------------------------------------------

    def _save(self, action: str, job: Any, label: str | None) -> None:
        c = self.conflicts[self.index]
        write = Write(action, c.claim_id, job, self.session.reviewer, label)
        self.writer.submit(write, WriteDone)

    def action_take(self) -> None:
        if self.conflicts:
            c = self.conflicts[self.index]
            side = c.sides[self.side]
            self._save("final", adjudication.take(c.claim_id, self.session.reviewer,
                                                  side.reviewer), side.label)  # fmt: skip

    def action_verdict(self, label: str) -> None:
        if self.conflicts:
            c = self.conflicts[self.index]
            self._save("final", adjudication.rule(c.claim_id, self.session.reviewer, label), label)

    def action_undo(self) -> None:
        self.writer.submit(self.session.undo(), WriteDone)

    def on_write_done(self, message: WriteDone) -> None:
        outcome = message.outcome
        status = self.query_one(StatusLine)
        if outcome.error is not None:
            status.hold(not_saved(outcome))
            return
        if outcome.event is None:
            status.flash(f"Nothing to {outcome.action}.")
        elif outcome.action == "final":
            status.flash(f"Final {outcome.label} saved; z undoes.")
        else:
            status.flash(f"Undid {outcome.event.body.get('kind')} "
                         f"{outcome.event.body.get('label') or ''}".rstrip() + ".")  # fmt: skip
        self._load()


ADJUDICATION_BINDINGS: list[BindingType] = [
    Binding("j,down", "move(1)", "Next", id="adjudicate.next"),
    Binding("k,up", "move(-1)", "Previous", id="adjudicate.previous"),
    Binding("l,right,tab", "side(1)", "Next side", show=False, id="adjudicate.side_next"),
    Binding("h,left", "side(-1)", "Previous side", show=False, id="adjudicate.side_previous"),
    Binding("enter", "take", "Take this side", id="adjudicate.take"),
    Binding("z", "undo", "Undo", id="adjudicate.undo"),
    Binding("escape,J,q", "close", "Back", id="adjudicate.close"),
]


def adjudication_screen(settings: Settings) -> AdjudicationScreen:
    """An AdjudicationScreen whose verdict keys (your own final verdict) are the scale's."""
    bindings = verdict_bindings(settings, prefix="adjudicate.") + ADJUDICATION_BINDINGS
    return with_bindings(AdjudicationScreen, bindings)(settings)
