"""Migrations from m012 on, registered on the same ``migrations`` as the first ones
(``migrations.py`` reached the module size limit). The same rule: never edit one that
has shipped; each holds its own SQL, frozen."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.store.migrations import _run_script, migrations

__all__ = ["migrations"]


@migrations()
def m012_headlines(db: Database) -> None:
    # A headline that a body claim restates names that claim; it is reviewed through it.
    # Claims stored before were never linked: NULL.
    _run_script(
        db,
        """
        ALTER TABLE claims ADD COLUMN restated_by TEXT;
        """,
    )


@migrations()
def m013_loaded_shards(db: Database) -> None:
    # Shards of `workbench extract` merged by `workbench load`, each recorded in the
    # transaction that added its rows: loading a folder again adds nothing.
    _run_script(
        db,
        """
        CREATE TABLE loaded_shards (
            name      TEXT PRIMARY KEY,   -- the shard's key: a hash of its input files
            loaded_at TEXT NOT NULL,
            documents INTEGER NOT NULL,   -- documents it added (the others were stored)
            claims    INTEGER NOT NULL
        );
        """,
    )


@migrations()
def m014_match_fused(db: Database) -> None:
    # A match's fused score (words and meaning of the pair alone), the second gate of
    # one-key apply. Matches stored before have none (NULL): they ask first until the
    # claim is matched again.
    _run_script(
        db,
        """
        ALTER TABLE matches ADD COLUMN fused REAL;
        """,
    )
