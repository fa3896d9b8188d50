"""Who said it, across an article: pronouns, role descriptions, run-on quotations.

The components attribute each sentence on its own (``span._.wb_speaker``); here the
claims of a document are read in order. A pronoun ("he added") is the nearest
person (or body, for "it" and "they") named before as a subject or speaker whose
gender fits, known from honorifics and from the pronouns used with the name; when
the nearest two fit equally, nobody. A description ("the spokesman", "the company")
is the person named in that role before (or just after), or the body last named.
The sentences of one quotation, or a paragraph that opens a quotation, get the
speaker of that quotation. ``canonical`` then names each speaker's person once
per document: "the spokesman", "Peskov" and "Dmitry Peskov" are Dmitry Peskov.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from workbench.extract.attribution import governs, speaker_span
from workbench.extract.lexicon import ROLE_NOUNS
from workbench.models import SpeakerHow

_OPENING = frozenset('“"«‘')
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "ms": "f", "ms.": "f", "mrs": "f",
               "mrs.": "f", "miss": "f", "dame": "f", "lady": "f"}  # fmt: skip
_GROUP_ENTS = frozenset({"ORG", "NORP", "GPE"})
#: Descriptions of a body: "the company said" is the body last named.
GROUP_NOUNS = frozenset(
    "company firm group label ministry department agency government council committee "
    "organisation organization office board team party union court administration "
    "commission".split()
)
#: How far back (in claims) a pronoun looks for its antecedent.
_REACH = 8


@dataclass(frozen=True)
class Resolved:
    """A claim's speaker as resolved across the article."""

    speaker: str | None = None
    #: The words the sentence names the speaker by, when they were resolved ("he",
    #: "the spokesman"); None when the sentence names them.
    mention: str | None = None
    how: SpeakerHow | None = None


@dataclass
class _Mention:
    name: str
    person: bool
    plural: bool
    at: int  # the claim's number in the document


def _balance(text: str) -> int:
    """How many quotations are open at the end of ``text``."""
    straight = text.count('"') % 2
    return (
        max(0, text.count("“") - text.count("”"))
        + max(0, text.count("«") - text.count("»"))
        + straight
    )


def _fill_quote_groups(ptext: str, spans: list[Span], resolved: list[Resolved]) -> None:
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
        named = [resolved[k] for k in group if resolved[k].speaker]
        if len(group) > 1 and named:
            for k in group:
                if not resolved[k].speaker:
                    resolved[k] = Resolved(named[-1].speaker, None, "quotation")


def _is_person(tokens: Span) -> bool:
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return True
    return (
        tokens.root.pos_ == "PROPN"
        and tokens.root.ent_type_ not in _GROUP_ENTS
        and (tokens[0].lower_ != "the")
    )


class Speakers:
    """What the article has named so far, for pronouns, descriptions and quotations."""

    def __init__(self) -> None:
        self.quoted: str | None = None
        self.mentions: list[_Mention] = []
        self.gender: dict[str, str] = {}  # a person's last name -> "m" or "f"
        self.named: list[str] = []
        self.count = 0
        #: (span start in the paragraph doc, whom a run-on quotation there continues)
        self._quoted_at: dict[int, str | None] = {}

    def paragraph(self, ptext: str, spans: list[Span], later: list[Doc]) -> list[Resolved]:
        """The speaker of each claim span of the paragraph ``ptext``, in order; ``later``
        are the paragraphs after it."""
        self._quoted_at.clear()  # keyed by offsets within one paragraph
        resolved = []
        for span in spans:
            self._learn_gender(span)
            resolved.append(self.resolve(span, later))
            self.after(span, resolved[-1])
        _fill_quote_groups(ptext, spans, resolved)
        if ptext.lstrip()[:1] in _OPENING:
            # A paragraph that opens a quotation continues the quotation of the
            # paragraph before, unless it names its speaker ("“A.” “B,” X said.").
            for k, span in enumerate(spans):
                if resolved[k].speaker or not span._.wb_quote_span:
                    continue
                named = next((r for r in resolved[k + 1 :] if r.speaker), None)
                if named:
                    resolved[k] = Resolved(named.speaker, None, "quotation")
                else:
                    before = self._quoted_at.get(span.start_char, self.quoted)
                    resolved[k] = Resolved(before, None, "quotation" if before else None)
        return resolved

    def resolve(self, span: Span, later: list[Doc]) -> Resolved:
        raw = span._.wb_speaker
        if not raw:
            return Resolved()
        if span._.wb_attribution.pronoun:
            found = self.antecedent(raw.lower())
            return Resolved(found, raw, "pronoun") if found else Resolved()
        words = raw.split()
        head = words[-1].lower()
        # "the Russian foreign ministry" names a body; "the ministry" describes one.
        described = head in ROLE_NOUNS or not any(w[:1].isupper() for w in words[1:])
        if words[0].lower() not in {"the", "a", "an"} or not described:
            return Resolved(raw, None, "explicit")
        # "the spokesman", "The Foreign Minister": a person named in that role before.
        # A role is a title in the name ("Kremlin spokesman Dmitry Peskov"); a body is
        # the name's last word ("the Russian foreign ministry"), not any word of it
        # ("foreign ministry spokesperson Maria Zakharova" is no ministry).
        match = next((n for n in reversed(self.named) if n.lower() != raw.lower()
                      and (head in n.lower().split() if head in ROLE_NOUNS
                           else n.lower().split()[-1] == head)), None)  # fmt: skip
        if match:
            return Resolved(match, raw, "description")
        if words[0].lower() != "the":
            return Resolved(raw, None, "explicit")  # "a spokesperson" is nobody named
        if head in ROLE_NOUNS:
            person = self._nearest_person() or _next_person(span, later)
            if person:
                return Resolved(person, raw, "description")
            return Resolved(raw, None, "explicit")
        if head in GROUP_NOUNS:
            # "the commission": a body named before with that word ("the regional health
            # commission"); any body at all would be a guess.
            body = next((m.name for m in reversed(self.mentions) if not m.person
                         and head in m.name.lower().split()
                         and m.name.lower() != raw.lower()), None)  # fmt: skip
            if body:
                return Resolved(body, raw, "description")
        return Resolved(raw, None, "explicit")

    def antecedent(self, pronoun: str) -> str | None:
        """The nearest fitting name before: a person of the pronoun's gender for he/she,
        a body for it, a body or several people for they; None when two fit equally."""
        # Mentions are in the order met, so the ones within reach are a tail of the list:
        # stop at the first beyond it (a long document has thousands before).
        near = list(itertools.takewhile(lambda m: self.count - m.at <= _REACH,
                                        reversed(self.mentions)))  # fmt: skip
        if pronoun in _MALE | _FEMALE:
            want = "m" if pronoun in _MALE else "f"
            fits = [m for m in near if m.person and not m.plural
                    and self.gender.get(_key(m.name), want) == want]  # fmt: skip
        elif pronoun == "it":
            fits = [m for m in near if not m.person and not m.plural]
        elif pronoun == "they":
            fits = [m for m in near if not m.person or m.plural]
        else:
            return None  # "I" and "we" outside a quotation: the writer, not a speaker
        if not fits:
            return None
        first = fits[0]
        rival = next((m for m in fits[1:] if _key(m.name) != _key(first.name)), None)
        if (rival is not None and rival.at == first.at
                and self.gender.get(_key(first.name)) is None):  # fmt: skip
            return None  # two people just named, neither known as he or she
        return first.name

    def fits(self, pronoun: str, speaker: str) -> bool:
        """``pronoun`` ("he", "she") can stand for ``speaker``: a person of that gender
        or of a gender not known ("the company says she ..." is someone else)."""
        mention = next((m for m in reversed(self.mentions) if m.name == speaker), None)
        if mention is None or not mention.person or mention.plural:
            return False
        want = "m" if pronoun.lower() in _MALE else "f"
        return self.gender.get(_key(speaker), want) == want

    def _nearest_person(self) -> str | None:
        return next((m.name for m in reversed(self.mentions) if m.person and not m.plural),
                    None)  # fmt: skip

    def _learn_gender(self, span: Span) -> None:
        """Honorifics ("Ms Berg"), and a sentence naming one person and using he or she."""
        people = [e for e in span.ents if e.label_ == "PERSON"]
        for ent in people:
            before = span.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if before in _HONORIFICS:
                self.gender.setdefault(_key(ent.text), _HONORIFICS[before])
        if len({_key(e.text) for e in people}) == 1:
            words = {t.lower_ for t in span}
            if words & _MALE and not words & _FEMALE:
                self.gender.setdefault(_key(people[0].text), "m")
            elif words & _FEMALE and not words & _MALE:
                self.gender.setdefault(_key(people[0].text), "f")

    def after(self, span: Span, resolved: Resolved) -> None:
        self._quoted_at[span.start_char] = self.quoted
        speaker = resolved.speaker
        for tok in span:
            # Subjects of the sentence's own statements, not of a clause inside a noun
            # phrase ("an operation which the UK assisted with").
            if (
                tok.dep_ in {"nsubj", "nsubjpass"}
                and governs(tok.head)
                and (tok.pos_ == "PROPN" or any(t.ent_type_ for t in speaker_span(tok)))
            ):
                self._mention(speaker_span(tok), tok)
        if speaker:
            self.quoted = speaker
            if speaker not in self.named:
                self.named.append(speaker)
            mention = (resolved.mention or "").lower()
            person = (
                span._.wb_attribution.person
                or any(m.person for m in self.mentions if m.name == speaker)
                # "the spokesman" and "he" resolved: whoever they are, a person
                or mention.split()[-1:] in ([w] for w in ROLE_NOUNS)
                or mention in _MALE | _FEMALE
            )
            plural = " and " in speaker
            self.mentions.append(_Mention(speaker, person or plural, plural, self.count))
        if span._.wb_source and not speaker:
            # "The document calls for “...”": what a later "it emphasizes" is.
            self.quoted = span._.wb_source
            self.mentions.append(_Mention(span._.wb_source, False, False, self.count))
        self.count += 1

    def _mention(self, name: Span, head: Token) -> None:
        plural = any(c.dep_ == "conj" for c in head.children) or head.tag_ == "NNPS"
        # One body, one form: "The Russian foreign ministry" opening a sentence is the
        # "the Russian foreign ministry" named before.
        text = next((n for n in self.named if n.lower() == name.text.lower()), name.text)
        self.mentions.append(_Mention(text, _is_person(name), plural, self.count))


def _key(name: str) -> str:
    """A person by last name: "Kristi Noem", "Gov. Noem" and "Noem" are one."""
    return name.split()[-1].casefold().removesuffix("’s").removesuffix("'s") if name else ""


def canonical(speaker: str | None, people: list[str]) -> str | None:
    """The fullest name of the speaker's person among the document's ``people`` (its
    PERSON entities): "Kremlin spokesman Dmitry Peskov" and "Peskov" are "Dmitry
    Peskov". A body or an unnamed speaker stays as it is."""
    if not speaker:
        return None
    inside = [p for p in people if p in speaker]
    key = _key(max(inside, key=len)) if inside else _key(speaker)
    same = [p for p in people if _key(p) == key and len(p.split()) <= 4]
    if not same:
        return speaker
    return max(same, key=lambda p: (len(p.split()), -people.index(p)))


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
