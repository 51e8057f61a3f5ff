"""State forces named by the country they are 'of', rival authorities' forces, and names spread over the parse
(extract/actors.py _country_of, _named_before, _inner_coordination; lexicon/actors.jsonl)."""

import datetime as dt

from newsevents import code_articles
from newsevents.extract import actors
from newsevents.records import Article


def coded(text: str):
    """The events of one invented sentence, coded as its own article."""
    [(_, events)] = list(code_articles([Article(id="t", text=text, published=dt.date(2024, 3, 13))]))
    assert not isinstance(events, Exception)
    return events


def test_forces_of_a_country_are_that_countrys(nlp):
    doc = nlp("The armed forces of Armenia shelled a village.")
    head = next(t for t in doc if t.lower_ == "forces")
    actor = actors.classify(doc, head.i, "AZE")
    assert actor.country == "ARM" and actor.name == "Military Forces of Armenia"
    assert actor.inter == 8  # a state's forces outside their own country


def test_the_country_is_found_through_a_post_of_the_forces(nlp):
    doc = nlp("Gunmen fired on the positions of the military forces of Georgia.")
    head = next(t for t in doc if t.lower_ == "positions")
    assert actors._country_of(doc, head) == "GEO"


def test_of_after_a_person_or_a_place_names_no_forces_country(nlp):
    doc = nlp("The mayor of a town in Kenya spoke to the people of Uganda.")
    people = next(t for t in doc if t.lower_ == "people")
    assert actors._country_of(doc, people) is None


def test_a_clash_between_forces_of_two_countries_is_state_against_external():
    [e] = coded("On Monday, military forces of Armenia fired on the positions of the military forces of Azerbaijan "
                "near Tovuz, Azerbaijan.")
    assert {e.actor1.inter, e.actor2.inter} == {1, 8} and e.interaction == 18


def test_two_names_before_one_head_are_two_sides():
    [e] = coded("On Friday, LNA and GNA forces clashed near Sirte, Libya.")
    assert {e.actor1.name, e.actor2.name} == {"Military Forces of Libya Haftar Faction",
                                              "Military Forces of Libya Government of National Accord"}
    assert e.interaction == 11


def test_rival_authorities_forces_are_state_forces():
    [e] = coded("On Sunday, pro-Houthi forces shelled government troops near Taizz, Yemen.")
    assert e.actor1.name == "Military Forces of Yemen Supreme Political Council" and e.actor1.inter == 1
    assert e.interaction == 11


def test_a_group_named_in_words_hung_on_the_weapon_is_the_attacker():
    [e] = coded("On Tuesday, three Saudi-led coalition airstrikes hit a district in Saada, Yemen.")
    assert e.actor1.name == "Operation Restoring Hope" and e.actor1.inter == 8


def test_a_numbered_formation_is_a_states_army(nlp):
    doc = nlp("Gunmen ambushed a convoy of the 7th Brigade near the border.")
    brigade = next(t for t in doc if t.lower_ == "brigade")
    assert actors.classify(doc, brigade.i, "SDN").name == "Military Forces of Sudan"


def test_a_formation_owned_by_a_named_group_is_that_groups(nlp):
    doc = nlp("The army attacked the KIA's 3rd Brigade near the river.")
    brigade = next(t for t in doc if t.lower_ == "brigade")
    assert actors.classify(doc, brigade.i, "MMR").inter == 2


def test_the_regimes_division_is_its_army():
    [e] = coded("Unidentified gunmen shot dead a member of the regime's 9th Division near Homs, Syria.")
    assert e.actor2.inter == 1 and e.actor2.sector == "MIL"


def test_the_target_hung_on_a_later_weapon_of_the_list_is_found():
    [e] = coded("On Monday, government troops fired mortars, grenade launchers and small arms at the positions of "
                "the Luhansk People's Militia near Popasna, Ukraine.")
    assert e.actor2.name == "NAF: United Armed Forces of Novorossiya" and e.interaction == 12


def test_soldiers_killed_by_a_roadside_bomb_are_its_target():
    [e] = coded("On Monday, three soldiers died when a roadside bomb exploded under their truck near Marka, Somalia.")
    assert e.actor1.inter == 3 and e.actor2.inter == 1 and e.interaction == 13


def test_governmental_positions_are_the_states_forces(nlp):
    doc = nlp("The rebels fired mortars at the governmental positions near the town.")
    positions = next(t for t in doc if t.lower_ == "positions")
    actor = actors.classify(doc, positions.i, "UKR")
    assert actor.inter == 1 and actor.sector == "MIL"


def test_a_forces_premises_are_the_force(nlp):
    doc = nlp("Militants attacked the army's defence premises in the capital.")
    premises = next(t for t in doc if t.lower_ == "premises")
    assert actors.classify(doc, premises.i, "SOM").inter == 1


def test_a_bomb_the_force_detonates_was_laid_by_the_group_named():
    [e] = coded("On Monday, soldiers found and detonated IEDs planted by Boko Haram near Bama, Nigeria.")
    assert e.actor1.inter == 1 and e.actor2.name.startswith("Boko Haram") and e.interaction == 12


def test_a_bomb_the_force_detonates_was_laid_by_an_unidentified_group():
    [e] = coded("On Monday, police found and detonated a bomb near a church in Surabaya, Indonesia.")
    assert e.actor1.inter == 1 and e.actor2.name.startswith("Unidentified Armed Group")


def test_a_force_named_in_a_modifier_of_a_modifier_owns_the_post(nlp):
    doc = nlp("Militants threw a grenade at the police district station.")
    station = next(t for t in doc if t.lower_ == "station")
    assert actors.classify(doc, station.i, "SOM").name == "Police Forces of Somalia"
