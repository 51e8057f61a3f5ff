"""The JSON API under /api: events, articles, stats, exports (open), and ingest (bearer token)."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any, Iterator, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter, ValidationError

from newsevents.api import queries
from newsevents.api.access import to_item
from newsevents.api.errors import ApiError, validation_message
from newsevents.api.export import FORMATS, ExportResponse
from newsevents.api.filters import ApiFilter, check_text, decode_cursor, encode_cursor, event_filter
from newsevents.api.schemas import (ArticleBatch, ArticleDetail, ArticleIn, ArticlePage, ErrorBody, EventDetail,
                                    EventPage, IngestResponse, Stats)
from newsevents.store import Store

__all__ = ["router", "MAX_PAGE"]

MAX_PAGE = 500
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A parameter is invalid; the message names it."},
    503: {"model": ErrorBody, "description": "The store cannot be read."},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "No such id."}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body is not JSON."},
    401: {"model": ErrorBody, "description": "No bearer token given."},
    403: {"model": ErrorBody, "description": "Wrong token, or writes are disabled (NEWSEVENTS_TOKEN unset)."},
    413: {"model": ErrorBody, "description": "The body is larger than the server's limit."},
    415: {"model": ErrorBody, "description": "The body is not application/json."},
}

router = APIRouter(prefix="/api")


def reader(request: Request) -> Iterator[Store]:
    """A read-only Store for this request, closed after it."""
    with request.app.state.access.reader() as store:
        yield store


def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer <NEWSEVENTS_TOKEN>`; with no token configured they are refused."""
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(403, "writes are disabled on this server: start it with NEWSEVENTS_TOKEN set", "writes_disabled")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "this endpoint needs the header 'Authorization: Bearer <token>' (the server's NEWSEVENTS_TOKEN)",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ApiError(403, "the bearer token is not this server's NEWSEVENTS_TOKEN")


Reader = Annotated[Store, Depends(reader)]
Filter = Annotated[ApiFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, 1-{MAX_PAGE}.")]
Cursor = Annotated[str | None, Query(max_length=1000, description="The `next` value of the previous page.")]


@router.get("/events", response_model=EventPage, responses=ERRORS, summary="Events matching the filters, a page at a time")
def list_events(store: Reader, where: Filter, limit: Limit = 100, cursor: Cursor = None) -> dict[str, Any]:
    after = tuple(decode_cursor("e", cursor, (str, str))) if cursor else None
    records = list(store.events(where, limit=limit + 1, after=after))  # type: ignore[arg-type]
    more = len(records) > limit
    records = records[:limit]
    next_cursor = encode_cursor("e", [records[-1].date or "", records[-1].event_id]) if more else None
    return {"data": [r.to_dict() for r in records], "count": store.count_events(where), "next": next_cursor}


@router.get("/events/{event_id}", response_model=EventDetail, responses={**ERRORS, **NOT_FOUND},
            summary="One event with its mentions, sources, evidence spans and article texts")
def get_event(store: Reader, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    detail = queries.event_detail(store, event_id)
    if detail is None:
        raise ApiError(404, f"no event with id {event_id!r} (list events with GET /api/events)")
    return detail


@router.get("/articles", response_model=ArticlePage, responses=ERRORS, summary="Stored articles, a page at a time")
def list_articles(
    store: Reader,
    status: Annotated[Literal["coded", "duplicate", "failed"] | None, Query(description="Only articles with this status.")] = None,
    source: Annotated[str | None, Query(max_length=500, description="Only articles from this outlet.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Full-text query over titles and texts.")] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> dict[str, Any]:
    check_text("source", source)
    check_text("q", q)
    after = decode_cursor("a", cursor, (int,))[0] if cursor else 0
    data, count, last = queries.article_page(store, status=status, source=source, q=q, limit=limit, after=after)
    return {"data": data, "count": count, "next": encode_cursor("a", [last]) if last is not None else None}


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses={**ERRORS, **NOT_FOUND},
            summary="One article with its text and the events it told")
def get_article(store: Reader, article_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    detail = queries.article_detail(store, article_id)
    if detail is None:
        raise ApiError(404, f"no article with id {article_id!r} (list articles with GET /api/articles)")
    return detail


@router.get("/stats", response_model=Stats, responses=ERRORS, summary="Counts by day, type and place of the matching events")
def get_stats(store: Reader, where: Filter) -> dict[str, Any]:
    return queries.stats(store, where)


@router.get("/export", responses={**ERRORS, 200: {"description": "The events as a file, streamed.", "content": {
    media: {} for media, _ in FORMATS.values()}}}, summary="All matching events as ACLED CSV, GeoJSON or JSONL, streamed")
def export(request: Request, where: Filter,
           format: Annotated[Literal["acled-csv", "geojson", "jsonl"], Query(description="acled-csv, geojson or jsonl.")]) -> StreamingResponse:
    media, suffix = FORMATS[format]
    store = request.app.state.access.open_reader()  # handed to the writer thread, which closes it
    return ExportResponse(store, where, format, media_type=media,
                          headers={"Content-Disposition": f'attachment; filename="events.{suffix}"'})


_ARTICLE_IN = TypeAdapter(ArticleIn)
_BATCH = TypeAdapter(ArticleBatch)


@router.post(
    "/articles", response_model=IngestResponse, dependencies=[Depends(require_token)],
    responses={**ERRORS, **WRITE_ERRORS}, summary="Ingest and code one article or a batch (bearer token)",
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
        {"$ref": "#/components/schemas/ArticleIn"}, {"$ref": "#/components/schemas/ArticleBatch"}]}}}}},
)
async def post_articles(request: Request) -> dict[str, Any]:
    """Body: one article `{"text": ..., "title", "source", "url", "published", "id"}` or `{"articles": [...]}`.

    Each article is stored (coded, a duplicate, or failed with its reason) and the events it told are returned.
    Coding runs in a worker thread; one ingest at a time writes.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, f"send the articles as JSON with 'Content-Type: application/json' (got {media or 'none'!r})")
    try:
        payload = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}", "invalid_json") from None
    except RecursionError:
        raise ApiError(400, "the body is not valid JSON: nested too deeply", "invalid_json") from None
    try:
        if isinstance(payload, dict) and "articles" in payload:
            articles = _BATCH.validate_python(payload).articles
        else:
            articles = [_ARTICLE_IN.validate_python(payload)]
    except ValidationError as exc:
        raise ApiError(422, validation_message([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]),
                       "invalid_body") from None
    items = [to_item(a.model_dump()) for a in articles]
    return await run_in_threadpool(request.app.state.access.ingest, items)
