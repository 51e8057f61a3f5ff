"""What the place tests share: find an article's places, pick one mention's place."""

from __future__ import annotations

from newsevents.extract.places import ArticlePlaces, find_places
from newsevents.records import Article


def places(nlp, text: str) -> ArticlePlaces:
    return find_places(nlp(text), Article(id="t", text=text))


def first(found: ArticlePlaces, text: str):
    return next(m.place for m in found.mentions if m.place.text == text)
