"""Protest words in news that tell no protest: what was gathered, and protests told as absent."""

from __future__ import annotations

import pytest

from coding_helpers import current
from newsevents.extract.mentions import find_mentions


def _protests(text: str) -> list:
    return [e for e in current(text) if e.acled.event_type in ("Protests", "Riots")]


@pytest.mark.parametrize("text", [
    "The report drew on the evidence the commission gathered over three years.",
    "She praised the knowledge the union gathered during its long history.",
])
def test_what_a_relative_clause_gathered_is_its_object(text):
    assert not _protests(text)


@pytest.mark.parametrize("text", [
    "Police watched the square where hundreds of students gathered on Monday.",
    "The crowd that gathered outside the court demanded the release of the activists.",
])
def test_who_or_where_people_gathered_is_still_a_gathering(text):
    assert _protests(text)


def test_a_time_free_of_protests_has_none(nlp):
    doc = nlp("Markets rose after a weekend free of any major protests in the capital.")
    protests = [m for m in find_mentions(doc) if m.frame.name == "protest"]
    assert protests and all(m.negated for m in protests)  # found, and told as absent
    assert not _protests("Markets rose after a weekend free of any major protests in the capital.")


def test_protests_free_of_violence_are_protests():
    assert _protests("Thousands of teachers held protests free of violence in the capital on Monday.")
