"""The CI gate: the hand-written gold set is well formed and covers what it claims, its hash is pinned, and the
coder's figures on it stay at or above the floors in tests/gold/floors.json.

After editing the gold set, or to raise the floors after an improvement, run
`python benchmarks/gold_gate.py --update` (lowering a floor needs `--allow-lower`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from newsevents import evaluate

GOLD_DIR = Path(__file__).resolve().parent / "gold"
GOLD = GOLD_DIR / "gold.jsonl"
FLOORS = json.loads((GOLD_DIR / "floors.json").read_text(encoding="utf-8"))
TAXONOMY = json.loads((Path(evaluate.__file__).parent / "lexicon" / "taxonomy.json").read_text(encoding="utf-8"))
SUB_TYPES = {s["name"]: t["event_type"] for t in TAXONOMY["acled"] for s in t["sub_event_types"]}
PLOVER = TAXONOMY["plover"]
VALID_INTERACTIONS = {10 * a + b for a in range(1, 9) for b in [0, *range(a, 9)]}
UPDATE = "edit the gold, then run `python benchmarks/gold_gate.py --update`"

RECORDS = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_events(record: dict) -> list[dict]:
    gold = record["gold"]
    shared = {k: v for k, v in gold.items() if k != "events"}
    if "events" in gold:
        return [{**shared, **e} for e in gold["events"]]
    return [] if gold.get("event") is False else [gold]


# ------------------------------------------------------------ the file itself


def test_gold_hash_is_pinned():
    assert evaluate.file_sha256(GOLD) == FLOORS["gold_sha256"], f"gold.jsonl changed: {UPDATE}"


def test_every_item_parses_with_the_reader():
    rows = list(evaluate.read_gold(GOLD))
    assert len(rows) == len(RECORDS)
    assert len({r.id for r in rows}) == len(rows), "item ids must be unique"
    assert all(r.text and r.published for r in rows)


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_item_labels_are_valid_codebook_names(record):
    assert set(record) == {"id", "text", "published", "tags", "gold"}
    published = dt.date.fromisoformat(record["published"])
    assert any(t.startswith("style:") for t in record["tags"]), "every item names its style"
    gold = record["gold"]
    for key in ("plover_event", "plover_mode"):
        assert key not in gold or "events" not in gold, "in a several-event item, PLOVER goes on each event"
    events = gold_events(record)
    if gold.get("event") is False:
        assert "event_type" not in gold and "sub_event_type" not in gold and "events" not in gold
    else:
        assert events, "an item has an ACLED event or says \"event\": false"
    for event in events:
        assert SUB_TYPES[event["sub_event_type"]] == event["event_type"]
        assert event["actor1"] and event["inter1"] in range(1, 9)
        assert bool(event.get("actor2")) == bool(event.get("inter2"))
        assert event["interaction"] == evaluate.pair_code(event["inter1"], event.get("inter2", 0))
        assert event["interaction"] in VALID_INTERACTIONS
        assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0
        assert dt.date.fromisoformat(event["event_date"]) <= published
        assert event["admin1"] and event["country"]
    for labels in [gold, *events]:
        if labels.get("plover_event"):
            assert labels["plover_event"] in PLOVER
            assert labels.get("plover_mode") is None or labels["plover_mode"] in PLOVER[labels["plover_event"]]["modes"]
        else:
            assert not labels.get("plover_mode")


def test_gold_covers_every_type_it_claims():
    assert len(RECORDS) >= 330
    main = Counter(gold_events(r)[0]["sub_event_type"] for r in RECORDS if gold_events(r))
    assert {s: main[s] for s in SUB_TYPES if main[s] < 8} == {}, "every ACLED sub-event type in >= 8 items"
    plover = Counter(p for r in RECORDS for p in {e.get("plover_event") for e in [r["gold"], *gold_events(r)]} if p)
    assert {p: plover[p] for p in PLOVER if plover[p] < 5} == {}, "every PLOVER type in >= 5 items"
    traps = [r for r in RECORDS if any(t.startswith("trap:") or t == "multi" for t in r["tags"])]
    assert len(traps) >= 60
    for tag in ("trap:negation", "trap:hypothetical", "trap:threat", "trap:reported", "trap:cumulative",
                "trap:history", "multi"):
        assert any(tag in r["tags"] for r in RECORDS), tag
    assert all(len(gold_events(r)) > 1 for r in RECORDS if "multi" in r["tags"])
    formula = sum("style:acled" in r["tags"] for r in RECORDS)
    assert formula <= len(RECORDS) / 3, "at most a third in ACLED's 'On DATE, X did Y in PLACE' formula"


def test_floors_name_the_required_figures():
    assert set(evaluate.DEFAULT_FLOORS) <= set(FLOORS["floors"])
    dt.date.fromisoformat(FLOORS["updated"])


# ------------------------------------------------------------ the coder against the floors


@pytest.fixture(scope="module")
def result() -> evaluate.EvalResult:
    return evaluate.run_eval(GOLD)


def test_every_item_was_coded(result):
    assert result.items == len(RECORDS)
    assert result.errors == []


@pytest.mark.parametrize("name", sorted(FLOORS["floors"]))
def test_figure_meets_its_floor(result, name):
    (check,) = evaluate.check_floors(result.figures(), {name: FLOORS["floors"][name]})
    bound = "at most" if check.is_max else "at least"
    assert check.ok, (f"{check.figure} = {check.measured} on the gold set, floor says {bound} {check.floor}: "
                      "fix the regression, or lower the floor on purpose with "
                      "`python benchmarks/gold_gate.py --update --allow-lower`")


def test_coder_beats_the_baseline(result):
    ours, base = result.figures(), result.figures("baseline")
    for name in ("event_type", "sub_event_weighted_f1", "fatalities", "date", "plover_event", "event_recall"):
        assert ours[name] > base[name], name
    assert ours["false_alarm_rate"] < base["false_alarm_rate"]
