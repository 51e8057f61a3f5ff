"""The store: one SQLite file holding articles, events, and which article told which event.

Plain tables any SQLite tool can open (the schema is documented in docs/store.md):

- ``articles``: every article given, with its full text, metadata, status (``coded``, ``duplicate``,
  ``failed``), the reason it failed, and the story it belongs to (near-duplicate copies share one);
  ``articles_fts`` searches its title and text (FTS5).
- ``events``: one row per event after cross-article dedupe: the ACLED/PLOVER/CAMEO columns to filter on,
  and ``record``, the full EventRecord as JSON (with every source).
- ``mentions``: one row per (article, event it told), with that article's own coding and evidence spans.
- ``sources``: the outlets seen, with their article counts.

The file runs in WAL mode: one writer, and readers never wait for it. A writer commits a batch of
articles in one transaction, so a process killed at any moment loses only the batch in flight, and
running the same input again resumes: articles already stored are recognised by their key and skipped.
Migrations are named and recorded in ``schema_migrations``; each runs in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from newsevents.dedupe import date_span
from newsevents.errors import InputError, NewsEventsError
from newsevents.records import Article, EventRecord

logger = logging.getLogger(__name__)

__all__ = ["Store", "StoreError", "EventFilter", "StoredArticle", "article_key", "MIGRATIONS"]

BUSY_TIMEOUT_MS = 30_000
PARSED_CANDIDATES = 4096  # merge candidates kept parsed (about 10 KB each)

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            first_seen TEXT NOT NULL,
            article_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,          -- content hash + url: ingesting the same article again finds it
            origin TEXT,                      -- where it was read: path, path:line, URL
            content_hash TEXT,
            url TEXT,
            title TEXT,
            source TEXT REFERENCES sources(name),
            published TEXT,                   -- ISO date
            language TEXT,
            text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('coded', 'duplicate', 'failed')),
            error TEXT,                       -- why it failed, one line
            story_id TEXT,                    -- id of the first article of its story (near-duplicates share it)
            duplicate_of TEXT,                -- the article it copies, exactly or nearly
            similarity REAL,                  -- estimated Jaccard similarity to duplicate_of
            signature BLOB,                   -- MinHash signature, for near-duplicate search
            event_count INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_status ON articles(status);
        CREATE INDEX articles_story ON articles(story_id);
        CREATE TABLE article_lsh (
            key INTEGER NOT NULL,
            article_rowid INTEGER NOT NULL REFERENCES articles(rowid),
            PRIMARY KEY (key, article_rowid)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
        END;
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            event_date TEXT,
            date_end TEXT,
            time_precision INTEGER,
            date_lo TEXT,                    -- first and last day the date stands for, by its precision
            date_hi TEXT,                    -- (a week-precision date covers 7 days): used to find duplicates
            disorder_type TEXT,
            event_type TEXT,
            sub_event_type TEXT,
            plover_event TEXT,
            plover_mode TEXT,
            cameo_code TEXT,
            actor1 TEXT,
            inter1 INTEGER,
            actor2 TEXT,
            inter2 INTEGER,
            interaction INTEGER,
            iso3 TEXT,
            country TEXT,
            admin1 TEXT,
            admin2 TEXT,
            location TEXT,
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            fatalities INTEGER NOT NULL DEFAULT 0,
            fatalities_low INTEGER NOT NULL DEFAULT 0,
            fatalities_high INTEGER NOT NULL DEFAULT 0,
            injuries INTEGER NOT NULL DEFAULT 0,
            arrests INTEGER NOT NULL DEFAULT 0,
            source_count INTEGER NOT NULL DEFAULT 1,
            mention_count INTEGER NOT NULL DEFAULT 1,
            confidence REAL,
            negated INTEGER NOT NULL DEFAULT 0,
            hypothetical INTEGER NOT NULL DEFAULT 0,
            historical INTEGER NOT NULL DEFAULT 0,
            notes TEXT,
            record TEXT NOT NULL,            -- the full EventRecord as JSON
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(event_date, id);
        CREATE INDEX events_span ON events(date_lo, date_hi);
        CREATE INDEX events_country_date ON events(iso3, event_date);
        CREATE INDEX events_type ON events(event_type, sub_event_type);
        CREATE INDEX events_admin1 ON events(admin1);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            mention_id TEXT NOT NULL,        -- the event's id as coded from this article alone
            event_id TEXT NOT NULL REFERENCES events(id),
            reason TEXT NOT NULL,            -- 'new event', or why it was merged into event_id
            record TEXT NOT NULL,            -- this article's own coding, with its evidence spans
            PRIMARY KEY (article_id, mention_id)
        );
        CREATE INDEX mentions_event ON mentions(event_id);
        """,
    ),
    (
        # Merge candidates are looked up by country and date span (event_candidates): with this index the
        # span is tested in the index, and only events that can merge are read, not every event of the country.
        "0002_events_country_span",
        "CREATE INDEX events_country_span ON events(iso3, date_hi, date_lo);",
    ),
)


class StoreError(NewsEventsError):
    """The store cannot be opened, read or written (not a newsevents store, read-only, disk full)."""


@dataclass
class StoredArticle:
    """An article row as the store keeps it (without the signature)."""

    id: str
    origin: str | None
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    status: str
    error: str | None
    story_id: str | None
    duplicate_of: str | None
    event_count: int
    ingested_at: str
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class EventFilter:
    """Which events to return; every field is optional and they combine with AND."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None  # a country name or ISO3 code
    admin1: str | None = None
    type: str | None = None  # an ACLED event type or sub-event type, or a PLOVER event type
    actor: str | None = None  # words in actor1 or actor2
    text: str | None = None  # a full-text query over the articles that told the event
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    min_fatalities: int | None = None
    include_unreal: bool = False  # negated, hypothetical and background (historical) mentions: stored, hidden by default

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (over table alias e) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if not self.include_unreal:
            clauses.append("e.negated = 0 AND e.hypothetical = 0 AND e.historical = 0")
        if self.date_from:
            clauses.append("e.event_date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("e.event_date <= ?")
            params.append(self.date_to)
        if self.country:
            clauses.append("(upper(e.iso3) = upper(?) OR lower(e.country) = lower(?))")
            params += [self.country, self.country]
        if self.admin1:
            clauses.append("lower(e.admin1) = lower(?)")
            params.append(self.admin1)
        if self.type:
            clauses.append("(lower(e.event_type) = lower(?) OR lower(e.sub_event_type) = lower(?) OR lower(e.plover_event) = lower(?))")
            params += [self.type] * 3
        if self.actor:
            clauses.append("(e.actor1 LIKE ? ESCAPE '\\' OR e.actor2 LIKE ? ESCAPE '\\')")
            pattern = "%" + _like_escape(self.actor) + "%"
            params += [pattern, pattern]
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            clauses.append("e.longitude BETWEEN ? AND ? AND e.latitude BETWEEN ? AND ?")
            params += [min_lon, max_lon, min_lat, max_lat]
        if self.min_fatalities is not None:
            clauses.append("e.fatalities >= ?")
            params.append(self.min_fatalities)
        if self.text:
            clauses.append(
                "e.id IN (SELECT m.event_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
            )
            params.append(fts_query(self.text))
        return (" AND ".join(clauses) or "1"), params


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must occur; quotes keep FTS5 syntax from being injected."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"' for w in words if w.strip('"')) or '""'


def article_key(content_hash: str, url: str | None) -> str:
    """The id an article is stored under: its normalized text's hash, plus its URL where known."""
    return hashlib.sha1(f"{content_hash}|{url or ''}".encode("utf-8")).hexdigest()[:20]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: Any) -> Any:
    """A string SQLite can encode: lone surrogates (a file name in a foreign encoding, a "\\ud800" in JSON)
    written as \\udXXX escapes, so an article is kept rather than its whole batch lost."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    return value


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """One SQLite file; open with ``Store(path)`` (created with its schema on first use) and close when done."""

    def __init__(self, path: str, *, readonly: bool = False, create: bool = True):
        self.path = path
        self.readonly = readonly
        if readonly or not create:
            if path != ":memory:" and not os.path.exists(path):
                raise InputError(f"no such store: {path} (create one with 'newsevents ingest ... --db {path}')")
        try:
            if readonly:
                self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                          isolation_level=None, check_same_thread=False)
            else:
                self.db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                          check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # NORMAL in WAL mode: a killed process never loses a committed transaction; only a power cut can.
                self.db.execute("PRAGMA synchronous = NORMAL")
                self.db.execute("PRAGMA foreign_keys = ON")
                self.migrate()
            else:
                self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {path} as a newsevents store: {exc}") from None
        self._in_batch = False
        # Merge candidates as last read: event id -> (its stored JSON, the record parsed from it). An event is a
        # candidate for every later event of its country and days, and parsing its JSON again each time was
        # a third of a merge's time; a cached record is used only while the stored JSON is still the same.
        self._parsed: dict[str, tuple[str, EventRecord]] = {}

    # -- schema ---------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction; returns their names."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            # executescript commits first, so the migration is wrapped in its own BEGIN ... COMMIT.
            try:
                self.db.executescript(f"BEGIN IMMEDIATE;\n{sql}\nINSERT INTO schema_migrations VALUES ('{name}', '{_now()}');\nCOMMIT;")
            except sqlite3.Error:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            applied.append(name)
            logger.info("store %s: applied migration %s", self.path, name)
        return applied

    def _check_schema(self) -> None:
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"articles", "events", "mentions"} <= tables:
            raise StoreError(f"{self.path} is not a newsevents store (no articles/events tables)")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------------

    def begin(self) -> None:
        """Start a write transaction (BEGIN IMMEDIATE: the write lock is taken now, not at the first write)."""
        self._write(lambda: self.db.execute("BEGIN IMMEDIATE"))
        self._in_batch = True

    def commit(self) -> None:
        if self._in_batch:
            self._write(lambda: self.db.execute("COMMIT"))
            self._in_batch = False

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self._in_batch = False

    def _write(self, action):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if "readonly" in message or "read-only" in message:
                raise StoreError(f"{self.path} is read-only: cannot write to it") from None
            if "disk is full" in message or "database or disk is full" in message:
                raise StoreError(f"disk full while writing {self.path}: nothing after the last commit was written") from None
            if "disk I/O error" in message:  # a write the kernel refused: no space, a file size limit, a bad disk
                raise StoreError(f"cannot write {self.path}: disk I/O error (is the disk full?)") from None
            if "locked" in message or "busy" in message:
                raise StoreError(f"{self.path} is locked by another writer (only one ingest at a time)") from None
            raise StoreError(f"cannot write {self.path}: {message}") from None

    # -- articles --------------------------------------------------------------------------------

    def has_article(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (key,)).fetchone() is not None

    def articles_with_hash(self, content_hash: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT id, story_id, status FROM articles WHERE content_hash = ? AND status != 'failed' ORDER BY rowid",
            (content_hash,),
        ).fetchall()

    def lsh_candidates(self, keys: Sequence[int]) -> list[sqlite3.Row]:
        """Stored articles sharing at least one LSH band key, with their signatures."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return self.db.execute(
            f"SELECT DISTINCT a.rowid, a.id, a.story_id, a.signature FROM article_lsh l JOIN articles a ON a.rowid = l.article_rowid "
            f"WHERE l.key IN ({marks}) AND a.status != 'failed'",
            list(keys),
        ).fetchall()

    def add_article(self, key: str, article: Article, *, status: str, content_hash: str | None = None,
                    error: str | None = None, story_id: str | None = None, duplicate_of: str | None = None,
                    similarity: float | None = None, signature: bytes | None = None,
                    lsh_keys: Sequence[int] = (), event_count: int = 0, origin: str | None = None) -> None:
        """Insert one article row (and its source, FTS entry and LSH keys); inside a batch."""
        if article.source:
            self._write(lambda: self.db.execute(
                "INSERT INTO sources(name, first_seen, article_count) VALUES (?, ?, 1) "
                "ON CONFLICT(name) DO UPDATE SET article_count = article_count + 1",
                (_storable(article.source), _now()),
            ))
        cursor = self._write(lambda: self.db.execute(
            "INSERT INTO articles(id, origin, content_hash, url, title, source, published, language, text, status, error, "
            "story_id, duplicate_of, similarity, signature, event_count, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_storable(v) for v in (
                key, origin or article.id, content_hash, article.url, article.title, article.source,
                article.published.isoformat() if article.published else None, article.language, article.text or "",
                status, error, story_id or key, duplicate_of, similarity, signature, event_count, _now())],
        ))
        if lsh_keys:
            rowid = cursor.lastrowid
            self._write(lambda: self.db.executemany(
                "INSERT OR IGNORE INTO article_lsh(key, article_rowid) VALUES (?, ?)", [(k, rowid) for k in lsh_keys]
            ))

    def set_event_count(self, key: str, count: int) -> None:
        self._write(lambda: self.db.execute("UPDATE articles SET event_count = ? WHERE id = ?", (count, key)))

    def article(self, key: str) -> StoredArticle | None:
        row = self.db.execute(f"SELECT {_ARTICLE_COLUMNS}, text FROM articles WHERE id = ?", (key,)).fetchone()
        return StoredArticle(**dict(row)) if row else None

    def articles(self, *, status: str | None = None, limit: int | None = None, after: int = 0,
                 with_text: bool = False) -> Iterator[StoredArticle]:
        """Articles in the order they were stored; `status` picks coded, duplicate or failed ones."""
        sql = f"SELECT rowid, {_ARTICLE_COLUMNS}{', text' if with_text else ''} FROM articles WHERE rowid > ?"
        params: list[Any] = [after]
        if status:
            sql += " AND status = ?"
            params.append(status)
        sql += " ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.db.execute(sql, params):
            values = dict(row)
            values.pop("rowid")
            yield StoredArticle(**values)

    def search(self, query: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text hold every word of `query`, best first, with a snippet."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.source, a.url, a.published, a.status, a.event_count, "
            "snippet(articles_fts, 1, '[', ']', ' ... ', 12) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query(query), limit),
        ).fetchall()
        return [dict(r) for r in rows]

    def mentions_of_article(self, article_key_: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT mention_id, event_id, reason, record FROM mentions WHERE article_id = ?", (article_key_,)
        ).fetchall()

    # -- events ----------------------------------------------------------------------------------

    def event_candidates(self, date_from: str, date_to: str, types: Sequence[str], plover: Sequence[str],
                         iso3: str | None, exclude_article: str) -> list[EventRecord]:
        """Stored events that could be the same as a new one: whose span meets the date window, of a compatible type,
        in the same country (both unplaced, or both in one iso3), not already told by this article."""
        type_marks = ",".join("?" * len(types)) or "NULL"
        plover_marks = ",".join("?" * len(plover)) or "NULL"
        sql = (
            "SELECT e.record FROM events e WHERE e.date_lo <= ? AND e.date_hi >= ? "
            f"AND (e.event_type IN ({type_marks}) OR (e.event_type IS NULL AND e.plover_event IN ({plover_marks}))) "
            "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND m.article_id = ?) "
        )
        params: list[Any] = [date_to, date_from, *types, *plover, exclude_article]
        # Countries partition the events exactly (an unplaced event meets only unplaced ones), so a cluster
        # can dedupe each country on its own and still agree with one machine.
        if iso3:
            sql += "AND e.iso3 = ? "
            params.append(iso3)
        else:
            sql += "AND e.iso3 IS NULL "
        sql = sql.replace("SELECT e.record", "SELECT e.id, e.record", 1) + "ORDER BY e.event_date, e.id"
        return [self._candidate(event_id, text) for event_id, text in self.db.execute(sql, params)]

    def _candidate(self, event_id: str, text: str) -> EventRecord:
        """The record stored as `text`, parsed once (callers change a candidate only to put it back: put_event
        drops it from the cache)."""
        cached = self._parsed.get(event_id)
        if cached is not None and cached[0] == text:
            return cached[1]
        record = EventRecord.from_dict(json.loads(text))
        if len(self._parsed) >= PARSED_CANDIDATES:
            del self._parsed[next(iter(self._parsed))]  # the oldest entry
        self._parsed[event_id] = (text, record)
        return record

    def put_event(self, record: EventRecord, *, new: bool) -> str:
        """Insert a new event row, or rewrite a merged one (same id) from its record; returns the record's JSON."""
        self._parsed.pop(record.event_id, None)
        values = _event_columns(record)
        now = _now()
        if new:
            columns = ", ".join(values) + ", created_at, updated_at"
            marks = ", ".join("?" * (len(values) + 2))
            self._write(lambda: self.db.execute(f"INSERT INTO events({columns}) VALUES ({marks})", [*values.values(), now, now]))
        else:
            sets = ", ".join(f"{k} = ?" for k in values if k != "id") + ", updated_at = ?"
            params = [v for k, v in values.items() if k != "id"] + [now, record.event_id]
            self._write(lambda: self.db.execute(f"UPDATE events SET {sets} WHERE id = ?", params))
        return values["record"]

    def add_mention(self, article_key_: str, mention: EventRecord, event_id: str, reason: str,
                    record_json: str | None = None) -> None:
        """One article's telling of an event; `record_json`, when given, is the mention's JSON already made
        (a new event's row holds the same record: serializing it once is a fifth of a merge's time)."""
        if record_json is None:
            record_json = json.dumps(mention.to_dict(), ensure_ascii=False)
        self._write(lambda: self.db.execute(
            "INSERT OR IGNORE INTO mentions(article_id, mention_id, event_id, reason, record) VALUES (?, ?, ?, ?, ?)",
            (article_key_, mention.event_id, event_id, reason, record_json),
        ))

    def get_event(self, event_id: str) -> EventRecord | None:
        row = self.db.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
        return EventRecord.from_dict(json.loads(row[0])) if row else None

    def event_mentions(self, event_id: str) -> list[dict[str, Any]]:
        """Every article mention of an event: the article's metadata, the merge reason and its own coding."""
        rows = self.db.execute(
            "SELECT m.article_id, m.mention_id, m.reason, m.record, a.title, a.source, a.url, a.published "
            "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? ORDER BY a.rowid",
            (event_id,),
        ).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            item["record"] = json.loads(item["record"])
            out.append(item)
        return out

    def events(self, where: EventFilter | None = None, *, limit: int | None = None,
               after: tuple[str, str] | None = None) -> Iterator[EventRecord]:
        """Events matching the filter, ordered by date then id; `after` (date, id) continues a page."""
        clause, params = (where or EventFilter()).where()
        sql = f"SELECT e.record FROM events e WHERE {clause}"
        if after:
            sql += " AND (coalesce(e.event_date, ''), e.id) > (?, ?)"
            params = [*params, after[0], after[1]]
        sql += " ORDER BY coalesce(e.event_date, ''), e.id"
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, limit]
        try:
            for row in self.db.execute(sql, params):
                yield EventRecord.from_dict(json.loads(row[0]))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot read events: {exc}") from None

    def count_events(self, where: EventFilter | None = None) -> int:
        clause, params = (where or EventFilter()).where()
        return self.db.execute(f"SELECT count(*) FROM events e WHERE {clause}", params).fetchone()[0]

    def stats(self) -> dict[str, Any]:
        """Counts of articles by status, events, mentions and sources."""
        by_status = dict(self.db.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall())
        return {
            "articles": sum(by_status.values()),
            "articles_by_status": by_status,
            "events": self.db.execute("SELECT count(*) FROM events").fetchone()[0],
            "mentions": self.db.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "sources": self.db.execute("SELECT count(*) FROM sources").fetchone()[0],
            "stories": self.db.execute("SELECT count(DISTINCT story_id) FROM articles WHERE status != 'failed'").fetchone()[0],
        }

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


_ARTICLE_COLUMNS = "id, origin, url, title, source, published, status, error, story_id, duplicate_of, event_count, ingested_at"


def _event_columns(r: EventRecord) -> dict[str, Any]:
    loc = r.location
    span = date_span(r)
    return {
        "id": r.event_id,
        "event_date": r.date,
        "date_end": r.date_end,
        "time_precision": r.time_precision,
        "date_lo": span[0].isoformat() if span else None,
        "date_hi": span[1].isoformat() if span else None,
        "disorder_type": r.acled.disorder_type,
        "event_type": r.acled.event_type,
        "sub_event_type": r.acled.sub_event_type,
        "plover_event": r.plover.event,
        "plover_mode": r.plover.mode,
        "cameo_code": r.cameo.code,
        "actor1": r.actor1.name if r.actor1 else None,
        "inter1": r.actor1.inter if r.actor1 else None,
        "actor2": r.actor2.name if r.actor2 else None,
        "inter2": r.actor2.inter if r.actor2 else None,
        "interaction": r.interaction,
        "iso3": loc.iso3 if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "fatalities": r.fatalities.best,
        "fatalities_low": r.fatalities.low,
        "fatalities_high": r.fatalities.high,
        "injuries": r.injuries.best,
        "arrests": r.arrests.best,
        "source_count": r.source_count,
        "mention_count": r.mention_count,
        "confidence": r.confidence,
        "negated": int(r.negated),
        "hypothetical": int(r.hypothetical),
        "historical": int(r.historical),
        "notes": r.notes,
        "record": json.dumps(r.to_dict(), ensure_ascii=False),
    }
