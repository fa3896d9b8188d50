"""The texts a claim is known by before it is stored: its stand-alone text as the
extraction makes it, and the text it is scored by (so that one vector serves both)."""

from __future__ import annotations

import re

from spacy.tokens import Span

_WS = re.compile(r"\s+")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"))


def foreseen(span: Span) -> str:
    """A claim's stand-alone text as the extraction makes it before pronouns are resolved."""
    return span._.wb_content or normalized(span.doc.text[span._.wb_start : span.end_char].rstrip())


_WORDS = re.compile(r"[\W_]+")


def scored_text(span: Span) -> str:
    """The text a claim is scored by: its sentence, or its stand-alone text when the two
    differ only in punctuation, spacing or case (quotation marks, a full stop added),
    so that one vector serves scoring and matching. On news that is 92% of claims
    (two thirds identical, a quarter differing so); scoring a claim by its stand-alone
    text when the words differ ("Peskov said that X" scored as X) ranked check-worthy
    claims worse (AUC 0.735 -> 0.723 on news_gold.tsv)."""
    alone = foreseen(span)
    return alone if _words(alone) == _words(span.text) else span.text


def _words(text: str) -> str:
    return _WORDS.sub(" ", text).strip().casefold()


def normalized(text: str) -> str:
    """A verbatim span with its spacing collapsed and the quotation marks that wrap it
    whole, or that lost their partner to another sentence, taken off."""
    text = _WS.sub(" ", text).strip()
    for left, right in _QUOTE_PAIRS:
        inner = text[1:-1] if text.startswith(left) and text.endswith(right) else None
        if inner and left not in inner and right not in inner:
            return inner.strip()
    if text.count("“") != text.count("”") or text.count('"') % 2:
        # A quotation opened or closed in another sentence: its mark alone is no quote.
        text = text.replace("“", "").replace("”", "").replace('"', "").strip()
    return text
