"""Typed records passed between stages: Article in, EventRecord out (field names follow DESIGN.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into the article text, and the words found there."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Article:
    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        # The Python API takes what people have at hand: "2024-03-13" or a datetime as well as a date.
        if isinstance(self.published, dt.datetime):
            self.published = self.published.date()
        elif isinstance(self.published, str):
            try:
                self.published = dt.date.fromisoformat(self.published.strip()[:10])
            except ValueError:
                raise ValueError(f"article {self.id}: published {self.published!r} is not a date (YYYY-MM-DD)") from None

    def source_entry(self) -> dict[str, Any]:
        """How an event names this article among its sources."""
        return {
            "article_id": self.id,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
        }


@dataclass
class Actor:
    text: str  # the words of the article
    name: str  # ACLED-style name, e.g. "Police Forces of Iraq", "Protesters (Iraq)"
    type: str | None  # ACLED inter label, e.g. "State forces"
    inter: int | None  # ACLED inter code 1-8
    country: str | None = None  # ISO3
    sector: str | None = None  # PLOVER sector: GOV MIL COP JUD PTY REB UAF CVL ...
    affiliation: str | None = None  # e.g. "Iran-aligned"
    span: Span | None = None


@dataclass
class Place:
    text: str
    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None  # country name
    iso3: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    geo_precision: int | None = None  # ACLED 1 town, 2 near/part of region, 3 region only
    resolved: bool = False
    reason: str = ""  # which rule decided, or why it could not be placed
    span: Span | None = None


@dataclass
class Count:
    low: int
    best: int
    high: int
    text: str = ""
    span: Span | None = None

    @classmethod
    def zero(cls) -> "Count":
        return cls(0, 0, 0)


@dataclass
class DateInfo:
    date: dt.date
    date_end: dt.date | None = None
    time_precision: int = 1  # ACLED 1 day, 2 week, 3 month
    text: str = ""
    span: Span | None = None
    reason: str = ""  # e.g. "explicit", "weekday before publication", "inherited", "publication date"
    year_inferred: bool = False  # no publication date: year taken from the text
    historical: bool = False  # clearly before the article's news window


@dataclass
class Acled:
    event_type: str | None = None
    sub_event_type: str | None = None
    disorder_type: str | None = None
    civilian_targeting: bool = False


@dataclass
class Plover:
    event: str | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)


@dataclass
class Cameo:
    code: str | None = None
    quad_class: int | None = None


@dataclass
class EventRecord:
    article_id: str
    trigger: Span
    sentence: Span
    acled: Acled = field(default_factory=Acled)
    plover: Plover = field(default_factory=Plover)
    cameo: Cameo = field(default_factory=Cameo)
    date: str | None = None
    date_end: str | None = None
    time_precision: int | None = None
    date_reason: str = ""  # how the date was found: stated, inherited, publication date, year inferred ...
    year_inferred: bool = False  # no publication date: the year was taken from elsewhere in the text
    historical: bool = False
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False  # told in reported speech ("X said ...")
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[Actor] = field(default_factory=list)
    assoc_actor_2: list[Actor] = field(default_factory=list)
    interaction: int | None = None
    location: Place | None = None
    fatalities: Count = field(default_factory=Count.zero)
    injuries: Count = field(default_factory=Count.zero)
    arrests: Count = field(default_factory=Count.zero)
    crowd_size: Count | None = None
    evidence: dict[str, Span] = field(default_factory=dict)
    confidence: float = 0.5
    notes: str = ""
    quad_class: int | None = None
    source: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    source_count: int = 1  # distinct sources (outlets) that told this event, after cross-article dedupe
    mention_count: int = 1  # article mentions merged into this event
    merge_reasons: list[str] = field(default_factory=list)  # why each later mention was merged in
    event_id: str = ""

    def key(self) -> str:
        """The normalized key an event is identified by: article, type, day, place, actor pair."""
        parts = [
            self.article_id,
            self.acled.sub_event_type or self.plover.event or "",
            self.date or "",
            (self.location.name if self.location and self.location.name else ""),
            self.actor1.name if self.actor1 else "",
            self.actor2.name if self.actor2 else "",
            str(self.trigger.start),
        ]
        return "|".join(parts).lower()

    def finalize(self) -> "EventRecord":
        self.event_id = hashlib.sha1(self.key().encode("utf-8")).hexdigest()[:16]
        self.article_ids = [self.article_id]
        self.quad_class = self.cameo.quad_class
        return self

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EventRecord":
        """The inverse of to_dict: a record read back from JSON (a store row, a JSONL line)."""
        known = _field_names(cls)
        values = {k: v for k, v in data.items() if k in known}
        for name in ("trigger", "sentence"):
            values[name] = _span(values.get(name)) or Span(0, 0, "")
        values["acled"] = Acled(**(values.get("acled") or {}))
        values["plover"] = Plover(**(values.get("plover") or {}))
        values["cameo"] = Cameo(**(values.get("cameo") or {}))
        for name in ("actor1", "actor2"):
            values[name] = _actor(values.get(name))
        for name in ("assoc_actor_1", "assoc_actor_2"):
            values[name] = [_actor(a) for a in values.get(name) or []]
        values["location"] = _place(values.get("location"))
        for name in ("fatalities", "injuries", "arrests", "crowd_size"):
            if values.get(name) is not None:
                values[name] = _count(values[name])
        values["evidence"] = {k: _span(v) for k, v in (values.get("evidence") or {}).items()}
        return cls(**values)


def _span(data: dict[str, Any] | None) -> Span | None:
    return Span(**data) if data else None


def _actor(data: dict[str, Any] | None) -> Actor | None:
    if not data:
        return None
    return Actor(**{**data, "span": _span(data.get("span"))})


def _place(data: dict[str, Any] | None) -> Place | None:
    if not data:
        return None
    return Place(**{**data, "span": _span(data.get("span"))})


def _count(data: dict[str, Any]) -> Count:
    return Count(**{**data, "span": _span(data.get("span"))})


_SCALARS = (str, int, float, bool, type(None))


_EXACT_SCALARS = frozenset(_SCALARS)


def _plain(value: Any) -> Any:
    """JSON-ready copy: dataclasses to dicts, dates to ISO strings (dataclasses.asdict, without its deep copies).

    A record has about 120 values, and the store writes every record it keeps: the common cases are tested
    first, by exact type."""
    kind = type(value)
    if kind in _EXACT_SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _EXACT_SCALARS else _plain(v) for v in value]
    names = _field_names(kind)
    if names is not None:  # most fields are scalars: copied without a call
        return {name: v if type(v) in _EXACT_SCALARS else _plain(v)
                for name in names for v in (getattr(value, name),)}
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return {k: v if type(v) in _EXACT_SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    found = _FIELD_NAMES.get(cls, False)
    if found is False:
        found = _FIELD_NAMES[cls] = (
            tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None)
    return found
