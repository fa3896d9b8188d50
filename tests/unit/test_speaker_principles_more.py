"""Who said it, by principle (issue 11), continued from ``test_speaker_principles``:
the rules found on news_gold_c, each with a sentence written to test it and, where
one exists, the sentence that defeats it. Wrong person is the worst outcome."""

from __future__ import annotations

import pytest

from workbench.extract.quotes import open_quotes
from workbench.models import Document


def claims(extractor, text):
    return extractor.extract(Document.from_text(text)).claims


def holding(extractor, text, fragment):
    found = [c for c in claims(extractor, text) if fragment in c.text]
    assert len(found) == 1, [c.text for c in claims(extractor, text)]
    return found[0]


# -- quotation marks: a straight mark opens or closes by its neighbours --------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('He said, “we will win," the office said.', 0),
        ('"We will win,” he said.', 0),
        ('He said: "We will', 1),
        ("“A,” he said. “B", 1),
        ('He called it "bad" and “worse', 1),
    ],
)
def test_a_quotation_closes_whatever_mark_opened_it(text, depth):
    assert open_quotes(text) == depth


def test_a_frame_after_mixed_marks_is_outside_the_quotation(extractor):
    claim = holding(
        extractor,
        "Lucas Paganini, a NASA scientist, said the moon has two of the three requirements "
        'for life.\n\n"But the third is hard to find beyond Earth,” he said.',
        "third",
    )
    assert claim.speaker == "Lucas Paganini"


def test_a_sentence_after_mixed_marks_does_not_continue_the_quotation(extractor):
    text = (
        "During the call, he called Omar a “terrorist” and said, “somebody ought to hurt "
        'her," the prosecutor’s office said. Omar is one of the first two Muslim women '
        "elected to Congress."
    )
    assert holding(extractor, text, "Omar is one").speaker is None


# -- pronouns and names: an acronym is a name ----------------------------------------------


def test_an_acronym_spelled_like_a_pronoun_is_a_name(extractor):
    text = "Plague is rare. According to WHO, there were 3,248 cases reported in five years."
    assert holding(extractor, text, "3,248").speaker == "WHO"


def test_a_relative_pronoun_is_still_no_speaker(extractor):
    text = "Smith thanked the nurses, who said the ward had run out of beds."
    assert holding(extractor, text, "beds").speaker != "who"


# -- the frame after the content: "A, X said" ------------------------------------------------


def test_a_clause_before_the_speaker_is_what_they_said(extractor):
    claim = holding(
        extractor,
        "As yet, there is no evidence linking the third case to the earlier two, the regional "
        "health commission said, according to Reuters.",
        "evidence",
    )
    assert claim.speaker == "the regional health commission"


def test_a_subordinate_clause_before_the_speaker_is_not_what_they_said(extractor):
    # "Because ..." gives a reason; "wrote for an hour" introduces nothing.
    text = "Because the vote was close, the senator wrote for an hour."
    assert holding(extractor, text, "vote").speaker is None
