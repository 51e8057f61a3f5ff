"""Named groups and role words (extract/actors.py, lexicon/actors.jsonl): possessives, acronym plurals, acronyms
shared by groups of two countries, unnamed Islamist groups, international forces."""

from newsevents.extract import actors


def coded(nlp, text, word, country=None):
    doc = nlp(text)
    return actors.classify(doc, next(t.i for t in doc if t.text == word), country)


def test_a_groups_possessive_unit_is_the_group(nlp):
    a = coded(nlp, "On Monday, the KIA's 12th Battalion attacked an army outpost.", "Battalion", "MMR")
    assert a.inter == 2 and a.name.startswith("KIA")


def test_an_acronym_plural_is_the_group(nlp):
    a = coded(nlp, "Soldiers fired mortar rounds towards KIAs position near the river.", "KIAs", "MMR")
    assert a.inter == 2


def test_a_shared_acronym_follows_the_article_country(nlp):
    text = "The NAF carried out strikes near the town on Monday."
    assert coded(nlp, text, "NAF", "NGA").inter == 1
    assert coded(nlp, text, "NAF", "UKR").inter == 2
    assert coded(nlp, text, "NAF", None).inter == 1  # unknown country: the first entry


def test_unnamed_islamist_militants_are_an_unidentified_armed_group(nlp):
    a = coded(nlp, "On Friday, Islamist militants burned a school in the district.", "militants", "MOZ")
    assert a.inter == 3 and a.name.startswith("Unidentified Armed Group")


def test_a_named_islamist_group_keeps_its_type(nlp):
    assert coded(nlp, "On Friday, Al Shabaab militants burned a school.", "militants", "SOM").inter == 2


def test_international_forces_are_external(nlp):
    assert coded(nlp, "International forces carried out an airstrike on the camp.", "forces", "SOM").inter == 8


def test_a_misspelt_al_shabaab(nlp):
    assert coded(nlp, "Al Shabaad fighters took the town on Monday.", "fighters", "SOM").inter == 2


def test_police_reservists_are_police(nlp):
    a = coded(nlp, "On Sunday, police reservists shot a man near the market.", "reservists", "KEN")
    assert a.inter == 1 and a.sector == "COP"


def test_a_drug_enforcement_agency_is_a_police_force(nlp):
    assert coded(nlp, "A vendor was killed in a PDEA raid on Monday.", "PDEA", "PHL").inter == 1


def test_unidentified_military_forces_are_external(nlp):
    a = coded(nlp, "On Monday, unidentified military forces carried out an airstrike on the camp.", "forces", "SOM")
    assert a.inter == 8
