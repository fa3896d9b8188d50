"""The Store: the only code in workbench that speaks SQL.

It wraps a ``sqlite_utils.Database``. One Store (one connection) per thread;
every write is one transaction. Tests use ``Store(Database(memory=True))``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

from sqlite_utils import Database

from workbench.models import (
    UNDOABLE_KINDS,
    Claim,
    Document,
    Entity,
    Verdict,
    VerdictEvent,
    iso,
)
from workbench.store.migrations import migrations

Sort = Literal["doc", "score", "newest"]
Status = Literal["all", "unreviewed", "reviewed", "conflicts"]
STATUSES: tuple[Status, ...] = ("all", "unreviewed", "reviewed", "conflicts")
SORTS: tuple[Sort, ...] = ("doc", "score", "newest")

_CLAIM_COLUMNS = (
    'id, doc_id, seq, start, "end", sentence_start, sentence_end, paragraph_start, '
    "paragraph_end, text, normalized, speaker, cue, is_quote, quote_start, quote_end, score, "
    "reasons, entities, "
    "cluster_id, extractor, created_at"
)
_DECODED_KINDS = frozenset({"undo", "redo", "evidence"})
_CLAIM_NAMES = [c.strip().strip('"') for c in _CLAIM_COLUMNS.split(",")]


#: A claim was checked before: a live match to something with a verdict, or a reviewed
#: claim in its cluster.
_HAS_PREVIOUS = """
    EXISTS (SELECT 1 FROM matches m WHERE m.claim_id = c.id
            AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.claim_id = m.claim_id
                            AND r.match_key = m.match_key))
    OR (c.cluster_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM claims o JOIN verdicts v ON v.claim_id = o.id
            WHERE o.cluster_id = c.cluster_id AND o.id <> c.id))
"""


@dataclass(frozen=True)
class Match:
    """Something checked before that a claim seems to state again."""

    key: str
    """``checked:<id>`` for an imported fact-check, ``claim:<id>`` for a claim reviewed here."""
    text: str
    score: float
    """0-1, how alike the two statements are (``workbench.match.similarity``)."""
    label: str | None
    """The verdict as its source gave it ("Pants on Fire", "false")."""
    rating: str | None
    """That verdict on this database's scale, when it maps to one."""
    source: str
    """Where it comes from, for a person: the fact-checker and URL, or document and reviewer."""

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to show. Every field narrows; the defaults show everything."""

    status: Status = "all"
    """Review state, as seen by ``reviewer`` (or by anyone when it is None)."""
    reviewer: str | None = None
    labels: tuple[str, ...] = ()
    """Only claims that ``reviewer`` (or anyone) gave one of these labels."""
    doc_id: str | None = None
    speaker: str | None = None
    """Claims whose speaker contains this text (any case)."""
    query: str | None = None
    """Full-text search over claim text, stand-alone text and speaker (FTS5)."""
    min_score: float | None = None
    verdict_since: str | None = None
    """Only claims with a verdict (by ``reviewer``, or anyone) given at or after this ISO time."""
    verdict_until: str | None = None
    """... and before this ISO time."""
    previous: bool = False
    """Only claims that were checked before: a stored match nobody rejected, or another
    claim of the same cluster with a verdict."""


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


@dataclass(frozen=True)
class Stats:
    documents: int
    claims: int
    reviewed: int
    events: int
    per_label: dict[str, int] = field(default_factory=dict)
    reviewers: dict[str, int] = field(default_factory=dict)


class StoreError(Exception):
    """A request the store cannot honour (unknown claim, nothing to undo)."""


def fts_query(text: str) -> str | None:
    """Turn what a user typed into a safe FTS5 query: every word must match, as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


class Store:
    """Documents, claims and the review log in one SQLite database."""

    def __init__(self, db: Database, *, migrate: bool = True) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        if not db.memory:
            # WAL lets the TUI read while an ingest writes; FULL makes a committed
            # verdict survive a crash of the machine, not only of the process.
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=5000")
        if migrate:
            migrations.apply(db)

    @classmethod
    def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        """Open (and create, with its folder) the database file at ``path``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(Database(path), migrate=migrate)

    @classmethod
    def memory(cls) -> Store:
        return cls(Database(memory=True))

    def close(self) -> None:
        self.db.close()

    @property
    def path(self) -> str:
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return row[2] or ":memory:"

    # -- documents and claims ------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return self._scalar("SELECT 1 FROM documents WHERE id = ?", [doc_id]) is not None

    def add_document(self, document: Document, claims: Sequence[Claim]) -> bool:
        """Store a document and its claims in one transaction.

        Returns False, writing nothing, when the document is already stored:
        re-ingesting the same text changes nothing.
        """
        with self.db.atomic():
            if self.has_document(document.id):
                return False
            self._insert_documents([document])
            self._insert_claims(claims)
        return True

    def bulk_add(self, items: Iterable[tuple[Document, Sequence[Claim]]], batch: int = 500) -> int:
        """Fast path for large loads: many documents per transaction. Returns documents added."""
        added = 0
        pending: list[tuple[Document, Sequence[Claim]]] = []

        def flush() -> None:
            nonlocal added
            with self.db.atomic():
                new = [(d, c) for d, c in pending if not self.has_document(d.id)]
                self._insert_documents([d for d, _ in new])
                self._insert_claims([claim for _, cs in new for claim in cs])
                added += len(new)
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        return added

    def _insert_documents(self, documents: Sequence[Document]) -> None:
        self.conn.executemany(
            "INSERT INTO documents (id, source_path, url, title, outlet, published, language, "
            "text, meta, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    d.id, d.source_path, d.url, d.title, d.outlet, d.published, d.language,
                    d.text, json.dumps(d.meta, ensure_ascii=False), iso(d.ingested_at),
                )
                for d in documents
            ],
        )  # fmt: skip

    def _insert_claims(self, claims: Sequence[Claim]) -> int:
        """Insert the claims not stored yet; returns how many were new."""
        cur = self.conn.executemany(
            f"INSERT OR IGNORE INTO claims ({_CLAIM_COLUMNS}) "
            f"VALUES ({','.join('?' * len(_CLAIM_NAMES))})",
            [
                (
                    c.id, c.doc_id, c.seq, c.start, c.end, c.sentence_start, c.sentence_end,
                    c.paragraph_start, c.paragraph_end, c.text, c.normalized, c.speaker, c.cue,
                    int(c.is_quote), c.quote_start, c.quote_end, c.score,
                    json.dumps(c.reasons, ensure_ascii=False),
                    json.dumps([e.model_dump() for e in c.entities], ensure_ascii=False),
                    c.cluster_id, c.extractor, iso(c.created_at),
                )
                for c in claims
            ],
        )  # fmt: skip
        return max(0, cur.rowcount)

    def get_document(self, doc_id: str) -> Document:
        cur = self.conn.execute("SELECT * FROM documents WHERE id = ?", [doc_id])
        row = cur.fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id}")
        data = dict(zip([d[0] for d in cur.description], row, strict=True))
        data["meta"] = json.loads(data["meta"])
        return Document.model_validate(data)

    def documents(self) -> list[dict[str, Any]]:
        """Every document without its text, in ingest order, with claim counts."""
        cur = self.conn.execute(
            "SELECT d.id, d.source_path, d.title, d.outlet, d.published, d.language, "
            "d.ingested_at, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) AS claims "
            "FROM documents d ORDER BY d.ingested_at, d.source_path"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur]

    def get_claim(self, claim_id: str) -> Claim:
        row = self.conn.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE id = ?", [claim_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no claim {claim_id}")
        return self._claim(row)

    def claim_ids_starting(self, prefix: str, limit: int = 10) -> list[str]:
        """Claim ids that start with ``prefix`` (users type the first few characters)."""
        if not prefix or not all(ch in "0123456789abcdef" for ch in prefix.lower()):
            return []
        hi = prefix.lower() + "g"  # every hex id with this prefix sorts below it
        rows = self.conn.execute(
            "SELECT id FROM claims WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            [prefix.lower(), hi, limit],
        )
        return [row[0] for row in rows]

    def claims_of(self, doc_id: str) -> list[Claim]:
        rows = self.conn.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE doc_id = ? ORDER BY seq", [doc_id]
        )
        return [self._claim(row) for row in rows]

    @staticmethod
    def _claim(row: Sequence[Any]) -> Claim:
        data = dict(zip(_CLAIM_NAMES, row, strict=True))
        data["is_quote"] = bool(data["is_quote"])
        data["reasons"] = json.loads(data["reasons"])
        data["entities"] = [Entity(**e) for e in json.loads(data["entities"])]
        return Claim.model_validate(data)

    # -- reading claims in pages -----------------------------------------------

    def _where(self, filt: ClaimFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        who = "AND v.reviewer = ?" if filt.reviewer else ""
        who_params = [filt.reviewer] if filt.reviewer else []
        if filt.status == "unreviewed":
            clauses.append(f"NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id {who})")
            params += who_params
        elif filt.status == "reviewed":
            clauses.append(f"EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id {who})")
            params += who_params
        elif filt.status == "conflicts":
            clauses.append(
                "EXISTS (SELECT 1 FROM verdicts v JOIN verdicts w ON w.claim_id = v.claim_id "
                f"AND w.label <> v.label WHERE v.claim_id = c.id {who})"
            )
            params += who_params
        if filt.labels:
            marks = ",".join("?" * len(filt.labels))
            clauses.append(
                f"EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id {who} "
                f"AND v.label IN ({marks}))"
            )
            params += who_params + list(filt.labels)
        if filt.doc_id:
            clauses.append("c.doc_id = ?")
            params.append(filt.doc_id)
        if filt.verdict_since or filt.verdict_until:
            since, until = filt.verdict_since or "", filt.verdict_until or "\uffff"
            clauses.append(
                f"EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id {who} "
                "AND v.at >= ? AND v.at < ?)"
            )
            params += [*who_params, since, until]
        if filt.speaker:
            clauses.append("c.speaker LIKE '%' || ? || '%' ESCAPE '\\'")
            params.append(re.sub(r"([%_\\])", r"\\\1", filt.speaker))
        if filt.min_score is not None:
            # The unary + keeps SQLite from answering "ORDER BY num LIMIT n" (and the
            # position of a claim) through the score index: that would sort the whole range.
            clauses.append("+c.score >= ?")
            params.append(filt.min_score)
        if filt.previous:
            clauses.append(f"({_HAS_PREVIOUS})")
        if filt.query:
            match = fts_query(filt.query)
            if match is None:
                clauses.append("0")
            else:
                clauses.append("c.num IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(match)
        return (" AND ".join(clauses) or "1"), params

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
        where, params = self._where(filt)
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
            for r in self.conn.execute(sql, [viewer, viewer, *params, limit])
        ]  # fmt: skip

    def claim_row(self, claim_id: str, viewer: str | None = None) -> ClaimRow | None:
        """The list row of one claim, as ``page`` would return it."""
        rows = self._rows("c.id = ?", [claim_id], "c.num", 1, viewer)
        return rows[0] if rows else None

    def key_at(self, filt: ClaimFilter, sort: Sort, index: int) -> tuple[Any, ...] | None:
        """The sort key of the row at ``index``, for a jump (a scrollbar drag, Home/End)
        that has no neighbouring page to continue from. Reads the index only."""
        where, params = self._where(filt)
        cols = "c.score, c.num" if sort == "score" else "c.num"
        # OFFSET only here, for a jump with no neighbouring page; it reads the index alone.
        row = self.conn.execute(
            f"SELECT {cols} FROM claims c WHERE {where} ORDER BY {self._ORDER[sort][0]} "
            "LIMIT 1 OFFSET ?",
            [*params, index],
        ).fetchone()
        return tuple(row) if row else None

    def count(self, filt: ClaimFilter = ClaimFilter()) -> int:
        where, params = self._where(filt)
        return self._scalar(f"SELECT count(*) FROM claims c WHERE {where}", params)

    def index_of(self, filt: ClaimFilter, sort: Sort, claim_id: str) -> int | None:
        """Where a claim stands in a filtered, sorted list (None when filtered out)."""
        row = self.conn.execute("SELECT score, num FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            return None
        where, params = self._where(filt)
        if self._scalar(f"SELECT 1 FROM claims c WHERE {where} AND c.id = ?", [*params, claim_id]):
            key = (row[0], row[1]) if sort == "score" else (row[1],)
            cond, more = self._after(sort, key, backwards=True)
            return self._scalar(
                f"SELECT count(*) FROM claims c WHERE {where} AND {cond}", [*params, *more]
            )
        return None

    # -- the review log --------------------------------------------------------

    def set_verdict(self, claim_id: str, reviewer: str, label: str) -> VerdictEvent:
        return self.record(
            VerdictEvent(claim_id=claim_id, reviewer=reviewer, kind="verdict", label=label)
        )

    def add_note(self, claim_id: str, reviewer: str, text: str) -> VerdictEvent:
        return self.record(
            VerdictEvent(claim_id=claim_id, reviewer=reviewer, kind="note", body={"text": text})
        )

    def edit_normalized(self, claim_id: str, reviewer: str, text: str) -> VerdictEvent:
        """Change a claim's stand-alone text; the verbatim span never changes."""
        with self.db.atomic():
            previous = self._scalar("SELECT normalized FROM claims WHERE id = ?", [claim_id])
            return self.record(
                VerdictEvent(
                    claim_id=claim_id, reviewer=reviewer, kind="edit",
                    body={"normalized": text, "previous": previous},
                )
            )  # fmt: skip

    def add_evidence(self, claim_id: str, reviewer: str, url: str, quote: str = "") -> VerdictEvent:
        return self.record(
            VerdictEvent(
                claim_id=claim_id, reviewer=reviewer, kind="evidence",
                body={"url": url, "quote": quote},
            )
        )  # fmt: skip

    def inherit_verdict(self, claim_id: str, reviewer: str, label: str, match: Match
                        ) -> VerdictEvent:  # fmt: skip
        """A verdict taken over from a matched claim; the event names where it came from."""
        return self.record(
            VerdictEvent(
                claim_id=claim_id, reviewer=reviewer, kind="verdict", label=label,
                body={"inherited_from": match.key, "text": match.text, "score": match.score,
                      "given": match.label},
            )
        )  # fmt: skip

    def reject_match(self, claim_id: str, reviewer: str, match: Match) -> VerdictEvent:
        """ "Not the same claim": the pair is recorded and never suggested again."""
        return self.record(
            VerdictEvent(
                claim_id=claim_id, reviewer=reviewer, kind="reject",
                body={"match": match.key, "text": match.text},
            )
        )  # fmt: skip

    def record(self, event: VerdictEvent) -> VerdictEvent:
        """Append one event and bring the current state up to date, in one transaction."""
        with self.db.atomic():
            if self._scalar("SELECT 1 FROM claims WHERE id = ?", [event.claim_id]) is None:
                raise StoreError(f"no claim {event.claim_id}")
            cur = self.conn.execute(
                "INSERT INTO events (claim_id, reviewer, kind, label, body, at) "
                "VALUES (?,?,?,?,?,?)",
                [
                    event.claim_id, event.reviewer, event.kind, event.label,
                    json.dumps(event.body, ensure_ascii=False, sort_keys=True), iso(event.at),
                ],
            )  # fmt: skip
            stored = event.model_copy(update={"id": cur.lastrowid})
            self._rebuild(event.claim_id, event.reviewer)
        return stored

    def append_events(self, events: Iterable[VerdictEvent], batch: int = 5000) -> int:
        """Append many events (an import, a benchmark database) in large transactions.

        Events get new ids here; an undo or redo that names an event appended in the
        same call is pointed at that event's new id. Current verdicts and stand-alone
        texts are rebuilt for every (claim, reviewer) touched. Returns how many were added.
        """
        new_ids: dict[int, int] = {}
        added = 0
        pending: list[VerdictEvent] = []

        def flush() -> None:
            nonlocal added
            touched: set[tuple[str, str]] = set()
            with self.db.atomic():
                for event in pending:
                    body = dict(event.body)
                    if event.kind in ("undo", "redo") and body.get("target") in new_ids:
                        body["target"] = new_ids[body["target"]]
                        if "undid" in body and body["undid"] in new_ids:
                            body["undid"] = new_ids[body["undid"]]
                    cur = self.conn.execute(
                        "INSERT INTO events (claim_id, reviewer, kind, label, body, at) "
                        "VALUES (?,?,?,?,?,?)",
                        [
                            event.claim_id, event.reviewer, event.kind, event.label,
                            json.dumps(body, ensure_ascii=False, sort_keys=True), iso(event.at),
                        ],
                    )  # fmt: skip
                    if event.id is not None:
                        new_ids[event.id] = cur.lastrowid
                    touched.add((event.claim_id, event.reviewer))
                for claim_id, reviewer in touched:
                    self._rebuild(claim_id, reviewer)
            added += len(pending)
            pending.clear()

        for event in events:
            pending.append(event)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        return added

    def undo(self, reviewer: str) -> VerdictEvent | None:
        """Take back this reviewer's last change that is still in effect.

        Appends an ``undo`` event (nothing is deleted) and returns it, or None when
        there is nothing to undo.
        """
        with self.db.atomic():
            target = self._undo_target(reviewer)
            if target is None:
                return None
            return self.record(
                VerdictEvent(
                    claim_id=target.claim_id, reviewer=reviewer, kind="undo",
                    body={"target": target.id, "kind": target.kind, "label": target.label},
                )
            )  # fmt: skip

    def redo(self, reviewer: str) -> VerdictEvent | None:
        """Put back the change this reviewer undid last, if nothing was changed since."""
        with self.db.atomic():
            target = self._redo_target(reviewer)
            if target is None:
                return None
            return self.record(
                VerdictEvent(
                    claim_id=target.claim_id, reviewer=reviewer, kind="redo",
                    body={"target": target.id, "undid": target.body["target"]},
                )
            )  # fmt: skip

    def _walk_back(self, reviewer: str) -> Iterator[VerdictEvent]:
        cur = self.conn.execute(
            "SELECT id, claim_id, reviewer, kind, label, body, at FROM events "
            "WHERE reviewer = ? ORDER BY id DESC",
            [reviewer],
        )
        for row in cur:
            yield self._event(row)

    def _undo_target(self, reviewer: str) -> VerdictEvent | None:
        # Newest first: a redo cancels the undo it names, a live undo hides its target.
        cancelled: set[int] = set()
        undone: set[int] = set()
        for event in self._walk_back(reviewer):
            if event.kind == "redo":
                cancelled.add(event.body["target"])
            elif event.kind == "undo":
                if event.id not in cancelled:
                    undone.add(event.body["target"])
            elif event.id not in undone:
                return event
        return None

    def _redo_target(self, reviewer: str) -> VerdictEvent | None:
        cancelled: set[int] = set()
        for event in self._walk_back(reviewer):
            if event.kind == "redo":
                cancelled.add(event.body["target"])
            elif event.kind == "undo":
                if event.id not in cancelled:
                    return event
            else:
                # A new change after the undos: there is nothing left to redo.
                return None
        return None

    def _rebuild(self, claim_id: str, reviewer: str) -> None:
        """Recompute the current verdict of (claim, reviewer) and the claim's
        stand-alone text from the events that are in effect."""
        events = [
            self._event(row)
            for row in self.conn.execute(
                "SELECT id, claim_id, reviewer, kind, label, body, at FROM events "
                "WHERE claim_id = ? ORDER BY id",
                [claim_id],
            )
        ]
        live = _effective(events)
        mine = [e for e in live if e.reviewer == reviewer]
        verdict = next((e for e in reversed(mine) if e.kind == "verdict"), None)
        note = next((e for e in reversed(mine) if e.kind == "note"), None)
        if verdict is None:
            self.conn.execute(
                "DELETE FROM verdicts WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer]
            )
        else:
            self.conn.execute(
                "INSERT INTO verdicts (claim_id, reviewer, label, note, event_id, at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(claim_id, reviewer) DO UPDATE SET "
                "label = excluded.label, note = excluded.note, event_id = excluded.event_id, "
                "at = excluded.at",
                [
                    claim_id, reviewer, verdict.label,
                    note.body.get("text") if note else None, verdict.id, iso(verdict.at),
                ],
            )  # fmt: skip
        self.conn.execute(
            "DELETE FROM rejections WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer]
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO rejections (claim_id, match_key, reviewer, event_id) "
            "VALUES (?,?,?,?)",
            [(claim_id, e.body["match"], reviewer, e.id) for e in mine if e.kind == "reject"],
        )
        edits = [e for e in events if e.kind == "edit"]
        if edits:
            live_edits = [e for e in live if e.kind == "edit"]
            text = live_edits[-1].body["normalized"] if live_edits else edits[0].body["previous"]
            self.conn.execute("UPDATE claims SET normalized = ? WHERE id = ?", [text, claim_id])

    @staticmethod
    def _event(row: Sequence[Any]) -> VerdictEvent:
        return VerdictEvent(
            id=row[0], claim_id=row[1], reviewer=row[2], kind=row[3], label=row[4],
            body=json.loads(row[5]), at=datetime.fromisoformat(row[6]),
        )  # fmt: skip

    def history(self, claim_id: str) -> list[VerdictEvent]:
        """Every event of a claim, oldest first: the full record of its review."""
        return [
            self._event(row)
            for row in self.conn.execute(
                "SELECT id, claim_id, reviewer, kind, label, body, at FROM events "
                "WHERE claim_id = ? ORDER BY id",
                [claim_id],
            )
        ]

    def verdicts(self, claim_id: str) -> list[Verdict]:
        cur = self.conn.execute(
            "SELECT claim_id, reviewer, label, note, event_id, at FROM verdicts "
            "WHERE claim_id = ? ORDER BY reviewer",
            [claim_id],
        )
        return [
            Verdict(claim_id=r[0], reviewer=r[1], label=r[2], note=r[3], event_id=r[4],
                    at=datetime.fromisoformat(r[5]))
            for r in cur
        ]  # fmt: skip

    # -- clusters and matches -------------------------------------------------

    def cluster_members(self, claim_id: str) -> list[dict[str, Any]]:
        """The other claims of a claim's cluster: id, text, speaker, title, labels."""
        rows = self.conn.execute(
            "SELECT o.id, o.normalized, o.speaker, d.title, d.outlet, d.source_path, "
            "(SELECT group_concat(v.reviewer || '=' || v.label, ', ') FROM verdicts v "
            " WHERE v.claim_id = o.id), "
            "(SELECT v.label FROM verdicts v WHERE v.claim_id = o.id GROUP BY v.label "
            " ORDER BY count(*) DESC, max(v.at) DESC LIMIT 1) "
            "FROM claims c JOIN claims o ON o.cluster_id = c.cluster_id AND o.id <> c.id "
            "JOIN documents d ON d.id = o.doc_id WHERE c.id = ? AND c.cluster_id IS NOT NULL "
            "ORDER BY o.num",
            [claim_id],
        )
        names = ("id", "text", "speaker", "title", "outlet", "source_path", "verdicts", "label")
        return [dict(zip(names, r, strict=True)) for r in rows]

    def previous(self, claim_id: str, limit: int = 5) -> list[Match]:
        """What a reviewer can take a verdict from: reviewed claims of the same cluster
        (the same statement, score 1), then the stored matches."""
        mates = [
            Match(f"claim:{m['id']}", m["text"], 1.0, m["label"], m["label"],
                  f"same cluster · {m['title'] or m['source_path']} · {m['verdicts']}")
            for m in self.cluster_members(claim_id) if m["label"]
        ]  # fmt: skip
        rejected = self.rejected(claim_id)
        mates = [m for m in mates if m.key not in rejected]
        return (mates + self.matches(claim_id, limit))[:limit]

    def matches(self, claim_id: str, limit: int = 5) -> list[Match]:
        """The stored matches of a claim that nobody rejected and that have a verdict,
        best first."""
        out = []
        rows = self.conn.execute(
            "SELECT m.match_key, m.score FROM matches m WHERE m.claim_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM rejections r WHERE r.claim_id = m.claim_id "
            "AND r.match_key = m.match_key) ORDER BY m.score DESC",
            [claim_id],
        ).fetchall()
        for key, score in rows:
            match = self.describe_match(key, score)
            if match is not None:
                out.append(match)
            if len(out) == limit:
                break
        return out

    def describe_match(self, key: str, score: float) -> Match | None:
        """What a memory key stands for, with its verdict (None when it has none now)."""
        kind, _, ref = key.partition(":")
        if kind == "checked":
            row = self.conn.execute(
                "SELECT text, label, rating, url, author, reviewed_at FROM checked WHERE id = ?",
                [ref],
            ).fetchone()
            if row is None:
                return None
            text, label, rating, url, author, when = row
            source = " · ".join(x for x in (author, when, url) if x) or "imported"
            return Match(key, text, score, label, rating, source)
        row = self.conn.execute(
            "SELECT c.normalized, d.title, (SELECT group_concat(v.reviewer || '=' || v.label, "
            "', ') FROM verdicts v WHERE v.claim_id = c.id), (SELECT v.label FROM verdicts v "
            "WHERE v.claim_id = c.id GROUP BY v.label ORDER BY count(*) DESC, max(v.at) DESC "
            "LIMIT 1) FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?",
            [ref],
        ).fetchone()
        if row is None or row[3] is None:
            return None
        text, title, verdicts, label = row
        return Match(key, text, score, label, label, f"{title} · {verdicts}")

    def rejected(self, claim_id: str) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT match_key FROM rejections WHERE claim_id = ?", [claim_id])}  # fmt: skip

    def event_count(self) -> int:
        return self._scalar("SELECT count(*) FROM events")

    # -- summaries and export --------------------------------------------------

    def stats(self, reviewer: str | None = None) -> Stats:
        """Counts for `workbench stats` and the TUI header; ``reviewed`` counts claims
        with a verdict by ``reviewer`` (by anyone when None)."""
        who = "WHERE reviewer = ?" if reviewer else ""
        params = [reviewer] if reviewer else []
        per_label = dict(
            self.conn.execute(
                f"SELECT label, count(*) FROM verdicts {who} GROUP BY label ORDER BY label",
                params,
            ).fetchall()
        )
        return Stats(
            documents=self._scalar("SELECT count(*) FROM documents"),
            claims=self._scalar("SELECT count(*) FROM claims"),
            reviewed=self._scalar(f"SELECT count(DISTINCT claim_id) FROM verdicts {who}", params),
            events=self.event_count(),
            per_label=per_label,
            reviewers=dict(
                self.conn.execute(
                    "SELECT reviewer, count(*) FROM verdicts GROUP BY reviewer ORDER BY reviewer"
                ).fetchall()
            ),
        )

    def reviewed_count(self, reviewer: str) -> int:
        return self._scalar("SELECT count(*) FROM verdicts WHERE reviewer = ?", [reviewer])

    def export_batches(
        self, filt: ClaimFilter = ClaimFilter(), batch: int = 2000, decode: bool = True
    ) -> Iterator[list[dict[str, Any]]]:
        """Claims matching ``filt`` in document order, as plain dicts with their verdicts
        and events, a batch at a time: three queries per batch, whatever its size, and
        nothing held beyond it.

        With ``decode=False`` the JSON columns (reasons, entities, and the bodies of
        verdict, note and edit events) stay JSON text, for writers that copy them out as
        they are; undo, redo and evidence bodies are always decoded."""
        loads = json.loads if decode else str
        where, params = self._where(filt)
        columns = ", ".join("c." + c.strip() for c in _CLAIM_COLUMNS.split(","))
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT c.num, {columns} FROM claims c WHERE {where} AND c.num > ? "
                "ORDER BY c.num LIMIT ?",
                [*params, last, batch],
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            claims = []
            for row in rows:
                claim = dict(zip(_CLAIM_NAMES, row[1:], strict=True))
                claim["is_quote"] = bool(claim["is_quote"])
                claim["reasons"] = loads(claim["reasons"])
                claim["entities"] = loads(claim["entities"])
                claim["verdicts"] = []
                claim["events"] = []
                claims.append(claim)
            by_id = {c["id"]: c for c in claims}
            marks = ",".join("?" * len(by_id))
            for r in self.conn.execute(
                "SELECT claim_id, reviewer, label, note, event_id, at FROM verdicts "
                f"WHERE claim_id IN ({marks}) ORDER BY claim_id, reviewer",
                list(by_id),
            ):
                by_id[r[0]]["verdicts"].append(
                    {"reviewer": r[1], "label": r[2], "note": r[3], "event_id": r[4], "at": r[5]}
                )
            for r in self.conn.execute(
                "SELECT id, claim_id, reviewer, kind, label, body, at FROM events "
                f"WHERE claim_id IN ({marks}) ORDER BY id",
                list(by_id),
            ):
                by_id[r[1]]["events"].append(
                    {"id": r[0], "reviewer": r[2], "kind": r[3], "label": r[4],
                     "body": json.loads(r[5]) if decode or r[3] in _DECODED_KINDS
                     else r[5], "at": r[6]}
                )  # fmt: skip
            yield claims

    # -- fast exports: SQLite builds the JSON and the flat rows ------------------------

    _LIVE_EVIDENCE = (
        "x.claim_id = v.claim_id AND x.reviewer = v.reviewer AND x.kind = 'evidence' "
        "AND NOT EXISTS (SELECT 1 FROM events u WHERE u.claim_id = x.claim_id "
        "AND u.kind = 'undo' AND json_extract(u.body, '$.target') = x.id "
        "AND NOT EXISTS (SELECT 1 FROM events r WHERE r.claim_id = u.claim_id "
        "AND r.kind = 'redo' AND json_extract(r.body, '$.target') = u.id))"
    )

    # Evaluated once per statement, through the partial index events_evidence.
    _HAS_EVIDENCE = "SELECT claim_id FROM events WHERE kind = 'evidence'"

    @staticmethod
    def _verdict_where(
        reviewer: str | None, labels: Sequence[str], since: str | None, until: str | None
    ) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if reviewer:
            clauses.append("v.reviewer = ?")
            params.append(reviewer)
        if labels:
            clauses.append(f"v.label IN ({','.join('?' * len(labels))})")
            params += list(labels)
        if since:
            clauses.append("v.at >= ?")
            params.append(since)
        if until:
            clauses.append("v.at < ?")
            params.append(until)
        return (" AND ".join(clauses) or "1"), params

    def export_json(
        self,
        filt: ClaimFilter,
        verdicts: tuple[str | None, Sequence[str], str | None, str | None] = (None, (), None, None),
        batch: int = 5000,
    ) -> Iterator[list[tuple[str, bool, str]]]:
        """(doc id, has verdicts, claim JSON without its document) for the JSONL export,
        built by SQLite: the same content as ``export_batches`` plus the history
        bookkeeping of ``workbench.export.records``, at a fraction of the cost."""
        where, params = self._where(filt)
        vwhere, vparams = self._verdict_where(*verdicts)
        seq_of = ("(SELECT count(*) FROM events z WHERE z.claim_id = e.claim_id "
                  "AND z.id < json_extract(e.body, '$.{key}'))")  # fmt: skip
        body = (
            "CASE e.kind "
            f"WHEN 'undo' THEN json_set(json_remove(e.body, '$.target'), '$.target_seq', "
            f"{seq_of.format(key='target')}) "
            f"WHEN 'redo' THEN json_set(json_remove(e.body, '$.target', '$.undid'), "
            f"'$.target_seq', {seq_of.format(key='target')}, "
            f"'$.undid_seq', {seq_of.format(key='undid')}) "
            "ELSE json(e.body) END"
        )
        sql = f"""
            SELECT c.doc_id,
              EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id AND {vwhere}),
              json_object(
                'id', c.id, 'doc_id', c.doc_id, 'seq', c.seq, 'text', c.text,
                'normalized', c.normalized, 'start', c.start, 'end', c."end",
                'sentence_start', c.sentence_start, 'sentence_end', c.sentence_end,
                'paragraph_start', c.paragraph_start, 'paragraph_end', c.paragraph_end,
                'speaker', c.speaker, 'cue', c.cue,
                'is_quote', json(CASE WHEN c.is_quote THEN 'true' ELSE 'false' END),
                'quote_start', c.quote_start, 'quote_end', c.quote_end,
                'score', c.score, 'reasons', json(c.reasons), 'entities', json(c.entities),
                'cluster_id', c.cluster_id, 'extractor', c.extractor,
                'created_at', c.created_at,
                'verdicts', (SELECT json_group_array(json_object(
                    'reviewer', v.reviewer, 'label', v.label, 'note', v.note,
                    'evidence', CASE WHEN v.claim_id IN ({self._HAS_EVIDENCE})
                      THEN (SELECT json_group_array(json(ev)) FROM (
                        SELECT json_patch(x.body, json_object('at', x.at)) AS ev
                        FROM events x WHERE {self._LIVE_EVIDENCE} ORDER BY x.id))
                      ELSE json_array() END,
                    'at', v.at))
                  FROM (SELECT * FROM verdicts v WHERE v.claim_id = c.id AND {vwhere}
                        ORDER BY v.reviewer) v),
                'events', (SELECT json_group_array(json_object(
                    'reviewer', e.reviewer, 'kind', e.kind, 'label', e.label,
                    'body', json({body}), 'at', e.at))
                  FROM (SELECT * FROM events ev WHERE ev.claim_id = c.id ORDER BY ev.id) e)
              )
            , c.num
            FROM (SELECT * FROM claims c WHERE {where} AND c.num > ? ORDER BY c.num LIMIT ?) c
            ORDER BY c.num
        """
        last = 0
        while True:
            rows = self.conn.execute(sql, [*vparams, *vparams, *params, last, batch]).fetchall()
            if not rows:
                return
            last = rows[-1][3]
            yield [(r[0], bool(r[1]), r[2]) for r in rows]

    def export_flat(
        self,
        filt: ClaimFilter,
        verdicts: tuple[str | None, Sequence[str], str | None, str | None] = (None, (), None, None),
        batch: int = 20000,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The flat export rows (one per claim and verdict, or one per claim without),
        in ``workbench.export.FLAT_COLUMNS`` order without ``final_how``."""
        where, params = self._where(filt)
        vwhere, vparams = self._verdict_where(*verdicts)
        sql = f"""
            SELECT c.id, c.doc_id, d.title, d.source_path, d.url, d.outlet, d.published,
              c.seq, c.text, c.normalized, c.start, c."end", c.speaker, c.cue,
              c.is_quote, c.score,
              coalesce((SELECT group_concat(value, '; ') FROM json_each(c.reasons)), ''),
              c.entities, c.cluster_id, v.reviewer, v.label, v.note,
              CASE WHEN v.claim_id IN ({self._HAS_EVIDENCE}) THEN
              (SELECT nullif(trim(group_concat(coalesce(json_extract(ev, '$.url'), ''), ' ')),
                             '')
               FROM (SELECT x.body AS ev FROM events x WHERE {self._LIVE_EVIDENCE}
                     ORDER BY x.id)) END,
              v.at, c.num
            FROM (SELECT * FROM claims c WHERE {where} AND c.num > ? ORDER BY c.num LIMIT ?) c
            JOIN documents d ON d.id = c.doc_id
            LEFT JOIN verdicts v ON v.claim_id = c.id AND {vwhere}
            ORDER BY c.num, v.reviewer
        """
        # The filter runs once, in the subquery: a batch is whole claims with all their rows.
        last = 0
        while True:
            rows = self.conn.execute(sql, [*params, last, batch, *vparams]).fetchall()
            if not rows:
                return
            last = rows[-1][-1]
            yield [row[:-1] for row in rows]

    def documents_by_id(self, ids: Iterable[str], with_text: bool) -> dict[str, dict[str, Any]]:
        """Document metadata (and text) for export, keyed by id."""
        ids = list(ids)
        if not ids:
            return {}
        text = "text" if with_text else "NULL AS text"
        cur = self.conn.execute(
            f"SELECT id, title, source_path, url, outlet, published, language, meta, "
            f"ingested_at, {text} FROM documents WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
        names = [d[0] for d in cur.description]
        out = {}
        for row in cur:
            doc = dict(zip(names, row, strict=True))
            doc["meta"] = json.loads(doc["meta"])
            out[doc["id"]] = doc
        return out

    def add_missing(self, document: Document | None, claims: Sequence[Claim]) -> int:
        """For an import: store the document if new and the claims it lacks. Returns claims
        added. Claims of a document that is not stored and not given are an error."""
        with self.db.atomic():
            if document is not None and not self.has_document(document.id):
                self._insert_documents([document])
            return self._insert_claims(claims)

    def event_keys(self, claim_id: str) -> list[tuple[int, tuple[Any, ...]]]:
        """(event id, identity) of a claim's events, oldest first: what an import compares
        to add only the events that are missing."""
        return [
            (e.id, event_identity(e.reviewer, e.kind, e.label, e.body, iso(e.at)))
            for e in self.history(claim_id)
            if e.id is not None
        ]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, list(params)).fetchone()
        return row[0] if row else None


def event_identity(
    reviewer: str, kind: str, label: str | None, body: dict[str, Any], at: str
) -> tuple[Any, ...]:
    """What makes two events the same event across databases (ids differ; undo and redo
    targets are compared by what they point at, so they are left out here)."""
    plain = {k: v for k, v in body.items() if k not in ("target", "undid")}
    return (reviewer, kind, label, json.dumps(plain, sort_keys=True, ensure_ascii=False), at)


def _effective(events: Sequence[VerdictEvent]) -> list[VerdictEvent]:
    """The undoable events still in effect after every undo and redo, in order."""
    undone: set[int] = set()
    undo_target: dict[int, int] = {}
    for event in events:
        if event.kind == "undo":
            undo_target[event.id] = event.body["target"]
            undone.add(event.body["target"])
        elif event.kind == "redo":
            undone.discard(undo_target.get(event.body["target"], -1))
    return [e for e in events if e.kind in UNDOABLE_KINDS and e.id not in undone]
