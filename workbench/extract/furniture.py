"""Page furniture: the lines of a scraped page that are not the article.

Each rule is a name, the reason shown to a maintainer, and a test on one
paragraph. Add a rule by appending to ``RULES``; add its cases to
``tests/unit/test_furniture.py``. Rules run before spaCy, so furniture costs
nothing to parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass

from workbench.extract.language import guess_language


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the paragraph itself."""

    index: int
    """Position of the paragraph in the document (0 is the first)."""
    language: str
    """The document's language."""
    seen: Set[str]
    """Earlier paragraphs of the document, normalised by ``_key``."""


@dataclass(frozen=True)
class Rule:
    name: str
    why: str
    test: Callable[[str, Context], bool]


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+", text))


def _matches(pattern: str, max_words: int | None = None, flags: int = re.IGNORECASE
             ) -> Callable[[str, Context], bool]:  # fmt: skip
    regex = re.compile(pattern, flags)

    def test(text: str, _ctx: Context) -> bool:
        if max_words is not None and _words(text) > max_words:
            return False
        return regex.search(text) is not None

    return test


def _other_language(text: str, ctx: Context) -> bool:
    if _words(text) < 5:
        return False
    lang = guess_language(text, default=ctx.language)
    return lang is not None and lang != ctx.language


def _repeated(text: str, ctx: Context) -> bool:
    return _key(text) in ctx.seen


def _fragment(text: str, _ctx: Context) -> bool:
    # Three words or fewer and no sentence: a kicker ("News Beat"), a tag, a label.
    return _words(text) <= 3 and not re.search(r"[.!?]\W*$", text)


RULES: tuple[Rule, ...] = (
    Rule(
        "comment-prompt",
        "asks the reader to comment or share",
        _matches(
            r"^(leave a (comment|reply)|your email address will not be published"
            r"|(post|add|write|show) (a |your )?comments?|comments?( \(\d+\))?\s*$"
            r"|click here to comment|required fields are marked|share (this|on)\b"
            r"|join the (conversation|discussion))",
            max_words=14,
        ),
    ),
    Rule(
        "view-counter",
        "counts readers or views",
        _matches(
            r"(\b(this )?(news|article|story|post) has been (read|viewed)\b"
            r"|\b(read|viewed|seen) \d[\d,.]* times\b|^\d[\d,.]*\s*(views|reads|readers)\s*$)",
            max_words=14,
        ),
    ),
    Rule(
        "byline",
        "names the author",
        _matches(
            r"^(?i:by|written by|reporting by|author:?)\s+[A-Z][\w.'’-]*"
            r"(\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al))*\s*$",
            flags=0,
        ),
    ),
    Rule(
        "source-credit",
        "credits a source, photo or agency",
        _matches(
            r"^(kaynak|source|sources|photo|photos|image|picture|credit|credits|fuente|quelle"
            r"|foto|copyright|©)\s*:",
            max_words=12,
        ),
    ),
    Rule(
        "navigation",
        "links to other pages",
        _matches(
            r"^(previous and next news|previous( article| news| post)?|next( article| news"
            r"| post)?|related( news| articles| stories| posts)?|read (more|also)|more news"
            r"|see also|most (read|popular)|back to top|tags?|categories|advertisement"
            r"|subscribe( to .*)?|sign up( for .*)?|follow us( on .*)?)\s*:?\s*$",
            max_words=8,
        ),
    ),
    Rule(
        "section-label",
        "a section heading set off by a dash or bullet",
        _matches(r"^[-–—•*·]\s*\S[^.!?]*$", max_words=12),
    ),
    Rule(
        "dateline-or-timestamp",
        "only a place, agency or time stamp",
        _matches(
            r"^((published|updated|posted|last updated)\b[^.!?]{0,60}"
            r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(,?\s+\d{1,2}:\d{2}(\s*[ap]m)?)?"
            r"|[A-Z][A-Z .,'-]{2,40}\s*\([A-Za-z .]{1,20}\))\s*$"
        ),
    ),
    Rule("link", "only a web address", _matches(r"^(https?://|www\.)\S+$")),
    Rule("fragment", "too short to state anything", _fragment),
    Rule("repeated", "repeats an earlier paragraph (a title printed twice)", _repeated),
    Rule("other-language", "written in another language than the article", _other_language),
)


def furniture(text: str, ctx: Context) -> Rule | None:
    """The first rule that marks this paragraph as furniture, or None for article text."""
    stripped = text.strip()
    for rule in RULES:
        if rule.test(stripped, ctx):
            return rule
    return None


def classify(paragraph_texts: list[str], language: str) -> list[Rule | None]:
    """Apply the rules to a document's paragraphs in order."""
    seen: set[str] = set()
    verdicts: list[Rule | None] = []
    for index, text in enumerate(paragraph_texts):
        verdicts.append(furniture(text, Context(index, language, seen)))
        seen.add(_key(text))
    return verdicts
