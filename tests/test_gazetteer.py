"""Tests for the offline gazetteer: name index, countries, demonyms, admin1 names."""

from __future__ import annotations

import pytest

from newsevents.gazetteer import get_gazetteer, normalize, skeleton


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def test_normalize_strips_accents_articles_hyphens():
    assert normalize("Al-Nasiriyah") == "nasiriyah"
    assert normalize("An Nāşirīyah") == "nasiriyah"
    assert normalize("N'Djamena") == "ndjamena"
    assert normalize("Beer-Gadiid") == "beer gadiid"


def test_skeleton_joins_spelling_variants():
    assert skeleton(normalize("Nassriya")) == skeleton(normalize("Nasiriyah"))


@pytest.mark.parametrize(
    "word, iso3",
    [("Iraqi", "IRQ"), ("Iraq", "IRQ"), ("Iraqis", "IRQ"), ("Kenyan", "KEN"), ("Somali", "SOM"),
     ("Congolese", "COD"), ("U.S.", "USA"), ("US", "USA"), ("Georgian", "GEO"), ("Iraq's", "IRQ")],
)
def test_country_iso3(gaz, word, iso3):
    assert gaz.country_iso3(word) == iso3


def test_country_iso3_rejects_pronoun_and_plain_words(gaz):
    assert gaz.country_iso3("us") is None
    assert gaz.country_iso3("police") is None


def test_country_name_is_acled_style(gaz):
    assert gaz.country_name("COD") == "Democratic Republic of Congo"
    assert gaz.country_name("IRQ") == "Iraq"
    assert gaz.country_name("XXX") is None


def test_candidates_cover_cities_admin1_and_countries(gaz):
    kinds = {(c.kind, c.iso3) for c in gaz.candidates("Basra")}
    assert ("city", "IRQ") in kinds and ("admin1", "IRQ") in kinds
    assert ("country", "GEO") in {(c.kind, c.iso3) for c in gaz.candidates("Georgia")}
    assert ("admin1", "USA") in {(c.kind, c.iso3) for c in gaz.candidates("Georgia")}
    assert gaz.candidates("") == []


def test_spelling_variants_reach_nasiriyah(gaz):
    for name in ("Nasiriyah", "Al-Nasiriyah"):
        assert any(c.iso3 == "IRQ" for c in gaz.candidates(name))
    assert any(c.iso3 == "IRQ" and c.kind == "city" for c in gaz.fuzzy_candidates("Nassriya"))


@pytest.mark.parametrize(
    "place, admin1",
    [("Nairobi", "Nairobi"), ("Basra", "Basrah"), ("Tripoli", "Tripoli"), ("Jowhar", "Middle Shabelle")],
)
def test_admin1_names_look_like_acled(gaz, place, admin1):
    best = max((c for c in gaz.candidates(place) if c.kind == "city"), key=lambda c: c.population)
    assert normalize(best.admin1) == normalize(admin1)


def test_admin1_units_have_seat_coordinates(gaz):
    borno = [c for c in gaz.candidates("Borno") if c.kind == "admin1"][0]
    assert borno.iso3 == "NGA" and borno.lat is not None and borno.lon is not None
    kivu = [c for c in gaz.candidates("North Kivu") if c.kind == "admin1"][0]
    assert kivu.name == "Nord-Kivu"


def test_admin_matches_aliases(gaz):
    code = [c for c in gaz.candidates("Basra") if c.kind == "admin1"][0].admin1_code
    assert gaz.admin_matches(code, "Basra") and gaz.admin_matches(code, "Basrah")
    assert not gaz.admin_matches(code, "Baghdad")


def test_normalize_folds_letters_without_decomposition():
    assert normalize("Kadıköy") == "kadikoy"
    assert normalize("Łódź") == "lodz"


@pytest.mark.parametrize(
    "name, level, code",
    [("Hiraan", 1, "SO.07"), ("Middle Shabelle", 1, "SO.13"), ("Middle Shebelle", 1, "SO.13"),
     ("Borno State", 1, "NG.27")],
)
def test_admin_codes_by_loose_spelling(gaz, name, level, code):
    assert code in gaz.admin_codes(name, level)


@pytest.mark.parametrize("district, region", [("Lalitpur", "Central"), ("Kailali", "Far-Western"),
                                              ("Jajarkot", "Mid-Western"), ("Kaski", "West"), ("Jhapa", "East")])
def test_nepal_districts_map_to_development_regions(gaz, district, region):
    unit = next(c for c in gaz.candidates(district) if c.kind == "admin2" and c.iso3 == "NPL")
    assert unit.admin1 == region


@pytest.mark.parametrize(
    "place, admin1",
    [("Lubumbashi", "Haut-Katanga"), ("Morelia", "Michoacan"), ("N'Djamena", "N'Djamena"),
     ("Barquisimeto", "Lara"), ("Luhansk", "Luhansk"), ("Maroua", "Extreme-Nord"), ("Cherkasy", "Cherkasy"),
     ("Lima", "Lima"), ("Gardez", "Paktia")],
)
def test_admin1_display_names(gaz, place, admin1):
    best = max((c for c in gaz.candidates(place) if c.kind == "city"), key=lambda c: c.population)
    assert best.admin1 == admin1


def test_public_admin_candidate_and_countries(gaz):
    assert gaz.countries["SOM"].iso2 == "SO"
    unit = gaz.admin_candidate("SO.13")
    assert unit.kind == "admin1" and unit.name == "Middle Shabelle" and unit.lat is not None


def _tiny_index():
    from newsevents import gazetteer

    return gazetteer._Index(
        gazetteer.INDEX_VERSION, ["Basra", "Az Zubayr"], [30.5, 30.39], [47.8, 47.7], [1000, 500], [11, 12],
        ["IQ.02", "IQ.02"], {1: "IQ.02.9"}, {"basra": [0], "zubayr": [1, 0]}, {"basra": {0}},
        {"IQ.02": "Basrah", "IQ.02.9": "Zubayr"}, {"IQ.02": ["Al Basrah", "Basra"]}, {"IQ.02": 89341},
        {"basrah": ["IQ.02"]}, {"IQ.02": 0}, {"bsr": ["basra", "basrah"]}, {"basrah": ["IQ.02"]}, {"IQ.02"})


def test_index_file_reads_back_what_was_built(tmp_path):
    from newsevents import gazetteer

    built = _tiny_index()
    gazetteer._write_index(built, tmp_path / "index.sqlite")
    stored = gazetteer._open_index(tmp_path / "index.sqlite")
    assert stored is not None and stored.version == gazetteer.INDEX_VERSION
    for column in gazetteer._CITY_COLUMNS:
        assert [getattr(stored, column)[row] for row in (0, 1)] == getattr(built, column)
    assert stored.city_keys.get("zubayr") == [1, 0] and stored.city_keys.get("nowhere", ()) == ()
    assert 0 in stored.city_primary["basra"] and stored.city_a2.get(1) == "IQ.02.9" and stored.city_a2.get(0) is None
    assert stored.sub_aliases["IQ.02"] == ["Al Basrah", "Basra"] and stored.sub_gid["IQ.02"] == 89341
    assert stored.loose.get("bsr") == ["basra", "basrah"] and stored.sub_seat.get("IQ.02") == 0
    assert "IQ.02" in stored.seat_named and "IQ.02.9" not in stored.seat_named
    assert "IQ.02.9" in stored.sub_name and "IQ.03" not in stored.sub_name
    with pytest.raises(KeyError):
        stored.sub_name["IQ.03"]


def test_index_file_of_another_layout_is_not_used(tmp_path):
    from newsevents import gazetteer

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database")
    assert gazetteer._open_index(junk) is None
    assert gazetteer._open_index(tmp_path / "absent.sqlite") is None


def test_index_file_reopens_in_a_forked_process(tmp_path):
    import os

    from newsevents import gazetteer

    gazetteer._write_index(_tiny_index(), tmp_path / "index.sqlite")
    stored = gazetteer._open_index(tmp_path / "index.sqlite")
    assert stored.city_name[0] == "Basra"
    pid = os.fork()
    if pid == 0:  # the child must not share the parent's SQLite connection
        os._exit(0 if stored.sub_name.get("IQ.02") == "Basrah" and stored._pid == os.getpid() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_index_is_written_once_then_opened(tmp_path, monkeypatch):
    from newsevents import gazetteer

    built = []
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gazetteer, "_build_index", lambda: built.append(1) or _tiny_index())
    (tmp_path / "gazetteer-v7.pickle").write_bytes(b"an index of the old layout")
    first = gazetteer._load_index()
    assert isinstance(first, gazetteer._IndexFile) and first.city_name[1] == "Az Zubayr"
    assert not (tmp_path / "gazetteer-v7.pickle").exists()  # the old layout's file is removed
    assert isinstance(gazetteer._load_index(), gazetteer._IndexFile) and built == [1]


def test_index_stays_in_memory_where_nothing_can_be_written(tmp_path, monkeypatch):
    from newsevents import gazetteer

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(blocked / "cache"))
    monkeypatch.setattr(gazetteer.tempfile, "gettempdir", lambda: str(blocked / "tmp"))
    monkeypatch.setattr(gazetteer, "_build_index", _tiny_index)
    ix = gazetteer._load_index()
    assert isinstance(ix, gazetteer._Index) and ix.city_keys["zubayr"] == [1, 0]
