"""A headline that the article's body restates is reviewed once, through the body.

Plain-text articles start with their headline, which the extraction reads as a claim
like any other; most headlines restate the lead or a quotation below them, and a
reviewer would judge the same statement twice (the wording of a headline is also the
less precise one). Such a headline claim gets ``restated_by``: the id of the body claim
that says the same, and the review list shows it only with the hidden claims.

"Says the same" is decided on the words, so that it holds on any machine and in any
order: nearly every content word of the headline (lemmas, without function words)
is in the body claim, and every number of the headline is. A headline that only shares
the topic ("The Kremlin accuses Britain ...") against "Moscow has warned London ...")
stays a claim of its own: a reviewer sees it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from workbench.models import Claim

#: The share of the headline's content words that the body claim must hold.
COVERAGE = 0.75
#: Fewer content words than this say too little to call two claims the same.
MIN_WORDS = 3
#: Longer than this, a first paragraph is a lead, not a headline.
MAX_HEADLINE = 300

_WS = re.compile(r"\s+")
_ALNUM = re.compile(r"[^\w]+")
#: Verbs of saying: "Kremlin says X" restates "Peskov said on Wednesday that X".
_SAYING = frozenset({"say", "tell", "claim", "state", "accuse", "warn", "insist", "add"})


@dataclass(frozen=True)
class Words:
    """What a claim says, for comparing it with a headline: content lemmas and numbers."""

    lemmas: frozenset[str]
    numbers: frozenset[str]


def words_of(span: Span) -> Words:
    """The content words of a claim's span: lower-case lemmas of nouns, verbs, adjectives,
    adverbs and names, without punctuation ("G-7" is "g7"), and its numbers."""
    lemmas: set[str] = set()
    numbers: set[str] = set()
    for token in span:
        if token.is_punct or token.is_space or token.is_stop:
            continue
        key = _ALNUM.sub("", token.lemma_.lower())
        if not key:
            continue
        if token.like_num:
            numbers.add(key)
        if token.lemma_.lower() not in _SAYING:
            lemmas.add(key)
    return Words(frozenset(lemmas), frozenset(numbers))


def is_headline(paragraph: str, title: str | None) -> bool:
    """Whether a document's first paragraph is its headline: short, and the title."""
    text = _WS.sub(" ", paragraph).strip().casefold()
    if not text or len(text) > MAX_HEADLINE or not title:
        return False
    title = _WS.sub(" ", title).strip().casefold().rstrip("…")
    # A page title may carry the outlet ("... | Reuters"), a first line an "UPDATE -" tag.
    short, long = sorted((text, title), key=len)
    return text == title or (len(short) >= 20 and short in long)


def restates(headline: Words, body: Words) -> float:
    """How much of the headline the body claim says: the share of its content words
    (0 when a headline number is missing or the headline says too little)."""
    if len(headline.lemmas) < MIN_WORDS or not headline.numbers <= body.numbers:
        return 0.0
    return len(headline.lemmas & body.lemmas) / len(headline.lemmas)


def link(claims: Sequence[Claim], words: Sequence[Words], headline_end: int) -> list[Claim]:
    """``claims`` with ``restated_by`` set on each headline claim (one that ends by
    ``headline_end``) that a body claim restates: the body claim that holds the most of
    it, the first of equals."""
    out = list(claims)
    body = [(k, c) for k, c in enumerate(claims) if c.start >= headline_end]
    for i, claim in enumerate(claims):
        if claim.end > headline_end:
            break
        best, best_k = COVERAGE, None
        for k, _ in body:
            share = restates(words[i], words[k])
            if share >= best and (best_k is None or share > best):
                best, best_k = share, k
        if best_k is not None:
            out[i] = claim.model_copy(update={"restated_by": claims[best_k].id})
    return out
