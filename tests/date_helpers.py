"""Helpers shared by the date tests."""

from __future__ import annotations

import datetime as dt
import re

from newsevents.extract.dates import ArticleDates
from newsevents.records import Article, DateInfo, Span

TUESDAY = dt.date(2021, 3, 16)  # the publication date the clause tests assume


def article_dates(nlp, text: str, published: dt.date | None = TUESDAY) -> ArticleDates:
    """The dates of one invented article, published on `published`."""
    return ArticleDates(nlp(text), Article("t", text, published))


def event_date(dates: ArticleDates, word: str) -> DateInfo | None:
    """date_for the first whole-word occurrence of word, in its sentence."""
    doc = dates.doc
    m = re.search(rf"\b{re.escape(word)}\b", doc.text)
    assert m, word
    sent = doc.char_span(m.start(), m.end(), alignment_mode="expand").sent
    return dates.date_for(Span.of(doc.text, m.start(), m.end()), Span.of(doc.text, sent.start_char, sent.end_char))
