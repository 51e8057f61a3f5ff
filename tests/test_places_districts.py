"""Districts of large cities (lexicon/places_city_districts.json): coded to the city at precision 1 as
"City - District", only where the article points to that city or its country."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsevents.gazetteer import get_gazetteer
from place_helpers import places

CITIES = json.loads(resources.files("newsevents.lexicon").joinpath("places_city_districts.json")
                    .read_text("utf-8"))["cities"]


@pytest.mark.parametrize("city", CITIES, ids=lambda c: c["city"])
def test_each_city_example_is_coded_to_the_city(nlp, city):
    assert city["source"] and city["districts"]
    town = max((c for c in get_gazetteer().candidates(city["city"]) if c.kind == "city" and c.iso3 == city["iso3"]),
               key=lambda c: c.population)
    place = places(nlp, city["example"]).best_for(0, 0).place
    assert (place.iso3, place.lat, place.lon, place.geo_precision) == (city["iso3"], town.lat, town.lon, 1)
    assert place.name.startswith(f"{town.name} - ") and place.reason.startswith("district ")


def test_district_name_of_another_country_is_left_to_the_gazetteer(nlp):
    # Gombe is a Kinshasa commune and a Nigerian city: a Nigerian story means the city.
    place = places(nlp, "In Gombe, Boko Haram attacked a Nigerian army base.").best_for(0, 0).place
    assert place.iso3 == "NGA" and place.name == "Gombe"


def test_district_name_found_elsewhere_in_the_country_needs_the_city_named(nlp):
    # There is a Majengo in Vihiga county too: "Majengo" alone is not taken as Nairobi's.
    alone = places(nlp, "Kenyan police shot a man in Majengo.").best_for(0, 0).place
    assert not alone.reason.startswith("district ")
    named = places(nlp, "Kenyan police shot a man in Majengo, a Nairobi slum.").best_for(0, 0).place
    assert named.name == "Nairobi - Majengo" and named.reason == "district Majengo of Nairobi"


def test_city_district_without_country_evidence_is_not_guessed(nlp):
    # Gombe is a Kinshasa commune and a Nigerian town: with no country named it is not read as the commune
    found = places(nlp, "Youths burned tyres in Gombe on Monday.")
    assert not any(m.place.reason.startswith("district ") for m in found.mentions)


def test_city_district_named_nowhere_else_is_its_city_even_without_country(nlp):
    # Limete is one Kinshasa commune and no place of the gazetteer: the name alone places it
    found = places(nlp, "Youths burned tyres in Limete on Monday.")
    place = next(m.place for m in found.mentions if m.place.text == "Limete")
    assert (place.iso3, place.admin1, place.geo_precision) == ("COD", "Kinshasa", 1)
