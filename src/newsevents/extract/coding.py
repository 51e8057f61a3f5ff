"""ACLED, PLOVER and CAMEO codes for one event, from its frames, actors and counts."""

from __future__ import annotations

from dataclasses import dataclass

from newsevents import lexicon
from newsevents.records import Acled, Actor, Cameo, Count, Plover

ARMED = {1, 2, 3, 4, 8}
CROWD = {5, 6, 7}
NON_STATE_ARMED = {2, 3, 4}
UNARMED_STATE = {"GOV", "JUD", "LEG"}
PROTESTERS, RIOTERS, CIVILIANS = 6, 5, 7
VIOLENT_ON_PEOPLE = {"attack", "kill", "shoot", "beat"}
# Frames that say demonstrators themselves used violence or destruction.
RIOT_FRAMES = {"riot"}
INTERVENTION_FRAMES = {"disperse", "arrest"}
# Frames that name the form of violence; a bare "killed" in the same event defers to them.
# (Abduction and sexual violence are not here: ACLED's own order decides "abducted and killed" = Attack.)
SPECIFIC_VIOLENCE = {"clash", "capture_territory", "regain_territory", "airstrike", "shelling", "ied", "grenade",
                     "suicide_bomb", "chemical", "mob"}
PROPERTY_FRAMES = {"destroy", "loot"}
# What a crowd itself does that makes its demonstration a riot (a bare "attack" is often the protest's cause).
CROWD_VIOLENCE = {"riot", "clash", "mob"} | PROPERTY_FRAMES
_VIOLENT_BLOCKADE = {"barricade", "tyre", "tire", "burn"}
# Frames that by themselves say a demonstration took place.
PROTEST_FRAMES = {"protest", "strike", "hunger_strike", "boycott", "obstruct", "disperse"}
# Triggers that name the disturbance itself a riot or a violent protest: ACLED's Violent demonstration, where a crowd
# that stoned, vandalised or set fire to something, with no demand voiced, is a mob (codebook, Riots).
RIOT_NAMED = {"riot.riot", "riot.riot.noun", "riot.rioting", "riot.rioter", "riot.violent_protest",
              "riot.violent_demonstration", "riot.unrest", "riot.turn_violent"}
# Triggers that tell a crowd throwing stones: with a riot named, the crowd's weapons, not an armed group's
STONING = {"riot.throw_stone", "riot.stone-throw", "riot.pelt", "riot.stone", "riot.hurl_stone", "riot.throw_rock",
           "riot.stone_pelt", "riot.stone_be_throw", "riot.rock_be_throw"}


# Mob words that tell only the crowd's mood ('angry residents', 'irate villagers'), not anything it did
ANGER = {"mob.angry_crowd", "mob.angry_resident", "mob.irate"}
# Killings of people already in the killers' hands ('executed two captured soldiers', 'beheaded'): whoever the victims
# are, they cannot fight back, so ACLED codes an Attack on them, never a battle
CAPTIVE_KILLING = {"kill.execute", "kill.execution", "kill.behead"}
_CROWD_EVENT_TYPES = {"Protests", "Riots"}
_AMBUSH = "clash.ambush"
# Attack words that tell only the coming of the attackers ('attacked the village', 'an incursion'), not a harm done
# to anyone (torture, wounds, a massacre are harm)
_APPROACH = {"attack.attack", "attack.attack.noun", "attack.raid", "attack.storm", "attack.incursion", "attack.invade",
             "attack.target", "attack.set_upon"}
_OPERATION = "clash.operation_against"
# Fights told as fire going both ways: whoever the text names on either side shot back, so is armed (ACLED: a battle)
MUTUAL_FIRE = {"clash.armed_clash", "clash.gunfight", "clash.gun_battle", "clash.firefight", "clash.shootout",
               "clash.shoot-out", "clash.exchange_of_fire", "clash.exchange_fire", "clash.exchange.fire",
               "clash.trade_fire", "clash.gunbattle", "clash.gunfire_exchange", "clash.exchange_of_gunfire"}


@dataclass
class Coded:
    acled: Acled
    plover: Plover
    cameo: Cameo
    frame: str  # the frame whose codes were used


@dataclass(frozen=True)
class Told:
    """What the event's sentences tell beyond its triggers, actors and counts (built once in pipeline._record)."""

    rivalry: bool = False
    """A fight between rival sides ('over political rivalry', genres.json rivalry)."""
    demand: bool = False
    """A demand or a cause voiced ('demanding their pay', genres.json demand)."""
    serious: bool = True
    """Lethal force or serious harm (a shot aimed at people, someone critically hurt or taken to hospital); without
    it, force at a protest is an intervention, not excessive force (ACLED)."""
    crowd_fight: bool = False
    """A fight right after a protest ('held a demonstration ... and then clashed with police'): the side the state's
    forces fight, unnamed, is the protest's crowd."""
    reciprocal: bool = False
    """The crowd fought people of its own kind ('rioters clashed with each other', 'a riot between two groups of
    youths'): a riot so named is then a brawl, not a demonstration's violence, unless a demand is voiced."""
    violent_blockade: bool = False
    """A road blocked with barricades, burning objects or heavy debris ('blocked the road with stones and logs'):
    ACLED's Violent demonstration, where a blockade by people or vehicles alone is a Peaceful protest."""
    crowdless: bool = False
    """No crowd is told, so neither a protest nor a riot can be the event ('gunmen attacked the village and burned
    houses' is an attack, whatever its burning would be in a crowd's hands)."""


def code_event(triggers: list[lexicon.Trigger], actor1: Actor | None, actor2: Actor | None,
               fatalities: Count, injuries: Count, told: Told = Told()) -> Coded:
    """Pick the ACLED sub-event by ACLED's rules and precedence, then PLOVER/CAMEO from the deciding trigger."""
    # ACLED: a road blocked with barricades or burning tyres is a riot; a sit-down blockade is a protest
    pairs = [("riot" if t.frame == "obstruct" and (told.violent_blockade or _VIOLENT_BLOCKADE & set(t.tokens))
              else t.frame, t) for t in triggers]
    if actor1 is not None and actor1.inter in NON_STATE_ARMED:
        # "40 fighters surrendered to the army": an armed group giving itself up is an agreement (ACLED), not an arrest
        pairs = [("agreement" if t.id == "arrest.surrender" else f, t) for f, t in pairs]
    if actor2 is not None and actor2.inter not in ARMED | {PROTESTERS, RIOTERS} or actor2 is None and (
            actor1 is None or actor1.inter in NON_STATE_ARMED):
        # "ambushed a motorbike carrying khat", "an ADF ambush on the road": an ambush of people who cannot fight
        # back is an attack (ACLED: a battle only when on-duty forces or fighters are ambushed)
        pairs = [("attack" if t.id.startswith(_AMBUSH) else f, t) for f, t in pairs]
    if not (actor1 is not None and actor1.sector == "MIL" and actor2 is not None and actor2.inter in NON_STATE_ARMED | {8}):
        # an army's operation against an armed group is a battle (ACLED); a police operation, or one against
        # crime, is a raid unless fighting is told
        pairs = [("raid" if t.id == _OPERATION else f, t) for f, t in pairs]
    if any(f in PROTEST_FRAMES for f, _ in pairs):
        # "angry residents padlocked the office": an angry crowd that protests and does nothing violent protests
        pairs = [(f, t) for f, t in pairs if t.id not in ANGER] or pairs
    if any(f == "abduct" for f, _ in pairs) and fatalities.best == 0 and injuries.best == 0:
        # "attacked the village, abducting three residents": an attack that only takes people, with nobody killed,
        # hurt or tortured, is an abduction (ACLED: Attack only when the abduction comes with further violence)
        pairs = [(f, t) for f, t in pairs if not (f == "attack" and (t.id in _APPROACH or t.id.startswith(_AMBUSH)))]
    if any(f in SPECIFIC_VIOLENCE for f, _ in pairs):  # "killed in a firefight", "died in an air strike"
        pairs = [(f, t) for f, t in pairs if f not in VIOLENT_ON_PEOPLE] or pairs
    frames = [f for f, _ in pairs]
    mutual = any(t.id in MUTUAL_FIRE for t in triggers)
    # a riot named as such, or a road barricaded, is a demonstration's violence; other crowd violence needs a demand
    # (a riot between two groups of one kind is a brawl among them: ACLED Mob violence unless a demand is voiced)
    cause = told.demand or told.crowd_fight or any(t.id in RIOT_NAMED and not told.reciprocal or t.frame == "obstruct"
                                                   for t in triggers)
    riot_told = told.crowd_fight or any(t.id in RIOT_NAMED or t.id in STONING for t in triggers)
    # "abducted and killed a police officer", "executed two soldiers": the victims were captives
    captive = any(t.id in CAPTIVE_KILLING for t in triggers) or "abduct" in frames
    options = [(_acled_for(f, frames, actor1, actor2, fatalities, injuries, told, mutual, cause, riot_told, captive), f)
               for f in frames]
    coded = [(sub, f) for sub, f in options if sub]
    crowd_attacks = actor1 is not None and actor1.inter in CROWD and (actor2 is None or actor2.inter != PROTESTERS)
    if any(sub in ("Violent demonstration", "Mob violence") and (f in CROWD_VIOLENCE or f in VIOLENT_ON_PEOPLE and crowd_attacks)
           for sub, f in coded):
        # "locals demonstrated by assaulting the chairman": the crowd's own violence makes it a riot
        # ACLED: a demonstration whose crowd turns violent is one Riots event, whatever the table's order
        coded = [(sub, f) for sub, f in coded if lexicon.acled_event_type_of(sub) != "Protests"]
    if told.crowdless:
        coded = [(sub, f) for sub, f in coded if lexicon.acled_event_type_of(sub) not in _CROWD_EVENT_TYPES]
    if coded:
        sub, frame = min(coded, key=lambda o: lexicon.acled_rank(o[0]))
    else:
        sub, frame = None, min(frames, key=lexicon.frame_rank)
    trig = next(t for f, t in pairs if f == frame)
    spec = lexicon.frames()[frame]
    acled = Acled()
    if sub:
        acled = Acled(
            event_type=lexicon.acled_event_type_of(sub),
            sub_event_type=sub,
            disorder_type=lexicon.disorder_type_of(sub),
            civilian_targeting=_civilian_targeting(sub, actor2),
        )
    plover, mode, cameo = trig.plover or spec.plover, trig.mode, trig.cameo or spec.cameo
    if frame == "riot" and sub == "Looting/property destruction":
        destroy = lexicon.frames()["destroy"]  # armed men burning houses: destruction, not a riot
        plover, mode, cameo = destroy.plover, destroy.mode, destroy.cameo
    if sub == "Excessive force against protesters":
        plover, mode, cameo = "ASSAULT", mode if plover == "ASSAULT" else "firearms", "175"
    return Coded(acled, Plover(plover, mode, []), Cameo(cameo, lexicon.cameo_quad(cameo)), frame)


def _acled_for(frame: str, frames: list[str], a1: Actor | None, a2: Actor | None,
               fatalities: Count, injuries: Count, told: Told, mutual: bool = False,
               cause: bool = True, riot_told: bool = False, captive: bool = False) -> str | None:
    """The ACLED sub-event one frame of the event gives, by ACLED's definitions (CODEBOOKS.md 1.3).

    cause: a demand is voiced or the violence is named a riot (`code_event`); without one, a crowd's violence with
    no protest told is Mob violence, even against the state's forces.
    riot_told: the event's words name a riot, rioters or stone-throwing; the state's forces fighting a side they do not
    name are then fighting the rioters (ACLED Riots), not an armed group.
    told.reciprocal: police dispersing a crowd's brawl among its own kind do not make it a demonstration.
    captive: the victims were killed in their killers' hands (executed, beheaded, abducted and killed): one-sided.
    """
    rivalry, serious, reciprocal = told.rivalry, told.serious, told.reciprocal
    spec = lexicon.frames()[frame]
    sub = spec.acled_sub_event_type
    if sub is None:
        return None
    i1 = a1.inter if a1 else None
    i2 = a2.inter if a2 else None
    if mutual and frame == "clash" and CIVILIANS in (i1, i2) and {i1, i2} & ARMED:
        # "armed clashes between the army and unknown persons", "a gunfight with bandits": both sides fired
        i1, i2 = (3 if i == CIVILIANS else i for i in (i1, i2))
    if i1 == CIVILIANS and _armed(a1):
        i1 = 3  # "unknown armed persons killed a man": who carries arms to kill is an armed group, not a mob
    if a2 is not None and a2.text and "unarmed" in a2.text.lower().split():
        i2 = CIVILIANS  # "four unarmed herdsmen were killed": whoever they are, they could not fight back
    if a2 is not None and i2 == 1 and a2.sector in UNARMED_STATE:
        i2 = CIVILIANS  # an official, a judge, a lawmaker cannot fight back: violence on them is one-sided
    # a demand or a demonstration makes a riot a violent demonstration; without one it is mob violence
    # (a fight between rivals is about standing, not a cause: a rally it happens at does not make it a protest)
    told = PROTEST_FRAMES - {"disperse"} if reciprocal else PROTEST_FRAMES
    protest_context = any(f in told for f in frames) and not rivalry or PROTESTERS in (i1, i2)
    if frame == "clash" and PROTESTERS in (i1, i2) and ({i1, i2} - {PROTESTERS}) <= {1, None}:
        return "Violent demonstration"  # "protesters clashed with police": a clash has two sides that fight
    if frame in VIOLENT_ON_PEOPLE or frame == "clash":
        if i2 == PROTESTERS and i1 not in CROWD or (i1 == PROTESTERS and i2 is None and frame not in ("attack", "clash")):
            return _force_on_protest(fatalities, serious)
        if riot_told and _state_against_unnamed(a1, a2):
            # "rioters clash with police", "the rioters responded by throwing rocks at the police": the other side of
            # the state's forces in a riot is its crowd (rioters are unorganised by definition)
            return "Violent demonstration" if protest_context or cause else "Mob violence"
        if i1 == CIVILIANS and not _group(a1) and frame != "clash":
            return None  # one person attacking another is crime, which ACLED leaves out
        if i1 == CIVILIANS and frame == "shoot" and not protest_context and i2 != PROTESTERS:
            return "Attack"  # people who open fire are armed: an attack, not a mob's violence
        if frame == "clash" and CIVILIANS in (i1, i2) and ({i1, i2} - {CIVILIANS}) <= ARMED and {i1, i2} & ARMED \
                and not (protest_context and 1 in (i1, i2)):
            if _crowd_fights_state(i1, i2, a1, a2):
                return "Violent demonstration" if protest_context or cause else "Mob violence"
            return "Attack"  # "militants ambushed and killed a government employee": one side cannot fight back
        # unorganised people fighting (rioters, protesters, villagers, party supporters) are a riot, not a battle
        if i1 in CROWD or (frame == "clash" and i2 in CROWD) or i2 == RIOTERS:
            # "a mob stoned two policemen", "villagers beat a soldier": no demand, no protest: a mob's violence
            return "Violent demonstration" if protest_context or 1 in (i1, i2) and cause else "Mob violence"
        if frame == "clash":
            # "groups clashed with police at the rally": a side nobody names, at a protest, is its crowd
            return "Violent demonstration" if protest_context and None in (i1, i2) else sub
        if i2 in ARMED and (i1 in ARMED or i1 is None) and not (captive and frame == "kill"):
            return "Armed clash"  # the other side is armed and organised: a battle, not one-sided violence
        return "Attack"
    if frame == "raid" and i1 in NON_STATE_ARMED:
        # a raid by rebels, militias or bandits is no police operation: a fight with an armed target, an attack
        # when people are hurt, else (ACLED) the looting or destruction of what was raided
        if i2 in ARMED:
            return "Armed clash"
        return "Attack" if fatalities.best > 0 or injuries.best > 0 else "Looting/property destruction"
    if frame == "riot" and not protest_context and "mob" in frames and 1 not in (i1, i2):
        return "Mob violence"  # "angry residents set the suspect's house ablaze": a mob's destruction, no cause voiced
    if frame == "riot" and not protest_context and i2 == CIVILIANS and i1 not in ARMED:
        return "Mob violence"  # "stoned to death by angry locals": a crowd hurting a person, no cause voiced
    # the state's forces at a riot named as such stopped it, they did not riot: the riot is still the crowd's
    crowd_riots = i1 not in ARMED or i1 == 1 and riot_told
    if frame == "riot" and not protest_context and not crowd_riots:
        return "Looting/property destruction"  # armed men burning and looting: destruction, not a riot
    if frame in ("riot", *PROPERTY_FRAMES) and rivalry and not protest_context and i1 not in ARMED:
        return "Mob violence"  # "party activists vandalised the office of their rivals": no demand, a mob's violence
    if frame in PROPERTY_FRAMES and (protest_context or i1 == PROTESTERS or i1 == RIOTERS and cause):
        return "Violent demonstration"
    if (frame == "riot" or frame in PROPERTY_FRAMES and i1 == RIOTERS) and not protest_context and not cause \
            and crowd_riots:
        return "Mob violence"  # "youths torched the chief's car", "a crowd stoned the station": no demand voiced
    if frame in ("protest", "strike", "hunger_strike", "obstruct"):
        if any(f in RIOT_FRAMES for f in frames):
            return "Violent demonstration"
        if any(f in VIOLENT_ON_PEOPLE for f in frames) or fatalities.best > 0:
            return _force_on_protest(fatalities, serious)
        if any(f in INTERVENTION_FRAMES for f in frames):
            return "Protest with intervention"
        return "Peaceful protest"
    if frame == "arrest" and (i2 == PROTESTERS or protest_context):
        return "Protest with intervention"
    if frame == "mob" and protest_context:
        return "Violent demonstration"
    if frame == "abduct" and i1 == 1 and i2 != CIVILIANS and i2 is not None:
        return "Arrests"
    if frame == "capture_territory" and i1 == 1:
        return "Government regains territory"
    return sub


def _force_on_protest(fatalities: Count, serious: bool) -> str:
    """ACLED: force on a peaceful protest is excessive when it kills, seriously hurts or aims lethal weapons at the
    crowd; beating, attacking or arresting protesters with no such harm is an intervention."""
    return "Excessive force against protesters" if fatalities.best > 0 or serious else "Protest with intervention"


_GROUP_WORDS = {"mob", "crowd", "group", "gang", "band", "people", "villagers", "residents", "youths", "locals"}


def _group(actor: Actor | None) -> bool:
    """Several people ('villagers', 'a mob of youths'), not one ('a man', 'his neighbour')."""
    if actor is None or not actor.text:
        return True
    words = actor.text.lower().split()
    return words[-1].endswith("s") or bool(_GROUP_WORDS & set(words))


def _state_against_unnamed(a1: Actor | None, a2: Actor | None) -> bool:
    """Every side the text names is the state's forces (one may be missing or left unnamed): 'police clashed',
    'injured three soldiers'."""
    named = [a for a in (a1, a2) if a is not None and a.text]
    return bool(named) and all(a.inter == 1 for a in named)


def _crowd_fights_state(i1: int | None, i2: int | None, a1: Actor | None, a2: Actor | None) -> bool:
    """'students clashed with the police', 'drivers and security forces fought': unarmed people who fight the state's
    forces are rioters (ACLED Riots), not the victims of a one-sided attack."""
    if {i1, i2} != {1, CIVILIANS}:
        return False
    crowd = a1 if i1 == CIVILIANS else a2
    return crowd is not None and bool(crowd.text) and _group(crowd) and not _armed(crowd)


def _armed(actor: Actor | None) -> bool:
    """'unknown armed persons', 'armed youths': people the text calls armed."""
    return actor is not None and bool(actor.text) and "armed" in actor.text.lower().split()


def _civilian_targeting(sub: str, actor2: Actor | None) -> bool:
    if sub in ("Attack", "Sexual violence", "Abduction/forced disappearance", "Excessive force against protesters"):
        return True
    return sub in ("Mob violence", "Remote explosive/landmine/IED", "Air/drone strike", "Shelling/artillery/missile attack",
                   "Grenade", "Suicide bomb") and bool(actor2 and actor2.inter == CIVILIANS)
