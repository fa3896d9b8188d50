"""Attribution: who a claim reports, by which cue, and the span of the quoted words.

``workbench_attribution`` runs after ``workbench_claims`` and reads one claim span
at a time. What needs the whole article (a pronoun or "the spokesman" that points
at a person named earlier) is resolved afterwards, in ``workbench.extract.speakers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from workbench.extract.claims import SPAN_KEY
from workbench.extract.frames import governs, headless, reports
from workbench.extract.lexicon import (
    AGENT_NOUNS,
    AGENT_SUFFIXES,
    REPORTING_VERBS,
    ROLE_NOUNS,
)
from workbench.extract.nominals import (
    CARRIERS,
    can_speak,
    names_person,
    never_speaks,
    owner,
    source_of,
    speaker_span,
)
from workbench.extract.quotes import open_quotes

NAME = "workbench_attribution"


@dataclass(frozen=True)
class Attribution:
    """Who a sentence reports, as the sentence names them."""

    speaker: str | None
    cue: str | None
    pronoun: bool = False
    #: The speaker names a person (a PERSON entity), so a later "the spokesman" can be them.
    person: bool = False
    #: The doc index of the reporting verb ("said"), "according" or "in" ("In his words"),
    #: for cutting the attribution frame off the claim.
    frame: int | None = None


for _name in ("wb_attribution", "wb_speaker", "wb_subject", "wb_quote_span", "wb_source"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
TIME_ENTS = frozenset({"DATE", "TIME"})
_TEMPORAL = frozenset("morning afternoon evening night day week today yesterday".split())
_TEMPORAL_MARKS = frozenset("after before when while as since because if until".split())
# Double quotes, guillemets, or an opening single quote: ’ alone is usually an apostrophe.
_OPEN_MARK = re.compile(r"[\"“«]|(?<!\w)‘")


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it hangs from: "She went on to demand",
    "..., adding that", "..., saying that"."""
    extraposed = False
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            # The nearest: "MOSCOW, July 12 (Wire) - The Kremlin said" has two.
            subj = min(subjects, key=lambda c: abs(c.i - verb.i))
            if extraposed and subj.lower_ == "it":
                return None  # "it was easy to write them off": a dummy, nobody's act
            return subj if subj.dep_ == "nsubj" else None
        extraposed = verb.dep_ == "xcomp" and verb.head.lemma_ == "be"
        if headless(verb):
            return verb.head
        if verb.dep_ not in {"xcomp", "advcl", "conj"} or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _inside_quote(sent: Span, token: Token) -> bool:
    # From the start of the paragraph: a quotation may open a sentence earlier.
    return open_quotes(sent.doc[: token.i].text) > 0


def _speaker(subj: Token, cue: str, frame: Token) -> Attribution:
    if subj.ent_type_ in TIME_ENTS or subj.lower_ in _TEMPORAL:
        # "This morning in Vilnius, the director ..., Amanda Sloat, said": the subject the
        # parser finds is the time; the speaker is the person named inside that phrase.
        people = [t for t in subj.subtree if t.ent_type_ == "PERSON"]
        if not people:
            return Attribution(None, None)
        ent = next(e for e in subj.doc.ents if e.start <= people[0].i < e.end)
        return Attribution(ent.text, cue, False, True, frame.i)
    source = owner(subj)
    if source is not None:
        subj = source  # "The Wrap's report claims": The Wrap
    span = speaker_span(subj)
    named = [c for c in subj.subtree if c.dep_ == "appos" and c.pos_ == "PROPN"
             and (c.head.i == subj.i or _just_before(c, frame))]  # fmt: skip
    role = subj.lower_ in ROLE_NOUNS or subj.lower_.endswith(AGENT_SUFFIXES)
    if named and subj.pos_ != "PROPN" and not any(t.ent_type_ == "PERSON" for t in span):
        # "the trade commissioner, Anna Berg, said", "The group that owns most of her
        # music, Big Machine, says", and "The company that runs the AMAs, Dick Clark
        # Productions, denies" (where the parser hangs the name on "AMAs"): the name
        # set off by commas just before the verb, not the description.
        span = speaker_span(named[0])
        role = role and subj.lower_ not in AGENT_NOUNS - ROLE_NOUNS
    else:
        role = False
    if len(span) > 1 and span[-1].dep_ == "case":
        span = span[:-1]  # "the researchers' calculations": the researchers
    # A person when the phrase's head names one: "the Trump administration" does not.
    person = role or names_person(span)
    return Attribution(span.text, cue, subj.lower_ in PRONOUNS, person, frame.i)


def _just_before(name: Token, verb: Token) -> bool:
    """``name`` ends a comma-delimited phrase right before ``verb``: "..., NAME, said"."""
    after = name.right_edge.i + 1
    return after + 1 == verb.i and name.doc[after].text == ","


def _colon_quote(sent: Span) -> Attribution | None:
    """ "Jones disagreed: “The polls are against us.”": a quotation a colon introduces is
    the words of the subject of the clause before the colon, whatever its verb. The
    frame stays (None): what the clause says of them is part of the claim."""
    colon = next((t for t in sent if t.text == ":" and t.i + 1 < sent.end
                  and sent.doc[t.i + 1].text in {"“", '"'}), None)  # fmt: skip
    if colon is None or _inside_quote(sent, colon):
        return None
    verb = sent.root
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.i > colon.i or subj is None or never_speaks(subj) or not can_speak(subj):
        return None
    return replace(_speaker(subj, verb.text, verb), frame=None)


def _inverted(verb: Token, sent: Span) -> Token | None:
    """The speaker after the verb in "A, said the company's chair Marcelo Claure in an
    email", which the parser leaves without a subject: the last name before a
    preposition or comma."""
    last = None
    for tok in sent.doc[verb.i + 1 : sent.end]:
        if tok.pos_ in {"ADP", "PUNCT"} and tok.dep_ not in {"case", "compound"}:
            break
        if tok.pos_ == "PROPN" and tok.dep_ != "compound":
            last = tok
    return last


def attribute(sent: Span) -> Attribution:
    """Who the sentence reports, if it reports anyone."""
    candidates = [
        tok for tok in sent
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS and governs(tok)
        and reports(tok, sent)
    ]  # fmt: skip
    # The main verb first: "X said that Y claimed ..." is X's claim.
    candidates.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in candidates:
        if verb.lemma_.lower() == "call" and not any(
            (c.lower_ == "on" and c.i == verb.i + 1) or c.dep_ == "oprd" for c in verb.children
        ):
            # "called on X to ..." reports a demand and "called the report a hoax" a
            # judgement; "calls for" and "called X" (a phone call) do not.
            continue
        if _inside_quote(sent, verb) or any(
            c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS and c.i >= sent.start
            for c in verb.children
        ):
            # Words inside a quotation are the speaker's own; "after X called on ..."
            # dates the sentence, it does not attribute it.
            continue
        subj = subject_of(verb)
        frame: Token | None = verb
        if subj is None and verb.dep_ == "ROOT" and any(c.dep_ == "ccomp" and c.i < verb.i
                                                        for c in verb.children):  # fmt: skip
            subj = _inverted(verb, sent)
        elif subj is None and verb.dep_ == "parataxis" and verb.i + 1 < sent.end:
            # "This system, says Richard Locksley, an immunologist, helps ...": the name
            # right after the verb, which the parser made the subject of "helps". The frame
            # is left in (None): cutting it would need the apposition cut as well.
            after = sent.doc[verb.i + 1]
            subj = _inverted(verb, sent) if after.pos_ == "PROPN" else None
            frame = None
        if subj is not None and sent.start <= subj.i < sent.end:
            temporal = subj.ent_type_ in TIME_ENTS or subj.lower_ in _TEMPORAL
            if never_speaks(subj) or not (temporal or can_speak(subj)):
                continue
            # Checked before "according to": in "According to Reuters, the ministry
            # said: ...", Reuters is the source and the ministry the speaker.
            found = _speaker(subj, verb.text, verb)
            return found if frame is not None else replace(found, frame=None)
    introduced = _colon_quote(sent)
    if introduced is not None:
        return introduced
    for tok in sent:
        # "according to X"
        if (
            tok.lower_ == "according"
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_ == "to"
        ):
            to = sent.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs and objs[0].lower_ in CARRIERS:
                objs = source_of(objs[0]) or objs
            if objs and not never_speaks(objs[0]):
                return _speaker(objs[0], "according to", tok)
        # "In his words", "In her view"
        if tok.lower_ == "in" and tok.i + 2 < sent.end:
            nxt, obj = sent.doc[tok.i + 1], sent.doc[tok.i + 2]
            if nxt.lower_ in {"his", "her", "their"} and obj.lower_ in {"words", "view", "opinion"}:
                return Attribution(nxt.text, f"in {nxt.lower_} {obj.lower_}", True, False, tok.i)
    return Attribution(None, None)


def quote_span(sent: Span) -> tuple[int, int] | None:
    """Character offsets (in the doc) of the quoted words: from the first quotation
    mark to the last closing one, or to the end when the quotation runs on."""
    text = sent.text
    if _inside_quote(sent, sent[0]):
        # The quotation opened in an earlier sentence: "“A. B,” she said." for B.
        closing = min((i for i in (text.find("”"), text.find('"'), text.find("»")) if i >= 0),
                      default=len(text.rstrip()) - 1)  # fmt: skip
        return sent.start_char, sent.start_char + closing + 1
    opening = _OPEN_MARK.search(text)
    if opening is None:
        return None
    closing = max(text.rfind("”"), text.rfind('"'), text.rfind("»"))
    end = closing + 1 if closing > opening.start() else len(text.rstrip())
    return sent.start_char + opening.start(), sent.start_char + end


def named_subject(sent: Span) -> str | None:
    """The named person or organisation the sentence is about ("Liz Truss gave ..."),
    so that a later "she argued" can be resolved to it."""
    root = sent.root
    for child in root.children:
        if child.dep_ == "nsubj" and child.pos_ == "PROPN":
            return speaker_span(child).text
    return None


def attribute_claims(doc: Doc) -> Doc:
    """Explain each claim of ``doc`` with

    - ``span._.wb_attribution``: the ``Attribution`` as the sentence gives it;
    - ``span._.wb_speaker``: its speaker as the claim shows it, without the dateline
      the claim starts after ("LONDON (Reuters) - Boris Johnson" is "Boris Johnson");
    - ``span._.wb_subject``: the named subject, for resolving a later pronoun;
    - ``span._.wb_quote_span``: the quoted words' character offsets in the paragraph;
    - ``span._.wb_source``: the subject a run-on quotation after it continues, when the
      claim quotes without a speaker ("The document calls for “...”").
    """
    first_parts: dict[tuple[int, int], Attribution] = {}
    for span in doc.spans[SPAN_KEY]:
        attribution = attribute(span)
        first_part = span._.wb_first_part
        if first_part is None and attribution.speaker is None and span.end < span.sent.end:
            # "A was 41,640 while B was 31,627, according to InfoNation": the source at
            # the end of the sentence is the source of both statements.
            whole = attribute(span.sent)
            if whole.cue == "according to" and whole.frame is not None and whole.frame >= span.end:
                attribution = replace(whole, frame=None)
        if first_part is None:
            first_parts[(span.start, span.end)] = attribution
        elif attribution.speaker is None:
            # "He claimed that A, while B": B is still what he claimed.
            first = first_parts.get(first_part)
            if first is None:  # the first statement is not a claim itself
                first = attribute(doc[first_part[0] : first_part[1]])
            if first.speaker:
                attribution = replace(first, frame=None)
        _mark(span, attribution)
    return doc


def _mark(span: Span, attribution: Attribution) -> None:
    span._.wb_attribution = attribution
    speaker = attribution.speaker
    cut = span._.wb_start - span.start_char
    if (
        cut
        and speaker
        and speaker in span.text[:cut].rstrip(" -–—")
        and not speaker.startswith(span.text[:cut])
    ):
        speaker = None  # a wire dateline ("MOSCOW, July 12 (Wire) -") is never a speaker
    elif cut and speaker and speaker.startswith(span.text[:cut]):
        speaker = speaker[cut:] or None
    span._.wb_speaker = speaker
    span._.wb_subject = named_subject(span)
    quoted = span._.wb_quote_span = quote_span(span)
    if quoted and not attribution.speaker:
        # "The document calls for “...”": what a run-on quote that follows continues.
        subj = next((c for c in span.root.children if c.dep_ == "nsubj"), None)
        if (subj is not None and subj.pos_ in {"NOUN", "PROPN"}
                and subj.left_edge.idx < quoted[0]):  # fmt: skip
            span._.wb_source = speaker_span(subj).text


# token.pos is read too but not required: see workbench_claims.
@Language.factory(
    NAME,
    assigns=[
        "span._.wb_attribution",
        "span._.wb_speaker",
        "span._.wb_subject",
        "span._.wb_quote_span",
        "span._.wb_source",
    ],
    requires=[
        "doc.spans",
        "span._.wb_start",
        "span._.wb_first_part",
        "token.dep",
        "token.head",
        "token.lemma",
        "token.ent_type",
        "doc.ents",
    ],
)
def make_attribution(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return attribute_claims
