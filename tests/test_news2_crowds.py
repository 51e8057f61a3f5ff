"""Protest and riot detection on news wording: crowds no role word types, strike wording, attempts at blocking."""

from __future__ import annotations

import pytest

from coding_helpers import current
from newsevents.extract.mentions import find_mentions

CROWD_TYPES = {"Protests", "Riots"}


def _types(text: str) -> set[str]:
    return {e.acled.event_type for e in current(text)}


def _mention(nlp, text: str, frame: str):
    found = [m for m in find_mentions(nlp(text)) if m.frame.name == frame]
    assert found, f"no {frame} mention in {text!r}"
    return found[0]


@pytest.mark.parametrize("text", [
    "About 250 township members began blockading the roads into the town at dawn, police said.",
    "The unruly group of party members blockaded the gate of the factory on Monday.",
    "Hundreds of residents marched to the municipal offices. They barricaded the roads with rocks.",
])
def test_a_counted_or_collective_body_blocking_roads_is_a_crowd(text):
    assert _types(text) & CROWD_TYPES


@pytest.mark.parametrize("text", [
    "An armed group blocked the road leading to the mine camp.",
    "A group of soldiers barricaded the bridge on Friday.",
    "Heavy rains blocked the roads into the valley.",
    "The group blocked the road.",
    "They blockaded the roads into the district on Monday.",  # 'they' with no protest before it: anyone
])
def test_armed_bodies_weather_and_unknown_doers_are_no_crowd(text):
    assert not _types(text) & CROWD_TYPES


def test_the_doer_is_found_through_phase_verbs_and_passives(nlp):
    m = _mention(nlp, "Some 400 community members tried to barricade the highway near the border.", "obstruct")
    assert m.crowd and m.throng
    m = _mention(nlp, "Hundreds of villagers started blockading the road to the capital.", "obstruct")
    assert m.crowd and m.throng


def test_an_attempt_to_block_a_road_is_the_act():
    # ACLED codes the crowd that took to the road, whether or not the barricade held
    events = current("Angry hotheads at the school gate tried to barricade the street and were removed by the police.")
    assert events and events[0].acled.event_type in CROWD_TYPES


def test_a_crowd_told_in_numbers_that_wrecks_property_riots():
    event = current("Around 700 people destroyed the power lines and burned tyres on the railway tracks.")[0]
    assert event.acled.event_type == "Riots"
    assert event.actor1.inter == 5


def test_a_few_people_who_burn_a_house_are_no_riot():
    events = current("Two men burned down the councillor's house on Monday night.")
    assert all(e.acled.event_type != "Riots" for e in events)


@pytest.mark.parametrize("text", [
    "Teachers in the province have been on a go-slow since the schools reopened.",
    "About 90 ambulance operators stopped reporting for duty last week over unpaid overtime.",
    "Cleaners at the airport stopped reporting for work on Monday in a dispute over wages.",
])
def test_strike_wording(text):
    assert _types(text) & CROWD_TYPES


def test_a_hyphenated_noun_trigger_is_a_noun(nlp):
    m = _mention(nlp, "Nurses have been on a national go-slow since Monday.", "strike")
    assert m.nominal
