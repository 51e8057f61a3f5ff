"""Tests for newsevents.extract.counts: numbers attach to the right kind, traps are avoided."""

from __future__ import annotations

import csv
import json
import random
import time
from pathlib import Path

import pytest

from newsevents import nlp
from newsevents.extract.counts import CountMention, find_counts, lexicon, parse_quantity

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
LEXICON = Path(__file__).parents[1] / "src" / "newsevents" / "lexicon" / "quantities.json"


@pytest.fixture(scope="module")
def nlp_model():
    return nlp.load()


def counts(nlp_model, text: str) -> list[CountMention]:
    doc = nlp_model(text)
    return [m for s in doc.sents for m in find_counts(s)]


def by_kind(mentions: list[CountMention], kind: str) -> list[CountMention]:
    return [m for m in mentions if m.kind == kind]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("five", (5, 5, 5)),
        ("one", (1, 1, 1)),
        ("a", (1, 1, 1)),
        ("twenty-five", (25, 25, 25)),
        ("1,200", (1200, 1200, 1200)),
        ("at least 600", (600, 600, 600)),
        ("more than 20", (20, 20, 20)),
        ("up to 15", (1, 15, 15)),
        ("between 10 and 15", (10, 10, 15)),
        ("10-15", (10, 10, 15)),
        ("two or three", (2, 2, 3)),
        ("several", (3, 3, 10)),
        ("a few", (3, 3, 9)),
        ("dozens", (12, 12, 99)),
        ("a dozen", (12, 12, 12)),
        ("two dozen", (24, 24, 24)),
        ("hundreds", (100, 100, 999)),
        ("thousands", (1000, 1000, 9999)),
        ("tens of thousands", (10000, 10000, 99000)),
        ("several hundred", (300, 300, 1000)),
        ("tens", (10, 10, 99)),
        ("scores", (10, 10, 99)),
        ("about 200", (200, 200, 200)),
        ("2.5", None),
        ("protesters", None),
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_lexicon_examples_yield_counts(nlp_model):
    """Every vague word's example sentence gives a count of that word's value (rules are data)."""
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))
    for entry in raw["vague"]:
        found = counts(nlp_model, entry["example"])
        assert any(m.count.best == entry["best"] for m in found), (entry["text"], found)
    for kind, spec in raw["kinds"].items():
        assert by_kind(counts(nlp_model, spec["example"]), kind), kind


def test_basra_killing_and_injuring(nlp_model):
    text = ("Iraqi security forces arrested militiamen who fired on demonstrators, "
            "killing one protester and injuring several others outside the party building.")
    found = counts(nlp_model, text)
    [dead] = by_kind(found, "fatalities")
    assert (dead.count.best, dead.count.text) == (1, "one protester")
    assert text[dead.count.span.start:dead.count.span.end] == "one protester"
    doc = nlp_model(text)
    assert doc[dead.head].text == "killing"
    [hurt] = by_kind(found, "injuries")
    assert (hurt.count.low, hurt.count.text) == (3, "several others")
    assert doc[hurt.head].text == "injuring"


@pytest.mark.parametrize(
    "text,kind,best",
    [
        ("Five people were killed in the attack.", "fatalities", 5),
        ("Gunmen killed five people in the village.", "fatalities", 5),
        ("Two soldiers died in the clash.", "fatalities", 2),
        ("The death of two soldiers was confirmed by the army.", "fatalities", 2),
        ("The raid led to the arrest of five members of the group.", "arrests", 5),
        ("Police arrested 12 people near the square.", "arrests", 12),
        ("Thousands of protesters gathered in the capital.", "crowd_size", 1000),
        ("A crowd of about 200 marched to the governor's office.", "crowd_size", 200),
        ("The attack resulted in 2 fatalities.", "fatalities", 2),
        ("Dozens of people were injured in the clashes.", "injuries", 12),
        ("Hundreds were arrested after the march.", "arrests", 100),
        ("Twenty-five people were killed on Monday.", "fatalities", 25),
        ("Between 10 and 15 people were killed.", "fatalities", 10),
        ("Militants killed a man.", "fatalities", 1),
        ("The bomber was killed.", "fatalities", 1),
        ("A village councilor was shot and killed by gunmen.", "fatalities", 1),
        ("An unknown number of militants were killed.", "fatalities", 3),
        ("The death toll has risen to 30.", "fatalities", 30),
    ],
)
def test_single_count(nlp_model, text, kind, best):
    found = by_kind(counts(nlp_model, text), kind)
    assert [m.count.best for m in found] == [best], found


def test_left_dead_and_injured(nlp_model):
    found = counts(nlp_model, "The clash left 1 demonstrator dead and 5 others injured.")
    assert [m.count.best for m in by_kind(found, "fatalities")] == [1]
    assert [m.count.best for m in by_kind(found, "injuries")] == [5]


def test_headline_killed_injured(nlp_model):
    found = counts(nlp_model, "1 killed, 3 injured in blast")
    assert [m.count.best for m in by_kind(found, "fatalities")] == [1]
    assert [m.count.best for m in by_kind(found, "injuries")] == [3]


def test_unspecified_plural_victims(nlp_model):
    """A bare plural is 3 (CODEBOOKS.md 1.8), in `low` too: the ACLED export and the score take `low`."""
    found = by_kind(counts(nlp_model, "Gunmen attacked the village, killing civilians."), "fatalities")
    assert [(m.count.low, m.count.best) for m in found] == [(3, 3)]


def test_cumulative_trap(nlp_model):
    text = ("The arrests are a rare response by authorities to violence by security forces and militia "
            "groups that has killed at least 600 protesters.")
    [m] = by_kind(counts(nlp_model, text), "fatalities")
    assert m.count.best == 600 and m.cumulative


@pytest.mark.parametrize(
    "text",
    [
        "The insurgency has killed 300 people since 2015.",
        "The death toll has risen to 30.",
        "So far this year, 45 people have been killed in the region.",
    ],
)
def test_cumulative_markers(nlp_model, text):
    found = by_kind(counts(nlp_model, text), "fatalities")
    assert found and all(m.cumulative for m in found)


def test_event_count_not_cumulative(nlp_model):
    [m] = by_kind(counts(nlp_model, "Gunmen killed five people on Monday."), "fatalities")
    assert not m.cumulative and not m.negated


@pytest.mark.parametrize(
    "text,kind",
    [
        ("No one was hurt.", "injuries"),
        ("Nobody was killed.", "fatalities"),
        ("There were no casualties.", "injuries"),
        ("No deaths were reported.", "fatalities"),
        ("Police fired tear gas and no injuries or fatalities were reported.", "fatalities"),
    ],
)
def test_negation_trap(nlp_model, text, kind):
    found = by_kind(counts(nlp_model, text), kind)
    assert found and all(m.negated and m.count.best == 0 for m in found)


def test_casualties_alone_are_not_fatalities(nlp_model):
    found = counts(nlp_model, "Five casualties were reported after the blast.")
    assert not by_kind(found, "fatalities")
    assert [m.count.best for m in by_kind(found, "injuries")] == [5]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked the town in 2020 with AK-47 rifles about 10 km from the border, burning 5 vehicles.",
        "Fatalities unknown.",
        "The 25-year-old leader spoke for two hours to 3 journalists.",
    ],
)
def test_numbers_that_are_not_victims(nlp_model, text):
    assert [m for m in counts(nlp_model, text) if m.kind != "crowd_size"] == []


def test_age_is_not_a_count(nlp_model):
    found = counts(nlp_model, "A man aged 25 was killed.")
    assert [m.count.best for m in found] == [1]


def test_agent_is_not_victim(nlp_model):
    found = counts(nlp_model, "Two soldiers died and five people were killed by 3 gunmen.")
    assert sorted(m.count.best for m in by_kind(found, "fatalities")) == [2, 5]


def test_lexicon_loads_once():
    assert lexicon() is lexicon()


def test_acled_notes_fatalities(nlp_model):
    """Sum of non-cumulative fatalities per ACLED note vs ACLED's own figure (printed)."""
    path = DATA / "acled-dev" / "acled_dev.csv"
    if not path.exists():
        pytest.skip(f"shared data absent: {path}")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = random.Random(0).sample(rows, 1000)
    hits = sentences = 0
    elapsed = 0.0
    for row, doc in zip(rows, nlp_model.pipe((r["notes"] for r in rows), batch_size=64)):
        total = 0
        for sent in doc.sents:
            start = time.perf_counter()
            found = find_counts(sent)
            elapsed += time.perf_counter() - start
            sentences += 1
            total += sum(m.count.best for m in found if m.kind == "fatalities" and not m.cumulative and not m.negated)
        hits += total == int(row["fatalities"])
    rate = hits / len(rows)
    print(f"ACLED fatalities exact match: {rate:.3f} over {len(rows)} notes; "
          f"{1000 * elapsed / sentences:.2f} ms per sentence")
    assert rate > 0.5


@pytest.mark.parametrize(
    "text,best",
    [
        ("About 300 students staged a sit-in outside parliament.", 300),
        ("Tens of thousands of protesters took to the streets.", 10000),
        ("Police dispersed hundreds of demonstrators with tear gas.", 100),
    ],
)
def test_crowd_size(nlp_model, text, best):
    assert [m.count.best for m in by_kind(counts(nlp_model, text), "crowd_size")] == [best]


def test_meeting_is_not_a_crowd(nlp_model):
    assert counts(nlp_model, "Five people held a meeting.") == []


def test_negated_verb(nlp_model):
    [m] = counts(nlp_model, "Police said the protesters were not injured.")
    assert (m.kind, m.negated, m.count.best) == ("injuries", True, 0)
