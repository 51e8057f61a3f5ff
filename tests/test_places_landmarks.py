"""The hand-written landmarks table (lexicon/landmarks.json): every entry is placed, and its example is coded
to the entry's town; sites outside the table fall back to the town named with them."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsevents.extract.places import landmarks
from newsevents.gazetteer import get_gazetteer, normalize
from newsevents.nlp import load
from place_helpers import places

ENTRIES = json.loads(resources.files("newsevents.lexicon").joinpath("landmarks.json").read_text("utf-8"))["landmarks"]


def test_table_entries_are_complete():
    for entry in ENTRIES:
        assert entry["source"] and entry["example"] and entry["kind"], entry["name"]
        assert entry["precision"] in (1, 2), entry["name"]
        assert len(entry["iso3"]) == 3 and entry["iso3"].isupper(), entry["name"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e['name']}-{e['iso3']}")
def test_each_town_is_in_the_gazetteer(entry):
    towns = [c for c in get_gazetteer().candidates(entry["town"]) if c.kind == "city" and c.iso3 == entry["iso3"]]
    assert towns, f"{entry['town']} ({entry['iso3']}) is not a town the gazetteer knows"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e['name']}-{e['iso3']}")
def test_each_example_is_coded_to_its_town(nlp, entry):
    found = places(nlp, entry["example"])
    sites = [m.place for m in found.mentions if m.place.reason.startswith("landmark ")]
    assert sites, f"no landmark found in {entry['example']!r}"
    place = sites[0]
    if len(landmarks()[normalize(entry["name"])]) == 1:  # shared names are decided by context, tested below
        town = max((c for c in get_gazetteer().candidates(entry["town"]) if c.kind == "city" and c.iso3 == entry["iso3"]),
                   key=lambda c: c.population)
        assert (place.iso3, place.lat, place.lon) == (entry["iso3"], town.lat, town.lon)
        assert place.geo_precision == entry["precision"]
    assert place.span is not None and entry["example"][place.span.start:place.span.end] == place.text


def test_tahrir_square_baghdad_or_cairo_by_country():
    nlp = load()
    iraq = next(m.place for m in places(nlp, "Iraqi protesters camped in Tahrir Square.").mentions)
    egypt = next(m.place for m in places(nlp, "Egyptian police dispersed a rally in Tahrir Square.").mentions)
    assert (iraq.iso3, iraq.name, iraq.geo_precision) == ("IRQ", "Baghdad", 1)
    assert (egypt.iso3, egypt.name) == ("EGY", "Cairo")
    assert "country context EGY" in egypt.reason


def test_container_town_overrides_the_table(nlp):
    found = places(nlp, "Libyan protesters gathered at Martyrs' Square in Tripoli.")
    square = next(m.place for m in found.mentions if m.place.text == "Martyrs' Square")
    assert square.iso3 == "LBY" and square.name == "Tripoli"


def test_site_not_in_table_falls_back_to_its_town(nlp):
    found = places(nlp, "Protesters gathered in Freedom Square in Basra on Friday.")
    square = next(m.place for m in found.mentions if m.place.text == "Freedom Square")
    assert square.resolved and square.iso3 == "IRQ" and square.name == "Basrah"
    assert square.geo_precision == 1 and "coded to Basra" in square.reason
    assert found.best_for(0, 0).place.lat == pytest.approx(30.5085, abs=0.01)


def test_lower_case_words_are_not_landmarks(nlp):
    found = places(nlp, "Rebels said the green zone around Kidal was calm.")
    assert not any(m.place.reason.startswith("landmark ") for m in found.mentions)


def test_party_office_in_a_town_is_coded_to_the_town(nlp):
    text = "Youths set fire to the Awami League office in Kalmakanda town (Netrakona, Mymensingh)."
    found = places(nlp, text)
    place = found.best_for(0, text.index("fire"))
    assert place is not None and place.place.iso3 == "BGD" and place.place.admin1 == "Mymensingh"
