"""Every furniture rule, with cases from the seeds and cases written for it."""

import pytest

from workbench.extract.furniture import RULES, Context, classify, furniture
from workbench.extract.language import guess_language


def rule_for(text: str, language: str = "en", seen=frozenset()) -> str | None:
    rule = furniture(text, Context(3, language, seen))
    return rule.name if rule else None


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # From the seeds.
        ("Leave a Comment", "comment-prompt"),
        ("Your email address will not be published.", "comment-prompt"),
        ("This news has been read 65 times in total", "view-counter"),
        ("By Burc Eruygur", "byline"),
        ("Kaynak:Source of News", "source-credit"),
        ("Previous and Next News", "navigation"),
        ("- Cluster munitions", "section-label"),
        ("- Russia-China ties not against 3rd countries", "section-label"),
        ("News Beat", "fragment"),
        ("UYARI: Küfür, hakaret, rencide edici cümleler veya imalar, inançlara saldırı içeren, "
         "imla kuralları ile yazılmamış,\nTürkçe karakter kullanılmayan ve büyük harflerle "
         "yazılmış yorumlar onaylanmamaktadır.", "other-language"),
        # Written for the rules.
        ("Share this article", "comment-prompt"),
        ("Comments (12)", "comment-prompt"),
        ("1,204 views", "view-counter"),
        ("Read 3,000 times", "view-counter"),
        ("Written by Anna Smith and John de Vries", "byline"),
        ("Photo: Reuters", "source-credit"),
        ("Related articles", "navigation"),
        ("Read more:", "navigation"),
        ("Advertisement", "navigation"),
        ("• Sanctions", "section-label"),
        ("Published: 12 July 2023 14:05", "dateline-or-timestamp"),
        ("12.07.2023 14:05", "dateline-or-timestamp"),
        ("MOSCOW (Reuters)", "dateline-or-timestamp"),
        ("https://example.org/story/1", "link"),
        ("El Kremlin ha dicho que las garantías de seguridad son una amenaza para Rusia.",
         "other-language"),
    ],
)  # fmt: skip
def test_furniture_rules(text, rule):
    assert rule_for(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "Kremlin spokesman Dmitry Peskov said the guarantees threaten Russia's security.",
        "By providing security guarantees to Ukraine, they encroach on Russia's security.",
        # Hard: opens like a byline, but it is a sentence.
        "By Wednesday, the G7 had agreed to sign a joint declaration.",
        # Hard: opens like navigation, but it is article text.
        "Previous talks in Istanbul ended without an agreement on guarantees.",
        # Hard: a dash-led line that is a full sentence is not a section label.
        "- The US, Russia and Ukraine are not signatories to the ban.",
        # Hard: a short English sentence with few function words.
        "Russia attacked Ukraine in late February.",
        "The US, Russia and Ukraine are not signatories to the ban.",
    ],
)
def test_article_text_is_not_furniture(text):
    assert rule_for(text) is None


def test_repeated_paragraph_is_furniture_only_the_second_time():
    title = "UPDATE - Kremlin says G-7 security guarantees to Ukraine encroach on Russia’s security"
    verdicts = classify([title, title, "The Kremlin said on Wednesday that it objects."], "en")
    assert verdicts[0] is None and verdicts[1].name == "repeated" and verdicts[2] is None


def test_every_rule_has_a_name_and_a_reason():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(r.why for r in RULES)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Kremlin said on Wednesday that the guarantees are a threat.", "en"),
        (
            "Türkçe karakter kullanılmayan ve büyük harflerle yazılmış yorumlar onaylanmamaktadır.",
            "tr",
        ),
        ("Le Kremlin a déclaré que les garanties sont une menace pour la Russie.", "fr"),
        ("Кремль заявил, что гарантии безопасности угрожают России.", "ru"),
        ("NATO G7", None),
    ],
)
def test_guess_language(text, lang):
    assert guess_language(text) == lang
