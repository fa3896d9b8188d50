"""The review TUI driven by Textual's Pilot, checking SQLite after every key."""

from __future__ import annotations

import time

import pytest
from textual.css.query import NoMatches

from tests.helpers import import_reviews, make_claim, make_document
from workbench.config import SettingsError, load_settings
from workbench.store import ClaimFilter, Store
from workbench.tui.app import WorkbenchApp, binding_ids
from workbench.tui.screens.document import DocumentScreen
from workbench.tui.screens.forms import FilterForm, Form
from workbench.tui.screens.help import HelpScreen
from workbench.tui.widgets.claim_list import ClaimList
from workbench.tui.widgets.claim_pane import ClaimPane


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)


def app_for(db, reviewer="ann", **settings) -> WorkbenchApp:
    return WorkbenchApp(load_settings(db=db, reviewer=reviewer, **settings))


def db_state(db):
    """Verdicts, notes and events as a separate connection sees them (i.e. committed)."""
    store = Store.open(db)
    try:
        verdicts = {}
        events = []
        for row in store.pages.page(ClaimFilter(), limit=10_000):
            for v in store.reviews.verdicts(row.id):
                verdicts[(v.claim_id, v.reviewer)] = (v.label, v.note)
            events += store.reviews.history(row.id)
        return verdicts, sorted(events, key=lambda e: e.id)
    finally:
        store.close()


def labels(db):
    return {key: label for key, (label, _) in db_state(db)[0].items()}


def the_list(app) -> ClaimList:
    return app.screen_stack[0].query_one(ClaimList)


def ready(app):
    try:
        claims = the_list(app)
        pane = app.screen_stack[0].query_one(ClaimPane)
    except NoMatches:  # not composed yet
        return False
    return claims.total > 0 and claims.row(claims.cursor) is not None and pane.detail is not None


def status(app) -> str:
    return str(app.screen_stack[0].query_one("#status").render())


def header(app) -> str:
    return str(app.screen_stack[0].query_one("#header").render())


async def test_verdict_key_saves_and_moves_on(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        first = claims.row(0)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Saved mostly-true" in status(app))
        # The flash comes after the commit: another connection already sees the row.
        assert labels(seed_copy) == {(first.id, "ann"): "mostly-true"}
        assert claims.cursor == 1
        assert claims.row(0).label == "mostly-true"
        assert "reviewed 1 of" in header(app)

        await pilot.press("5")  # second claim: false
        await wait_for(pilot, lambda: len(labels(seed_copy)) == 2)
        await pilot.press("z")  # undo the "false"
        await wait_for(pilot, lambda: "Undo false" in status(app))
        assert labels(seed_copy) == {(first.id, "ann"): "mostly-true"}
        assert claims.cursor == 1  # back on the claim that changed
        await pilot.press("Z")
        await wait_for(pilot, lambda: len(labels(seed_copy)) == 2)
        await pilot.press("q")
    kinds = [e.kind for e in db_state(seed_copy)[1]]
    assert kinds == ["verdict", "verdict", "undo", "redo"]


VERDICT_KEYS = [
    ("1", "true"), ("3", "misleading"), ("4", "mostly-false"),
    ("u", "unverifiable"), ("o", "opinion"), ("x", "not-check-worthy"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "label"), VERDICT_KEYS)
async def test_every_verdict_key(seed_copy, key, label):
    app = app_for(seed_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press(key)
        await wait_for(pilot, lambda: bool(labels(seed_copy)))
        assert list(labels(seed_copy).values()) == [label]


async def test_note_edit_and_evidence(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        row = the_list(app).row(0)
        await pilot.press("3", "k")  # a verdict, then back to the claim
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, Form))
        await pilot.press(*"Source is Interfax")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Saved note" in status(app))
        assert db_state(seed_copy)[0][(row.id, "ann")] == ("misleading", "Source is Interfax")

        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, Form))
        await pilot.press("ctrl+u")  # clear the field: Input's delete-to-start
        await pilot.press(*"Russia accused Britain of threatening European security.")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Saved edit" in status(app))
        store = Store.open(seed_copy)
        claim = store.claims.get_claim(row.id)
        assert claim.normalized == "Russia accused Britain of threatening European security."
        assert claim.text == row.text  # the verbatim span never changes
        store.close()

        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, Form))
        await pilot.press(*"https://example.org/transcript", "tab", *"call of 28 April")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Saved evidence" in status(app))
        events = db_state(seed_copy)[1]
        assert [e.kind for e in events] == ["verdict", "note", "edit", "evidence"]
        assert events[-1].body == {"url": "https://example.org/transcript",
                                   "quote": "call of 28 April"}  # fmt: skip
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: len(pane.detail.history) == 4)
        history = str(app.screen.query_one("#claim-history").render())
        assert "note: Source is Interfax" in history and "evidence: https://example.org" in history

        # Escape cancels a form and saves nothing.
        await pilot.press("n", "x", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, Form))
        assert len(db_state(seed_copy)[1]) == 4
        # Undo takes back the evidence, then the edit (restoring the extracted text).
        await pilot.press("z", "z")
        await wait_for(pilot, lambda: len(db_state(seed_copy)[1]) == 6)
        store = Store.open(seed_copy)
        assert store.claims.get_claim(row.id).normalized == row.normalized
        store.close()


async def test_navigation_keys(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        total = claims.total
        await pilot.press("j", "j", "down", "k")
        assert claims.cursor == 2
        await pilot.press("up")
        assert claims.cursor == 1
        await pilot.press("pagedown")
        assert claims.cursor > 10
        await pilot.press("pageup")
        assert claims.cursor == 1
        await pilot.press("end")
        assert claims.cursor == total - 1
        await pilot.press("home")
        assert claims.cursor == 0
        await pilot.press("G")
        assert claims.cursor == total - 1
        await pilot.press("g")
        assert claims.cursor == 0
        pane = app.screen.query_one(ClaimPane)
        await pilot.press("j")
        await wait_for(pilot, lambda: pane.detail.claim.id == claims.row(1).id)


async def test_search_as_you_type(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        total = claims.total
        store = Store.open(seed_copy)
        found = store.pages.count(ClaimFilter(query="cluster", min_score=app.settings.hide_below))
        store.close()
        assert found >= 2
        await pilot.press("slash", *"cluster")
        await wait_for(pilot, lambda: claims.total == found and claims.row(0) is not None)
        assert all("luster" in claims.row(i).text for i in range(found))
        assert "“cluster”" in header(app)
        assert labels(seed_copy) == {}  # typing never tags a claim
        await pilot.press("enter")  # back to the list, search kept
        await pilot.press("1")
        await wait_for(pilot, lambda: len(labels(seed_copy)) == 1)
        await pilot.press("escape")  # closes the search
        await wait_for(pilot, lambda: claims.total == total)


async def test_filter_form_composes_with_search(seed_copy):
    store = Store.open(seed_copy)
    rows = store.pages.page(limit=4)
    store.reviews.set_verdict(rows[0].id, "ann", "false")
    store.reviews.set_verdict(rows[1].id, "ann", "true")
    store.reviews.set_verdict(rows[1].id, "bob", "false")  # a conflict
    peskov = store.pages.count(ClaimFilter(speaker="peskov"))
    store.close()
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        screen = app.screen

        async def apply(filt, show_hidden=False):
            await pilot.press("f")
            await wait_for(pilot, lambda: isinstance(app.screen, FilterForm))
            app.screen.dismiss((filt, show_hidden))
            await wait_for(pilot, lambda: screen.filter == filt and screen.shown is not None)

        await apply(ClaimFilter(status="reviewed", reviewer="ann"))
        assert claims.total == 2 and "reviewed by me" in header(app)
        await apply(ClaimFilter(status="conflicts", reviewer="ann"))
        assert claims.total == 1
        await apply(ClaimFilter(labels=("false",), reviewer="ann"))
        assert claims.total == 1
        await apply(ClaimFilter(speaker="Peskov", reviewer="ann"), show_hidden=True)
        assert claims.total == peskov
        await apply(ClaimFilter(doc_id=rows[0].doc_id, min_score=0.6, reviewer="ann"))
        assert 0 < claims.total < 24
        await pilot.press("F")
        await wait_for(pilot, lambda: "all claims" in header(app) and screen.shown is not None)


async def test_filter_form_by_keyboard(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FilterForm))
        await pilot.press("tab", "tab", "tab", *"Lavrov", "tab", *"0.5", "enter")
        await wait_for(pilot, lambda: "speaker ~ Lavrov" in header(app))
        claims = the_list(app)
        await wait_for(pilot, lambda: claims.total >= 1 and claims.row(0) is not None)
        assert "Lavrov" in (claims.row(0).speaker or "")
        # A bad number is refused in the form, with a message.
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FilterForm))
        await pilot.press("tab", "tab", "tab", "tab", *"abc", "enter")
        assert isinstance(app.screen, FilterForm)
        assert "not a number" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")


async def test_hidden_low_scores_and_sort(seed_copy):
    app = app_for(seed_copy, hide_below=0.5)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        visible = claims.total
        store = Store.open(seed_copy)
        hidden = ClaimFilter(min_score=0.5, restated=False)  # and headlines the body restates
        assert visible == store.pages.count(hidden) < store.pages.count()
        store.close()
        assert "score ≥ 0.5" in header(app)
        await pilot.press("H")
        await wait_for(pilot, lambda: claims.total > visible)
        selected = claims.row(claims.cursor).id
        await pilot.press("s")  # sort by score: the selection stays
        await wait_for(pilot, lambda: "sort score" in header(app) and app.screen.shown)
        await wait_for(pilot, lambda: claims.row(claims.cursor) is not None)
        assert claims.row(claims.cursor).id == selected
        scores = [claims.row(i).score for i in range(10)]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("s")
        await wait_for(pilot, lambda: "sort newest" in header(app))
        await pilot.press("s")
        await wait_for(pilot, lambda: "sort doc" in header(app))


async def test_more_context_key(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("j", "j")
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.detail.claim.id == the_list(app).row(2).id)
        before = pane.detail.before
        assert before
        assert before not in str(app.screen.query_one("#claim-context").render())
        await pilot.press("c")
        assert before in str(app.screen.query_one("#claim-context").render())


async def test_document_view(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        second = claims.row(1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentScreen))
        doc = app.screen
        assert doc.claims[doc.index].id == claims.row(0).id
        await pilot.press("j")
        assert doc.claims[doc.index].id == second.id
        await pilot.press("4")  # tag from the document view
        await wait_for(pilot, lambda: labels(seed_copy) == {(second.id, "ann"): "mostly-false"})
        await wait_for(pilot, lambda: doc.rows[second.id].label == "mostly-false")
        assert doc.index == 2
        await pilot.press("k", "k")
        assert doc.index == 0
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, DocumentScreen))
        await wait_for(pilot, lambda: claims.row(1).label == "mostly-false")


async def test_help_lists_every_key_with_its_id(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        ids = {row[2] for row in app.screen.rows}
        assert {"undo", "redo", "note", "edit", "evidence", "search", "filter", "sort",
                "document", "quit", "[[scale]] key", "list.down"} <= ids  # fmt: skip
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_command_palette_lists_the_actions(seed_copy):
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Undo your last change", "Filter", "Document", "True", "Mostly-true"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Mostly-true")
        await command.callback()
        await wait_for(pilot, lambda: list(labels(seed_copy).values()) == ["mostly-true"])


async def test_keys_can_be_remapped_and_theme_set(seed_copy):
    app = app_for(seed_copy, keys={"undo": "ctrl+z"}, theme="nord")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        assert app.theme == "nord"
        await pilot.press("1")
        await wait_for(pilot, lambda: len(labels(seed_copy)) == 1)
        await pilot.press("z")  # no longer undo
        await pilot.pause(0.2)
        assert len(labels(seed_copy)) == 1
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: labels(seed_copy) == {})
        # The scale bar shows the keys as remapped.
        scale = str(app.screen.query_one("#scale").render())
        assert "^z  undo" in scale and " z  undo" not in scale


def test_bad_keymap_or_theme_is_one_line(seed_copy):
    with pytest.raises(SettingsError, match="unknown binding id 'undoo'"):
        app_for(seed_copy, keys={"undoo": "ctrl+z"})
    with pytest.raises(SettingsError, match="unknown theme 'neon'"):
        app_for(seed_copy, theme="neon")
    assert "verdict.true" not in binding_ids()  # verdict keys are remapped through the scale


async def test_ingest_from_the_tui_shows_progress(seed_copy, tmp_path, extractor, monkeypatch):
    import workbench.extract as extract

    monkeypatch.setattr(extract, "load_pipeline", lambda *args: extractor.nlp)
    folder = tmp_path / "new"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(
            f"Report {i}\n\nThe ministry said {i + 3} ships were seized in the Black Sea on "
            "Monday.\n"
        )
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    app = app_for(seed_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        before = the_list(app).total
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, Form))
        await pilot.press(*str(folder), "enter")
        await wait_for(pilot, lambda: "Ingest done" in status(app), timeout=60)
        assert "3 documents added" in status(app) and "bad.txt" in status(app)
        await wait_for(pilot, lambda: the_list(app).total == before + 3)


async def test_untrusted_text_is_shown_literally(tmp_path):
    nasty = (
        "[@click=app.quit]x[/] said [red]the budget[/red] grew by 5 percent. "
        "\u202eevil\u202c שלום עולם " + "A" * 10_000
    )
    db = tmp_path / "nasty.db"
    store = Store.open(db)
    doc = make_document(nasty + " \x1b[2J", title="[bold]Title[/bold]")
    store.claims.add_document(doc, [make_claim(doc, 0, 60)])
    store.close()
    app = app_for(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        text = str(app.screen.query_one("#claim-text").render())
        assert "[@click=app.quit]x[/]" in text and "[red]" in text
        assert "[bold]Title[/bold]" in str(app.screen.query_one("#claim-source").render())
        context = str(app.screen.query_one("#claim-context").render())
        assert "\x1b" not in context and "\u241b[2J" in context and "\u202e" not in context
        assert "שלום" in context
        await pilot.click("#claim-text")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await pilot.press("escape", "1")
        await wait_for(pilot, lambda: bool(labels(db)))
        assert app.is_running


def test_literal_makes_controls_visible():
    from workbench.tui.text import literal

    assert literal("a\x1b[2Jb\x07") == "a\u241b[2Jb\u2407"
    assert literal("abc\u202edef") == "abc\ufffddef"  # one for one: offsets hold


async def test_empty_database_opens(tmp_path):
    app = app_for(tmp_path / "empty.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("2", "d", "n", "z")
        await wait_for(pilot, lambda: "Nothing to undo" in status(app))
        assert app.is_running


async def test_reopening_starts_at_the_first_unreviewed_claim(seed_copy):
    store = Store.open(seed_copy)
    rows = store.pages.page(limit=3)
    store.reviews.set_verdict(rows[0].id, "ann", "true")
    store.reviews.set_verdict(rows[1].id, "ann", "true")
    store.reviews.set_verdict(rows[2].id, "bob", "true")  # someone else's verdict does not count
    store.close()
    app = app_for(seed_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        await wait_for(pilot, lambda: claims.cursor == 2)
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.detail.claim.id == rows[2].id)
        assert claims.row(2).state == "others"


async def test_previous_verdicts_apply_reject_and_filter(seed_copy, tmp_path):
    store, claim = import_reviews(seed_copy, tmp_path, [{
        "@type": "ClaimReview", "claimReviewed": "Cluster munitions are banned by more than "
        "100 countries", "author": {"name": "Example Check"}, "url": "https://c.example/1",
        "reviewRating": {"alternateName": "Mostly True"}}])  # fmt: skip
    assert store.matches.matches(claim), "the fact-check matches the seed claim"
    store.close()
    app = app_for(seed_copy)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        claims = the_list(app)
        await pilot.press("P")  # only claims checked before
        await wait_for(pilot, lambda: "checked before" in header(app)
                       and claims.index_of_loaded(claim) is not None)  # fmt: skip
        claims.cursor = claims.index_of_loaded(claim)
        pane = app.screen.query_one(ClaimPane)
        await wait_for(pilot, lambda: pane.detail is not None and pane.detail.claim.id == claim)
        related = str(app.screen.query_one("#claim-related").render())
        assert "Checked before" in related and "Mostly True" in related
        # The fact-check is the core of the longer seed sentence: the ranker is sure
        # (0.9993) but the pair alone (fused 0.696) is under APPLY_FLOOR, so `a` asks.
        assert "possible match" in related
        await pilot.press("a")
        await pilot.press("y")
        await wait_for(pilot, lambda: labels(seed_copy) == {(claim, "ann"): "mostly-true"})
        await pilot.press("z")
        await wait_for(pilot, lambda: labels(seed_copy) == {})
        await pilot.press("r")
        await wait_for(pilot, lambda: "not the same claim" in status(app))
        check = Store.open(seed_copy)
        kinds = [e.kind for e in check.reviews.history(claim)]
        assert kinds == ["verdict", "undo", "reject"]
        assert check.reviews.history(claim)[0].body["inherited_from"].startswith("checked:")
        assert check.matches.matches(claim) == []
        check.close()
        await wait_for(pilot, lambda: "not the same claim as" in str(
            app.screen.query_one("#claim-history").render()))  # fmt: skip
