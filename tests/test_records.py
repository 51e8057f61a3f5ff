"""Records built by hand through the Python API."""

import datetime as dt

import pytest

from newsevents.records import Article


def test_an_article_takes_its_publication_date_as_a_date_a_datetime_or_an_iso_string():
    day = dt.date(2024, 3, 13)
    assert Article("a", "text", published=day).published == day
    assert Article("a", "text", published=dt.datetime(2024, 3, 13, 23, 59)).published == day
    assert Article("a", "text", published="2024-03-13").published == day
    assert Article("a", "text", published="2024-03-13T08:00:00Z").published == day
    assert Article("a", "text").published is None


@pytest.mark.parametrize("bad", ["13/03/2024", "yesterday", "2024-13-01"])
def test_a_publication_date_that_is_not_one_is_refused_with_the_article_named(bad):
    with pytest.raises(ValueError, match=r"article a7: published .* is not a date"):
        Article("a7", "text", published=bad)
