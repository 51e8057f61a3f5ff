"""Tolls that belong to an event told before them, and numbers the parse loses (sentences written for these tests)."""

from __future__ import annotations


import pytest

from newsevents.extract.counts import parse_quantity
from coding_helpers import counts, main, main_toll

main_event = main


# --- numbers before a group's name -------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("5 IS militants were killed.", 5),  # "IS" is read as a verb
    ("Dozens of Boko Haram fighters were killed.", 12),
    ("Several tens of JNIM militants were killed in the operation.", 30),
])
def test_a_number_before_a_group_name_counts_the_group(nlp, text, value):
    assert counts(nlp, text, "fatalities") == [value]


def test_a_year_after_in_is_no_count(nlp):
    assert 2021 not in counts(nlp, "In 2021 ISWAP fighters were killed in the raids.", "fatalities")


def test_several_tens_is_a_multiple_of_ten():
    assert parse_quantity("several tens")[0] == 30
    assert parse_quantity("tens")[0] == 10


# --- the clause a conjunct belongs to -------------------------------------------------------------


def test_a_conjunct_with_its_own_verb_is_not_the_first_verbs_victim(nlp):
    text = "The group claimed it had killed 8 soldiers and 5 others were wounded."
    assert counts(nlp, text, "fatalities") == [8]
    assert counts(nlp, text, "injuries") == [5]


# --- verbs that count only with a number ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Teachers marched to claim part of their unpaid allowances.",
    "Al Shabaab claimed to have attacked a base with mortars.",
    "Engineers neutralized the explosive device.",
])
def test_claim_and_neutralize_give_no_victim_without_a_number(nlp, text):
    assert counts(nlp, text, "fatalities") == []


@pytest.mark.parametrize("text,value", [
    ("Troops neutralized four militants during a clearance operation.", 4),
    ("The blast claimed 7 lives.", 7),
])
def test_claim_and_neutralize_count_a_stated_number(nlp, text, value):
    assert counts(nlp, text, "fatalities") == [value]


def test_a_group_coordinated_with_a_toll_noun_is_counted_by_it(nlp):
    assert sorted(counts(nlp, "The fighting left 12 CODECO fighters and 3 military fatalities.", "fatalities")) == [3, 12]


def test_both_is_two(nlp):
    assert counts(nlp, "Both brothers were killed in the attack.", "fatalities") == [2]


# --- a toll told after its event ------------------------------------------------------------------


def test_victims_shot_and_killed_are_the_toll_of_the_clash():
    text = ("On 3 March 2024, soldiers clashed with Al Shabaab militants near Afgooye. "
            "Three Al Shabaab militants were shot and killed.")
    event = main_event(text)
    assert event.acled.sub_event_type == "Armed clash"
    assert event.fatalities.low == 3


def test_a_toll_that_names_the_clash_belongs_to_it():
    text = ("On 3 March 2024, the army clashed with Arakan Army fighters near Kyauktaw. "
            "The army also used helicopters against the fighters. "
            "The Arakan Army said 12 soldiers were killed during the clash.")
    assert main_toll(text) == 12


def test_deaths_told_with_theft_are_the_toll_of_the_raid():
    text = ("On 3 March 2024, bandits clashed with vigilantes in Tsafe. "
            "The bandits killed three residents and stole cattle.")
    assert main_toll(text) == 3


def test_deaths_after_a_riot_are_its_toll_and_keep_it_a_riot():
    text = "On 3 March 2024, demonstrators set fire to a police post in Kisii. A man inside the post died."
    event = main_event(text)
    assert event.acled.event_type == "Riots"
    assert event.fatalities.low == 1



def test_the_unnamed_killer_of_a_toll_is_the_attacker_told_again():
    text = ("On 3 March 2024, ADF militants ambushed a truck near Eringeti. "
            "The assailants killed four and wounded two during the robbery.")
    event = main_event(text)
    assert event.actor1.name.startswith("ADF")
    assert event.fatalities.low == 4
    assert event.acled.sub_event_type == "Attack"


def test_the_same_killer_told_again_retells_the_toll():
    text = ("On 3 March 2024, at least 9 people were killed as clashes broke out between soldiers and ex-combatants "
            "in Kamina. The soldiers opened fire on the ex-combatants, killing at least 8.")
    assert main_toll(text) == 9
