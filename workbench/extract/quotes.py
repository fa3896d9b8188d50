"""Where quotations open and close: one reading of quotation marks for every rule.

Writers mix their marks ("“somebody ought to ...," the office said", "\"But the
third ...,” he said"), so marks are not counted by kind. A curly or angled mark says
by its shape whether it opens or closes; a straight one by its neighbours: after a
space (or at the start, or after a bracket) it opens, after a word or a comma it
closes. A closing mark of any kind closes the quotation open last.
"""

from __future__ import annotations

from spacy.tokens import Doc

_OPENERS = frozenset("“«")
_CLOSERS = frozenset("”»")
#: What may stand right before a straight mark that opens a quotation.
_BEFORE_OPENING = frozenset(" \t\n([{—–-:")
#: Where the token indices inside quotation marks are kept, in ``doc.user_data``.
_QUOTED_KEY = "wb_quoted"


def _opens(text: str, at: int) -> bool:
    """The mark at ``at`` opens a quotation."""
    mark = text[at]
    if mark in _OPENERS:
        return True
    if mark in _CLOSERS:
        return False
    return at == 0 or text[at - 1] in _BEFORE_OPENING


def open_quotes(text: str) -> int:
    """How many quotations are open at the end of ``text``."""
    depth = 0
    for at, char in enumerate(text):
        if char in _OPENERS or char in _CLOSERS or char == '"':
            depth = depth + 1 if _opens(text, at) else max(0, depth - 1)
    return depth


def quoted(doc: Doc) -> frozenset[int]:
    """The indices of the tokens inside quotation marks, counted from the paragraph's
    start ("“A,” he said. “B.”": A and B)."""
    cached = doc.user_data.get(_QUOTED_KEY)
    if cached is None:
        inside: set[int] = set()
        depth = 0
        text = doc.text
        for tok in doc:
            if tok.text in _OPENERS or tok.text in _CLOSERS or tok.text == '"':
                depth = depth + 1 if _opens(text, tok.idx) else max(0, depth - 1)
            elif depth:
                inside.add(tok.i)
        cached = doc.user_data[_QUOTED_KEY] = frozenset(inside)
    return frozenset(cached)
