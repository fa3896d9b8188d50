import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import make_claim, make_document, raw, raw_db
from workbench.store import ClaimFilter, Store, StoreError, fts_query


def _seed(store: Store, n: int = 5):
    claims = []
    for i in range(n):
        doc = make_document(f"Claim number {i} says the minister spent {i * 10} million euros.")
        claim = make_claim(doc, score=round(0.1 + i * 0.17, 2) % 1)
        assert store.claims.add_document(doc, [claim])
        claims.append(claim)
    return claims


def test_schema_tables_and_pragmas(tmp_path):
    store = Store.open(tmp_path / "sub" / "w.db")
    names = set(raw_db(store).table_names())
    assert {"documents", "claims", "events", "verdicts", "claims_fts"} <= names
    assert raw(store).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw(store).execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert raw(store).execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    store.close()
    # Re-opening applies no migration twice.
    again = Store.open(tmp_path / "sub" / "w.db")
    from workbench.store.migrations import migrations

    rows = raw(again).execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert rows == len(migrations.applied(raw_db(again))) == len(migrations._migrations)  # noqa: SLF001
    assert migrations.pending(raw_db(again)) == []


def test_adding_the_same_document_twice_adds_nothing(store):
    doc = make_document()
    claim = make_claim(doc)
    assert store.claims.add_document(doc, [claim]) is True
    assert store.claims.add_document(doc, [claim]) is False
    assert store.stats().documents == 1 and store.stats().claims == 1


def test_round_trip_of_document_and_claim(store):
    doc = make_document(meta={"encoding": "utf-8"})
    claim = make_claim(doc, speaker="Officials", cue="said", reasons=["+ a number"])
    store.claims.add_document(doc, [claim])
    assert store.claims.get_document(doc.id).model_dump() == doc.model_dump()
    assert store.claims.get_claim(claim.id).model_dump() == claim.model_dump()


def test_verdict_is_one_event_and_one_current_row(store):
    [claim, *_] = _seed(store)
    event = store.reviews.set_verdict(claim.id, "ann", "true")
    assert event.id is not None
    store.reviews.set_verdict(claim.id, "ann", "false")
    store.reviews.set_verdict(claim.id, "bob", "true")
    assert [(v.reviewer, v.label) for v in store.reviews.verdicts(claim.id)] == [
        ("ann", "false"),
        ("bob", "true"),
    ]
    assert [e.kind for e in store.reviews.history(claim.id)] == ["verdict"] * 3


def test_verdict_on_unknown_claim_fails_and_writes_nothing(store):
    _seed(store)
    with pytest.raises(StoreError):
        store.reviews.set_verdict("nope", "ann", "true")
    assert store.reviews.event_count() == 0


def test_events_cannot_be_rewritten(store):
    [claim, *_] = _seed(store)
    store.reviews.set_verdict(claim.id, "ann", "true")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(store).execute("UPDATE events SET label = 'false'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw(store).execute("DELETE FROM events")


def test_undo_restores_the_previous_verdict_and_redo_puts_it_back(store):
    [claim, *_] = _seed(store)
    store.reviews.set_verdict(claim.id, "ann", "true")
    store.reviews.set_verdict(claim.id, "ann", "false")
    undo = store.reviews.undo("ann")
    assert undo.kind == "undo" and undo.body["label"] == "false"
    assert store.reviews.verdicts(claim.id)[0].label == "true"
    store.reviews.undo("ann")
    assert store.reviews.verdicts(claim.id) == []
    assert store.reviews.undo("ann") is None
    store.reviews.redo("ann")
    assert store.reviews.verdicts(claim.id)[0].label == "true"
    store.reviews.redo("ann")
    assert store.reviews.verdicts(claim.id)[0].label == "false"
    assert store.reviews.redo("ann") is None
    # Nothing was deleted: 2 verdicts, 2 undos, 2 redos.
    assert [e.kind for e in store.reviews.history(claim.id)] == ["verdict"] * 2 + ["undo"] * 2 + [
        "redo"
    ] * 2


def test_a_new_change_clears_redo(store):
    a, b, *_ = _seed(store)
    store.reviews.set_verdict(a.id, "ann", "true")
    store.reviews.undo("ann")
    store.reviews.set_verdict(b.id, "ann", "false")
    assert store.reviews.redo("ann") is None


def test_undo_only_touches_the_reviewers_own_changes(store):
    [claim, *_] = _seed(store)
    store.reviews.set_verdict(claim.id, "ann", "true")
    store.reviews.set_verdict(claim.id, "bob", "false")
    store.reviews.undo("ann")
    assert [(v.reviewer, v.label) for v in store.reviews.verdicts(claim.id)] == [("bob", "false")]


def test_notes_and_edits_are_undoable(store):
    [claim, *_] = _seed(store)
    original = claim.normalized
    store.reviews.set_verdict(claim.id, "ann", "misleading")
    store.reviews.add_note(claim.id, "ann", "figure is from 2019")
    assert store.reviews.verdicts(claim.id)[0].note == "figure is from 2019"
    store.reviews.edit_normalized(claim.id, "ann", "The minister spent 0 million euros.")
    assert store.claims.get_claim(claim.id).normalized == "The minister spent 0 million euros."
    assert store.claims.get_claim(claim.id).text == claim.text  # the verbatim span never changes
    store.reviews.undo("ann")
    assert store.claims.get_claim(claim.id).normalized == original
    store.reviews.undo("ann")
    assert store.reviews.verdicts(claim.id)[0].note is None
    store.reviews.add_evidence(claim.id, "ann", "https://example.org/report", "table 3")
    assert store.reviews.history(claim.id)[-1].body == {
        "url": "https://example.org/report",
        "quote": "table 3",
    }


def test_edit_is_searchable(store):
    [claim, *_] = _seed(store)
    store.reviews.edit_normalized(claim.id, "ann", "Zanzibar budget figures")
    assert store.pages.count(ClaimFilter(query="zanzibar")) == 1


def test_keyset_pages_cover_every_claim_once_in_order(store):
    _seed(store, 23)
    for sort in ("doc", "score", "newest"):
        seen, after = [], None
        while True:
            page = store.pages.page(ClaimFilter(), sort, after=after, limit=5)
            if not page:
                break
            seen += page
            after = page[-1].key(sort)
        assert len(seen) == 23 and len({r.id for r in seen}) == 23
        if sort == "score":
            assert [r.score for r in seen] == sorted((r.score for r in seen), reverse=True)
        # Paging from any row, forwards or backwards, gives the same rows.
        tail = store.pages.page(ClaimFilter(), sort, after=seen[-6].key(sort), limit=5)
        assert tail == seen[-5:]
        back = store.pages.page(ClaimFilter(), sort, before=seen[10].key(sort), limit=4)
        assert back == seen[6:10]
        assert store.pages.key_at(ClaimFilter(), sort, 7) == seen[7].key(sort)
        assert store.pages.index_of(ClaimFilter(), sort, seen[12].id) == 12


def test_filters(store):
    claims = _seed(store, 6)
    store.reviews.set_verdict(claims[0].id, "ann", "true")
    store.reviews.set_verdict(claims[1].id, "ann", "false")
    store.reviews.set_verdict(claims[2].id, "bob", "false")
    assert store.pages.count(ClaimFilter(status="unreviewed", reviewer="ann")) == 4
    assert store.pages.count(ClaimFilter(status="unreviewed")) == 3
    assert store.pages.count(ClaimFilter(status="reviewed", reviewer="ann")) == 2
    assert store.pages.count(ClaimFilter(labels=("false",))) == 2
    assert store.pages.count(ClaimFilter(labels=("false",), reviewer="ann")) == 1
    assert store.pages.count(ClaimFilter(doc_id=claims[3].doc_id)) == 1
    assert store.pages.count(ClaimFilter(query="number 4")) == 1
    assert store.pages.count(ClaimFilter(query="minist")) == 6  # prefix search
    assert store.pages.count(ClaimFilter(min_score=0.5)) == len(
        [c for c in claims if c.score >= 0.5]
    )
    assert (
        store.pages.index_of(ClaimFilter(status="unreviewed", reviewer="ann"), "doc", claims[0].id)
        is None
    )
    rows = store.pages.page(ClaimFilter(), viewer="ann", limit=10)
    assert [r.state for r in rows[:3]] == ["mine", "mine", "others"]


def test_conflict_state(store):
    [claim, *_] = _seed(store, 1)
    store.reviews.set_verdict(claim.id, "ann", "true")
    store.reviews.set_verdict(claim.id, "bob", "false")
    assert store.pages.claim_row(claim.id, "ann").state == "conflict"


@given(st.text(max_size=40))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_search_text_is_a_safe_query(store, text):
    _seed(store, 1) if store.stats().claims == 0 else None
    store.pages.count(ClaimFilter(query=text))  # never an FTS5 syntax error
    query = fts_query(text)
    assert query is None or query.count('"') % 2 == 0


@given(st.lists(st.sampled_from(["v:true", "v:false", "undo", "redo", "note"]), max_size=25))
@settings(max_examples=150, deadline=None)
def test_undo_redo_agree_with_a_simple_model(ops):
    """The verdict after any sequence of actions is what a plain undo/redo stack says."""
    store = Store.in_memory()
    [claim] = _seed(store, 1)
    done: list[str] = []  # labels of verdict changes in effect (None for notes)
    undone: list[str] = []
    for op in ops:
        if op.startswith("v:"):
            store.reviews.set_verdict(claim.id, "ann", op[2:])
            done.append(op[2:])
            undone.clear()
        elif op == "note":
            store.reviews.add_note(claim.id, "ann", "n")
            done.append("")
            undone.clear()
        elif op == "undo":
            event = store.reviews.undo("ann")
            assert (event is None) == (not done)
            if done:
                undone.append(done.pop())
        else:
            event = store.reviews.redo("ann")
            assert (event is None) == (not undone)
            if undone:
                done.append(undone.pop())
        expected = next((label for label in reversed(done) if label), None)
        current = store.reviews.verdicts(claim.id)
        assert (current[0].label if current else None) == expected


def test_stats(store):
    claims = _seed(store, 3)
    store.reviews.set_verdict(claims[0].id, "ann", "true")
    store.reviews.set_verdict(claims[1].id, "bob", "true")
    s = store.stats()
    assert (s.documents, s.claims, s.reviewed, s.per_label) == (3, 3, 2, {"true": 2})
    assert store.stats("ann").reviewed == 1


def test_file_database_survives_reopen(tmp_path):
    path = tmp_path / "w.db"
    store = Store.open(path)
    [claim] = _seed(store, 1)
    store.reviews.set_verdict(claim.id, "ann", "true")
    store.close()
    assert Store.open(path).reviews.verdicts(claim.id)[0].label == "true"


def test_claim_id_prefix_lookup(store):
    [claim] = _seed(store, 1)
    assert store.claims.claim_ids_starting(claim.id[:6]) == [claim.id]
    assert store.claims.claim_ids_starting("zz'; drop") == []
