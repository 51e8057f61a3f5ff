"""Regions named by a common word ("Central", "Far-Western", "Coast Province"): the district or the article's
country decides which country's region it is (invented sentences)."""

from __future__ import annotations

import pytest

from newsevents.extract.places import _generic_region
from place_helpers import first, places


@pytest.mark.parametrize("name", ["Central", "Far-Western", "Mid West", "Coast Province", "North West Region",
                                  "Western", "the Coast"])
def test_common_word_regions_are_generic(name):
    assert _generic_region(name)


@pytest.mark.parametrize("name", ["Bagmati", "Central Equatoria", "Eastern Cape", "Kasai-Central", "Sarlahi"])
def test_named_regions_are_not_generic(name):
    assert not _generic_region(name)


def test_district_of_the_note_decides_the_generic_region(nlp):
    # "Central" is a region of Uganda, Ghana, Zambia and Nepal (former); the district Parsa is Nepal's
    text = "Villagers clashed with police in Bhediyahi village (Parsa, Narayani, Central) on Monday."
    place = first(places(nlp, text), "Bhediyahi")
    assert place.iso3 == "NPL" and "Parsa" in place.reason


def test_generic_region_of_another_country_is_not_placed(nlp):
    # Tanzania has a "Coast" region, but the article is about Kenya's Mombasa
    text = "Hundreds of traders marched in Mombasa [Coast Province] against new market fees."
    found = places(nlp, text)
    assert first(found, "Mombasa").iso3 == "KEN"
    assert not first(found, "Coast Province").resolved
    assert found.country_iso3 == "KEN"


def test_generic_region_is_no_container_of_a_town_elsewhere(nlp):
    text = "Youths clashed with police in Kilifi, Coast region, on Sunday."
    place = first(places(nlp, text), "Kilifi")
    assert place.iso3 == "KEN" and place.admin1 == "Kilifi"


def test_generic_region_alone_places_nothing(nlp):
    # neither the village nor the zone is known, and "Far-Western" is no country's region in particular
    text = "Youths blocked a checkpoint near Dhungrikhola village (Setikhola, Far-Western) on Friday."
    place = first(places(nlp, text), "Dhungrikhola village")
    assert not place.resolved


def test_generic_region_of_the_article_country_still_places(nlp):
    # the Ugandan reading stays where the text says Uganda
    text = "Police dispersed traders in Nkokonjeru village (Kibwatu, Central Region) in Uganda."
    place = first(places(nlp, text), "Nkokonjeru")
    assert place.iso3 == "UGA" and place.admin1 == "Central"


def test_named_region_with_unit_word_keeps_its_country(nlp):
    text = "Separatists attacked a checkpoint in Bamenda, North West Region."
    place = first(places(nlp, text), "Bamenda")
    assert place.iso3 == "CMR"


def test_district_outside_a_generic_region_still_stands(nlp):
    # Sarlahi is a Nepali district; "Central" (a word many countries' regions bear) does not move it to Uganda
    place = first(places(nlp, "Traders protested in Bhediyahi (Sarlahi, Central)."), "Bhediyahi")
    assert place.iso3 == "NPL" and "Sarlahi" in place.reason


def test_real_region_of_the_district_keeps_the_town_precise(nlp):
    # Cameroon's region is called Centre, and Mfoundi lies in it: the town keeps its own precision
    text = "Health workers demonstrated in Yaounde city (Mfoundi, Centre) to demand better pay."
    place = first(places(nlp, text), "Yaounde")
    assert place.iso3 == "CMR" and place.geo_precision == 1
