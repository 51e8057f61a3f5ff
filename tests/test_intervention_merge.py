"""A protest and the state's response told after it: one Protest with intervention (ACLED), including a response
whose sentence has no date of its own, a physical attempt to disperse, removals and being taken to a police
station; and the protest words padlocking and pouring into the streets."""

from __future__ import annotations

import pytest

from coding_helpers import current, main
from newsevents.extract.mentions import find_mentions


def test_response_after_a_background_year_is_the_protests_intervention():
    # the arrest sentence inherits "1940", background inside the protest's sentence, yet happens at the protest
    text = ("On 11 March 2024, farmers in Nakuru staged a rally to mark the founding of their union in 1940 and to "
            "demand better prices. Police arrested 12 farmers.")
    event = main(text)
    assert event.acled.sub_event_type == "Protest with intervention"
    assert event.interaction == 16
    assert len([e for e in current(text) if e.acled.event_type == "Protests"]) == 1


def test_a_past_date_in_the_response_sentence_still_parts_it():
    text = ("On 11 March 2024, farmers in Nakuru staged a rally to demand better prices. "
            "On 4 June 1990, police arrested 12 farmers at a similar rally.")
    assert main(text).acled.sub_event_type == "Peaceful protest"


@pytest.mark.parametrize("response", [
    "Police tried to disperse the marchers.",  # a physical attempt to disperse (ACLED)
    "Police removed the protesters from the gate.",
    "Five of them were taken to a police station for questioning.",
])
def test_a_response_told_after_the_protest_is_its_intervention(response):
    text = ("On 11 March 2024, hundreds of nurses marched to the health ministry in Nairobi over unpaid wages. "
            + response)
    event = main(text)
    assert event.acled.sub_event_type == "Protest with intervention"
    assert event.interaction == 16


def test_an_attempt_still_to_come_is_no_intervention(nlp):
    doc = nlp("Police will try to disperse the march on Friday.")
    disperse = next(m for m in find_mentions(doc) if m.frame.name == "disperse")
    assert disperse.hypothetical


def test_an_attempt_made_is_no_hypothesis(nlp):
    doc = nlp("Riot police attempted to disperse the crowd with tear gas.")
    disperse = next(m for m in find_mentions(doc) if m.frame.name == "disperse" and m.trigger.match == "disperse")
    assert not disperse.hypothetical


def test_classrooms_trashed_at_a_protest_is_a_violent_demonstration():
    text = ("On 11 March 2024, students held a demonstration at their college in Mombasa over exam fees. "
            "They trashed the classrooms.")
    assert main(text).acled.sub_event_type == "Violent demonstration"


def test_padlocking_an_office_is_a_protest():
    event = main("On 11 March 2024, residents padlocked the municipal office in Pokhara over the water shortage.")
    assert event.acled.sub_event_type == "Peaceful protest"
    assert event.interaction == 60


def test_state_padlocking_a_newspaper_is_no_protest():
    assert not [e for e in current("On 11 March 2024, police padlocked the offices of an opposition newspaper.")
                if e.acled.event_type == "Protests"]


def test_pouring_into_the_streets_is_a_protest():
    event = main("On 11 March 2024, thousands of traders poured into the streets of Kampala over new market levies.")
    assert event.acled.sub_event_type == "Peaceful protest"


def test_a_crowds_attempt_at_violence_is_violent(nlp):
    doc = nlp("The demonstrators tried to storm the ministry building.")
    storm = next(m for m in find_mentions(doc) if m.frame.name == "riot")
    assert not storm.hypothetical
