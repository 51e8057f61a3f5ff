"""Writers: JSONL keeps the full record nested; CSV has ACLED's exact export header; the table is for people."""

from __future__ import annotations

import csv
import io
import json

from newsevents.output import ACLED_COLUMNS, WRITERS, acled_row, write_csv, write_jsonl, write_table
from newsevents.records import Acled, Actor, Count, EventRecord, Place, Plover, Span, Cameo

TEXT = "Police fired on protesters in Kisumu on Tuesday, killing two and wounding 11."

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)


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
    assert row["region"] == row["admin3"] == row["source_scale"] == row["timestamp"] == ""


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
    assert set(WRITERS) == {"jsonl", "csv", "table"}
