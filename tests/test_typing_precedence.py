"""Which event of a report is the main one, and the riot and protest rules of the coder, on sentences written for
these tests (ACLED's precedence: CODEBOOKS.md 1.2 to 1.4)."""


import pytest

from newsevents.pipeline import _places_by_precedence, _salience
from newsevents.records import Acled, EventRecord, Span
from coding_helpers import current, main



def record(sub: str, event_type: str, start: int) -> EventRecord:
    span = Span(start, start + 5, "words")
    return EventRecord(article_id="t", trigger=span, sentence=span, acled=Acled(event_type, sub))


def ordered(*records: EventRecord) -> list[str]:
    recs = list(records)
    place = _places_by_precedence(recs)
    recs.sort(key=lambda r: _salience(r, False, False, place[id(r)]))
    return [r.acled.sub_event_type for r in recs]


# --- precedence between the events of one report


def test_a_battle_told_after_an_attack_is_the_main_event():
    # ACLED: Battles rank above Violence against civilians; the fight with the army is the report's event
    event = main("Gunmen attacked the village of Kando and killed two farmers. "
                 "Soldiers later clashed with the gunmen near the village.")
    assert event.acled.sub_event_type == "Armed clash"


def test_an_attack_told_alone_stays_an_attack():
    event = main("Gunmen attacked the village of Kando on Monday and killed two farmers.")
    assert event.acled.sub_event_type == "Attack"


def test_a_battle_in_another_place_does_not_outrank_the_attack_told_first():
    # ACLED's unit is one place and day: events in two towns are two events, told in their order
    event = main("Rebels abducted a nurse in Goma on Monday, and in Bunia soldiers fought the rebels for several hours.")
    assert event.acled.sub_event_type == "Abduction/forced disappearance"


def test_precedence_puts_the_outranking_event_in_the_place_of_the_one_it_outranks():
    shelling = record("Shelling/artillery/missile attack", "Explosions/Remote violence", 0)
    deal = record("Agreement", "Strategic developments", 50)
    clash = record("Armed clash", "Battles", 100)
    assert ordered(shelling, deal, clash) == ["Armed clash", "Shelling/artillery/missile attack", "Agreement"]


def test_an_air_strike_is_not_folded_into_a_later_battle():
    # ACLED codes an air strike apart unless ground forces fire on the aircraft
    strike = record("Air/drone strike", "Explosions/Remote violence", 0)
    clash = record("Armed clash", "Battles", 100)
    assert ordered(strike, clash) == ["Air/drone strike", "Armed clash"]


def test_a_protest_met_with_intervention_outranks_the_same_protest_told_as_peaceful():
    protest = record("Peaceful protest", "Protests", 0)
    dispersed = record("Protest with intervention", "Protests", 80)
    assert ordered(protest, dispersed) == ["Protest with intervention", "Peaceful protest"]


def test_an_arrest_is_the_setting_of_the_beating_told_with_it():
    # a detention followed by a beating is an Attack (ACLED: severe overreach by law enforcement)
    event = main("Police detained a journalist in Goma on Monday and beat him for several hours.")
    assert event.acled.sub_event_type == "Attack"


def test_an_arrest_told_alone_is_still_an_arrest():
    event = main("Police arrested the opposition leader in Goma on Monday.")
    assert event.acled.sub_event_type == "Arrests"


# --- a protest's cause told again is not an intervention


def test_the_arrest_a_protest_is_against_told_again_is_not_its_intervention():
    events = current("Journalists held a protest in Lahore on Friday against the arrest of their editor. "
                     "He was arrested on Tuesday in a tax case.")
    assert events[0].acled.sub_event_type == "Peaceful protest"


def test_protesters_arrested_after_their_protest_are_its_intervention():
    event = main("Journalists held a protest in Lahore on Friday against the arrest of their editor. "
                 "Police arrested ten of the protesters.")
    assert event.acled.sub_event_type == "Protest with intervention"


# --- a crowd's violence: a demonstration's when a demand is voiced or a riot is named, else a mob's


@pytest.mark.parametrize("text", [
    "A crowd of villagers stoned two policemen at the market in Kisumu on Sunday.",
    "Youths set fire to the house of the chief in Kando on Monday.",
])
def test_crowd_violence_with_no_demand_is_mob_violence(text):
    assert main(text).acled.sub_event_type == "Mob violence"


@pytest.mark.parametrize("text", [
    "Villagers stoned two policemen at the market in Kisumu on Sunday, demanding the release of their chief.",
    "Traders rioted and clashed with police at the market in Kisumu on Sunday.",
    "Striking workers set fire to the gate of the factory in Kando on Monday.",
])
def test_crowd_violence_with_a_demand_or_named_a_riot_is_a_violent_demonstration(text):
    assert main(text).acled.sub_event_type == "Violent demonstration"


def test_the_demand_lexicon_example_is_a_violent_demonstration():
    from newsevents import lexicon

    demand = lexicon.data("genres.json")["demand"]
    assert "demand" in demand["lemmas"]
    assert main(demand["example"]).acled.sub_event_type == "Violent demonstration"


# --- abduction: an attack that only takes people is an abduction


def test_an_attack_that_only_takes_people_is_an_abduction():
    event = main("Gunmen attacked the village of Kando on Monday, abducting three residents.")
    assert event.acled.sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize("text", [
    "Gunmen attacked the village of Kando on Monday, abducting three residents and killing two others.",
    "Gunmen abducted two traders in Kando on Monday and tortured them for two days.",
])
def test_an_abduction_with_further_violence_is_an_attack(text):
    assert main(text).acled.sub_event_type == "Attack"
