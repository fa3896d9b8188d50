"""Issue 12: previous verdicts offered safely. One key only above the calibrated
threshold, a confirmation below it, never a verdict on who said something for the
statement itself; the wrong suggestions of the issue are not offered for one key."""

from __future__ import annotations

import pytest

from tests.fixtures.pairs import NOT_FOR_ONE_KEY, RESTATED
from tests.helpers import import_reviews, raw
from workbench.config import Settings
from workbench.match import Matcher
from workbench.match.suggest import APPLY_FLOOR, Offer, applicable, judged, offer
from workbench.review.session import ReviewSession
from workbench.semantic import default_encoder
from workbench.store import Match, MatchOrigin


@pytest.mark.parametrize(("text", "what"), [
    ("The Kremlin says G-7 security guarantees encroach on Russia's security.", "attribution"),
    ("Peskov said NATO is an offensive alliance.", "attribution"),
    ("According to the ministry, exports fell 4%.", "attribution"),
    ("Exports fell 4%, according to the ministry.", "attribution"),
    ("The Kremlin accuses Britain of threatening European security.", "attribution"),
    ("G-7 security guarantees to Ukraine encroach on Russia's security.", "statement"),
    ("Cluster munitions are banned by more than 100 countries.", "statement"),
    ("The Pentagon announced an $800 million weapons package.", "statement"),
    ("The US, Russia and Ukraine are not signatories to the ban.", "statement"),
])  # fmt: skip
def test_what_a_verdict_judged(text, what):
    assert judged(text) == what


def _match(text: str, score: float, origin: MatchOrigin = MatchOrigin.CHECKED,
           fused: float | None = 0.9) -> Match:  # fmt: skip
    return Match("checked:x", text, score, "true", "true", "somewhere", origin, fused)


def test_the_offer_rules():
    claim = "Cluster munitions are banned by more than 100 countries."
    assert offer(_match(claim, 0.9), claim, 0.75) is Offer.APPLY
    assert offer(_match(claim, 0.7), claim, 0.75) is Offer.CONFIRM
    # A number the claim lacks: perhaps another claim.
    other = "Cluster munitions are banned by more than 120 countries."
    assert offer(_match(other, 0.95), claim, 0.75) is Offer.CONFIRM
    # "X says Y" judged the saying: never offered for Y, even from the cluster.
    said = "Human Rights Watch says cluster munitions are banned by more than 100 countries."
    assert offer(_match(said, 0.99), claim, 0.75) is Offer.NEVER
    assert offer(_match(said, 1.0, MatchOrigin.CLUSTER), claim, 0.75) is Offer.NEVER
    # ... but for the same report it is.
    assert offer(_match(said, 0.99), said, 0.75) is Offer.APPLY


def test_one_key_needs_the_match_to_stand_on_its_own():
    # The ranker's probability weighs a candidate's rank among the claim's others: in a
    # small memory the best one looks sure even when wrong. One key also needs its fused
    # score (the pair alone) at the floor.
    claim = "Cluster munitions are banned by more than 100 countries."
    assert applicable(0.9999, APPLY_FLOOR, 0.84)
    assert not applicable(0.9999, APPLY_FLOOR - 0.01, 0.84)
    assert not applicable(0.83, 0.99, 0.84)
    assert not applicable(0.9999, None, 0.84)  # stored before the fused score was
    assert offer(_match(claim, 0.9999, fused=APPLY_FLOOR - 0.01), claim, 0.84) is Offer.CONFIRM
    assert offer(_match(claim, 0.9999, fused=None), claim, 0.84) is Offer.CONFIRM
    assert offer(_match(claim, 0.9999, fused=APPLY_FLOOR), claim, 0.84) is Offer.APPLY
    # A cluster mate is the same statement: its score is 1 and it has no fused score.
    assert offer(_match(claim, 1.0, MatchOrigin.CLUSTER, None), claim, 0.84) is Offer.APPLY


def _review(text: str, label: str) -> dict:
    return {"@type": "ClaimReview", "claimReviewed": text, "author": {"name": "Example"},
            "url": f"https://c.example/{abs(hash(text))}",
            "reviewRating": {"alternateName": label}}  # fmt: skip


def _claim(store, fragment: str, doc: str) -> tuple[str, str]:
    rows = (
        raw(store)
        .execute(
            "SELECT c.id, c.normalized FROM claims c JOIN documents d ON d.id = c.doc_id "
            "WHERE instr(c.normalized, ?) AND substr(d.source_path, -24, 3) = ?",
            [fragment, doc],
        )
        .fetchall()
    )
    assert rows, (fragment, doc)
    return rows[0]


@pytest.fixture(scope="module")
def checked_seeds(seed_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("checked")
    db = folder / "seeds.db"
    db.write_bytes(seed_db.read_bytes())
    reviews = [_review(text, label) for text, label, _ in NOT_FOR_ONE_KEY + RESTATED]
    store, _ = import_reviews(db, folder, reviews)
    yield store, db
    store.close()


@pytest.mark.parametrize(("text", "label", "ref"), NOT_FOR_ONE_KEY)
def test_the_wrong_suggestions_are_not_offered_for_one_key(checked_seeds, text, label, ref):
    store, db = checked_seeds
    claim_id, _ = _claim(store, *ref)
    detail = ReviewSession(Settings(db=db, reviewer="ann")).detail(claim_id)(store)
    offers = dict(zip((m.text for m in detail.extra["matches"]), detail.extra["offers"],
                      strict=True))  # fmt: skip
    assert offers.get(text) in (None, Offer.CONFIRM, Offer.NEVER)


#: How far below ``APPLY_FLOOR`` the seeds' hard negatives must stay (the hardest,
#: "G-7 security guarantees ... encroach" for "The G7 will announce security
#: guarantees", is at 0.6365 with a ranker probability of 0.9991).
MARGIN = 0.05


@pytest.mark.parametrize(("text", "label", "ref"), NOT_FOR_ONE_KEY)
def test_the_fused_floor_keeps_the_wrong_suggestions_off_one_key(checked_seeds, text, label,
                                                                  ref):  # fmt: skip
    # Whatever the ranker's probability and the other rules, a statement (not a report
    # of someone's words, which the attribution rule keeps off) stays well below the floor.
    store, _ = checked_seeds
    claim_id, _ = _claim(store, *ref)
    found = [m for m in store.matches.previous(claim_id) if m.text == text]
    assert found or judged(text) == "attribution"
    for m in found:
        assert m.fused is not None
        if judged(text) == "statement":
            assert m.fused <= APPLY_FLOOR - MARGIN, (m.score, m.fused)


@pytest.mark.parametrize(("text", "label", "ref"), RESTATED)
def test_restatements_are_found(checked_seeds, text, label, ref):
    store, _ = checked_seeds
    _, normalized = _claim(store, *ref)
    found = Matcher(store, 0.0, default_encoder()).find(normalized, 3)
    assert text in [m.text for m in found]
