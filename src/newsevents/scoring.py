"""Scoring primitives: the coder's events reduced to a `Prediction`, compared with a `GoldRow` field by field.

`score()` turns rows and predictions into a `Report`; `baseline_predictions` gives the trivial baseline, scored by
the same code; `predict` runs the coder over gold rows. The conventions are in `newsevents.evaluate`'s docstring.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Sequence

from newsevents.errors import ArticleError
from newsevents.gold import GoldRow, normalise_sub_event_type, pair_code, parse_date, parse_inter, parse_interaction
from newsevents.records import Article, EventRecord

logger = logging.getLogger(__name__)

NOT_DETECTED = "(not detected)"
KM_WITHIN = 25.0

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
              "fatalities", "date", "time prec", "admin1", "≤25 km", "median km", "geo prec"]
    lines = [[g, str(r.n), _fmt(r.detection_rate, 2), _fmt(r.event_type.all, 2), _fmt(r.sub_event_type.all, 2),
              _fmt(r.sub_event_weighted_f1, 2), _fmt(r.interaction.all, 2), _fmt(r.fatalities.all, 2),
              _fmt(r.date.all, 2), _fmt(r.time_precision.all, 2), _fmt(r.admin1.all, 2), _fmt(r.within_25km.all, 2),
              _fmt(r.median_km, 1), _fmt(r.geo_precision.all, 2)]
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


def predict(rows: Sequence[GoldRow], *, published_from_gold: bool = False, published_offset: int = 0,
            strategy: str = "main", progress: Callable[[int], None] | None = None,
            fast: bool | None = None) -> CodingRun:
    """Code every row's text with newsevents (batched through `code_articles`) and keep the matched event.

    With published_from_gold, each article gets the gold event date (plus `published_offset` days) as its
    publication date (ACLED notes state the date themselves, so by default none is given). A row the coder fails
    on counts as not detected and is listed in `errors`; the run goes on.
    """
    import time

    from newsevents import prefilter  # fast (default: the `fast` setting) parses only likely event sentences

    def article(row: GoldRow) -> Article:
        published = None
        if published_from_gold and row.event_date:  # news is published after the event: offset in days
            published = dt.date.fromisoformat(row.event_date) + dt.timedelta(days=published_offset)
        return row.article(published)

    by_id: dict[str, GoldRow] = {}
    for row in rows:
        if row.id in by_id:
            raise ValueError(f"duplicate gold row id {row.id!r}: ids must be unique to match events to rows")
        by_id[row.id] = row
    found: dict[str, list[EventRecord]] = {}
    errors: list[tuple[str, str]] = []
    code = prefilter.coder(fast)
    start = time.perf_counter()
    try:
        for art, events in code(article(r) for r in rows):
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
                [(_, events)] = list(code([article(row)]))  # the same coder, fast or full
                if isinstance(events, ArticleError):
                    errors.append((row.id, events.reason))
                    events = []
                found[row.id] = events
            except Exception as row_exc:
                errors.append((row.id, f"{type(row_exc).__name__}: {row_exc}"))
                found[row.id] = []
            if progress:
                progress(len(found))
    seconds = time.perf_counter() - start
    predictions = [prediction_from_events(found.get(r.id, []), r, strategy) for r in rows]
    return CodingRun(predictions, errors, seconds, sum(len(r.text.split()) for r in rows), found)
