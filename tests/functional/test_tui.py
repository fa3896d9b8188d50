"""The review TUI driven by Textual's Pilot, checking SQLite after every key."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.helpers import make_claim, make_document
from workbench.config import load_settings
from workbench.store import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


def app_for(db, reviewer="ann") -> WorkbenchApp:
    return WorkbenchApp(load_settings(db=db, reviewer=reviewer))


def verdicts(db):
    store = Store.open(db)
    try:
        return {
            (v.claim_id, v.reviewer): v.label
            for row in store.page(limit=1000)
            for v in store.verdicts(row.id)
        }
    finally:
        store.close()


def ready(app):
    claims = app.screen.query_one(ClaimList)
    pane = app.screen.query_one(ClaimPane)
    return claims.total > 0 and claims.row(0) is not None and pane.detail is not None


def status(app) -> str:
    return str(app.screen.query_one("#status").render())


@pytest.mark.asyncio
async def test_verdict_key_saves_and_moves_on(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = app.screen.query_one(ClaimList)
        first = claims.row(0)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Saved mostly-true" in status(app))
        assert verdicts(seed_copy) == {(first.id, "ann"): "mostly-true"}
        assert claims.cursor == 1
        assert claims.row(0).label == "mostly-true"
        assert "reviewed 1 of" in str(app.screen.query_one("#header").render())

        await pilot.press("5")  # second claim: false
        await wait_for(pilot, lambda: len(verdicts(seed_copy)) == 2)
        await pilot.press("z")  # undo the "false"
        await wait_for(pilot, lambda: "Undo false" in status(app))
        assert verdicts(seed_copy) == {(first.id, "ann"): "mostly-true"}
        assert claims.cursor == 1  # back on the claim that changed
        await pilot.press("Z")
        await wait_for(pilot, lambda: len(verdicts(seed_copy)) == 2)
        await pilot.press("q")
    store = Store.open(seed_copy)
    kinds = [e.kind for row in store.page(limit=2) for e in store.history(row.id)]
    assert sorted(kinds) == ["redo", "undo", "verdict", "verdict"]


VERDICT_KEYS = [
    ("1", "true"), ("3", "misleading"), ("4", "mostly-false"),
    ("u", "unverifiable"), ("o", "opinion"), ("x", "not-check-worthy"),
]  # fmt: skip


@pytest.mark.asyncio
@pytest.mark.parametrize(("key", "label"), VERDICT_KEYS)
async def test_every_verdict_key(seed_copy, key, label):
    app = app_for(seed_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press(key)
        await wait_for(pilot, lambda: bool(verdicts(seed_copy)))
        assert list(verdicts(seed_copy).values()) == [label]


@pytest.mark.asyncio
async def test_navigation_filter_and_sort(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = app.screen.query_one(ClaimList)
        total = claims.total
        await pilot.press("j", "j", "k")
        assert claims.cursor == 1
        await pilot.press("end")
        assert claims.cursor == total - 1
        await wait_for(pilot, lambda: claims.row(total - 1) is not None)
        await pilot.press("home")
        await pilot.press("1")
        await wait_for(pilot, lambda: bool(verdicts(seed_copy)))
        await pilot.press("f")  # unreviewed
        await wait_for(pilot, lambda: claims.total == total - 1)
        assert "unreviewed" in str(app.screen.query_one("#header").render())
        await pilot.press("f")  # reviewed
        await wait_for(pilot, lambda: claims.total == 1)
        await pilot.press("f", "s")  # all, sorted by score
        await wait_for(pilot, lambda: claims.total == total and claims.row(0) is not None)
        scores = [claims.row(i).score for i in range(5)]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.asyncio
async def test_pane_shows_context_source_and_history(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("2", "k")
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.detail and pane.detail.history)
        source = str(app.screen.query_one("#claim-source").render())
        assert "Title" in source and "seeds" in source and "Score" in source
        history = str(app.screen.query_one("#claim-history").render())
        assert "ann" in history and "mostly-true" in history


@pytest.mark.asyncio
async def test_untrusted_text_is_shown_literally(tmp_path):
    nasty = (
        "[@click=app.quit]x[/] said [red]the budget[/red] grew by 5 percent. \x1b[2J "
        + "A" * 10_000
    )
    db = tmp_path / "nasty.db"
    store = Store.open(db)
    doc = make_document(nasty.replace("\x1b", "\u241b"), title="[bold]Title[/bold]")
    store.add_document(doc, [make_claim(doc, 0, 60)])
    store.close()
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        text = str(app.screen.query_one("#claim-text").render())
        assert "[@click=app.quit]x[/]" in text and "[red]" in text
        assert "[bold]Title[/bold]" in str(app.screen.query_one("#claim-source").render())
        await pilot.click("#claim-text")
        await pilot.press("1")
        await wait_for(pilot, lambda: bool(verdicts(db)))
        assert app.is_running


def test_literal_makes_controls_visible():
    from workbench.tui.text import literal

    assert literal("a\x1b[2Jb\x07") == "a\u241b[2Jb\u2407"
    assert literal("abc\u202edef") == "abcdef"


@pytest.mark.asyncio
async def test_empty_database_opens(tmp_path):
    app = app_for(tmp_path / "empty.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("2", "z")
        await wait_for(pilot, lambda: "Nothing to undo" in status(app))
        assert app.is_running
    await asyncio.sleep(0)


async def test_reopening_starts_at_the_first_unreviewed_claim(seed_copy):
    store = Store.open(seed_copy)
    rows = store.page(limit=3)
    store.set_verdict(rows[0].id, "ann", "true")
    store.set_verdict(rows[1].id, "ann", "true")
    store.set_verdict(rows[2].id, "bob", "true")  # someone else's verdict does not count
    store.close()
    app = app_for(seed_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = app.screen.query_one(ClaimList)
        await wait_for(pilot, lambda: claims.cursor == 2)
        await wait_for(pilot, lambda: app.screen.query_one(ClaimPane).detail.claim.id == rows[2].id)
