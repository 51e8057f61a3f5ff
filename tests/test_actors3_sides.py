"""The two sides of an event (helper actors3): a force fighting itself, a deployed force, a suspected group named
for an unknown one, and an acronym the parse took for 'is'. Sentences are invented."""

from coding_helpers import main, pair

from newsevents.extract import actors


# A state force fighting itself is both sides (ACLED 11), not a force against an unidentified armed group.

def test_two_groups_of_one_force_clash():
    event = main("On Sunday, two groups of government forces exchanged gunfire near the market in Kismayo.")
    assert event.acled.sub_event_type == "Armed clash"
    assert event.interaction == 11


def test_rival_units_of_the_army_clash():
    assert main("On Sunday, rival army units clashed near the airport in Juba.").interaction == 11


def test_an_officer_killed_by_another_officer():
    event = main("On Sunday, a police officer was killed by another officer at a checkpoint in Garowe.")
    assert event.interaction == 11
    assert {event.actor1.name, event.actor2.name} == {event.actor1.name}


def test_a_fellow_soldier_is_the_other_side():
    assert main("On Sunday, a soldier shot dead a fellow soldier at a base in Baidoa.").interaction == 11


def test_police_against_unknown_gunmen_stays_thirteen():
    # one force and an unnamed foe: the foe is an unidentified armed group
    assert main("On Sunday, police clashed with unknown gunmen near the market in Garissa.").interaction == 13


def test_another_keeps_its_word_in_the_actor_text(nlp):
    doc = nlp("A policeman was shot by another officer in Nairobi.")
    i = next(t.i for t in doc if t.lower_ == "officer")
    assert actors.phrase(doc, i).text == "another officer"


# Who is deployed is who moves (ACLED Change to group/activity: the force is actor 1).

def test_forces_deployed_in_the_passive_are_actor1(nlp):
    a1, a2 = pair(nlp, "On Monday, special police units were deployed near the border town.", country="KEN")
    assert a1 is not None and a1.inter == 1 and a2 is None


def test_who_deploys_stays_actor1(nlp):
    a1, _ = pair(nlp, "On Monday, the army deployed additional troops to the border town.", country="KEN")
    assert a1 is not None and a1.text == "army"


# A suspected group told right after an unknown one is the actor (ACLED codes the suspected perpetrator).

def test_unknown_group_likely_a_named_one(nlp):
    _, a2 = pair(nlp, "Soldiers defused an IED planted by an unknown armed group (likely Al Shabaab) near the camp.",
                 country="SOM")
    assert a2 is not None and a2.name == "Al Shabaab"


def test_gunmen_believed_to_be_a_named_group(nlp):
    a1, _ = pair(nlp, "Gunmen believed to be NPA rebels ambushed an army patrol in Samar on Monday.", country="PHL")
    assert a1 is not None and a1.inter == 2 and "NPA" in a1.name


def test_no_hedge_no_named_group(nlp):
    # the group named after the verb is the target, not who the gunmen were
    a1, a2 = pair(nlp, "Unknown gunmen attacked an ADF camp near Beni on Monday.", country="COD")
    assert a1 is not None and a1.name.startswith("Unidentified Armed Group")


def test_suspected_group_needs_a_hedge(nlp):
    doc = nlp("An armed group attacked the village; the ADF denied it.")
    i = next(t.i for t in doc if t.lower_ == "group")
    assert actors.suspected_group(doc, i) is None


# An acronym the parse read as the auxiliary 'is' makes no passive.

def test_acronym_is_no_auxiliary(nlp):
    a1, a2 = pair(nlp, "On Monday, Boko Haram/IS attacked a military post near Maiduguri.", country="NGA")
    assert a1 is not None and a1.inter == 2
    assert a2 is not None and a2.inter == 1
