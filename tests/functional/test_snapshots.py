"""Snapshots of the main screen, the document view and the help screen, small and large.

The database is the fixture database (``tests/fixtures/fixture_db.py``): fixed values,
no NLP, so that a change to extraction does not redraw every snapshot.

Regenerate with `make test ARGS="--snapshot-update tests/functional/test_snapshots.py"`
and look at every changed SVG before committing it.
"""

from __future__ import annotations

import pytest

from tests.fixtures.fixture_db import build
from tests.functional.test_tui import app_for, ready, wait_for
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.screens.help import HelpScreen

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def seeded_here(tmp_path, monkeypatch):
    build(tmp_path / "workbench.db")
    # A relative database path, so that the header is the same on every machine.
    monkeypatch.chdir(tmp_path)
    return "workbench.db"


def _app(db):
    return app_for(db, reviewer="ann")


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, seeded_here, size):
    app = _app(seeded_here)

    async def settle(pilot):
        await wait_for(pilot, lambda: ready(app))
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_document_view(snap_compare, seeded_here, size):
    app = _app(seeded_here)

    async def open_document(pilot):
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("j", "d")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=open_document)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, seeded_here, size):
    app = _app(seeded_here)

    async def open_help(pilot):
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=open_help)


@pytest.mark.parametrize("size", SIZES)
def test_agreement_screen(snap_compare, seeded_here, size):
    from workbench.tui.screens.team import AgreementScreen

    app = _app(seeded_here)

    async def open_agreement(pilot):
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("A")

        def shown():
            screen = app.screen
            return isinstance(screen, AgreementScreen) and "alpha" in str(
                screen.query_one("#agreement-text").render()
            )

        await wait_for(pilot, shown)
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=open_agreement)


@pytest.mark.parametrize("size", SIZES)
def test_adjudication_screen(snap_compare, seeded_here, size):
    from workbench.tui.screens.team import AdjudicationScreen

    app = _app(seeded_here)

    async def open_adjudication(pilot):
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, AdjudicationScreen)
                       and app.screen.conflicts)  # fmt: skip
        await pilot.press("l")  # bob's side chosen
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=open_adjudication)
