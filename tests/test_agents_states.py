"""States named by their country, capital or head of state as the doer or target of an event (extract/actors.py
state_metonym, extract/events.py _state_by_frame), and crowds named by nationality (pipeline._crowd_actors)."""

import datetime as dt

import pytest

from newsevents import code_articles
from newsevents.extract import actors
from newsevents.records import Article


def coded(text: str):
    """The events of one invented sentence, coded as its own article."""
    [(_, events)] = list(code_articles([Article(id="t", text=text, published=dt.date(2024, 3, 13))]))
    assert not isinstance(events, Exception)
    return events


def names(text: str) -> list[tuple[str | None, str | None]]:
    return [(e.actor1 and e.actor1.name, e.actor2 and e.actor2.name) for e in coded(text)]


def test_a_country_using_force_is_its_military():
    [(actor1, _)] = names("Turkey shelled border villages overnight.")
    assert actor1 == "Military Forces of Turkey"


def test_a_country_fired_at_is_the_target_not_what_was_fired():
    [e] = coded("Pakistan fired artillery rounds at India on Friday.")
    assert e.actor1.name == "Military Forces of Pakistan" and e.actor1.inter == 1
    assert e.actor2.name == "Military Forces of India" and e.actor2.country == "IND"


def test_a_country_acting_politically_is_its_government():
    [e] = coded("Nigeria signed a peace agreement with the rebels on Monday.")
    assert e.actor1.name == "Government of Nigeria" and e.actor1.sector == "GOV"


def test_a_country_that_arrests_is_its_police():
    [(actor1, _)] = names("Nigeria arrested a journalist on Monday.")
    assert actor1 == "Police Forces of Nigeria"


def test_capitals_stand_for_their_governments_as_doer_and_partner():
    [(actor1, actor2)] = names("Ankara signed a trade agreement with Baghdad on Monday.")
    assert (actor1, actor2) == ("Government of Turkey", "Government of Iraq")


def test_countries_fighting_each_other_are_both_sides():
    events = coded("Fighting between Sudan and South Sudan broke out near the border.")
    assert events and {(e.actor1.name, e.actor2.name) for e in events} == {
        ("Military Forces of Sudan", "Military Forces of South Sudan")}


@pytest.mark.parametrize("text", [
    "Gunmen attacked a bus in Kenya on Monday.",  # the country is where, not who
    "An attack on Kabul killed five people on Monday.",  # a capital attacked is the city
])
def test_places_do_not_become_state_actors(text):
    events = coded(text)
    assert events  # the attack is coded: the check below is about its sides, not about finding nothing
    for e in events:
        for a in (e.actor1, e.actor2):
            assert a is None or not (a.name or "").startswith(("Government of", "Military Forces of"))


def test_a_demonym_is_people_not_their_state():
    [e] = coded("Americans protested in Paris on Saturday.")
    assert e.actor1.name == "Protesters (France)"


def test_a_head_of_state_takes_the_country_of_his_title():
    [e] = coded("Ghanaian President John Mahama signed a peace agreement with the rebels in Lome on Friday.")
    assert e.actor1.name == "Government of Ghana"


def test_protesters_named_by_nationality_are_the_place_s_crowd_with_their_nationality_associated():
    [e] = coded("Canadian and French activists staged a protest in Tokyo on Friday.")
    assert e.actor1.name == "Protesters (Japan)" and e.actor1.country == "CAN"
    assert [a.name for a in e.assoc_actor_1] == ["Protesters (Canada)"]


def test_state_metonym_reads_the_role_in_the_clause(nlp):
    doc = nlp("Moscow launched drones at Ukraine while talks went on in Russia.")
    by_text = {t.text: actors.state_metonym(doc, t) for t in doc if t.pos_ == "PROPN"}
    assert by_text == {"Moscow": "RUS", "Ukraine": "UKR", "Russia": None}


@pytest.mark.parametrize("text", ["Washington rallied late in the fourth quarter.", "China protested the visit on Monday."])
def test_a_state_does_not_march(text):
    assert coded(text) == []


def test_a_crowd_without_a_stated_nationality_keeps_the_place_s_name():
    [e] = coded("Hundreds of protesters marched in Lagos on Friday.")
    assert e.actor1.name == "Protesters (Nigeria)" and e.assoc_actor_1 == []
