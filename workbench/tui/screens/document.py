"""The document view: the whole article, every claim in it marked by review state."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.extract.paragraphs import paragraphs
from workbench.models import Claim, Document
from workbench.store import ClaimRow
from workbench.tui.text import literal, one_line

if TYPE_CHECKING:
    from workbench.tui.screens.review import ReviewScreen

STATE_STYLES = {
    "unreviewed": "underline",
    "mine": "bold green",
    "others": "yellow",
    "conflict": "bold red",
}

COMMON_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_claim", "Next claim", id="document.next"),
    Binding("k,up", "previous_claim", "Previous claim", id="document.previous"),
    Binding("n", "note", "Note", id="document.note"),
    Binding("z", "undo", "Undo", id="document.undo"),
    Binding("Z", "redo", "Redo", id="document.redo"),
    Binding("question_mark", "help", "Keys", id="document.help"),
    Binding("escape,d", "close", "Back", id="document.close"),
]


class DocumentScreen(Screen[None]):
    """Built by ``document_screen`` so that the verdict keys come from the settings."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(self, review: ReviewScreen, document: Document, rows: list[ClaimRow],
                 claims: list[Claim], current: str | None) -> None:  # fmt: skip
        super().__init__()
        self.review = review
        self.document = document
        self.rows = {row.id: row for row in rows}
        self.claims = claims
        self.index = next((i for i, c in enumerate(claims) if c.id == current), 0)
        self.paragraphs = paragraphs(document.text)

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
        yield Static(id="doc-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for i in range(len(self.paragraphs)):
            self._render_paragraph(i)
        self._show_current()

    def _paragraph_of(self, claim: Claim) -> int:
        for i, para in enumerate(self.paragraphs):
            if para.start <= claim.start < para.end or para.start >= claim.start:
                return i
        return len(self.paragraphs) - 1

    def _render_paragraph(self, i: int) -> None:
        para = self.paragraphs[i]
        text = Text(literal(self.document.text[para.start : para.end]))
        current = self.claims[self.index].id if self.claims else None
        for claim in self.claims:
            if claim.end <= para.start or claim.start >= para.end:
                continue
            row = self.rows.get(claim.id)
            style = STATE_STYLES[row.state if row else "unreviewed"]
            if claim.id == current:
                style += " reverse"
            text.stylize(style, max(0, claim.start - para.start), claim.end - para.start)
        self.query_one(f"#para-{i}", Static).update(text)

    def _show_current(self) -> None:
        if not self.claims:
            self.query_one("#doc-status", Static).update(Text(" This document has no claims."))
            return
        claim = self.claims[self.index]
        widget = self.query_one(f"#para-{self._paragraph_of(claim)}", Static)
        self.query_one("#doc-body", VerticalScroll).scroll_to_widget(widget, animate=False)
        row = self.rows.get(claim.id)
        state = row.state if row else "unreviewed"
        verdict = row.label if row and row.label else "no verdict of yours"
        status = Text(f" claim {self.index + 1} of {len(self.claims)} · {state} · {verdict}")
        if claim.speaker:
            status.append(f" · {one_line(claim.speaker)}", "bold")
        self.query_one("#doc-status", Static).update(status)

    def _move(self, delta: int) -> None:
        if not self.claims:
            return
        old = self._paragraph_of(self.claims[self.index])
        self.index = max(0, min(len(self.claims) - 1, self.index + delta))
        new = self._paragraph_of(self.claims[self.index])
        self._render_paragraph(old)
        if new != old:
            self._render_paragraph(new)
        self._show_current()

    def action_next_claim(self) -> None:
        self._move(1)

    def action_previous_claim(self) -> None:
        self._move(-1)

    def action_verdict(self, label: str) -> None:
        if self.claims:
            self.review.submit_verdict(self.claims[self.index].id, label)
            self._move(1)

    def action_note(self) -> None:
        if self.claims:
            self.review.ask_note(self.claims[self.index].id)

    def action_undo(self) -> None:
        self.review.history_action("undo")

    def action_redo(self) -> None:
        self.review.history_action("redo")

    def action_help(self) -> None:
        self.review.show_help(self)

    def action_close(self) -> None:
        self.dismiss(None)

    def update_row(self, row: ClaimRow) -> None:
        """A change was saved: recolour the claim, wherever it is."""
        if row.id not in self.rows and row.doc_id != self.document.id:
            return
        self.rows[row.id] = row
        for claim in self.claims:
            if claim.id == row.id:
                self._render_paragraph(self._paragraph_of(claim))
        self._show_current()


def document_screen(review: ReviewScreen, *args, **kwargs) -> DocumentScreen:
    from workbench.tui.screens.review import verdict_bindings

    bindings = verdict_bindings(review.settings, prefix="document.") + COMMON_BINDINGS
    cls = type("DocumentScreen", (DocumentScreen,), {"BINDINGS": bindings})
    return cls(review, *args, **kwargs)
