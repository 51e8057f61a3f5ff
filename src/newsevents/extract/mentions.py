"""Event mentions: trigger words from the lexicon, found on token lemmas, with their modality."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import DET as _DET
from spacy.parts_of_speech import VERB as _VERB
from spacy.strings import get_string_id

from newsevents import lexicon, nlp

# spaCy marks some verbal triggers as AUX or ADJ ("wounded"), and nouns as PROPN in headlines.
_POS_FAMILY = {
    "VERB": {"VERB", "AUX", "ADJ"},
    "NOUN": {"NOUN", "PROPN"},
}
# Verbs whose object noun names the event and whose subject is its agent ("staged a protest").
LIGHT_VERBS = {
    "stage", "hold", "launch", "carry", "conduct", "begin", "start", "restart", "resume", "continue",
    "organise", "organize", "mount", "lead", "call", "join", "take", "make", "commit", "perpetrate",
    "unleash", "order", "execute", "go", "end", "stop", "suspend", "announce", "plan", "use", "stag", "engage",
    "detonate", "throw", "hurl", "drop", "plant", "lob",
}
_NOT_EVENT_ENTS = {"DATE", "TIME", "PERSON", "GPE", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}
# Modal auxiliaries that make an event possible rather than reported ("will" is left out: news uses it for plans).
_FUTURE_MODALS = {"could", "might", "may", "would", "should", "can"}


@dataclass
class Mention:
    """One trigger in one sentence, with where it sits in the parse."""

    trigger: lexicon.Trigger
    frame: lexicon.Frame
    start: int  # token index of the first trigger token
    end: int  # token index after the last trigger token
    head: int  # token index of the syntactic head of the trigger
    sent_index: int
    negated: bool = False
    hypothetical: bool = False
    reported: bool = False
    nominal: bool = False
    definite: bool = False  # "the raid": likely refers back to an event told before
    extra: list[int] = field(default_factory=list)  # heads of folded compound triggers
    headline: bool = False  # in a verbless, headline-style sentence: the parse is not to be trusted


@functools.cache
def _index() -> dict[int, list[tuple[lexicon.Trigger, tuple[int, ...]]]]:
    """Triggers by the hash of their first lemma (spaCy's string ids); longer (more specific) ones first."""
    index: dict[int, list[tuple[lexicon.Trigger, tuple[int, ...]]]] = {}
    for trig in lexicon.triggers():
        words = tuple(get_string_id(w) for w in trig.match.lower().split())
        index.setdefault(words[0], []).append((trig, words))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[1]), -_specificity(e[0])))
    return index


def _specificity(trig: lexicon.Trigger) -> int:
    return int(bool(trig.with_prep)) + int(bool(trig.with_object)) + int(bool(trig.pos))


def _matches_at(keys: list[tuple[int, int]], dets: list[bool], i: int, words: tuple[int, ...]) -> int | None:
    """End token index if the lemma sequence matches at token i (skipping determiners inside)."""
    j, n = i, len(keys)
    for w in words:
        while j < n and j > i and dets[j] and w not in keys[j]:
            j += 1
        if j >= n or w not in keys[j]:
            return None
        j += 1
    return j


# What is fired, thrown or lobbed: "fired rounds on the positions" aims through its object.
AMMUNITION = frozenset({"round", "shot", "bullet", "shell", "rocket", "missile", "mortar", "grenade", "tear", "teargas",
                        "canister", "volley", "salvo", "projectile", "gas"})


def _has_prep(doc, head, preps: tuple[str, ...]) -> bool:
    objects = [c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in AMMUNITION]
    for child in [*head.children, *(g for o in objects for g in o.children)]:
        if child.dep_ in ("prep", "prt", "agent") and child.lower_ in preps:
            # "a strike on Friday" is no air strike: the preposition must govern a target, not a date
            if not any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
                return True
    nxt = head.i + 1
    return nxt < len(doc) and doc[nxt].lower_ in preps and not any(
        g.ent_type_ in ("DATE", "TIME") for g in doc[nxt].children)


def _has_object(head, objects: tuple[str, ...]) -> bool:
    """An object, compound or prepositional object of the trigger (or of its head noun) is one of `objects`."""
    near = list(head.children) + [head.head]
    for child in list(near):
        if child.dep_ in ("prep", "agent", "dobj", "attr"):
            near.extend(child.children)
    for tok in near:
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            continue  # objects are things; "protested blocking the roads" does not block a protest
        if tok.lemma_.lower() in objects or tok.lower_ in objects:
            return True
        if any(t.lemma_.lower() in objects for t in tok.children if t.dep_ in ("compound", "amod", "conj")):
            return True
    return False


def find_mentions(doc) -> list[Mention]:
    """Every trigger in the doc, longest match first, one mention per token span."""
    index = _index()
    frames = lexicon.frames()
    sent_of = _sentence_index(doc)
    taken: set[int] = set()
    found: list[Mention] = []
    # The matcher runs on spaCy's integer string ids of lemma and lower-case form, read in one array call:
    # making a Python Token per word costs more than the matching itself.
    rows = doc.to_array([LEMMA, LOWER, POS]).tolist() if len(doc) else []
    keys = [(lemma, low) for lemma, low, _ in rows]
    dets = [pos == _DET for _, _, pos in rows]
    # Headlines ("Mungiki sect attacks police officers, wounds two") often come out with no verb at all:
    # there the tagger's part of speech says nothing, so triggers match whatever it guessed.
    verbless = _verbless_sentences(rows, sent_of)
    for i, token_keys in enumerate(keys):
        if i in taken or not any(k in index for k in token_keys):
            continue
        tok = doc[i]
        if tok.is_punct or tok.ent_type_ in _NOT_EVENT_ENTS or _in_hyphen_compound(doc, tok):
            continue  # "March 13" is a date, not a march
        if tok.text == "March" and not tok.is_sent_start:
            continue  # the month, even where the tagger missed the date
        for key in token_keys:
            hit = _first_match(doc, keys, dets, tok, index.get(key, ()), sent_of[i] in verbless)
            if hit is None:
                continue
            trig, end = hit
            span = doc[tok.i:end]
            head = span.root
            found.append(Mention(trig, frames[trig.frame], tok.i, end, head.i, sent_of[tok.i],
                                 headline=sent_of[tok.i] in verbless))
            taken.update(range(tok.i, end))
            break
    found = [m for m in found if not _no_comment(doc, m)]
    found = _fold_compounds(doc, [_with_modality(doc, m) for m in found])
    return _fold_governors(doc, found)


def _no_comment(doc, m: Mention) -> bool:
    """'declined to comment', 'refused to confirm': a source's silence, not a rejection (cues.json no_comment)."""
    if m.frame.plover != "REJECT":
        return False
    words = _no_comment_words()
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in words for c in doc[m.head].children)


def _verbless_sentences(rows: list[list[int]], sent_of: list[int]) -> set[int]:
    with_verb = {sent_of[i] for i, (_, _, pos) in enumerate(rows) if pos == _VERB}
    return set(sent_of) - with_verb


def _first_match(doc, keys, dets, tok, entries, any_pos: bool = False) -> tuple[lexicon.Trigger, int] | None:
    for trig, words in entries:
        end = _matches_at(keys, dets, tok.i, words)
        if end is None:
            continue
        head = doc[tok.i:end].root
        if trig.pos and not any_pos and head.pos_ not in _POS_FAMILY.get(trig.pos, {trig.pos}):
            continue
        if trig.with_prep and not _has_prep(doc, head, trig.with_prep):
            continue
        if trig.without_object and any(c.dep_ == "dobj" and c.lemma_.lower() in trig.without_object for c in head.children):
            continue
        if trig.with_object and not _has_object(head, trig.with_object):
            continue
        if trig.frame == "protest" and _other_sense(head):
            continue
        return trig, end
    return None


# "demonstrated that ...", "demonstrated its commitment", "rally behind the team", "a Wall Street rally":
# the verbs and nouns of protest in their other senses.
_SHOW_VERBS = {"demonstrate", "rally", "march"}
_SUPPORT_PREPS = {"behind", "around", "to"}
_MARKET_WORDS = {"market", "stock", "share", "price", "street", "relief", "dollar", "oil", "bond", "equity", "index",
                 "currency", "late", "year-end", "bear", "bull"}


def _other_sense(head) -> bool:
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB" and lemma in _SHOW_VERBS:
        if any(c.dep_ in ("dobj", "ccomp") for c in head.children):
            return True  # "demonstrated that it can", "rallied supporters", "marched ten kilometres"
        if lemma == "rally" and any(c.dep_ == "prep" and c.lower_ in _SUPPORT_PREPS for c in head.children):
            return True  # "rally behind the president"
    if head.pos_ in ("NOUN", "PROPN") and lemma == "rally":
        return any(c.lemma_.lower() in _MARKET_WORDS for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss"))
    return False


def _in_hyphen_compound(doc, tok) -> bool:
    """'Iran-backed', 'anti-government': a trigger word glued into a modifier is no event ('a street-fight',
    'a gun-fight', where the glued word heads a noun phrase, is one)."""
    glued = tok.i > 1 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_
    return glued and not (tok.pos_ == "NOUN" and tok.dep_ not in ("amod", "compound", "nmod", "poss"))


def _sentence_index(doc) -> list[int]:
    out = [0] * len(doc)
    for n, sent in enumerate(nlp.sentences(doc)):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def _fold_compounds(doc, mentions: list[Mention]) -> list[Mention]:
    """'suicide bomb attack': a trigger noun that modifies another trigger noun is one mention, not two.

    A trigger noun modifying a non-event noun ('protest movement', 'attack helicopter') is no event.
    """
    by_token = {}
    for m in mentions:
        for i in range(m.start, m.end):
            by_token[i] = m
    kept: list[Mention] = []
    dropped: set[int] = set()
    for m in mentions:
        head = doc[m.head]
        if m.nominal and not m.headline and head.dep_ in ("compound", "amod", "nmod", "poss") and m.end <= head.head.i:
            target = by_token.get(head.head.i)
            if target is None:
                if head.head.pos_ in ("NOUN", "PROPN"):
                    dropped.add(id(m))
                continue
            # keep the more specific frame (earlier in ACLED's order) on the governing noun
            if lexicon.frame_rank(m.frame.name) < lexicon.frame_rank(target.frame.name):
                target.trigger, target.frame = m.trigger, m.frame
            target.extra.append(m.head)
            dropped.add(id(m))
    for m in mentions:
        if id(m) not in dropped:
            kept.append(m)
    return kept


# Frames that stop a weapon from going off, and the weapons they stop.
_STOPPING = {"defuse", "seize_weapons"}
_WEAPONS = {"ied", "grenade", "suicide_bomb", "shelling", "chemical"}
# Verbs that announce or order an act without carrying it out: the act is a verbal concession (PLOVER CONCEDE).
_ANNOUNCING = {"order", "announce", "decide", "agree", "promise", "pledge", "approve", "authorize", "authorise"}


# A verb of these PLOVER types makes its event-noun object something that did not (yet) happen:
# "banned the protest", "demanded the release", "threatened an attack", "called off the strike".
_UNREALISED_BY = {"REQUEST", "REJECT", "THREATEN", "COERCE", "CONCEDE", "AGREE", "SANCTION"}


def _fold_governors(doc, mentions: list[Mention]) -> list[Mention]:
    """A verb trigger whose object is an event noun: one event ('held a protest', 'ordered the release')
    or two, with the object unrealised ('banned the march') or real ('condemned the killing')."""
    by_head = {m.head: m for m in mentions}
    drop: set[int] = set()
    for m in mentions:
        head = doc[m.head]
        gov = by_head.get(head.head.i)
        if m.nominal and gov is not None and gov.frame.name in _STOPPING and m.frame.name in _WEAPONS \
                and head.dep_ in ("dobj", "nsubjpass"):
            m.hypothetical = True  # "defused an IED", "the landmines were removed": the bomb did not go off
            continue
        if m.nominal and head.dep_ == "pobj" and head.head.head is not head.head:
            gov = by_head.get(head.head.head.i)  # "called for a strike", "appealed for talks"
            if gov is not None and not gov.nominal and gov.trigger.plover in _UNREALISED_BY:
                m.hypothetical = True
            continue
        if not m.nominal or head.dep_ not in ("dobj", "attr"):
            continue
        gov = by_head.get(head.head.i)
        if gov is None or gov.nominal:
            continue
        light = head.head.lemma_.lower() in LIGHT_VERBS  # "held a protest" is a protest, not a detention
        concession = head.head.lemma_.lower() in _ANNOUNCING and m.frame.plover == "RETREAT"
        if concession:
            concede = lexicon.frames()["concede"]
            m.trigger = dataclasses.replace(m.trigger, frame="concede", plover=concede.plover, mode=None,
                                            cameo=concede.cameo)
            m.frame = concede
        if light or concession:
            m.negated = m.negated or gov.negated
            m.hypothetical = m.hypothetical or gov.hypothetical
            m.reported = m.reported or gov.reported
            drop.add(id(gov))
        elif gov.trigger.plover in _UNREALISED_BY:
            m.hypothetical = True
    return [m for m in mentions if id(m) not in drop]


def _with_modality(doc, m: Mention) -> Mention:
    head = doc[m.head]
    m.nominal = head.pos_ in ("NOUN", "PROPN")
    m.definite = m.nominal and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their", "his", "her")
        for c in head.children
    )
    m.negated = _negated(head)
    m.hypothetical = _hypothetical(head)
    m.reported = _reported(head)
    return m


def _negated(head) -> bool:
    if any(c.dep_ == "neg" for c in head.children):
        return True
    # "no protests were held", "there was no attack"
    if any(c.lower_ in ("no", "zero") and c.dep_ == "det" for c in head.children):
        return True
    for arg in head.children:  # "no one was arrested", "nobody was hurt", "none were killed"
        if arg.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            arg.lower_ in ("nobody", "none", "nothing", "noone")
            or any(c.dep_ == "det" and c.lower_ == "no" for c in arg.children)
        ):
            return True
    if any(c.dep_ == "advmod" and c.lower_ == "never" for c in head.children):
        return True
    if head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and any(c.dep_ == "neg" for c in head.head.children):
        return head.head.lemma_ in LIGHT_VERBS or head.head.lemma_ == "be"
    return False


_HYPO_GOVERNORS = {
    "threaten", "plan", "vow", "intend", "want", "prepare", "promise", "warn", "pledge", "aim", "try",
    "attempt", "seek", "hope", "call", "urge", "demand", "fear", "risk", "propose", "consider", "decide",
    "refuse", "expect", "ask", "threat", "appeal", "request", "press", "petition", "bid", "willing", "ready",
}


def _hypothetical(head) -> bool:
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head is not head and _hypothetical(head.head):
        return True  # "further gatherings would be dispersed": the gatherings are as unreal as the dispersal
    tok = head
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            return True
        if tok.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "acl") and tok.head.lemma_.lower() in _HYPO_GOVERNORS:
            return True
        if tok.dep_ == "advcl" and tok.head.lemma_.lower() in _HYPO_GOVERNORS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # "appealed to the president to release them"
        if tok.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep"):
            break
        tok = tok.head
    return False


_REPORTING = {"say", "tell", "report", "claim", "state", "announce", "add", "confirm", "allege", "accord", "note", "explain"}


def _reported(head) -> bool:
    tok = head
    for _ in range(4):
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in _REPORTING:
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


@functools.cache
def _no_comment_words() -> frozenset[str]:
    return frozenset(lexicon.cues()["no_comment"])
