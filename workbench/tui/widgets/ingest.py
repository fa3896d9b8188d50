"""The ingest progress bar, which runs the ingest in a thread of its own."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import ProgressBar

from workbench.review.session import ReviewSession
from workbench.tui.messages import IngestDone, IngestProgress
from workbench.tui.text import one_line


def ingest_report(done: IngestDone) -> tuple[str, bool]:
    """What an ingest did, for the status line, and whether it is an error."""
    if done.error:
        return f"Ingest failed: {done.error}", True
    skipped = "; ".join(f"{one_line(Path(p).name)}: {one_line(why)}" for p, why in done.skipped[:3])
    return f"Ingest done: {done.summary}" + (f" · {skipped}" if skipped else ""), bool(skipped)


class IngestBar(ProgressBar):
    """Hidden until an ingest runs. ``IngestProgress`` and ``IngestDone`` bubble on to the
    screen, which says what happens."""

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id, show_eta=False)
        self.session = session

    @work(thread=True, exclusive=True, group="ingest")
    def ingest(self, paths: list[Path]) -> None:
        """Ingest with a connection of its own; progress comes back by message."""

        def progress(done: int, total: int, path: str) -> None:
            self.post_message(IngestProgress(done, total, path))

        try:
            summary, skipped = self.session.ingest(paths, progress)
        except Exception as exc:  # reported in the UI: the TUI keeps running
            self.post_message(IngestDone("", [], f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IngestDone(summary, skipped, None))

    def on_ingest_progress(self, message: IngestProgress) -> None:
        self.add_class("running")
        self.update(total=message.total, progress=message.done)

    def on_ingest_done(self, message: IngestDone) -> None:
        self.remove_class("running")
