"""Hostile text in the TUI: titles with markup in the filter dialog, bidi controls before a
claim, paths with spaces, a long list of skipped files, evidence that is not a URL."""

from __future__ import annotations

from textual.widgets import OptionList, Select, Static

from tests.functional.test_tui import app_for, ready, status, wait_for
from tests.helpers import make_claim, make_document
from workbench.store import Store
from workbench.tui.screens.forms import EvidenceForm, FilterForm, Form, ReportScreen

TITLES = ["[/]", "[@click=app.quit]quit[/]", "Senator Smith [R-TX] said"]


def _database(tmp_path):
    db = tmp_path / "titles.db"
    store = Store.open(db)
    for i, title in enumerate(TITLES):
        doc = make_document(f"Officials said {40 + i} people were hurt in Paris on Monday.",
                            title=title)  # fmt: skip
        store.claims.add_document(doc, [make_claim(doc)])
    store.close()
    return db


async def test_document_titles_in_the_filter_dialog_are_literal(tmp_path):
    app = app_for(_database(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FilterForm))
        select = app.screen.query_one("#document", Select)
        select.focus()
        await pilot.press("enter")  # opens the option list
        await pilot.pause()
        options = app.screen.query_one("#document", Select).query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert set(TITLES) <= set(prompts)
        await pilot.click(options, offset=(2, 1 + prompts.index(TITLES[1])))
        await pilot.pause()
        assert app.is_running  # the click chose the title; it did not run app.quit
        await pilot.press("escape")
    assert app.return_code in (None, 0)


async def test_bidi_controls_before_a_claim_do_not_shift_its_highlight(tmp_path):
    text = "\u202e" * 10 + " Intro words here. Officials said 40 people were hurt on Monday."
    doc = make_document(text)
    start = text.index("Officials")
    db = tmp_path / "bidi.db"
    store = Store.open(db)
    store.claims.add_document(doc, [make_claim(doc, start, len(text))])
    store.close()
    app = app_for(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        context = app.screen.query_one("#claim-context", Static).render()
        spans = [s for s in context.spans if "reverse=True" in repr(s.style)]
        highlighted = [context.plain[s.start : s.end] for s in spans]
        assert highlighted == [text[start:]]


async def test_tui_ingest_takes_quoted_paths_and_lists_skipped_files(
    seed_copy, tmp_path, extractor, monkeypatch
):
    import workbench.extract as extract

    monkeypatch.setattr(extract, "load_pipeline", lambda *args: extractor.nlp)
    folder = tmp_path / "my articles"
    folder.mkdir()
    (folder / "a story.txt").write_text(
        "Report\n\nThe ministry said 7 ships were seized in the Black Sea on Monday.\n"
    )
    for i in range(12):
        (folder / f"bad {i:02}.txt").write_bytes(b"\x00\x01")
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, Form))
        await pilot.press(*f'"{folder}"', "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), timeout=60)
        assert "1 document added" in status(app)
        report = str(app.screen.query_one("#report-lines", Static).render())
        assert all(f"bad {i:02}.txt: binary file" in report for i in range(12))
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportScreen)


async def test_evidence_that_is_not_a_url_is_refused(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EvidenceForm))
        await pilot.press(*"not a url", "tab", *"a quote", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EvidenceForm)
        assert "is not a web address" in str(app.screen.query_one("#error").render())


async def test_a_database_on_read_only_media_opens_for_review(seed_copy, tmp_path):
    import shutil
    import subprocess

    import pytest

    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "workbench.db"
    shutil.copy(seed_copy, db)
    # Root writes through file modes: read-only media are the immutable attribute here.
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(db), str(folder)], capture_output=True).returncode
    ):
        pytest.skip("chattr +i is not available here to make read-only media")
    try:
        app = app_for(db)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: ready(app))
            await pilot.press("2")
            await wait_for(pilot, lambda: "Not saved" in status(app))
            assert "readonly" in status(app) or "read-only" in status(app)
    finally:
        subprocess.run(["chattr", "-i", str(db), str(folder)], check=True)
