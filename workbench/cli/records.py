"""`workbench stats` and `workbench history`: what the database holds."""

from __future__ import annotations

import json

import click

from workbench.cli.app import Context, fail, pass_ctx
from workbench.terminal import one_line


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.option("--mine", is_flag=True, help="Count only your own verdicts.")
@pass_ctx
def stats(state: Context, fmt: str, mine: bool) -> None:
    """Documents, claims, reviewed claims and the count per label."""
    s = state.existing_store().stats(state.settings.reviewer if mine else None)
    team = len(s.reviewers) > 1 and not mine
    if team:
        from workbench.review.agreement import report

        agreement = report(state.store, state.settings)
    if fmt == "json":
        # The headline figures of `workbench agree` (its --format json has the rest);
        # null when fewer than two reviewers could disagree.
        head = ("alpha_nominal", "alpha_ordinal", "n_items", "agreement")
        summary = {k: agreement.as_json()[k] for k in head} if team else None
        click.echo(json.dumps({**s.__dict__, "agreement": summary}, indent=2))
        return
    click.echo(f"database   {state.settings.db}")
    click.echo(f"documents  {s.documents}")
    click.echo(f"claims     {s.claims}")
    click.echo(f"reviewed   {s.reviewed}" + (f" by {state.settings.reviewer}" if mine else ""))
    click.echo(f"events     {s.events}")
    order = [step.label for step in state.settings.scale]
    for label in order + sorted(set(s.per_label) - set(order)):
        if label in s.per_label:
            click.echo(f"  {one_line(label):<18} {s.per_label[label]}")
    if s.reviewers and not mine:
        click.echo(
            "reviewers  " + ", ".join(f"{one_line(r)} ({n})" for r, n in s.reviewers.items())
        )
    if team:
        click.echo("agreement  " + agreement.summary())


@click.command()
@click.argument("claim_id")
@pass_ctx
def history(state: Context, claim_id: str) -> None:
    """Every event recorded for a claim (its id, or a unique prefix of it)."""
    matches = state.existing_store().claims.claim_ids_starting(claim_id, limit=2)
    if len(matches) != 1:
        fail(f"claim {claim_id!r}: {'no such claim' if not matches else 'prefix is ambiguous'}")
    claim = state.store.claims.get_claim(matches[0])
    click.echo(f"{claim.id}  {one_line(claim.normalized)}")
    for event in state.store.reviews.history(claim.id):
        detail = event.label or json.dumps(event.body, ensure_ascii=False)
        click.echo(f"  #{event.id:<5} {event.at:%Y-%m-%d %H:%M:%S}  {one_line(event.reviewer):<12} "
                   f"{event.kind:<8} {one_line(detail)}")  # fmt: skip
