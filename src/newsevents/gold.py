"""Gold data for evaluation: ACLED export CSVs and our JSONL gold files read into `GoldRow`s.

The JSONL format and the conventions are described in `newsevents.evaluate` and docs/evaluation.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from newsevents.errors import InputError
from newsevents.records import Article

INTER_LABELS: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_BY_LABEL = {label.lower(): code for code, label in INTER_LABELS.items()}
# spellings met in older exports and in our own records
_INTER_BY_LABEL.update({"external/other": 8, "other forces": 8, "other": 8, "external forces": 8,
                        "protestors": 6, "civilian": 7, "rioter": 5, "protester": 6})

_SIZE_TAIL = re.compile(r"\s*\[size\s*=[^\]]*\]\s*$", re.IGNORECASE)


# ---------------------------------------------------------------- gold rows


@dataclass
class GoldRow:
    """One gold event: the text the coder sees and ACLED's coding of it."""

    id: str
    text: str
    event_date: str | None  # ISO
    event_type: str | None
    sub_event_type: str | None
    inter1: int  # 1-8; 0 when there is no such actor
    inter2: int
    interaction: int | None  # order-free pair code, e.g. 17, 60
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    time_precision: int | None
    fatalities: int | None
    country: str | None
    source_label: str | None = None  # which export the row came from (dev set bookkeeping)
    published: dt.date | None = None  # a publication date, when the gold file gives one
    has_event: bool = True  # False: the text reports no event ACLED would code (JSONL `"event": false`)
    plover_event: str | None = None
    plover_mode: str | None = None
    events: list[GoldEvent] = field(default_factory=list)  # every event of a several-event text, main first
    tags: list[str] = field(default_factory=list)

    def article(self, published: dt.date | None = None) -> Article:
        """The row as the coder sees it: its text only, with an optional publication date."""
        return Article(id=self.id, text=self.text, published=published or self.published)

    @property
    def gold_events(self) -> list[GoldEvent]:
        """The events a coder should find in the text: the listed ones, else the row's own (if any)."""
        if self.events:
            return self.events
        if (self.has_event and self.sub_event_type) or self.plover_event:
            return [GoldEvent(self.event_type if self.has_event else None,
                              self.sub_event_type if self.has_event else None, self.plover_event)]
        return []


@dataclass(frozen=True)
class GoldEvent:
    """The labels of one gold event that event recall matches on."""

    event_type: str | None
    sub_event_type: str | None
    plover_event: str | None = None


def clean_notes(notes: str) -> str:
    """ACLED's notes minus the trailing "[size=...]" crowd-size annotation (a coder's tag, not news text).

    Leading category prefixes such as "Movement of forces: " are ACLED's own words and are kept.
    """
    return _SIZE_TAIL.sub("", notes or "").strip()


def normalise_sub_event_type(value: str | None) -> str | None:
    """ACLED's sub-event label with the spellings of older exports unified ('protestors' -> 'protesters')."""
    if not value or not value.strip():
        return None
    value = " ".join(value.split())
    return re.sub(r"protestors", "protesters", value, flags=re.IGNORECASE)


def parse_inter(value: object) -> int:
    """ACLED inter code from a number ('6', 6) or a label ('Protesters'); 0 when empty or unknown."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value if 0 <= value <= 8 else 0
    text = str(value).strip()
    if not text:
        return 0
    if re.fullmatch(r"\d+(\.0)?", text):
        code = int(float(text))
        return code if 0 <= code <= 8 else 0
    return _INTER_BY_LABEL.get(text.lower(), 0)


def pair_code(a: int | None, b: int | None) -> int | None:
    """ACLED's interaction code for two inter codes, order-free: (7, 1) -> 17, (6, 0) -> 60."""
    codes = sorted(c for c in (a or 0, b or 0) if c)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def parse_interaction(value: object) -> int | None:
    """Interaction code from a number ('17', '71') or text ('State forces-Civilians', 'Protesters only')."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.0)?", text):
        code = int(float(text))
        return pair_code(code // 10, code % 10) if code >= 10 else pair_code(code, 0)
    lowered = text.lower()
    if lowered.endswith(" only"):
        return pair_code(parse_inter(text[: -len(" only")]), 0)
    # labels can hold "/" but never "-", so the dash splits the pair
    parts = [p for p in re.split(r"\s*-\s*", text) if p]
    if len(parts) == 2:
        a, b = parse_inter(parts[0]), parse_inter(parts[1])
        if a and b:
            return pair_code(a, b)
    return None


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d-%b-%y",
                 "%m/%d/%Y", "%Y/%m/%d", "%B %d, %Y")


def parse_date(value: object) -> str | None:
    """ISO date from the forms ACLED exports use (2020-05-11, 20200511, 11 May 2020, 11-May-20)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _int(value: object) -> int | None:
    number = _float(value)
    return int(number) if number is not None else None


def _float(value: object) -> float | None:
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


_FALSE = (False, 0, "false", "False", "FALSE", "0", "no")


def gold_from_mapping(row: dict[str, object], *, id: str | None = None, text: str | None = None) -> GoldRow:
    """A GoldRow from a mapping with ACLED's column names (a CSV row, or a JSONL record's `gold`)."""
    row_id = id or str(row.get("event_id_cnty") or row.get("data_id") or row.get("id") or "")
    inter1, inter2 = parse_inter(row.get("inter1")), parse_inter(row.get("inter2"))
    interaction = parse_interaction(row.get("interaction"))
    if interaction is None:
        interaction = pair_code(inter1, inter2)
    published = parse_date(row.get("published"))
    event_type = str(row.get("event_type") or "").strip() or None
    sub_event_type = normalise_sub_event_type(str(row.get("sub_event_type") or ""))
    return GoldRow(
        id=row_id,
        text=clean_notes(text if text is not None else str(row.get("notes") or "")),
        event_date=parse_date(row.get("event_date")),
        event_type=event_type,
        sub_event_type=sub_event_type,
        inter1=inter1,
        inter2=inter2,
        interaction=interaction,
        admin1=(str(row.get("admin1") or "").strip() or None),
        latitude=_float(row.get("latitude")),
        longitude=_float(row.get("longitude")),
        geo_precision=_int(row.get("geo_precision")),
        time_precision=_int(row.get("time_precision")),
        fatalities=_int(row.get("fatalities")),
        country=(str(row.get("country") or "").strip() or None),
        source_label=(str(row.get("source_label") or "").strip() or None),
        published=dt.date.fromisoformat(published) if published else None,
        has_event=row.get("event", True) not in _FALSE and bool(event_type or sub_event_type),
        plover_event=(str(row.get("plover_event") or "").strip().upper() or None),
        plover_mode=(str(row.get("plover_mode") or "").strip().lower() or None),
    )


def read_gold_csv(path: str | Path) -> Iterator[GoldRow]:
    """GoldRows from an ACLED export CSV (ACLED's column names; `notes` is the text)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"gold file not found: {path} (give an ACLED export CSV with a `notes` column, "
                         "or a JSONL file of {id, text, gold} records)")
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if "notes" not in (reader.fieldnames or []):
                raise InputError(f"{path}: no `notes` column; an ACLED export CSV is expected "
                                 "(for JSONL gold, name the file *.jsonl)")
            for line, row in enumerate(reader, start=2):
                gold = gold_from_mapping(row)
                if not gold.id:
                    gold.id = f"{path.name}:{line}"
                yield gold
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason}); save the CSV as UTF-8") from exc
    except csv.Error as exc:
        raise InputError(f"{path}:{line + 1}: not a readable CSV ({exc}); check the quoting of that line") from exc


def read_gold_jsonl(path: str | Path) -> Iterator[GoldRow]:
    """GoldRows from JSONL records `{id, text, published?, tags?, gold: {...}}` (format: module docstring).

    A record whose gold lists several `events` gives one row: its main (first) event, with all events in
    `GoldRow.events`. Malformed records raise InputError naming the line.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"gold file not found: {path} (give a JSONL file of {{id, text, gold}} records, "
                         "or an ACLED export CSV)")
    line_no = 0
    try:
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{line_no}: not JSON ({exc.msg}); one object per line expected") from exc
                yield _gold_from_record(record, f"{path}:{line_no}", f"{path.name}:{line_no}")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}:{line_no + 1}: not UTF-8 text ({exc.reason}); save the file as UTF-8") from exc


def _gold_from_record(record: object, where: str, fallback_id: str) -> GoldRow:
    """One JSONL gold record as a GoldRow; `where` names the line in error messages."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: a JSON object {{id, text, gold}} is expected, not {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: no `text`; every gold record needs the text the coder reads")
    gold = record.get("gold") if record.get("gold") is not None else {}
    if not isinstance(gold, dict):
        raise InputError(f"{where}: `gold` must be an object of ACLED fields, e.g. {{\"event_type\": \"Battles\"}}")
    published = record.get("published")
    if published and parse_date(published) is None:
        raise InputError(f"{where}: `published` {published!r} is not a date; write YYYY-MM-DD")
    tags = record.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InputError(f"{where}: `tags` must be a list of strings, e.g. [\"trap:negation\"]")
    shared = {k: v for k, v in gold.items() if k != "events"}
    if published:
        shared.setdefault("published", published)
    events = gold.get("events")
    if events is not None and (not isinstance(events, list) or not events
                               or not all(isinstance(e, dict) for e in events)):
        raise InputError(f"{where}: `events` must be a non-empty list of objects of ACLED fields")
    mappings = [{**shared, **e} for e in events] if events else [shared]
    row_id = str(record.get("id") or fallback_id)
    row = gold_from_mapping(mappings[0], id=row_id, text=text)
    if gold.get("event", True) in _FALSE and (row.event_type or row.sub_event_type or events):
        raise InputError(f"{where}: `\"event\": false` with an event type; drop one of them")
    if events:
        rows = [gold_from_mapping(m, id=row_id, text=text) for m in mappings]
        row.events = [GoldEvent(r.event_type if r.has_event else None, r.sub_event_type if r.has_event else None,
                                r.plover_event) for r in rows]
    row.tags = list(tags)
    return row


def read_gold(path: str | Path) -> Iterator[GoldRow]:
    """GoldRows from an ACLED CSV or a JSONL gold file, chosen by extension."""
    suffix = Path(path).suffix.lower()
    return read_gold_jsonl(path) if suffix in (".jsonl", ".json") else read_gold_csv(path)


def sample_rows(rows: Sequence[GoldRow], limit: int | None, seed: int = 0,
                stratify: Callable[[GoldRow], str] | None = None) -> list[GoldRow]:
    """A seeded sample of `limit` rows, random or proportionally stratified by a key (largest remainder)."""
    if limit is None or limit >= len(rows):
        return list(rows)
    rng = random.Random(seed)
    if stratify is None:
        return rng.sample(list(rows), limit)
    groups: dict[str, list[GoldRow]] = defaultdict(list)
    for row in rows:
        groups[stratify(row)].append(row)
    quotas = {key: limit * len(members) / len(rows) for key, members in groups.items()}
    counts = {key: int(q) for key, q in quotas.items()}
    short = limit - sum(counts.values())
    for key in sorted(quotas, key=lambda k: (counts[k] - quotas[k], k))[:short]:
        counts[key] += 1
    picked: list[GoldRow] = []
    for key in sorted(groups):
        picked.extend(rng.sample(groups[key], counts[key]))
    rng.shuffle(picked)
    return picked


def dedupe_ids(rows: Iterable[GoldRow]) -> Iterator[GoldRow]:
    """Rows with repeated ids renamed "id#2", "id#3"... so that each row is matched to its own events."""
    seen: Counter = Counter()
    for row in rows:
        seen[row.id] += 1
        if seen[row.id] > 1:
            row.id = f"{row.id}#{seen[row.id]}"
        yield row

