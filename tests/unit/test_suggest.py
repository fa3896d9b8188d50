"""Issue 12: previous verdicts offered safely. One key only above the calibrated
threshold, a confirmation below it, never a verdict on who said something for the
statement itself; the wrong suggestions of the issue are not offered for one key."""

from __future__ import annotations

import pytest

from tests.fixtures.pairs import NOT_FOR_ONE_KEY, RESTATED
from tests.helpers import import_reviews, raw
from workbench.config import Settings
from workbench.match import Matcher
from workbench.match.suggest import Offer, judged, offer
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


def _match(text: str, score: float, origin: MatchOrigin = MatchOrigin.CHECKED) -> Match:
    return Match("checked:x", text, score, "true", "true", "somewhere", origin)


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


@pytest.mark.parametrize(("text", "label", "ref"), RESTATED)
def test_restatements_are_found(checked_seeds, text, label, ref):
    store, _ = checked_seeds
    _, normalized = _claim(store, *ref)
    found = Matcher(store, 0.0, default_encoder()).find(normalized, 3)
    assert text in [m.text for m in found]
