"""Fatality counts from the wording of a toll: denials, dates that look like counts, victim lists, headline
participles, parts of a toll and one-line summaries (sentences written for these tests)."""

from __future__ import annotations

import pytest

from newsevents.extract.counts import find_counts, find_toll_note
from coding_helpers import dead, main_toll


# --- denials and unknown tolls -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Army artillery shelled Kafr Nabl on Monday. Neither fatalities nor injuries were reported.",
    "Gunmen fired at a checkpoint near Tafas on Monday. There were neither deaths nor injuries.",
    "Militants attacked an army post near Mopti on Monday. Deaths and injuries unknown.",
])
def test_a_denied_or_unknown_toll_is_zero(text):
    assert main_toll(text) == 0


def test_neither_nor_negates_both_kinds(nlp):
    doc = nlp("Neither fatalities nor injuries were reported.")
    found = [(m.kind, m.count.low, m.negated) for s in doc.sents for m in find_counts(s)]
    assert ("fatalities", 0, True) in found and ("injuries", 0, True) in found


# --- numbers that are not head counts ---------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("Around 12 June 2021 (as reported), a man was found dead in Tanta.", [1]),
    ("On June 12, 2021, gunmen killed 3 people in Tanta.", [3]),
    ("On 9 March, 2 soldiers were killed near Gao.", [2]),
    ("A policeman gunned down a two-wheeler mechanic in Dhaka.", [1]),
])
def test_days_of_the_month_and_compounds_are_not_counts(nlp, text, expected):
    assert dead(nlp, text) == expected


# --- lists, headline participles and parts of a toll -------------------------------------------------


@pytest.mark.parametrize("text,total", [
    ("Bandits killed a farmer, a trader and a herder near Gusau on Monday.", 3),
    # a name, then what the named man was: two victims, not three
    ("Al Shabaab militants killed Ahmed Farah, the chief of the village and his son, in Jowhar on Monday.", 2),
])
def test_victim_lists(text, total):
    assert main_toll(text) == total


@pytest.mark.parametrize("text,expected", [
    ("Bandits raided Kanam on Monday. 6 killed including one vigilante.", [6]),
    ("Clan militias clashed in Galkayo. At least 12 reported killed and 30 injured.", [12]),
    ("The fighting between the two militias left 9 people including 3 children killed.", [9]),
    ("Gunmen killed five traders, including two women, near Jos.", [5]),
    # a headline's numbered subject with no object: the victims
    ("Bandits clash with rangers; two rangers killed", [2]),
    ("Herders raid a village. One farmer killed, 40 goats stolen.", [1]),
])
def test_a_part_of_a_toll_is_not_more_deaths(nlp, text, expected):
    assert dead(nlp, text) == expected


# --- a coder's notes ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("Unspecified casualties coded as 4.", 4),
    ("Dozens of fatalities and injuries coded as 6.", 6),
    ("Unknown number of fatalities and injuries coded as 8, split between two locations.", 4),
    ("3 fatalities.", 3),
])
def test_toll_notes(nlp, text, value):
    notes = [n for s in nlp(text).sents if (n := find_toll_note(s)) is not None]
    assert notes and notes[-1].share(0) == value


def test_a_sentence_that_is_only_a_figure_sums_the_toll_up():
    assert main_toll("On 4 March 2024, in Celaya, Guanajuato, two men were shot dead by armed men in Colonia Centro. "
                     "Also, a woman was found dead in Colonia Las Flores. 3 fatalities.") == 3
    # a figure inside a sentence with words of its own is no summary
    assert main_toll("On 4 March 2024, gunmen shot dead two men in Celaya. The men had 3 fatalities in their "
                     "family last year.") == 2


# --- deaths that are a cause, weapons that are no victims --------------------------------------------


def test_deaths_avenged_are_not_the_attacks():
    assert main_toll("Raiders attacked Kapedo village on Monday in a revenge attack for 2 traders killed last "
                     "month.") == 0
    assert main_toll("Gunmen attacked Kanam village on Monday in retaliation for the killing of two herders.") == 0
    assert main_toll("Raiders killed 3 herders near Kapedo on Monday in a revenge attack for 2 traders killed "
                     "last month.") == 3


@pytest.mark.parametrize("text,expected", [
    ("5 killed (machetes) during ethnic clashes near Molo.", [5]),
    ("Attackers armed with pangas and spears killed 2 farmers near Molo.", [2]),
])
def test_weapons_are_not_victims(nlp, text, expected):
    assert dead(nlp, text) == expected


def test_a_simple_past_of_violence_tells_one_events_toll(nlp):
    found = [(m.count.low, m.cumulative) for s in nlp(
        "On 4 May 2023, communal violence between two camps in Koutoune left one person dead.").sents
        for m in find_counts(s) if m.kind == "fatalities"]
    assert found == [(1, False)]
    found = [(m.count.low, m.cumulative) for s in nlp(
        "Communal violence in the region has killed 300 people since January.").sents
        for m in find_counts(s) if m.kind == "fatalities"]
    assert found == [(300, True)]
