"""A small, dependency-free language guess from function words.

It only has to tell an English article from a paragraph in another language
(a Turkish moderation notice, a Spanish photo credit), so a few dozen of the
commonest words per language are enough, and it costs microseconds.
"""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        (
            "the of and to in a is that for on with as was by it at from be has have are this "
            "which an not or but its will said were their been would they had he she his her who "
            "also after than more about into over"
        ).split()
    ),
    "tr": frozenset(
        (
            "ve bir bu da de ile için veya olan gibi daha çok ama ancak kadar sonra olarak içeren "
            "yorumlar haber edilen değil ise ki her en"
        ).split()
    ),
    "es": frozenset(
        (
            "el la los las de del que y en un una es por con para se su al lo como más pero sus "
            "le ha este esta"
        ).split()
    ),
    "fr": frozenset(
        (
            "le la les de des du et en un une est que qui pour dans sur par au aux avec ce cette "
            "il elle ne pas"
        ).split()
    ),
    "de": frozenset(
        (
            "der die das und ist nicht ein eine den dem des mit von zu auf für sich auch im es "
            "sie er wird"
        ).split()
    ),
    "pt": frozenset(
        ("o a os as de do da dos das e que em um uma para com não por mais se no na ao").split()
    ),
}
#: Function words of another language that are English words too ("a", "do", "no",
#: "her", "die"): against English they are evidence for neither. "“We messed up; I
#: messed up,” Thomas told a supervisor. “We didn't do any rounds.”" has "a" and "do".
_ALSO_ENGLISH = frozenset("a as do no her die den la um".split())
# Letters that occur in one language's orthography and not in English.
_LETTERS: dict[str, str] = {"tr": "ğışİıŞĞ", "es": "ñ¿¡", "de": "ßä", "fr": "çœè", "pt": "ãõ"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def guess_language(text: str, default: str = "en") -> str | None:
    """ISO 639-1 code of the likeliest language, or None when the text is too short."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return None
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic > len(text) * 0.3:
        return "ru"
    scores: dict[str, float] = {}
    for lang, stop in _STOPWORDS.items():
        shared = _ALSO_ENGLISH if "en" in (default, lang) and lang != "en" else frozenset()
        hits = sum(1 for w in words if w in stop and w not in shared)
        letters = sum(text.count(ch) for ch in _LETTERS.get(lang, ""))
        scores[lang] = hits / len(words) + min(0.3, letters / max(1, len(words)))
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < 0.04:
        # No function words at all: a name list, a headline. Not evidence either way.
        return None
    if best != default and scores[best] - scores.get(default, 0.0) < 0.05:
        return default
    return best
