"""Tolls told in lists, in sentences of their own, and in a coder's notes (sentences written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents import nlp
from newsevents.extract.counts import find_toll_note, parse_quantity
from coding_helpers import dead, main_toll

LEXICON = Path(__file__).parents[1] / "src" / "newsevents" / "lexicon" / "quantities.json"


@pytest.fixture(scope="module")
def nlp_model():
    return nlp.load()


# --- lists of victims ------------------------------------------------------------------------------


@pytest.mark.parametrize("text,total", [
    ("Gunmen shot dead a shopkeeper and his nephew in the market.", 2),
    ("The imam, his brother and one of the guards were killed.", 3),
    ("Raiders killed two herders, a trader and three farmers near the river.", 6),
    ("Four rebels, one soldier, and two bystanders were killed.", 7),
])
def test_each_person_of_a_list_is_one_more_victim(nlp_model, text, total):
    assert sum(dead(nlp_model, text)) == total


@pytest.mark.parametrize("text,total", [
    ("Militiamen killed 3 villagers, a family.", 3),  # an apposition renames
    ("Two people, a nurse and a teacher, were killed.", 2),  # an apposition that adds up breaks the figure down
    ("Gunmen killed 6 people, 4 soldiers and 2 civilians.", 6),  # a list that adds up breaks the figure down
    ("Gunmen killed a teacher and local activist.", 1),  # one person, two descriptions
])
def test_a_second_name_for_the_victims_is_not_counted_again(nlp_model, text, total):
    assert sum(dead(nlp_model, text)) == total


def test_a_singular_verb_makes_two_descriptions_one_victim():
    assert main_toll("A local trader and the owner of the pharmacy was killed by gunmen in Kano on Monday.") == 1


def test_heads_are_people_but_head_of_cattle_is_not(nlp_model):
    assert sum(dead(nlp_model, "Bandits killed two village heads.")) == 2
    assert dead(nlp_model, "Soldiers killed the head of the local council.") == [1]
    assert dead(nlp_model, "Raiders stole 40 head of cattle and killed a herder.") == [1]


def test_vague_numbers_are_three_in_the_exported_figure():
    """CODEBOOKS.md 1.8: an unknown number, a few, an unreported number -> 3; `low` is what the export takes."""
    for words in ("an unknown number", "a few", "an unreported number", "an undisclosed number"):
        assert parse_quantity(words)[0] == 3, words


def test_livestock_is_no_victim(nlp_model):
    assert dead(nlp_model, "Shelling hit the village, killing livestock.") == []


# --- a toll told in a sentence of its own -----------------------------------------------------------


def test_a_toll_two_sentences_later_with_an_unrelated_event_between():
    assert main_toll("Soldiers and rebels fought near Rutshuru on Monday. Many residents fled to the town. "
                     "One soldier died and another was injured.") == 1


def test_a_toll_that_names_its_killers_belongs_to_their_attack():
    assert main_toll("Gunmen attacked a village in Kaura on Monday. The gunmen killed four residents.") == 4


def test_a_toll_sentence_with_no_event_word():
    assert main_toll("Troops clashed with militiamen near Bunia on Monday. Three fatalities were reported.") == 3


def test_a_later_claim_does_not_raise_a_stated_toll():
    """Conflicting reports: the lowest figure (ACLED), so a claim after the toll does not replace it."""
    assert main_toll("A soldier was killed when a roadside bomb hit a patrol near Afgooye on Monday. "
                     "The militants claimed eight dead.") == 1


def test_a_denial_replaces_a_guess_but_not_a_stated_victim():
    assert main_toll("Gunmen opened fire on a village near Tawila on Monday, killing livestock. "
                     "No fatalities were reported.") == 0
    assert main_toll("A militant was killed in a firefight with troops near Tipo-Tipo on Monday. "
                     "The army reported no casualties.") == 1


def test_a_toll_in_another_place_is_not_the_attacks():
    assert main_toll("Gunmen attacked a bus in Mandera on Monday. In Wajir, two people were killed on Tuesday.") == 0


# --- a coder's note on the toll -------------------------------------------------------------------


def test_lexicon_note_examples(nlp_model):
    """Every example note in quantities.json gives its value (rules are data)."""
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))
    for example in raw["toll_notes"]["examples"]:
        doc = nlp_model(example["text"])
        notes = [n for s in doc.sents if (n := find_toll_note(s)) is not None]
        assert notes, example
        assert notes[-1].share(example.get("total", 0)) == example["value"], example


@pytest.mark.parametrize("text,toll", [
    ("Militants ambushed an army convoy near Mainok on Monday, killing and wounding a number of soldiers. "
     "Unknown fatalities coded as 10.", 10),
    ("Militants shot and killed 3 civilians near Balkh on Monday. Fatalities coded as 0 (a monitor reported 3).", 0),
    ("Troops clashed with militants in two villages near Afgooye on Monday. 12 militants were killed. "
     "12 fatalities split across 2 events and coded as 6 for this event.", 6),
    ("Gunmen attacked three villages near Igabi on Monday, killing 31 residents in total. "
     "Fatalities split between 4 events.", 7),
])
def test_a_coders_note_gives_the_toll(text, toll):
    assert main_toll(text) == toll


def test_an_ordinary_sentence_is_no_note(nlp_model):
    doc = nlp_model("The district was split into two zones and the road was coded as a priority.")
    assert all(find_toll_note(s) is None for s in doc.sents)


# --- victims the parse loses ----------------------------------------------------------------------


@pytest.mark.parametrize("text,toll", [
    ("Bandits killed a 45-year-old farmer in his field.", [1]),  # an age is not a count
    ("Gunmen abducted and killed 7 year old boy.", [1]),
    ("A vigilante group tortured a suspected thief to death in the market.", [1]),
    ("A guard fatally shot a trader at the gate.", [1]),
    ("A crowd lynched an ISWAP element near the market.", [1]),  # "element" is a fighter, not an abstract noun
    ("The gunmen killed a hostage.", [1]),
])
def test_killing_verbs_keep_their_victim(nlp_model, text, toll):
    assert dead(nlp_model, text) == toll


def test_a_toll_in_the_attacks_own_sentence_is_its_toll_whatever_place_is_nearest():
    assert main_toll("Militiamen attacked an army position near Lumumba (20 km south of Bendera) on Monday, "
                     "killing three soldiers.") == 3


def test_the_dead_are_no_side_of_the_battle_they_died_in():
    assert main_toll("Boko Haram engaged the army in a gun battle at Gasarwa on Monday. "
                     "Eight soldiers were killed and five went missing.") == 8


def test_deaths_caused_by_the_other_side_add_to_the_toll():
    assert main_toll("Militiamen clashed with soldiers in Lubumbashi on Monday, killing 3. "
                     "The soldiers then killed 6 assailants.") == 9


def test_a_retold_toll_is_not_added():
    assert main_toll("A prisoner died in police custody in Medan on Monday. "
                     "The police claimed he died of an illness.") == 1


def test_a_part_of_a_toll_told_already_is_not_counted_again(nlp_model):
    assert dead(nlp_model, "Twelve people were killed in the clashes. Eleven of those killed were militiamen.") == [12]
    assert dead(nlp_model, "Two of the dead were soldiers.") == []
    assert dead(nlp_model, "An unknown number of fatalities was reported.") == [3]


def test_deaths_of_unknown_number_are_a_bare_plural(nlp_model):
    """CODEBOOKS.md 1.8: deaths with no number are 3; 'unknown' here says how many, not whether."""
    assert dead(nlp_model, "Unknown fatalities.") == [3]
    assert dead(nlp_model, "Unreported deaths were recorded.") == [3]
    assert dead(nlp_model, "It is unknown whether there were fatalities.") == []


def test_a_toll_beside_an_arrest_goes_to_the_violence_before():
    assert main_toll("Kidnappers clashed with a local militia in Murfa Kalam on Monday. "
                     "Three fatalities were reported and three suspects arrested.") == 3
