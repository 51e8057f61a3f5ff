"""Event-type rules of the coder, one test per rule class, on sentences written for these tests."""


import pytest

from newsevents import nlp
from newsevents.extract.coding import Told, code_event
from newsevents.extract.mentions import find_mentions
from newsevents.lexicon import triggers
from newsevents.records import Actor, Count
from coding_helpers import current, main

def mentions(text):
    return find_mentions(nlp.load()(text))


# --- triggers told around their object, figures of speech, weapons held, mines dug


def test_verb_trigger_split_by_its_object():
    found = [m for m in mentions("The traders set a municipal truck ablaze near the market.") if m.frame.name == "riot"]
    assert found and found[0].trigger.id == "riot.set_ablaze"


def test_setting_oneself_on_fire_is_no_riot():
    assert not [m for m in mentions("A farmer set himself on fire outside the ministry.") if m.frame.name == "riot"]


@pytest.mark.parametrize("text", [
    "The editors called the closure of the paper an attack on press freedom.",
    "The opposition said the new law was an assault on democracy.",
])
def test_attack_on_an_abstraction_is_no_event(text):
    assert not [m for m in mentions(text) if m.frame.name in ("attack", "beat")]


def test_weapons_carried_are_not_fired():
    found = mentions("Dozens of fighters armed with heavy weapons arrived in the village on Sunday.")
    assert not [m for m in found if m.frame.name == "shelling"]


def test_a_mine_where_people_work_is_no_landmine():
    assert not [m for m in mentions("Workers at the gold mine downed tools on Monday.") if m.frame.name == "ied"]
    assert [m for m in mentions("A girl was killed by a mine near the river.") if m.frame.name == "ied"]


# --- strikes: the noun, its workers, its verb


@pytest.mark.parametrize("text", [
    "The strike at the bakery entered its second week, the union said.",
    "Striking workers marched to the head office of the company.",
    "Cleaners at the district hospital are striking over unpaid wages.",
    "Bus drivers in the city were on strike on Monday.",
])
def test_labour_strikes(text):
    assert main(text).acled.event_type == "Protests"


@pytest.mark.parametrize("text", [
    "The militants said the strike on the depot killed two fighters.",
    "The ministry struck a deal with the teachers' union on Friday.",
    "Strikes in the transport sector have grown more frequent, an economist said.",
])
def test_strikes_that_are_not_stoppages_of_work(text):
    assert not [e for e in current(text) if e.acled.event_type == "Protests"]


def test_suspended_planned_strike_did_not_happen():
    assert not [e for e in current("The nurses' union suspended its planned strike after the talks.")
                if e.acled.event_type == "Protests"]


# --- protests: participants, causes, modality


def test_protesters_acting_are_a_protest():
    assert main("The protesters pushed through the barriers outside the town hall.").acled.event_type == "Protests"


def test_protesters_as_objects_or_speakers_are_no_new_protest():
    found = mentions("Police arrested five protesters, the spokesman said. Protesters said the fee was unfair.")
    assert not [m for m in found if m.trigger.id == "protest.protester"]


@pytest.mark.parametrize("text", [
    "Market traders marched to the district office after gunmen killed two of their colleagues.",
    "Students held a rally in support of the lecturers who were beaten last week.",
    "Victims of the land clashes held a demonstration in the town on Monday.",
])
def test_a_protest_cause_is_not_the_protest(text):
    assert main(text).acled.sub_event_type == "Peaceful protest"


def test_protest_during_which_people_were_arrested_took_place():
    found = [m for m in mentions("Police detained twelve students during protests at the campus on Friday.")
             if m.frame.name == "protest"]
    assert found and not found[0].hypothetical


def test_reported_plan_with_would_is_not_hypothetical():
    found = [m for m in mentions("The union said its members would march to the labour ministry on Friday.")
             if m.frame.name == "protest"]
    assert found and not found[0].hypothetical
    found = [m for m in mentions("The union would march only if the talks failed.") if m.frame.name == "protest"]
    assert found and found[0].hypothetical


def test_finite_verb_after_an_infinitive_is_its_own_clause():
    found = [m for m in mentions("The youths refused to leave and threw stones at the officers.")
             if m.frame.name == "riot"]
    assert found and not found[0].hypothetical


def test_stones_thrown_in_the_passive_are_a_riot():
    assert [m for m in mentions("Stones were thrown at the convoy of the governor.") if m.frame.name == "riot"]


# --- riots: crowd against police, crowd against crowd, mobs


def test_protesters_clashing_with_police_are_a_violent_demonstration():
    event = main("Protesters clashed with police outside the court in the capital on Monday.")
    assert event.acled.sub_event_type == "Violent demonstration"


def test_pronoun_after_a_protest_is_its_crowd():
    event = main("Residents demonstrated against the eviction in the township on Monday. They clashed with police.")
    assert event.acled.sub_event_type == "Violent demonstration"
    assert event.interaction == 15


def test_police_in_the_next_sentence_face_the_riot():
    event = main("Angry youths torched two shops in the town centre on Friday. Police later fired tear gas.")
    assert event.acled.event_type == "Riots" and event.interaction == 15


def test_mob_destruction_without_a_cause_is_mob_violence():
    event = main("An angry mob set the suspect's house ablaze in the village on Sunday.")
    assert event.acled.sub_event_type == "Mob violence"


# --- battles and one-sided violence


def test_communities_clashing_are_communal_militias():
    event = main("Two neighbouring communities clashed over grazing land near the river on Tuesday.")
    assert event.acled.sub_event_type == "Armed clash" and event.interaction == 44


def test_armed_force_named_inside_the_target():
    event = main("Militants attacked a military checkpoint on the highway on Monday.")
    assert event.acled.sub_event_type == "Armed clash"


@pytest.mark.parametrize("text", [
    "The soldiers reacted with gunfire after militants threw a grenade at their post.",
    "The rebels fired mortars and small arms at the army positions near the river.",
])
def test_remote_violence_answered_with_fire_is_a_battle(text):
    assert main(text).acled.sub_event_type == "Armed clash"


@pytest.mark.parametrize("text", [
    "Unknown armed persons killed a shopkeeper in the market on Sunday.",
    "A group of men opened fire on a bus near the bridge on Sunday.",
])
def test_people_with_guns_attack_rather_than_riot(text):
    assert main(text).acled.sub_event_type == "Attack"


def test_a_patrol_ambushed_is_one_battle():
    event = main("An army patrol was ambushed by rebels near the border on Monday, and two soldiers were killed.")
    assert event.acled.sub_event_type == "Armed clash"


def test_a_defused_bomb_stays_a_disrupted_weapon():
    event = main("Soldiers defused a bomb planted by militants near the school on Monday.")
    assert event.acled.sub_event_type == "Disrupted weapons use"


def test_looting_in_an_attack_without_harm_is_not_folded_into_the_attack():
    subs = [e.acled.sub_event_type for e in current("Militiamen attacked the village and robbed four shops. "
                                                    "Nobody was hurt.")]
    assert "Looting/property destruction" in subs


# --- event typing: mob violence vs violent demonstration, battles vs attacks, protests that escalate, and events
# the coder used to drop

def trigger(trigger_id):
    return next(t for t in triggers() if t.id == trigger_id)


def actor(text, inter, sector=None):
    return Actor(text=text, name=text, type=None, inter=inter, sector=sector)


# --- a fight between rivals is mob violence, not a demonstration (genres.json rivalry)


@pytest.mark.parametrize("text", [
    "Members of the ruling party's student wing vandalised the office of the opposition party in Rangpur over "
    "political enmity on Monday.",
    "Supporters of two rival candidates clashed with sticks in the market in Bogra on Monday, injuring six.",
])
def test_a_fight_between_rivals_is_mob_violence(text):
    assert main(text).acled.sub_event_type == "Mob violence"


def test_destruction_for_a_demand_stays_a_violent_demonstration():
    text = "Traders vandalised the municipal office in Rangpur on Monday to protest against new market fees."
    assert main(text).acled.sub_event_type == "Violent demonstration"


def test_rivalry_keeps_a_crowd_fight_out_of_protests():
    rioters = actor("party supporters", 5)
    coded = code_event([trigger("protest.rally.noun"), trigger("clash.clash")], rioters, None,
                       Count.zero(), Count.zero(), Told(rivalry=True))
    assert coded.acled.sub_event_type == "Mob violence"
    coded = code_event([trigger("protest.rally.noun"), trigger("clash.clash")], rioters, None,
                       Count.zero(), Count.zero())
    assert coded.acled.sub_event_type == "Violent demonstration"


# --- battles: fire both ways is a battle; unarmed people fighting the police are a riot


def test_armed_clashes_with_unknown_men_are_a_battle():
    event = main("Armed clashes broke out between the army and unknown men near Beni on Monday.")
    assert event.acled.sub_event_type == "Armed clash"
    assert {event.actor1.inter, event.actor2.inter} == {1, 3}


def test_a_gunbattle_is_a_battle():
    assert main("A militant died in a gunbattle with soldiers near Garissa on Monday.").acled.sub_event_type \
        == "Armed clash"


def test_mutual_fire_types_a_civilian_side_as_armed():
    soldiers, men = actor("soldiers", 1, "MIL"), actor("unknown men", 7)
    coded = code_event([trigger("clash.exchange_of_fire")], soldiers, men, Count.zero(), Count.zero())
    assert coded.acled.sub_event_type == "Armed clash"


def test_a_crowd_fighting_the_police_is_a_riot_not_an_attack():
    police, drivers = actor("police officers", 1, "COP"), actor("truck drivers", 7)
    coded = code_event([trigger("clash.fight")], police, drivers, Count.zero(), Count.zero())
    assert coded.acled.sub_event_type == "Mob violence"
    coded = code_event([trigger("clash.fight"), trigger("protest.protest")], police, drivers, Count.zero(),
                       Count.zero())
    assert coded.acled.event_type != "Violence against civilians"


def test_armed_people_fighting_the_police_are_no_crowd():
    police, men = actor("police officers", 1, "COP"), actor("armed men", 7)
    coded = code_event([trigger("clash.fight")], police, men, Count.zero(), Count.zero())
    assert coded.acled.event_type != "Riots"


# --- a protest and what happens at it are one event


def test_violence_during_the_demonstration_makes_it_a_riot():
    events = current("Garment workers staged a demonstration on the highway in Gazipur on Monday. Demonstrators set "
                     "fire to a truck and vandalised ten vehicles during the demonstration.")
    assert [e.acled.sub_event_type for e in events] == ["Violent demonstration"]


def test_force_used_on_the_demonstrators_after_a_protest_is_excessive_force():
    text = ("Hundreds of teachers staged a demonstration in Kano on Monday against unpaid salaries. Soldiers fired "
            "live ammunition at the demonstrators, killing one.")
    assert main(text).acled.sub_event_type == "Excessive force against protesters"


def test_tear_gas_fired_at_a_crowd_disperses_it(nlp):
    found = find_mentions(nlp("Police fired tear gas at the crowd outside the stadium."))
    assert [m.frame.name for m in found] == ["disperse"]
    found = find_mentions(nlp("Police fired teargas canisters at the crowd outside the stadium."))
    assert [m.frame.name for m in found] == ["disperse"]


# --- what a protest is about is not part of it


def test_protesting_a_resident_s_arrest_is_no_protesting_resident(nlp):
    found = find_mentions(nlp("Villagers protested the arrest of a resident on Monday."))
    assert not [m for m in found if m.trigger.id.startswith("protest.protesting_")]
    found = find_mentions(nlp("Protesting residents closed the road to the dump site."))
    assert [m for m in found if m.trigger.id == "protest.protesting_resident"]


def test_the_cause_of_a_protest_held_in_the_passive_is_no_intervention():
    event = main("A peaceful protest was held in Hargeisa on Monday opposing the arrest of a journalist.")
    assert event.acled.sub_event_type == "Peaceful protest"


# --- events the coder used to drop


def test_violence_with_no_crowd_is_not_dropped_for_its_riot_words():
    event = main("Gunmen attacked Kauru village on Monday and killed two residents. Houses were burnt.")
    assert event.acled.sub_event_type == "Attack"


def test_a_finite_verb_after_a_stray_determiner_is_the_news():
    event = main("On 3 March, in Hsipaw township, the SSA-S and SSA-N clashed.")
    assert event.acled.sub_event_type == "Armed clash"


def test_a_claimed_attack_is_the_event():
    event = main("Al Shabaab claimed responsibility for the bomb attack on the army base in Afgooye on Monday.")
    assert event.acled.event_type == "Explosions/Remote violence"


