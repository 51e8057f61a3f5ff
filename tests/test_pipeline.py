"""The coder end to end on sentences of our own, one per trap the seed article holds."""

import datetime as dt

import pytest

from newsevents import code_text
from newsevents.errors import ArticleError

PUB = dt.date(2024, 3, 12)  # a Tuesday


def code(text, published=PUB):
    return code_text(text, published=published, source="test")


def current(events):
    return [e for e in events if not (e.historical or e.negated or e.hypothetical)]


def find(events, sub):
    hits = [e for e in events if e.acled.sub_event_type == sub]
    assert hits, f"no {sub!r} among {[(e.acled.sub_event_type, e.trigger.text) for e in events]}"
    return hits[0]


def test_raid_and_arrest_in_one_sentence_is_one_event_with_state_actor():
    events = code("Kenyan police raided a warehouse in Mombasa and arrested six members of a criminal gang on Monday.")
    raid = find(current(events), "Arrests")
    assert raid.actor1.type == "State forces" and raid.actor1.country == "KEN"
    assert raid.arrests.best == 6
    assert raid.plover.event == "COERCE"
    assert raid.date == "2024-03-11"
    assert raid.location.admin1 and raid.location.iso3 == "KEN"


def test_relative_clause_gives_the_shooter_and_participle_gives_the_toll():
    events = code("Nigerian soldiers arrested gunmen who fired on demonstrators in Kano, killing two protesters "
                  "and injuring several others.")
    shooting = find(current(events), "Excessive force against protesters")
    assert shooting.plover.event == "ASSAULT"
    assert shooting.fatalities.best == 2
    assert shooting.injuries.low >= 2
    # ACLED lists the protesters first and whoever used force on them second
    assert shooting.actor1.type == "Protesters"
    assert "gunmen" in shooting.actor2.text


def test_passive_voice_puts_the_agent_first():
    events = code("Three villagers were killed by militants in Borno State on Sunday.")
    attack = find(current(events), "Attack")
    assert attack.actor2.type == "Civilians"
    assert attack.fatalities.best == 3
    assert attack.date == "2024-03-10"


def test_nominal_event_takes_its_count_and_date():
    events = code("Police in Dhaka raided an opposition office on Monday. "
                  "The March 11 raid led to the arrest of twelve party members, police said.")
    raids = [e for e in current(events) if e.plover.event == "COERCE"]
    assert len(raids) == 1
    assert raids[0].arrests.best == 12
    assert raids[0].date == "2024-03-11"


def test_a_speaker_is_a_source_not_an_actor():
    events = code("Security forces clashed with rebels near Goma, army spokesman Jean Mbala said.")
    assert find(current(events), "Armed clash")
    for e in events:
        for actor in (e.actor1, e.actor2):
            assert actor is None or "Mbala" not in actor.text


def test_cumulative_toll_is_background_not_a_new_event_toll():
    events = code("Protesters marched in Nairobi on Monday. The crackdown has killed at least 60 protesters since June.")
    assert find(current(events), "Peaceful protest")
    assert all(e.fatalities.best < 2 for e in current(events))


def test_past_event_is_historical():
    events = code("The commander was dismissed in September 2019 by the former president.", published=PUB)
    past = [e for e in events if e.date and e.date < "2024-01-01"]
    assert past, [(e.trigger.text, e.date) for e in events]
    assert all(e.historical for e in past)


def test_negation_is_marked():
    events = code("Police said no one was arrested and no protest took place in Lagos on Monday.")
    assert not current([e for e in events if e.acled.event_type])


def test_threat_is_hypothetical():
    events = code("The rebels threatened to attack the town of Bunia if troops did not withdraw.")
    attacks = [e for e in events if e.plover.event == "ASSAULT"]
    assert attacks and all(e.hypothetical for e in attacks)


def test_reported_speech_is_marked():
    events = code("Residents said soldiers burned houses in the village of Kalma on Sunday.")
    assert any(e.reported for e in events)


def test_protests_in_two_cities_are_two_events():
    events = code("Thousands of protesters rallied in Nairobi and Mombasa on Saturday to demand lower taxes.")
    protests = [e for e in current(events) if e.plover.event == "PROTEST"]
    admin1s = {e.location.admin1 for e in protests if e.location}
    assert len(protests) >= 2 and len(admin1s) >= 2


def test_empty_article_is_refused_with_its_id():
    with pytest.raises(ArticleError, match="empty"):
        code_text("   ")


def test_weekend_protest_is_dated_to_the_week_with_precision_2():
    events = code("Teachers demonstrated in Kisumu during the weekend over unpaid salaries.")
    protest = find(current(events), "Peaceful protest")
    assert protest.time_precision == 2
    assert protest.date == "2024-03-09"  # the Saturday before the Tuesday of publication


def test_affiliation_and_country_come_from_the_actor_phrase():
    events = code("Iran-backed militiamen attacked a convoy of Iraqi soldiers near Basra on Monday.")
    attack = next(e for e in current(events) if e.plover.event == "ASSAULT")
    militia = next(a for a in (attack.actor1, attack.actor2) if a and "militiamen" in a.text)
    soldiers = next(a for a in (attack.actor1, attack.actor2) if a and "soldiers" in a.text)
    assert militia.affiliation == "Iran-backed" and militia.type == "Political militia"
    assert soldiers.type == "State forces" and soldiers.country == "IRQ"
    assert attack.acled.sub_event_type == "Armed clash"


def test_apposition_does_not_hide_the_actor():
    events = code("The Allied Democratic Forces, a rebel group, killed five farmers in Beni on Sunday.")
    attack = find(current(events), "Attack")
    assert attack.actor1.type == "Rebel group"
    assert attack.actor2.type == "Civilians" and attack.fatalities.best == 5


def test_province_level_place_is_coded_to_the_province():
    events = code("Gunmen abducted three aid workers in the northern province of Balkh on Sunday.")
    abduction = find(current(events), "Abduction/forced disappearance")
    assert abduction.location.iso3 == "AFG" and abduction.location.geo_precision == 3
    assert "balkh" in abduction.location.admin1.lower()


def test_without_publication_date_the_year_comes_from_the_text_and_says_so():
    events = code("In 2019 the army began a new offensive in North Kivu. Soldiers clashed with rebels near Goma "
                  "on 14 May.", published=None)
    clash = find(current(events), "Armed clash")
    assert clash.date == "2019-05-14"
    assert "inferred" in clash.date_reason


def test_counts_in_words_and_vague_words():
    events = code("Police arrested dozens of students and injured several others in Dhaka on Monday.")
    event = next(e for e in current(events) if e.arrests.best)
    assert event.arrests.best == 12


def test_sports_clash_is_no_event():
    text = ("The striker scored twice as Orlando Pirates beat Kaizer Chiefs in a league clash on Saturday. "
            "The coach praised his squad after the match, their fourth win of the season in the cup and league.")
    assert not [e for e in code(text) if e.acled.event_type]


def test_road_accident_is_no_event():
    events = code("Two people were killed and five injured when a bus overturned near Durban on Saturday.")
    assert not [e for e in events if e.acled.event_type]


def test_one_man_attacking_his_neighbour_is_crime_not_a_riot():
    events = code("A man hacked his neighbour to death with an axe in Soweto on Sunday, police said.")
    assert not [e for e in events if e.acled.event_type in ("Riots", "Protests")]


def test_the_month_of_march_is_no_march():
    events = code("The court will hear the case in March, the judge said on Monday.")
    assert not [e for e in events if e.plover.event == "PROTEST"]


def test_who_died_is_the_victim_and_the_named_group_the_killer():
    events = code("Eight villagers died in an attack attributed to the Allied Democratic Forces near Beni on Sunday.")
    attack = next(e for e in current(events) if e.plover.event == "ASSAULT")
    assert attack.acled.sub_event_type == "Attack"
    assert attack.actor1.type == "Rebel group" and attack.actor2.type == "Civilians"


def test_a_protest_that_turns_violent_is_one_riot():
    events = code("Students demonstrated in Kathmandu on Monday and burned tires outside the ministry.")
    riot = current(events)[0]
    assert riot.acled.sub_event_type == "Violent demonstration"
    assert riot.actor1.type == "Rioters"


def test_the_dead_of_a_clash_are_its_toll_not_a_side():
    events = code("Three civilians were killed in clashes between the army and Al Shabaab militants near Kismayo on Monday.")
    clash = find(current(events), "Armed clash")
    assert {clash.actor1.type, clash.actor2.type} == {"State forces", "Rebel group"}
    assert clash.fatalities.best == 3


def test_a_toll_told_in_the_next_sentence_belongs_to_the_event_before():
    """'... clashed near Beni. Two civilians were killed.': one battle with two dead, not a second attack."""
    events = [e for e in code("Soldiers clashed with rebels near Beni on Monday. Two civilians were killed.")
              if e.acled.event_type]
    assert [(e.acled.sub_event_type, e.fatalities.low if e.fatalities else 0) for e in events] == [("Armed clash", 2)]


def test_deaths_with_their_own_place_and_day_are_their_own_event():
    events = [e for e in code("Gunmen attacked a bus in Mandera on Monday. In a separate incident, two people were "
                              "killed in Wajir on Tuesday.") if e.acled.event_type]
    assert len(events) == 2 and (events[1].fatalities.low if events[1].fatalities else 0) == 2


def test_a_strategic_development_is_the_setting_when_the_text_tells_a_killing():
    """'A patrol was hit by an IED ... Three soldiers were killed.': the bombing, not the patrol, is the main event."""
    events = code("An army patrol was hit by a roadside bomb planted by militants near Marte on Monday. "
                  "Three soldiers were killed.")
    main = [e for e in events if e.acled.event_type][0]
    assert main.acled.event_type == "Explosions/Remote violence" and main.fatalities.low == 3


def test_a_force_answering_a_bomb_makes_one_battle_with_it():
    # ACLED merges concurrent tactics by its hierarchy: Battles rank above Explosions/Remote violence
    events = code("An IED hit a military patrol near Bulo Burte on Monday. The soldiers returned fire, killing two "
                  "militants.")
    assert [(e.acled.sub_event_type, e.fatalities.best) for e in events if e.acled.event_type] == [("Armed clash", 2)]
    alone = code("An IED hit a military patrol near Bulo Burte on Monday. Two soldiers were wounded.")
    assert alone[0].acled.sub_event_type == "Remote explosive/landmine/IED"
