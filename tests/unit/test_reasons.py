"""Typed reasons and the words they are stored as."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.extract.reasons import Kind, Reason


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (Reason(Kind.NUMBER), "+ states a number or quantity"),
        (Reason(Kind.DATE), "+ names a date or time"),
        (Reason(Kind.NAMES, words=("Britain", "Kremlin")), "+ names Britain, Kremlin"),
        (Reason(Kind.NAMES, words=tuple("ABCDEF")), "+ names A, B, C, D"),
        (Reason.attributed("The Kremlin", "accuses"), "+ attributed to The Kremlin (accuses)"),
        (Reason(Kind.LEGAL_CAUSAL), "+ legal or causal statement"),
        (Reason(Kind.COMPARISON), "+ makes a comparison"),
        (Reason(Kind.HEDGED, words=("may", "reportedly")), "- hedged (may, reportedly)"),
        (Reason(Kind.OPINION, words=("must",)), "- opinion or obligation (must)"),
        (Reason(Kind.PREDICTION), "- prediction (future tense)"),
        (Reason.classifier(0.596), "classifier: 0.60 check-worthy"),
    ],
)
def test_each_kind_renders_as_stored(reason, text):
    assert reason.render() == text
    assert reason.sign == (text[0] if text[0] in "+-" else "")


def test_a_resolved_speaker_names_the_description_it_came_from():
    said = Reason.attributed("the spokesman", "said")
    assert said.resolved("the spokesman", "Dmitry Peskov", "the spokesman").render() == (
        "+ attributed to Dmitry Peskov (the spokesman, said)"
    )
    assert said.resolved("the spokesman", "Dmitry Peskov", None).render() == (
        "+ attributed to Dmitry Peskov (said)"
    )


def test_resolving_leaves_other_reasons_and_other_speakers_alone():
    names = Reason(Kind.NAMES, words=("the spokesman",))
    assert names.resolved("the spokesman", "Dmitry Peskov", None) is names
    other = Reason.attributed("LONDON (AP) - the spokesman", "said")
    assert other.resolved("the spokesman", "Dmitry Peskov", None) is other


def test_reasons_are_values():
    reason = Reason.attributed("he", "said")
    assert reason == Reason(Kind.ATTRIBUTED, speaker="he", cue="said")
    assert len({reason, Reason.attributed("he", "said")}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.speaker = "she"  # type: ignore[misc]
