"""Armed clash or Attack: whether the target's side is armed (ACLED codebook 1.3: can the other side fight back?).

Each rule in extract/actors.py and extract/events.py that finds or types the target's side, with invented sentences.
"""

from coding_helpers import main, pair

from newsevents.extract import actors


def test_clashes_reported_between_two_sides(nlp):
    """'clashes were reported between X and Y': the sides hang on the passive verb, not on the noun."""
    doc = nlp("Clashes were reported between the herders and the villagers near the river.")
    args = actors.arguments(doc, 0, nominal=True, armed_fallback=False)
    assert args.partner is not None and doc[args.partner].lower_ in ("herders", "villagers")


def test_resistance_from_an_armed_side_makes_a_battle():
    """'attacked the town and encountered resistance from the army': the army fought back."""
    event = main("On Friday, Boko Haram attacked the town and encountered resistance from soldiers.")
    assert event.acled.sub_event_type == "Armed clash"
    assert {event.actor1.inter, event.actor2.inter} == {1, 2}


def test_exchange_with_police_makes_a_battle(nlp):
    a1, a2 = pair(nlp, "The gunmen attacked the market and were caught in an exchange with police.", "attack")
    assert a2 is not None and a2.inter == 1


def test_a_community_settlement_attacked_is_civilians(nlp):
    """'attacked a Fulani camp': the camp's people, not a Fulani militia (ACLED: Civilians)."""
    _, a2 = pair(nlp, "Insurgents attacked a Fulani settlement near the river on Sunday.", "attack", "NGA")
    assert a2 is not None and a2.inter == 7


def test_one_herdsman_killed_is_a_civilian(nlp):
    _, a2 = pair(nlp, "Cattle rustlers shot and killed a herdsman at the water point.", "kill")
    assert a2 is not None and a2.inter == 7


def test_a_militia_camp_stays_armed(nlp):
    """An armed word in the phrase keeps the community's militia: 'a Fulani militia camp'."""
    _, a2 = pair(nlp, "Soldiers attacked a Fulani militia camp near the river.", "attack", "NGA")
    assert a2 is not None and a2.inter == 4


def test_herders_fighting_stay_a_communal_militia(nlp):
    a1, _ = pair(nlp, "Herdsmen clashed with farmers in the village on Monday.", "clash")
    assert a1 is not None and a1.inter == 4


def test_a_checkpoint_attacked_is_held_by_state_forces():
    """A site only forces hold, whose holder is not named, stands for the state's forces there."""
    event = main("On Monday, Taliban militants attacked a checkpoint in Ghazni province.")
    assert event.acled.sub_event_type == "Armed clash"
    assert event.interaction == 12


def test_opened_gunfire_on_an_unknown_force_base(nlp):
    """'opened gunfire on the XYZF base': the base, an unknown force's, is what was fired on."""
    _, a2 = pair(nlp, "Al Shabaab militants opened gunfire on the JLPF base in the town.", "shoot", "SOM")
    assert a2 is not None and a2.inter == 1


def test_a_trading_post_is_no_force(nlp):
    _, a2 = pair(nlp, "A militia shot a woman in an attack on a trading post.", "attack")
    assert a2 is None or a2.inter != 1


def test_who_survived_an_attack_is_its_target(nlp):
    """'soldiers survived an attack by gunmen': the soldiers were attacked, and could fight back."""
    a1, a2 = pair(nlp, "Two soldiers survived an attack by gunmen in the village on Monday.", "attack")
    assert a1 is not None and a1.inter == 3
    assert a2 is not None and a2.inter == 1


def test_one_of_the_attackers_killed_by_police(nlp):
    """'shot and killed one of the gunmen': the count stands for the gunmen."""
    a1, a2 = pair(nlp, "Police guarding the bank shot and killed one of the gunmen.", "kill")
    assert a1 is not None and a1.inter == 1
    assert a2 is not None and a2.inter == 3


def test_many_killed_after_a_pursuit_are_those_pursued(nlp):
    _, a2 = pair(nlp, "Police pursued the cattle rustlers and killed many.", "kill")
    assert a2 is not None and a2.inter == 4


def test_some_of_a_number_stays_the_number(nlp):
    """'eight of the 23' is no actor: the count keeps its own (untyped) phrase."""
    _, a2 = pair(nlp, "The soldiers beat eight of the 23 in detention.", "beat")
    assert a2 is None or a2.inter in (None, 7)


def test_cafgu_members_are_state_forces(nlp):
    """CAFGU, the Philippine Army's auxiliaries, are state forces (ACLED inter 1)."""
    _, a2 = pair(nlp, "NPA rebels ambushed two CAFGU members in the village.", "clash", "PHL")
    assert a2 is not None and a2.inter == 1


def test_troopers_are_soldiers(nlp):
    _, a2 = pair(nlp, "Militants shot and killed two military troopers near the base.", "kill")
    assert a2 is not None and a2.inter == 1
