"""Reads the store's public methods do not offer: statistics, article pages, event and article details.

Plain SQL over the documented tables (articles, events, mentions), on the read-only Store a request holds.
"""

from __future__ import annotations

import json
from typing import Any

from newsevents.api.filters import ApiFilter
from newsevents.store import Store, fts_query

__all__ = ["stats", "article_page", "event_detail", "article_detail", "ARTICLE_COLUMNS"]

ARTICLE_COLUMNS = ("id", "origin", "url", "title", "source", "published", "status", "error", "story_id",
                   "duplicate_of", "event_count", "ingested_at")


def stats(store: Store, where: ApiFilter) -> dict[str, Any]:
    """Counts and fatalities of the events matching the filter: in all, by day and type, type, place."""
    clause, params = where.where()
    base = f"FROM events e WHERE {clause}"
    db = store.db

    def rows(select: str, group: str, order: str) -> list[dict[str, Any]]:
        sql = f"SELECT {select}, count(*) AS count, coalesce(sum(e.fatalities), 0) AS fatalities {base} GROUP BY {group} ORDER BY {order}"
        return [dict(r) for r in db.execute(sql, params)]

    count, fatalities = db.execute(f"SELECT count(*), coalesce(sum(e.fatalities), 0) {base}", params).fetchone()
    return {
        "count": count,
        "fatalities": fatalities,
        "by_day": rows("e.event_date AS date, e.event_type AS event_type", "e.event_date, e.event_type",
                       "e.event_date, e.event_type"),
        "by_type": rows("e.event_type AS name", "e.event_type", "count DESC, name"),
        "by_sub_event_type": rows("e.sub_event_type AS name", "e.sub_event_type", "count DESC, name"),
        "by_plover": rows("e.plover_event AS name", "e.plover_event", "count DESC, name"),
        "by_country": rows("e.iso3 AS iso3, max(e.country) AS country", "e.iso3", "count DESC, iso3"),
        "by_admin1": rows("e.iso3 AS iso3, max(e.country) AS country, e.admin1 AS admin1", "e.iso3, e.admin1",
                          "count DESC, iso3, admin1"),
        "store": store.stats(),
    }


def article_page(store: Store, *, status: str | None, source: str | None, q: str | None, limit: int,
                 after: int) -> tuple[list[dict[str, Any]], int, int | None]:
    """One page of articles in the order they were stored, the total matching, and the last rowid if more follow."""
    clauses, params = ["1"], []
    if status:
        clauses.append("a.status = ?")
        params.append(status)
    if source:
        clauses.append("a.source = ?")
        params.append(source)
    if q:
        clauses.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_query(q))
    where = " AND ".join(clauses)
    total = store.db.execute(f"SELECT count(*) FROM articles a WHERE {where}", params).fetchone()[0]
    columns = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
    found = store.db.execute(
        f"SELECT a.rowid AS rowid_, {columns} FROM articles a WHERE {where} AND a.rowid > ? ORDER BY a.rowid LIMIT ?",
        [*params, after, limit + 1],
    ).fetchall()
    more = len(found) > limit
    found = found[:limit]
    last = found[-1]["rowid_"] if more else None
    return [{c: r[c] for c in ARTICLE_COLUMNS} for r in found], total, last


def evidence_list(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """The record's evidence spans (and its associated actors') ordered by position, each checked against the text."""
    found = list((record.get("evidence") or {}).items())
    for name in ("assoc_actor_1", "assoc_actor_2"):  # associated actors keep their spans on the actor itself
        found += [(name, actor.get("span")) for actor in record.get(name) or []]
    spans = []
    for field, span in found:
        if not span:
            continue
        start, end = int(span["start"]), int(span["end"])
        spans.append({"field": field, "start": start, "end": end, "text": span.get("text", ""),
                      "matches": 0 <= start <= end <= len(text) and text[start:end] == span.get("text", "")})
    spans.sort(key=lambda s: (s["start"], -s["end"], s["field"]))
    return spans


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event, each article mention with its own coding, evidence and full text, and the sources."""
    row = store.db.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    event = json.loads(row[0])
    texts: dict[str, str] = {}
    mentions = []
    for mention in store.event_mentions(event_id):
        article_id = mention["article_id"]
        if article_id not in texts:
            found = store.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
            texts[article_id] = found[0] if found else ""
        text = texts[article_id]
        mentions.append({**mention, "evidence": evidence_list(mention["record"], text), "text": text})
    return {"event": event, "mentions": mentions, "sources": event.get("sources") or []}


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The article with its full text, and every event it told with this article's own coding."""
    article = store.article(article_id)
    if article is None:
        return None
    events = [{"event_id": m["event_id"], "mention_id": m["mention_id"], "reason": m["reason"],
               "record": json.loads(m["record"])} for m in store.mentions_of_article(article_id)]
    return {"article": article.to_dict(), "events": events}
