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

#: Tags of a finite verb: past, present, modal.
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Words a stand-alone statement cannot open with: it would hang from a missing clause.
_DANGLING_OPENERS = frozenset(
    "and but or nor so yet because although though while whereas if unless until since "
    "which who whom whose that than as also too then however".split()
)
_WORD = re.compile(r"[\w’']+")


def _has_finite_clause(tokens: Sequence[Token]) -> bool:
    """A finite verb (or "to be" with a subject) whose subject is among the tokens."""
    kept = {t.i for t in tokens}
    for tok in tokens:
        if tok.tag_ not in FINITE:
            continue
        verb = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}]
        if any(s.i in kept for s in subjects):
            return True
    return False


def fragment(tokens: Sequence[Token]) -> str | None:
    """Why ``tokens`` (a piece of one parsed sentence) is not a statement of its own, or
    None when it is one."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if len(words) < 3:
        return "too short"
    first = words[0]
    # "While A, B" is a sentence: the clause hangs from a main clause among the tokens.
    subordinate = first.dep_ == "mark" and first.head.dep_ != "ROOT" and first.head.head.i in {
        t.i for t in tokens
    }
    if first.lower_ in _DANGLING_OPENERS and not subordinate:
        return f"opens with {first.lower_!r}"
    if words[-1].dep_ in {"cc", "mark", "prep", "det", "aux"}:
        return f"ends with {words[-1].lower_!r}"
    if not _has_finite_clause(tokens):
        return "no finite verb with its subject"
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
