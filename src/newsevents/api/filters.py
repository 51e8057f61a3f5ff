"""Query parameters shared by /api/events, /api/stats and /api/export, and the opaque page cursors."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from newsevents.api.errors import ApiError
from newsevents.store import EventFilter

__all__ = ["ApiFilter", "event_filter", "check_text", "encode_cursor", "decode_cursor"]

MAX_TEXT = 200  # characters in a text parameter; longer is surely not a filter
MAX_COUNT = 2**63 - 1  # SQLite's largest integer: a bigger number cannot even be compared


@dataclass
class ApiFilter(EventFilter):
    """The store's EventFilter plus exact ACLED event type, sub-event type and PLOVER type filters."""

    event_type: str | None = None
    sub_event_type: str | None = None
    plover: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clause, params = super().where()
        extra: list[str] = []
        for column, value in (("event_type", self.event_type), ("sub_event_type", self.sub_event_type),
                              ("plover_event", self.plover)):
            if value:
                extra.append(f"lower(e.{column}) = lower(?)")
                params.append(value)
        return (" AND ".join([clause, *extra]) if extra else clause), params


def event_filter(
    date_from: Annotated[dt.date | None, Query(description="Events on or after this day (YYYY-MM-DD).")] = None,
    date_to: Annotated[dt.date | None, Query(description="Events on or before this day (YYYY-MM-DD).")] = None,
    type: Annotated[str | None, Query(max_length=MAX_TEXT, description="An ACLED event type, ACLED sub-event type or PLOVER event type.")] = None,
    event_type: Annotated[str | None, Query(max_length=MAX_TEXT, description="ACLED event type, e.g. Protests.")] = None,
    sub_event_type: Annotated[str | None, Query(max_length=MAX_TEXT, description="ACLED sub-event type, e.g. Peaceful protest.")] = None,
    plover: Annotated[str | None, Query(max_length=MAX_TEXT, description="PLOVER event type, e.g. PROTEST.")] = None,
    country: Annotated[str | None, Query(max_length=MAX_TEXT, description="Country name or ISO 3166 alpha-3 code.")] = None,
    admin1: Annotated[str | None, Query(max_length=MAX_TEXT, description="First-level region (province, state).")] = None,
    actor: Annotated[str | None, Query(max_length=MAX_TEXT, description="Words in actor 1 or actor 2's name.")] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_TEXT, description="min_lon,min_lat,max_lon,max_lat (WGS84).")] = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="Full-text query: every word must occur in an article that told the event.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_COUNT,
                                                description="At least this many fatalities (ACLED's lowest figure).")] = None,
    include_unreal: Annotated[bool, Query(description="Also return negated and hypothetical mentions.")] = False,
) -> ApiFilter:
    """The filter the query parameters describe; a bad value is a 422 naming the parameter."""
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, f"query parameter 'date_from' ({date_from}) is after 'date_to' ({date_to})")
    words = {"type": type, "event_type": event_type, "sub_event_type": sub_event_type, "plover": plover,
             "country": country, "admin1": admin1, "actor": actor, "bbox": bbox, "q": q}
    for name, value in words.items():
        check_text(name, value)
    return ApiFilter(
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        country=_blank(country), admin1=_blank(admin1), type=_blank(type), actor=_blank(actor),
        text=_blank(q), bbox=parse_bbox(bbox) if bbox else None, min_fatalities=min_fatalities,
        include_unreal=include_unreal, event_type=_blank(event_type), sub_event_type=_blank(sub_event_type),
        plover=_blank(plover),
    )


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_text(name: str, value: str | None) -> None:
    """A text parameter is words: a control character (NUL ends a LIKE pattern early in SQLite) is a 422."""
    found = _CONTROL.search(value) if value else None
    if found:
        raise ApiError(422, f"query parameter '{name}' holds a control character (U+{ord(found.group()):04X}): send words")


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' as four floats, checked."""
    hint = "query parameter 'bbox' must be min_lon,min_lat,max_lon,max_lat in degrees, e.g. 30,-5,42,5"
    parts = value.split(",")
    if len(parts) != 4:
        raise ApiError(422, f"{hint} (got {len(parts)} numbers)")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ApiError(422, f"{hint} (got {value!r})") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ApiError(422, f"{hint} (got {value!r})")
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, f"{hint}; longitudes within -180..180, latitudes within -90..90, minimum first (got {value!r})")
    return min_lon, min_lat, max_lon, max_lat


def encode_cursor(kind: str, position: list[Any]) -> str:
    raw = json.dumps([kind, *position], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str, shape: tuple[type, ...]) -> list[Any]:
    """The position a cursor of this kind holds; 422 when it is not one this API gave."""
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if (isinstance(value, list) and value and value[0] == kind and len(value) == len(shape) + 1
                and all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(value[1:], shape))
                and all(abs(v) <= MAX_COUNT for v in value[1:] if isinstance(v, int))):
            return value[1:]
    except (ValueError, TypeError, RecursionError):
        pass
    raise ApiError(422, "query parameter 'cursor' is not a cursor this endpoint gave: pass back the 'next' value unchanged")
