"""A change that is not saved: the cursor stays on its claim and the error stays said."""

from __future__ import annotations

import sqlite3

from tests.functional.test_tui import app_for, labels, ready, status, the_list, wait_for
from workbench.store import ClaimFilter
from workbench.store.reviews import ReviewLog
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.widgets.claim_pane import ClaimPane


def _locked(store, event):
    raise sqlite3.OperationalError("database is locked")


async def test_a_failed_write_keeps_its_claim_and_says_so_until_a_key(seed_copy, monkeypatch):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        first = claims.row(0)
        monkeypatch.setattr(ReviewLog, "record", _locked)  # every write fails, as when busy
        await pilot.press("2")
        await wait_for(pilot, lambda: "Not saved" in status(app))
        assert claims.cursor == 0  # on the claim that was not saved, not the next one
        assert labels(seed_copy) == {}
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.detail.claim.id == first.id)
        # The error stays while the pane, the list and the count go on.
        await pilot.pause(0.5)
        said = "Not saved, try again: verdict mostly-true · OperationalError: database is locked"
        assert said in status(app)
        assert app.screen.query_one("#status").has_class("error")
        # A key acknowledges it; once the store can write again, the same key saves.
        monkeypatch.undo()
        await pilot.press("2")
        await wait_for(pilot, lambda: "Saved mostly-true" in status(app))
        assert labels(seed_copy) == {(first.id, "ann"): "mostly-true"}
        assert not app.screen.query_one("#status").has_class("error")


async def test_a_failed_write_in_the_document_view(seed_copy, monkeypatch):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentScreen))
        doc = app.screen
        monkeypatch.setattr(ReviewLog, "record", _locked)
        await pilot.press("4")
        doc_status = doc.query_one("#doc-status")
        await wait_for(pilot, lambda: "Not saved" in str(doc_status.render()))
        assert doc.index == 0 and the_list(app).cursor == 0
        await pilot.press("j")  # a key acknowledges it: moving shows the claim again
        assert doc.index == 1 and "claim 2 of" in str(doc_status.render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, DocumentScreen))
        assert "Not saved" in status(app)  # the review screen says it too, until a key
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen.query_one("#status").held is None)


def test_describe_filter():
    from workbench.tui.widgets.header import describe_filter

    assert describe_filter(ClaimFilter()) == "all claims"
    filt = ClaimFilter(status="reviewed", reviewer="ann", labels=("false",), doc_id="abcdef0123",
                       speaker="Lavrov", query="cluster", min_score=0.5, previous=True)  # fmt: skip
    assert describe_filter(filt) == (
        "checked before · reviewed by me · label false · doc abcdef01 · speaker ~ Lavrov · "
        "“cluster” · score ≥ 0.5"
    )
    assert describe_filter(ClaimFilter(status="conflicts", reviewer="ann")) == "conflicts"
