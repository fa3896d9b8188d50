"""How the claim list shortens a speaker to its room (``abbreviate_speaker``)."""

from __future__ import annotations

import pytest

from workbench.tui.widgets.claim_list import abbreviate_speaker


@pytest.mark.parametrize(
    ("speaker", "width", "shown"),
    [
        ("Dmitry Peskov", 120, "Dmitry Peskov"),
        # A wide list keeps the words that name the person, not the role before them.
        ("Kremlin spokesman Dmitry Peskov", 120, "Dmitry Peskov"),
        ("British Foreign Secretary Liz Truss", 120, "Liz Truss"),
        ("the Russian foreign ministry", 120, "foreign ministry"),
        # One word too long for the room is cut.
        ("Oberbürgermeisterkandidatin", 120, "Oberbürgermeister…"),
        # A narrow list (an 80-column terminal) keeps the last word.
        ("Kremlin spokesman Dmitry Peskov", 40, "Peskov"),
        ("the Kremlin", 40, "Kremlin"),
    ],
)
def test_a_speaker_keeps_the_words_that_fit(speaker: str, width: int, shown: str) -> None:
    assert abbreviate_speaker(speaker, width) == shown
