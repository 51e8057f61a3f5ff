"""Names followed by the places that contain them ("X, Town, Province"): which container places the name, in
which country, and when a name inside a town is a part of it (precision 1) rather than a village near it (2).
The inner names are invented ("Zz..."), so only the containers can place them."""

from __future__ import annotations

from place_helpers import first, places


# -- the container's own province -----------------------------------------------------------------------------


def test_town_in_the_named_province_though_far_from_its_seat(nlp):
    text = "Soldiers clashed with NPA fighters in Barangay Zzabongan, Taytay, Palawan. Nobody was hurt."
    place = first(places(nlp, text), "Barangay Zzabongan")
    assert place.admin1 == "Mimaropa Region" and place.geo_precision == 1
    assert place.name == "Taytay - Zzabongan"


def test_container_province_in_the_story_country(nlp):
    text = "On 11 May, in Barangay Zzelpilar, San Mariano, Isabela, unidentified assailants shot a farmer."
    place = first(places(nlp, text), "Barangay Zzelpilar")
    assert place.iso3 == "PHL" and place.admin1 == "Cagayan Valley"


def test_container_known_only_abroad_names_no_province(nlp):
    text = "Myanmar Army troops and KIA fighters clashed at Zzuhka village, Mansi township on Jan 31."
    place = first(places(nlp, text), "Zzuhka")
    assert place.iso3 != "USA"


def test_named_province_stays_when_only_a_group_hints_at_another_country(nlp):
    text = "A bomb planted by suspected Al Shabaab fighters exploded in Zzunga, Lamu on Tuesday."
    place = first(places(nlp, text), "Zzunga")
    assert place.iso3 == "KEN" and place.admin1 == "Lamu"


def test_district_container_places_a_town_in_it(nlp):
    place = first(places(nlp, "On 7 May, in Piat, Cagayan, gunmen ambushed a car."), "Piat")
    assert place.admin1 == "Cagayan Valley" and place.geo_precision == 1


# -- names the parser cut or missed ----------------------------------------------------------------------------


def test_whole_known_name_replaces_the_part_the_parser_took(nlp):
    found = places(nlp, "Nurses protested in Akwa Ibom State over unpaid wages.")
    assert [m.place.admin1 for m in found.mentions] == ["Akwa Ibom"]


def test_barangay_names_its_town_after_it(nlp):
    place = first(places(nlp, "A vendor was shot dead in Barangay Zzaclaran, Paranaque on Monday."),
                  "Barangay Zzaclaran")
    assert place.admin1 == "National Capital Region" and place.geo_precision == 1


def test_barangay_with_a_note_is_placed_at_its_town(nlp):
    text = "A body was found in a ravine in Barangay Zzan-Awan, Kabankalan (Negros Occidental, Western Visayas)."
    place = first(places(nlp, text), "Barangay Zzan-Awan")
    assert place.admin1 == "Western Visayas" and place.geo_precision == 1
    assert place.name.startswith("Kabankalan")


# -- parts of towns ----------------------------------------------------------------------------------------------


def test_namesake_across_a_provincial_border_is_not_the_place(nlp):
    # GeoNames has a Sampaloc in Rizal, 35 km east of Manila: the Sampaloc of this sentence is Manila's.
    place = first(places(nlp, "Gunmen shot a man in Barangay 484, Sampaloc, Manila."), "Sampaloc")
    assert place.admin1 == "National Capital Region" and place.name == "Manila - Sampaloc"


def test_unknown_name_in_a_large_city_is_a_part_of_it(nlp):
    place = first(places(nlp, "Police raided a drug den at Zzondo, Manila on 24 May."), "Zzondo")
    assert place.geo_precision == 1 and place.name == "Manila - Zzondo"
    place = first(places(nlp, "Cult groups clashed in Zzugbowo district, Benin City, on Friday."), "Zzugbowo")
    assert place.admin1 == "Edo" and place.geo_precision == 1


def test_village_written_beside_a_small_town_stays_near_it(nlp):
    place = first(places(nlp, "Gunmen abducted a man in Zzalikiri village, Beni."), "Zzalikiri")
    assert place.geo_precision == 2


def test_quarter_of_a_town_we_lack_is_not_put_in_another_town(nlp):
    text = ("On 27 June, in Zzaungwa quarter, Rathedaung Town, Rathedaung Township, Sittwe District, Rakhine State, "
            "soldiers shelled a house.")
    place = first(places(nlp, text), "Zzaungwa")
    assert place.admin1 == "Rakhine" and place.geo_precision == 2


# -- provinces that split after the story -------------------------------------------------------------------------


def test_province_split_later_is_named_as_it_was_then(nlp):
    import datetime as dt

    from newsevents.extract.places import find_places
    from newsevents.records import Article

    text = "Students rioted in Wamena and Sorong on Monday."
    before = find_places(nlp(text), Article(id="t", text=text, published=dt.date(2019, 9, 23)))
    assert [m.place.admin1 for m in before.mentions] == ["Papua", "West Papua"]
    after = find_places(nlp(text), Article(id="t", text=text, published=dt.date(2023, 1, 10)))
    assert "Papua" not in [m.place.admin1 for m in after.mentions]


def test_every_split_has_a_source_and_names_known_units():
    import json
    from importlib import resources

    from newsevents.gazetteer import get_gazetteer

    table = json.loads(resources.files("newsevents.lexicon").joinpath("places_admin1.json").read_text("utf-8"))
    gaz = get_gazetteer()
    for entry in table["_splits"]:
        assert "e.g." in entry["source"] and entry["until"][:2] == "20"
        assert gaz.admin_name(entry["former"]) and all(gaz.admin_name(code) for code in entry["codes"])
