"""Who is on each side of an event, and so ACLED's interaction code, on sentences of our own: one per rule of the
codebook the coder applies (two armed sides in a battle, civilians as the victims of one-sided violence, crowds as
rioters or protesters, communities as identity militias, unnamed perpetrators as an Unidentified Armed Group)."""

import datetime as dt

import pytest

from newsevents import code_text

PUB = dt.date(2024, 3, 12)


def main(text):
    events = [e for e in code_text(text, published=PUB, source="test")
              if e.acled.event_type and not (e.historical or e.negated or e.hypothetical)]
    assert events, f"no current ACLED event in {text!r}"
    return events[0]


@pytest.mark.parametrize("text, sub, interaction", [
    # a battle has two armed sides, however the parse groups them
    ("On Monday the KIA and Myanmar army clashed near Hpakant.", "Armed clash", 12),
    ("Al Shabaab fighters clashed with government forces at a base near Baidoa on Sunday.", "Armed clash", 12),
    ("Fighting broke out between the army and the Arakan Army near Buthidaung, which displaced villagers.",
     "Armed clash", 12),
    ("Hema and Lendu militias clashed near Bunia on Friday.", "Armed clash", 44),
    # who takes a place from whom, who gives up to whom
    ("Government troops retook the town of Kauda from the rebels on Saturday.", "Government regains territory", 12),
    ("About thirty Al Shabaab fighters surrendered to the army in Baidoa on Tuesday.", "Agreement", 12),
    # one-sided violence: the victims are civilians; an unnamed perpetrator is an unidentified armed group
    ("A woman was injured when she stepped on a landmine while farming near Paletwa on Monday.",
     "Remote explosive/landmine/IED", 37),
    ("Gunmen shot dead an off-duty police officer outside his home in Marawi on Sunday.", "Attack", 37),
    ("Militants ambushed and killed a government employee on the road to Lashkar Gah on Monday.", "Attack", 27),
    ("Bandits raided the village of Kaura on Sunday, injuring four farmers.", "Attack", 37),
    # crowds: a mob's victims are civilians; a brawl between rival groups is rioters on both sides
    ("A mob lynched a suspected thief at the market in Kisii on Saturday.", "Mob violence", 57),
    ("Two rival groups fought with sticks and stones over a land dispute in Larkana on Monday.", "Mob violence", 55),
    # the arrested are civilians unless the text says otherwise
    ("Police arrested the opposition leader at his home in Kampala on Wednesday.", "Arrests", 17),
])
def test_sides_and_interaction(text, sub, interaction):
    event = main(text)
    assert event.acled.sub_event_type == sub, (event.acled.sub_event_type, event.actor1, event.actor2)
    assert event.interaction == interaction, (event.actor1, event.actor2)


def test_a_crowd_named_two_ways_is_one_side_and_the_police_the_other():
    event = main("On Monday about a hundred people protested in Mogadishu over road closures. "
                 "The protesters demanded the reopening of the roads. The district police dispersed the protesters.")
    assert event.acled.sub_event_type == "Protest with intervention"
    assert event.actor1.type == "Protesters" and event.actor2.type == "State forces"
    assert event.interaction == 16


def test_the_death_a_protest_is_about_is_not_its_toll():
    event = main("On Monday residents staged a protest on the highway near Kushtia against the death of a "
                 "schoolgirl in a road accident.")
    assert event.acled.sub_event_type == "Peaceful protest"
    assert event.fatalities.best == 0


def test_what_is_protested_is_the_cause_not_force_against_the_protest():
    event = main("On Tuesday students in Makurdi protested attacks on Nigerians living abroad.")
    assert event.acled.sub_event_type == "Peaceful protest"
    assert event.interaction == 60


def test_a_metaphorical_attack_after_a_protest_is_no_force_against_it():
    event = main("On Monday journalists held a protest outside the press club in Karachi against the arrest of "
                 "their editor. His arrest is seen as an attack on press freedom.")
    assert event.acled.sub_event_type == "Peaceful protest"


def test_a_crowd_assaulting_an_official_is_a_riot_against_a_civilian():
    event = main("On Monday locals demonstrated by assaulting the municipal chairman in Kalikot.")
    assert event.acled.event_type == "Riots"
    assert event.actor1.type == "Rioters"


def test_a_nation_named_with_a_weapon_is_its_military():
    event = main("A Russian drone hit a minibus in Kherson on Thursday, killing two passengers.")
    assert event.acled.sub_event_type == "Air/drone strike"
    assert event.actor1.name == "Military Forces of Russia"
    assert event.actor2.type == "Civilians"


def test_a_community_militia_is_an_identity_militia():
    event = main("Lendu militiamen attacked the village of Djugu on Sunday, killing four residents.")
    assert event.acled.sub_event_type == "Attack"
    assert event.actor1.inter == 4 and "Lendu" in event.actor1.name
    assert event.interaction == 47


def test_a_party_acronym_militia_is_a_political_militia_not_a_community():
    event = main("PDP and APC militias clashed over ballot boxes in Uyo on Saturday.")
    assert event.interaction == 33


def test_party_members_beaten_are_civilian_victims():
    event = main("On Sunday the Imbonerakure tortured a CNL party member in Mwaro.")
    assert event.acled.sub_event_type == "Attack"
    assert event.actor1.inter == 3 and event.actor2.type == "Civilians"


def test_grenade_launchers_are_shelling_not_a_grenade():
    event = main("On Tuesday soldiers fired grenade launchers at rebel positions near Horlivka.")
    assert event.acled.sub_event_type == "Shelling/artillery/missile attack"


def test_fighting_breaking_out_is_no_prison_break():
    events = code_text("Heavy fighting broke out between the army and the rebels near Kalehe on Monday.",
                       published=PUB, source="test")
    assert not [e for e in events if e.acled.sub_event_type == "Agreement"]


def test_stoning_and_torching_are_riots_but_market_unrest_is_nothing():
    assert main("On Monday their cars were attacked and stoned near the depot.").acled.event_type == "Riots"
    events = code_text("Oil prices rose on Monday amid fears of social unrest.", published=PUB, source="test")
    assert not [e for e in events if e.acled.event_type]


def test_a_battle_of_words_or_of_athletes_is_no_riot():
    events = code_text("Over 500 athletes will battle for regional honours at the stadium on Saturday.",
                       published=PUB, source="test")
    assert not [e for e in events if e.acled.event_type == "Riots"]
