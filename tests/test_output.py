"""Writers: JSONL keeps the full record nested; the CSVs have ACLED's exact export header; GeoJSON and Parquet
are exports of the same events; the table is for people."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging

import pyarrow as pa
import pyarrow.parquet as pq

from newsevents.output import (
    ACLED_COLUMNS, BINARY_WRITERS, EXPORT_COLUMNS, EXPORT_FORMATS, FORMATS, WRITERS, acled_row, export_row,
    parquet_schema, write_acled_csv, write_csv, write_geojson, write_jsonl, write_parquet, write_table,
)
from newsevents.records import Acled, Actor, Count, EventRecord, Place, Plover, Span, Cameo

TEXT = "Police fired on protesters in Kisumu on Tuesday, killing two and wounding 11."

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)
PROVENANCE_HEADER = (
    "event_id,article_ids,source_count,mention_count,confidence,fatalities_low,fatalities_high,injuries,arrests,"
    "plover_event,plover_mode,cameo_code"
)
WHEN = 1_710_000_000


def protest_event(**changes) -> EventRecord:
    record = EventRecord(
        article_id="a1",
        trigger=Span.of(TEXT, 14, 22),
        sentence=Span.of(TEXT, 0, len(TEXT)),
        acled=Acled("Protests", "Excessive force against protesters", "Political violence; Demonstrations", True),
        plover=Plover("ASSAULT", "firearms"),
        cameo=Cameo("175", 4),
        date="2024-03-12",
        time_precision=1,
        actor1=Actor("Police", "Police Forces of Kenya (2022-)", "State forces", 1, "KEN", "COP", span=Span.of(TEXT, 0, 6)),
        actor2=Actor("protesters", "Protesters (Kenya)", "Protesters", 6, "KEN", "CVL"),
        assoc_actor_1=[Actor("officers", "Police Forces of Kenya (2022-) Prison Guards", "State forces", 1)],
        interaction=16,
        location=Place("Kisumu", "Kisumu", "Kisumu", "Kisumu Central", "Kenya", "KEN", -0.1022, 34.7617, 191245, 1, True, "gazetteer"),
        fatalities=Count(2, 2, 2, "two"),
        injuries=Count(11, 11, 11, "11"),
        crowd_size=Count(100, 100, 300, "hundreds"),
        evidence={"fatalities": Span.of(TEXT, TEXT.index("two"), TEXT.index("two") + 3)},
        notes="On 12 March 2024, police fired on protesters in Kisumu, killing 2.",
        source="example-wire",
    )
    for key, value in changes.items():
        setattr(record, key, value)
    return record.finalize()


def test_jsonl_one_nested_record_per_line():
    out = io.StringIO()
    assert write_jsonl([protest_event(), protest_event(article_id="a2")], out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    row = json.loads(lines[0])
    assert row["article_id"] == "a1"
    assert row["acled"]["event_type"] == "Protests"
    assert row["acled"]["sub_event_type"] == "Excessive force against protesters"
    assert row["plover"] == {"event": "ASSAULT", "mode": "firearms", "context": []}
    assert row["cameo"]["code"] == "175"
    assert row["actor1"]["country"] == "KEN" and row["actor1"]["sector"] == "COP"
    assert row["location"]["iso3"] == "KEN" and row["location"]["geo_precision"] == 1
    assert row["fatalities"] == {"low": 2, "best": 2, "high": 2, "text": "two", "span": None}
    assert row["evidence"]["fatalities"] == {"start": TEXT.index("two"), "end": TEXT.index("two") + 3, "text": "two"}
    assert row["trigger"]["text"] == TEXT[14:22]
    assert json.loads(lines[1])["article_id"] == "a2"


def test_csv_has_acled_header_and_fills_known_columns():
    out = io.StringIO()
    no_type = protest_event(acled=Acled())
    assert write_csv([protest_event(), no_type], out) == 1
    text = out.getvalue()
    assert text.splitlines()[0] == ACLED_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == list(ACLED_COLUMNS)
    assert row["event_date"] == "2024-03-12" and row["year"] == "2024" and row["time_precision"] == "1"
    assert row["event_type"] == "Protests"
    assert row["actor1"] == "Police Forces of Kenya (2022-)" and row["inter1"] == "1"
    assert row["assoc_actor_1"] == "Police Forces of Kenya (2022-) Prison Guards"
    assert row["actor2"] == "Protesters (Kenya)" and row["inter2"] == "6" and row["interaction"] == "16"
    assert row["civilian_targeting"] == "Civilians targeted"
    assert row["iso"] == "404" and row["country"] == "Kenya"
    assert (row["admin1"], row["admin2"], row["location"]) == ("Kisumu", "Kisumu Central", "Kisumu")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("-0.1022", "34.7617", "1")
    assert row["fatalities"] == "2"
    assert row["tags"] == "crowd size=hundreds"
    assert row["source"] == "example-wire"
    assert row["event_id_cnty"] and row["notes"].startswith("On 12 March 2024")
    assert row["region"] == "Eastern Africa"
    assert row["timestamp"].isdigit()  # unix seconds of the export
    assert row["admin3"] == row["source_scale"] == ""


def test_csv_rules():
    no_size = acled_row(protest_event(crowd_size=None))
    assert no_size["tags"] == "crowd size=no report"
    battle = acled_row(protest_event(acled=Acled("Battles", "Armed clash", "Political violence"), fatalities=Count(3, 4, 5)))
    assert battle["tags"] == "" and battle["civilian_targeting"] == "" and battle["fatalities"] == "3"
    unplaced = acled_row(protest_event(location=Place("Xanadu", reason="not in the gazetteer")))
    assert unplaced["location"] == unplaced["latitude"] == unplaced["iso"] == ""
    out = io.StringIO()
    assert write_csv([protest_event(negated=True), protest_event(hypothetical=True)], out) == 0
    assert out.getvalue() == ACLED_HEADER + "\n"


def test_writers_stream():
    def records():
        yield protest_event()
        raise RuntimeError("stop")

    for name, writer in WRITERS.items():
        out = io.StringIO()
        try:
            writer(records(), out)
        except RuntimeError:
            pass
        assert "Kisumu" in out.getvalue(), name  # the first record was written before the stream broke


def test_table_is_readable():
    out = io.StringIO()
    assert write_table([protest_event(), protest_event(historical=True, location=None)], out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["date", "ACLED"]
    assert lines[2] == "# a1"
    assert "2024-03-12" in lines[3] and "Excessive force against" in lines[3]
    assert "ASSAULT/firearms" in lines[3] and "Police Forces of Kenya" in lines[3] and "2/11/0" in lines[3]
    assert "(past)" in lines[4]
    assert all(len(line) <= 160 for line in lines)


def test_writer_registry():
    assert set(WRITERS) == {"jsonl", "csv", "acled-csv", "geojson", "table"}
    assert set(BINARY_WRITERS) == {"parquet"}
    assert set(FORMATS) == set(WRITERS) | set(BINARY_WRITERS)
    assert set(EXPORT_FORMATS) == {"acled-csv", "geojson", "jsonl", "parquet"} and set(EXPORT_FORMATS) <= set(FORMATS)


def baghdad_event(**changes) -> EventRecord:
    """One event merged from two articles by two outlets, as the dedupe stage leaves it."""
    record = protest_event(
        article_id="r1",
        acled=Acled("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence"),
        plover=Plover("ASSAULT", "explosives"),
        cameo=Cameo("183", 4),
        actor1=Actor("militants", "Unidentified Armed Group (Iraq)", "Political militia", 3, "IRQ", "UAF"),
        actor2=Actor("civilians", "Civilians (Iraq)", "Civilians", 7, "IRQ", "CVL"),
        assoc_actor_1=[],
        interaction=37,
        location=Place("Baghdad", "Baghdad", "Baghdad", None, "Iraq", "IRQ", 33.340582, 44.400876, 98182, 1, True),
        fatalities=Count(3, 4, 5, "three to five"),
        injuries=Count(9, 9, 9, "nine"),
        crowd_size=None,
        notes="On 12 March 2024, a roadside bomb killed 3 civilians in Baghdad.",
        source="Reuters",
    )
    record.sources = [
        {"article_id": "r1", "source": "Reuters", "url": "https://example.org/r1", "published": "2024-03-12",
         "title": "Bomb kills three in Baghdad"},
        {"article_id": "f1", "source": "AFP", "url": "https://example.org/f1", "published": "2024-03-13",
         "title": "Baghdad blast"},
    ]
    record.article_ids = ["r1", "f1"]
    record.source_count = record.mention_count = 2
    record.merge_reasons = ["same day, place and sub-event type"]
    for key, value in changes.items():
        setattr(record, key, value)
    return record


def test_acled_csv_header_is_acled_then_ours():
    out = io.StringIO()
    assert write_acled_csv([], out) == 0
    assert out.getvalue() == ACLED_HEADER + "," + PROVENANCE_HEADER + "\n"
    assert ",".join(EXPORT_COLUMNS) == ACLED_HEADER + "," + PROVENANCE_HEADER


def test_acled_csv_merged_event_lists_every_source():
    out = io.StringIO()
    negated = baghdad_event(negated=True)
    assert write_acled_csv([baghdad_event(), negated, protest_event(hypothetical=True)], out, timestamp=WHEN) == 1
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["source"] == "Reuters; AFP"
    assert row["article_ids"] == "r1;f1" and row["source_count"] == "2" and row["mention_count"] == "2"
    assert (row["iso"], row["country"], row["region"]) == ("368", "Iraq", "Middle East")
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == ("3", "3", "5")
    assert (row["injuries"], row["arrests"]) == ("9", "0")
    assert (row["plover_event"], row["plover_mode"], row["cameo_code"]) == ("ASSAULT", "explosives", "183")
    assert row["event_id"] == row["event_id_cnty"] == baghdad_event().event_id
    assert row["confidence"] == "0.5" and row["timestamp"] == str(WHEN)
    assert row["tags"] == ""  # the crowd-size tag is for Protests and Riots only


def test_source_names_from_the_pipeline_and_from_dedupe():
    from_pipeline = protest_event()
    from_pipeline.sources = [{"name": "example-wire", "url": None, "published": "2024-03-12"}]
    assert acled_row(from_pipeline)["source"] == "example-wire"
    repeated = baghdad_event()
    repeated.sources.append({"article_id": "r2", "source": "Reuters"})
    assert acled_row(repeated)["source"] == "Reuters; AFP"  # an outlet is named once
    nameless = protest_event(source=None)
    assert acled_row(nameless)["source"] == ""


def test_region_is_acleds_not_m49s():
    def region(iso3):
        location = Place("x", "x", iso3=iso3, lat=1.0, lon=1.0, resolved=True)
        return export_row(protest_event(location=location))["region"]

    assert region("KEN") == "Eastern Africa" and region("COD") == "Middle Africa"
    assert region("IRQ") == region("TUR") == "Middle East"
    assert region("IRN") == "Middle East"  # M49 puts Iran in Southern Asia
    assert region("GEO") == region("KAZ") == "Caucasus and Central Asia"  # Georgia the country, in M49's Western Asia
    assert region("AFG") == "South Asia" and region("MMR") == "Southeast Asia" and region("CHN") == "East Asia"
    assert region("UKR") == region("FRA") == "Europe"
    assert region("MEX") == "Central America" and region("USA") == "North America" and region("HTI") == "Caribbean"
    assert region("PNG") == "Oceania"
    assert region(None) == region("XXX") == ""


def test_geojson_places_events_and_counts_the_rest(caplog):
    unplaced = baghdad_event(location=Place("Xanadu", reason="not in the gazetteer"))
    no_place = baghdad_event(location=None)
    records = [protest_event(), baghdad_event(), unplaced, no_place,
               protest_event(negated=True), protest_event(acled=Acled())]  # the last two are not ACLED events
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="newsevents.output"):
        assert write_geojson(records, out) == 2
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    kisumu, baghdad = collection["features"]
    assert kisumu["type"] == "Feature" and kisumu["geometry"]["type"] == "Point"
    assert kisumu["geometry"]["coordinates"] == [34.7617, -0.1022]  # [lon, lat]
    assert baghdad["geometry"]["coordinates"] == [44.400876, 33.340582]
    assert all(isinstance(c, float) for f in collection["features"] for c in f["geometry"]["coordinates"])
    props = baghdad["properties"]
    assert baghdad["id"] == props["event_id"] == baghdad_event().event_id
    assert (props["event_type"], props["sub_event_type"], props["plover_event"]) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT")
    assert (props["fatalities"], props["injuries"], props["arrests"], props["interaction"]) == (3, 9, 0, 37)
    assert (props["location"], props["admin1"], props["country"], props["iso3"], props["geo_precision"]) == (
        "Baghdad", "Baghdad", "Iraq", "IRQ", 1)
    assert (props["source_count"], props["mention_count"]) == (2, 2)
    assert [s["source"] for s in props["sources"]] == ["Reuters", "AFP"]
    assert kisumu["properties"]["actor1"] == "Police Forces of Kenya (2022-)"
    assert "2 events without coordinates left out of GeoJSON" in caplog.messages


def test_geojson_rejects_impossible_coordinates():
    swapped = protest_event(location=Place("Kisumu", "Kisumu", iso3="KEN", lat=191.0, lon=-0.1, resolved=True))
    out = io.StringIO()
    assert write_geojson([swapped], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_geojson_empty_is_a_valid_collection(caplog):
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="newsevents.output"):
        assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
    assert caplog.messages == []


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "events.parquet"
    kept = [protest_event(), baghdad_event(), baghdad_event(location=Place("Xanadu"))]
    assert write_parquet(kept + [protest_event(negated=True)], path, timestamp=WHEN) == 3
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.schema.names == list(EXPORT_COLUMNS) + ["record"]
    types = {field.name: field.type for field in table.schema}
    assert types["event_date"] == pa.date32()
    assert types["latitude"] == types["longitude"] == types["confidence"] == pa.float64()
    assert types["fatalities"] == types["timestamp"] == pa.int64()
    assert types["iso"] == types["year"] == types["interaction"] == pa.int32()
    assert types["article_ids"] == pa.list_(pa.string()) and types["source"] == pa.string()
    rows = table.to_pylist()
    assert rows[0]["event_date"] == dt.date(2024, 3, 12) and rows[0]["year"] == 2024
    assert (rows[0]["latitude"], rows[0]["longitude"], rows[0]["iso"]) == (-0.1022, 34.7617, 404)
    assert rows[0]["tags"] == "crowd size=hundreds" and rows[0]["timestamp"] == WHEN
    assert rows[1]["source"] == "Reuters; AFP" and rows[1]["article_ids"] == ["r1", "f1"]
    assert (rows[1]["fatalities"], rows[1]["fatalities_high"], rows[1]["region"]) == (3, 5, "Middle East")
    assert rows[2]["latitude"] is None and rows[2]["location"] is None and rows[2]["admin3"] is None
    for row, record in zip(rows, kept):
        loaded = json.loads(row["record"])
        assert loaded == record.to_dict()
        assert EventRecord.from_dict(loaded) == record


def test_parquet_empty_still_has_the_schema(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.equals(parquet_schema())


def test_parquet_row_groups_and_binary_file():
    out = io.BytesIO()
    records = (protest_event(article_id=f"a{i}") for i in range(5))  # a generator: written as it comes
    assert write_parquet(records, out, row_group_size=2) == 5
    parquet = pq.ParquetFile(io.BytesIO(out.getvalue()))
    assert parquet.num_row_groups == 3
    assert [parquet.metadata.row_group(i).num_rows for i in range(3)] == [2, 2, 1]
    ids = parquet.read().column("event_id").to_pylist()
    assert ids == [protest_event(article_id=f"a{i}").event_id for i in range(5)] and len(set(ids)) == 5


def test_csv_cells_a_spreadsheet_would_run_are_quoted_not_numbers():
    """Article text reaches notes, actors and places: a leading = + - @ must not become a live formula."""
    hostile = protest_event(notes='=HYPERLINK("http://x.example","click")',
                            actor1=Actor("@admin", "@admin", "Protesters", 6),
                            location=Place("-Kisumu", "-Kisumu", "Kisumu", None, "Kenya", "KEN", -0.1022, 34.7617,
                                           None, 1, True, "gazetteer"))
    out = io.StringIO()
    write_csv([hostile], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["notes"] == "'" + hostile.notes
    assert row["actor1"] == "'@admin" and row["location"] == "'-Kisumu"
    assert row["latitude"] == "-0.1022"  # a negative number stays a number
    assert acled_row(hostile)["notes"] == hostile.notes  # only the CSV file is defused, not the record


def test_printable_keeps_a_terminal_line_inert():
    from newsevents.output import printable

    assert printable("title\x1b[2J\nsecond\tline\x07") == "title?[2J second line?"
