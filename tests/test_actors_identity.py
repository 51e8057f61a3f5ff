"""Identity (communal, ethnic) militias and pronoun antecedents (extract/actors.py): one named test per rule."""

from newsevents.extract import actors


def coded(nlp, text, word, country="KEN"):
    doc = nlp(text)
    return actors.classify(doc, next(t.i for t in doc if t.text == word), country)


def test_cattle_raiders_are_a_communal_militia(nlp):
    assert coded(nlp, "Cattle raiders shot two herders near the dam on Sunday.", "raiders").inter == 4


def test_rustlers_are_a_communal_militia(nlp):
    assert coded(nlp, "A boy was wounded by rustlers who drove off sixty goats.", "rustlers").inter == 4


def test_armed_pastoralists_are_a_communal_militia_but_pastoralists_alone_are_not(nlp):
    assert coded(nlp, "Armed pastoralists burned a farmhouse near the river.", "pastoralists").inter == 4
    assert coded(nlp, "Soldiers escorted pastoralists back to their camp.", "pastoralists").inter != 4


def test_raiders_named_after_a_people(nlp):
    a = coded(nlp, "Police battle Kalama raiders near the border", "raiders")
    assert a.inter == 4 and a.name.startswith("Kalama ")


def test_a_suspected_community_militia_is_still_that_community(nlp):
    a = coded(nlp, "Suspected Dorani militia attacked a bus near the market.", "militia")
    assert a.inter == 4 and a.name.startswith("Dorani ")


def test_proper_noun_plural_militias_named_after_a_place(nlp):
    a = coded(nlp, "Police forces and Ogele Militias clashed on Monday.", "Militias", "NGA")
    assert a.inter == 4


def test_headline_community_militia_the_parse_hangs_elsewhere(nlp):
    a = coded(nlp, "Kalama ethnic militia attack herders at a watering point", "militia")
    assert a.inter == 4


def test_party_militia_is_not_a_community(nlp):
    assert coded(nlp, "KPDU militia attacked the rally on Saturday.", "militia").inter == 3


def test_the_end_of_a_longer_name_is_not_a_community(nlp):
    a = coded(nlp, "Villagers were abducted by the Defence Front of the Lowlands militia on Monday.", "militia", "COD")
    assert not a.name.startswith("Lowlands ")


def test_armed_men_from_a_clan_militia_are_that_militia(nlp):
    a = coded(nlp, "On Friday, armed men from a Warsame clan militia shot a trader.", "men", "SOM")
    assert a.inter == 4


def test_gunmen_from_a_country_stay_unidentified(nlp):
    assert coded(nlp, "On Friday, gunmen from Sudan shot a trader.", "gunmen", "SSD").inter == 3


def test_pronoun_is_the_previous_subject_not_the_last_actor_named(nlp):
    doc = nlp("Militants ambushed a convoy near the bridge after the government announced a curfew. "
              "They killed two drivers.")
    they = next(t for t in doc if t.text == "They")
    assert doc[actors._resolve_pronoun(doc, they)].text == "Militants"


def test_singular_pronoun_skips_a_plural_subject(nlp):
    doc = nlp("Soldiers searched the market on Monday. The commander said the army would stay. He shot a trader.")
    he = next(t for t in doc if t.text == "He")
    assert doc[actors._resolve_pronoun(doc, he)].lower_ in ("commander", "army")
