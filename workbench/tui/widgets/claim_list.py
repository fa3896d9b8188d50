"""The claim list: a virtual ScrollView over SQL pages, one line per claim.

Nothing here holds a widget per row, and nothing here knows SQL: rows come from a
``ClaimSource`` (``workbench/review/source.py``), which owns the filter, the sort
and the keyset pages. A row it has not loaded gives a job that the screen runs in a
database thread; rendered lines are kept in an LRU cache of strips.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.review.source import BLOCK, ClaimSource, PageJob
from workbench.store import ClaimRow
from workbench.tui.text import one_line

#: Runs a job that loads a block (in a database thread); its page comes back to ``add_block``.
Fetch = Callable[[PageJob], None]


class ClaimList(ScrollView, can_focus=True):
    """Claims, one per line: review state, score, speaker, text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next claim", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Previous claim", show=False, id="list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First claim", show=False, id="list.first"),
        Binding("end,G", "last", "Last claim", show=False, id="list.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-list--cursor",
        "claim-list--mine",
        "claim-list--others",
        "claim-list--conflict",
        "claim-list--score",
        "claim-list--speaker",
        "claim-list--loading",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a claim (None while its row is still loading)."""

        def __init__(self, index: int, row: ClaimRow | None) -> None:
            super().__init__()
            self.index = index
            self.row = row

    def __init__(self, source: ClaimSource, fetch: Fetch, label_keys: dict[str, str],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.source = source
        self._fetch = fetch
        self._label_keys = label_keys
        self._strips: LRUCache[tuple[int, int, bool, int], Strip] = LRUCache(1024)
        self._row_versions: dict[int, int] = {}
        #: perf_counter() when the first real row was rendered, and when the cursor's row
        #: was last rendered (read by benches/bench_tui.py).
        self.first_paint_at: float | None = None
        self.cursor_painted_at: float | None = None

    # -- data ------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.source.total

    def row(self, index: int) -> ClaimRow | None:
        return self.source.row(index)

    def index_of_loaded(self, claim_id: str) -> int | None:
        return self.source.index_of_loaded(claim_id)

    def reset(self, keep_cursor: int = 0) -> None:
        """The source started over (new filter or sort): the cursor goes to ``keep_cursor``."""
        self._strips.clear()
        self._row_versions.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)
        self.cursor = max(0, min(keep_cursor, self.total - 1))
        self._scroll_cursor_into_view(center=True)
        self.refresh()

    def set_total(self) -> None:
        """The count arrived: the list's true length (blocks already loaded stay)."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)
        if self.cursor >= self.total:
            self.cursor = max(0, self.total - 1)
        self.refresh()

    def block_added(self, block: int, size: int) -> None:
        """The source has a new block: redraw its rows that are on screen."""
        # Cached strips belong to other rows, so the cache stays.
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        first, last = block * BLOCK, block * BLOCK + size
        if first < top + height and last > top:
            self.refresh_lines(max(first, top) - top, min(last, top + height) - max(first, top))
        if self.cursor // BLOCK == block:
            self.post_message(self.Highlighted(self.cursor, self.row(self.cursor)))

    def replace_row(self, row: ClaimRow) -> None:
        """A change was saved: redraw the claim's row in place."""
        index = self.source.replace_row(row)
        if index is not None:
            self._row_versions[index] = self._row_versions.get(index, 0) + 1
            self.refresh_line(index - int(self.scroll_offset.y))

    def _ensure(self, block: int) -> None:
        job = self.source.request(block)
        if job is not None:
            self._fetch(job)

    # -- rendering -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row(index)
        if row is None:
            self._ensure(index // BLOCK)
            style = self.get_component_rich_style("claim-list--loading")
            return Strip([Segment(" …".ljust(width), style)], width)
        if self.first_paint_at is None:
            self.first_paint_at = time.perf_counter()
        selected = index == self.cursor
        if selected and self.cursor_painted_at is None:
            self.cursor_painted_at = time.perf_counter()
        key = (index, width, selected, self._row_versions.get(index, 0))
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(row, width, selected)
            self._strips[key] = strip
        return strip

    def _render_row(self, row: ClaimRow, width: int, selected: bool) -> Strip:
        base = self.rich_style
        state = row.state
        if state == "mine":
            mark, mark_style = self._label_keys.get(row.label or "", "✓"), "claim-list--mine"
        elif state == "conflict":
            mark, mark_style = "!", "claim-list--conflict"
        elif state == "others":
            mark, mark_style = "○", "claim-list--others"
        else:
            mark, mark_style = "·", ""
        segments = [
            Segment(f" {mark} ", base + self.get_component_rich_style(mark_style)
                    if mark_style else base),
            Segment(f"{row.score:.2f} ", base + self.get_component_rich_style("claim-list--score")),
        ]  # fmt: skip
        text = one_line(row.normalized)
        # The speaker is worth its room only when the text does not open with it.
        if row.speaker and one_line(row.speaker)[:20] not in text[:60]:
            speaker = abbreviate_speaker(one_line(row.speaker), width)
            segments.append(
                Segment(speaker + ": ", base + self.get_component_rich_style("claim-list--speaker"))
            )
        segments.append(Segment(text, base))
        strip = Strip(segments).crop(0, width).extend_cell_length(width, base)
        if selected:
            # On top of each segment's own style: the cursor's background must win.
            cursor = self.get_component_rich_style("claim-list--cursor") + Style(bold=True)
            strip = Strip(
                [Segment(seg.text, (seg.style or Style()) + cursor, seg.control) for seg in strip],
                strip.cell_length,
            )
        return strip

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # -- moving ----------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.cursor_painted_at = None
        top = int(self.scroll_offset.y)
        self.refresh_line(old - top)
        self.refresh_line(new - top)
        self._scroll_cursor_into_view()
        # Fetch the blocks two pages ahead and behind, so paging never meets a gap.
        reach = 2 * max(1, self.scrollable_content_region.height)
        for index in (new + reach, new - reach):
            if 0 <= index < self.total:
                self._ensure(index // BLOCK)
        self.post_message(self.Highlighted(new, self.row(new)))

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if center and not (top <= self.cursor < top + height):
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move(-max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move(-self.total)

    def action_last(self) -> None:
        self.move(self.total)

    def on_click(self, event: Any) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < self.total:
            self.cursor = index


def abbreviate_speaker(speaker: str, width: int) -> str:
    """The speaker as the list has room for it: whole up to 18 characters in a wide
    list, else its last words that fit (a name ends the phrase that introduces it:
    "Kremlin spokesman Dmitry Peskov" is "Dmitry Peskov", not "Kremlin spokesman…");
    in a narrow one (an 80-column terminal) the last word of a name ("Dmitry Peskov" is
    "Peskov"), at most 10 characters, so the claim keeps most of the line."""
    words = speaker.split()
    if width < 50:
        # "the Kremlin", "the foreign ministry": a description keeps its last word too.
        speaker = words[-1] if words else speaker
        limit = 10
    else:
        limit = 18
        while len(speaker) > limit and len(words) > 1:
            words = words[1:]
            speaker = " ".join(words)
    return speaker if len(speaker) <= limit else speaker[: limit - 1] + "…"
