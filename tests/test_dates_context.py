"""Tests for newsevents.extract.dates: dates that belong to another event than the trigger's (after a temporal
link word, or in a clause below it and before the paragraph's day), a weekend or part of a day that holds the day
the paragraph has stated, and the day a note says it is coded to. Every sentence here is invented."""

from __future__ import annotations

import datetime as dt

from date_helpers import TUESDAY, article_dates, event_date

_dates = article_dates


# --- a date on the far side of "following", "after", "since" dates that earlier event


def test_a_date_after_following_dates_the_earlier_event_not_the_trigger(nlp):
    text = "Traders staged a sit-in at the market following the arrest of their leader on Saturday."
    d = event_date(_dates(nlp, text), "staged")
    assert d is not None and d.date == TUESDAY and d.reason.startswith("publication date"), d


def test_a_date_after_since_in_a_phrase_is_not_the_events_day(nlp):
    text = "Hundreds of farmers have blocked the highway since Saturday, demanding water for their fields."
    d = event_date(_dates(nlp, text), "blocked")
    assert d is not None and d.date == TUESDAY, d


def test_a_date_opening_the_sentence_after_a_link_word_still_frames_it(nlp):
    text = "After clashes on Sunday, police arrested twelve youths in the town."
    d = event_date(_dates(nlp, text), "arrested")
    assert d is not None and d.date == dt.date(2021, 3, 14), d


# --- a date in a clause below the trigger that falls before the paragraph's day is an earlier event's


def test_the_previous_day_in_a_purpose_clause_keeps_the_heading_day(nlp):
    text = "14 March. Drivers blocked the main road to protest the beating of a colleague on the previous day."
    d = event_date(_dates(nlp, text), "blocked")
    assert d is not None and d.date == dt.date(2021, 3, 14), d


def test_a_past_day_in_a_clause_below_gives_way_to_the_heading_day(nlp):
    text = "15 March. Nurses marched in the town as unions denounced the pay freeze that was decided on 3 November."
    d = event_date(_dates(nlp, text), "marched")
    assert d is not None and d.date == dt.date(2021, 3, 15), d


def test_a_background_date_below_the_trigger_leaves_it_the_publication_date(nlp):
    text = "Farmers blocked the highway to denounce the sale of land that the council had agreed on 3 May 2019."
    d = event_date(_dates(nlp, text), "blocked")
    assert d is not None and d.date == TUESDAY and "background" in d.reason, d


def test_a_later_day_in_a_clause_below_is_still_taken(nlp):
    text = "12 March. Police said that gunmen attacked the convoy on 13 March."
    d = event_date(_dates(nlp, text), "attacked")
    assert d is not None and d.date == dt.date(2021, 3, 13), d


# --- a weekend or a part of a day that holds the day the paragraph has stated


def test_during_the_weekend_after_a_heading_day_is_that_day(nlp):
    text = "14 March 2021. During the weekend, students marched through the town."
    d = event_date(_dates(nlp, text), "marched")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 14), 2), d


def test_overnight_after_a_heading_day_is_that_day(nlp):
    text = "16 March. Soldiers repelled an overnight raid on the barracks."
    d = event_date(_dates(nlp, text), "repelled")
    assert d is not None and (d.date, d.time_precision) == (TUESDAY, 1), d


def test_a_weekend_that_does_not_hold_the_heading_day_is_counted_from_publication(nlp):
    text = "2 March 2021. During the weekend, students marched through the town."
    d = event_date(_dates(nlp, text), "marched")
    assert d is not None and d.date == dt.date(2021, 3, 13), d


def test_overnight_without_a_stated_day_is_the_night_before_publication(nlp):
    d = event_date(_dates(nlp, "Soldiers repelled an overnight raid on the barracks."), "repelled")
    assert d is not None and d.date == dt.date(2021, 3, 15), d


# --- the day a note says it is coded to


def test_a_span_coded_to_a_day_takes_that_day_at_the_spans_precision(nlp):
    text = "Between 1 and 25 February 2021 [coded to 10 February], raiders burned homes in the valley."
    d = event_date(_dates(nlp, text), "burned")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 2, 10), 3), d


def test_relative_words_coded_on_a_day_take_that_day_as_approximate(nlp):
    text = "Residents said that 'two weeks ago' (coded on 1 March) gunmen raided the hamlet and killed its chief."
    d = event_date(_dates(nlp, text), "raided")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 1), 2), d


def test_coded_as_a_number_is_not_a_date(nlp):
    text = "On 9 March 2021, gunmen killed several villagers (coded as 3 fatalities) in the hills."
    d = event_date(_dates(nlp, text), "killed")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 9), 1), d


def test_until_a_day_ends_the_events_own_span_and_still_dates_it(nlp):
    text = "The hostages were released in small groups until 9 March 2021."
    d = event_date(_dates(nlp, text), "released")
    assert d is not None and d.date == dt.date(2021, 3, 9), d


# --- a weekday with its date in brackets


def test_a_weekday_with_its_date_in_brackets_is_that_date(nlp):
    text = "Herders found three bodies in a ditch on Monday [1 March] morning."
    d = event_date(_dates(nlp, text), "found")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 1), 1), d
    assert len(_dates(nlp, text).mentions) == 1
