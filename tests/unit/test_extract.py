"""Extraction on the seed corpus, article by article."""

from __future__ import annotations

import pytest

from workbench.store import Store

FURNITURE = [
    "Leave a Comment",
    "Your email address will not be published",
    "This news has been read",
    "UYARI",
    "Türkçe karakter",
    "Kaynak:",
    "Previous and Next News",
    "By Burc Eruygur",
    "News Beat",
    "- Cluster munitions",
    "Russia-China ties not against 3rd countries",
]


@pytest.fixture(scope="module")
def seeds(seed_db):
    store = Store.open(seed_db)
    docs = {d.source_path.rsplit("/", 1)[-1][:3]: d.id for d in store.claims.documents()}
    return store, {key: store.claims.claims_of(doc_id) for key, doc_id in docs.items()}


def claim_with(claims, fragment):
    found = [c for c in claims if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0]


def test_every_seed_gives_claims(seeds):
    _, by_doc = seeds
    assert sorted(by_doc) == ["000", "001", "002", "003", "004"]
    for claims in by_doc.values():
        assert len(claims) >= 10


@pytest.mark.parametrize("fragment", FURNITURE)
def test_no_furniture_line_is_a_claim(seeds, fragment):
    _, by_doc = seeds
    for claims in by_doc.values():
        for claim in claims:
            assert fragment not in claim.text, claim.text


def test_offsets_point_at_the_verbatim_text(seeds):
    store, by_doc = seeds
    for claims in by_doc.values():
        doc = store.claims.get_document(claims[0].doc_id)
        for claim in claims:
            assert doc.text[claim.start : claim.end] == claim.text
            assert claim.text == claim.text.strip()
            sentence = doc.text[claim.sentence_start : claim.sentence_end]
            paragraph = doc.text[claim.paragraph_start : claim.paragraph_end]
            assert claim.text in sentence and sentence in paragraph
            for entity in claim.entities:
                assert doc.text[entity.start : entity.end] == entity.text
        assert [c.seq for c in claims] == list(range(len(claims)))


def test_repeated_title_is_one_claim(seeds):
    _, by_doc = seeds
    titles = [c for c in by_doc["001"] if c.text.startswith("Kremlin says G-7 security guarantees")]
    assert len(titles) == 1


def test_dateline_and_update_tag_are_not_part_of_the_claim(seeds):
    _, by_doc = seeds
    said = claim_with(by_doc["001"], "The Kremlin said on Wednesday")
    assert said.text.startswith("The Kremlin said") and "ISTANBUL" not in said.text
    title = claim_with(by_doc["001"], "encroach on Russia’s security")
    assert not title.text.startswith("UPDATE")


@pytest.mark.parametrize(
    ("doc", "fragment", "speaker"),
    [
        ("000", "War means war", "Lavrov"),
        ("000", "the tendency in itself to pump weapons", "Dmitry Peskov"),
        ("000", "Truss claimed that", "Truss"),
        ("000", "She argued against the view", "Liz Truss"),  # pronoun -> last named subject
        ("001", "We consider this extremely erroneous", "Peskov"),
        ("001", "Russia, he said, has a", "Dmitry Peskov"),  # "he" resolved
        ("001", "Antony Blinken announced", "Antony Blinken"),
        ("002", "described the Coalition of the Willing", "Maria Zakharova"),
        ("002", "legitimate combat targets,” according to", "the Russian foreign ministry"),
        ("003", "Jens Stoltenberg noted", "Jens Stoltenberg"),
        ("003", "Sergei Lavrov, who is currently visiting", "Sergei Lavrov"),
        ("004", "Peskov reiterated that", "Peskov"),
    ],
)
def test_speakers(seeds, doc, fragment, speaker):
    _, by_doc = seeds
    claim = claim_with(by_doc[doc], fragment)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker
    assert claim.cue


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ("001", "Cluster munitions are banned by more than 100 countries"),
        ("001", "The US, Russia and Ukraine are not signatories"),
        ("000", "Russia attacked Ukraine in late February"),
    ],
)
def test_the_outlets_own_assertions_have_no_speaker(seeds, doc, fragment):
    _, by_doc = seeds
    assert claim_with(by_doc[doc], fragment).speaker is None


def test_scores_and_reasons(seeds):
    _, by_doc = seeds
    banned = claim_with(by_doc["001"], "Cluster munitions are banned")
    assert banned.score >= 0.7
    assert any("number" in r for r in banned.reasons)
    hedged = claim_with(by_doc["002"], "meaning it might be even less willing")
    assert hedged.score < banned.score
    assert any("hedged" in r for r in hedged.reasons)
    for claims in by_doc.values():
        assert all(0 < c.score < 1 and c.reasons for c in claims)


def test_quotes_are_marked(seeds):
    _, by_doc = seeds
    assert claim_with(by_doc["001"], "We consider this extremely").is_quote
    assert not claim_with(by_doc["001"], "Cluster munitions are banned").is_quote


def test_documents_get_title_and_language(seeds):
    store, by_doc = seeds
    doc = store.claims.get_document(by_doc["002"][0].doc_id)
    assert doc.title == "Russian Official Attacks US-Europe’s Ukraine Security Guarantees"
    assert doc.language == "en"


def test_model_fallback_and_missing_model():
    from workbench.extract import ModelNotFound, load_pipeline

    with pytest.raises(ModelNotFound, match="xx_not_installed"):
        load_pipeline("xx_not_installed")


def test_questions_and_fragments_are_not_claims(extractor):
    from workbench.models import Document

    doc = Document.from_text(
        "Did the minister resign on Monday?\n\n"
        "The minister resigned on Monday after 3 days of talks."
    )
    claims = extractor.extract(doc).claims
    assert [c.text for c in claims] == ["The minister resigned on Monday after 3 days of talks."]
