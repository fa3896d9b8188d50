"""Issue 12's ingest speed: the vectors the extraction scores claims with are the
vectors stored for matching, so ingest encodes each claim's text once."""

from __future__ import annotations

import numpy as np

from workbench.extract import Extractor
from workbench.models import Document
from workbench.services.ingest import ingest_paths
from workbench.store import Store

ARTICLE = (
    "The Pentagon announced an $800 million weapons package for Ukraine on Thursday.\n\n"
    "\u201cWe will not stop,\u201d the minister said. More than 120 countries have signed the "
    "2008 Convention on Cluster Munitions, the report says.\n\n"
    "Officials said he voted against the budget in 2019."
)


class RecordingEncoder:
    """Deterministic unit vectors from the words; records every text it encodes."""

    model_id = "fake-words:1"
    dimension = 384

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts):
        self.texts += list(texts)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, sum(map(ord, word)) % 384] += 1.0
            out[i, 0] += 0.5  # never all zero
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_an_extraction_carries_one_vector_per_claim_of_its_stand_alone_text(nlp):
    encoder = RecordingEncoder()
    document = Document.from_text(ARTICLE, source_path="a.txt")
    extraction = Extractor(nlp, encoder=encoder).extract(document)
    assert extraction.claims
    assert extraction.vector_model == encoder.model_id
    assert extraction.vectors is not None
    assert extraction.vectors.shape == (len(extraction.claims), 384)
    expected = RecordingEncoder().encode([c.normalized for c in extraction.claims])
    np.testing.assert_allclose(extraction.vectors, expected, atol=1e-6)


def test_an_encoder_without_a_model_id_carries_no_vectors(nlp):
    class Anonymous(RecordingEncoder):
        model_id = None  # type: ignore[assignment]

    extraction = Extractor(nlp, encoder=Anonymous()).extract(
        Document.from_text(ARTICLE, source_path="a.txt")
    )
    assert extraction.vectors is None


def test_ingest_stores_the_vectors_made_in_extraction_and_encodes_no_text_twice(nlp, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    encoder = RecordingEncoder()
    store = Store.open(tmp_path / "wb.db")
    report = ingest_paths([tmp_path / "a.txt"], store, Extractor(nlp, encoder=encoder),
                          encoder=encoder)  # fmt: skip
    assert report.claims_added > 0
    rows = store.clusters.texts()
    assert len(rows) == report.claims_added
    stored = store.vectors.get("claims", encoder.model_id, [n for n, _ in rows], 384)
    assert sorted(stored) == sorted(n for n, _ in rows)
    for num, text in rows:  # each stored vector is that of the claim's stand-alone text
        np.testing.assert_allclose(stored[num], RecordingEncoder().encode([text])[0], atol=2e-3)
    # Scored sentences and stand-alone texts are encoded once each: none of the claims'
    # texts a second time for matching.
    assert len(encoder.texts) == len(set(encoder.texts))
    store.close()


def test_vectors_of_another_model_are_not_stored_and_the_ingest_encodes_instead(nlp, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")

    class Other(RecordingEncoder):
        model_id = "fake-other:2"

    scorer, storer = Other(), RecordingEncoder()
    store = Store.open(tmp_path / "wb.db")
    ingest_paths([tmp_path / "a.txt"], store, Extractor(nlp, encoder=scorer), encoder=storer)
    nums = [n for n, _ in store.clusters.texts()]
    assert sorted(store.vectors.get("claims", storer.model_id, nums, 384)) == sorted(nums)
    assert store.vectors.get("claims", scorer.model_id, nums, 384) == {}
    assert len(storer.texts) == len(nums)  # the ingest encoded every claim itself
    store.close()
