"""The review session without a user interface: claim source, paragraphs, write outcomes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

import workbench.review.source as source_module
from tests.fixtures.fixture_db import build
from workbench.config import load_settings
from workbench.extract.paragraphs import paragraphs
from workbench.review.context import layout, neighbours
from workbench.review.session import ReviewSession
from workbench.review.source import ClaimSource
from workbench.store import ClaimFilter, Store
from workbench.store.reviews import ReviewLog


def test_the_review_package_does_not_import_textual():
    code = (
        "import sys\n"
        "import workbench.review.session, workbench.review.source, workbench.review.context\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.fixture
def fixture_store(tmp_path):
    store = Store.open(build(tmp_path / "fixture.db"))
    yield store
    store.close()


def test_the_source_pages_by_keyset_in_every_sort(fixture_store, monkeypatch):
    monkeypatch.setattr(source_module, "BLOCK", 2)  # 9 claims: five blocks
    source = ClaimSource("ann")
    source.set_filter(ClaimFilter(reviewer="ann"), show_hidden=True)
    for sort in ("doc", "score", "newest"):
        source.sort = sort
        expected = [r.id for r in fixture_store.pages.page(ClaimFilter(), sort, limit=100)]
        # Keep the sixth claim (block 2), then: before a loaded block, the last block read
        # from the end, after a loaded block; keep the first, then a block with no loaded
        # neighbour (by the key at its start).
        for keep, cursor, blocks in ((5, 5, (1, 4, 3, 0)), (0, 0, (3, 2, 1, 4))):
            page = source.open(expected[keep])(fixture_store)
            assert (page.block, page.cursor) == (cursor // 2, cursor)
            assert source.opened(page)
            assert source.counted(source.count()(fixture_store)) and source.total == 9
            for block in blocks:
                job = source.request(block)
                assert job is not None and source.request(block) is None  # asked once
                assert source.add(job(fixture_store))
            assert [source.row(i).id for i in range(9)] == expected, (sort, keep)
            assert source.row(9) is None and source.request(5) is None


def test_a_page_of_an_older_generation_is_dropped(fixture_store):
    source = ClaimSource("ann", hide_below=0.3)
    old = source.open(None)
    source.set_filter(ClaimFilter(reviewer="ann", status="reviewed"))
    new = source.open(None)
    assert not source.opened(old(fixture_store))
    assert source.opened(new(fixture_store))
    ann = {r.id for r in fixture_store.pages.page(ClaimFilter(reviewer="ann", status="reviewed"))}
    assert {source.row(i).id for i in range(source.total)} == ann
    # The threshold hides low scores until shown, or until the filter has its own minimum.
    assert source.effective_filter.min_score == 0.3 and source.hidden_below == 0.3
    source.set_filter(source.filter, show_hidden=True)
    assert source.effective_filter.min_score is None and source.hidden_below is None


def test_opening_starts_at_the_first_claim_not_reviewed_by_me(fixture_store):
    source = ClaimSource("ann")
    page = source.open(None)(fixture_store)
    rows = fixture_store.pages.page(ClaimFilter(), limit=100, viewer="ann")
    first = next(i for i, r in enumerate(rows) if r.label is None)
    assert page.cursor == first > 0


def test_a_failed_write_is_an_outcome_not_an_exception(fixture_store, monkeypatch):
    session = ReviewSession(load_settings(db=":memory:", reviewer="ann"))
    claim = fixture_store.pages.page(limit=1)[0].id

    def locked(self, event):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ReviewLog, "record", locked)
    outcome = session.verdict(claim, "false")(fixture_store)
    assert outcome.error == "OperationalError: database is locked"
    assert (outcome.claim_id, outcome.label, outcome.event) == (claim, "false", None)
    monkeypatch.undo()
    outcome = session.verdict(claim, "true")(fixture_store)
    assert outcome.error is None and outcome.event.label == "true"
    assert outcome.row.label == "true" and outcome.reviewed is not None


def test_layout_is_the_extractors_paragraphs_on_the_seeds(seed_copy):
    """The stored paragraph offsets and the text between them give back exactly the
    paragraphs the extraction split (blank-line and single-newline separated seeds)."""
    store = Store.open(seed_copy)
    try:
        for doc in store.claims.documents():
            text = store.claims.get_document(doc.id).text
            claims = store.claims.claims_of(doc.id)
            spans = layout(text, [(c.paragraph_start, c.paragraph_end) for c in claims])
            expected = [(p.start, p.end) for p in paragraphs(text)]
            if doc.source_path.startswith("seeds/001"):
                # One furniture paragraph without claims the extractor joined across a
                # line ending in a comma; between stored paragraphs every line is its own.
                assert len(spans) == len(expected) + 1
                continue
            assert spans == expected, doc.source_path
    finally:
        store.close()


def test_neighbours_from_stored_paragraphs_and_the_text_between():
    text = "Title\n\nFirst para\nwraps here.\n\nHeading\n\nSecond para\nwraps too.\n\nTail"
    first = (text.index("First"), text.index("here.") + 5)
    second = (text.index("Second"), text.index("too.") + 4)
    # Stored paragraphs run over lines: the text between them is cut at blank lines.
    assert neighbours(text, first, [second]) == ("Title", "Heading")
    assert neighbours(text, second, [first]) == ("Heading", "Tail")
    # One-line paragraphs: every line between them is a paragraph.
    text = "A title\nA byline\nThe claim.\nThe next one.\nThe end"
    claim = (text.index("The claim"), text.index("claim.") + 6)
    assert neighbours(text, claim, []) == ("A byline", "The next one.")
    assert neighbours("Only one.", (0, 9), []) == ("", "")
