"""Ingest into the store: idempotent, duplicates recognised, events merged across sources, failures kept."""

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from newsevents import cli, ingest, pipeline, read
from newsevents.store import EventFilter, Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "basra-raid.txt"
REWRITE = ROOT / "tests" / "data" / "basra-rewrite.txt"

RAID = """Police raid opposition office in Kisumu

KISUMU, March 12 - Kenyan police raided the Kisumu office of the opposition Umoja party on Tuesday and
arrested six party officials, a police spokesman said. Officers seized computers and documents during
the raid, which lasted several hours.

The party said the arrests were politically motivated and called for the release of its members.
"""

SHOOTING = """Two killed as gunmen attack market in Mandera

MANDERA, March 11 - Gunmen opened fire on a crowded market in Mandera on Monday, killing two traders and
wounding five other people, local officials said. The attackers fled towards the border.

Residents said the market had been closed for the rest of the day.
"""


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _ingest(db, *paths, **kw):
    with Store(db) as store:
        return ingest.ingest(read.read_paths(paths, **kw), store)


def _counts(db):
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "mentions", "sources")}
    finally:
        con.close()


def test_ingesting_the_same_file_twice_changes_nothing(tmp_path):
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "a.jsonl", [
        {"id": "raid", "text": RAID, "published": "2024-03-12", "source": "daily"},
        {"id": "shooting", "text": SHOOTING, "published": "2024-03-12", "source": "daily"},
        {"id": "empty", "text": "", "source": "daily"},
    ])
    first = _ingest(db, data)
    assert (first.read, first.new, first.failed) == (3, 2, 1)
    assert first.events >= 2
    before = _counts(db)
    with Store(db) as s:
        events_before = [e.to_dict() for e in s.events(EventFilter(include_unreal=True))]
    second = _ingest(db, data)
    assert (second.new, second.duplicate, second.failed, second.events, second.merged) == (0, 3, 0, 0, 0)
    assert _counts(db) == before
    with Store(db) as s:
        assert [e.to_dict() for e in s.events(EventFilter(include_unreal=True))] == events_before


def test_the_same_text_from_another_outlet_is_a_duplicate_that_adds_its_source(tmp_path):
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": RAID, "published": "2024-03-12", "source": "daily", "url": "https://daily.example/raid"},
        {"id": "b", "text": RAID.replace("\n", " "), "published": "2024-03-12", "source": "weekly", "url": "https://weekly.example/r"},
    ])
    summary = _ingest(db, data)
    assert (summary.new, summary.duplicate) == (1, 1)
    with Store(db) as s:
        events = list(s.events(EventFilter(include_unreal=True)))
        assert len(events) == summary.events == len(pipeline.code_text(RAID, published=dt.date(2024, 3, 12)))
        for event in events:
            assert {src["source"] for src in event.sources} == {"daily", "weekly"}
            assert event.source_count == 2 and event.mention_count == 2
        copy = [a for a in s.articles() if a.status == "duplicate"][0]
        assert copy.origin == "b" and copy.url == "https://weekly.example/r" and copy.duplicate_of


def test_a_syndicated_copy_joins_the_story_and_its_events(tmp_path):
    db = str(tmp_path / "s.db")
    edited = RAID.replace("Police raid opposition office in Kisumu", "UPDATE: Kenyan police raid party office") \
        + "\nThe interior ministry declined to comment.\n"
    data = _jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "text": RAID, "published": "2024-03-12", "source": "daily"},
        {"id": "b", "text": edited, "published": "2024-03-12", "source": "agency"},
    ])
    summary = _ingest(db, data)
    assert (summary.new, summary.near_duplicate) == (2, 1)
    with Store(db) as s:
        a, b = list(s.articles())
        similarity = s.db.execute("SELECT similarity FROM articles WHERE id = ?", (b.id,)).fetchone()[0]
        assert b.story_id == a.id and b.duplicate_of == a.id and 0.7 <= similarity < 1
        events = list(s.events(EventFilter(include_unreal=True)))
        assert summary.merged == a.event_count == b.event_count == len(events)
        assert all(e.source_count == 2 and e.mention_count == 2 for e in events)


def test_events_of_different_stories_stay_apart(tmp_path):
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "a.jsonl", [
        {"id": "raid", "text": RAID, "published": "2024-03-12", "source": "daily"},
        {"id": "shooting", "text": SHOOTING, "published": "2024-03-12", "source": "other"},
    ])
    summary = _ingest(db, data)
    assert summary.merged == 0
    with Store(db) as s:
        assert all(e.mention_count == 1 for e in s.events(EventFilter(include_unreal=True)))


def test_failed_articles_keep_their_text_and_reason(tmp_path):
    db = str(tmp_path / "s.db")
    french = "La police a arrêté dix manifestants devant la préfecture de Dakar mardi, selon les organisateurs du rassemblement qui dénoncent une répression."
    data = _jsonl(tmp_path / "a.jsonl", [{"id": "fr", "text": french}, {"id": "ok", "text": RAID, "published": "2024-03-12"}])
    (tmp_path / "a.jsonl").write_text((tmp_path / "a.jsonl").read_text() + "{broken json\n")
    summary = _ingest(db, data)
    assert (summary.read, summary.new, summary.failed) == (3, 1, 2)
    with Store(db) as s:
        failed = {a.origin: a for a in s.articles(status="failed", with_text=True)}
    assert failed["fr"].text == french and "not English" in failed["fr"].error
    assert any("line 3" in origin for origin in failed)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article is not at ../shared/data/seed (outside this repository)")
def test_seed_and_a_rewrite_give_the_raid_and_the_shooting_once_each_with_both_sources(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "basra.jsonl", [
        {"id": "rferl", "text": SEED.read_text(encoding="utf-8"), "published": "2020-05-11", "source": "rferl"},
        {"id": "rewrite", "text": REWRITE.read_text(encoding="utf-8"), "published": "2020-05-11", "source": "gulf-desk"},
    ])
    assert cli.main(["ingest", data, "--db", db]) == 0
    with Store(db) as s:
        events = list(s.events())
    raids = [e for e in events if e.acled.sub_event_type in ("Arrests", "Change to group/activity")
             and e.location and e.location.iso3 == "IRQ" and e.arrests.best == 5]
    shootings = [e for e in events if e.acled.sub_event_type == "Excessive force against protesters"]
    assert len(raids) == 1, [e.notes for e in raids]
    assert len(shootings) == 1, [e.notes for e in shootings]
    for event in raids + shootings:
        assert {src["source"] for src in event.sources} == {"rferl", "gulf-desk"}, event.notes
        assert event.source_count == 2
    before = _counts(db)
    assert cli.main(["ingest", data, "--db", db]) == 0
    assert _counts(db) == before


def test_cli_ingest_events_export_search(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "a.jsonl", [
        {"id": "raid", "text": RAID, "published": "2024-03-12", "source": "daily"},
        {"id": "shooting", "text": SHOOTING, "published": "2024-03-12", "source": "daily"},
        {"id": "bad", "text": "   "},
    ])
    assert cli.main(["ingest", data, "--db", db]) == 1  # one article failed
    err = capsys.readouterr().err
    assert "skipped" in err and "bad" in err and "read 3 articles: 2 new" in err

    assert cli.main(["events", "--db", db, "--type", "Arrests", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(l)["acled"]["sub_event_type"] for l in lines] == ["Arrests"]

    out = tmp_path / "e.geojson"
    assert cli.main(["export", "--db", db, "--format", "geojson", "-o", str(out)]) == 0
    geo = json.loads(out.read_text())
    assert geo["type"] == "FeatureCollection" and geo["features"]

    assert cli.main(["export", "--db", db, "--format", "acled-csv", "--country", "KEN"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,year,time_precision,disorder_type")

    assert cli.main(["search", "market gunmen", "--db", db]) == 0
    assert "Mandera" in capsys.readouterr().out

    assert cli.main(["articles", "--failed", "--db", db]) == 0
    assert "empty" in capsys.readouterr().out


def test_article_listings_print_no_control_characters(tmp_path, capsys):
    """A title, source or error in the store (the reader escapes them, but a store may come from elsewhere)
    cannot drive the terminal of whoever lists it."""
    db = str(tmp_path / "s.db")
    data = _jsonl(tmp_path / "a.jsonl", [{"id": "esc", "text": RAID, "published": "2024-03-12", "source": "daily"}])
    assert cli.main(["ingest", data, "--db", db]) == 0
    with sqlite3.connect(db) as con:
        con.execute("UPDATE articles SET title = 'Raid\x1b[2J report', source = 'daily\x07', error = 'bad\x1b]0;x'")
    capsys.readouterr()
    for command in (["articles", "--db", db], ["search", "raid", "--db", db]):
        assert cli.main(command) == 0
        out = capsys.readouterr().out
        assert "daily?" in out and "\x1b" not in out and "\x07" not in out, command
    assert "Raid?[2J report" in out


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert cli.main(["events", "--db", str(tmp_path / "missing.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsevents: error: no such store") and len(err.splitlines()) == 1
    notdb = tmp_path / "x.db"
    notdb.write_bytes(b"\x00garbage" * 1000)
    assert cli.main(["events", "--db", str(notdb)]) == 1
    err = capsys.readouterr().err
    assert "newsevents: error:" in err and "Traceback" not in err
