"""The review log: append-only events, the current verdicts derived from them, undo
and redo. A verdict and its event are written in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from workbench.models import Verdict, VerdictEvent, iso, url_problem
from workbench.store.codec import (
    EVENT_COLUMNS,
    VERDICT_COLUMNS,
    event_from_row,
    event_identity,
    event_values,
    verdict_from_row,
)
from workbench.store.database import SQLite, StoreError
from workbench.store.undo import effective, redo_target, undo_target

if TYPE_CHECKING:
    from workbench.store.matches import Match

_INSERT_EVENT = (
    "INSERT INTO events (claim_id, reviewer, kind, label, body, at) VALUES (?,?,?,?,?,?)"
)


class ReviewLog:
    """Events in, current state out."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

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
        with self._db.write():
            previous = self._db.scalar("SELECT normalized FROM claims WHERE id = ?", [claim_id])
            return self.record(
                VerdictEvent(
                    claim_id=claim_id, reviewer=reviewer, kind="edit",
                    body={"normalized": text, "previous": previous},
                )
            )  # fmt: skip

    def add_evidence(self, claim_id: str, reviewer: str, url: str, quote: str = "") -> VerdictEvent:
        # New evidence only: imported events keep what their database recorded.
        problem = url_problem(url) if url else None
        if problem:
            raise StoreError(f"evidence URL {problem}")
        return self.record(
            VerdictEvent(
                claim_id=claim_id, reviewer=reviewer, kind="evidence",
                body={"url": url, "quote": quote},
            )
        )  # fmt: skip

    def inherit_verdict(self, claim_id: str, reviewer: str, label: str, match: Match,
                        judged: str | None = None) -> VerdictEvent:  # fmt: skip
        """A verdict taken over from a matched claim; the event names where it came from
        and, with ``judged``, what that verdict judged (the statement, or its attribution)."""
        body: dict[str, object] = {"inherited_from": match.key, "text": match.text,
                                   "score": match.score, "given": match.label}  # fmt: skip
        if judged is not None:
            body["judged"] = judged
        return self.record(
            VerdictEvent(claim_id=claim_id, reviewer=reviewer, kind="verdict", label=label,
                         body=body)
        )  # fmt: skip

    def reject_match(self, claim_id: str, reviewer: str, match: Match) -> VerdictEvent:
        """ "Not the same claim": the pair is recorded and never suggested again."""
        return self.record(
            VerdictEvent(
                claim_id=claim_id, reviewer=reviewer, kind="reject",
                body={"match": match.key, "text": match.text},
            )
        )  # fmt: skip

    def set_final(self, claim_id: str, adjudicator: str, label: str,
                  taken_from: str | None = None) -> VerdictEvent:  # fmt: skip
        """The adjudicator settles a claim: ``label`` is its final verdict (``taken_from``
        names the reviewer whose verdict it is, if any). The event keeps every reviewer's
        verdict as it stood, so the history says what was settled."""
        with self._db.write():
            standing = {v.reviewer: v.label for v in self.verdicts(claim_id)}
            return self.record(
                VerdictEvent(
                    claim_id=claim_id, reviewer=adjudicator, kind="final", label=label,
                    body={"taken_from": taken_from, "verdicts": standing},
                )
            )  # fmt: skip

    def record(self, event: VerdictEvent) -> VerdictEvent:
        """Append one event and bring the current state up to date, in one transaction."""
        with self._db.write():
            if self._db.scalar("SELECT 1 FROM claims WHERE id = ?", [event.claim_id]) is None:
                raise StoreError(f"no claim {event.claim_id}")
            cur = self._db.execute(_INSERT_EVENT, event_values(event))
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
            with self._db.write():
                for event in pending:
                    body = dict(event.body)
                    if event.kind in ("undo", "redo") and body.get("target") in new_ids:
                        body["target"] = new_ids[body["target"]]
                        if "undid" in body and body["undid"] in new_ids:
                            body["undid"] = new_ids[body["undid"]]
                    cur = self._db.execute(_INSERT_EVENT, event_values(event, body))
                    if event.id is not None and cur.lastrowid is not None:
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
        with self._db.write():
            target = undo_target(self._walk_back(reviewer))
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
        with self._db.write():
            target = redo_target(self._walk_back(reviewer))
            if target is None:
                return None
            return self.record(
                VerdictEvent(
                    claim_id=target.claim_id, reviewer=reviewer, kind="redo",
                    body={"target": target.id, "undid": target.body["target"]},
                )
            )  # fmt: skip

    def _walk_back(self, reviewer: str) -> Iterator[VerdictEvent]:
        cur = self._db.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE reviewer = ? ORDER BY id DESC", [reviewer]
        )
        for row in cur:
            yield event_from_row(row)

    def _rebuild(self, claim_id: str, reviewer: str) -> None:
        """Recompute the current verdict of (claim, reviewer), their rejections and the
        claim's stand-alone text from the events that are in effect."""
        events = self.history(claim_id)
        live = effective(events)
        mine = [e for e in live if e.reviewer == reviewer]
        verdict = next((e for e in reversed(mine) if e.kind == "verdict"), None)
        note = next((e for e in reversed(mine) if e.kind == "note"), None)
        if verdict is None:
            self._db.execute(
                "DELETE FROM verdicts WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer]
            )
        else:
            self._db.execute(
                f"INSERT INTO verdicts ({VERDICT_COLUMNS}) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(claim_id, reviewer) DO UPDATE SET "
                "label = excluded.label, note = excluded.note, event_id = excluded.event_id, "
                "at = excluded.at",
                [
                    claim_id, reviewer, verdict.label,
                    note.body.get("text") if note else None, verdict.id, iso(verdict.at),
                ],
            )  # fmt: skip
        self._db.execute(
            "DELETE FROM rejections WHERE claim_id = ? AND reviewer = ?", [claim_id, reviewer]
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO rejections (claim_id, match_key, reviewer, event_id) "
            "VALUES (?,?,?,?)",
            [(claim_id, e.body["match"], reviewer, e.id) for e in mine if e.kind == "reject"],
        )
        # The final verdict is the claim's, whoever gave it: the latest ruling in effect.
        ruling = next((e for e in reversed(live) if e.kind == "final"), None)
        if ruling is None:
            self._db.execute("DELETE FROM finals WHERE claim_id = ?", [claim_id])
        else:
            self._db.execute(
                "INSERT INTO finals (claim_id, label, adjudicator, taken_from, event_id, at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT(claim_id) DO UPDATE SET "
                "label = excluded.label, adjudicator = excluded.adjudicator, "
                "taken_from = excluded.taken_from, event_id = excluded.event_id, at = excluded.at",
                [claim_id, ruling.label, ruling.reviewer, ruling.body.get("taken_from"),
                 ruling.id, iso(ruling.at)],
            )  # fmt: skip
        edits = [e for e in events if e.kind == "edit"]
        if edits:
            live_edits = [e for e in live if e.kind == "edit"]
            text = live_edits[-1].body["normalized"] if live_edits else edits[0].body["previous"]
            self._db.execute("UPDATE claims SET normalized = ? WHERE id = ?", [text, claim_id])

    def history(self, claim_id: str) -> list[VerdictEvent]:
        """Every event of a claim, oldest first: the full record of its review."""
        rows = self._db.all(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE claim_id = ? ORDER BY id", [claim_id]
        )
        return [event_from_row(row) for row in rows]

    def verdicts(self, claim_id: str) -> list[Verdict]:
        rows = self._db.all(
            f"SELECT {VERDICT_COLUMNS} FROM verdicts WHERE claim_id = ? ORDER BY reviewer",
            [claim_id],
        )
        return [verdict_from_row(r) for r in rows]

    def event_keys(self, claim_id: str) -> list[tuple[int, tuple[Any, ...]]]:
        """(event id, identity) of a claim's events, oldest first: what an import compares
        to add only the events that are missing."""
        return [
            (e.id, event_identity(e.reviewer, e.kind, e.label, e.body, iso(e.at)))
            for e in self.history(claim_id)
            if e.id is not None
        ]

    def event_count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM events"))

    def has_reviewer(self, reviewer: str) -> bool:
        """Whether ``reviewer`` recorded anything (by the events_reviewer index)."""
        return (
            self._db.one("SELECT 1 FROM events WHERE reviewer = ? LIMIT 1", [reviewer]) is not None
        )

    def reviewed_count(self, reviewer: str) -> int:
        return int(self._db.scalar("SELECT count(*) FROM verdicts WHERE reviewer = ?", [reviewer]))
