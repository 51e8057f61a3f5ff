"""Unnamed people who beat someone with no deadly weapon told are a mob (ACLED: Rioters, Mob violence)."""

from __future__ import annotations

from coding_helpers import main


def test_assailants_who_assault_a_journalist_are_a_mob():
    event = main("On Monday, assailants assaulted and injured a journalist in Rajshahi city.")
    assert event.acled.sub_event_type == "Mob violence"
    assert event.actor1.inter == 5


def test_men_who_beat_a_trader_with_sticks_are_a_mob():
    event = main("On Monday, unidentified men beat a trader with sticks in Kano.")
    assert (event.acled.sub_event_type, event.interaction) == ("Mob violence", 57)


def test_armed_assailants_stay_an_armed_group():
    event = main("On Monday, armed assailants assaulted a village chief in Kano.")
    assert event.actor1.inter == 3


def test_a_blade_makes_an_attack():
    event = main("On Monday, masked attackers assaulted the village chief with swords in Buthidaung.")
    assert event.actor1.inter == 3


def test_assailants_of_an_armed_group_named_before_stay_armed():
    event = main("On Monday, an unidentified armed group ambushed two men near Rutshuru. "
                 "The assailants assaulted one of the men before abducting him.")
    assert event.actor1.inter != 5
