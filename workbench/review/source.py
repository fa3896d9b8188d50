"""The claim list's source: filter, sort, generation and keyset pages, with no UI in it.

Like a log viewer's file object behind its view: the list widget asks for rows by
index; a row not loaded yet gives a request (a job for a database thread) for its
block of ``BLOCK`` rows, paged by keyset from a loaded neighbour. Every new filter
or sort starts a new generation; pages of an older one are dropped on arrival.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from workbench.store import SORTS, ClaimFilter, ClaimRow, QueueProgress, Sort, Store

BLOCK = 200
#: Blocks kept in memory; the farthest from the cursor go first (flat on a million claims).
KEEP_BLOCKS = 64


@dataclass(frozen=True)
class Page:
    """One block of rows of one generation of the list."""

    generation: int
    block: int
    rows: list[ClaimRow]
    cursor: int | None = None
    """For the first page of a generation: where the claim to keep now stands (0 when it
    is filtered out)."""


@dataclass(frozen=True)
class Counts:
    generation: int
    shown: int
    """Claims under the filter."""
    reviewed: int
    """Claims the reviewer gave a verdict."""
    claims: int
    """Every claim in the database."""
    queue: QueueProgress | None = None
    """The reviewer's queue, when the list shows it."""


PageJob = Callable[[Store], Page]


class ClaimSource:
    """The rows of the claim list under one filter and sort, block by block."""

    def __init__(self, reviewer: str, hide_below: float | None = None) -> None:
        self.reviewer = reviewer
        self.hide_below = hide_below or None
        self.filter = ClaimFilter(reviewer=reviewer)
        self.show_hidden = False
        self.blind = False
        """Others' verdicts stay off a row until the reviewer has given theirs."""
        self.sort: Sort = "doc"
        self.generation = 0
        self.total = 0
        """The list's length: the count once it arrived, until then what is known (plus one
        when there is more)."""
        self.counts: Counts | None = None
        self._blocks: dict[int, list[ClaimRow]] = {}
        self._pending: set[int] = set()

    # -- what is shown -------------------------------------------------------------

    @property
    def hidden_below(self) -> float | None:
        """The score under which claims are hidden now (None when every claim shows)."""
        if self.show_hidden or self.filter.min_score is not None:
            return None
        return self.hide_below

    @property
    def effective_filter(self) -> ClaimFilter:
        """The reviewer's filter plus what is hidden (low scores, headlines reviewed
        through the body claim that restates them), unless shown."""
        if self.show_hidden:
            return self.filter
        if self.hidden_below is None:
            return replace(self.filter, restated=False)
        return replace(self.filter, min_score=self.hidden_below, restated=False)

    def set_filter(self, filt: ClaimFilter, show_hidden: bool | None = None) -> None:
        """A new filter (``open`` starts the list over)."""
        self.filter = filt
        if show_hidden is not None:
            self.show_hidden = show_hidden
        self.counts = None

    def next_sort(self) -> Sort:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        return self.sort

    # -- requests ------------------------------------------------------------------

    def _query(self) -> tuple[int, ClaimFilter, Sort, str]:
        """What a job reads with: taken now, so that a later change does not affect it."""
        return self.generation, self.effective_filter, self.sort, self.reviewer

    def open(self, keep: str | None) -> PageJob:
        """Start a new generation; the job reads the block around ``keep`` (or, with no
        claim to keep, the reviewer's first unreviewed claim)."""
        self.generation += 1
        self._blocks.clear()
        self._pending.clear()
        self.counts = None
        generation, filt, sort, me = self._query()

        def job(store: Store) -> Page:
            keep_id = keep
            if keep_id is None:
                first = store.pages.page(
                    replace(filt, status="unreviewed", reviewer=me), sort, limit=1
                )
                keep_id = first[0].id if first else None
            cursor = (store.pages.index_of(filt, sort, keep_id) if keep_id else None) or 0
            block = cursor // BLOCK
            if block == 0:
                rows = store.pages.page(filt, sort, limit=BLOCK, viewer=me)
            else:
                key = store.pages.key_at(filt, sort, block * BLOCK - 1)
                rows = (
                    store.pages.page(filt, sort, after=key, limit=BLOCK, viewer=me) if key else []
                )
            return Page(generation, block, rows, cursor)

        return job

    def count(self) -> Callable[[Store], Counts]:
        """The job that counts the list (the one query that grows with the corpus)."""
        generation, filt, _, me = self._query()
        return lambda store: Counts(
            generation,
            store.pages.count(filt),
            store.reviews.reviewed_count(me),
            store.pages.count(),
            store.team.progress(me) if filt.assigned_to else None,
        )

    def request(self, block: int) -> PageJob | None:
        """The job that loads ``block``, or None when it is loaded, coming or past the end."""
        if block in self._blocks or block in self._pending or block * BLOCK >= self.total:
            return None
        self._pending.add(block)
        after = before = None
        if block > 0 and (prev := self._blocks.get(block - 1)):
            after = prev[-1]
        elif nxt := self._blocks.get(block + 1):
            before = nxt[0]
        generation, filt, sort, me = self._query()
        total = self.total
        last_block = (total - 1) // BLOCK

        def job(store: Store) -> Page:
            if after is not None:
                rows = store.pages.page(filt, sort, after=after.key(sort), limit=BLOCK, viewer=me)
            elif before is not None:
                rows = store.pages.page(filt, sort, before=before.key(sort), limit=BLOCK, viewer=me)
            elif block == 0:
                rows = store.pages.page(filt, sort, limit=BLOCK, viewer=me)
            elif block == last_block:
                # The last block, read backwards from the end: no OFFSET over the whole list.
                size = total - block * BLOCK
                rows = store.pages.page(filt, sort, from_end=True, limit=size, viewer=me)
            else:
                key = store.pages.key_at(filt, sort, block * BLOCK - 1)
                rows = (
                    store.pages.page(filt, sort, after=key, limit=BLOCK, viewer=me) if key else []
                )
            return Page(generation, block, rows)

        return job

    # -- answers -------------------------------------------------------------------

    def opened(self, page: Page) -> bool:
        """The first page of a generation arrived; False when it is stale."""
        if page.generation != self.generation:
            return False
        known = page.block * BLOCK + len(page.rows)
        self.total = known + (len(page.rows) == BLOCK)
        self._blocks[page.block] = self.seen(page.rows)
        return True

    def counted(self, counts: Counts) -> bool:
        """The count arrived: the list's true length. False when it is stale."""
        if counts.generation != self.generation:
            return False
        self.counts = counts
        self.total = counts.shown
        return True

    def add(self, page: Page, around: int = 0) -> bool:
        """A block arrived; False when it is stale. Far blocks from ``around`` are dropped."""
        if page.generation != self.generation:
            return False
        self._pending.discard(page.block)
        self._blocks[page.block] = self.seen(page.rows)
        if len(self._blocks) > KEEP_BLOCKS:
            here = around // BLOCK
            for far in sorted(self._blocks, key=lambda b: -abs(b - here))[:16]:
                del self._blocks[far]
        return True

    # -- rows ----------------------------------------------------------------------

    def row(self, index: int) -> ClaimRow | None:
        rows = self._blocks.get(index // BLOCK)
        if rows is None or index % BLOCK >= len(rows):
            return None
        return rows[index % BLOCK]

    def seen(self, rows: list[ClaimRow]) -> list[ClaimRow]:
        """The rows as this reviewer may see them: in blind review, a claim they have not
        judged shows no one else's verdict (no ○, no !)."""
        if not self.blind:
            return rows
        return [replace(r, other_labels=()) if r.label is None else r for r in rows]

    def replace_row(self, row: ClaimRow) -> int | None:
        """A change was saved: the new row replaces the old; returns where it stands."""
        row = self.seen([row])[0]
        for block, rows in self._blocks.items():
            for i, existing in enumerate(rows):
                if existing.id == row.id:
                    rows[i] = row
                    return block * BLOCK + i
        return None

    def index_of_loaded(self, claim_id: str) -> int | None:
        """Where a claim stands, if its block is loaded."""
        for block, rows in self._blocks.items():
            for i, row in enumerate(rows):
                if row.id == claim_id:
                    return block * BLOCK + i
        return None
