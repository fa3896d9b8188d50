"""`workbench extract` and `workbench load`: big corpora on Dask, in shards; and the Dask
path of `workbench ingest --engine dask`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.app import Context, fail, pass_ctx
from workbench.cli.ingest import FORMATS, extract_options, partition_bar, report_skipped


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "folder", required=True, type=click.Path(path_type=Path, file_okay=False),
    help="The folder of shards to write (created; shards already there are reused).",
)  # fmt: skip
@click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="A running Dask scheduler (tcp://HOST:8786); its workers must see the same paths. "
    "Default: a local cluster.",
)  # fmt: skip
@click.option(
    "-w", "--workers", type=click.IntRange(1), default=None,
    help="Worker processes of the local cluster (default: one per core).",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Read every file with this reader instead of choosing by its name.")  # fmt: skip
@click.option("--moderator", "moderators", multiple=True, metavar="NAME",
              help="In transcripts, NAME asks the questions (repeatable).")  # fmt: skip
@click.option("--vectors/--no-vectors", default=True, show_default=True,
              help="Score check-worthiness with sentence vectors too.")  # fmt: skip
@pass_ctx
def extract(state: Context, paths: tuple[Path, ...], folder: Path, scheduler: str | None,
            workers: int | None, fmt: str | None, moderators: tuple[str, ...],
            vectors: bool) -> None:  # fmt: skip
    """Extract claims from files and folders on Dask into Parquet shards (documents,
    claims, sentence vectors) and a manifest, without touching the database; `workbench
    load` merges them. Exits 1 when any file or row was skipped."""
    from workbench.services.scale import run_extract

    if scheduler and workers:
        raise click.UsageError("--workers sizes the local cluster; a --scheduler has its own")
    options = extract_options(state, fmt, moderators, vectors)
    try:
        with partition_bar("Extracting") as (progress, started):
            report = run_extract(list(paths), folder, options, scheduler=scheduler,
                                 workers=workers, progress=progress, started=started)  # fmt: skip
    except OSError as exc:
        fail(f"{folder}: cannot write the shards ({exc.strerror or exc})")
    report_skipped(report.skipped)
    click.echo(f"{report.summary()}; manifest in {folder / 'manifest.json'}", err=True)
    sys.exit(1 if report.skipped else 0)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@pass_ctx
def load(state: Context, folder: Path) -> None:
    """Merge the shards of `workbench extract` into the database in bulk, then cluster
    and match the new claims. Documents already stored are passed over and a shard is
    loaded once: loading a folder again adds nothing."""
    from workbench.services.scale import load_shards
    from workbench.services.shards import ShardError

    s = state.settings
    try:
        with partition_bar("Loading") as (progress, _):
            report = load_shards(
                folder, state.store, encoder=state.encoder,
                cluster_threshold=s.cluster_threshold, match_threshold=s.match_threshold,
                cluster_cosine=s.cluster_cosine, progress=progress,
            )  # fmt: skip
    except ShardError as exc:
        fail(str(exc))
    click.echo(report.summary(), err=True)
