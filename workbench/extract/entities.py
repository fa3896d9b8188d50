"""The entities of a span, from one pass over its document's entities.

``Span.ents`` walks the whole document's entities (and ``Doc.ents`` rebuilds them from
the tokens) on every call: asked once per sentence, that made a paragraph's time grow
with the square of its length. Here the list is built once per document and each span
finds its entities by bisection.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

#: Where the entity list and their start tokens are kept, in ``doc.user_data``.
_KEY = "wb_ents"


def ents_of(span: Span | Doc) -> list[Span]:
    """The entities wholly inside ``span`` (what ``span.ents`` gives), in order."""
    doc = span if isinstance(span, Doc) else span.doc
    cached = doc.user_data.get(_KEY)
    if cached is None or cached[2] != len(doc):
        ents = list(doc.ents)
        cached = (ents, [e.start for e in ents], len(doc))
        doc.user_data[_KEY] = cached
    ents, starts = cached[0], cached[1]
    if isinstance(span, Doc):
        return list(ents)
    out = []
    for ent in ents[bisect_left(starts, span.start) :]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out
