"""Tolls told per side add up; one side's claim and "killed or wounded" do not count as deaths
(CODEBOOKS.md 1.8; sentences written for these tests)."""

from __future__ import annotations

import json

import pytest

from newsevents.extract.counts import _LEXICON_PATH, other_side, victim_sides
from newsevents.records import Count, Span
from coding_helpers import counts, main_toll


def _count(text: str, start: int) -> Count:
    return Count(1, 1, 1, text, Span(start, start + len(text), text))


# --- the side a victim noun names ------------------------------------------------------------------


def test_the_lexicon_examples_hold():
    raw = json.loads(_LEXICON_PATH.read_text(encoding="utf-8"))["victim_sides"]
    for ex in raw["examples"]:
        assert other_side(_count(ex["first"], 0), _count(ex["second"], 50)) is ex["add"], ex


def test_a_summed_toll_names_each_part():
    assert victim_sides("2 police officers; 14 insurgents") == {"state_forces", "armed_group"}
    assert victim_sides("three people") is None


def test_one_count_told_twice_is_not_another_side():
    c = _count("4 soldiers", 10)
    assert not other_side(c, _count("6 rebels", 10))  # the same words


# --- the other side's dead are more dead -------------------------------------------------------------


@pytest.mark.parametrize("text,toll", [
    ("Army troops clashed with Ansar militants near Gao on Monday and killed 6 militants. 2 soldiers were killed.", 8),
    ("Bandits attacked Kura village on Monday. 4 villagers were killed and at least 3 bandits were shot dead.", 7),
])
def test_tolls_of_two_sides_add_up(text, toll):
    assert main_toll(text) == toll


def test_two_figures_for_one_side_are_one_toll():
    text = "Militants ambushed an army patrol near Gao on Monday, killing 5 soldiers. Four troops died in the ambush."
    assert main_toll(text) == 5


# --- a claim is beaten by the report's own figure ------------------------------------------------------


def test_a_sides_claim_does_not_add_to_the_reported_toll():
    text = ("Rebels attacked an army base in Gao on Monday. 3 soldiers were killed. "
            "The rebels claimed to have killed 40 soldiers.")
    assert main_toll(text) == 3


def test_a_claim_alone_still_gives_the_toll(nlp):
    assert counts(nlp, "The rebels claimed to have killed 12 soldiers.", "fatalities") == [12]


def test_a_blast_that_claimed_lives_is_no_claim():
    assert main_toll("A car bomb exploded in the market of Gao on Monday and claimed 9 lives.") == 9


# --- dead or hurt, not said which ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Eight soldiers were killed or wounded in the ambush.",
    "The gunmen opened fire on the bus, injuring or killing 14 passengers.",
])
def test_killed_or_wounded_is_no_death_toll(nlp, text):
    assert counts(nlp, text, "fatalities") == []


def test_killed_or_wounded_keeps_the_injury_figure(nlp):
    assert counts(nlp, "Eight soldiers were killed or wounded in the ambush.", "injuries") == [8]


def test_killed_and_wounded_stay_two_tolls(nlp):
    text = "Gunmen killed two farmers and wounded five others."
    assert counts(nlp, text, "fatalities") == [2]
    assert counts(nlp, text, "injuries") == [5]


# --- a list's first member, hung by the parse on the phrase before it ----------------------------------


def test_the_first_member_of_a_toll_list_counts(nlp):
    text = "In the ensued firefight 3 soldiers, 2 civilians and 11 attackers were killed."
    assert sorted(counts(nlp, text, "fatalities")) == [2, 3, 11]


def test_the_first_member_of_an_injury_list_counts(nlp):
    text = "In the clash 4 policemen, 2 women and 3 children were wounded."
    assert sorted(counts(nlp, text, "injuries")) == [2, 3, 4]


def test_a_number_before_an_aside_is_no_list_member(nlp):
    assert counts(nlp, "Police arrested 3 men, 2 of whom were armed.", "arrests") == [3]
