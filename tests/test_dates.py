"""Tests for newsevents.extract.dates: date mentions, anchoring on publication, and event dates."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import time
from pathlib import Path

import pytest

from newsevents import nlp
from newsevents.extract.dates import ArticleDates
from newsevents.records import Article, DateInfo, Span

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
MONDAY = dt.date(2020, 5, 11)  # the Basra raid article's publication day


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


def _dates(pipeline, text: str, published: dt.date | None = MONDAY) -> ArticleDates:
    return ArticleDates(pipeline(text), Article("t", text, published))


def _event(dates: ArticleDates, word: str) -> DateInfo | None:
    """date_for the first whole-word occurrence of word, in its sentence."""
    doc = dates.doc
    m = re.search(rf"\b{re.escape(word)}\b", doc.text)
    assert m, word
    sent = doc.char_span(m.start(), m.end(), alignment_mode="expand").sent
    return dates.date_for(Span.of(doc.text, m.start(), m.end()), Span.of(doc.text, sent.start_char, sent.end_char))


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


def test_between_3_and_5_may_is_a_range(pipeline):
    d = _only(_dates(pipeline, "Fighting raged between 3 and 5 May in the district."))
    assert (d.date, d.date_end, d.time_precision) == (dt.date(2020, 5, 3), dt.date(2020, 5, 5), 1)


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
