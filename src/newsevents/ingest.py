"""Ingest: read -> recognise duplicates -> code -> merge events across articles -> store, resumably.

For each article, in input order:

1. already stored (same key: normalized text hash + URL) -> skipped; nothing changes;
2. a failed article (empty, binary, too large, not English, malformed) -> stored as ``failed`` with its
   reason and whatever text it had, and counted;
3. the same text as a stored article under another URL or outlet -> stored as a ``duplicate`` of it, not
   coded again; its source is added to each event the original told;
4. a near-duplicate (MinHash/LSH, a syndicated copy with small edits) -> joins that article's story, and is
   coded, since an edit may add a fact;
5. each coded event is merged into a stored event reported by another article when ``dedupe.same_event``
   says it is the same one (the reason is kept with the mention), else stored as a new event.

Events change in input order, whatever the coder's batch size: an exact copy waits for every article
read before it, and an article the coder fails on stays, for the rest of the run, the original of its
copies and a member of its story, as it was while it waited. Of several equally similar earlier
articles, a near-duplicate joins the one with the lowest key. So the result is a function of the input
order alone, and `EventMerger`, the event-merging core, can be replayed country by country on a cluster
(newsevents.batch) with the same result: countries partition the candidates exactly.

Articles are committed in batches (``commit_every``); a process killed at any moment loses at most the
batch in flight, and running the same input again resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from newsevents import dedupe
from newsevents.errors import ArticleError
from newsevents.records import Article, EventRecord
from newsevents.store import Store, article_key

logger = logging.getLogger(__name__)

__all__ = ["IngestSummary", "EventMerger", "ingest", "identify", "failed_key", "better_story"]

COMMIT_EVERY = 50  # articles per transaction: small enough that a kill loses little, large enough to be fast


@dataclass
class IngestSummary:
    """What one ingest run did."""

    read: int = 0
    new: int = 0  # articles coded and stored
    duplicate: int = 0  # exact copies (already stored, or the same text from another outlet)
    near_duplicate: int = 0  # coded, and joined to an earlier article's story
    failed: int = 0
    events: int = 0  # new events stored
    merged: int = 0  # mentions merged into an event another article told
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"read {self.read} articles: {self.new} new, {self.duplicate} duplicate, "
                f"{self.near_duplicate} near-duplicate, {self.failed} failed; "
                f"{self.events} new events, {self.merged} merged into existing events")


def identify(item: Article | ArticleError) -> tuple[str, str | None]:
    """The key an article (or a failed one) is stored under, and its text's hash (None without text)."""
    if isinstance(item, ArticleError):
        article = item.article if isinstance(item.article, Article) else None
        text = article.text if article is not None else ""
        return failed_key(item, text), (dedupe.content_hash(text) if text else None)
    text_hash = dedupe.content_hash(item.text)
    return article_key(text_hash, item.url), text_hash


def failed_key(error: ArticleError, text: str = "") -> str:
    """The key of a failed item: its exact text, where it was read and why it failed. Never a good article's
    key, so a corrected article is coded, and two different broken lines are two rows."""
    raw = f"{error.article_id}|{error.reason}|{text}".encode("utf-8", "surrogatepass")
    return "failed-" + hashlib.sha1(raw).hexdigest()[:16]


def better_story(best: tuple[float, str, str] | None, similarity: float, key: str, story_id: str) -> tuple[float, str, str] | None:
    """The nearer of two earlier articles a near-duplicate may join, as (similarity, key, story_id):
    the more similar one, and of two equally similar ones the lower key, so the choice never depends
    on the order candidates are found in."""
    if similarity < dedupe.NEAR_DUPLICATE:
        return best
    if best is None or similarity > best[0] or (similarity == best[0] and key < best[1]):
        return similarity, key, story_id
    return best


class EventMerger:
    """Merges the events of one article at a time into a store's events, in input order.

    The core that `ingest` runs on the store and `newsevents.batch` replays on one in-memory store per
    country: a store event is a candidate only for events of its own country (or, unplaced, for other
    unplaced ones), so each country replayed alone gives what the whole sequence gives. The caller
    has stored the article's row (mentions point at it).
    """

    def __init__(self, store: Store):
        self.store = store

    def add_coded(self, key: str, article: Article, records: Iterable[EventRecord]) -> tuple[int, int]:
        """The events coded from the article stored under `key`; returns (new events, merged mentions)."""
        new = merged = 0
        for record in records:
            if self.add_event(key, article, record):
                new += 1
            else:
                merged += 1
        return new, merged

    def add_event(self, key: str, article: Article, record: EventRecord) -> bool:
        """One coded event: merged into a stored event another article told, or stored as new (True)."""
        record.article_id = key
        record.finalize()  # the id now hashes the stored article's key, so ids are unique in the store
        record.sources = [_source_entry(key, article)]
        record.source_count, record.mention_count = 1, 1
        target, reason = self._same_event(key, record)
        if target is None:
            stored = self.store.put_event(record, new=True)
            self.store.add_mention(key, record, record.event_id, "new event", record_json=stored)
            return True
        dedupe.merge(target, record, reason)
        self.store.put_event(target, new=False)
        self.store.add_mention(key, record, target.event_id, reason)
        return False

    def add_copy(self, key: str, article: Article, original: str) -> int:
        """An exact copy of a stored article: its source joins each event the original told; returns how many."""
        entry = _source_entry(key, article)
        count = 0
        for row in self.store.mentions_of_article(original):
            event = self.store.get_event(row["event_id"])
            if event is None:
                continue
            mention = EventRecord.from_dict(json.loads(row["record"]))
            mention.article_id = key
            mention.finalize()
            mention.sources = [entry]
            reason = f"exact copy of article {original}"
            dedupe.merge(event, mention, reason)
            self.store.put_event(event, new=False)
            self.store.add_mention(key, mention, event.event_id, reason)
            count += 1
        return count

    def _same_event(self, key: str, record: EventRecord) -> tuple[EventRecord | None, str]:
        window = dedupe.date_window(record)
        if window is None:
            return None, ""
        iso3 = record.location.iso3 if record.location else None
        candidates = self.store.event_candidates(
            window[0], window[1], sorted(dedupe.blocking_types(record)), sorted(dedupe.blocking_plover(record)),
            iso3, exclude_article=key,
        )
        matches = [(c, reason) for c in candidates if (reason := dedupe.same_event(c, record))]
        if not matches:
            return None, ""
        # Prefer the candidate of the same sub-event type, then the nearest date, then one told in the same word.
        matches.sort(key=lambda m: (m[0].acled.sub_event_type != record.acled.sub_event_type,
                                    _day_gap(m[0].date, record.date),
                                    m[0].trigger.text.lower() != record.trigger.text.lower(), m[0].event_id))
        return matches[0]


def _source_entry(key: str, article: Article) -> dict:
    return dataclasses.replace(article, id=key).source_entry()


@dataclass
class _Copy:
    """An exact copy of an earlier article, stored once every article read before it is."""

    key: str
    article: Article
    content_hash: str
    original: str
    story_id: str | None


@dataclass
class _Pending:
    """An article read and fingerprinted, waiting for the coder."""

    key: str
    article: Article
    origin: str  # the article's id as read (path, path:line, URL)
    content_hash: str
    signature: bytes
    lsh_keys: list[int]
    story_id: str
    duplicate_of: str | None = None
    similarity: float | None = None
    copies: list[_Copy] = field(default_factory=list)  # exact copies read after it, before the next pending one


class _Ingest:
    def __init__(self, store: Store, progress, commit_every: int):
        self.store = store
        self.merger = EventMerger(store)
        self.progress = progress
        self.commit_every = max(1, commit_every)
        self.summary = IngestSummary()
        self.pending: dict[str, _Pending] = {}  # by article key, in input order
        self.pending_by_hash: dict[str, _Pending] = {}
        self.waiting_copies: set[str] = set()  # keys of copies queued behind a pending article
        # Articles the coder failed on in this run: still originals and story members, as while pending.
        self.failed_by_hash: dict[str, _Pending] = {}
        self.since_commit = 0

    # -- before coding ---------------------------------------------------------------------------

    def triage(self, items: Iterable[Article | ArticleError]) -> Iterator[Article]:
        """Store failures and exact duplicates at once; yield only the articles that need coding."""
        for item in items:
            self.summary.read += 1
            if isinstance(item, ArticleError):
                self.fail(item)
                continue
            key, text_hash = identify(item)
            if key in self.pending or key in self.waiting_copies or self.store.has_article(key):
                self.summary.duplicate += 1
                self._tick()
                continue
            if self._exact_copy(key, item, text_hash):
                continue
            signature = dedupe.signature(item.text)
            pending = _Pending(key, item, item.id, text_hash, dedupe.signature_bytes(signature), dedupe.lsh_keys(signature), key)
            self._find_story(pending, signature)
            self.pending[key] = pending
            self.pending_by_hash[text_hash] = pending
            item.id = key  # coded records point at the stored article; its own id is kept as `origin`
            yield item

    def _exact_copy(self, key: str, article: Article, text_hash: str) -> bool:
        waiting = self.pending_by_hash.get(text_hash) or self.failed_by_hash.get(text_hash)
        if waiting is not None:
            copy = _Copy(key, article, text_hash, waiting.key, waiting.story_id)
        else:
            stored = self.store.articles_with_hash(text_hash)
            if not stored:
                return False
            copy = _Copy(key, article, text_hash, stored[0]["id"], stored[0]["story_id"])
        if self.pending:  # its events change after those of every article read before it
            next(reversed(self.pending.values())).copies.append(copy)
            self.waiting_copies.add(key)
        else:
            self._store_copy(copy)
        return True

    def _find_story(self, pending: _Pending, signature) -> None:
        best: tuple[float, str, str] | None = None
        for row in self.store.lsh_candidates(pending.lsh_keys):
            similarity = dedupe.similarity(signature, dedupe.signature_from_bytes(row["signature"]))
            best = better_story(best, similarity, row["id"], row["story_id"])
        keys = set(pending.lsh_keys)
        for other in [*self.pending.values(), *self.failed_by_hash.values()]:
            if keys.intersection(other.lsh_keys):
                similarity = dedupe.similarity(signature, dedupe.signature_from_bytes(other.signature))
                best = better_story(best, similarity, other.key, other.story_id)
        if best is not None:
            pending.similarity, pending.duplicate_of, pending.story_id = best

    # -- after coding ----------------------------------------------------------------------------

    def store_coded(self, article: Article, records: list[EventRecord] | ArticleError) -> None:
        pending = self.pending.pop(article.id)
        self.pending_by_hash.pop(pending.content_hash, None)
        origin = pending.origin
        if isinstance(records, ArticleError):
            self.failed_by_hash[pending.content_hash] = pending
            self._write_failed(pending.key, article, records.reason, origin, pending.content_hash)
        else:
            if pending.duplicate_of:
                self.summary.near_duplicate += 1
            self.store.add_article(
                pending.key, article, status="coded", content_hash=pending.content_hash, story_id=pending.story_id,
                duplicate_of=pending.duplicate_of, similarity=pending.similarity, signature=pending.signature,
                lsh_keys=pending.lsh_keys, event_count=len(records), origin=origin,
            )
            self.summary.new += 1
            new, merged = self.merger.add_coded(pending.key, article, records)
            self.summary.events += new
            self.summary.merged += merged
        for copy in pending.copies:
            self.waiting_copies.discard(copy.key)
            self._store_copy(copy)
        self._committed_one()

    def _store_copy(self, copy: _Copy) -> None:
        """An exact copy under another key: stored as a duplicate, its source added to the original's events."""
        self.store.add_article(copy.key, copy.article, status="duplicate", content_hash=copy.content_hash,
                               story_id=copy.story_id, duplicate_of=copy.original, similarity=1.0, origin=copy.article.id)
        count = self.merger.add_copy(copy.key, copy.article, copy.original)
        self.store.set_event_count(copy.key, count)
        self.summary.duplicate += 1
        self._committed_one()

    # -- failures and batches --------------------------------------------------------------------

    def fail(self, error: ArticleError) -> None:
        article = error.article if isinstance(error.article, Article) else Article(id=error.article_id, text="")
        key, text_hash = identify(error)
        if self.store.has_article(key):
            self.summary.duplicate += 1
            self._tick()
            return
        self._write_failed(key, article, error.reason, error.article_id, text_hash)

    def _write_failed(self, key: str, article: Article, reason: str, origin: str, text_hash: str | None) -> None:
        self.store.add_article(key, article, status="failed", content_hash=text_hash, error=reason, origin=origin)
        self.summary.failed += 1
        message = f"skipped {origin}: {reason}"
        self.summary.failures.append(message)
        if self.progress is not None:
            self.progress.failure(f"newsevents: {message}")
        self._committed_one()

    def _committed_one(self) -> None:
        self.since_commit += 1
        if self.since_commit >= self.commit_every:
            self.store.commit()
            self.store.begin()
            self.since_commit = 0
        self._tick()

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress.update(self.summary)


def ingest(items: Iterable[Article | ArticleError], store: Store, *, progress=None,
           commit_every: int = COMMIT_EVERY, code_articles=None) -> IngestSummary:
    """Code and store a stream of articles; returns what was done. `progress` gets `update(summary)` calls."""
    if code_articles is None:
        from newsevents.prefilter import coder

        code_articles = coder()
    run = _Ingest(store, progress, commit_every)
    store.begin()
    try:
        for article, records in code_articles(run.triage(items)):
            if article is None:  # the coder passes read errors through; triage has kept none back
                continue
            run.store_coded(article, records)
        store.commit()
    except BaseException:
        store.rollback()  # what was committed stays; the batch in flight is done again next run
        raise
    return run.summary


def _day_gap(a: str | None, b: str | None) -> int:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 9999
