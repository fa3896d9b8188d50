"""The command line: a thin face over the core, like the TUI.

`app` holds the root group; each other module holds one group of commands, and this
module registers them all on the root group, here and only here. (The modules are
imported as modules so that `workbench.cli.export` stays the module, not the command.)
"""

from __future__ import annotations

from workbench.cli import (
    config,
    evaluate,
    export,
    ingest,
    matching,
    records,
    review,
    scale,
    team,
)
from workbench.cli.app import cli

for _command in (
    ingest.ingest,
    scale.extract,
    scale.load,
    review.review,
    export.export,
    export.import_,
    export.datasette_metadata,
    records.stats,
    records.history,
    evaluate.evaluate,
    evaluate.train,
    matching.import_checked_cmd,
    matching.match_cmd,
    matching.clusters_cmd,
    matching.vectors_cmd,
    config.show_config,
    team.assign,
    team.agree,
    team.adjudicate,
):
    cli.add_command(_command)
cli.no_command = review.open_default


def main() -> None:
    cli(prog_name="workbench")


__all__ = ["cli", "main"]
