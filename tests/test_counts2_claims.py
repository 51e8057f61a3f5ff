"""A toll list the parse reads as the subject of a later passive ("killed 6 guards and 3 others were injured"):
its first member is the object of the killing verb before it (sentences written for these tests)."""

from __future__ import annotations

import pytest

from coding_helpers import counts, main_toll


@pytest.mark.parametrize("text,dead,hurt", [
    ("The rebels claimed to have killed at least 6 guards and 3 others were injured.", [6], [3]),
    ("The gunmen claimed to have killed at least 5 policemen and 2 others were wounded.", [5], [2]),
    ("The rebels killed 3 soldiers and 2 others were wounded.", [3], [2]),
])
def test_the_first_member_is_the_killing_verbs_object(nlp, text, dead, hurt):
    assert counts(nlp, text, "fatalities") == dead
    assert counts(nlp, text, "injuries") == hurt


def test_a_lone_subject_of_a_later_passive_stays_its_subject(nlp):
    # no list: the wounded are the subject of their own verb, not the object of the verb before
    text = "The gunmen fled after 5 passengers were wounded."
    assert counts(nlp, text, "injuries") == [5]
    assert counts(nlp, text, "fatalities") == []


def test_a_claim_that_is_the_only_figure_is_the_toll():
    text = ("A roadside bomb planted by the rebels exploded near a police convoy in Gao on Monday. "
            "The rebels claimed to have killed at least 6 policemen and 3 others were injured.")
    assert main_toll(text) == 6


# --- a province after the town a person is 'of' -------------------------------------------------------------


def test_a_province_after_a_persons_town_closes_the_persons_phrase(nlp):
    from newsevents.extract.counts import _qualified_by_place
    doc = nlp("The former mayor of Tarlac, Luzon was shot dead by gunmen.")
    province = next(t for t in doc if t.text == "Luzon")
    assert _qualified_by_place(province).text == "mayor"
    doc = nlp("Gunmen attacked Tarlac, Luzon on Monday.")  # no person is 'of' the town
    assert _qualified_by_place(next(t for t in doc if t.text == "Luzon")) is None
