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
