"""The one owner of a SQLite connection and its transactions.

Every write goes through ``write()``: it begins IMMEDIATE, so the connection takes
the write lock before it reads anything and SQLite's busy timeout applies. A plain
(deferred) BEGIN that reads and then writes is refused at once, without waiting,
when another connection committed in between; that lost verdicts when two
reviewers worked on one database.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

#: How long SQLite itself waits for a lock before it reports the database busy.
BUSY_TIMEOUT_MS = 5000
#: Attempts to begin a write transaction (each waits BUSY_TIMEOUT_MS): about half a
#: minute in all before a write is reported as failed.
WRITE_ATTEMPTS = 6


class StoreError(Exception):
    """A request the store cannot honour (unknown claim, nothing to undo, busy)."""


class StoreBusy(StoreError):
    """Another connection held the write lock for longer than the store waits."""


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class SQLite:
    """A connection with the project's settings, its reads and its write transactions.

    One per thread. Repositories hold one and never open transactions of their own.
    """

    def __init__(self, db: Database, *, read_only: bool = False) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        # Autocommit mode: transactions are only the ones ``write()`` opens, never an
        # implicit deferred BEGIN that Python's sqlite3 would slip in before a write.
        self.conn.isolation_level = None
        if not db.memory and not read_only:
            # WAL lets the TUI read while an ingest writes; FULL makes a committed
            # verdict survive a crash of the machine, not only of the process.
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    @property
    def path(self) -> str:
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return row[2] or ":memory:"

    def close(self) -> None:
        self.db.close()

    # -- reads ----------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, list(params)).fetchall()

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(sql, list(params)).fetchone()
        return row

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.conn.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def in_chunks(self, sql: str, values: Sequence[Any], size: int = 500
                  ) -> list[tuple[Any, ...]]:  # fmt: skip
        """Rows of ``sql`` (with ``{marks}`` for an IN list) for many values, ``size`` at
        a time: SQLite limits the parameters of one statement."""
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(values), size):
            part = list(values[i : i + size])
            rows += self.conn.execute(sql.format(marks=",".join("?" * len(part))), part).fetchall()
        return rows

    # -- writes ---------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE (waiting for the lock, then retrying a
        few times), COMMIT on success, ROLLBACK on any error. Nested calls become
        savepoints of the outer transaction."""
        if self.conn.in_transaction:
            name = f"wb_{id(self)}_{time.monotonic_ns()}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self._begin()
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _begin(self) -> None:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                if attempt == WRITE_ATTEMPTS - 1:
                    raise StoreBusy(
                        f"the database is busy: another program held its write lock for "
                        f"{WRITE_ATTEMPTS * BUSY_TIMEOUT_MS // 1000} s"
                    ) from None
                # SQLite's wait ended without the lock: a short random pause keeps two
                # waiting writers from colliding again at the same moment.
                time.sleep(random.uniform(0.01, 0.1))
