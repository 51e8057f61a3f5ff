"""A named area inside a town, a note's district known only as a town, and a note's district spelt otherwise."""

from __future__ import annotations

from newsevents.extract.places import _spelt_alike
from place_helpers import first, places


def test_area_in_a_town_is_the_town_at_precision_1(nlp):
    # ACLED codes a named part of a town to the town itself (CODEBOOKS 1.9: "a part of a city" is 1)
    found = places(nlp, "On 3 March 2024, militants gathered in the Warbeelo area in Jilib town (Jilib, Middle Juba).")
    area = first(found, "Warbeelo")
    assert area.resolved and area.admin1 == "Middle Juba"
    assert area.geo_precision == 1
    assert area.name.startswith("Jilib")


def test_near_an_area_in_a_town_stays_near(nlp):
    found = places(nlp, "On 3 March 2024, militants withdrew from bases near the Warbeelo area in Jilib town "
                        "(Jilib, Middle Juba).")
    assert first(found, "Warbeelo").geo_precision == 2


def test_note_district_known_only_as_a_town_of_its_province(nlp):
    # GeoNames files the district Baardheere under another province; the town Baardheere of Gedo stands for it
    found = places(nlp, "On 4 April 2024, fighters attacked a checkpoint in Warbeelo town (Baardheere, Gedo).")
    town = first(found, "Warbeelo")
    assert town.resolved and town.admin1 == "Gedo"
    assert town.geo_precision == 2
    assert abs(town.lat - 2.34) < 0.1 and abs(town.lon - 42.28) < 0.1


def test_note_district_spelt_otherwise_keeps_the_town(nlp):
    # "Manang" in the note, "Manag" in GeoNames: Chame is the Nepali town, not a district of Thailand
    found = places(nlp, "On 2 January 2021, Nepali Congress workers staged a rally around Chame area (Manang District).")
    chame = first(found, "Chame")
    assert chame.iso3 == "NPL"
    assert chame.geo_precision == 2


def test_spelling_skeleton_needs_a_long_name():
    assert _spelt_alike("Manag", "Manang")
    assert not _spelt_alike("Bari", "Bara")  # too short: a skeleton of two letters meets many names
    assert not _spelt_alike("Jilib", "Jowhar")
    assert not _spelt_alike(None, "Manang")
