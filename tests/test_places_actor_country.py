"""The country of a place from the text's actors and notes: named groups, sponsors, "(admin2, admin1)" notes."""

from __future__ import annotations

from collections import Counter

from newsevents.extract import places as places_mod
from newsevents.gazetteer import get_gazetteer
from place_helpers import first, places


def test_a_group_after_pro_is_still_evidence_of_its_country():
    votes = places_mod._soft_evidence("The pro-Houthi air defence fired at the aircraft; anti-Houthi fighters replied.")
    assert dict(votes) == {"YEM": 2}


def test_a_force_named_after_its_sponsor_is_no_evidence_of_the_place():
    assert not places_mod._soft_evidence("Saudi-led coalition jets struck a bridge.")


def test_a_country_word_naming_a_sponsor_embassy_or_currency_is_elsewhere():
    text = "Saudi-led jets, pro-Turkey factions, the US embassy and the US dollar, but Yemeni troops."
    spans = {word: text.index(word) for word in ("Saudi", "Turkey", "US embassy", "US dollar", "Yemeni")}
    assert places_mod._elsewhere(text, spans["Saudi"], spans["Saudi"] + 5)
    assert places_mod._elsewhere(text, spans["Turkey"], spans["Turkey"] + 6)
    assert places_mod._elsewhere(text, spans["US embassy"], spans["US embassy"] + 2)
    assert places_mod._elsewhere(text, spans["US dollar"], spans["US dollar"] + 2)
    assert not places_mod._elsewhere(text, spans["Yemeni"], spans["Yemeni"] + 6)


def test_the_us_dollar_does_not_send_a_lebanese_town_to_america(nlp):
    found = places(nlp, "Shopkeepers closed their stores in Sidon as the US dollar climbed again on Tuesday.")
    assert first(found, "Sidon").iso3 == "LBN"


def test_a_coalition_led_from_abroad_leaves_the_houthi_front_in_yemen(nlp):
    text = "Saudi-led coalition jets bombed Al Jawf governorate after pro-Houthi fighters shot at a drone."
    assert first(places(nlp, text), "Al Jawf").iso3 == "YEM"


def test_named_groups_count_beside_a_named_country(nlp):
    # The Syrian word alone says nothing of either Tripoli; the two Lebanese parties decide it.
    text = "Hezbollah and Amal Movement supporters fought in Tripoli on Sunday, and a Syrian worker was hurt."
    assert first(places(nlp, text), "Tripoli").iso3 == "LBN"


def test_a_province_note_votes_for_its_country_where_no_place_carries_it():
    votes: Counter = Counter()
    places_mod._note_evidence("Shells fell near the old fort (Jardan, Shabwah) at dawn.", [], get_gazetteer(), votes)
    assert votes == Counter({"YEM": 2})


def test_a_province_note_is_narrowed_by_its_district():
    # Al Jawf is a province of Saudi Arabia and of Yemen; the district in the note is only Yemen's.
    assert places_mod._note_countries(get_gazetteer(), ["Khabb wa ash Shaaf", "Al Jawf"]) == {"YEM"}


def test_the_article_country_keeps_a_smaller_province_against_a_larger_town_abroad(nlp):
    text = "Pro-Houthi forces shelled positions near the Wadi Sahm ridge (Khabb wa ash Shaaf, Al Jawf) on Monday."
    found = places(nlp, text)
    assert {m.place.iso3 for m in found.mentions if m.place.resolved and m.place.iso3} == {"YEM"}


def test_a_name_does_not_vouch_for_its_own_country_against_the_text():
    raw = places_mod._Raw(0, 7, "Al Alam", 0, own_vote="IRQ")
    told = Counter({"YEM": 3, "IRQ": 1})
    assert places_mod._others_votes(told, raw, Counter()) == Counter({"YEM": 3})


def test_a_name_still_counts_against_groups_that_cross_borders():
    raw = places_mod._Raw(0, 5, "Lafey", 0, own_vote="KEN")
    votes = Counter({"SOM": 2.0, "KEN": 1})
    assert places_mod._others_votes(votes, raw, Counter({"SOM": 2.0})) == votes


def test_a_kenyan_town_stays_kenyan_beside_al_shabaab(nlp):
    text = "Al Shabaab gunmen raided Lafey town at night, and Al Shabaab later claimed the raid."
    assert first(places(nlp, text), "Lafey").iso3 == "KEN"
