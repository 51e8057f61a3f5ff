"""Casualty, arrest and crowd counts in a sentence, attached to their verb or noun by the parse."""

from __future__ import annotations

import calendar
import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from text_to_num import text2num

from newsevents.lexicon import alternation
from newsevents.records import Count, Span

log = logging.getLogger(__name__)

KINDS = ("fatalities", "injuries", "arrests", "crowd_size")
_LEXICON_PATH = Path(__file__).resolve().parents[1] / "lexicon" / "quantities.json"

_NUMWORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million"
).split()
# Unspecified counts: ACLED takes the lowest figure, so a bare singular victim is 1.
_ONE = (1, 1, 1)
# Dependency labels that make a token the number of a following noun.
_NUM_DEPS = {"nummod", "amod", "quantmod", "det", "compound", "nmod", "npadvmod", "advmod"}
_VICTIM_OBJ = {"dobj", "obj", "nsubjpass", "oprd"}
# Keyword nouns that count only what they own: "the lives of 5", "the bodies of 3", "death toll rose to 30".
_OWNER_ONLY = {"life", "body", "killing", "toll", "corpse", "murder"}
# ... except nouns that are the dead themselves when numbered: "six bodies were found" counts six dead, as "the
# bodies of six" does (ACLED codes bodies found as the fatalities of the event that killed them: CODEBOOKS.md 1.8).
_NUMBERED_DEAD = {"body", "corpse"}
BODIES_FOUND = "numbered bodies"  # the reason such a count carries: only a toll told after its event takes it
# Verbs that give a toll's new value: "the death toll rose to 30", "stood at", "reached".
_TOLL_VERBS = {"rise", "climb", "reach", "stand", "increase", "jump", "hit", "grow", "be", "mount", "soar"}
# Verbs that assert a bare plural toll: "there were deaths", "resulting in deaths", "caused injuries".
_ASSERT_VERBS = {"be", "report", "cause", "result", "inflict", "suffer", "sustain", "occur", "lead", "leave", "record", "confirm", "register", "incur"}
_PROTEST_NOUNS = {"protest", "demonstration", "rally", "march", "sit", "vigil", "strike", "picket", "procession", "blockade"}
# Abstract nouns are never a counted victim with no number ("the confiscation", "the killing").
_ABSTRACT_SUFFIX = re.compile(r"(tion|sion|ment|ance|ence|ity|ness|ism|ing|ure|age|ship|cy)$")


@dataclass
class CountMention:
    """One count found in a sentence: what it counts, its value, and the word it attaches to."""

    kind: str  # "fatalities" | "injuries" | "arrests" | "crowd_size"
    count: Count  # span = article char span of the number words and their noun
    head: int  # doc token index of the verb/noun the count attaches to
    cumulative: bool = False  # running total or background toll, not this event's
    negated: bool = False  # "no one was hurt": count 0
    reason: str = ""  # which rule decided (provenance)
    claimed: bool = False  # "the rebels claimed to have killed 17": one side's claim, beaten by a stated figure


@dataclass(frozen=True)
class _Lexicon:
    vague: dict[str, tuple[int, int, int]]
    scales: dict[str, int]
    modifiers: dict[str, str]  # phrase -> lower_bound | approximate | upper_bound | plain
    bare_plural: tuple[int, int, int]
    transitive: dict[str, str]  # lemma or "lemma particle" -> kind
    intransitive: dict[str, str]
    nouns: dict[str, str]
    adjectives: dict[str, str]
    crowd_people: frozenset[str]
    pron_singular: frozenset[str]
    pron_plural: frozenset[str]
    negators: frozenset[str]
    uncertain: frozenset[str]
    cum_words: frozenset[str]
    cum_phrases: tuple[str, ...]
    abstract_subjects: frozenset[str]
    non_person: frozenset[str]
    quantity_re: re.Pattern[str]
    note_nouns: tuple[str, ...]  # a coder's toll note: "fatalities coded as 10"
    note_split: tuple[str, ...]  # "split", "spread", "divided"
    note_units: tuple[str, ...]  # what a total is split across: "events", "locations", "days"
    note_summary: tuple[str, ...]  # a sentence that is only a toll: "4 fatalities."
    sides: dict[str, str]  # victim noun -> the side it names: "soldiers" -> state_forces


def _invert(kinds: dict[str, Any], key: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in KINDS:  # earlier kinds win a shared word ("hold": arrests before crowd)
        for word in kinds[kind][key]:
            out.setdefault(word, kind)
    return out


@functools.cache
def harm_words() -> frozenset[str]:
    """The words (lemmas or forms) that tell deaths or injuries: a sentence without them tells no toll."""
    lex = lexicon()
    return frozenset(w for table in (lex.nouns, lex.adjectives, lex.transitive, lex.intransitive)
                     for w, kind in table.items() if kind in ("fatalities", "injuries"))


@functools.lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """Load quantities.json once per process."""
    raw = json.loads(_LEXICON_PATH.read_text(encoding="utf-8"))
    vague = {e["text"]: (e["low"], e["best"], e["high"]) for e in raw["vague"]}
    modifiers = {p: group for group, phrases in raw["modifiers"].items() for p in phrases}
    kinds = raw["kinds"]
    bp = raw["bare_plural"]
    return _Lexicon(
        vague=vague,
        scales=raw["scales"],
        modifiers=modifiers,
        bare_plural=(bp["low"], bp["best"], bp["high"]),
        transitive=_invert(kinds, "transitive"),
        intransitive=_invert(kinds, "intransitive"),
        nouns=_invert(kinds, "nouns"),
        adjectives=_invert(kinds, "adjectives"),
        crowd_people=frozenset(raw["crowd_people"]),
        pron_singular=frozenset(raw["person_pronouns"]["singular"]),
        pron_plural=frozenset(raw["person_pronouns"]["plural"]),
        negators=frozenset(raw["negators"]),
        uncertain=frozenset(raw["uncertain"]),
        cum_words=frozenset(raw["cumulative"]["words"]),
        cum_phrases=tuple(raw["cumulative"]["phrases"]),
        abstract_subjects=frozenset(raw["cumulative"]["abstract_subjects"]),
        non_person=frozenset(raw["non_person"]),
        quantity_re=_build_regex(vague, raw["scales"], modifiers),
        note_nouns=tuple(raw["toll_notes"]["nouns"]),
        note_split=tuple(raw["toll_notes"]["split"]),
        note_units=tuple(raw["toll_notes"]["units"]),
        note_summary=tuple(raw["toll_notes"]["summary_nouns"]),
        sides={w: side for side, words in raw["victim_sides"].items() if not side.startswith("_") and side != "examples"
               for w in words},
    )


def victim_sides(text: str) -> frozenset[str] | None:
    """The sides a count's words name ("2 Danab soldiers; 25 militants" -> state forces and armed group), or None
    when some part names no side ("four people", "the bodies")."""
    sides = lexicon().sides
    out = set()
    for part in text.split(";"):
        words = re.findall(r"[a-z]+", part.lower())
        side = sides.get(words[-1]) if words else None
        if side is None:
            return None
        out.add(side)
    return frozenset(out)


def other_side(have: Count, more: Count) -> bool:
    """Two stated tolls of one event that name different sides ("killed 3 fighters. 1 soldier was killed"): different
    deaths, to add up; two figures for one side are two reports of the same deaths."""
    a, b = victim_sides(have.text), victim_sides(more.text)
    return bool(a and b and not a & b and have.span and more.span and have.span.start != more.span.start)


def _alt(words: Any) -> str:
    return alternation(words, ignore_case=True, space=r"\s+")


def _build_regex(vague: dict[str, Any], scales: dict[str, int], modifiers: dict[str, str]) -> re.Pattern[str]:
    """One regex for a quantity phrase: optional modifier, then a number, a range or a vague word."""
    digits = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
    word = rf"(?:{_alt(_NUMWORDS)})"
    words = rf"{word}(?:[\s-]+{word})*"
    scale = rf"(?:\s+(?:of\s+)?(?:{_alt(scales)}))"
    single = rf"(?:(?:{digits}|{words}|{_alt(vague)}){scale}?)"
    rng = rf"(?:between\s+{single}\s+and\s+{single}|{single}\s*(?:-|–|to|or)\s*{single})"
    mods = rf"(?:(?:{_alt(m for m in modifiers if m != 'the')})\s+)"
    # Not inside a word, a model name ("AK-47"), an age ("10-year-old"), a decimal or a percentage.
    return re.compile(
        rf"(?<![\w\-./])(?P<mod>{mods}{{0,2}})(?P<core>{rng}|{single})(?![\w%]|-[a-z]|[.,]\d)",
        re.IGNORECASE,
    )


def _number(text: str) -> tuple[int, int, int] | None:
    """Value of one number, number phrase, vague word, or multiple of a scale ("several hundred")."""
    lex = lexicon()
    text = re.sub(r"\s+", " ", text.strip().lower())
    if text in lex.vague:
        return lex.vague[text]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        n = int(text.replace(",", ""))
        return n, n, n
    if re.fullmatch(r"\d+\.\d+", text):
        return None  # a decimal on its own is not a head count
    try:
        n = text2num(text.replace("-", " "), "en")
        return n, n, n
    except ValueError:
        pass
    m = re.fullmatch(r"(.+?) (?:of )?(tens|dozens?|hundreds?|thousands?|millions?)", text)
    if m:
        base = _number(m.group(1))
        if base is None:
            return None
        factor = lex.scales[m.group(2)]
        return base[0] * factor, base[1] * factor, base[2] * factor
    return None


def parse_quantity(tokens_text: str) -> tuple[int, int, int] | None:
    """(low, best, high) of a quantity phrase; best is the ACLED value (the lowest figure stated).

    "five" -> (5, 5, 5); "at least 600" -> (600, 600, 600): high is the largest figure the
    text states, so an open bound keeps the number; "more than 20" -> (20, 20, 20) as ACLED
    codes it; "up to 15" -> (1, 15, 15); "between 10 and 15" / "10-15" -> (10, 10, 15);
    "dozens" -> (12, 12, 99); "several" -> (3, 3, 10); "tens of thousands" -> (10000, 10000, 99000).
    """
    lex = lexicon()
    text = re.sub(r"\s+", " ", tokens_text.strip().lower())
    if text in ("a", "an", "one"):
        return _ONE
    m = lex.quantity_re.fullmatch(text)
    if not m:
        return None
    mod = re.sub(r"\s+", " ", m.group("mod").strip())
    core = m.group("core")
    rng = re.fullmatch(r"(?:between\s+)?(.+?)\s*(?:\s-\s|-|–|\sto\s|\sor\s|\sand\s)\s*(.+)", core)
    value = None
    if rng and not _number(core):
        a, b = _number(rng.group(1)), _number(rng.group(2))
        if a and b:
            value = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]))
    if value is None:
        value = _number(core)
    if value is None:
        return None
    # Two modifiers may stack ("only about 20"); the one next to the number decides.
    group = lex.modifiers.get(mod, "plain")
    if mod and mod not in lex.modifiers:
        group = next((g for m, g in lex.modifiers.items() if mod.endswith(" " + m)), "plain")
    if group == "upper_bound":
        return 1, value[1], value[2]
    return value


# --- finding quantity phrases in a sentence -------------------------------------------------


@dataclass
class _Phrase:
    start: int  # doc token index, first token (modifier included)
    end: int  # doc token index, exclusive
    value: tuple[int, int, int]
    anchor: Any  # the token that heads the number
    cumulative: bool = False  # "a total of"


def _phrases(sent: Any) -> Iterator[_Phrase]:
    lex = lexicon()
    text = sent.text
    for m in lex.quantity_re.finditer(text):
        start, end = m.span()
        if re.search(r"\bno\s+$", text[max(0, start - 4) : start], re.I) and m.group("core").lower() == "one":
            continue  # "no one" is a negation, handled elsewhere
        value = parse_quantity(m.group(0))
        if value is None:
            continue
        span = sent.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        core = sent.char_span(m.start("core"), end, alignment_mode="expand") or span
        if _day_of_month(core, value):
            continue
        anchor = _climb(core)
        mod = m.group("mod").lower()
        yield _Phrase(span.start, span.end, value, anchor, cumulative="total" in mod)


_MONTHS = frozenset(calendar.month_name[1:]) | frozenset(calendar.month_abbr[1:]) | {"Sept"}


def _day_of_month(core: Any, value: tuple[int, int, int]) -> bool:
    """"Around 6 May", "on May 6, 2020": a day of the month, not a head count. A number before a month is a
    date; after one, only when a comma, a year or the sentence's end follows ("In May 5 soldiers died" counts)."""
    if not (len(core) == 1 and core[0].is_digit and 1 <= value[0] == value[2] <= 31):
        return False
    doc, sent = core.doc, core.sent
    after = doc[core.end] if core.end < sent.end else None
    before = doc[core.start - 1] if core.start > sent.start else None
    if after is not None and after.text.rstrip(".") in _MONTHS:
        return True
    closes = after is None or after.is_punct or after.like_num and len(after.text) == 4
    return before is not None and before.text.rstrip(".") in _MONTHS and closes


def _climb(core: Any) -> Any:
    """The token of the number phrase whose head lies outside it."""
    inside = {t.i for t in core}
    tokens = [t for t in core if t.head.i not in inside or t.head.i == t.i]
    return tokens[-1] if tokens else core[-1]


def _counted(anchor: Any, end: int) -> tuple[Any, Any]:
    """(slot, counted): the token that fills the verb's slot, and the noun being counted."""
    head = anchor.head
    if anchor.dep_ in _NUM_DEPS and head.i >= end and head.i - end <= 4:
        while head.dep_ in ("compound", "amod") and head.head.i > head.i and head.head.i - end <= 4 and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head  # "five ISGS militants": the number hangs on a compound
        return head, head
    doc = anchor.doc
    if end < len(doc) and doc[end].lower_ == "of":
        objs = [c for c in doc[end].children if c.dep_ == "pobj"]
        named = _named_group_after(anchor, end + 1) if objs and objs[0].pos_ == "PROPN" else None
        if named is not None:  # "several tens of ISGS militants were killed", the name parsed as the object
            return named, named
        if objs:
            return anchor, objs[0]
    named = _named_group_after(anchor, end) if anchor.pos_ == "NUM" else None
    if named is not None:
        return named, named
    return anchor, anchor


# How a group's noun fills a verb's slot when the parse lost the number before its name.
_GROUP_SLOTS = {"nsubj", "nsubjpass", "dobj"}


def _named_group_after(anchor: Any, end: int) -> Any | None:
    """"2 IS fighters were killed", "6 Mayi Mayi Yakutumba were killed": the parser often reads a capitalised
    group name after a number as a verb or a separate phrase, leaving the number alone. The noun that ends the
    name (and fills a verb's subject or object slot) is what the number counts."""
    doc = anchor.doc
    sent_end = anchor.sent.end
    dated = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY")
    if end >= sent_end or not doc[end].text[:1].isupper() or doc[end].ent_type_ in dated \
            or anchor.ent_type_ in dated or re.fullmatch(r"(1[89]|20)\d\d", anchor.text):
        return None
    for tok in doc[end:min(end + 4, sent_end)]:
        if not (tok.text[:1].isupper() or tok.pos_ == "NOUN"):
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in _GROUP_SLOTS:
            return tok
    return None


def _not_people(ph: _Phrase, counted: Any) -> bool:
    lex = lexicon()
    doc = counted.doc
    bad = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
    # NER tags "between 10 and 15 people" as a DATE too; a separate, non-date noun overrides it.
    own_noun = counted.i >= ph.end and counted.ent_type_ not in bad
    if not own_noun and any(doc[i].ent_type_ in bad for i in range(ph.start, ph.end)):
        return True
    if ph.end - ph.start == 1 and re.fullmatch(r"(1[89]|20)\d\d", doc[ph.start].text) and (
            not own_noun or ph.start > 0 and doc[ph.start - 1].lower_ in _YEAR_PREPS):
        return True  # a bare year, or one after a preposition of time ("In 2020 ISWAP fighters were killed")
    if ph.start > 0 and doc[ph.start - 1].lower_ in ("aged", "age", "ages", "no.", "number", "#", "of") and (
        doc[ph.start - 1].lower_ != "of" or doc[ph.start - 1].head.lemma_.lower() in ("age", "ages")
    ):
        return True
    if counted.lower_ in _PERSON_FORMS:
        return False
    return counted.lemma_.lower() in lex.non_person or counted.lower_ in lex.non_person


_YEAR_PREPS = {"in", "since", "until", "till", "before", "after", "during"}
# People whose names end like abstract nouns: "an ISWAP element", "a hostage", "a commandant", "a sergeant".
_NOT_ABSTRACT = {"element", "hostage", "personage", "protege", "ensign"}
# Forms of a non-person word that name people: "two traditional heads" (but "50 head of cattle").
_PERSON_FORMS = {"heads"}
# Non-person words that name a person when no number comes with them: "killed the head of the village".
_PERSON_UNNUMBERED = {"head"}


# --- attaching a slot to a keyword ----------------------------------------------------------


def _verb_key(verb: Any) -> list[str]:
    """Lemma of a verb plus its particle or fixed complement ("round up", "shoot dead", "lose life")."""
    lemma = verb.lemma_.lower()
    keys = [lemma]
    for c in verb.children:
        w = c.lemma_.lower()
        if c.dep_ == "prt":
            keys.insert(0, f"{lemma} {w}")
        elif c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "ccomp", "dobj") and w in ("dead", "life", "injury", "wound"):
            keys.insert(0, f"{lemma} {w}")
        elif c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    keys.insert(0, f"{lemma} {c.lower_} {g.lemma_.lower()}")
                    if g.lemma_.lower() == "death" and c.lower_ in ("to", "till", "until"):
                        keys.insert(0, f"{lemma} to death")  # not "protested against the death of ..."
    return keys


def _lookup(table: dict[str, str], keys: list[str]) -> str | None:
    for k in keys:
        if k.endswith(" to death") and table is lexicon().transitive:
            return "fatalities"  # "shot/stabbed/beaten/hacked to death"
        if k in table:
            return table[k]
    return None


def _adj_kind(tok: Any) -> str | None:
    """"dead", "injured", "killed" used as a predicate or modifier of the counted noun."""
    lex = lexicon()
    w = tok.lower_
    if w in lex.adjectives:
        return lex.adjectives[w]
    if tok.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in tok.children):
        return lex.transitive.get(tok.lemma_.lower()) if tok.lemma_.lower() != "hold" else None
    return None


def _victim_of_verb(verb: Any, dep: str) -> str | None:
    """Kind when a token with this dep fills the victim slot of verb ("killed five", "two died")."""
    lex = lexicon()
    keys = _verb_key(verb)
    if dep in _VICTIM_OBJ:
        kind = _lookup(lex.transitive, keys)
        if kind:
            return kind
        # "left 1 demonstrator dead", "was found dead", "is feared dead"
        for c in verb.children:
            if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.lower_ in lex.adjectives:
                return lex.adjectives[c.lower_]
        return None
    if dep == "nsubj":
        kind = _lookup(lex.intransitive, keys)
        if kind:
            return kind
        reported = _reported_state(verb)
        if reported is not None:
            return reported
        # Headline style "1 killed", "5 others injured": a bare participle with no object; "7 killed including a
        # policeman" too, where the parser reads the participle as a past tense ("4 killed (machetes)": a weapon
        # read as the object is no object).
        if (verb.tag_ == "VBN" or verb.tag_ == "VBD" and _bare_number_subject(verb)) and not any(
                c.dep_ == "aux" or c.dep_ == "dobj" and c.lemma_.lower() not in lex.non_person for c in verb.children):
            return _lookup(lex.transitive, keys) if verb.lemma_.lower() != "hold" else None
        if verb.lemma_.lower() not in ("be", "remain", "lie", "fear"):
            return None
        for c in verb.children:  # "three were dead", "two are injured"
            if c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in lex.adjectives:
                return lex.adjectives[c.lower_]
    return None


def _bare_number_subject(verb: Any) -> bool:
    """"7 killed ...", "three police officers killed": a numbered subject of a past form with no object is a
    headline's passive participle, so it counts the victims, not the killers."""
    return any(c.dep_ == "nsubj" and (c.pos_ == "NUM" and not any(g.dep_ == "prep" for g in c.children)
                                      or any(g.dep_ == "nummod" for g in c.children))
               for c in verb.children)


# Verbs that report a state of people: "40 reported killed", "two confirmed dead", "three feared dead".
_REPORTING_VERBS = {"report", "confirm", "fear", "believe"}


def _reported_state(verb: Any) -> str | None:
    """Kind of a reported state of the subject ("At least 40 reported killed"), or None."""
    if verb.lemma_.lower() not in _REPORTING_VERBS:
        return None
    lex = lexicon()
    for c in verb.children:
        if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp") and not any(g.dep_ in ("nsubj", "dobj") for g in c.children):
            if c.lower_ in lex.adjectives:
                return lex.adjectives[c.lower_]
            if c.tag_ == "VBN" and c.lemma_.lower() != "hold":
                return lex.transitive.get(c.lemma_.lower())
    return None


def _victim_kinds(verb: Any, dep: str) -> list[tuple[str, Any]]:
    """Kinds of verb and of the verbs conjoined with it that share its subject ("shot and killed")."""
    out: list[tuple[str, Any]] = []
    kind = _victim_of_verb(verb, dep)
    if kind:
        out.append((kind, verb))
    if dep not in ("nsubj", "nsubjpass"):
        return out
    for c in verb.children:
        if c.dep_ != "conj" or c.pos_ not in ("VERB", "AUX"):
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
            continue  # it has a subject of its own
        passive = c.tag_ == "VBN" or any(g.dep_ == "auxpass" for g in c.children)
        k = _victim_of_verb(c, "nsubjpass" if passive and dep == "nsubjpass" or passive and c.tag_ == "VBN" else "nsubj")
        if k and all(k != o[0] for o in out):
            out.append((k, c))
    return out


def _noun_kind(tok: Any) -> str | None:
    lex = lexicon()
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "PRON", "NUM", "VERB"):
        return None
    if tok.pos_ == "VERB" and tok.tag_ != "VBG":
        return None
    return lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)


def _attach(slot: Any, counted: Any) -> list[tuple[str, Any, str]]:
    """Every (kind, head, reason) a counted slot belongs to; usually one."""
    found = _attach_one(slot, counted)
    if found is None:
        return []
    if found[2].startswith(("nsubj of", "nsubjpass of")):
        dep = found[2].split(" ")[0]
        return [(k, v, f"{dep} of {v.lower_}") for k, v in _victim_kinds(found[1], dep)] or [found]
    return [found]


def _attach_one(slot: Any, counted: Any) -> tuple[str, Any, str] | None:
    """(kind, head token, reason) that a counted slot belongs to, or None."""
    lex = lexicon()
    kind = _noun_kind(counted)
    if kind and kind != "crowd_size" and counted.lemma_.lower() not in _OWNER_ONLY:
        return kind, counted, "keyword noun"
    shared = _shared_keyword(counted)
    if shared is not None:
        return shared
    if slot.i != counted.i and counted.dep_ == "pobj" and counted.head.head.i == slot.i and _dies_later(slot):
        # "one of those injured died": the part named died since, whatever the whole was told to have suffered
        return "fatalities", slot.head, f"part of {counted.lower_} died"
    for tok in {slot, counted}:
        for c in tok.children:
            if c.dep_ in ("amod", "acl", "relcl", "appos", "oprd") and c.i > tok.i:
                kind = _adj_kind(c) if c.dep_ != "relcl" else _relcl_kind(c)
                if kind:
                    return kind, c, f"{c.dep_} {c.lower_}"
    if _numbered_dead(counted) and _noun_kind(counted) == "fatalities":
        # "five bodies were found" (no "dead" or "who were killed" that says how they died)
        return "fatalities", counted, BODIES_FOUND
    before = _object_of_verb_before(slot)
    if before is not None:
        return before
    own = _own_clause_verb(slot)
    if own is not None:
        kinds = _victim_kinds(own[0], own[1])
        return (kinds[0][0], own[0], f"{own[1]} of {own[0].lower_}") if kinds else None
    t = slot
    for _ in range(5):
        head, dep = t.head, t.dep_
        if head is t:
            return None
        if dep in ("conj", "appos"):
            t = head
            continue
        if dep == "compound" and head.lower_ in lex.adjectives:  # "1 demonstrator dead"
            kind = _victim_of_verb(head.head, head.dep_) if head.dep_ == "oprd" else None
            return (kind or lex.adjectives[head.lower_], head, "left ... dead")
        if dep == "pobj" and head.lower_ == "of":
            owner = head.head
            kind = _noun_kind(owner)
            if kind:
                return kind, owner, f"{owner.lower_} of"
            if owner.lemma_.lower() in ("total", "group", "number", "family", "crowd", "band", "gang", "each"):
                t = owner
                continue
            return None
        if dep == "pobj" and head.lower_ in ("to", "at") and head.head.lemma_.lower() in _TOLL_VERBS:
            toll = _toll_kind(head.head)
            return (toll[0], toll[1], "toll rose to") if toll else None
        if dep == "dobj" and head.lemma_.lower() in _TOLL_VERBS and _toll_kind(head):
            toll = _toll_kind(head)
            return toll[0], toll[1], "toll reached"
        if dep in ("dobj", "nsubj") and head.pos_ == "ADJ" and head.lower_ in lex.adjectives:
            return lex.adjectives[head.lower_], head, f"{head.lower_} (mis-parsed 'shot dead')"
        if dep in ("nsubj", "nsubjpass", "dobj", "obj", "oprd") and head.pos_ in ("VERB", "AUX"):
            kinds = _victim_kinds(head, dep)
            if kinds:
                return kinds[0][0], head, f"{dep} of {head.lower_}"
            if dep == "nsubj" and _is_crowd_noun(counted):
                crowd = _lookup(lex.intransitive, _verb_key(head))
                if crowd == "crowd_size" or _protest_object(head):
                    return "crowd_size", head, f"crowd subject of {head.lower_}"
            return None
        return None
    return None


def _numbered_dead(counted: Any) -> bool:
    """"six bodies", "3 corpses": a number that counts the dead nouns themselves, not "the bodies of six"."""
    # "two dead bodies who had been shot" says how they died, and is counted by those words as before
    return counted.lemma_.lower() in _NUMBERED_DEAD and any(
        c.dep_ in ("nummod", "quantmod") and c.i < counted.i for c in counted.children) and not any(
        c.dep_ in ("amod", "relcl", "acl") for c in counted.children)


def _shared_keyword(counted: Any) -> tuple[str, Any, str] | None:
    """"25 ADF fighters and 6 military fatalities": a numbered group coordinated with a numbered toll noun is
    counted by that noun too."""
    for c in counted.children:
        kind = _noun_kind(c) if c.dep_ == "conj" and c.tag_ in ("NNS", "NNPS") else None
        if kind in ("fatalities", "injuries") and _stated_value(c) is not None and c.lemma_.lower() not in _OWNER_ONLY:
            return kind, c, f"and {c.lower_}"
    return None


def _own_clause_verb(tok: Any) -> tuple[Any, str] | None:
    """"killed 5 soldiers and 5 others were injured": a conjunct noun followed by its own auxiliary is the subject
    of that auxiliary's verb, not one more object of the first verb (a common misparse). (verb, slot) or None."""
    if tok.dep_ != "conj":
        return None
    doc = tok.doc
    nxt = tok.i + 1
    if nxt >= tok.sent.end or doc[nxt].dep_ not in ("aux", "auxpass"):
        return None
    first = tok
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    verb = doc[nxt].head
    if verb.i <= nxt or verb.pos_ != "VERB" or verb.i == first.head.i or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # the auxiliary is the first conjunct's own verb's, or that verb has a subject already
    return verb, "nsubjpass" if doc[nxt].dep_ == "auxpass" else "nsubj"


def _object_of_verb_before(tok: Any) -> tuple[str, Any, str] | None:
    """"claimed to have killed 6 guards and 3 others were injured": the parse makes the whole list the subject
    of the later passive, but the first member, right after an active verb with no object of its own, is that
    verb's object (the mirror of `_own_clause_verb`). (kind, verb, reason) or None."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or not any(t.dep_ == "conj" for t in tok.subtree):
        return None
    later = tok.head
    left = min(t.i for t in tok.subtree)
    doc = tok.doc
    if left <= tok.sent.start or later.i <= tok.i:
        return None
    verb = doc[left - 1]
    if verb.pos_ != "VERB" or verb.i == later.i or any(c.dep_ in ("dobj", "auxpass") for c in verb.children):
        return None
    kind = _victim_of_verb(verb, "dobj")
    return (kind, verb, f"dobj of {verb.lower_} (list read as a later subject)") if kind else None


def _toll_kind(verb: Any) -> tuple[str, Any] | None:
    """The kind of a toll that is the subject of verb: "death toll" -> fatalities."""
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lemma_.lower() in ("toll", "tally", "number", "figure", "count"):
            for m in c.children:
                kind = _noun_kind(m) if m.dep_ in ("compound", "amod", "nmod") else None
                if kind and kind != "crowd_size":
                    return kind, c
    return None


def _relcl_kind(verb: Any) -> str | None:
    """"people who were killed": the relative pronoun's slot decides."""
    for c in verb.children:
        if c.tag_ in ("WP", "WDT") or c.lower_ == "that":
            return _victim_of_verb(verb, c.dep_)
    return None


def _protest_object(verb: Any) -> bool:
    """"staged a sit-in", "held a rally": the verb's object names a protest (lemmas can be odd: "stag")."""
    return any(
        t.lemma_.lower() in _PROTEST_NOUNS for c in verb.children if c.dep_ == "dobj" for t in c.subtree
    )


def _is_crowd_noun(tok: Any) -> bool:
    lex = lexicon()
    lemma = tok.lemma_.lower()
    return lex.nouns.get(lemma) == "crowd_size" or lemma in lex.crowd_people or tok.pos_ == "NUM"


# --- context: cumulative and negated ---------------------------------------------------------


def _cumulative(head: Any) -> bool:
    """Running totals and background tolls: "has killed 600 since October", "the death toll rose to"."""
    lex = lexicon()
    clause = _clause(head)
    words = [t.lower_ for t in clause]
    if any(w in lex.cum_words for w in words) or any(t.lemma_.lower() in lex.cum_words for t in clause):
        return True
    joined = " " + " ".join(words) + " "
    if any(f" {p} " in joined for p in lex.cum_phrases):
        return True
    verb = head if head.pos_ in ("VERB", "AUX") else None
    if verb is not None and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return True  # past perfect: told as background to the event
    if verb is not None:
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if verb.dep_ == "relcl":
            subj.extend(_antecedents(verb.head))
        if any(s.lemma_.lower() in lex.abstract_subjects for s in subj) and not _simple_past(verb):
            return True
    return False


def _simple_past(verb: Any) -> bool:
    """"Fighting between the clans left one person dead on Monday": a simple past tells what one event did, unlike
    "violence has killed 600" (a running total) or "the violence that killed 600" (background)."""
    return verb.tag_ == "VBD" and verb.dep_ in ("ROOT", "conj") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _antecedents(noun: Any) -> list[Any]:
    """A relative clause's noun and the nouns it hangs from ("violence by forces and groups that ...")."""
    out = [noun]
    t = noun
    for _ in range(4):
        if t.dep_ not in ("conj", "pobj", "prep", "appos", "compound") or t.head is t:
            break
        t = t.head
        out.append(t)
    return out


def _clause(head: Any) -> list[Any]:
    """Tokens of the clause around head: its subtree and those of its verb ancestors' modifiers."""
    seen: dict[int, Any] = {t.i: t for t in head.subtree}
    anc = head
    for _ in range(3):
        if anc.head is anc:
            break
        anc = anc.head
        if anc.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        for c in anc.children:
            # Not advcl: "..., killing one protester" must not inherit a "since" from the main clause's other arm.
            if c.dep_ in ("prep", "npadvmod", "advmod", "nsubj", "nsubjpass", "mark"):
                for t in c.subtree:
                    seen[t.i] = t
        if anc.pos_ in ("VERB", "AUX"):
            break
    return [seen[i] for i in sorted(seen)]


def _uncertain(tok: Any) -> bool:
    lex = lexicon()
    near = list(tok.children) + [tok.head] + list(tok.head.children)
    return any(t.lower_ in lex.uncertain for t in near)


# --- the public entry point ------------------------------------------------------------------


def _span(sent: Any, start: int, end: int) -> Span:
    words = sent.doc[start:end]  # not Doc.text, which re-joins every token of the article
    return Span(words.start_char, words.end_char, words.text)


def _mention(sent: Any, kind: str, value: tuple[int, int, int], start: int, end: int, head: Any,
             negated: bool = False, reason: str = "", cumulative: bool = False) -> CountMention:
    span = _span(sent, start, end)
    count = Count(value[0], value[1], value[2], span.text, span)
    return CountMention(kind, count, head.i, cumulative or _cumulative(head), negated, reason, _claimed(head))


# Verbs by which a side asserts a toll it inflicted or suffered; another source's figure is more neutral (ACLED
# takes the lowest of conflicting reports: CODEBOOKS.md 1.8)
_CLAIM_VERBS = {"claim"}


def _claimed(head: Any) -> bool:
    """"BH claimed to have killed 17 soldiers", "the army claims that 30 rebels were killed": the count's verb is
    the clause a claim reports ("the blast claimed 5 lives" is no claim: there the count is claim's own object)."""
    tok = head
    for _ in range(3):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in _CLAIM_VERBS:
            return True
    return False


def find_counts(sent: Any) -> list[CountMention]:
    """Every casualty, arrest and crowd count in one sentence (a spaCy Span), in text order."""
    out: list[CountMention] = []
    used: set[int] = set()
    renamed = _renamed(sent)
    pending: list[tuple[_Phrase, Any]] = []  # counted nouns the parse left out of a list that follows
    for ph in _phrases(sent):
        slot, counted = _counted(ph.anchor, ph.end)
        if _not_people(ph, counted):
            continue
        if slot.i in renamed or counted.i in renamed or _part_of_toll(counted):
            used.update(range(ph.start, ph.end))
            continue
        found = _attach(slot, counted) or _linear(sent, ph)
        if not found and _is_crowd_noun(counted) and counted.lemma_.lower() in lexicon().nouns:
            found = [("crowd_size", counted, "crowd noun")]
        if not found:
            if counted.i + 2 < sent.end and sent.doc[counted.i + 1].text == "," and counted.i not in used:
                pending.append((ph, counted))
            continue
        last = max(ph.end, counted.i + 1) if counted.i >= ph.end and counted.i - ph.end <= 4 else ph.end
        whole = _including_whole(counted)
        if whole is not None and any(m.kind == k for m in out for k, _, _ in found):
            used.update(range(ph.start, last))
            continue  # "7 killed, including one policeman": a part of the toll just counted
        value, start = ph.value, ph.start
        if whole is not None and (_stated_value(whole) or 0) > ph.value[0]:
            # "left 7 people including 4 civilians killed": the toll is the whole, not the part it names
            value, start = (_stated_value(whole),) * 3, min(ph.start, next(whole.subtree).i)
        for kind, head, reason in found:
            out.append(_mention(sent, kind, value, start, last, head, reason=reason, cumulative=ph.cumulative))
        used.update(range(ph.start, last))
        used.update((slot.i, counted.i))
    out.extend(_list_head(sent, pending, out))
    out.extend(_unspecified(sent, used, renamed))
    if not any(m.kind == "fatalities" for m in out):
        out.extend(_linear_victims(sent, used))
    out = [m for m in out if not _killed_or_hurt(sent.doc, m)]
    out.sort(key=lambda m: (m.count.span.start if m.count.span else 0, m.kind))
    return out


def _killed_or_hurt(doc: Any, m: CountMention) -> bool:
    """"ten militants were killed or wounded": dead or hurt, not said which, are casualties, and casualties
    alone are no deaths (ACLED: CODEBOOKS.md 1.8); the injury count keeps the figure."""
    if m.kind != "fatalities" or m.count.span is None:
        return False
    lex = lexicon()
    verb = doc[m.head]
    hurt = [t for t in verb.conjuncts
            if (lex.transitive.get(t.lemma_.lower()) or lex.intransitive.get(t.lemma_.lower())) == "injuries"]
    for other in hurt:
        # the verb the two are coordinated under carries their conjunction
        pair = verb if other.head == verb else other if verb.head == other else None
        if pair is not None and any(c.dep_ == "cc" and c.lower_ == "or" for c in pair.children):
            return True
    return False


def _list_head(sent: Any, pending: list[tuple[_Phrase, Any]], found: list[CountMention]) -> list[CountMention]:
    """"In the firefight 3 soldiers, 2 civilians and 11 attackers were killed": the parse hangs the list's first
    member on the preceding phrase; a counted noun followed by a comma and a counted list ("2 civilians and 11
    attackers") is that list's first member, counted as its next member is."""
    out = []
    doc = sent.doc
    for ph, counted in pending:
        nxt = doc[counted.i + 2].idx
        for m in found:
            noun = _noun_at(doc, m)
            if (m.count.span is not None and m.count.span.start == nxt and noun is not None
                    and any(c.dep_ == "conj" for c in noun.children) and _noun_kind(counted) is None):
                out.append(_mention(sent, m.kind, ph.value, ph.start, counted.i + 1, doc[m.head],
                                    reason="first member of a list", cumulative=ph.cumulative))
                break
    return out


def _noun_at(doc: Any, m: CountMention) -> Any | None:
    """The noun a count's words end on ("2 civilians" -> civilians), if they end on one."""
    span = doc.char_span(m.count.span.start, m.count.span.end) if m.count.span else None
    if span is None or span[-1].pos_ not in ("NOUN", "PROPN"):
        return None
    return span[-1]


_INCLUDING = {"including", "among"}


def _including_whole(counted: Any) -> Any | None:
    """"7 people including 4 civilians", "7 killed, including a policeman": the word the part belongs to (the
    whole's noun, or the verb whose subject or object it is), or None when the counted noun names no part."""
    if counted.dep_ != "pobj" or counted.head.lower_ not in _INCLUDING:
        return None
    return counted.head.head


def _linear(sent: Any, ph: _Phrase) -> list[tuple[str, Any, str]]:
    """Fallback when the parse fails: a keyword noun just after, or an active killing verb just before."""
    lex = lexicon()
    doc = sent.doc
    for i in range(ph.end, min(ph.end + 4, sent.end)):
        tok = doc[i]
        kind = _noun_kind(tok)
        if kind and kind != "crowd_size" and tok.lemma_.lower() not in _OWNER_ONLY:
            return [(kind, tok, "keyword noun after number")]
        if tok.tag_ not in ("JJ", "VBN", "VBD", "RB", "NNP", "NN", "HYPH"):
            break
    if ph.start > sent.start:
        prev = doc[ph.start - 1]
        kind = lex.transitive.get(prev.lemma_.lower()) if prev.tag_ in ("VBD", "VBG", "VBZ", "VBP") else None
        if kind and prev.lemma_.lower() != "hold":
            return [(kind, prev, "number after verb")]
    return []


def _unspecified(sent: Any, used: set[int], renamed: set[int]) -> list[CountMention]:
    """Victims with no number ("killed a man", "killing civilians"), bare keyword nouns, negations."""
    out: list[CountMention] = []
    for tok in sent:
        if tok.i in used:
            continue
        kind = _noun_kind(tok)
        if kind and kind != "crowd_size" and tok.lemma_.lower() not in _OWNER_ONLY and tok.pos_ != "VERB":
            found = _keyword_noun(sent, tok, kind, used)
        elif tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.i not in renamed and not _same_person(tok):
            found = _victim_noun(sent, tok, used)  # a protester can still be a victim: "killing a protester"
        else:
            continue
        if found:
            out.extend(found)
            used.add(tok.i)
    return out


def _keyword_noun(sent: Any, tok: Any, kind: str, used: set[int]) -> list[CountMention]:
    """"no casualties" -> 0 (negated); an asserted bare plural "deaths were reported" -> bare plural."""
    neg = _negator(tok)
    if neg is not None:
        # "No casualties" rules out deaths as well as injuries.
        kinds = ["injuries", "fatalities"] if tok.lemma_.lower() == "casualty" else [kind]
        return [_mention(sent, k, (0, 0, 0), min(neg.i, tok.i), tok.i + 1, tok, True, "no + keyword noun") for k in kinds]
    if tok.dep_ == "conj" and tok.head.i in used:
        return []
    # "Unknown fatalities.", "unreported deaths": deaths whose number is unknown are a bare plural (CODEBOOKS.md 1.8)
    unknown = any(c.dep_ == "amod" and c.lower_ in _UNKNOWN_NUMBER for c in tok.children)
    if any(c.dep_ in ("amod", "acomp") and c.lower_ in _UNKNOWN_NUMBER and c.i > tok.i for c in tok.children):
        return []  # "Fatalities and injuries unknown": whether anyone died is unknown, so 0 (CODEBOOKS.md 1.8)
    uncertain = _uncertain(tok) and not unknown
    if tok.tag_ in ("NNS", "NNPS") and not (_definite(tok) or uncertain or _has_number(tok)) and (
            _reported(tok) or unknown and tok.dep_ == "ROOT"):
        return [_mention(sent, kind, lexicon().bare_plural, tok.i, tok.i + 1, tok, reason="bare plural keyword noun")]
    return []


_UNKNOWN_NUMBER = {"unknown", "unspecified", "unreported", "undisclosed", "unconfirmed"}


def _victim_noun(sent: Any, tok: Any, used: set[int]) -> list[CountMention]:
    """A victim with no number: "killed a man" -> 1, "killing civilians" -> bare plural, "no one" -> 0."""
    victim = _victim_slot(tok)
    if victim is None:
        return []
    kind, head = victim
    if kind == "crowd_size" or head.lemma_.lower() in _NUMBER_ONLY_VERBS:
        return []  # "held a rally", "claimed part of their pay": no detainee, no death without a number
    neg = _negator(tok) or next((c for c in head.children if c.dep_ == "neg"), None)
    if neg is not None:
        return [_mention(sent, kind, (0, 0, 0), min(neg.i, tok.i), tok.i + 1, head, True, "negated victim")]
    if _has_number(tok) or any(n.i in used for n in tok.children if n.dep_ not in ("conj", "cc", "punct", "appos")):
        return []
    value = _unspecified_value(tok)
    if value is None:
        return []
    start = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("det", "amod", "compound") and c.i < tok.i])
    # "a woman and her son", "two guards, a driver and ...": each singular person of a list is one more victim,
    # summed like stated numbers; a lone "a man" or a bare plural stays a weak guess that a stated number beats
    reason = "listed victim" if value == _ONE and _in_list(tok) else "unspecified victim"
    if _both(tok):
        reason = "both"  # a stated number, not a guess
    return [_mention(sent, kind, value, start, tok.i + 1, head, reason=reason)]


def _both(tok: Any) -> bool:
    """"both men were killed": two people, as if the number were written."""
    return tok.tag_ in ("NNS", "NNPS") and any(
        c.dep_ in ("det", "predet", "preconj") and c.lower_ == "both" for c in tok.children)


# Verbs that count people only with a number: "held 5 suspects", "the blast claimed 3 lives", not "held a rally",
# "claimed responsibility", "Boko Haram claimed to have attacked ...".
# "neutralized three militants" is military wording for killing them, "neutralized the device" is a defusal.
_NUMBER_ONLY_VERBS = {"hold", "claim", "neutralize", "neutralise"}


# Words between a killing verb and its victim's noun ("killed a 68-year-old woman", "shot dead two colleagues").
_SKIP_TO_VICTIM = {"det", "amod", "compound", "nummod", "poss", "punct", "advmod", "npadvmod", "quantmod", "prep"}


def _linear_victims(sent: Any, used: set[int]) -> list[CountMention]:
    """Fallback when the parse gives a killing verb no victim: the person right after an active killing verb
    ("gunmen killed a 68-year-old woman"), or right before a passive one ("a man was beaten to death")."""
    lex = lexicon()
    doc = sent.doc
    out: list[CountMention] = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.i in used or not _kills(verb):
            continue
        passive = any(c.dep_ == "auxpass" for c in verb.children) or (
            verb.i > sent.start and doc[verb.i - 1].lower_ in ("was", "were", "been", "is", "are"))
        victim = _victim_before(sent, verb) if passive else _victim_after(sent, verb)
        if victim is None or victim.i in used:
            continue
        nums = [t for t in doc[min(verb.i, victim.i) + 1:victim.i]
                if t.like_num and not (_age(t) or _compound_word(t))]
        if not nums and verb.lemma_.lower() in _NUMBER_ONLY_VERBS:
            continue
        value = parse_quantity(doc[nums[0].i:nums[-1].i + 1].text) if nums else _unspecified_value(victim)
        if value is None or victim.lemma_.lower() in lex.non_person:
            continue
        start = nums[0].i if nums else min(
            [victim.i] + [c.i for c in victim.children if c.dep_ in ("det", "amod", "compound") and c.i < victim.i])
        reason = "number after killing verb" if nums else "unspecified victim"
        out.append(_mention(sent, "fatalities", value, start, victim.i + 1, verb, reason=reason))
        used.add(victim.i)
    return out


def _kills(verb: Any) -> bool:
    """A verb that kills: "killed", "lynched", "shot dead", "gunned down", "tortured/beaten ... to death"."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lex.transitive.get(lemma) == "fatalities" and lemma != "claim":
        return True
    doc = verb.doc
    following = [t.lower_ for t in doc[verb.i + 1:min(verb.i + 7, verb.sent.end)]]
    if following[:1] == ["dead"] or lemma == "gun" and following[:1] == ["down"]:
        return True
    if verb.i > verb.sent.start and doc[verb.i - 1].lower_ in ("fatally", "mortally"):
        return True  # "fatally shot a man"
    return any(a == "to" and b == "death" for a, b in zip(following, following[1:]))


def _victim_after(sent: Any, verb: Any) -> Any | None:
    """The head noun right after an active killing verb, skipping its determiners, numbers and modifiers."""
    doc = verb.doc
    end = min(verb.i + 8, sent.end)
    for tok in doc[verb.i + 1:end]:
        if tok.lower_ in ("dead", "down", "to", "death"):
            continue
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" and not tok.i < tok.head.i < end:
            return tok  # the head of the noun phrase, not a word that modifies a later one ("an NDC-R element")
        if tok.pos_ in ("NOUN", "PROPN"):
            continue
        if tok.pos_ in ("DET", "ADJ", "NUM", "PUNCT", "ADV", "PRON") or tok.dep_ in _SKIP_TO_VICTIM and tok.pos_ != "ADP":
            continue
        return None
    return None


def _victim_before(sent: Any, verb: Any) -> Any | None:
    """The noun right before a passive killing verb and its auxiliaries ("a man was beaten to death")."""
    doc = verb.doc
    i = verb.i - 1
    while i > sent.start and (doc[i].pos_ in ("AUX", "ADV") or doc[i].lower_ in ("was", "were", "been", "being")):
        i -= 1
    tok = doc[i]
    if tok.pos_ not in ("NOUN", "PROPN") or i >= verb.i:
        return None
    return _qualified_by_place(tok) or tok


def _qualified_by_place(tok: Any) -> Any | None:
    """"a former mayor of Tarlac, Luzon was shot dead": a province after the town that a person is 'of' closes
    that person's phrase, not a subject of its own; the person's noun, or None."""
    doc = tok.doc
    if tok.pos_ != "PROPN" or tok.i - 2 < tok.sent.start or doc[tok.i - 1].text != ",":
        return None
    town = doc[tok.i - 2]
    while town.dep_ == "compound" and town.head.i == town.i + 1:
        town = town.head
    if town.pos_ != "PROPN" or town.dep_ != "pobj" or town.head.lower_ != "of":
        return None
    person = town.head.head
    return person if person.pos_ == "NOUN" and person.i < town.i else None


def _in_list(tok: Any) -> bool:
    """A person named beside others in a coordination ("the driver, his assistant and ..."), unless the verb is
    singular ("a former councilor and the widow of an officer was killed": one person, two descriptions)."""
    root = tok
    while root.dep_ in ("conj", "appos") and root.head is not root:
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "is", "has") for c in root.head.children):
        return False
    if tok.dep_ == "conj" or _list_member(tok):
        return True
    # "killed a policeman, a man and a woman": an indefinite first member goes on through an apposition that goes
    # on with "and" (not "killed Abdulle Haji, the head of the village and his deputy", a name described)
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
    return any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") or indefinite and _list_member(c)
               for c in tok.children)


def _part_of_toll(counted: Any) -> bool:
    """"11 of those killed were militiamen", "two of the dead were soldiers": a part of a toll told already."""
    if counted.dep_ != "pobj" or counted.head.lower_ != "of":
        return False
    if counted.lower_ not in ("those", "these") and not any(
            c.dep_ == "det" and c.lower_ in ("the", "those", "these") for c in counted.children):
        return False  # "an unknown number of fatalities" is a toll, not a part of one
    lex = lexicon()
    words = {t.lower_ for t in counted.subtree} | {t.lemma_.lower() for t in counted.subtree}
    if words & {"victim", "victims"} and _dies_later(counted.head.head):
        return False  # "one of the victims died": the victims told before were hurt, and now one is dead
    return bool(words & {"dead", "killed", "victim", "victims", "fatality", "fatalities", "deceased", "slain"}) or (
        counted.lemma_.lower() in lex.nouns and lex.nouns[counted.lemma_.lower()] == "fatalities")


def _dies_later(part: Any) -> bool:
    """"One of the victims died", "two of them succumbed": the part named is the subject of a verb of dying."""
    verb = part.head
    return part.dep_ == "nsubj" and _lookup(lexicon().intransitive, _verb_key(verb)) == "fatalities"


def _renamed(sent: Any) -> set[int]:
    """Tokens that name again victims counted just before them, so count nothing: "killed 2 civilians, a couple",
    "two people, a soldier and a civilian", "5 people, 3 soldiers and 2 civilians" (an apposition whose figures
    add up to the figure before it), unlike a list that goes on ("four combatants, one fighter, and two civilians")."""
    out: set[int] = set()
    for tok in sent:
        rest = [c for c in tok.conjuncts if c.i > tok.i]
        if tok.dep_ != "conj" and tok.lemma_.lower() in _GENERIC_PEOPLE and rest:
            # "killed 5 people, 3 soldiers and 2 civilians", parsed as a list: the rest breaks the first down
            whole, values = _stated_value(tok), [_stated_value(c) for c in rest]
            if whole is not None and None not in values and sum(values) == whole:
                out.update(c.i for c in rest)
        if tok.dep_ != "appos" or tok.head is tok:
            continue
        head = tok.head
        parts = [tok, *(c for c in tok.conjuncts if c.i > tok.i)]
        parts += [c for c in head.conjuncts if c.i > tok.i and c not in parts]
        whole, values = _stated_value(head), [_person_value(p) for p in parts]
        if whole is not None and None not in values:
            # "two herders, a trader and three farmers" goes on; "two people, a soldier and a civilian" adds up
            # a lone apposition renames unless it has a figure of its own ("four rebels, one soldier, and ...")
            renames = sum(values) == whole or len(parts) == 1 and _stated_value(tok) is None
        else:
            renames = _stated_value(tok) is None and not _list_member(tok)
            parts = [tok, *(c for c in tok.conjuncts if c.i > tok.i)]
        if renames:
            out.update(p.i for p in parts)
    return out


_GENERIC_PEOPLE = {"people", "person", "individual", "civilian"}


def _person_value(tok: Any) -> int | None:
    """How many people a noun of a list names: its number, 1 for a singular noun, None for a bare plural."""
    value = _stated_value(tok)
    if value is None and tok.tag_ in ("NN", "NNP"):
        return 1
    return value


def _stated_value(tok: Any) -> int | None:
    """The number stated on a noun ("four" in "four combatants", 2 in "a couple"), None when there is none."""
    if tok.pos_ == "NUM":
        value = parse_quantity(tok.text)
        return value[0] if value else None
    for c in tok.children:
        if c.dep_ in ("nummod", "quantmod"):
            sub = list(c.subtree)
            value = parse_quantity(tok.doc[sub[0].i:sub[-1].i + 1].text)
            if value:
                return value[0]
    if tok.lemma_.lower() == "couple" and any(c.lower_ == "a" for c in tok.children):
        return 2
    return None


def _list_member(tok: Any) -> bool:
    """"the driver, his assistant and one of the passengers": an apposition that goes on with "and" is a list
    member, not a second name for the first ("2 civilians, a couple")."""
    head = tok.head
    numbered = head.pos_ == "NUM" or head.tag_ in ("NNS", "NNPS") or any(c.dep_ == "nummod" for c in head.children)
    return tok.dep_ == "appos" and not numbered and any(c.dep_ == "conj" for c in tok.children)


def _victim_slot(tok: Any) -> tuple[str, Any] | None:
    t = tok
    if t.tag_ in ("WP", "WDT") and t.head.dep_ == "relcl":
        return None  # the antecedent noun is the victim; it is seen on its own
    for _ in range(3):
        if t.dep_ in ("conj", "appos") and t.head is not t:
            t = t.head
            continue
        break
    head = t.head
    if t.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "oprd") and head.pos_ in ("VERB", "AUX"):
        kinds = _victim_kinds(head, t.dep_)
        return kinds[0] if kinds else None
    # "the death of the protester", "the killing of farmers" without a number: in news these are
    # mostly grievances or back-references to an event counted elsewhere, so they give no count.
    for c in tok.children:
        if c.dep_ == "relcl":
            kind = _relcl_kind(c)
            if kind and kind != "crowd_size":
                return kind, c
    return None


def _unspecified_value(tok: Any) -> tuple[int, int, int] | None:
    lex = lexicon()
    w = tok.lower_
    if tok.pos_ == "PRON":
        if w in lex.pron_singular:
            return _ONE
        if w in lex.pron_plural:
            return lex.bare_plural
        return None
    lemma = tok.lemma_.lower()
    if lemma in lex.non_person and lemma not in _PERSON_UNNUMBERED or tok.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "ORG", "NORP"):
        return None
    if tok.pos_ == "NOUN" and _ABSTRACT_SUFFIX.search(lemma) and lemma not in lex.crowd_people and lemma not in _NOT_ABSTRACT:
        return None
    if tok.tag_ in ("NNS", "NNPS"):
        if _both(tok):
            return 2, 2, 2
        return None if _definite(tok) else lex.bare_plural
    return _ONE


def _negator(tok: Any) -> Any | None:
    lex = lexicon()
    if tok.lower_ in ("nobody", "none"):
        return tok
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in lex.negators:
            return c
    if tok.dep_ == "conj":  # "no injuries or fatalities"
        return _negator(tok.head)
    if tok.head.lower_ == "without" and tok.dep_ == "pobj":
        return tok.head
    return None


def _reported(noun: Any) -> bool:
    """A bare "fatalities"/"deaths" that the text asserts ("there were deaths", "resulting in deaths")."""
    t = noun
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    gov = t.head
    if t.dep_ == "pobj" and gov.lower_ in ("in", "with", "causing") :
        gov = gov.head
    elif t.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
        return False
    if gov.lemma_.lower() not in _ASSERT_VERBS:
        return False
    return not any(c.dep_ == "neg" or c.lower_ in ("no", "not", "never") for c in gov.children)


def _same_person(tok: Any) -> bool:
    """"a farmer and local leader": a singular conjunct with no determiner of its own."""
    if tok.dep_ != "conj" or tok.tag_ != "NN":
        return False
    has_det = any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
    return not has_det and any(c.dep_ == "det" for c in tok.head.children)


def _definite(tok: Any) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "these", "those", "their", "its", "his", "her") for c in tok.children)


def _has_number(tok: Any) -> bool:
    return any((t.like_num or t.dep_ == "nummod") and not _age(t) for t in tok.subtree if t.i < tok.i)


def _compound_word(tok: Any) -> bool:
    """"a three-wheeler driver", "a two-storey house": a number joined by a hyphen to the word after it is part
    of that word, not a count."""
    doc = tok.doc
    return not tok.whitespace_ and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].is_alpha


def _age(tok: Any) -> bool:
    """"a 68-year-old woman", "a 4 year old child": the number is an age, not a count."""
    doc = tok.doc
    after = [t.lower_ for t in doc[tok.i + 1:tok.i + 4] if t.text != "-"]
    return bool(after) and after[0] in ("year", "years", "yr", "month", "months") or tok.lower_.endswith("-year-old")


# --- a coder's note on the toll ------------------------------------------------------------------
#
# Event summaries written by coders (ACLED's `notes`) state how the toll was coded when the text alone would not
# say it: "Unknown fatalities coded as 10", "13 fatalities split across 2 events and coded as 6 for this event",
# "Fatalities coded as 0 (VoJ reported 3)", "FATALITIES: 15". The codebook has coders record such choices in the
# notes (CODEBOOKS.md 1.8: a disputed figure, a total split across days or places), so the note is the toll.


@dataclass
class TollNote:
    """A coder's note on an event's fatalities: the figure it gives, or the number of events a total is split over."""

    span: Span
    value: int | None  # "coded as 10"; None when the note only tells a split ("Fatalities split between 4 events")
    parts: int = 1  # events (days, places) the total is split across
    final: bool = False  # the figure is this event's share already ("coded as 6 for this event")

    def share(self, total: int) -> int:
        """This event's share of the total: the even share, rounded down. A remainder goes to the first events
        (CODEBOOKS.md 1.8: 10 over three days is 4, 3, 3), so the share rounded down is what most of them get."""
        whole = total if self.value is None else self.value
        if self.final or self.parts <= 1:
            return whole
        return whole // self.parts


@functools.lru_cache(maxsize=1)
def _note_patterns() -> tuple[re.Pattern[str], ...]:
    lex = lexicon()
    num = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_alt(_NUMWORDS)})(?:[\s-](?:{_alt(_NUMWORDS)}))?)"
    # "Unknown number of fatalities and injuries coded as 10": the injuries ride along with the deaths
    dead = rf"(?:{_alt(lex.note_nouns)})(?:\s+and\s+injuries)?"
    be = r"(?:(?:were|are|is|was|have\s+been|has\s+been)\s+)?"
    units = rf"(?:\w+\s+)?(?:{_alt(lex.note_units)})"
    split = (rf"(?:equally\s+|evenly\s+)?(?:{_alt(lex.note_split)})(?:\s+up)?\s+(?:across|between|among|amongst|over|into)\s+"
             r"(?:the\s+|those\s+|these\s+)?")
    return (
        # "15 fatalities split across 3 events and coded as 5 for this event"
        re.compile(rf"\bcoded\s+(?:as|at)\s+(?P<n>{num})\s+for\s+(?:this|each|the\s+present)\s+event", re.I),
        # "Unknown fatalities coded as 10 and spread across two locations", "Fatalities coded as 0 (VoJ reported 3)"
        re.compile(rf"\b{dead}\s+{be}coded?\s+(?:as|at)\s+(?P<n>{num})(?:,?\s+(?:and\s+)?{be}{split}(?P<k>{num})\s+{units})?", re.I),
        # "(10 fatalities coded)", "3 fatalities coded per 5 events"
        re.compile(rf"(?<![\w,])(?P<n>{num})\s+(?:\w+\s+)?{dead}\s+{be}coded\b", re.I),
        # "12 fatalities split across 2 events", "Fatalities are split across 3 events (5)"
        re.compile(rf"(?:(?<![\w,])(?P<n>{num})\s+(?:\w+\s+)?)?{dead}\s+{be}{split}(?P<k>{num})\s+{units}"
                   rf"(?:\s*\((?P<m>\d+)\))?", re.I),
        # "FATALITIES: 15"
        re.compile(rf"\b{dead}\s*:\s*(?P<n>\d+)\b", re.I),
    )


@functools.lru_cache(maxsize=1)
def _summary_pattern() -> re.Pattern[str]:
    num = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_alt(_NUMWORDS)})"
    return re.compile(rf"\s*(?P<n>{num})\s+(?:{_alt(lexicon().note_summary)})\s*\.?\s*", re.I)


def find_toll_note(sent: Any) -> TollNote | None:
    """The coder's note on the toll in one sentence (a spaCy Span), or None."""
    text = sent.text
    summary = _summary_pattern().fullmatch(text)
    if summary is not None:
        # "... were found dead in Colonia Alamar. 4 fatalities": a sentence that is only a figure sums the toll up
        value = _note_number(summary.group("n"))
        if value is None:
            return None
        start, end = sent.start_char + summary.start("n"), sent.start_char + len(text.rstrip())
        return TollNote(Span(start, end, text.strip()), value)
    if not re.search(r"code|split|spread|divided|distributed|:", text, re.I):
        return None
    for n, pattern in enumerate(_note_patterns()):
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        value = _note_number(groups.get("n"))
        parts = _note_number(groups.get("k")) or 1
        if groups.get("m"):
            value, parts, final = int(groups["m"]), 1, True
        else:
            final = n == 0
        if value is None and parts <= 1:
            continue
        start = sent.start_char + m.start()
        return TollNote(Span(start, start + len(m.group(0)), m.group(0)), value, parts, final)
    return None


def _note_number(text: str | None) -> int | None:
    """A note's figure ("10", "two"), or None."""
    if not text:
        return None
    value = parse_quantity(text)
    return value[0] if value else None
