"""Place names the finder takes from where news and ACLED notes put them: the object of a verb of taking or
attacking, a road between two towns, a town naming a site, a Persian ezafe name, a city district written in lower
case, and a place the gazetteer lacks followed by the province it is in."""

from __future__ import annotations

from place_helpers import places


def best(nlp, text: str, trigger: str):
    found = places(nlp, text)
    mention = found.best_for(0, text.index(trigger))
    assert mention is not None, text
    return mention.place


def test_object_of_an_attack_verb_is_a_place(nlp):
    place = best(nlp, "Fighters of Al Shabaab invaded Mandera, looted shops and killed two.", "invaded")
    assert (place.name, place.admin1, place.iso3) == ("Mandera", "Mandera", "KEN")


def test_headline_verb_in_the_present_tense(nlp):
    place = best(nlp, "Militia attack Wajir, killing two", "attack")
    assert (place.admin1, place.iso3) == ("Wajir", "KEN")


def test_a_person_after_an_attack_verb_is_not_a_place(nlp):
    found = places(nlp, "Gunmen attacked Ahmed and killed him.")
    assert not [m for m in found.mentions if m.place.text == "Ahmed"]


def test_road_between_two_towns_is_near_the_first(nlp):
    place = best(nlp, "Matatu owners blocked the Kericho-Kisumu Highway on Tuesday in protest.", "blocked")
    assert (place.name, place.admin1, place.geo_precision) == ("Kericho", "Kericho", 2)


def test_town_named_as_the_modifier_of_a_site(nlp):
    place = best(nlp, "Four bodies have been pulled up from a Kisumu beach.", "bodies")
    assert (place.name, place.admin1) == ("Kisumu", "Kisumu")


def test_a_capitalised_site_name_is_not_its_first_word(nlp):
    found = places(nlp, "A police officer was killed outside the Royal Court Hotel on Monday.")
    assert not [m for m in found.mentions if m.place.text == "Royal"]


def test_persian_ezafe_name_is_one_name(nlp):
    place = best(nlp, "On 16 March 2020, a bomb killed 1 policeman in Mazar-e Sharif city, Balkh.", "bomb")
    assert (place.text, place.admin1, place.iso3) == ("Mazar-e Sharif", "Balkh", "AFG")


def test_city_district_with_a_lower_case_second_word_after_in(nlp):
    place = best(nlp, "In Hawl wadaag, suspected Al Shabaab militants shot dead a soldier of the Somali army.", "shot")
    assert (place.admin1, place.iso3, place.geo_precision) == ("Banadir", "SOM", 1)


def test_unknown_township_before_its_state_is_precision_2_in_the_state(nlp):
    place = best(nlp, "On 1 March 2019, in Namtu Township, in northern Shan State, fighting broke out between RCSS "
                      "and the TNLA.", "fighting")
    assert (place.text, place.admin1, place.geo_precision) == ("Namtu Township", "Shan", 2)


def test_unknown_village_before_a_kenyan_county(nlp):
    place = best(nlp, "Morans raided Kamunge village in the neighbouring Turkana County, killing one person.", "raided")
    assert (place.admin1, place.geo_precision) == ("Turkana", 2)


def test_a_known_township_between_keeps_its_place(nlp):
    # the township the gazetteer knows places the unknown village better than the state does
    place = best(nlp, "On 4 November 2019, in Kyaung Taung Village, in Mrauk-U Township, in Rakhine State, three "
                      "people were killed.", "killed")
    assert (place.name, place.admin1) == ("Mrauk U", "Rakhine")


def test_a_word_opening_the_sentence_is_not_put_in_the_province(nlp):
    found = places(nlp, "Gunmen abducted three aid workers in the northern province of Balkh on Sunday.")
    assert not [m for m in found.mentions if m.place.text == "Gunmen" and m.place.resolved]


def test_a_bare_site_word_is_no_town(nlp):
    found = places(nlp, "Houthi forces fired heavy weapons at scattered areas of Street 50 in the east of Hodeidah.")
    assert not [m for m in found.mentions if m.place.text == "Street"]


def test_district_of_one_city_with_no_country_named(nlp):
    # a headline-style note names no country; Kawangware is a Nairobi estate and no other place the gazetteer has
    place = best(nlp, "Police battle youths in Kawangware", "battle")
    assert (place.admin1, place.iso3, place.geo_precision) == ("Nairobi", "KEN", 1)


def test_district_with_a_namesake_abroad_needs_its_country(nlp):
    # Eastleigh is a Nairobi estate and an English town: with no country named, it is not read as the estate
    found = places(nlp, "Traders in Eastleigh demonstrate against increasing levies")
    assert not [m for m in found.mentions if "Nairobi" in (m.place.name or "")]


def test_a_group_name_two_countries_share_is_no_country_evidence(monkeypatch):
    from types import SimpleNamespace

    from newsevents import lexicon
    from newsevents.extract import places as places_mod

    terms = [SimpleNamespace(match="NAF", aliases=(), country="NGA", proper=True),
             SimpleNamespace(match="NAF", aliases=(), country="UKR", proper=True),
             SimpleNamespace(match="Boko Haram", aliases=(), country="NGA", proper=True)]
    monkeypatch.setattr(lexicon, "actor_terms", lambda: terms)
    places_mod._group_pattern.cache_clear()
    try:
        votes = places_mod._soft_evidence("NAF jets struck a Boko Haram camp.")
        assert dict(votes) == {"NGA": 1}
    finally:
        places_mod._group_pattern.cache_clear()
