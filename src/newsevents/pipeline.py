"""Article in, EventRecords out: runs every stage in order."""
# placeholder, replaced by the real pipeline
from __future__ import annotations
from typing import Iterable, Iterator
from newsevents.records import Article, EventRecord


def code_article(article: Article) -> list[EventRecord]:
    raise NotImplementedError


def code_articles(articles: Iterable[Article]) -> Iterator[tuple[Article, list[EventRecord]]]:
    for a in articles:
        yield a, code_article(a)


def code_text(text: str, published=None, source=None) -> list[EventRecord]:
    return code_article(Article(id="text", text=text, published=published, source=source))
