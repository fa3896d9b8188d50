"""The claim pane: the claim, its paragraph with the span highlighted, its source and history."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.tui.messages import Detail
from workbench.tui.text import literal, one_line, plain


def _context(detail: Detail) -> Text:
    claim, text = detail.claim, detail.document.text
    para = Text(literal(text[claim.paragraph_start : claim.paragraph_end]))
    para.stylize("bold reverse", claim.start - claim.paragraph_start,
                 claim.end - claim.paragraph_start)  # fmt: skip
    return para


def _source(detail: Detail) -> Text:
    doc, claim = detail.document, detail.claim
    out = Text()
    out.append("Title    ", "dim").append(one_line(doc.title) or "(untitled)", "bold").append("\n")
    where = " · ".join(one_line(v) for v in (doc.outlet, doc.published) if v)
    if where:
        out.append("Source   ", "dim").append(where).append("\n")
    out.append("File     ", "dim").append(literal(doc.source_path or doc.url or "?")).append("\n")
    out.append("Speaker  ", "dim")
    if claim.speaker:
        out.append(one_line(claim.speaker), "bold")
        if claim.cue:
            out.append(f"  ({one_line(claim.cue)})", "dim")
        if claim.is_quote:
            out.append("  quoted", "italic")
    else:
        out.append("the outlet itself (no speaker)", "dim")
    out.append("\n")
    out.append("Score    ", "dim").append(f"{claim.score:.2f}  ")
    out.append(one_line("; ".join(claim.reasons)), "dim")
    if claim.entities:
        names = sorted({f"{one_line(e.text)} ({e.label})" for e in claim.entities})
        out.append("\nEntities ", "dim").append(", ".join(names))
    return out


def _history(detail: Detail) -> Text:
    out = Text()
    if detail.verdicts:
        out.append("Verdicts ", "dim")
        out.append(", ".join(f"{one_line(v.reviewer)}: {v.label}" for v in detail.verdicts), "bold")
        out.append("\n")
    if not detail.history:
        out.append("No verdict yet.", "dim")
        return out
    for event in detail.history[-12:]:
        what = event.label or one_line(str(event.body.get("text") or event.body.get("label") or ""))
        out.append(f"{event.at:%Y-%m-%d %H:%M}  ", "dim")
        out.append(f"{one_line(event.reviewer)}  {event.kind}", "bold" if event.kind == "verdict"
                   else "")  # fmt: skip
        if what:
            out.append(f"  {what}")
        out.append("\n")
    out.rstrip()
    return out


class ClaimPane(VerticalScroll):
    """Everything about the claim under the cursor."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.detail: Detail | None = None

    def compose(self):
        yield Static(id="claim-text", markup=False)
        yield Static(id="claim-context", markup=False)
        yield Static(id="claim-source", markup=False)
        yield Static(id="claim-history", markup=False)

    def show(self, detail: Detail | None) -> None:
        self.detail = detail
        if detail is None:
            self.query_one("#claim-text", Static).update(Text("No claim here.", "dim"))
            for name in ("context", "source", "history"):
                self.query_one(f"#claim-{name}", Static).update("")
            return
        self.query_one("#claim-text", Static).update(plain(detail.claim.normalized, "bold"))
        self.query_one("#claim-context", Static).update(_context(detail))
        self.query_one("#claim-source", Static).update(_source(detail))
        self.query_one("#claim-history", Static).update(_history(detail))
