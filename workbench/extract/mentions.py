"""What an article has named so far: people and bodies, their gender, their roles.

``speakers`` resolves a pronoun or "the spokesman" against this memory. Every
sentence of the article feeds it, claim or not: "Berg disagreed." names a
speaker the next quotation may belong to, and "Dmitry Peskov, the Kremlin
spokesman, ..." tells who "the spokesman" is, whether or not those sentences
are claims themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from workbench.extract.entities import ents_of
from workbench.extract.frames import governs
from workbench.extract.lexicon import COLLECTIVE_NOUNS, GENDERED_NOUNS, PEOPLE_NOUNS
from workbench.extract.nominals import GROUP_ENTS, group_noun, names_person, speaker_span
from workbench.extract.quotes import quoted

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
_HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "ms": "f", "ms.": "f", "mrs": "f",
               "mrs.": "f", "miss": "f", "dame": "f", "lady": "f"}  # fmt: skip
#: Entities that are amounts, not someone: "40 percent of students used vapes".
_AMOUNTS = frozenset({"PERCENT", "CARDINAL", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"})


@dataclass
class Mention:
    name: str
    person: bool
    plural: bool
    at: int  # the sentence's number in the document
    #: A subject or a speaker; False for a person only named (an object, a clause's
    #: subject), who competes with the subject for a pronoun but is not chosen over it.
    subject: bool = True
    #: A bare proper name the tagger did not call a person ("Trump, however, said",
    #: tagged an organisation): it may be one, so a later "he" does not jump over it.
    maybe_person: bool = False


def key(name: str) -> str:
    """A person by last name: "Kristi Noem", "Gov. Noem" and "Noem" are one."""
    return name.split()[-1].casefold().removesuffix("’s").removesuffix("'s") if name else ""


@dataclass
class Memory:
    mentions: list[Mention] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # last name -> "m" or "f"
    #: A role word -> the people the article gave it ("spokesman" -> ["Dmitry Peskov"]).
    roles: dict[str, list[str]] = field(default_factory=dict)
    #: People named with a title before the name ("British Foreign Secretary Liz
    #: Truss"), and the sentence where.
    titled: list[tuple[str, int]] = field(default_factory=list)
    count: int = 0

    def learn(self, span: Span) -> None:
        """Gender and roles from a sentence (or a claim's part of one)."""
        self._learn_gender(span)
        for ent in ents_of(span):
            if ent.label_ == "PERSON":
                self._learn_roles(ent)

    def _learn_roles(self, ent: Span) -> None:
        """ "Kremlin spokesman Dmitry Peskov" (a title before the name), "Dmitry Peskov,
        the Kremlin spokesman" and "the governor, Gavin Newsom" (an apposition)."""
        doc, root = ent.doc, ent.root
        words = []
        for tok in doc[max(0, ent.start - 3) : ent.start]:
            title = tok.pos_ in {"NOUN", "PROPN"} and tok.ent_type_ not in GROUP_ENTS
            if title and tok.head.i == root.i and tok.dep_ in {"compound", "amod"}:
                words.append(tok.lower_.rstrip("."))
        if words:
            self.titled.append((ent.text, self.count))
        words += [c.lower_ for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            words.append(root.head.lower_)
        for word in words:
            names = self.roles.setdefault(word, [])
            if not any(key(n) == key(ent.text) for n in names):
                names.append(ent.text)

    def _learn_gender(self, span: Span) -> None:
        """Honorifics ("Ms Berg"), and a sentence naming one person and using he or she."""
        people = [e for e in ents_of(span) if e.label_ == "PERSON"]
        for ent in people:
            before = span.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            # "Ms Berg": the honorific before the name, or inside it as the tagger saw it.
            title = before if before in _HONORIFICS else ent[0].lower_
            if title in _HONORIFICS:
                self.gender.setdefault(key(ent.text), _HONORIFICS[title])
        if len({key(e.text) for e in people}) == 1:
            words = {t.lower_ for t in span}
            if words & MALE and not words & FEMALE:
                self.gender.setdefault(key(people[0].text), "m")
            elif words & FEMALE and not words & MALE:
                self.gender.setdefault(key(people[0].text), "f")

    def people_of(self, span: Span, named: list[str]) -> None:
        """The subjects of the sentence's own statements ("Liz Truss gave ..."), and the
        other people it names outside quotation marks, as competitors."""
        inside = quoted(span.doc)
        heads: list[Token] = []
        for tok in span:
            # Subjects of the sentence's own statements, not of a clause inside a noun
            # phrase ("an operation which the UK assisted with") nor of a quotation.
            if (
                tok.dep_ in {"nsubj", "nsubjpass"}
                and tok.i not in inside
                and governs(tok.head)
                # A name, not an amount: "40 percent of students" is no "it"; or people
                # a later "they" stands for ("Analysts expect ...").
                and (
                    tok.pos_ == "PROPN"
                    or any(t.ent_type_ not in _AMOUNTS | {""} for t in speaker_span(tok))
                    or group_noun(tok)
                )
                and tok.ent_type_ not in _AMOUNTS
            ):
                name = speaker_span(tok)
                heads.append(tok)
                plural = (any(c.dep_ == "conj" for c in tok.children)
                          or tok.tag_ == "NNPS" or group_noun(tok))  # fmt: skip
                # One body, one form: "The Russian foreign ministry" opening a sentence is
                # the "the Russian foreign ministry" named before.
                text = next((n for n in named if n.lower() == name.text.lower()), name.text)
                person = names_person(name)
                bare = (not person and tok.ent_type_ not in GROUP_ENTS - {"ORG"}
                        and name[0].lower_ not in {"the", "a", "an"}
                        and not group_noun(tok))  # fmt: skip
                self.mentions.append(Mention(text, person, plural, self.count, True, bare))
        within = {t.i for h in heads for t in h.subtree}
        for ent in ents_of(span):
            if (ent.label_ == "PERSON" and ent.start not in inside and ent.start not in within
                    and _competes(ent.root)):  # fmt: skip
                self.mentions.append(Mention(ent.text, True, False, self.count, subject=False))
        for tok in span:
            # "WIRED spoke to one mother": a person described, not named, competes too.
            if (tok.tag_ == "NN" and tok.lower_ in PEOPLE_NOUNS - COLLECTIVE_NOUNS
                    and tok.i not in inside and tok.i not in within and _object(tok)):  # fmt: skip
                described = speaker_span(tok).text
                if tok.lower_ in GENDERED_NOUNS:
                    self.gender.setdefault(key(described), GENDERED_NOUNS[tok.lower_])
                self.mentions.append(Mention(described, True, False, self.count, subject=False))

    def person_named(self, name: str) -> bool:
        return any(m.person for m in self.mentions if m.name == name)


def _object(noun: Token) -> bool:
    """The noun is an object of the sentence's verb: "met the widow", "spoke to one
    mother"; not a noun inside another phrase ("the mother of all battles")."""
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return noun.head.head.dep_ == "ROOT"
    return noun.dep_ in {"dobj", "dative"} and noun.head.dep_ == "ROOT"


def _competes(name: Token) -> bool:
    """A person named as an object of the sentence's verb ("Peter Holm met John Berg") or
    the subject of what it reports competes with its subject for a later "he"; one
    inside a phrase ("worked with the likes of Kanye West") or a condition is rarely who
    the next sentence is about."""
    while name.dep_ in {"conj", "appos"} and name.head.i != name.i:
        name = name.head
    if name.dep_ in {"nsubj", "nsubjpass"}:
        # "Smith said Jones was wrong": the subject of what was said; not of a condition
        # ("if Kiev receives cluster bombs", where the tagger made Kiev a person).
        return name.head.dep_ in {"ccomp", "ROOT", "conj"}
    return name.dep_ in {"dobj", "dative", "attr", "ROOT"}
