"""Long paragraphs and long documents: bounded pieces, entities in one pass, a limit."""

from __future__ import annotations

import itertools

from workbench.extract.entities import ents_of
from workbench.extract.paragraphs import MAX_DOCUMENT, MAX_PARAGRAPH, paragraphs
from workbench.services.ingest import ingest_paths
from workbench.store import Store

SENTENCE = "Officials in Paris said 40 people were hurt on Monday, according to Reuters. "


def test_a_long_paragraph_is_cut_into_bounded_pieces_at_sentence_ends():
    text = "A short opening paragraph stays whole.\n\n" + SENTENCE * 2000  # 150 KB, one line
    pieces = paragraphs(text)
    assert pieces[0] == paragraphs("A short opening paragraph stays whole.")[0]
    assert len(pieces) > 40 and all(p.end - p.start <= MAX_PARAGRAPH for p in pieces)
    for before, after in itertools.pairwise(pieces[1:]):
        assert text[before.start : before.end].endswith("Reuters.")  # cut after a sentence
        assert text[before.end : after.start].strip() == ""  # nothing lost between pieces
    assert pieces[-1].end == len(text.rstrip())


def test_a_paragraph_without_spaces_is_still_cut():
    pieces = paragraphs("x" * (3 * MAX_PARAGRAPH + 5))
    assert [p.end - p.start for p in pieces] == [MAX_PARAGRAPH] * 3 + [5]


def test_entities_of_each_sentence_match_span_ents(nlp):
    doc = nlp("Emmanuel Macron met Olaf Scholz in Berlin on Monday. NATO said 40 troops left "
              "Kyiv. Nothing here. The UN and the EU met in Geneva in 2022.")  # fmt: skip
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in ents_of(sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    assert [e.text for e in ents_of(doc)] == [e.text for e in doc.ents]


def test_a_long_single_paragraph_is_extracted_in_pieces(extractor):
    from workbench.models import Document

    text = SENTENCE * 200  # 15 KB in one paragraph: a page that lost its line breaks
    extraction = extractor.extract(Document.from_text(text))
    assert extraction.claims
    for claim in extraction.claims:
        assert claim.paragraph_end - claim.paragraph_start <= MAX_PARAGRAPH
        assert text[claim.start : claim.end] == claim.text
        assert {e.text for e in claim.entities} >= {"Paris", "40", "Reuters"}


def test_a_document_over_the_limit_is_skipped_and_the_batch_goes_on(tmp_path, extractor):
    big = tmp_path / "a_huge.txt"
    big.write_text("word " * (MAX_DOCUMENT // 5 + 10), encoding="utf-8")
    good = tmp_path / "b_good.txt"
    good.write_text(SENTENCE * 3, encoding="utf-8")
    store = Store.in_memory()
    report = ingest_paths([big, good], store, extractor)
    assert report.documents_added == 1
    reason = (
        f"too long to extract ({MAX_DOCUMENT + 49:,} characters; the limit is {MAX_DOCUMENT:,})"
    )
    assert report.skipped == [(str(big), reason)]
