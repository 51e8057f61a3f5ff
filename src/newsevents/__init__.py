"""newsevents: news articles in, political events coded to ACLED, PLOVER and CAMEO out."""

from newsevents.records import Actor, Article, Count, EventRecord, Place, Span

__all__ = ["Actor", "Article", "Count", "EventRecord", "Place", "Span", "code_article", "code_articles", "code_text"]
__version__ = "0.1.0"

_CODER = ("code_article", "code_articles", "code_text")


def __getattr__(name: str):
    """The coder's entry points, imported on first use: reading, storing and the batch driver need no spaCy."""
    if name in _CODER:
        from newsevents import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")
