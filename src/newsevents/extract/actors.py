"""Who acted on whom: arguments from the dependency parse, coded to ACLED actor types and PLOVER sectors."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from newsevents import lexicon
from newsevents.gazetteer import get_gazetteer
from newsevents.records import Actor, Span

_SUBJ = ("nsubj",)
_PASS_SUBJ = ("nsubjpass",)
_OBJ = ("dobj",)
# prepositions whose object is the one acted on: "fired on", "attack against", "raid on", "arrest of"
_TARGET_PREPS = {"on", "at", "upon", "against", "of", "into", "towards", "toward"}  # "fired rounds towards KIA positions"
# Entity types that are never actors: a date or a place in "on 16 August", "at Kumshe".
NOT_ACTOR_ENTS = {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_PARTNER_PREPS = {"with", "between"}
_RELATIVE = {"who", "which", "that", "whom"}
_TITLE_KINDS = {
    "president": "government", "minister": "government", "premier": "government", "governor": "government",
    "mayor": "government", "official": "government", "spokesman": "government", "general": "military",
    "commander": "military", "colonel": "military", "judge": "judiciary", "prosecutor": "judiciary",
    "lawmaker": "government", "senator": "government", "mp": "government",
    # heads of state and government, who act for their state (ACLED: 'Government of X')
    "king": "government", "queen": "government", "chancellor": "government", "emir": "government",
    "sultan": "government", "emperor": "government", "ayatollah": "government", "ambassador": "government",
    "envoy": "government",
}
# Capitals that news uses for their state's government ("Washington imposed sanctions", "Kyiv said"): general
# knowledge (each country's seat of government), read only as the doer of a verb, never as a place acted on.
_CAPITALS = {
    "washington": "USA", "moscow": "RUS", "kremlin": "RUS", "beijing": "CHN", "kyiv": "UKR", "kiev": "UKR",
    "london": "GBR", "paris": "FRA", "berlin": "DEU", "tehran": "IRN", "ankara": "TUR", "damascus": "SYR",
    "baghdad": "IRQ", "cairo": "EGY", "riyadh": "SAU", "tokyo": "JPN", "seoul": "KOR", "pyongyang": "PRK",
    "new delhi": "IND", "islamabad": "PAK", "kabul": "AFG", "khartoum": "SDN", "nairobi": "KEN",
    "addis ababa": "ETH", "abuja": "NGA", "pretoria": "ZAF", "caracas": "VEN", "havana": "CUB", "minsk": "BLR",
    "tbilisi": "GEO", "yerevan": "ARM", "baku": "AZE", "tripoli": "LBY", "algiers": "DZA", "rabat": "MAR",
    "beirut": "LBN", "amman": "JOR", "sanaa": "YEM", "doha": "QAT", "abu dhabi": "ARE", "kampala": "UGA",
    "kigali": "RWA", "kinshasa": "COD", "mogadishu": "SOM", "juba": "SSD", "dhaka": "BGD", "naypyidaw": "MMR",
    "bangkok": "THA", "manila": "PHL", "jakarta": "IDN", "hanoi": "VNM", "ottawa": "CAN", "canberra": "AUS",
    "rome": "ITA", "madrid": "ESP", "warsaw": "POL", "brasilia": "BRA", "bogota": "COL", "tashkent": "UZB",
    "astana": "KAZ", "dushanbe": "TJK", "bishkek": "KGZ", "ashgabat": "TKM", "kathmandu": "NPL", "colombo": "LKA",
    "taipei": "TWN", "asmara": "ERI", "djibouti": "DJI", "bamako": "MLI", "niamey": "NER", "ouagadougou": "BFA",
    "n'djamena": "TCD", "bangui": "CAF", "harare": "ZWE", "lusaka": "ZMB", "maputo": "MOZ", "dodoma": "TZA",
}
# How ACLED names a state's forces, by the kind of actor term.
_STATE_NAMES = {
    "military": "Military Forces of {}",
    "police": "Police Forces of {}",
    "security": "Police Forces of {}",
    "government": "Government of {}",
    "judiciary": "Government of {}",
}
_GENERIC_NAMES = {
    "protesters": "Protesters ({})",
    "rioters": "Rioters ({})",
    "civilians": "Civilians ({})",
    "unidentified_armed": "Unidentified Armed Group ({})",
}
_OFF_DUTY = re.compile(r"\b(?:former|retired|ex-|off[- ]duty)", re.I)
_AFFILIATION = re.compile(r"\b(pro-[\w-]+|[\w-]+-(?:aligned|backed|linked|affiliated|allied|sponsored))\b", re.I)


@dataclass
class Arguments:
    """The parse's answer for one trigger: agent and patient token heads (None when not found)."""

    agent: int | None = None
    patient: int | None = None
    partner: int | None = None  # "clashed with X": the other side of a two-sided event


def arguments(doc, head_i: int, nominal: bool, armed_fallback: bool = True) -> Arguments:
    """Agent and patient of the trigger at head_i, following passives, relative clauses, conjunctions.

    When the parse gives no agent (the small model often misattaches), the nearest armed actor named in the
    trigger's sentence stands in: 'a suspect was killed during a police raid', 'Myanmar military and RCSS clashed'.
    """
    head = doc[head_i]
    args = Arguments()
    if nominal:
        _nominal_arguments(head, args)
    else:
        _verbal_arguments(head, args)
    if args.agent is not None:
        args.agent = _resolve_pronoun(doc, doc[_skip_relative(doc[args.agent]).i])
    if args.agent is not None:
        args.agent = _behind_weapon(doc[args.agent])
    if args.agent is None and armed_fallback:
        args.agent = armed_in_sentence(doc, head, _taken(doc, args))
    if args.patient is not None:
        args.patient = _partitive(doc, doc[args.patient], head)
    if args.patient is not None and args.patient == args.agent:
        args.patient = None
    return args


_QUANTIFIERS = {"one", "many", "some", "several", "few", "most", "all", "others", "dozens", "scores"}


def _partitive(doc, tok, head) -> int:
    """A count that stands for its people: 'killed one of the assailants' -> the assailants; 'pursued the raiders
    and killed many' -> the raiders pursued."""
    if tok.dep_ != "dobj" or not (tok.like_num or tok.ent_type_ == "CARDINAL" or tok.lower_ in _QUANTIFIERS):
        return tok.i  # "one of the assailants was killed" tells the toll of the fight, not a second side
    of = _prep_object(tok, {"of"})
    if of is not None and doc[of].pos_ in ("NOUN", "PROPN"):  # not "eight of the 23", nor "some of them"
        return of
    if head.dep_ == "conj" and not any(c.dep_ in ("nmod", "compound", "amod") for c in tok.children):
        earlier = _child(head.head, _OBJ)  # the object of the verb the trigger is joined to
        if earlier is not None and _known(doc, earlier) is not None:
            return earlier
    return tok.i


_PRONOUNS = {"they", "he", "she", "it", "them", "who"}


def _resolve_pronoun(doc, tok) -> int | None:
    """'They killed two soldiers': the pronoun stands for the actor that was the subject just before it (in its
    sentence, else the one before), failing that the last typed actor named before it."""
    if tok.pos_ != "PRON" or tok.lower_ not in _PRONOUNS:
        return tok.i
    start = max(tok.sent.start - 200, 0)
    previous = doc[tok.sent.start - 1].sent if tok.sent.start > 0 else None
    lo = previous.start if previous is not None else tok.sent.start
    singular = tok.lower_ in ("he", "she")
    for j in range(tok.i - 1, lo - 1, -1):
        t = doc[j]
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and not _speaker(t) \
                and not (singular and t.tag_ in ("NNS", "NNPS")) and _known(doc, j):
            return j
    for j in range(tok.i - 1, start - 1, -1):
        t = doc[j]
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod") and _known(doc, j):
            return j
    return None


def _taken(doc, args: Arguments) -> set[int]:
    """Tokens already used as patient or partner (with their coordinated heads and their words)."""
    out: set[int] = set()
    for i in (args.patient, args.partner):
        if i is not None:
            for j in conjuncts(doc, i):
                out.update(t.i for t in doc[j].subtree)
    return out


_ARMED = {1, 2, 3, 4, 8}
_UNARMED_SECTORS = {"GOV", "JUD", "LEG"}
_FORCE_HEADS = {"force", "troop", "unit", "personnel", "element", "battalion", "brigade", "squad", "detachment",
                "contingent", "soldier", "fighter", "position", "post", "base", "camp", "convoy", "checkpoint", "patrol",
                "division", "corps", "regiment"}  # "the regime's 4th Division": its army's
_SUFFERING = {"die", "perish", "succumb", "drown", "lose", "sustain", "suffer"}
# Heads that say nothing of who by themselves: "rebel forces", "members of X", "ADF elements".
_GENERIC_HEADS = {"position", "post", "base", "camp", "convoy", "checkpoint", "station", "barrack", "barracks",
                  "outpost", "patrol", "vehicle", "garrison", "tank", "helicopter",  # "the positions of X", "a police post"
                  "force", "member", "unit", "element", "personnel", "team", "group", "cadre", "operative",
                  "battalion", "brigade", "squad", "detachment", "contingent", "wing", "faction",
                  "division", "corps", "regiment", "premise", "premises", "headquarters", "compound",
                  "supporter", "loyalist", "representative"}  # "supporters of the BNP" are the party's
# Formations that, numbered and owned by no one named, are a state's army: "the 5th Corps", "the 17th Infantry Brigade".
_UNIT_WORDS = {"battalion", "brigade", "division", "corps", "regiment"}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth", re.I)


def armed_in_sentence(doc, head, taken: set[int]) -> int | None:
    """The armed actor nearest the trigger in its sentence, or None."""
    sent = head.sent
    best: tuple[int, int] | None = None
    for t in sent:
        if t.i in taken or t.i == head.i or t.pos_ not in ("NOUN", "PROPN") or t.ent_type_ in NOT_ACTOR_ENTS - {"GPE"}:
            continue
        if _speaker(t) or _patient_like(t):
            continue
        term = _known(doc, t.i)
        if term is None or term.inter not in _ARMED or term.sector in _UNARMED_SECTORS:
            continue  # officials, judges and lawmakers do not fight: "supporters of MP X clashed"
        # the head of a phrase beats its modifier ("government security forces" over "government")
        rank = (abs(t.i - head.i) + (3 if t.dep_ in ("compound", "amod") and t.head.i != head.i else 0), t.i)
        if best is None or rank < best:
            best = rank
    return best[1] if best else None


_FIGHT_BACK = {"repel", "repulse", "hold", "respond", "engage", "counter", "push", "chase", "fend", "resist", "return",
               "retaliate", "thwart", "foil", "drive"}


# Nouns of the answer an attack met, with the preposition naming who gave it: "encountered resistance from the
# army", "met stiff resistance from", "in an exchange of fire with police", "a counter-attack by troops".
_RESISTANCE = {"resistance": {"from", "by"}, "response": {"from", "by"}, "retaliation": {"from", "by"},
               "counterattack": {"from", "by"}, "counter-attack": {"from", "by"}, "exchange": {"with"},
               "gunbattle": {"with"}, "firefight": {"with"}, "shootout": {"with"}, "fightback": {"from", "by"}}


def defender(doc, head, used: set[int]) -> int | None:
    """An armed actor in the sentence who fought back ('... but were repelled by the army', 'troops responded',
    'encountered resistance from the army')."""
    for t in head.sent:
        if t.pos_ == "VERB" and t.lemma_.lower() in _FIGHT_BACK:
            found = (_agent_by(t), _child(t, _SUBJ))
        elif t.pos_ == "NOUN" and t.lower_ in _RESISTANCE:
            found = (_prep_object(t, _RESISTANCE[t.lower_]),)
        else:
            continue
        for i in found:
            if i is None or i in used:
                continue
            term = _known(doc, i)
            if term is not None and term.inter in _ARMED and term.sector not in _UNARMED_SECTORS:
                return i
    return None


def _patient_like(tok) -> bool:
    """Someone acted on in another clause ('the arrest of party members') is no stand-in agent."""
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _SUFFERING:
        return True  # "four soldiers died in an IED explosion": the dead are not who set it off
    if tok.dep_ == "nsubjpass" and tok.head.lemma_.lower() in _PERCEIVED:
        return False  # "militants were seen near the town": they did what was seen
    return tok.dep_ in ("dobj", "nsubjpass") or tok.dep_ == "pobj" and tok.head.lower_ in _TARGET_PREPS


def _speaker(tok) -> bool:
    """'..., police said', 'according to the army': who tells of an event is not who did it."""
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _reporting_verbs():
        return True
    head = tok.head
    return tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"


@functools.cache
def _reporting_verbs() -> frozenset[str]:
    # "claim" is not here: "Al Shabaab claimed the attack" names the actor
    return frozenset(lexicon.cues()["reporting_verbs"]) - {"claim"}


def _known(doc, i: int) -> lexicon.ActorTerm | None:
    """The lexicon term for the phrase headed by token i (named group or role word), or None."""
    return _named(phrase(doc, i).text) or _named_before(doc, doc[i]) or _role_term(doc, doc[i], _term_index()[0])


def _named_before(doc, tok, country: str | None = None) -> lexicon.ActorTerm | None:
    """A noun modifier whose group's name begins in words the parse hung on the head beside it ('Saudi-led coalition
    airstrikes': 'coalition' with 'Saudi-led'): the named group those words and the modifier spell, else None."""
    if tok.dep_ not in ("compound", "nmod") or tok.head.i < tok.i or tok.head.left_edge.i >= tok.i:
        return None
    return _named(doc[tok.head.left_edge.i:tok.i + 1].text, country)


# Words that hedge who an unnamed actor was: "gunmen (likely Al Shabaab)", "an armed group believed to be the ADF".
_HEDGES = {"likely", "believe", "suspect", "suspected", "probably", "presumably", "presume", "think", "allegedly",
           "possibly", "reportedly", "thought", "believed"}
_HEDGE_REACH = 10  # tokens after the actor's head a hedged name may follow in


def suspected_group(doc, i: int) -> int | None:
    """The named armed group told, right after an unnamed actor, as who it probably was: "an IED planted by an
    unknown armed group (likely Al Shabaab ...)", "gunmen suspected to be NPA rebels" (ACLED codes the suspected
    group); None when no hedge word comes before a group's name, or a verb of its own ends the phrase first."""
    tok = doc[i]
    hedged = False
    for t in doc[i + 1:min(tok.sent.end, i + 1 + _HEDGE_REACH)]:
        lemma = t.lemma_.lower()
        if lemma in _HEDGES or t.lower_ in _HEDGES:
            hedged = True
            continue
        if t.pos_ in ("VERB", "AUX") and lemma not in ("be", "do"):
            return None  # "gunmen attacked the FARDC": the clause goes on; what follows is not who they were
        if hedged and t.pos_ in ("NOUN", "PROPN"):
            term = _known(doc, t.i)
            if term is not None and term.id.startswith("group.") and term.inter in (2, 3, 4, 8):
                return t.i
    return None


def known_term(doc, i: int) -> lexicon.ActorTerm | None:
    """The lexicon term for the phrase headed by token i (named group or role word), or None."""
    return _known(doc, i)


def _named(text: str, country: str | None = None) -> lexicon.ActorTerm | None:
    """The named group whose name or alias occurs in text; where one alias names groups of several countries
    ('NAF': Nigeria's air force, Ukraine's separatists), the one of the article's country, else one of no
    country rather than one of another country."""
    term = _named_any(text)
    if term is None or country is None or term.country in (None, country):
        return term
    for alias in (term.match, *term.aliases):
        if _norm(alias) in _norm(text).split() or len(alias.split()) > 1 and _norm(alias) in _norm(text):
            others = [t for a, t in _term_index()[1] if a == _norm(alias) and t is not term]
            other = next((t for t in others if t.country == country), None) or next(
                (t for t in others if t.country is None), None)
            if other is not None:
                return other
    return term


@functools.lru_cache(maxsize=65536)
def _named_any(text: str) -> lexicon.ActorTerm | None:
    """The named group whose name or alias occurs in text as whole words (longest alias first); an alias of
    one or two characters only when it is the whole text. Looked up by the text's word runs, not by a scan of
    every alias."""
    norm = _norm(text)
    rank, longest = _alias_rank()
    best = rank.get(norm)  # the whole text, any length
    words = norm.split()
    for n in range(1, min(len(words), longest) + 1):
        for start in range(len(words) - n + 1):
            hit = rank.get(" ".join(words[start:start + n]))
            if hit is not None and len(hit[1]) > 2 and (best is None or hit[0] < best[0]):
                best = hit
    return best[2] if best is not None else None


@functools.cache
def _alias_rank() -> tuple[dict[str, tuple[int, str, lexicon.ActorTerm]], int]:
    """Each alias's first place in the longest-first list (the scan order it stands for), and the most words in one."""
    rank: dict[str, tuple[int, str, lexicon.ActorTerm]] = {}
    for position, (alias, term) in enumerate(_term_index()[1]):
        rank.setdefault(alias, (position, alias, term))
    return rank, max((len(alias.split()) for alias in rank), default=1)


def _norm(text: str) -> str:
    """Lowercase words, brackets and slashes as spaces: 'RCSS/SSA-S', 'soldiers (SNA)' match their aliases; a
    possessive or an acronym's plural is its name: "KIA's 36th Battalion", "KIAs positions"."""
    text = _ACRONYM_PLURAL.sub(r"\1", _POSSESSIVE.sub("", text))
    return " ".join(_SEPARATORS.sub(" ", text.lower()).split())


_SEPARATORS = re.compile(r"[()/,;:\"“”]+")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b")
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def behind_weapon(tok) -> int | None:
    """Who used or laid the weapon named by tok ('an IED planted by X' -> X), or None; tok itself when no weapon."""
    found = _behind_weapon(tok)
    return None if found == tok.i and tok.lemma_.lower() in _weapon_words() else found


def _behind_weapon(tok) -> int | None:
    """'An IED planted by Al Shabaab killed ...', 'Afghan military airstrikes killed ...': the weapon is not the actor."""
    if tok.lemma_.lower() not in _weapon_words():
        return tok.i
    for c in tok.children:
        if c.dep_ == "acl":
            by = _agent_by(c)
            if by is not None:
                return by
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i
            and c.pos_ in ("NOUN", "PROPN", "ADJ")]
    # "a Russian Iskander missile": who fired it is the nation or the group named, not the weapon's make
    for c in mods:
        if _known(tok.doc, c.i) is not None or get_gazetteer().country_iso3(c.text):
            return c.i
    for c in mods:
        if c.pos_ != "ADJ" or c.ent_type_ == "NORP":
            return c.i
    return None


@functools.cache
def _weapon_words() -> frozenset[str]:
    """Nouns that name a weapon or an attack rather than who carried it out (from the trigger lexicon)."""
    words = {t.tokens[-1] for t in lexicon.triggers() if t.pos == "NOUN" and lexicon.frames()[t.frame].violent}
    return frozenset(words | {"bomb", "device", "mine", "ied", "shell", "rocket", "missile", "drone", "grenade",
                              "gun", "rifle", "machete", "knife", "weapon", "firearm"})


def _first(*indices: int | None) -> int | None:
    """The first index that is not None (token 0 is a real index, so `or` will not do)."""
    return next((i for i in indices if i is not None), None)


def _child(tok, deps) -> int | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c.i
    return None


def _prep_object(tok, preps) -> int | None:
    """The first object of one of `preps` on tok that names an actor, else the first object at all: 'at Wa Baw,
    the army fired a round at KIA positions' -> the positions, not the place."""
    first = None
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            for g in c.children:
                # NER calls some groups places ("Islamic State Somalia Province"): the lexicon overrules it
                if g.dep_ == "pobj" and (g.ent_type_ not in NOT_ACTOR_ENTS or _named(phrase(g.doc, g.i).text)
                                         or state_metonym(g.doc, g) is not None) \
                        and not _when(g):
                    if _known(g.doc, g.i) is not None:
                        return g.i
                    first = g.i if first is None else first
    return first


_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b", re.I)


def _when(tok) -> bool:
    """'On 18-May-2016', 'on the 3rd': a date the tagger missed is no target."""
    words = [t for t in tok.subtree]
    return any(t.ent_type_ in ("DATE", "TIME") for t in words) or (
        any(t.like_num or any(ch.isdigit() for ch in t.text) for t in words) and bool(_MONTHS.search(tok.text)))


def prep_object(tok, preps) -> int | None:
    """The object of one of `preps` attached to tok ('surrendered to the army' -> army), or None."""
    return _prep_object(tok, preps)


def _agent_by(tok) -> int | None:
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g.i
    return None


# What is fired, besides ammunition: "opened fire against the forces" aims at the forces, not at the fire.
_FIRE = frozenset({"fire", "gunfire", "gunshot"})
# "Al Shabaab were seen gathering", "fighters were observed moving": who is seen is who acts, not a patient
_PERCEIVED = {"see", "observe", "spot", "sight", "notice", "witness"}


def _false_passive(head) -> bool:
    """'Boko Haram/IS attacked a post': a capitalised acronym ('IS') the parse took for the auxiliary 'is' makes no
    passive, and the verb's object says it is active."""
    aux = [c for c in head.children if c.dep_ == "auxpass"]
    return bool(aux) and all(c.text.isupper() and len(c.text) > 1 for c in aux) and _child(head, _OBJ) is not None


def _verbal_arguments(head, args: Arguments) -> None:
    passive = _child(head, _PASS_SUBJ)
    if passive is not None and (head.lemma_.lower() in _PERCEIVED or _false_passive(head)):
        args.agent = passive
        if _false_passive(head):
            args.patient = _first(_object(head), _prep_object(head, _TARGET_PREPS))
        return
    by = _agent_by(head) if head.tag_ == "VBN" else None
    by_agent = by is not None and (term := _known(head.doc, by)) is not None and term.inter in _ARMED
    if passive is not None or head.tag_ == "VBN" and head.dep_ in ("acl", "amod", "relcl") or by_agent:
        args.patient = passive
        args.agent = _agent_by(head)
        if passive is None and head.dep_ in ("acl", "amod"):
            args.patient = head.head.i  # "demonstrators arrested since ..."
        elif passive is None and by_agent:
            # "protesters lit fires and were dispersed by police", "blocked the road, later to be dispersed by
            # police": the passive's subject is the one of the verb it is joined to (a force or an armed group
            # after 'by'; 'by a man' may be anyone's words)
            args.patient = _inherited_subject(head)
    else:
        args.agent = _subject(head)
        obj = _child(head, (*_OBJ, "oprd")) if head.lemma_.lower() == "target" else _object(head)
        if obj is not None and head.doc[obj].lemma_.lower() in AMMUNITION | _FIRE:
            # "fired machine gun rounds on KIA positions": the rounds are not the target; where they went is
            obj = _first(_prep_object(head.doc[obj], _TARGET_PREPS - {"of"}), _prep_object(head, _TARGET_PREPS),
                         _aimed_from_list(head, head.doc[obj]))
        aimed = _prep_object(head, _TARGET_PREPS - {"of"})
        if obj is not None and aimed is not None and _known(head.doc, obj) is None \
                and state_metonym(head.doc, head.doc[aimed]) is not None:
            obj = aimed  # "fired anti-aircraft batteries at Russia": what was fired is no target; the state is
        args.patient = _first(obj, _prep_object(head, _TARGET_PREPS), _shared_object(head), _targeted(head))
    args.partner = _prep_object(head, _PARTNER_PREPS)
    if args.agent is None and head.dep_ == "relcl" and passive is None:
        args.agent = head.head.i  # "militiamen who fired on demonstrators"
    if args.agent is None and passive is None and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children):
        args.agent = _inherited_subject(head)


def _aimed_from_list(head, obj) -> int | None:
    """'fired mortars, grenade launchers and small arms at the positions of X': the parse may hang the target on a
    later item of what was fired (or take an item for a verb); the first actor aimed at from any item is the target."""
    items = [*obj.conjuncts, *(c for c in head.children if c.dep_ == "conj")]
    items += [g for t in list(items) for g in t.children if g.dep_ in ("dobj", "conj")]
    for t in sorted(items, key=lambda t: t.i):
        found = _prep_object(t, _TARGET_PREPS - {"of"})
        if found is not None and _known(head.doc, found) is not None:
            return found
    return None


def _subject(head) -> int | None:
    """The verb's subject; of several (a misparsed dateline: 'Kachin state, the Myanmar army fired'), the one that
    names an actor, else the nearest."""
    # a preposition is never a subject: 'near Bule, in Mbaa, an unidentified militia has killed' misparsed
    subjects = [c for c in head.children if c.dep_ in _SUBJ and c.pos_ != "ADP"]
    if len(subjects) < 2:
        return subjects[0].i if subjects else None
    known = [c for c in subjects if c.ent_type_ not in NOT_ACTOR_ENTS - {"GPE"} and _known(head.doc, c.i) is not None]
    return (known or subjects)[-1].i


def _object(head) -> int | None:
    """The verb's object; of several ('fired six 81 mm rounds' misparsed as two), ammunition or an actor first."""
    objects = [c for c in head.children if c.dep_ in _OBJ]
    if len(objects) < 2:
        return objects[0].i if objects else None
    return next((c.i for c in objects if c.lemma_.lower() in AMMUNITION or _known(head.doc, c.i) is not None),
                objects[0].i)


def _targeted(head) -> int | None:
    """'threw a grenade targeting a police checkpoint', 'an attack aimed at the convoy': what was targeted."""
    for tok in (head, head.head):
        for c in tok.children:
            if c.dep_ in ("acl", "advcl", "xcomp") and c.lemma_.lower() in ("target", "aim"):
                return _first(_child(c, (*_OBJ, "oprd")), _prep_object(c, {"at", "against", "on"}))
    return None


def _shared_object(head) -> int | None:
    """'shot and injured the officer': coordinated verbs share the object the last one carries."""
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            return _child(c, _OBJ)
    return None


def _inherited_subject(head) -> int | None:
    """Subject shared along conjunctions and participle clauses: 'raided ... and arrested', 'fired, killing'."""
    tok = head
    for _ in range(4):
        if tok.dep_ not in ("conj", "advcl", "xcomp", "pcomp") or tok.head is tok:
            return None
        tok = tok.head
        subj = _child(tok, _SUBJ)
        if subj is not None:
            return subj
        if tok.dep_ == "relcl":
            return tok.head.i
    return None


_WIELD = {"throw", "hurl", "lob", "toss", "plant", "detonate", "launch", "drop", "lay", "fire", "explode", "use",
          "open",  # "opened gunfire on the base"
          "erect", "set", "mount", "put", "build", "man"}  # "protesters erected barricades"


# Verbs whose subject underwent or withstood the act their object names: "soldiers survived an attack by gunmen",
# "the army repulsed an assault by the rebels".
_UNDERGO = {"survive", "escape", "repel", "repulse", "foil", "thwart", "withstand", "face", "suffer"}


def _nominal_arguments(head, args: Arguments) -> None:
    # "the arrest of five members", "a raid on the office", "clashes between X and Y"
    args.patient = _prep_object(head, _TARGET_PREPS)
    args.partner = _prep_object(head, _PARTNER_PREPS)
    args.agent = _prep_object(head, {"by"})
    verb = _wielded_by(head)
    if verb is not None:
        # "militants threw a grenade at a checkpoint": who throws is the attacker, where it lands the target
        if args.agent is None:
            args.agent = _first(_child(verb, _SUBJ), _inherited_subject(verb), _agent_by(verb))
        if args.patient is None:
            args.patient = _first(_prep_object(verb, {"at", "on", "into", "against", "towards", "toward"}),
                                  _aimed_from_list(verb, head) if head.dep_ != "dobj" else None)
    for c in head.children:
        if args.agent is None and c.dep_ in ("poss", "compound") and c.pos_ in ("NOUN", "PROPN") and (
                c.pos_ == "PROPN" or _known(head.doc, c.i) is not None):
            args.agent = c.i  # "police raid", "the army's offensive" (not "a five-minute firefight")
    if args.agent is None and head.lemma_.lower() in _weapon_words():
        for c in head.children:  # "an Israeli airstrike", "Russian shelling": that state's forces
            if c.dep_ == "amod" and c.i < head.i and get_gazetteer().country_iso3(c.text):
                args.agent = c.i
                break
    if head.dep_ in ("dobj", "attr") and head.head.lemma_.lower() in _LIGHT | _IMPOSING:
        if args.agent is None:
            args.agent = _first(_child(head.head, _SUBJ), _inherited_subject(head.head))
        if args.patient is None:  # "carried out an attack at a checkpoint", "launched an offensive against"
            args.patient = _prep_object(head.head, _TARGET_PREPS - {"of", "into"})
    if head.dep_ in ("nsubj", "nsubjpass") and args.partner is None:
        # "fighting broke out between X and Y", "clashes were reported between X and Y"
        args.partner = _prep_object(head.head, _PARTNER_PREPS)
    if args.patient is None and head.lemma_.lower() in _weapon_words():
        verb = head.head
        if head.dep_ == "nsubj" and verb.pos_ == "VERB":  # "a missile struck the hotel"
            args.patient = _child(verb, _OBJ)
        elif head.dep_ == "pobj" and verb.dep_ == "agent":  # "the vehicle was hit by an IED"
            args.patient = _child(verb.head, _PASS_SUBJ)
    if args.patient is None:
        args.patient = _targeted(head)
    if args.patient is None and args.agent is not None and head.dep_ == "dobj" and \
            head.head.lemma_.lower() in _UNDERGO:
        args.patient = _child(head.head, _SUBJ)  # "two soldiers survived an attack by gunmen"
    if head.dep_ == "pobj" and head.head.lower_ == "with" and head.head.head.pos_ == "VERB":
        verb = head.head.head  # "the army hit the KIA with air strikes": who struck whom is the verb's
        if args.agent is None:
            args.agent = _first(_child(verb, _SUBJ), _inherited_subject(verb))
        if args.patient is None:
            args.patient = _child(verb, _OBJ)
    if head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head.lemma_.lower() in _LIGHT:
        verb = head.head.head  # "the NPA and the military engaged in a firefight", "engaged the army in a battle"
        if args.agent is None:
            args.agent = _first(_child(verb, _SUBJ), _inherited_subject(verb))
        if args.patient is None and args.partner is None:
            args.patient = _child(verb, _OBJ)


# Verbs that put in force what their object names, whose subject is who does it: "cadres imposed a road blockade",
# "traders enforced a shutdown", "villagers erected barricades" (beside the shared light verbs of mentions.py).
_IMPOSING = {"impose", "enforce", "erect", "declare", "observe"}


def _wielded_by(head):
    """The verb that throws, fires or lays the weapon named by head ('threw a grenade'), also when the weapon is a
    later item of what was fired ('fired mortars, grenade launchers and small arms at ...'), else None."""
    tok = head
    for _ in range(4):
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _WIELD:
            return tok.head
        if tok.dep_ not in ("conj", "dobj") or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _WIELD:
            return tok
    return None


from newsevents.extract.mentions import AMMUNITION  # noqa: E402  (shared list)
from newsevents.extract.mentions import LIGHT_VERBS as _LIGHT  # noqa: E402  (shared list)


def _skip_relative(tok):
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def phrase(doc, i: int) -> Span:
    """The noun phrase headed by token i, without relative clauses, appositions or trailing preps."""
    tok = doc[i]
    keep = {tok.i}
    floor = 0
    for c in tok.children:
        if c.dep_ in ("relcl", "appos", "acl", "punct", "cc", "conj", "advcl") or c.i > tok.i and c.dep_ == "prep" and c.lower_ != "of":
            continue
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            cut = [t for t in (obj.conjuncts if obj is not None else ())
                   if t.i > obj.i and (_known(doc, t.i) is not None or t.ent_type_ == "ORG")]
            if cut:  # "the government of Chad and the FACT": the second actor is not part of the first's name
                keep.update(t.i for t in c.subtree if t.i < min(x.left_edge.i for x in cut) and t.dep_ != "cc")
                continue
        inner = _inner_coordination(c, tok)
        if inner:
            # "the KIA and Myanmar army" parsed as one phrase: the head's own phrase is "Myanmar army"
            floor = max(floor, inner[-1].left_edge.i)
            keep.update(t.i for t in inner[-1].subtree)
            continue
        keep.update(t.i for t in c.subtree)
    keep = {k for k in keep if k >= floor}
    lo, hi = min(keep), max(keep) + 1
    while lo < hi and doc[lo].pos_ in ("DET", "PUNCT") and doc[lo].lower_ != "another":
        lo += 1  # "another officer" keeps its word: a second one of its kind, not the one named before
    span = doc[lo:hi] if lo < hi else doc[tok.i:tok.i + 1]
    return Span(span.start_char, span.end_char, span.text)


def _inner_coordination(c, head) -> list:
    """A modifier coordinated inside a noun phrase ('the KIA and Myanmar army'): its conjuncts, when the first
    names an actor of its own; else []."""
    if c.i > head.i or c.dep_ not in ("nmod", "compound", "amod", "poss") or not any(g.dep_ == "cc" for g in c.children):
        return []
    parts = [c, *(g for g in c.children if g.dep_ == "conj")]
    if len(parts) == 1:
        # "LNA and GNA forces" parsed with both names hung on the head: the modifier after the 'and' is the conjunct
        parts += [g for g in head.children if c.i < g.i < head.i and g.dep_ in ("nmod", "compound")
                  and g.pos_ == "PROPN"][:1]
    return parts if len(parts) >= 2 and _known_alone(c) else []


def _known_alone(tok) -> bool:
    """The token names an actor by itself: a named group, or a role word ('rebels')."""
    return _named(tok.text) is not None or _role_term(tok.doc, tok, _term_index()[0]) is not None


def inner_conjuncts(doc, i: int) -> list[int]:
    """Actors coordinated inside the phrase headed by i ('the KIA and Myanmar army' -> KIA), besides i itself."""
    out = []
    for c in doc[i].children:
        parts = _inner_coordination(c, doc[i])
        out.extend(p.i for p in parts[:-1] if _known_alone(p))
    return out


def conjuncts(doc, i: int) -> list[int]:
    """Token i and the heads coordinated with it ('police and soldiers').

    A parse that coordinates the actors with a list of places ('Shan State, Myanmar military and RCSS clashed')
    loses the places: beside a known actor only known actors count, and never a date or a place.
    """
    inner = inner_conjuncts(doc, i)
    if inner:
        return [*inner, i]
    # "the battalion No.540 and the Arakan Army": the parse may coordinate with the apposition instead;
    # "the government of Chad and the FACT": or with the object of "of"
    of = _prep_object(doc[i], {"of"})
    coordinated = [*doc[i].conjuncts, *(t for c in doc[i].children if c.dep_ == "appos" for t in c.conjuncts),
                   *(t for t in (doc[of].conjuncts if of is not None else ())
                     if _known(doc, t.i) is not None or t.ent_type_ == "ORG")]
    if not coordinated:
        return [i]
    known = _known(doc, i) is not None
    out = []
    for t in coordinated:
        if (known and _known(doc, t.i) is None or t.ent_type_ in NOT_ACTOR_ENTS and _known(doc, t.i) is None) \
                and state_metonym(doc, t) is None:
            continue
        out.append(t.i)
    return out + [i]


@functools.cache
def _term_index() -> tuple[dict[str, lexicon.ActorTerm], list[tuple[str, lexicon.ActorTerm]]]:
    """Role words by lemma sequence, and named groups by lowercase alias (longest first)."""
    roles: dict[str, lexicon.ActorTerm] = {}
    names: list[tuple[str, lexicon.ActorTerm]] = []
    for term in lexicon.actor_terms():
        if term.name:
            for alias in (term.match, *term.aliases):
                names.append((_norm(alias), term))
        else:
            roles[term.match.lower()] = term
    names.sort(key=lambda e: -len(e[0]))
    return roles, names


@functools.cache
def _role_heads() -> frozenset[str]:
    """Last words of the role terms ('force' of 'armed force')."""
    return frozenset(key.split()[-1] for key in _term_index()[0])


def classify(doc, i: int, country: str | None, people: dict[str, str] | None = None) -> Actor:
    """Code the noun phrase headed by token i as an ACLED/PLOVER actor."""
    span = phrase(doc, i)
    tok = doc[i]
    roles, names = _term_index()
    term = _named(span.text, country) or _named_before(doc, tok, country)
    if term is not None and term.inter == 4:
        head_role = _role_term(doc, tok, roles)
        if head_role is not None and head_role.inter == 7:
            term = head_role  # "Fulani civilians", "Hema villagers": people of a community, not its militia
    if term is None:
        own = own_named_group(doc, tok, _country_in(doc, span, tok) or country)
        if own is not None:
            return own
    if term is None:
        term = _role_term(doc, tok, roles)
    if term is None and tok.pos_ == "PROPN":
        # a misparsed head ("the Divisional Police Officer of Faskari LGA (Katsina)" headed by "Katsina"):
        # the first role word inside the phrase says who it is
        inner = doc.char_span(span.start, span.end, alignment_mode="expand")
        term = next((t for w in (inner or []) if w.i != tok.i and w.pos_ in ("NOUN", "PROPN")
                     and (t := _role_term(doc, w, roles)) is not None), None)

    iso3 = _country_in(doc, span, tok) or country
    affiliation = m.group(0) if (m := _AFFILIATION.search(span.text)) else None
    if term is None and tok.pos_ in ("ADJ", "PROPN", "NOUN") and len(span.text.split()) == 1 \
            and get_gazetteer().country_iso3(tok.text) and tok.head.lemma_.lower() in _weapon_words():
        term = lexicon.role_term("military")  # "a Russian drone", "an Israeli airstrike": that state's forces
    if term is None and people is not None:
        kind = _person_kind(tok, people)
        if kind:
            term = lexicon.role_term(kind)
            iso3 = _country_in(doc, span, tok) or _title_country(doc, tok) or iso3
    if term is None:
        state = state_metonym(doc, tok)
        if state is not None:  # "The United States launched", "Washington imposed sanctions": that state's government
            government = lexicon.role_term("government")
            return Actor(text=span.text, name=_name_for(government, state, span.text), type=government.type, inter=1,
                         country=state, sector=government.sector, affiliation=affiliation, span=span)
    if term is None:
        return Actor(text=span.text, name=span.text, type=None, inter=None, country=iso3, affiliation=affiliation, span=span)
    if term.kind == "unidentified_armed" and not term.name:
        origin = _origin_group(doc, tok, country, people)
        if origin is not None:
            return origin
    community = _community_of(tok, term)
    if community is not None:
        # "Jukun militias", "Lendu militiamen", "Zamfara militia": armed groups named after a people or a place
        # are communal or ethnic militias (ACLED inter 4), not political ones
        country_name = get_gazetteer().country_name(iso3) if iso3 else None
        gpe = get_gazetteer().country_iso3(community) is not None or community in (doc.ents and {
            e.text for e in doc.ents if e.label_ == "GPE"})
        name = f"{community} {'Communal' if gpe else 'Ethnic'} Militia ({country_name or 'country unknown'})"
        return Actor(text=span.text, name=name, type=lexicon.taxonomy()["inter"]["4"], inter=4, country=iso3,
                     sector="UAF", affiliation=affiliation, span=span)
    if community is None and term.kind in ("unidentified_armed", "militia") and not term.name \
            and _head_lemma(tok) in _MILITIA_WORDS and communal_modifier(tok):
        return communal_militia(iso3, span.text, span)  # "an unidentified ethnic militia", "clan militiamen"
    if term.inter in _ARMED and (_OFF_DUTY.search(span.text) or _told_off_duty(doc, tok)):
        # ACLED: an off-duty or former soldier or policeman cannot fight back; he is a civilian
        civ = lexicon.role_term("civilians")
        return Actor(text=span.text, name=_name_for(civ, iso3, span.text), type=civ.type, inter=7, country=iso3,
                     sector="CVL", affiliation=affiliation, span=span)
    name = _name_for(term, iso3, span.text)
    inter, kind = term.inter, term.type
    own = term.country or iso3
    if inter == 1 and own and country and own != country and term.kind == "military":
        inter, kind = 8, lexicon.taxonomy()["inter"]["8"]  # a state's forces outside their country: "Turkish forces in Syria"
    return Actor(
        text=span.text, name=name, type=kind, inter=inter, country=own,
        sector=term.sector, affiliation=affiliation, span=span,
    )


def _told_off_duty(doc, tok) -> bool:
    """The text says elsewhere that this person was off duty: 'killed a police officer (assumed off duty)', 'The
    soldier was shopping and is presumed off-duty' (ACLED: off-duty security personnel are civilians)."""
    return (tok.lemma_.lower(), tok.tag_ in ("NNS", "NNPS")) in _off_duty_people(doc)


def _off_duty_people(doc) -> frozenset[tuple[str, bool]]:
    """(lemma, plural) of every armed person the text calls off duty after naming them: the nearest armed role
    before 'off duty' in its sentence."""
    key = "newsevents.off_duty"
    if key not in doc.user_data:  # asked once per actor: Doc.text joins every token anew, so look once per doc
        found = set()
        for t in doc:
            if t.lower_ != "duty" or not _after_off(doc, t.i) or _doubted_or_armed(doc, t):
                continue
            if _prenominal(doc, t.i):
                continue  # "an off-duty soldier": said in the phrase itself, which _OFF_DUTY reads
            person = _armed_before(doc, t)
            if person is not None:
                found.add((person.lemma_.lower(), person.tag_ in ("NNS", "NNPS")))
        doc.user_data[key] = frozenset(found)
    return doc.user_data[key]


def _after_off(doc, i: int) -> bool:
    """Token i ('duty') follows 'off' or 'off -'."""
    return i >= 1 and doc[i - 1].lower_ == "off" or i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "off"


_DOUBT = {"if", "whether", "not", "unclear"}
_HARM_VERBS = {"shoot", "kill", "attack", "ambush", "gun", "stab", "abduct", "kidnap", "beat", "assault", "murder",
               "injure", "wound", "target", "hit", "strike", "lynch", "hack", "behead"}


def _doubted_or_armed(doc, duty) -> bool:
    """'unclear if he was off duty', 'off duty but armed with a rifle': no sign that he could not fight back."""
    before = doc[max(duty.sent.start, duty.i - 5):duty.i]
    after = doc[duty.i + 1:min(duty.sent.end, duty.i + 5)]
    return any(w.lower_ in _DOUBT for w in before) or any(w.lower_ == "armed" for w in after)


def _prenominal(doc, i: int) -> bool:
    """'off-duty' (ending at token i) modifies the noun after it ('an off-duty Somali soldier')."""
    return i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i + 1].sent == doc[i].sent


def _armed_before(doc, duty):
    """The nearest noun before 'off duty' in its sentence that names armed personnel ('a soldier who was off duty')."""
    for t in reversed(doc[duty.sent.start:duty.i]):
        if t.pos_ != "NOUN" or t.dep_ == "compound":  # a person's role, not a group's name
            continue
        if t.dep_ == "nsubj" and t.head.lemma_.lower() in _HARM_VERBS:
            continue  # "militants shot and killed a soldier (off duty)": who did it was on duty
        # 'soldier', or a rank of a force named beside it ('the police commander')
        terms = [_known(doc, w.i) for w in (t, *(c for c in t.children if c.dep_ == "compound"))]
        if any(term is not None and term.inter in _ARMED for term in terms):
            return t
        if any(terms):
            return None  # the nearest person named ('the victims were off duty') is not armed personnel
    return None


# Head words of an armed group's own name ('Northern Frontier Liberation Army', 'Blue Hills Resistance Movement'),
# and the words that make such a name an armed struggle's (CODEBOOKS: rebels seek to take power, inter 2).
# Parties, movements and brigades with no such word are left to the lexicon: on ACLED's notes (seeds 0-2) coding
# them by their head word cost more than it gave ('... Militia' is often a community's, inter 4).
_GROUP_HEADS = {"army", "front", "movement", "brigade", "brigades"}
_REBEL_WORDS = {"liberation", "revolutionary", "rebel", "resistance", "insurgent", "salvation", "insurrection"}


def own_named_group(doc, tok, iso3: str | None) -> Actor | None:
    """A rebel group the lexicon does not know, named by its own name ('the Northern Frontier Liberation Army' ->
    a rebel group under that name), else None. A state's army ('the Kenyan Army') and a name of one word ('the
    Army') are not such names."""
    head = tok.lower_
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or head not in _GROUP_HEADS \
            or tok.ent_type_ in NOT_ACTOR_ENTS - {"GPE", "LOC", "FAC"}:
        return None
    words = [tok]
    j = tok.i - 1
    while j >= tok.sent.start and doc[j].text[:1].isupper() and doc[j].pos_ in ("PROPN", "ADJ", "NOUN") \
            and doc[j].head.i in {w.i for w in words} | {tok.i}:
        words.insert(0, doc[j])
        j -= 1
    if len(words) < 2:
        return None
    if not {w.lower_ for w in words} & _REBEL_WORDS:
        return None  # "the Kenyan Army", "the Umoja Youth Movement": a state's forces, or a group of no known kind
    inter, sector = 2, "REB"
    name = " ".join(w.text for w in words)
    span = phrase(doc, tok.i)
    return Actor(text=span.text, name=name, type=lexicon.taxonomy()["inter"][str(inter)], inter=inter, country=iso3,
                 sector=sector, span=span)


def _origin_group(doc, tok, country: str | None, people: dict[str, str] | None) -> Actor | None:
    """'armed men from a Saleban clan militia', 'gunmen from the FRPI': the group they come from, when
    it is named or typed more closely than an unidentified armed group; else None."""
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ != "from":
            continue
        for g in c.children:
            if g.dep_ != "pobj" or g.ent_type_ in NOT_ACTOR_ENTS or _role_term(doc, g, _term_index()[0]) is None \
                    and _named(phrase(doc, g.i).text) is None and own_named_group(doc, g, country) is None:
                continue
            found = classify(doc, g.i, country, people)
            if found.inter in (2, 3, 4, 8) and not (found.name or "").startswith("Unidentified Armed Group"):
                return dataclasses.replace(found, text=phrase(doc, tok.i).text, span=phrase(doc, tok.i))
    return None


# Armed heads that, named after a people or a place, are that community's militia ('Jukun militias',
# 'Pokot raiders', 'Toposa cattle rustlers'): ACLED inter 4. Not "gunmen" or "militants": 'Somali militants'
# and 'Shabaab gunmen' are someone's fighters, not a community's.
_MILITIA_WORDS = {"militia", "militiaman", "raider", "rustler", "bandit", "warrior"}
# Modifiers of such a head that say what it fights for, not whom it is drawn from: the head is no community's.
_NOT_COMMUNITY = {"islamist", "islamic", "jihadist", "jihadi", "maoist", "communist", "government", "party", "opposition",
                  "rebel", "rival", "allied", "pro", "anti", "state", "student", "vigilante", "private"}
# Modifiers that say nothing either way: 'Suspected Borana militia', 'armed Pokot raiders', 'the Turkana cattle rustlers'.
_NEUTRAL_MODIFIERS = {"suspected", "suspect", "unidentified", "unknown", "armed", "local", "the", "cattle", "livestock",
                      "ethnic", "communal", "tribal", "clan", "heavily", "alleged", "some", "several", "many", "two", "youth"}


def _community_of(tok, term: lexicon.ActorTerm) -> str | None:
    """The people or place a militia is named after ('Jukun militias' -> 'Jukun'), or None."""
    if term.name or term.match.split()[-1] not in _MILITIA_WORDS or _head_lemma(tok) not in _MILITIA_WORDS:
        return None
    # the parse often hangs a headline's modifiers elsewhere ('Moran ethnic militia attack traders'): the words
    # just left of the head are read too
    left = []
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].pos_ in ("PROPN", "NOUN", "ADJ") and tok.i - j <= 3:
        left.append(tok.doc[j])
        j -= 1
    mods = {c.i: c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "nmod")}
    mods.update((t.i, t) for t in left)
    for c in sorted(mods.values(), key=lambda t: -t.i):  # nearest the head first
        word = c.text
        if word.lower() in _NEUTRAL_MODIFIERS:
            continue
        if not word[:1].isupper() or word.isupper() or word.lower() in _NOT_COMMUNITY or _named(word) is not None:
            return None  # "APC militia", "ODM militia": a party's; a group the lexicon knows is its own
        if c.pos_ in ("PROPN", "NOUN", "ADJ"):
            before = [t.lower_ for t in tok.doc[max(c.i - 2, tok.sent.start):c.i]]
            if before[-1:] == ["of"] or before == ["of", "the"]:
                return None  # "Nduma Defence of the Congo militia": the end of a longer name, not a community
            return word
    return None


def _head_lemma(tok) -> str:
    """The head's lemma, singular also for a proper-noun plural the lemmatizer keeps ('Yagba Militias')."""
    lemma = tok.lemma_.lower()
    if lemma.endswith("s") and lemma not in _MILITIA_WORDS:
        lemma = lemma[:-1]
    return {"militiamen": "militiaman"}.get(tok.lower_, lemma)


def _role_term(doc, tok, roles) -> lexicon.ActorTerm | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" and lemma.endswith("s") and lemma[:-1] in _role_heads():
        lemma = lemma[:-1]  # "Armed Forces" as a proper noun keeps its plural lemma
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
    words = [c.lemma_.lower() for c in mods]
    for n in range(len(words), 0, -1):  # "riot police" before "police"
        key = " ".join(words[len(words) - n:] + [lemma])
        if key in roles:
            return roles[key]
    if lemma in _RANKS:
        owner = _rank_owner(doc, tok, mods, roles)
        if owner is not None:
            return owner
    if lemma in _GENERIC_HEADS:
        # "rebel forces", "police personnel", "members of an Islamist militia", "the police district station": the
        # modifier (or a modifier of the modifier) says who
        nested = [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ == "compound" and g.i < c.i]
        for c in sorted([*mods, *nested], key=lambda t: -t.i):
            if c.lemma_.lower() in roles:
                return _armed_arm(roles[c.lemma_.lower()], lemma)
            if c.pos_ == "PROPN" and (named := _named(c.text)) is not None:
                return named  # "KIA positions"
        for c in tok.children:  # "the KIA's 23rd battalion", "the army's positions": whose they are
            if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
                found = _named(phrase(doc, c.i).text) or _role_term(doc, c, roles)
                if found is not None:
                    return _armed_arm(found, lemma)
        of = _prep_object(tok, {"of"})
        if of is not None:
            found = _named(phrase(doc, of).text) or _role_term(doc, doc[of], roles)
            if found is not None or lemma not in roles:
                return found
        for c in tok.children:  # "a checkpoint manned by Somali forces", "positions held by the rebels"
            by = _agent_by(c) if c.dep_ == "acl" else None
            if by is not None:
                return _named(phrase(doc, by).text) or _role_term(doc, doc[by], roles)
        if _numbered_unit(tok):
            return lexicon.role_term("military")
    if lemma in roles:
        return roles[lemma]
    if tok.lower_ in roles:
        return roles[tok.lower_]
    if tok.ent_type_ == "NORP" and lemma + "s" in roles:
        return None
    return None


# Ranks and posts that belong to whichever force is named beside them ("a police captain", "the SNA commander",
# "a Somali military official", "the commander of the militia"): the holder is a member of that force.
_RANKS = {"official", "commander", "chief", "captain", "lieutenant", "sergeant", "corporal", "colonel", "general",
          "major", "commissioner", "inspector", "commandant", "superintendent", "brigadier", "constable", "head"}


def _rank_owner(doc, tok, mods, roles) -> lexicon.ActorTerm | None:
    """The armed force whose rank token tok is, named as a modifier or an 'of' object, else None."""
    nested = [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ == "compound" and g.i < c.i]
    candidates = sorted([*mods, *nested], key=lambda t: -t.i)
    of = _prep_object(tok, {"of"})
    if of is not None:
        candidates.append(doc[of])
    for c in candidates:
        term = roles.get(c.lemma_.lower()) or (_named(phrase(doc, c.i).text if c.i == of else c.text)
                                               if c.pos_ == "PROPN" or c.i == of else None)
        if term is not None and term.inter in _ARMED and term.sector not in _UNARMED_SECTORS:
            return term
    return None


def _armed_arm(owner: lexicon.ActorTerm, head: str) -> lexicon.ActorTerm:
    """The forces of a government are its army: 'regime forces', 'government units', 'the regime's 4th Division'."""
    if owner.sector in _UNARMED_SECTORS and head in _FORCE_HEADS:
        return lexicon.role_term("military")
    return owner


def _numbered_unit(tok) -> bool:
    """'the 5th Corps', 'the 17th Infantry Brigade': a numbered formation, which a state's army has (whose it is when
    another group's is told first, by its owner: "the KIA's 3rd Brigade")."""
    return tok.lemma_.lower() in _UNIT_WORDS and any(
        c.i < tok.i and _ORDINAL.fullmatch(c.text) for c in tok.subtree)


def _country_in(doc, span: Span, tok) -> str | None:
    """The country the phrase names as its own: a demonym or country before the head ('Azerbaijani military'), else
    the country its forces are 'of' ('the military forces of Armenia', 'positions of the army of Chad')."""
    gaz = get_gazetteer()
    for t in doc[tok.left_edge.i:tok.i + 1]:
        if t.ent_type_ in ("NORP", "GPE") or t.pos_ in ("PROPN", "ADJ"):
            iso = gaz.country_iso3(t.text)
            if iso:
                return iso
    return _country_of(doc, tok)


def _country_of(doc, tok, depth: int = 2) -> str | None:
    """'forces of Armenia' -> ARM: the country named as the object of 'of' after an actor's head (through one more
    'of': 'the positions of the forces of Armenia'), but only after a head of a state's force or its posts."""
    if depth == 0 or _head_lemma(tok) not in _STATE_HEADS:
        return None
    of = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"), None)
    if of is None:
        return None
    words = " ".join(t.text for t in doc[of.left_edge.i:of.i + 1] if t.pos_ == "PROPN" or t.i == of.i)
    iso = get_gazetteer().country_iso3(words) if of.pos_ == "PROPN" else None
    if iso is not None and not _demonym_only(words, iso):
        return iso
    return _country_of(doc, of, depth - 1)


# Heads whose 'of' names the state they serve: "the armed forces of Armenia", "the police of Kenya".
_STATE_HEADS = _FORCE_HEADS | _GENERIC_HEADS | {"army", "military", "police", "government", "navy", "gendarmerie",
                                                 "ministry", "authority", "authorities", "guard"}


# Where a name stands in the clause when it is the one who acts ('Israel released', 'released by Israel') or the
# one acted on ('fired at Russia'): a country or capital anywhere else ('in Russia') is a place.
_DOER_DEPS = {"nsubj", "nsubjpass"}
# Verbs whose object is where one goes, not whom one acts on: "troops entered Syria", "fled Somalia".
_GO_VERBS = {"enter", "leave", "visit", "reach", "cross", "flee", "return", "tour", "exit", "quit", "depart", "travel"}
_TARGET_OF = {"at", "against", "on", "upon", "towards", "toward", "with", "between"}  # "clashed with Sudan"


def state_metonym(doc, tok) -> str | None:
    """ISO3 of the state a country name or capital stands for, where it acts or is acted on ('The United States
    launched an air strike', 'Washington imposed sanctions', 'fired at Russia'), else None. A capital counts only
    as the doer or partner ('a deal with Baghdad'): 'an attack on Kabul' hit the city."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("GPE", "ORG", ""):
        return None
    text = " ".join(t.text for t in doc[tok.left_edge.i:tok.i + 1] if t.pos_ == "PROPN" and t.dep_ in ("compound", "")
                    or t.i == tok.i)
    while tok.dep_ == "conj" and tok.head.pos_ == "PROPN":
        tok = tok.head  # "The US, Russia and Switzerland met": each has the first one's place in the clause
    doer = tok.dep_ in _DOER_DEPS or tok.dep_ == "pobj" and (tok.head.dep_ == "agent" or tok.head.lower_ == "by")
    target = tok.dep_ == "dobj" and tok.head.lemma_.lower() not in _GO_VERBS or tok.dep_ == "pobj" \
        and tok.head.lower_ in _TARGET_OF
    if not (doer or target) or tok.dep_ == "nsubjpass":
        return None  # "Russia was hit": who suffers is a place as often as a state
    capital = _CAPITALS.get(text.lower())
    if capital is not None:
        return capital if doer or tok.head.lower_ == "with" else None  # "signed a deal with Baghdad"
    iso3 = get_gazetteer().country_iso3(text)
    return None if iso3 is None or _demonym_only(text, iso3) else iso3


def _demonym_only(text: str, iso3: str) -> bool:
    """'Americans', 'Iraqi': a people's name, not its country's ('US' is both, and counts as the country)."""
    entry = lexicon.data("demonyms.json").get(iso3, {})
    names = {n.lower() for n in (entry.get("name", ""), *entry.get("names", ()))}
    demonyms = {d.lower() for d in entry.get("demonyms", ())}
    key = text.lower()
    return key not in names and (key in demonyms or key.rstrip("s") in demonyms)


def names_a_state(text: str) -> bool:
    """The words are a country's name or a capital's ('Israel', 'the United States', 'Washington'), not a demonym."""
    words = " ".join(w for w in text.split() if w.lower() != "the")
    iso3 = get_gazetteer().country_iso3(words) if words else None
    return words.lower() in _CAPITALS or iso3 is not None and not _demonym_only(words, iso3)


def nationality_stated(actor: Actor) -> bool:
    """The actor's own words name its country ('US and British activists'), not only the article's place."""
    gaz = get_gazetteer()
    return bool(actor.country) and any(gaz.country_iso3(w) == actor.country for w in (actor.text or "").split())


def _title_country(doc, tok) -> str | None:
    """The country in the title that introduced a person ('US President George Bush' ... 'Bush'), or None."""
    gaz = get_gazetteer()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and tok.text in ent.text.split():
            for t in reversed(doc[max(ent.start - 4, 0):ent.start]):
                iso3 = gaz.country_iso3(t.text) if t.pos_ in ("PROPN", "ADJ") else None
                if iso3:
                    return iso3
    return None


def _person_kind(tok, people: dict[str, str]) -> str | None:
    if tok.ent_type_ != "PERSON":
        return None
    return people.get(tok.text.lower())


def people_roles(doc) -> dict[str, str]:
    """Surname -> role kind for people introduced with a title ('Prime Minister Mustafa al-Kadhimi')."""
    out: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        left = doc[max(ent.start - 4, 0):ent.start]
        kind = next((_TITLE_KINDS[t.lower_] for t in reversed(left) if t.lower_ in _TITLE_KINDS), None)
        if kind:
            for t in ent:
                out[t.text.lower()] = kind
    return out


def _name_for(term: lexicon.ActorTerm, iso3: str | None, text: str) -> str:
    if term.name:
        return term.name
    country = get_gazetteer().country_name(iso3) if iso3 else None
    if term.kind in _STATE_NAMES:
        return _STATE_NAMES[term.kind].format(country) if country else _STATE_NAMES[term.kind].rsplit(" of ", 1)[0] + " (country unknown)"
    if term.kind in _GENERIC_NAMES:
        return _GENERIC_NAMES[term.kind].format(country or "country unknown")
    if term.kind in ("militia", "identity_militia"):
        return f"Unidentified Armed Group ({country})" if country and term.kind == "militia" else text
    return text


_GENERIC_KINDS = {3: "unidentified_armed", 5: "rioters", 6: "protesters", 7: "civilians"}


def generic_actor(inter: int, iso3: str | None) -> Actor:
    """The actor ACLED codes when the text names none: 'Protesters (Kenya)', 'Rioters (Kenya)', 'Civilians (Kenya)',
    and 'Unidentified Armed Group (Kenya)' for violence whose perpetrator is not named."""
    kind = _GENERIC_KINDS[inter]
    country = get_gazetteer().country_name(iso3) if iso3 else None
    return Actor(text="", name=_GENERIC_NAMES[kind].format(country or "country unknown"),
                 type=lexicon.taxonomy()["inter"][str(inter)], inter=inter,
                 country=iso3, sector="UAF" if inter == 3 else "CVL")


# Sites only armed forces hold: "attacked a checkpoint", "opened fire on the SWSPF base", "raided army positions".
_FORCE_SITES = {"checkpoint", "barrack", "barracks", "base", "outpost", "garrison", "position"}  # not "a trading post"


def held_site(tok) -> bool:
    """The token names a site only an armed force holds ('a checkpoint', 'a check point', 'army positions')."""
    lemma = tok.lemma_.lower()
    return lemma in _FORCE_SITES or lemma == "point" and any(c.lower_ == "check" for c in tok.children)


def site_force(doc, i: int, iso3: str | None) -> Actor:
    """A force's site whose holder the text does not name ('a checkpoint in Ghazni'): the state's forces there, the
    usual holder of checkpoints and bases (ACLED: an attack on a base is a battle with its garrison)."""
    military = lexicon.role_term("military")
    span = phrase(doc, i)
    return Actor(text=span.text, name=_name_for(military, iso3, ""), type=military.type, inter=1, country=iso3,
                 sector=military.sector, span=span)


def unnamed_opponent(actor: Actor, iso3: str | None) -> Actor | None:
    """The other side of a battle the text names only one side of (ACLED: a battle always has two): state forces
    fight an unidentified armed group, rebels the state's military, an unidentified group another one, a communal
    militia another community's; None for other actors."""
    if actor.inter in (1, 3):
        return generic_actor(3, iso3)
    if actor.inter == 2:
        military = lexicon.role_term("military")
        return Actor(text="", name=_name_for(military, iso3, ""), type=military.type, inter=1, country=iso3,
                     sector=military.sector)
    if actor.inter == 4:
        return communal_militia(iso3)
    return None


def communal_militia(iso3: str | None, text: str = "", span: Span | None = None) -> Actor:
    """ACLED's actor for an unnamed communal, clan or ethnic militia (inter 4): 'Unidentified Communal Militia (Kenya)'."""
    country = get_gazetteer().country_name(iso3) if iso3 else None
    return Actor(text=text, name=f"Unidentified Communal Militia ({country or 'country unknown'})",
                 type=lexicon.taxonomy()["inter"]["4"], inter=4, country=iso3, sector="UAF", span=span)


# Words that make an armed group or an attack a community's: 'an ethnic militia', 'a clan attack' (ACLED codes
# unidentified communal, clan or ethnic militias inter 4, not 3).
COMMUNAL_WORDS = frozenset({"ethnic", "communal", "tribal", "clan", "inter-ethnic", "interethnic", "intercommunal",
                            "inter-communal", "inter-clan", "interclan", "intertribal", "inter-tribal"})


def communal_modifier(tok) -> bool:
    """The word is modified by an ethnic, clan or communal word ('unidentified ethnic militia', 'ethnic attack',
    'an ethnic linked revenge attack')."""
    return any(c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and (
        c.lower_ in COMMUNAL_WORDS or any(g.lower_ in COMMUNAL_WORDS for g in c.children if g.i < c.i))
        for c in tok.children)


@functools.cache
def _named_kinds() -> dict[str, str]:
    return {t.name: t.kind for t in lexicon.actor_terms() if t.name}


def is_party(actor: Actor) -> bool:
    """A party, its members or supporters (PLOVER PTY), not a party's armed wing or a militia allied to one."""
    if actor.sector != "PTY" or actor.inter != 3:
        return False
    kind = _named_kinds().get(actor.name or "")
    if kind is not None:
        return kind == "party"
    return not (actor.name or "").startswith("Unidentified Armed Group")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED interaction code: smaller digit first; one-sided events end in 0."""
    if not inter1 and not inter2:
        return None
    if not inter1 or not inter2:
        return (inter1 or inter2) * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi
