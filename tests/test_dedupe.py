"""dedupe: near-duplicate texts, and the same event told by two articles (merge rules in dedupe's docstring)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents import dedupe
from newsevents.records import Acled, Actor, Count, EventRecord, Place, Plover, Span

DATA = Path(__file__).parent / "data"
REWRITE = DATA / "basra-rewrite.txt"
SEED = Path(__file__).parents[2] / "shared/data/seed/basra-raid.txt"

# Another account of an Iraqi protest: the same topic, none of the same sentences.
OTHER_STORY = """Protesters block roads in Nasiriyah over power cuts

NASIRIYAH, Iraq - Hundreds of residents of the southern city of Nasiriyah blocked the main highway with burning
tyres on Thursday, protesting against power cuts that have left homes without electricity for up to twenty hours
a day as temperatures pass 50 degrees Celsius. Riot police fired tear gas to reopen the road, and a health
official said eleven people were treated for breathing difficulties. The provincial governor promised to buy
electricity from a private supplier and asked the ministry in Baghdad for emergency generators. Demonstrators
said they would return every night until supply improved. Nasiriyah, the capital of Dhi Qar province, has been a
centre of the protest movement since October, and its residents complain that oil wealth from the south has
never reached them in the form of jobs, clean water or working hospitals."""


# -- article level ----------------------------------------------------------------------------------

def test_normalize_folds_quotes_spacing_and_case():
    plain = 'The "raid" on the party\'s office - five men held.\n\nPolice said: weapons found.'
    curly = "The \u201craid\u201d  on the party\u2019s\u00a0office \u2014 five men held.\r\n  police said:weapons found. "
    assert dedupe.normalize_text(curly) == dedupe.normalize_text(plain) == (
        "the raid on the partys office five men held police said weapons found")
    assert dedupe.content_hash(curly) == dedupe.content_hash(plain)
    assert dedupe.content_hash(plain) != dedupe.content_hash(plain.replace("five", "six"))
    assert len(dedupe.content_hash(plain)) == 40


def _syndicated_copy(text: str) -> str:
    """The wire copy another outlet runs: its own headline and dateline, and one sentence edited."""
    body = text.split("\n", 2)[2]
    edited = body.replace("BASRA, Iraq - ", "BAGHDAD (Wire Service) \u2014 ").replace(
        "Police commander Rashid Fleih told reporters that the five men were being questioned over the protester's death.",
        "Rashid Fleih, the police commander, said the five were being questioned about the death.")
    assert edited.count("Rashid Fleih, the police commander") == 1 and "BAGHDAD" in edited
    return "Five held in raid on Iran-backed group's Basra office\n\n" + edited


def test_syndicated_copy_is_a_near_duplicate_and_shares_an_lsh_key():
    text = REWRITE.read_text(encoding="utf-8")
    assert 250 <= len(text.split()) <= 400
    original, copy = dedupe.signature(text), dedupe.signature(_syndicated_copy(text))
    assert dedupe.is_near_duplicate(original, copy)
    assert dedupe.similarity(original, copy) >= dedupe.NEAR_DUPLICATE
    assert set(dedupe.lsh_keys(original)) & set(dedupe.lsh_keys(copy))


def test_another_story_on_the_same_topic_is_not_a_near_duplicate():
    text = REWRITE.read_text(encoding="utf-8")
    a, b = dedupe.signature(text), dedupe.signature(OTHER_STORY)
    assert not dedupe.is_near_duplicate(a, b)
    assert dedupe.similarity(a, b) < 0.1


def test_signature_is_uint64_and_the_same_in_another_process():
    text = REWRITE.read_text(encoding="utf-8")
    sig = dedupe.signature(text)
    assert sig.dtype.name == "uint64" and sig.shape == (dedupe.NUM_PERM,)
    assert (dedupe.signature(text) == sig).all()
    code = ("import sys; from newsevents import dedupe; "
            "print(dedupe.signature_bytes(dedupe.signature(open(sys.argv[1], encoding='utf-8').read())).hex())")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another str hash than this process's: it must not matter
    done = subprocess.run([sys.executable, "-c", code, str(REWRITE)], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert bytes.fromhex(done.stdout.strip()) == dedupe.signature_bytes(sig)


def test_signature_bytes_round_trip_and_refuse_a_foreign_blob():
    sig = dedupe.signature("Police fired on protesters outside the governor's office in Basra on Monday.")
    blob = dedupe.signature_bytes(sig)
    assert len(blob) == dedupe.NUM_PERM * 8
    assert (dedupe.signature_from_bytes(blob) == sig).all()
    with pytest.raises(ValueError, match="Re-ingest"):
        dedupe.signature_from_bytes(blob[:-8])


def test_lsh_keys_are_one_signed_64_bit_integer_per_band():
    keys = dedupe.lsh_keys(dedupe.signature(OTHER_STORY))
    assert len(keys) == dedupe.BANDS and dedupe.BANDS * dedupe.ROWS == dedupe.NUM_PERM
    assert all(isinstance(k, int) and -(2 ** 63) <= k < 2 ** 63 for k in keys)
    assert len(set(keys)) == dedupe.BANDS  # the band index is part of the key

    def found(j: float) -> float:  # chance that a pair of Jaccard j shares at least one key
        return 1 - (1 - j ** dedupe.ROWS) ** dedupe.BANDS

    assert found(dedupe.NEAR_DUPLICATE) > 0.999 and found(0.1) < 0.01


def test_short_and_empty_texts():
    short = dedupe.signature("Police fired tear gas")  # fewer words than a shingle
    assert dedupe.is_near_duplicate(short, dedupe.signature("police fired  tear gas."))
    assert not dedupe.is_near_duplicate(short, dedupe.signature("Police fired rubber bullets"))
    assert not dedupe.is_near_duplicate(dedupe.signature(""), dedupe.signature("  "))


# -- hand-built events ------------------------------------------------------------------------------

BASRA = Place(text="Basra", name="Basrah", admin1="Al Basrah", country="Iraq", iso3="IRQ",
              lat=30.5085, lon=47.7804, geonames_id=99532, geo_precision=1, resolved=True)
BASRA_PROVINCE = Place(text="the province of Basra", name="Al Basrah", admin1="Al Basrah", country="Iraq",
                       iso3="IRQ", lat=30.50316, lon=47.81507, geonames_id=89341, geo_precision=3, resolved=True)
ZUBAYR = Place(text="Zubayr", name="Az Zubayr", admin1="Al Basrah", country="Iraq", iso3="IRQ",
               lat=30.39213, lon=47.70175, geonames_id=98245, geo_precision=1, resolved=True)
QURNA = Place(text="Qurna", name="Al Qurnah", admin1="Al Basrah", country="Iraq", iso3="IRQ",
              lat=31.01547, lon=47.43362, geonames_id=98993, geo_precision=1, resolved=True)
NASIRIYAH = Place(text="Nasiriyah", name="Nasiriyah", admin1="Dhi Qar", country="Iraq", iso3="IRQ",
                  lat=31.05799, lon=46.25726, geonames_id=98854, geo_precision=1, resolved=True)
KHORRAMSHAHR = Place(text="Khorramshahr", name="Khorramshahr", admin1="Khuzestan", country="Iran", iso3="IRN",
                     lat=30.44079, lon=48.18428, geonames_id=127319, geo_precision=1, resolved=True)

POLICE = Actor(text="Iraqi police", name="Police Forces of Iraq (2020-)", type="State forces", inter=1, country="IRQ")
ARMY = Actor(text="Iraqi troops", name="Military Forces of Iraq (2020-)", type="State forces", inter=1, country="IRQ")
THAAR_ALLAH = Actor(text="Thaar Allah", name="Thaar Allah", type="Political militia", inter=3, country="IRQ")
THAR_ALLAH = Actor(text="Tha'r Allah", name="Thar Allah", type="Political militia", inter=3, country="IRQ")
HEZBOLLAH = Actor(text="Kataib Hezbollah", name="Kataib Hezbollah", type="Political militia", inter=3, country="IRQ")
GUNMEN = Actor(text="gunmen", name="Unidentified Armed Group (Iraq)", type="Political militia", inter=3, country="IRQ")
PROTESTERS = Actor(text="demonstrators", name="Protesters (Iraq)", type="Protesters", inter=6, country="IRQ")
RIOTERS = Actor(text="rioters", name="Rioters (Iraq)", type="Rioters", inter=5, country="IRQ")
CIVILIANS = Actor(text="villagers", name="Civilians (Iraq)", type="Civilians", inter=7, country="IRQ")

TYPE_OF = {"Arrests": "Strategic developments", "Disrupted weapons use": "Strategic developments",
           "Agreement": "Strategic developments", "Peaceful protest": "Protests",
           "Protest with intervention": "Protests", "Excessive force against protesters": "Protests",
           "Violent demonstration": "Riots", "Attack": "Violence against civilians", "Armed clash": "Battles",
           "Shelling/artillery/missile attack": "Explosions/Remote violence"}


def event(article: str = "a1", sub: str | None = "Arrests", date: str | None = "2020-05-11", precision: int = 1,
          place: Place | None = BASRA, actors: tuple[Actor | None, Actor | None] = (POLICE, THAAR_ALLAH),
          plover: str | None = "COERCE", source: str | None = None, **fields) -> EventRecord:
    record = EventRecord(
        article_id=article, trigger=Span(0, 6, "raided"), sentence=Span(0, 40, "Iraqi police raided the office."),
        acled=Acled(TYPE_OF[sub], sub) if sub else Acled(), plover=Plover(plover), date=date,
        time_precision=precision if date else None, location=place, actor1=actors[0], actor2=actors[1],
        source=source or f"outlet-{article}", **fields,
    )
    return record.finalize()


def test_the_same_raid_told_twice_is_one_event():
    a = event("rferl", actors=(POLICE, THAAR_ALLAH))
    b = event("wire", place=dataclasses.replace(BASRA, text="the city of Basra"), actors=(THAR_ALLAH, ARMY))
    reason = dedupe.same_event(a, b)
    assert reason == ("same sub-event type (Arrests), same day (2020-05-11), same place (Basrah), "
                      "compatible actors")
    assert dedupe.same_event(b, a)


def test_the_same_event_in_one_article_is_not_a_cross_article_match():
    assert dedupe.same_event(event("a1"), event("a1")) is None


def test_same_type_and_day_in_towns_far_apart_are_two_events():
    assert dedupe._haversine_km(BASRA.lat, BASRA.lon, NASIRIYAH.lat, NASIRIYAH.lon) > 150
    assert dedupe.same_event(event("a1"), event("a2", place=NASIRIYAH)) is None
    assert dedupe.same_event(event("a1"), event("a2", place=QURNA)) is None  # same province, 66 km apart
    near = dedupe.same_event(event("a1"), event("a2", place=ZUBAYR))  # 15 km from Basra
    assert near and "places 15 km apart (Basrah, Az Zubayr)" in near


def test_a_town_and_its_province_are_the_same_place():
    reason = dedupe.same_event(event("a1"), event("a2", place=BASRA_PROVINCE))
    assert reason and "same province (Al Basrah)" in reason
    assert dedupe.same_event(event("a1", place=NASIRIYAH), event("a2", place=BASRA_PROVINCE)) is None


def test_different_countries_never_merge():
    assert dedupe.same_event(event("a1"), event("a2", place=KHORRAMSHAHR)) is None
    across = dataclasses.replace(BASRA, iso3="IRN", country="Iran")  # a geocoder's slip, same point
    assert dedupe.same_event(event("a1"), event("a2", place=across)) is None
    iranian = dataclasses.replace(POLICE, name="Police Forces of Iran (1979-)", country="IRN")
    assert dedupe.same_event(event("a1"), event("a2", actors=(iranian, THAAR_ALLAH))) is None


def test_reports_a_day_apart_merge_and_further_apart_do_not():
    assert dedupe.same_event(event("a1"), event("a2", date="2020-05-12")) == (
        "same sub-event type (Arrests), a day apart (2020-05-11, 2020-05-12), same place (Basrah), "
        "same actors (Police Forces of Iraq (2020-); Thaar Allah)")
    assert dedupe.same_event(event("a1"), event("a2", date="2020-05-13")) is None
    assert dedupe.same_event(event("a1"), event("a2", date=None)) is None


def test_date_windows_follow_time_precision():
    assert dedupe.date_window(event(date="2020-05-11", precision=1)) == ("2020-05-10", "2020-05-12")
    assert dedupe.date_window(event(date="2020-05-06", precision=2)) == ("2020-05-02", "2020-05-10")
    assert dedupe.date_window(event(date="2020-05-15", precision=3)) == ("2020-04-30", "2020-06-01")
    assert dedupe.date_window(event(date="2020-05-09", date_end="2020-05-10")) == ("2020-05-08", "2020-05-11")
    assert dedupe.date_window(event(date=None)) is None
    last_week = event("a2", date="2020-05-06", precision=2)  # "last week": any day of it may be the day
    assert dedupe.same_event(event("a1", date="2020-05-09"), last_week)
    assert dedupe.same_event(event("a1", date="2020-05-11"), last_week) is None
    assert dedupe.same_event(event("a1", date="2020-05-28"), event("a2", date="2020-05-15", precision=3))


def test_a_protest_and_a_riot_at_one_place_and_day_are_one_event():
    protest = event("a1", sub="Peaceful protest", plover="PROTEST", actors=(PROTESTERS, None))
    riot = event("a2", sub="Violent demonstration", plover="PROTEST", actors=(RIOTERS, POLICE))
    assert dedupe.same_event(protest, riot) == ("compatible types (Peaceful protest ~ Violent demonstration), "
                                                "same day (2020-05-11), same place (Basrah), compatible actors")


def test_a_loose_type_a_day_apart_is_two_events():
    saturday = event("a1", sub="Peaceful protest", date="2020-05-09", plover="PROTEST", actors=(PROTESTERS, None))
    sunday = event("a2", sub="Excessive force against protesters", date="2020-05-10", plover="ASSAULT",
                   actors=(PROTESTERS, GUNMEN))
    assert dedupe.same_event(saturday, sunday) is None
    assert dedupe.same_event(dataclasses.replace(saturday, date="2020-05-10"), sunday)


def test_unrelated_types_do_not_merge():
    raid = event("a1")
    shooting = event("a2", sub="Excessive force against protesters", plover="ASSAULT", actors=(PROTESTERS, GUNMEN))
    assert dedupe.same_event(raid, shooting) is None
    assert dedupe.same_event(raid, event("a2", sub="Agreement", plover="AGREE")) is None


def test_negated_hypothetical_and_historical_records_keep_to_their_kind():
    real = event("a1")
    assert dedupe.same_event(real, event("a2", negated=True)) is None
    assert dedupe.same_event(real, event("a2", hypothetical=True)) is None
    assert dedupe.same_event(real, event("a2", historical=True)) is None
    assert dedupe.same_event(event("a1", negated=True), event("a2", negated=True))


def test_contradictory_actors_are_two_events():
    attack = event("a1", sub="Attack", plover="ASSAULT", actors=(ARMY, CIVILIANS))
    assert dedupe.same_event(attack, event("a2", sub="Attack", plover="ASSAULT", actors=(GUNMEN, CIVILIANS))) is None
    one_sided = event("a1", sub="Protest with intervention", plover="PROTEST", actors=(PROTESTERS, None))
    assert dedupe.same_event(one_sided, event("a2", sub="Protest with intervention", plover="PROTEST",
                                              actors=(ARMY, None))) is None
    assert dedupe.same_event(event("a1", actors=(POLICE, THAAR_ALLAH)),
                             event("a2", actors=(POLICE, HEZBOLLAH))) is None  # two named groups
    spelled = dataclasses.replace(HEZBOLLAH, name="Kata\u2019ib \u1e24izbull\u0101h")
    assert dedupe.same_event(event("a1", actors=(POLICE, HEZBOLLAH)), event("a2", actors=(POLICE, spelled)))
    # An outlet that only says "gunmen" may mean the group another one names.
    assert dedupe.same_event(event("a1", actors=(POLICE, THAAR_ALLAH)), event("a2", actors=(GUNMEN, None)))
    assert dedupe.same_event(event("a1"), event("a2", actors=(None, None)))


def test_an_attack_told_as_a_clash_or_a_shelling_is_one_event():
    attack = event("a1", sub="Attack", plover="ASSAULT", actors=(GUNMEN, CIVILIANS))
    clash = event("a2", sub="Armed clash", plover="ASSAULT", actors=(THAAR_ALLAH, None))
    assert dedupe.same_event(attack, clash).startswith("compatible types (Attack ~ Armed clash)")
    shelling = event("a3", sub="Shelling/artillery/missile attack", plover="ASSAULT", actors=(GUNMEN, None))
    assert dedupe.same_event(clash, shelling)
    assert dedupe.same_event(event("a1", sub="Agreement", plover="AGREE"), clash) is None


def test_an_unplaced_record_merges_only_on_a_strong_match():
    placed = event("a1", actors=(POLICE, THAAR_ALLAH))
    unplaced = event("a2", place=None, actors=(THAAR_ALLAH, POLICE))
    assert dedupe.same_event(placed, unplaced) == ("same sub-event type (Arrests), same day (2020-05-11), "
                                                   "place unknown on one side, "
                                                   "same actors (Police Forces of Iraq (2020-); Thaar Allah)")
    assert dedupe.same_event(placed, dataclasses.replace(unplaced, actor2=None)) is None
    assert dedupe.same_event(placed, dataclasses.replace(unplaced, date="2020-05-12")) is None
    assert dedupe.same_event(placed, dataclasses.replace(unplaced, actor1=ARMY)) is None  # alike, not the same
    unresolved = Place(text="a village near the border", reason="not in the gazetteer")
    assert dedupe.same_event(placed, event("a2", place=unresolved, actors=(POLICE, None))) is None


def test_plover_only_records_merge_with_their_own_kind():
    release = event("a1", sub=None, plover="CONCEDE", actors=(None, PROTESTERS))
    assert dedupe.same_event(release, event("a2", sub=None, plover="CONCEDE", actors=(None, PROTESTERS))) == (
        "same PLOVER event (CONCEDE), same day (2020-05-11), same place (Basrah), same actors (Protesters (Iraq))")
    assert dedupe.same_event(release, event("a2", sub=None, plover="ACCUSE", actors=(None, PROTESTERS))) is None
    assert dedupe.same_event(event("a1", sub=None, plover="COERCE"), event("a2", plover="COERCE")) is None


def test_blocking_sets():
    assert dedupe.blocking_types(event(sub="Peaceful protest")) == {"Protests", "Riots"}
    assert dedupe.blocking_types(event(sub="Excessive force against protesters")) == {
        "Protests", "Riots", "Violence against civilians"}
    assert dedupe.blocking_types(event(sub="Arrests")) == {"Strategic developments", "Protests"}
    assert dedupe.blocking_types(event(sub="Agreement")) == {"Strategic developments"}
    assert dedupe.blocking_types(event(sub="Armed clash")) == {
        "Battles", "Violence against civilians", "Explosions/Remote violence"}
    assert dedupe.blocking_plover(event(sub="Arrests")) == set()
    release = event(sub=None, plover="CONCEDE")
    assert dedupe.blocking_types(release) == set() and dedupe.blocking_plover(release) == {"CONCEDE"}


def _grid() -> list[EventRecord]:
    out = []
    for i, (sub, plover) in enumerate([("Arrests", "COERCE"), ("Disrupted weapons use", "COERCE"),
                                       ("Peaceful protest", "PROTEST"), ("Protest with intervention", "PROTEST"),
                                       ("Violent demonstration", "PROTEST"),
                                       ("Excessive force against protesters", "ASSAULT"), ("Attack", "ASSAULT"),
                                       ("Armed clash", "ASSAULT"), (None, "CONCEDE"), ("Agreement", "AGREE")]):
        for j, date in enumerate(["2020-05-10", "2020-05-11", "2020-05-13"]):
            for k, place in enumerate([BASRA, BASRA_PROVINCE, ZUBAYR, NASIRIYAH, None]):
                out.append(event(f"a{i}{j}{k}", sub=sub, plover=plover, date=date, place=place,
                                 actors=(POLICE, GUNMEN) if k % 2 else (PROTESTERS, None)))
    return out


def test_same_event_is_symmetric_and_blocking_never_hides_a_match():
    grid = _grid()
    merged = 0
    for a in grid:
        window, types, plovers = dedupe.date_window(a), dedupe.blocking_types(a), dedupe.blocking_plover(a)
        for b in grid:
            reason = dedupe.same_event(a, b)
            assert bool(reason) == bool(dedupe.same_event(b, a)), (a.key(), b.key())
            if reason and a is not b:
                merged += 1
                assert window[0] <= b.date <= window[1]
                assert b.acled.event_type in types or (b.acled.event_type is None and b.plover.event in plovers)
    assert merged  # the grid holds matches, not only misses


def test_within_article_conflict():
    a = event("a1", actors=(POLICE, THAAR_ALLAH))
    assert dedupe.within_article_conflict(a, event("a1", date="2020-05-10"))
    assert dedupe.within_article_conflict(a, event("a1", place=NASIRIYAH))
    assert dedupe.within_article_conflict(a, event("a1", actors=(ARMY, THAAR_ALLAH)))
    assert not dedupe.within_article_conflict(a, event("a1", actors=(POLICE, None)))
    assert not dedupe.within_article_conflict(a, event("a1", place=BASRA_PROVINCE))


# -- merging ----------------------------------------------------------------------------------------

def test_merge_takes_the_lowest_reported_count():
    into = event("a1", fatalities=Count(5, 5, 5, "five people"))
    other = event("a2", fatalities=Count(3, 3, 3, "three"))
    dedupe.merge(into, other, "same event")
    assert (into.fatalities.low, into.fatalities.best, into.fatalities.high) == (3, 3, 5)
    assert into.fatalities.text == "three"
    vague = event("a3", fatalities=Count(3, 3, 10, "several"))
    dedupe.merge(into, vague, "same event")
    assert (into.fatalities.low, into.fatalities.best, into.fatalities.high) == (3, 3, 10)


def test_a_mention_silent_on_deaths_does_not_pull_a_toll_to_zero():
    into = event("a1", fatalities=Count(4, 4, 4, "four"), injuries=Count(2, 2, 2, "two"))
    dedupe.merge(into, event("a2"), "same event")  # this outlet tells the raid, not the dead
    assert (into.fatalities.best, into.injuries.best) == (4, 2)
    silent_first = event("a1")
    dedupe.merge(silent_first, event("a2", fatalities=Count(4, 4, 4, "four"), arrests=Count(5, 5, 5, "five")),
                 "same event")
    assert (silent_first.fatalities.best, silent_first.arrests.best) == (4, 5)
    # An outlet that says no one died has reported a figure: the lowest one wins, as ACLED takes it.
    dedupe.merge(silent_first, event("a3", fatalities=Count(0, 0, 0, "no one was killed")), "same event")
    assert (silent_first.fatalities.best, silent_first.fatalities.high) == (0, 4)


def test_merge_sources_mentions_and_reasons():
    into = event("a1", source="rferl")
    into.sources = [{"article_id": "a1", "source": "rferl", "url": "https://example.org/1", "published": "2020-05-11",
                     "title": "Raid"}]
    wire = event("a2", source="Reuters")  # no sources listed: one is built from article id and source
    same_outlet = event("a3", source="rferl")
    same_outlet.sources = [{"name": "rferl", "url": "https://example.org/3", "published": "2020-05-12"}]  # as the coder writes it
    event_id = into.event_id
    dedupe.merge(into, wire, "reason 2")
    dedupe.merge(into, same_outlet, "reason 3")
    dedupe.merge(into, event("a2", source="Reuters"), "told again")  # an article already counted adds no source
    assert into.event_id == event_id
    assert into.article_ids == ["a1", "a2", "a3"]
    assert [s["article_id"] for s in into.sources] == ["a1", "a2", "a3"]
    assert into.sources[1] == {"article_id": "a2", "source": "Reuters", "url": None, "published": None, "title": None}
    assert into.source_count == 2
    assert into.mention_count == 4
    assert into.merge_reasons == ["reason 2", "reason 3", "told again"]


def test_merge_fills_what_the_stored_event_lacks_and_keeps_its_coding():
    into = event("a1", sub="Excessive force against protesters", plover="ASSAULT", place=BASRA_PROVINCE,
                 actors=(PROTESTERS, None), interaction=60)
    into.evidence = {"location": Span(10, 20, "the province"), "actor1": Span(0, 9, "protesters")}
    other = event("a2", sub="Attack", plover="ASSAULT", place=BASRA, actors=(CIVILIANS, GUNMEN), date="2020-05-10")
    other.evidence = {"location": Span(50, 55, "Basra"), "actor2": Span(30, 36, "gunmen"),
                      "date": Span(60, 66, "Sunday"), "actor1": Span(0, 8, "villagers")}
    dedupe.merge(into, other, "same event")
    assert (into.acled.event_type, into.acled.sub_event_type) == ("Protests", "Excessive force against protesters")
    assert into.actor1 == PROTESTERS and into.actor2 == GUNMEN and into.interaction == 36
    assert into.location == BASRA  # a town is finer than its province
    assert into.date == "2020-05-11"  # both at day precision: the stored date stays
    assert into.evidence["location"] == Span(50, 55, "Basra")
    assert into.evidence["actor1"] == Span(0, 9, "protesters")
    assert into.evidence["actor2"] == Span(30, 36, "gunmen") and "date" in into.evidence
    coarse = event("a3", place=BASRA)
    dedupe.merge(coarse, event("a4", place=BASRA_PROVINCE), "same event")
    assert coarse.location == BASRA
    undated = event("a5", date=None)
    dedupe.merge(undated, event("a6", date="2020-05-10"), "same event")
    assert (undated.date, undated.time_precision) == ("2020-05-10", 1)


def test_merge_prefers_a_stated_date_to_the_publication_date():
    fallback = event("a1", date="2020-05-11", date_reason="publication date")
    stated = event("a2", date="2020-05-10", date_reason="weekday on or before publication")
    dedupe.merge(fallback, stated, "same event")
    assert (fallback.date, fallback.date_reason) == ("2020-05-10", "weekday on or before publication")
    kept = event("a3", date="2020-05-11", date_reason="explicit")
    dedupe.merge(kept, event("a4", date="2020-05-10", date_reason="explicit"), "same event")
    assert kept.date == "2020-05-11"  # two stated dates: the stored one stays
    vague = event("a5", date="2020-05-11", date_reason="publication date")
    dedupe.merge(vague, event("a6", date="2020-05-06", precision=2, date_reason="last week: its Wednesday"), "same")
    assert vague.date == "2020-05-11"  # a week is not a better date than a day


def test_merge_survives_a_round_trip_through_json():
    into = EventRecord.from_dict(event("a1", fatalities=Count(2, 2, 2, "two")).to_dict())
    dedupe.merge(into, EventRecord.from_dict(event("a2").to_dict()), "same event")
    again = EventRecord.from_dict(into.to_dict())
    assert again.article_ids == ["a1", "a2"] and again.source_count == 2 and again.fatalities.best == 2


# -- the seed article and another outlet's account of it -------------------------------------------

@pytest.fixture(scope="module")
def coded():
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent: the seed acceptance test needs it")
    from newsevents.pipeline import code_text
    published = dt.date(2020, 5, 11)
    seed = code_text(SEED.read_text(encoding="utf-8"), published=published, source="rferl", article_id="seed")
    rewrite = code_text(REWRITE.read_text(encoding="utf-8"), published=published, source="wire",
                        article_id="rewrite")
    return seed, rewrite


def _raid(records: list[EventRecord]) -> EventRecord:
    found = [r for r in records if r.acled.event_type == "Strategic developments" and r.arrests.best == 5]
    assert len(found) == 1, [(r.acled.sub_event_type, r.trigger.text) for r in records]
    return found[0]


def _shooting(records: list[EventRecord]) -> EventRecord:
    found = [r for r in records
             if r.acled.sub_event_type == "Excessive force against protesters" and r.fatalities.best == 1]
    assert len(found) == 1, [(r.acled.sub_event_type, r.trigger.text) for r in records]
    return found[0]


def _matches(record: EventRecord, stored: list[EventRecord]) -> list[EventRecord]:
    """What the store would merge `record` with: blocked as its SQL does, then checked by same_event."""
    window, types, plovers = dedupe.date_window(record), dedupe.blocking_types(record), dedupe.blocking_plover(record)
    return [s for s in stored
            if window and s.date and window[0] <= s.date <= window[1]
            and (s.acled.event_type in types or (s.acled.event_type is None and s.plover.event in plovers))
            and dedupe.same_event(s, record)]


def test_another_outlets_account_is_not_a_near_duplicate():
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent")
    a = dedupe.signature(SEED.read_text(encoding="utf-8"))
    b = dedupe.signature(REWRITE.read_text(encoding="utf-8"))
    assert not dedupe.is_near_duplicate(a, b)


def test_seed_and_rewrite_merge_raid_with_raid_and_shooting_with_shooting(coded):
    seed, rewrite = coded
    seed_raid, seed_shooting = _raid(seed), _shooting(seed)
    new_raid, new_shooting = _raid(rewrite), _shooting(rewrite)
    assert _matches(new_raid, seed) == [seed_raid]
    assert _matches(new_shooting, seed) == [seed_shooting]
    # each stored event is found by exactly one record of the rewrite, and none finds both
    assert [r for r in rewrite if seed_raid in _matches(r, seed)] == [new_raid]
    assert [r for r in rewrite if seed_shooting in _matches(r, seed)] == [new_shooting]
    assert dedupe.same_event(seed_raid, new_shooting) is None
    assert dedupe.same_event(seed_shooting, new_raid) is None

    reason = dedupe.same_event(seed_raid, new_raid)
    dedupe.merge(seed_raid, new_raid, reason)
    assert seed_raid.article_ids == ["seed", "rewrite"] and seed_raid.source_count == 2
    assert seed_raid.mention_count == 2 and seed_raid.merge_reasons == [reason]
    assert seed_raid.arrests.best == 5 and seed_raid.fatalities.best == 0
    dedupe.merge(seed_shooting, new_shooting, dedupe.same_event(seed_shooting, new_shooting))
    assert seed_shooting.fatalities.best == 1 and seed_shooting.source_count == 2
    # the seed gives no day for the shooting; the rewrite's "on Sunday" is ACLED's 10 May
    assert seed_shooting.date == "2020-05-10"
