"""A crowd's protest or riot: a road blocked with stones, fire or felled trees is a riot (ACLED), an angry crowd that
does nothing violent protests, and the dead told after a riot are its toll; coding.Told carries what the sentences
tell into the coder."""

import dataclasses

import pytest
from coding_helpers import current, main, main_toll

from newsevents import lexicon
from newsevents.extract.coding import Told, code_event
from newsevents.records import Actor, Count

VIOLENT, PEACEFUL, MOB = "Violent demonstration", "Peaceful protest", "Mob violence"


def _trigger(trigger_id: str) -> lexicon.Trigger:
    return next(t for t in lexicon.triggers() if t.id == trigger_id)


def _sub(text: str) -> str:
    return main(text).acled.sub_event_type


# --- coding.Told: one frozen record of what the event's sentences tell

def test_told_is_frozen_and_defaults_to_nothing_told_but_serious_force():
    told = Told()
    assert not (told.rivalry or told.demand or told.crowd_fight or told.reciprocal or told.crowdless
                or told.violent_blockade)
    assert told.serious
    with pytest.raises(dataclasses.FrozenInstanceError):
        told.demand = True  # type: ignore[misc]


def test_a_blockade_told_violent_is_a_riot_and_a_plain_one_a_protest():
    crowd = Actor(text="villagers", name="Protesters", type=None, inter=6)
    block = [_trigger("obstruct.block")]
    zero = Count.zero()
    assert code_event(block, crowd, None, zero, zero).acled.sub_event_type == PEACEFUL
    assert code_event(block, crowd, None, zero, zero, Told(violent_blockade=True)).acled.sub_event_type == VIOLENT


# --- a road blocked with barricades, burning objects or heavy debris is a riot

@pytest.mark.parametrize("text", [
    "On Monday, villagers in Kasese blocked the main highway with stones and felled trees to demand a new bridge.",
    "On Monday, traders blocked the market roads with bonfires in Kasese to protest against new market fees.",
    "On Monday, farmers blocked the road to the sugar factory using boulders and logs, demanding their arrears.",
])
def test_a_road_blocked_with_stones_fire_or_trees_is_a_violent_demonstration(text):
    assert _sub(text) == VIOLENT


@pytest.mark.parametrize("text", [
    "On Monday, taxi drivers blocked the main highway in Kasese with their vehicles to protest against new fees.",
    "On Monday, nurses blocked the entrance of the ministry in Kampala to demand unpaid allowances.",
])
def test_a_road_blocked_by_people_or_their_vehicles_is_a_peaceful_protest(text):
    assert _sub(text) == PEACEFUL


# --- anger is a crowd's mood, not its violence

@pytest.mark.parametrize("text", [
    "On Monday, angry residents padlocked the sub-county offices in Kasese over the delayed relief food.",
    "On Monday, irate traders blocked the road to the town hall in Kasese to protest against the new market fees.",
])
def test_an_angry_crowd_that_only_protests_is_a_peaceful_protest(text):
    assert _sub(text) == PEACEFUL


def test_an_angry_crowd_that_stones_cars_while_protesting_riots():
    text = "On Monday, angry residents blocked the road and stoned passing cars in Kasese over the delayed relief food."
    assert _sub(text) == VIOLENT


def test_angry_residents_burning_a_suspects_house_are_still_a_mob():
    assert _sub("On Monday, angry residents set the house of a suspected thief ablaze in Kasese.") == MOB


# --- the dead told after a riot are the riot's toll, not a new attack

def test_a_death_told_after_a_riot_is_its_toll():
    text = ("On Monday, youths rioted in Kasese town over the killing of a motorcycle taxi rider by police. "
            "One person was killed.")
    events = current(text)
    assert [e.acled.sub_event_type for e in events] == [VIOLENT]
    assert main_toll(text) == 1


# --- people killed in their killers' hands cannot fight back: an attack, whoever they are

@pytest.mark.parametrize("text", [
    "On Monday, Boko Haram fighters executed two soldiers in Bama who had been abducted last month.",
    "On Monday, ISWAP fighters abducted and killed two police officers near Monguno.",
])
def test_captives_killed_are_an_attack_not_a_battle(text):
    event = main(text)
    assert event.acled.sub_event_type == "Attack"
    assert event.interaction == 27


def test_soldiers_killed_in_an_assault_on_their_base_are_still_a_battle():
    text = "On Monday, Boko Haram fighters attacked an army base in Bama, killing four soldiers and abducting two."
    assert _sub(text) == "Armed clash"
