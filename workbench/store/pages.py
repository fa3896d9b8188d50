"""Claims a page at a time, by keyset, in three sorts: what the claim list shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from workbench.store.database import SQLite
from workbench.store.filters import ClaimFilter, Sort


@dataclass(frozen=True)
class ClaimRow:
    """What the claim list shows for one claim: light, one row per screen line."""

    num: int
    id: str
    doc_id: str
    seq: int
    text: str
    normalized: str
    speaker: str | None
    score: float
    label: str | None
    """The list reviewer's own verdict, if any."""
    other_labels: tuple[str, ...] = ()
    """Other reviewers' verdicts."""

    def key(self, sort: Sort) -> tuple[Any, ...]:
        if sort == "score":
            return (self.score, self.num)
        return (self.num,)

    @property
    def state(self) -> str:
        """unreviewed, mine, others or conflict."""
        if self.label is None:
            return "others" if self.other_labels else "unreviewed"
        if any(other != self.label for other in self.other_labels):
            return "conflict"
        return "mine"


class Pages:
    """Pages of ``ClaimRow`` for the review list: no OFFSET except for a jump."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    # Ties in score go newest first, so that every sort is one direction over one
    # index and its keyset is a single row-value comparison.
    _ORDER: ClassVar[dict[str, tuple[str, str]]] = {
        "doc": ("c.num ASC", "c.num DESC"),
        "newest": ("c.num DESC", "c.num ASC"),
        "score": ("c.score DESC, c.num DESC", "c.score ASC, c.num ASC"),
    }

    def _after(self, sort: Sort, key: tuple[Any, ...], backwards: bool) -> tuple[str, list[Any]]:
        """The keyset condition: rows strictly after (or before) ``key`` in ``sort`` order."""
        forward_gt = {"doc": True, "newest": False}
        if sort in forward_gt:
            greater = forward_gt[sort] != backwards
            return (f"c.num {'>' if greater else '<'} ?", [key[0]])
        return (f"(c.score, c.num) {'>' if backwards else '<'} (?, ?)", list(key))

    def page(
        self,
        filt: ClaimFilter = ClaimFilter(),
        sort: Sort = "doc",
        *,
        after: tuple[Any, ...] | None = None,
        before: tuple[Any, ...] | None = None,
        limit: int = 100,
        viewer: str | None = None,
        from_end: bool = False,
    ) -> list[ClaimRow]:
        """One page of claims in ``sort`` order, by keyset: the rows after ``after``
        (or, going up, the rows before ``before``, still returned in sort order).
        ``from_end`` gives the last ``limit`` rows, for a jump to the end.

        ``viewer`` decides which verdict is "mine" in ``ClaimRow.label``.
        """
        where, params = filt.where()
        backwards = before is not None or from_end
        key = before if backwards else after
        if key is not None:
            cond, more = self._after(sort, key, backwards)
            where = f"{where} AND {cond}"
            params = params + more
        order = self._ORDER[sort][1 if backwards else 0]
        rows = self._rows(where, params, order, limit, viewer)
        if backwards:
            rows.reverse()
        return rows

    def _rows(
        self, where: str, params: list[Any], order: str, limit: int, viewer: str | None
    ) -> list[ClaimRow]:
        sql = (
            "SELECT c.num, c.id, c.doc_id, c.seq, c.text, c.normalized, c.speaker, c.score, "
            "(SELECT v.label FROM verdicts v WHERE v.claim_id = c.id AND v.reviewer = ?), "
            "(SELECT group_concat(v.label, char(31)) FROM verdicts v "
            " WHERE v.claim_id = c.id AND v.reviewer IS NOT ?) "
            f"FROM claims c WHERE {where} ORDER BY {order} LIMIT ?"
        )
        return [
            ClaimRow(
                num=r[0], id=r[1], doc_id=r[2], seq=r[3], text=r[4], normalized=r[5],
                speaker=r[6], score=r[7], label=r[8],
                other_labels=tuple(r[9].split("\x1f")) if r[9] else (),
            )
            for r in self._db.execute(sql, [viewer, viewer, *params, limit])
        ]  # fmt: skip

    def claim_row(self, claim_id: str, viewer: str | None = None) -> ClaimRow | None:
        """The list row of one claim, as ``page`` would return it."""
        rows = self._rows("c.id = ?", [claim_id], "c.num", 1, viewer)
        return rows[0] if rows else None

    def key_at(self, filt: ClaimFilter, sort: Sort, index: int) -> tuple[Any, ...] | None:
        """The sort key of the row at ``index``, for a jump (a scrollbar drag, Home/End)
        that has no neighbouring page to continue from. Reads the index only."""
        where, params = filt.where()
        cols = "c.score, c.num" if sort == "score" else "c.num"
        # OFFSET only here, for a jump with no neighbouring page; it reads the index alone.
        row = self._db.execute(
            f"SELECT {cols} FROM claims c WHERE {where} ORDER BY {self._ORDER[sort][0]} "
            "LIMIT 1 OFFSET ?",
            [*params, index],
        ).fetchone()
        return tuple(row) if row else None

    def count(self, filt: ClaimFilter = ClaimFilter()) -> int:
        where, params = filt.where()
        return int(self._db.scalar(f"SELECT count(*) FROM claims c WHERE {where}", params))

    def index_of(self, filt: ClaimFilter, sort: Sort, claim_id: str) -> int | None:
        """Where a claim stands in a filtered, sorted list (None when filtered out)."""
        row = self._db.execute("SELECT score, num FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            return None
        where, params = filt.where()
        if self._db.scalar(
            f"SELECT 1 FROM claims c WHERE {where} AND c.id = ?", [*params, claim_id]
        ):
            key = (row[0], row[1]) if sort == "score" else (row[1],)
            cond, more = self._after(sort, key, backwards=True)
            return int(
                self._db.scalar(
                    f"SELECT count(*) FROM claims c WHERE {where} AND {cond}", [*params, *more]
                )
            )
        return None
