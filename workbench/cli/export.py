"""`workbench export`, `workbench import` and `workbench datasette-metadata`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.app import Context, fail, pass_ctx
from workbench.terminal import one_line

if TYPE_CHECKING:
    from workbench.export import ExportOptions, ExportReport
    from workbench.store import Store


def _export_formats() -> list[str]:
    from workbench.export import FORMATS

    return sorted(FORMATS)


@click.command()
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    type=click.Choice(_export_formats()),
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file (standard output by default for text formats).",
)
@click.option("--by", "by_reviewer", help="Only this reviewer's verdicts.")
@click.option("--label", "labels", multiple=True, help="Only claims with this label (repeatable).")
@click.option("--reviewed", is_flag=True, help="Only claims that have a verdict.")
@click.option("--document", "doc_id", help="Only this document (its id or an id prefix).")
@click.option("--since", help="Only verdicts given on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only verdicts given before this date (YYYY-MM-DD).")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only claims scoring at least this.")
@click.option(
    "--final",
    is_flag=True,
    help="One verdict per claim: agreed, adjudicated (settings: adjudicator) or a "
    "strict majority; unresolved claims are left out and counted.",
)
@pass_ctx
def export(state: Context, fmt: str, output: Path | None, by_reviewer: str | None,
           labels: tuple[str, ...], reviewed: bool, doc_id: str | None, since: str | None,
           until: str | None, min_score: float | None, final: bool) -> None:  # fmt: skip
    """Export claims with their verdicts, notes, evidence and history."""
    from datetime import date

    from workbench.export import FORMATS, ExportOptions, export

    exporter = FORMATS[fmt]
    for label in labels:
        if state.settings.label_named(label) is None:
            known = ", ".join(step.label for step in state.settings.scale)
            fail(f"unknown label {label!r}; the scale has: {known}")
    for name, value in (("--since", since), ("--until", until)):
        if value:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                fail(f"{name} {value!r} is not a date (YYYY-MM-DD)")
    if exporter.binary and output is None:
        fail(f"--format {fmt} writes a binary file: give it with -o FILE{exporter.suffix}")
    store = state.existing_store()  # after the checks of the arguments, which need none
    if by_reviewer is not None and not store.reviews.has_reviewer(by_reviewer):
        fail(f"--by {by_reviewer!r}: nobody of that name reviewed anything here", 1)
    if doc_id:
        matches = [d.id for d in store.claims.documents() if d.id.startswith(doc_id)]
        if len(matches) != 1:
            fail(f"document {doc_id!r}: {'no such document' if not matches else 'ambiguous'}")
        doc_id = matches[0]
    options = ExportOptions(
        reviewer=by_reviewer, labels=labels, reviewed_only=reviewed, doc_id=doc_id,
        since=since, until=until, min_score=min_score, final=final,
        adjudicator=state.settings.adjudicator,
    )  # fmt: skip
    filtered = bool(by_reviewer or labels or reviewed or doc_id or since or until
                    or min_score is not None)  # fmt: skip
    bar = None
    if sys.stderr.isatty() and output is not None:
        total = store.pages.count(options.claim_filter())
        bar = click.progressbar(length=total, label=f"Exporting {fmt}", file=sys.stderr)
    progress = bar.update if bar is not None else None
    if output is None:
        report = export(store, fmt, sys.stdout, state.settings, options, progress)
    else:
        report = _export_to_file(store, fmt, output, state, options, progress, filtered)
    if bar is not None:
        bar.render_finish()
    if fmt == "claimreview":
        from workbench.export.claimreview import placeholders

        for problem in placeholders(state.settings):
            click.echo(f"warning: {problem}: set it in workbench.toml before publishing",
                       err=True)  # fmt: skip
    if filtered and not report.written:
        fail("no claim matches these filters; nothing exported", 1)
    noun = {"claimreview": "ClaimReview", "spacy": "example", "prodigy": "example"}.get(fmt)
    click.echo(f"exported {report.summary(noun or 'claim')} as {fmt}", err=True)


def _export_to_file(store: Store, fmt: str, output: Path, state: Context,
                    options: ExportOptions, progress: Callable[[int], None] | None,
                    filtered: bool) -> ExportReport:  # fmt: skip
    """Write to ``output.part`` and rename it over ``output`` only when complete (and not
    empty by the filters): a half-written export never replaces a good one, and a failed
    one (disk full, read-only folder) leaves no .part file behind."""
    from workbench.export import FORMATS, export

    tmp = output.with_name(output.name + ".part")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if FORMATS[fmt].binary:
            report = export(store, fmt, tmp, state.settings, options, progress)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as out:
                report = export(store, fmt, out, state.settings, options, progress)
        if report.written or not filtered:
            tmp.replace(output)
        else:
            tmp.unlink()
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        fail(f"{output}: cannot write the export: {(exc.strerror or str(exc)).lower()}")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


@click.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True, dir_okay=False))  # fmt: skip
@pass_ctx
def import_(state: Context, files: tuple[Path, ...]) -> None:
    """Read workbench JSONL exports into this database.

    Documents and claims already here are kept; only missing events are added,
    so importing the same file twice changes nothing. Exits 1 when a line was
    skipped.
    """
    from workbench.export.jsonl import import_jsonl

    problems = 0
    for path in files:
        report = import_jsonl(state.store, path, [step.label for step in state.settings.scale])
        for problem in report.problems:
            click.echo(f"skipped {one_line(problem)}", err=True)
        problems += len(report.problems)
        click.echo(f"{one_line(str(path))}: {report.summary()}", err=True)
    sys.exit(1 if problems else 0)


@click.command("datasette-metadata")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of standard output.")  # fmt: skip
@pass_ctx
def datasette_metadata(state: Context, output: Path | None) -> None:
    """Titles and descriptions for `datasette DB -m metadata.json`."""
    from workbench.store.metadata import datasette_metadata as build

    text = json.dumps(build(str(state.settings.db)), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}; run: datasette {state.settings.db} -m {output}", err=True)
