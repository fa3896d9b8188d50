"""Who said it, by principle (issue 11), continued from ``test_speaker_principles``:
the rules found on news_gold_c, each with a sentence written to test it and, where
one exists, the sentence that defeats it. Wrong person is the worst outcome."""

from __future__ import annotations

import pytest

from tests.unit.test_speaker_principles import holding
from workbench.extract.quotes import open_quotes

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


# -- whose words a report carries, and a body's whole name ---------------------------------


def test_a_report_from_a_source_is_the_source_s(extractor):
    claim = holding(
        extractor,
        '"Markets are pricing in a recovery in earnings," said a report from Kotak '
        "Institutional Equities.",
        "Markets",
    )
    assert claim.speaker == "Kotak Institutional Equities"


def test_a_report_released_by_a_body_stays_the_report(extractor):
    text = "A report released by the World Bank said that growth would slow to 2 percent."
    assert holding(extractor, text, "growth").speaker == "A report"


def test_a_body_s_name_keeps_its_preposition(extractor):
    claim = holding(
        extractor,
        "The couple was quarantined, and the Chinese Center for Disease Control and "
        "Prevention said it had traced 40 people.",
        "traced",
    )
    assert claim.speaker == "the Chinese Center for Disease Control and Prevention"


def test_state_media_can_speak(extractor):
    text = "State media have reported only a handful of protester deaths."
    assert holding(extractor, text, "handful").speaker == "State media"


# -- descriptions: whose office the words say ------------------------------------------------


OFFICE = (
    "The U.S. Attorney’s Office for the Western District of New York said the man pleaded "
    "guilty on Monday.\n\n"
)


def test_a_description_saying_whose_body_it_is_stays_as_written(extractor):
    claim = holding(
        extractor, OFFICE + "He said he owned guns, the prosecutor’s office said.", "guns"
    )
    assert claim.speaker == claim.speaker_canonical == "the prosecutor’s office"


def test_a_bare_description_is_the_body_named_before(extractor):
    claim = holding(extractor, OFFICE + "He owned 12 guns, the office said.", "guns")
    assert claim.speaker_canonical == "U.S. Attorney’s Office"


# -- a singular "they" -------------------------------------------------------------------------


def test_they_after_a_person_nearer_than_any_body_is_nobody(extractor):
    claim = holding(
        extractor,
        "Instagram is happy to help people make money.\n\nKym Lino, a spokesperson for "
        "Instagram, confirmed that the company notifies some people. “We use a model to "
        "find accounts that may benefit,” they said in an email.",
        "model",
    )
    assert claim.speaker is None


def test_they_after_a_body_with_no_person_between_is_the_body(extractor):
    claim = holding(
        extractor,
        "The ministry said on Monday that 300 people had been hurt. “We use a model to "
        "count the injured,” they said in an email.",
        "model",
    )
    assert claim.speaker == "The ministry"


# -- wire datelines ---------------------------------------------------------------------------


def test_a_dateline_naming_a_state_is_no_part_of_the_speaker(extractor):
    claim = holding(
        extractor,
        "HONOLULU, Hawaii (HawaiiNewsNow) - NASA scientists said on Monday that the moon "
        "holds water vapor.",
        "water",
    )
    assert claim.speaker == "NASA scientists"
    assert not claim.text.startswith("HONOLULU")


# -- which body: a place after a noun for people ----------------------------------------------


def test_a_place_after_a_noun_for_people_is_part_of_the_speaker(extractor):
    text = "Officials in Washington said the talks would resume on Monday."
    assert holding(extractor, text, "talks").speaker == "Officials in Washington"


def test_a_room_is_no_place_that_names_a_body(extractor):
    text = "People in the room said the vote was close."
    assert holding(extractor, text, "vote").speaker == "People"


# -- run-on quotations: only when nobody else is named on the way ----------------------------


def test_a_quotation_with_a_frame_of_its_own_does_not_run_on(extractor):
    # "quipped" is no verb of communication here, but "one user" frames the quotation.
    claim = holding(
        extractor,
        "One campaign video featured South Dakotans declaring, “I’m on meth.”\n\n"
        "“South Dakota: if we were any higher, we’d be North Dakota,” one user quipped.",
        "North Dakota",
    )
    assert claim.speaker is None


def test_a_pull_quote_after_another_person_is_named_is_nobody_s(extractor):
    claim = holding(
        extractor,
        "According to the study, the man had suffered months of fatigue.\n\n"
        "His doctor sought advice from one of the authors, Owen Dempsey, a chest doctor.\n\n"
        "“Their immune system behaves in an exaggerated fashion.”",
        "immune",
    )
    assert claim.speaker is None


def test_a_quotation_runs_on_past_a_sentence_naming_the_speaker_again(extractor):
    claim = holding(
        extractor,
        "“The plant will close,” Peter Smith said.\n\nSmith has run the plant since 2004.\n\n"
        "“We had no choice.”",
        "no choice",
    )
    assert claim.speaker_canonical == "Peter Smith"


# -- antecedents the article describes without naming ----------------------------------------


def test_they_is_the_people_a_plural_noun_just_named(extractor):
    claim = holding(
        extractor,
        "Ford will display its first electric SUV.\n\nAnalysts expect sales to grow by 2022. "
        "They say the new vehicles will be popular.",
        "popular",
    )
    assert claim.speaker == "Analysts"


def test_a_woman_described_as_an_object_competes_for_she(extractor):
    claim = holding(
        extractor,
        "WIRED spoke to one mother, who knew her daughter used the app. “I am so ahead of "
        "other parents,” she said.",
        "ahead",
    )
    assert claim.speaker is None


def test_people_named_in_the_plural_do_not_compete_for_she(extractor):
    claim = holding(
        extractor,
        "Jane Smith spoke to reporters on Monday. “I am so ahead of other parents,” she said.",
        "ahead",
    )
    assert claim.speaker_canonical == "Jane Smith"


@pytest.mark.parametrize(
    ("text", "word", "group"),
    [
        ("Analysts expect sales to grow.", "Analysts", True),
        # A name the tagger takes for a plural noun stays a name (a person's here).
        ("Figgins declined to address whether Thomas slept on the job.", "Figgins", False),
        # A count of people is an amount, not a group a later "they" stands for.
        ("The ministry said 300 people had been hurt.", "people", False),
        ("Others say the plan will fail.", "Others", False),
    ],
)
def test_which_plural_nouns_a_they_can_stand_for(nlp, text, word, group):
    from workbench.extract.nominals import group_noun

    tok = next(t for t in nlp(text) if t.text == word)
    assert group_noun(tok) is group


# -- a dummy "it" ---------------------------------------------------------------------------


def test_it_before_an_extraposed_infinitive_is_nobody(extractor):
    claim = holding(
        extractor,
        "The study was published in May by Escherichia Labs. If scientists found signs of "
        "these receptors, it was easy to write them off as mistakes.",
        "write them off",
    )
    assert claim.speaker is None


# -- how many speak ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("“We will win,” said one official.", "win", "one official"),
        (
            "WeWork is under investigation, according to two people familiar with the matter.",
            "investigation",
            "two people familiar with the matter",
        ),
    ],
)
def test_a_number_of_speakers_is_part_of_the_speaker(extractor, text, fragment, speaker):
    assert holding(extractor, text, fragment).speaker == speaker


def test_an_age_before_a_person_s_name_is_still_no_part_of_it(extractor):
    claim = holding(extractor, "“I could not walk,” said 43-year-old Martin Taylor.", "walk")
    assert claim.speaker == "Martin Taylor"


# -- whom a role speaks for -------------------------------------------------------------------


def test_a_spokeswoman_for_someone_is_neither_that_person_nor_a_bare_role(extractor):
    claim = holding(
        extractor,
        "Senator Mary Jones spoke in Iowa.\n\nA spokeswoman for Jones said the senator "
        "would vote against the bill.",
        "vote against",
    )
    assert claim.speaker == claim.speaker_canonical == "A spokeswoman for Jones"


def test_the_spokesman_for_a_body_is_not_the_body(extractor):
    claim = holding(
        extractor,
        "The Russian foreign ministry issued a statement.\n\nThe spokesman for the ministry "
        "said the talks had failed.",
        "talks had failed",
    )
    assert claim.speaker_canonical != "The Russian foreign ministry"


def test_a_body_of_a_person_keeps_its_head_in_the_canonical_name(extractor):
    claim = holding(
        extractor,
        "Stephen Liggett moved to Florida. In 2010, the laboratory of Stephen Liggett "
        "reported that the receptors were bitter.",
        "receptors",
    )
    assert claim.speaker_canonical == "the laboratory of Stephen Liggett"


# -- the frame after a quotation, however the parser hangs it ---------------------------------


def test_a_frame_after_a_quotation_read_as_a_participle_is_still_the_frame(extractor):
    claim = holding(
        extractor,
        'The man went back to the doctor. "Going upstairs to bed was a 30 minute activity as '
        'I could only manage two stairs at a time," the patient described in the case report.',
        "upstairs",
    )
    assert claim.speaker == "the patient"


def test_a_participle_after_a_noun_without_a_quotation_is_no_frame(extractor):
    text = "The patient described in the case report had lost 10 kilograms in a month."
    assert holding(extractor, text, "kilograms").speaker is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Researchers at the University of Oxford said the vaccine worked.",
         "Researchers at the University of Oxford"),
        ("Scientists from NASA said the moon has water.", "Scientists from NASA"),
        ("An official with the State Department said the deal was done.",
         "An official with the State Department"),
        ("Officials at the ministry said the deal was done.", "Officials at the ministry"),
        # A way of speaking, or a time, says nothing of who speaks.
        ("The company in a statement said the deal was done.", "The company"),
        ("Officials in March said the deal was done.", "Officials"),
    ],
)  # fmt: skip
def test_a_phrase_saying_which_people_is_part_of_the_speaker(extractor, text, speaker):
    assert holding(extractor, text, "said").speaker == speaker
