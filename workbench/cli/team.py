"""`workbench assign`, `workbench agree` and `workbench adjudicate`: review as a team."""

from __future__ import annotations

import json

import click

from workbench.cli.app import FORMAT, Context, fail, pass_ctx
from workbench.tui.text import literal, one_line


def _document(state: Context, prefix: str | None) -> str | None:
    if not prefix:
        return None
    found = [d.id for d in state.store.claims.documents() if d.id.startswith(prefix)]
    if len(found) != 1:
        fail(f"document {prefix!r}: {'no such document' if not found else 'ambiguous'}")
    return found[0]


def _show(line: str) -> str:
    """A line of a table, literal (names come from whoever typed them), on one line."""
    return literal(line).replace("\n", " ").replace("\t", " ")


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


@click.command()
@click.option("--reviewers", required=True, help="Comma-separated names: ann,bob,cy.")
@click.option("--overlap", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="Share of the claims given to two reviewers, for agreement.")  # fmt: skip
@click.option("--document", "doc_id", help="Only this document's claims (id or id prefix).")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only claims scoring at least this.")
@pass_ctx
def assign(state: Context, reviewers: str, overlap: float, doc_id: str | None,
           min_score: float | None) -> None:  # fmt: skip
    """Split claims into review queues, a share of them to two reviewers.

    Deterministic and re-runnable: the same claims are doubled every time, and a claim
    a reviewer has reviewed stays in their queue."""
    from workbench.review.assign import assign as run
    from workbench.store import ClaimFilter

    names = list(dict.fromkeys(_names(reviewers)))
    if not names:
        fail("--reviewers: give at least one name")
    filt = ClaimFilter(doc_id=_document(state, doc_id), min_score=min_score)
    report = run(state.store, names, overlap, filt)
    for line in report.lines():
        click.echo(_show(line))


@click.command()
@click.option("--by", "by", help="Only these reviewers (comma-separated).")
@click.option("--document", "doc_id", help="Only this document (id or id prefix).")
@click.option("--since", help="Only verdicts given on or after this date (YYYY-MM-DD).")
@FORMAT
@pass_ctx
def agree(state: Context, by: str | None, doc_id: str | None, since: str | None,
          fmt: str) -> None:  # fmt: skip
    """How far reviewers agree: Krippendorff's alpha, Cohen's kappa per pair, confusion
    matrices, per-label and per-document agreement, and reviewer statistics."""
    from workbench.review.agreement import lines, report

    result = report(state.store, state.settings, _names(by), _document(state, doc_id), since)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    titles = {d.id: d.title or d.source_path or d.id[:12] for d in state.store.claims.documents()}
    for line in lines(result, titles):
        click.echo(_show(line))


@click.command()
@click.argument("claim_id", required=False)
@click.option("--take", "take_from", help="Make this reviewer's verdict the final one.")
@click.option("--label", help="Give this final verdict instead (a label of the scale).")
@click.option("--unsettled", is_flag=True, help="List only disagreements with no final verdict.")
@pass_ctx
def adjudicate(state: Context, claim_id: str | None, take_from: str | None, label: str | None,
               unsettled: bool) -> None:  # fmt: skip
    """List the claims whose reviewers disagree, or settle one with a final verdict
    (recorded as a `final` event under your name)."""
    from workbench.review import adjudication

    store = state.store
    if claim_id is None:
        found = adjudication.conflicts(store, unsettled_only=unsettled)
        for c in found:
            sides = "  ".join(f"{one_line(s.reviewer)}: {s.label}" for s in c.sides)
            final = ""
            if c.final:
                final = f"  → final {c.final.label} ({one_line(c.final.adjudicator)})"
            click.echo(f"{c.claim_id[:10]}  {sides}{final}")
            click.echo(f"            {one_line(c.text)}")
        click.echo(f"{len(found)} disagreement{'s' if len(found) != 1 else ''}", err=True)
        return
    if (take_from is None) == (label is None):
        fail("give --take REVIEWER or --label LABEL")
    if label is not None and state.settings.label_named(label) is None:
        fail(f"unknown label {label!r}")
    ids = store.claims.claim_ids_starting(claim_id, limit=2)
    if len(ids) != 1:
        fail(f"claim {claim_id!r}: {'no such claim' if not ids else 'prefix is ambiguous'}")
    me = state.settings.reviewer
    job = (adjudication.take(ids[0], me, take_from) if take_from is not None
           else adjudication.rule(ids[0], me, label or ""))  # fmt: skip
    try:
        event = job(store)
    except ValueError as exc:
        fail(str(exc))
    click.echo(f"final {event.label} for {ids[0][:10]} by {one_line(me)}"
               + (f" (taken from {one_line(take_from)})" if take_from else ""))  # fmt: skip
