"""Small builders for test data."""

from __future__ import annotations

from workbench.models import Claim, Document, claim_id


def make_document(
    text: str = "Officials said 40 people were hurt in Paris on Monday.", **kw
) -> Document:
    return Document.from_text(text, source_path=kw.pop("source_path", "test.txt"), **kw)


def make_claim(doc: Document, start: int = 0, end: int | None = None, **kw) -> Claim:
    end = len(doc.text) if end is None else end
    fields = dict(
        id=claim_id(doc.id, start, end), doc_id=doc.id, seq=kw.pop("seq", 0), start=start,
        end=end, sentence_start=start, sentence_end=end, paragraph_start=0,
        paragraph_end=len(doc.text), text=doc.text[start:end], normalized=doc.text[start:end],
        score=kw.pop("score", 0.5), extractor="test",
    )  # fmt: skip
    fields.update(kw)
    return Claim(**fields)
