"""Duplicates: near-identical article texts, and the same event told by different articles.

Pure functions; the store decides what to do with the answers.

Articles
--------
`normalize_text` folds what a re-encoded copy changes (Unicode forms, case, quotes, dashes, spacing);
`content_hash` is the SHA-1 of that. `signature` is a MinHash (128 permutations, fixed seed and
scheme, so equal in every process) of the text's 5-word shingles; `lsh_keys` cuts it into 32 bands of
4 rows, one signed 64-bit key per band, so a SQL table finds candidates that share a key. Two texts
are near-duplicates when their estimated Jaccard similarity is at least `NEAR_DUPLICATE` (0.7). On a
300-word story, a syndicated copy with its own headline and dateline and one sentence reworded scores
0.82 (true Jaccard of 5-word shingles 0.818), so 0.8 would sit on the estimate's noise (its standard
error is 0.034 at 128 permutations); another outlet's account of the same news scores under 0.05.

Events: when two records from different articles are the same event (`same_event`)
-----------------------------------------------------------------------------------
All of the following must hold; the reason returned names how each one was met.

1. Different articles, and the same flags: a negated ("no one was hurt") or hypothetical ("threatened
   to") record never merges with a real one, nor a historical (background) one with news.
2. Types. With an ACLED type on both sides: the same sub-event type, or compatible ones:
   - any two sub-event types of one event type (outlets disagree on whether police intervened, or on
     the weapon), except Strategic developments, where only the sub-types of a security operation
     (Arrests, Disrupted weapons use, Change to group/activity: a raid told by its arrests, its
     seizures, or as a security measure) mix, and the others must be equal;
   - across event types, only the pairs in `COMPATIBLE_TYPES`: Protests ~ Riots (one crowd, told as
     peaceful or violent); Battles/Armed clash ~ Violence against civilians/Attack (whether the victims
     could fire back); Battles/Armed clash ~ Explosions/Remote violence (shelling told apart from the
     fight it belonged to); Explosions/Remote violence ~ Violence against civilians/Attack (a bombing
     told without its weapon); Excessive force against protesters ~ Attack (protesters shot, told as
     civilians killed); Protest with intervention ~ Arrests (arrests at a protest, told without it).
   A record without an ACLED type (a PLOVER-only event, e.g. CONCEDE) merges only with another such
   record of the same PLOVER event.
3. Dates. Each record covers a span: its day (to `date_end` if given) at time_precision 1, three days
   either side at 2 (ACLED dates a week to its middle), its calendar month at 3. The spans must
   overlap or lie at most `DATE_SLACK_DAYS` (1) apart: reports disagree by a day ("overnight", time
   zones, publication dates). An undated record never merges. A loose type (compatible, not equal)
   needs spans that overlap: disagreeing on both what happened and when is two events (a protest on
   Saturday, a shooting at a protest on Sunday).
4. Places, never in different countries (iso3): the same GeoNames id or resolved name; or, where
   either side is known only to its region (geo_precision 3), the same admin1; or coordinates within
   `NEAR_KM` (25 km). Different admin1, or points further apart, are different places. A missing or
   unresolved place merges only when everything else matches strongly: the same sub-event type, the
   same day, and the same actor pair by name.
5. Actors, in either order (ACLED's order carries no meaning). Two actors are compatible when their
   names match (case, accents, apostrophes and regime years aside; one containing the other; named
   groups also by spelling, e.g. Thaar Allah ~ Thar Allah), or they share ACLED inter code and country
   (Police ~ Military Forces of Iraq), or one is a crowd the other outlet saw differently (Protesters ~
   Rioters, Protesters ~ Civilians), or one is an Unidentified Armed Group and the other a named
   non-state armed group. Different countries, different inter codes, or two differently named groups
   contradict. Every actor of the side naming fewer must pair with a distinct compatible actor of
   the other; a side with no actor is compatible with anything.

Merging (`merge`): the stored event keeps its id and its ACLED/PLOVER coding. It gains the other
mention's article ids, sources (one per article: {"article_id", "source", "url", "published",
"title"}), mention count and reasons; `source_count` counts distinct outlets (an article id stands in
for a missing outlet name). Missing fields are filled from the mention: actors, a place (or a finer
one), a date (or a finer one, or one the text states where the stored event only had the publication
date), crowd size, evidence keys. Evidence spans so taken point into the mention's article, whose own
coding the store keeps. Counts follow ACLED's "lowest reported figure":
among the mentions that report a count (a number, or words for it), best = the lowest best, low = the
lowest low, high = the highest high; a mention that says nothing about deaths does not pull another
source's four dead down to zero, while one that reports "no one was killed" does.

Within one article (`within_article_conflict`): two records that differ in day, place or actor pair
(there, two different actor names are two actors) are separate events by ACLED's unit; the caller
never merges them with each other.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import functools
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from newsevents import lexicon
from newsevents.records import Actor, Count, EventRecord, Place

__all__ = [
    "NUM_PERM", "MINHASH_SEED", "SHINGLE_WORDS", "BANDS", "ROWS", "NEAR_DUPLICATE", "DATE_SLACK_DAYS",
    "NEAR_KM", "COMPATIBLE_TYPES", "SECURITY_OPERATION",
    "normalize_text", "content_hash", "signature", "signature_bytes", "signature_from_bytes", "lsh_keys",
    "similarity", "is_near_duplicate", "date_span", "date_window", "blocking_types", "blocking_plover",
    "same_event", "merge", "within_article_conflict",
]

# -- article fingerprints ----------------------------------------------------------------------------

NUM_PERM = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine64"  # pinned with its hash function: a new datasketch default must not change stored signatures
SHINGLE_WORDS = 5
# 32 bands x 4 rows: P(pair shares a key) = 1 - (1 - J**4)**32 is 0.99985 at J = 0.7 and 1 - 5e-8 at 0.8;
# 0.23 at J = 0.3 and 0.003 at 0.1, and every candidate is checked against the full signature.
BANDS = 32
ROWS = 4
NEAR_DUPLICATE = 0.7
_LSH_PERSON = b"newsevents-lsh1"  # namespaces the keys; change it with BANDS/ROWS so old keys never match

_DROP = re.compile("['\u2018\u2019\u02bc\u0060\u00ad\u200b-\u200f\u2060\ufeff]")  # apostrophes, invisible marks
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """NFKC, lower case, apostrophes dropped, other punctuation and every run of whitespace one space."""
    text = _DROP.sub("", unicodedata.normalize("NFKC", text or "").casefold())
    return _NOT_WORD.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """SHA-1 hex of the normalized text: the same story re-encoded or re-spaced hashes the same."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


@functools.cache
def _template():
    """The empty MinHash every signature copies. datasketch is imported here, on first use: it pulls in SciPy
    (0.6 s), which reading, merging and the batch's readers never need."""
    from datasketch import MinHash
    from datasketch.hashfunc import sha1_hash64

    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashfunc=sha1_hash64)


def signature(text: str) -> np.ndarray:
    """MinHash of the text's word shingles (5 words; fewer for a shorter text), NUM_PERM uint64 values."""
    words = normalize_text(text).split()
    size = min(SHINGLE_WORDS, len(words))
    minhash = _template().copy()
    if size:
        minhash.update_batch(" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1))
    return np.asarray(minhash.hashvalues, dtype=np.uint64).copy()


def signature_bytes(sig: np.ndarray) -> bytes:
    """The signature as NUM_PERM little-endian 8-byte integers, for a BLOB column."""
    return np.asarray(sig, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    """The inverse of signature_bytes."""
    if len(data) != NUM_PERM * 8:
        raise ValueError(f"a signature is {NUM_PERM * 8} bytes, got {len(data)}: "
                         "was it stored by another version of newsevents? Re-ingest the article to refresh it")
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def lsh_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (BANDS of ROWS values); texts sharing any key are candidates."""
    values = np.asarray(sig, dtype="<u8")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + values[band * ROWS:(band + 1) * ROWS].tobytes(),
                                 digest_size=8, person=_LSH_PERSON).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (share of equal signature values)."""
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures of different lengths ({len(sig_a)} and {len(sig_b)}) cannot be compared")
    return float(np.count_nonzero(np.asarray(sig_a) == np.asarray(sig_b))) / len(sig_a)


def is_near_duplicate(sig_a: np.ndarray, sig_b: np.ndarray) -> bool:
    """Whether two texts are copies of one story with small edits; an empty text copies nothing."""
    return not (_empty(sig_a) or _empty(sig_b)) and similarity(sig_a, sig_b) >= NEAR_DUPLICATE


def _empty(sig: np.ndarray) -> bool:
    return bool(np.all(np.asarray(sig) == _template().hashvalues))


# -- event blocking ----------------------------------------------------------------------------------

DATE_SLACK_DAYS = 1
WEEK_HALF_SPAN_DAYS = 3
NEAR_KM = 25.0
EARTH_RADIUS_KM = 6371.0088
FALLBACK_DATE_REASON = "publication date"  # DateInfo.reason when the text gave no date for the event
NAME_SIMILARITY = 85  # rapidfuzz ratio at which two named groups are one spelled differently

ANY = "*"
# (event type, sub-event type or ANY) pairs from different event types that may be one event; see the module docstring.
COMPATIBLE_TYPES: tuple[tuple[tuple[str, str], tuple[str, str], str], ...] = (
    (("Protests", ANY), ("Riots", ANY), "one crowd, told as peaceful or as violent"),
    (("Battles", "Armed clash"), ("Violence against civilians", "Attack"), "whether the victims could fire back"),
    (("Battles", "Armed clash"), ("Explosions/Remote violence", ANY), "shelling told apart from its fight"),
    (("Explosions/Remote violence", ANY), ("Violence against civilians", "Attack"), "a bombing told without its weapon"),
    (("Protests", "Excessive force against protesters"), ("Violence against civilians", "Attack"),
     "protesters shot, told as civilians killed"),
    (("Protests", "Protest with intervention"), ("Strategic developments", "Arrests"),
     "arrests at a protest, told without the protest"),
)
# Strategic developments sub-types that one security operation may be told as.
SECURITY_OPERATION = frozenset({"Arrests", "Disrupted weapons use", "Change to group/activity"})


def date_span(record: EventRecord) -> tuple[dt.date, dt.date] | None:
    """The days the record's date stands for, by its time_precision; None when undated."""
    start, end = _iso(record.date), _iso(record.date_end)
    if start is None:
        return None
    end = max(end or start, start)
    if record.time_precision == 2:
        return start - dt.timedelta(days=WEEK_HALF_SPAN_DAYS), end + dt.timedelta(days=WEEK_HALF_SPAN_DAYS)
    if record.time_precision == 3:
        return start.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1])
    return start, end


def date_window(record: EventRecord) -> tuple[str, str] | None:
    """ISO dates between which another report of the same event may be dated: the record's span,
    widened by DATE_SLACK_DAYS; None when undated.

    A candidate dated at day precision within the window passes the date rule. A coarser candidate
    covers a span of its own: to find every one, compare its date_span with the window."""
    span = date_span(record)
    if span is None:
        return None
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    return (span[0] - slack).isoformat(), (span[1] + slack).isoformat()


def blocking_types(record: EventRecord) -> set[str]:
    """ACLED event types a stored event may have to be the same as this one (SQL `event_type IN`);
    empty when the record has no ACLED type (then block on `blocking_plover`)."""
    event_type, sub = _acled(record)
    if event_type is None:
        return set()
    out = {event_type}
    for left, right, _why in COMPATIBLE_TYPES:
        if _fits(event_type, sub, left):
            out.add(right[0])
        if _fits(event_type, sub, right):
            out.add(left[0])
    return out


def blocking_plover(record: EventRecord) -> set[str]:
    """PLOVER events a stored event WITHOUT an ACLED type may have (SQL `event_type IS NULL AND
    plover_event IN`); empty when the record has an ACLED type, since the two kinds never merge."""
    if _acled(record)[0] is not None or not record.plover.event:
        return set()
    return {record.plover.event}


# -- the same event ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    """How one rule was met: `strong` for the exact form (same sub-type, same day, same actors)."""

    strong: bool
    phrase: str


_UNKNOWN_PLACE = _Found(False, "place unknown on one side")


def same_event(a: EventRecord, b: EventRecord) -> str | None:
    """Why records from different articles tell the same event, or None; the rules are in the module docstring."""
    if set(_article_ids(a)) & set(_article_ids(b)):
        return None
    if (a.negated, a.hypothetical, a.historical) != (b.negated, b.hypothetical, b.historical):
        return None
    kind = _type_match(a, b)
    when = _date_match(a, b) if kind else None
    if kind is None or when is None or (not kind.strong and (_day_gap(a, b) or 0) > 0):
        return None
    where = _place_match(a.location, b.location)
    who = _pair_match(a, b) if where else None
    if where is None or who is None:
        return None
    if where is _UNKNOWN_PLACE and not (kind.strong and when.strong and who.strong):
        return None
    return ", ".join((kind.phrase, when.phrase, where.phrase, who.phrase))


def within_article_conflict(a: EventRecord, b: EventRecord) -> bool:
    """True when two records of one article differ in day, place or actor pair (never to be merged)."""
    if _day_gap(a, b):
        return True
    if _place_match(a.location, b.location) is None:
        return True
    # One article names its actors consistently: different names there are different actors.
    levels = _pair_levels(a, b)
    return levels is None or any(level != _SAME for level in levels)


def _type_match(a: EventRecord, b: EventRecord) -> _Found | None:
    (type_a, sub_a), (type_b, sub_b) = _acled(a), _acled(b)
    if type_a is None or type_b is None:
        if type_a or type_b or not a.plover.event or a.plover.event != b.plover.event:
            return None
        modes = {a.plover.mode, b.plover.mode} - {None}
        return _Found(len(modes) <= 1, f"same PLOVER event ({a.plover.event})")
    if sub_a and sub_a == sub_b:
        return _Found(True, f"same sub-event type ({sub_a})")
    pair = f"{sub_a or type_a} ~ {sub_b or type_b}"
    if type_a == type_b:
        if type_a == "Strategic developments" and not {sub_a, sub_b} <= SECURITY_OPERATION:
            return None
        return _Found(False, f"compatible types ({pair})")
    for left, right, _why in COMPATIBLE_TYPES:
        if (_fits(type_a, sub_a, left) and _fits(type_b, sub_b, right)) or (
                _fits(type_b, sub_b, left) and _fits(type_a, sub_a, right)):
            return _Found(False, f"compatible types ({pair})")
    return None


def _date_match(a: EventRecord, b: EventRecord) -> _Found | None:
    span_a, span_b = date_span(a), date_span(b)
    if span_a is None or span_b is None:
        return None
    gap = _gap(span_a, span_b)
    if gap > DATE_SLACK_DAYS:
        return None
    if gap > 0:
        return _Found(False, f"a day apart ({a.date}, {b.date})" if gap == 1 else f"dates {gap} days apart")
    day_precise = a.time_precision in (1, None) and b.time_precision in (1, None)
    if day_precise and a.date == b.date and span_a[0] == span_a[1] and span_b[0] == span_b[1]:
        return _Found(True, f"same day ({a.date})")
    return _Found(day_precise, f"overlapping dates ({a.date}, {b.date})")


def _day_gap(a: EventRecord, b: EventRecord) -> int | None:
    """Days between the two records' date spans (0 when they overlap); None when either is undated."""
    span_a, span_b = date_span(a), date_span(b)
    return None if span_a is None or span_b is None else _gap(span_a, span_b)


def _gap(span_a: tuple[dt.date, dt.date], span_b: tuple[dt.date, dt.date]) -> int:
    return max(0, (span_b[0] - span_a[1]).days, (span_a[0] - span_b[1]).days)


def _place_match(p: Place | None, q: Place | None) -> _Found | None:
    """How two places agree; None when they are different places; _UNKNOWN_PLACE when one is not known."""
    if p is not None and q is not None and p.iso3 and q.iso3 and p.iso3 != q.iso3:
        return None
    if p is None or q is None or not _placed(p) or not _placed(q):
        return _UNKNOWN_PLACE
    label = p.name or p.admin1 or q.name or q.admin1
    if p.geonames_id and p.geonames_id == q.geonames_id:
        return _Found(True, f"same place ({label})")
    admin_p, admin_q = _norm(p.admin1), _norm(q.admin1)
    if admin_p and admin_q and admin_p != admin_q:
        return None
    if p.name and _norm(p.name) == _norm(q.name):
        return _Found(True, f"same place ({label})")
    if 3 in (p.geo_precision, q.geo_precision):  # a province centroid says nothing about distance
        return _Found(False, f"same province ({p.admin1})") if admin_p and admin_q else _UNKNOWN_PLACE
    if p.lat is not None and p.lon is not None and q.lat is not None and q.lon is not None:
        km = _haversine_km(p.lat, p.lon, q.lat, q.lon)
        return _Found(False, f"places {km:.0f} km apart ({p.name}, {q.name})") if km <= NEAR_KM else None
    return _UNKNOWN_PLACE


def _placed(p: Place | None) -> bool:
    return p is not None and bool(p.geonames_id or p.admin1 or (p.lat is not None and p.lon is not None))


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


# Actor comparison levels; a contradiction is None.
_SAME, _ALIKE, _UNSURE = 2, 1, 0
_CROWDS = (frozenset({5, 6}), frozenset({6, 7}))  # rioters ~ protesters ~ civilians: one crowd, seen differently
_NON_STATE_ARMED = frozenset({2, 3, 4})
_GENERIC = ("protesters", "rioters", "civilians", "unidentified armed group", "police forces of",
            "military forces of", "government of")
_REGIME_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")


def _pair_match(a: EventRecord, b: EventRecord) -> _Found | None:
    levels = _pair_levels(a, b)
    if levels is None:
        return None
    if not levels:
        return _Found(False, "actors missing on one side")
    names = "; ".join(x.name for x in (a.actor1, a.actor2) if x is not None)
    both_full = len(_actors(a)) == len(_actors(b))
    if both_full and all(level == _SAME for level in levels):
        return _Found(True, f"same actors ({names})")
    return _Found(False, "compatible actors")


def _pair_levels(a: EventRecord, b: EventRecord) -> list[int] | None:
    """The comparison levels of the best pairing of the two records' actors, in either order; None when
    every pairing contradicts; empty when one side names no actor."""
    xs, ys = _actors(a), _actors(b)
    if len(xs) > len(ys):
        xs, ys = ys, xs
    if not xs:
        return []
    if len(xs) == 1:
        pairings = [[(xs[0], y)] for y in ys]
    else:
        pairings = [list(zip(xs, ys)), list(zip(xs, reversed(ys)))]
    consistent: list[list[int]] = []
    for pairing in pairings:
        levels = [_actor_level(x, y) for x, y in pairing]
        if all(level is not None for level in levels):
            consistent.append([level for level in levels if level is not None])
    return max(consistent, key=sum) if consistent else None  # the first (straight) order wins a tie


def _actor_level(x: Actor, y: Actor) -> int | None:
    if x.country and y.country and x.country != y.country:
        return None
    nx, ny = _actor_name(x), _actor_name(y)
    generic_x, generic_y = nx.startswith(_GENERIC), ny.startswith(_GENERIC)
    if nx and ny and (nx == ny or _contains(nx, ny) or _contains(ny, nx) or (
            not generic_x and not generic_y and fuzz.ratio(nx, ny) >= NAME_SIMILARITY)):
        return _SAME
    if x.inter is None or y.inter is None:
        return _UNSURE
    if x.inter == y.inter:
        two_named_groups = not generic_x and not generic_y and x.inter in _NON_STATE_ARMED | {8}
        return None if two_named_groups else _ALIKE
    if frozenset({x.inter, y.inter}) in _CROWDS:
        return _ALIKE
    unidentified = nx.startswith("unidentified") or ny.startswith("unidentified")
    if unidentified and {x.inter, y.inter} <= _NON_STATE_ARMED:  # "gunmen" for the group another outlet names
        return _ALIKE
    return None


def _actor_name(actor: Actor) -> str:
    return _norm(_REGIME_YEARS.sub(" ", actor.name or actor.text or ""))


def _contains(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


def _actors(record: EventRecord) -> list[Actor]:
    return [x for x in (record.actor1, record.actor2) if x is not None and (x.name or x.text)]


# -- merging -----------------------------------------------------------------------------------------

def merge(into: EventRecord, other: EventRecord, reason: str) -> None:
    """Fold the mention `other` into the stored event `into` (which keeps its id and coding); see the module docstring."""
    into.article_ids = list(dict.fromkeys(_article_ids(into) + _article_ids(other)))
    sources: dict[Any, dict[str, Any]] = {}
    for entry in _sources(into) + _sources(other):
        key = entry.get("article_id") or (entry.get("source") or entry.get("name"), entry.get("url"))
        sources.setdefault(key, entry)
    into.sources = list(sources.values())
    into.source_count = len({e.get("source") or e.get("name") or e.get("article_id") for e in into.sources})
    into.mention_count += other.mention_count
    into.merge_reasons = [*into.merge_reasons, reason, *other.merge_reasons]

    taken = []
    for name in ("actor1", "actor2"):
        if getattr(into, name) is None and getattr(other, name) is not None:
            setattr(into, name, copy.deepcopy(getattr(other, name)))
            taken.append(name)
    if taken:
        inters = [x.inter if x else None for x in (into.actor1, into.actor2)]
        into.interaction = _interaction(*inters)
    if other.location is not None and (into.location is None or _coarser(into.location, other.location)):
        into.location = copy.deepcopy(other.location)
        taken.append("location")
    if _better_date(into, other):
        into.date, into.date_end = other.date, other.date_end
        into.time_precision, into.date_reason = other.time_precision, other.date_reason
        into.year_inferred = other.year_inferred
        taken.append("date")
    if into.crowd_size is None and other.crowd_size is not None:
        into.crowd_size = copy.deepcopy(other.crowd_size)
        taken.append("crowd_size")
    for name in ("fatalities", "injuries", "arrests"):
        merged, from_other = _merge_count(getattr(into, name), getattr(other, name))
        setattr(into, name, merged)
        if from_other:
            taken.append(name)
    for key in taken:
        if key in other.evidence:
            into.evidence[key] = other.evidence[key]
    for key, span in other.evidence.items():
        into.evidence.setdefault(key, span)


def _merge_count(ours: Count, theirs: Count) -> tuple[Count, bool]:
    """ACLED's lowest reported figure; a count nobody reported does not count. True when `theirs` gave the best."""
    if not _reported(theirs):
        return ours, False
    if not _reported(ours):
        return copy.deepcopy(theirs), True
    lower = theirs.best < ours.best
    best = theirs if lower else ours
    merged = Count(min(ours.low, theirs.low), best.best, max(ours.high, theirs.high), best.text, best.span)
    return merged, lower


def _reported(count: Count) -> bool:
    return bool(count.best or count.low or count.high or count.text or count.span)


def _better_date(ours: EventRecord, theirs: EventRecord) -> bool:
    """Whether `theirs` dates the event better: ours is missing, coarser, or only the publication date
    the coder fell back on while theirs is stated in the text at least as precisely."""
    if not theirs.date:
        return False
    if not ours.date:
        return True
    precision_ours, precision_theirs = ours.time_precision or 1, theirs.time_precision or 1
    fallback_ours, fallback_theirs = (r.date_reason.startswith(FALLBACK_DATE_REASON) for r in (ours, theirs))
    return precision_ours > precision_theirs or (
        fallback_ours and not fallback_theirs and precision_ours >= precision_theirs)


def _coarser(ours: Place, theirs: Place) -> bool:
    """Whether `theirs` places the event more precisely (a town rather than its province)."""
    if not _placed(ours):
        return _placed(theirs)
    return _placed(theirs) and (ours.geo_precision or 4) > (theirs.geo_precision or 4)


def _sources(record: EventRecord) -> list[dict[str, Any]]:
    """The record's sources, each with the article it came from (the coder's own lack that key)."""
    ids = _article_ids(record)
    if not record.sources:
        return [{"article_id": record.article_id, "source": record.source, "url": None, "published": None,
                 "title": None}]
    out = []
    for entry in record.sources:
        entry = dict(entry)
        if entry.get("article_id") is None and len(ids) == 1:
            entry["article_id"] = ids[0]
        out.append(entry)
    return out


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the smaller digit first, 0 for a one-sided event."""
    present = sorted(i for i in (inter1, inter2) if i)
    if not present:
        return None
    return present[0] * 10 + (present[1] if len(present) == 2 else 0)


# -- small helpers -----------------------------------------------------------------------------------

def _article_ids(record: EventRecord) -> list[str]:
    return list(record.article_ids) or [record.article_id]


def _acled(record: EventRecord) -> tuple[str | None, str | None]:
    """The record's ACLED (event type, sub-event type), the sub-type spelled as the codebook spells it."""
    sub = lexicon.normalize_sub_event_type(record.acled.sub_event_type) if record.acled.sub_event_type else None
    event_type = record.acled.event_type
    if event_type is None and sub:
        try:
            event_type = lexicon.acled_event_type_of(sub)
        except KeyError:
            pass
    return event_type, sub


def _fits(event_type: str, sub: str | None, spec: tuple[str, str]) -> bool:
    return event_type == spec[0] and (spec[1] == ANY or sub is None or sub == spec[1])


def _iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _norm(value: str | None) -> str:
    """A name folded for comparison: normalize_text, and accents dropped (Ḥizbullāh ~ Hizbullah)."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", normalize_text(value))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
