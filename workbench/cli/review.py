"""`workbench review`, and `workbench` with no command (seed an empty database, then review)."""

from __future__ import annotations

import click

from workbench.cli.app import REVIEWER, Context, fail, pass_ctx
from workbench.cli.ingest import run_ingest
from workbench.config import SettingsError


@click.command()
@REVIEWER
@pass_ctx
def review(state: Context, reviewer: str | None) -> None:
    """Open the review TUI."""
    state.override(reviewer=reviewer)  # `workbench review --reviewer ann` as well as before it
    settings = state.settings
    store = state.store  # created, and migrated, before the UI starts
    store.close()
    from workbench.tui.app import WorkbenchApp

    try:
        app = WorkbenchApp(settings)
    except SettingsError as exc:
        fail(str(exc))
    app.run()


def open_default(ctx: click.Context) -> None:
    """What `workbench` alone does: load the seed corpus when the database is empty,
    then open the review TUI."""
    state: Context = ctx.obj
    if state.store.stats().documents == 0:
        from workbench.corpus import seed_dir

        click.echo(f"Loading the seed corpus into {state.settings.db} ...", err=True)
        run_ingest(state, [seed_dir()])
    ctx.invoke(review)
