"""The Store: one database, its connection, and a repository per concern.

The only code in workbench that speaks SQL lives in this package. One Store (one
connection) per thread; every write is one IMMEDIATE transaction
(``workbench.store.database``). Tests use ``Store.memory()``.
"""

from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from workbench.store.assignments import Assignments
from workbench.store.claims import Claims
from workbench.store.clusters import Clusters
from workbench.store.database import SQLite
from workbench.store.exports import Exports
from workbench.store.matches import Matches
from workbench.store.memory import Memory
from workbench.store.migrations_late import migrations
from workbench.store.pages import Pages
from workbench.store.reviews import ReviewLog
from workbench.store.vectors import Vectors
from workbench.store.web_pages import WebPages


@dataclass(frozen=True)
class Stats:
    documents: int
    claims: int
    reviewed: int
    events: int
    per_label: dict[str, int] = field(default_factory=dict)
    reviewers: dict[str, int] = field(default_factory=dict)


class Store:
    """Documents, claims, the review log, clusters, matches and the memory of checked
    claims in one SQLite database."""

    def __init__(self, db: Database, *, migrate: bool = True, read_only: bool = False) -> None:
        self._db = SQLite(db, read_only=read_only)
        self.read_only = read_only
        """Opened read-only (the file or its folder cannot be written): writes fail."""
        if migrate and not read_only:
            migrations.apply(db)
        self.claims = Claims(self._db)
        """Documents and claims."""
        self.pages = Pages(self._db)
        """Claims a page at a time, for the review list."""
        self.reviews = ReviewLog(self._db)
        """Events, current verdicts, undo and redo."""
        self.clusters = Clusters(self._db)
        self.matches = Matches(self._db)
        """Stored matches, cluster mates and rejections: previous verdicts."""
        self.memory = Memory(self._db)
        """Checked claims: imported fact-checks and claims reviewed here."""
        self.exports = Exports(self._db)
        self.team = Assignments(self._db)
        """Assignments, final verdicts, and the verdicts agreement reads."""
        self.web_pages = WebPages(self._db)
        """Pages fetched for ``workbench ingest URL``, as they came (provenance)."""
        self.vectors = Vectors(self._db)
        """Sentence vectors of claims and checked claims, and their search."""

    @classmethod
    def open(cls, path: Path | str, *, migrate: bool = True, read_only: bool = False) -> Store:
        """Open (and create, with its folder) the database file at ``path``.

        An existing database that cannot be written (read-only media, an archive, a
        file or folder without write permission) is opened read-only instead, so it
        can still be read, exported and reviewed; ``read_only`` asks for that at once.
        """
        path = Path(path)
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return cls(Database(path), migrate=migrate)
            except (sqlite3.OperationalError, OSError) as exc:
                if not path.is_file() or not _cannot_write(exc):
                    raise
        return cls(Database(_read_only_connection(path)), migrate=False, read_only=True)

    @classmethod
    def in_memory(cls) -> Store:
        """A throwaway database in memory (tests, evaluation)."""
        return cls(Database(memory=True))

    def close(self) -> None:
        self._db.close()

    @property
    def path(self) -> str:
        return self._db.path

    def stats(self, reviewer: str | None = None) -> Stats:
        """Counts for `workbench stats` and the TUI header; ``reviewed`` counts claims
        with a verdict by ``reviewer`` (by anyone when None)."""
        db = self._db
        who = "WHERE reviewer = ?" if reviewer else ""
        params = [reviewer] if reviewer else []
        per_label = db.all(f"SELECT label, count(*) FROM verdicts {who} GROUP BY label "
                           "ORDER BY label", params)  # fmt: skip
        reviewers = db.all("SELECT reviewer, count(*) FROM verdicts GROUP BY reviewer "
                           "ORDER BY reviewer")  # fmt: skip
        return Stats(
            documents=db.scalar("SELECT count(*) FROM documents"),
            claims=db.scalar("SELECT count(*) FROM claims"),
            reviewed=db.scalar(f"SELECT count(DISTINCT claim_id) FROM verdicts {who}", params),
            events=self.reviews.event_count(),
            per_label={label: n for label, n in per_label},
            reviewers={name: n for name, n in reviewers},
        )

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (before copying it)."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def tune_for_bulk_load(self) -> None:
        """Trade durability for speed on a throwaway file (benchmark databases)."""
        self._db.execute("PRAGMA synchronous=OFF")


def _cannot_write(exc: Exception) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return any(words in str(exc) for words in ("readonly", "read-only", "unable to open"))


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection. A WAL database needs its -shm file, which read-only
    media cannot create; then it is opened as immutable (nothing else writes there)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(uri + "&immutable=1", uri=True)
    return conn
