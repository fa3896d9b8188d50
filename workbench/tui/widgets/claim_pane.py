"""The claim pane: the claim, its paragraph with the span highlighted, its source and history."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.match.suggest import Offer
from workbench.models import VerdictEvent
from workbench.review.session import Detail
from workbench.store import Match, MatchOrigin
from workbench.tui.text import literal, one_line, plain


def _context(detail: Detail, more: bool) -> Text:
    claim, text = detail.claim, detail.document.text
    para = Text()
    if more and detail.before:
        para.append(literal(detail.before) + "\n\n", "dim")
    body = Text(literal(text[claim.paragraph_start : claim.paragraph_end]))
    body.stylize("bold reverse", claim.start - claim.paragraph_start,
                 claim.end - claim.paragraph_start)  # fmt: skip
    para.append_text(body)
    if more and detail.after:
        para.append("\n\n" + literal(detail.after), "dim")
    return para


def _speaker(detail: Detail) -> Text:
    """Who says it, and the cue that named them: first, with the claim."""
    claim = detail.claim
    out = Text()
    out.append("Speaker  ", "dim")
    if claim.speaker:
        who = claim.speaker_canonical or claim.speaker
        if claim.speaker_mention:
            # Inferred: the words of the sentence, then whom they were resolved to
            # ("he -> Dmitry Peskov"), so the reviewer sees the step.
            out.append(one_line(claim.speaker_mention)).append(" -> ", "dim")
            out.append(one_line(who), "bold").append("  inferred", "italic")
        else:
            out.append(one_line(claim.speaker), "bold")
            if who != claim.speaker:
                out.append(" -> ", "dim").append(one_line(who))
        if claim.cue:
            out.append(f"  ({one_line(claim.cue)})", "dim")
        if claim.is_quote:
            out.append("  quoted", "italic")
    else:
        out.append("the outlet itself (no speaker)", "dim")
    return out


def _source(detail: Detail) -> Text:
    """Where the claim comes from and why it scored as it did: after the context."""
    doc, claim = detail.document, detail.claim
    out = Text()
    out.append("Title    ", "dim").append(one_line(doc.title) or "(untitled)", "bold").append("\n")
    where = " · ".join(one_line(v) for v in (doc.outlet, doc.published) if v)
    if where:
        out.append("Source   ", "dim").append(where).append("\n")
    out.append("File     ", "dim").append(literal(doc.source_path or doc.url or "?")).append("\n")
    if doc.url and doc.source_path:
        out.append("URL      ", "dim").append(literal(doc.url)).append("\n")
    out.append("Score    ", "dim").append(f"{claim.score:.2f}  ")
    out.append(one_line("; ".join(claim.reasons)), "dim")
    if claim.entities:
        names = sorted({f"{one_line(e.text)} ({e.label})" for e in claim.entities})
        out.append("\nEntities ", "dim").append(", ".join(names))
    return out


def _related(detail: Detail) -> Text:
    """The cluster's other members and the best previous verdicts."""
    out = Text()
    members = detail.extra.get("cluster") or []
    matches = detail.extra.get("matches") or []
    body = detail.extra.get("restated_by")
    if body is not None:
        out.append("Headline ", "dim").append("the body restates it; review it there: ", "italic")
        out.append(one_line(body.text) + "\n")
    for head in detail.extra.get("headlines") or []:
        out.append("Headline ", "dim").append(one_line(head.text), "bold")
        out.append("  restated here: judged with this claim\n", "italic")
    if members:
        out.append(f"Same claim elsewhere ({len(members)})\n", "dim")
        for m in members[:8]:
            out.append("  • ")
            if m.speaker:
                out.append(one_line(m.speaker) + ": ", "bold")
            out.append(one_line(m.text))
            out.append(f"  — {one_line(m.title or m.source_path or '')}", "dim")
            if m.verdicts:
                out.append(f"  [{one_line(m.verdicts)}]", "bold")
            out.append("\n")
    if matches:
        first, offers = matches[0], detail.extra.get("offers") or []
        where = "cluster" if first.origin is MatchOrigin.CLUSTER else "first match"
        hint = {
            Offer.APPLY: f"a applies {one_line(first.label)} from the {where}",
            Offer.CONFIRM: f"possible match: a asks before applying {one_line(first.label)}",
            Offer.NEVER: "its verdict judged who said it, not this statement: tag it yourself",
        }[detail.offer() or Offer.CONFIRM]
        out.append("Checked before  ", "dim").append(f"{hint}; r: not the same claim\n",
                                                     "dim italic")  # fmt: skip
        for i, m in enumerate(matches):
            if m.origin is MatchOrigin.CLUSTER:
                continue  # listed above with the cluster
            rating = m.label if m.rating in (None, m.label) else f"{m.label} → {m.rating}"
            out.append(f"  {m.score:.2f} ", "dim").append(one_line(rating), "bold")
            kind = offers[i] if i < len(offers) else None
            if kind is Offer.CONFIRM:
                out.append("  possible match", "italic")
            elif kind is Offer.NEVER:
                out.append("  on who said it", "italic")
            out.append("  " + one_line(m.text) + "\n")
            out.append("       " + one_line(m.source) + "\n", "dim")
    out.rstrip()
    return out


def describe(event: VerdictEvent) -> str:
    """One line for an event of the history, as a reviewer would say it."""
    body: dict[str, Any] = event.body
    if event.kind == "verdict" and body.get("inherited_from"):
        return (f"verdict {event.label}, applied from a match ({body.get('score', 0):.2f}): "
                f"{one_line(body.get('text'))}")  # fmt: skip
    if event.kind == "verdict":
        return f"verdict {event.label}"
    if event.kind == "reject":
        return f"not the same claim as: {one_line(body.get('text'))}"
    if event.kind == "note":
        return f"note: {one_line(body.get('text'))}"
    if event.kind == "edit":
        return f"edited claim: {one_line(body.get('normalized'))}"
    if event.kind == "evidence":
        parts = [one_line(body.get("url")), one_line(body.get("quote"))]
        return "evidence: " + " · ".join(p for p in parts if p)
    if event.kind == "undo":
        return f"undid {body.get('kind', 'change')} {body.get('label') or ''}".rstrip()
    if event.kind == "redo":
        return "redid a change"
    return event.kind


def _verdicts(detail: Detail) -> Text:
    """The verdicts and notes (or what blind review hides): before the context, so a
    reviewer sees them without scrolling at 80x24."""
    out = Text()
    if detail.hidden:
        n = detail.hidden
        out.append(f"Blind review: {n} other verdict{'s' if n != 1 else ''} hidden until you "
                   "give yours.\n", "italic")  # fmt: skip
    if not detail.verdicts:
        out.append("No verdict yet.", "dim")
        return out
    out.append("Verdicts ", "dim")
    out.append(", ".join(f"{one_line(v.reviewer)}: {v.label}" for v in detail.verdicts), "bold")
    notes = [f"{one_line(v.reviewer)}: {one_line(v.note)}" for v in detail.verdicts if v.note]
    if notes:
        out.append("\nNotes    ", "dim").append(" · ".join(notes))
    return out


def _history(detail: Detail) -> Text:
    out = Text()
    if not detail.history:
        return out
    out.append("History\n", "dim")
    for event in detail.history[-20:]:
        out.append(f"{event.at:%Y-%m-%d %H:%M}  ", "dim")
        out.append(one_line(event.reviewer), "bold")
        out.append(f"  {describe(event)}\n")
    out.rstrip()
    return out


class ClaimPane(VerticalScroll):
    """Everything about the claim under the cursor."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.detail: Detail | None = None
        self.more_context = False

    def compose(self) -> ComposeResult:
        # What a reviewer decides on comes first (the claim, who says it, the verdicts,
        # what was checked before); the context and provenance come after it.
        yield Static(id="claim-text", markup=False)
        yield Static(id="claim-speaker", markup=False)
        yield Static(id="claim-verdicts", markup=False)
        yield Static(id="claim-related", markup=False)
        yield Static(id="claim-context", markup=False)
        yield Static(id="claim-source", markup=False)
        yield Static(id="claim-history", markup=False)

    def best_offer(self) -> Offer | None:
        """How the first previous verdict may be applied."""
        return self.detail.offer() if self.detail else None

    def best_match(self) -> Match | None:
        """The first previous verdict shown ("Checked before"), if any."""
        matches = self.detail.extra.get("matches") if self.detail else None
        return matches[0] if matches else None

    def toggle_context(self) -> None:
        self.more_context = not self.more_context
        self.show(self.detail)

    def show(self, detail: Detail | None) -> None:
        previous = self.detail.claim.id if self.detail else None
        self.detail = detail
        if detail is None or detail.claim.id != previous:
            # A new claim starts at its top, not where the last one was scrolled to.
            self.scroll_home(animate=False, immediate=True)
        if detail is None:
            self.query_one("#claim-text", Static).update(Text("No claim here.", "dim"))
            for name in ("speaker", "verdicts", "context", "source", "related", "history"):
                self.query_one(f"#claim-{name}", Static).update("")
            return
        self.query_one("#claim-text", Static).update(plain(detail.claim.normalized, "bold"))
        self.query_one("#claim-speaker", Static).update(_speaker(detail))
        self.query_one("#claim-verdicts", Static).update(_verdicts(detail))
        self.query_one("#claim-context", Static).update(_context(detail, self.more_context))
        self.query_one("#claim-source", Static).update(_source(detail))
        related = self.query_one("#claim-related", Static)
        related.update(_related(detail))
        related.display = any(
            detail.extra.get(k) for k in ("cluster", "matches", "headlines", "restated_by")
        )
        history = self.query_one("#claim-history", Static)
        history.update(_history(detail))
        history.display = bool(detail.history)
