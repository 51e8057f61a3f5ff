"""Properties of every extraction stage on arbitrary text: nothing raises, every evidence span lies inside the
text and is exactly the words there, counts are non-negative and ordered, dates are real dates.

The text is drawn two ways: any Unicode at all, and "news-like" word salad built from trigger words, actors,
numbers, dates and places (with emoji, right-to-left script, odd digits and line separators), so the
stages get deep into their rules rather than stopping at the first word. NEWSEVENTS_LONG_TESTS=1 runs
20 times as many examples (docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile import examples
from newsevents import nlp
from newsevents.errors import ArticleError
from newsevents.extract import actors
from newsevents.extract import events as ev
from newsevents.extract.counts import find_counts
from newsevents.extract.dates import ArticleDates
from newsevents.extract.mentions import find_mentions
from newsevents.extract.places import find_places
from newsevents.pipeline import code_article
from newsevents.records import Article, Count, DateInfo, EventRecord, Span

WORDS = [
    # triggers
    "killed", "were killed", "arrested", "was arrested", "detained", "fired", "opened fire", "clashed", "clashes",
    "protest", "protesters", "marched", "demonstrated", "attacked", "raid", "raided", "bombing", "shelled",
    "injured", "wounded", "abducted", "riot", "looted", "went on strike", "tear gas", "ambush", "threatened to",
    "called for", "accused", "banned", "released", "agreement", "killing", "suicide bomber", "airstrike",
    # actors
    "police", "soldiers", "the army", "militants", "gunmen", "Al Shabaab", "Boko Haram", "students",
    "the government", "rebels", "Islamic State", "villagers", "security forces", "a spokesman", "they", "who",
    "members of the RMJ", "Iran-backed militia",
    # numbers
    "two", "15", "at least 12", "dozens of", "hundreds of", "one", "1,200", "3-5", "between 4 and 7", "no one",
    "a", "twenty-one", "٣", "１２", "10 000", "99999999999999999999", "0", "-4", "1.5 million",
    # dates
    "Monday", "on Tuesday", "yesterday", "last week", "March 3", "3 March 2024", "2024-03-12", "12/03/2024",
    "in 2019", "early June", "two days ago", "since January", "31 February", "0000-00-00", "9999-12-31",
    "on 29 February 2023", "the weekend", "last year", "1 January 0001", "December 32",
    # places
    "Nairobi", "Kenya", "Basra", "Iraq", "Georgia", "Atlanta, Georgia", "Goma", "near Kano", "Kano State",
    "Mogadishu", "Paris", "the north of the country", "Shan State, Myanmar",
    # reporting, negation, modality
    "said", "according to", "not", "no", "would", "could", "denied", "the", "of", "in", "and", "on", "at",
    # script, emoji, marks
    "🔥", "👮‍♀️", "بغداد", "\u200f", "\u200b", "é", "e\u0301", "ﬁ", "İstanbul", "中国", "–", "“quoted”", "...",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", ".\n", "\n\n", " - ", "; ", ' "', '" ', " (", ") ", "\t", "\u2028",
              "\r\n", "! ", "? ", ":", ""]

newsy = st.lists(st.tuples(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), st.sampled_from(SEPARATORS)),
                 min_size=1, max_size=80).map(lambda parts: "".join(w + s for w, s in parts))
texts = st.one_of(newsy, newsy, st.text(max_size=300), st.builds(str.__add__, newsy, st.text(max_size=40)))
# The calendar's ends too: "last week" from 0001-01-03, "next Monday" from 9999-12-30.
published = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), st.dates(),
                      st.sampled_from([dt.date.min, dt.date(1, 1, 9), dt.date(1, 3, 1), dt.date(9999, 12, 1), dt.date.max]))


@pytest.fixture(scope="module")
def model():
    return nlp.load()


def assert_span(text: str, span: Span | None, what: str) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), f"{what}: span {span} outside a text of {len(text)} characters"
    assert text[span.start:span.end] == span.text, f"{what}: span {span} is {text[span.start:span.end]!r} in the text"


def assert_count(count: Count | None, what: str) -> None:
    if count is None:
        return
    assert 0 <= count.low <= count.best <= count.high, f"{what}: {count}"


def assert_date(info: DateInfo | None, what: str) -> None:
    if info is None:
        return
    assert isinstance(info.date, dt.date), f"{what}: {info}"
    assert info.date_end is None or (isinstance(info.date_end, dt.date) and info.date_end >= info.date), f"{what}: {info}"
    assert info.time_precision in (1, 2, 3), f"{what}: {info}"


def assert_record(text: str, r: EventRecord) -> None:
    assert_span(text, r.trigger, "trigger")
    assert_span(text, r.sentence, "sentence")
    for name, span in r.evidence.items():
        assert_span(text, span, f"evidence {name}")
    for name in ("actor1", "actor2"):
        actor = getattr(r, name)
        if actor is not None:
            assert_span(text, actor.span, name)
            assert actor.inter is None or 1 <= actor.inter <= 8, actor
    for actor in r.assoc_actor_1 + r.assoc_actor_2:
        assert_span(text, actor.span, "associated actor")
    for name in ("fatalities", "injuries", "arrests", "crowd_size"):
        assert_count(getattr(r, name), name)
    if r.date is not None:
        start = dt.date.fromisoformat(r.date)
        assert r.date_end is None or dt.date.fromisoformat(r.date_end) >= start, (r.date, r.date_end)
        assert r.time_precision in (1, 2, 3)
    if r.location is not None:
        assert_span(text, r.location.span, "location")
        assert r.location.lat is None or -90 <= r.location.lat <= 90
        assert r.location.lon is None or -180 <= r.location.lon <= 180
    assert 0 < r.confidence < 1 and r.event_id


@settings(max_examples=examples(120))
@given(text=texts)
def test_mentions_lie_inside_the_doc(model, text):
    doc = model(text)
    n_sents = len(list(doc.sents))
    for m in find_mentions(doc):
        assert 0 <= m.start < m.end <= len(doc) and 0 <= m.head < len(doc), m
        assert 0 <= m.sent_index < n_sents, m
        assert_span(text, ev.span_of(doc, m), "trigger")


@settings(max_examples=examples(80))
@given(text=texts)
def test_actor_spans_match_the_text(model, text):
    doc = model(text)
    people = actors.people_roles(doc)
    for m in find_mentions(doc):
        a1, a2, assoc1, assoc2 = ev.build_actor_pair(doc, m, None, people)
        for actor in (a1, a2, *assoc1, *assoc2):
            if actor is not None:
                assert_span(text, actor.span, "actor")
                assert actor.inter is None or 1 <= actor.inter <= 8, actor


@settings(max_examples=examples(120))
@given(text=texts)
def test_counts_are_non_negative_and_inside_the_text(model, text):
    doc = model(text)
    for sent in doc.sents:
        for c in find_counts(sent):
            assert c.kind in ("fatalities", "injuries", "arrests", "crowd_size"), c
            assert 0 <= c.head < len(doc), c
            assert_count(c.count, c.kind)
            assert_span(text, c.count.span, c.kind)


@settings(max_examples=examples(120))
@given(text=texts, day=published)
def test_dates_are_valid_and_inside_the_text(model, text, day):
    doc = model(text)
    dates = ArticleDates(doc, Article(id="p", text=text, published=day))
    for info in dates.mentions:
        assert_date(info, "mention")
        assert_span(text, info.span, "date")
    for sent in doc.sents:
        whole = Span.of(text, sent.start_char, sent.end_char)
        for tok in sent:
            assert_date(dates.date_for(Span.of(text, tok.idx, tok.idx + len(tok)), whole), "event date")


@settings(max_examples=examples(80))
@given(text=texts)
def test_places_are_inside_the_text_and_on_the_globe(model, text):
    found = find_places(model(text), Article(id="p", text=text))
    for m in found.mentions:
        assert_span(text, m.span, "place mention")
        assert_span(text, m.place.span, "place")
        assert m.place.lat is None or -90 <= m.place.lat <= 90
        assert m.place.lon is None or -180 <= m.place.lon <= 180
        assert m.place.geo_precision in (None, 1, 2, 3)


@settings(max_examples=examples(120))
@given(text=texts, day=published)
def test_coded_events_keep_every_promise(text, day):
    """The whole coder (events, coding, merging): only ArticleError may come out, and every record is sound."""
    try:
        records = code_article(Article(id="p", text=text, published=day, source="s"))
    except ArticleError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    for r in records:
        assert_record(text, r)
        assert EventRecord.from_dict(r.to_dict()).to_dict() == r.to_dict()
