"""A headline the body restates is linked to that claim and reviewed once, through it."""

from __future__ import annotations

import hashlib

import pytest

from workbench.extract.headline import Words, is_headline, restates
from workbench.models import Document
from workbench.review.source import ClaimSource
from workbench.store import ClaimFilter, Store


def _doc(text: str, title: str | None = None) -> Document:
    return Document(id=hashlib.sha256(text.encode()).hexdigest(), text=text, title=title,
                    source_path="t.txt")  # fmt: skip


def _words(lemmas: str, numbers: str = "") -> Words:
    return Words(frozenset(lemmas.split()), frozenset(numbers.split()))


def test_restates_needs_nearly_every_content_word_and_every_number():
    head = _words("kremlin g7 security guarantee ukraine encroach russia")
    body = _words("kremlin wednesday group seven g7 intention provide security guarantee "
                  "ukraine encroach russia")  # fmt: skip
    assert restates(head, body) == 1.0
    # Two of six content words: the same topic, another statement.
    head = _words("kremlin accuse britain threaten european security")
    body = _words("moscow warn london britain pump weapon undermine european")
    assert restates(head, body) < 0.75
    # A number of the headline missing from the body: not the same claim, whatever the words.
    fine = "court fine firm million"
    assert restates(_words(fine, "2"), _words(fine, "3")) == 0
    # Too few words to tell ("Biden speaks").
    assert restates(_words("biden speak"), _words("biden speak today")) == 0


@pytest.mark.parametrize(
    ("paragraph", "title", "expected"),
    [
        ("Court fines firm $2 million", "Court fines firm $2 million", True),
        ("Court   fines firm\n$2 million", "Court fines firm $2 million", True),  # spacing
        # A page title with the outlet after it still holds the headline.
        ("Court fines firm $2 million", "Court fines firm $2 million | Fixture News", True),
        ("A long lead. " * 40, "A long lead.", False),  # a lead, not a headline
        ("Court fines firm $2 million", None, False),
        ("Sales fell 12% in 2023.", "Court fines firm $2 million", False),
    ],
)
def test_is_headline(paragraph, title, expected):
    assert is_headline(paragraph, title) is expected


def test_a_restated_headline_names_the_body_claim(extractor):
    text = ("Court fines Acme $2 million over toxic spill\n\n"
            "A federal court fined Acme $2 million on Monday over a toxic spill in the river, "
            "according to the ruling.\n\nThe company said it would appeal.")  # fmt: skip
    claims = extractor.extract(_doc(text)).claims
    head, lead = claims[0], claims[1]
    assert head.text.startswith("Court fines Acme") and lead.text.startswith("A federal court")
    assert head.restated_by == lead.id
    assert all(c.restated_by is None for c in claims[1:])


def test_a_headline_with_another_number_stays_a_claim(extractor):
    # The headline says $5 million, the body $2 million: a reviewer must see both.
    text = ("Court fined Acme $5 million over toxic spill\n\n"
            "A federal court fined Acme $2 million on Monday over a toxic spill in the river, "
            "according to the ruling.\n\nThe company said it would appeal.")  # fmt: skip
    claims = extractor.extract(_doc(text)).claims
    assert claims[0].text.startswith("Court fined Acme") and claims[0].restated_by is None


def test_a_given_title_that_is_not_the_first_paragraph_links_nothing(extractor):
    # Web pages drop the heading from the text: the first paragraph is the lead.
    text = ("A federal court fined Acme $2 million on Monday over a toxic spill.\n\n"
            "Acme fined $2 million by a federal court on Monday over a toxic spill, "
            "the ruling says.")  # fmt: skip
    claims = extractor.extract(_doc(text, title="Court fines Acme $2 million")).claims
    assert all(c.restated_by is None for c in claims)


def test_seed_headlines(seed_db):
    store = Store.open(seed_db)
    by_doc = {d.source_path.rsplit("/", 1)[-1][:3]: store.claims.claims_of(d.id)
              for d in store.claims.documents()}  # fmt: skip
    heads = {k: claims[0] for k, claims in by_doc.items()}
    body = {c.id: c for claims in by_doc.values() for c in claims}
    # "Kremlin says G-7 security guarantees to Ukraine encroach on Russia's security" is
    # the lead "The Kremlin said on Wednesday that the Group of Seven's (G-7) intention ...".
    assert body[heads["001"].restated_by].text.startswith("The Kremlin said on Wednesday")
    assert body[heads["004"].restated_by].text.startswith("The Kremlin has stated")
    # Hard: "The Kremlin accuses Britain of threatening European security" is restated by
    # "Moscow has warned London that Britain ... is undermining European security" in other
    # words (Kremlin/Moscow, accuses/warned, threatening/undermining); words alone cannot
    # tell a paraphrase from a claim on the same topic, so it stays a claim of its own.
    assert heads["000"].restated_by is None


def test_review_list_hides_restated_headlines_until_shown(seed_copy):
    store = Store.open(seed_copy)
    linked = [c for d in store.claims.documents() for c in store.claims.claims_of(d.id)
              if c.restated_by]  # fmt: skip
    assert linked
    source = ClaimSource("ann", hide_below=None)
    ids = {r.id for r in store.pages.page(source.effective_filter, "doc", limit=1000, viewer="ann")}
    assert not ids & {c.id for c in linked}
    assert {c.restated_by for c in linked} <= ids  # reviewed through the body claim
    source.set_filter(source.filter, show_hidden=True)
    ids = {r.id for r in store.pages.page(source.effective_filter, "doc", limit=1000, viewer="ann")}
    assert {c.id for c in linked} <= ids
    everything = store.pages.page(ClaimFilter(), "doc", limit=1000, viewer="ann")
    assert len(everything) == len(store.pages.page(ClaimFilter(restated=True), "doc",
                                                   limit=1000, viewer="ann"))  # fmt: skip


def test_the_pane_shows_the_link_both_ways(seed_copy):
    from workbench.config import Settings
    from workbench.review.session import ReviewSession
    from workbench.tui.widgets.claim_pane import _related

    store = Store.open(seed_copy)
    head = next(c for d in store.claims.documents() for c in store.claims.claims_of(d.id)
                if c.restated_by)  # fmt: skip
    session = ReviewSession(Settings(db=seed_copy, reviewer="ann"))
    on_body = _related(session.detail(head.restated_by)(store)).plain
    assert f"Headline {head.text}" in on_body and "judged with this claim" in on_body
    on_head = _related(session.detail(head.id)(store)).plain
    assert "the body restates it; review it there" in on_head
