"""Team review in the TUI, driven by Pilot: my queue, blind review, adjudication."""

from __future__ import annotations

import io
import json

from tests.fixtures.fixture_db import build
from tests.functional.test_tui import app_for, header, ready, status, the_list, wait_for
from workbench.config import load_settings
from workbench.export import ExportOptions, export
from workbench.review.assign import assign
from workbench.store import Store
from workbench.tui.screens.team import AdjudicationScreen, AgreementScreen
from workbench.tui.widgets.claim_pane import ClaimPane


def _team_db(tmp_path):
    db = build(tmp_path / "team.db")
    store = Store.open(db)
    assign(store, ["ann", "bob", "dee"], 0.5)
    store.close()
    return db


def _pane_text(app) -> str:
    pane = app.screen_stack[0].query_one(ClaimPane)
    return " ".join(str(s.render()) for s in pane.query("Static"))


async def test_the_queue_opens_blind_and_reveals_after_my_verdict(tmp_path):
    db = _team_db(tmp_path)
    store = Store.open(db)
    queue = store.team.progress("dee")
    store.close()
    app = app_for(db, reviewer="dee")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        await wait_for(pilot, lambda: f"queue 0/{queue.assigned}" in header(app))
        assert claims.total == queue.assigned
        # Nothing of the others shows on a claim dee has not judged: no ○ or ! marker,
        # no verdicts, and the pane says how many are hidden.
        rows = [claims.row(i) for i in range(claims.total)]
        assert all(r.other_labels == () for r in rows)
        assert app.screen.session.blind
        await wait_for(pilot, lambda: app.screen_stack[0].query_one(ClaimPane).detail)
        text = _pane_text(app)
        detail = app.screen_stack[0].query_one(ClaimPane).detail
        # Every fixture claim has verdicts by others, so something is always hidden.
        assert detail.hidden > 0
        assert "Blind review" in text and "Verdicts" not in text
        # Judge every claim of the queue; each reveals the others' verdicts.
        for _ in range(queue.assigned):
            await pilot.press("1")
            await pilot.pause(0.05)
        await wait_for(pilot, lambda: "queue done" in header(app))
        assert "Your queue is done" in status(app)
        await wait_for(pilot, lambda: all(claims.row(i) is not None for i in range(claims.total)))
        first = claims.row(0)
        assert first.label == "true"
        store = Store.open(db)
        others = [v for v in store.reviews.verdicts(first.id) if v.reviewer != "dee"]
        store.close()
        assert first.other_labels == tuple(v.label for v in others)
        claims.cursor = 0
        await wait_for(pilot, lambda: (d := app.screen_stack[0].query_one(ClaimPane).detail)
                       and d.claim.id == first.id and d.hidden == 0)  # fmt: skip
        if others:
            assert "Verdicts" in _pane_text(app)
        # m shows every claim.
        await pilot.press("m")
        # (8: the summit claim scores under hide_below.)
        await wait_for(pilot, lambda: "my queue" not in header(app) and claims.total == 8)


async def test_adjudication_takes_overrides_undoes_and_reaches_the_exports(tmp_path):
    db = build(tmp_path / "adj.db")
    app = app_for(db, reviewer="dee")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, AdjudicationScreen)
                       and app.screen.conflicts)  # fmt: skip
        screen = app.screen
        first = screen.conflicts[0]
        assert [s.reviewer for s in first.sides] == ["ann", "bob", "cy"]
        # Take bob's side.
        await pilot.press("l", "enter")
        await wait_for(pilot, lambda: screen.conflicts[0].final is not None)
        assert (screen.conflicts[0].final.label, screen.conflicts[0].final.taken_from) == (
            "mostly-true",
            "bob",
        )
        # Override with a verdict of the adjudicator's own, then undo that.
        await pilot.press("5")
        await wait_for(pilot, lambda: screen.conflicts[0].final.label == "false")
        assert screen.conflicts[0].final.taken_from is None
        await pilot.press("z")
        await wait_for(pilot, lambda: screen.conflicts[0].final.label == "mostly-true")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, AdjudicationScreen))
    settings = load_settings(db=db, reviewer="dee")
    store = Store.open(db)
    try:
        out = io.StringIO()
        export(store, "jsonl", out, settings, ExportOptions(final=True))
        records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
        final = records[first.claim_id]["final"]
        assert (final["label"], final["how"], final["by"]) == ("mostly-true", "final", "dee")
        kinds = [e["kind"] for e in records[first.claim_id]["events"]]
        assert kinds.count("final") == 2 and "undo" in kinds
        out = io.StringIO()
        export(store, "claimreview", out, settings, ExportOptions())
        reviews = json.loads(out.getvalue())
        mine = [r for r in reviews if r["url"].endswith(first.claim_id)]
        assert len(mine) == 1 and mine[0]["reviewRating"]["alternateName"] == "mostly-true"
    finally:
        store.close()


async def test_agreement_screen_shows_the_figures(tmp_path):
    db = build(tmp_path / "agree.db")
    app = app_for(db, reviewer="ann")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen))
        body = app.screen.query_one("#agreement-text")
        await wait_for(pilot, lambda: "alpha nominal" in str(body.render()))
        assert "0.200" in str(body.render()) and "ann · bob" in str(body.render())
