"""One definition of undo: ``workbench.store.undo.undone``. The SQL the exports use to
find live evidence must agree with it on any sequence of changes, undos and redos."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import make_claim, make_document
from workbench.store import Store
from workbench.store.undo import undone

REVIEWERS = ("ann", "bob")
STEPS = st.lists(
    st.tuples(st.sampled_from(["evidence", "verdict", "note", "undo", "redo"]),
              st.sampled_from(REVIEWERS)),
    max_size=25,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(STEPS)
def test_sql_live_evidence_agrees_with_the_python_rule(steps):
    store = Store.in_memory()
    doc = make_document()
    claim = make_claim(doc)
    store.claims.add_document(doc, [claim])
    for i, (kind, reviewer) in enumerate(steps):
        if kind == "evidence":
            store.reviews.add_evidence(claim.id, reviewer, f"https://example.org/{i}")
        elif kind == "verdict":
            store.reviews.set_verdict(claim.id, reviewer, "true")
        elif kind == "note":
            store.reviews.add_note(claim.id, reviewer, f"note {i}")
        elif kind == "undo":
            store.reviews.undo(reviewer)
        else:
            store.reviews.redo(reviewer)
    events = store.reviews.history(claim.id)
    gone = undone((e.id, e.kind, e.body) for e in events)
    for reviewer in REVIEWERS:
        mine = [e for e in events if e.kind == "evidence" and e.reviewer == reviewer]
        expected = [e.id for e in mine if e.id not in gone]
        assert store.exports.live_evidence_ids(claim.id, reviewer) == expected
