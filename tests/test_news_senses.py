"""Protest and violence words in news prose that tell no event: other senses, rights, forecasts, trends and games."""

import pytest

from newsevents.extract.mentions import find_mentions
from newsevents.pipeline import code_text

CROWD_TYPES = {"Protests", "Riots"}


def current_crowd_events(text):
    """Protests or riots the coder says took place (not negated, hypothetical or background)."""
    return [e for e in code_text(text) if e.acled.event_type in CROWD_TYPES
            and not (e.negated or e.hypothetical or e.historical)]


def frames(nlp, text):
    return {m.frame.name: m for m in find_mentions(nlp(text))}


@pytest.mark.parametrize("text", [
    "The value of early warning was demonstrated by last year's floods.",  # passive 'demonstrate' = shown
    "Independence must be clearly demonstrated before the panel can rule.",
    "Researchers spent a year gathering samples from the wetlands.",  # transitive 'gather' = collect
    "The governor watched a military procession through the capital on Independence Day.",  # a parade
    "Park staff were sent home during the government shutdown that began last week.",  # a funding lapse
    "The promoter petitioned the boxing council to reconsider the ranking.",  # a formal request to a body
])
def test_other_senses_of_protest_words_are_no_protest(text):
    assert current_crowd_events(text) == []


@pytest.mark.parametrize("text", [
    "Hundreds of nurses gathered outside the ministry on Monday.",
    "Thousands of students demonstrated in the capital on Friday.",
    "Residents petitioned against the closure of the clinic and marched to the town hall.",
    "Drivers staged a total shutdown of the city centre on Tuesday to protest fuel prices.",
    "Mourners turned the funeral procession into a march against police violence.",
])
def test_protests_told_with_the_same_words_stay(text):
    assert current_crowd_events(text)


def test_petitioning_a_body_is_a_request(nlp):
    found = frames(nlp, "The mayor petitioned the provincial court to halt the evictions.")
    assert "protest" not in found and "request" in found


@pytest.mark.parametrize("text", [
    "The new law limits nurses' right to strike in public hospitals.",  # a right, not a stoppage
    "The union's plan to march on parliament was discussed at length.",
    "If the vote is rigged there will be riots across the province, the bishop warned.",  # a forecast
    "If there are people protesting in the streets, investors would take fright, the minister said.",
    "Poor communication is one of the main causes of service delivery protests.",  # a trend, not an event
    "Analysts pointed to a rise in violent protests over the past decade.",
])
def test_rights_forecasts_and_trends_are_not_events_that_took_place(text):
    assert current_crowd_events(text) == []


def test_a_clause_reported_about_people_keeps_its_protest(nlp):
    # the miners' own clause ('the miners were demonstrating') is no participle describing people
    m = frames(nlp, "The spokesman could not confirm reports that the miners were demonstrating outside the shaft.")
    assert not m["protest"].hypothetical


def test_an_aim_after_a_thing_is_not_made_unreal(nlp):
    m = frames(nlp, "Police fired rubber bullets to disperse the crowd outside the stadium.")
    assert "disperse" in m and not m["disperse"].hypothetical


@pytest.mark.parametrize("text", [
    "Firefighters battled a blaze at the timber yard for six hours.",
    "City travel to the harbour for the derby clash on Saturday.",
])
def test_fires_and_games_are_no_fight(nlp, text):
    assert "clash" not in frames(nlp, text)


def test_exchanging_fire_is_still_a_fight(nlp):
    assert "clash" in frames(nlp, "Soldiers exchanged fire with gunmen near the border post.")
