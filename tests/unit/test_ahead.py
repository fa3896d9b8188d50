"""Encoding ahead across documents (``workbench/extract/ahead.py``): texts of many
documents share the encoder's batches, each text is encoded once, and every document
still gets its own vectors, in order. And the text a claim is scored by
(``claimtext.scored_text``): one vector per claim where the texts differ only in
punctuation."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.unit.test_vector_reuse import ARTICLE, RecordingEncoder
from workbench.extract import Extractor
from workbench.extract.ahead import Ahead
from workbench.extract.claimtext import scored_text
from workbench.models import Document


def _vec(texts: list[str]) -> np.ndarray:
    return RecordingEncoder().encode(texts)


def test_documents_share_batches_and_a_text_is_encoded_once(nlp):
    encoder = RecordingEncoder()
    calls: list[int] = []
    encode = encoder.encode

    def counting(texts):
        calls.append(len(texts))
        return encode(texts)

    encoder.encode = counting  # type: ignore[method-assign]
    docs = [
        Document.from_text(f"Report {i} from the desk.\n\n{ARTICLE}", source_path=f"{i}.txt")
        for i in range(6)
    ]
    out = list(Extractor(nlp, encoder=encoder).run(docs))
    # Every document's claims, in order, each with the vector of its stand-alone text.
    assert [e.document.source_path for e in out] == [d.source_path for d in docs]
    for extraction in out:
        assert extraction.vectors is not None
        expected = _vec([c.normalized for c in extraction.claims])
        np.testing.assert_allclose(extraction.vectors, expected, atol=1e-6)
    # Six small documents: one batch (a call per document was the old way), and the
    # sentences the six share were encoded once, not six times.
    assert len(calls) < len(docs)
    assert len(encoder.texts) == len(set(encoder.texts))


def test_a_document_is_finished_only_once_its_texts_are_sent():
    release = threading.Event()

    def slow(texts: list[str]) -> np.ndarray:
        release.wait(5)
        return _vec(texts)

    ahead = Ahead(slow, size=3)
    first: set[str] = set()
    second: set[str] = set()
    try:
        ahead.add(first, ["a b", "c d"])
        assert not ahead.ready(first)  # still gathering: 2 texts of a batch of 3
        ahead.add(second, ["c d", "e f"])  # "c d" again: not sent twice
        assert not ahead.ready(first)  # sent, being encoded, the encoder not behind
        release.set()
        got = ahead.take(first)
        np.testing.assert_allclose(got["c d"], _vec(["c d"])[0], atol=1e-6)
        # "c d" is still needed by the second document.
        assert set(ahead.take(second)) == {"c d", "e f"}
        assert not first and not second
    finally:
        release.set()
        ahead.close()


def test_take_sends_what_is_still_gathering():
    ahead = Ahead(_vec, size=100)
    owner: set[str] = set()
    try:
        ahead.add(owner, ["only one text"])
        assert not ahead.ready(owner)
        vectors = ahead.take(owner)
        np.testing.assert_allclose(vectors["only one text"], _vec(["only one text"])[0])
    finally:
        ahead.close()


@pytest.mark.parametrize(
    ("text", "same"),
    [
        ("\u201cThe tax rose by 4% in 2019,\u201d she said.", False),  # a frame: words differ
        ("The tax rose by 4% in 2019", True),  # a full stop added
        ("\u201cThe tax rose by 4% in 2019.\u201d", True),  # quotation marks taken off
    ],
)
def test_a_claim_is_scored_by_its_stand_alone_text_only_when_the_words_are_the_same(
    nlp, text, same
):
    doc = nlp(text)
    spans = list(doc.spans["wb_claims"])
    assert spans
    span = spans[0]
    scored = scored_text(span)
    assert (scored != span.text) is same
