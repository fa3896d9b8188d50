"""`workbench ingest`, and the ingest that `workbench` alone runs on an empty database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.app import Context, fail, pass_ctx


def run_ingest(state: Context, paths: list[Path], processes: int = 1,
               vectors: bool = True) -> int:  # fmt: skip
    """Ingest files and folders, reporting on standard error; the exit status (1: skipped)."""
    from workbench.extract import Extractor, ModelNotFound, load_pipeline
    from workbench.semantic import default_encoder
    from workbench.services.ingest import ingest_paths

    settings = state.settings

    def make_extractor() -> Extractor:
        try:
            # The encoder loads its model on first use, i.e. only when a new document
            # has claims; extract cannot import it, so it is handed in from here.
            return Extractor(
                load_pipeline(settings.model, settings.classifier),
                batch_size=settings.batch_size,
                encoder=default_encoder() if vectors else None,
            )
        except ModelNotFound as exc:
            fail(str(exc))
            raise  # unreachable: fail() exits

    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=1, label="Ingesting", file=sys.stderr, show_pos=True)

    def progress(done: int, total: int, _path: str) -> None:
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)

    report = ingest_paths(
        paths, state.store, make_extractor, progress=progress, processes=processes,
        cluster_threshold=settings.cluster_threshold, match_threshold=settings.match_threshold,
    )  # fmt: skip
    if bar is not None:
        bar.render_finish()
    for path, reason in report.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    click.echo(report.summary(), err=True)
    return 1 if report.skipped else 0


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-p", "--processes", type=click.IntRange(1), default=1, show_default=True,
    help="Extract in this many processes (for large corpora; one per core).",
)  # fmt: skip
@click.option(
    "--vectors/--no-vectors", default=True, show_default=True,
    help="Score check-worthiness with sentence vectors too (--no-vectors: faster; "
    "rules and bag of words only).",
)  # fmt: skip
@pass_ctx
def ingest(state: Context, paths: tuple[Path, ...], processes: int, vectors: bool) -> None:
    """Read articles (.txt, .md files or folders of them) and extract their claims.

    Files already in the database are left as they are. Exits 1 when any
    file was skipped; the others are still ingested.
    """
    sys.exit(run_ingest(state, list(paths), processes, vectors))
