"""The review screen's header: who you are, reviewed N of M, the filter and the sort."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from workbench.review.source import ClaimSource
from workbench.store import ClaimFilter, QueueProgress
from workbench.tui.text import one_line


def describe_filter(filt: ClaimFilter) -> str:
    """The filter in a few words, for the header ("all claims" when nothing narrows)."""
    parts = []
    if filt.assigned_to:
        parts.append("my queue")
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


def header_text(source: ClaimSource, reviewed: int, claims: int, db: Path | str,
                queue: QueueProgress | None = None, width: int | None = None) -> Text:  # fmt: skip
    """One line: the reviewer, their progress (their queue's, when the list shows it), the
    filter, hidden scores, the sort, how many shown, the database. Segments that do not fit
    ``width`` are left out whole, last first, so nothing is cut mid-word."""
    header = Text(no_wrap=True, overflow="ellipsis")
    header.append(" workbench ", "bold reverse")
    header.append(f"  {one_line(source.reviewer)}", "bold")
    if queue is not None:
        state = "queue done" if queue.done else "queue"
        header.append(f"  {state} {queue.reviewed}/{queue.assigned}", "bold" if queue.done else "")
    elif claims and reviewed >= claims:
        header.append(f"  all {claims} reviewed", "bold")
    else:
        header.append(f"  reviewed {reviewed} of {claims}")
    shown = f"{source.counts.shown} shown" if source.counts is not None else "loading"
    below = source.hidden_below
    segments = [one_line(describe_filter(source.filter))]
    if below:
        segments.append(f"score ≥ {below:g} (H)")
    segments += [f"sort {source.sort}", shown]
    if source.blind:
        segments.append("blind")
    segments.append(str(db))
    room = (width or 10_000) - header.cell_len
    for i, segment in enumerate(segments):
        piece = ("  ·  " if i == 0 else " · ") + segment
        if len(piece) > room and i > 0:
            break
        header.append(piece, "dim")
        room -= len(piece)
    return header


class ReviewHeader(Static):
    """The header line; ``show`` redraws it from the claim source and the counts."""

    def __init__(self, source: ClaimSource, db: Path | str, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.source = source
        self.db = db
        self.reviewed = 0
        self.claims = 0
        self.queue: QueueProgress | None = None

    def on_mount(self) -> None:
        self.show()

    def on_resize(self) -> None:
        self.show()

    def show(self, reviewed: int | None = None, claims: int | None = None,
             queue: QueueProgress | bool | None = False) -> None:  # fmt: skip
        """``queue``: the queue's progress, None when the list is not a queue, False to
        keep what is shown."""
        if reviewed is not None:
            self.reviewed = reviewed
        if claims is not None:
            self.claims = claims
        if queue is not False:
            self.queue = queue if isinstance(queue, QueueProgress) else None
        self.update(header_text(self.source, self.reviewed, self.claims, self.db, self.queue,
                                self.size.width or None))  # fmt: skip
