"""`workbench evaluate` (checkworthiness, matching, attribution) and `workbench train`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from workbench.cli.app import FORMAT, Context, fail, pass_ctx


@click.group()
def evaluate() -> None:
    """Measure the extraction against labelled public data."""


_COLUMN = click.option(
    "--column", help="The label column of a TSV (default: check_worthiness, claim)."
)


_VECTORS = click.option(
    "--vectors/--no-vectors", default=True, show_default=True,
    help="Use sentence vectors (the model's linear head); --no-vectors: rules and bag of "
    "words only, as an extractor without an encoder scores.",
)  # fmt: skip
_PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True)
)


def _encoder(vectors: bool) -> Any:
    if not vectors:
        return None
    from workbench.semantic import default_encoder

    return default_encoder()


@evaluate.command("checkworthiness")
@_PATHS
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    help="Scores at or above this count as check-worthy.  [default: 0.4]",
)
@click.option(
    "--folds",
    type=click.IntRange(2),
    help="Cross-validate: train a classifier on all folds but one, score that fold, repeat. "
    "A transcript is never split between folds.",
)
@click.option(
    "--also-train", "also_train", multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="With --folds: labelled data every fold also trains on, never scored (repeatable).",
)  # fmt: skip
@_VECTORS
@_COLUMN
@click.option("--limit", type=click.IntRange(1), help="Only the first N sentences.")
@FORMAT
@pass_ctx
def evaluate_checkworthiness(state: Context, paths: tuple[Path, ...], threshold: float | None,
                             folds: int | None, also_train: tuple[Path, ...], vectors: bool,
                             column: str | None, limit: int | None,
                             fmt: str) -> None:  # fmt: skip
    """Precision, recall and F1 of the check-worthy class, and the average precision of
    the ranking, for labelled sentences (ClaimBuster JSON, CheckThat! TSV, JSONL) or
    CLEF 2019 transcripts (TSV with no header: line, speaker, text, label; files or a
    folder), for which the average precision within each transcript and their mean (MAP)
    are reported too.

    Without --folds the configured classifier scores the files; the packaged one was
    trained on ClaimBuster's train.json and the CLEF 2019 training transcripts, so use
    --folds (with --also-train for the other data) for a fair figure on them."""
    from workbench.datafiles import DataError
    from workbench.extract import ModelNotFound, load_pipeline
    from workbench.extract.checkworthiness import THRESHOLD
    from workbench.extract.evaluation import (
        average_precision_by_group,
        cross_validated_scores,
        metrics,
        read_paths,
        score_texts,
    )

    threshold = THRESHOLD if threshold is None else threshold
    if also_train and not folds:
        fail("--also-train needs --folds")
    try:
        examples = read_paths(paths, column)[:limit]
        extra = read_paths(also_train, column) if also_train else []
        nlp = load_pipeline(state.settings.model, "" if folds else state.settings.classifier)
    except (DataError, ModelNotFound) as exc:
        fail(str(exc))
    encoder = _encoder(vectors)
    if folds:
        if sys.stderr.isatty():
            with click.progressbar(length=folds, label="folds", file=sys.stderr) as bar:
                scores = cross_validated_scores(
                    nlp, examples, folds, encoder=encoder, extra=extra,
                    progress=lambda done, _: bar.update(1),
                )  # fmt: skip
        else:
            scores = cross_validated_scores(nlp, examples, folds, encoder=encoder, extra=extra)
    else:
        scores = score_texts(nlp, [e.text for e in examples], encoder)
    labels = [e.label for e in examples]
    result = metrics(labels, scores, threshold)
    by_transcript = average_precision_by_group(labels, scores, [e.group for e in examples])
    mean_ap = sum(by_transcript.values()) / len(by_transcript) if by_transcript else None
    if fmt == "json":
        data: dict[str, Any] = dict(result.as_dict())
        if mean_ap is not None:
            data["map"] = mean_ap
            data["average_precision_by_transcript"] = by_transcript
        click.echo(json.dumps(data))
        return
    how = f"{folds}-fold cross-validation" if folds else f"classifier {state.settings.classifier!r}"
    how += ", sentence vectors" if vectors else ", no vectors"
    names = ", ".join(str(p) for p in paths)
    click.echo(f"{names}: {result.n} sentences, {result.positives} check-worthy ({how})")
    click.echo(f"threshold          {threshold:g}")
    click.echo(f"precision          {result.precision:.3f}")
    click.echo(f"recall             {result.recall:.3f}")
    click.echo(f"F1                 {result.f1:.3f}")
    click.echo(f"average precision  {result.average_precision:.3f}")
    if mean_ap is not None:
        for name, ap in by_transcript.items():
            click.echo(f"  {name:34} AP {ap:.3f}")
        click.echo(f"MAP ({len(by_transcript)} transcripts) {mean_ap:.3f}")


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
@FORMAT
@pass_ctx
def evaluate_matching(state: Context, pool: Path, queries: Path, qrels: Path, fmt: str) -> None:
    """MAP@1, MAP@5, MRR and Recall@5 of matching queries against a pool of checked claims
    (the CLEF CheckThat! 2020 Task 2 formats), ranked as `workbench match` ranks. The pool
    is encoded first (a few minutes for 10,000 claims) unless the encoder setting is ""."""
    from workbench.datafiles import DataError
    from workbench.match import evaluate_matching
    from workbench.semantic import EncoderError

    bar = None
    if sys.stderr.isatty() and state.encoder is not None:
        bar = click.progressbar(length=1, label="Encoding the pool", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)

    try:
        result = evaluate_matching(pool, queries, qrels, encoder=state.encoder,
                                   progress=progress)  # fmt: skip
    except (DataError, EncoderError) as exc:
        fail(str(exc))
    if bar is not None:
        bar.render_finish()
    if fmt == "json":
        click.echo(json.dumps(result.as_dict()))
        return
    click.echo(f"{queries}: {result.n} queries with gold matches")
    for name, value in result.as_dict().items():
        if name != "n":
            click.echo(f"{name:12} {value:.3f}")


@evaluate.command("attribution")
@click.argument("gold", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False),
              help="Read the claims of this database (default: the configured one).")  # fmt: skip
@click.option("--half", type=click.Choice(["tuning", "reporting"]),
              help="Only every other article of the gold file, in file-name order.")  # fmt: skip
@click.option("--misses", is_flag=True, help="List each gold claim not right, and why.")
@FORMAT
@pass_ctx
def evaluate_attribution(state: Context, gold: Path, paths: tuple[Path, ...], db: Path | None,
                         half: str | None, misses: bool, fmt: str) -> None:  # fmt: skip
    """Speakers and stand-alone texts against a gold file (TSV: file, anchor, speakers
    separated by |, "-" for the outlet's own voice), for the documents in the database
    or for the files and folders PATHS (extracted on the spot; nothing is stored)."""
    from workbench.datafiles import DataError
    from workbench.extract import Extractor, ModelNotFound, load_pipeline
    from workbench.extract.gold import read_gold
    from workbench.services.attribution import evaluate, from_files, from_store
    from workbench.store import Store

    try:
        rows = read_gold(gold)
        nlp = load_pipeline(state.settings.model, state.settings.classifier)
    except (DataError, ModelNotFound) as exc:
        fail(str(exc))
    if paths:
        sources = from_files(paths, Extractor(nlp))
    else:
        sources = from_store(Store.open(db, migrate=False) if db else state.store)
    report = evaluate(rows, sources, nlp, half)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{gold}: {len(report.articles)} articles")
    head = "gold found right wrong-person no-speaker standalone-broken"
    click.echo(f"{'article':18} {'half':9} {head}")
    for key, figures in report.articles.items():
        click.echo(f"{key[:16]:18} {report.halves[key]:9} {_counts(figures.as_dict())}")
    for name in sorted(set(report.halves[k] for k in report.articles)):
        click.echo(f"{'all ' + name:28} {_counts(report.total(name).as_dict())}")
    total = report.total().as_dict()
    click.echo(f"{'all':28} {_counts(total)}")
    click.echo(f"speaker right or rightly none {total['speaker_right_rate']:.1%}, "
               f"wrong person {total['wrong_person_rate']:.1%}, "
               f"stand-alone broken {total['standalone_broken_rate']:.1%}")  # fmt: skip
    for key in report.missing:
        click.echo(f"no document for {key}")
    if misses:
        for r in report.misses():
            c = r.claim
            who = f"{c.speaker!r} -> {c.speaker_canonical!r} ({c.speaker_how})" if c else "-"
            click.echo(f"{r.row.article[:8]} {r.outcome}: {r.row.anchor!r} gold "
                       f"{'|'.join(r.row.speakers) or '-'} got {who}")  # fmt: skip
            if r.standalone and c:
                click.echo(f"    {'; '.join(r.standalone)}: {c.normalized!r}")


def _counts(d: dict[str, int | float]) -> str:
    return (f"{d['gold']:4} {d['found']:5} {d['speaker_right']:5} {d['wrong_person']:12} "
            f"{d['no_speaker']:10} {d['standalone_broken']:17}")  # fmt: skip


@click.group()
def train() -> None:
    """Train the models the extraction uses."""


@train.command("checkworthiness")
@_PATHS
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, file_okay=False), required=True,
    help="Folder to write the model to; point the `classifier` setting at it.",
)  # fmt: skip
@click.option("--epochs", type=click.IntRange(1), default=4, show_default=True)
@click.option("--dropout", type=click.FloatRange(0, 0.9), default=0.3, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@_VECTORS
@_COLUMN
@pass_ctx
def train_checkworthiness(state: Context, paths: tuple[Path, ...], output: Path, epochs: int,
                          dropout: float, seed: int, vectors: bool,
                          column: str | None) -> None:  # fmt: skip
    """Train a check-worthiness classifier on labelled sentences and transcripts (the
    formats of `evaluate checkworthiness`): a bag-of-words classifier on the sentences
    and, with --vectors, a linear head over sentence vectors and the other signals
    trained on everything."""
    from workbench.datafiles import DataError
    from workbench.extract import ModelNotFound, load_pipeline
    from workbench.extract.evaluation import labelled, read_paths
    from workbench.extract.training import train_model

    try:
        examples = read_paths(paths, column)
        nlp = load_pipeline(state.settings.model, "")
    except (DataError, ModelNotFound) as exc:
        fail(str(exc))
    labels = [e.label for e in examples]
    if len(set(labels)) < 2:
        fail(f"{', '.join(map(str, paths))}: needs both check-worthy (1) and other (0) sentences")
    data = labelled(nlp, examples)
    encoder = _encoder(vectors)
    matrix = encoder.encode([e.text for e in examples]) if encoder is not None else None
    model = train_model(data, matrix, epochs=epochs, dropout=dropout, seed=seed)
    try:
        model.to_disk(output)
    except OSError as exc:
        fail(f"{output}: cannot write the model: {exc}")
    transcripts = len({e.group for e in examples if e.group})
    click.echo(f"{output}: trained on {len(examples)} sentences ({sum(labels)} check-worthy"
               f"{f', {transcripts} transcripts' if transcripts else ''})"
               f"{', with sentence vectors' if matrix is not None else ''}")  # fmt: skip
