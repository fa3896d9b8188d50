"""Who said it, across an article: pronouns, role descriptions, run-on quotations.

The components attribute each sentence on its own (``span._.wb_speaker``); here the
claims of a document are read in order. A pronoun ("he added") is the nearest
person (or body, for "it" and "they") named before as a subject or speaker whose
gender fits, known from honorifics and from the pronouns used with the name; when
the nearest sentence naming one names two that fit, nobody. A description ("the
spokesman", "the governor") is the one person the article gave that role, and "the
company" the body named before with that word. Every sentence counts, claim or not.
The sentences of one quotation, or a paragraph that opens a quotation, get the
speaker of that quotation. ``canonical`` then names each speaker's person once
per document: "the spokesman", "Peskov" and "Dmitry Peskov" are Dmitry Peskov.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from workbench.extract.attribution import Attribution, attribute
from workbench.extract.entities import ents_of
from workbench.extract.lexicon import GROUP_NOUNS, QUALIFIERS, REPRESENTATIVES, ROLE_NOUNS
from workbench.extract.mentions import FEMALE, MALE, Memory, Mention, key
from workbench.extract.quotes import open_quotes, quoted
from workbench.models import SpeakerHow

_OPENING = frozenset('“"«‘')
#: Words that open a description, not a name: "The Kremlin", "His office".
_DETERMINERS = frozenset("The A An His Her Its Their Our".split())
#: How far back (in sentences) a pronoun looks for its antecedent.
_REACH = 8


@dataclass(frozen=True)
class Resolved:
    """A claim's speaker as resolved across the article."""

    speaker: str | None = None
    #: The words the sentence names the speaker by, when they were resolved ("he",
    #: "the spokesman"); None when the sentence names them.
    mention: str | None = None
    how: SpeakerHow | None = None


def _fill_quote_groups(ptext: str, spans: list[Span], resolved: list[Resolved]) -> None:
    """Sentences inside one quotation share its speaker: in "“A. B,” Lavrov said", A is
    Lavrov's too."""
    groups: list[list[int]] = []
    for k, span in enumerate(spans):
        open_before = open_quotes(ptext[: span.start_char]) > 0
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


class Speakers:
    """What the article has named so far, for pronouns, descriptions and quotations."""

    def __init__(self) -> None:
        self.quoted: str | None = None
        self.memory = Memory()
        self.named: list[str] = []
        #: (span start in the paragraph doc, whom a run-on quotation there continues)
        self._quoted_at: dict[int, str | None] = {}

    @property
    def mentions(self) -> list[Mention]:
        return self.memory.mentions

    @property
    def count(self) -> int:
        return self.memory.count

    def paragraph(self, ptext: str, spans: list[Span], later: list[Doc],
                  doc: Doc | None = None) -> list[Resolved]:  # fmt: skip
        """The speaker of each claim span of the paragraph ``ptext``, in order; ``later``
        are the paragraphs after it, ``doc`` the paragraph's parse (its sentences that are
        not claims name people too)."""
        self._quoted_at.clear()  # keyed by offsets within one paragraph
        doc = doc if doc is not None else (spans[0].doc if spans else None)
        resolved: list[Resolved] = []
        pending = list(spans)
        for sent in doc.sents if doc is not None else ():
            mine = [s for s in pending if s.start < sent.end]
            pending = pending[len(mine) :]
            if not mine:
                self._notice(sent)
            for span in mine:
                self.memory.learn(span)
                resolved.append(self.resolve(span, later))
                self.after(span, resolved[-1])
            self.memory.count += 1
        for span in pending:  # no parse handed in that holds them
            resolved.append(self.resolve(span, later))
            self.after(span, resolved[-1])
        _fill_quote_groups(ptext, spans, resolved)
        if ptext.lstrip()[:1] in _OPENING:
            # A paragraph that opens a quotation continues the quotation of the
            # paragraph before, unless it names its speaker ("“A.” “B,” X said.").
            for k, span in enumerate(spans):
                if resolved[k].speaker or not span._.wb_quote_span:
                    continue
                if _names_subject_outside_quote(span):
                    # "Jones disagreed: “...”" and "“...,” one user quipped" are not the
                    # opening quotation's: their own sentence frames them.
                    continue
                named = next((r for r in resolved[k + 1 :] if r.speaker), None)
                if named:
                    resolved[k] = Resolved(named.speaker, None, "quotation")
                else:
                    before = self._quoted_at.get(span.start_char, self.quoted)
                    resolved[k] = Resolved(before, None, "quotation" if before else None)
        return resolved

    def _notice(self, sent: Span) -> None:
        """A sentence that is no claim: "“Amazing,” Davis said." makes Davis the one a
        run-on quotation continues; "Berg disagreed." names someone else on the way, so
        the quotation before no longer runs on."""
        self.memory.learn(sent)
        said = attribute(sent)
        found = Resolved()
        if said.speaker and not quoted(sent.doc) >= {t.i for t in sent if not t.is_punct}:
            found = self._resolve_said(said, sent)
        before = len(self.mentions)
        self.memory.people_of(sent, self.named)
        if found.speaker:
            self._remember(found, said.person)
        elif self._someone_else(sent, before):
            self.quoted = None

    def _resolve_said(self, said: Attribution, span: Span) -> Resolved:
        if said.pronoun:
            found = self.antecedent(said.speaker.lower() if said.speaker else "", span)
            return Resolved(found, said.speaker, "pronoun") if found else Resolved()
        return self._described(said.speaker or "", span, [])

    def resolve(self, span: Span, later: list[Doc]) -> Resolved:
        raw = span._.wb_speaker
        if not raw:
            return Resolved()
        if span._.wb_attribution.pronoun:
            found = self.antecedent(raw.lower(), span)
            return Resolved(found, raw, "pronoun") if found else Resolved()
        return self._described(raw, span, later)

    def _described(self, raw: str, span: Span, later: list[Doc]) -> Resolved:
        words = raw.split()
        cut = next((k for k, w in enumerate(words[1:], 1) if w in QUALIFIERS | {"of"}), None)
        if cut is not None:
            # "The president of the company" is a president, not the company, and
            # "the spokesman for the ministry" a spokesman.
            words = words[:cut]
        head = words[-1].lower()
        # "the Russian foreign ministry" names a body; "the ministry" describes one.
        described = head in ROLE_NOUNS or not any(w[:1].isupper() for w in words[1:])
        if words[0].lower() not in {"the", "a", "an"} or not described:
            return Resolved(raw, None, "explicit")
        if words[0].lower() != "the":
            return Resolved(raw, None, "explicit")  # "a spokesperson" is nobody named
        # "the spokesman", "The Foreign Minister", "the governor": the person the article
        # gave that role ("Kremlin spokesman Dmitry Peskov", "the governor, Gavin
        # Newsom"); two people in that role: nobody, rather than a guess.
        people = self.memory.roles.get(head, [])
        if len(people) == 1:
            return Resolved(self._fullest(people[0]), raw, "description")
        if len(people) > 1:
            return Resolved()
        if head in GROUP_NOUNS and not any(w.endswith(("'s", "’s")) for w in words):
            # "the commission": a body named before with that word ("the regional health
            # commission"); not one an indefinite phrase described ("a group of employees"),
            # and not when the words say whose it is ("the prosecutor's office").
            body = next((m.name for m in reversed(self.mentions) if not m.person
                         and head in m.name.lower().split()
                         and m.name.split()[0].lower() not in {"a", "an"}
                         and m.name.lower() != raw.lower()), None)  # fmt: skip
            if body:
                return Resolved(body, raw, "description")
        speak_for = {key(n) for r in REPRESENTATIVES for n in self.memory.roles.get(r, [])}
        titled = {key(n): n for n, at in self.memory.titled
                  if self.count - at <= _REACH and key(n) not in speak_for}  # fmt: skip
        if head in ROLE_NOUNS - REPRESENTATIVES and len(titled) == 1:
            # "The Foreign Minister" after "British Foreign Secretary Liz Truss": the one
            # titled person named lately. Never "the spokesman", who speaks for them.
            return Resolved(self._fullest(next(iter(titled.values()))), raw, "description")
        if head in ROLE_NOUNS and not any(m.person for m in self.mentions):
            # "..., the spokesman said. of the Russian Presidency, Dimitri Peskov": a
            # person named just after, when nobody was named before.
            person = _next_person(span, later)
            if person:
                return Resolved(person, raw, "description")
        return Resolved(raw, None, "explicit")

    def _fullest(self, name: str) -> str:
        """The person as a speaker was named: "Finance Minister Olaf Berger" for "Olaf
        Berger", so one person keeps one form in the article."""
        return next((n for n in reversed(self.named) if key(n) == key(name)
                     and name in n), name)  # fmt: skip

    def antecedent(self, pronoun: str, span: Span | None = None) -> str | None:
        """The nearest fitting name before: a person of the pronoun's gender for he/she,
        a body for it, a body or several people for they. Nobody when the nearest
        sentence naming one names two that fit, or names only a person who is not its
        subject ("Smith said A. The bill was backed by Jones. He added B.")."""
        if pronoun in MALE | FEMALE:
            want = "m" if pronoun in MALE else "f"
            if span is not None:
                here = self._in_sentence(span, want)
                if here is not None:
                    return here or None
            # "Persson", which the tagger did not call a person, after "Eva-Marie Persson".
            people = {key(m.name) for m in self.mentions if m.person}
            fits = [m for m in reversed(self.mentions)
                    if (m.person or key(m.name) in people) and not m.plural
                    and self.memory.gender.get(key(m.name), want) == want
                    and self.count - m.at <= _REACH]  # fmt: skip
            maybe = next((m for m in reversed(self.mentions)
                          if m.maybe_person and key(m.name) not in people), None)  # fmt: skip
            if fits and maybe is not None and maybe.at > fits[0].at:
                return None  # a name in between that may be a person's
        elif pronoun == "it":
            fits = [m for m in reversed(self.mentions) if not m.person and not m.plural
                    and self.count - m.at <= _REACH]  # fmt: skip
        elif pronoun == "they":
            fits = [m for m in reversed(self.mentions) if (not m.person or m.plural)
                    and self.count - m.at <= _REACH]  # fmt: skip
            one = next((m for m in reversed(self.mentions) if m.person and not m.plural
                        and m.subject), None)  # fmt: skip
            if fits and one is not None and one.at > fits[0].at:
                return None  # a person nearer, whom a singular "they" may stand for
        else:
            return None  # "I" and "we" outside a quotation: the writer, not a speaker
        if not fits:
            return None
        first = fits[0]
        nearest = [m for m in fits if m.at == first.at]
        if len({key(m.name) for m in nearest}) > 1:
            return None  # two just named that fit
        if not any(m.subject for m in nearest):
            return None  # only named, not the one the sentence was about
        return first.name

    def _in_sentence(self, span: Span, want: str) -> str | None:
        """A person named earlier in the pronoun's own sentence, outside quotation marks:
        "While the campaign did not appeal to Julie Graham, she said ..." is Julie Graham
        (a name in a clause before the pronoun's); "" (nobody) when the name is not in
        such a clause ("In a letter to Smith, he said" is not Smith) or two fit; None
        when no person is named before the pronoun."""
        pronoun = next((t for t in span if t.lower_ in MALE | FEMALE
                        and t.dep_ in {"nsubj", "nsubjpass"}), None)  # fmt: skip
        if pronoun is None:
            return None
        inside = quoted(span.doc)
        people = [e for e in ents_of(span.sent) if e.label_ == "PERSON"
                  and e.end <= pronoun.i and e.start not in inside
                  and self.memory.gender.get(key(e.text), want) == want]  # fmt: skip
        if not people:
            return None
        if len({key(e.text) for e in people}) > 1:
            return ""
        clause = next((a for a in people[0].root.ancestors if a.dep_ == "advcl"), None)
        if clause is None or pronoun.i in {t.i for t in clause.subtree}:
            return ""
        return people[0].text

    def fits(self, pronoun: str, speaker: str) -> bool:
        """``pronoun`` ("he", "she") can stand for ``speaker``: a person of that gender
        or of a gender not known ("the company says she ..." is someone else)."""
        mention = next((m for m in reversed(self.mentions) if m.name == speaker), None)
        if mention is None or not mention.person or mention.plural:
            return False
        want = "m" if pronoun.lower() in MALE else "f"
        return self.memory.gender.get(key(speaker), want) == want

    def after(self, span: Span, resolved: Resolved) -> None:
        self._quoted_at[span.start_char] = self.quoted
        before = len(self.mentions)
        self.memory.people_of(span, self.named)
        if resolved.speaker:
            self._remember(resolved, span._.wb_attribution.person)
        elif span._.wb_source:
            # "The document calls for “...”": what a later "it emphasizes" is.
            self.quoted = span._.wb_source
            self.mentions.append(Mention(span._.wb_source, False, False, self.count))
        elif not span._.wb_quote_span and self._someone_else(span, before):
            self.quoted = None  # someone else named on the way: the quotation has ended

    def _someone_else(self, sent: Span, before: int) -> bool:
        """The sentence names someone other than the speaker a run-on quotation would
        continue: a person as its subject, or any person outside quotation marks ("...
        sought advice from one of the authors, Owen Dempsey" before a pull quote)."""
        if any(m.subject and m.person and m.name != self.quoted
               for m in self.mentions[before:]):  # fmt: skip
            return True
        inside = quoted(sent.doc)
        return self.quoted is not None and any(
            e.label_ == "PERSON" and e.start not in inside and key(e.text) != key(self.quoted)
            for e in ents_of(sent)
        )

    def _remember(self, resolved: Resolved, person: bool) -> None:
        speaker = resolved.speaker or ""
        self.quoted = speaker
        if speaker not in self.named:
            self.named.append(speaker)
        mention = (resolved.mention or "").lower()
        person = (
            person
            or self.memory.person_named(speaker)
            # "the spokesman" and "he" resolved: whoever they are, a person
            or mention.split()[-1:] in ([w] for w in ROLE_NOUNS)
            or mention in MALE | FEMALE
        )
        plural = " and " in speaker
        bare = not person and speaker[:1].isupper() and speaker.split()[0] not in _DETERMINERS
        self.mentions.append(Mention(speaker, person or plural, plural, self.count, True, bare))


def _names_subject_outside_quote(span: Span) -> bool:
    """The claim names a subject of its own before its quotation opens, or after it
    closes as the subject of the sentence's verb ("“...,” one user quipped")."""
    quote = span._.wb_quote_span
    inside = quoted(span.doc)
    return any(
        t.dep_ == "nsubj" and t.i not in inside and (
            (t.idx < quote[0] and (t.pos_ in {"PROPN", "PRON"} or t.ent_type_))
            or (t.idx >= quote[1] and t.head.dep_ == "ROOT" and t.pos_ in {"NOUN", "PROPN"})
        )
        for t in span
    )  # fmt: skip


def canonical(speaker: str | None, people: list[str]) -> str | None:
    """The fullest name of the speaker's person among the document's ``people`` (its
    PERSON entities): "Kremlin spokesman Dmitry Peskov" and "Peskov" are "Dmitry
    Peskov". A body or an unnamed speaker stays as it is."""
    if not speaker:
        return None
    if " and " in speaker:
        return speaker  # "Warren and Ocasio-Cortez": two people, not the last of them
    # The person the speaker ends with: "The Trump administration" and "Noem's
    # spokesman" are not Trump or Noem.
    words = speaker.split()
    at = next((k for k, w in enumerate(words[1:], 1) if w in QUALIFIERS | {"of"}), None)
    if at is not None and words[at - 1].islower():
        return speaker  # "a spokeswoman for Jones", "the laboratory of Stephen Liggett"
    inside = [p for p in people if speaker.endswith(p)]
    if not inside and not speaker.split()[-1][:1].isupper():
        return speaker  # a description ("the prosecutor's office"), not a name to look up
    last = key(max(inside, key=len)) if inside else key(speaker)
    same = [p for p in people if key(p) == last and len(p.split()) <= 4]
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
