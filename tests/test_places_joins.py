"""Names joined by a hyphen or a unit word, other names of admin units (lexicon/places_admin1.json "_aliases"),
containers that are bare district names, and what is not a container (a list, an organisation's acronym)."""

from __future__ import annotations

from place_helpers import first, places

from newsevents.gazetteer import distance_km, get_gazetteer


def km(place, lat: float, lon: float) -> float:
    return distance_km(place.lat, place.lon, lat, lon)


# -- names joined by a hyphen -------------------------------------------------------------------------------


def test_doubled_word_is_one_name_and_the_chain_reaches_the_province(nlp):
    text = "Two soldiers were killed in a shootout in Barangay Zzubig-zzubig, Zzanta-Zzanta, Tawi-Tawi on 3 May."
    place = first(places(nlp, text), "Barangay Zzubig-zzubig")
    assert place.iso3 == "PHL" and place.admin1 == "Bangsamoro Autonomous Region in Muslim Mindanao"
    assert place.geo_precision == 2


def test_lower_case_part_of_a_known_name_is_kept(nlp):
    place = first(places(nlp, "Soldiers clashed with KNU fighters in Hpa-an township, Karen State."), "Hpa-an")
    assert place.iso3 == "MMR" and place.admin1 == "Kayin"


def test_english_compound_is_not_a_name(nlp):
    found = places(nlp, "A Kabul-based group and Iraq-led forces met in Basra on 2 May.")
    assert not any("-" in m.place.text for m in found.mentions)


# -- other names of admin units --------------------------------------------------------------------------


def test_english_state_names_of_myanmar(nlp):
    gaz = get_gazetteer()
    assert [c.admin1 for c in gaz.candidates("Karen State")] == ["Kayin"]
    assert [c.admin1 for c in gaz.candidates("Karenni State")] == ["Kayah"]
    assert gaz.candidates("Karen") == []  # a people's name alone is not the state


def test_state_named_with_its_unit_word_after_the_name(nlp):
    # the parser may leave the unit word out of the name ("Karen" + "State"): the name is looked up with it
    for text in ("On 2 May 2021, the army shelled villages in Karen State.",
                 "Soldiers clashed with KNU fighters in Hpa-an township, Karen State."):
        place = next(m.place for m in places(nlp, text).mentions if m.place.text.startswith("Karen"))
        assert place.iso3 == "MMR" and place.admin1 == "Kayin" and place.geo_precision == 3, text


def test_maguindanao_before_its_split_is_in_bangsamoro(nlp):
    text = "On 3 May 2021, gunmen attacked Zzatu Ampa town, Maguindanao."
    place = first(places(nlp, text), "Zzatu Ampa")
    assert place.iso3 == "PHL" and place.admin1 == "Bangsamoro Autonomous Region in Muslim Mindanao"


def test_north_cotabato_is_cotabato_province(nlp):
    assert [c.admin1 for c in get_gazetteer().candidates("North Cotabato")] == ["Soccsksargen"]


def test_demonym_inside_a_name_is_no_country_evidence(nlp):
    # "Saudi" in "Datu Saudi" does not make the story Saudi Arabian
    text = "On 3 May 2021, gunmen attacked Datu Saudi town, Maguindanao."
    place = first(places(nlp, text), "Datu Saudi")
    assert place.iso3 == "PHL" and place.admin1 == "Bangsamoro Autonomous Region in Muslim Mindanao"


# -- notes and containers --------------------------------------------------------------------------------------


def test_note_after_a_locality_word(nlp):
    text = "On 3 May 2021, party members rallied in Zzillur More locality (Bagmara upazila, Rajshahi)."
    place = first(places(nlp, text), "Zzillur More")
    assert place.iso3 == "BGD" and place.admin1 == "Rajshahi"


def test_bare_district_name_contains_the_town_before_it(nlp):
    # only a district is called Nuwakot: "X, Nuwakot" is in that district's province, not a homonym abroad
    place = first(places(nlp, "On 20 Feb, militants set off a bomb in Bidur, Nuwakot."), "Bidur")
    assert place.iso3 == "NPL" and place.admin1 == "Central" and place.geo_precision == 2


def test_list_of_villages_is_not_a_chain(nlp):
    text = "On 6 October, militiamen looted houses in the villages of Zzamblo, Zzangulu, Kyela and Zzyalo."
    found = places(nlp, text)
    assert not any("coded to Kyela" in m.place.reason for m in found.mentions)


def test_acronym_after_a_province_is_not_a_unit(nlp):
    text = "On 30 Sept 2018, at Zzung Noi Bum in Muse township, Shan State, KIA's 36th Battalion clashed with the army."
    place = first(places(nlp, text), "Zzung Noi Bum")
    assert place.iso3 == "MMR" and place.admin1 == "Shan"


def test_spelling_variant_outside_the_named_city_is_the_city(nlp):
    # no Tondo in the gazetteer; "Tondod" of Nueva Ecija is a spelling variant 100 km away from Manila
    place = first(places(nlp, "A suspect was killed in a police raid at Tondo, Manila on May 24, 2019."), "Tondo")
    assert place.admin1 == "National Capital Region" and km(place, 14.60, 120.98) < 10


def test_unknown_town_in_a_second_level_province_is_placed_at_the_province(nlp):
    # Philippine provinces are second-level units: the province's seat is nearer than its region's
    text = "Rebels abducted a civilian at Zzongabong town, Oriental Mindoro province, on 2 April 2021."
    place = first(places(nlp, text), "Zzongabong")
    assert place.admin1 == "Mimaropa Region" and place.geo_precision == 2 and "admin2" in place.reason
    assert km(place, 13.41, 121.18) < 30


def test_area_surrounding_a_town_is_near_it(nlp):
    text = "Fighting between the army and the ADF continues in the area surrounding Beni."
    place = first(places(nlp, text), "Beni")
    assert place.iso3 == "COD" and place.admin1 == "Nord-Kivu" and place.geo_precision == 2


def test_note_after_a_natural_feature(nlp):
    # "X valley (A2, A1)", "X forest (A2, A1)": the feature word stands between the name and the coder's note
    text = "On 3 May 2021, IS fighters arrived in two villages near the Zzalade valley (Bossaso, Bari)."
    place = first(places(nlp, text), "Zzalade")
    assert place.iso3 == "SOM" and place.admin1 == "Bari" and place.geo_precision == 2
    place = first(places(nlp, "Troops raided a camp in Zzambisa forest (Gwoza, Borno)."), "Zzambisa")
    assert place.iso3 == "NGA" and place.admin1 == "Borno"


def test_place_of_the_next_sentence_beats_a_country_used_as_a_modifier(nlp):
    # "the Myanmar army" says whose army, not where; the sentence cut at "no." leaves the township in the next one
    text = "The Myanmar army engaged KIA troops near Zzuzana site no. 33 in Tanai Township on Jan 20."
    found = places(nlp, text)
    mention = found.best_for(0, text.index("engaged"))
    assert mention is not None and mention.place.admin1 == "Kachin"


def test_country_named_as_the_place_still_counts(nlp):
    text = "Protesters marched in Iraq on 2 May. Police arrested ten in Basra the next day."
    mention = places(nlp, text).best_for(0, text.index("marched"))
    assert mention is not None and mention.place.iso3 == "IRQ" and mention.place.geo_precision is None


def test_road_connecting_two_towns_is_near_the_first(nlp):
    text = "On 24 July 2021, militants hit an aid vehicle on the road connecting Monguno and Zzajiram in Borno state."
    place = first(places(nlp, text), "Monguno")
    assert place.admin1 == "Borno" and place.geo_precision == 2 and place.reason.startswith("near")


def test_every_alias_has_a_source_and_names_known_units():
    import json
    from importlib import resources

    table = json.loads(resources.files("newsevents.lexicon").joinpath("places_admin1.json").read_text("utf-8"))
    gaz = get_gazetteer()
    for entry in table["_aliases"]:
        assert "e.g." in entry["source"], entry["name"]
        assert entry["codes"] and all(gaz.admin_name(code) for code in entry["codes"]), entry["name"]
