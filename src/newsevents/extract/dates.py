"""Date expressions of an article, anchored on its publication date, and the date of each event."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from newsevents import nlp
from newsevents.records import Article, DateInfo, Span

log = logging.getLogger(__name__)

# How far after publication an unqualified month-day may fall (scheduled events) before we
# decide it belongs to the previous year.
FUTURE_SLACK_DAYS = 7
# Older than this before publication is background, not news (ACLED's reporting window).
HISTORICAL_DAYS = 30

_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}
_MONTHS["Sept"] = 9
# Capitalised only: "may", "march" as words are too common to be months.
# Not followed by a letter: "6 Mayi Mayi fighters" is not the 6th of May.
_MONTH = r"(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.]\d)"
_YEAR = r"(?P<{}>(?:1[89]|20)\d\d)(?!\d)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


def _m(name: str) -> str:
    return _MONTH.format(name)


def _d(name: str) -> str:
    return _DAY.format(name)


def _y(name: str) -> str:
    return _YEAR.format(name)


@dataclass
class _Found:
    """A date expression before it is anchored: what the words say, and what is still unknown."""

    start: int
    end: int
    kind: str  # explicit | month | year | relative (to publication) | chained (to the date told before) | parsed
    month: int | None = None
    day: int | None = None
    year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    end_year: int | None = None
    precision: int = 1
    rel: str = ""  # relative expression key, e.g. "yesterday", "weekday", "last week"
    arg: int = 0  # weekday number or count for relative expressions
    part: str = ""  # early | mid | late (h1 h2 w1 ... wl: a half or week) for month-only expressions
    link: str = ""  # the word joining the two ends of a range: "-", "to", "and" ...
    base: int = -1  # chained: where the date it counts from starts
    gloss: bool = False  # in brackets just after another date, which it explains: "30 March (from 27 March - 2 April)"


# --- patterns: (regex, builder). Longer, more specific patterns come first; overlaps keep the first.

# Each pattern opens with a lookahead on its first character: regexes are tried at every
# position, and failing there at once is what keeps a scan of a long article cheap.
# "Sunday, May 10", "on Monday [3 July]": the weekday belongs to the date that follows it.
_WD_BEFORE = re.compile(rf"{_WEEKDAY}(?:,?\s+(?:the\s+)?|\s*[\[(])$")
_DMY_RANGE = re.compile(
    rf"\b(?=\d){_d('d1')}\s*(?P<link>-|–|to|and|or|until|through)\s*{_d('d2')}"
    rf"\s+(?:of\s+)?{_m('m')}(?:,?\s*{_y('y')})?"
)
_MDY_RANGE = re.compile(
    rf"\b(?=[JFMASOND]){_m('m')}(?:(?<=\.)\s*|\s+){_d('d1')}\s*(?P<link>-|–|to|and|or|until|through)\s*{_d('d2')}\b"
    rf"(?:,?\s*{_y('y')})?"
)
_DMY = re.compile(
    rf"\b(?=[t\d])(?:the\s+)?{_d('d')}[\s-]+(?:of\s+)?{_m('m')}(?:[\s,-]+{_y('y')})?"
)
_MDY = re.compile(rf"\b(?=[JFMASOND]){_m('m')}(?:(?<=\.)\s*|[\s-]+)(?:the\s+)?{_d('d')}\b(?:,?\s*{_y('y')})?")
_ISO = re.compile(rf"\b{_y('y')}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[01]?\d)/(?P<y>(?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(
    rf"\b(?=[emltJFMASOND])(?:(?:(?P<part>early|mid|late)|the\s+(?P<part2>beginning|start|end|middle)\s+of)[\s-]+)?"
    rf"{_m('m')},?\s+(?:of\s+)?{_y('y')}"
)
_MONTH_ONLY = re.compile(
    rf"\b(?=[idsubftemltw])(?:(?P<prep>in|during|since|until|by|from|through|throughout|within|early|mid|late)"
    rf"|the\s+(?P<part>beginning|start|end|middle)\s+of)[\s-]+(?:the\s+month\s+of\s+)?(?:(?P<part2>early|mid|late)[\s-]+)?"
    rf"{_m('m')}\b(?![\s-]+[0-3]?\d)"
)
# "between March and May 2018", "Oct-Dec 2016": a season of months, coded by its middle (precision 3).
_MONTH_RANGE = re.compile(
    rf"\b(?=[bfsJFMASOND])(?:(?P<prep>between|from|sometime(?:\s+between)?)\s+)?{_m('m1')}\s*(?:-|–|to|and|until|through)\s*"
    rf"{_m('m2')}(?![\s-]+[0-3]?\d(?!\d))(?:,?\s+(?:of\s+)?{_y('y')})?"
)
# "the second half of January", "the first week of May (2020)": a week or two of a month, ACLED precision 2.
_MONTH_PART = re.compile(
    rf"\b(?=[t])the\s+(?P<nth>first|second|third|fourth|last)\s+(?P<unit>half|week)\s+of\s+{_m('m')}"
    rf"(?:,?\s+(?:of\s+)?{_y('y')})?(?![\s-]+[0-3]?\d)"
)
_YEAR_ONLY = re.compile(rf"\b(?=[isdubtel])(?:in|since|during|until|by|throughout|early|late)\s+{_y('y')}\b")
# Case-insensitive patterns run on the lower-cased text, each behind a first-letter lookahead:
# both make them several times faster than re.IGNORECASE alternations tried at every word.
_RELATIVE = re.compile(
    r"\b(?=[tylopedar])(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|this\s+(?:morning|afternoon|evening)"
    r"|(?:the\s+)?(?:last|past)\s+(?:few|two|three|several|couple\s+of)\s+weeks|recent\s+weeks"
    r"|the\s+(?:last|past)\s+(?:week|seven\s+days)"
    r"|last\s+night|overnight|earlier\s+today"
    r"|(?:during|over|at|on|this|last|past)\s+the\s+weekend|(?:this|last|past)\s+weekend"
    r"|(?:earlier\s+|late\s+|early\s+)?(?:this|last|the\s+previous|the\s+past)\s+week"
    r"|(?:earlier\s+|late\s+|early\s+)?(?:this|last|the\s+previous|the\s+past)\s+month"
    r"|(?:earlier\s+|late\s+|early\s+)?this\s+year|last\s+year|the\s+previous\s+year)\b",
)
_AGO = re.compile(
    r"\b(?=[\dotfsena])(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>day|week|month)s?\s+ago\b",
)
# Counted from the date told just before, not from publication ("... on Saturday. The next day, ..."); not "the
# following days", which are several.
_CHAINED = re.compile(
    r"\b(?=[tlaoefsn\d])(?P<rel>(?:on\s+)?the\s+(?:next|following|previous|same)\s+(?:day|morning|evening|night)(?![a-z]|\s+as\b)"
    r"|(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|morning|evening|night)"
    r"|the\s+day\s+(?:after|before)(?=\s*[,.;)]|\s+(?:when|as|at|in|on)\b)"
    r"|(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+(?P<dir>later|earlier|after|before)(?=\s*[,.;)]))",
)
_WEEKDAY_RE = re.compile(
    rf"\b(?=[lntoeMTWFS])(?:(?P<mod>last|next|this|on|late\s+on|early\s+on|on\s+the\s+night\s+of)\s+)?(?P<wd>{_WEEKDAY})"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
# A day the source only approximates, or a week it names by one of its days, is ACLED precision 2:
# "around 7 May", "on or before 21 August", "assumed 4 January", "(as reported) on 30 April",
# "the week of 23 March", "7 May (or around)", "4 July (week of)".
_APPROX_BEFORE = re.compile(
    r"\b(?:around|about|circa|approximately|roughly|or\s+around|on\s+or\s+(?:about|around|before|after)|assumed"
    r"|(?:sometime|some\s+time)(?:\s+(?:on|around|in|after|before))?"
    r"|(?:during|in|on|over)?\s*the\s+(?:week|weekend)\s+(?:of|beginning|starting|commencing)|weekend\s+of)"
    r"\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "As reported on 17 August, ..." opening a sentence: the event was before the report, on a day not told.
_REPORTED_BEFORE = re.compile(
    r"(?:^|[.:;(\n]\s*)(?:as\s+)?reported(?:\s+(?:by|to|in)\s+[^,.;()]{1,70}?)?\s+on\s+(?:the\s+)?$", re.IGNORECASE
)
_APPROX_AFTER = re.compile(
    r"^,?\s*\((?:or\s+)?(?:around|about|approx|as\s+reported|reported|assumed|on\s+or\s+(?:before|after|about|around)"
    r"|(?:week|weekend)\s+of)\b",
    re.IGNORECASE,
)
# "Around 15 March 2020 (month of)", "1 May (beginning of month)": the day stands for its month.
_MONTH_AFTER = re.compile(r"^,?\s*\((?:month\s+of|(?:beginning|start|end|middle)\s+of\s+(?:the\s+)?month)\b", re.IGNORECASE)
# "[coded to 31 July]", "(coded on 17 October)", "Date coded at 25 September": the note states the day its record
# was given, standing for a span or an approximate day (ACLED codes such a span by a day within it).
_CODED_BEFORE = re.compile(r"\b(?:date\s+)?coded\s+(?:to|on|at|as)\s+(?:the\s+)?$", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\b(?:from|since)\s+(?:the\s+)?$", re.IGNORECASE)
# "On the night between 14 and 15 November": one night, which begins on its first day.
_NIGHT_BEFORE = re.compile(r"\bnight\s+(?:of|between|from)\s+(?:the\s+)?$", re.IGNORECASE)
# What opens a bracketed gloss of the date just told: "30 March 2020 (from 27 March - 2 April)", "5 May (on May 5)".
_GLOSS_GAP = re.compile(r"\s*,?\s*[(\[]\s*(?:(?:from|between|on)\s+)?(?:the\s+)?", re.IGNORECASE)
_PARAGRAPH = re.compile(r"\n")
_TEMPORAL_LINKS = frozenset({"since", "after", "before", "until", "following", "prior"})
_CLAUSE_DEPS = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "conj", "parataxis", "csubj"})
_NOUN_CLAUSE_DEPS = frozenset({"acl", "relcl"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def _part(raw: str | None) -> str:
    if not raw:
        return ""
    raw = raw.lower()
    if raw in ("early", "beginning", "start"):
        return "early"
    if raw in ("late", "end"):
        return "late"
    return "mid"


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _dmy_range(m: re.Match) -> _Found:
    mon = _MONTHS[m["m"]]
    return _Found(m.start(), m.end(), "explicit", mon, int(m["d1"]), _int(m["y"]), mon, int(m["d2"]), _int(m["y"]),
                  link=m["link"].lower())


def _dmy(m: re.Match) -> _Found:
    return _Found(m.start(), m.end(), "explicit", _MONTHS[m["m"]], int(m["d"]), _int(m["y"]))


def _iso(m: re.Match) -> _Found:
    return _Found(m.start(), m.end(), "explicit", int(m["m"]), int(m["d"]), int(m["y"]))


def _numeric(m: re.Match) -> _Found:
    a, b = int(m["a"]), int(m["b"])
    # Day first, as in most of the world's press; month first only when day-first is impossible.
    day, mon = (a, b) if b <= 12 else (b, a)
    return _Found(m.start(), m.end(), "explicit", mon, day, int(m["y"]))


def _month_year(m: re.Match) -> _Found:
    return _Found(m.start(), m.end(), "month", _MONTHS[m["m"]], None, int(m["y"]), precision=3, part=_part(m["part"] or m["part2"]))


def _month_only(m: re.Match) -> _Found:
    prep = (m["prep"] or "").lower()
    part = _part(m["part"] or m["part2"] or (prep if prep in ("early", "mid", "late") else None))
    return _Found(m.start(), m.end(), "month", _MONTHS[m["m"]], None, None, precision=3, part=part)


def _month_range(m: re.Match) -> _Found:
    if not (m["prep"] or m["y"]):
        raise ValueError("two month names without 'between' or a year are a list, not a span")
    return _Found(m.start(), m.end(), "month", _MONTHS[m["m1"]], None, _int(m["y"]), _MONTHS[m["m2"]], None, _int(m["y"]),
                  precision=3)


def _month_part(m: re.Match) -> _Found:
    nth, unit = m["nth"], m["unit"]
    if unit == "half" and nth not in ("first", "second", "last"):
        raise ValueError(nth)
    part = ("h" if unit == "half" else "w") + {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "l"}[nth]
    return _Found(m.start(), m.end(), "month", _MONTHS[m["m"]], None, _int(m["y"]), precision=2, part=part)


def _year_only(m: re.Match) -> _Found:
    return _Found(m.start(), m.end(), "year", year=int(m["y"]), precision=3)


def _relative(m: re.Match) -> _Found:
    return _Found(m.start(), m.end(), "relative", rel=re.sub(r"\s+", " ", m["rel"].lower()))


def _ago(m: re.Match) -> _Found:
    n = m["n"].lower()
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    return _Found(m.start(), m.end(), "relative", rel="ago " + m["unit"].lower(), arg=count)


def _chained(m: re.Match) -> _Found:
    rel = re.sub(r"\s+", " ", m["rel"])
    if m["n"]:
        n = m["n"]
        days = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        days = -days if m["dir"] in ("earlier", "before") else days
    else:
        days = 1 if re.search(r"next|following|after", rel) else -1 if re.search(r"previous|before", rel) else 0
    return _Found(m.start(), m.end(), "chained", rel=rel, arg=days)


def _weekday(m: re.Match) -> _Found:
    mod = (m["mod"] or "").lower()
    return _Found(m.start(), m.end(), "relative", rel="weekday " + mod.split()[0] if mod else "weekday", arg=_WEEKDAYS[m["wd"].lower()])


_LOWER_CASE_PATTERNS = frozenset({_RELATIVE, _AGO, _CHAINED})
_PATTERNS: tuple[tuple[re.Pattern, Callable[[re.Match], _Found]], ...] = (
    (_ISO, _iso),
    (_NUMERIC, _numeric),
    (_DMY_RANGE, _dmy_range),
    (_MDY_RANGE, _dmy_range),
    (_DMY, _dmy),
    (_MDY, _dmy),
    (_MONTH_RANGE, _month_range),
    (_MONTH_PART, _month_part),
    (_MONTH_YEAR, _month_year),
    (_MONTH_ONLY, _month_only),
    (_YEAR_ONLY, _year_only),
    (_AGO, _ago),
    (_RELATIVE, _relative),
    (_CHAINED, _chained),
    (_WEEKDAY_RE, _weekday),
)


def find_expressions(text: str) -> list[_Found]:
    """Every date expression the regexes recognise, non-overlapping, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[_Found] = []
    lower = text.lower()
    if len(lower) != len(text):  # a few letters grow when lower-cased; keep offsets exact
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for pattern, build in _PATTERNS:
        for m in pattern.finditer(lower if pattern in _LOWER_CASE_PATTERNS else text):
            try:
                f = build(m)
            except (KeyError, ValueError):
                continue
            if f.kind == "explicit":
                # "Sunday, May 10": the weekday belongs to the date, not a second mention.
                wd = _WD_BEFORE.search(text, max(0, f.start - 16), f.start)
                if wd:
                    f.start = wd.start()
            if any(f.start < e and s < f.end for s, e in taken):
                continue
            taken.append((f.start, f.end))
            found.append(f)
    found.sort(key=lambda f: f.start)
    return _absorb_day_parts(text, _merge_ranges(text, found))


# Parts of a day: beside a stated date they say when on that day, not which day ("On 10 May, overnight, ...").
_DAY_PARTS = frozenset({"overnight", "last night", "tonight", "today", "earlier today", "this morning",
                        "this afternoon", "this evening"})
_DAY_PART_GAP = re.compile(r"[\s,]*(?:(?:on|of|in)\s+(?:the\s+)?(?:night\s+of\s+)?)?", re.IGNORECASE)


def _absorb_day_parts(text: str, found: list[_Found]) -> list[_Found]:
    """Drop a part-of-day word that qualifies the stated date or weekday right beside it."""
    def stated(f: _Found | None) -> bool:
        return f is not None and (f.kind in ("explicit", "parsed") or f.rel.startswith("weekday"))

    out = []
    for i, f in enumerate(found):
        if f.kind == "relative" and f.rel in _DAY_PARTS:
            prev, nxt = (found[i - 1] if i else None), (found[i + 1] if i + 1 < len(found) else None)
            if (stated(prev) and _DAY_PART_GAP.fullmatch(text, prev.end, f.start)) or (
                stated(nxt) and _DAY_PART_GAP.fullmatch(text, f.end, nxt.start)
            ):
                continue
        out.append(f)
    return out


_RANGE_LINK = re.compile(r"^\s*(?:-|–|to|until|through|and)\s*$", re.IGNORECASE)


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """Join "30 April to 2 May" style pairs of explicit dates into one range."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == f.kind == "explicit"
            and prev.end_day is None
            and f.end_day is None
            and _RANGE_LINK.match(text[prev.end:f.start])
            and (text[prev.end:f.start].strip().lower() != "and" or _BETWEEN_BEFORE.search(text, max(0, prev.start - 30), prev.start))
        ):
            prev.link = text[prev.end:f.start].strip().lower()
            prev.end_month, prev.end_day, prev.end_year, prev.end = f.month, f.day, f.year, f.end
            if prev.year is None:
                prev.year = f.year
            continue
        out.append(f)
    return out


# --- anchoring


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# The middle day of a half or a week of a month ("h2": second half, "w1": first week, "wl": last week).
_PART_DAYS = {"h1": 8, "h2": 23, "hl": 23, "w1": 4, "w2": 11, "w3": 18, "w4": 25}


def _month_day(year: int, month: int, part: str) -> int:
    if part == "early":
        return 5  # the middle of its first ten days
    last = calendar.monthrange(year, month)[1]
    if part == "late":
        return 25  # the middle of its last ten days
    if part == "wl":
        return last - 3
    return _PART_DAYS.get(part, 15)


def _year_for(month: int, day: int, published: dt.date) -> int:
    """The year that puts month-day on or just before publication."""
    candidate = _safe_date(published.year, month, day) or dt.date(published.year, month, 28)
    if (candidate - published).days > FUTURE_SLACK_DAYS:  # a difference: published may be the last day there is
        return published.year - 1
    return published.year


# A year written just after a day-month ("24 October (or around) 2019."), within the same clause, and
# closing it: "On 9 June, police said 2000 people marched" counts people.
_YEAR_JUST_AFTER = re.compile(r"[^.;\n\d]{0,20}?(?<![\d$€£])((?:19|20)\d\d)(?=\s*(?:[.,;:)\]]|$))")


# A year the text places something in ("In 2019 the army ...", "built in 2019"); "since 2015" only bounds it.
_YEAR_STATED = re.compile(rf"\b(?:in|during|by|throughout|until|early|late)\s+{_y('y')}\b", re.IGNORECASE)


class _YearIndex:
    """Years the text states as dates, by position, for articles without a publication date.

    A year counts when it belongs to a date ("3 May 2019", "May 2019"), stands just after a day-month, or
    follows "in", "during", "by" ... ("built in 2019"). Not a year that names something else ("the 2019
    election", "a 2011 candidate"), an amount ("$2000") or the start of a period ("since 2015").
    """

    def __init__(self, text: str, found: list[_Found]) -> None:
        stated = [(m.start(), int(m["y"])) for m in _YEAR_STATED.finditer(text)]
        for f in found:
            year = f.year if f.kind in ("explicit", "month") else None
            if f.kind == "explicit" and year is None:
                after = _YEAR_JUST_AFTER.match(text, f.end)
                year = int(after.group(1)) if after else None
            if year is not None:
                stated.append((f.start, year))
        stated.sort()
        self.positions: list[int] = [pos for pos, _ in stated]
        self.years: list[int] = [year for _, year in stated]

    def near(self, pos: int) -> int | None:
        """The nearest year stated before pos, else the first one after it."""
        if not self.years:
            return None
        i = bisect.bisect_right(self.positions, pos)
        return self.years[i - 1] if i > 0 else self.years[0]


# How many years back a weekday may place a date: the calendar repeats every 28 years.
_WEEKDAY_YEARS = 28
_WEEKDAY_AT = re.compile(rf"{_WEEKDAY}", re.IGNORECASE)


def _year_from_weekday(f: _Found, text: str, today: dt.date | None = None) -> int | None:
    """"Friday, July 20" with no year anywhere: the latest year, up to today, in which July 20 was a Friday."""
    named = _WEEKDAY_AT.match(text, f.start)
    if named is None or f.month is None or f.day is None:
        return None
    weekday = _WEEKDAYS[named.group().lower()]
    today = today or dt.date.today()
    for year in range(today.year, today.year - _WEEKDAY_YEARS, -1):
        day = _safe_date(year, f.month, f.day)
        if day is not None and day <= today and day.weekday() == weekday:
            return year
    return None


def _anchor(f: _Found, text: str, published: dt.date | None, years: _YearIndex) -> DateInfo | None:
    if f.kind == "relative":
        return _anchor_relative(f, published)
    year, inferred, weekday = f.year, False, False
    if year is None and f.kind != "year":
        if published is not None:
            year = _year_for(f.month or 1, f.day or _month_day(published.year, f.month or 1, f.part), published)
        else:
            year = years.near(f.start)
            if year is None and f.kind == "explicit":
                year = _year_from_weekday(f, text)
                weekday = year is not None
            inferred = year is not None
    if year is None:
        return None
    if f.kind == "year":
        if published is not None and year >= published.year:
            return None  # "in 2020" in a 2020 article: less precise than a month and not background
        # Less precise than a month: kept so the event it dates is flagged as background.
        return DateInfo(dt.date(year, 7, 1), dt.date(year, 12, 31), 3, reason="year only")
    if f.kind == "month" and f.end_month is not None:
        assert f.month is not None
        if f.year is None and published is not None:
            year = _year_for(f.end_month, 1, published)
        first = dt.date(year - (f.end_month < f.month), f.month, 1)
        last = dt.date(year, f.end_month, calendar.monthrange(year, f.end_month)[1])
        middle = first + (last - first) // 2
        return DateInfo(middle, last, 3, reason="months, the middle of the span" + (", year inferred from the text" if inferred else ""),
                        year_inferred=inferred)
    if f.kind == "month":
        assert f.month is not None
        start = dt.date(year, f.month, _month_day(year, f.month, f.part))
        # "mid-May", "early May", "the first week of May", "the second half of May" narrow a month to a week
        # or so: ACLED's precision 2 (its coders' practice for "early"/"late"), coded by the middle of that span.
        precision = 2 if f.part else 3
        reason = "month only" + (", year inferred from the text" if inferred else "")
        if published and f.year is None:
            reason += ", year before publication"
        return DateInfo(start, None, precision, reason=reason, year_inferred=inferred)
    assert f.month is not None and f.day is not None
    start = _safe_date(year, f.month, f.day)
    if start is None:
        return None
    end = None
    precision, ranged = 1, ""
    if f.end_day is not None:
        end_year = f.end_year or year
        end = _safe_date(end_year, f.end_month or f.month, f.end_day)
        if end is not None and end < start:
            end = _safe_date(end_year + 1, f.end_month or f.month, f.end_day) if f.end_month and f.end_month < f.month else None
        if end is not None:
            span = (end - start).days
            # "On 2 or 3 October" says, like "between", that it was one day of the two.
            between = f.link == "or" or _BETWEEN_BEFORE.search(text, max(0, f.start - 30), f.start)
            if span == 1 and _NIGHT_BEFORE.search(text, max(0, f.start - 30), f.start):
                precision = 1  # the night of 3-4 May: ACLED's coders date it by the evening it began
            elif f.link == "and" and not between:
                # "On 13 and 27 October": days listed, each an event of its own; the first is coded.
                precision = 1
            elif _FROM_BEFORE.search(text, max(0, f.start - 12), f.start):
                # "From 3 to 5 May": every day of it, coded from its first; a long run by its middle.
                precision = 1 if span <= 7 else 2 if span <= 14 else 3
            else:
                # "Between 3 and 5 May", "13-15 January": one day of the window, not told which. ACLED
                # codes the middle of a week or similar span (2), of a longer one (3). Two days: the first,
                # at precision 2 when "between" says it is one or the other.
                precision = (2 if between else 1) if span <= 1 else 2 if span <= 7 else 3
            if precision > 1:
                start = start + dt.timedelta(days=span // 2)
                ranged = ", the middle of the span" if span > 1 else ", one of the two days"
    reason = "explicit" if f.year else ("year inferred from the weekday" if weekday else "year inferred from the text"
                                         if inferred else "month-day, year before publication")
    return DateInfo(start, end, precision, reason=reason + ranged, year_inferred=inferred)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _anchor_relative(f: _Found, pub: dt.date | None) -> DateInfo | None:
    if pub is None:
        return None
    rel, day = f.rel, dt.timedelta(days=1)
    if rel.startswith("weekday"):
        back = (pub.weekday() - f.arg) % 7
        if rel == "weekday last" and back == 0:
            back = 7
        if rel == "weekday next":
            return DateInfo(pub + dt.timedelta(days=(f.arg - pub.weekday()) % 7 or 7), None, 1, reason="weekday after publication")
        return DateInfo(pub - dt.timedelta(days=back), None, 1, reason="weekday on or before publication")
    if rel.startswith("ago"):
        unit = rel.split()[1]
        if unit == "day":
            return DateInfo(pub - f.arg * day, None, 1, reason="days before publication")
        if unit == "week":
            return DateInfo(pub - 7 * f.arg * day, None, 2, reason="weeks before publication")
        month_start = _shift_month(pub, -f.arg)
        return DateInfo(month_start.replace(day=15), None, 3, reason="months before publication")
    if rel in ("today", "tonight", "earlier today") or rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening"):
        return DateInfo(pub, None, 1, reason="publication day")
    if rel in ("yesterday", "last night", "overnight"):
        return DateInfo(pub - day, None, 1, reason=f"{rel}: day before publication")
    if rel == "the day before yesterday":
        return DateInfo(pub - 2 * day, None, 1, reason="two days before publication")
    if rel.endswith("weekend"):
        # The most recent Saturday-Sunday that has begun by publication; "last" skips a current one.
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if rel.startswith(("last", "past")) and pub.weekday() >= 5:
            sat -= 7 * day
        return DateInfo(sat, sat + day, 2, reason="weekend before publication")
    if rel.endswith("weeks"):
        # "In the past two or three weeks": ACLED's example of a month-precision date; the middle of three weeks.
        return DateInfo(pub - 10 * day, None, 3, reason=f"{rel}: about ten days before publication")
    if rel in ("the past week", "the last week", "the past seven days", "the last seven days"):
        return DateInfo(pub - 3 * day, None, 2, reason=f"{rel}: the middle of the seven days before publication")
    if rel.endswith("week"):
        monday = _monday(pub)
        if "this" not in rel:
            monday -= 7 * day
            # ACLED codes the middle of the span: Wednesday of that week ("early": Tuesday, "late": Friday).
            offset = 1 if rel.startswith("early") else 4 if rel.startswith("late") else 2
            return DateInfo(monday + offset * day, None, 2, reason=f"{rel}: {calendar.day_name[offset]} of the week before publication")
        return DateInfo(monday + (pub - monday) // 2, None, 2, reason="this week: middle of the days before publication")
    if rel.endswith("month"):
        if "this" in rel:
            if pub.day <= 15:
                # Only the days of the month before publication: a week or two, coded by their middle.
                return DateInfo(pub.replace(day=max(1, pub.day // 2)), None, 2 if pub.day <= 8 else 3,
                                reason="this month: middle of its days before publication")
            return DateInfo(pub.replace(day=15), None, 3, reason="this month: mid-month")
        month = _shift_month(pub, -1)
        part = "early" if rel.startswith("early") else "late" if rel.startswith("late") else ""
        return DateInfo(month.replace(day=_month_day(month.year, month.month, part)), None, 2 if part else 3,
                        reason=f"{rel}: the month before publication")
    if rel.endswith("year"):
        if "this" in rel:
            return None  # less precise than a month and not background: no useful date
        return DateInfo(dt.date(pub.year - 1, 7, 1), dt.date(pub.year - 1, 12, 31), 3, reason="last year")
    return None


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _is_historical(info: DateInfo, f: _Found, text: str, published: dt.date | None) -> bool:
    if _SINCE_BEFORE.search(text, max(0, f.start - 30), f.start) or text[f.start : f.start + 6].lower() == "since ":
        return True
    if f.rel == "last year" or (f.kind == "year" and published is not None):
        return True  # year-only mentions survive anchoring only when before the publication year
    last = info.date_end or info.date
    if published is not None:
        return last < published - dt.timedelta(days=HISTORICAL_DAYS)
    return False


def _adjust_precision(info: DateInfo, f: _Found, text: str) -> DateInfo:
    """"Around 7 May", "the week of 23 March", "7 May (month of)": ACLED's precision for an approximate day."""
    if f.kind not in ("explicit", "parsed"):
        return info
    after = text[f.end : f.end + 40]
    if info.time_precision < 3 and _MONTH_AFTER.match(after):
        info.time_precision = 3
        info.reason += ", the month only"
    elif info.time_precision == 1 and (
        _APPROX_BEFORE.search(text, max(0, f.start - 40), f.start)
        or _REPORTED_BEFORE.search(text, max(0, f.start - 100), f.start)
        or _APPROX_AFTER.match(after)
    ):
        info.time_precision = 2
        info.reason += ", approximate"
    return info


# --- dateparser fallback, for spaCy DATE entities the regexes did not read

# Only entities that name a month or count back from now: elsewhere dateparser turns durations
# ("a 2 month ceasefire") into dates.
_DATEPARSER_GATE = re.compile(
    r"\bago\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d|\d\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow import: only when an entity needs it

    return dateparser


def _parse_with_dateparser(phrase: str, published: dt.date) -> dt.date | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()),
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        parsed = _dateparser().parse(phrase, languages=["en"], settings=settings)
    except (OverflowError, ValueError):  # a phrase that lands past year 1 or 9999
        return None
    return parsed.date() if parsed else None


# --- the article


def _edges(token) -> Iterator:
    """Token and its ancestors up to the sentence root."""
    yield token
    yield from token.ancestors


def _clause_marks(chain) -> set[str]:
    """The words that open the clauses of a chain ("before" in "tortured before they were released three days
    later"): the parser hangs them on the clause's verb, off the chain itself."""
    return {c.lower_ for x in chain if x.dep_ in _CLAUSE_DEPS for c in x.children if c.dep_ == "mark"}


def _path(a, b) -> tuple[int, int, int, int, bool]:
    """Clause edges on a's and b's side, a's and b's hops to their common ancestor, and whether
    a's side passes a temporal link word ("since", "after") that gives its clause its own time."""
    a_chain = list(_edges(a))
    b_index = {t.i: n for n, t in enumerate(_edges(b))}
    for n, t in enumerate(a_chain):
        if t.i in b_index:
            b_chain = list(_edges(b))[: b_index[t.i]]
            # A participle clause on the trigger noun itself ("demonstrations restarted during the
            # weekend") describes the trigger's own event, so it is not a clause boundary.
            a_clause = sum(1 for x in a_chain[:n] if x.dep_ in _CLAUSE_DEPS and not (x.dep_ == "acl" and x.head.i == b.i))
            b_clause = sum(1 for x in b_chain if x.dep_ in _CLAUSE_DEPS)
            links = ({x.lower_ for x in a_chain[1:n]} | _clause_marks(a_chain[:n])) & _TEMPORAL_LINKS
            # A clause after any link word has its own time; a phrase after one names another event ("following
            # the arrest on Saturday") or the start of a period ("since Saturday"), but "until 9 May" ends the
            # trigger's own.
            linked = bool(links) and bool(a_clause or links - {"until"})
            return a_clause, b_clause, n, b_index[t.i], linked
    return 9, 9, 99, 99, False  # different sentences in the parse


class ArticleDates:
    """All date mentions of one article, and the date that governs each event trigger."""

    def __init__(self, doc, article: Article) -> None:
        self.doc = doc
        self.article = article
        self.published: dt.date | None = article.published
        self.text = text = nlp.text_of(doc)
        candidates = self._candidates(doc)
        years = _YearIndex(text, candidates)
        self._found: list[_Found] = []
        self.mentions: list[DateInfo] = []
        for f in candidates:
            try:
                info = self._make(f, text, years)
            except (OverflowError, ValueError):  # "last week" from 0001-01-01: past the calendar's ends, no date
                info = None
            if info is not None:
                self._found.append(f)
                self.mentions.append(info)
        self._fold_glosses()
        self._starts = [m.span.start for m in self.mentions if m.span]
        self._paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]

    def _fold_glosses(self) -> None:
        """"Around 30 March 2020 (from 27 March - 2 April)", "8 May (between 8 - 9 May)": the day told first is the
        event's, at the precision of the span its brackets explain it by; the bracketed dates are no date of their
        own (ACLED's own notes write the coded day first and its window in brackets)."""
        for i in range(1, len(self._found)):
            outer, inner = self._found[i - 1], self._found[i]
            glossed = outer.kind in ("explicit", "parsed") and not outer.gloss
            if glossed and _GLOSS_GAP.fullmatch(self.text, outer.end, inner.start):
                inner.gloss = True
                told = self.mentions[i - 1]
                if self.mentions[i].time_precision > told.time_precision:
                    told.time_precision = self.mentions[i].time_precision
                    told.reason += ", a span in brackets"

    def _candidates(self, doc) -> list[_Found]:
        found = find_expressions(self.text)
        if self.published is None:
            return found
        # spaCy sometimes sees dates our patterns do not ("3 days ago" is ours; odd formats are not).
        for ent in doc.ents:
            if ent.label_ != "DATE" or any(f.start < ent.end_char and ent.start_char < f.end for f in found):
                continue
            if not _DATEPARSER_GATE.search(ent.text) or re.fullmatch(r"[\d\s,.-]+", ent.text):
                continue
            parsed = _parse_with_dateparser(ent.text, self.published)
            if parsed is not None:
                found.append(_Found(ent.start_char, ent.end_char, "parsed", parsed.month, parsed.day, parsed.year))
        found.sort(key=lambda f: f.start)
        return found

    def _make(self, f: _Found, text: str, years: _YearIndex) -> DateInfo | None:
        if f.kind == "chained":
            if not self.mentions:
                return None  # "the next day" with no day told before it
            base = self.mentions[-1]
            f.base = base.span.start if base.span else -1
            info: DateInfo | None = DateInfo(
                base.date + dt.timedelta(days=f.arg), None, base.time_precision,
                reason=f"{f.rel}: {f.arg:+d} day(s) from {base.text!r}", year_inferred=base.year_inferred)
        elif f.kind == "parsed":
            assert f.year and f.month and f.day
            info = DateInfo(dt.date(f.year, f.month, f.day), None, 1, reason="dateparser")
        else:
            info = _anchor(f, text, self.published, years)
        if info is None:
            return None
        info.span = Span.of(text, f.start, f.end)
        info.text = info.span.text
        info = _adjust_precision(info, f, text)
        info.historical = _is_historical(info, f, text, self.published)
        if info.historical:
            info.reason += ", historical"
        return info

    # --- event dates

    def date_for(self, trigger: Span, sentence: Span) -> DateInfo | None:
        """The date of the event whose trigger is in sentence: its own, inherited, or the publication date."""
        coded = self._coded_in_paragraph(sentence.start)
        return coded if coded is not None else self._date_for(trigger, sentence)

    def _coded_in_paragraph(self, pos: int) -> DateInfo | None:
        """The day a note says its record is coded to, in the paragraph of pos, at the precision of the span it
        stands for ("Between 1 and 25 May [coded to 10 May]": 3), and at least approximate (2)."""
        para = self._paragraph_starts[bisect.bisect_right(self._paragraph_starts, pos) - 1]
        end = self._paragraph_end(pos)
        for i, (m, f) in enumerate(zip(self.mentions, self._found)):
            if para <= f.start < end and f.kind == "explicit" and f.end_day is None and \
                    _CODED_BEFORE.search(self.text, max(0, f.start - 20), f.start):
                told = self.mentions[i - 1] if i and self._found[i - 1].end >= f.start - 20 else None
                precision = max(2, told.time_precision if told is not None else 2)
                return replace(m, time_precision=precision, reason=m.reason + "; the day the note says it is coded to")
        return None

    def _date_for(self, trigger: Span, sentence: Span) -> DateInfo | None:
        own, below = self._in_sentence(trigger, sentence)
        if own is not None and below:
            return self._background_or_own(own, sentence)
        if own is not None:
            return self._stated_day_within(own) or own
        inherited = self._inherited(sentence) or self._from_next_sentence(sentence)
        if inherited is not None:
            return inherited
        if self.published is not None:
            return DateInfo(self.published, None, 1, reason="publication date")
        first = next((m for m, f in zip(self.mentions, self._found) if not m.historical), None)
        if first is not None:
            return replace(first, reason=first.reason + "; the article's first date (no publication date)")
        return None

    def _found_of(self, info: DateInfo) -> _Found | None:
        """The expression a mention was read from."""
        if info.span is None:
            return None
        i = bisect.bisect_left(self._starts, info.span.start)
        return self._found[i] if i < len(self._starts) and self._starts[i] == info.span.start else None

    def _stated_day_within(self, own: DateInfo) -> DateInfo | None:
        """ "12 March. ... killed eight in an overnight attack", "16 December. During the weekend, ...": a part of
        a day or a weekend counted from publication that holds the day the paragraph has just stated means that day."""
        f = self._found_of(own)
        if f is None or own.span is None or f.kind != "relative":
            return None
        if not (f.rel in _DAY_PARTS or f.rel.endswith("weekend")):
            return None
        context = self._inherited_before(own.span.start)
        stated = self._found_of(context) if context is not None else None
        if context is None or context.historical or stated is None or stated.kind not in ("explicit", "parsed"):
            return None
        first, last = own.date - dt.timedelta(days=1), (own.date_end or own.date) + dt.timedelta(days=1)
        if not first <= context.date <= last or context.date_end is not None:
            return None
        precision = max(context.time_precision, own.time_precision)
        reason = context.reason + f"; the day stated before, in {f.rel!r}"
        return replace(context, time_precision=precision, reason=reason)

    def _background_or_own(self, own: DateInfo, sentence: Span) -> DateInfo:
        """A date only below the trigger's clause that falls before the paragraph's date, or is background
        while the trigger has no date of its own, dates an earlier event ("10 August. Drivers blocked the road to
        protest a killing on the previous day"): the trigger keeps the paragraph's date, else publication's."""
        context = self._inherited_before(own.span.start if own.span else sentence.start)
        if context is not None and not context.historical:
            if own.date < context.date:
                return replace(context, reason=context.reason + "; the sentence's date is an earlier event's")
            return own
        if context is None and own.historical and self.published is not None:
            return DateInfo(self.published, None, 1, reason="publication date; the sentence's date is background")
        return own

    def _in_sentence(self, trigger: Span, sentence: Span) -> tuple[DateInfo | None, bool]:
        """The date that governs the trigger in its sentence, and whether it sits only in a clause below the
        trigger's."""
        lo = bisect.bisect_left(self._starts, sentence.start)
        hi = bisect.bisect_left(self._starts, sentence.end)
        if lo == hi:
            return None, False
        trig = self._token(trigger.start, trigger.end)
        best, best_key, best_below = None, None, False
        for m, f in zip(self.mentions[lo:hi], self._found[lo:hi]):
            assert m.span is not None
            if f.gloss:
                continue  # "30 March (from 27 March - 2 April)": the bracketed span explains the day before it
            # Less likely to date the trigger, whatever the parse: a bare year ("to mark the day in 1961"), and
            # a day counted from another date of the same sentence ("On 29 April, residents demonstrated over
            # the killing of a driver on the previous day"), which dates some other event than that one.
            demoted = int(f.kind == "year" or (f.kind == "chained" and f.base >= sentence.start))
            tok = self._token(m.span.start, m.span.end)
            below = False
            if trig is None or tok is None:
                key = (demoted, 0, False, abs(m.span.start - trigger.start))
            else:
                m_clause, t_clause, m_hops, t_hops, linked = _path(tok, trig)
                # (Only the sentence's first date: a later one before the verb is in its subject, "workers
                # sacked after the hiring in May staged a protest".)
                framing = m.span.start < trigger.start and m.span.start < tok.sent.root.idx and m is self.mentions[lo]
                if _dates_the_telling(tok, trig):
                    continue  # "..., the ministry said in a statement on Tuesday": when it was told, not done
                if f.kind in ("explicit", "parsed") and _names_its_noun(tok, trig):
                    continue  # "to uphold his October 26 election victory": the date of that victory
                if linked and not t_clause and not framing:
                    # The date sits in a clause or phrase below the trigger's that has its own time ("arrests ...
                    # since protests restarted during the weekend", "a sit-in following the arrest of their leader on
                    # Saturday"): it dates that clause's event, not this one. A date that opens
                    # the sentence ("As reported on 19 March, ...") frames all of it, whatever the parse.
                    # (A date in a clause on another noun is not skipped: a closing "on Monday" is often hung
                    # by the parser on the nearest clause, "passengers travelling near Katari on Friday".)
                    continue
                # On a tie, the date that opens the sentence ("On 8 July, locals protested the detention of
                # soldiers on 29 June") frames its main clause; a later one more often belongs to a noun.
                key = (m_clause + t_clause + demoted, m_hops + t_hops, not framing,
                       abs(m.span.start - trigger.start))
                below = bool(m_clause) and not t_clause and not framing
            if best_key is None or key < best_key:
                best, best_key, best_below = m, key, below
        if best is None:
            return None, False
        return replace(best, reason=best.reason + "; governs the trigger in its sentence"), best_below

    def _inherited(self, sentence: Span) -> DateInfo | None:
        """The last dated context earlier in the same paragraph; "since X" starts a period, not an event."""
        return self._inherited_before(sentence.start)

    def _inherited_before(self, pos: int) -> DateInfo | None:
        """The last dated context before pos in its paragraph. A date that only names a thing ("the law, which was
        passed on 5 May", "the election set for 7 January", after publication) is passed over for an earlier one
        that dates what was done, and taken only when the paragraph has no other."""
        para = self._paragraph_starts[bisect.bisect_right(self._paragraph_starts, pos) - 1]
        i = bisect.bisect_left(self._starts, pos) - 1
        weak = None
        while i >= 0 and self._starts[i] >= para:
            m, f = self.mentions[i], self._found[i]
            since = _SINCE_BEFORE.search(self.text, max(0, f.start - 30), f.start)
            if not (f.gloss or since or self._tells(m)):
                if not self._names_a_thing(m):
                    return replace(m, reason=m.reason + "; inherited from an earlier sentence of the paragraph")
                weak = weak or m
            i -= 1
        if weak is not None:
            return replace(weak, reason=weak.reason + "; inherited from an earlier sentence of the paragraph")
        return None

    def _names_a_thing(self, m: DateInfo) -> bool:
        """The mention dates a noun's clause ("the law, which was ratified on 5 October") or falls after
        publication (a scheduled day), not an event told as done."""
        if self.published is not None and (m.date - self.published).days > FUTURE_SLACK_DAYS:
            return True
        tok = self._token(m.span.start, m.span.end) if m.span else None
        return tok is not None and _describes_a_noun(tok)

    def _tells(self, m: DateInfo) -> bool:
        """The mention dates a telling ("..., police said on Tuesday"), which later sentences do not inherit."""
        tok = self._token(m.span.start, m.span.end) if m.span else None
        return tok is not None and _tells(tok)

    def _from_next_sentence(self, sentence: Span) -> DateInfo | None:
        """A lead that gives no date often states it in the next sentence ("... The attack happened on Sunday")."""
        if bisect.bisect_left(self._starts, sentence.start) > 0 and self._inherited(sentence) is not None:
            return None
        para_end = self._paragraph_end(sentence.start)
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or sent.end >= len(self.doc):
            return None
        nxt = self.doc[sent.end].sent
        if nxt.start_char >= para_end:
            return None
        lo = bisect.bisect_left(self._starts, nxt.start_char)
        if lo < len(self._starts) and self._starts[lo] < nxt.end_char and not self.mentions[lo].historical:
            m = self.mentions[lo]
            assert m.span is not None
            tok = self._token(m.span.start, m.span.end)
            if tok is not None and (_describes_a_noun(tok) or _tells(tok)):
                # "... the bill that was registered on Tuesday", "police said on Tuesday": not the lead's date
                return None
            return replace(m, reason=m.reason + "; from the next sentence of the paragraph")
        return None

    def _paragraph_end(self, pos: int) -> int:
        i = bisect.bisect_right(self._paragraph_starts, pos)
        return self._paragraph_starts[i] if i < len(self._paragraph_starts) else len(self.text)

    def _token(self, start: int, end: int):
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None


def _describes_a_noun(tok) -> bool:
    """The token sits in a relative or participle clause on a noun ("the bill that was registered on Tuesday")."""
    return any(x.dep_ in _NOUN_CLAUSE_DEPS and x.head.pos_ in _NOMINAL for x in _edges(tok))


_PRENOMINAL_DEPS = frozenset({"nmod", "compound", "amod"})
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "day", "week", "weekend", "hours", "dawn"})


def _names_its_noun(date_tok, trigger_tok) -> bool:
    """The date stands before a noun that is not the trigger, as part of its name ("his October 26 election
    victory", "arrested over the 2 May bombing"): it dates that thing, not the event told."""
    head = date_tok.head
    return (date_tok.dep_ in _PRENOMINAL_DEPS and head.pos_ == "NOUN" and date_tok.i < head.i
            and head.i != trigger_tok.i and head.ent_type_ not in ("DATE", "TIME")
            and head.lower_ not in _TIME_NOUNS)  # "Monday [1 March] morning" is still a date


_REPORTING_LEMMAS = {"say", "tell", "report", "announce", "state", "confirm", "add", "claim", "note", "write"}


def _governing_verb(date_tok):
    """The verb the date hangs on (or the last head within six steps)."""
    tok = date_tok
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _tells(date_tok) -> bool:
    """The date is when someone told the news ("police said on Tuesday"), not when anything was done."""
    verb = _governing_verb(date_tok)
    return (verb.lemma_.lower() in _REPORTING_LEMMAS and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            and not any(c.lower_ == "as" for c in verb.children))


def _dates_the_telling(date_tok, trigger_tok) -> bool:
    """The date hangs on a reporting verb that is not the trigger itself."""
    tok = _governing_verb(date_tok)
    if tok.lemma_.lower() not in _REPORTING_LEMMAS or tok.i == trigger_tok.i or trigger_tok.i in (t.i for t in tok.ancestors):
        return False
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if tok.i < trigger_tok.i and (subject is None or any(c.lower_ == "as" for c in tok.children)):
        return False  # "As reported on 24 April, locals protested": a frame for the event, ACLED's precision 2
    if subject is not None and trigger_tok.i < date_tok.i < subject.left_edge.i:
        return False  # "Gunmen killed two on Saturday, a rights group said": the date closes the reported clause
    below = trigger_tok
    while below.i != tok.i and below.head.i != below.i:  # spaCy makes a new Token per access: compare by index
        if below.dep_ in _CLAUSE_DEPS:
            return True
        below = below.head
    # "announced its merger": the trigger is the telling's own object, so the telling is the event
    return below.i != tok.i
