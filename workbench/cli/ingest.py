"""`workbench ingest` (in this process, or on a local Dask cluster), and the ingest that
`workbench` alone runs on an empty database."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from workbench.cli.app import Context, fail, pass_ctx
from workbench.terminal import one_line

if TYPE_CHECKING:
    from workbench.services.scale import ExtractReport
    from workbench.services.shards import ExtractOptions

FORMATS = ("text", "html", "transcript", "jsonl", "csv")


def run_ingest(state: Context, paths: Sequence[Path | str], fmt: str | None = None,
               moderators: Sequence[str] = (), vectors: bool = True) -> int:  # fmt: skip
    """Ingest files, folders and URLs, reporting on standard error; the exit status (1:
    something was skipped)."""
    from workbench.extract import Extractor, ModelNotFound, load_pipeline
    from workbench.ingest.sources import FORMATS as READERS
    from workbench.ingest.sources import Format
    from workbench.services.ingest import ingest_paths

    settings = state.settings
    assert fmt is None or fmt in READERS

    def make_extractor() -> Extractor:
        try:
            # The encoder loads its model on first use, i.e. only when a new document
            # has claims; extract cannot import it, so it is handed in from here.
            return Extractor(
                load_pipeline(settings.model, settings.classifier),
                batch_size=settings.batch_size,
                encoder=state.encoder if vectors else None,
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
        paths, state.store, make_extractor, progress=progress,
        cluster_threshold=settings.cluster_threshold, match_threshold=settings.match_threshold,
        fmt=cast("Format | None", fmt), moderators=moderators,
        encoder=state.encoder, cluster_cosine=settings.cluster_cosine,
    )  # fmt: skip
    if bar is not None:
        bar.render_finish()
    report_skipped(report.skipped)
    click.echo(report.summary(), err=True)
    return 1 if report.skipped else 0


def extract_options(state: Context, fmt: str | None, moderators: Sequence[str],
                    vectors: bool) -> ExtractOptions:  # fmt: skip
    """What the workers load and how they read, from the settings and the flags."""
    from workbench.ingest.sources import Format
    from workbench.services.shards import ExtractOptions, Pipeline

    s = state.settings
    pipeline = Pipeline(s.model, s.classifier, s.batch_size, s.encoder, vectors)
    return ExtractOptions(pipeline, cast("Format | None", fmt), tuple(moderators))


@contextmanager
def partition_bar(label: str) -> Iterator[tuple[Callable[[int, int], None],
                                                Callable[[ExtractReport], None]]]:  # fmt: skip
    """A progress bar over partitions on standard error (when it is a terminal), and the
    line that names the Dask dashboard once the cluster is up."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, disable=not sys.stderr.isatty())  # fmt: skip
    task = bar.add_task(label, total=None)

    def progress(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    def started(report: ExtractReport) -> None:
        where = report.dashboard or "none (install bokeh for it)"
        click.echo(f"Dask dashboard: {where}", err=True)

    with bar:
        yield progress, started


def report_skipped(skipped: Sequence[tuple[str, str]]) -> None:
    for path, reason in skipped:
        click.echo(f"skipped {one_line(path)}: {one_line(reason)}", err=True)


def ingest_on_dask(state: Context, paths: Sequence[Path], workers: int | None,
                   fmt: str | None, moderators: Sequence[str], vectors: bool) -> int:  # fmt: skip
    """`ingest --engine dask`: extract on a local cluster into a temporary folder, load."""
    from workbench.services.scale import ingest_with_dask

    s = state.settings
    options = extract_options(state, fmt, moderators, vectors)
    with partition_bar("Extracting") as (progress, started):
        report = ingest_with_dask(
            paths, state.store, options, workers=workers, progress=progress, started=started,
            encoder=state.encoder, cluster_threshold=s.cluster_threshold,
            match_threshold=s.match_threshold, cluster_cosine=s.cluster_cosine,
        )  # fmt: skip
    report_skipped(report.skipped)
    click.echo(report.summary(), err=True)
    return 1 if report.skipped else 0


def read_url_list(path: Path) -> list[str]:
    """URLs one a line; blank lines and lines starting with # are passed over."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read the URL list ({getattr(exc, 'strerror', None) or exc})")
    return [line.strip() for line in text.splitlines() if line.strip() and
            not line.lstrip().startswith("#")]  # fmt: skip


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="dask: extract on a local Dask cluster (like `workbench extract`), then load.",
)  # fmt: skip
@click.option(
    "-p", "--processes", type=click.IntRange(1), default=None,
    help="Worker processes of the Dask engine (default: one per core); more than one "
    "means --engine dask.",
)  # fmt: skip
@click.option(
    "--urls", "url_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
    help="Also fetch and ingest the web pages listed in FILE, one URL a line.",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="Read every file with this reader instead of choosing by its name.",
)  # fmt: skip
@click.option(
    "--moderator", "moderators", multiple=True, metavar="NAME",
    help="In transcripts, NAME asks the questions: their turns hold no claims (repeatable).",
)  # fmt: skip
@click.option(
    "--vectors/--no-vectors", default=True, show_default=True,
    help="Score check-worthiness with sentence vectors too (--no-vectors: faster; "
    "rules and bag of words only).",
)  # fmt: skip
@pass_ctx
def ingest(state: Context, paths: tuple[str, ...], engine: str, processes: int | None,
           url_file: Path | None, fmt: str | None, moderators: tuple[str, ...],
           vectors: bool) -> None:  # fmt: skip
    """Read articles and extract their claims: .txt and .md files, web pages (.html,
    .htm, .html.gz), transcripts (.transcript, CLEF .tsv), article collections
    (.jsonl, .csv), folders of them, and http(s):// URLs.

    Files already in the database are left as they are. Exits 1 when any file,
    row or URL was skipped; the others are still ingested.
    """
    from workbench.ingest.fetch import is_url

    sources: list[Path | str] = [p if is_url(p) else Path(p) for p in paths]
    if url_file is not None:
        sources += read_url_list(url_file)
    if not sources:
        raise click.UsageError("name files, folders or URLs to ingest, or --urls FILE")
    if engine == "local" and (processes or 1) == 1:
        sys.exit(run_ingest(state, sources, fmt, moderators, vectors))
    # Pages are fetched here (the network, not the CPU, is their limit) and kept with
    # their documents; files go to the cluster.
    urls = [s for s in sources if isinstance(s, str)]
    status = run_ingest(state, urls, fmt, moderators, vectors) if urls else 0
    files = [s for s in sources if isinstance(s, Path)]
    if files:
        status |= ingest_on_dask(state, files, processes, fmt, moderators, vectors)
    sys.exit(status)
