"""Deaths told after the event that caused them: the injured who die later, a victim's later death, bodies found."""
import pytest

from newsevents.extract.counts import find_counts
from newsevents.pipeline import code_text


def _fatalities(nlp, text: str) -> list[int]:
    doc = nlp(text)
    return [c.count.best for s in doc.sents for c in find_counts(s) if c.kind == "fatalities"]


@pytest.mark.parametrize("text, value", [
    ("Seven bodies were recovered from the river on Sunday.", 7),
    ("Residents said 3 bodies lay near the market.", 3),
])
def test_numbered_bodies_are_the_dead(nlp, text, value):
    assert _fatalities(nlp, text) == [value]


def test_bodies_of_counts_what_it_owns(nlp):
    assert _fatalities(nlp, "The bodies of two fishermen were recovered.") == [2]


def test_one_of_the_victims_died_is_a_death(nlp):
    assert _fatalities(nlp, "One of the victims died on Monday.") == [1]


def test_part_of_victims_told_again_is_no_new_toll(nlp):
    assert _fatalities(nlp, "Two of the victims were teachers.") == []


def _tolls(text: str) -> list[tuple[int, int]]:
    return [(r.fatalities.best, r.injuries.best) for r in code_text(text, published="2021-06-10")]


def test_injured_who_die_later_move_to_the_dead():
    text = ("On 9 June 2021, bandits attacked a minibus near Kano, killing one passenger and injuring five others. "
            "Two of the injured later died in hospital.")
    assert _tolls(text) == [(3, 3)]


def test_part_of_the_hurt_told_by_pronoun():
    text = "On 9 June 2021, gunmen attacked a bar in Ikeja, injuring four customers. One of them died in hospital."
    assert _tolls(text) == [(1, 3)]


def test_victim_dies_after_being_shot():
    text = "On 9 June 2021, gunmen stormed a farm near Jos and shot two herders. One of the victims died."
    assert _tolls(text)[0][0] == 1


def test_bodies_found_after_a_clash_are_its_dead():
    text = ("On 9 June 2021, insurgents clashed with soldiers near Palma. "
            "Four bodies were found by residents the following morning.")
    assert _tolls(text)[0][0] == 4


def test_one_of_those_injured_died_counts_a_death(nlp):
    assert _fatalities(nlp, "One of those injured later died in hospital.") == [1]


def test_those_injured_died_later_with_the_event():
    text = ("On 9 June 2021, one trader was killed and six others injured when militiamen raided a market near Bunia. "
            "One of those injured later died in hospital.")
    assert _tolls(text) == [(2, 5)]


def test_bodies_found_with_no_event_before_are_no_toll():
    text = "On 9 June 2021, farmers found a mass grave with 12 bodies near Gao."
    assert all(f == 0 for f, _ in _tolls(text))
