"""Relative places, chains of units, parts of towns and unplaceable names, coded as ACLED's geo_precision rule
says: 1 a town (or a district of a city), 2 near a town or a small area coded to the town that represents it,
3 only a larger region, coded to its capital."""

from __future__ import annotations

import pytest

from newsevents.gazetteer import distance_km
from place_helpers import first, places


def best(nlp, text: str, trigger: str):
    found = places(nlp, text)
    mention = found.best_for(0, text.index(trigger))
    assert mention is not None, text
    return mention.place


def km(place, lat: float, lon: float) -> float:
    assert place.lat is not None, place
    return distance_km(place.lat, place.lon, lat, lon)


# -- relative places -------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["near Beni", "on the outskirts of Beni", "20 km north of Beni",
                                    "in the vicinity of Beni"])
def test_relative_to_a_town_is_precision_2_at_the_town(nlp, phrase):
    place = best(nlp, f"ADF militants attacked a village {phrase} on Monday.", "attacked")
    assert place.geo_precision == 2 and place.iso3 == "COD" and place.admin1 == "Nord-Kivu"
    assert km(place, 0.49, 29.47) < 5 and place.reason.startswith("near Beni")


def test_road_between_two_towns_is_precision_2_at_one_end(nlp):
    found = places(nlp, "Boko Haram ambushed a convoy on the road between Maiduguri and Damboa.")
    ends = [first(found, "Maiduguri"), first(found, "Damboa")]
    assert all(p.geo_precision == 2 and p.admin1 == "Borno" for p in ends)
    assert found.best_for(0, 0).place.geo_precision == 2


def test_lga_then_state_codes_the_lga_town(nlp):
    # A district or LGA named as such is a general area: its namesake town represents it, precision 2.
    place = first(places(nlp, "Boko Haram attacked soldiers in Gwoza LGA, Borno State."), "Gwoza LGA")
    assert place.admin1 == "Borno" and place.geo_precision == 2 and km(place, 11.08, 13.70) < 5
    assert "namesake town" in place.reason


def test_district_town_and_bare_district_name_are_the_town(nlp):
    town = first(places(nlp, "Members staged a protest in Kurigram district town (Kurigram Sadar, Rangpur)."),
                 "Kurigram")
    assert town.admin1 == "Rangpur"
    bare = first(places(nlp, "Somali forces clashed with Al Shabaab in Bulo Burto on Monday."), "Bulo Burto")
    assert bare.geo_precision == 1 and bare.admin1 == "Hiraan" and km(bare, 3.85, 45.57) < 5


def test_area_of_a_town_is_precision_2(nlp):
    place = first(places(nlp, "Fighting continued in the Beni area on Monday."), "Beni")
    assert place.geo_precision == 2 and place.reason.startswith("area of Beni")


def test_district_without_coordinates_falls_back_to_its_province_at_precision_2(nlp):
    # a district is a general area (ACLED 2) even where we can only place it at its province's seat
    place = first(places(nlp, "Taliban fighters attacked a checkpoint in Baharak district, Takhar province."),
                  "Baharak")
    assert place.admin1 == "Takhar" and place.geo_precision == 2 and "has no coordinates" in place.reason


def test_township_is_coded_to_its_namesake_town_not_the_region(nlp):
    text = "On 9 December 2019, in Tanintharyi Township, in Tanintharyi Region, a mass rally was held."
    place = best(nlp, text, "rally")
    assert place.geo_precision == 2 and place.admin1 == "Tanintharyi"
    assert km(place, 12.09, 99.01) < 5 and "namesake town" in place.reason


def test_province_alone_is_precision_3(nlp):
    place = best(nlp, "Fighting in North Kivu displaced thousands.", "Fighting")
    assert place.geo_precision == 3 and place.admin1 == "Nord-Kivu"


# -- parts of towns and sites -----------------------------------------------------------------------


def test_district_of_a_large_city_is_the_city_at_precision_1(nlp):
    place = best(nlp, "Gunmen attacked a checkpoint in the Karrada district of Baghdad.", "attacked")
    assert place.geo_precision == 1 and place.iso3 == "IRQ" and place.name == "Baghdad - Karrada"
    assert km(place, 33.34, 44.40) < 10


def test_neighbourhood_of_a_town_is_not_a_far_spelling_variant(nlp):
    place = best(nlp, "A protest took place in the Virunga neighbourhood of Goma.", "protest")
    assert place.geo_precision == 1 and place.admin1 == "Nord-Kivu" and km(place, -1.67, 29.23) < 5


# -- chains of names and unknown names with a known container ---------------------------------------


def test_barangay_town_province_chain_codes_the_town(nlp):
    text = "NPA rebels attacked a patrol base in Barangay Sandayaw, Guihulngan, Negros Oriental."
    found = places(nlp, text)
    barangay = first(found, "Barangay Sandayaw")
    # a barangay is a part of its municipality: the town, precision 1, like a district of a city
    assert barangay.resolved and barangay.geo_precision == 1 and "coded to Guihulngan" in barangay.reason
    assert barangay.name.endswith(" - Sandayaw")
    assert found.best_for(0, text.index("attacked")).place is barangay
    assert first(found, "Guihulngan").geo_precision == 1 and km(barangay, 10.12, 123.27) < 5


def test_barangay_chain_does_not_jump_to_the_province_capital(nlp):
    text = "The NPA and the military engaged in a firefight in Barangay De Vera, Donsol, Sorsogon."
    place = best(nlp, text, "firefight")
    assert place.text == "Barangay De Vera" and place.name == "Donsol - De Vera" and place.geo_precision == 1
    assert "coded to Donsol" in place.reason
    assert place.iso3 == "PHL" and km(place, 12.91, 123.59) < 5  # Donsol, not Sorsogon City 40 km away


def test_chain_keeps_the_village_near_its_regency(nlp):
    text = ("Protesters rallied against a temple in Sukahurip village, Sukatani district, Bekasi regency, "
            "West Java province.")
    place = best(nlp, text, "rallied")
    assert place.admin1 == "West Java" and km(place, -6.24, 107.0) < 30  # not the Sukahurip 180 km away


def test_unknown_village_before_a_known_town_uses_the_town(nlp):
    place = first(places(nlp, "Turkish forces shelled Qabr al Kabir in al-Hasakeh using artillery."),
                  "Qabr al Kabir")
    assert place.resolved and place.iso3 == "SYR" and km(place, 36.50, 40.75) < 10
    assert place.reason.startswith("not in gazetteer")


def test_unknown_village_in_admin2_note_is_coded_to_the_district_town(nlp):
    place = first(places(nlp, "Puntland forces clashed with ISS in Balade village (Bossaso, Bari)."), "Balade")
    assert place.geo_precision == 2 and place.admin1 == "Bari" and km(place, 11.28, 49.18) < 5
    assert "coded to admin2 Bossaso" in place.reason


def test_district_named_bare_is_its_namesake_town(nlp):
    text = "Government forces clashed with Al Shabaab in Bulo Burto town (Bulo Burto, Hiraan)."
    place = first(places(nlp, text), "Bulo Burto")
    assert place.admin1 == "Hiraan" and km(place, 3.85, 45.57) < 5


# -- which mention is the event's place --------------------------------------------------------------


def test_locative_place_beats_a_name_used_as_modifier(nlp):
    text = ("On 3 Oct, in Attariya (Kailali, Seti), local youths set national daily newspapers of Kantipur, "
            "Nagarik and Annapurna Post on fire.")
    place = best(nlp, text, "fire")
    assert place.text == "Attariya" and place.admin1 == "Far-Western"


def test_topic_of_a_protest_is_not_its_place(nlp):
    text = ("Members staged a protest in Kurigram district town (Kurigram Sadar, Rangpur), condemning Israel "
            "military aggression on Gaza.")
    place = best(nlp, text, "protest")
    assert place.iso3 == "BGD" and place.admin1 == "Rangpur"


def test_person_named_by_origin_is_not_a_place(nlp):
    found = places(nlp, "Police beat a Papuan in Wamena town (Jayawijaya regency, Papua province).")
    assert [m.place.text for m in found.mentions] == ["Wamena"]
    assert first(found, "Wamena").geo_precision == 1  # in Jayawijaya, though GeoNames puts it in a new province


def test_split_admin1_name_is_read_whole(nlp):
    found = places(nlp, "On 30 April 2020, in Tijuana, Baja California, a woman was found dead.")
    assert first(found, "Baja California").iso3 == "MEX" and first(found, "Tijuana").iso3 == "MEX"


def test_santa_barbara_in_iloilo_is_in_the_philippines(nlp):
    place = first(places(nlp, "NPA rebels ambushed soldiers in Santa Barbara, Iloilo."), "Santa Barbara")
    assert place.iso3 == "PHL" and place.geo_precision == 1


# -- what cannot be placed is reported --------------------------------------------------------------


def test_unknown_place_alone_is_reported_not_dropped(nlp):
    text = "On 9 October, in Zzyzxqova, youths protested in front of the ANR office."
    mention = places(nlp, text).best_for(0, text.index("protested"))
    assert mention is not None and not mention.place.resolved
    assert mention.place.reason == "not in gazetteer" and mention.place.lat is None
    assert mention.span.start == text.index("Zzyzxqova")


def test_coded_as_note_is_read_as_the_town(nlp):
    text = "Supporters assaulted rivals in Kalmakanda upazila (coded as Netrakona, Mymensingh)."
    place = first(places(nlp, text), "Kalmakanda")
    assert place.admin1 == "Mymensingh" and km(place, 24.88, 90.73) < 5


def test_village_in_a_district_is_coded_to_the_district_town_at_precision_2(nlp):
    # The villages are the event's place (the LGA only contains them), placed at the LGA's town.
    text = "Gunmen killed a school proprietor in Danacha village in Gassol LGA, Taraba."
    place = best(nlp, text, "killed")
    assert place.text == "Danacha village" and place.geo_precision == 2 and place.admin1 == "Taraba"
    assert "coded to Gassol" in place.reason


def test_unknown_village_in_a_territory_is_coded_to_the_territory_town(nlp):
    place = best(nlp, "Three people were killed in an incursion of presumed ADF in Mbau in the Beni territory.",
                 "killed")
    assert place.text == "Mbau" and place.geo_precision == 2 and place.admin1 == "Nord-Kivu"
    assert km(place, 0.49, 29.47) < 5 and "coded to Beni" in place.reason


def test_city_dash_district_is_the_city_district(nlp):
    place = best(nlp, "Members staged a protest rally at Dhaka - Paltan (Paltan), demanding elections.", "protest")
    assert place.name == "Dhaka - Paltan" and place.geo_precision == 1 and place.admin1 == "Dhaka"
    assert km(place, 23.73, 90.41) < 5


def test_coder_note_names_the_town_used(nlp):
    text = "Troops took over Njarwa village in Lake Chad area (no location found, coded as Kukawa) from ISWAP."
    place = best(nlp, text, "took")
    assert place.admin1 == "Borno" and place.geo_precision == 2 and "the note's own coding" in place.reason
    assert km(place, 12.92, 13.57) < 5


def test_named_organisation_base_is_not_the_place(nlp):
    text = "In Mahaaungmyay Township, in Mandalay Region, Mandalay based organizations held a rally."
    found = places(nlp, text)
    assert all(m.place.text != "Mandalay" for m in found.mentions)


def test_place_with_its_own_note_beats_a_destination(nlp):
    text = ("Al Shabaab organized a protest in Kurtunwaarey town (Kurtunwaarey, Lower Shabelle) against the visit "
            "of Israel's officials to Hargeysa last week.")
    place = best(nlp, text, "protest")
    assert place.text == "Kurtunwaarey" and place.admin1 == "Lower Shabelle"


def test_coder_note_precision_is_taken_as_told(nlp):
    text = "On 7 September 2017, in Yathetaun town (code for Sittwe gp3), Rakhine state, locals protested."
    place = best(nlp, text, "protested")
    assert place.name == "Sittwe" and place.geo_precision == 3 and "the note's own coding" in place.reason


def test_landmark_inside_a_named_county_keeps_its_town(nlp):
    place = best(nlp, "Four people were injured in a grenade attack in the Ifo refugee camp in Garissa.", "attack")
    assert place.name == "Dadaab" and place.reason.startswith("landmark Ifo")
