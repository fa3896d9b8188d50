"""`workbench config`: the settings in effect."""

from __future__ import annotations

import click

from workbench.cli.app import Context, pass_ctx
from workbench.config import Settings


@click.command("config")
@pass_ctx
def show_config(state: Context) -> None:
    """Print the settings in effect, with what each one means."""
    settings = state.settings
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if name == "scale":
            value = ", ".join(f"{s.key}={s.label}" for s in value)
        click.echo(f"{name} = {value}")
        if info.description:
            click.echo("    " + " ".join(info.description.split()))
