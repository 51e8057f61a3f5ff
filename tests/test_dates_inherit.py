"""Tests for newsevents.extract.dates: dates that name a thing rather than date the event (a noun's clause, a day
after publication, a date before a noun), clauses opened by "before"/"after", and "the following days". Every
sentence here is invented."""

from __future__ import annotations

import datetime as dt

from newsevents import code_text
from newsevents.extract.dates import find_expressions
from date_helpers import TUESDAY, article_dates, event_date


# --- "the following days" are several days, not the next one


def test_the_following_days_are_not_one_day_counted_from_the_last():
    found = find_expressions("On 2 March 2021, soldiers detained ten farmers. Some were freed over the following days.")
    assert [f.kind for f in found] == ["explicit"], found


def test_the_following_day_still_counts_one_day_on():
    found = find_expressions("On 2 March 2021, soldiers detained ten farmers. They were freed the following day.")
    assert [(f.kind, f.arg) for f in found] == [("explicit", 0), ("chained", 1)], found


# --- a clause opened by "before", "after", "until" has its own time


def test_a_date_in_a_clause_opened_by_before_dates_that_clause(nlp):
    text = ("On 2 March 2021, militiamen seized two traders near the market. "
            "They beat the traders before they were freed two days later.")
    dates = article_dates(nlp, text)
    beat = event_date(dates, "beat")
    assert beat is not None and beat.date == dt.date(2021, 3, 2), beat
    freed = event_date(dates, "freed")
    assert freed is not None and freed.date == dt.date(2021, 3, 4), freed


# --- what a later sentence inherits


def test_a_date_in_a_clause_on_a_noun_is_not_inherited_over_the_sentences_own(nlp):
    text = ("On 10 March 2021, teachers marched in the capital against the pay law, which parliament passed on "
            "4 March 2021. Police arrested five of the marchers.")
    d = event_date(article_dates(nlp, text), "arrested")
    assert d is not None and d.date == dt.date(2021, 3, 10), d


def test_a_scheduled_day_after_publication_is_not_inherited(nlp):
    text = ("On 12 March 2021, opposition supporters rallied in the port against the plan to hold the vote on "
            "20 June 2021. Police fired tear gas at the crowd.")
    d = event_date(article_dates(nlp, text), "fired")
    assert d is not None and d.date == dt.date(2021, 3, 12), d


def test_a_date_on_a_noun_is_still_inherited_when_the_paragraph_has_no_other(nlp):
    text = "Fighting that broke out on 12 March 2021 spread to the hills. Three soldiers were killed."
    d = event_date(article_dates(nlp, text), "killed")
    assert d is not None and d.date == dt.date(2021, 3, 12), d


# --- a date standing before a noun names that thing


def test_a_date_before_another_noun_does_not_date_the_event(nlp):
    text = "Supporters marched through the town to hail the ruling that upheld her March 2 poll victory."
    d = event_date(article_dates(nlp, text), "marched")
    assert d is not None and d.date == TUESDAY and d.reason.startswith("publication date"), d


def test_a_date_before_the_event_noun_itself_dates_it(nlp):
    text = "Police arrested three suspects over the March 2 bombing of the market."
    d = event_date(article_dates(nlp, text), "bombing")
    assert d is not None and d.date == dt.date(2021, 3, 2), d


# --- a span in brackets explains the day told before it


def test_a_bracketed_span_after_a_day_explains_it_and_sets_its_precision(nlp):
    text = ("Around 10 March 2021 (from 7 - 13 March), soldiers detained dozens of herders in raids on three camps. "
            "The ministry denied the reports.")
    dates = article_dates(nlp, text)
    for word in ("detained", "denied"):
        d = event_date(dates, word)
        assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 10), 2), (word, d)


def test_a_day_with_a_two_day_window_in_brackets_is_that_day_at_precision_two(nlp):
    text = "On 8 March 2021 (between 8 - 9 March), gunmen burned a school in the district."
    d = event_date(article_dates(nlp, text), "burned")
    assert d is not None and (d.date, d.time_precision) == (dt.date(2021, 3, 8), 2), d


# --- only the sentence's first date frames it


def test_a_month_inside_the_subject_does_not_frame_the_sentence_over_its_opening_date(nlp):
    text = ("On 5 March 2021, around 300 nurses who had recently been sacked by the governor after alleged irregular "
            "hiring in January reportedly staged a protest to denounce the decision.")
    d = event_date(article_dates(nlp, text), "protest")
    assert d is not None and d.date == dt.date(2021, 3, 5), d


def test_a_publication_date_at_the_end_of_the_calendar_does_not_overflow():
    # 9999-12-31 plus a week's slack is past the last date Python has: compare differences, never add to it
    events = code_text("On 1 January 2000 gunmen killed two men in Kano. Police said three men were arrested.",
                       published=dt.date(9999, 12, 31), source="test")
    assert events and all(e.date == "2000-01-01" for e in events)
