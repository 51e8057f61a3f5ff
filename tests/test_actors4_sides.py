"""The two sides of an event (helper actors4): a force answering an attack keeps the attacker as the other side;
Nepal's main parties are parties, whose cadres fighting each other are rioters; neighbours are civilians.
Sentences are invented."""

from coding_helpers import main, pair

from newsevents.extract import actors


# A force that returns fire, responds or repels an attack is the attacked side: the attacker stays the other one
# (ACLED Armed clash, attacker first), not an unidentified armed group beside the force named twice.

def test_police_reacting_to_a_grenade_keep_the_thrower():
    event = main("On Sunday, Al Shabaab militants threw a hand grenade at a police station in Hodan district, "
                 "Mogadishu. The police responded with gunfire.")
    assert event.acled.sub_event_type == "Armed clash"
    assert event.interaction == 12
    assert event.actor1.name == "Al Shabaab"


def test_army_returning_fire_keeps_the_rebels():
    event = main("On Sunday, the Arakan Army attacked a military outpost with rockets in Paletwa township. "
                 "The army returned fire.")
    assert event.interaction == 12
    assert {event.actor1.inter, event.actor2.inter} == {1, 2}


def test_soldiers_responding_to_a_grenade_keep_the_thrower():
    event = main("On Sunday, suspected Al Shabaab militants hurled a grenade at soldiers at a checkpoint in Afgoye. "
                 "The soldiers reacted with heavy gunfire.")
    assert event.interaction == 12
    assert event.actor1.inter == 2


def test_a_clash_naming_both_sides_keeps_its_own_order():
    # the clash names both sides: its words, not the toll's, say who fought whom
    event = main("On Sunday, two soldiers were killed when Al Shabaab militants clashed with the army near Afgoye.")
    assert event.interaction == 12
    assert event.actor1.inter == 2


# Nepal's mainstream parties (not the banned Chand-led CPN (Maoist), a political militia): their cadres who fight
# are rioters, the party an associated actor (ACLED Mob violence 55).

def test_maoist_centre_is_a_party_not_the_chand_group(nlp):
    a1, _ = pair(nlp, "Cadres of the CPN (Maoist Centre) clashed with rivals in Rukum.", country="NPL")
    assert a1.name.startswith("CPN-MC")
    assert actors.is_party(a1)


def test_the_chand_group_stays_a_militia(nlp):
    a1, _ = pair(nlp, "Cadres of the CPN (Maoist) torched a mobile tower in Dhangadhi.", country="NPL")
    assert a1.name.startswith("CPN(M)")
    assert not actors.is_party(a1)


def test_cadres_of_two_parties_clash_as_rioters():
    event = main("On Sunday, cadres of the Nepali Congress and the CPN-UML clashed at a polling station in Dolakha, "
                 "leaving five people injured.")
    assert event.acled.sub_event_type == "Mob violence"
    assert event.interaction == 55


def test_maoist_centre_supporters_clash_with_rpp_supporters():
    event = main("On Sunday, supporters of the CPN (Maoist Center) clashed with supporters of the Rastriya "
                 "Prajatantra Party in Dhading.")
    assert event.interaction == 55


# Neighbours are civilians: neighbours who beat someone are a mob (ACLED Mob violence 57), not an armed group.

def test_beaten_by_neighbours_is_mob_violence():
    event = main("On Sunday, a woman was beaten by her neighbours in Saptari over accusations of witchcraft.")
    assert event.acled.sub_event_type == "Mob violence"
    assert event.interaction == 57


def test_neighbor_is_a_civilian(nlp):
    _, a2 = pair(nlp, "Gunmen shot dead a neighbor of the mayor in Culiacan.")
    assert a2.inter == 7
