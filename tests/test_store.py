"""The SQLite store: schema and migrations, articles, events and mentions, filters, search, errors."""

import datetime as dt
import json
import os
import sqlite3

import pytest

from newsevents.records import Acled, Actor, Article, Count, EventRecord, Place, Plover, Span
from newsevents.store import MIGRATIONS, EventFilter, Store, StoreError, article_key, fts_query


def _event(article_id="a1", date="2024-03-12", sub="Arrests", etype="Strategic developments", place="Nairobi",
           iso3="KEN", actor1="Police Forces of Kenya", killed=0, start=0, lat=-1.28, lon=36.82):
    record = EventRecord(
        article_id=article_id,
        trigger=Span(start, start + 8, "arrested"),
        sentence=Span(0, 40, "Police arrested 14 people in Nairobi."),
        acled=Acled(event_type=etype, sub_event_type=sub, disorder_type="Strategic developments"),
        plover=Plover(event="COERCE", mode="arrest"),
        date=date,
        time_precision=1,
        actor1=Actor(text="police", name=actor1, type="State forces", inter=1, country=iso3),
        location=Place(text=place, name=place, admin1=place, country={"KEN": "Kenya", "SOM": "Somalia"}.get(iso3), iso3=iso3, lat=lat, lon=lon, geo_precision=1),
        fatalities=Count(killed, killed, killed),
    )
    return record.finalize()


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "events.db")) as s:
        yield s


def _add(store, key, text="Police arrested 14 people in Nairobi on Tuesday.", source="wire", status="coded", **kw):
    store.begin()
    store.add_article(key, Article(id=key, text=text, source=source, published=dt.date(2024, 3, 13), title="Arrests"),
                      status=status, content_hash="h-" + key, **kw)
    store.commit()


def test_schema_is_created_once_and_migrations_are_recorded(tmp_path):
    path = str(tmp_path / "s.db")
    with Store(path) as s:
        names = [r[0] for r in s.db.execute("SELECT name FROM schema_migrations")]
        assert names == [name for name, _ in MIGRATIONS]
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(path) as s:  # reopening applies nothing again
        assert s.migrate() == []
        assert s.integrity_check() == "ok"


def test_plain_sqlite_can_read_the_tables(store, tmp_path):
    _add(store, "k1")
    plain = sqlite3.connect(store.path)
    assert plain.execute("SELECT id, status, source FROM articles").fetchall() == [("k1", "coded", "wire")]
    assert plain.execute("SELECT name, article_count FROM sources").fetchall() == [("wire", 1)]


def test_article_key_is_stable_and_depends_on_url():
    assert article_key("abc", None) == article_key("abc", None)
    assert article_key("abc", "https://a.example/x") != article_key("abc", None)


def test_events_round_trip_with_mentions(store):
    _add(store, "k1")
    record = _event(article_id="k1")
    store.begin()
    store.put_event(record, new=True)
    store.add_mention("k1", record, record.event_id, "new event")
    store.commit()
    back = store.get_event(record.event_id)
    assert back.to_dict() == record.to_dict()
    mentions = store.event_mentions(record.event_id)
    assert [(m["article_id"], m["reason"], m["source"]) for m in mentions] == [("k1", "new event", "wire")]
    assert mentions[0]["record"]["trigger"]["text"] == "arrested"


def test_merged_event_is_rewritten_in_place(store):
    record = _event()
    store.begin()
    store.put_event(record, new=True)
    record.fatalities = Count(2, 2, 5)
    record.mention_count = 2
    store.put_event(record, new=False)
    store.commit()
    row = store.db.execute("SELECT fatalities, fatalities_high, mention_count FROM events").fetchone()
    assert tuple(row) == (2, 5, 2)
    assert store.count_events() == 1


def _candidates(store):
    return store.event_candidates("2024-03-10", "2024-03-14", ["Strategic developments"], [], "KEN", exclude_article="x")


def test_merge_candidates_follow_every_change_of_the_stored_event(store, tmp_path):
    store.begin()
    store.put_event(_event(), new=True)
    store.commit()
    first = _candidates(store)[0]
    assert _candidates(store)[0] is first  # unchanged: parsed once
    first.mention_count = 7  # a merge changes the candidate, then puts it back
    store.begin()
    store.put_event(first, new=False)
    store.commit()
    assert _candidates(store)[0].mention_count == 7
    with Store(str(tmp_path / "events.db")) as other:  # another process rewrites the event
        other.begin()
        changed = _event()
        changed.fatalities = Count(3, 3, 3)
        other.put_event(changed, new=False)
        other.commit()
    again = _candidates(store)[0]
    assert again.fatalities.best == 3 and again.mention_count == 1


def test_put_event_returns_the_json_it_stored(store):
    store.begin()
    text = store.put_event(_event(), new=True)
    store.commit()
    assert text == store.db.execute("SELECT record FROM events").fetchone()[0]
    assert EventRecord.from_dict(json.loads(text)).event_id == _event().event_id


@pytest.fixture
def filled(store):
    rows = [
        _event("a", "2024-03-10", "Arrests", "Strategic developments", "Nairobi", "KEN", lat=-1.28, lon=36.82),
        _event("b", "2024-03-12", "Peaceful protest", "Protests", "Kisumu", "KEN", actor1="Protesters (Kenya)", lat=-0.1, lon=34.75),
        _event("c", "2024-03-15", "Armed clash", "Battles", "Mogadishu", "SOM", actor1="Al Shabaab", killed=4, lat=2.04, lon=45.34),
    ]
    negated = _event("d", "2024-03-12", "Attack", "Violence against civilians", "Nairobi", "KEN")
    negated.negated = True
    negated.finalize()
    store.begin()
    for key, text in [("a", "Police arrested students in Nairobi."), ("b", "Teachers marched through Kisumu."),
                      ("c", "Fighters clashed with troops near Mogadishu."), ("d", "Police denied attacking anyone.")]:
        store.add_article(key, Article(id=key, text=text, source="wire"), status="coded", content_hash=key)
    for r in [*rows, negated]:
        store.put_event(r, new=True)
        store.add_mention(r.article_id, r, r.event_id, "new event")
    store.commit()
    return store


@pytest.mark.parametrize("where, expected", [
    (EventFilter(), ["a", "b", "c"]),
    (EventFilter(include_unreal=True), ["a", "b", "d", "c"]),
    (EventFilter(date_from="2024-03-11", date_to="2024-03-14"), ["b"]),
    (EventFilter(country="SOM"), ["c"]),
    (EventFilter(country="kenya"), ["a", "b"]),
    (EventFilter(admin1="kisumu"), ["b"]),
    (EventFilter(type="Protests"), ["b"]),
    (EventFilter(type="armed clash"), ["c"]),
    (EventFilter(type="COERCE"), ["a", "b", "c"]),
    (EventFilter(actor="shabaab"), ["c"]),
    (EventFilter(text="marched Kisumu"), ["b"]),
    (EventFilter(min_fatalities=1), ["c"]),
    (EventFilter(bbox=(30.0, -5.0, 40.0, 5.0)), ["a", "b"]),
])
def test_event_filters(filled, where, expected):
    assert [e.article_id for e in filled.events(where)] == expected
    assert filled.count_events(where) == len(expected)


def test_pages_continue_after_a_cursor(filled):
    first = list(filled.events(limit=2))
    rest = list(filled.events(after=(first[-1].date, first[-1].event_id)))
    assert [e.article_id for e in first + rest] == ["a", "b", "c"]


@pytest.mark.parametrize("hostile", ["'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "NEAR(qq", "*", "a\\b", "x" * 10_000])
def test_hostile_filter_values_are_data_not_sql(filled, hostile):
    for where in (EventFilter(actor=hostile), EventFilter(text=hostile), EventFilter(country=hostile), EventFilter(type=hostile)):
        assert list(filled.events(where)) == []
    assert filled.search(hostile) == []
    assert filled.count_events() == 3


def test_fts_query_quotes_every_word():
    assert fts_query('police "raid') == '"police" """raid"'


def test_search_finds_words_in_title_or_text(filled):
    hits = filled.search("clashed troops")
    assert [h["id"] for h in hits] == ["c"]
    assert "[clashed]" in hits[0]["snippet"]


def test_failed_articles_are_listed_with_their_reason(store):
    _add(store, "bad", text="", status="failed", error="empty text")
    _add(store, "good")
    failed = list(store.articles(status="failed"))
    assert [(a.id, a.error) for a in failed] == [("bad", "empty text")]
    assert [a.id for a in store.articles()] == ["bad", "good"]
    assert store.stats()["articles_by_status"] == {"coded": 1, "failed": 1}


def test_readonly_store_refuses_writes_with_a_clear_error(tmp_path):
    path = str(tmp_path / "s.db")
    Store(path).close()
    with Store(path, readonly=True) as s:
        with pytest.raises(StoreError, match="read-only"):
            s.begin()
            s.add_article("k", Article(id="k", text="x"), status="coded")


def test_missing_store_is_an_input_error_when_reading(tmp_path):
    from newsevents.errors import InputError

    with pytest.raises(InputError, match="no such store"):
        Store(str(tmp_path / "nope.db"), readonly=True)


def test_a_file_that_is_not_a_store_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(str(path))


def test_readers_do_not_wait_for_an_open_write_transaction(store):
    _add(store, "k1")
    store.begin()
    store.add_article("k2", Article(id="k2", text="Soldiers shelled a village."), status="coded", content_hash="x")
    with Store(store.path, readonly=True) as reader:  # WAL: sees the last commit at once, no lock wait
        assert [a.id for a in reader.articles()] == ["k1"]
    store.commit()
    with Store(store.path, readonly=True) as reader:
        assert [a.id for a in reader.articles()] == ["k1", "k2"]
