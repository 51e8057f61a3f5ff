"""Off-duty security personnel are civilians (ACLED inter 7), also when the text says so after naming them; a rank
of a force named beside it ("a police commander", "a military official") is that force."""

from __future__ import annotations

from coding_helpers import main


def test_off_duty_in_a_parenthesis_after_the_victim():
    event = main("Gunmen shot and killed a police officer (assumed off duty) in a teashop in Galkayo on Monday.")
    assert event.acled.sub_event_type == "Attack"
    assert event.actor2.inter == 7


def test_off_duty_told_in_a_later_sentence():
    event = main("On Sunday a soldier was shot dead by unidentified gunmen in Kano. "
                 "The soldier was buying food at a market and was off duty at the time.")
    assert (event.acled.sub_event_type, event.interaction) == ("Attack", 37)


def test_who_shot_the_off_duty_officer_stays_armed():
    event = main("On Monday, militants shot and killed a police officer, who was off duty, in Mogadishu.")
    assert event.actor1.inter != 7
    assert event.actor2.inter == 7


def test_doubt_about_duty_leaves_a_force():
    event = main("On Monday, a policeman was shot and killed by gunmen while shopping in Kano; "
                 "it is unclear whether he was off duty.")
    assert event.actor2.inter == 1


def test_off_duty_but_armed_stays_a_force():
    event = main("On Monday, gunmen attacked a soldier near Kano. The soldier, off duty but armed with a rifle, "
                 "returned fire.")
    assert event.interaction == 13


def test_off_duty_before_the_noun():
    event = main("An off-duty soldier was shot dead at his home in Kano on Sunday by unknown gunmen.")
    assert event.actor2.inter == 7


def test_a_rank_of_a_force_is_that_force():
    event = main("On Monday, gunmen shot dead a Somali military official in Mogadishu.")
    assert event.actor2.inter == 1 and event.actor2.sector == "MIL"


def test_a_police_commander_is_police():
    event = main("On Monday, Al Shabaab killed a police commander in Baidoa.")
    assert (event.actor2.inter, event.actor2.sector) == (1, "COP")


def test_commander_of_an_army_named_after_of():
    event = main("On Monday, militants killed the commander of the Puntland army in Galkayo.")
    assert event.actor2.inter == 1


def test_a_rank_with_no_force_named_is_not_made_armed():
    event = main("On Monday, the district chief of Beni was killed by gunmen.")
    assert event.actor2.inter == 7
