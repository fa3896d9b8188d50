"""`workbench evaluate` (checkworthiness, matching) and `workbench train` (checkworthiness)."""

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
