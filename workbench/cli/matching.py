"""`workbench import-checked`, `workbench match` and `workbench clusters`: never check a
claim twice."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from workbench.cli.app import FORMAT, Context, encode_missing, fail, pass_ctx
from workbench.terminal import count, one_line


@click.command("import-checked")
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
        click.echo(f"skipped {one_line(problem)}", err=True)
    encode_missing(state)
    matched = Matcher(state.store, state.settings.match_threshold, state.encoder).refresh()
    click.echo(f"{one_line(str(file))}: {count(report.added, 'checked claim')} added, "
               f"{report.known} already known, {len(report.problems)} skipped; "
               f"{count(matched, 'claim')} now {'has' if matched == 1 else 'have'} a previous "
               "verdict", err=True)  # fmt: skip
    sys.exit(1 if report.problems else 0)


@click.command("match")
@click.argument("text")
@click.option("-n", "--limit", type=click.IntRange(1), default=5, show_default=True)
@FORMAT
@pass_ctx
def match_cmd(state: Context, text: str, limit: int, fmt: str) -> None:
    """The claims checked before (imported, or reviewed here) that TEXT states again,
    best first, with their verdicts and their score (0-1: how likely it is the claim
    TEXT restates, from meaning and words; without an encoder, words alone)."""
    from workbench.match import Matcher

    store = state.existing_store(read_only=False)  # the matcher keeps its word counts
    encode_missing(state, ("memory",))
    matches = Matcher(store, state.settings.match_threshold, state.encoder).find(text, limit)
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
        click.echo(f"{m.score:.2f}  {one_line(label):<14} {one_line(m.text)}")
        click.echo(f"      {one_line(m.source)}")


@click.command("clusters")
@click.option("--min-size", type=click.IntRange(2), default=2, show_default=True)
@click.option("-n", "--limit", type=click.IntRange(1), help="Only the N largest clusters.")
@click.option("--rebuild", is_flag=True, help="Cluster every claim again (after changing "
              "cluster_threshold).")  # fmt: skip
@FORMAT
@pass_ctx
def clusters_cmd(state: Context, min_size: int, limit: int | None, rebuild: bool,
                 fmt: str) -> None:  # fmt: skip
    """Claims that state the same thing, grouped across documents, largest first."""
    from workbench.match import cluster

    store = state.existing_store(read_only=False)
    if rebuild:
        encode_missing(state, ("claims",))
        store.clusters.reset()
        settings = state.settings
        report = cluster(store, settings.cluster_threshold, processes=os.cpu_count() or 1,
                         encoder=state.encoder, cosine=settings.cluster_cosine)  # fmt: skip
        click.echo(f"{report.joined} of {count(report.claims, 'claim')} in "
                   f"{count(report.clusters, 'cluster')}",
                   err=True)  # fmt: skip
    found = list(store.clusters.listing(min_size, limit))
    if fmt == "json":
        click.echo(json.dumps([{"cluster_id": cid, "members": [asdict(m) for m in members]}
                               for cid, members in found],
                              ensure_ascii=False))  # fmt: skip
        return
    for cid, members in found:
        click.echo(f"{cid[:12]}  {count(len(members), 'claim')}")
        for m in members:
            who = f"{one_line(m.speaker)}: " if m.speaker else ""
            click.echo(f"  {m.id[:8]}  {who}{one_line(m.text)}")
            click.echo(f"            {one_line(m.title)} ({one_line(m.source_path)})")


@click.command("vectors")
@pass_ctx
def vectors_cmd(state: Context) -> None:
    """Encode every claim and checked claim that has no sentence vector of the configured
    model: a database from before vectors, claims edited since, or all of them after
    the `encoder` setting changed (vectors of two models are never mixed)."""
    if state.encoder is None:
        fail('the encoder setting is "": matching uses words alone, nothing to encode')
    done = encode_missing(state)
    click.echo(f"{done} encoded with {state.encoder.model_id}"
               + ("; run `workbench clusters --rebuild` to cluster by meaning" if done else ""),
               err=True)  # fmt: skip
