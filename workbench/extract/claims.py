"""Claim finding: the statements of a paragraph, as spans.

``workbench_claims`` runs after the parser of an English pipeline. It puts each
sentence that states something (enough words, a verb, not a question, not the
tail of a broken sentence) in ``doc.spans["wb_claims"]``, a sentence of two
coordinated statements as two spans. The components after it explain each span:
who said it (``attribution``), what it says on its own (``standalone``) and how
check-worthy it is (``scoring``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "workbench_claims"
#: The span group that holds a paragraph's claims.
SPAN_KEY = "wb_claims"

for _name in ("wb_start", "wb_first_part"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

QUOTES = '"“”‘’«»'
_PREFIX = re.compile(
    r"^((?:UPDATE|BREAKING|EXCLUSIVE|WATCH|VIDEO|LIVE|ANALYSIS)\s*[-–—:|]\s*"
    # Wire datelines: "LONDON (Reuters) -", "MOSCOW, July 12 (Wire) -", "PARIS, Nov. 3 -".
    # "HONOLULU, Hawaii (HawaiiNewsNow) -": the place may name its state or country.
    r"|[A-Z][A-Z .,'-]{2,40}(?:,\s*[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\([A-Za-z .]{1,20}\)\s*[-–—]\s*"
    r"|[A-Z][A-Z .'-]{2,40},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—]\s*)"
)


#: Marks of a subordinate clause that states something of its own ("A, though X noted B").
_CONTRASTS = frozenset({"while", "whereas", "though", "although"})


def split(sent: Span) -> list[Span]:
    """Coordinated independent statements as separate parts: "Macron said A, while
    Starmer said B" and "A, and B" where B has a subject of its own."""
    root = sent.root
    for child in root.children:
        if child.i <= root.i or child.pos_ not in {"VERB", "AUX"}:
            continue
        if child.dep_ not in {"conj", "advcl"}:
            continue
        subj = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.lower_ in {"that", "which", "who"}:
            continue
        lead = [c for c in child.children if c.dep_ in {"cc", "mark"} and c.i < subj.i]
        if child.dep_ == "advcl" and not any(c.lower_ in _CONTRASTS for c in lead):
            continue  # "because ...", "when ...": one statement, not two
        cut = min(t.i for t in child.subtree)
        # A quotation that is still open at the cut belongs to one statement.
        before = sent.doc[sent.start : cut].text
        if before.count("“") != before.count("”") or before.count('"') % 2:
            continue
        second_start = max([cut, *[c.i + 1 for c in lead]])
        first_end = cut
        while first_end > sent.start and (sent.doc[first_end - 1].is_punct
                                          or sent.doc[first_end - 1].dep_ == "cc"):  # fmt: skip
            first_end -= 1
        first, second = sent.doc[sent.start : first_end], sent.doc[second_start : sent.end]
        if sum(t.is_alpha for t in first) >= 4 and sum(t.is_alpha for t in second) >= 4:
            return [first, *split(second)]
    return [sent]


def is_claim(sent: Span) -> bool:
    """A sentence that states something: enough words, a verb, not a question."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4:
        return False
    if sent.text.rstrip(QUOTES + " ").endswith("?"):
        return False
    if words[0].is_lower and words[0].pos_ in {"ADP", "CCONJ"} and words[0].i == sent.start:
        # "of the Russian Presidency, Dimitri Peskov, as reported by ...": the tail of a
        # sentence the page broke across paragraphs.
        return False
    return any(t.pos_ in {"VERB", "AUX"} for t in sent)


def find_claims(doc: Doc) -> Doc:
    """Put the claims of ``doc`` in ``doc.spans[SPAN_KEY]``, each with

    - ``span._.wb_start``: where the claim starts in the paragraph, after a dateline
      or tag such as "UPDATE:" or "LONDON (Reuters) -";
    - ``span._.wb_first_part``: for the second statement of a sentence and after, the
      (start, end) token offsets of the sentence's first statement, whose speaker the
      later ones keep ("He claimed that A, while B"); None for the first.
    """
    spans: list[Span] = []
    for sent in doc.sents:
        parts = split(sent)
        for k, part in enumerate(parts):
            if not is_claim(part):
                continue
            prefix = _PREFIX.match(part.text)
            part._.wb_start = part.start_char + (prefix.end() if prefix else 0)
            if k:
                part._.wb_first_part = (parts[0].start, parts[0].end)
            spans.append(part)
    doc.spans[SPAN_KEY] = spans
    return doc


# token.pos is read too but not required: en_core_web_sm's attribute_ruler sets it from
# the tags and declares no assigns, so analyze_pipes would always report it missing.
# tests/unit/test_components.py checks that it is set before this component runs.
@Language.factory(
    NAME,
    assigns=["doc.spans", "span._.wb_start", "span._.wb_first_part"],
    requires=["doc.sents", "token.dep", "token.head"],
)
def make_claim_finder(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return find_claims
