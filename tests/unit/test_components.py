"""The workbench spaCy components: what each requires, what each assigns, their order."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from workbench.extract import COMPONENTS
from workbench.extract.claims import SPAN_KEY
from workbench.extract.scoring import NAME as SCORING

#: en_core_web_sm's own components, in its order.
PARSE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
#: Rules only: the packaged classifier is not needed to read the metadata.
CONFIG = {SCORING: {"classifier": ""}}


def blank(*names: str) -> Language:
    """A blank English pipeline with these factories added, untrained: enough for
    ``analyze_pipes``, which reads what each factory declares."""
    nlp = spacy.blank("en")
    for name in names:
        nlp.add_pipe(name, config=CONFIG.get(name, {}))
    return nlp


def problems(nlp: Language) -> dict[str, list[str]]:
    return {name: p for name, p in nlp.analyze_pipes(pretty=False)["problems"].items() if p}


def requires(name: str) -> list[str]:
    return list(Language.get_factory_meta(name).requires)


def assigns(name: str) -> list[str]:
    return list(Language.get_factory_meta(name).assigns)


def test_the_loaded_pipeline_has_no_problems(nlp):
    assert problems(nlp) == {}


def test_the_workbench_components_follow_the_parse_in_the_order_they_need(nlp):
    assert tuple(nlp.pipe_names) == (*PARSE, *COMPONENTS)
    done: set[str] = set()
    for name in nlp.pipe_names:
        assert set(nlp.get_pipe_meta(name).requires) <= done, name
        done |= set(nlp.get_pipe_meta(name).assigns)


@pytest.mark.parametrize("name", COMPONENTS)
def test_alone_on_a_blank_pipeline_a_factory_lacks_all_it_requires(name):
    assert requires(name)
    assert problems(blank(name)) == {name: requires(name)}


@pytest.mark.parametrize("index", range(len(COMPONENTS)))
def test_a_factory_goes_after_the_parse_and_the_workbench_components_it_needs(index):
    name = COMPONENTS[index]
    assert problems(blank(*PARSE, *COMPONENTS[: index + 1])) == {}
    # Straight after the parse, it lacks what the workbench components before it assign.
    before = {a for other in COMPONENTS[:index] for a in assigns(other)}
    missing = [a for a in requires(name) if a in before]
    assert problems(blank(*PARSE, name)) == ({name: missing} if missing else {})
    # Every workbench component but the first needs one before it: the order is not free.
    assert bool(missing) == (index > 0)


def test_no_component_needs_one_after_it():
    for index, name in enumerate(COMPONENTS):
        later = {a for other in COMPONENTS[index + 1 :] for a in assigns(other)}
        assert not set(requires(name)) & later, name


def test_pos_comes_from_the_attribute_ruler_before_the_claims(nlp):
    # token.pos is read by the claim finder and attribution but declared by nobody:
    # en_core_web_sm's attribute_ruler sets it from the tags and declares no assigns.
    text = "The minister said that exports fell."
    assert all(t.pos_ for t in nlp(text))
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", *COMPONENTS]):
        assert not any(t.pos_ for t in nlp(text))


def test_each_component_sets_what_it_assigns_and_nothing_later(nlp):
    doc = nlp.make_doc("The trade minister, Anna Berg, said that exports fell by 12 percent.")
    span_exts = {
        name: [a.split(".")[-1] for a in assigns(name) if a.startswith("span._.")]
        for name in COMPONENTS
    }
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name not in COMPONENTS:
            continue
        (span,) = doc.spans[SPAN_KEY]
        index = COMPONENTS.index(name)
        for ext in span_exts[name]:
            assert Span.has_extension(ext)
        for later in COMPONENTS[index + 1 :]:
            for ext in span_exts[later]:
                default = Span.get_extension(ext)[0]
                assert getattr(span._, ext) == default, (name, ext)
    (span,) = doc.spans[SPAN_KEY]
    assert span._.wb_start == 0
    assert span._.wb_attribution.speaker == span._.wb_speaker == "Anna Berg"
    assert span._.wb_content == "Exports fell by 12 percent."
    assert [r.render() for r in span._.wb_reasons][-1].startswith("classifier: ")
    assert span._.wb_score > 0.5


def test_scoring_a_batch_is_scoring_each_paragraph(nlp):
    # The classifier runs once per batch in nlp.pipe, once per doc in nlp(text).
    texts = [
        "The ministry said that 40 people died in the floods on Monday.",
        "Prices may rise. The council will vote on the new law next week.",
    ]

    def scored(docs):
        return [(s._.wb_score, s._.wb_reasons) for d in docs for s in d.spans[SPAN_KEY]]

    assert scored(nlp.pipe(texts, batch_size=2)) == scored(nlp(t) for t in texts)


# -- each component on its own sentences ------------------------------------------------


def claims_of(nlp, text):
    doc = nlp(text)  # held here: a span group does not keep its doc alive
    return list(doc.spans[SPAN_KEY])


def test_the_claim_finder_splits_statements_and_links_the_second_to_the_first(nlp):
    first, second = claims_of(
        nlp, "Mayor Tom Hill said the bridge was closed in 2022, and the repairs will cost "
        "3 million dollars."
    )  # fmt: skip
    assert first.text == "Mayor Tom Hill said the bridge was closed in 2022"
    assert first._.wb_first_part is None
    assert second._.wb_first_part == (first.start, first.end)
    assert claims_of(nlp, "Did the minister say that exports fell by 12 percent?") == []


def test_the_claim_and_its_speaker_start_after_a_dateline(nlp):
    tag = "LIVE - "
    (span,) = claims_of(nlp, tag + "Prime Minister Boris Johnson says the shops will reopen.")
    assert span.text.startswith(tag)
    assert span._.wb_start == span.start_char + len(tag)
    assert span._.wb_attribution.speaker == tag + "Prime Minister Boris Johnson"
    assert span._.wb_speaker == "Prime Minister Boris Johnson"


def test_a_second_statement_keeps_the_speaker_of_the_first_without_its_frame(nlp):
    first, second = claims_of(
        nlp, "Mayor Tom Hill said the bridge was closed in 2022, and the repairs will cost "
        "3 million dollars."
    )  # fmt: skip
    assert first._.wb_attribution.frame == first[3].i  # "said"
    assert second._.wb_attribution.speaker == "Mayor Tom Hill"
    assert second._.wb_attribution.frame is None
    # Also when the first statement is not a claim of its own (a broken sentence's tail).
    (tail,) = claims_of(
        nlp, "in the morning Lavrov said the talks had stalled, and the army will leave the "
        "city by May."
    )  # fmt: skip
    assert tail._.wb_speaker == "Lavrov" and tail._.wb_attribution.cue == "said"


def test_the_stand_alone_claim_drops_the_frame(nlp):
    (span,) = claims_of(nlp, "Russia insists that transport only hampers the delivery of arms.")
    assert span._.wb_content == "Transport only hampers the delivery of arms."
    (span,) = claims_of(nlp, "Senator Paul Grant said he voted against the 2019 budget.")
    assert span._.wb_content == "He voted against the 2019 budget."
    assert span._.wb_content_pronoun == "he"


def test_speakers_are_resolved_across_paragraphs(nlp):
    from workbench.extract.speakers import Resolved, Speakers

    docs = list(
        nlp.pipe([
            "Dmitry Peskov, the Kremlin spokesman, said that the talks had stalled.",
            "He added that the talks would resume in May.",
            "The spokesman said that the army had left the city.",
            "“The army will not return to the city before the winter.”",
        ])
    )  # fmt: skip
    speakers = Speakers()
    resolved = [
        speakers.paragraph(doc.text, list(doc.spans[SPAN_KEY]), docs[i + 1 :])
        for i, doc in enumerate(docs)
    ]
    assert resolved == [
        [Resolved("Dmitry Peskov", None, "explicit")],
        [Resolved("Dmitry Peskov", "He", "pronoun")],
        [Resolved("Dmitry Peskov", "The spokesman", "description")],
        # a paragraph opening a quotation continues it
        [Resolved("Dmitry Peskov", None, "quotation")],
    ]
