"""The review screen's header: who you are, reviewed N of M, the filter and the sort."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from workbench.review.source import ClaimSource
from workbench.store import ClaimFilter
from workbench.tui.text import one_line


def describe_filter(filt: ClaimFilter) -> str:
    """The filter in a few words, for the header ("all claims" when nothing narrows)."""
    parts = []
    if filt.previous:
        parts.append("checked before")
    if filt.status != "all":
        mine = filt.reviewer and filt.status != "conflicts"
        parts.append(filt.status + (" by me" if mine else ""))
    if filt.labels:
        parts.append("label " + ",".join(filt.labels))
    if filt.doc_id:
        parts.append(f"doc {filt.doc_id[:8]}")
    if filt.speaker:
        parts.append(f"speaker ~ {filt.speaker}")
    if filt.query:
        parts.append(f"“{filt.query}”")
    if filt.min_score is not None:
        parts.append(f"score ≥ {filt.min_score:g}")
    return " · ".join(parts) or "all claims"


def header_text(source: ClaimSource, reviewed: int, claims: int, db: Path | str) -> Text:
    """One line: the reviewer, reviewed N of M, filter, hidden scores, sort, how many shown."""
    header = Text(no_wrap=True, overflow="ellipsis")
    header.append(" workbench ", "bold reverse")
    header.append(f"  {one_line(source.reviewer)}", "bold")
    header.append(f"  reviewed {reviewed} of {claims}")
    shown = f"{source.counts.shown} shown" if source.counts is not None else "loading"
    below = source.hidden_below
    hidden = f" · score ≥ {below:g} (H shows all)" if below else ""
    what = describe_filter(source.filter)
    header.append(f"  ·  {one_line(what)}{hidden} · sort {source.sort} · {shown}", "dim")
    header.append(f"  ·  {db}", "dim")
    return header


class ReviewHeader(Static):
    """The header line; ``show`` redraws it from the claim source and the counts."""

    def __init__(self, source: ClaimSource, db: Path | str, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.source = source
        self.db = db
        self.reviewed = 0
        self.claims = 0

    def on_mount(self) -> None:
        self.show()

    def show(self, reviewed: int | None = None, claims: int | None = None) -> None:
        if reviewed is not None:
            self.reviewed = reviewed
        if claims is not None:
            self.claims = claims
        self.update(header_text(self.source, self.reviewed, self.claims, self.db))
