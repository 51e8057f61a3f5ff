"""Named exceptions; each message says what went wrong and how to fix it."""


class NewsEventsError(Exception):
    """Base class for every error newsevents reports to a user."""


class ArticleError(NewsEventsError):
    """One article cannot be coded (empty, binary, too large, not English, malformed); the batch goes on."""

    def __init__(self, article_id: str, reason: str, article: object | None = None):
        super().__init__(f"{article_id}: {reason}")
        self.article_id = article_id
        self.reason = reason
        self.article = article  # the Article as read, when there was one, so a store can keep what it was given


class InputError(NewsEventsError):
    """A path or stream the user named cannot be read."""


class ModelNotInstalled(NewsEventsError):
    """The configured spaCy pipeline is not installed."""
