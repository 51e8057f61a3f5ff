"""Drafts of one event told across sentences are one event, and its toll lands on it (pipeline merge rules)."""

from __future__ import annotations

from coding_helpers import current, main, main_toll


def test_counted_victims_told_as_subject_are_the_toll_of_the_attack():
    # "Four soldiers killed": a reduced passive whose subject is the dead, not a killer
    text = "Rebel fighters attacked an army convoy near Tarmil on Monday. Four soldiers killed."
    event = main(text)
    assert event.acled.event_type == "Battles"
    assert main_toll(text) == 4
    assert len(current(text)) == 1


def test_one_fighter_killed_after_a_clash_is_its_toll():
    text = "Police and a local militia clashed in Dorvan district on Sunday. One militiaman killed."
    assert main_toll(text) == 1
    assert len(current(text)) == 1


def test_the_attack_named_again_brings_its_toll_whatever_actors_the_parse_gives_it():
    # "in the ranks of the rebels" is no side of its own: the attack told again
    text = ("On Monday, the army attacked rebel positions near Kelmora. "
            "This attack left two dead and three wounded in the ranks of the rebels.")
    event = main(text)
    assert event.acled.sub_event_type == "Armed clash"
    assert main_toll(text) == 2


def test_the_attack_named_again_adds_no_new_side():
    # the men who "conducted the attack" are its attackers told again, not the other side of a battle
    text = ("On Monday, gunmen attacked the village of Sarpo. A large group of gunmen conducted the attack "
            "and three villagers were killed.")
    event = main(text)
    assert event.acled.sub_event_type == "Attack"
    assert main_toll(text) == 3


def test_an_airstrike_backing_a_ground_battle_is_part_of_the_battle():
    text = ("On Monday, government troops clashed with rebels in Tarmil. The operation was supported by an airstrike "
            "from army jets. Six rebels were killed.")
    event = main(text)
    assert event.acled.sub_event_type == "Armed clash"
    assert main_toll(text) == 6
    assert not any(e.acled.sub_event_type == "Air/drone strike" for e in current(text))


def test_an_airstrike_in_another_place_stays_its_own_event():
    text = ("On Monday, government troops clashed with rebels in Tarmil. "
            "On Friday an airstrike hit a rebel camp in Dorvan, killing five rebels.")
    assert any(e.acled.sub_event_type == "Air/drone strike" for e in current(text))


def test_troops_returning_fire_on_gunmen_make_one_battle():
    text = "Gunmen attacked a police post in Dorvan on Monday. The officers returned fire."
    events = current(text)
    assert events[0].acled.sub_event_type == "Armed clash"
    assert len(events) == 1
