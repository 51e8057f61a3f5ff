"""Groups the lexicon does not know, named by their own name (extract/actors.py own_named_group)."""

from newsevents.extract import actors


def coded(nlp, text, word, country="KEN"):
    doc = nlp(text)
    return actors.classify(doc, next(t.i for t in doc if t.text == word), country)


def test_a_liberation_army_is_a_rebel_group_under_its_own_name(nlp):
    a = coded(nlp, "The Western Hills Liberation Army attacked a police post on Monday.", "Army")
    assert (a.name, a.inter, a.sector) == ("Western Hills Liberation Army", 2, "REB")


def test_gunmen_from_a_named_group_are_that_group(nlp):
    a = coded(nlp, "Gunmen from the Eastern Delta Liberation Front attacked a bus.", "Gunmen")
    assert a.name == "Eastern Delta Liberation Front" and a.inter == 2


def test_a_named_movement_without_an_armed_struggle_word_is_left_to_the_lexicon(nlp):
    a = coded(nlp, "The Sunrise Youth Movement was banned in 2021.", "Movement")
    assert a.name != "Sunrise Youth Movement"


def test_a_resistance_movement_is_a_rebel_group(nlp):
    a = coded(nlp, "The Blue Hills Resistance Movement ambushed a convoy.", "Movement")
    assert (a.name, a.inter) == ("Blue Hills Resistance Movement", 2)


def test_a_state_army_is_not_a_named_group(nlp):
    a = coded(nlp, "The Kenyan Army shelled the camp on Monday.", "Army")
    assert a.name == "Military Forces of Kenya" and a.inter == 1


def test_a_bare_head_word_is_no_name(nlp):
    assert coded(nlp, "The Army shelled the camp on Monday.", "Army").inter == 1
