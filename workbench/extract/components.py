"""spaCy components: sentence-level claim finding, attribution and scoring.

``workbench_claims`` runs after the parser and NER of an English pipeline and
puts the sentences that state something checkable in ``doc.spans["wb_claims"]``,
each with its score, reasons, speaker and cue as span extensions. What needs
the whole article (a pronoun that points at the last speaker) is resolved
afterwards by ``workbench.extract.pipeline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

SPAN_KEY = "wb_claims"

for _name, _default in (
    ("wb_score", 0.0),
    ("wb_reasons", None),
    ("wb_speaker", None),
    ("wb_speaker_is_pronoun", False),
    ("wb_cue", None),
    ("wb_quote", False),
    ("wb_start", None),
    ("wb_subject", None),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

#: Verbs that report speech or a stated position ("X said that ...").
REPORTING_VERBS = frozenset(
    (
        "say tell warn insist claim stress add note argue announce state accuse condemn "
        "describe reiterate emphasize emphasise assure explain suggest proclaim respond "
        "comment declare confirm deny admit allege report reply answer believe consider "
        "demand urge write acknowledge maintain point underline recall threaten promise "
        "predict estimate"
    ).split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT"})
_HEDGES = frozenset(
    ("may might could perhaps possibly probably likely reportedly allegedly").split()
)
_OPINION = frozenset(
    ["should", "must", "ought", "think", "feel", "hope", "wish", "obviously", "clearly"]
)
_LEGAL_CAUSAL = frozenset(
    (
        "law ban treaty agreement agreements convention illegal legal violation violate sign "
        "signed signatory signatories because cause caused result due sanction sanctions "
        "court ruling declaration membership"
    ).split()
)
_QUOTES = '"“”‘’«»'
# Double quotes, guillemets, or an opening single quote: ’ alone is usually an apostrophe.
_QUOTE_MARK = re.compile(r"[\"“”«»]|(?<!\w)‘")
_PREFIX = re.compile(
    r"^((?:UPDATE|BREAKING|EXCLUSIVE|WATCH|VIDEO|LIVE|ANALYSIS)\s*[-–—:|]\s*"
    r"|[A-Z][A-Z .,'-]{2,40}\s*\([A-Za-z .]{1,20}\)\s*[-–—]\s*)"
)


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    pronoun: bool = False


def _speaker_span(head: Token) -> Span:
    """The name as the text gives it: the head with its compounds and modifiers,
    without relative clauses or appositions set off by commas."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if (
                child.dep_ in {"compound", "amod", "det", "poss", "nmod", "case", "flat"}
                or (child.dep_ == "prep" and child.i > head.i and child.text == "of")
                or (child.dep_ == "pobj" and tok.text == "of")
            ):
                keep.add(child.i)
                stack.append(child)
    return head.doc[min(keep) : max(keep) + 1]


def attribute(sent: Span) -> Attribution:
    """Who the sentence reports, if it reports anyone."""
    for tok in sent:
        # "according to X"
        if (
            tok.lower_ == "according"
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_ == "to"
        ):
            to = sent.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                span = _speaker_span(objs[0])
                return Attribution(span.text, "according to", objs[0].lower_ in _PRONOUNS)
        # "In his words", "In her view"
        if tok.lower_ == "in" and tok.i + 2 < sent.end:
            nxt, obj = sent.doc[tok.i + 1], sent.doc[tok.i + 2]
            if nxt.lower_ in {"his", "her", "their"} and obj.lower_ in {"words", "view", "opinion"}:
                return Attribution(nxt.text, f"in {nxt.lower_} {obj.lower_}", True)
    candidates = [
        tok for tok in sent if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS
    ]
    # The main verb first: "X said that Y claimed ..." is X's claim.
    candidates.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in candidates:
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects and subjects[0].dep_ == "nsubj":
            subj = subjects[0]
            span = _speaker_span(subj)
            return Attribution(span.text, verb.text, subj.lower_ in _PRONOUNS)
    return Attribution(None, None)


def named_subject(sent: Span) -> str | None:
    """The named person or organisation the sentence is about ("Liz Truss gave ..."),
    so that a later "she argued" can be resolved to it."""
    root = sent.root
    for child in root.children:
        if child.dep_ == "nsubj" and child.pos_ == "PROPN":
            return _speaker_span(child).text
    return None


def is_claim(sent: Span) -> bool:
    """A sentence that states something: enough words, a verb, not a question."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4:
        return False
    if sent.text.rstrip(_QUOTES + " ").endswith("?"):
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in sent)


def score(sent: Span, attribution: Attribution) -> tuple[float, list[str]]:
    """Check-worthiness from readable signals, with the reasons in words."""
    value = 0.35
    reasons: list[str] = []
    ents = list(sent.ents)
    if any(e.label_ in _NUMERIC_ENTS for e in ents) or any(t.like_num for t in sent):
        value += 0.15
        reasons.append("+ states a number or quantity")
    if any(e.label_ in _TIME_ENTS for e in ents):
        value += 0.08
        reasons.append("+ names a date or time")
    actors = sorted({e.text for e in ents if e.label_ in _ACTOR_ENTS})
    if actors:
        value += min(0.16, 0.06 * len(actors))
        reasons.append("+ names " + ", ".join(actors[:4]))
    if attribution.speaker:
        value += 0.08
        reasons.append(f"+ attributed to {attribution.speaker} ({attribution.cue})")
    lemmas = {t.lemma_.lower() for t in sent}
    if lemmas & _LEGAL_CAUSAL:
        value += 0.08
        reasons.append("+ legal or causal statement")
    if any(t.tag_ in {"JJR", "RBR", "JJS", "RBS"} for t in sent):
        value += 0.05
        reasons.append("+ makes a comparison")
    lowers = {t.lower_ for t in sent}
    if lowers & _HEDGES:
        value -= 0.1
        reasons.append("- hedged (" + ", ".join(sorted(lowers & _HEDGES)) + ")")
    if lemmas & _OPINION:
        value -= 0.1
        reasons.append("- opinion or obligation (" + ", ".join(sorted(lemmas & _OPINION)) + ")")
    if "will" in lowers or "going to" in sent.text.lower():
        value -= 0.05
        reasons.append("- prediction (future tense)")
    return max(0.01, min(0.99, round(value, 3))), reasons


@Language.factory("workbench_claims", default_config={"min_words": 4})
class ClaimFinder:
    """Marks the claim sentences of a paragraph and explains each one."""

    def __init__(self, nlp: Language, name: str, min_words: int) -> None:
        self.name = name
        self.min_words = min_words

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for sent in doc.sents:
            if not is_claim(sent):
                continue
            attribution = attribute(sent)
            value, reasons = score(sent, attribution)
            sent._.wb_score = value
            sent._.wb_reasons = reasons
            sent._.wb_speaker = attribution.speaker
            sent._.wb_speaker_is_pronoun = attribution.pronoun
            sent._.wb_cue = attribution.cue
            sent._.wb_quote = _QUOTE_MARK.search(sent.text) is not None
            prefix = _PREFIX.match(sent.text)
            sent._.wb_start = sent.start_char + (prefix.end() if prefix else 0)
            if prefix and attribution.speaker and attribution.speaker.startswith(prefix.group()):
                sent._.wb_speaker = attribution.speaker[len(prefix.group()) :] or None
            sent._.wb_subject = named_subject(sent)
            spans.append(sent)
        doc.spans[SPAN_KEY] = spans
        return doc
