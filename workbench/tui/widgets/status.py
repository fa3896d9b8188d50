"""The status line: confirmations, and errors; a change that was not saved stays said."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.review.session import Outcome
from workbench.tui.text import one_line


def not_saved(outcome: Outcome) -> str:
    """The error for a change that was not saved."""
    what = f"{outcome.action} {outcome.label}" if outcome.label else outcome.action
    return f"Not saved, try again: {what} · {outcome.error}"


def saved(outcome: Outcome) -> str:
    """The confirmation of a change that was committed."""
    event, row = outcome.event, outcome.row
    if event is None:
        return f"Nothing to {outcome.action}."
    text = f"“{one_line(row.normalized)[:60]}”" if row else ""
    if outcome.action == "verdict":
        return f"Saved {event.label} · {text}"
    if outcome.action in ("undo", "redo"):
        what = event.body.get("label") or event.body.get("kind", "change")
        return f"{outcome.action.capitalize()} {what} · {text}"
    return f"Saved {outcome.action} · {text}"


class StatusLine(Static):
    """``flash`` says something until the next thing is said. ``hold`` says an error that
    stays, whatever else happens, until ``release`` (the reviewer pressed a key)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.held: str | None = None
        """The error on show until the reviewer acts, if any."""
        self.more = 0
        """Further errors that came while it was held."""

    def flash(self, message: str | Text, error: bool = False) -> None:
        if self.held is None:
            self._say(message, error)

    def hold(self, message: str) -> None:
        """An error that stays. Another while one is held is counted on the first."""
        if self.held is None:
            self.held, self.more = message, 0
        else:
            self.more += 1
        more = f" (and {self.more} more not saved)" if self.more else ""
        self._say(self.held + more, error=True)

    def release(self) -> bool:
        """The reviewer acted: the next message may replace the error. True if one was held."""
        held, self.held = self.held, None
        return held is not None

    def _say(self, message: str | Text, error: bool) -> None:
        self.set_class(error, "error")
        line = Text(" ", no_wrap=True, overflow="ellipsis")
        line.append_text(message if isinstance(message, Text) else Text(message))
        self.update(line)
