"""Who is on each side of an event, and so ACLED's interaction code, on sentences of our own: one per rule of the
codebook the coder applies (two armed sides in a battle, civilians as the victims of one-sided violence, crowds as
rioters or protesters, communities as identity militias, unnamed perpetrators as an Unidentified Armed Group)."""

import pytest

from newsevents import code_text
from coding_helpers import PUB, main



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


# -- the second side ACLED always codes: police who face a riot told after it, two crowds in a fight, the victims of a
# bomb nobody armed is near, one state force named twice, the unnamed foe of a battle, communal attackers, and the
# subject of a verb behind a misparsed dateline.

@pytest.mark.parametrize("text, sub, interaction", [
    # police facing a riot named in a later sentence are its other side (15)
    ("Violent riots erupted in Kimilili on Monday, leading to confrontations with police officers. During one of "
     "the riots, a man was shot dead.", "Violent demonstration", 15),
    ("On Monday, demonstrators attacked the fire station and burnt a fire truck in Ogbomosho over a slow response "
     "to a market fire. Security forces used live ammunition and killed two people.", "Violent demonstration", 15),
    # two crowds fighting with no armed side named: rioters on both sides (55)
    ("Two groups of protesters clashed in Mombasa on Tuesday over the closure of a school.",
     "Violent demonstration", 55),
    # a bomb with no armed actor near it hit civilians (37); one near it is the target (13)
    ("A grenade blast hit a restaurant in Garissa on Friday.", "Remote explosive/landmine/IED", 37),
    ("An IED exploded near the market in Galkayo on Friday. Two soldiers were killed.",
     "Remote explosive/landmine/IED", 13),
    # one force told twice is one side, the unnamed other an unidentified armed group (13)
    ("A robbery suspect was killed during a shootout with the police in Quezon City on Sunday. One police "
     "officer was wounded during the shootout.", "Armed clash", 13),
    # a battle has two sides: the foe the text leaves unnamed (13, 12, 33, 44)
    ("Unidentified armed groups clashed in the outskirts of Lagos on Saturday.", "Armed clash", 33),
    ("Al Shabaab militants clashed near the town of Jowhar on Monday.", "Armed clash", 12),
    ("Clan militias clashed over grazing land near Beledweyne on Sunday.", "Armed clash", 44),
    # an attack or a militia called ethnic or communal is a communal militia's (47)
    ("Five people were killed in an ethnic attack near the village of Aiyam on Monday.", "Attack", 47),
    ("Clan militiamen attacked the village of Bulo Burte on Monday, killing two herders.", "Attack", 47),
    # a dateline the parse takes as a second subject does not hide the actor
    ("On 2 March 2024, near Sama [in Tanai township], Kachin state, the Myanmar army fired six 81 mm rounds on "
     "the KIA positions.",
     "Shelling/artillery/missile attack", 12),
    # a passive with its doer after 'by', joined to what the crowd did: the force is the other side
    ("Youths in Lubumbashi burned tyres on Monday and were dispersed by riot police.", "Violent demonstration", 15),
    # 'opened fire against X': X is the target, not the fire
    ("In Bosaso, armed men opened fire against Darawish forces on Monday, killing one man.", "Armed clash", 13),
    # sides the parse coordinates with a dateline's places, or keeps as associated actors
    ("On 2 March, near Laja Yang, Kachin state, the Myanmar army and KIA 24th battalion clashed.", "Armed clash", 12),
    ("On 2 March, in Hnan Chaung Wa village, Paletwa Township, Rakhine State, the Myanmar military and AA clashed.",
     "Armed clash", 12),
])
def test_second_side(text, sub, interaction):
    ev = main(text)
    assert ev.acled.sub_event_type == sub, (text, ev.acled.sub_event_type)
    assert ev.interaction == interaction, (text, ev.actor1, ev.actor2)


def test_two_named_forces_stay_two():
    """'GNA forces' and 'LNA forces' are two state forces of one country, not one force told twice."""
    ev = main("On Monday, GNA forces clashed with LNA forces in Salah Aldeen in Tripoli.")
    assert ev.interaction != 13


def test_unarmed_doer_after_by_is_not_taken():
    """'stabbed by a man': a doer after 'by' that no lexicon types as armed leaves the attack an unidentified
    group's against a civilian (37), as before."""
    ev = main("The councillor died on Thursday after she was shot and stabbed by a man outside the library in Birstall.")
    assert ev.acled.event_type == "Violence against civilians"
    assert ev.interaction == 37


def test_rioters_alone_stay_one_sided():
    """A riot with no force or second crowd named stays one-sided (50)."""
    ev = main("Rioters burned two buses in Dhamrai on Tuesday over a fuel price rise.")
    assert ev.acled.event_type == "Riots"
    assert ev.interaction == 50


def test_unnamed_opponent():
    """The foe of a battle the text does not name, by who fights it (ACLED's usual coding of an unknown side)."""
    from newsevents.extract.actors import generic_actor, unnamed_opponent
    from newsevents.records import Actor

    army = Actor(text="soldiers", name="Military Forces of Kenya", type="State forces", inter=1, country="KEN")
    rebels = Actor(text="rebels", name="Rebels", type="Rebel group", inter=2, country="KEN")
    assert unnamed_opponent(army, "KEN").inter == 3
    assert unnamed_opponent(rebels, "KEN").name == "Military Forces of Kenya"
    assert unnamed_opponent(generic_actor(3, "KEN"), "KEN").inter == 3
    assert unnamed_opponent(generic_actor(7, "KEN"), "KEN") is None


def test_one_force():
    """One state force told twice (by its name, or by a place it holds) against two forces of one state."""
    from newsevents.pipeline import _one_force
    from newsevents.records import Actor

    def police(text):
        return Actor(text=text, name="Police Forces of Kenya", type="State forces", inter=1, country="KEN")

    assert _one_force(police("police"), police("One police officer"))
    assert _one_force(police("A police officer"), police("the police station"))
    assert not _one_force(police("GNA forces"), police("LNA forces"))
