"""Who said it, across an article: pronouns, role descriptions, run-on quotations.

The components attribute each sentence on its own (``span._.wb_speaker``); here the
claims of a document are read in order, so that "he added" is the person last
named, "the spokesman" the spokesman named before (or just after), and the
sentences of one quotation, or a paragraph that opens a quotation, get the
speaker of that quotation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from workbench.extract.attribution import ROLE_NOUNS

_OPENING = frozenset('“"«‘')


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


class Speakers:
    """Who was last named, for pronouns ("he added"), role descriptions ("the
    spokesman said") and run-on quotations."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.person: str | None = None
        self.quoted: str | None = None
        self.named: list[str] = []
        #: (span start in the paragraph doc, whom a run-on quotation there continues)
        self._quoted_at: dict[int, str | None] = {}

    def paragraph(self, ptext: str, spans: list[Span], later: list[Doc]
                  ) -> list[tuple[str | None, str | None]]:  # fmt: skip
        """(speaker, the description it was resolved from) for each claim span of the
        paragraph ``ptext``, in order; ``later`` are the paragraphs after it."""
        self._quoted_at.clear()  # keyed by offsets within one paragraph
        resolved = []
        for span in spans:
            resolved.append(self.resolve(span, later))
            self.after(span, resolved[-1][0])
        _fill_quote_groups(ptext, spans, resolved)
        if ptext.lstrip()[:1] in _OPENING:
            # A paragraph that opens a quotation continues the quotation of the
            # paragraph before, unless it names its speaker ("“A.” “B,” X said.").
            for k, span in enumerate(spans):
                if resolved[k][0] or not span._.wb_quote_span:
                    continue
                named = next((r for r in resolved[k + 1 :] if r[0]), None)
                resolved[k] = (named[0] if named else self.quoted_before(span), None)
        return resolved

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
        described = head in ROLE_NOUNS or not any(w[:1].isupper() for w in words[1:])
        if words[0].lower() == "the" and described:
            match = next((n for n in reversed(self.named) if head in n.lower().split()
                          and n.lower() != raw.lower()), None)  # fmt: skip
            if match:
                return match, raw
            if head in ROLE_NOUNS:
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
