"""newsevents: news articles in, political events coded to ACLED, PLOVER and CAMEO out."""

from newsevents.records import Actor, Article, Count, EventRecord, Place, Span
from newsevents.pipeline import code_article, code_articles, code_text

__all__ = ["Actor", "Article", "Count", "EventRecord", "Place", "Span", "code_article", "code_articles", "code_text"]
__version__ = "0.1.0"
