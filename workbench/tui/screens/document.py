"""The document view: the whole article, every claim in it marked by review state.

It asks for changes by message (``SubmitWrite`` to the screen that owns the writer)
and hears back by message (``RowChanged``, ``WriteFailed``); it imports no screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.models import Claim
from workbench.review.session import DocumentView, ReviewSession, Write
from workbench.tui.bindings import DOCUMENT_BINDINGS, verdict_bindings, with_bindings
from workbench.tui.messages import RowChanged, SubmitWrite, WriteFailed
from workbench.tui.screens.forms import TextForm
from workbench.tui.screens.help import help_for
from workbench.tui.text import literal, one_line
from workbench.tui.widgets.status import StatusLine, not_saved

STATE_STYLES = {
    "unreviewed": "underline",
    "mine": "bold green",
    "others": "yellow",
    "conflict": "bold red",
}


class DocumentScreen(Screen[None]):
    """Built by ``document_screen`` so that the verdict keys come from the settings."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, session: ReviewSession, writer: MessagePump, view: DocumentView) -> None:
        """``writer``: where to send the changes (the screen that owns the writer)."""
        super().__init__()
        self.session = session
        self.writer = writer
        self.document = view.document
        self.rows = {row.id: row for row in view.rows}
        self.claims = view.claims
        self.index = next((i for i, c in enumerate(self.claims) if c.id == view.current), 0)
        self.paragraphs = view.paragraphs
        self._paragraph_at = {span: i for i, span in enumerate(self.paragraphs)}

    def compose(self) -> ComposeResult:
        doc = self.document
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" document ", "bold reverse").append(f"  {one_line(doc.title)}", "bold")
        meta = " · ".join(one_line(v) for v in (doc.outlet, doc.published, doc.source_path) if v)
        title.append(f"  ·  {len(self.claims)} claims  ·  {meta}", "dim")
        yield Static(title, id="doc-header", markup=False)
        with VerticalScroll(id="doc-body"):
            for i in range(len(self.paragraphs)):
                yield Static(id=f"para-{i}", markup=False, classes="doc-para")
        yield StatusLine(id="doc-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for i in range(len(self.paragraphs)):
            self._render_paragraph(i)
        self._show_current()

    def _paragraph_of(self, claim: Claim) -> int:
        """The claim's paragraph, by the offsets stored with it."""
        here = self._paragraph_at.get((claim.paragraph_start, claim.paragraph_end))
        if here is not None:
            return here
        for i, (start, end) in enumerate(self.paragraphs):
            if start <= claim.start < end or start >= claim.start:
                return i
        return len(self.paragraphs) - 1

    def _render_paragraph(self, i: int) -> None:
        start, end = self.paragraphs[i]
        text = Text(literal(self.document.text[start:end]))
        current = self.claims[self.index].id if self.claims else None
        for claim in self.claims:
            if claim.end <= start or claim.start >= end:
                continue
            row = self.rows.get(claim.id)
            style = STATE_STYLES[row.state if row else "unreviewed"]
            if claim.id == current:
                style += " reverse"
            text.stylize(style, max(0, claim.start - start), claim.end - start)
        self.query_one(f"#para-{i}", Static).update(text)

    def _show_current(self) -> None:
        status = self.query_one("#doc-status", StatusLine)
        if not self.claims:
            status.flash("This document has no claims.")
            return
        claim = self.claims[self.index]
        widget = self.query_one(f"#para-{self._paragraph_of(claim)}", Static)
        self.query_one("#doc-body", VerticalScroll).scroll_to_widget(widget, animate=False)
        row = self.rows.get(claim.id)
        state = row.state if row else "unreviewed"
        verdict = row.label if row and row.label else "no verdict of yours"
        line = Text(f"claim {self.index + 1} of {len(self.claims)} · {state} · {verdict}")
        if claim.speaker:
            line.append(f" · {one_line(claim.speaker)}", "bold")
        status.flash(line)

    def _go(self, index: int) -> None:
        if not self.claims:
            return
        old = self._paragraph_of(self.claims[self.index])
        self.index = max(0, min(len(self.claims) - 1, index))
        new = self._paragraph_of(self.claims[self.index])
        self._render_paragraph(old)
        if new != old:
            self._render_paragraph(new)
        self._show_current()

    def _submit(self, write: Write) -> None:
        self.writer.post_message(SubmitWrite(write))

    def on_key(self, event: events.Key) -> None:
        # Any key acknowledges an error about a change that was not saved.
        self.query_one("#doc-status", StatusLine).release()

    def action_next_claim(self) -> None:
        self._go(self.index + 1)

    def action_previous_claim(self) -> None:
        self._go(self.index - 1)

    def action_verdict(self, label: str) -> None:
        if self.claims:
            self._submit(self.session.verdict(self.claims[self.index].id, label))
            self._go(self.index + 1)

    def action_note(self) -> None:
        if not self.claims:
            return
        claim_id = self.claims[self.index].id

        def done(text: object) -> None:
            if isinstance(text, str):
                self._submit(self.session.note(claim_id, text))

        self.app.push_screen(TextForm("Add a note to this claim", placeholder="your note"), done)

    def action_undo(self) -> None:
        self._submit(self.session.undo())

    def action_redo(self) -> None:
        self._submit(self.session.redo())

    def action_help(self) -> None:
        self.app.push_screen(help_for(self))

    def action_close(self) -> None:
        self.dismiss(None)

    def on_row_changed(self, message: RowChanged) -> None:
        """A change was saved: recolour the claim, wherever it is."""
        row = message.row
        if row.id not in self.rows and row.doc_id != self.document.id:
            return
        self.rows[row.id] = row
        for claim in self.claims:
            if claim.id == row.id:
                self._render_paragraph(self._paragraph_of(claim))
        self._show_current()

    def on_write_failed(self, message: WriteFailed) -> None:
        """A change was not saved: back to its claim, and say so until a key is pressed."""
        outcome = message.outcome
        status = self.query_one("#doc-status", StatusLine)
        first = status.held is None
        status.hold(not_saved(outcome))
        here = next((i for i, c in enumerate(self.claims) if c.id == outcome.claim_id), None)
        if first and here is not None:
            self._go(here)


def document_screen(session: ReviewSession, writer: MessagePump,
                    view: DocumentView) -> DocumentScreen:  # fmt: skip
    """A DocumentScreen whose bindings include the settings' verdict scale."""
    bindings = verdict_bindings(session.settings, prefix="document.") + DOCUMENT_BINDINGS
    return with_bindings(DocumentScreen, bindings)(session, writer, view)
