"""Find place mentions in an article and resolve them against the offline gazetteer.

Every resolved place carries ACLED's geo_precision (1 a town or a district of a city; 2 near a town, its area,
or a district, village or site coded to the town that represents it; 3 only a province, coded to its seat) and
a `reason` naming the rule that decided; a name that cannot be placed is kept, unresolved, with its reason.
Hand-written tables: lexicon/landmarks.json (sites), lexicon/places_city_districts.json (districts of large
cities), lexicon/places_admin1.json (admin1 names)."""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import LOWER
from spacy.strings import get_string_id

from newsevents import lexicon, nlp
from newsevents.gazetteer import (Candidate, Gazetteer, admin1_splits, admin_key, distance_km, fold, get_gazetteer,
                                  normalize, skeleton)
from newsevents.records import Article, Place, Span

logger = logging.getLogger(__name__)

_ENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREPOSITIONS = frozenset({"in", "at", "near", "of", "from", "outside", "around", "to", "into", "across", "towards", "toward",
                           "between", "surrounding", "linking", "connecting"})
# Words after a name that say what kind of unit it is.
_ADMIN1_WORDS = frozenset({"state", "province", "region", "governorate", "prefecture", "oblast", "division"})
_ADMIN2_WORDS = frozenset({"district", "county", "lga", "upazila", "municipality", "department", "regency", "territory",
                          "township", "zila"})
_TOWN_WORDS = frozenset({"village", "town", "city", "locality", "settlement", "camp", "area", "neighbourhood",
                         "neighborhood", "sub-district", "subdistrict", "ward", "commune", "barangay", "quarter",
                         "suburb", "groupement", "chiefdom", "sector", "kebele", "sub-county", "subcounty"})
_UNIT_WORDS = _ADMIN1_WORDS | _ADMIN2_WORDS | _TOWN_WORDS
_NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\bsurrounding|\boutskirts of|\boutside(?: of)?|\bkm (?:\w+ )?(?:from|of)|"
    r"\bkilometres? (?:\w+ )?(?:from|of)|"
    r"\bkilometers? (?:\w+ )?(?:from|of)|\bmiles? (?:\w+ )?(?:from|of)|\bvicinity of|\b(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)? of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"\b(province|state|region|governorate|district|county|town|village|city) of\s+(?:the\s+)?$", re.I)
_PAREN = re.compile(r"\s*\(([^()]{2,80})\)")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az)[- ]", re.IGNORECASE)
_NAMED_PART_BEFORE = re.compile(r"[A-Z][\w'-]*\s+(?:district|neighbou?rhood|quarter|suburb|area|ward|sector)\s+of\s+"
                                r"(?:the\s+)?$")
_PART_OF_AFTER = re.compile(r"\s+(?:district|neighbou?rhood|quarter|suburb|area|ward|sector)\s+of\s+(?:the\s+)?[A-Z]")
# "the road between X and Y", "clashes between the towns of X and Y": ACLED codes one end, precision 2
_BETWEEN_BEFORE = re.compile(r"(?:\b(?:road|highway|route|axis|way|stretch|area|border)\s+"
                             r"(?:linking\s+|connecting\s+|from\s+)|\bbetween\s+)"
                             r"(?:the\s+(?:towns?|villages?|cities)\s+of\s+)?(?:[A-Z][\w'-]*\s+){0,3}"
                             r"(?:(?:and|to)\s+)?$")
_CODED_NOTE = re.compile(r"[\[(][^\])]{0,80}?\bcoded?\s+(?:as|to|at|in|for)\s+([A-Z][\w'\u2019-]*(?:[ -][A-Z][\w'\u2019-]*){0,3})")
_ARTICLE_WORDS = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "le", "la", "les"})
_CITY_DASH = re.compile(r"^([A-Z][\w'\u2019]*(?: [A-Z][\w'\u2019]*)?)\s*-\s*([A-Z][\w'\u2019 -]+)$")
_LEADING_NAME = re.compile(r"[A-Z][\w'\u2019-]*(?:[ -][A-Z][\w'\u2019-]*){0,3}")
_GEOPRECISION = re.compile(r"(?:geo-?precision\s*(?:of\s*)?|\bgp\s*)([123])\b", re.IGNORECASE)
_CODED_AS = re.compile(r"(?:coded|located|geo-?coded)\s+(?:as|at|to|in)\s+", re.IGNORECASE)
_PAREN_UNIT = re.compile(r"\s+(?:LGA|district|county|upazila|province|region|state|municipality|regency|township|"
                         r"territory|city|town|division|governorate|prefecture|oblast|department|zila|sub-district)$",
                         re.IGNORECASE)
_DISTRICT_TOWN = re.compile(r"\s*(?:district|township|upazila)\s+(?:town|headquarters|hq|sadar)\b")
# Unit words that make a name part of a town ("the Virunga neighbourhood of Goma"): ACLED codes the town.
# Unit words that name a district around one town, never a province (unlike "county", "division",
# "department", which are first-level units in Kenya, Myanmar, Colombia).
_DISTRICT_WORDS = frozenset({"territory", "district", "lga", "upazila", "township", "regency", "zila"})
# Words opening the name of a part of a town: the Philippine barangay, purok and sitio; the Mexican "colonia"
# (an urban neighbourhood: "Colonia Centenario, Tijuana").
_PART_PREFIXES = frozenset({"barangay", "brgy", "brgy.", "purok", "sitio", "colonia"})
_SITE_WORDS = frozenset({"square", "bridge", "market", "roundabout", "junction", "stadium", "park", "street", "avenue",
                         "chowk", "plaza"})
# Natural features and sites named after a place, between the name and a coder's note: "Balade valley (Bossaso, Bari)".
_FEATURE_WORDS = frozenset({"valley", "forest", "hill", "hills", "mountain", "mountains", "river", "lake", "junction",
                            "bridge", "market"})
_CITY_PART_WORDS = frozenset({"neighbourhood", "neighborhood", "quarter", "suburb", "ward", "district", "commune"})
# The event's own place follows a locative preposition; a name after "of" or a noun is a modifier
# ("newspapers of Kantipur", "the Garissa county executive").
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|around|outside|inside|into|across|within|throughout|between|and)"
    r"\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?(?:east|west)ern|south-?(?:east|west)ern|"
    r"restive|neighbouring|neighboring|nearby|town|village|city|district|province|region|area|state|county|capital|"
    r"outskirts|vicinity|centre|center|heart|suburbs?|part|parts|border|front|of|the)\s+){0,4}"
    r"|\b(?:attack(?:ed|s)?|raid(?:ed|s)?|shell(?:ed|s)?|storm(?:ed|s)?|overr[au]n|captur(?:ed|es?)|seiz(?:ed|es?)|"
    r"bomb(?:ed|s)?|loot(?:ed|s)?|occup(?:ied|ies|y)|besieg(?:ed|es?)|enter(?:ed|s)?|struck|hit|invad(?:ed|es?)|"
    r"(?:control|outskirts|vicinity) of|(?:attacks?|assaults?|raids?|offensive|airstrikes?|strikes?|incursions?)"
    r"\s+(?:on|against|into))\s+(?:the\s+)?(?:(?:town|village|city|district) of\s+)?"
    r"|\bcoded?\s+(?:as|to|at|in|for)\s+|^\s*)$", re.IGNORECASE)
# "aggression on Gaza", "a rally against the war in Ukraine", "solidarity with the people of Palestine"; not
# "airstrikes against Boko Haram in Isari" or "demonstrated against the government in Gamgadhi"
_TOPIC_BEFORE = re.compile(
    r"(?:\b(?:against|over|about|condemning|denouncing|protesting)\s+(?:the\s+)?(?:[A-Za-z']+\s+){0,3}"
    r"(?:war|aggression|genocide|occupation|invasion|raids|bombardment|bombings?|massacres?|atrocities|persecution|"
    r"treatment|crackdown|blockade|offensive)\s+(?:in|on|of|against|over)\s+(?:the\s+)?"
    r"|\bsolidarity\s+with\s+(?:the\s+)?(?:people\s+of\s+)?(?:the\s+)?"
    r"|\b(?:aggression|war|genocide|occupation|invasion)\s+(?:on|in|of|against)\s+(?:the\s+)?)$")
# A protest's cause, a death elsewhere: "over the death of an African-American man in Minneapolis police custody",
# "against the killing of 40 Indian security personnel in Pulwama". Weaker than a topic: the death may have
# happened where the protest is, so the place still serves when the sentence names no other.
_CAUSE_BEFORE = re.compile(
    r"\b(?:over|against|about|condemning|denouncing|protesting|mourning)\s+(?:the\s+)?(?:[A-Za-z']+\s+){0,2}"
    r"(?:deaths?|killings?|murders?|assassinations?|lynchings?)\s+of\s+(?:[\w'-]+\s+){1,6}"
    r"(?:in|at)\s+(?:(?:[A-Z][\w'-]*(?:'s)?|and)\s+){0,4}(?:the\s+)?$")
_SPECIFICITY = {1: 0, 2: 1, 3: 2, None: 3}
# Last words of organisation names, and words after a name that make it a group, not a place.
_ORG_WORDS = frozenset(
    "university federation union association council party front army movement ministry bank hospital school "
    "college church mosque police forces government court office company commission committee institute "
    "organisation organization network alliance coalition league brigade battalion cross crescent justice "
    "care rights watch madrasa madrassa".split()
)
_GROUP_AFTER = re.compile(r"\s+(?:clan|sub-clan|tribe|tribes|community|communities|militia|militias|family|families|"
                          r"supporters|loyalists|"
                          r"people|youth|fighters|rebels|group)\b", re.IGNORECASE)
# "the Al Salih and Al Tlais families", "the Hawiye and Darod clans": each name of the list is a group
_LISTED_GROUP_AFTER = re.compile(r"\s+and\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,3}?" + _GROUP_AFTER.pattern[3:])
# "Askira community (Askira/Uba LGA, Borno)": a village named as a community, with the coder's own note
_NOTED_COMMUNITY = re.compile(r"\s+communit(?:y|ies)\s*\(", re.IGNORECASE)
# "Isiolo South", "Trans Mara West", "Dinajpur Sadar": an electoral or sub-district area named after its unit
_AREA_SUFFIXES = frozenset({"north", "south", "east", "west", "central", "sadar"})
# "on the Banki junction - Pulka road", "the Jabal al-Zawiya front": a road or front named after a place is near
# it (ACLED 2); not a road inside a town named after it ("Lambung Mangkurat Road in Banjarmasin")
_ROAD_AFTER = re.compile(r"(?:-[A-Z][\w']+(?: [A-Z][\w']+)?)?\s+(?:road|highway|front|frontline|axis|expressway)\b"
                         r"(?!\s+(?:in|of)\s+(?:the\s+)?[A-Z])",
                         re.IGNORECASE)
_PARTS_BEFORE = re.compile(r"\b(?:(?:various|several|many|different|some)\s+(?:parts|areas|places)\s+(?:of|in)|"
                           r"countryside\s+of|rural\s+areas\s+of)\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|hailing from|native of|natives of)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z0-9&-]{2,6}$")
_CAPITAL_AFTER = re.compile(r" [A-Z]")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'-]* $")
_BASED_AFTER = re.compile(r"[- ]based\b", re.IGNORECASE)
_COMPASS = re.compile(r"(?:north|south)?-?(?:east|west)?(?:ern)?|north(?:ern)?|south(?:ern)?", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b")
_CALENDAR_WORDS = frozenset("january february march april may june july august september october november december "
                            "monday tuesday wednesday thursday friday saturday sunday".split())
_UNIT_AFTER = re.compile(r"\s+(?:region|state|province|regional state|zone|county|district)\b", re.IGNORECASE)
# Words used only in one country's administrative geography: a note that says "barangay" is Philippine.
_UNIT_COUNTRY = {"barangay": "PHL", "lga": "NGA", "upazila": "BGD", "upazilla": "BGD", "regency": "IDN",
                 "kabupaten": "IDN", "kecamatan": "IDN", "groupement": "COD", "chefferie": "COD", "vdc": "NPL",
                 "rural municipality": "NPL", "sub-metropolitan": "NPL", "sub-metropolis": "NPL", "woreda": "ETH",
                 "kebele": "ETH", "union parishad": "BGD"}
_UNIT_COUNTRY_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _UNIT_COUNTRY) + r")\b", re.IGNORECASE)
# A named group's country counts for this much of a country's own name, once the text names a country.
_GROUP_WEIGHT = 0.5
# Other evidence this strong (a country named and a province note) overrides a name's vote for itself.
_OUTVOTED = 3
# ... and this much overrides the vote of a name for its one large city ("Palma ... Cabo Delgado" is not Spain's
# Palma; "Americans protested in Paris" is still France's Paris: a lone demonym is where people are from).
_OUTVOTED_SIZE = 2
# A country word that names a sponsor, a seat or a currency, not where the story happens: "Saudi-led coalition",
# "Iran-aligned party", "pro-Turkey factions", "the US embassy", "the US dollar".
_SPONSOR_AFTER = re.compile(r"-(?:led|backed|aligned|allied|sponsored|supported|affiliated|funded|trained|brokered|"
                            r"based|born|made)\b", re.IGNORECASE)
_SPONSOR_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.IGNORECASE)
_ABROAD_AFTER = re.compile(r"\s+(?:dollars?|pounds?|euros?|embass(?:y|ies)|consulates?)\b", re.IGNORECASE)
# "beat a Papuan in Wamena": a name after "a"/"an" and before a clause word is a person, not a place
# ("a Kabul court" keeps Kabul as a modifier).
_PERSON_BEFORE = re.compile(r"(?:^|\W)an?\s+$", re.IGNORECASE)
_PERSON_AFTER = re.compile(r"\s*(?:[,.;:)]|(?:in|at|who|was|is|from|and|had|has|were|died)\b)")
# A wire dateline opening a line: "KISUMU, March 12 -", "NAIROBI (Reuters) -", "GOMA, Congo, May 3 -".
_DATELINE = re.compile(
    r"^([A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3})(?:,\s*[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,40}\))?\s*[-\u2013\u2014]{1,2}\s",
    re.MULTILINE,
)
_LEADING_WORDS = re.compile(r"(?:(?:In|On|At|Near|The|And|From|Around|Outside)\s+)+")
# ACLED-notes style "Beer-Gadiid village (Belet Weyne, Hiraan)": a name, an optional unit word, a parenthesis.
_NAME_PAREN = re.compile(
    r"([A-Z][\w'-]*(?:[ -][A-Z0-9][\w'-]*)*)(?:\s+(?:village|town|city|district|area|neighbou?rhood|camp|community|"
    r"locality|upazila|township|municipality|LGA|sub-district|sub-?county|ward|commune|county|settlement|valley|"
    r"forest|hills?|"
    r"mountains?|river|lake|junction|bridge|market))?"
    r"\s*\(([^()]{2,80})\)"
)


@dataclass
class PlaceMention:
    span: Span
    place: Place
    sent_index: int
    origin: bool = False  # "protesters from Bago": where people came from, not where the event was
    locative: bool = False  # "in X", a note's "X village (A2, A1)": the event's own place
    topic: bool = False  # "protest against the war in Gaza": what the event was about
    cause: bool = False  # "protest over the death of a man in Minneapolis": the last choice in its sentence
    contains: bool = False  # names the area around another place of the sentence ("Y" in "X in Y LGA")
    noted: bool = False  # carries a coder's "(admin2, admin1)" note: the place the note is about


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
    hint_region: str | None = None  # "(Sarlahi, Central)": a region named by a common word, after the note's units
    container: "_Raw | None" = None  # "Atlanta, Georgia": Georgia contains Atlanta
    locative: bool = False  # "in X", "at X", "the village of X": where something happened, not a modifier
    topic: bool = False  # "aggression on Gaza", "solidarity with Palestine": what it was about
    cause: bool = False  # "over the death of a man in Minneapolis": where the protest's cause happened
    city_part: bool = False  # "the Virunga neighbourhood of Goma": a part of the container town
    coded_as: str | None = None  # ACLED's "(coded as Baghmara, Rajshahi)": the town the coder used
    landmark: str | None = None  # normalized name of a site in lexicon/landmarks.json
    site: bool = False  # "Freedom Square", "Magra Bridge": a site, coded to the town it is in
    coded_note: bool = False  # named in the coder's "(coded as X)": a town standing for the event's place
    noted: bool = False  # followed by its own "(admin2, admin1)" note
    unit_word: str | None = None  # the cue word itself: "township", "district", "village"
    area: bool = False  # "Beni area": the area around a town, precision 2
    own_vote: str | None = None  # the country this name alone voted for, being the name of no other
    own_vote_size: bool = False  # ... or being the name of one large city and only small places elsewhere


@dataclass
class ArticlePlaces:
    mentions: list[PlaceMention] = field(default_factory=list)
    country_iso3: str | None = None

    def in_sentence(self, sent_index: int) -> list[PlaceMention]:
        return [m for m in self.mentions if m.sent_index == sent_index]

    def best_for(self, sent_index: int, char_offset: int) -> PlaceMention | None:
        """The place for a trigger: the best of its sentence (where something happened before what it was
        about or where people came from; then the most specific; a name used as a modifier, "Kantipur daily",
        counts as one level less specific), else the best of the nearest earlier sentence with one, else a
        country named as a place ("in Iraq") in the sentence or before, else a place of the next sentence, else
        a country named only as a modifier ("the Myanmar army"), else a place named in the sentence that could
        not be placed (reported with its reason rather than dropped)."""
        specific = [m for m in self.mentions if m.place.resolved and m.place.geo_precision is not None
                    and not m.topic]  # "protest against the raids in Gaza" is not in Gaza
        same = [m for m in specific if m.sent_index == sent_index]
        if same:
            return min(same, key=lambda m: (m.origin or m.topic or m.cause, _rank(m), _gap(m.span, char_offset)))
        earlier = [m for m in specific if m.sent_index < sent_index]
        if earlier:
            last = max(m.sent_index for m in earlier)
            return min((m for m in earlier if m.sent_index == last),
                       key=lambda m: (m.origin or m.topic, _rank(m), m.span.start))
        countries = [m for m in self.mentions if m.place.resolved and m.sent_index <= sent_index and not m.topic]
        if any(m.locative for m in countries):
            return [m for m in countries if m.locative][-1]
        # Nothing told yet, or a country only as a modifier ("the Myanmar army"): a place in the next sentence
        # ("Gunmen killed five. The attack was in X.")
        following = [m for m in specific if m.sent_index == sent_index + 1]
        if following:
            return min(following, key=lambda m: (m.origin or m.topic, _rank(m), m.span.start))
        if countries:
            return countries[-1]
        unplaced = [m for m in self.mentions if m.sent_index == sent_index and not m.origin and not m.topic]
        return min(unplaced, key=lambda m: (not m.locative, _gap(m.span, char_offset))) if unplaced else None


def _rank(m: PlaceMention) -> float:
    """Lower is better: geo precision, with a name outside any locative phrase a level and a half worse, and a
    container a level and a half worse than the place inside it ("villages in Maru LGA": the villages)."""
    return _SPECIFICITY.get(m.place.geo_precision, 3) + (0.0 if m.locative else 1.5) + (1.5 if m.contains else 0.0) \
        - (1.5 if m.noted else 0.0)


def _gap(span: Span, offset: int) -> int:
    if span.start <= offset < span.end:
        return 0
    return min(abs(span.start - offset), abs(span.end - offset))


# -- landmarks -------------------------------------------------------------------


@dataclass(frozen=True)
class Landmark:
    """A site from lexicon/landmarks.json: events there are coded to its town."""

    name: str
    kind: str
    town: str
    iso3: str
    precision: int
    source: str
    example: str


@functools.cache
def landmarks() -> dict[str, tuple[Landmark, ...]]:
    """Normalized site name or alias -> the sites of that name (several where a name is shared)."""
    data = lexicon.data("landmarks.json")
    table: dict[str, list[Landmark]] = {}
    for entry in data["landmarks"]:
        site = Landmark(entry["name"], entry["kind"], entry["town"], entry["iso3"], int(entry["precision"]),
                        entry["source"], entry["example"])
        for name in {entry["name"], *entry.get("aliases", ())}:
            table.setdefault(normalize(name), []).append(site)
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def _landmark_pattern() -> re.Pattern:
    """Every site name as written, in one regex (a trie: lexicon.alternation), so finding them is one pass."""
    data = lexicon.data("landmarks.json")
    names = {n for e in data["landmarks"] for n in (e["name"], *e.get("aliases", ()))}
    names |= {n.replace("'", "\u2019") for n in names if "'" in n}
    return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(names, ignore_case=True)})(?![\w-])", re.IGNORECASE)


def _resolve_landmark(raw: _Raw, gaz: Gazetteer, votes: Counter) -> Place | None:
    """A site from the table, coded to its town; among sites sharing a name, the article's country decides,
    and a town named as the container ("Martyrs' Square in Beirut") overrides both."""
    sites = landmarks().get(raw.landmark or "", ())
    if raw.container is not None:
        named = normalize(_bare_name(raw.container.text))

        def inside(site: Landmark) -> bool:  # "Martyrs' Square in Beirut", "Ifo camp in Garissa" (its county)
            towns = [c for c in gaz.candidates(site.town) if c.kind == "city" and c.iso3 == site.iso3]
            return normalize(site.town) == named or any(normalize(c.name) == normalize(site.town)
                                                        for c in gaz.candidates(named)) \
                or any(gaz.admin_matches(t.admin1_code, named) or admin_key(t.admin2 or "") == admin_key(named)
                       for t in towns)

        sites = tuple(s for s in sites if inside(s))
        if not sites:
            return None  # another square of that name: the container places it
    if not sites:
        return None
    site = max(sites, key=lambda s: votes.get(s.iso3, 0))  # ties keep the table's order
    towns = [c for c in gaz.candidates(site.town) if c.kind == "city" and c.iso3 == site.iso3]
    if not towns:
        return None
    town = max(towns, key=lambda c: c.population)
    return Place(text=raw.text, name=fold(town.name), admin1=town.admin1, admin2=town.admin2, country=town.country,
                 iso3=town.iso3, lat=town.lat, lon=town.lon, geonames_id=town.geonames_id,
                 geo_precision=site.precision, resolved=True, span=Span(raw.start, raw.end, raw.text),
                 reason=f"landmark {site.name} ({site.kind}) in {fold(town.name)}"
                        + ("; country context " + site.iso3 if len({s.iso3 for s in sites}) > 1 else ""))


@dataclass(frozen=True)
class CityDistrict:
    """A district of a large city from lexicon/places_city_districts.json."""

    name: str
    city: str
    iso3: str


@functools.cache
def city_districts() -> dict[str, tuple[CityDistrict, ...]]:
    """Normalized district name -> the city districts of that name."""
    data = lexicon.data("places_city_districts.json")
    table: dict[str, list[CityDistrict]] = {}
    for city in data["cities"]:
        for name in city["districts"]:
            table.setdefault(normalize(name), []).append(CityDistrict(name, city["city"], city["iso3"]))
    return {k: tuple(v) for k, v in table.items()}


@functools.cache
def _district_pattern() -> re.Pattern:
    data = lexicon.data("places_city_districts.json")
    names = {n for c in data["cities"] for n in c["districts"]}
    # Any case, so "Hawl wadaag" is found; the finder keeps only matches with a capital first letter.
    return re.compile(rf"(?<![\w-])(?:{lexicon.alternation(names)})(?![\w-])", re.IGNORECASE)


def _resolve_city_district(raw: _Raw, gaz: Gazetteer, votes: Counter, text: str) -> Place | None:
    """"In Hawl Wadaag, ..." in a Somali story: Mogadishu, precision 1, as "Mogadishu - Hawl Wadaag". Taken only
    when the article names the city, or names its country and no other place of that name is in it, or names no
    country at all and the name is of one district only and of no place in the gazetteer."""
    for district in city_districts().get(normalize(_bare_name(raw.text)), ()):
        towns = [c for c in gaz.candidates(district.city) if c.kind == "city" and c.iso3 == district.iso3]
        if not towns:
            continue
        town = max(towns, key=lambda c: c.population)
        named = re.search(rf"\b{re.escape(district.city)}\b", text) is not None
        elsewhere = [c for c in gaz.candidates(raw.text) if c.iso3 == district.iso3 and c.kind != "country"
                     and c.lat is not None and distance_km(c.lat, c.lon, town.lat, town.lon) > _NEAR_TOWN_KM]
        # With no country told at all (a headline-style note), a district name the gazetteer has nowhere
        # ("Kawangware") can only be that district.
        unique = not any(votes.values()) and not [c for c in gaz.candidates(raw.text) if c.kind != "country"] \
            and len(city_districts().get(normalize(_bare_name(raw.text)), ())) == 1
        if named or (votes.get(district.iso3) and not elsewhere) or unique:
            return Place(text=raw.text, name=f"{fold(town.name)} - {district.name}", admin1=town.admin1,
                         admin2=town.admin2, country=town.country, iso3=town.iso3, lat=town.lat, lon=town.lon,
                         geonames_id=town.geonames_id, geo_precision=2 if raw.near else 1, resolved=True,
                         span=Span(raw.start, raw.end, raw.text),
                         reason=f"district {district.name} of {fold(town.name)}"
                                + ("" if named else f"; country context {district.iso3}" if votes.get(district.iso3)
                                   else "; no other place of that name"))
    return None


# -- finding ---------------------------------------------------------------------


def _sentence_index(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in nlp.sentences(doc)]


def _sent_of(bounds: list[tuple[int, int]], offset: int) -> int:
    for i, (start, end) in enumerate(bounds):
        if start <= offset < end:
            return i
    return max(len(bounds) - 1, 0)


_LOCATIVE_PREPS = frozenset({"in", "at", "near", "around", "outside"})
# Words that may follow a place name closing a locative phrase ("in Kamanyola by gunmen", "in Beltar on ...").
_CLAUSE_AFTER = frozenset({"by", "on", "and", "after", "when", "where", "during", "as", "while", "with", "from",
                           "over", "in", "at", "since", "before", "following", "who", "which", "that", "village",
                           "town", "city", "area", "locality"})
_CONNECTORS = frozenset({"de", "del", "do", "da", "la", "el"})  # "Victoria de Durango"
# Verbs whose object is a place taken: "Al Shabaab invaded Mandera", "the FARDC recaptured Kimbau". Only a name the
# gazetteer knows is taken after one (a person or group is attacked too), and never one tagged as a person or group.
_OBJECT_VERBS = frozenset({"attacked", "raided", "shelled", "stormed", "overran", "overrun", "captured", "recaptured",
                           "seized", "bombed", "looted", "occupied", "besieged", "invaded", "retook", "retaken", "entered",
                           # headline style: "Militia attack Wajir", "Gunmen raid Mandera"
                           "attack", "attacks", "raid", "raids", "storm", "storms", "invade", "invades", "enter",
                           "enters", "seize", "seizes", "capture", "captures", "loot", "loots", "shell", "shells"})
# "the Enugu-Port Harcourt Expressway", "the Beni-Butembo axis": a road between two towns, coded near the first
# (ACLED 2).
_ROAD_PAIR = re.compile(r"(?<![\w-])([A-Z][\w']+(?: [A-Z][\w']+)?)-([A-Z][\w']+(?: [A-Z][\w']+)?)\s+"
                        r"(?i:road|highway|axis|expressway|route|corridor)\b")
# "a Kisumu beach", "the Mombasa hotel": a town named as the modifier of a site in it (a site noun in lower case:
# "the Royal Court Hotel" is a name).
_SITE_MODIFIER = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+([A-Z][\w'-]+)\s+(?:hotel|beach|hospital|prison|market|school|"
                            r"university|college|court|stadium|church|mosque|port|airport|police station|bus station)\b")
_NOT_PLACE_ENTS = frozenset({"PERSON", "NORP"})  # not ORG: the small model tags many unknown towns so
# A Persian ezafe joins two words of one name: "Mazar-e Sharif", "Qasr-e Shirin", "Takht-e Soleyman".
_EZAFE_AFTER = re.compile(r"-(?:e|ye) [A-Z][\w'-]*")


# Verbs whose doer is a person: "Kibaki was to visit a nearby town", "Bongbong said" (the small model tags such
# names GPE). A country as their subject is its government ("Kenya said"), handled with the actors.
_PERSON_VERBS = frozenset({"say", "tell", "visit", "meet", "announce", "urge", "vow", "promise", "warn", "insist",
                           "deny", "speak", "address", "sign", "travel", "campaign", "win", "lose", "resign"})


def _person_subject(ent, gaz: Gazetteer) -> bool:
    """Whether a name is the subject of a verb only a person does: a person, not a place."""
    root = ent.root
    if root.dep_ != "nsubj" or gaz.country_iso3(ent.text):
        return False
    verbs = [root.head, *(c for c in root.head.children if c.dep_ == "xcomp")]
    return any(v.lemma_ in _PERSON_VERBS for v in verbs)


_NAME_GAP = re.compile(r"[ '\"\u2018\u2019\u201c\u201d]{1,3}")


def _parts_of_person_names(doc, text: str) -> set[int]:
    """Starts of entities that run straight into a person's name, "Ferdinand 'Bongbong' R. Marcos": the
    parser's pieces of one name (a place before a name is written "Lagos Governor X" or "Kenya's X")."""
    parts: set[int] = set()
    ents = list(doc.ents)
    in_name = False  # whether the entity after the current one belongs to a person's name
    for ent, nxt in zip(ents[-2::-1], ents[:0:-1]):
        joined = _NAME_GAP.fullmatch(text[ent.end_char:nxt.start_char]) is not None
        in_name = joined and (nxt.label_ == "PERSON" or in_name)
        if in_name:
            parts.add(ent.start_char)
    return parts


def _capitalized_run(doc, i: int) -> int:
    """End token index of a run of capitalized words starting at i ("Beer-Gadiid", "Ceel Baraf")."""
    j = i
    while j < len(doc):
        if doc[j].is_title or (doc[j].text[:1].isupper() and doc[j].is_alpha) or (
                doc[j].text in ("-", *_CONNECTORS) and j > i and j + 1 < len(doc) and doc[j + 1].text[:1].isupper()):
            j += 1
        elif doc[j].text == "-" and j > i and j + 1 < len(doc) and doc[j + 1].lower_ == doc[j - 1].lower_:
            j += 2  # "Lakit-lakit": a doubled word is one name
        elif doc[j].text == "-" and j > i and j + 2 < len(doc) and doc[j + 1].lower_ in ("e", "ye") \
                and doc[j + 2].text[:1].isupper():
            j += 3  # "Mazar-e Sharif": a Persian ezafe inside one name
        else:
            break
    return j


@functools.cache
def _cue_ids() -> frozenset[int]:
    return frozenset(get_string_id(w) for w in (*_PREPOSITIONS, *_UNIT_WORDS, *_OBJECT_VERBS))


def _unit_words_only(gap: str) -> bool:
    """Whether the text after a name is only a unit word ("county" of "Bay county")."""
    return gap.strip().lower() in _UNIT_WORDS


def _find_raw(doc, gaz: Gazetteer, bounds: list[tuple[int, int]], text: str) -> list[_Raw]:
    taken: list[tuple[int, int]] = []
    raws: list[_Raw] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(start: int, end: int, vouched: bool = False, chained: bool = False) -> None:
        cut = text.find("(", start, end)
        if cut > start:
            end = cut  # "Janakpur city (Dhanusha district": the parser ran into the coder's note
        while start < end and text[start] in " ,;:.'\"":
            start += 1
        while end > start and text[end - 1] in " ,;:.'\"":
            end -= 1
        if text[start:end].lower().startswith("the "):
            start += 4
        if start > 2 and text[start - 1] == "/" and text[start - 2].isalpha():
            # "Askira/Uba", "Akesan/Oyo": one name (a joint LGA) or two alternatives, read whole
            start = re.search(r"[\w'-]+/$", text[:start]).start()
        end = _hyphen_tail(text, start, end, gaz)
        tail = re.match(r"/[A-Z][\w'-]*", text[end:end + 40]) or _EZAFE_AFTER.match(text, end, end + 40)
        if tail:
            end = tail.end() if tail.re is _EZAFE_AFTER else end + tail.end()
        if chained and overlaps(start, end):
            # "Ujung Kalak sub-district, Johan Pahlawan district, ...": the whole name of a chain replaces the
            # part the parser took ("Ujung")
            # ... and so does "Homa Bay" for the parser's "Bay county"
            inside = [(s, e) for s, e in taken
                      if start <= s and (e <= end or (start < s and _unit_words_only(text[end:e])))]
            if len(inside) == sum(1 for s, e in taken if start < e and s < end):
                for s, e in inside:
                    taken.remove((s, e))
                raws[:] = [r for r in raws if (r.start, r.end) not in inside]
        if end - start < 2 or overlaps(start, end) or _LISTED_GROUP_AFTER.match(text, end) \
                or (_GROUP_AFTER.match(text, end) and not _NOTED_COMMUNITY.match(text, end)):
            return  # "the Saad clan" is a group
        name = text[start:end]
        if name.islower():
            return  # "city county askaris": English writes a place's name with a capital
        if _elsewhere(text, start, end) and gaz.country_iso3(name):
            return  # "Saudi-led", "US-trained", "the US dollar": a sponsor or a currency, not where it happened
        if _PERSON_BEFORE.search(text[max(0, start - 4):start]) and _PERSON_AFTER.match(text, end):
            return  # "a Papuan", "an Iraqi": a person named by origin, not a place
        if not vouched and (name.split()[-1].lower() in _ORG_WORDS or (_ACRONYM.match(name) and not gaz.country_iso3(name))):
            return  # "Red Cross", "KIA": organisations
        if name.lower() in _CALENDAR_WORDS:
            return  # "from March 6 to 14"
        if name.lower() in _SITE_WORDS or name.lower() in _UNIT_WORDS or name.lower() in _PART_PREFIXES:
            return  # "Street 50", "Market", "Colonia": a bare site or unit word names no town
        if _COMPASS.fullmatch(name) and _OF_AFTER.match(text, end):
            return  # "West of Awdhegle District": a direction from the town that follows, not a region
        if _BASED_AFTER.match(text, end):
            return  # "Mandalay based organizations", "a Nairobi-based group": where they come from
        if not vouched and _is_demonym(gaz, name) and not _UNIT_AFTER.match(text, end):
            return  # "Somali military forces": an adjective; "the Somali region" keeps its cue word
        taken.append((start, end))
        raws.append(_Raw(start, end, text[start:end], _sent_of(bounds, start)))

    # Landmarks from the hand-written table first: "Tahrir Square" is one name, not "Tahrir" and a square.
    for match in _landmark_pattern().finditer(text):
        if _ARTICLE_PREFIX.sub("", match.group(0))[:1].isupper():  # "al-Omar oil field", not "the green zone"
            add(*match.span(), vouched=True)
            if raws and raws[-1].start == match.start():
                raws[-1].landmark = normalize(match.group(0))
    # Districts of large cities the gazetteer lacks ("Hawl Wadaag", "Kawangware"): decided at resolution.
    for match in _district_pattern().finditer(text):
        before = _CAPITAL_BEFORE.search(text, 0, match.start())
        if match.group(0)[:1].isupper() and not _CAPITAL_AFTER.match(text, match.end()) \
                and not (before and not _LEADING_WORDS.fullmatch(before.group(0))):
            add(*match.span(), vouched=True)  # but not "Mirpur" in "Mirpur Khas"
    # A coder's own note, "(no location found, coded as Kukawa)", "[coded to Bangadi]", names the place used.
    for match in _CODED_NOTE.finditer(text):
        if gaz.candidates(match.group(1)):
            add(*match.span(1), vouched=True)
            if raws and raws[-1].start == match.start(1):
                raws[-1].coded_note = raws[-1].noted = True  # the coder's own choice of place
    # ACLED-notes style "Beer-Gadiid village (Belet Weyne, Hiraan)" next: the parenthesis vouches for the name.
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
    for match in _ROAD_PAIR.finditer(text):
        # the first town names the road's place ("Kitale-Lodwar road": Kitale); the second if the first is unknown
        group = next((g for g in (1, 2) if gaz.candidates(match.group(g))), None)
        if group is not None:
            add(*match.span(group), vouched=True)
    for match in _SITE_MODIFIER.finditer(text):
        if gaz.candidates(match.group(1)) and not gaz.country_iso3(match.group(1)):
            add(*match.span(1))
    in_names = _parts_of_person_names(doc, text)
    for ent in doc.ents:
        if ent.label_ in _ENT_LABELS and ent.start_char not in in_names and not _person_subject(ent, gaz):
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
            if tok.lower_ == "between" and j > i and j + 1 < len(doc) and doc[j].lower_ == "and":
                # "the road between Maiduguri and Damboa": the second town is a place too
                k = _capitalized_run(doc, j + 1)
                if k > j + 1 and gaz.candidates(doc[j + 1:k].text):
                    add(doc[j + 1].idx, doc[k - 1].idx + len(doc[k - 1]))
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
                elif tok.lower_ in _LOCATIVE_PREPS and j - i - _doubled_words(span) <= 3 and not doc[i].is_sent_start \
                        and (j >= len(doc) or doc[j].is_punct or doc[j].lower_ in _CLAUSE_AFTER):
                    # "killed in Kamanyola.", "In Farbaraako, ...": a name the gazetteer lacks is still the
                    # event's place; it is kept, to be placed by its spelling or context or reported unplaced.
                    add(span.start_char, span.end_char)
                # "in Hutwe, Lubero", "near Kamianka, Donetsk", "in Barangay Sandayaw, Guihulngan, Negros
                # Oriental": the known places after the name contain it (and vouch for an unknown name).
                end = j
                if end + 1 < len(doc) and doc[end].lower_ == "sub":  # "sub-district", "sub district"
                    end += 2 if doc[end + 1].text == "-" else 1
                end, chain = (end + 1 if end < len(doc) and doc[end].lower_ in _UNIT_WORDS else end), []
                while len(chain) < 3 and end + 1 < len(doc) and doc[end].text == ",":
                    k = _capitalized_run(doc, end + 1)
                    if k == end + 1:
                        break
                    words = doc[end + 1:k].text
                    if _ACRONYM.match(words) and not gaz.country_iso3(words):
                        break  # "Shan State, KIA's battalion": an organisation, not a unit
                    unit_after = k < len(doc) and doc[k].lower_ in _UNIT_WORDS
                    if not (gaz.admin_codes(words) or gaz.candidates(words) or gaz.candidates(_unit_stripped(words))
                            or gaz.admin_codes(_unit_stripped(words))
                            or (unit_after and chain == [] and _chain_has_admin(doc, k + 1, gaz))
                            or (chain == [] and _chain_has_admin(doc, k, gaz) and not _in_list(doc, k))):
                        break  # "Kapai town, Lanao del Sur province": an unknown town vouched by its unit word
                    chain.append((doc[end + 1].idx, doc[k - 1].idx + len(doc[k - 1])))
                    end = k + 1 if k < len(doc) and doc[k].lower_ in _UNIT_WORDS else k
                chain = _chain_ending_in_unit(chain, text, gaz, part=doc[i].lower_ in _PART_PREFIXES)
                if chain:
                    add(span.start_char, span.end_char, vouched=True, chained=True)
                    for start_char, end_char in chain:
                        add(start_char, end_char, vouched=True, chained=True)  # "Oriental Mindoro", not "Mindoro"
        elif tok.lower_ in _OBJECT_VERBS and tok.i + 1 < len(doc):
            i = tok.i + 1
            j = _capitalized_run(doc, i)
            if j > i and doc[i].ent_type_ not in _NOT_PLACE_ENTS and not doc[i].is_sent_start \
                    and (j >= len(doc) or doc[j].is_punct or doc[j].lower_ in _CLAUSE_AFTER) \
                    and gaz.candidates(doc[i:j].text):
                add(doc[i].idx, doc[j - 1].idx + len(doc[j - 1]))
        elif tok.lower_ in _UNIT_WORDS and tok.i > 0 and doc[tok.i - 1].text[:1].isupper():
            i = tok.i - 1
            while i > 0 and (doc[i - 1].is_title or doc[i - 1].text == "-" or (
                    doc[i - 1].lower_ in _CONNECTORS and i > 1 and doc[i - 2].is_title)) \
                    and not doc[i - 1].is_sent_start:
                i -= 1  # "Lanao del Sur province", "Beer-Gadiid village"
            if doc[i].is_sent_start and not gaz.candidates(doc[i:tok.i].text):
                i += 1
            if i < tok.i:
                # "Akwa Ibom State": a whole name the gazetteer knows replaces the part the parser took ("Akwa")
                add(doc[i].idx, doc[tok.i - 1].idx + len(doc[tok.i - 1]),
                    chained=i + 1 < tok.i and bool(gaz.candidates(doc[i:tok.i].text)))
    raws.sort(key=lambda r: r.start)
    return _merge_split_names(raws, text, gaz)


_LOWER_PART = re.compile(r"-([a-z]+)(?![\w-])")


def _hyphen_tail(text: str, start: int, end: int, gaz: Gazetteer) -> int:
    """The end of a name whose last part is joined by a hyphen in lower case, which the parser cut off:
    a doubled word ("Lakit-lakit", "Sapa-sapa") or a form the gazetteer knows whole ("Hpa-an"); not an
    English compound ("Kabul-based", "Iraq-led")."""
    part = _LOWER_PART.match(text, end)
    if not part or end <= start:
        return end
    last = text[start:end].split()[-1].lower()
    if part.group(1) == last or gaz.candidates(text[start:part.end()]):
        return part.end()
    return end


def _doubled_words(span) -> int:
    """Tokens to discount from a name's length for each doubled word ("Lakit-lakit" is one word, not three)."""
    return sum(2 for a, b, c in zip(span, span[1:], span[2:]) if b.text == "-" and a.lower_ == c.lower_)


def _in_list(doc, at: int) -> bool:
    """Whether the name after the comma at `at` goes on into a list ("Kangulu, Kyela and Kyalo"): then it is
    another place of the list, not the unit that contains the one before."""
    if at + 1 >= len(doc):
        return False
    k = _capitalized_run(doc, at + 1)
    return k < len(doc) and (doc[k].lower_ in ("and", "or") or (doc[k].text == "," and k + 1 < len(doc)
                                                                 and doc[k + 1].text[:1].isupper()))


def _chain_has_admin(doc, at: int, gaz: Gazetteer) -> bool:
    """Whether ", <admin unit>" follows position `at` ("..., Kapai town, Lanao del Sur province")."""
    if at + 1 >= len(doc) or doc[at].text != ",":
        return False
    k = _capitalized_run(doc, at + 1)
    name = doc[at + 1:k].text
    return k > at + 1 and bool(gaz.admin_codes(name) or gaz.admin_codes(_unit_stripped(name)))


def _unit_word_after(text: str, at: int) -> bool:
    """Whether a unit word follows `at` ("Kapai town", "Johan Pahlawan district"): it vouches for an unknown name."""
    word = re.match(r"\s+([\w-]+)", text[at:at + 30])
    return bool(word) and word.group(1).lower() in _UNIT_WORDS


def _chain_ending_in_unit(chain: list[tuple[int, int]], text: str, gaz: Gazetteer,
                          part: bool = False) -> list[tuple[int, int]]:
    """The names after "in X," up to the last that is an admin unit, when every town among them lies in
    that unit's country: "in Barangay Sandayaw, Guihulngan, Negros Oriental" keeps both; "in Kinshasa,
    Police dispersed" keeps nothing. A part of a town (`part`: "Barangay Baclaran, Paranaque") names its town
    after it, admin unit or not."""
    names = [_unit_stripped(text[a:b]) for a, b in chain]
    for i, (name, (a, b)) in enumerate(zip(names, chain)):
        if _is_demonym(gaz, name) and not _UNIT_AFTER.match(text, b):
            chain, names = chain[:i], names[:i]  # "In Siinka Dheer, Somali forces": an adjective
            break
    last = max((i for i, n in enumerate(names) if gaz.admin_codes(n)), default=-1)
    if last < 0:
        town = [c for c in gaz.candidates(names[0]) if c.kind == "city"] if part and names else []
        return chain[:1] if town else []
    isos = {_iso3(gaz, c) for c in gaz.admin_codes(names[last])}
    for name, (a, b) in zip(names[:last], chain[:last]):
        if not gaz.admin_codes(name) and not any(c.iso3 in isos for c in gaz.candidates(name)) \
                and not (not gaz.candidates(name) and (_unit_word_after(text, b) or (a, b) == chain[last - 1])):
            return []  # an unknown name is vouched for by its unit word or by the unit right after it
    return chain[:last + 1]


def _plain(name: str) -> str:
    """The name's words without unit words: "Masisi Territory" -> "masisi" (but "Ba Vi" stays "ba vi")."""
    return " ".join(w for w in normalize(name).split() if w not in _UNIT_WORDS)


def _unit_stripped(name: str) -> str:
    """The name without a trailing unit word or area suffix: "Bekasi regency" -> "Bekasi", "Dinajpur Sadar" ->
    "Dinajpur"."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _UNIT_WORDS | _AREA_SUFFIXES else name


def _merge_split_names(raws: list[_Raw], text: str, gaz: Gazetteer) -> list[_Raw]:
    """Join names the parser cut in two ("Baja" + "California") when the whole is a known place."""
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and text[prev.end:raw.start] in (" ", "-") and gaz.candidates(text[prev.start:raw.end]):
            out[-1] = _Raw(prev.start, raw.end, text[prev.start:raw.end], prev.sent_index)
            continue
        out.append(raw)
    return out


def _annotate(raws: list[_Raw], text: str, gaz_country=lambda name: None) -> list[_Raw]:
    """Cue words, "near", "(admin2, admin1)" notes, "City, Region" pairs and "X in Y" / "X area of Y"."""
    kept: list[_Raw] = []
    skip_until = -1
    for raw in raws:
        if raw.start < skip_until:
            continue  # inside a parenthesis already read as hints
        after = re.sub(r"^(\s*)sub\s+district", r"\1sub-district", text[raw.end: raw.end + 30].lower())
        word = after.split()[0].strip(",.;:()[]'\u2019") if after.split() else ""
        before = text[max(0, raw.start - 60): raw.start]
        own = raw.text.split()[-1].lower()
        if len(raw.text.split()) > 1 and own in _UNIT_WORDS:
            word = own  # "Basra province" as one entity
        if word in _UNIT_WORDS:
            raw.unit_word = word
        raw.area = word in ("area", "areas", "vicinity", "surroundings", "outskirts")
        if word in _ADMIN1_WORDS:
            raw.unit = "admin1"
        elif word in _ADMIN2_WORDS:
            raw.unit = "admin2"
            raw.county = word == "county"  # a first-level unit in Kenya or Liberia, second-level in the US
            if _DISTRICT_TOWN.match(after):
                raw.unit = "town"  # "Kurigram district town": the district's main town
        elif word in _TOWN_WORDS:
            raw.unit = "town"
            raw.city_part = word in _CITY_PART_WORDS
        if raw.text.split()[0].lower() in _PART_PREFIXES:
            raw.city_part = True  # "Barangay De Vera, Donsol": a barangay is a part of its municipality
        if _PART_OF_AFTER.match(text, raw.end):
            raw.unit, raw.city_part = "town", True  # "the Karrada district of Baghdad": a part of the city
        if own in _SITE_WORDS or word in _SITE_WORDS:
            raw.city_part = raw.site = True  # "Freedom Square in Basra": a site in a town is coded to the town
        cue = _UNIT_BEFORE.search(before)
        if cue and _NAMED_PART_BEFORE.search(before):
            cue = None  # "the Karrada district of Baghdad": the cue word is Karrada's, Baghdad is the city
        if cue and raw.unit is None:
            kind = cue.group(1).lower()
            raw.unit = "admin1" if kind in _ADMIN1_WORDS else "admin2" if kind in _ADMIN2_WORDS else "town"
        raw.near = bool(_NEAR_BEFORE.search(before) or _BETWEEN_BEFORE.search(before)
                        or _ROAD_AFTER.match(text, raw.end))
        if _PARTS_BEFORE.search(before):
            raw.area = True  # "in various parts of Janakpur": the area of the town (ACLED 2)
        raw.origin = bool(_FROM_BEFORE.search(before))
        raw.topic = bool(_TOPIC_BEFORE.search(before))
        raw.cause = bool(_CAUSE_BEFORE.search(text, max(0, raw.start - 120), raw.start))
        raw.locative = raw.near or bool(cue) or bool(_LOCATIVE_BEFORE.search(before)) or raw.start == 0
        tail = text[raw.end:]
        at = tail.lower().find(word) if (raw.unit and word in _UNIT_WORDS) or word in _FEATURE_WORDS else -1
        if 0 <= at < 3:  # skip the unit word after the name: "Beer-Gadiid village (...)"
            tail = tail[at + len(word):]
            if raw.unit == "town" and tail.lower().startswith(" town"):
                tail = tail[5:]  # "district town"
        community = _NOTED_COMMUNITY.match(tail)
        if community:
            tail = tail[community.end() - 1:]  # "Askira community (Askira/Uba LGA, Borno)"
        paren = _PAREN.match(tail)
        if paren:
            inner = paren.group(1).strip()
            coded = _CODED_AS.match(inner)
            inner = inner[coded.end():] if coded else re.sub(r"^in\s+", "", inner)
            parts = [p.strip() for p in inner.split(",") if p.strip()]
            if parts and _ACRONYM.match(parts[0]):
                parts = []  # "(AL)", "(SNA)": an abbreviation, not a place
            elif len(parts) > 1:  # "(Abuja Municipal LGA, FCT)": the spelt-out units are the hint
                parts = [p for p in parts if not _ACRONYM.match(p)]
            parts = [_PAREN_UNIT.sub("", p) for p in parts]
            if len(parts) > 1 and gaz_country(parts[-1]):
                parts = parts[:-1]  # "(Kismayo, Lower Juba, Somalia)"
            if coded and parts:
                # "(coded as Baghmara, Rajshahi)": Baghmara is the town, not a unit; "(coded to Heliwa at
                # geoprecision 2)": only the name counts
                name = _LEADING_NAME.match(parts[0])
                raw.coded_as = name.group(0) if name else None
                parts = parts[1:]
            if parts and all(p[:1].isupper() for p in parts):
                if len(parts) > 2 and _generic_region(parts[-1]):
                    # "(Parsa, Narayani, Central)": the district and zone tell the country, the region is a word
                    raw.hint_region, parts = parts[-1], parts[:-1]
                raw.hint_admin1 = parts[-1]
                raw.hint_admin2 = parts[-2] if len(parts) > 1 else None
                raw.locative = raw.noted = True  # the note's own "X (A2, A1)" is where the event was
                skip_until = text.find(")", raw.end) + 1
        kept.append(raw)
    listed = _listed(kept, text)
    for first, second in zip(kept, kept[1:]):
        between = text[first.end: second.start]
        if first.sent_index != second.sent_index or first.hint_admin1 or id(first) in listed:
            continue
        link = re.sub(r"^sub\s+district", "sub-district", between.strip().lower())
        word = link.split()[0].strip(",") if link.split() else ""
        if word in _UNIT_WORDS:  # "Baharak district, Takhar"
            link = link[len(word):].strip()
        if word in ("district", "township") and link.startswith("town"):
            link = link[4:].strip()  # "Kurigram district town, Rangpur"
        if second.hint_admin1 and len(link) <= 12 and not any(ch in link for ch in ".;()"):
            # "Tama village near Birak (Wadi Fira, Dar Tama)", "Ar Rubat area of Tuban district (Lahij)"
            first.hint_admin1, first.hint_admin2 = second.hint_admin1, second.hint_admin2
        if link == "," or link in ("in", "in the", ", in", ", in the") or (
                link in ("of", "of the") and (second.unit in ("admin1", "admin2") or word in _TOWN_WORDS
                                               or word in _CITY_PART_WORDS)):
            # "Atlanta, Georgia"; "the village of Korin in Idleb province"; "Qabr al Kabir in al-Hasakeh";
            # "the Virunga neighbourhood of Goma"
            first.container = second
            second.locative = second.locative or first.locative
            if _area_of_town(first, second, link):
                first.area, first.city_part = False, True
            if second.hint_admin1:  # "Rasulpur village, Lalpur upazila (Natore, Rajshahi)"
                first.hint_admin1, first.hint_admin2 = second.hint_admin1, second.hint_admin2
    return kept


def _area_of_town(first: _Raw, second: _Raw, link: str) -> bool:
    """Whether "the Halwadaag area in Jilib town" names a part of a town written as such: ACLED codes a named
    part of a town to the town, precision 1, unlike "X area of Y district" (a general area, 2)."""
    return first.unit_word in ("area", "areas") and not first.near and second.unit_word in ("town", "city") \
        and link in ("in", "in the", "of", "of the")


_LIST_END = re.compile(r"\s*,?\s+(?:and|or)\s+(?:the\s+)?[A-Z]")


def _listed(raws: list[_Raw], text: str) -> set[int]:
    """Names of a list closed by "and"/"or" ("the villages of A, B, C and D"): none contains the next one, as
    "A, B" alone would say. Names with their own unit word are not listed: "X village, Y district, Z province"
    is still a chain."""
    out: set[int] = set()
    run: list[_Raw] = []
    for first, second in zip(raws, raws[1:]):
        if first.sent_index != second.sent_index or first.unit_word or second.unit_word \
                or text[first.end:second.start].strip() != ",":
            run = []
            continue
        run.append(first)
        if _LIST_END.match(text, second.end):
            out.update(id(r) for r in [*run, second])
            run = []
    return out


# -- resolving -------------------------------------------------------------------


def _country_evidence(doc, gaz: Gazetteer) -> Counter:
    """Countries the article talks about: demonyms, country names (each mention counts)."""
    votes: Counter = Counter()
    text = nlp.text_of(doc)
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE", "LOC") and not _elsewhere(text, ent.start_char, ent.end_char):
            iso3 = gaz.country_iso3(ent.text.removeprefix("the "))
            if iso3:
                votes[iso3] += 1
    for tok in doc:
        if tok.ent_type_ in ("NORP", "GPE", "LOC", "PERSON") or not tok.text[:1].isupper():
            continue  # "Datu Saudi": a demonym inside a person's or town's name says nothing of the country
        if _elsewhere(text, tok.idx, tok.idx + len(tok.text)):
            continue
        iso3 = gaz.country_iso3(tok.text)
        if iso3:
            votes[iso3] += 1
    seen: set[str] = set()
    for match in _UNIT_COUNTRY_RE.finditer(nlp.text_of(doc)):
        word = match.group(1).lower()
        if word not in seen:  # "Barangay X, ... Barangay Y" is one cue
            seen.add(word)
            votes[_UNIT_COUNTRY[word]] += 1
    return votes


def _elsewhere(text: str, start: int, end: int) -> bool:
    """Whether the country word at text[start:end] names a sponsor, an embassy or a currency ("Saudi-led",
    "pro-Turkey", "the US embassy", "the US dollar"): a foreign hand, not the story's country."""
    return bool(_SPONSOR_AFTER.match(text, end) or _ABROAD_AFTER.match(text, end)
                or _SPONSOR_BEFORE.search(text[max(0, start - 5):start]))


def _is_demonym(gaz: Gazetteer, name: str) -> bool:
    """"Somali", "Congolese": a people's name (a country's own name, "Somalia", is a place)."""
    return bool(gaz.country_iso3(name)) and not any(c.kind == "country" for c in gaz.candidates(name))


@functools.cache
def _group_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    """Named armed groups, forces and parties of one country (lexicon/actors.jsonl) as one regex. A force named
    after its sponsor ("Saudi-led coalition") is left out: its country is the sponsor's, not the battlefield's."""
    names: dict[str, str] = {}
    shared: set[str] = set()  # a name two countries' groups go by ("NAF") says nothing of the country
    for term in lexicon.actor_terms():
        if term.country and term.proper and not any(_SPONSOR_AFTER.search(n) for n in (term.match, *term.aliases)):
            for name in (term.match, *term.aliases):
                if len(name) >= 3:  # "AA", "JAS": too many other meanings
                    if names.get(name, term.country) != term.country:
                        shared.add(name)
                    names[name] = term.country
    names = {name: country for name, country in names.items() if name not in shared}
    if not names:
        return None, {}
    # "pro-Houthi forces", "anti-STC protesters": the group's name after "pro-"/"anti-" is still its name
    return re.compile(rf"(?:(?<=\bpro-)|(?<=\banti-)|(?<![\w-]))(?:{lexicon.alternation(names)})(?![\w-])"), names


def _soft_evidence(text: str) -> Counter:
    """Countries the article's named groups belong to ("Al Shabaab", "FARDC", "Boko Haram"). Weaker than a
    country's own name: groups cross borders (Al Shabaab in Kenya), so this only breaks ties among towns."""
    pattern, names = _group_pattern()
    votes: Counter = Counter()
    if pattern is not None:
        for match in pattern.finditer(text):
            votes[names[match.group(0)]] += 1
    return votes


def _add_group_evidence(votes: Counter, groups: Counter) -> Counter:
    """Add the named groups' countries to the article's: in full when no country is named, else at half the
    weight of a country's own name, so that they break ties ("Al Jawf" beside "pro-Houthi forces" is Yemen's)
    but do not outvote what the text says of places. Returns the votes added."""
    weight = _GROUP_WEIGHT if votes else 1.0
    added = Counter({iso3: weight * n for iso3, n in groups.items()})
    votes.update(added)
    return added


def _iso3(gaz: Gazetteer, code: str) -> str | None:
    """The country of a GeoNames admin code ("YE.08" or "YE.08.1234": Yemen's ISO3)."""
    return gaz.iso3_of_iso2(code.split(".", 1)[0])


def _hint_codes(gaz: Gazetteer, hint: str, level: int, votes: Counter) -> list[str]:
    """Admin codes a written admin name denotes, those in the article's countries first."""
    codes = gaz.admin_codes(hint, level)
    if votes and len({c.split(".", 1)[0] for c in codes}) > 1:
        inside = [c for c in codes if votes.get(_iso3(gaz, c) or "")]
        codes = inside or codes
    if len(codes) > 1:
        codes.sort(key=lambda c: (-votes.get(_iso3(gaz, c) or "", 0),
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
            codes = [] if fuzzy else [c.admin1_code for c in cands if c.kind in kinds
                                      and not (c.kind == "admin1" and _outweighed(c, cands, raw))]
        isos = {_iso3(gaz, c) for c in codes}
        if len(isos) == 1 and not _generic_region(raw.hint_admin1 or raw.text):
            votes[next(iter(isos))] += 2
        elif votes:
            codes = [c for c in codes if votes.get(_iso3(gaz, c) or "")]
        for code in set(codes[:1] if len(isos) > 1 else codes):
            a1[code] += 1
    # Names of a single country (by their main name), or of one large city and only small places
    # elsewhere (Dhaka), are weaker evidence: one vote each.
    for raw in raws:
        cands = [c for c in gaz.candidates(raw.text) if c.kind != "country"]
        if not cands or gaz.country_iso3(raw.text) or _common_word(raw) or _generic_region(raw.text):
            continue  # "the Capital", "Coast", "Coast Province" vote for no country
        isos = {c.iso3 for c in cands}
        if len(isos) == 1 and any(c.kind == "admin1" for c in cands):
            votes[next(iter(isos))] += 2  # a province of one country ("Cabo Delgado", "Idleb"): as if marked
            continue
        if len(isos) == 1 and any(c.primary and (c.kind != "city" or c.population >= 5_000) for c in cands):
            # a hamlet whose name happens to be unique in the world ("Sayo", Japan) is no evidence of the country
            votes[next(iter(isos))] += 1
            raw.own_vote = next(iter(isos))
            continue
        big = max(cands, key=lambda c: c.population)
        rest = max((c.population for c in cands if c.iso3 != big.iso3), default=0)
        if big.primary and big.population >= 200_000 and big.population >= 10 * rest:
            votes[big.iso3] += 1
            raw.own_vote, raw.own_vote_size = big.iso3, True
    return a1


def _note_countries(gaz: Gazetteer, parts: list[str]) -> set[str]:
    """Countries whose first-level unit the last part of a "(admin2, admin1)" note names, narrowed by the
    second-level unit when several countries have such a province ("(Khabb wa ash Shaaf, Al Jawf)": Yemen's)."""
    isos = {_iso3(gaz, c) for c in gaz.admin_codes(parts[-1], 1)}
    if len(isos) > 1 and len(parts) > 1:
        inner = {_iso3(gaz, c) for c in gaz.admin_codes(parts[-2], 2)} & isos
        isos = inner or isos
    return isos


def _note_evidence(text: str, raws: list[_Raw], gaz: Gazetteer, votes: Counter) -> None:
    """The coder's "(admin2, admin1)" notes vote for the one country their province belongs to, also when the
    note follows a site the reader did not take for a place ("Al Alam military camp (Jardan, Shabwah)"); notes
    already read as a place's hint vote through _admin_evidence."""
    hinted = {raw.hint_admin1 for raw in raws if raw.hint_admin1}
    for paren in _PAREN.finditer(text):
        parts = [_PAREN_UNIT.sub("", p.strip()) for p in paren.group(1).split(",") if p.strip()]
        if not parts or len(parts) > 2 or parts[-1] in hinted or not all(p[:1].isupper() for p in parts) \
                or any(_ACRONYM.match(p) for p in parts):
            continue
        isos = _note_countries(gaz, parts)
        if len(isos) == 1:
            votes[next(iter(isos))] += 2


def _lookup(gaz: Gazetteer, raw: _Raw) -> tuple[list[Candidate], bool]:
    if raw.coded_as:  # "Bagmara upazila (coded as Baghmara, Rajshahi)": the coder's own town comes first
        cands = [c for c in gaz.candidates(raw.coded_as) if c.kind != "country"]
        if cands:
            return cands, False
    cands = gaz.candidates(raw.text)
    words = raw.text.split()
    if cands and raw.unit_word and raw.unit_word not in words[-1].lower():
        # "South West State" (Somalia) is known only with its unit word; "South West" is Cameroon's region
        whole = gaz.candidates(f"{raw.text} {raw.unit_word}")
        cands = cands + [c for c in whole if c.kind != "city" and c not in cands]
    if cands and len(words) > 1 and words[-1].lower() in _UNIT_WORDS:
        # "Tanintharyi Township" finds the region through its loose key; the town of the name counts too.
        seen = {(c.kind, c.geonames_id, c.admin1_code, c.name) for c in cands}
        cands = cands + [c for c in gaz.candidates(" ".join(words[:-1]))
                         if (c.kind, c.geonames_id, c.admin1_code, c.name) not in seen]
    if cands and raw.unit is None and all(c.kind == "admin2" for c in cands):
        # A bare name that only a district matches: the town it is named after may be spelt otherwise.
        isos = {c.iso3 for c in cands}
        towns = [c for c in gaz.fuzzy_candidates(raw.text) if c.kind == "city" and c.iso3 in isos]
        return cands + towns, False
    if cands:
        return cands, False
    if len(words) > 1 and words[-1].lower() in _UNIT_WORDS:  # "Borno State", "Mirsharai upazila"
        cands = gaz.candidates(" ".join(words[:-1]))
        if cands:
            return cands, False
    if raw.unit_word and raw.unit_word not in words[-1].lower():
        # "Karen State": a unit known only by its name with the unit word, which the text put after it
        cands = [c for c in gaz.candidates(f"{raw.text} {raw.unit_word}") if c.kind != "city"]
        if cands:
            return cands, False
    if len(words) > 1 and words[-1].lower() in _AREA_SUFFIXES:
        # "in Isiolo South": a constituency or sub-district of the unit the name starts with, its area (2)
        cands = [c for c in gaz.candidates(" ".join(words[:-1])) if c.kind in ("admin1", "admin2") or c.primary]
        if cands:
            raw.area = True
            return cands, False
    if "/" in raw.text:  # "Akesan/Oyo": the parts, when the whole is unknown
        cands = [c for part in raw.text.split("/") for c in gaz.candidates(part) if c.kind != "country"]
        if cands:
            return cands, False
    if len(words) > 1 and words[0].lower() in _UNIT_WORDS:  # "Barangay X" is handled by the run; "Town X"
        cands = gaz.candidates(" ".join(words[1:]))
        if cands:
            return cands, False
    return gaz.fuzzy_candidates(raw.text), True


def _hint_match(c: Candidate, raw: _Raw, gaz: Gazetteer) -> bool:
    """Whether the candidate lies in the note's "(admin2, admin1)"; the admin2 alone is enough, since provinces
    split and are renamed (Wamena, Jayawijaya: "Papua" in the note, "Papua Pegunungan" in GeoNames)."""
    return bool(raw.hint_admin1) and (
        gaz.admin_matches(c.admin1_code, raw.hint_admin1)
        or normalize(c.admin1 or "") == normalize(raw.hint_admin1)
        or (bool(c.admin2) and admin_key(c.admin2) == admin_key(raw.hint_admin1))
        or (bool(c.admin2) and bool(raw.hint_admin2) and admin_key(c.admin2) == admin_key(raw.hint_admin2 or ""))
        or any(_spelt_alike(c.admin2, hint) for hint in (raw.hint_admin2, raw.hint_admin1))
    )


def _spelt_alike(unit: str | None, hint: str | None) -> bool:
    """Whether a note's unit is the candidate's district spelt otherwise ("Manang" for GeoNames' "Manag"):
    the same consonant skeleton, for names long enough that a skeleton rarely meets another."""
    if not unit or not hint:
        return False
    a, b = admin_key(unit), admin_key(hint)
    return min(len(a), len(b)) >= 5 and skeleton(a) == skeleton(b)


def _hint_known(gaz: Gazetteer, raw: _Raw, votes: Counter, isos: set[str]) -> bool:
    """Whether the "(admin2, admin1)" hint names a unit the gazetteer knows in one of the name's countries
    ("(Boalia)" may be a ward; "(New Market)" a Dhaka neighbourhood, not Jamaica's parish)."""
    if raw.hint_admin2 and any(_hint_codes(gaz, h, level, votes)
                               for h in (raw.hint_admin1, raw.hint_admin2) for level in (1, 2)):
        return True  # a two-level note, "(Netrakona, Mymensingh)", is trusted wherever the name is
    if raw.hint_admin1 and any(_iso3(gaz, c) in isos or not any(votes.values())
                               or votes.get(_iso3(gaz, c) or "")
                               for c in _hint_codes(gaz, raw.hint_admin1, 1, votes)):
        return True  # so is a first-level unit, "(Lahij)", of the name's or the article's country
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
        if c.kind == "admin2" or (raw.county and c.kind == "admin1"):
            score += 4.0
        elif c.kind == "admin1":
            score -= 4.0  # "Tanintharyi Township" is not Tanintharyi Region
        else:
            score += 1.0  # a township or LGA is coded to the town it is named after
    elif c.kind == "admin2":
        score -= 3.0  # a bare name is the town, not the district named after it
    elif c.kind == "admin1":
        score -= 1.5  # a bare "Basra", "Tombouctou" is the city; the province needs its cue word
    if c.kind == "country":
        score += 8.0 if raw.unit is None else -5.0
    return score


def _place_from(c: Candidate, raw: _Raw, reason: str, gaz: Gazetteer | None = None) -> Place:
    span = Span(raw.start, raw.end, raw.text)
    if c.kind == "country":
        return Place(text=raw.text, name=c.name, country=c.country, iso3=c.iso3, resolved=True,
                     geo_precision=None, reason="country only", span=span)
    if c.lat is None and gaz is not None and c.admin1_code:
        # A district with no town known to place it: its province's seat, at the province's precision; but a
        # part of the province's city ("Central Jakarta" in Jakarta) is that city, precision 1.
        unit = gaz.admin_candidate(c.admin1_code)
        if unit.lat is not None:
            seat_words = set(normalize(unit.name).split())
            city_part = c.kind == "admin2" and bool(seat_words) and seat_words < set(normalize(c.name).split())
            return Place(text=raw.text, name=fold(c.name), admin1=c.admin1, admin2=c.admin2, country=c.country,
                         iso3=c.iso3, lat=unit.lat, lon=unit.lon,
                         geo_precision=1 if city_part and not raw.near
                         else 2 if raw.near or city_part or c.kind == "admin2" else 3,
                         resolved=True, span=span,
                         reason=f"{reason}; admin2 {fold(c.name)} has no coordinates, coded to "
                                + (f"the city {fold(unit.name)} it is part of" if city_part else "its admin1"))
    # A district, LGA, township or territory named as such is a general area, coded to the town that
    # represents it (ACLED precision 2); its name used bare, or "X district town", is the town itself (1).
    if c.kind == "admin2" and c.seat_named and not (raw.near or raw.area) and raw.unit in (None, "town"):
        # "in Doolow", "Kurigram district town": the town the district is named after
        return Place(text=raw.text, name=fold(c.name), admin1=c.admin1, admin2=c.admin2, country=c.country,
                     iso3=c.iso3, lat=c.lat, lon=c.lon, geo_precision=1, resolved=True, span=span,
                     reason=f"{reason}; the town {fold(c.name)} the district is named after")
    small = _sub_district(c, raw, gaz)
    if c.kind == "admin1":
        precision = 3
    elif c.kind == "admin2" or raw.near or raw.area or (raw.unit == "admin2" and not raw.county and not small):
        precision = 2  # near a town, its area, or a district coded to its namesake town
    else:
        precision = 1
    name = fold(c.name)
    if raw.near:
        reason = f"near {name}; {reason}"
    elif raw.area:
        reason = f"area of {name}; {reason}"
    elif small:
        reason = f"{reason}; {raw.text} is a unit below admin2 named after its town {name}"
    elif raw.unit == "admin2" and c.kind == "city" and not raw.county:
        reason = f"{reason}; {raw.text} coded to its namesake town"
    return Place(text=raw.text, name=name, admin1=c.admin1, admin2=c.admin2, country=c.country, iso3=c.iso3,
                 lat=c.lat, lon=c.lon, geonames_id=c.geonames_id, geo_precision=precision, resolved=True,
                 reason=reason, span=span)


def _sub_district(c: Candidate, raw: _Raw, gaz: Gazetteer | None) -> bool:
    """Whether "X district" names a unit below the second level, named after its town: where the country has
    no admin2 of that name ("Gilireng district, Wajo Regency": an Indonesian kecamatan) the district is little
    more than its town, which ACLED codes at precision 1; an admin2 district ("Nad Ali district") stays 2."""
    if gaz is None or c.kind != "city" or raw.unit_word != "district" or raw.near or raw.area or not c.admin1_code:
        return False
    iso2 = c.admin1_code.split(".", 1)[0]
    return not gaz.admin_codes(_bare_name(raw.text), 2, iso2) and normalize(c.name) == normalize(_bare_name(raw.text))


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
    hints = [(2, raw.hint_admin2), (1, raw.hint_admin1), (2, raw.hint_admin1), (1, raw.hint_admin2),
             (1, raw.hint_region)]
    for level, hint in hints:  # ACLED-style "(Belet Weyne, Hiraan)": code to the admin2/admin1 seat
        if not hint or (hint == raw.hint_region and not any(votes.values())):
            continue  # "(Mahakali, Far-Western)" alone: the common word names a region of no country in particular
        codes = _hint_codes(gaz, hint, level, votes)
        if votes and any(votes.values()):  # "(North)" in a Myanmar note is not Rwanda's Northern province
            codes = [c for c in codes if votes.get(_iso3(gaz, c) or "")]
        if raw.hint_admin1 and level == 2 and hint == raw.hint_admin2:
            a1 = set(_hint_codes(gaz, raw.hint_admin1, 1, votes))  # spelling variants too: "Lower Shebelle"
            inside = [c for c in codes if c.rsplit(".", 1)[0] in a1
                      or gaz.admin_matches(c.rsplit(".", 1)[0], raw.hint_admin1)]
            # a district outside a region named by a common word still stands: "(Sarlahi, Central)" is Nepal's
            codes = inside or ([] if a1 and not _generic_region(raw.hint_admin1) else codes)
            town = None if inside else _noted_town(gaz, hint, a1)
            if town is not None:
                return Place(text=raw.text, name=_bare_name(raw.text), admin1=town.admin1, admin2=town.admin2,
                             country=town.country, iso3=town.iso3, lat=town.lat, lon=town.lon, geo_precision=2,
                             resolved=True, span=span,
                             reason=f"{reason}; coded to the town {fold(town.name)} its note names in {raw.hint_admin1}")
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
                                 geo_precision=_seat_precision(raw), resolved=True, span=span,
                                 reason=f"{reason}; in admin2 {hint}, coded to its admin1")
            admin2 = seat.admin2 or (gaz.admin_name(code) if level == 2 else None)
            return Place(text=raw.text, name=_bare_name(raw.text), admin1=seat.admin1, admin2=admin2,
                         country=seat.country, iso3=seat.iso3, lat=seat.lat, lon=seat.lon,
                         geo_precision=2 if level == 2 else _seat_precision(raw), resolved=True, span=span,
                         reason=f"{reason}; coded to admin{level} {hint}")
    for hint in (raw.hint_admin2, raw.hint_admin1):
        # "Karum (Abuja LGA, FCT)": a unit the gazetteer lacks under that name, named after a town it knows
        towns = [c for c in gaz.candidates(hint) if c.kind == "city" and c.lat is not None
                 and (votes.get(c.iso3) or not any(votes.values()))] if hint else []
        if towns:
            town = max(towns, key=lambda c: c.population)
            return Place(text=raw.text, name=_bare_name(raw.text), admin1=town.admin1, admin2=town.admin2,
                         country=town.country, iso3=town.iso3, lat=town.lat, lon=town.lon, geo_precision=2,
                         resolved=True, span=span, reason=f"{reason}; coded to the town {fold(town.name)} of its note")
    return Place(text=raw.text, name=raw.text, resolved=False, reason=reason, span=span)


def _noted_town(gaz: Gazetteer, hint: str, a1_codes: set[str]) -> Candidate | None:
    """The largest town called as the note's admin2 inside its admin1, when the gazetteer files no district of
    that name there ("Bardera town (Baardheere, Gedo)": the town Baardheere of Gedo stands for its district)."""
    towns = [c for c in gaz.candidates(hint) if c.kind == "city" and c.lat is not None and c.admin1_code in a1_codes]
    return max(towns, key=lambda c: c.population) if towns else None


def _seat_precision(raw: _Raw) -> int:
    """Precision of a place coded to its province's seat because the gazetteer lacks it: 3 for the province
    itself; 2 for a village, town or district the source names inside it ("Ruramba (Kayokwe, Mwaro)"): the
    source tells a small part of the region (ACLED 2), though we can only place it at the seat (never 1)."""
    return 3 if raw.unit == "admin1" and not raw.near else 2


# How far a place may lie from the town or district named as its container ("X, Donsol, Sorsogon").
_NEAR_TOWN_KM = 50.0
_NEAR_DISTRICT_KM = 120.0


def _names_country(cands: list[Candidate], mid: _Raw) -> bool:
    """Whether a container is a country's name written as such (not a unit word after it): a town that
    shares the name lies elsewhere far more often than it is the container."""
    return mid.unit is None and any(c.kind == "country" for c in cands)


def _anchors(raw: _Raw, gaz: Gazetteer, outer: _Raw, codes: set[str],
             countries: set[str] = frozenset()) -> tuple[_Raw, list[Candidate]] | None:
    """The innermost container that is a town or district (inside the chain's admin1, when one is named, and
    near the next container): "Sukahurip village, Sukatani district, Bekasi regency, West Java" -> Bekasi, as
    West Java's only Sukatani lies 150 km from Bekasi."""
    mids: list[tuple[_Raw, list[Candidate]]] = []
    for mid in _chain(raw):
        if mid is outer and codes and not (raw.city_part and mid.unit is None) \
                and mid.unit_word not in _DISTRICT_WORDS:
            break  # "Freedom Square in Basra" is in Basra city, "X in the Beni territory" near Beni town; "X,
            # Lara state" only in the state
        looked, fuzzy = _lookup(gaz, mid)
        if _names_country(looked, mid):
            continue  # "BASRA, Iraq": the country, not Iran's Arak, which GeoNames also calls "Iraq"
        found = [c for c in looked if c.kind in ("city", "admin2") and c.lat is not None
                 and (not codes or c.admin1_code in codes) and not (fuzzy and c.iso3 not in countries)]
        # the article's countries first; but a large town the text names as the container outweighs a vote
        # that may come from the contained name itself ("the Sayo neighbourhood of Beni": Sayo is only Japanese)
        found = [c for c in found if codes or not countries or c.iso3 in countries] or \
            [c for c in found if not fuzzy and c.kind == "city" and c.primary and c.population >= 50_000]
        if found:
            mids.append((mid, found))
    for (mid, found), nxt in zip(mids, [*mids[1:], None]):
        if nxt is not None:
            found = [c for c in found if _within(c, nxt[1]) or _in_named_admin2(c, nxt[0])]
        if found:
            return mid, found
    return None


# A city this large is divided into named quarters; a name the gazetteer lacks, written "X, City", is one of them.
_QUARTERED_CITY = 500_000


def _city_quarter(raw: _Raw, mid: _Raw, town: Candidate) -> bool:
    """"Tondo, Manila", "Ugbowo district, Benin City": an unknown name written inside a large city, with no
    village or district-of-a-province word, is a part of the city (ACLED: "City - District", precision 1)."""
    return mid is raw.container and town.kind == "city" and town.population >= _QUARTERED_CITY \
        and not raw.near and not raw.area and mid.unit_word not in _DISTRICT_WORDS \
        and raw.unit_word in (None, *_CITY_PART_WORDS, "sub-district", "subdistrict")


def _other_town_between(raw: _Raw, mid: _Raw) -> bool:
    """Whether a town the gazetteer lacks stands between a part and the town it was coded to ("Chaung Wa
    quarter, Rathedaung Town, ..., Sittwe District"): the part is of that town, not of the one coded."""
    for c in _chain(raw):
        if c is mid:
            return False
        if c.unit_word in ("town", "city"):
            return True
    return False


def _outgrown(cands: list[Candidate], anchor: tuple[_Raw, list[Candidate]]) -> bool:
    """Whether the town a name is written in ("Sampaloc, Manila") is far larger than every place of that name, all
    small: then the name is a part or a village of that town that the gazetteer lacks, not a list of towns."""
    towns = [a for a in anchor[1] if a.kind == "city"]
    largest = max((c.population for c in cands), default=0)
    return bool(towns) and bool(cands) and largest < 50_000 and 10 * largest < max(a.population for a in towns)


def _town_province(c: Candidate, anchors: list[Candidate]) -> bool:
    """Whether a place named inside a town ("Sampaloc, Manila") lies in that town's province: a namesake 35 km
    away across a provincial border is another place."""
    return not any(a.kind == "city" for a in anchors) or any(a.admin1_code == c.admin1_code for a in anchors)


def _in_named_admin2(c: Candidate, container: _Raw) -> bool:
    """Whether the gazetteer puts the town in the district or province the text names after it ("Taytay,
    Palawan": the Taytay of Palawan province, though 200 km from the province's seat)."""
    return bool(c.admin2) and admin_key(c.admin2) == admin_key(_bare_name(container.text))


def _within(c: Candidate, anchors: list[Candidate]) -> bool:
    return c.lat is not None and any(
        distance_km(c.lat, c.lon, a.lat, a.lon) <= (_NEAR_TOWN_KM if a.kind == "city" else _NEAR_DISTRICT_KM)
        for a in anchors)


def _resolve_in_chain(raw: _Raw, cands: list[Candidate], gaz: Gazetteer, votes: Counter) -> Place | None:
    """A name followed by the places that contain it: the candidate inside them, else the innermost
    container that can be placed (a town or district: precision 2, or 1 for a part of a town; a province:
    precision 3)."""
    if cands and all(c.kind == "country" for c in cands):
        return None  # "refugees from Afghanistan in Kalideres district": a country is not inside a district
    outer_raw, codes, isos = _chain_units(raw, gaz, votes)
    if len(codes) > 1:  # "Donetsk": the oblast in Ukraine, not the town in Russia, beside a Ukrainian name
        near = {c.iso3 for c in cands} | {k for k, v in votes.items() if v}
        codes = {c for c in codes if _iso3(gaz, c) in near} or codes
    anchor = _anchors(raw, gaz, outer_raw, codes, isos | {k for k, v in votes.items() if v})
    inside = [c for c in cands if c.admin1_code in codes or c.iso3 in isos] if (codes or isos) else []
    if anchor is not None:
        pool = inside if (codes or isos) else cands
        inside = [c for c in pool if c.kind != "country" and _within(c, anchor[1]) and _town_province(c, anchor[1])]
    if inside:
        best = max(inside, key=lambda c: (c.kind == "city", c.population))
        return _place_from(best, raw, f"inside {(anchor[0] if anchor else outer_raw).text}", gaz)
    why = f"none in {(anchor[0] if anchor else outer_raw).text}" if cands else "not in gazetteer"
    if anchor is None and cands:
        town = _misplaced_town(cands, raw, {_iso3(gaz, c) for c in codes} | isos,
                               outer_raw.text)
        if town is not None:
            return _place_from(town, raw, f"the one {fold(town.name)} of {town.iso3}, though named in "
                                          f"{outer_raw.text}", gaz)
    if anchor is not None and (not cands or codes or isos or raw.city_part or anchor[0].unit
                               or _outgrown(cands, anchor)):
        mid, found = anchor
        best = max(found, key=lambda c: (c.kind == "city", c.population))
        place = _place_from(best, raw, f"{why}; coded to {mid.text}", gaz)
        if place.geo_precision == 3:
            return place  # the district could only be placed at its province
        place.name, place.geonames_id = _bare_name(raw.text), None
        # A part of a town is the town (ACLED: "a city with no district known is also 1", named "City -
        # District"); a site is coded to its town; a village or barangay beside a town to the town that
        # represents it.
        town_part = (raw.city_part or _city_quarter(raw, mid, best)) and best.kind == "city" \
            and not _other_town_between(raw, mid)
        place.geo_precision = 1 if town_part else 2
        if town_part:
            part = _bare_name(raw.text).split()
            if len(part) > 1 and part[0].lower() in _PART_PREFIXES:
                part = part[1:]  # "Barangay De Vera" -> "De Vera"
            place.name = fold(best.name) if raw.site else f"{fold(best.name)} - {' '.join(part)}"
        return place
    # "Rio Claro, Lara state": a town the gazetteer lacks. A known city outside an unmarked "container"
    # is a list instead: "Baghdad, Basra, and other cities"; a small place before a province is in it.
    small = bool(cands) and max(c.population for c in cands) < 100_000 and \
        (bool(_admin1_named(_lookup(gaz, outer_raw)[0], outer_raw))  # "Kamianka, Donetsk"
         or _district_only(_lookup(gaz, outer_raw)[0]))
    if len(codes) == 1 and (not cands or small or outer_raw.unit in ("admin1", "admin2")):
        # "Bongabong town, Oriental Mindoro province": a province that is a second-level unit (as in the
        # Philippines) is placed at its own seat, nearer than its region's
        named = _lookup(gaz, outer_raw)[0]
        unit = next((c for c in named if c.kind == "admin2" and c.lat is not None and c.admin1_code in codes
                     and not any(x.kind == "admin1" for x in named)), None) \
            or gaz.admin_candidate(next(iter(codes)))
        if unit.lat is not None:
            return Place(text=raw.text, name=_bare_name(raw.text), admin1=unit.admin1, admin2=unit.admin2,
                         country=unit.country, iso3=unit.iso3, lat=unit.lat, lon=unit.lon,
                         geo_precision=_seat_precision(raw),
                         resolved=True, span=Span(raw.start, raw.end, raw.text),
                         reason=f"{why}; coded to {unit.kind} {outer_raw.text}")
    return None


def _city_dash_district(raw: _Raw, gaz: Gazetteer, votes: Counter) -> Place | None:
    """ACLED's "Dhaka - Paltan", "Mogadishu-Hodan": a district of a city is the city at precision 1, or the
    district itself where the gazetteer knows it inside the city."""
    match = _CITY_DASH.match(raw.text)
    if not match or " - " not in raw.text:
        return None  # "Al-Basrah", "Bar-Sanguun", "Zaria-Funtua Road": one name
    towns = [c for c in gaz.candidates(match.group(1)) if c.kind == "city"]
    if not towns:
        return None
    town = max(towns, key=lambda c: (votes.get(c.iso3, 0), c.population))
    parts = [c for c in gaz.candidates(match.group(2)) if c.kind == "city" and c.iso3 == town.iso3
             and distance_km(c.lat, c.lon, town.lat, town.lon) <= _NEAR_TOWN_KM]
    best = max(parts, key=lambda c: c.population) if parts else town
    return Place(text=raw.text, name=raw.text, admin1=best.admin1, admin2=best.admin2, country=best.country,
                 iso3=best.iso3, lat=best.lat, lon=best.lon, geonames_id=best.geonames_id, geo_precision=1,
                 resolved=True, span=Span(raw.start, raw.end, raw.text),
                 reason=f"district of {fold(town.name)}" + (f", coded to {fold(best.name)}" if parts else
                                                            f"; {match.group(2)} not in gazetteer, coded to the city"))


def _resolve(raw: _Raw, gaz: Gazetteer, votes: Counter, a1_votes: Counter, text: str = "",
             groups: Counter | None = None) -> Place:
    if raw.landmark:
        site = _resolve_landmark(raw, gaz, votes)
        if site is not None:
            return site
    district = _city_dash_district(raw, gaz, votes) or _resolve_city_district(raw, gaz, votes, text)
    if district is not None:
        return district
    cands, fuzzy = _lookup(gaz, raw)
    if fuzzy:
        cands = _plausible_fuzzy(cands, votes, raw, gaz)
    if raw.container is not None and (not raw.hint_admin1 or raw.hint_admin1 == raw.container.hint_admin1):
        # a spelling variant outside the named container is weaker than the container: "Tondo, Manila" is in
        # Manila, not the Tondod of another province
        placed = _resolve_in_chain(raw, cands, gaz, votes) or (_resolve_in_chain(raw, [], gaz, votes) if fuzzy
                                                               else None)
        if placed is not None:
            return placed
    if not cands:
        if raw.container is not None and not raw.hint_admin1:  # "in Hutwe, Lubero": code to Lubero
            raw.hint_admin1 = raw.container.text
        return _unresolved(raw, gaz, "not in gazetteer", votes)
    rest = _others_votes(votes, raw, groups or Counter())
    top = max(votes.values()) if votes else 0
    # the name does not vouch for itself: "Palma" votes for Spain's large Palma, but beside "Cabo Delgado" it
    # is Mozambique's
    best = max(cands, key=lambda c: _score(c, raw, rest, max(rest.values(), default=0), a1_votes, gaz))
    if raw.hint_admin1 and not _hint_match(best, raw, gaz) and best.kind != "country" \
            and _hint_known(gaz, raw, votes, {c.iso3 for c in cands}):
        hinted = {_iso3(gaz, c) for c in _hint_codes(gaz, raw.hint_admin1, 1, votes)[:1]}
        town = _misplaced_town(cands, raw, hinted, raw.hint_admin1)
        if town is not None and not raw.hint_admin2:  # "(Gujiba LGA, Borno)" names two levels: trust them
            return _place_from(town, raw, f"the one {fold(town.name)} of {town.iso3}, though noted in "
                                          f"{raw.hint_admin1}", gaz)
        return _unresolved(raw, gaz, f"no {raw.text} in {raw.hint_admin1}", votes)
    if (_common_word(raw) or (_generic_region(raw.text) and rest)) and best.kind != "country" \
            and not rest.get(best.iso3):
        return _unresolved(raw, gaz, f"a common word, a place only where the article's country has it "
                                     f"({fold(best.name)}, {best.iso3})", votes)
    top_rest = max(rest.values(), default=0)
    if top_rest and best.kind != "country" and not rest.get(best.iso3) and (
            not best.primary or best.population < (50_000 if top_rest >= 2 else 5_000)):
        # A village of another country, met by name alone, is more likely one the gazetteer lacks, or one
        # of the article's country spelt otherwise ("al-Hasakeh" beside an Iranian "Hasakeh").
        local = [c for c in gaz.fuzzy_candidates(raw.text) if votes.get(c.iso3) and c.kind != "country"]
        if local:
            best = max(local, key=lambda c: _score(c, raw, votes, top, a1_votes, gaz))
            return _place_from(best, raw, f"spelling variant; country context {best.iso3}", gaz)
        return _unresolved(raw, gaz, f"only outside the article's country ({best.iso3})", votes)
    if not top and best.kind in ("admin1", "admin2") and not best.primary and not raw.hint_admin1 \
            and raw.unit_word == "village" and _plain(best.name) != _plain(raw.text):
        # No country told at all and only another name of a small place, or of a district for a "village":
        # more likely a village we lack.
        return _unresolved(raw, gaz, f"only an alternate name of a small place ({fold(best.name)}, {best.iso3})",
                           votes)
    if raw.unit == "admin1" and best.kind != "admin1" and best.kind != "country" and best.admin1_code:
        # "Idleb province": the gazetteer spells the province otherwise, but its city places it.
        unit = gaz.admin_candidate(best.admin1_code)
        if unit.lat is not None:
            return _place_from(unit, raw, f"province of {fold(best.name)}", gaz)
    return _place_from(best, raw, _reason(best, cands, raw, votes, fuzzy, gaz), gaz)


# English nouns and adjectives that GeoNames also has as names of towns or units ("the Capital" is Bogota's
# district, "the Coast" Tanzania's Pwani, "Mine" a Japanese city): written alone, they are the writer's words.
_COMMON_WORDS = frozenset({"capital", "coast", "metro", "mine", "mines", "central", "west", "east", "north", "south",
                           "shell", "christian", "bay", "border", "frontier", "interior", "valley", "union",
                           "liberty", "independence", "republic", "federal", "national", "island", "highlands",
                           "lowlands", "midlands", "downtown", "centre", "center"})


_COMPASS_WORDS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
# Regions named by a common word ("Central", "Far-Western", "the Coast Province"): Nepal's former development
# regions, Kenya's former provinces, Uganda's, Ghana's, Zambia's and Cameroon's regions share them.
_GENERIC_REGIONS = frozenset({"central", "coast", "coastal", "capital", "middle", "midwest", "farwest", "fareast",
                              "midwestern", "farwestern", "fareastern", "centre", "center"}
                             | set(_COMPASS_WORDS) | {w + "ern" for w in _COMPASS_WORDS})


def _generic_region(name: str | None) -> bool:
    """Whether a region's name is only a common word, with or without a unit word ("Central", "Mid-Western",
    "Coast Province", "North West Region"): many countries have one, so it tells no country by itself."""
    if not name:
        return False
    words = [w for w in re.split(r"[\s\-]+", name.lower().strip("[]() ")) if w and w != "the"]
    if words and words[-1] in _ADMIN1_WORDS:
        words = words[:-1]
    return bool(words) and "".join(words) in _GENERIC_REGIONS


def _common_word(raw: _Raw) -> bool:
    """Whether the name is an English common word written alone ("the Capital", "Mine 6/7"), a place only by
    context; with a unit word ("Bay county", "Central Region") it names a unit."""
    return raw.unit is None and normalize(raw.text) in _COMMON_WORDS


def _others_votes(votes: Counter, raw: _Raw, groups: Counter) -> Counter:
    """The article's country evidence without the vote the name cast for itself: a hamlet known only in India
    does not vouch for India in a note that says Yemen ("Sawar ... in northwestern Yemen (Razih, Sadah)"). Only
    what the text says of countries and provinces outvotes the name; named groups cross borders ("Al Shabaab
    ... in Lafey village" is Kenya's Lafey), and so does a lone demonym ("Kenyan forces ... near Afmadow"). The
    vote of a name for its one large city (Spain's Palma) yields to any other evidence ("... in Cabo Delgado")."""
    if not raw.own_vote:
        return +votes
    told = Counter(votes)
    told.subtract(groups)
    told[raw.own_vote] -= 1
    if max(told.values(), default=0) < (_OUTVOTED_SIZE if raw.own_vote_size else _OUTVOTED):
        return +votes
    rest = Counter(votes)
    rest[raw.own_vote] -= 1
    return +rest


def _misplaced_town(cands: list[Candidate], raw: _Raw, isos: set[str], named: str) -> Candidate | None:
    """The town a note names with the wrong province ("Lamongan city, Central Java": Lamongan is in East Java):
    taken when the country has one town of that exact name and it is a real town (a "city" or "township" in
    the text, or 100,000 people or more); a village name is too often shared to overrule the province. Not
    when the town's province carries the named one's name: a province split off it since ("Wamena, Papua"
    is now in Papua Pegunungan; "Sorong, West Papua" in Southwest Papua)."""
    towns = {c.geonames_id: c for c in cands if c.kind == "city" and c.primary and c.iso3 in isos}
    if len(towns) != 1 or any(c.kind == "country" for c in cands):
        return None
    town = next(iter(towns.values()))
    if normalize(town.name) != normalize(_bare_name(raw.text)):
        return None  # a spelling variant ("Jamia Nagar" is not Jamnagar) cannot overrule the note
    if _plain(named) and _plain(named) in normalize(town.admin1 or ""):
        return None
    return town if town.population >= 100_000 or raw.unit_word in ("city", "township", "municipality") else None


def _admin1_named(cands: list[Candidate], raw: _Raw) -> set[str]:
    """Admin1 units the name denotes: its admin1 candidates, or those it names through their capital
    ("Donetsk" for Donetsk oblast); not a province that a larger town of another country outweighs ("Malolu,
    Beni" is in Beni town, Congo, not in Bolivia's El Beni), nor any province for a name marked as a town."""
    key = normalize(_bare_name(raw.text))
    return {c.admin1_code for c in cands
            if c.admin1_code and (c.kind == "admin1" or normalize(c.admin1 or "") == key)
            and not (c.kind == "admin1" and (raw.unit == "town" or _outweighed(c, cands, raw)))}


def _told_provinces(cands: list[Candidate], raw: _Raw, told: set[str]) -> set[str]:
    """Provinces of the name in the countries the article names, which a larger town abroad does not outweigh:
    "(Khabb wa ash Shaaf, Al Jawf)" beside pro-Houthi forces is Yemen's Al Jawf, though Libya's Al Jawf town
    is larger than the Yemeni province's seat."""
    if raw.unit == "town" or any(c.kind == "city" and c.primary and c.iso3 in told for c in cands):
        return set()
    return {c.admin1_code for c in cands if c.kind == "admin1" and c.admin1_code and c.iso3 in told}


def _outweighed(unit: Candidate, cands: list[Candidate], raw: _Raw) -> bool:
    """Whether a town of the same name in another country is larger than the province's seat, and the text
    does not mark the name as a province ("Chin State", "Beni region"; "the region of Beni" is vaguer)."""
    return raw.unit_word not in _ADMIN1_WORDS and any(
        c.kind == "city" and c.primary and c.iso3 != unit.iso3 and c.population > unit.population for c in cands)


def _chain(raw: _Raw) -> list[_Raw]:
    """The names after a name that contain it: "X, Bogor regency, West Java province" -> [Bogor, West Java]."""
    out: list[_Raw] = []
    c = raw.container
    while c is not None and len(out) < 4:
        out.append(c)
        c = c.container
    return out


def _district_only(cands: list[Candidate]) -> bool:
    """Whether every candidate of a name is a district (admin2): no town or province of that name is known."""
    return bool(cands) and all(c.kind == "admin2" and c.admin1_code for c in cands)


def _chain_units(raw: _Raw, gaz: Gazetteer, votes: Counter = Counter()) -> tuple[_Raw, set[str], set[str]]:
    """The outermost container that names an admin1 unit (or a country), with its admin1 codes and ISO3s. A
    container the gazetteer knows only by a spelling variant ("Indanan" like Indiana) counts only inside the
    article's countries, and never as a province."""
    found = (raw.container, set(), set())
    told = {k for k, v in votes.items() if v}
    for c in _chain(raw):
        outer, fuzzy = _lookup(gaz, c)
        if fuzzy:  # a spelling variant is a container only inside the article's countries
            outer = [x for x in outer if x.iso3 in told and x.kind != "admin1"]
        codes = _admin1_named(outer, c) | _told_provinces(outer, c, told)
        if c.unit == "admin2" and not c.county:
            # "in the Beni territory": the district's province (Nord-Kivu), not a province called Beni
            codes = {x.admin1_code for x in outer if x.kind == "admin2"} or \
                {x.admin1_code for x in outer if x.kind == "city"} or codes
        if c.unit is None and not codes and _district_only(outer):
            codes = {x.admin1_code for x in outer}  # "Bidur, Nuwakot": a bare name only a district bears
        if c.unit in ("admin1", "admin2") and not codes:  # "Idleb province" is Idlib city's province
            codes = {x.admin1_code for x in outer if x.kind != "country"}
        codes = _told_units(codes, outer, told, gaz)
        if _generic_region(c.text) and told and not any(_iso3(gaz, code) in told for code in codes):
            continue  # "Kilifi, Coast region": Tanzania's Coast is no container of a town the text places elsewhere
        isos = {x.iso3 for x in outer if x.kind == "country"}
        if codes or isos:
            found = (c, codes, isos)
    return found


def _told_units(codes: set[str], outer: list[Candidate], told: set[str], gaz: Gazetteer) -> set[str]:
    """A container's provinces in the countries the article names: "San Mariano, Isabela" in a story with
    barangays is Isabela province of the Philippines, not Puerto Rico's Isabela; a container known only
    abroad ("Mansi township" in a Myanmar story, like Indiana's Muncie) names no province of the story."""
    if not told or not codes:
        return codes
    inside = {c for c in codes if _iso3(gaz, c) in told}
    local = {x.admin1_code for x in outer if x.kind == "admin2" and x.iso3 in told and x.admin1_code}
    # a province named as such stays one ("Kiunga, Lamu" where only Al Shabaab hinted at Somalia)
    return inside or local or {c for c in codes if any(x.kind == "admin1" and x.admin1_code == c for x in outer)}


_IN_BEFORE = re.compile(r"\b(?:in|at|near|around|outside)\s+(?:the\s+)?$", re.IGNORECASE)


def _province_after(raws: list[_Raw], gaz: Gazetteer, text: str, reach: int = 80) -> None:
    """"In Namtu Township, in northern Shan State, ...": a place the gazetteer lacks, followed in its sentence by
    a province named as one (or a county, Kenya's first level), is in that province (coded to it at precision 2 rather than to the bare province at
    precision 3), unless a place the gazetteer knows comes between. Only for the event's own place (a locative
    name), not where people came from."""
    for i, raw in enumerate(raws):
        if raw.container is not None or raw.hint_admin1 or raw.hint_admin2 or raw.origin or raw.topic \
                or not raw.locative or raw.unit == "admin1" or _lookup(gaz, raw)[0]:
            continue
        if raw.unit is None and not raw.near and not _IN_BEFORE.search(text, max(0, raw.start - 20), raw.start):
            continue  # a capitalised word opening the sentence ("Gunmen abducted ...") is no place
        for later in raws[i + 1:]:
            if later.sent_index != raw.sent_index or later.start - raw.end > reach:
                break
            if (later.unit == "admin1" or later.county) and gaz.admin_codes(_unit_stripped(later.text), 1):
                raw.hint_admin1 = _unit_stripped(later.text)
                break
            if _lookup(gaz, later)[0]:
                break  # "Kyaung Taung Village, in Mrauk-U Township, ...": the township places it better


def _resolve_container(raw: _Raw, inner: Place, gaz: Gazetteer) -> Place | None:
    """The region in "Atlanta, Georgia", read as the admin1 or country of the town before it."""
    cands = _lookup(gaz, raw)[0]
    if raw.unit is None and any(c.kind == "city" and c.admin1 == inner.admin1 for c in cands):
        return None  # "the Virunga neighbourhood of Goma": Goma is the town, not its district
    for c in cands:
        if c.kind in ("admin1", "admin2") and inner.admin1 and c.admin1 == inner.admin1 and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}", gaz)
        if c.kind == "country" and c.iso3 == inner.iso3:
            return _place_from(c, raw, f"contains {inner.name}", gaz)
    return None


def _admin1_as_of(mentions: list[PlaceMention], gaz: Gazetteer, day: str) -> None:
    """A province split off another after the story's date is named as the province it was still part of
    (Wamena in 2019 is in Papua, not in Highland Papua, created in 2022)."""
    for new, former, until in admin1_splits():
        if day >= until:
            continue
        name, old = gaz.admin_name(new), gaz.admin_name(former)
        for m in mentions:
            if m.place.admin1 == name and m.place.iso3 and old:
                m.place.admin1 = old
                m.place.reason += f"; {name} was part of {old} until {until}"


def _as_placed_before(raw: _Raw, place: Place, raws: list[_Raw], by_raw: dict[int, Place],
                      votes: Counter) -> Place:
    """A name met again without its context is the place the article placed by that context ("near Mya Kone
    village, Pale Township, Sagaing Region ... the Pale-Gangaw Road": Sagaing's Pale, not a Palle in India), when
    read alone it would land in another province or country that the article's evidence favours less."""
    if raw.container is not None or raw.hint_admin1 or place.geo_precision is None:
        return place
    key = _plain(_bare_name(raw.text))
    for prev in raws:
        if prev is raw:
            break
        earlier = by_raw.get(id(prev))
        if earlier is None or not earlier.resolved or earlier.geo_precision is None or earlier.admin1 is None \
                or not (prev.container is not None or prev.hint_admin1) or _plain(_bare_name(prev.text)) != key:
            continue
        if place.resolved and ((place.iso3, place.admin1) == (earlier.iso3, earlier.admin1)
                               or (place.iso3 == earlier.iso3 and earlier.geonames_id is None)
                               or votes.get(place.iso3 or "", 0) >= votes.get(earlier.iso3 or "", 0)):
            return place  # a province's seat standing in for a name the gazetteer lacks there ("Sorong city
            # (West Papua province)", now in Southwest Papua) does not overrule the name's own town at home
        precision = max(earlier.geo_precision, 2 if raw.near or raw.area else 1)
        return Place(text=raw.text, name=earlier.name, admin1=earlier.admin1, admin2=earlier.admin2,
                     country=earlier.country, iso3=earlier.iso3, lat=earlier.lat, lon=earlier.lon,
                     geonames_id=earlier.geonames_id, geo_precision=precision, resolved=True, span=place.span,
                     reason=f"as {prev.text} earlier in the article ({earlier.reason})")
    return place


def _unplace_stray_parts(raws: list[_Raw], mentions: list[PlaceMention]) -> None:
    """A part of a town named by its prefix ("Colonia Emiliano Zapata", "Barangay Poblacion") with no town after
    it is a part of the town the article is about: a place of that name in another province of the country is a
    namesake (most Mexican cities have a Colonia Emiliano Zapata), so it is reported unplaced and the event
    keeps the article's town."""
    for raw, m in zip(raws, mentions):
        if raw.container is not None or raw.text.split()[0].lower() not in _PART_PREFIXES \
                or not m.place.resolved or m.place.geo_precision is None:
            continue
        others = [o.place for o in mentions if o is not m and o.place.resolved and o.place.iso3 == m.place.iso3
                  and o.place.admin1 and not o.origin and not o.topic]
        if others and all(o.admin1 != m.place.admin1 for o in others):
            m.place = Place(text=raw.text, name=raw.text, resolved=False, span=m.place.span,
                            reason=f"a part of a town, named like a place in {m.place.admin1}, outside the "
                                   f"province the article names ({others[0].admin1})")


def find_places(doc, article: Article) -> ArticlePlaces:
    """Every place mention in the article, resolved with the article's country context."""
    gaz = get_gazetteer()
    bounds = _sentence_index(doc)
    text = nlp.text_of(doc)
    raws = _annotate(_find_raw(doc, gaz, bounds, text), text, gaz.country_iso3)
    votes = _country_evidence(doc, gaz)
    groups = _add_group_evidence(votes, _soft_evidence(text))
    _note_evidence(text, raws, gaz, votes)
    _province_after(raws, gaz, text)
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
            place = _resolve(raw, gaz, votes, a1_votes, text, groups)
            place = _as_placed_before(raw, place, raws, by_raw, votes)
        by_raw[id(raw)] = place
        if raw.coded_note and place.resolved and place.geo_precision is not None:
            # "(no location found, coded as Kukawa)", "(coded to Kismayo at geoprecision 2)": the coder placed
            # the event at a town that represents it
            told = _GEOPRECISION.search(text, raw.end, raw.end + 40)
            place.geo_precision = int(told.group(1)) if told else max(place.geo_precision, 2)
            place.reason += "; the note's own coding"
        inner = next((r for r in raws if r.container is raw), None)
        contains = inner is not None and id(inner) in by_raw and by_raw[id(inner)].resolved
        mentions.append(PlaceMention(place.span or Span(raw.start, raw.end, raw.text), place, raw.sent_index,
                                     origin=raw.origin, locative=raw.locative, topic=raw.topic, cause=raw.cause,
                                     contains=contains,
                                     noted=raw.noted and not contains))
    _unplace_stray_parts(raws, mentions)
    if article.published is not None:
        _admin1_as_of(mentions, gaz, article.published.isoformat())
    # Resolved towns and regions are better evidence of the story's country than bare names.
    final = Counter({k: v for k, v in votes.items()})
    for m in mentions:
        if m.place.resolved and m.place.iso3 and m.place.geo_precision is not None:
            final[m.place.iso3] += 2
    dominant = final.most_common(1)[0][0] if final else None
    return ArticlePlaces(mentions=mentions, country_iso3=dominant)
