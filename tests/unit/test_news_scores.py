"""The check-worthiness rules that fit news (issue 11): announcements are news,
forecasts, demands and rhetoric are not. Each rule on its own sentences."""

from __future__ import annotations

import pytest

from workbench.extract.attribution import attribute
from workbench.extract.checkworthiness import parse
from workbench.extract.reasons import Kind
from workbench.extract.scoring import score


def kinds(nlp, text: str) -> set[Kind]:
    doc = parse(nlp, [text])[0]
    return {r.kind for r in score(doc[:], attribute(doc[:]))[1]}


def rule_score(nlp, text: str) -> float:
    doc = parse(nlp, [text])[0]
    return score(doc[:], attribute(doc[:]))[0]


@pytest.mark.parametrize(
    "text",
    [
        "The G7 will announce security guarantees for Ukraine on Wednesday.",
        "The company will cut 4,000 jobs next week.",  # a date makes it a schedule
        "The ministry confirmed that the bridge will reopen.",  # an announcing verb
    ],
)
def test_a_plan_with_a_date_or_an_announcing_verb_is_an_announcement(nlp, text):
    assert Kind.ANNOUNCEMENT in kinds(nlp, text)
    assert Kind.PREDICTION not in kinds(nlp, text)


def test_a_forecast_is_a_prediction(nlp):
    found = kinds(nlp, "Prices will keep rising and the economy is going to suffer.")
    assert Kind.PREDICTION in found and Kind.ANNOUNCEMENT not in found


def test_an_announcement_scores_above_the_same_forecast(nlp):
    assert rule_score(nlp, "The council will vote on the budget on Monday.") > rule_score(
        nlp, "The council will regret the budget."
    )


def test_the_noun_will_is_no_future(nlp):
    # "will" as a noun (the people's will) is not a modal: no prediction.
    assert Kind.PREDICTION not in kinds(nlp, "The will of the people was ignored in 2019.")


@pytest.mark.parametrize(
    "text",
    [
        "The foreign secretary called on the allies to send heavy weapons.",
        "Protesters called for a ban on cluster munitions.",
        "The union urged the government to raise wages by 5 percent.",
        "Stop the war now.",  # an imperative: a bare verb with no subject
    ],
)
def test_demands_and_appeals(nlp, text):
    assert Kind.DEMAND in kinds(nlp, text)


def test_calling_someone_something_is_no_demand(nlp):
    # "call" without "on"/"for" names, it does not demand.
    assert Kind.DEMAND not in kinds(nlp, "Critics called the plan a failure in 2020.")


@pytest.mark.parametrize(
    "text",
    ["This is the greatest country in the world!", "I believe we are winning this fight."],
)
def test_rhetoric(nlp, text):
    assert Kind.RHETORIC in kinds(nlp, text)


def test_a_third_person_belief_is_reported_not_rhetoric(nlp):
    # Hard: "believes" is a view too, but reported about someone else it is news.
    assert Kind.RHETORIC not in kinds(nlp, "Police believe the two cases are unrelated.")
