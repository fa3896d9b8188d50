"""The stand-alone claim: the reported proposition without its attribution frame.

``workbench_standalone`` runs after ``workbench_attribution``, whose frame (the
verb of saying, "according to", "In his words") it cuts off: "Russia insists that
transport hampers ..." gives "Transport hampers ...".
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from workbench.extract.attribution import PRONOUNS, Attribution, subject_of
from workbench.extract.claims import QUOTES, SPAN_KEY
from workbench.extract.lexicon import NEGATING_VERBS
from workbench.extract.wellformed import fragment

NAME = "workbench_standalone"

for _name in ("wb_content", "wb_content_pronoun", "wb_content_how"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _drop(tokens: list[Token], out: set[int]) -> list[Token]:
    """``tokens`` without the indices in ``out`` and without the commas and colons
    that set the removed words off: "A, according to X, B" is "A B"."""
    out = set(out)
    removed = [k for k, t in enumerate(tokens) if t.i in out]
    if removed:
        first, last = removed[0], removed[-1]
        before = tokens[first - 1] if first > 0 else None
        after = tokens[last + 1] if last + 1 < len(tokens) else None
        if after is not None and after.text in ",:;" and (before is None or before.text == ","):
            out.add(after.i)
        if before is not None and before.text in ",:;" and (after is None or after.is_punct):
            out.add(before.i)
    return [t for t in tokens if t.i not in out]


def content(sent: Span, attribution: Attribution) -> list[Token]:
    """The reported proposition: the sentence without its attribution frame.

    "X said that Y" gives Y; "“Y,” X said" gives Y; "Y, according to X" gives Y;
    "Russia, he said, has ..." gives "Russia has ...". Anything else is the sentence.
    """
    tokens = list(sent)
    if attribution.frame is None:
        return tokens
    frame = sent.doc[attribution.frame]
    if frame.lemma_.lower() in NEGATING_VERBS or any(c.dep_ == "neg" for c in frame.children):
        return tokens  # "X denies that A", "X did not say A": A is not what X said
    if frame.lower_ == "according" or frame.lower_ == "in":
        if frame.lower_ == "in":
            out = {frame.i, frame.i + 1, frame.i + 2}
        else:
            out = {t.i for t in frame.subtree}
        return _drop(tokens, out)
    clauses = [c for c in frame.children if c.dep_ == "ccomp" and sent.start <= c.i < sent.end]
    if clauses:
        clause = max(clauses, key=lambda c: len(list(c.subtree)))
        inner = [
            t for t in clause.subtree
            if not (t.dep_ == "mark" and t.head.i == clause.i and t.lower_ in {"that", "whether"})
        ]  # fmt: skip
        if inner and inner[0].lower_ == "that" and inner[0].dep_ == "mark":
            inner = inner[1:]  # "that" attached lower in the clause than its root
        if sum(t.is_alpha for t in inner) >= 3:
            return inner
    if frame.dep_ in {"parataxis", "advcl"} and frame.head.dep_ == "ROOT":
        subtree = {t.i for t in frame.subtree}
        if len(subtree) <= 5:  # a parenthetical ", he said," and nothing more
            return _drop(tokens, subtree)
    subj = subject_of(frame)
    if subj is not None and frame.dep_ == "ROOT":
        # "“...,” he added." / "“...,” the spokesman said.": the quotation before the frame.
        cut = min(subj.left_edge.i, frame.i)
        before = [t for t in tokens if t.i < cut]
        if sum(t.is_alpha for t in before) >= 3 and any(t.is_quote for t in before):
            return before
    return tokens


_EDGE = QUOTES + " ,;:-–—"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and text.count('"') % 2 == 0


def content_text(tokens: list[Token]) -> str:
    """Readable text from content tokens: quote marks left unmatched by the cut removed,
    a capital first letter, a full stop."""
    parts = []
    for prev, tok in zip([None, *tokens], tokens, strict=False):
        if prev is not None and not prev.whitespace_ and tok.i != prev.i + 1:
            parts.append(" ")  # words were cut out between them
        parts.append(tok.text_with_ws)
    text = "".join(parts).strip().lstrip(_EDGE).rstrip(_EDGE + ".")
    if not _balanced(text):
        text = text.replace("“", "").replace("”", "").replace('"', "")
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def standalone_claims(doc: Doc) -> Doc:
    """Give each claim of ``doc`` its ``span._.wb_content`` (the stand-alone text) and,
    when that text starts with "he", "she" and the like as its subject,
    ``span._.wb_content_pronoun`` (for the speaker to replace once it is resolved)."""
    for span in doc.spans[SPAN_KEY]:
        # Never the dateline the claim starts after ("MOSCOW, July 12 (Wire) -").
        whole = [t for t in span if t.idx >= span._.wb_start]
        said = [t for t in content(span, span._.wb_attribution) if t.idx >= span._.wb_start]
        how = ["frame-removed"] if len(said) < len(whole) else []
        if how and fragment(said, clause=_that_clause(said)):
            # Cutting the frame left a fragment: the sentence is better than that.
            said, how = whole, ["fragment-kept-sentence"]
        if span._.wb_first_part is not None or _has_second_part(span):
            how.append("split")
        # The sentence kept is the verbatim span minus outer quotation marks (the
        # extractor makes it); content_text would drop quotation marks inside it.
        kept = how[:1] == ["fragment-kept-sentence"]
        span._.wb_content = None if kept else content_text(said)
        span._.wb_content_how = how
        first = next((t for t in said if not t.is_punct), None)
        if first is not None and first.lower_ in PRONOUNS and first.dep_ == "nsubj":
            span._.wb_content_pronoun = first.text
    return doc


def _that_clause(tokens: list[Token]) -> bool:
    """The content is the clause of "X said that ...", cut after its "that"."""
    first = tokens[0] if tokens else None
    return (
        first is not None
        and first.i > 0
        and first.doc[first.i - 1].lower_ == "that"
        and (first.doc[first.i - 1].dep_ == "mark")
    )


def _has_second_part(span: Span) -> bool:
    """The span is the first statement of a sentence split in two."""
    return span.end < span.sent.end and any(
        s._.wb_first_part == (span.start, span.end) for s in span.doc.spans[SPAN_KEY]
    )


@Language.factory(
    NAME,
    assigns=["span._.wb_content", "span._.wb_content_pronoun", "span._.wb_content_how"],
    requires=[
        "doc.spans",
        "span._.wb_attribution",
        "span._.wb_first_part",
        "token.dep",
        "token.head",
    ],
)
def make_standalone(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return standalone_claims
