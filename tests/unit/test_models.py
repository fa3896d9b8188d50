import pytest
from pydantic import ValidationError

from tests.helpers import make_claim, make_document
from workbench.models import Document, Label, VerdictEvent, claim_id, document_id


def test_document_id_is_the_sha256_of_the_text():
    doc = make_document("Some text.")
    assert doc.id == document_id("Some text.") and len(doc.id) == 64


def test_document_rejects_a_foreign_id_and_empty_text():
    with pytest.raises(ValidationError, match="sha256"):
        Document(id="0" * 64, text="Some text.")
    with pytest.raises(ValidationError, match="empty"):
        Document.from_text("   ")


def test_claim_id_is_stable_and_depends_on_the_span():
    assert claim_id("d", 0, 5) == claim_id("d", 0, 5)
    assert claim_id("d", 0, 5) != claim_id("d", 0, 6)


def test_claim_spans_must_nest_and_match_the_text():
    doc = make_document("One sentence here. Another one there.")
    make_claim(doc, 0, 18)  # fine
    with pytest.raises(ValidationError, match="length"):
        make_claim(doc, 0, 18, text="wrong")
    with pytest.raises(ValidationError, match="empty"):
        make_claim(doc, 5, 5, text="")
    with pytest.raises(ValidationError, match="inside its sentence"):
        make_claim(doc, 0, 18, sentence_end=10)
    with pytest.raises(ValidationError):
        make_claim(doc, 0, 18, score=1.5)


def test_events_are_validated():
    with pytest.raises(ValidationError, match="needs a label"):
        VerdictEvent(claim_id="c", reviewer="ann", kind="verdict")
    with pytest.raises(ValidationError, match="target"):
        VerdictEvent(claim_id="c", reviewer="ann", kind="undo")
    with pytest.raises(ValidationError):
        VerdictEvent(claim_id="c", reviewer="ann", kind="delete", label="x")
    with pytest.raises(ValidationError):
        VerdictEvent(claim_id="c", reviewer="", kind="note")


@pytest.mark.parametrize(
    "fields",
    [dict(key="", label="a"), dict(key="1", label="Not Slug"), dict(key="1", label="a", rating=0)],
)
def test_label_validation(fields):
    with pytest.raises(ValidationError):
        Label(**fields)


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("note", {}),  # a note needs its text
        ("note", {"text": "x", "colour": "red"}),  # no field the model does not know
        ("evidence", {"quote": "no url"}),
        ("edit", {"previous": "only the old text"}),
        ("undo", {"target": "not a number"}),
        ("verdict", {"score": "high"}),
    ],
)
def test_every_event_kind_has_a_body_model(kind, body):
    from workbench.models import VerdictEvent

    with pytest.raises(ValueError):
        VerdictEvent(claim_id="c", reviewer="ann", kind=kind, label="true", body=body)


def test_parsed_body_is_typed():
    from workbench.models import EvidenceBody, VerdictEvent

    event = VerdictEvent(claim_id="c", reviewer="ann", kind="evidence",
                         body={"url": "https://example.org", "quote": "q"})  # fmt: skip
    assert event.parsed == EvidenceBody(url="https://example.org", quote="q")
