"""How the server reaches the store: a read-only connection per request, one writer behind a lock.

SQLite in WAL mode lets any number of readers run while one writer commits; readers never wait for it.
Reads open their own read-only Store (cheap: one file open), so no connection is shared between
threads. Writes (POST /api/articles) go through a single writable Store, opened on first use and
guarded by a lock, so two ingests never interleave their transactions.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, Iterator

from newsevents import dedupe
from newsevents.api.errors import ApiError
from newsevents.errors import ArticleError, InputError
from newsevents.ingest import ingest
from newsevents.read import validate
from newsevents.records import Article
from newsevents.store import Store, article_key

logger = logging.getLogger(__name__)

__all__ = ["StoreAccess"]


class StoreAccess:
    """Readers and the one writer of one store file."""

    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self._writer: Store | None = None

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only Store in one read transaction, so a page and its count see the same snapshot."""
        store = self.open_reader()
        try:
            store.db.execute("BEGIN")
            yield store
        finally:
            store.close()

    def open_reader(self) -> Store:
        try:
            return Store(self.path, readonly=True)
        except InputError as exc:
            raise ApiError(503, str(exc), "store_unavailable") from None

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with self._lock:
            if self._writer is None:
                self._writer = Store(self.path)
            yield self._writer

    def close(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None

    def ingest(self, items: list[Article | ArticleError]) -> dict[str, Any]:
        """Code and store the articles (blocking: call from a worker thread); what was stored for each."""
        keys = [_key(item) for item in items]
        with self.writer() as store:
            before = [_find(store, key, item) is not None or (key is not None and key in keys[:i])
                      for i, (key, item) in enumerate(zip(keys, items))]  # stored already, or earlier in this batch
            summary = ingest(iter(items), store)
            results = [_stored(store, index, key, item, not known)
                       for index, (key, item, known) in enumerate(zip(keys, items, before))]
        logger.info("POST ingest: %s", summary.line())
        return {"summary": asdict(summary), "articles": results}


def to_item(data: dict[str, Any]) -> Article | ArticleError:
    """An API article as the ingest takes it: an Article, or the ArticleError saying why it cannot be coded."""
    text = data["text"]
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()  # a lone surrogate is refused later
    article_id = data.get("id") or data.get("url") or "api:" + digest[:16]
    article = Article(id=article_id, text=text, published=data.get("published"), source=data.get("source"),
                      url=data.get("url"), title=data.get("title"))
    try:
        validate(article)
    except ArticleError as exc:
        return exc
    return article


def _key(item: Article | ArticleError) -> str | None:
    """The id ingest stores the item under (computed before ingest renames the article)."""
    article = item.article if isinstance(item, ArticleError) else item
    if isinstance(article, Article) and article.text:
        return article_key(dedupe.content_hash(article.text), article.url)
    return None


def _find(store: Store, key: str | None, item: Article | ArticleError):
    """The stored row of an item: by its key, or (a failed article without text) by its origin."""
    if key is not None:
        return store.db.execute("SELECT id, status, error FROM articles WHERE id = ?", (key,)).fetchone()
    if isinstance(item, ArticleError):
        return store.db.execute(
            "SELECT id, status, error FROM articles WHERE origin = ? AND status = 'failed' AND error = ? "
            "ORDER BY rowid DESC LIMIT 1", (item.article_id, item.reason),
        ).fetchone()
    return None


def _stored(store: Store, index: int, key: str | None, item: Article | ArticleError, new: bool) -> dict[str, Any]:
    row = _find(store, key, item)
    if row is None:
        reason = item.reason if isinstance(item, ArticleError) else "not stored"
        return {"index": index, "id": key, "new": False, "status": "failed", "error": reason, "events": []}
    events = []
    seen = set()
    for mention in store.mentions_of_article(row["id"]):
        if mention["event_id"] in seen:
            continue
        seen.add(mention["event_id"])
        event = store.get_event(mention["event_id"])
        if event is not None:
            events.append(event.to_dict())
    return {"index": index, "id": row["id"], "new": new, "status": row["status"], "error": row["error"], "events": events}
