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

from newsevents.gazetteer import Candidate, Gazetteer, admin_key, fold, get_gazetteer, normalize
from newsevents.records import Article, Place, Span

logger = logging.getLogger(__name__)

_ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREPOSITIONS = frozenset({"in", "at", "near", "of", "from", "outside", "around", "to", "into", "across", "towards", "toward"})
# Words after a name that say what kind of unit it is.
_ADMIN1_WORDS = frozenset({"state", "province", "region", "governorate", "prefecture", "oblast"})
_ADMIN2_WORDS = frozenset({"district", "county", "lga", "upazila", "municipality", "department", "regency", "territory",
                          "township", "division", "zila"})
_TOWN_WORDS = frozenset({"village", "town", "city", "locality", "settlement", "camp", "area", "neighbourhood",
                         "neighborhood", "sub-district", "subdistrict", "ward", "commune"})
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
# Last words of organisation names, and words after a name that make it a group, not a place.
_ORG_WORDS = frozenset(
    "university federation union association council party front army movement ministry bank hospital school "
    "college church mosque police forces government court office company commission committee institute "
    "organisation organization network alliance coalition league brigade battalion cross crescent justice "
    "care rights watch madrasa madrassa".split()
)
_GROUP_AFTER = re.compile(r"\s+(?:clan|sub-clan|tribe|tribes|community|communities|militia|militias|family|families|"
                          r"people|youth|fighters|rebels|group)\b", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|hailing from|native of|natives of)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z0-9&-]{2,6}$")
# A wire dateline opening a line: "KISUMU, March 12 -", "NAIROBI (Reuters) -", "GOMA, Congo, May 3 -".
_DATELINE = re.compile(
    r"^([A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})(?:,\s*[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s",
    re.MULTILINE,
)
_LEADING_WORDS = re.compile(r"(?:(?:In|On|At|Near|The|And|From|Around|Outside)\s+)+")
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
    origin: bool = False  # "protesters from Bago": where people came from, not where the event was


@dataclass
class _Raw:
    """A place name found in the text, before resolution."""

    start: int
    end: int
    text: str
    sent_index: int
    unit: str | None = None  # "admin1", "admin2", "town" from a cue word
    near: bool = False
    origin: bool = False
    county: bool = False
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
        """The place for a trigger: the most specific in its sentence (an origin, "from X", last; then the
        nearest), else the most specific of the nearest earlier sentence with one (its first), else a country
        named in the sentence or before."""
        specific = [m for m in self.mentions if m.place.resolved and m.place.geo_precision is not None]
        same = [m for m in specific if m.sent_index == sent_index]
        if same:
            return min(same, key=lambda m: (m.origin, _SPECIFICITY.get(m.place.geo_precision, 3),
                                            _gap(m.span, char_offset)))
        earlier = [m for m in specific if m.sent_index < sent_index]
        if earlier:
            last = max(m.sent_index for m in earlier)
            return min((m for m in earlier if m.sent_index == last),
                       key=lambda m: (m.origin, _SPECIFICITY.get(m.place.geo_precision, 3), m.span.start))
        countries = [m for m in self.mentions if m.place.resolved and m.sent_index <= sent_index]
        if countries:
            return countries[-1]
        # Nothing told yet: a place in the next sentence ("Gunmen killed five. The attack was in X.")
        following = [m for m in specific if m.sent_index == sent_index + 1]
        return min(following, key=lambda m: (m.origin, m.span.start)) if following else None


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


_CONNECTORS = frozenset({"de", "del", "do", "da", "la", "el"})  # "Victoria de Durango"


def _capitalized_run(doc, i: int) -> int:
    """End token index of a run of capitalized words starting at i ("Beer-Gadiid", "Ceel Baraf")."""
    j = i
    while j < len(doc) and (doc[j].is_title or (doc[j].text[:1].isupper() and doc[j].is_alpha) or
                            (doc[j].text in ("-", *_CONNECTORS) and j > i and j + 1 < len(doc)
                             and doc[j + 1].text[:1].isupper())):
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

    def add(start: int, end: int, vouched: bool = False) -> None:
        while start < end and text[start] in " ,;:.'\"":
            start += 1
        while end > start and text[end - 1] in " ,;:.'\"":
            end -= 1
        if text[start:end].lower().startswith("the "):
            start += 4
        if end - start < 2 or overlaps(start, end) or _GROUP_AFTER.match(text, end):
            return  # "the Saad clan" is a group
        name = text[start:end]
        if not vouched and (name.split()[-1].lower() in _ORG_WORDS or (_ACRONYM.match(name) and not gaz.country_iso3(name))):
            return  # "Red Cross", "KIA": organisations
        taken.append((start, end))
        raws.append(_Raw(start, end, text[start:end], _sent_of(bounds, start)))

    # ACLED-notes style "Beer-Gadiid village (Belet Weyne, Hiraan)" first: the parenthesis vouches for the name.
    for match in _NAME_PAREN.finditer(text):
        parts = [p.strip() for p in match.group(2).split(",") if p.strip()]
        if not parts or any(_ACRONYM.match(p) for p in parts) \
                or not any(gaz.admin_codes(p, 1) or gaz.admin_codes(p, 2) for p in parts[-2:]):
            continue
        start, end = match.span(1)
        lead = _LEADING_WORDS.match(text, start, end)
        if lead:
            start = lead.end()
        if end - start >= 2:
            add(start, end)
    for match in _DATELINE.finditer(text):
        if gaz.candidates(match.group(1)):  # the town the story was filed from, in capitals
            add(*match.span(1), vouched=True)
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
            nxt = j + 2 if j + 2 < len(doc) and doc[j + 1].lower_ == "the" else j + 1
            if nxt < len(doc) and doc[j].lower_ == "of" and doc[nxt].text[:1].isupper() \
                    and doc[j - 1].lower_ not in _UNIT_WORDS:
                continue  # "the Federation of Indonesian Trade Unions" names an organisation
            if j > i and doc[j - 1].lower_ in _ORG_WORDS:
                continue
            if j > i:
                span = doc[i:j]
                known = bool(gaz.candidates(span.text)) or (j < len(doc) and doc[j].lower_ in _UNIT_WORDS)
                if known:
                    add(span.start_char, span.end_char)
                if j + 1 < len(doc) and doc[j].text == ",":
                    # "in Hutwe, Lubero", "near Kamianka, Donetsk": the unit after the name (which also
                    # vouches for an unknown name)
                    k = _capitalized_run(doc, j + 1)
                    if k > j + 1 and gaz.admin_codes(doc[j + 1:k].text):
                        add(span.start_char, span.end_char)
                        add(doc[j + 1].idx, doc[k - 1].idx + len(doc[k - 1]))
        elif tok.lower_ in _UNIT_WORDS and tok.i > 0 and doc[tok.i - 1].text[:1].isupper():
            i = tok.i - 1
            while i > 0 and (doc[i - 1].is_title or doc[i - 1].text == "-") and not doc[i - 1].is_sent_start:
                i -= 1
            if doc[i].is_sent_start and not gaz.candidates(doc[i:tok.i].text):
                i += 1
            if i < tok.i:
                add(doc[i].idx, doc[tok.i - 1].idx + len(doc[tok.i - 1]))
    raws.sort(key=lambda r: r.start)
    return raws


def _annotate(raws: list[_Raw], text: str, gaz_country=lambda name: None) -> list[_Raw]:
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
            raw.county = word == "county"  # a first-level unit in Kenya or Liberia, second-level in the US
        elif word in _TOWN_WORDS:
            raw.unit = "town"
        cue = _UNIT_BEFORE.search(before)
        if cue and raw.unit is None:
            kind = cue.group(1).lower()
            raw.unit = "admin1" if kind in _ADMIN1_WORDS else "admin2" if kind in _ADMIN2_WORDS else "town"
        raw.near = bool(_NEAR_BEFORE.search(before))
        raw.origin = bool(_FROM_BEFORE.search(before))
        tail = text[raw.end:]
        at = tail.lower().find(word) if raw.unit and word else -1
        if 0 <= at < 3:  # skip the unit word after the name: "Beer-Gadiid village (...)"
            tail = tail[at + len(word):]
        paren = _PAREN.match(tail)
        if paren:
            inner = re.sub(r"^(?:coded (?:as|at|to)|in)\s+", "", paren.group(1).strip())
            parts = [p.strip() for p in inner.split(",") if p.strip()]
            if any(_ACRONYM.match(p) for p in parts):
                parts = []  # "(AL)", "(SNA)": an abbreviation, not a place
            parts = [re.sub(r"\s+(LGA|district|District|county|County|upazila|province|Province|region|Region|"
                            r"state|State|municipality|Municipality)$", "", p) for p in parts]
            if len(parts) > 1 and gaz_country(parts[-1]):
                parts = parts[:-1]  # "(Kismayo, Lower Juba, Somalia)"
            if parts and all(p[:1].isupper() for p in parts):
                raw.hint_admin1 = parts[-1]
                raw.hint_admin2 = parts[-2] if len(parts) > 1 else None
                skip_until = text.find(")", raw.end) + 1
        kept.append(raw)
    for first, second in zip(kept, kept[1:]):
        between = text[first.end: second.start]
        if first.sent_index != second.sent_index or first.hint_admin1:
            continue
        link = between.strip().lower()
        word = link.split()[0].strip(",") if link.split() else ""
        if word in _UNIT_WORDS:  # "Baharak district, Takhar"
            link = link[len(word):].strip()
        if second.hint_admin1 and len(link) <= 12 and not any(ch in link for ch in ".;()"):
            # "Tama village near Birak (Wadi Fira, Dar Tama)", "Ar Rubat area of Tuban district (Lahij)"
            first.hint_admin1, first.hint_admin2 = second.hint_admin1, second.hint_admin2
        if link == "," or (link in ("in", "in the", "of", "of the") and second.unit in ("admin1", "admin2")):
            first.container = second  # "Atlanta, Georgia"; "the village of Korin in Idleb province"
            if second.hint_admin1:  # "Rasulpur village, Lalpur upazila (Natore, Rajshahi)"
                first.hint_admin1, first.hint_admin2 = second.hint_admin1, second.hint_admin2
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


def _hint_codes(gaz: Gazetteer, hint: str, level: int, votes: Counter) -> list[str]:
    """Admin codes a written admin name denotes, those in the article's countries first."""
    codes = gaz.admin_codes(hint, level)
    if votes and len({c.split(".", 1)[0] for c in codes}) > 1:
        inside = [c for c in codes if votes.get(gaz.iso3_of_iso2(c.split(".", 1)[0]) or "")]
        codes = inside or codes
    if len(codes) > 1:
        codes.sort(key=lambda c: (-votes.get(gaz.iso3_of_iso2(c.split(".", 1)[0]) or "", 0),
                                  -gaz.admin_candidate(c).population))
    return codes


def _admin_evidence(raws: list[_Raw], gaz: Gazetteer, votes: Counter) -> Counter:
    """Admin1 units the article names as such ("Shan State", "(Afmadow, Lower Juba)", "Borno"): they vote
    for their country (strongly: an admin1 name is rarely ambiguous once it is marked) and for themselves."""
    a1: Counter = Counter()
    for raw in raws:
        codes: list[str] = []
        if raw.hint_admin1:
            codes = _hint_codes(gaz, raw.hint_admin1, 1, votes)
            if not codes:
                codes = [c.rsplit(".", 1)[0] for c in _hint_codes(gaz, raw.hint_admin1, 2, votes)]
        elif raw.unit in ("admin1", "admin2"):
            cands, fuzzy = _lookup(gaz, raw)
            kinds = ("admin1", "admin2") if raw.county else (raw.unit,)
            codes = [] if fuzzy else [c.admin1_code for c in cands if c.kind in kinds]
        isos = {gaz.iso3_of_iso2(c.split(".", 1)[0]) for c in codes}
        if len(isos) == 1:
            votes[next(iter(isos))] += 2
        elif votes:
            codes = [c for c in codes if votes.get(gaz.iso3_of_iso2(c.split(".", 1)[0]) or "")]
        for code in set(codes[:1] if len(isos) > 1 else codes):
            a1[code] += 1
    # Names of a single country (by their main name), or of one large city and only small places
    # elsewhere (Dhaka), are weaker evidence: one vote each.
    for raw in raws:
        cands = [c for c in gaz.candidates(raw.text) if c.kind != "country"]
        if not cands or gaz.country_iso3(raw.text):
            continue
        isos = {c.iso3 for c in cands}
        if len(isos) == 1 and any(c.primary for c in cands):
            votes[next(iter(isos))] += 1
            continue
        big = max(cands, key=lambda c: c.population)
        rest = max((c.population for c in cands if c.iso3 != big.iso3), default=0)
        if big.primary and big.population >= 200_000 and big.population >= 10 * rest:
            votes[big.iso3] += 1
    return a1


def _lookup(gaz: Gazetteer, raw: _Raw) -> tuple[list[Candidate], bool]:
    cands = gaz.candidates(raw.text)
    if cands and raw.unit is None and all(c.kind == "admin2" for c in cands):
        # A bare name that only a district matches: the town it is named after may be spelt otherwise.
        isos = {c.iso3 for c in cands}
        towns = [c for c in gaz.fuzzy_candidates(raw.text) if c.kind == "city" and c.iso3 in isos]
        return cands + towns, False
    if cands:
        return cands, False
    words = raw.text.split()
    if len(words) > 1 and words[-1].lower() in _UNIT_WORDS:  # "Borno State", "Mirsharai upazila"
        cands = gaz.candidates(" ".join(words[:-1]))
        if cands:
            return cands, False
    if len(words) > 1 and words[0].lower() in _UNIT_WORDS:  # "Barangay X" is handled by the run; "Town X"
        cands = gaz.candidates(" ".join(words[1:]))
        if cands:
            return cands, False
    return gaz.fuzzy_candidates(raw.text), True


def _hint_match(c: Candidate, raw: _Raw, gaz: Gazetteer) -> bool:
    return bool(raw.hint_admin1) and (
        gaz.admin_matches(c.admin1_code, raw.hint_admin1)
        or normalize(c.admin1 or "") == normalize(raw.hint_admin1)
        or (bool(c.admin2) and admin_key(c.admin2) == admin_key(raw.hint_admin1))
    )


def _hint_known(gaz: Gazetteer, raw: _Raw, votes: Counter, isos: set[str]) -> bool:
    """Whether the "(admin2, admin1)" hint names a unit the gazetteer knows in one of the name's countries
    ("(Boalia)" may be a ward; "(New Market)" a Dhaka neighbourhood, not Jamaica's parish)."""
    if raw.hint_admin2 and any(_hint_codes(gaz, h, level, votes)
                               for h in (raw.hint_admin1, raw.hint_admin2) for level in (1, 2)):
        return True  # a two-level note, "(Netrakona, Mymensingh)", is trusted wherever the name is
    if raw.hint_admin1 and _hint_codes(gaz, raw.hint_admin1, 1, votes):
        return True  # so is a first-level unit, "(Lahij)"
    for h in (raw.hint_admin1, raw.hint_admin2):
        for code in _hint_codes(gaz, h, 2, votes) if h else ():
            iso3 = gaz.iso3_of_iso2(code.split(".", 1)[0])
            if iso3 in isos or votes.get(iso3):
                return True
    return False


def _plausible_fuzzy(cands: list[Candidate], votes: Counter, raw: _Raw, gaz: Gazetteer) -> list[Candidate]:
    """A spelling variant is only trusted inside a country (or admin1) the article already points to."""
    if raw.hint_admin1:
        return [c for c in cands if _hint_match(c, raw, gaz)]
    return [c for c in cands if votes.get(c.iso3)]


def _score(c: Candidate, raw: _Raw, votes: Counter, top: int, a1_votes: Counter, gaz: Gazetteer) -> float:
    score = math.log10(c.population + 10)
    if top:
        # The article's own country evidence dominates population: Bari in a Somali note is Somalia's Bari.
        share = votes.get(c.iso3, 0) / top
        score += 8.0 * share - (3.0 if share == 0 else 0.0)
    if a1_votes.get(c.admin1_code):
        score += 2.0
    if _hint_match(c, raw, gaz):
        score += 10.0
    if raw.hint_admin2 and c.admin2 and normalize(c.admin2).startswith(normalize(raw.hint_admin2)):
        score += 3.0
    if c.primary:
        score += 0.5
    if raw.unit == "admin1":
        score += 4.0 if c.kind == "admin1" else -2.0
    elif raw.unit == "admin2":
        score += 4.0 if c.kind == "admin2" or (raw.county and c.kind == "admin1") else 0.0
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


def _reason(best: Candidate, cands: list[Candidate], raw: _Raw, votes: Counter, fuzzy: bool, gaz: Gazetteer) -> str:
    if len({(c.iso3, c.admin1_code) for c in cands}) == 1:  # one place, perhaps as town and as unit
        why = "unique match"
    elif raw.hint_admin1 and _hint_match(best, raw, gaz):
        why = f"admin1 hint {raw.hint_admin1}"
    elif best.kind == "admin1" and raw.unit == "admin1":
        why = "admin1 unit"
    elif votes.get(best.iso3) and len({c.iso3 for c in cands}) > 1:
        why = f"country context {best.iso3}"
    else:
        why = "largest population"
    return f"spelling variant; {why}" if fuzzy else why


def _bare_name(text: str) -> str:
    """The name without a trailing unit word: "Rasulpur village" -> "Rasulpur"."""
    words = text.split()
    return fold(" ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _UNIT_WORDS else text)


def _unresolved(raw: _Raw, gaz: Gazetteer, reason: str, votes: Counter) -> Place:
    span = Span(raw.start, raw.end, raw.text)
    hints = [(2, raw.hint_admin2), (1, raw.hint_admin1), (2, raw.hint_admin1), (1, raw.hint_admin2)]
    for level, hint in hints:  # ACLED-style "(Belet Weyne, Hiraan)": code to the admin2/admin1 seat
        if not hint:
            continue
        codes = _hint_codes(gaz, hint, level, votes)
        if raw.hint_admin1 and level == 2 and hint == raw.hint_admin2:
            a1 = set(_hint_codes(gaz, raw.hint_admin1, 1, votes))  # spelling variants too: "Lower Shebelle"
            inside = [c for c in codes if c.rsplit(".", 1)[0] in a1
                      or gaz.admin_matches(c.rsplit(".", 1)[0], raw.hint_admin1)]
            codes = inside or ([] if a1 else codes)
        for code in codes[:1]:
            seat = gaz.admin_candidate(code, normalize(hint))
            if seat.lat is None:  # a district without a known seat is usually named after its main town
                a1 = code.rsplit(".", 1)[0]
                towns = [c for c in gaz.candidates(hint) if c.kind == "city" and c.admin1_code == a1]
                if towns:
                    seat = max(towns, key=lambda c: c.population)
                else:  # only the province's coordinates are known: the district still names the admin1
                    unit = gaz.admin_candidate(a1)
                    if unit.lat is None:
                        continue
                    return Place(text=raw.text, name=_bare_name(raw.text), admin1=seat.admin1, admin2=seat.admin2,
                                 country=seat.country, iso3=seat.iso3, lat=unit.lat, lon=unit.lon,
                                 geo_precision=2 if raw.near else 3, resolved=True, span=span,
                                 reason=f"{reason}; in admin2 {hint}, coded to its admin1")
            admin2 = seat.admin2 or (gaz.admin_name(code) if level == 2 else None)
            return Place(text=raw.text, name=_bare_name(raw.text), admin1=seat.admin1, admin2=admin2,
                         country=seat.country, iso3=seat.iso3, lat=seat.lat, lon=seat.lon,
                         geo_precision=2 if level == 2 or raw.near else 3, resolved=True, span=span,
                         reason=f"{reason}; coded to admin{level} {hint}")
    return Place(text=raw.text, name=raw.text, resolved=False, reason=reason, span=span)


def _resolve(raw: _Raw, gaz: Gazetteer, votes: Counter, a1_votes: Counter) -> Place:
    cands, fuzzy = _lookup(gaz, raw)
    if fuzzy:
        cands = _plausible_fuzzy(cands, votes, raw, gaz)
    if raw.container is not None and not raw.hint_admin1:
        outer_raw, codes, isos = _chain_units(raw, gaz)
        if len(codes) > 1:  # "Donetsk": the oblast in Ukraine, not the town in Russia, beside a Ukrainian name
            near = {c.iso3 for c in cands} | {k for k, v in votes.items() if v}
            codes = {c for c in codes if gaz.iso3_of_iso2(c.split(".", 1)[0]) in near} or codes
        inside = [c for c in cands if c.admin1_code in codes or c.iso3 in isos]
        if inside:
            best = max(inside, key=lambda c: (c.kind == "city", c.population))
            return _place_from(best, raw, f"inside {outer_raw.text}")
        # "Rio Claro, Lara state": a town the gazetteer lacks. A known city outside an unmarked "container"
        # is a list instead: "Baghdad, Basra, and other cities"; a small place before a province is in it.
        small = bool(cands) and max(c.population for c in cands) < 100_000 and \
            bool(_admin1_named(_lookup(gaz, outer_raw)[0], outer_raw))  # "Kamianka, Donetsk"
        if len(codes) == 1 and (not cands or small or outer_raw.unit in ("admin1", "admin2")):
            code = next(iter(codes))
            for mid in _chain(raw):  # "X district, Bogor regency, West Java province": code to Bogor
                if mid is outer_raw:
                    break
                known = [c for c in _lookup(gaz, mid)[0] if c.admin1_code == code and c.kind in ("city", "admin2")]
                if known:
                    best = max(known, key=lambda c: (c.kind == "city", c.population))
                    why = f"none in {outer_raw.text}" if cands else "not in gazetteer"
                    place = _place_from(best, raw, f"{why}; coded to {mid.text}")
                    place.name, place.geo_precision, place.geonames_id = _bare_name(raw.text), 2, None
                    return place
            unit = gaz.admin_candidate(code)
            if unit.lat is not None:
                return Place(text=raw.text, name=_bare_name(raw.text), admin1=unit.admin1, country=unit.country,
                             iso3=unit.iso3, lat=unit.lat, lon=unit.lon, geo_precision=2 if raw.near else 3,
                             resolved=True, span=Span(raw.start, raw.end, raw.text),
                             reason=f"{'none in ' + outer_raw.text if cands else 'not in gazetteer'}; "
                                    f"coded to admin1 {outer_raw.text}")
    if not cands:
        if raw.container is not None and not raw.hint_admin1:  # "in Hutwe, Lubero": code to Lubero
            raw.hint_admin1 = raw.container.text
        return _unresolved(raw, gaz, "not in gazetteer", votes)
    top = max(votes.values()) if votes else 0
    best = max(cands, key=lambda c: _score(c, raw, votes, top, a1_votes, gaz))
    if raw.hint_admin1 and not _hint_match(best, raw, gaz) and best.kind != "country" \
            and _hint_known(gaz, raw, votes, {c.iso3 for c in cands}):
        return _unresolved(raw, gaz, f"no {raw.text} in {raw.hint_admin1}", votes)
    if top and best.kind != "country" and not votes.get(best.iso3) and (
            not best.primary or best.population < (50_000 if top >= 2 else 5_000)):
        # A village of another country, met by name alone, is more likely one the gazetteer lacks.
        return _unresolved(raw, gaz, f"only outside the article's country ({best.iso3})", votes)
    if raw.unit == "admin1" and best.kind != "admin1" and best.kind != "country" and best.admin1_code:
        # "Idleb province": the gazetteer spells the province otherwise, but its city places it.
        unit = gaz.admin_candidate(best.admin1_code)
        if unit.lat is not None:
            return _place_from(unit, raw, f"province of {fold(best.name)}")
    return _place_from(best, raw, _reason(best, cands, raw, votes, fuzzy, gaz))


def _admin1_named(cands: list[Candidate], raw: _Raw) -> set[str]:
    """Admin1 units the name denotes: its admin1 candidates, or those it names through their capital
    ("Donetsk" for Donetsk oblast)."""
    key = normalize(_bare_name(raw.text))
    return {c.admin1_code for c in cands
            if c.admin1_code and (c.kind == "admin1" or normalize(c.admin1 or "") == key)}


def _chain(raw: _Raw) -> list[_Raw]:
    """The names after a name that contain it: "X, Bogor regency, West Java province" -> [Bogor, West Java]."""
    out: list[_Raw] = []
    c = raw.container
    while c is not None and len(out) < 4:
        out.append(c)
        c = c.container
    return out


def _chain_units(raw: _Raw, gaz: Gazetteer) -> tuple[_Raw, set[str], set[str]]:
    """The outermost container that names an admin1 unit (or a country), with its admin1 codes and ISO3s."""
    found = (raw.container, set(), set())
    for c in _chain(raw):
        outer = _lookup(gaz, c)[0]
        codes = _admin1_named(outer, c)
        if c.unit in ("admin1", "admin2") and not codes:  # "Idleb province" is Idlib city's province
            codes = {x.admin1_code for x in outer if x.kind != "country"}
        isos = {x.iso3 for x in outer if x.kind == "country"}
        if codes or isos:
            found = (c, codes, isos)
    return found


def _resolve_container(raw: _Raw, inner: Place, gaz: Gazetteer) -> Place | None:
    """The region in "Atlanta, Georgia", read as the admin1 or country of the town before it."""
    for c in _lookup(gaz, raw)[0]:
        if c.kind in ("admin1", "admin2") and inner.admin1 and c.admin1 == inner.admin1 and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}")
        if c.kind == "country" and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}")
    return None


def find_places(doc, article: Article) -> ArticlePlaces:
    """Every place mention in the article, resolved with the article's country context."""
    gaz = get_gazetteer()
    bounds = _sentence_index(doc)
    text = doc.text  # Doc.text re-joins every token: read it once
    raws = _annotate(_find_raw(doc, gaz, bounds, text), text, gaz.country_iso3)
    votes = _country_evidence(doc, gaz)
    # First pass: admin1 units named as such, then names with a single country, settle the context.
    a1_votes = _admin_evidence(raws, gaz, votes)
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
            place = _resolve(raw, gaz, votes, a1_votes)
        by_raw[id(raw)] = place
        mentions.append(PlaceMention(place.span or Span(raw.start, raw.end, raw.text), place, raw.sent_index,
                                     origin=raw.origin))
    # Resolved towns and regions are better evidence of the story's country than bare names.
    final = Counter({k: v for k, v in votes.items()})
    for m in mentions:
        if m.place.resolved and m.place.iso3 and m.place.geo_precision is not None:
            final[m.place.iso3] += 2
    dominant = final.most_common(1)[0][0] if final else None
    return ArticlePlaces(mentions=mentions, country_iso3=dominant)
