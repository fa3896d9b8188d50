"""The command line: a thin face over the core, like the TUI."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from workbench import __version__
from workbench.config import Settings, SettingsError, load_settings
from workbench.store import Store


class Context:
    """Settings and the store, loaded once per command, only when a command needs them."""

    def __init__(self, config: Path | None, flags: dict[str, Any]) -> None:
        self._config = config
        self._flags = flags
        self._settings: Settings | None = None
        self._store: Store | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self._config, **self._flags)
            except SettingsError as exc:
                fail(str(exc))
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store.open(self.settings.db)
            except Exception as exc:  # sqlite3.DatabaseError, OSError: say which file
                fail(f"{self.settings.db}: cannot open the database: {exc}")
        return self._store


def fail(message: str, code: int = 2) -> None:
    click.echo(f"workbench: {message}", err=True)
    sys.exit(code)


pass_ctx = click.make_pass_decorator(Context)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), help="Database file.")
@click.option("--reviewer", help="Your name, recorded with every verdict.")
@click.option("--model", help="spaCy pipeline for extraction.")
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (default: ./workbench.toml when present).",
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, reviewer: str | None, model: str | None,
        config: Path | None) -> None:  # fmt: skip
    """A terminal workbench for fact-checkers.

    With no command: load the seed corpus if the database is empty, then open
    the review TUI.
    """
    ctx.obj = Context(config, {"db": db, "reviewer": reviewer, "model": model})
    if ctx.invoked_subcommand is None:
        state: Context = ctx.obj
        if state.store.stats().documents == 0:
            from workbench.corpus import seed_dir

            click.echo(f"Loading the seed corpus into {state.settings.db} ...", err=True)
            _ingest(state, [seed_dir()])
        ctx.invoke(review)


def _ingest(state: Context, paths: list[Path], processes: int = 1) -> int:
    from workbench.extract import Extractor, ModelNotFound, load_pipeline
    from workbench.services.ingest import ingest_paths

    settings = state.settings

    def make_extractor() -> Extractor:
        try:
            return Extractor(
                load_pipeline(settings.model, settings.classifier), batch_size=settings.batch_size
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


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-p", "--processes", type=click.IntRange(1), default=1, show_default=True,
    help="Extract in this many processes (for large corpora; one per core).",
)  # fmt: skip
@pass_ctx
def ingest(state: Context, paths: tuple[Path, ...], processes: int) -> None:
    """Read articles (.txt, .md files or folders of them) and extract their claims.

    Files already in the database are left as they are. Exits 1 when any
    file was skipped; the others are still ingested.
    """
    sys.exit(_ingest(state, list(paths), processes))


@cli.command()
@pass_ctx
def review(state: Context) -> None:
    """Open the review TUI."""
    settings = state.settings
    store = state.store  # created, and migrated, before the UI starts
    store.close()
    from workbench.tui.app import WorkbenchApp

    try:
        app = WorkbenchApp(settings)
    except SettingsError as exc:
        fail(str(exc))
    app.run()


def _export_formats() -> list[str]:
    from workbench.export import FORMATS

    return sorted(FORMATS)


@cli.command()
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
    if doc_id:
        matches = [d.id for d in state.store.claims.documents() if d.id.startswith(doc_id)]
        if len(matches) != 1:
            fail(f"document {doc_id!r}: {'no such document' if not matches else 'ambiguous'}")
        doc_id = matches[0]
    if exporter.binary and output is None:
        fail(f"--format {fmt} writes a binary file: give it with -o FILE{exporter.suffix}")
    options = ExportOptions(
        reviewer=by_reviewer, labels=labels, reviewed_only=reviewed, doc_id=doc_id,
        since=since, until=until, min_score=min_score, final=final,
        adjudicator=state.settings.adjudicator,
    )  # fmt: skip
    bar = None
    if sys.stderr.isatty() and output is not None:
        total = state.store.pages.count(options.claim_filter())
        bar = click.progressbar(length=total, label=f"Exporting {fmt}", file=sys.stderr)
    progress = bar.update if bar is not None else None
    if output is None:
        report = export(state.store, fmt, sys.stdout, state.settings, options, progress)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".part")
        if exporter.binary:
            report = export(state.store, fmt, tmp, state.settings, options, progress)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as out:
                report = export(state.store, fmt, out, state.settings, options, progress)
        tmp.replace(output)  # a half-written export never replaces a good one
    if bar is not None:
        bar.render_finish()
    noun = {"claimreview": "ClaimReview", "spacy": "example", "prodigy": "example"}.get(fmt)
    click.echo(f"exported {report.summary(noun or 'claim')} as {fmt}", err=True)


@cli.command("import")
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
        report = import_jsonl(state.store, path)
        for problem in report.problems:
            click.echo(f"skipped {problem}", err=True)
        problems += len(report.problems)
        click.echo(f"{path}: {report.summary()}", err=True)
    sys.exit(1 if problems else 0)


@cli.command("datasette-metadata")
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


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.option("--mine", is_flag=True, help="Count only your own verdicts.")
@pass_ctx
def stats(state: Context, fmt: str, mine: bool) -> None:
    """Documents, claims, reviewed claims and the count per label."""
    s = state.store.stats(state.settings.reviewer if mine else None)
    if fmt == "json":
        click.echo(json.dumps(s.__dict__, indent=2))
        return
    click.echo(f"database   {state.settings.db}")
    click.echo(f"documents  {s.documents}")
    click.echo(f"claims     {s.claims}")
    click.echo(f"reviewed   {s.reviewed}" + (f" by {state.settings.reviewer}" if mine else ""))
    click.echo(f"events     {s.events}")
    order = [step.label for step in state.settings.scale]
    for label in order + sorted(set(s.per_label) - set(order)):
        if label in s.per_label:
            click.echo(f"  {label:<18} {s.per_label[label]}")
    if s.reviewers and not mine:
        click.echo("reviewers  " + ", ".join(f"{r} ({n})" for r, n in s.reviewers.items()))


@cli.command()
@click.argument("claim_id")
@pass_ctx
def history(state: Context, claim_id: str) -> None:
    """Every event recorded for a claim (its id, or a unique prefix of it)."""
    matches = state.store.claims.claim_ids_starting(claim_id, limit=2)
    if len(matches) != 1:
        fail(f"claim {claim_id!r}: {'no such claim' if not matches else 'prefix is ambiguous'}")
    claim = state.store.claims.get_claim(matches[0])
    click.echo(f"{claim.id}  {claim.normalized}")
    for event in state.store.reviews.history(claim.id):
        detail = event.label or json.dumps(event.body, ensure_ascii=False)
        click.echo(f"  #{event.id:<5} {event.at:%Y-%m-%d %H:%M:%S}  {event.reviewer:<12} "
                   f"{event.kind:<8} {detail}")  # fmt: skip


@cli.group()
def evaluate() -> None:
    """Measure the extraction against labelled public data."""


_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
_COLUMN = click.option(
    "--column", help="The label column of a TSV (default: check_worthiness, claim)."
)


@evaluate.command("checkworthiness")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    help="Scores at or above this count as check-worthy.  [default: 0.4]",
)
@click.option(
    "--folds",
    type=click.IntRange(2),
    help="Cross-validate: train a classifier on all folds but one, score that fold, repeat.",
)
@_COLUMN
@click.option("--limit", type=click.IntRange(1), help="Only the first N sentences.")
@_FORMAT
@pass_ctx
def evaluate_checkworthiness(state: Context, file: Path, threshold: float | None,
                             folds: int | None, column: str | None, limit: int | None,
                             fmt: str) -> None:  # fmt: skip
    """Precision, recall and F1 of the check-worthy class, and the average precision of
    the ranking, for labelled sentences (ClaimBuster JSON, CheckThat! TSV, JSONL).

    Without --folds the configured classifier scores the file; the packaged one was
    trained on ClaimBuster's train.json, so use --folds for a fair figure on it."""
    from workbench.evaluation import (
        DataError,
        cross_validated_scores,
        metrics,
        read_labelled,  # fmt: skip
        score_texts,
    )
    from workbench.extract import ModelNotFound, load_pipeline
    from workbench.extract.checkworthiness import THRESHOLD

    threshold = THRESHOLD if threshold is None else threshold
    try:
        examples = read_labelled(file, column)[:limit]
        nlp = load_pipeline(state.settings.model, "" if folds else state.settings.classifier)
    except (DataError, ModelNotFound) as exc:
        fail(str(exc))
    if folds:
        if sys.stderr.isatty():
            with click.progressbar(length=folds, label="folds", file=sys.stderr) as bar:
                scores = cross_validated_scores(nlp, examples, folds,
                                                progress=lambda done, _: bar.update(1))  # fmt: skip
        else:
            scores = cross_validated_scores(nlp, examples, folds)
    else:
        scores = score_texts(nlp, [e.text for e in examples])
    result = metrics([e.label for e in examples], scores, threshold)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict()))
        return
    how = f"{folds}-fold cross-validation" if folds else f"classifier {state.settings.classifier!r}"
    click.echo(f"{file}: {result.n} sentences, {result.positives} check-worthy ({how})")
    click.echo(f"threshold          {threshold:g}")
    click.echo(f"precision          {result.precision:.3f}")
    click.echo(f"recall             {result.recall:.3f}")
    click.echo(f"F1                 {result.f1:.3f}")
    click.echo(f"average precision  {result.average_precision:.3f}")


@cli.group()
def train() -> None:
    """Train the models the extraction uses."""


@train.command("checkworthiness")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True,
    help="Folder to write the model to; point the `classifier` setting at it.",
)  # fmt: skip
@click.option("--epochs", type=click.IntRange(1), default=4, show_default=True)
@click.option("--dropout", type=click.FloatRange(0, 0.9), default=0.3, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@_COLUMN
@pass_ctx
def train_checkworthiness(state: Context, file: Path, output: Path, epochs: int, dropout: float,
                          seed: int, column: str | None) -> None:  # fmt: skip
    """Train a check-worthiness classifier on labelled sentences (the formats of
    `evaluate checkworthiness`)."""
    from workbench.evaluation import DataError, read_labelled
    from workbench.extract import ModelNotFound, load_pipeline
    from workbench.extract.checkworthiness import parse
    from workbench.extract.checkworthiness import train as train_classifier

    try:
        examples = read_labelled(file, column)
        nlp = load_pipeline(state.settings.model, "")
    except (DataError, ModelNotFound) as exc:
        fail(str(exc))
    labels = [e.label for e in examples]
    if len(set(labels)) < 2:
        fail(f"{file}: needs both check-worthy (1) and other (0) sentences")
    docs = parse(nlp, [e.text for e in examples])
    model = train_classifier(docs, labels, epochs=epochs, dropout=dropout, seed=seed)
    try:
        model.to_disk(output)
    except OSError as exc:
        fail(f"{output}: cannot write the model: {exc}")
    click.echo(f"{output}: trained on {len(examples)} sentences ({sum(labels)} check-worthy)")


@evaluate.command("matching")
@click.option(
    "--pool",
    required=True,
    type=click.Path(
        path_type=Path,
        exists=True,
        dir_okay=False,
    ),
    help="Verified claims: TSV with id, vclaim, title.",
)
@click.option(
    "--queries",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Queries: TSV with id, text.",
)
@click.option(
    "--qrels",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Gold pairs: TREC qrels (query 0 vclaim 1).",
)
@_FORMAT
def evaluate_matching(pool: Path, queries: Path, qrels: Path, fmt: str) -> None:
    """MAP@1, MAP@5, MRR and Recall@5 of matching queries against a pool of checked claims
    (the CLEF CheckThat! 2020 Task 2 formats)."""
    from workbench.datafiles import DataError
    from workbench.match import evaluate_matching

    try:
        result = evaluate_matching(pool, queries, qrels)
    except DataError as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict()))
        return
    click.echo(f"{queries}: {result.n} queries with gold matches")
    for name, value in result.as_dict().items():
        if name != "n":
            click.echo(f"{name:12} {value:.3f}")


@cli.command("import-checked")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@pass_ctx
def import_checked_cmd(state: Context, file: Path) -> None:
    """Add claims checked elsewhere to the memory: CSV, TSV or JSONL with claim text and
    verdict columns, or ClaimReview JSON-LD as fact-checkers publish it. Every claim in
    the database is then matched against the memory again."""
    from workbench.datafiles import DataError
    from workbench.ingest.checked import import_checked
    from workbench.match import Matcher

    try:
        report = import_checked(state.store, file, state.settings.scale)
    except DataError as exc:
        fail(str(exc))
    for problem in report.problems:
        click.echo(f"skipped {problem}", err=True)
    matched = Matcher(state.store, state.settings.match_threshold).refresh()
    click.echo(f"{file}: {report.added} checked claims added, {report.known} already known, "
               f"{len(report.problems)} skipped; {matched} claims now have a previous verdict",
               err=True)  # fmt: skip
    sys.exit(1 if report.problems else 0)


@cli.command("match")
@click.argument("text")
@click.option("-n", "--limit", type=click.IntRange(1), default=5, show_default=True)
@_FORMAT
@pass_ctx
def match_cmd(state: Context, text: str, limit: int, fmt: str) -> None:
    """The claims checked before (imported, or reviewed here) that TEXT states again,
    best first, with their verdicts and how alike they are (0-1)."""
    from workbench.match import Matcher

    matches = Matcher(state.store, state.settings.match_threshold).find(text, limit)
    if fmt == "json":
        click.echo(json.dumps([{"key": m.key, "score": m.score, "label": m.label,
                                "rating": m.rating, "text": m.text, "source": m.source}
                               for m in matches], ensure_ascii=False))  # fmt: skip
        return
    if not matches:
        click.echo("no claim checked before matches", err=True)
        sys.exit(1)
    for m in matches:
        label = m.label if m.rating in (None, m.label) else f"{m.label} ({m.rating})"
        click.echo(f"{m.score:.2f}  {label:<14} {m.text}")
        click.echo(f"      {m.source}")


@cli.command("clusters")
@click.option("--min-size", type=click.IntRange(2), default=2, show_default=True)
@click.option("-n", "--limit", type=click.IntRange(1), help="Only the N largest clusters.")
@click.option("--rebuild", is_flag=True, help="Cluster every claim again (after changing "
              "cluster_threshold).")  # fmt: skip
@_FORMAT
@pass_ctx
def clusters_cmd(state: Context, min_size: int, limit: int | None, rebuild: bool,
                 fmt: str) -> None:  # fmt: skip
    """Claims that state the same thing, grouped across documents, largest first."""
    from dataclasses import asdict

    from workbench.match import cluster

    store = state.store
    if rebuild:
        store.clusters.reset()
        report = cluster(store, state.settings.cluster_threshold, processes=os.cpu_count() or 1)
        click.echo(f"{report.joined} of {report.claims} claims in {report.clusters} clusters",
                   err=True)  # fmt: skip
    found = list(store.clusters.listing(min_size, limit))
    if fmt == "json":
        click.echo(json.dumps([{"cluster_id": cid, "members": [asdict(m) for m in members]}
                               for cid, members in found],
                              ensure_ascii=False))  # fmt: skip
        return
    for cid, members in found:
        click.echo(f"{cid[:12]}  {len(members)} claims")
        for m in members:
            who = f"{m.speaker}: " if m.speaker else ""
            click.echo(f"  {m.id[:8]}  {who}{m.text}")
            click.echo(f"            {m.title} ({m.source_path})")


@cli.command("config")
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


def main() -> None:
    cli(prog_name="workbench")
