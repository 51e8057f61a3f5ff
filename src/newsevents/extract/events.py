"""From mentions to events: attach arguments, counts, dates and places, then merge the mentions of one event."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from newsevents import lexicon
from newsevents.extract import actors as actors_mod
from newsevents.gazetteer import get_gazetteer
from newsevents.extract.counts import BODIES_FOUND, CountMention, other_side
from newsevents.extract.mentions import Mention
from newsevents.records import Actor, Count, DateInfo, Span
from newsevents.extract.places import PlaceMention

# Verbs whose subject is the one harmed: "died", "perished", "drowned", "succumbed".
_SUBJECT_SUFFERS = {"die", "perish", "succumb", "drown", "starve", "lose"}  # "lost their lives"
COUNT_KINDS = ("fatalities", "injuries", "arrests", "crowd_size")
CROWD_TYPES = {5, 6, 7}  # rioters, protesters, civilians: unorganised people
# Which frame families a count of each kind can belong to, when the parse does not say.
_KIND_FAMILIES = {
    "fatalities": {"violence", "protest"},
    "injuries": {"violence", "protest"},
    "arrests": {"intervention", "security", "protest"},
    "crowd_size": {"protest"},
}


def family(frame: lexicon.Frame) -> str:
    """Mentions merge only within fitting families: violence, protest, intervention (arrests and dispersals),
    security (other strategic developments), or their PLOVER type."""
    if frame.name in ("arrest", "disperse", "raid"):
        return "intervention"  # a raid goes with the arrests, the fighting or the killing it led to
    if frame.plover == "ASSAULT":
        return "violence"
    if frame.plover == "PROTEST":
        return "protest"
    if frame.acled_event_type == "Strategic developments" or frame.plover in ("COERCE", "MOBILIZE"):
        return "security"
    return frame.plover


_COMPATIBLE = ({"violence", "protest"}, {"intervention", "protest"}, {"intervention", "security"},
               {"intervention", "violence"}, {"security", "violence"})


def compatible(a: str, b: str) -> bool:
    """Families one event can hold: a protest met with force or arrests; a raid with arrests."""
    return a == b or {a, b} in _COMPATIBLE


@dataclass
class Draft:
    """An event being assembled from one or more mentions."""

    mentions: list[Mention]
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc1: list[Actor] = field(default_factory=list)
    assoc2: list[Actor] = field(default_factory=list)
    counts: dict[str, Count] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)  # count kinds known only from a bare plural ("killed civilians")
    date: DateInfo | None = None
    date_own: bool = False  # the date came from the event's own words, not inherited
    place: PlaceMention | None = None
    place_own: bool = False
    historical: bool = False

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def families(self) -> set[str]:
        return {family(m.frame) for m in self.mentions}

    @property
    def frames(self) -> list[str]:
        return [m.frame.name for m in self.mentions]


def attach_counts(doc, mentions: list[Mention], counts: list[CountMention]) -> dict[int, list[CountMention]]:
    """Each count to the mention it belongs to: by the parse first, else the nearest fitting mention."""
    by_head: dict[int, Mention] = {}
    for m in mentions:
        for i in (m.head, *m.extra, *range(m.start, m.end)):
            by_head.setdefault(i, m)
    out: dict[int, list[CountMention]] = {}
    for c in counts:
        owner = None
        grievance = False
        tok = doc[c.head]
        for _ in range(6):
            if tok.i in by_head:
                owner = by_head[tok.i]
                break
            if tok.head is tok:
                break
            cause_prep = tok.dep_ == "prep" and (tok.lower_ in GRIEVANCE_PREPS or _revenge_for(tok))
            if cause_prep or tok.dep_ == "advcl" and any(
                    g.dep_ == "mark" and g.lower_ in _CAUSE_MARKS for g in tok.children) and tok.i not in by_head:
                # "protested over the death of two traders", "marched after gunmen killed two traders":
                # the cause, not this event's toll
                grievance = True
                break
            tok = tok.head
        if grievance or c.reason == BODIES_FOUND:
            # bodies found are the toll of an event told before them, never of a discovery told with them (ACLED
            # codes a mass grave found with no fatalities of its own: the deaths are not dated to it)
            continue
        if owner is None:
            sent = doc[c.head].sent
            near = [m for m in mentions if sent.start <= m.head < sent.end and family(m.frame) in _KIND_FAMILIES[c.kind]]
            if near:
                owner = min(near, key=lambda m: abs(m.head - c.head))
        if owner is not None:
            out.setdefault(id(owner), []).append(c)
    return out


_WEAK_REASONS = {"unspecified victim", "bare plural keyword noun"}


# What a protest is against: "protested over the death of ...", "marched against the arrests".
GRIEVANCE_PREPS = {"over", "against", "about"}
_CAUSE_MARKS = {"after", "since", "because", "following"}


def merge_counts(draft: "Draft", found: list[CountMention]) -> None:
    """Sum the counts of one mention per kind ('3 soldiers and 2 civilians'); a stated number beats a bare plural."""
    per_kind: dict[str, Count] = {}
    weak: set[str] = set()
    for c in found:
        if c.cumulative:
            continue
        if c.reason in _WEAK_REASONS or c.claimed:
            # a bare plural, or one side's claim: a stated figure from the report itself beats it
            if c.kind not in per_kind:
                per_kind[c.kind] = c.count
                weak.add(c.kind)
            continue
        if c.kind in weak:
            weak.discard(c.kind)
            per_kind.pop(c.kind)
        prev = per_kind.get(c.kind)
        if prev is None:
            per_kind[c.kind] = c.count
        elif c.count.span and prev.span and c.count.span.start != prev.span.start:
            per_kind[c.kind] = Count(prev.low + c.count.low, prev.best + c.count.best, prev.high + c.count.high,
                                     prev.text + "; " + c.count.text, prev.span)
    for kind, cnt in per_kind.items():
        _take(draft, kind, cnt, kind in weak)


# "a revenge attack for two herders killed last week", "in retaliation for the killing of ...": the cause
_REVENGE = {"revenge", "retaliation", "reprisal", "vengeance", "retribution"}


def _revenge_for(prep) -> bool:
    """"for" after a word of revenge introduces the deaths being avenged, an earlier event's toll."""
    if prep.lower_ != "for":
        return False
    head = prep.head
    return head.lemma_.lower() in _REVENGE or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in _REVENGE
                                                  for c in head.children)


_SIDE_KINDS = ("fatalities", "injuries")  # tolls that add up per side


def _take(draft: "Draft", kind: str, cnt: Count, weak: bool) -> None:
    """Keep the larger of two reports of one event, but never let a bare plural replace a stated number; stated
    deaths or injuries of different sides add up (`counts.other_side`)."""
    have = draft.counts.get(kind)
    have_weak = kind in draft.weak
    if have is not None and not (have_weak or weak) and kind in _SIDE_KINDS and other_side(have, cnt):
        # "9 civilians were killed and at least 2 rebels were shot dead": each side's dead are the event's
        draft.counts[kind] = Count(have.low + cnt.low, have.best + cnt.best, have.high + cnt.high,
                                   have.text + "; " + cnt.text, have.span)
        return
    if have is None or (have_weak and not weak) or (have_weak == weak and cnt.best > have.best):
        draft.counts[kind] = cnt
        if weak:
            draft.weak.add(kind)
        else:
            draft.weak.discard(kind)


def take_counts(into: "Draft", other: "Draft") -> None:
    """Fold other's counts into `into`, kind by kind (`_take`)."""
    for kind, cnt in other.counts.items():
        _take(into, kind, cnt, kind in other.weak)


def build_actor_pair(doc, m: Mention, country: str | None, people: dict[str, str]):
    """actor1, actor2 and associated actors for one mention."""
    # a crowd, not the nearest armed group, is who protests
    args = actors_mod.arguments(doc, m.head, m.nominal, armed_fallback=family(m.frame) != "protest")
    agent_ids = actors_mod.conjuncts(doc, args.agent) if args.agent is not None else []
    patient_ids = actors_mod.conjuncts(doc, args.patient) if args.patient is not None else []
    patient_ids = [i for i in patient_ids if doc[i].lemma_.lower() != "life"]  # "lost their lives"
    if not m.nominal and doc[m.head].lemma_.lower() in _SUBJECT_SUFFERS and not patient_ids:
        # "eight people died in an attack attributed to the ADF": who dies is the victim; the killer, if
        # any, is the armed actor the sentence names
        patient_ids = agent_ids
        used = {t.i for i in patient_ids for t in doc[i].subtree}
        other = actors_mod.armed_in_sentence(doc, doc[m.head], used)
        agent_ids = [other] if other is not None else []
    partner: list[int] = []
    if args.partner is not None:
        partner = actors_mod.conjuncts(doc, args.partner)
        # the armed ones are the sides, in text order; others named with them are the toll
        partner.sort(key=lambda i: (actors_mod.classify(doc, i, country, people).inter not in _ARMED_SIDES, i))
        if not agent_ids and len(partner) >= 2:  # "clashes between X and Y"
            agent_ids, patient_ids = partner[:1], partner[1:]
            partner = []
        elif not patient_ids or m.frame.name == "clash":
            # "clashed with the army at a base": for a battle, who it was with is the other side, not where
            patient_ids, partner = partner, patient_ids
    two_sided = m.frame.name in _TWO_SIDED or m.trigger.id.endswith(".surrender")
    if two_sided and m.frame.name != "clash" and not any(
            actors_mod.classify(doc, i, country, people).inter for i in patient_ids):
        # "retook the town from JNIM", "surrendered to the army", "signed a deal with the rebels"
        other = actors_mod.prep_object(doc[m.head], {"from", "to", "with"})
        if other is not None:
            patient_ids = actors_mod.conjuncts(doc, other)
    if m.frame.name == "clash" and len(agent_ids) >= 2 and not any(
            actors_mod.classify(doc, i, country, people).inter for i in patient_ids):
        # "the AA and the military clashed"; "Rakhine State, the Myanmar military and AA clashed": a place the parse
        # coordinates with the sides is none of them
        typed_ids = [i for i in sorted(agent_ids) if actors_mod.classify(doc, i, country, people).inter]
        sides = typed_ids if len(typed_ids) >= 2 else sorted(agent_ids)
        agent_ids, patient_ids = sides[:1], sides[1:]
    if two_sided and agent_ids and not any(
            actors_mod.classify(doc, i, country, people).inter for i in patient_ids):
        # a battle has two sides: the other armed actor named in the sentence ("..., the military responded"),
        # not a second name of the first ("RCSS/SSA-S")
        used = {t.i for i in agent_ids for t in doc[i].subtree}
        names = {actors_mod.classify(doc, i, country, people).name for i in agent_ids}
        for _ in range(4):
            other = actors_mod.armed_in_sentence(doc, doc[m.head], used)
            if other is None:
                break
            if actors_mod.classify(doc, other, country, people).name not in names:
                patient_ids = [other]
                break
            used.update(t.i for t in doc[other].subtree)
    fight = m.frame.name == "clash"
    if m.frame.name == "attack" and agent_ids and not any(
            actors_mod.classify(doc, i, country, people).inter for i in patient_ids):
        # "Mayi Mayi attacked Bendera but were repelled by the army": the armed side that fought back
        defender = actors_mod.defender(doc, doc[m.head], {t.i for i in agent_ids for t in doc[i].subtree})
        if defender is not None:
            patient_ids = [defender]

    if m.frame.name in _ONE_SIDED and patient_ids and not any(
            actors_mod.classify(doc, i, country, people).inter in _ARMED_SIDES for i in patient_ids):
        # "attacked a military checkpoint", "killed personnel of the Nigerian Army", "the offices of the police":
        # an armed force named inside what was hit is the target, and it can fight back
        inner = _armed_within(doc, patient_ids, agent_ids, country, people)
        if inner is not None:
            patient_ids = [inner]

    crowd_agent = None
    hurt_force = not agent_ids and not m.nominal and m.frame.name in ("attack", "beat") and any(
        actors_mod.classify(doc, i, country, people).sector in _FORCE_SECTORS for i in patient_ids)
    if m.after_protest and m.frame.name in _CROWD_ACTS and (hurt_force or _pronoun_or_none(doc, m, agent_ids)):
        # ("... demonstrated against the fares. Two police officers were injured.": hurt by the crowd)
        # "Locals demonstrated against the eviction. They clashed with police.": who fights right after a protest,
        # told by a pronoun the lexicon cannot resolve, is its crowd
        crowd_agent = actors_mod.generic_actor(5, country)

    def typed(i: int) -> Actor:
        a = _state_by_frame(doc, i, actors_mod.classify(doc, i, country, people), m)
        return _community_side(doc, a, country) if fight else a

    side1 = [a for i in sorted(agent_ids) if _usable(doc, a := typed(i), i)]
    if crowd_agent is not None and not any(a.inter in _ARMED_SIDES and a.sector not in _UNARMED_STATE for a in side1):
        side1 = [crowd_agent]  # (a pronoun taken for 'the government' named before is the crowd that marched)
    if family(m.frame) == "violence" and agent_ids and not side1:
        named = _unknown_armed_group(doc, sorted(agent_ids)[0], country)
        side1 = [named] if named is not None else []
    if _bare_handed(doc, m, side1):
        side1 = [actors_mod.generic_actor(5, country)]
    if family(m.frame) == "violence" and m.nominal and actors_mod.communal_modifier(doc[m.head]) and (
            not side1 or all(a.name.startswith("Unidentified Armed Group") for a in side1)):
        # "five killed in an ethnic attack", "clan violence": the unnamed attackers are a communal militia (ACLED 4)
        side1 = [actors_mod.communal_militia(country)]
    if m.frame.name in ("defuse", "seize_weapons"):
        # "defused an IED planted by the Maoists": whose weapon it was is the other side
        patient_ids = [j for i in patient_ids if (j := actors_mod.behind_weapon(doc[i])) is not None] or patient_ids

    def target(i: int) -> Actor:
        a = typed(i)
        return _community_victims(doc, a, i, country) if m.frame.name in _ONE_SIDED else a

    side2 = [a for i in sorted(patient_ids) if _usable(doc, a := target(i), i)]
    if m.frame.name in _ONE_SIDED | {"clash"} and side1 and all(a.inter == 1 and a.sector == "MIL" for a in side1[:1]) \
            and patient_ids and not any(a.inter for a in side2):
        # "the army attacked the Nyatura-FDP near Musayi": a group the lexicon does not know, that soldiers fight,
        # is an armed group under its own name (as ACLED codes most such groups)
        named = _unknown_armed_group(doc, sorted(patient_ids)[0], country)
        if named is not None and doc[sorted(patient_ids)[0]].ent_type_ not in ("PERSON", "NORP"):
            side2 = [named]
    if family(m.frame) == "violence" and not fight and not any(a.inter == 1 for a in side2):
        side1 = [_as_communal(a, country) if _livelihood_people(a) else a for a in side1]
    if m.frame.name == "ied" and side1 and not side2 and all(a.inter == 1 and a.sector in _FORCE_SECTORS for a in side1):
        if _handles_bomb(doc, agent_ids):
            # "troops found and detonated IEDs planted by the rebels": whose bomb it was is the other side, an
            # unidentified armed group when the text does not name an armed one (ACLED: Disrupted weapons use)
            layer = actors_mod.behind_weapon(doc[m.head])
            laid = [a for a in ([typed(layer)] if layer not in (None, m.head, *agent_ids) else [])
                    if a.inter in _ARMED_SIDES]
            side2 = laid or [actors_mod.generic_actor(3, country)]
        elif _struck(doc, agent_ids):
            # "two soldiers died when an IED exploded", "a military vehicle hit a roadside bomb": a state force beside
            # a bomb that it suffered is its target; the bomber is the armed group the sentence names ("a landmine
            # planted by ELN guerrillas"), else an unidentified armed group (ACLED 13)
            used = {t.i for i in agent_ids for t in doc[i].subtree}
            other = actors_mod.armed_in_sentence(doc, doc[m.head], used)
            bomber = typed(other) if other is not None else None
            side1, side2 = [bomber if bomber is not None and bomber.inter in (2, 3, 4, 8)
                            else actors_mod.generic_actor(3, country)], side1
    side1 = _named_suspects(doc, side1, agent_ids, typed)
    side2 = _named_suspects(doc, side2, patient_ids, typed)
    if m.frame.name in _ONE_SIDED and side1 and side1[0].inter in (2, 3, 4, 8) and not any(
            a.inter in _ARMED_SIDES for a in side2):
        # "Taliban militants attacked a checkpoint", "opened gunfire on the SWSPF base": a site only forces hold,
        # whose holder is not named, stands for the state's forces there
        site = next((i for i in sorted(patient_ids) if actors_mod.held_site(doc[i])), None)
        if site is not None:
            side2 = [actors_mod.site_force(doc, site, country)]
    if m.frame.name == "deploy" and not side1 and side2 and side2[0].inter in _ARMED_SIDES:
        # "Jubaland forces were deployed near the town", "the deployment of troops": who is sent is who moves
        side1, side2 = side2[:1], side2[1:]
    if m.frame.name == "clash" and len(side2) > 1 and any(a.inter in _ARMED_SIDES for a in side2):
        side2 = [a for a in side2 if a.inter != 7]  # "between the battalion and the AA, which displaced villagers"
    if not any(a.inter for a in side2) and partner:
        # "attacked the base with the army's help" rarely; "fought at the camp with the rebels" often
        side2 = [a for i in sorted(partner) if (a := actors_mod.classify(doc, i, country, people)).inter] or side2
    if fight and bool(side1) != bool(side2):
        # "Fellata and Rizeigat militias clashed", "clashes between the Borana and Gabra communities": two of a kind
        one, ids = (side1, agent_ids) if side1 else (side2, patient_ids)
        if len(one) == 1 and one[0].inter and len(ids) == 1:
            other = next((g for c in doc[ids[0]].children if c.dep_ in ("compound", "amod", "nmod")
                          and any(x.dep_ == "cc" for x in c.children) for g in c.children if g.dep_ == "conj"), None)
            if other is not None:
                twin = dataclasses.replace(one[0], text=f"{other.text} {doc[ids[0]].text}", span=None)
                if twin.name.startswith(f"{one[0].text.split()[0]} ") and twin.inter == 4:
                    twin.name = f"{other.text} Ethnic Militia"
                side1, side2 = (one, [twin]) if side1 else ([twin], one)
    if fight and bool(side1) != bool(side2):
        one, ids = (side1, agent_ids) if side1 else (side2, patient_ids)
        if len(one) == 1 and one[0].inter == 4 and one[0].name.startswith("Unidentified Communal") \
                and len(ids) == 1 and doc[ids[0]].tag_ == "NNS":
            side1, side2 = one, [dataclasses.replace(one[0], text="", span=None)]  # "two communities clashed": both sides
    if fight and side1 and side2 and not m.trigger.id.startswith("clash.ambush") and _communal_fight(side1 + side2):
        # "herders clashed with farmers", "the militia clashed with a local self-defence unit": people who fight
        # an armed group or each other, with no state force in the fight, are a communal militia (ACLED inter 4)
        side1 = [_as_communal(a, country) for a in side1]
        side2 = [_as_communal(a, country) for a in side2]
    if m.frame.name == "clash":  # officials do not fight battles: "supporters of MP X clashed" is the supporters'
        side1 = [a for a in side1 if a.sector not in _UNARMED_STATE]
    if _crowd_violence(m, side1) and not any(a.inter for a in side2):
        # "Rioters burned two shops. Police fired tear gas", "A riot broke out. Rioters threw rocks at policemen":
        # the state forces who faced a riot, named in its sentence or the next two, are its other side (ACLED:
        # rioters against police, 15)
        force = _state_force_near(doc, m, {t.i for i in agent_ids for t in doc[i].subtree}, country, people)
        if force is not None:
            side2 = [force, *side2]
    if m.frame.name in _PLANTED and not side2 and not any(a.inter in _ARMED_SIDES for a in side1) \
            and not _armed_near(doc, m):
        # "An IED exploded at the office of a candidate", "a grenade blast at a restaurant": a bomb no armed actor is
        # told near hit civilians (ACLED: an unidentified armed group against civilians, 37)
        side2 = [actors_mod.generic_actor(7, country)]
    # A typed actor beats an untyped one as the main actor of its side; one actor is never on both sides.
    side1.sort(key=lambda a: a.inter is None)
    names1 = {(a.name, a.text) for a in side1}
    side2 = [a for a in side2 if (a.name, a.text) not in names1]
    side2.sort(key=lambda a: a.inter is None)
    return (side1[0] if side1 else None, side2[0] if side2 else None, side1[1:], side2[1:])


_FORCE_SECTORS = {"MIL", "COP"}
# Frames of a bomb laid or thrown, whose victims are whoever was near it.
_PLANTED = {"ied", "grenade", "suicide_bomb"}


def _armed_near(doc, m: Mention) -> bool:
    """An armed actor is named in the mention's sentence or the next one (who set the bomb off, or whom it hit)."""
    sents = list(doc.sents)
    for sent in sents[m.sent_index:m.sent_index + 2]:
        for t in sent:
            term = actors_mod.known_term(doc, t.i) if t.pos_ in ("NOUN", "PROPN") else None
            if term is not None and term.inter in _ARMED_SIDES and term.sector not in _UNARMED_STATE:
                return True
    return False


# What a crowd does that makes a riot: ACLED's Violent demonstration (attacks, destruction, barricades).
_CROWD_VIOLENCE = {"attack", "destroy", "obstruct", "beat"}


def _crowd_violence(m: Mention, side1: list[Actor]) -> bool:
    """A riot told by its word ('rioting broke out'), whoever is named, or violence whose doers are a crowd
    ('demonstrators attacked the fire station')."""
    if m.frame.name == "riot":
        return all(a.inter in (None, 5, 6, 7) for a in side1)
    return m.frame.name in _CROWD_VIOLENCE and bool(side1) and all(a.inter in (5, 6) for a in side1)


@functools.cache
def _reporting() -> frozenset[str]:
    return frozenset(lexicon.cues()["reporting_verbs"])
_NEAR_SENTENCES = 2


def _state_force_near(doc, m: Mention, used: set[int], country, people) -> Actor | None:
    """Police or soldiers who act in the mention's sentence or the next two (not ones who only speak)."""
    sents = list(doc.sents)
    reporting = _reporting()
    for sent in sents[m.sent_index:m.sent_index + 1 + _NEAR_SENTENCES]:
        for t in sent:
            if t.i in used or t.pos_ not in ("NOUN", "PROPN") or t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
                continue
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in reporting or t.dep_ == "pobj" and t.head.lower_ == "to" \
                    and t.head.head.lower_ == "according":
                continue  # "..., police said": who tells of a riot is not its other side
            a = actors_mod.classify(doc, t.i, country, people)
            if a.inter == 1 and a.sector in _FORCE_SECTORS:
                return a
    return None


_ONE_SIDED = {"attack", "kill", "shoot"}
_CROWD_ACTS = {"clash", "attack", "beat"}
_PRONOUNS = {"they", "them", "some", "others", "many", "several"}


def _pronoun_or_none(doc, m: Mention, agent_ids: list[int]) -> bool:
    """The mention's doer is unnamed or only a pronoun ('they', 'some')."""
    subj = [c for c in doc[m.head].children if c.dep_ == "nsubj"]
    return bool(subj) and all(c.lower_ in _PRONOUNS for c in subj)
# Places, vehicles and units that are a force's by the name beside them ("a military checkpoint", "personnel of the army").
_HELD_BY_FORCES = {"checkpoint", "post", "base", "position", "camp", "barracks", "station", "outpost", "headquarters",
                   "garrison", "office", "convoy", "patrol", "vehicle", "truck", "personnel", "element", "unit", "team",
                   "contingent", "detachment", "squad", "battalion", "brigade", "company", "platoon", "troop"}


def _armed_within(doc, patient_ids: list[int], agent_ids: list[int], country, people) -> int | None:
    """The first state or armed actor named inside the target's phrase, other than the attacker."""
    agents = {actors_mod.classify(doc, i, country, people).name for i in agent_ids}
    for p in patient_ids:
        if doc[p].lemma_.lower() not in _HELD_BY_FORCES:
            continue  # "a retired police officer", "the widow of a policeman": a person is who the phrase says
        for t in doc[p].subtree:
            if t.i == p or t.pos_ not in ("NOUN", "PROPN"):
                continue
            a = actors_mod.classify(doc, t.i, country, people)
            if a.inter in _ARMED_SIDES and a.sector not in _UNARMED_STATE and a.name not in agents:
                return t.i
    return None


_COMMUNAL_PEOPLE = {"pastoralist", "pastoralists", "herder", "herders", "herdsmen", "farmers", "communities", "clans",
                    "tribes", "ethnic", "clan", "tribe", "community"}


def _communal_fight(sides: list[Actor]) -> bool:
    """No state force fights, and the other side is an armed group, or both are people of a community or a trade
    that ACLED codes as communal militias when they fight (herders, farmers, clans)."""
    if any(a.inter == 1 for a in sides):
        return False
    if any(a.inter in (2, 3, 4, 8) for a in sides):
        return True
    return all(a.inter == 7 for a in sides) and any(
        _COMMUNAL_PEOPLE & set((a.text or "").lower().split()) for a in sides)


# What a force does to a bomb it did not lay: "troops detonated the IED", "police found a bomb".
_BOMB_HANDLING = {"detonate", "defuse", "destroy", "find", "discover", "recover", "neutralize", "neutralise", "dismantle",
                  "remove", "clear", "disarm", "deactivate", "explode", "uncover", "seize", "intercept"}


def _handles_bomb(doc, agent_ids: list[int]) -> bool:
    """The force is the doer of a verb of finding or disposing of a bomb ('the army detonated an IED'), not what
    the bomb hit."""
    return any(doc[i].dep_ == "nsubj" and doc[i].head.lemma_.lower() in _BOMB_HANDLING for i in agent_ids)


# What those a bomb hits were doing, or suffered: "soldiers died", "a convoy hit a mine", "troops stepped on a mine".
_STRUCK = {"die", "kill", "wound", "injure", "hurt", "step", "hit", "strike", "run", "drive", "pass", "travel", "cross",
           "trigger", "patrol", "move", "ride", "target"}


def _struck(doc, agent_ids: list[int]) -> bool:
    """The force is told as what a bomb hit: the subject of dying, being hit, or going where it lay."""
    return any(doc[i].dep_ in ("nsubj", "nsubjpass") and doc[i].head.lemma_.lower() in _STRUCK for i in agent_ids)


def _livelihood_people(actor: Actor) -> bool:
    """Herders who do violence to civilians ('pastoralists attacked civilians', 'herders killed two farmers'): ACLED
    codes them an identity militia (inter 4, codebook 1.5: organised around community or livelihood), not civilians."""
    return actor.inter == 7 and bool(_HERDING_PEOPLE & set((actor.text or "").lower().split()))


# Those who live by their herds, whom ACLED codes as a communal militia when they attack (farmers who attack are most
# often a mob: Rioters).
_HERDING_PEOPLE = {"herders", "herdsmen", "pastoralists", "herder", "herdsman", "pastoralist"}


def _as_communal(actor: Actor, country: str | None) -> Actor:
    """A side of a communal fight, told by its people ('farmers'), as an unidentified communal militia."""
    if actor.inter != 7 or not _plural_or_unit(actor.text) or "civilian" in (actor.text or "").lower():
        return actor
    where = get_gazetteer().country_name(country) if country else None
    return dataclasses.replace(actor, name=f"Unidentified Communal Militia ({where or 'country unknown'})",
                               type=lexicon.taxonomy()["inter"]["4"], inter=4, sector="UAF")


def _plural_or_unit(text: str | None) -> bool:
    words = (text or "").lower().split()
    return bool(words) and (words[-1].endswith("s") or words[-1] in ("unit", "group", "militia", "people", "youth"))


_COMMUNITY_HEADS = {"community", "clan", "tribe", "subclan", "sub-clan", "people"}
_COMMUNAL_HEADS = {"community", "clan", "tribe", "subclan", "sub-clan", "pastoralist", "herder", "herdsman"}
_COMMUNAL_WORDS = {"ethnic", "tribal", "communal", "clan"}
# What unorganised people fight with (ACLED: a brawl with these is a riot, not a battle).
CRUDE_WEAPONS = {"stick", "stone", "brickbat", "brick", "rod", "club", "machete", "knife", "bat", "fist", "rock", "cudgel",
                 "bamboo", "hoe", "spear", "arrow"}


def _community_side(doc, actor: Actor, country: str | None) -> Actor:
    """A side of a fight that the lexicon does not know, named by a proper name ('clashes between Pokot and Tugen',
    'the Borana and Gabra communities'): a community's militia (ACLED inter 4), or a party's when the name is an
    acronym ('PDP and APC supporters clashed', inter 3)."""
    if actor.inter is not None or not actor.text or actor.span is None:
        return actor
    span = doc.char_span(actor.span.start, actor.span.end, alignment_mode="expand")
    if span is None:
        return actor
    head = span.root
    if not (head.pos_ == "PROPN" or head.lemma_.lower() in _COMMUNITY_HEADS | _COMMUNAL_HEADS | {"group"}) or any(
            t.lemma_.lower() in CRUDE_WEAPONS for t in head.sent):
        return actor  # "two groups fought with sticks": a brawl of rioters, not of militias
    near = [head, *(c for c in head.children if c.dep_ in ("compound", "amod", "nmod"))]
    for c in head.children:  # "members of the Lijoba clan"
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    near += [g, *(x for x in g.children if x.dep_ in ("compound", "amod", "nmod"))]
    names = sorted((t for t in near if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "FAC", "DATE")),
                   key=lambda t: t.i)
    if not names:
        if head.lemma_.lower() in _COMMUNAL_HEADS or head.lemma_.lower() == "group" and any(
                c.lemma_.lower() in _COMMUNAL_WORDS for c in head.children if c.dep_ in ("amod", "compound")):
            # "two communities clashed", "clashes between rival ethnic groups": ACLED codes each side a communal
            # militia (inter 4), not a crowd
            where = get_gazetteer().country_name(country) if country else None
            return dataclasses.replace(actor, name=f"Unidentified Communal Militia ({where or 'country unknown'})",
                                       type=lexicon.taxonomy()["inter"]["4"], inter=4, sector="UAF")
        return actor
    run = [names[0]]  # the first name only: "the Borana and Gabra communities" -> Borana
    while run[-1].i + 1 < len(doc) and doc[run[-1].i + 1].pos_ == "PROPN" and doc[run[-1].i + 1] in names:
        run.append(doc[run[-1].i + 1])
    names = run
    name = " ".join(t.text for t in names)
    taxonomy = lexicon.taxonomy()["inter"]
    if all(t.text.isupper() and len(t.text) > 1 for t in names):
        return dataclasses.replace(actor, name=name, type=taxonomy["3"], inter=3, sector="UAF")
    return dataclasses.replace(actor, name=f"{name} Ethnic Militia", type=taxonomy["4"], inter=4, sector="UAF")


_ARMED_SIDES = {1, 2, 3, 4, 8}
# Frames whose event has two armed sides: who fought, who took a place from whom, who gave up to whom.
_TWO_SIDED = {"clash", "regain_territory", "capture_territory", "agreement"}
_UNARMED_STATE = {"GOV", "JUD", "LEG"}
_MEMBER_HEADS = {"member", "militant", "fighter", "gunman", "element", "cadre", "supporter", "loyalist",
                 "militiaman", "combatant", "operative", "youth", "man"}


def _unknown_armed_group(doc, i: int, country: str | None) -> Actor | None:
    """'members of the RMJ opened fire': a named group the lexicon does not know, doing violence, is coded
    as ACLED codes most such groups, a political militia (inter 3), under its own name."""
    tok = doc[i]
    name_tok = tok
    if tok.lemma_.lower() in _MEMBER_HEADS:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return None
        name_tok = obj
    if name_tok.pos_ != "PROPN" or name_tok.ent_type_ in actors_mod.NOT_ACTOR_ENTS:
        return None
    words = [t for t in name_tok.subtree if t.pos_ == "PROPN" or (t.i == name_tok.i)]
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    name = doc[start:end]
    span = actors_mod.phrase(doc, i)
    return Actor(text=span.text, name=name.text, type=lexicon.taxonomy()["inter"]["3"], inter=3, country=country,
                 sector="UAF", span=span)


# Frames where a state acts with force: its military does it ("The United States launched an air strike",
# "Russia is conducting military exercises"); arrests and dispersals are its police's (ACLED: 'Police Forces of X').
_FORCE_PLOVER = {"MOBILIZE"}
_FORCE_FRAMES = {"raid", "seize_weapons", "take_control", "withdraw"}
_POLICE_FRAMES = {"arrest", "disperse"}


def _state_by_frame(doc, i: int, actor: Actor, m: Mention) -> Actor:
    """A state named by its country or capital is its government, its police where it arrests or disperses, and
    its military where it uses force (ACLED: 'Military Forces of X')."""
    if actor.inter != 1 or actor.sector != "GOV" or actors_mod.state_metonym(doc, doc[i]) is None:
        return actor
    if m.frame.name in _POLICE_FRAMES:
        force = lexicon.role_term("police")
    elif family(m.frame) == "violence" or m.frame.plover in _FORCE_PLOVER or m.frame.name in _FORCE_FRAMES:
        force = lexicon.role_term("military")
    else:
        return actor
    where = get_gazetteer().country_name(actor.country) if actor.country else None
    name = ("Police Forces of {}" if force.kind == "police" else "Military Forces of {}").format(where)
    return dataclasses.replace(actor, name=name if where else actor.name, type=force.type, sector=force.sector)


# Verbs of hurting by hand or with sticks, and the plain words for who did it: unnamed people who beat someone,
# with no gun or blade told, are a mob (ACLED: Rioters, Mob violence), not an armed group (CODEBOOKS 1.3, 2.1).
_BARE_HANDED_VERBS = {"assault", "beat", "thrash", "manhandle", "lynch", "torture"}
_PLAIN_DOERS = {"assailant", "attacker", "man", "men", "person", "people", "individual", "miscreant", "goon", "thug",
                "youth", "neighbour", "neighbor", "group", "gang"}
_DEADLY_WEAPONS = {"gun", "pistol", "rifle", "firearm", "shoot", "shot", "gunfire", "bullet", "gunshot", "armed",
                   "machete", "sword", "knife", "axe", "grenade", "bomb", "explosive", "gunman", "weapon"}


def _bare_handed(doc, m: Mention, side1: list[Actor]) -> bool:
    """'assailants assaulted a journalist', 'unidentified men beat a trader': an unnamed group typed armed only by
    default, that beat someone with no deadly weapon told in the sentence or the two before it."""
    if doc[m.head].lemma_.lower() not in _BARE_HANDED_VERBS or m.nominal or len(side1) != 1:
        return False
    doer = side1[0]
    if doer.inter != 3 or not doer.name.startswith("Unidentified Armed Group") or doer.span is None:
        return False
    words = doer.text.lower().replace("-", " ").split()
    if not words or words[-1].rstrip("s") not in _PLAIN_DOERS and words[-1] not in _PLAIN_DOERS:
        return False
    # the sentence and the two before it: "An armed group ambushed two men. The assailants assaulted one of them"
    sents = list(doc.sents)[max(0, m.sent_index - 2):m.sent_index + 1]
    return not any(t.lemma_.lower() in _DEADLY_WEAPONS or t.lower_ in _DEADLY_WEAPONS for sent in sents for t in sent)


_PLACE_NOUNS = {"village", "town", "city", "township", "district", "lga", "state", "province", "region", "road",
                "area", "county", "camp", "market", "street", "border", "office", "building", "headquarters"}


def _named_suspects(doc, side: list[Actor], ids: list[int], typed) -> list[Actor]:
    """An unidentified armed actor told with who it probably was ("an unknown armed group (likely Al Shabaab)",
    "gunmen believed to be ADF rebels") is that group, as ACLED codes a suspected perpetrator."""
    out = []
    for a in side:
        i = next((j for j in sorted(ids) if a.span is not None and doc[j].idx >= a.span.start
                  and doc[j].idx < a.span.end), None)
        j = actors_mod.suspected_group(doc, i) if i is not None and a.name.startswith("Unidentified Armed Group") \
            else None
        out.append(typed(j) if j is not None else a)
    return out


# One of a community told by trade, and the places a community lives in: attacked, they are its people, not its militia
# ("rustlers killed a herdsman", "militants attacked a Fulani camp"; ACLED: Civilians, codebook 1.5 inter 7).
_TRADE_PERSONS = {"herdsman", "herder", "pastoralist", "farmer", "fisherman", "hunter", "villager", "trader"}
_SETTLEMENTS = {"camp", "settlement", "village", "hamlet", "home", "homestead", "house", "compound", "community"}
_ARMED_WORDS = {"militia", "militiaman", "militant", "fighter", "gunman", "bandit", "raider", "rustler", "armed",
                "vigilante", "group", "force", "gang"}


def _community_victims(doc, actor: Actor, i: int, country: str | None) -> Actor:
    """A target typed a communal militia only by its community ('a herdsman', 'a Fulani camp') is civilians:
    one person of a trade, or a settlement, with no armed word in its phrase."""
    if actor.inter != 4:
        return actor
    tok = doc[i]
    holder = tok.head if tok.dep_ in ("compound", "amod", "nmod", "poss") else tok
    person = tok.tag_ == "NN" and tok.lemma_.lower() in _TRADE_PERSONS
    if not (person or holder.lemma_.lower() in _SETTLEMENTS):
        return actor
    if any(t.lemma_.lower() in _ARMED_WORDS for t in holder.subtree):
        return actor  # "a Fulani militia camp", "armed herdsmen"
    return dataclasses.replace(actors_mod.generic_actor(7, country), text=actor.text, span=actor.span)


def _usable(doc, actor: Actor, i: int) -> bool:
    """Objects that are things or places, not actors ('the office', 'Bama LGA') are kept only when typed."""
    if actor.inter is not None:
        return True
    tok = doc[i]
    if tok.ent_type_ in actors_mod.NOT_ACTOR_ENTS or tok.lemma_.lower() in _PLACE_NOUNS or tok.like_num:
        return False
    return tok.ent_type_ in ("ORG", "NORP", "PERSON") or tok.pos_ == "PROPN"


def can_merge(a: Draft, b: Draft, order_free: bool = False) -> bool:
    """Two drafts are one event when families fit and actors, place and day agree or can be unified."""
    if a.historical != b.historical:
        return False
    if not any(compatible(x, y) for x in a.families for y in b.families):
        return False
    if not _security_fits(a, b):
        return False
    if a.date and b.date and a.date_own and b.date_own and not _same_window(a.date, b.date):
        return False
    if a.place and b.place and a.place_own and b.place_own and not same_place(a.place, b.place):
        return False
    if order_free:
        return _sides_fit(a, b)
    return _actors_fit(a.actor1, b.actor1) and _actors_fit(a.actor2, b.actor2)


# Strategic developments that stop, end or settle violence: told beside an attack, they stay their own event
# ("defused an IED planted by ...", "agreed to cease attacks").
_SETTLING = {"defuse", "seize_weapons", "agreement", "release"}
_PROPERTY = {"loot", "destroy"}
_TERRITORY = {"capture_territory", "regain_territory"}


def _infinitive(m: Mention) -> bool:
    """Set by the coder: a mention told as an aim ('shot into the air to intimidate residents')."""
    return m.purpose


def _security_fits(a: Draft, b: Draft) -> bool:
    """A strategic development and violence are one event only when the violence is told as happening and is the
    graver fact: 'a patrol was ambushed', 'robbed and wounded a trader', 'an operation in which 9 were killed' (one
    battle or attack); not 'deployed troops after the attack' nor 'attacked the village and robbed houses, no
    casualties' (ACLED: looting)."""
    fams_a, fams_b = a.families, b.families
    if not ({"security", "violence"} <= fams_a | fams_b) or "security" in fams_a & fams_b or "violence" in fams_a & fams_b:
        return True
    security, violence = (a, b) if "security" in fams_a else (b, a)
    if set(security.frames) & _SETTLING:
        return False
    if "withdraw" in security.frames and {m.frame.name for m in violence.mentions} & _TERRITORY:
        return False  # "occupied the town after the troops withdrew": taken without a fight (ACLED: non-violent)
    hurt = any(violence.counts[k].best > 0 for k in ("fatalities", "injuries") if k in violence.counts)
    acts = [m for m in violence.mentions if family(m.frame) == "violence"]
    told = any((not m.nominal or m.frame.name == "clash" and not m.definite) and not m.hypothetical and not _infinitive(m)
               for m in acts)
    if set(security.frames) & _PROPERTY and not hurt and {m.frame.name for m in acts} <= {"attack"}:
        return False
    return hurt or told


def _sides_fit(a: Draft, b: Draft) -> bool:
    """Order-free: the typed actors of one draft are among the other's, or together make at most a pair."""
    protest = "protest" in a.families | b.families

    def kinds(d: Draft) -> set[int]:
        # "people protested ... police dispersed the protesters", "BNP members staged a protest": who marches is
        # the crowd, whatever word names it
        return {6 if protest and (x.inter in CROWD_TYPES or actors_mod.is_party(x)) else x.inter
                for x in (d.actor1, d.actor2) if x is not None and x.inter is not None}

    ta, tb = kinds(a), kinds(b)
    if "clash" in a.frames or "clash" in b.frames:
        ta, tb = ta - {7}, tb - {7}  # civilians killed in a battle are its toll (ACLED), not a third side
    return ta <= tb or tb <= ta or len(ta | tb) <= 2


def _same_window(x: DateInfo, y: DateInfo) -> bool:
    if x.time_precision == 1 and y.time_precision == 1:
        return x.date == y.date
    lo = max(x.date, y.date) - min(x.date, y.date)
    return lo.days <= (3 if max(x.time_precision, y.time_precision) == 2 else 15)


def same_place(x: PlaceMention, y: PlaceMention) -> bool:
    """Same town, or a province and a town inside it; unresolved places compare by their words."""
    px, py = x.place, y.place
    if px.geonames_id and px.geonames_id == py.geonames_id:
        return True
    if px.resolved and py.resolved:
        if px.iso3 != py.iso3 or (px.admin1 or "") != (py.admin1 or ""):
            return False
        return px.geo_precision == 3 or py.geo_precision == 3 or (px.name or "") == (py.name or "")
    return (px.name or px.text).lower() == (py.name or py.text).lower()


def _actors_fit(x: Actor | None, y: Actor | None) -> bool:
    if x is None or y is None:
        return True
    if x.inter is not None and y.inter is not None:
        return x.inter == y.inter
    return True


def absorb(into: Draft, other: Draft) -> None:
    """Fold other's mentions and fields into `into`; each field keeps the words it came from."""
    responder = answering_force(other) if _armed_attack(into) and other.first.sent_index > into.first.sent_index \
        else None
    if responder is not None:  # "... The police shot one of the assailants": the assailants are into's attacker
        other = dataclasses.replace(other, actor1=None, actor2=None)
    # "Three civilians were killed in clashes between X and Y": the fighters are the sides, the dead the toll
    if "clash" in other.frames and "clash" not in into.frames and (other.actor1 or other.actor2) \
            and not _answers_attack(into, other):
        kept = [a for a in (into.actor1, into.actor2) if a is not None and a.inter not in (None, 7)]
        into.actor1, into.actor2 = other.actor1, other.actor2
        other = dataclasses.replace(other, actor1=kept[0] if kept else None, actor2=kept[1] if len(kept) > 1 else None)
    elif "clash" in into.frames and "clash" not in other.frames and (other.actor2 is None or other.actor2.inter in (None, 7)):
        other = dataclasses.replace(other, actor2=None)
    into.mentions.extend(other.mentions)
    into.actor1 = _better(into.actor1, other.actor1)
    into.actor2 = _better(into.actor2, other.actor2)
    crowd = "protest" in into.families
    if _same_actor(into.actor1, into.actor2, crowd):
        # "people marched ... police dispersed the protesters": the crowd is one side, not both
        into.actor2 = next((a for a in (other.actor1, other.actor2)
                            if a is not None and a.inter is not None and not _same_actor(a, into.actor1, crowd)), None)
        if into.actor2 is not None and into.actor2 is other.actor1 and into.actor2.inter not in CROWD_TYPES \
                and other.actor2 is not None and _same_actor(other.actor2, into.actor1, crowd):
            # "... staged a demonstration. Soldiers fired at the demonstrators": who acted on the crowd is actor 1
            into.actor1, into.actor2 = into.actor2, into.actor1
    # an actor of the other mention that is not yet on either side takes a free side ("police intervened")
    for actor in (other.actor1, other.actor2):
        if actor is None or actor.inter is None or actor.name in {a.name for a in (into.actor1, into.actor2) if a}:
            continue
        if into.actor2 is None:
            into.actor2 = actor
        elif into.actor1 is None:
            into.actor1 = actor
    if responder is not None:
        _take_responder(into, responder)
    into.assoc1.extend(a for a in other.assoc1 if a.name not in {x.name for x in into.assoc1})
    into.assoc2.extend(a for a in other.assoc2 if a.name not in {x.name for x in into.assoc2})
    take_counts(into, other)
    if other.date and (not into.date_own or other.date_own and other.date.time_precision < into.date.time_precision):
        if other.date_own or into.date is None:
            into.date, into.date_own = other.date, other.date_own
    if other.place and (not into.place_own or _more_specific(other.place, into.place)):
        if other.place_own or into.place is None:
            into.place, into.place_own = other.place, other.place_own


# Nouns that name a side only by the attack it made ("the attackers", "one of the assailants"): told with or right
# after an attack, they are its attacker, and an armed force acting on them answers that attack.
_ATTACKER_NOUNS = {"attacker", "assailant", "raider", "assaulter", "intruder", "perpetrator"}


def attackers_again(actor: Actor | None) -> bool:
    """The actor is named only as the attackers ('the attackers', 'two of the assailants')."""
    if actor is None or not actor.text:
        return False
    word = actor.text.lower().split()[-1]
    return word in _ATTACKER_NOUNS or word.endswith("s") and word[:-1] in _ATTACKER_NOUNS


def answering_force(d: Draft) -> Actor | None:
    """'Soldiers repulsed the attackers', 'The police shot one of the assailants': the armed force that acts on the
    attackers named again, or None."""
    if d.families != {"violence"}:
        return None
    for actor, other in ((d.actor1, d.actor2), (d.actor2, d.actor1)):
        if attackers_again(other) and actor is not None and actor.inter in _ARMED_SIDES and not attackers_again(actor):
            return actor
    return None


def _armed_attack(d: Draft) -> bool:
    """Violence by a named armed actor (whose attackers a later mention may name again)."""
    return "violence" in d.families and d.actor1 is not None and d.actor1.inter in _ARMED_SIDES


def _take_responder(into: Draft, responder: Actor) -> None:
    """The force that answered the attack is its other side, in place of an unnamed or civilian target (ACLED: an
    attack met by armed resistance is a battle between the attacker and the responding force, CODEBOOKS.md 1.2)."""
    if responder.name == into.actor1.name:
        return
    if into.actor2 is None or into.actor2.inter in (None, 7):
        into.actor2 = responder


def _answers_attack(attack: Draft, reply: Draft) -> bool:
    """The clash is one side of the attack answering it ('Al Shabaab hurled a grenade at the police station. Police
    reacted with gunfire', 'were repelled by the army'): the attack already has both sides, in the order they acted,
    and the reply names only one of them."""
    sides = [a for a in (attack.actor1, attack.actor2) if a is not None and a.inter not in (None, 7)]
    told = [a for a in (reply.actor1, reply.actor2) if a is not None]
    return len(sides) == 2 and len(told) == 1 and told[0].name in {a.name for a in sides}


def _same_actor(x: Actor | None, y: Actor | None, crowd: bool = False) -> bool:
    """One side: the same actor, or at a protest any two names for its crowd ('people', 'the protesters')."""
    if x is None or y is None:
        return False
    if crowd and all(a.inter in CROWD_TYPES or actors_mod.is_party(a) for a in (x, y)):
        return True
    return x.inter == y.inter and x.name == y.name and x.text == y.text


def _better(x: Actor | None, y: Actor | None) -> Actor | None:
    if x is None:
        return y
    if y is None:
        return x
    if x.inter is None and y.inter is not None:
        return y
    return x


def _more_specific(x: PlaceMention, y: PlaceMention | None) -> bool:
    if y is None:
        return True
    return (x.place.geo_precision or 9) < (y.place.geo_precision or 9)


def span_of(doc, m: Mention) -> Span:
    s = doc[m.start:m.end]
    return Span(s.start_char, s.end_char, s.text)
