"""`workbench ingest`, and the ingest that `workbench` alone runs on an empty database."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import click

from workbench.cli.app import Context, fail, pass_ctx
from workbench.terminal import one_line

FORMATS = ("text", "html", "transcript", "jsonl", "csv")


def run_ingest(state: Context, paths: Sequence[Path | str], processes: int = 1,
               fmt: str | None = None, moderators: Sequence[str] = (),
               vectors: bool = True) -> int:  # fmt: skip
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
        paths, state.store, make_extractor, progress=progress, processes=processes,
        cluster_threshold=settings.cluster_threshold, match_threshold=settings.match_threshold,
        fmt=cast("Format | None", fmt), moderators=moderators,
        encoder=state.encoder, cluster_cosine=settings.cluster_cosine,
    )  # fmt: skip
    if bar is not None:
        bar.render_finish()
    for path, reason in report.skipped:
        click.echo(f"skipped {one_line(path)}: {one_line(reason)}", err=True)
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
    "-p", "--processes", type=click.IntRange(1), default=1, show_default=True,
    help="Extract in this many processes (for large corpora; one per core).",
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
def ingest(state: Context, paths: tuple[str, ...], processes: int, url_file: Path | None,
           fmt: str | None, moderators: tuple[str, ...], vectors: bool) -> None:  # fmt: skip
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
    sys.exit(run_ingest(state, sources, processes, fmt, moderators, vectors))
