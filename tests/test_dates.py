"""Tests for newsevents.extract.dates: date mentions, anchoring on publication, and event dates."""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
from pathlib import Path

import pytest

from newsevents import code_text, nlp
from newsevents.extract.dates import ArticleDates
from newsevents.records import Article, DateInfo, Span
from date_helpers import event_date

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
MONDAY = dt.date(2020, 5, 11)  # the Basra raid article's publication day


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


def _dates(pipeline, text: str, published: dt.date | None = MONDAY) -> ArticleDates:
    return ArticleDates(pipeline(text), Article("t", text, published))


_event = event_date


def _only(dates: ArticleDates) -> DateInfo:
    assert len(dates.mentions) == 1, dates.mentions
    return dates.mentions[0]


def test_explicit_on_day_month_year(pipeline):
    d = _only(_dates(pipeline, "On 11 May 2020, police arrested ten protesters in Basra.", None))
    assert (d.date, d.time_precision, d.text, d.year_inferred) == (dt.date(2020, 5, 11), 1, "11 May 2020", False)
    assert d.span is not None and d.span.start == 3


def test_may_11_dawn_raid_modifies_trigger(pipeline):
    dates = _dates(pipeline, "The May 11 dawn raid on the party office led to the arrest of five members.")
    d = _event(dates, "raid")
    assert d is not None and d.date == dt.date(2020, 5, 11) and d.time_precision == 1 and not d.historical


def test_on_may_9(pipeline):
    d = _only(_dates(pipeline, "Protesters restarted demonstrations on May 9 in Baghdad."))
    assert d.date == dt.date(2020, 5, 9) and not d.historical


def test_yesterday(pipeline):
    d = _only(_dates(pipeline, "Gunmen killed two soldiers yesterday near Mosul."))
    assert d.date == dt.date(2020, 5, 10) and d.time_precision == 1


def test_on_sunday_published_monday(pipeline):
    dates = _dates(pipeline, "Police fired tear gas on Sunday. Students marched on Monday.")
    assert [m.date for m in dates.mentions] == [dt.date(2020, 5, 10), MONDAY]


def test_during_the_weekend(pipeline):
    d = _only(_dates(pipeline, "Demonstrations restarted during the weekend in Nasiriyah."))
    assert (d.date, d.date_end, d.time_precision) == (dt.date(2020, 5, 9), dt.date(2020, 5, 10), 2)


def test_last_week(pipeline):
    d = _only(_dates(pipeline, "Militants attacked a checkpoint last week."))
    assert (d.date, d.time_precision) == (dt.date(2020, 5, 6), 2)  # Wednesday of the previous week
    assert d.date.weekday() == 2


def test_in_january_is_mid_month(pipeline):
    d = _only(_dates(pipeline, "Farmers protested in January over fuel prices."))
    assert (d.date, d.time_precision, d.historical) == (dt.date(2020, 1, 15), 3, True)


def test_between_3_and_5_may_is_the_middle_of_the_window(pipeline):
    # One day of the window, not told which: ACLED codes its middle at precision 2, and we keep the end.
    d = _only(_dates(pipeline, "Gunmen killed a village chief between 3 and 5 May in the district."))
    assert (d.date, d.date_end, d.time_precision) == (dt.date(2020, 5, 4), dt.date(2020, 5, 5), 2)


def test_acled_note_without_year_infers_it_from_text(pipeline):
    text = "25 July. Al Shabaab attacked a base in Afgooye. The base was built in 2019."
    dates = _dates(pipeline, text, None)
    d = _event(dates, "attacked")
    assert d is not None and d.date == dt.date(2019, 7, 25) and d.year_inferred
    assert "inferred" in d.reason


def test_no_date_and_no_publication_is_none(pipeline):
    dates = _dates(pipeline, "Al Shabaab attacked a base in Afgooye.", None)
    assert dates.mentions == [] and _event(dates, "attacked") is None


def test_demoted_in_september_2019_is_historical(pipeline):
    dates = _dates(pipeline, "Saadi was demoted in September 2019 by the former prime minister.")
    d = _event(dates, "demoted")
    assert d is not None and (d.date, d.time_precision, d.historical) == (dt.date(2019, 9, 15), 3, True)


def test_protests_began_on_october_1_resolves_to_previous_year(pipeline):
    text = "On May 10, the judiciary ordered the release of demonstrators arrested since the protests began on October 1."
    dates = _dates(pipeline, text)
    october = [m for m in dates.mentions if m.text == "October 1"][0]
    assert october.date == dt.date(2019, 10, 1) and october.historical
    ordered = _event(dates, "ordered")
    assert ordered is not None and ordered.date == dt.date(2020, 5, 10) and not ordered.historical


def test_since_october_is_historical(pipeline):
    d = _only(_dates(pipeline, "Protests have continued since October.", dt.date(2019, 12, 1)))
    assert d.historical


def test_date_for_own_sentence_then_inherits_then_publication(pipeline):
    text = (
        "On May 9, gunmen attacked a checkpoint in Diyala. The assailants fled after the clash.\n"
        "Separately, police arrested a smuggler in Basra."
    )
    dates = _dates(pipeline, text)
    own, inherited, fallback = _event(dates, "attacked"), _event(dates, "fled"), _event(dates, "arrested")
    assert own.date == dt.date(2020, 5, 9) and "same" not in own.reason
    assert inherited.date == dt.date(2020, 5, 9) and "inherited" in inherited.reason
    assert (fallback.date, fallback.reason) == (MONDAY, "publication date")


def test_two_events_keep_their_own_dates(pipeline):
    text = "A protester was shot on May 10 in Basra. Security forces raided the party office on May 11."
    dates = _dates(pipeline, text)
    assert _event(dates, "shot").date == dt.date(2020, 5, 10)
    assert _event(dates, "raided").date == dt.date(2020, 5, 11)


def test_date_in_a_since_clause_does_not_date_the_trigger(pipeline):
    text = (
        "The arrests, the first since demonstrations restarted during the weekend, "
        "are a rare response by the authorities."
    )
    d = _event(_dates(pipeline, text), "arrests")
    assert d.reason == "publication date"


def test_approximate_day_is_precision_2(pipeline):
    d = _only(_dates(pipeline, "Around 7 May 2020 (as reported), a shepherd was killed.", None))
    assert (d.date, d.time_precision) == (dt.date(2020, 5, 7), 2)


def test_numeric_and_month_day_year_forms(pipeline):
    dates = _dates(pipeline, "Clashes on 11/05/2020 and on Nov 18, 2019 and on 06-September-2017.", None)
    assert [m.date for m in dates.mentions] == [dt.date(2020, 5, 11), dt.date(2019, 11, 18), dt.date(2017, 9, 6)]


def test_durations_are_not_dates(pipeline):
    dates = _dates(pipeline, "Renamo agreed to a 2 month ceasefire after a six-month crisis.")
    assert dates.mentions == []


def _acled_sample(n: int = 500) -> list[dict[str, str]]:
    path = DATA / "acled-dev" / "acled_dev.csv"
    if not path.exists():
        pytest.skip(f"shared ACLED data not found at {path}")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return random.Random(13).sample(rows, n)


def test_acled_notes_agreement(pipeline):
    """date_for the first sentence's root vs ACLED's event_date, published unknown and day after."""
    rows = _acled_sample()
    docs = list(pipeline.pipe(r["notes"] for r in rows))
    for mode in ("published None", "published next day"):
        exact = precision = dated = dated_exact = 0
        elapsed = 0.0
        for row, doc in zip(rows, docs):
            event = dt.date.fromisoformat(row["event_date"])
            published = None if mode == "published None" else event + dt.timedelta(days=1)
            t0 = time.perf_counter()
            dates = ArticleDates(doc, Article("n", doc.text, published))
            sent = next(doc.sents)
            root = sent.root
            d = dates.date_for(Span.of(doc.text, root.idx, root.idx + len(root)), Span.of(doc.text, sent.start_char, sent.end_char))
            elapsed += time.perf_counter() - t0
            hit = d is not None and d.date == event
            exact += hit
            precision += d is not None and d.time_precision == int(row["time_precision"])
            if dates.mentions:
                dated += 1
                dated_exact += hit
        n = len(rows)
        print(
            f"\nACLED notes, {mode}: date exact {exact / n:.3f}; on notes with a date mention "
            f"{dated_exact / max(dated, 1):.3f} ({dated}/{n}); time_precision agree {precision / n:.3f}; "
            f"{1000 * elapsed / n:.2f} ms/article (spaCy parse excluded)"
        )
        assert exact / n > 0.5


def test_relative_month_and_night_forms(pipeline):
    text = "Clashes erupted overnight. Strikes spread earlier this month. Two villagers were killed 3 days ago."
    got = [(m.date, m.time_precision) for m in _dates(pipeline, text, dt.date(2020, 5, 20)).mentions]
    assert got == [(dt.date(2020, 5, 19), 1), (dt.date(2020, 5, 15), 3), (dt.date(2020, 5, 17), 1)]


def test_month_day_after_publication_goes_to_previous_year(pipeline):
    d = _only(_dates(pipeline, "The protests began on December 20.", dt.date(2020, 1, 5)))
    assert d.date == dt.date(2019, 12, 20) and not d.historical


def test_weekday_before_explicit_date_is_one_mention(pipeline):
    dates = _dates(pipeline, "Police fired on marchers on Sunday, May 10, in Basra.")
    d = _only(dates)
    assert (d.date, d.text) == (dt.date(2020, 5, 10), "Sunday, May 10")


# --- phrase classes of issue 4, each anchored on a publication date (MONDAY = 11 May 2020 unless stated)


def _day(pipeline, text: str, word: str, published: dt.date | None = MONDAY) -> tuple[dt.date, int]:
    d = _event(_dates(pipeline, text, published), word)
    assert d is not None, text
    return d.date, d.time_precision


@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("Gunmen stormed a police post last Friday.", "stormed", (dt.date(2020, 5, 8), 1)),
        ("Tuesday's bombing of the market killed four.", "bombing", (dt.date(2020, 5, 5), 1)),
        ("Troops shelled the town on Monday.", "shelled", (MONDAY, 1)),  # published that day: that day
        ("Rebels ambushed a convoy the day before yesterday.", "ambushed", (dt.date(2020, 5, 9), 1)),
        ("Militias clashed late last week near the border.", "clashed", (dt.date(2020, 5, 8), 2)),
        ("Students protested over the weekend in Khartoum.", "protested", (dt.date(2020, 5, 9), 2)),
        ("Police arrested 12 people earlier this month.", "arrested", (dt.date(2020, 5, 5), 3)),
        ("Two soldiers were killed two weeks ago.", "killed", (dt.date(2020, 4, 27), 2)),
        ("Farmers blocked roads late last month.", "blocked", (dt.date(2020, 4, 25), 2)),
    ],
)
def test_relative_to_publication(pipeline, text, word, expected):
    assert _day(pipeline, text, word) == expected


def test_weekday_counts_back_from_a_publication_the_day_after(pipeline):
    # News is published after the event: "on Saturday" in Sunday's paper is the day before.
    sunday = dt.date(2020, 5, 10)
    assert _day(pipeline, "Gunmen attacked a bus on Saturday in Kaduna.", "attacked", sunday) == (dt.date(2020, 5, 9), 1)
    assert _day(pipeline, "Gunmen attacked a bus on Sunday in Kaduna.", "attacked", sunday) == (sunday, 1)


def test_overnight_is_the_night_before_publication(pipeline):
    assert _day(pipeline, "Militants shelled the base overnight.", "shelled") == (dt.date(2020, 5, 10), 1)


def test_overnight_beside_a_stated_date_belongs_to_that_date(pipeline):
    dates = _dates(pipeline, "On 3 May 2020, overnight, Al Shabaab attacked a base in Afgooye.")
    d = _only(dates)
    assert (d.date, d.time_precision) == (dt.date(2020, 5, 3), 1)
    weekday = _only(_dates(pipeline, "Gunmen raided the village overnight on Saturday."))
    assert weekday.date == dt.date(2020, 5, 9)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("From 3 to 5 May, protesters occupied the square.", (dt.date(2020, 5, 3), dt.date(2020, 5, 5), 1)),
        ("Between 30 April and 2 May, gunmen killed a farmer.", (dt.date(2020, 5, 1), dt.date(2020, 5, 2), 2)),
        ("A suspect was killed sometime on 13-15 January 2020.", (dt.date(2020, 1, 14), dt.date(2020, 1, 15), 2)),
        ("Sometime between 1 and 19 June 2019, fighters raped 12 women.", (dt.date(2019, 6, 10), dt.date(2019, 6, 19), 3)),
        ("On 13 and 27 April, rebels attacked villages.", (dt.date(2020, 4, 13), dt.date(2020, 4, 27), 1)),
    ],
)
def test_ranges(pipeline, text, expected):
    d = _only(_dates(pipeline, text))
    assert (d.date, d.date_end, d.time_precision) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As reported on 17 August 2019, artists protested in Janakpur.", (dt.date(2019, 8, 17), 2)),
        ("On or before 21 August 2018, the police tortured a man.", (dt.date(2018, 8, 21), 2)),
        ("During the week of 23 March 2020, the army conducted operations.", (dt.date(2020, 3, 23), 2)),
        ("Around 30 March 2020 (week of), residents demonstrated in Nakuru.", (dt.date(2020, 3, 30), 2)),
        ("On 9 May 2020 (as reported), a shepherd was killed.", (dt.date(2020, 5, 9), 2)),
        ("Around 15 March 2020 (month of), police destroyed houses.", (dt.date(2020, 3, 15), 3)),
        ("In February 2019, soldiers forced villagers to carry supplies.", (dt.date(2019, 2, 15), 3)),
        ("During the month of August 2018, four people were murdered.", (dt.date(2018, 8, 15), 3)),
        ("In the second half of January 2018, 3,500 civilians were displaced.", (dt.date(2018, 1, 23), 2)),
        ("In the first week of May 2020, fighting displaced 200 families.", (dt.date(2020, 5, 4), 2)),
        # "Early/late May": about ten days, coded by their middle at precision 2 (ACLED coders' practice).
        ("Fighting intensified in late April 2020.", (dt.date(2020, 4, 25), 2)),
        ("In early June 2019, police found a training camp.", (dt.date(2019, 6, 5), 2)),
        ("On or after 6 November 2018, fishermen set fire to a boat.", (dt.date(2018, 11, 6), 2)),
    ],
)
def test_acled_precision_phrases(pipeline, text, expected):
    d = _only(_dates(pipeline, text, None))
    assert (d.date, d.time_precision) == expected


def test_the_next_day_counts_from_the_date_told_before(pipeline):
    text = "Gunmen attacked a village on Saturday. The next day, soldiers clashed with them in the hills."
    dates = _dates(pipeline, text)
    assert _event(dates, "attacked").date == dt.date(2020, 5, 9)
    assert _event(dates, "clashed").date == dt.date(2020, 5, 10)
    later = _dates(pipeline, "On 2 March 2019 rebels seized a town. Two days later, the army retook it.", None)
    assert _event(later, "retook").date == dt.date(2019, 3, 4)


def test_the_day_before_an_event_is_not_a_date(pipeline):
    dates = _dates(pipeline, "Police arrested the organisers the day before the election.")
    assert dates.mentions == [] and _event(dates, "arrested").reason == "publication date"


def test_two_events_of_one_article_keep_their_own_dates_end_to_end():
    text = (
        "Militiamen shot dead a protester outside the party office in Basra on Sunday.\n\n"
        "On Monday, Iraqi security forces raided the party office in Basra and arrested five members."
    )
    events = [e for e in code_text(text, published=MONDAY, source="test") if not e.historical]
    by_date = {e.date for e in events}
    assert {"2020-05-10", "2020-05-11"} <= by_date, [(e.trigger.text, e.date) for e in events]


def test_without_publication_the_record_says_the_year_was_inferred():
    text = "Rebels attacked an army base near Beni on 14 May. The offensive began in 2019."
    events = [e for e in code_text(text, published=None, source="test") if e.acled.event_type]
    assert events and events[0].date == "2019-05-14"
    assert "inferred" in events[0].date_reason and events[0].year_inferred


def test_the_day_a_report_was_made_does_not_date_the_event(pipeline):
    dates = _dates(pipeline, "Gunmen killed five villagers in Zamfara, the police said in a statement on Sunday.")
    assert _event(dates, "killed").reason == "publication date"


def test_a_date_closing_the_reported_clause_dates_the_event(pipeline):
    # The parser hangs "on Saturday" on "said"; the words before the comma are what happened on Saturday.
    text = "Soldiers raped two girls in Yei county on Saturday, a local rights group said in a report."
    assert _day(pipeline, text, "raped") == (dt.date(2020, 5, 9), 1)


def test_an_announcement_that_is_the_event_takes_its_date(pipeline):
    text = "On 30 June 2025, two Mai-Mai factions announced their merger at a ceremony in Masisi."
    assert _day(pipeline, text, "merger", None) == (dt.date(2025, 6, 30), 1)


def test_a_date_under_a_telling_verb_elsewhere_in_the_sentence(pipeline):
    # "announced for 5-6 November" hangs on a reporting verb in another branch of the parse than the trigger.
    text = ("On 6 November 2023, lawyers staged a protest in Feni, in support of the blockade program of the "
            "opposition, announced for 5-6 November, demanding the resignation of the government.")
    assert _day(pipeline, text, "protest", None) == (dt.date(2023, 11, 6), 1)


def test_as_reported_on_frames_the_event(pipeline):
    # Not a telling that dates nothing: the event is dated by its report, at precision 2.
    text = "As reported on 24 April 2020, locals staged a protest by encircling the municipal office."
    assert _day(pipeline, text, "protest", None) == (dt.date(2020, 4, 24), 2)
    text = "Around 9 September 2020 (as reported), workers staged demonstrations in Uyo over their welfare."
    assert _day(pipeline, text, "demonstrations", None) == (dt.date(2020, 9, 9), 2)


def test_a_report_date_after_the_event_does_not_date_it(pipeline):
    text = "Clashes between militiamen and soldiers have gone on for more than a week in Nganza (reported on 7 April)."
    assert _event(_dates(pipeline, text), "Clashes").reason == "publication date"
