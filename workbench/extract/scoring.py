"""Check-worthiness of each claim: readable rules mixed with the classifier.

``workbench_checkworthiness`` runs last. The rules look at the sentence and its
attribution; the classifier (``workbench.extract.checkworthiness``) is called once
per batch of paragraphs, on the parse already made. What they found is kept on the
span (``span._.wb_signals``) so that ``with_vectors`` can score the claims again
with the sentence vectors, when the caller has an encoder (``extract`` imports no
encoder itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from workbench.extract.attribution import TIME_ENTS, Attribution
from workbench.extract.checkworthiness import DEFAULT_MODEL, Classifier, combine
from workbench.extract.claims import SPAN_KEY
from workbench.extract.entities import ents_of
from workbench.extract.head import NEWS_PRIOR, Head, SentenceEncoder, Signals
from workbench.extract.reasons import Kind, Reason

NAME = "workbench_checkworthiness"

for _name, _default in (
    ("wb_score", 0.0),
    ("wb_reasons", None),
    ("wb_signals", None),
    ("wb_vector", None),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)

_NUMERIC_ENTS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
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

#: Verbs that make a future statement an announcement of a decision or a plan: what
#: was announced is checkable, unlike a forecast ("The G7 will announce ...").
_ANNOUNCING = frozenset(
    "announce confirm schedule plan unveil launch approve agree decide set".split()
)
#: Verbs of demanding: "X called on Y to ...", "urged", "demanded" ask for an act.
_DEMANDING = frozenset("urge demand appeal implore".split())
_CALLING_FOR = frozenset({"on", "for", "upon"})
#: First-person verbs of opinion ("I believe", "we love"): a view, not a fact.
_VIEW_VERBS = frozenset("believe think feel love hate want hope wish".split())
_FIRST_PERSON = frozenset({"i", "we"})
_FUTURE = frozenset({"will", "shall", "'ll"})

Scored = tuple[float, list[Reason]]
Floats = npt.NDArray[np.float32]


def _future(sent: Span) -> bool:
    return any(t.lower_ in _FUTURE and t.tag_ == "MD" for t in sent) or (
        "going to" in sent.text.lower()
    )


def _demand(sent: Span, lemmas: set[str]) -> bool:
    if lemmas & _DEMANDING:
        return True
    # "called on the Allies to", "calls for a ban": call + on/for as its particle or preposition.
    for t in sent:
        if t.lemma_.lower() == "call" and any(c.lower_ in _CALLING_FOR for c in t.children):
            return True
    # An imperative: the sentence's root is a bare verb with no subject ("Stop the war.").
    root = sent.root
    return (
        root.tag_ == "VB"
        and root.i == sent.start
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
    )


def _rhetoric(sent: Span) -> bool:
    if "!" in sent.text:
        return True
    # "I believe ...", "We love ...": a first-person subject of a verb of opinion.
    return any(
        t.lemma_.lower() in _VIEW_VERBS
        and any(c.dep_ == "nsubj" and c.lower_ in _FIRST_PERSON for c in t.children)
        for t in sent
    )


def score(sent: Span, attribution: Attribution) -> Scored:
    """Check-worthiness from readable signals, with the reasons."""
    value = 0.35
    reasons: list[Reason] = []
    ents = ents_of(sent)
    if any(e.label_ in _NUMERIC_ENTS for e in ents) or any(t.like_num for t in sent):
        value += 0.15
        reasons.append(Reason(Kind.NUMBER))
    if any(e.label_ in TIME_ENTS for e in ents):
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
    if _future(sent):
        # A plan with a date or an announcing verb is news (leads often are): what was
        # announced can be checked. Other future statements are forecasts.
        if lemmas & _ANNOUNCING or any(e.label_ in TIME_ENTS for e in ents):
            value += 0.05
            reasons.append(Reason(Kind.ANNOUNCEMENT))
        else:
            value -= 0.05
            reasons.append(Reason(Kind.PREDICTION))
    if _demand(sent, lemmas):
        value -= 0.1
        reasons.append(Reason(Kind.DEMAND))
    if _rhetoric(sent):
        value -= 0.1
        reasons.append(Reason(Kind.RHETORIC))
    return max(0.01, min(0.99, round(value, 3))), reasons


def classified(spans: list[Span], rule_scores: list[Scored],
               classifier: Classifier | None) -> list[Scored]:  # fmt: skip
    """The final scores: the rules mixed with the classifier's probability, when there is
    one. Each span keeps its signals for ``with_vectors``."""
    if classifier is None or not spans:
        return rule_scores
    out = []
    for span, p, (value, reasons) in zip(
        spans, classifier.probabilities(spans), rule_scores, strict=True
    ):
        span._.wb_signals = Signals(p, value, tuple(reasons))
        out.append((combine(p, value), [*reasons, Reason.classifier(p)]))
    return out


class Rescorer:
    """Scores claims again with their sentence vectors (see ``with_vectors``)."""

    def __init__(self, encoder: SentenceEncoder, head: Head) -> None:
        self.encoder = encoder
        self.head = head

    @staticmethod
    def scorable(spans: Iterable[Span]) -> list[Span]:
        """The spans the component scored with the classifier (they have signals)."""
        return [s for s in spans if s._.wb_signals is not None]

    def encode(self, spans: list[Span]) -> Floats:
        """The vectors of ``scorable`` spans' texts: what ``__call__`` needs, made ahead
        (in another thread, while spaCy parses the next paragraphs)."""
        return self.encoder.encode([s.text for s in spans])

    def __call__(self, spans: list[Span], vectors: Floats | None = None) -> None:
        """Score ``spans`` (their scorable ones; ``vectors`` are those ones' from
        ``encode``, or None to encode them now). Each keeps the vector of its text
        (``span._.wb_vector``), so that it is not encoded again for matching."""
        spans = self.scorable(spans)
        if not spans:
            return
        if vectors is None:
            vectors = self.encode(spans)
        signals = [s._.wb_signals for s in spans]
        probabilities = self.head.predict(vectors, signals, prior=NEWS_PRIOR)
        for span, sig, p, vector in zip(spans, signals, probabilities, vectors, strict=True):
            span._.wb_vector = vector
            span._.wb_score = max(0.01, min(0.99, round(float(p), 3)))
            span._.wb_reasons = [*sig.reasons, Reason.classifier(float(p))]


def with_vectors(nlp: Language, encoder: SentenceEncoder | None) -> Rescorer | None:
    """What scores claims again with their sentence vectors, or None when there is no
    encoder or the pipeline's classifier has no head (rules alone, or a model trained
    without vectors): then the scores stay as the component set them."""
    if encoder is None or NAME not in nlp.pipe_names:
        return None
    classifier = nlp.get_pipe(NAME).classifier  # type: ignore[attr-defined]
    head = classifier.head if classifier is not None else None
    if head is None:
        return None
    return Rescorer(encoder, head)


# token.like_num and token.lower are lexical: no component assigns them.
@Language.factory(
    NAME,
    default_config={"classifier": "default"},
    assigns=["span._.wb_score", "span._.wb_reasons"],
    requires=["doc.spans", "span._.wb_attribution", "doc.ents", "token.lemma", "token.tag"],
)
class CheckWorthiness:
    """Scores each claim and gives the reasons (``span._.wb_score``, ``span._.wb_reasons``).

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
        for batch in minibatch(docs, size=batch_size):  # type: ignore[no-untyped-call]
            claims = [list(doc.spans[SPAN_KEY]) for doc in batch]
            spans = [s for group in claims for s in group]
            rules = [score(s, s._.wb_attribution) for s in spans]
            scored = iter(classified(spans, rules, self.classifier))
            for doc, group in zip(batch, claims, strict=True):
                _mark(group, [next(scored) for _ in group])
                yield doc

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[SPAN_KEY])
        rules = [score(s, s._.wb_attribution) for s in spans]
        _mark(spans, classified(spans, rules, self.classifier))
        return doc


def _mark(spans: list[Span], scores: list[Scored]) -> None:
    for span, (value, reasons) in zip(spans, scores, strict=True):
        span._.wb_score = value
        span._.wb_reasons = reasons
