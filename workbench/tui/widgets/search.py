"""The search box: hidden until `/`, results as you type without a query per keystroke."""

from __future__ import annotations

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

#: Seconds of quiet typing before the query runs.
DEBOUNCE = 0.15


class SearchBox(Input):
    class Query(Message):
        """The text to search for changed (None: no search)."""

        def __init__(self, query: str | None) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search claims, speakers …", id=id)
        self._timer: Timer | None = None

    @property
    def is_open(self) -> bool:
        return self.has_class("open")

    def open(self) -> None:
        self.add_class("open")
        self.focus()

    def close(self) -> None:
        """Clear and hide the box (no Query is sent: the caller drops the search)."""
        if self._timer is not None:
            self._timer.stop()
        with self.prevent(Input.Changed):
            self.value = ""
        self.remove_class("open")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value.strip() or None
        self._timer = self.set_timer(DEBOUNCE, lambda: self.post_message(self.Query(query)))
