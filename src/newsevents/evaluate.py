"""Scoring primitives shared by `newsevents eval`, the benchmark scripts and the CI gate.

Gold data comes in ACLED's export format (one CSV row per event, `notes` is the only text the
coder sees). Each row is read into a `GoldRow`; the coder's output for that row's text is reduced
to one `Prediction` (its main event); `score()` compares the two field by field into a `Report`.
A trivial baseline (`baseline_predictions`) yields Predictions too, so it is scored by the same code.

Conventions (also stated in docs/evaluation.md):
- a row whose text gives no event with an ACLED type is "not detected" and counts as wrong for
  every field; each field is also reported among detected rows only;
- interaction codes are order-free (smaller digit first: 51 and 15 are both 15);
- fatalities compare ACLED's figure (the lowest reported) with our `fatalities.low`;
- sub-event weighted and macro F1 are taken over the labels present in the gold rows; a wrong or
  missing prediction lowers the recall of the gold label (and the precision of the predicted one).

`run_eval(path)` is the entry point of `newsevents eval` and of the CI gate (tests/test_gold_gate.py): it
reads a gold file, codes every item, and scores the coder beside the trivial baseline (and, given a trained
model, the rules alone beside model+rules) into an `EvalResult`; `format_result` prints it as tables or JSON.

Gold files are either an ACLED export CSV (above) or JSONL, one item a line:

    {"id": "ac-04", "text": "Soldiers clashed with ELN guerrillas in rural Tame ...", "published": "2026-03-18",
     "tags": ["style:brief"],
     "gold": {"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Military Forces of Colombia",
              "inter1": 1, "actor2": "ELN: National Liberation Army", "inter2": 2, "interaction": 12,
              "fatalities": 5, "event_date": "2026-03-17", "admin1": "Arauca", "country": "Colombia",
              "plover_event": "ASSAULT", "plover_mode": "firearms"}}

- `gold` holds ACLED's column names (inter codes as numbers or labels; latitude/longitude, time_precision and
  geo_precision are optional, and a field no item gives is reported as "—", not as 0);
- `"gold": {"event": false, ...}` says the text reports no event ACLED would code (a denial, a threat, a
  hypothetical, background history, a meeting); it may still carry `plover_event`/`plover_mode` (a threat is
  PLOVER THREATEN, a meeting CONSULT);
- `"gold": {"country": ..., "events": [{...}, {...}]}` lists several events told in one text, main (first
  told) first; each event inherits the keys written beside `events`. The main event gives the per-field
  figures, every event counts for event recall;
- `tags` (optional) group items for `by="tags"` (e.g. "trap:negation", "multi", "style:wire").

Figures beyond the main event's fields (`EvalReport`): PLOVER event type and mode accuracy (items whose gold
has one; the coder's first event with a PLOVER type is compared), the false alarm rate (items without an
ACLED event where the coder reports one that it marks neither negated, hypothetical nor historical), and
event recall (gold events matched one to one by a coded event, not negated, of the same sub-event type, or
of the same PLOVER type when the gold event has no ACLED type), over items with several events and over all.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import logging
import math
import random
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from newsevents.errors import ArticleError, InputError
from newsevents.records import Article, EventRecord

logger = logging.getLogger(__name__)

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

NOT_DETECTED = "(not detected)"
KM_WITHIN = 25.0

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
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


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


# ---------------------------------------------------------------- predictions


@dataclass
class Prediction:
    """The fields of one coded event that are scored against a GoldRow."""

    detected: bool | None  # None: not applicable (the baseline predicts for every row)
    event_type: str | None = None
    sub_event_type: str | None = None
    interaction: int | None = None
    actor1_type: int = 0
    actor2_type: int = 0
    fatalities: int | None = None
    date: str | None = None
    time_precision: int | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    plover_event: str | None = None  # of the first event with a PLOVER type
    plover_mode: str | None = None
    alarm: bool | None = None  # an ACLED event the coder says did happen (not negated, hypothetical, historical)
    labels: list[tuple[str | None, str | None]] = field(default_factory=list)  # (sub-event, PLOVER) per event


def match_main_event(events: Sequence[EventRecord], gold: GoldRow | None = None,
                     strategy: str = "main") -> EventRecord | None:
    """The event scored against the gold row: the coder's main event (first with an ACLED type), or None.

    strategy="best" is a diagnostic upper bound: the first event whose sub-event type (else event type)
    agrees with the gold row, falling back to the main event. Only "main" is a fair score.
    """
    typed = [e for e in events if e.acled and e.acled.event_type]
    if not typed:
        return None
    if strategy == "best" and gold is not None:
        for wanted, get in ((gold.sub_event_type, lambda e: normalise_sub_event_type(e.acled.sub_event_type)),
                            (gold.event_type, lambda e: e.acled.event_type)):
            for event in typed:
                if wanted and get(event) == wanted:
                    return event
    elif strategy not in ("main", "best"):
        raise ValueError(f"unknown match strategy {strategy!r}: use 'main' or 'best'")
    return typed[0]


def _actor_type(actor) -> int:
    if actor is None:
        return 0
    if actor.inter:
        return parse_inter(actor.inter)
    return parse_inter(actor.type)


def prediction_from_event(event: EventRecord | None) -> Prediction:
    """Reduce the matched event (or None: not detected) to the scored fields."""
    if event is None:
        return Prediction(detected=False)
    a1, a2 = _actor_type(event.actor1), _actor_type(event.actor2)
    interaction = parse_interaction(event.interaction) if event.interaction else pair_code(a1, a2)
    place = event.location
    located = place is not None and place.resolved
    return Prediction(
        detected=True,
        event_type=event.acled.event_type,
        sub_event_type=normalise_sub_event_type(event.acled.sub_event_type),
        interaction=interaction,
        actor1_type=a1,
        actor2_type=a2,
        fatalities=event.fatalities.low if event.fatalities is not None else 0,
        date=parse_date(event.date),
        time_precision=event.time_precision,
        admin1=place.admin1 if place else None,
        latitude=place.lat if located else None,
        longitude=place.lon if located else None,
        geo_precision=place.geo_precision if place else None,
    )


def prediction_from_events(events: Sequence[EventRecord], gold: GoldRow | None = None,
                           strategy: str = "main") -> Prediction:
    """All scored fields of one text's events: the main event's (`prediction_from_event`), the PLOVER type of
    the first event that has one, whether an ACLED event is asserted, and the labels of the events not negated."""
    pred = prediction_from_event(match_main_event(events, gold, strategy))
    first_plover = next((e for e in events if e.plover and e.plover.event), None)
    if first_plover is not None:
        pred.plover_event, pred.plover_mode = first_plover.plover.event, first_plover.plover.mode
    pred.alarm = any(e.acled and e.acled.event_type and not (e.negated or e.hypothetical or e.historical)
                     for e in events)
    pred.labels = [(normalise_sub_event_type(e.acled.sub_event_type) if e.acled else None,
                    e.plover.event if e.plover else None) for e in events if not e.negated]
    return pred


def baseline_predictions(rows: Sequence[GoldRow]) -> list[Prediction]:
    """The trivial baseline: every row gets the most frequent class of each categorical field, 0 fatalities.

    It gives no date and no coordinates (those have no "most frequent class" worth the name).
    """
    def top(values: Iterable[object]):
        counts = Counter(v for v in values if v not in (None, "", 0))
        return counts.most_common(1)[0][0] if counts else None

    interaction = top(r.interaction for r in rows)
    guess = Prediction(
        detected=None,
        event_type=top(r.event_type for r in rows),
        sub_event_type=top(r.sub_event_type for r in rows),
        interaction=interaction,
        # the actor types of the most frequent interaction, so that the guess is one coherent event
        actor1_type=interaction // 10 if interaction else 0,
        actor2_type=interaction % 10 if interaction else 0,
        fatalities=0,
        time_precision=top(r.time_precision for r in rows),
        admin1=top(r.admin1 for r in rows),
        geo_precision=top(r.geo_precision for r in rows),
        plover_event=top(r.plover_event for r in rows),
    )
    guess.plover_mode = top(r.plover_mode for r in rows if r.plover_event == guess.plover_event)
    # the most frequent class of "is there an event?" (True for any gold set made of ACLED rows)
    guess.alarm = sum(r.has_event for r in rows) * 2 >= len(rows)
    guess.labels = [(guess.sub_event_type, guess.plover_event)]
    return [Prediction(**asdict(guess)) for _ in rows]


# ---------------------------------------------------------------- metrics


def accuracy(gold: Sequence[object], predicted: Sequence[object]) -> float:
    """Share of positions where the prediction equals the gold value (0.0 for no rows)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold)


def per_label_f1(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    """Precision, recall, F1 and support of every label that occurs in the gold values."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, predicted):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    support = Counter(gold)
    out = {}
    for label in sorted(support, key=str):
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, support[label])
    return out


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """F1 per gold label averaged with the label's share of gold rows as weight (CASE 2021's measure)."""
    table = per_label_f1(gold, predicted)
    total = sum(s for *_, s in table.values())
    return sum(f1 * s for _, _, f1, s in table.values()) / total if total else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over the labels present in the gold values."""
    table = per_label_f1(gold, predicted)
    return sum(f1 for _, _, f1, _ in table.values()) / len(table) if table else 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


_ADMIN_WORDS = {"province", "state", "region", "division", "governorate", "county", "district",
                "department", "departement", "prefecture", "oblast", "muhafazah", "wilayah", "of", "the",
                "and", "va", "et", "y"}
_ADMIN_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "an", "az"}
_ADMIN_DIRECTIONS = {"nord": "north", "sud": "south", "est": "east", "ouest": "west", "northern": "north",
                     "southern": "south", "eastern": "east", "western": "west", "centre": "central",
                     "oriental": "east", "occidental": "west",
                     "center": "central"}
# joined key -> the words of the name it stands for
_ADMIN_ALIASES = {"fct": "federal capital territory", "abujafederalcapitalterritory": "federal capital territory",
                  "banaadir": "banadir", "mogadishu": "banadir", "sanaacity": "amanat al asimah",
                  "naypyidaw": "nay pyi taw", "ncr": "national capital", "metromanila": "national capital",
                  "barishal": "barisal", "chattogram": "chittagong"}


def normalise_admin1(name: str | None) -> str:
    """A comparison key for first-level admin names: no accents, case, word order, 'Al '/'Province'/'State'
    words, French compass words, doubled letters or a final 'h' (Basra = Basrah = Al Basrah Governorate)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`ʿʾ]", "", text)
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w]
    words = [_ADMIN_DIRECTIONS.get(w, w) for w in words]
    if len(words) > 1 and words[0] in _ADMIN_ARTICLES:
        words = words[1:]
    kept = [w for w in words if w not in _ADMIN_WORDS] or words
    key = "".join(kept)
    # word order is free: Kasai-Oriental = East Kasai
    return "".join(sorted(_spelling_key(w) for w in _ADMIN_ALIASES.get(key, " ".join(kept)).split()))


def _spelling_key(word: str) -> str:
    """One word with transliteration noise removed: doubled letters, a final 'h', a 'dh'/'th' before a consonant."""
    word = re.sub(r"(.)\1+", r"\1", word)  # Nassarawa = Nasarawa
    word = re.sub(r"(?<=[aeiou])h$", "", word)  # Basrah = Basra, Shabwah = Shabwa
    word = re.sub(r"aw(?=[^aeiouy]|$)", "au", word)  # Hadramawt = Hadramaut
    return re.sub(r"(?<=[bcdfgjklmnpqrstvwxz])h(?=[bcdfgjklmnpqrstvwxz])", "", word)  # Hadhramawt = Hadramawt


def same_admin1(gold: str | None, predicted: str | None) -> bool:
    """Whether two admin1 names denote the same unit under the light normaliser."""
    return bool(gold) and bool(predicted) and normalise_admin1(gold) == normalise_admin1(predicted)


@dataclass
class Score:
    """Correct answers among all rows and among the rows where the coder detected an event."""

    correct: int = 0
    total: int = 0
    correct_detected: int = 0
    total_detected: int = 0

    def add(self, ok: bool, detected: bool) -> None:
        self.total += 1
        self.correct += bool(ok)
        if detected:
            self.total_detected += 1
            self.correct_detected += bool(ok)

    @property
    def all(self) -> float | None:
        return self.correct / self.total if self.total else None

    @property
    def detected(self) -> float | None:
        return self.correct_detected / self.total_detected if self.total_detected else None


@dataclass
class Report:
    """Every figure of one system on one gold set; `format_table` lays several side by side."""

    name: str
    n: int
    detected: int | None  # None for the baseline, which always answers
    event_type: Score = field(default_factory=Score)
    sub_event_type: Score = field(default_factory=Score)
    sub_event_weighted_f1: float = 0.0
    sub_event_macro_f1: float = 0.0
    interaction: Score = field(default_factory=Score)
    actor1_type: Score = field(default_factory=Score)
    actor_types_unordered: Score = field(default_factory=Score)
    fatalities: Score = field(default_factory=Score)
    date: Score = field(default_factory=Score)
    time_precision: Score = field(default_factory=Score)
    admin1: Score = field(default_factory=Score)
    within_25km: Score = field(default_factory=Score)
    median_km: float | None = None
    located: int = 0  # rows with both gold and predicted coordinates (the median's base)
    geo_precision: Score = field(default_factory=Score)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)  # (gold, predicted, count), top first

    @property
    def detection_rate(self) -> float | None:
        return self.detected / self.n if self.detected is not None and self.n else None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "n": self.n, "detected": self.detected,
                                  "detection_rate": self.detection_rate}
        for name, label in _SCORE_ROWS:
            score = getattr(self, name)
            out[name] = {"all": score.all, "detected": score.detected, "correct": score.correct,
                         "total": score.total}
        out.update(sub_event_weighted_f1=self.sub_event_weighted_f1, sub_event_macro_f1=self.sub_event_macro_f1,
                   median_km=self.median_km, located=self.located,
                   confusions=[list(c) for c in self.confusions])
        return out


_SCORE_ROWS: tuple[tuple[str, str], ...] = (
    ("event_type", "event type accuracy"),
    ("sub_event_type", "sub-event type accuracy"),
    ("interaction", "interaction code accuracy"),
    ("actor1_type", "actor1 type accuracy"),
    ("actor_types_unordered", "actor types {1,2} order-free"),
    ("fatalities", "fatalities exact"),
    ("date", "date exact"),
    ("time_precision", "time precision agreement"),
    ("admin1", "admin1 accuracy"),
    ("within_25km", "location within 25 km"),
    ("geo_precision", "geo precision agreement"),
)


def score(rows: Sequence[GoldRow], predictions: Sequence[Prediction], name: str = "newsevents",
          top_confusions: int = 10) -> Report:
    """Compare predictions with gold rows, position by position, into a Report."""
    if len(rows) != len(predictions):
        raise ValueError(f"{len(rows)} gold rows but {len(predictions)} predictions")
    applicable = any(p.detected is not None for p in predictions)
    report = Report(name=name, n=len(rows),
                    detected=sum(bool(p.detected) for p in predictions) if applicable else None)
    distances: list[float] = []
    gold_sub, pred_sub = [], []
    for gold, pred in zip(rows, predictions):
        det = pred.detected is not False
        report.event_type.add(det and pred.event_type == gold.event_type, det)
        report.sub_event_type.add(det and pred.sub_event_type == gold.sub_event_type, det)
        gold_sub.append(gold.sub_event_type or "")
        pred_sub.append((pred.sub_event_type or "(none)") if det else NOT_DETECTED)
        report.interaction.add(det and pred.interaction == gold.interaction, det)
        report.actor1_type.add(det and pred.actor1_type == gold.inter1, det)
        report.actor_types_unordered.add(
            det and sorted((pred.actor1_type, pred.actor2_type)) == sorted((gold.inter1, gold.inter2)), det)
        report.fatalities.add(det and gold.fatalities is not None and pred.fatalities == gold.fatalities, det)
        report.date.add(det and gold.event_date is not None and pred.date == gold.event_date, det)
        report.time_precision.add(det and pred.time_precision == gold.time_precision, det)
        report.admin1.add(det and same_admin1(gold.admin1, pred.admin1), det)
        km = None
        if det and None not in (gold.latitude, gold.longitude, pred.latitude, pred.longitude):
            km = haversine_km(gold.latitude, gold.longitude, pred.latitude, pred.longitude)
            distances.append(km)
        report.within_25km.add(km is not None and km <= KM_WITHIN, det)
        report.geo_precision.add(det and pred.geo_precision == gold.geo_precision, det)
    report.sub_event_weighted_f1 = weighted_f1(gold_sub, pred_sub)
    report.sub_event_macro_f1 = macro_f1(gold_sub, pred_sub)
    report.median_km = statistics.median(distances) if distances else None
    report.located = len(distances)
    report.confusions = confusions(gold_sub, pred_sub)[:top_confusions]
    return report


def confusions(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[str, str, int]]:
    """(gold label, predicted label, count) for every disagreement, most frequent first."""
    counts = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return [(g, p, c) for (g, p), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def score_by(rows: Sequence[GoldRow], predictions: Sequence[Prediction], key: str,
             name: str = "newsevents", min_rows: int = 1) -> dict[str, Report]:
    """One Report per value of a GoldRow attribute (e.g. "country", "sub_event_type").

    Groups with fewer than min_rows rows are pooled into one "(others)" group.
    """
    return {value: score([rows[i] for i in idx], [predictions[i] for i in idx], name=name)
            for value, idx in group_rows(rows, key, min_rows).items()}


BY_FIELDS = tuple(f for f in GoldRow.__dataclass_fields__ if f not in ("id", "text", "events"))


def group_rows(rows: Sequence[GoldRow], key: str, min_rows: int = 1) -> dict[str, list[int]]:
    """Row positions per value of a GoldRow attribute, largest group first; a list attribute (tags) puts a row
    in the group of each of its values. Groups under min_rows rows are pooled into "(others)"."""
    if key not in GoldRow.__dataclass_fields__:
        raise ValueError(f"cannot break down by {key!r}: use one of {', '.join(BY_FIELDS)}")
    groups: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        value = getattr(row, key)
        for one in (value or ["(none)"]) if isinstance(value, list) else [value]:
            groups[str(one) if isinstance(one, bool) else str(one or "(none)")].append(i)
    small = [g for g, idx in groups.items() if len(idx) < min_rows]
    if len(small) > 1:
        groups["(others)"] = sorted({i for g in small for i in groups.pop(g)})
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "(others)", -len(kv[1]), kv[0])))


# ---------------------------------------------------------------- tables


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def format_table(reports: Sequence[Report]) -> str:
    """A Markdown table: one row per figure; per report a column over all rows and one over detected rows.

    The baseline (detected=None) gets one column only, as it answers every row.
    """
    header = ["figure"]
    for r in reports:
        header += [f"{r.name} (all rows)", f"{r.name} (detected)"] if r.detected is not None else [r.name]
    lines: list[list[str]] = []

    def row(label: str, per_report: Callable[[Report], tuple[str, str]]) -> None:
        cells = [label]
        for r in reports:
            all_, det = per_report(r)
            cells += [all_, det] if r.detected is not None else [all_]
        lines.append(cells)

    row("rows", lambda r: (str(r.n), str(r.detected) if r.detected is not None else ""))
    row("detection rate", lambda r: (_fmt(r.detection_rate), ""))
    for attr, label in _SCORE_ROWS[:2]:
        row(label, lambda r, a=attr: (_fmt(getattr(r, a).all), _fmt(getattr(r, a).detected)))
    row("sub-event weighted F1", lambda r: (_fmt(r.sub_event_weighted_f1), ""))
    row("sub-event macro F1", lambda r: (_fmt(r.sub_event_macro_f1), ""))
    for attr, label in _SCORE_ROWS[2:]:
        row(label, lambda r, a=attr: (_fmt(getattr(r, a).all), _fmt(getattr(r, a).detected)))
    row("median km error (located rows)", lambda r: (_fmt(r.median_km, 1), f"n={r.located}" if r.located else ""))
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |" for cells in lines]
    return "\n".join(out)


def format_breakdown(reports: dict[str, Report]) -> str:
    """A compact Markdown table: one line per group with its headline figures (over all rows)."""
    header = ["group", "rows", "detect", "event type", "sub-event", "sub wF1", "interaction",
              "fatalities", "date", "admin1", "≤25 km"]
    lines = [[g, str(r.n), _fmt(r.detection_rate, 2), _fmt(r.event_type.all, 2), _fmt(r.sub_event_type.all, 2),
              _fmt(r.sub_event_weighted_f1, 2), _fmt(r.interaction.all, 2), _fmt(r.fatalities.all, 2),
              _fmt(r.date.all, 2), _fmt(r.admin1.all, 2), _fmt(r.within_25km.all, 2)]
             for g, r in reports.items()]
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |" for cells in lines]
    return "\n".join(out)


def format_confusions(report: Report) -> str:
    """The most frequent sub-event confusions, one per line."""
    if not report.confusions:
        return "(no confusions)"
    width = max(len(g) for g, _, _ in report.confusions)
    return "\n".join(f"{c:>6}  {g.ljust(width)}  ->  {p}" for g, p, c in report.confusions)


# ---------------------------------------------------------------- running the coder


@dataclass
class CodingRun:
    """The coder's predictions for a list of gold rows, with what went wrong and how long it took."""

    predictions: list[Prediction]
    errors: list[tuple[str, str]]  # (row id, reason) for rows the coder refused or failed on
    seconds: float
    words: int
    events: dict[str, list[EventRecord]] = field(default_factory=dict)  # row id -> the coder's events

    @property
    def rows_per_second(self) -> float:
        return len(self.predictions) / self.seconds if self.seconds else 0.0


def predict(rows: Sequence[GoldRow], *, published_from_gold: bool = False, strategy: str = "main",
            progress: Callable[[int], None] | None = None) -> CodingRun:
    """Code every row's text with newsevents (batched through `code_articles`) and keep the matched event.

    With published_from_gold, each article gets the gold event date as its publication date (ACLED
    notes state the date themselves, so by default none is given). A row the coder fails on counts as
    not detected and is listed in `errors`; the run goes on.
    """
    import time

    from newsevents import pipeline

    def article(row: GoldRow) -> Article:
        published = dt.date.fromisoformat(row.event_date) if published_from_gold and row.event_date else None
        return row.article(published)

    by_id: dict[str, GoldRow] = {}
    for row in rows:
        if row.id in by_id:
            raise ValueError(f"duplicate gold row id {row.id!r}: ids must be unique to match events to rows")
        by_id[row.id] = row
    found: dict[str, list[EventRecord]] = {}
    errors: list[tuple[str, str]] = []
    start = time.perf_counter()
    try:
        for art, events in pipeline.code_articles(article(r) for r in rows):
            if isinstance(events, ArticleError):  # refused (empty, too large ...): not detected, and said why
                errors.append((art.id, events.reason))
                events = []
            found[art.id] = events
            if progress:
                progress(len(found))
    except Exception as exc:  # one bad row must not sink the run: finish one article at a time
        logger.warning("batch coding stopped (%s: %s); coding the remaining rows one by one",
                       type(exc).__name__, exc)
        for row in rows:
            if row.id in found:
                continue
            try:
                found[row.id] = pipeline.code_article(article(row))
            except Exception as row_exc:
                errors.append((row.id, f"{type(row_exc).__name__}: {row_exc}"))
                found[row.id] = []
            if progress:
                progress(len(found))
    seconds = time.perf_counter() - start
    predictions = [prediction_from_events(found.get(r.id, []), r, strategy) for r in rows]
    return CodingRun(predictions, errors, seconds, sum(len(r.text.split()) for r in rows), found)


def dedupe_ids(rows: Iterable[GoldRow]) -> Iterator[GoldRow]:
    """Rows with repeated ids renamed "id#2", "id#3"... so that each row is matched to its own events."""
    seen: Counter = Counter()
    for row in rows:
        seen[row.id] += 1
        if seen[row.id] > 1:
            row.id = f"{row.id}#{seen[row.id]}"
        yield row


# ---------------------------------------------------------------- a gold set, scored (`newsevents eval`, CI gate)


class EventRefiner(Protocol):
    """A trained model that revises the rule coder's events of one article (newsevents.train.EventModel)."""

    def refine(self, article: Article, events: list[EventRecord]) -> list[EventRecord]: ...


@dataclass
class Rate:
    """A count among a total: false alarms among items without an event, matched among gold events."""

    count: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.count += bool(hit)

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None


@dataclass
class EvalReport:
    """One system on one gold set: the main event's ACLED fields (`acled`) and the figures beyond them."""

    name: str
    items: int
    acled: Report  # the main event of every item whose gold has an ACLED event
    plover_event: Score = field(default_factory=Score)  # items whose gold has a PLOVER type
    plover_mode: Score = field(default_factory=Score)  # items whose gold has a PLOVER mode: type and mode right
    false_alarms: Rate = field(default_factory=Rate)  # items without an ACLED event where the coder asserts one
    event_recall: Rate = field(default_factory=Rate)  # gold events of the items that list several
    event_recall_all: Rate = field(default_factory=Rate)  # every gold event

    def figures(self) -> dict[str, float | None]:
        """The headline figures, flat, named as in tests/gold/floors.json; None where the gold set has no case."""
        a = self.acled
        has = a.n > 0
        return {
            "detection": a.detection_rate,
            "event_type": a.event_type.all,
            "sub_event_type": a.sub_event_type.all,
            "sub_event_weighted_f1": a.sub_event_weighted_f1 if has else None,
            "sub_event_macro_f1": a.sub_event_macro_f1 if has else None,
            "interaction": a.interaction.all,
            "actor1_type": a.actor1_type.all,
            "actor_types": a.actor_types_unordered.all,
            "fatalities": a.fatalities.all,
            "date": a.date.all,
            "admin1": a.admin1.all,
            "within_25km": a.within_25km.all,
            "median_km": a.median_km,
            "plover_event": self.plover_event.all,
            "plover_mode": self.plover_mode.all,
            "false_alarm_rate": self.false_alarms.value,
            "event_recall": self.event_recall.value,
            "event_recall_all": self.event_recall_all.value,
        }

    def sizes(self) -> dict[str, int]:
        """How many cases each headline figure is taken over (one case moves it by 1/size)."""
        a = self.acled
        return {name: a.n for name in ("detection", "event_type", "sub_event_type", "sub_event_weighted_f1",
                                       "sub_event_macro_f1", "interaction", "actor1_type", "actor_types",
                                       "fatalities", "date", "admin1", "within_25km")} | {
            "median_km": a.located, "plover_event": self.plover_event.total, "plover_mode": self.plover_mode.total,
            "false_alarm_rate": self.false_alarms.total, "event_recall": self.event_recall.total,
            "event_recall_all": self.event_recall_all.total}

    def to_dict(self) -> dict[str, object]:
        def score(s: Score) -> dict[str, object]:
            return {"all": s.all, "detected": s.detected, "correct": s.correct, "total": s.total}

        return {
            "name": self.name,
            "items": self.items,
            "figures": self.figures(),
            "acled": self.acled.to_dict(),
            "plover_event": score(self.plover_event),
            "plover_mode": score(self.plover_mode),
            "false_alarms": {"rate": self.false_alarms.value, "alarms": self.false_alarms.count,
                             "items": self.false_alarms.total},
            "event_recall": {"recall": self.event_recall.value, "matched": self.event_recall.count,
                             "events": self.event_recall.total},
            "event_recall_all": {"recall": self.event_recall_all.value, "matched": self.event_recall_all.count,
                                 "events": self.event_recall_all.total},
        }


# Report fields that need a gold value: where no gold row gives one, the field is "—", not 0.
_NEEDS_GOLD = {"date": "event_date", "time_precision": "time_precision", "fatalities": "fatalities",
               "admin1": "admin1", "within_25km": "latitude", "geo_precision": "geo_precision"}


def matched_events(gold: Sequence[GoldEvent], labels: Sequence[tuple[str | None, str | None]]) -> int:
    """How many gold events a coded event matches, one to one: same sub-event type, or same PLOVER type for
    a gold event without an ACLED type. `labels` are the coded events' (sub-event, PLOVER) pairs."""
    pool = list(labels)
    found = 0
    for event in gold:
        for j, (sub, plover) in enumerate(pool):
            if (sub == event.sub_event_type) if event.sub_event_type else (plover == event.plover_event):
                found += 1
                del pool[j]
                break
    return found


def evaluate_system(rows: Sequence[GoldRow], predictions: Sequence[Prediction], name: str = "rules",
                    top_confusions: int = 15) -> EvalReport:
    """Score one system's predictions on a gold set: `score` over the items with an ACLED event, then the
    PLOVER, false-alarm and event-recall figures over the items they apply to."""
    if len(rows) != len(predictions):
        raise ValueError(f"{len(rows)} gold rows but {len(predictions)} predictions")
    scored = [i for i, row in enumerate(rows) if row.has_event]
    acled_rows = [rows[i] for i in scored]
    acled = score(acled_rows, [predictions[i] for i in scored], name=name, top_confusions=top_confusions)
    for attr, gold_attr in _NEEDS_GOLD.items():
        if not any(getattr(r, gold_attr) is not None for r in acled_rows):
            setattr(acled, attr, Score())
    report = EvalReport(name=name, items=len(rows), acled=acled)
    for row, pred in zip(rows, predictions):
        answered = pred.plover_event is not None
        if row.plover_event:
            report.plover_event.add(pred.plover_event == row.plover_event, answered)
        if row.plover_mode:
            report.plover_mode.add(pred.plover_event == row.plover_event and pred.plover_mode == row.plover_mode,
                                   answered)
        if not row.has_event:
            report.false_alarms.add(bool(pred.alarm))
        events = row.gold_events
        found = matched_events(events, pred.labels)
        report.event_recall_all.count += found
        report.event_recall_all.total += len(events)
        if len(events) > 1:
            report.event_recall.count += found
            report.event_recall.total += len(events)
    return report


def evaluate_by(rows: Sequence[GoldRow], predictions: Sequence[Prediction], key: str, name: str = "rules",
                min_rows: int = 1) -> dict[str, EvalReport]:
    """One EvalReport per value of a GoldRow attribute ("tags": one per tag), largest group first."""
    return {value: evaluate_system([rows[i] for i in idx], [predictions[i] for i in idx], name=name)
            for value, idx in group_rows(rows, key, min_rows).items()}


def gold_composition(rows: Sequence[GoldRow]) -> dict[str, object]:
    """What a gold set holds: counts of items by kind, main sub-event type, PLOVER type (any event) and tag."""
    subs = Counter(r.sub_event_type for r in rows if r.has_event and r.sub_event_type)
    plover = Counter(p for r in rows for p in {e.plover_event for e in r.gold_events} | {r.plover_event} if p)
    tags = Counter(t for r in rows for t in r.tags)
    return {
        "items": len(rows),
        "with_acled_event": sum(r.has_event for r in rows),
        "without_acled_event": sum(not r.has_event for r in rows),
        "with_several_events": sum(len(r.gold_events) > 1 for r in rows),
        "with_plover_event": sum(bool(r.plover_event) for r in rows),
        "gold_events": sum(len(r.gold_events) for r in rows),
        "sub_event_types": dict(sorted(subs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "plover_events": dict(sorted(plover.items(), key=lambda kv: (-kv[1], kv[0]))),
        "tags": dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


@dataclass
class EvalResult:
    """A gold set scored: one EvalReport per system ("rules", "model+rules" with a model, "baseline")."""

    gold: str
    gold_sha256: str
    items: int  # scored (after --limit)
    of: int  # in the gold file
    reports: dict[str, EvalReport]
    primary: str  # the report the headline figures and the gate use: "model+rules" with a model, else "rules"
    composition: dict[str, object]
    by: str | None = None
    breakdown: dict[str, dict[str, EvalReport]] = field(default_factory=dict)  # report name -> group -> report
    errors: list[tuple[str, str]] = field(default_factory=list)  # (item id, reason)
    seconds: float = 0.0
    words: int = 0
    limit: int | None = None
    seed: int = 0
    versions: dict[str, str] = field(default_factory=dict)

    def figures(self, name: str | None = None) -> dict[str, float | None]:
        """The headline figures of one report (default: the primary one)."""
        return self.reports[name or self.primary].figures()

    def to_dict(self) -> dict[str, object]:
        """A stable JSON-ready dict: fields named, reports and breakdowns keyed by system name."""
        return {
            "gold": self.gold,
            "gold_sha256": self.gold_sha256,
            "items": self.items,
            "of": self.of,
            "limit": self.limit,
            "seed": self.seed,
            "composition": self.composition,
            "primary": self.primary,
            "figures": {name: r.figures() for name, r in self.reports.items()},
            "reports": {name: r.to_dict() for name, r in self.reports.items()},
            "by": self.by,
            "breakdown": {name: {group: r.to_dict() for group, r in groups.items()}
                          for name, groups in self.breakdown.items()},
            "errors": [list(e) for e in self.errors],
            "seconds": round(self.seconds, 3),
            "words": self.words,
            "versions": self.versions,
        }


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes (the CI gate pins the gold set's)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_eval(gold_path: str | Path, *, limit: int | None = None, by: str | None = None,
             model: EventRefiner | None = None, seed: int = 0,
             progress: Callable[[int], None] | None = None) -> EvalResult:
    """Code every item of a gold file and score the coder beside the trivial baseline.

    gold_path: an ACLED export CSV (`notes` is the text) or a JSONL gold file (format: module docstring).
    limit: score a seeded sample of that many items, proportional by source export or country (the sample
    benchmarks/acled_dev.py draws); None or 0: all. by: a GoldRow field to break the figures down by ("tags",
    "country", "sub_event_type" ...). model: an object with `refine(article, events) -> events` (a trained
    newsevents.train.EventModel): then "rules" and "model+rules" are both reported. progress: called with
    the number of items coded so far. A gold file that cannot be read raises InputError with a fix.
    """
    path = Path(gold_path)
    if by == "tag":
        by = "tags"
    if by is not None and by not in BY_FIELDS:
        raise InputError(f"cannot break down by {by!r}: use one of {', '.join(BY_FIELDS)}")
    if model is not None and not callable(getattr(model, "refine", None)):
        raise TypeError("model must have a refine(article, events) method, like newsevents.train.EventModel")
    if limit is not None and limit < 0:
        raise InputError(f"limit must be a positive number of items, not {limit}")
    rows = list(read_gold(path))
    if path.suffix.lower() in (".jsonl", ".json"):
        seen: Counter = Counter(r.id for r in rows)
        repeated = sorted(i for i, n in seen.items() if n > 1)
        if repeated:
            raise InputError(f"{path}: item ids must be unique; repeated: {', '.join(repeated[:5])}")
    else:  # ACLED exports repeat ids across files, and some rows carry no notes: as benchmarks/acled_dev.py
        rows = list(dedupe_ids(rows))
        empty = sum(not r.text for r in rows)
        if empty:
            logger.warning("%s: %d rows without notes skipped", path, empty)
        rows = [r for r in rows if r.text]
    if not rows:
        raise InputError(f"{path}: no gold items; give at least one row with its text")
    sample = sample_rows(rows, limit or None, seed=seed, stratify=lambda r: r.source_label or r.country or "")
    run = predict(sample, progress=progress)
    errors = list(run.errors)
    systems: dict[str, list[Prediction]] = {"rules": run.predictions}
    if model is not None:
        systems["model+rules"] = _refined(model, sample, run.events, errors)
    systems["baseline"] = baseline_predictions(sample)
    return EvalResult(
        gold=str(path),
        gold_sha256=file_sha256(path),
        items=len(sample),
        of=len(rows),
        reports={name: evaluate_system(sample, preds, name) for name, preds in systems.items()},
        primary="model+rules" if model is not None else "rules",
        composition=gold_composition(sample),
        by=by,
        breakdown={name: evaluate_by(sample, preds, by, name) for name, preds in systems.items()} if by else {},
        errors=errors,
        seconds=run.seconds,
        words=run.words,
        limit=limit or None,
        seed=seed,
        versions=versions(),
    )


def _refined(model: EventRefiner, rows: Sequence[GoldRow], events: dict[str, list[EventRecord]],
             errors: list[tuple[str, str]]) -> list[Prediction]:
    """Predictions from the model's revision of the rules' events; a text the model fails on is not detected."""
    out = []
    for row in rows:
        try:
            refined = list(model.refine(row.article(), list(events.get(row.id, []))))
        except Exception as exc:  # one bad text must not sink the run: it is reported and counted as missed
            logger.warning("model failed on %s: %s: %s", row.id, type(exc).__name__, exc)
            errors.append((row.id, f"model: {type(exc).__name__}: {exc}"))
            refined = []
        out.append(prediction_from_events(refined, row))
    return out


def versions() -> dict[str, str]:
    """Versions of newsevents, spaCy and the configured language model, for the record of a run."""
    from importlib import metadata

    from newsevents import settings

    out = {}
    model = settings.get("spacy_model")
    for name, dist in (("newsevents", "newsevents"), ("spacy", "spacy"), (model, model.replace("_", "-"))):
        try:
            out[name] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def format_result(result: EvalResult, fmt: str = "table") -> str:
    """The result for a person (Markdown tables) or for a program ("json": `EvalResult.to_dict`)."""
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: use 'table' or 'json'")
    c = result.composition
    reports = list(result.reports.values())
    primary = result.reports[result.primary]
    out = [
        f"Gold: {result.gold} (sha256 {result.gold_sha256[:12]}), {result.items} of {result.of} items"
        + (f" (seeded sample, seed {result.seed})" if result.items < result.of else "")
        + f": {c['with_acled_event']} with an ACLED event ({c['with_several_events']} with several), "
        f"{c['without_acled_event']} without, {c['with_plover_event']} with a PLOVER type.",
        f"Coded in {result.seconds:.1f} s ({result.words / result.seconds if result.seconds else 0:.0f} words/s); "
        + (f"{len(result.errors)} items failed (counted as missed), e.g. "
           + "; ".join(f"{i}: {why}" for i, why in result.errors[:3]) if result.errors else "no item failed")
        + ". Versions: " + ", ".join(f"{k} {v}" for k, v in result.versions.items()) + ".",
        "",
        f"ACLED fields of the main event ({c['with_acled_event']} items with an ACLED event):",
        "",
        format_table([r.acled for r in reports]),
        "",
        "Beyond the main event:",
        "",
        format_beyond(reports),
        "",
        "Baseline: the most frequent sub-event type, event type, interaction, admin1 and PLOVER type of the gold "
        "set, 0 fatalities, no date, an event in every item.",
        "",
        f"Most frequent sub-event confusions (gold -> {primary.name}):",
        format_confusions(primary.acled),
    ]
    if result.by:
        out += ["", f"By {result.by} ({primary.name}; an item counts in each of its groups):", "",
                format_eval_breakdown(result.breakdown[primary.name])]
    return "\n".join(out)


def format_beyond(reports: Sequence[EvalReport]) -> str:
    """A Markdown table of the figures beyond the main event's fields, one column per system."""
    first = reports[0]

    def n(rate_or_score) -> int:
        return rate_or_score.total

    rows = [
        (f"PLOVER event type accuracy (n={n(first.plover_event)})", lambda r: r.plover_event.all),
        (f"PLOVER type and mode accuracy (n={n(first.plover_mode)})", lambda r: r.plover_mode.all),
        (f"false alarm rate, items without an ACLED event (n={n(first.false_alarms)}; lower is better)",
         lambda r: r.false_alarms.value),
        (f"event recall, items with several events (n={n(first.event_recall)} events)",
         lambda r: r.event_recall.value),
        (f"event recall, all gold events (n={n(first.event_recall_all)})", lambda r: r.event_recall_all.value),
    ]
    header = ["figure"] + [r.name for r in reports]
    lines = [[label] + [_fmt(get(r)) for r in reports] for label, get in rows]
    return _markdown(header, lines)


def format_eval_breakdown(reports: dict[str, EvalReport]) -> str:
    """A compact Markdown table: one line per group with its headline figures ("—" where none apply)."""
    header = ["group", "items", "ACLED", "detect", "event type", "sub-event", "sub wF1", "interaction",
              "fatalities", "date", "admin1", "PLOVER", "false alarms", "recall"]
    lines = []
    for group, r in reports.items():
        f = r.figures()
        lines.append([group, str(r.items), str(r.acled.n)] + [_fmt(f[k], 2) for k in (
            "detection", "event_type", "sub_event_type", "sub_event_weighted_f1", "interaction", "fatalities",
            "date", "admin1", "plover_event")]
            + [f"{r.false_alarms.count}/{r.false_alarms.total}" if r.false_alarms.total else "—",
               _fmt(f["event_recall_all"], 2)])
    return _markdown(header, lines)


def _markdown(header: list[str], lines: list[list[str]]) -> str:
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |",
           "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += ["| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |" for cells in lines]
    return "\n".join(out)


# ---------------------------------------------------------------- floors of the CI gate


DEFAULT_FLOORS = ("event_type", "sub_event_weighted_f1", "interaction", "fatalities", "date", "plover_event",
                  "false_alarm_rate_max", "event_recall", "detection")


@dataclass
class FloorCheck:
    """One figure against its floor (or, for a name ending in "_max", against its ceiling)."""

    name: str  # as in floors.json, e.g. "fatalities", "false_alarm_rate_max"
    measured: float | None
    floor: float

    @property
    def figure(self) -> str:
        return self.name[: -len("_max")] if self.is_max else self.name

    @property
    def is_max(self) -> bool:
        return self.name.endswith("_max")

    @property
    def ok(self) -> bool:
        if self.measured is None:
            return False
        return self.measured <= self.floor + 1e-9 if self.is_max else self.measured >= self.floor - 1e-9


def check_floors(figures: dict[str, float | None], floors: dict[str, float]) -> list[FloorCheck]:
    """Every floor checked against the measured figures (a figure the run does not give fails)."""
    checks = []
    for name, floor in floors.items():
        check = FloorCheck(name, None, float(floor))
        if check.figure not in figures:
            raise ValueError(f"floor {name!r} names no figure: use one of {', '.join(figures)} (or <figure>_max)")
        check.measured = figures[check.figure]
        checks.append(check)
    return checks


def ratchet_floors(floors: dict[str, float], figures: dict[str, float | None], *, margin: float = 0.02,
                   allow_lower: bool = False, sizes: dict[str, int] | None = None) -> tuple[dict[str, float], list[str]]:
    """New floors at the measured figures minus `margin` (ceilings plus it), rounded to 0.01 towards safety.

    With `sizes` (cases per figure, `EvalReport.sizes`), the margin of a figure over few cases is at least one
    case's worth, so that one item changing its answer does not trip the gate on its own.

    A floor only moves up (a ceiling only down) while the figure still meets it. A floor the figure no
    longer meets must go down: that raises ValueError naming the floors unless allow_lower is given; the
    names of the floors that went down are returned beside the new floors.
    """
    new: dict[str, float] = {}
    lowered: list[str] = []
    for check in check_floors(figures, floors):
        if check.measured is None:
            new[check.name] = check.floor
            continue
        size = (sizes or {}).get(check.figure) or 0
        slack = max(margin, 1 / size) if size else margin
        if check.is_max:
            target = math.ceil(round((check.measured + slack) * 100, 6)) / 100
            kept = min(check.floor, target)
        else:
            target = math.floor(round((check.measured - slack) * 100, 6)) / 100
            kept = max(check.floor, target)
        if check.ok:
            new[check.name] = kept
        else:
            lowered.append(check.name)
            new[check.name] = target
    if lowered and not allow_lower:
        raise ValueError("the figures no longer meet these floors: " + ", ".join(
            f"{name} ({floors[name]} -> {new[name]})" for name in lowered)
            + "; fix the regression, or lower them on purpose with --allow-lower")
    return new, lowered
