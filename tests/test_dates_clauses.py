"""Tests for newsevents.extract.dates: which date of a sentence dates the event, night ranges, and the year a
weekday implies when there is no publication date. Every sentence here is invented."""

from __future__ import annotations

import datetime as dt

from newsevents.extract import dates as D
from newsevents.extract.dates import ArticleDates
from newsevents.records import DateInfo
from date_helpers import TUESDAY, article_dates, event_date

_dates = article_dates


_event = event_date


# --- which date of the sentence dates the trigger


def test_a_closing_date_hung_on_a_participle_still_dates_the_main_verb(nlp):
    text = "Soldiers defused a bomb planted by raiders near the market on 2 March 2021."
    d = _event(_dates(nlp, text), "defused")
    assert d is not None and d.date == dt.date(2021, 3, 2), d


def test_a_closing_weekday_hung_on_a_relative_clause_still_dates_the_event(nlp):
    text = "Gunmen robbed traders who were driving to the market near the bridge on Sunday, police said."
    d = _event(_dates(nlp, text), "robbed")
    assert d is not None and d.date == dt.date(2021, 3, 14), d


def test_relative_clause_on_the_trigger_noun_is_its_start_not_its_day(nlp):
    text = "On 12 March 2021, forty traders joined the sit-in, which was launched on 2 March 2021 by teachers."
    d = _event(_dates(nlp, text), "sit-in")
    assert d is not None and d.date == dt.date(2021, 3, 12), d


def test_sentence_opening_date_wins_a_tie_with_a_later_one(nlp):
    text = ("On 12 March 2021, near the mill, villagers from four hamlets protested the seizure of "
            "their land on February 3, 2021.")
    d = _event(_dates(nlp, text), "protested")
    assert d is not None and d.date == dt.date(2021, 3, 12), d


def test_next_sentence_date_in_a_relative_clause_is_not_taken(nlp):
    text = ("Traders shut their shops in the market town. They opposed the tax that was announced on Friday.")
    d = _event(_dates(nlp, text), "shut")
    assert d is not None and d.date == TUESDAY and d.reason.startswith("publication date"), d


def test_next_sentence_date_of_the_lead_is_still_taken(nlp):
    d = _event(_dates(nlp, "Gunmen stormed a clinic in the hills. The raid happened on Sunday."), "stormed")
    assert d is not None and d.date == dt.date(2021, 3, 14), d


# --- the night of two days


def test_night_between_two_days_is_the_first_day(nlp):
    d = _only(_dates(nlp, "On the night between 4 and 5 March 2021, raiders burned a granary."))
    assert (d.date, d.time_precision) == (dt.date(2021, 3, 4), 1)


def test_night_of_two_days_is_the_first_day(nlp):
    d = _only(_dates(nlp, "On the night of 4-5 March 2021, raiders burned a granary."))
    assert (d.date, d.time_precision) == (dt.date(2021, 3, 4), 1)


def test_between_two_days_without_night_stays_approximate(nlp):
    d = _only(_dates(nlp, "Raiders burned a granary between 4 and 5 March 2021."))
    assert (d.date, d.time_precision) == (dt.date(2021, 3, 4), 2)


def _only(dates: ArticleDates) -> DateInfo:
    assert len(dates.mentions) == 1, dates.mentions
    return dates.mentions[0]


# --- no publication date: the year a weekday implies


def test_weekday_with_day_and_month_gives_the_latest_matching_year():
    [f] = D.find_expressions("Strikers picketed the port on Friday, July 20.")
    assert D._year_from_weekday(f, "Strikers picketed the port on Friday, July 20.", dt.date(2026, 11, 29)) == 2018


def test_weekday_year_is_not_after_today():
    text = "Monday 14 May: lawyers locked the court."
    [f] = D.find_expressions(text)
    assert D._year_from_weekday(f, text, dt.date(2018, 5, 13)) == 2012  # 14 May 2018 had not come yet


def test_no_weekday_no_year():
    text = "On 14 May lawyers locked the court."
    [f] = D.find_expressions(text)
    assert D._year_from_weekday(f, text, dt.date(2026, 11, 29)) is None


def test_weekday_year_is_said_in_the_record(nlp):
    d = _only(_dates(nlp, "Strikers picketed the port on Friday, July 20.", None))
    assert d.date.month == 7 and d.date.day == 20 and d.date.weekday() == 4
    assert d.year_inferred and "weekday" in d.reason


def test_a_stated_year_beats_the_weekday(nlp):
    d = _dates(nlp, "Strikers picketed the port on Friday, July 20. Talks failed in 2012.", None).mentions[0]
    # the year the text states is used, even where the weekday disagrees with it
    assert d.date == dt.date(2012, 7, 20) and d.year_inferred and "weekday" not in d.reason


def test_sometime_after_a_day_is_approximate(nlp):
    d = _only(_dates(nlp, "Sometime after 2 March 2021, villagers staged a sit-in at the mine."))
    assert (d.date, d.time_precision) == (dt.date(2021, 3, 2), 2)


def test_one_day_or_the_next_is_one_of_the_two_days(nlp):
    for text in ("Gunmen shot a trader in the port on either July 17 or 18, 2021.",
                 "Gunmen shot a trader in the port on 17 or 18 July 2021."):
        d = _only(_dates(nlp, text))
        assert (d.date, d.time_precision) == (dt.date(2021, 7, 17), 2), text


def test_or_between_numbers_without_a_month_is_no_date():
    assert D.find_expressions("Gunmen killed 17 or 18 villagers.") == []


# --- a date given only in an earlier sentence


def test_a_later_sentence_inherits_the_event_date_not_the_telling_date(nlp):
    text = ("Gunmen killed five farmers near the river on Sunday, police said on Tuesday. "
            "Residents then fled the village.")
    d = _event(_dates(nlp, text, dt.date(2021, 3, 17)), "fled")
    assert d is not None and d.date == dt.date(2021, 3, 14) and "inherited" in d.reason, d


def test_a_lead_does_not_take_a_telling_date_from_the_next_sentence(nlp):
    text = "Gunmen stormed a clinic in the hills. Officials said on Monday that nobody was hurt."
    d = _event(_dates(nlp, text), "stormed")
    assert d is not None and d.date == TUESDAY and d.reason.startswith("publication date"), d


def test_each_event_keeps_its_own_day(nlp):
    text = ("Police arrested twelve protesters in the capital on Monday. On Tuesday, gunmen killed three "
            "villagers in the north. Soldiers clashed with rebels near the border last week.")
    dates = _dates(nlp, text, dt.date(2021, 3, 17))
    assert _event(dates, "arrested").date == dt.date(2021, 3, 15)
    assert _event(dates, "killed").date == dt.date(2021, 3, 16)
    d = _event(dates, "clashed")
    assert (d.date, d.time_precision) == (dt.date(2021, 3, 10), 2)


# --- no publication date: which years of the text may date a day-month


def test_year_just_after_the_day_month_is_taken(nlp):
    d = _only(_dates(nlp, "24 October (or around) 2021. Traders marched to the assembly.", None))
    assert d.date == dt.date(2021, 10, 24) and d.year_inferred


def test_a_year_that_names_or_counts_something_is_not_the_events_year(nlp):
    for text in ("On 9 June, rebels seized a trader and demanded a $2000 ransom.",
                 "On 9 June, crowds cheered the 2011 presidential candidate in the square.",
                 "On 9 June, villagers blocked roads against the curfew in place since 2015."):
        dates = _dates(nlp, text, None)
        assert all(not (m.date.month == 6 and m.date.day == 9) for m in dates.mentions), text


def test_a_year_the_text_places_something_in_is_taken(nlp):
    d = _event(_dates(nlp, "On 9 June, rebels attacked the camp. The camp was set up in 2018.", None), "attacked")
    assert d is not None and d.date == dt.date(2018, 6, 9) and d.year_inferred, d


def test_a_number_after_the_day_month_is_not_a_year(nlp):
    dates = _dates(nlp, "On 9 June, police said 2000 people marched in the capital.", None)
    assert all(not (m.date.month == 6 and m.date.day == 9) for m in dates.mentions)


def test_a_capitalised_in_year_opening_the_text_is_taken(nlp):
    d = _event(_dates(nlp, "In 2019 the army began an offensive. Soldiers clashed with rebels on 14 May.", None), "clashed")
    assert d is not None and d.date == dt.date(2019, 5, 14) and d.year_inferred, d
