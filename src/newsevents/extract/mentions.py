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
    purpose: bool = False  # an infinitive of aim ("fired in the air to scare the crowd"): intended, maybe not done
    after_protest: bool = False  # a protest was told in this sentence or the two before ("They clashed with police")
    crowd: bool = False  # who does it is a crowd no role types ("about 300 community members", "hotheads")
    throng: bool = False  # ... and one told in numbers ("around 600 people", "hundreds of residents")
    background: bool = False  # told as an accusation or as history ("accused of killing", "had previously fought")


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
    # who does it is no object: "protesters blocked the road" blocks no protest
    near = [c for c in head.children if c.dep_ not in ("nsubj", "csubj", "agent")] + [head.head]
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
        if tok.is_punct or tok.ent_type_ in _NOT_EVENT_ENTS and not _lower_case_walk(tok) \
                or _in_hyphen_compound(doc, tok):
            continue  # "March 13" is a date, not a march
        if tok.text == "March" and not tok.is_sent_start:
            continue  # the month, even where the tagger missed the date
        hits = [hit for key in dict.fromkeys(token_keys)
                if (hit := _first_match(doc, keys, dets, tok, index.get(key, ()), sent_of[i] in verbless))]
        if not hits:
            continue
        # the longest match over the word's lemma and its own form: "striking miners" (form) over "strike" (lemma)
        trig, end = max(hits, key=lambda h: _match_length(h, i))
        rest: list[int] = []
        if end < 0:  # split: "set a police van ablaze"
            last = -1 - end
            rest = [j for j in range(last + 1 - (len(trig.tokens) - 1), last + 1)]
            end = tok.i + 1
        span = doc[tok.i:end]
        head = span.root
        found.append(Mention(trig, frames[trig.frame], tok.i, end, head.i, sent_of[tok.i],
                             headline=sent_of[tok.i] in verbless, extra=rest))
        taken.update(range(tok.i, end))
        taken.update(rest)
    found = [m for m in found if not _no_comment(doc, m) and not _figurative(doc, m) and not _sporting(doc, m)]
    found = _fold_participants(doc, _fold_compounds(doc, [_with_modality(doc, m) for m in found]))
    found = _drop_grievances(doc, _fold_governors(doc, found))
    protests = [m for m in found if m.frame.name in _CROWD_FRAMES and not (m.negated or m.hypothetical)]
    for m in found:
        m.after_protest = any(p is not m and 0 <= m.sent_index - p.sent_index <= _PROTEST_WINDOW and p.head < m.head
                              for p in protests)
        m.crowd, m.throng = _crowd_doer(doc, m)
    return found


_PROTEST_WINDOW = 2  # sentences


def _match_length(hit: tuple[lexicon.Trigger, int], start: int) -> int:
    """Words a trigger match from token `start` covers (a split match, told by a negative end, its phrase's words)."""
    trig, end = hit
    return len(trig.tokens) if end < 0 else end - start


# Month names that are also event words: written in lower case they are the event ("it will be a peaceful march").
_MONTH_HOMONYMS = {"march"}


def _lower_case_walk(tok) -> bool:
    """A month homonym in lower case inside a DATE entity: English writes months with a capital, so the NER
    tag is wrong and the word is the event."""
    return tok.ent_type_ == "DATE" and tok.text in _MONTH_HOMONYMS


# Frames whose words are also figures of speech: "an attack on press freedom", "the ruling is an assault on democracy".
_FIGURATIVE_FRAMES = {"attack", "beat", "kill", "clash"}


def _figurative(doc, m: Mention) -> bool:
    """An attack on an abstraction ('an attack on media freedom', 'attacked the decision', 'to fight poverty'):
    no one was attacked (cues.json abstract_targets)."""
    if m.frame.name not in _FIGURATIVE_FRAMES:
        return False
    abstract = _abstract_targets()
    for c in doc[m.head].children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "upon"):
            targets = [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "dobj":
            targets = [c]
        else:
            continue
        # "freedom" but not "the freedom of the prisoners" (people named inside are the target)
        if any(o.lemma_.lower() in abstract and not any(g.dep_ == "prep" and g.lower_ == "of" for g in o.children)
               for o in targets):
            return True
    return False


def _sporting(doc, m: Mention) -> bool:
    """'the derby clash', 'their Super Rugby clash', 'a cup fight': a fight noun named by a sport is a game
    (genres.json sports)."""
    head = doc[m.head]
    if m.frame.name not in _FIGURATIVE_FRAMES or head.pos_ not in ("NOUN", "PROPN"):
        return False
    sports = _sport_words()
    return any(c.lemma_.lower() in sports or c.lower_ in sports
               for c in head.children if c.dep_ in ("compound", "amod", "nmod"))


@functools.cache
def _sport_words() -> frozenset[str]:
    return frozenset(lexicon.genres()[2]["sports"])


# Protest-family frames: what a crowd does. Other events told inside a protest's cause are its grievance.
_CROWD_FRAMES = {"protest", "strike", "hunger_strike", "boycott", "obstruct"}
_CAUSE_OBJECT_PREPS = {"against", "over"}


def _drop_grievances(doc, mentions: list[Mention]) -> list[Mention]:
    """Drop events that a protest names as its cause ('marched after gunmen killed two traders', 'in support of the
    attack', 'demanding justice for the murder of ...', 'victims of the clashes held a demonstration'): they are
    what the protest is about, not what happened at it."""
    protests = [m for m in mentions if m.frame.name in _CROWD_FRAMES]
    if not protests:
        return mentions
    causes = _cause_words()
    cause: set[int] = set()
    for m in protests:
        head = doc[m.head]
        clause = head.head if m.nominal and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") else head
        if clause.pos_ == "ADP":
            clause = clause.head
        for anchor in {head, clause}:
            for c in anchor.children:
                if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in causes for g in c.children):
                    cause.update(t.i for t in c.subtree)  # "... after gunmen killed two traders"
                elif c.dep_ == "prep" and (c.lower_ in causes or c.lower_ == "in" and any(
                        g.lemma_.lower() in causes for g in c.children)):
                    cause.update(t.i for t in c.subtree)  # "following the assault", "in support of the attack"
                elif c.dep_ in ("nsubj", "nsubjpass") and c.i != head.i:
                    cause.update(t.i for t in c.subtree if t.i != c.i)  # "victims of the clashes held a march"
        for t in clause.subtree:  # "against the killings", wherever the parser hung it inside the protest's clause
            if t.dep_ == "prep" and t.lower_ in _CAUSE_OBJECT_PREPS and not _verb_between(t, clause):
                cause.update(g.i for g in t.subtree)
    sents = {m.sent_index for m in protests}
    for m in mentions:  # "to demand justice for the murder", "condemning the killing" in a protest's sentence
        if m.sent_index in sents and m.frame.name not in _CROWD_FRAMES:
            for anc in _governors(doc[m.head]):
                if anc.lemma_.lower() in causes and anc.pos_ in ("VERB", "NOUN") and anc.lemma_.lower() not in (
                        "action", "call") or anc.lemma_.lower() == "call" and any(
                        c.dep_ == "prep" and c.lower_ == "for" for c in anc.children):
                    cause.add(m.head)
                    break
                if any(anc.i == p.head for p in protests):
                    break
    keep = [m for m in mentions if m.frame.name in _CROWD_FRAMES or m.head not in cause]
    return keep


def _governors(tok):
    """The token's ancestors up to the clause it belongs to: a verb coordinated with another ('called for a strike
    and accused the government') is a clause of its own, which the first verb does not govern."""
    while tok.head.i != tok.i:
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"):
            return
        tok = tok.head
        yield tok


def _verb_between(tok, top) -> bool:
    """A verb of its own between a token and the clause it sits in ('against' of 'demanded action against ...'
    still is the protest's; 'against' of 'police who cracked down against them' is not)."""
    for anc in tok.ancestors:
        if anc.i == top.i:
            return False
        if anc.pos_ == "VERB" and anc.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj"):
            return True
    return True


def _no_comment(doc, m: Mention) -> bool:
    """'declined to comment', 'refused to confirm': a source's silence, not a rejection (cues.json no_comment)."""
    if m.frame.plover != "REJECT":
        return False
    words = _no_comment_words()
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in words for c in doc[m.head].children)


def _verbless_sentences(rows: list[list[int]], sent_of: list[int]) -> set[int]:
    with_verb = {sent_of[i] for i, (_, _, pos) in enumerate(rows) if pos == _VERB}
    return set(sent_of) - with_verb


def _split_match(doc, keys, dets, tok, words: tuple[int, ...]) -> list[int] | None:
    """Token indices of the rest of a verb trigger told around its object: 'set a police van ablaze',
    'set two cars on fire', 'broke the crowd up'."""
    if len(words) < 2 or tok.pos_ not in ("VERB", "AUX"):
        return None
    sent_end = tok.sent.end
    inside = {t.i for t in tok.subtree}
    for j in range(tok.i + 2, min(tok.i + _SPLIT_GAP + 2, sent_end)):
        between = doc[tok.i + 1:j]
        if j not in inside or any(t.i not in inside or t.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ") for t in between):
            return None
        if any(t.lower_.endswith(("self", "selves")) for t in between):
            return None  # "set himself on fire": done to oneself, not to property
        end = _matches_at(keys, dets, j, words[1:])
        if end is not None:
            return list(range(j, end))
    return None


_SPLIT_GAP = 5  # words of object between a verb and the rest of its trigger


def _first_match(doc, keys, dets, tok, entries, any_pos: bool = False) -> tuple[lexicon.Trigger, int] | None:
    for trig, words in entries:
        if trig.id.startswith(_PARTICIPLE_PREFIX) and tok.lower_ != "protesting":
            continue  # "protesting residents", not "protested the arrest of a resident"
        end = _matches_at(keys, dets, tok.i, words)
        if end is None and trig.pos in ("VERB", None) and (rest := _split_match(doc, keys, dets, tok, words)):
            if trig.with_object or trig.with_prep or trig.frame == "protest" and _other_sense(tok):
                continue
            return trig, -1 - rest[-1]  # a split trigger: its verb is the span, the rest is told by a negative end
        if end is None:
            continue
        head = doc[tok.i:end].root
        if trig.pos and not any_pos and head.pos_ not in _POS_FAMILY.get(trig.pos, {trig.pos}):
            continue
        if trig.pos == "VERB" and not any_pos and head.i == tok.i and _plain_adjective(head):
            continue  # "police kept clear of the protest", "close to the border": an adjective, not the verb
        if trig.with_prep and not _has_prep(doc, head, trig.with_prep):
            continue
        if trig.without_object and any(c.dep_ == "dobj" and c.lemma_.lower() in trig.without_object for c in head.children):
            continue
        if trig.frame == "strike" and head.tag_ in ("NNS", "NNPS") and trig.match in ("strike", "wildcat strike") \
                and not any(c.dep_ in ("det", "poss", "nummod") for c in head.children):
            continue  # "strikes in the transport sector have grown": strikes in general, not one
        if trig.frame == "strike" and head.pos_ in ("VERB", "AUX") and not _WORK_WORDS & set(trig.match.split()):
            if not _labour_sentence(head):
                continue  # "workers are striking over pay", not "struck a deal" nor "the bomb struck"
        elif trig.with_object and not _has_object(head, trig.with_object) and not (
                trig.frame == "strike" and (_labour_sentence(head) or _stoppage_told(head))):
            continue
        if trig.frame == "protest" and _other_sense(head):
            continue
        if trig.match in _PARTICIPANTS and not _participants_act(head):
            continue  # "protesters pushed through the barriers"; not "police arrested five protesters", "protesters said"
        if trig.frame in _WEAPON_FRAMES and head.pos_ in ("NOUN", "PROPN") and (_carried(head) or _workplace(head)):
            continue
        return trig, end
    return None


# A strike phrase that names the work withheld is one whatever its sentence ("stopped reporting for duty", "downed
# tools"); a bare "strike" or "walk out" needs labour words around it.
_WORK_WORDS = {"duty", "work", "tool"}


def _plain_adjective(head) -> bool:
    """An adjective in the verb's own base form ('clear', 'close', 'calm'): a verb trigger tagged ADJ counts only as a
    participle, whose form differs from its lemma ('wounded', 'injured')."""
    return head.pos_ == "ADJ" and head.lower_ == head.lemma_.lower()


# Triggers for the participle before a noun ("protesting students"): the lemma "protest" then the people.
_PARTICIPLE_PREFIX = "protest.protesting_"
# Frames whose nouns name a weapon; "armed with heavy weapons", "carrying grenades" tell what a force holds, not its use.
_WEAPON_FRAMES = {"shelling", "airstrike", "grenade", "ied", "suicide_bomb", "chemical"}
_CARRY = {"arm", "armed", "equip", "equipped", "carry", "possess", "possession", "wield", "brandish", "stockpile"}


def _workplace(head) -> bool:
    """'the platinum mine', 'mine workers', 'striking miners at the mine': a mine that is dug, not laid."""
    if head.lemma_.lower() != "mine":
        return False
    ctx = _mining_words()
    if head.dep_ in ("compound", "poss") or any(c.lemma_.lower() in ctx for c in head.children):
        return True
    return any(t.lemma_.lower() in ctx for t in head.sent)


@functools.cache
def _mining_words() -> frozenset[str]:
    return frozenset(lexicon.cues()["mining_context"])


def _carried(head) -> bool:
    gov = head.head
    if head.dep_ == "pobj" and gov.lower_ == "with":
        gov = gov.head
    elif head.dep_ == "pobj" and gov.lower_ == "of":
        gov = gov.head  # "in possession of grenades"
    elif head.dep_ != "dobj":
        return False
    return gov is not head and (gov.lemma_.lower() in _CARRY or gov.lower_ in _CARRY)


def _fold_participants(doc, mentions: list[Mention]) -> list[Mention]:
    """'(Thousands of) protesters rallied in Nairobi and Mombasa': where the protesters' own verb is a protest word,
    that verb tells the protest and the protesters are only its agents, not a second mention."""
    crowd_heads = {m.head for m in mentions if m.frame.name in _CROWD_FRAMES}
    return [m for m in mentions if not (m.trigger.match in _PARTICIPANTS and _acting_verb(doc[m.head]).i in crowd_heads)]


def _acting_verb(head):
    """The verb the protesters are the subject of, directly or through a word counting them ('thousands of')."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ == "nsubj":
        head = head.head.head
    return head.head


def _participants_act(head) -> bool:
    """The protesters are who acts: the subject of a verb other than saying ('protesters pushed through'), the
    people of a subject that counts or groups them ('thousands of protesters clashed with police', 'a group of
    demonstrators blocked the road'), or whom someone leads ('led the marchers')."""
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ == "nsubj":
        head = head.head.head
    verb = _acting_verb(head).lemma_.lower()
    return head.dep_ == "nsubj" and verb not in _REPORTING or head.dep_ == "dobj" and verb == "lead"


# Nouns for the people at a protest: what they do as subjects is the protest ("the marchers reached parliament").
_PARTICIPANTS = {"protester", "protestor", "demonstrator", "marcher"}


# "demonstrated that ...", "demonstrated its commitment", "rally behind the team", "a Wall Street rally":
# the verbs and nouns of protest in their other senses.
_SHOW_VERBS = {"demonstrate", "rally", "march"}
_SUPPORT_PREPS = {"behind", "around", "to"}
_MARKET_WORDS = {"market", "stock", "share", "price", "street", "relief", "dollar", "oil", "bond", "equity", "index",
                 "currency", "late", "year-end", "bear", "bull"}


def _other_sense(head) -> bool:
    lemma = head.lemma_.lower()
    if head.pos_ == "VERB" and lemma in _SHOW_VERBS | _COLLECT_VERBS:
        if any(c.dep_ == "ccomp" or c.dep_ == "dobj" and not (lemma in _MOTION_VERBS and _site(c))
               for c in head.children):
            return True  # "demonstrated that it can", "rallied supporters", "gathering data"
        if lemma in _SHOW_VERBS and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children):
            return True  # "as was demonstrated by the team", "fairness must be demonstrated": shown, not protested
        if lemma == "rally" and any(c.dep_ == "prep" and c.lower_ in _SUPPORT_PREPS for c in head.children):
            return True  # "rally behind the president"
        if lemma == "gather" and _ordinary_purpose(head):
            return True  # "ministers gathered to discuss prices": a meeting
        if lemma in _COLLECT_VERBS and _object_antecedent(head):
            return True  # "the experience the party gathered": what was gathered is the noun it describes
    if head.pos_ == "VERB" and lemma == "petition" and any(c.dep_ == "dobj" for c in head.children):
        return True  # "petitioned the court": a formal request to a body, not a demonstration
    if head.pos_ in ("NOUN", "PROPN"):
        kinds = {c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss")}
        if lemma == "rally":
            return bool(kinds & _MARKET_WORDS)
        if lemma in _PARADES:
            return bool(kinds & _cue_set("ceremonial_kinds"))  # "a military procession": a parade, not a protest
        if lemma == "shutdown":
            return bool(kinds & _cue_set("idle_shutdowns"))  # "the government shutdown": a lapse, not a stay-away
    return False


_RELATIVE_WORDS = {"that", "who", "which", "whom", "where", "when", "whose"}


def _object_antecedent(verb) -> bool:
    """A relative clause with its own subject and no object, relative word or place: the noun it describes is its
    object ("the data the team gathered"), not where or who gathered ("the square where crowds gathered")."""
    if verb.dep_ != "relcl" or _site(verb.head):
        return False
    kids = list(verb.children)
    own_subject = any(c.dep_ == "nsubj" and c.lower_ not in _RELATIVE_WORDS for c in kids)
    own_object = any(c.dep_ == "dobj" for c in kids)
    relative = any(c.dep_ in ("advmod", "prep") and c.lower_ in _RELATIVE_WORDS for c in kids)
    return own_subject and not own_object and not relative


# Verbs of a crowd's movement: their object may be the place moved through ("marched the streets"), a misparsed
# place ("rallied outside the headquarters"), not what is shown or gathered.
_MOTION_VERBS = {"march", "rally"}


def _site(tok) -> bool:
    """A place where a crowd goes: a site noun (genres.json senses protest_sites) or a named facility."""
    return tok.lemma_.lower() in _cue_set("protest_sites") or tok.ent_type_ == "FAC"


def _ordinary_purpose(verb) -> bool:
    """The verb's aim, told as an infinitive, is an ordinary one ('gathered to discuss', 'to pray'): no demand or
    grievance is voiced (genres.json senses ordinary_purposes)."""
    return any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in _cue_set("ordinary_purposes") and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in verb.children)


# "gathered data", "gathering evidence": the transitive verb collects things; a crowd gathers without an object.
_COLLECT_VERBS = {"gather"}
_PARADES = {"procession", "parade", "march"}


@functools.cache
def _cue_set(name: str) -> frozenset[str]:
    """A word list of genres.json 'senses': what tells an event word's other sense."""
    return frozenset(lexicon.data("genres.json")["senses"][name])


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
        participants = head.dep_ == "poss" and m.trigger.tokens[0] == "striking"  # "striking teachers' union members"
        if m.nominal and not m.headline and head.dep_ in ("compound", "amod", "nmod", "poss") and m.end <= head.head.i \
                and not participants:
            target = by_token.get(head.head.i)
            if target is None:
                # "two mortar rounds", "artillery shells": the weapon names what was fired, not a kind of thing
                # ("teargas canisters", "tear gas shells": what disperses a crowd, fired in its rounds)
                if head.head.pos_ in ("NOUN", "PROPN") and not (
                        m.frame.name in _WEAPON_FRAMES | {"disperse"} and head.head.lemma_.lower() in AMMUNITION):
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


# Prepositions of time and place: an event noun after them took place ("arrested during the protests").
_WHEN_WHERE = {"during", "after", "before", "following", "amid", "amidst", "since", "at", "in", "near", "outside",
               "throughout", "despite", "until", "inside", "in front of"}


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
            if head.head.lower_ in _WHEN_WHERE:
                continue  # "arrested during the protests", "detained following the march": the protest took place
            gov = by_head.get(head.head.head.i)  # "called for a strike", "appealed for talks"
            if gov is not None and not gov.nominal and gov.trigger.plover in _UNREALISED_BY:
                m.hypothetical = True
            continue
        if m.nominal and head.dep_ == "nsubjpass" and (gov := by_head.get(head.head.i)) is not None \
                and not gov.nominal and head.head.lemma_.lower() in LIGHT_VERBS and gov.frame.name != "concede":
            # "a protest was held in the town": the protest, not a detention
            m.negated = m.negated or gov.negated
            m.hypothetical = m.hypothetical or gov.hypothetical
            drop.add(id(gov))
            continue
        if not m.nominal or head.dep_ not in ("dobj", "attr"):
            continue
        gov = by_head.get(head.head.i)
        if gov is None or gov.nominal:
            continue
        # "held a protest" is a protest, not a detention; "suspended the strike" stays a concession
        light = head.head.lemma_.lower() in LIGHT_VERBS and gov.frame.name != "concede"
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
    m.nominal = head.pos_ in ("NOUN", "PROPN") or _noun_phrase_trigger(m, head)
    m.definite = m.nominal and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their", "his", "her")
        for c in head.children
    )
    m.purpose = not m.nominal and head.dep_ in ("advcl", "xcomp") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    m.negated = _negated(head)
    m.hypothetical = _hypothetical(head)
    if m.hypothetical and (m.frame.name in _ATTEMPT_IS_ACT or m.trigger.match in _ATTEMPTED_BLOCKS):
        attempt = _attempt_governor(head)
        if attempt is not None:
            m.hypothetical = _hypothetical(attempt) or not _told_as_done(attempt)
    m.reported = _reported(head)
    m.background = _accused_act(head) or _told_before(head)
    return m


def _accused_act(head) -> bool:
    """The act someone is accused, suspected, wanted or avenged for ('arrested on suspicion of planting a bomb',
    'a man accused of killing and robbing', 'in retaliation for the killing'): the clause's news is the arrest or
    the raid; the act is what the clause says about its people, not an event it tells (cues.json accusation)."""
    pairs = _accusation_pairs()
    for anc in _governors(head):
        if anc.pos_ == "ADP" and (anc.head.lemma_.lower(), anc.lower_) in pairs:
            # "Renamo accuses the army of killing four soldiers": a side's claim reports the act as news (ACLED
            # codes it); a person described as accused or held on suspicion is not what the clause tells
            return not _active_claim(anc.head)
        if anc.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in anc.children):
            return False  # a clause of its own: "accused the police, who had shot him" stops at "shot"
    return False


_CLAIM_VERBS = {"accuse"}


def _active_claim(word) -> bool:
    """A verb of accusing with a subject of its own in the active voice ('residents accused soldiers of ...'; not
    'police charged him with murder', where the charge is the news)."""
    deps = {c.dep_ for c in word.children}
    return word.lemma_.lower() in _CLAIM_VERBS and word.pos_ == "VERB" and "nsubj" in deps and not (
        deps & {"auxpass", "nsubjpass"})


def _told_before(head) -> bool:
    """An act set before the sentence's news by an adverb: 'have previously fought', 'had already attacked' (a
    perfect), or 'earlier' inside another clause ('protested the killing a few days earlier', 'an earlier attack'):
    history told to explain the news (cues.json told_before). A main clause's 'earlier' ('Earlier on Monday, rebels
    attacked ...') tells news of its own."""
    words, perfect, relative = _told_before_words()
    marks = [c.lower_ for c in head.children if c.dep_ in ("advmod", "amod") and c.lower_ in words]
    if not marks:
        return False
    if any(w not in perfect and w not in relative for w in marks):
        return True  # "previously", "formerly"
    if any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in head.children) and any(w in perfect for w in marks):
        return True
    return any(w in relative for w in marks) and not _main_clause(head)


def _main_clause(head) -> bool:
    """The trigger is the verb of the sentence (or one joined to it, or what a source says happened)."""
    tok = head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("ROOT", "ccomp") and tok.pos_ in ("VERB", "AUX")


# Where a noun phrase sits in its clause: a phrase trigger found there is a noun whatever the tagger made of its
# last word ("on a national go-slow", where "slow" comes out an adjective).
_NOUN_SLOTS = ("pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos")


def _noun_phrase_trigger(m: Mention, head) -> bool:
    """A hyphenated or multi-word trigger with no part of speech ('go-slow', 'sit-in') read in a noun's slot."""
    return m.trigger.pos is None and m.end - m.start > 1 and head.dep_ in _NOUN_SLOTS


# Frames whose attempt is already the act: ACLED's intervention is "a physical attempt to disperse or suppress" a
# protest, so "police tried to disperse the crowd" tells an intervention, a crowd that "tried to storm the
# ministry" has turned violent, and one that "tried to barricade the road" has taken to it; "tried to arrest him"
# need not tell an arrest.
_ATTEMPT_IS_ACT = {"disperse", "riot"}
# ... and the words of a road or gate physically blocked (not "tried to disrupt the meeting", which may be words)
_ATTEMPTED_BLOCKS = {"block", "blockade", "barricade"}
_ATTEMPT_VERBS = {"try", "attempt"}


def _told_as_done(verb) -> bool:
    """'tried', 'have tried', 'were trying': an attempt made, not one to come ('will try', 'to try')."""
    return verb.tag_ in ("VBD", "VBN", "VBG", "VBZ", "VBP") and not any(
        c.dep_ == "aux" and c.lower_ in ("will", "shall", "to") for c in verb.children)


def _attempt_governor(head):
    """The verb of trying that governs the trigger ('tried to block and disperse the march'), if any."""
    tok = head
    for _ in range(3):
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _ATTEMPT_VERBS:
            return tok.head
        if tok.dep_ != "conj" or tok.head is tok:
            return None
        tok = tok.head
    return None


def _negated(head) -> bool:
    if any(c.dep_ == "neg" for c in head.children):
        return True
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.lower_ == "without":
        return True  # "took the town without a fight"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in _FREE_OF:
        return True  # "a weekend free of protests", "a vote devoid of violence"
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


_FREE_OF = {"free", "devoid"}  # adjectives whose "of" names what was absent

_HYPO_GOVERNORS = {
    "threaten", "plan", "vow", "intend", "want", "prepare", "promise", "warn", "pledge", "aim", "try",
    "attempt", "seek", "hope", "call", "urge", "demand", "fear", "risk", "propose", "consider", "decide",
    "refuse", "expect", "ask", "threat", "appeal", "request", "press", "petition", "bid", "willing", "ready",
    "preparation", "intention", "intent", "readiness", "plot",
}


# Prepositions of time whose event noun is taken as having happened, whatever the clause around it says
# ("refused to return after the strike", "wanted to leave during the protest").
_PRESUPPOSING_PREPS = {"during", "after", "following", "amid", "amidst", "since", "throughout", "despite"}


def _hypothetical(head) -> bool:
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head is not head and _hypothetical(head.head):
        return True  # "further gatherings would be dispersed": the gatherings are as unreal as the dispersal
    if _unreal_frame(head):
        return True
    tok = head
    # a participle describing people ("if there are people protesting") is one step further from its clause
    participle = head.dep_ == "acl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    for _ in range(4 if participle else 3):
        if tok.dep_ == "pobj" and tok.head.lower_ in _PRESUPPOSING_PREPS and tok.pos_ in ("NOUN", "PROPN"):
            return False  # "refused to return to work following a strike": the strike took place
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_MODALS and not (c.lower_ == "would" and _reported_plan(tok))
               for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in tok.children):
            return True
        if tok.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "acl") and tok.head.lemma_.lower() in _HYPO_GOVERNORS:
            return True
        if tok.dep_ == "advcl" and tok.head.lemma_.lower() in _HYPO_GOVERNORS and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # "appealed to the president to release them"
        if tok.dep_ not in ("xcomp", "conj", "dobj", "pobj", "prep") and not (
                participle and tok.dep_ in ("acl", "attr")):
            break  # ("if there are people protesting": the people are as unreal as their protest)
        if tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ", "VBP") and tok.head.tag_ == "VB":
            break  # "refused to disperse and threw stones": a finite verb is a clause of its own, not under "refused"
        tok = tok.head
    return False


def _unreal_frame(head) -> bool:
    """Event words told as a right, a forecast or a trend rather than as something that happened: 'the right to
    strike' (the infinitive of a noun of right, plan or attempt), 'there will be new riots' (a prediction), 'one of the causes of
    protests', 'a rise in violent protests' (a bare plural after a noun of trend or cause, cues.json generic_heads)."""
    gov = head.head
    if head.pos_ in ("VERB", "AUX") and head.dep_ == "acl" and gov.lemma_.lower() in _cue_set("modal_nouns") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return True  # (not 'fired live rounds to disperse the crowd': an aim told after a thing may well be done)
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    if head.dep_ == "attr" and any(c.dep_ == "expl" for c in gov.children) and any(
            c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in gov.children):
        return True
    bare = head.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)
    return bare and head.dep_ == "pobj" and gov.lower_ in ("of", "in") and gov.head.lemma_.lower() in _cue_set(
        "generic_heads")


_REPORTING = {"say", "tell", "report", "claim", "state", "announce", "add", "confirm", "allege", "accord", "note", "explain"}


def _reported_plan(verb) -> bool:
    """'they said they would march on Wednesday': 'would' told under a verb of saying is the future of the past
    (news says 'will' for plans, and reports it as 'would'), unless a condition makes it hypothetical."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _REPORTING:
        return False
    return not any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in verb.sent)


def _reported(head) -> bool:
    tok = head
    # a participle describing people ("if there are people protesting") is one step further from its clause
    participle = head.dep_ == "acl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    for _ in range(4 if participle else 3):
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in _REPORTING:
            return True
        if tok.head is tok:
            break
        tok = tok.head
    return False


def _labour_sentence(head) -> bool:
    """'The strike is on', 'during the strike the prison ran with limited staff': a bare strike is a stoppage of
    work where its sentence speaks of work (cues.json labour_context) and not of war (military_context)."""
    labour, military = _strike_contexts()
    if head.pos_ in ("VERB", "AUX") and any(c.dep_ in ("dobj", "nsubjpass") for c in head.children):
        return False  # "struck a deal", "the bus was struck": a blow or an agreement, not a stoppage
    lemmas = {t.lemma_.lower() for t in head.sent}
    return bool(lemmas & labour) and not lemmas & military and not any(
        c.dep_ == "prep" and c.lower_ in ("on", "against") for c in head.children)


def _stoppage_told(head) -> bool:
    """'The strike entered its third week', 'the strike is on', 'workers joined the strike': a strike noun told with
    what lasts, is joined or is called off is a stoppage of work; a blow is over at once (genres.json senses
    stoppage_subject_verbs, stoppage_object_verbs), and a strike 'on' a target or in a military sentence is one."""
    if head.pos_ not in ("NOUN", "PROPN") or any(c.dep_ == "prep" and c.lower_ in ("on", "against")
                                                 for c in head.children):
        return False
    _, military = _strike_contexts()
    if any(t.lemma_.lower() in military for t in head.sent):
        return False
    gov = head.head
    verb = gov.lemma_.lower()
    if head.dep_ in ("nsubj", "nsubjpass") and verb == "be":
        return any(c.lower_ == "on" and c.dep_ in ("prep", "advmod", "prt", "acomp") and not list(c.children)
                   for c in gov.children)  # "the strike is on"
    if head.dep_ == "nsubj":
        # "the strike ended on Friday", but not "the strike ended his life": a stoppage ends, a blow ends something
        ends_something = verb == "end" and any(c.dep_ == "dobj" for c in gov.children)
        return verb in _cue_set("stoppage_subject_verbs") and not ends_something
    if head.dep_ in ("dobj", "nsubjpass"):
        return verb in _cue_set("stoppage_object_verbs")
    return False


# Verbs that take the crowd's act as their complement ("began blockading", "tried to barricade", "continued
# marching"): their subject is the act's doer.
_PHASE_VERBS = {"begin", "start", "continue", "try", "attempt", "resume", "keep", "go", "threaten"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def _doer(doc, m: Mention):
    """The token that names who does the mention's act: the subject of its verb (climbing 'began blockading',
    'tried to barricade' and coordinated verbs), the agent of a passive ('torched by residents'), or the subject
    of the light verb of a noun ('staged a sit-in'); None when the clause names none."""
    tok = doc[m.head]
    if m.nominal and tok.dep_ in ("dobj", "pobj", "attr"):
        tok = tok.head.head if tok.dep_ == "pobj" else tok.head
    for _ in range(4):
        subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        if subject is not None:
            return None if subject.dep_ == "nsubjpass" else subject
        if tok.dep_ == "conj" or tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _PHASE_VERBS:
            tok = tok.head
            continue
        return None
    return None


def _crowd_doer(doc, m: Mention) -> tuple[bool, bool]:
    """Whether who does the act is a crowd, and one told in numbers: people counted or told as a body ('about 300
    community members', 'the unruly group of party members', 'hotheads'), or 'they' right after a protest; never an
    armed or state body ('an armed group', 'a group of soldiers')."""
    who = _doer(doc, m)
    if who is None:
        return False, False
    if who.lower_ == "they":
        return m.after_protest, False
    words = [who, *(g for c in who.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
    phrase = [t for w in words for t in w.subtree]
    if {t.lemma_.lower() for t in phrase} & _cue_set("armed_nouns"):
        return False, False
    plural = [w for w in words if w.tag_ in ("NNS", "NNPS") or w.lemma_.lower() in _COLLECTIVE]
    crowd = any(w.lemma_.lower() in _cue_set("crowd_nouns") for w in plural)
    return crowd, crowd and (who.lemma_.lower() in _COLLECTIVE - {"people"} or _many(phrase))


def _many(tokens) -> bool:
    """The words count a crowd: a figure of ten or more, or a scale word ('hundreds', 'dozens', 'thousands')."""
    scales = _scales()
    for t in tokens:
        if t.lower_ in scales:
            return True
        if t.like_num and t.text.replace(",", "").isdigit() and int(t.text.replace(",", "")) >= _CROWD_FLOOR:
            return True
    return False


_CROWD_FLOOR = 10  # fewer people than this are a group, not a crowd ("two men burned a car")


@functools.cache
def _scales() -> frozenset[str]:
    return frozenset(lexicon.data("quantities.json")["scales"])


# Nouns of a crowd that are one in the singular ("the crowd", "the community"); "group" is one only with its
# members told ("a group of youths").
_COLLECTIVE = {"crowd", "throng", "mob", "community", "people"}


@functools.cache
def _strike_contexts() -> tuple[frozenset[str], frozenset[str]]:
    cues = lexicon.cues()
    return frozenset(cues["labour_context"]), frozenset(cues["military_context"])


@functools.cache
def _abstract_targets() -> frozenset[str]:
    return frozenset(lexicon.cues()["abstract_targets"])


@functools.cache
def _cause_words() -> frozenset[str]:
    return frozenset(lexicon.cues()["protest_causes"])


@functools.cache
def _accusation_pairs() -> frozenset[tuple[str, str]]:
    """(word lemma, preposition) pairs of cues.json accusation ('accuse of' -> ('accuse', 'of'))."""
    return frozenset(tuple(cue.rsplit(" ", 1)) for cue in lexicon.cues()["accusation"])


@functools.cache
def _told_before_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """cues.json told_before: all its adverbs, those that need a perfect, those that need another clause."""
    raw = lexicon.data("cues.json")["told_before"]
    return frozenset(raw["cues"]), frozenset(raw["perfect"]), frozenset(raw["relative"])


@functools.cache
def _no_comment_words() -> frozenset[str]:
    return frozenset(lexicon.cues()["no_comment"])
