"""Acts of communication in a parse: whether a verb is the sentence's own statement
(``governs``) and whether it introduces reported content (``reports``).

Kept apart from ``attribution`` (which names who acts) so that the grammar of the
frame reads on its own; ``mentions`` uses ``governs`` for subjects too.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from workbench.extract.lexicon import CONCESSIVE, CONTENT_DEPS, EMBEDDED, OBJECT_VERBS

#: Dependencies of a subject: a clause with one states something of its own.
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def headless(verb: Token) -> bool:
    """A finite verb the parser hung as a clause on the sentence's root noun, leaving
    the sentence no verb of its own: in "The company, which ..., confirmed on Monday
    that ...", "confirmed" is the company's act; "the company confirming ..." is not.
    So is one hung on the noun right after a closing quotation mark: in "“...,” the
    patient described in the report", the frame of the quotation."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in {"NOUN", "PROPN"} or verb.i < head.i:
        return False
    if head.dep_ == "ROOT":
        return verb.tag_ in {"VBD", "VBZ"}
    # After a quotation, the tagger may read "described" as a participle (VBN).
    return verb.tag_ in {"VBD", "VBZ", "VBN"} and verb.i == head.i + 1 and _after_quote(head)


def _after_quote(noun: Token) -> bool:
    """The noun phrase opens right after a closing quotation mark (and a comma)."""
    # The parser may hang the quotation mark itself on the noun.
    at = min(t.i for t in noun.subtree if not t.is_punct) - 1
    doc = noun.doc
    if at >= 0 and doc[at].text == ",":
        at -= 1
    return at >= 0 and doc[at].text in {"”", '"', "»"}


def governs(verb: Token) -> bool:
    """The verb is the sentence's own statement or hangs from it ("went on to demand",
    ", adding that"), not a clause inside a noun phrase or a subordinate clause."""
    tok = verb
    if headless(verb):
        return True
    for _ in range(6):
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            return True
        if tok.dep_ in EMBEDDED:
            return False
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ not in CONCESSIVE
                                       for c in tok.children):  # fmt: skip
            return False  # "once the man mentioned that ...": when, not who says
        tok = tok.head
    return False


def reports(verb: Token, sent: Span) -> bool:
    """The verb introduces reported content: a clause, an object, a quotation in the
    sentence, "of"/"as"/"on"/"about" what was said; "adding to a series of problems" does
    not."""
    if verb.dep_ == "parataxis" or any(c.dep_ in CONTENT_DEPS for c in verb.children):
        return True
    if _content_before(verb):
        return True
    if (verb.lemma_.lower() in OBJECT_VERBS and any(c.dep_ == "dobj" for c in verb.children)
            and any(c.dep_ == "nsubj" for c in verb.children)):  # fmt: skip
        # "The ministry reported 300 new cases"; not a verb that borrows the subject of
        # another ("NIDA estimated that 964,000 people ..., reported a disorder").
        return True
    if any(c.dep_ == "prep" and c.lower_ in {"of", "as", "on", "about", "against"}
           for c in verb.children):  # fmt: skip
        return True
    if verb.lemma_.lower() == "say" and any(c.dep_ == "dobj" for c in verb.children):
        return True  # "said the guards had falsified records", parsed as "said records"
    if any(c.dep_ == "prep" and c.lower_ == "in" and _clause_in(c) for c in verb.children):
        return True  # "said in a statement that ...": the clause hangs from "statement"
    text = sent.text
    return any(q in text for q in ("“", "”", '"'))


def _clause_in(prep: Token) -> bool:
    """A "that" clause under the preposition's object: "in a report that Trump had ..."."""
    return any(
        c.dep_ in {"acl", "relcl"} and any(m.lower_ == "that" and m.dep_ == "mark"
                                           for m in c.children)
        for g in prep.children if g.dep_ == "pobj" for c in g.children
    )  # fmt: skip


def _content_before(verb: Token) -> bool:
    """A clause of its own before the speaker, which the parser hung on the verb as a
    modifier: "As yet, there is no evidence ..., the commission said, according to
    Reuters". Not one a conjunction subordinates ("When the bill passed, Smith said
    ...") nor one without a subject ("Walking home, Smith said ...")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and any(
        c.dep_ == "advcl" and c.i < subj.i
        and any(g.dep_ in _SUBJECTS for g in c.children)
        and not any(g.dep_ == "mark" for g in c.children)
        for c in verb.children
    )  # fmt: skip
