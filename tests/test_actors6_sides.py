"""Sides told in another sentence: the force answering an attack, the attackers named again, and a party's people
acting (extract/events.py absorb and answering_force, pipeline._merge_response, extract/actors.py). Invented
sentences."""

from coding_helpers import current, main

from newsevents.extract import actors


def _sides(event) -> set[int | None]:
    return {a.inter if a is not None else None for a in (event.actor1, event.actor2)}


def test_police_killing_an_assailant_next_sentence_make_a_battle():
    """'Two armed men attacked a shop. The police shot one of the assailants': the assailants are the attackers, the
    police the other side of one battle (not the assailants against themselves)."""
    events = current("On Friday, two armed men attacked a shop in the market. "
                     "The police shot and killed one of the assailants.")
    assert len(events) == 1
    assert events[0].acled.event_type == "Battles"
    assert _sides(events[0]) == {1, 3}


def test_soldiers_repelling_the_attackers_join_the_attack():
    """'X attacked a village. Soldiers repelled the attackers': one battle between the attacker and the army."""
    events = current("On Friday, gunmen attacked a village near the river. Soldiers later repelled the attackers.")
    assert len(events) == 1
    assert events[0].acled.event_type == "Battles"
    assert _sides(events[0]) == {1, 3}


def test_arresting_the_attackers_stays_its_own_event():
    """An arrest of the attackers later is no fight: the attack stays violence against civilians."""
    events = current("On Friday, gunmen killed a shopkeeper in the market. Soldiers later arrested two of the attackers.")
    attack = next(e for e in events if e.acled.event_type == "Violence against civilians")
    assert _sides(attack) == {3, 7}


def test_attackers_first_named_with_their_origin_are_not_named_again():
    """'Armed raiders from the hills attack and battle police': a first naming in one sentence keeps its type."""
    event = main("On Friday, armed raiders attack and battle police on the outskirts of the town.")
    assert event.acled.event_type == "Battles"


def test_cadres_of_political_parties_imposing_a_blockade_protest():
    """'Cadres of five political parties imposed a road blockade': the parties' people acted, a protest (60)."""
    event = main("On Friday, cadres of five political parties imposed a road blockade in the district capital.")
    assert event.acled.event_type == "Protests"
    assert event.actor1 is not None and event.actor1.inter == 6


def test_representatives_of_parties_are_the_parties(nlp):
    """'representatives of the political parties' are the parties' people (a generic head owned by its 'of')."""
    doc = nlp("Representatives of the political parties met the governor.")
    term = actors.known_term(doc, 0)
    assert term is not None and term.sector == "PTY"


def test_subject_of_imposing_a_blockade_is_its_agent(nlp):
    """'Traders enforced a shutdown', 'X imposed a blockade': the subject of the verb that puts it in force acts."""
    doc = nlp("Local traders imposed a blockade on the highway.")
    head = next(t.i for t in doc if t.lower_ == "blockade")
    args = actors.arguments(doc, head, nominal=True, armed_fallback=False)
    assert args.agent is not None and doc[args.agent].lower_ == "traders"
