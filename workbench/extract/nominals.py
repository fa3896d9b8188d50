"""Noun phrases as speakers: the name as the text gives it, which nouns can speak,
whose words a report or a set of figures carries, and whether a phrase names a person.

Kept apart from ``attribution`` (which finds the act of saying) so that each reads on
its own; ``speakers`` uses the same definitions across the article.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from workbench.extract.lexicon import (
    AGENT_NOUNS,
    AGENT_SUFFIXES,
    GROUP_NOUNS,
    NOT_SPEAKERS,
    QUALIFIERS,
    ROLE_NOUNS,
)

#: Entity labels of bodies and places: a name of one of these is not a person.
GROUP_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
#: Nouns that carry what a source says: "according to data from X" is X, and so is
#: "according to reports from X" and "X's report claims".
CARRIERS = frozenset(
    (
        "data figures statistics numbers documents records estimates calculations analysis "
        "report reports reporting statement statements release filing complaint"
    ).split()
)


def speaker_span(head: Token) -> Span:
    """The name as the text gives it: the head with its compounds and modifiers,
    without relative clauses or appositions set off by commas."""
    keep = {head.i}
    stack = [head]
    # A person's name takes no "of" phrase nor adjective: "43-year-old Martin Taylor of
    # Aberdeenshire" is Martin Taylor; "the laboratory of Stephen Liggett" keeps its "of".
    person = head.ent_type_ == "PERSON"
    # A body's whole name, which may hold a preposition: "the Chinese Center for Disease
    # Control and Prevention".
    body = next((e for e in head.doc.ents if e.start <= head.i < e.end
                 and e.label_ in GROUP_ENTS), None)  # fmt: skip
    while stack:
        tok = stack.pop()
        for child in tok.children:
            coordinated = (
                child.dep_ == "conj"
                and child.pos_ in {"PROPN", "NOUN"}
                and any(c.dep_ == "cc" for c in tok.children)
                and not any(c.dep_ == "case" for c in child.children)
            )
            if coordinated:
                # "Warren and Ocasio-Cortez", "Paganini and his team"; not "Mayer,
                # Disney’s chairman", which the parser also calls a conjunction.
                keep.update(c.i for c in tok.children if c.dep_ == "cc")
            if person and tok.i == head.i and (child.dep_ == "amod" or child.text == "of"):
                continue
            if (
                child.dep_ in {"compound", "amod", "det", "poss", "nmod", "case", "flat"}
                or coordinated
                # "people familiar with the matter": the adjective's complement too.
                or (child.dep_ == "prep" and tok.dep_ == "amod")
                or (child.dep_ == "pobj" and tok.dep_ == "prep" and tok.head.dep_ == "amod")
                or (child.dep_ == "prep" and child.i > head.i and child.text == "of")
                or (child.dep_ == "pobj" and tok.text == "of")
                or (body is not None and body.start <= child.i < body.end)
                # "researchers at Oxford", "a spokeswoman for Jones": which, or whose.
                or (tok.i == head.i and _qualifies(child, head))
                or (child.dep_ == "pobj" and tok.head.i == head.i and _qualifies(tok, head))
                # "one official", "two people familiar with the matter": how many speak.
                or (child.dep_ == "nummod" and tok.i == head.i and head.pos_ == "NOUN")
            ):
                keep.add(child.i)
                stack.append(child)
    return head.doc[min(keep) : max(keep) + 1]


def _qualifies(prep: Token, head: Token) -> bool:
    """A phrase after a common noun for people or a body that says which ones, or whose:
    "authorities in Beijing", "researchers at the University of Oxford", "scientists
    from NASA", "a spokeswoman for Jones", "officials at the ministry". Not a way of
    speaking ("the company in a statement"), a time, nor a room ("people in the room")."""
    if (prep.dep_ != "prep" or prep.lower_ not in QUALIFIERS or prep.i < head.i
            or head.pos_ != "NOUN"):  # fmt: skip
        return False
    return any(
        g.dep_ == "pobj" and g.lower_ not in CARRIERS and g.ent_type_ not in {"DATE", "TIME"}
        and (g.ent_type_ in GROUP_ENTS | {"PERSON"} or g.pos_ == "PROPN" or can_speak(g))
        for g in prep.children
    )  # fmt: skip


#: Words that open a sentence as a subject without naming anyone: "Many said ...".
_QUANTIFIERS = frozenset("many several few most both all some others each such".split())


def group_noun(tok: Token) -> bool:
    """A plural common noun for people or bodies ("Analysts expect ..."), which a later
    "they" can stand for; not a quantifier ("Others say")."""
    word = tok.lower_
    return (
        tok.pos_ == "NOUN"
        and tok.tag_ == "NNS"
        # Not a name the tagger took for a plural ("Figgins declined ..."), a person's.
        and not tok.ent_type_
        # A count, not a group: "300 people had been hurt" is no "they".
        and not any(c.dep_ == "nummod" for c in tok.children)
        and word not in _QUANTIFIERS
        and (word in AGENT_NOUNS or word in GROUP_NOUNS or word.endswith(AGENT_SUFFIXES))
    )


def source_of(carrier: Token) -> list[Token]:
    """Whose the data are: "data from X", "data released by X", "X's calculations"."""
    owners = [c for c in carrier.children if c.dep_ == "poss"]
    for child in carrier.children:
        if child.dep_ == "acl":  # "data released by MOTIE"
            child = next((c for c in child.children if c.dep_ == "agent"), child)
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"from", "by", "of"}:
            owners += [g for g in child.children if g.dep_ == "pobj"]
    return owners


def owner(subj: Token) -> Token | None:
    """The owner who speaks through a carrier subject: "The Wrap's report claims" is The
    Wrap's claim, and "a report from Kotak said" Kotak's. Only a possessive or "from":
    "the report, released by the World Bank, said" may be the report's own finding, and
    a gold file may name the report."""
    if subj.lower_ not in CARRIERS:
        return None
    owners = [c for c in subj.children if c.dep_ == "poss"] + [
        g for c in subj.children if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    return next((o for o in owners if o.pos_ == "PROPN"), None)


def never_speaks(tok: Token) -> bool:
    """A relative, interrogative, demonstrative or object pronoun; not an acronym spelled
    like one ("According to WHO", the World Health Organization)."""
    return tok.lower_ in NOT_SPEAKERS and not (len(tok.text) > 1 and tok.text.isupper())


def can_speak(subj: Token) -> bool:
    """A name, a personal pronoun, a noun for people or a body ("the spokesman",
    "researchers", "the news organization"), or a noun "of" a name ("the laboratory of
    Stephen Liggett", "the office of the governor"); not "data", "the population", "the
    country"."""
    if subj.pos_ in {"PROPN", "PRON"} or subj.ent_type_ in {"PERSON", *GROUP_ENTS}:
        return True
    if (
        subj.text[:1].isupper()
        and subj.lower_ not in _QUANTIFIERS
        and ((not subj.is_sent_start and subj.i > 0) or subj.pos_ in {"ADJ", "INTJ", "X"})
    ):
        # A name the tagger missed: a capital inside the sentence ("“...,” Petrides
        # said"), or a subject it called an adjective ("Trump, however, said").
        return True
    word = subj.lower_
    if word in AGENT_NOUNS or word in GROUP_NOUNS or word in ROLE_NOUNS:
        return True
    if word.endswith(AGENT_SUFFIXES):
        return True
    of = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(
        g.dep_ == "pobj" and (g.ent_type_ in {"PERSON", "ORG"} or g.lower_ in ROLE_NOUNS)
        for g in of.children
    )


def names_person(span: Span) -> bool:
    """The phrase names a person: its head is a person's name ("Kristi Noem", "Gov.
    Noem"), not a body named after one ("the Trump administration", "the Biden
    campaign", "the Kennedy family", "Trump's lawyers")."""
    root = span.root
    if root.ent_type_ == "PERSON":
        return True
    return root.pos_ == "PROPN" and root.ent_type_ not in GROUP_ENTS and span[0].lower_ != "the"
