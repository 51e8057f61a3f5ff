"""Admin1 from chains, notes and homonyms, ACLED-style admin1 names (lexicon/places_admin1.json), and the
precision of a place we can only code to its province's seat. Sentences written for these tests."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from newsevents.gazetteer import get_gazetteer
from newsevents.scoring import same_admin1
from place_helpers import first, places


# -- admin1 names as English-language sources and conflict datasets write them ----------------------


def test_every_admin1_name_has_a_source_and_example():
    table = json.loads(resources.files("newsevents.lexicon").joinpath("places_admin1.json").read_text("utf-8"))
    sources = table["_sources"]
    for code in (k for k in table if not k.startswith("_")):
        if code in sources:
            assert "e.g." in sources[code], code


@pytest.mark.parametrize("code,name", [("SY.12", "Idleb"), ("MZ.11", "Maputo City"), ("ID.40", "Riau Islands"),
                                       ("BY.06", "Mogilev"), ("HR.04", "Istria"), ("VE.26", "Vargas"),
                                       ("CL.12", "Metropolitana"), ("BR.07", "Distrito Federal"),
                                       ("LY.81", "Aljfara"), ("LY.82", "Almargeb"), ("AZ.18", "Fizuli"),
                                       ("LB.09", "North"), ("AF.19", "Nimruz")])
def test_admin1_label_is_the_english_name(code, name):
    assert same_admin1(name, get_gazetteer().admin1_label(code))


def test_libyan_town_takes_the_libyan_district_name(nlp):
    place = first(places(nlp, "On 3 May 2020, armed groups clashed in Janzur, west of Tripoli, Libya."), "Janzur")
    assert place.iso3 == "LBY" and place.admin1 == "Aljfara"


def test_town_takes_the_english_admin1_name(nlp):
    place = first(places(nlp, "On 2 May 2021, about 30 workers protested in Mogilev over unpaid wages."), "Mogilev")
    assert place.iso3 == "BLR" and place.admin1 == "Mogilev"


# -- chains with an unknown middle part -----------------------------------------------------------------


def test_unknown_town_in_chain_keeps_the_province(nlp):
    # "Kapai town" is unknown to the gazetteer; its unit word vouches for it, so the chain reaches the province
    text = "A farmer was shot dead at Barangay Malna, Kapai town, Lanao del Sur province on 3 March 2021."
    place = first(places(nlp, text), "Barangay Malna")
    assert place.iso3 == "PHL" and place.admin1 == "Bangsamoro Autonomous Region in Muslim Mindanao"
    assert place.geo_precision == 2


def test_province_name_with_a_connector_is_read_whole(nlp):
    text = "Soldiers clashed with gunmen in Marawi, Lanao del Sur province, on 4 June 2021."
    found = places(nlp, text)
    assert not any(m.place.text == "Sur" for m in found.mentions)


def test_unknown_district_before_its_province(nlp):
    text = "On 6 May 2021, an airstrike killed ten fighters in Zorabad district, Balkh."
    place = first(places(nlp, text), "Zorabad")
    assert place.admin1 == "Balkh" and place.geo_precision == 2


# -- names of areas and joint names ------------------------------------------------------------------------


def test_compass_area_is_the_area_of_its_unit(nlp):
    place = first(places(nlp, "On 2 June 2021, in Isiolo South, herders clashed over grazing land."), "Isiolo South")
    assert place.admin1 == "Isiolo" and place.geo_precision == 2 and "area of" in place.reason


def test_sadar_upazila_is_the_area_of_its_district_town(nlp):
    text = "Students blocked a highway in Rampur village, Dinajpur Sadar, on 4 July 2021."
    place = first(places(nlp, text), "Dinajpur Sadar")
    assert place.iso3 == "BGD" and place.admin1 == "Rangpur" and place.geo_precision == 2


def test_slash_joined_lga_is_one_name(nlp):
    text = "On 5 May 2021, gunmen attacked Lassa community (Askira/Uba LGA, Borno), killing two."
    found = places(nlp, text)
    assert not any(m.place.text == "Uba" for m in found.mentions)
    lassa = first(found, "Lassa")
    assert lassa.admin1 == "Borno"


def test_supporters_of_a_party_are_not_a_place(nlp):
    text = "A car drove into Jubilee supporters in Nakuru county on 9 August 2021."
    found = places(nlp, text)
    assert [m.place.text for m in found.mentions] == ["Nakuru"]


# -- homonyms ----------------------------------------------------------------------------------------------


def test_container_named_after_a_large_town_is_the_town(nlp):
    # Beni town (Congo) is larger than the seat of Bolivia's El Beni: "X, Beni" is near Beni town
    text = "Gunmen abducted three farmers from Mabasele, Beni, on 3 March 2021."
    place = first(places(nlp, text), "Mabasele")
    assert place.iso3 == "COD" and place.admin1 == "Nord-Kivu"


def test_province_of_one_country_sets_the_context(nlp):
    # an admin1 name of a single country ("Cabo Delgado") counts as much as one marked "province"
    text = "Insurgents burnt houses in Mocimboa da Praia. The army later sent troops across Cabo Delgado."
    place = first(places(nlp, text), "Mocimboa da Praia")
    assert place.iso3 == "MOZ"


def test_known_town_outweighs_a_wrong_province_in_the_note(nlp):
    text = "On 3 April 2021, hundreds of workers protested in Lamongan city, Central Java province, over pay."
    place = first(places(nlp, text), "Lamongan city")
    assert place.admin1 == "East Java" and "though named in Central Java" in place.reason


def test_split_province_is_not_a_wrong_province(nlp):
    # Wamena lies in Papua Pegunungan, split from Papua in 2022: "Papua" in the note is not an error
    text = "On 3 April 2021, students protested in Wamena city, Papua province, against the new law."
    place = first(places(nlp, text), "Wamena")
    assert place.admin1 == "Papua" and "though named" not in place.reason


def test_village_name_does_not_overrule_the_province(nlp):
    text = "On 3 April 2021, villagers protested in Sukamaju village, Jambi province, over land."
    place = first(places(nlp, text), "Sukamaju village")
    assert place.admin1 == "Jambi"


# -- precision at the province's seat ------------------------------------------------------------------------


def test_named_village_coded_to_province_seat_is_precision_2(nlp):
    text = "On 2 May 2021, in Qaryat Zzyx, Lara state, residents blocked a road."
    place = first(places(nlp, text), "Qaryat Zzyx")
    assert place.admin1 == "Lara" and place.geo_precision == 2


def test_province_itself_stays_precision_3(nlp):
    text = "On 2 May 2021, fighting was reported in Lara state."
    place = first(places(nlp, text), "Lara")
    assert place.geo_precision == 3


# -- notes and their parentheses ---------------------------------------------------------------------------


def test_name_stops_at_the_coders_parenthesis(nlp):
    text = "On 3 May 2021, a clerk was beaten in his office at Janakpur city (Dhanusha district, Janakpur)."
    found = places(nlp, text)
    assert not any("(" in m.place.text for m in found.mentions)
    assert first(found, "Janakpur city").iso3 == "NPL"


def test_unit_named_after_a_town_places_an_unknown_village(nlp):
    # "Abuja LGA" is not the LGA's name in the gazetteer, but Abuja is a town it knows; "FCT" is dropped
    text = "On 10 May 2021, residents of Zzakuru (Abuja LGA, FCT) protested over a killing by police."
    place = first(places(nlp, text), "Zzakuru")
    assert place.admin1 == "Federal Capital Territory" and place.geo_precision == 2 and "of its note" in place.reason


def test_note_hint_outside_the_articles_country_is_ignored(nlp):
    # "(North)" names no unit of Myanmar: Rwanda's Northern province is not a candidate
    text = "On 2 March 2021, in Zzaywa township, Yangon (North) district, Yangon, workers went on strike."
    found = places(nlp, text)
    assert all(m.place.iso3 in (None, "MMR") for m in found.mentions)


def test_country_is_not_inside_a_district(nlp):
    text = "Refugees from Somalia and Afghanistan fought in Kalideres district, West Jakarta City, Jakarta province."
    found = places(nlp, text)
    assert first(found, "Afghanistan").geo_precision is None


# -- precision of roads, parts and sub-districts -----------------------------------------------------------------


def test_road_named_after_a_town_is_near_it(nlp):
    text = "On 3 May 2021, gunmen attacked a bus at Damboa road, killing two."
    place = first(places(nlp, text), "Damboa")
    assert place.geo_precision == 2 and place.reason.startswith("near")


def test_road_inside_a_town_is_not_near_a_town(nlp):
    text = "On 3 May 2021, students protested on Jalan Sudirman Road in Pekanbaru city, Riau."
    place = first(places(nlp, text), "Pekanbaru city")
    assert place.geo_precision == 1


def test_various_parts_of_a_town_are_its_area(nlp):
    text = "On 5 May 2021, supporters demonstrated in various parts of Janakpur during the strike."
    place = first(places(nlp, text), "Janakpur")
    assert place.geo_precision == 2 and "area of" in place.reason


def test_district_below_admin2_is_its_town(nlp):
    # an Indonesian kecamatan ("district") below its regency is its town: precision 1
    text = "On 2 March 2021, villagers protested in Bangkinang district, Kampar regency, Riau province."
    place = first(places(nlp, text), "Bangkinang")
    assert place.geo_precision == 1 and "below admin2" in place.reason


def test_admin2_district_stays_precision_2(nlp):
    text = "On 2 March 2021, Taliban attacked a checkpoint in Nad Ali district, Helmand."
    place = first(places(nlp, text), "Nad Ali")
    assert place.geo_precision == 2


# -- long chains of Indonesian and Philippine units -------------------------------------------------------------


def test_sub_district_chain_reaches_the_regency(nlp):
    # neither the kelurahan nor the kecamatan is in the gazetteer; the regency and province are
    text = ("On 2 March 2021, students protested in Zzalak Baru sub-district, Zzohan district, West Aceh Regency, "
            "Aceh province, against the bill.")
    place = first(places(nlp, text), "Zzalak Baru")
    assert place.admin1 == "Aceh" and place.geo_precision == 2


def test_two_word_sub_district_is_a_unit_word(nlp):
    text = ("On 4 April 2021, relatives protested at a hospital in Zzosari sub district, Ujung Pandang district, "
            "Makassar city, South Sulawesi province.")
    place = first(places(nlp, text), "Zzosari")
    assert place.admin1 == "South Sulawesi"


def test_spelling_variant_is_no_province_abroad(nlp):
    # "Indanan" (a Sulu municipality the gazetteer lacks) is not Indiana
    text = "On 24 April 2021, soldiers clashed with militants in Barangay Kagay, Indanan, Sulu."
    found = places(nlp, text)
    assert all(m.place.iso3 in (None, "PHL") for m in found.mentions)
