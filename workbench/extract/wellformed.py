"""Is a stand-alone text a sentence? The checks behind "never worse than the sentence".

``fragment`` reads the tokens of the sentence's own parse that the frame removal
kept (no second parse: that would halve the extraction's speed); the stand-alone
component keeps the sentence when it finds a problem. ``problems`` reads a fresh
parse of the finished text, for the evaluation, which may take the time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from workbench.extract.lexicon import REPORTING_VERBS

#: Tags of a finite verb: past, present, modal.
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Words a stand-alone statement cannot open with: it would hang from a missing clause.
_CONJUNCTIONS = frozenset("and but or nor".split())
_SUBORDINATORS = frozenset(
    "because although though while whereas if unless until since than as".split()
)
#: Relative words open a fragment only as relatives ("which cost ..."), not as
#: demonstratives ("That is, ...").
_RELATIVES = frozenset("which who whom whose that".split())
_WORD = re.compile(r"[\w’']+")


def _has_finite_verb(tokens: Sequence[Token]) -> bool:
    """A finite verb among the tokens: "Heavy weapons, tanks, aircraft be provided" has
    none. (Its subject is not asked for: the parser often hangs it elsewhere.)"""
    kept = {t.i for t in tokens}
    return any(
        t.tag_ in FINITE
        # "guarantees to Ukraine encroach on ...": a present tense the tagger calls VB in
        # a headline; a subject of its own and no auxiliary make it finite.
        # (a plural subject: "that Ukraine declare itself neutral" is a subjunctive).
        or (t.tag_ == "VB" and any(c.dep_ == "nsubj" and c.i in kept
                                   and c.tag_ in {"NNS", "NNPS", "PRP"} for c in t.children)
            and not any(c.dep_ in {"aux", "auxpass"} for c in t.children))
        for t in tokens
    )  # fmt: skip


def fragment(tokens: Sequence[Token], clause: bool = False) -> str | None:
    """Why ``tokens`` (a piece of one parsed sentence) is not a statement of its own, or
    None when it is one. A ``clause`` (what follows "said that") is a clause by its
    grammar, whatever the tagger made of its verb ("intention ... encroaches", tagged a
    plural noun), so its verb is not asked for."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if len(words) < 3:
        return "too short"
    first = words[0]
    # "While A, B" is a sentence: the clause hangs from a main clause among the tokens.
    kept = {t.i for t in tokens}
    subordinate = (
        first.dep_ == "mark" and first.head.head.i in kept and (first.head.head.i != first.head.i)
    )
    relative = first.lower_ in _RELATIVES and (first.tag_ in {"WDT", "WP", "WP$"}
                                               or first.dep_ == "mark")  # fmt: skip
    if (first.lower_ in _CONJUNCTIONS or relative
            or (first.lower_ in _SUBORDINATORS and not subordinate)):  # fmt: skip
        return f"opens with {first.lower_!r}"
    if words[-1].dep_ in {"cc", "mark", "prep", "det", "aux"}:
        return f"ends with {words[-1].lower_!r}"
    if not clause and not _has_finite_verb(tokens):
        return "no finite verb"
    said = [t for t in tokens if t.lemma_.lower() in REPORTING_VERBS and t.dep_ == "conj"]
    subjects = {"nsubj", "nsubjpass"}
    glued = next((t for t in said if t.head.i in kept
                  and not any(c.dep_ in subjects for c in t.children)), None)  # fmt: skip
    if glued is not None:
        # "the threat is still there and has argued that ...": the speaker's own act of
        # saying, glued to what was said by the cut. (", adding that ..." reads as the
        # speaker's still, and a seed test keeps it.)
        return f"glued {glued.lower_!r}"
    return None


def problems(doc: Doc, sentence: Doc, allowed: str = "") -> list[str]:
    """What makes the stand-alone text ``doc`` worse than its ``sentence`` (each parsed
    on its own): a fragment the sentence is not ("And B." from "And B." is as good as
    it gets), unmatched quotation marks, or words that are neither in the sentence nor
    in ``allowed`` (the speaker's name, which may replace a pronoun)."""
    found = []
    why = fragment(list(doc))
    if why and len(list(doc.sents)) == 1 and why != fragment(list(sentence)):
        found.append(why)
    source = sentence.text
    text = doc.text
    if text.count("“") != text.count("”") or text.count('"') % 2:
        found.append("unmatched quotation marks")
    known = {w.casefold() for w in _WORD.findall(source + " " + allowed)}
    added = [w for w in _WORD.findall(text) if w.casefold() not in known]
    if added:
        found.append("words not in the document: " + ", ".join(added[:5]))
    return found
