"""Places that must not go to a homonym abroad when the text says where they are (invented sentences)."""

from __future__ import annotations

from place_helpers import first, places


def test_large_city_abroad_does_not_vouch_for_itself(nlp):
    # Spain's Palma is far larger, but the text names Mozambique's province
    found = places(nlp, "Gunmen abducted a trader in Palma on Monday. Insurgents have raided villages across "
                        "Cabo Delgado for three years.")
    palma = first(found, "Palma")
    assert palma.iso3 == "MOZ" and palma.admin1 == "Cabo Delgado"


def test_large_city_alone_keeps_its_country(nlp):
    palma = first(places(nlp, "Thousands marched in Palma on Saturday."), "Palma")
    assert palma.iso3 == "ESP"


def test_colonia_named_elsewhere_leaves_the_city(nlp):
    text = "In Celaya, Guanajuato, police found the body of a man in Colonia Emiliano Zapata on Sunday."
    found = places(nlp, text)
    part = first(found, "Colonia Emiliano Zapata")
    assert not part.resolved and "outside the province" in part.reason
    chosen = found.best_for(0, text.index("found"))
    assert chosen.place.name == "Celaya" and chosen.place.admin1 == "Guanajuato"


def test_bare_colonia_is_no_place(nlp):
    text = "In Tijuana, Baja California, a driver was shot in Colonia Flores Magon Norte."
    found = places(nlp, text)
    assert not any(m.place.text == "Colonia" for m in found.mentions)
    assert found.best_for(0, text.index("shot")).place.admin1 == "Baja California"


def test_compass_word_before_of_is_a_direction(nlp):
    found = places(nlp, "Soldiers killed six militants in a night raid West of Baidoa town.")
    assert not any(m.place.text == "West" for m in found.mentions)
    assert first(found, "Baidoa").iso3 == "SOM"


def test_place_of_a_protests_cause_yields_to_the_protest_place(nlp):
    text = "Students rallied in Nairobi on Friday over the killing of a teenager in Minneapolis police custody."
    found = places(nlp, text)
    assert found.best_for(0, text.index("rallied")).place.name == "Nairobi"
    text = "Hundreds marched in Kathmandu over the death of two traders in Jammu and Kashmir's Pulwama district."
    found = places(nlp, text)
    assert found.best_for(0, text.index("marched")).place.iso3 == "NPL"


def test_place_of_a_cause_serves_when_alone(nlp):
    text = "Residents protested over the death of a boy in Kisumu."
    found = places(nlp, text)
    assert found.best_for(0, text.index("protested")).place.name == "Kisumu"


def test_subcounty_note_places_the_name(nlp):
    found = places(nlp, "Herders clashed at a well in Saku subcounty (Saku, Marsabit) on Tuesday.")
    saku = first(found, "Saku")
    assert saku.iso3 == "KEN" and saku.admin1 == "Marsabit"


def test_name_met_again_keeps_the_place_its_context_gave(nlp):
    text = ("Troops shelled Ywathit village, Pale Township, Sagaing Region, on Monday. Villagers fled along the "
            "road near Pale that leads to India.")
    found = places(nlp, text)
    again = [m.place for m in found.mentions if m.place.text == "Pale"][-1]
    assert again.iso3 == "MMR" and again.admin1 == "Sagaing" and again.geo_precision == 2
