"""spaCy components: sentence-level claim finding, attribution and scoring.

``workbench_claims`` runs after the parser and NER of an English pipeline and
puts the sentences that state something checkable in ``doc.spans["wb_claims"]``,
each with its score, reasons, speaker and cue as span extensions. What needs
the whole article (a pronoun that points at the last speaker) is resolved
afterwards by ``workbench.extract.pipeline``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from workbench.extract.checkworthiness import DEFAULT_MODEL, Classifier, combine
from workbench.extract.reasons import Kind, Reason

SPAN_KEY = "wb_claims"

for _name, _default in (
    ("wb_score", 0.0),
    ("wb_reasons", None),
    ("wb_speaker", None),
    ("wb_speaker_is_pronoun", False),
    ("wb_cue", None),
    ("wb_start", None),
    ("wb_subject", None),
    ("wb_person", False),
    ("wb_content", None),
    ("wb_content_pronoun", None),
    ("wb_quote_span", None),
    ("wb_source", None),
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
        "predict estimate call"
    ).split()
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_TIME_ENTS = frozenset({"DATE", "TIME"})
_GROUP_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
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
_OPEN_MARK = re.compile(r"[\"“«]|(?<!\w)‘")
_PREFIX = re.compile(
    r"^((?:UPDATE|BREAKING|EXCLUSIVE|WATCH|VIDEO|LIVE|ANALYSIS)\s*[-–—:|]\s*"
    r"|[A-Z][A-Z .,'-]{2,40}\s*\([A-Za-z .]{1,20}\)\s*[-–—]\s*)"
)


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    cue: str | None
    pronoun: bool = False
    #: The speaker names a person (a PERSON entity), so a later "the spokesman" can be them.
    person: bool = False
    #: The reporting verb ("said") or "according", for cutting the attribution frame off.
    frame: Token | None = None


#: Nouns that describe a person by role: "the spokesman said" is the spokesman last named.
ROLE_NOUNS = frozenset(
    (
        "spokesman spokeswoman spokesperson minister secretary general diplomat president "
        "chancellor ambassador envoy official premier director chief commander"
    ).split()
)
_TEMPORAL = frozenset("morning afternoon evening night day week today yesterday".split())


def _speaker_span(head: Token) -> Span:
    """The name as the text gives it: the head with its compounds and modifiers,
    without relative clauses or appositions set off by commas."""
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if (
                child.dep_ in {"compound", "amod", "det", "poss", "nmod", "case", "flat", "cc"}
                or (child.dep_ == "conj" and child.pos_ == "PROPN")
                or (child.dep_ == "prep" and child.i > head.i and child.text == "of")
                or (child.dep_ == "pobj" and tok.text == "of")
            ):
                keep.add(child.i)
                stack.append(child)
    return head.doc[min(keep) : max(keep) + 1]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it hangs from: "She went on to demand",
    "..., adding that", "..., saying that"."""
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0] if subjects[0].dep_ == "nsubj" else None
        if verb.dep_ not in {"xcomp", "advcl", "conj"} or verb.head is verb:
            return None
        verb = verb.head
    return None


_TEMPORAL_MARKS = frozenset("after before when while as since because if until".split())


def _inside_quote(sent: Span, token: Token) -> bool:
    # From the start of the paragraph: a quotation may open a sentence earlier.
    before = sent.doc[: token.i].text
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker(subj: Token, cue: str, frame: Token) -> Attribution:
    if subj.ent_type_ in _TIME_ENTS or subj.lower_ in _TEMPORAL:
        # "This morning in Vilnius, the director ..., Amanda Sloat, said": the subject the
        # parser finds is the time; the speaker is the person named inside that phrase.
        people = [t for t in subj.subtree if t.ent_type_ == "PERSON"]
        if not people:
            return Attribution(None, None)
        ent = next(e for e in subj.doc.ents if e.start <= people[0].i < e.end)
        return Attribution(ent.text, cue, False, True, frame)
    span = _speaker_span(subj)
    named = [c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"]
    if named and not any(t.ent_type_ == "PERSON" for t in span):
        # "the trade commissioner, Anna Berg, said": the name, not the role.
        span = _speaker_span(named[0])
    person = any(t.ent_type_ == "PERSON" for t in span) or (
        subj.pos_ == "PROPN" and subj.ent_type_ not in _GROUP_ENTS and span[0].lower_ != "the"
    )
    return Attribution(span.text, cue, subj.lower_ in _PRONOUNS, person, frame)


def attribute(sent: Span) -> Attribution:
    """Who the sentence reports, if it reports anyone."""
    candidates = [
        tok for tok in sent if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS
    ]
    # The main verb first: "X said that Y claimed ..." is X's claim.
    candidates.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in candidates:
        if verb.lemma_.lower() == "call" and not any(c.lower_ == "on" for c in verb.children):
            continue  # "called on X to ..." reports a demand; "calls for" and "called X" do not
        if _inside_quote(sent, verb) or any(
            c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS and c.i >= sent.start
            for c in verb.children
        ):
            # Words inside a quotation are the speaker's own; "after X called on ..."
            # dates the sentence, it does not attribute it.
            continue
        subj = _subject(verb)
        if subj is not None and sent.start <= subj.i < sent.end:
            # Checked before "according to": in "According to Reuters, the ministry
            # said: ...", Reuters is the source and the ministry the speaker.
            return _speaker(subj, verb.text, verb)
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
                return _speaker(objs[0], "according to", tok)
        # "In his words", "In her view"
        if tok.lower_ == "in" and tok.i + 2 < sent.end:
            nxt, obj = sent.doc[tok.i + 1], sent.doc[tok.i + 2]
            if nxt.lower_ in {"his", "her", "their"} and obj.lower_ in {"words", "view", "opinion"}:
                return Attribution(nxt.text, f"in {nxt.lower_} {obj.lower_}", True, False, tok)
    return Attribution(None, None)


def _drop(tokens: list[Token], out: set[int]) -> list[Token]:
    """``tokens`` without the indices in ``out`` and without the commas and colons
    that set the removed words off: "A, according to X, B" is "A B"."""
    out = set(out)
    removed = [k for k, t in enumerate(tokens) if t.i in out]
    if removed:
        first, last = removed[0], removed[-1]
        before = tokens[first - 1] if first > 0 else None
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if after is not None and after.text in ",:;" and (before is None or before.text == ","):
            out.add(after.i)
        if before is not None and before.text in ",:;" and (after is None or after.is_punct):
            out.add(before.i)
    return [t for t in tokens if t.i not in out]


def content(sent: Span, attribution: Attribution) -> list[Token]:
    """The reported proposition: the sentence without its attribution frame.

    "X said that Y" gives Y; "“Y,” X said" gives Y; "Y, according to X" gives Y;
    "Russia, he said, has ..." gives "Russia has ...". Anything else is the sentence.
    """
    tokens = list(sent)
    frame = attribution.frame
    if frame is None:
        return tokens
    if frame.lower_ == "according" or frame.lower_ == "in":
        if frame.lower_ == "in":
            out = {frame.i, frame.i + 1, frame.i + 2}
        else:
            out = {t.i for t in frame.subtree}
        return _drop(tokens, out)
    clauses = [c for c in frame.children if c.dep_ == "ccomp" and sent.start <= c.i < sent.end]
    if clauses:
        clause = max(clauses, key=lambda c: len(list(c.subtree)))
        inner = [
            t for t in clause.subtree
            if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ in {"that", "whether"})
        ]  # fmt: skip
        if inner and inner[0].lower_ == "that" and inner[0].dep_ == "mark":
            inner = inner[1:]  # "that" attached lower in the clause than its root
        if sum(t.is_alpha for t in inner) >= 3:
            return inner
    if frame.dep_ in {"parataxis", "advcl"} and frame.head.dep_ == "ROOT":
        subtree = {t.i for t in frame.subtree}
        if len(subtree) <= 5:  # a parenthetical ", he said," and nothing more
            return _drop(tokens, subtree)
    subj = _subject(frame)
    if subj is not None and frame.dep_ == "ROOT":
        # "“...,” he added." / "“...,” the spokesman said.": the quotation before the frame.
        cut = min(subj.left_edge.i, frame.i)
        before = [t for t in tokens if t.i < cut]
        if sum(t.is_alpha for t in before) >= 3 and any(t.is_quote for t in before):
            return before
    return tokens


_EDGE = _QUOTES + " ,;:-–—"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and text.count('"') % 2 == 0


def content_text(tokens: list[Token]) -> str:
    """Readable text from content tokens: quote marks left unmatched by the cut removed,
    a capital first letter, a full stop."""
    parts = []
    for prev, tok in zip([None, *tokens], tokens, strict=False):
        if prev is not None and not prev.whitespace_ and tok.i != prev.i + 1:
            parts.append(" ")  # words were cut out between them
        parts.append(tok.text_with_ws)
    text = "".join(parts).strip().lstrip(_EDGE).rstrip(_EDGE + ".")
    if not _balanced(text):
        text = text.replace("“", "").replace("”", "").replace('"', "")
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def split(sent: Span) -> list[Span]:
    """Coordinated independent statements as separate parts: "Macron said A, while
    Starmer said B" and "A, and B" where B has a subject of its own."""
    root = sent.root
    for child in root.children:
        if child.i <= root.i or child.pos_ not in {"VERB", "AUX"}:
            continue
        if child.dep_ not in {"conj", "advcl"}:
            continue
        subj = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.lower_ in {"that", "which", "who"}:
            continue
        lead = [c for c in child.children if c.dep_ in {"cc", "mark"} and c.i < subj.i]
        if child.dep_ == "advcl" and not any(c.lower_ in {"while", "whereas"} for c in lead):
            continue  # "because ...", "when ...": one statement, not two
        cut = min(t.i for t in child.subtree)
        # A quotation that is still open at the cut belongs to one statement.
        before = sent.doc[sent.start : cut].text
        if before.count("“") != before.count("”") or before.count('"') % 2:
            continue
        second_start = max([cut, *[c.i + 1 for c in lead]])
        first_end = cut
        while first_end > sent.start and (sent.doc[first_end - 1].is_punct
                                          or sent.doc[first_end - 1].dep_ == "cc"):  # fmt: skip
            first_end -= 1
        first, second = sent.doc[sent.start : first_end], sent.doc[second_start : sent.end]
        if sum(t.is_alpha for t in first) >= 4 and sum(t.is_alpha for t in second) >= 4:
            return [first, *split(second)]
    return [sent]


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
            return _speaker_span(child).text
    return None


def is_claim(sent: Span) -> bool:
    """A sentence that states something: enough words, a verb, not a question."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4:
        return False
    if sent.text.rstrip(_QUOTES + " ").endswith("?"):
        return False
    if words[0].is_lower and words[0].pos_ in {"ADP", "CCONJ"} and words[0].i == sent.start:
        # "of the Russian Presidency, Dimitri Peskov, as reported by ...": the tail of a
        # sentence the page broke across paragraphs.
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in sent)


def score(sent: Span, attribution: Attribution) -> tuple[float, list[Reason]]:
    """Check-worthiness from readable signals, with the reasons."""
    value = 0.35
    reasons: list[Reason] = []
    ents = list(sent.ents)
    if any(e.label_ in _NUMERIC_ENTS for e in ents) or any(t.like_num for t in sent):
        value += 0.15
        reasons.append(Reason(Kind.NUMBER))
    if any(e.label_ in _TIME_ENTS for e in ents):
        value += 0.08
        reasons.append(Reason(Kind.DATE))
    actors = sorted({e.text for e in ents if e.label_ in _ACTOR_ENTS})
    if actors:
        value += min(0.16, 0.06 * len(actors))
        reasons.append(Reason(Kind.NAMES, words=tuple(actors)))
    if attribution.speaker:
        value += 0.08
        reasons.append(Reason.attributed(attribution.speaker, attribution.cue))
    lemmas = {t.lemma_.lower() for t in sent}
    if lemmas & _LEGAL_CAUSAL:
        value += 0.08
        reasons.append(Reason(Kind.LEGAL_CAUSAL))
    if any(t.tag_ in {"JJR", "RBR", "JJS", "RBS"} for t in sent):
        value += 0.05
        reasons.append(Reason(Kind.COMPARISON))
    lowers = {t.lower_ for t in sent}
    if lowers & _HEDGES:
        value -= 0.1
        reasons.append(Reason(Kind.HEDGED, words=tuple(sorted(lowers & _HEDGES))))
    if lemmas & _OPINION:
        value -= 0.1
        reasons.append(Reason(Kind.OPINION, words=tuple(sorted(lemmas & _OPINION))))
    if "will" in lowers or "going to" in sent.text.lower():
        value -= 0.05
        reasons.append(Reason(Kind.PREDICTION))
    return max(0.01, min(0.99, round(value, 3))), reasons


def classified(spans: list[Span], rule_scores: list[tuple[float, list[Reason]]],
               classifier: Classifier | None) -> list[tuple[float, list[Reason]]]:  # fmt: skip
    """The final scores: the rules mixed with the classifier's probability, when there is one."""
    if classifier is None or not spans:
        return rule_scores
    out = []
    for p, (value, reasons) in zip(classifier.probabilities(spans), rule_scores, strict=True):
        out.append((combine(p, value), [*reasons, Reason.classifier(p)]))
    return out


@Language.factory("workbench_claims", default_config={"classifier": "default"})
class ClaimFinder:
    """Marks the claim sentences of a paragraph and explains each one.

    ``classifier`` is a directory written by ``workbench train checkworthiness``,
    ``"default"`` for the packaged model, or ``""`` for the rules alone.
    """

    def __init__(self, nlp: Language, name: str, classifier: str) -> None:
        self.name = name
        self.classifier: Classifier | None = None
        if classifier:
            self.classifier = Classifier.load(
                DEFAULT_MODEL if classifier == "default" else classifier
            )

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        # One classifier call per batch of paragraphs rather than per paragraph.
        for batch in minibatch(docs, size=batch_size):
            found = [self._find(doc) for doc in batch]
            spans = [s for sents in found for s, _ in sents]
            rules = [score(s, a) for sents in found for s, a in sents]
            scored = iter(classified(spans, rules, self.classifier))
            for doc, sents in zip(batch, found, strict=True):
                self._mark(doc, sents, [next(scored) for _ in sents])
                yield doc

    def __call__(self, doc: Doc) -> Doc:
        sents = self._find(doc)
        rules = [score(s, a) for s, a in sents]
        self._mark(doc, sents, classified([s for s, _ in sents], rules, self.classifier))
        return doc

    def _find(self, doc: Doc) -> list[tuple[Span, Attribution]]:
        found = []
        for sent in doc.sents:
            parts = split(sent)
            first = attribute(parts[0])
            for k, part in enumerate(parts):
                attribution = first if k == 0 else attribute(part)
                if k and attribution.speaker is None and first.speaker:
                    # "He claimed that A, while B": B is still what he claimed.
                    attribution = replace(first, frame=None)
                if is_claim(part):
                    found.append((part, attribution))
        return found

    def _mark(self, doc: Doc, sents: list[tuple[Span, Attribution]],
              scores: list[tuple[float, list[Reason]]]) -> None:  # fmt: skip
        spans: list[Span] = []
        for (sent, attribution), (value, reasons) in zip(sents, scores, strict=True):
            sent._.wb_score = value
            sent._.wb_reasons = reasons
            sent._.wb_speaker = attribution.speaker
            sent._.wb_speaker_is_pronoun = attribution.pronoun
            sent._.wb_cue = attribution.cue
            prefix = _PREFIX.match(sent.text)
            sent._.wb_start = sent.start_char + (prefix.end() if prefix else 0)
            if prefix and attribution.speaker and attribution.speaker.startswith(prefix.group()):
                sent._.wb_speaker = attribution.speaker[len(prefix.group()) :] or None
            sent._.wb_subject = named_subject(sent)
            sent._.wb_person = attribution.person
            said = content(sent, attribution)
            sent._.wb_content = content_text(said)
            first = next((t for t in said if not t.is_punct), None)
            if first is not None and first.lower_ in _PRONOUNS and first.dep_ == "nsubj":
                sent._.wb_content_pronoun = first.text
            sent._.wb_quote_span = quote_span(sent)
            if sent._.wb_quote_span and not attribution.speaker:
                # "The document calls for “...”": what a run-on quote that follows continues.
                subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
                if (subj is not None and subj.pos_ in {"NOUN", "PROPN"}
                        and subj.left_edge.idx < sent._.wb_quote_span[0]):  # fmt: skip
                    sent._.wb_source = _speaker_span(subj).text
            spans.append(sent)
        doc.spans[SPAN_KEY] = spans
