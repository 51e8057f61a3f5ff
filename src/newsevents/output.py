"""Writers for EventRecords: JSONL (the full record), ACLED-column CSV, and a fixed-width table for a person.

Each writer takes an iterable of records and a text file handle, writes as records arrive,
and returns how many it wrote. `WRITERS` maps a --format name to its writer.
"""

from __future__ import annotations

import csv
import json
import logging
from typing import Callable, Iterable, TextIO

from newsevents.records import Actor, Count, EventRecord

logger = logging.getLogger(__name__)

__all__ = ["ACLED_COLUMNS", "WRITERS", "write_jsonl", "write_csv", "write_table", "acled_row"]

# ACLED's export column names, in its order (CODEBOOKS §1.12).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
CROWD_SIZE_EVENT_TYPES = {"Protests", "Riots"}

Writer = Callable[[Iterable[EventRecord], TextIO], int]


def write_jsonl(records: Iterable[EventRecord], fh: TextIO) -> int:
    """One EventRecord a line, as EventRecord.to_dict() gives it (acled, plover, cameo nested)."""
    n = 0
    for record in records:
        fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[EventRecord], fh: TextIO) -> int:
    """ACLED's export columns, one row per event that has an ACLED event type and did happen.

    Negated ("no one was hurt") and hypothetical ("threatened to") mentions are not events in
    ACLED's sense, so they are left out; the JSONL output keeps them with their flags.
    """
    writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        if not record.acled.event_type or record.negated or record.hypothetical:
            continue
        writer.writerow(acled_row(record))
        n += 1
    return n


def acled_row(record: EventRecord) -> dict[str, str]:
    """The record as one ACLED export row; columns the record cannot fill are empty."""
    loc = record.location
    iso3 = loc.iso3 if loc else None  # the country where it happened, never guessed from an actor
    country = (loc.country if loc and loc.country else None) or _country_name(iso3)
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=record.event_id,
        event_date=record.date or "",
        year=(record.date or "")[:4],
        time_precision=_str(record.time_precision),
        disorder_type=record.acled.disorder_type or "",
        event_type=record.acled.event_type or "",
        sub_event_type=record.acled.sub_event_type or "",
        actor1=_name(record.actor1),
        assoc_actor_1=_names(record.assoc_actor_1),
        inter1=_str(record.actor1.inter if record.actor1 else None),
        actor2=_name(record.actor2),
        assoc_actor_2=_names(record.assoc_actor_2),
        inter2=_str(record.actor2.inter if record.actor2 else None),
        interaction=_str(record.interaction),
        civilian_targeting="Civilians targeted" if record.acled.civilian_targeting else "",
        iso=_iso_numeric(iso3),
        country=country or "",
        admin1=(loc.admin1 or "") if loc else "",
        admin2=(loc.admin2 or "") if loc else "",
        location=(loc.name or "") if loc and loc.resolved else "",
        latitude=_str(loc.lat if loc and loc.resolved else None),
        longitude=_str(loc.lon if loc and loc.resolved else None),
        geo_precision=_str(loc.geo_precision if loc and loc.resolved else None),
        source=_source(record),
        notes=record.notes,
        fatalities=str(record.fatalities.low if record.fatalities else 0),
        tags=_tags(record),
    )
    return row


def _tags(record: EventRecord) -> str:
    if record.acled.event_type not in CROWD_SIZE_EVENT_TYPES:
        return ""
    size = record.crowd_size
    return f"crowd size={size.text}" if size is not None and size.text else "crowd size=no report"


def _source(record: EventRecord) -> str:
    names = [s.get("name") for s in record.sources if s.get("name")]
    if record.source and record.source not in names:
        names.insert(0, record.source)
    return "; ".join(dict.fromkeys(names))


def _name(actor: Actor | None) -> str:
    return actor.name if actor is not None and actor.name else ""


def _names(actors: list[Actor]) -> str:
    return "; ".join(a.name for a in actors if a.name)


def _str(value: object) -> str:
    return "" if value is None else str(value)


def _iso_numeric(iso3: str | None) -> str:
    country = _pycountry(iso3)
    return str(int(country.numeric)) if country is not None else ""


def _country_name(iso3: str | None) -> str | None:
    country = _pycountry(iso3)
    return getattr(country, "common_name", None) or getattr(country, "name", None) if country else None


def _pycountry(iso3: str | None):
    if not iso3:
        return None
    import pycountry  # loaded on first use: its tables cost time that JSONL output need not pay

    return pycountry.countries.get(alpha_3=iso3.upper())


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
            fh.write(f"# {current}\n")
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
        cell = " ".join(str(cell).split())
        if len(cell) > width:
            cell = cell[: width - 1] + "…"
        out.append(cell.ljust(width))
    return "  ".join(out).rstrip()


WRITERS: dict[str, Writer] = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}
