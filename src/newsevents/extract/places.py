"""Find place mentions in an article and resolve them against the offline gazetteer."""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import LOWER
from spacy.strings import get_string_id

from newsevents.gazetteer import Candidate, Gazetteer, fold, get_gazetteer, normalize
from newsevents.records import Article, Place, Span

logger = logging.getLogger(__name__)

_ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREPOSITIONS = frozenset({"in", "at", "near", "of", "from", "outside", "around", "to", "into", "across", "towards", "toward"})
# Words after a name that say what kind of unit it is.
_ADMIN1_WORDS = frozenset({"state", "province", "region", "governorate", "prefecture", "oblast"})
_ADMIN2_WORDS = frozenset({"district", "county", "lga", "upazila", "municipality", "department", "regency", "territory"})
_TOWN_WORDS = frozenset({"village", "town", "city", "locality", "settlement", "camp", "area", "neighbourhood", "neighborhood"})
_UNIT_WORDS = _ADMIN1_WORDS | _ADMIN2_WORDS | _TOWN_WORDS
_NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts of|\boutside(?: of)?|\bkm (?:\w+ )?(?:from|of)|\bkilometres? (?:\w+ )?(?:from|of)|"
    r"\bkilometers? (?:\w+ )?(?:from|of)|\bmiles? (?:\w+ )?(?:from|of)|\bvicinity of|\b(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)? of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"\b(province|state|region|governorate|district|county|town|village|city) of\s+(?:the\s+)?$", re.I)
_PAREN = re.compile(r"\s*\(([^()]{2,80})\)")
_SPECIFICITY = {1: 0, 2: 1, 3: 2, None: 3}
# ACLED-notes style "Beer-Gadiid village (Belet Weyne, Hiraan)": a name, an optional unit word, a parenthesis.
_NAME_PAREN = re.compile(
    r"([A-Z][\w'-]*(?:[ -][A-Z0-9][\w'-]*)*)(?:\s+(?:village|town|city|district|area|neighbou?rhood|camp))?"
    r"\s*\(([^()]{2,80})\)"
)


@dataclass
class PlaceMention:
    span: Span
    place: Place
    sent_index: int


@dataclass
class _Raw:
    """A place name found in the text, before resolution."""

    start: int
    end: int
    text: str
    sent_index: int
    unit: str | None = None  # "admin1", "admin2", "town" from a cue word
    near: bool = False
    hint_admin1: str | None = None
    hint_admin2: str | None = None
    container: "_Raw | None" = None  # "Atlanta, Georgia": Georgia contains Atlanta


@dataclass
class ArticlePlaces:
    mentions: list[PlaceMention] = field(default_factory=list)
    country_iso3: str | None = None

    def in_sentence(self, sent_index: int) -> list[PlaceMention]:
        return [m for m in self.mentions if m.sent_index == sent_index]

    def best_for(self, sent_index: int, char_offset: int) -> PlaceMention | None:
        """The place for a trigger: most specific and nearest in its sentence, else the last earlier one."""
        same = [m for m in self.mentions if m.sent_index == sent_index and m.place.resolved]
        if same:
            return min(
                same,
                key=lambda m: (_SPECIFICITY.get(m.place.geo_precision, 3), _gap(m.span, char_offset)),
            )
        earlier = [
            m for m in self.mentions
            if m.sent_index < sent_index and m.place.resolved and m.place.geo_precision is not None
        ]
        return earlier[-1] if earlier else None


def _gap(span: Span, offset: int) -> int:
    if span.start <= offset < span.end:
        return 0
    return min(abs(span.start - offset), abs(span.end - offset))


# -- finding ---------------------------------------------------------------------


def _sentence_index(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]


def _sent_of(bounds: list[tuple[int, int]], offset: int) -> int:
    for i, (start, end) in enumerate(bounds):
        if start <= offset < end:
            return i
    return max(len(bounds) - 1, 0)


def _capitalized_run(doc, i: int) -> int:
    """End token index of a run of capitalized words starting at i ("Beer-Gadiid", "Ceel Baraf")."""
    j = i
    while j < len(doc) and (doc[j].is_title or (doc[j].text[:1].isupper() and doc[j].is_alpha) or
                            (doc[j].text == "-" and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())):
        j += 1
    return j


@functools.cache
def _cue_ids() -> frozenset[int]:
    return frozenset(get_string_id(w) for w in (*_PREPOSITIONS, *_UNIT_WORDS))


def _find_raw(doc, gaz: Gazetteer, bounds: list[tuple[int, int]], text: str) -> list[_Raw]:
    taken: list[tuple[int, int]] = []
    raws: list[_Raw] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(start: int, end: int) -> None:
        while start < end and text[start] in " ,;:.'\"":
            start += 1
        while end > start and text[end - 1] in " ,;:.'\"":
            end -= 1
        if text[start:end].lower().startswith("the "):
            start += 4
        if end - start < 2 or overlaps(start, end):
            return
        taken.append((start, end))
        raws.append(_Raw(start, end, text[start:end], _sent_of(bounds, start)))

    for ent in doc.ents:
        if ent.label_ in _ENT_LABELS:
            add(ent.start_char, ent.end_char)
    # Names spaCy misses: capitalized words after a preposition, or before a unit word. Only those
    # positions are visited: making a Python Token for every word costs more than the search.
    cues = _cue_ids()
    lowers = doc.to_array([LOWER]).tolist() if len(doc) else []
    for at in [i for i, low in enumerate(lowers) if low in cues]:
        tok = doc[at]
        if tok.lower_ in _PREPOSITIONS and tok.i + 1 < len(doc):
            i = tok.i + 1
            if doc[i].lower_ == "the":
                i += 1
            j = _capitalized_run(doc, i)
            if j > i:
                span = doc[i:j]
                if gaz.candidates(span.text) or (j < len(doc) and doc[j].lower_ in _UNIT_WORDS):
                    add(span.start_char, span.end_char)
        elif tok.lower_ in _UNIT_WORDS and tok.i > 0 and doc[tok.i - 1].text[:1].isupper():
            i = tok.i - 1
            while i > 0 and (doc[i - 1].is_title or doc[i - 1].text == "-") and not doc[i - 1].is_sent_start:
                i -= 1
            if doc[i].is_sent_start and not gaz.candidates(doc[i:tok.i].text):
                i += 1
            if i < tok.i:
                add(doc[i].idx, doc[tok.i - 1].idx + len(doc[tok.i - 1]))
    for match in _NAME_PAREN.finditer(text):
        last = match.group(2).split(",")[-1].strip()
        last = re.sub(r"\s+(State|Province|Region|District|LGA)$", "", last)
        if gaz.admin_codes(last, 1) or gaz.admin_codes(last, 2):
            start, end = match.span(1)
            if not overlaps(start, end):
                add(start, end)
    raws.sort(key=lambda r: r.start)
    return raws


def _annotate(raws: list[_Raw], text: str) -> list[_Raw]:
    """Cue words, "near", "(admin2, admin1)" notes and "City, Region" pairs."""
    kept: list[_Raw] = []
    skip_until = -1
    for raw in raws:
        if raw.start < skip_until:
            continue  # inside a parenthesis already read as hints
        after = text[raw.end: raw.end + 20].lower()
        word = after.split()[0].strip(",.;:()") if after.split() else ""
        before = text[max(0, raw.start - 60): raw.start]
        own = raw.text.split()[-1].lower()
        if len(raw.text.split()) > 1 and own in _UNIT_WORDS:
            word = own  # "Basra province" as one entity
        if word in _ADMIN1_WORDS:
            raw.unit = "admin1"
        elif word in _ADMIN2_WORDS:
            raw.unit = "admin2"
        elif word in _TOWN_WORDS:
            raw.unit = "town"
        cue = _UNIT_BEFORE.search(before)
        if cue and raw.unit is None:
            kind = cue.group(1).lower()
            raw.unit = "admin1" if kind in _ADMIN1_WORDS else "admin2" if kind in _ADMIN2_WORDS else "town"
        raw.near = bool(_NEAR_BEFORE.search(before))
        tail = text[raw.end:]
        at = tail.lower().find(word) if raw.unit and word else -1
        if 0 <= at < 3:  # skip the unit word after the name: "Beer-Gadiid village (...)"
            tail = tail[at + len(word):]
        paren = _PAREN.match(tail)
        if paren:
            parts = [p.strip() for p in paren.group(1).split(",") if p.strip()]
            parts = [re.sub(r"\s+(LGA|district|District|county|County|upazila|province|Province|region|Region|"
                            r"state|State|municipality|Municipality)$", "", p) for p in parts]
            if parts and all(p[:1].isupper() for p in parts):
                raw.hint_admin1 = parts[-1]
                raw.hint_admin2 = parts[0] if len(parts) > 1 else None
                skip_until = text.find(")", raw.end) + 1
        kept.append(raw)
    for first, second in zip(kept, kept[1:]):
        between = text[first.end: second.start]
        if between.strip() == "," and first.sent_index == second.sent_index:
            first.container = second
    return kept


# -- resolving -------------------------------------------------------------------


def _country_evidence(doc, gaz: Gazetteer) -> Counter:
    """Countries the article talks about: demonyms, country names (each mention counts)."""
    votes: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE", "LOC"):
            iso3 = gaz.country_iso3(ent.text.removeprefix("the "))
            if iso3:
                votes[iso3] += 1
    for tok in doc:
        if tok.ent_type_ in ("NORP", "GPE", "LOC") or not tok.text[:1].isupper():
            continue
        iso3 = gaz.country_iso3(tok.text)
        if iso3:
            votes[iso3] += 1
    return votes


def _lookup(gaz: Gazetteer, raw: _Raw) -> tuple[list[Candidate], bool]:
    cands = gaz.candidates(raw.text)
    if cands:
        return cands, False
    words = raw.text.split()
    if len(words) > 1 and words[-1].lower() in _UNIT_WORDS:  # "Borno State", "Mirsharai upazila"
        cands = gaz.candidates(" ".join(words[:-1]))
        if cands:
            return cands, False
    return gaz.fuzzy_candidates(raw.text), True


def _plausible_fuzzy(cands: list[Candidate], votes: Counter, raw: _Raw, gaz: Gazetteer) -> list[Candidate]:
    """A spelling variant is only trusted inside a country (or admin1) the article already points to."""
    if raw.hint_admin1:
        return [c for c in cands if gaz.admin_matches(c.admin1_code, raw.hint_admin1)]
    return [c for c in cands if votes.get(c.iso3)]


def _score(c: Candidate, raw: _Raw, votes: Counter, total: int, a1_codes: set[str], gaz: Gazetteer) -> float:
    score = math.log10(c.population + 10)
    if total:
        score += 6.0 * votes.get(c.iso3, 0) / total
    if c.admin1_code in a1_codes:
        score += 1.5
    if raw.hint_admin1:
        if gaz.admin_matches(c.admin1_code, raw.hint_admin1) or normalize(c.admin1 or "") == normalize(raw.hint_admin1):
            score += 10.0
    if raw.hint_admin2 and c.admin2 and normalize(c.admin2).startswith(normalize(raw.hint_admin2)):
        score += 3.0
    if c.primary:
        score += 0.5
    if raw.unit == "admin1":
        score += 4.0 if c.kind == "admin1" else -2.0
    elif raw.unit == "admin2":
        score += 4.0 if c.kind == "admin2" else 0.0
    elif c.kind == "admin2":
        score -= 3.0  # a bare name is the town, not the district named after it
    elif c.kind == "admin1":
        score -= 0.5  # a bare "Basra" is the city; the province needs its cue word
    if c.kind == "country":
        score += 8.0 if raw.unit is None else -5.0
    return score


def _place_from(c: Candidate, raw: _Raw, reason: str) -> Place:
    span = Span(raw.start, raw.end, raw.text)
    if c.kind == "country":
        return Place(text=raw.text, name=c.name, country=c.country, iso3=c.iso3, resolved=True,
                     geo_precision=None, reason="country only", span=span)
    if c.kind == "admin1":
        precision = 3
    elif c.kind == "admin2" or raw.near:
        precision = 2
    else:
        precision = 1
    name = fold(c.name)
    if raw.near:
        reason = f"near {name}; {reason}"
    return Place(text=raw.text, name=name, admin1=c.admin1, admin2=c.admin2, country=c.country, iso3=c.iso3,
                 lat=c.lat, lon=c.lon, geonames_id=c.geonames_id, geo_precision=precision, resolved=True,
                 reason=reason, span=span)


def _reason(best: Candidate, cands: list[Candidate], raw: _Raw, votes: Counter, fuzzy: bool) -> str:
    keys = {(c.kind, c.iso3, c.admin1_code, c.name) for c in cands}
    if len(keys) == 1:
        why = "unique match"
    elif raw.hint_admin1 and best.admin1 and normalize(best.admin1) == normalize(raw.hint_admin1):
        why = f"admin1 hint {raw.hint_admin1}"
    elif best.kind == "admin1" and raw.unit == "admin1":
        why = "admin1 unit"
    elif votes.get(best.iso3) and len({c.iso3 for c in cands}) > 1:
        why = f"country context {best.iso3}"
    else:
        why = "largest population"
    return f"spelling variant; {why}" if fuzzy else why


def _unresolved(raw: _Raw, gaz: Gazetteer, reason: str, iso3: str | None) -> Place:
    span = Span(raw.start, raw.end, raw.text)
    if raw.hint_admin1:  # ACLED-style "(Belet Weyne, Hiraan)": code to the admin2/admin1 seat
        for level, hint in ((2, raw.hint_admin2), (1, raw.hint_admin1)):
            if not hint:
                continue
            iso2 = _iso2(gaz, iso3)
            codes = gaz.admin_codes(hint, level, iso2)
            if codes:
                seat = gaz._admin_candidate(codes[0], normalize(hint))
                if seat.lat is None:
                    continue
                return Place(text=raw.text, name=fold(raw.text), admin1=seat.admin1, admin2=seat.admin2,
                             country=seat.country, iso3=seat.iso3, lat=seat.lat, lon=seat.lon,
                             geo_precision=2, resolved=True, span=span,
                             reason=f"{reason}; coded to admin{level} {hint}")
    return Place(text=raw.text, name=raw.text, resolved=False, reason=reason, span=span)


def _iso2(gaz: Gazetteer, iso3: str | None) -> str | None:
    if not iso3:
        return None
    country = gaz._countries.get(iso3)
    return country.iso2 if country else None


def _resolve(raw: _Raw, gaz: Gazetteer, votes: Counter, a1_codes: set[str], dominant: str | None) -> Place:
    cands, fuzzy = _lookup(gaz, raw)
    if fuzzy:
        cands = _plausible_fuzzy(cands, votes, raw, gaz)
    if not cands:
        return _unresolved(raw, gaz, "not in gazetteer", dominant)
    total = sum(votes.values())
    if raw.container is not None:
        outer = gaz.candidates(raw.container.text)
        codes = {c.admin1_code for c in outer if c.kind == "admin1"}
        isos = {c.iso3 for c in outer if c.kind == "country"}
        inside = [c for c in cands if c.admin1_code in codes or c.iso3 in isos]
        if inside:
            best = max(inside, key=lambda c: (c.kind == "city", c.population))
            return _place_from(best, raw, f"inside {raw.container.text}")
    best = max(cands, key=lambda c: _score(c, raw, votes, total, a1_codes, gaz))
    return _place_from(best, raw, _reason(best, cands, raw, votes, fuzzy))


def _resolve_container(raw: _Raw, inner: Place, gaz: Gazetteer) -> Place | None:
    """The region in "Atlanta, Georgia", read as the admin1 or country of the town before it."""
    for c in gaz.candidates(raw.text):
        if c.kind == "admin1" and inner.admin1 and c.admin1 == inner.admin1 and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}")
        if c.kind == "country" and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}")
    return None


def find_places(doc, article: Article) -> ArticlePlaces:
    """Every place mention in the article, resolved with the article's country context."""
    gaz = get_gazetteer()
    bounds = _sentence_index(doc)
    text = doc.text  # Doc.text re-joins every token: read it once
    raws = _annotate(_find_raw(doc, gaz, bounds, text), text)
    votes = _country_evidence(doc, gaz)
    # First pass: names with a single country settle the article's context for the ambiguous ones.
    for raw in raws:
        cands = gaz.candidates(raw.text)
        isos = {c.iso3 for c in cands if c.kind != "country"}
        if len(isos) == 1 and not any(c.kind == "country" for c in cands):
            votes[next(iter(isos))] += 1
    dominant = votes.most_common(1)[0][0] if votes else None
    a1_codes: set[str] = set()
    mentions: list[PlaceMention] = []
    by_raw: dict[int, Place] = {}
    containers = {id(r.container) for r in raws if r.container is not None}
    for raw in raws:
        place = None
        if id(raw) in containers:
            inner = next(r for r in raws if r.container is raw)
            if id(inner) in by_raw:
                place = _resolve_container(raw, by_raw[id(inner)], gaz)
        if place is None:
            place = _resolve(raw, gaz, votes, a1_codes, dominant)
        by_raw[id(raw)] = place
        if place.resolved and place.admin1:
            a1_codes.update(c.admin1_code for c in gaz.candidates(place.text) if c.admin1 == place.admin1)
        mentions.append(PlaceMention(place.span or Span(raw.start, raw.end, raw.text), place, raw.sent_index))
    # Resolved towns and regions are better evidence of the story's country than bare names.
    final = Counter({k: v for k, v in votes.items()})
    for m in mentions:
        if m.place.resolved and m.place.iso3 and m.place.geo_precision is not None:
            final[m.place.iso3] += 2
    dominant = final.most_common(1)[0][0] if final else None
    return ArticlePlaces(mentions=mentions, country_iso3=dominant)
