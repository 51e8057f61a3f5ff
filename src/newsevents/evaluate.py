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

import hashlib
import json
import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol, Sequence

from newsevents.errors import InputError
from newsevents.gold import (
    GoldEvent, GoldRow, INTER_LABELS, clean_notes, dedupe_ids, gold_from_mapping, normalise_sub_event_type,
    pair_code, parse_date, parse_inter, parse_interaction, read_gold, read_gold_csv, read_gold_jsonl, sample_rows,
)
from newsevents.records import Article, EventRecord
from newsevents.scoring import (
    BY_FIELDS, CodingRun, KM_WITHIN, NOT_DETECTED, Prediction, Report, Score, _fmt, accuracy, baseline_predictions,
    confusions, format_breakdown, format_confusions, format_table, group_rows, haversine_km, macro_f1,
    match_main_event, normalise_admin1, per_label_f1, predict, prediction_from_event, prediction_from_events,
    same_admin1, score, score_by, weighted_f1,
)

logger = logging.getLogger(__name__)

# The gold readers and scoring primitives are re-exported: `newsevents.evaluate` is the one import benchmarks need.
__all__ = [
    "BY_FIELDS", "CodingRun", "DEFAULT_FLOORS", "EvalReport", "EvalResult", "EventRefiner", "FloorCheck",
    "GoldEvent", "GoldRow", "INTER_LABELS", "KM_WITHIN", "NOT_DETECTED", "Prediction", "Rate", "Report", "Score",
    "accuracy", "baseline_predictions", "check_floors", "clean_notes", "confusions", "dedupe_ids", "evaluate_by",
    "evaluate_system", "file_sha256", "format_beyond", "format_breakdown", "format_confusions",
    "format_eval_breakdown", "format_result", "format_table", "gold_composition", "gold_from_mapping", "group_rows",
    "haversine_km", "macro_f1", "match_main_event", "matched_events", "normalise_admin1", "normalise_sub_event_type",
    "pair_code", "parse_date", "parse_inter", "parse_interaction", "per_label_f1", "predict",
    "prediction_from_event", "prediction_from_events", "ratchet_floors", "read_gold", "read_gold_csv",
    "read_gold_jsonl", "run_eval", "same_admin1", "sample_rows", "score", "score_by", "versions", "weighted_f1",
]

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
    published: str = ""  # what the coder was told of publication dates (run_eval's published_from_gold)

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
            "published": self.published,
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
             model: EventRefiner | None = None, seed: int = 0, fast: bool | None = None,
             published_from_gold: bool = False, published_offset: int | None = None,
             progress: Callable[[int], None] | None = None) -> EvalResult:
    """Code every item of a gold file and score the coder beside the trivial baseline.

    gold_path: an ACLED export CSV (`notes` is the text) or a JSONL gold file (format: module docstring).
    limit: score a seeded sample of that many items, proportional by source export or country (the sample
    benchmarks/acled_dev.py draws); None or 0: all. by: a GoldRow field to break the figures down by ("tags",
    "country", "sub_event_type" ...). model: an object with `refine(article, events) -> events` (a trained
    newsevents.train.EventModel): then "rules" and "model+rules" are both reported. fast: code with the fast
    path (newsevents.prefilter; None: as the `fast` setting says). published_from_gold: each item's
    publication date is its gold event date (ACLED exports carry none, and a note that tells only "on Monday"
    cannot be dated without one), plus `published_offset` days when that is given (news comes out after the
    event; an offset implies published_from_gold); otherwise an item's own `published` (JSONL) is used.
    progress: called with the number of items coded so far. A gold file that cannot be read raises
    InputError with a fix.
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
    from_gold = published_from_gold or published_offset is not None
    run = predict(sample, progress=progress, fast=fast, published_from_gold=from_gold,
                  published_offset=published_offset or 0)
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
        published=_published_label(from_gold, published_offset or 0),
    )


def _published_label(from_gold: bool, offset: int) -> str:
    """What the coder was told of each item's publication date, in words."""
    if not from_gold:
        return "the item's own (none for an ACLED export)"
    return "the gold event date" + (f" {offset:+d} days" if offset else "")


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
        f"Publication date: {result.published or 'as in the gold file'}.",
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
