"""Request and response bodies, as pydantic models so /openapi.json documents them.

Response fields are only ever added, never renamed or removed. An event is the full EventRecord as
``EventRecord.to_dict()`` gives it (docs/schema.md); it is typed here as an object to keep one source of truth.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH = 1000  # articles in one POST


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable, machine-readable: not_found, invalid_parameter, unauthorized ...")
    message: str = Field(description="What went wrong and how to fix the request.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class EventPage(BaseModel):
    data: list[dict[str, Any]] = Field(description="EventRecords, ordered by date then id.")
    count: int = Field(description="How many events match the filters, over all pages.")
    next: str | None = Field(description="Cursor for the next page (pass as ?cursor=); null on the last page.")


class EvidenceSpan(BaseModel):
    field: str = Field(description="The coded field, e.g. trigger, actor1, location, fatalities.")
    start: int
    end: int
    text: str
    matches: bool = Field(description="True when the article text at [start, end) is exactly `text`.")


class EventMention(BaseModel):
    article_id: str
    mention_id: str
    reason: str = Field(description="'new event', or why this article's mention was merged into the event.")
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    record: dict[str, Any] = Field(description="This article's own coding of the event, with its evidence spans.")
    evidence: list[EvidenceSpan] = Field(description="The record's evidence spans, ordered by position in `text`.")
    text: str = Field(description="The article's full text; evidence offsets index into it.")


class EventDetail(BaseModel):
    event: dict[str, Any]
    mentions: list[EventMention]
    sources: list[dict[str, Any]]


class ArticleSummary(BaseModel):
    id: str
    origin: str | None
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    status: str = Field(description="coded, duplicate or failed.")
    error: str | None
    story_id: str | None
    duplicate_of: str | None
    event_count: int
    ingested_at: str


class ArticlePage(BaseModel):
    data: list[ArticleSummary]
    count: int
    next: str | None


class ArticleEvent(BaseModel):
    event_id: str = Field(description="The stored event this article's mention belongs to.")
    mention_id: str
    reason: str
    record: dict[str, Any] = Field(description="This article's own coding, with evidence spans into its text.")


class ArticleDetail(BaseModel):
    article: dict[str, Any] = Field(description="The article row with its full text.")
    events: list[ArticleEvent]


class DayCount(BaseModel):
    date: str | None
    event_type: str | None
    count: int
    fatalities: int


class TypeCount(BaseModel):
    name: str | None
    count: int
    fatalities: int


class CountryCount(BaseModel):
    iso3: str | None
    country: str | None
    count: int
    fatalities: int


class PlaceCount(CountryCount):
    admin1: str | None


class Stats(BaseModel):
    count: int = Field(description="Events matching the filters.")
    fatalities: int
    by_day: list[DayCount] = Field(description="Counts per day and ACLED event type (null: no ACLED type).")
    by_type: list[TypeCount] = Field(description="Per ACLED event type.")
    by_sub_event_type: list[TypeCount]
    by_plover: list[TypeCount]
    by_country: list[CountryCount]
    by_admin1: list[PlaceCount]
    store: dict[str, Any] = Field(description="Whole-store totals: articles by status, events, mentions, sources.")


class ArticleIn(BaseModel):
    """One article to ingest."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=500, description="Your id for it; kept as the article's origin.")
    text: str = Field(description="The article's full text (English).")
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500, description="The outlet.")
    url: str | None = Field(None, max_length=4000)
    published: dt.date | None = Field(None, description="Publication date; relative dates are read from it.")


class ArticleBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


class IngestedArticle(BaseModel):
    index: int = Field(description="Position in the request.")
    id: str | None = Field(description="The stored article's id (GET /api/articles/{id}).")
    new: bool = Field(description="False when the same article (text and URL) was already stored: nothing changed.")
    status: str = Field(description="coded, duplicate or failed.")
    error: str | None
    events: list[dict[str, Any]] = Field(description="The stored events this article told, after merging.")


class IngestResponse(BaseModel):
    summary: dict[str, Any] = Field(description="What the ingest did: read, new, duplicate, failed, events, merged ...")
    articles: list[IngestedArticle]
