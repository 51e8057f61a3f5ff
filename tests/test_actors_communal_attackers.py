"""People of a trade or community who do violence are an identity militia; a preposition the parse takes for a subject
is no actor (extract/events.py _livelihood_people, extract/actors.py _subject)."""

import datetime as dt

from newsevents import code_articles
from newsevents.records import Article


def coded(text: str):
    """The events of one invented sentence, coded as its own article."""
    [(_, events)] = list(code_articles([Article(id="t", text=text, published=dt.date(2024, 3, 13))]))
    assert not isinstance(events, Exception)
    return events


def test_pastoralists_who_attack_are_a_communal_militia():
    [e] = coded("On Monday, pastoralists attacked civilians near Garissa, Kenya, killing two.")
    assert e.actor1.inter == 4 and e.actor2.inter == 7 and e.interaction == 47


def test_herders_who_kill_farmers_are_a_communal_militia():
    [e] = coded("On Friday, herders killed three farmers in Benue, Nigeria.")
    assert e.actor1.inter == 4 and e.interaction == 47


def test_pastoralists_who_are_killed_stay_civilians():
    [e] = coded("On Monday, two pastoralists were killed by bandits near Isiolo, Kenya.")
    assert e.actor2.inter == 7


def test_a_place_after_near_is_not_the_subject():
    [e] = coded("On 4 June, near Beni, in Mbau, an unidentified ethnic militia killed a farmer.")
    assert e.actor1.inter == 4 and e.actor2.inter == 7
