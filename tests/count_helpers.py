"""Helpers shared by the fatality-count tests: the tolls a sentence tells, and the main event's toll."""

from __future__ import annotations

import datetime as dt

from newsevents import code_text
from newsevents.extract.counts import find_counts

PUB = dt.date(2024, 3, 12)


def dead(nlp, text: str) -> list[int]:
    """The low figure of every fatality count found in the text's sentences."""
    doc = nlp(text)
    return [m.count.low for s in doc.sents for m in find_counts(s) if m.kind == "fatalities"]


def main_toll(text: str) -> int:
    """The fatalities of the first current ACLED event coded from the text (0 when it has none)."""
    events = [e for e in code_text(text, published=PUB, source="test")
              if e.acled.event_type and not (e.historical or e.negated or e.hypothetical)]
    assert events, "no event coded"
    return events[0].fatalities.low if events[0].fatalities else 0
