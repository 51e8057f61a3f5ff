"""Helpers shared by the coder's tests: the events a text is coded into, its main event and toll, the counts
of a kind its sentences tell. Publication date: Tuesday 12 March 2024."""

from __future__ import annotations

import datetime as dt

from newsevents import code_text
from newsevents.extract import actors
from newsevents.extract import events as ev
from newsevents.extract.counts import find_counts
from newsevents.extract.mentions import find_mentions

PUB = dt.date(2024, 3, 12)


def current(text: str):
    """The events the coder says happened (an ACLED type; not negated, hypothetical or background), main first."""
    return [e for e in code_text(text, published=PUB, source="test")
            if e.acled.event_type and not (e.negated or e.hypothetical or e.historical)]


def main(text: str):
    """The main current event of the text; fails the test when there is none."""
    events = current(text)
    assert events, f"no current ACLED event in {text!r}"
    return events[0]


def main_toll(text: str) -> int:
    """The fatalities of the main current event (0 when it has none)."""
    event = main(text)
    return event.fatalities.low if event.fatalities else 0


def counts(nlp, text: str, kind: str) -> list[int]:
    """The low figure of every count of `kind` ("fatalities", "injuries", "arrests") in the text's sentences."""
    doc = nlp(text)
    return [m.count.low for s in doc.sents for m in find_counts(s) if m.kind == kind]


def dead(nlp, text: str) -> list[int]:
    return counts(nlp, text, "fatalities")


def pair(nlp, text: str, frame: str | None = None, country: str | None = None):
    """actor1 and actor2 of the first mention (of the given frame) in a parsed text (events.build_actor_pair)."""
    doc = nlp(text)
    ms = [m for m in find_mentions(doc) if frame is None or m.frame.name == frame]
    assert ms, f"no {frame or ''} mention in {text!r}: {[m.frame.name for m in find_mentions(doc)]}"
    a1, a2, _, _ = ev.build_actor_pair(doc, ms[0], country, actors.people_roles(doc))
    return a1, a2
