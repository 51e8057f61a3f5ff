"""Force at a protest: excessive only when lethal or seriously harmful (ACLED); the state fighting a riot's
unnamed crowd is a violent demonstration, not a battle."""

from coding_helpers import current, main

from newsevents.extract.coding import Told, code_event
from newsevents import lexicon
from newsevents.records import Actor, Count

EXCESSIVE, INTERVENTION = "Excessive force against protesters", "Protest with intervention"


def _sub(text: str) -> str:
    return main(text).acled.sub_event_type


# --- beating, arresting or attacking protesters with nobody badly hurt is an intervention

def test_protesters_arrested_and_beaten_is_an_intervention():
    text = ("Police dispersed a march of market vendors in Lilongwe on Monday. Twelve demonstrators were arrested "
            "and beaten by officers.")
    assert INTERVENTION in {e.acled.sub_event_type for e in current(text)}
    assert EXCESSIVE not in {e.acled.sub_event_type for e in current(text)}


def test_tear_gas_with_some_injured_is_an_intervention():
    text = ("Hundreds of nurses marched to the health ministry in Accra on Monday demanding unpaid allowances. "
            "Police fired tear gas to disperse the crowd and three nurses were injured.")
    assert _sub(text) == INTERVENTION


def test_shots_in_the_air_to_quell_a_protest_are_an_intervention():
    text = "Police shot in the air to quell traders who were protesting against new market fees in Kisumu on Monday."
    assert _sub(text) == INTERVENTION


# --- lethal weapons aimed, deaths or serious injuries make it excessive force

def test_protesters_taken_to_hospital_after_a_beating_is_excessive_force():
    text = ("Police beat farmers protesting against land seizures in Mbale on Monday; four of them were taken to "
            "hospital with head wounds.")
    assert _sub(text) == EXCESSIVE


def test_protesters_critically_wounded_is_excessive_force():
    text = ("Soldiers attacked students protesting against fee increases in Zaria on Monday, leaving two of them "
            "critically wounded.")
    assert _sub(text) == EXCESSIVE


def test_shots_in_the_air_that_wound_people_are_excessive_force():
    text = ("Residents staged a demonstration in Tete on Monday against the eviction. Police fired shots in the air, "
            "wounding three people.")
    assert _sub(text) == EXCESSIVE


def test_harm_that_is_denied_is_not_serious():
    text = ("Police beat teachers protesting over arrears in Blantyre on Monday; nobody was seriously hurt, the "
            "union said.")
    assert _sub(text) == INTERVENTION


def test_code_event_keeps_violence_excessive_unless_told_it_was_not_serious():
    protest = next(t for t in lexicon.triggers() if t.id == "protest.protest")
    beat = next(t for t in lexicon.triggers() if t.frame == "beat")
    police = Actor(text="police", name="Police Forces of Kenya", type="State forces", inter=1, sector="COP")
    crowd = Actor(text="protesters", name="Protesters (Kenya)", type="Protesters", inter=6)
    zero = Count.zero()
    assert code_event([protest, beat], police, crowd, zero, zero).acled.sub_event_type == EXCESSIVE
    assert code_event([protest, beat], police, crowd, zero, zero, Told(serious=False)).acled.sub_event_type == INTERVENTION


# --- a riot's unnamed side against the state's forces is the rioting crowd

def test_rioters_clashing_with_police_is_a_violent_demonstration():
    text = "Riots broke out in Kisumu on Monday after the court ruling; rioters clashed with police."
    event = main(text)
    assert event.acled.sub_event_type == "Violent demonstration"
    assert event.interaction == 15


def test_a_riot_where_the_crowd_stoned_soldiers_is_not_a_battle():
    text = ("Rioters protesting against fuel prices blocked the main road in Zahle on Monday. When soldiers tried "
            "to reopen it, the rioters hurled rocks and injured three soldiers.")
    assert _sub(text) == "Violent demonstration"


def test_a_named_armed_group_fighting_police_during_unrest_stays_a_battle():
    text = "Police clashed with Al-Shabaab militants in Mandera on Monday amid unrest over the election."
    assert _sub(text) == "Armed clash"


# --- a protest that turns into a fight with the police the same day is one Riots event

def test_demonstrators_who_then_clash_with_police_riot():
    text = ("On Monday, hundreds of students held a demonstration in Kumasi, demanding lower fees. The police "
            "intervened after the students tried to enter the council building, and they subsequently clashed with "
            "police.")
    assert _sub(text) == "Violent demonstration"


def test_a_killing_at_a_protest_is_excessive_force_even_without_its_toll():
    """The toll of a background killing is not counted (it is cumulative), but killing protesters is lethal force."""
    from newsevents import code_text
    from coding_helpers import PUB

    text = ("Rights groups say security forces have killed protesters in the capital since the demonstrations "
            "began last year.")
    killed = [e for e in code_text(text, published=PUB) if e.trigger.text == "killed"]
    assert killed and killed[0].acled.sub_event_type == "Excessive force against protesters"
