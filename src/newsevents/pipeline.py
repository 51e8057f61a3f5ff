"""Article in, EventRecords out: runs every stage in order."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from typing import Iterable, Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id

from newsevents import lexicon, nlp, settings
from newsevents.errors import ArticleError
from newsevents.extract import events as ev
from newsevents.extract.actors import (generic_actor, interaction, is_party, names_a_state, nationality_stated,
                                      people_roles, unnamed_opponent)
from newsevents.extract.coding import INTERVENTION_FRAMES, RIOT_NAMED, Told, code_event
from newsevents.extract.counts import find_counts, find_toll_note
from newsevents.extract.counts import harm_words, other_side
from newsevents.extract.dates import ArticleDates
from newsevents.extract.mentions import Mention, find_mentions
from newsevents.extract.places import find_places
from newsevents.records import Actor, Article, Count, EventRecord, Span

log = logging.getLogger(__name__)
ARMED_TYPES = {1, 2, 3, 4, 8}
_UNARMED_STATE = {"GOV", "JUD", "LEG"}
# Weapons laid or thrown by hand: when the text names nobody, ACLED's perpetrator is an Unidentified Armed Group.
_PLANTED = {"Remote explosive/landmine/IED", "Grenade", "Suicide bomb"}
_VICTIMS_ARE_CIVILIANS = {"Arrests", "Looting/property destruction"}
_CHAIN = ("conj", "advcl", "xcomp", "ccomp", "pcomp")
_ANAPHORA_WINDOW = 3  # sentences


def code_article(article: Article) -> list[EventRecord]:
    """Code one article; raises ArticleError when the article cannot be coded."""
    _check(article)
    doc = nlp.load()(article.text)
    return _code_doc(doc, article)


def code_articles(articles: Iterable[Article | ArticleError]) -> Iterator[tuple[Article, list[EventRecord] | ArticleError]]:
    """Code a stream of articles in batches; a bad article yields its ArticleError and the stream goes on."""
    model = nlp.load()
    batch: list[Article] = []
    size = settings.get_int("batch_size")
    for item in articles:
        if isinstance(item, ArticleError):
            yield None, item  # type: ignore[misc]
            continue
        try:
            _check(item)
        except ArticleError as exc:
            yield item, exc
            continue
        batch.append(item)
        if len(batch) >= size:
            yield from _code_batch(model, batch)
            batch = []
    if batch:
        yield from _code_batch(model, batch)


def _code_batch(model, batch: list[Article]):
    for article, doc in zip(batch, model.pipe(a.text for a in batch)):
        try:
            yield article, _code_doc(doc, article)
        except ArticleError as exc:
            yield article, exc
        except Exception as exc:  # a bug must not sink the batch: report it against the article
            log.exception("coding %s failed", article.id)
            yield article, ArticleError(article.id, f"internal error while coding: {exc.__class__.__name__}: {exc}")


def code_text(text: str, published=None, source: str | None = None, article_id: str = "text") -> list[EventRecord]:
    """Code a bare text (convenience for the Python API)."""
    return code_article(Article(id=article_id, text=text, published=published, source=source))


def _check(article: Article) -> None:
    text = article.text or ""
    if not text.strip():
        raise ArticleError(article.id, "empty article (no text)")
    if "\x00" in text:
        raise ArticleError(article.id, "binary content (NUL bytes), not text")
    if len(text) > settings.get_int("max_chars"):
        raise ArticleError(article.id, f"too large ({len(text):,} characters; limit NEWSEVENTS_MAX_CHARS)")


def _code_doc(doc, article: Article) -> list[EventRecord]:
    headline_end = _headline_end(doc, article.text)
    mentions = [m for m in find_mentions(doc) if m.head >= headline_end and not _attributive(doc, m)]
    cause = _grievance_tokens(doc, mentions)
    # the words of what the protests are against ('against the arrest of their editor'), to know it told again
    causes = frozenset(doc[i].lemma_.lower() for i in cause)
    mentions = [m for m in mentions if m.head not in cause or m.frame.plover == "PROTEST"]
    if not mentions:
        return []
    places = find_places(doc, article)
    dates = ArticleDates(doc, article)
    people = people_roles(doc)
    sents = nlp.sentences(doc)
    counts = []
    told = {m.sent_index for m in mentions}
    for n in sorted(told):
        counts.extend(c for c in find_counts(sents[n]) if c.head not in cause)
    owned = ev.attach_counts(doc, mentions, counts)
    tolls = _toll_sentences(sents, told, min(told))
    # a toll no event word of its sentence takes ('Three fatalities were reported and three suspects arrested')
    taken = {id(c) for found in owned.values() for c in found}
    sent_index = {sent.start: n for n, sent in enumerate(sents)}
    for c in counts:
        if id(c) not in taken and c.kind in _TOLL_KINDS and not c.cumulative:
            tolls.setdefault(sent_index[doc[c.head].sent.start], []).append(c)

    cumulative = [c for c in counts if c.cumulative]
    drafts = [_draft(doc, m, sents, places, dates, people, owned.get(id(m), []), cumulative)
              for m in mentions]
    if _genre(doc):  # sports, markets, weather: "clash", "rally", "scattered" are games, prices and showers
        drafts = [d for d in drafts if any(a is not None and a.inter for a in (d.actor1, d.actor2))]
    drafts = [d for d in drafts if not _accident(doc, d)]
    drafts = _merge_clauses(doc, drafts)
    drafts = _merge_anaphora(drafts, causes)
    drafts = _merge_response(drafts)
    _add_tolls(drafts, tolls)
    drafts = _merge_sentence(drafts)
    drafts = _merge_escalation(drafts)
    drafts = _split_places(doc, drafts, places)
    drafts = _merge_same_event(drafts)
    _apply_toll_note(sents, drafts, counts + [c for found in tolls.values() for c in found])
    records = [r for d in drafts if (r := _record(doc, article, d, sents, places.country_iso3)) is not None]
    records = _main_first(records)
    return [r.finalize() for r in records]


def _genre(doc) -> str | None:
    """The article's genre when it reads as sports, markets or weather news (lexicon/genres.json), else None."""
    min_hits, min_distinct, genres = _genre_ids()
    rows = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
    for name, words in genres.items():
        hits = [lemma if lemma in words else low for lemma, low in rows if lemma in words or low in words]
        if len(hits) >= min_hits and len(set(hits)) >= min_distinct:
            return name
    return None


@functools.cache
def _genre_ids() -> tuple[int, int, dict[str, frozenset[int]]]:
    """The genre lexicon as spaCy string ids, so a whole article is checked without making a Token per word."""
    min_hits, min_distinct, genres = lexicon.genres()
    return min_hits, min_distinct, {g: frozenset(get_string_id(w) for w in words) for g, words in genres.items()}


# What an accident or a disaster does, told with the words of violence: "killed", "destroyed", "exploded".
_ACCIDENT_FRAMES = {"kill", "attack", "destroy", "ied"}


def _accident(doc, d: ev.Draft) -> bool:
    """'killed when a bus overturned': a death or injury with no perpetrator, told with accident words."""
    if d.families != {"violence"} or (d.actor1 is not None and d.actor1.inter) or set(d.frames) - _ACCIDENT_FRAMES:
        return False
    words = lexicon.accident_words()
    return any(t.lemma_.lower() in words and not _gunfire(t) for t in doc[d.first.head].sent)


_GUNFIRE_VERBS = {"open", "exchange", "return", "trade", "come"}  # "opened fire", "came under fire"


def _gunfire(tok) -> bool:
    """'fire' that is shooting, not a blaze: the verb 'fired', or the object of 'opened'/'exchanged'/'came under'."""
    if tok.lemma_.lower() != "fire":
        return False
    if tok.pos_ == "VERB":
        return True
    head = tok.head.head if tok.head.dep_ == "prep" else tok.head
    return head.lemma_.lower() in _GUNFIRE_VERBS or any(c.lower_ in ("gun", "live", "sniper", "heavy") for c in tok.lefts)


_HEADLINE_WORDS = 25


def _headline_end(doc, text: str) -> int:
    """Token index where the body starts after a headline line (0 when there is none): a headline repeats
    what the body tells in full, so its words are not coded twice."""
    first = doc[0].sent
    if first.end >= len(doc):
        return 0
    line_ends = "\n" in first.text[len(first.text.rstrip()):] or text[first.end_char:first.end_char + 1] == "\n"
    short = len(first) <= _HEADLINE_WORDS and not first.text.strip().endswith((".", "!", "?", '"'))
    return first.end if line_ends and short else 0


# What a protest is about is not part of it: "demonstrated against the killing of a teacher",
# "demanding justice for the murder of ...", "protested following the abduction of ...".
_CAUSE_PREPS = ev.GRIEVANCE_PREPS | {"for", "following", "after", "since", "regarding", "concerning"}
# "in memory of", "in solidarity with", "in response to", "in order to condemn": the cause follows
_CAUSE_IN = {"order", "memory", "solidarity", "response", "reaction", "protest", "condemnation", "honour", "honor",
             "remembrance", "commemoration", "retaliation", "revenge"}
_PROTEST_VERBS = {"protest", "decry", "denounce", "condemn", "oppose", "demonstrate"}
_CAUSE_VERBS = {"demand", "call", "condemn", "allege", "accuse", "denounce", "seek", "press", "urge", "oppose",
                "reject", "decry", "protest", "criticise", "criticize", "claim", "blame", "mark", "commemorate"}


def _grievance_tokens(doc, mentions: list[Mention]) -> set[int]:
    """Tokens that tell a protest's cause: events there are references, and their tolls not the protest's."""
    out: set[int] = set()
    for m in mentions:
        if m.frame.plover != "PROTEST":
            continue
        head = doc[m.head]
        clause = head.head if m.nominal and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj") else head
        for anchor in {head, clause}:
            for c in anchor.children:
                cause = (c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS) or (
                    c.dep_ in ("advcl", "xcomp", "ccomp", "conj", "acl", "relcl") and c.lemma_.lower() in _CAUSE_VERBS) or (
                    c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_.lower() in _CAUSE_IN for g in c.children))
                if cause:
                    out.update(t.i for t in c.subtree)
        if not m.nominal and head.lemma_.lower() in _PROTEST_VERBS:
            # "students protested the killing of two classmates": what is protested is the cause
            for c in head.children:
                if c.dep_ == "dobj":
                    out.update(t.i for t in c.subtree)
    return out
_ORDINAL_WORDS = {"first", "second", "third", "last", "latest", "one"}


def _attributive(doc, m: Mention) -> bool:
    """A reference to an event told elsewhere, not a new one: 'the detained activists' (a participle describing
    people), 'marched against the arrests' (the grievance of a protest)."""
    head = doc[m.head]
    if not m.nominal:
        # (a finite root is the sentence's verb even with a stray determiner: "..., the SSA-S and SSA-N clashed.")
        finite_root = head.dep_ == "ROOT" and head.tag_ == "VBD"
        if head.dep_ == "amod" and head.i < head.head.i or any(c.dep_ == "det" for c in head.children) and not finite_root:
            return True  # "the detained activists"; "the first killed" (a verb the parser gave a determiner)
        # "the protester, the first killed since ...", "families of migrants detained in Spain gathered ...":
        # a participle describing people, inside a sentence whose own verb tells the news
        noun = head.head
        if head.dep_ != "acl" or head.tag_ != "VBN":
            return False
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        # in a headline-like fragment ("Two soldiers killed in ambush") the participle is the news itself
        in_clause = noun.dep_ != "ROOT" and head.sent.root.pos_ == "VERB"
        if not _has_own_verb(head):
            return False  # "..., the SSA-S and SSA-N clashed.": misparsed, the participle is the sentence's verb
        if m.frame.plover == "PROTEST" and not definite and any(c.dep_ == "prep" for c in head.children):
            # "teachers of institutions affiliated to the university protested by padlocking ...": a misparse of
            # the sentence's own verb (a protest word is seldom a participle describing people)
            return False
        return noun.lower_ in _ORDINAL_WORDS or definite or in_clause
    if head.dep_ != "pobj":
        return False
    prep = head.head.lower_
    if m.frame.name == "arrest" and prep in ("in", "under") or m.frame.name == "deploy" and prep == "on":
        return True  # "refugees in detention", "held in custody", "forces on patrol": a state, not an event
    claim = head.head.head
    if prep == "for" and claim.lemma_.lower() in _CLAIMED and claim.head.lemma_.lower() == "claim":
        # "claimed responsibility for the attack on the convoy": the claim tells the event itself (not "must
        # accept responsibility for the vandalism", which blames)
        return False
    # "marched against the arrests", "voiced anger for the arrest of their leader", "arrested for the murder"
    return prep in ev.GRIEVANCE_PREPS or m.definite and prep == "for"


_CLAIMED = {"responsibility", "credit"}


def _has_own_verb(participle) -> bool:
    """The participle's sentence has a finite verb besides it (else the parser made the main verb an 'acl')."""
    return any(t.pos_ in ("VERB", "AUX") and t.i != participle.i and t.tag_ not in ("VBN", "VBG")
               for t in participle.sent)


def _draft(doc, m: Mention, sents, places, dates, people, counts, cumulative) -> ev.Draft:
    a1, a2, assoc1, assoc2 = ev.build_actor_pair(doc, m, places.country_iso3, people)
    if m.trigger.id in _DISAPPROVAL_PROTESTS and (a1 is None or a1.inter in ev.CROWD_TYPES):
        # "residents protested against the decision": a crowd's protest is a demonstration, a ministry's a complaint
        m.trigger, m.frame = _protest_trigger(), lexicon.frames()["protest"]
    d = ev.Draft([m], a1, a2, assoc1, assoc2)
    ev.merge_counts(d, counts)
    sent = sents[m.sent_index]
    trig = ev.span_of(doc, m)
    sent_span = Span(sent.start_char, sent.end_char, sent.text)
    d.date = dates.date_for(trig, sent_span)
    d.date_own = bool(d.date and d.date.span and sent.start_char <= d.date.span.start < sent.end_char)
    d.place = places.best_for(m.sent_index, trig.start)
    d.place_own = bool(d.place and d.place.sent_index == m.sent_index)
    d.historical = m.background or bool(d.date and d.date.historical) or any(c.cumulative for c in counts) or (
        m.nominal and any(_within(doc, c.head, m.head) for c in cumulative))  # "violence that has killed 600"
    return d


_DISAPPROVAL_PROTESTS = {"accuse.protest"}


@functools.cache
def _protest_trigger() -> lexicon.Trigger:
    return next(t for t in lexicon.triggers() if t.id == "protest.protest")


def _within(doc, i: int, head: int) -> bool:
    return i == head or head in {t.i for t in doc[i].ancestors}


def _merge_clauses(doc, drafts: list[ev.Draft]) -> list[ev.Draft]:
    """'raided ... and arrested', 'fired on ..., killing ...': clauses chained to one trigger are one event."""
    by_head = {d.first.head: d for d in drafts}
    out: list[ev.Draft] = []
    for d in drafts:
        target = None
        tok = doc[d.first.head]
        for _ in range(3):
            if tok.head is tok or not (tok.dep_ in _CHAIN or _in_pp(tok)):
                break
            tok = tok.head
            if tok.i in by_head and by_head[tok.i] is not d:
                target = by_head[tok.i]
                break
        if target is not None and target.actor2 is not None and target.actor2.inter and "violence" in target.families \
                and (set(d.frames) <= _TOLL_FRAMES or all(x.trigger.match in _TOLL_WORDS for x in d.mentions)):
            # "attacked an AMISOM base, killing two soldiers": who the participle kills is the toll of the attack
            d = dataclasses.replace(d, actor2=None)
        if target is not None and target in out and _same_polarity(target, d) and ev.can_merge(target, d, order_free=True):
            ev.absorb(target, d)
            by_head[d.first.head] = target
        else:
            out.append(d)
    return out


_TOLL_FRAMES = {"kill", "shoot", "beat"}  # what tells the harm done, not a new attack
_TOLL_WORDS = {"injure", "wound", "kill", "hurt", "maim"}
_SAME_EVENT_PREPS = {"in", "during", "at", "by", "with", "from", "amid", "through"}


def _in_pp(tok) -> bool:
    """'killed in a firefight', 'wounded by a roadside bomb': the noun in the phrase names the same event
    ('killed since the protests began' does not)."""
    if tok.dep_ in ("prep", "agent"):
        return tok.lower_ in _SAME_EVENT_PREPS
    return tok.dep_ == "pobj" and tok.pos_ in ("NOUN", "PROPN")


def _same_polarity(a: ev.Draft, b: ev.Draft) -> bool:
    return (a.first.negated, a.first.hypothetical) == (b.first.negated, b.first.hypothetical)


def _merge_anaphora(drafts: list[ev.Draft], causes: frozenset[str] = frozenset()) -> list[ev.Draft]:
    """'The raid', or a trigger with no actors, place or date of its own, refers back to an event told before;
    but not to a protest when it is the protest's cause told again (`_retells_cause`)."""
    out: list[ev.Draft] = []
    for d in drafts:
        victims = _counted_aside(d)
        toll = _toll_of_prior(victims, out)  # its victims are the prior event's toll, not a side
        if toll is not None:
            _absorb_toll(toll, victims)
            continue
        bare = not d.actor1 and not d.actor2 and not d.place_own and not d.date_own
        if d.first.definite or bare:
            prior = [p for p in out
                     if d.first.sent_index - p.mentions[-1].sent_index <= _ANAPHORA_WINDOW
                     and _same_polarity(p, d) and ev.can_merge(p, d, order_free=_fighting_again(p, d))
                     and not _violence_without_harm(p, d) and not _retells_cause(p, d, causes)]
            if prior:
                # "the arrests" refers to the arrests told before, not merely to the last event that fits
                same = [p for p in prior if any(x.frame.name == d.first.frame.name for x in p.mentions)]
                target = (same or prior)[-1]
                ev.absorb(target, d if ev.can_merge(target, d) else _told_again(target, d))
                continue
        out.append(d)
    return out


def _fighting_again(p: ev.Draft, d: ev.Draft) -> bool:
    """'the attack', 'the clash', 'the shoot-out' opening a later sentence after political violence: the fighting
    named again, whose actors the parse often takes from around it ('left one dead in the ranks of the Mai-Mai'),
    so its sides are compared order-free."""
    return _names_again(d.first) and ev.family(d.first.frame) == "violence" and "violence" in p.families \
        and d.first.sent_index > p.mentions[-1].sent_index


def _told_again(p: ev.Draft, d: ev.Draft) -> ev.Draft:
    """'The FARDC attacked the Mai-Mai. This attack left one dead in the ranks of the Mai-Mai': an event named
    again brings no new side; its actors only fill a role the event lacks (who acted, who was hit), in that role."""
    return dataclasses.replace(d, actor1=d.actor1 if p.actor1 is None else None,
                               actor2=d.actor2 if p.actor2 is None else None)


# Clash words that tell a force answering an attack ("The soldiers returned fire", "reacted with gunfire").
_RESPONSES = {"return fire", "fire back", "react", "respond"}
_REMOTE = "Explosions/Remote violence"


def _merge_response(drafts: list[ev.Draft]) -> list[ev.Draft]:
    """A force answering an attack in the next sentence ("An IED hit a patrol. The soldiers returned fire.",
    "Gunmen attacked the post. The police fired back.") makes one event with it, and so does a strike or shelling
    by one side of a battle told beside it ("... clashed with IS. The operation was supported by an airstrike"):
    ACLED merges concurrent tactics by its hierarchy, where Battles rank above Explosions/Remote violence and a
    ground clash backed by artillery or air power is one battle (CODEBOOKS.md 1.2)."""
    out: list[ev.Draft] = []
    for d in drafts:
        prior = None
        if d.first.trigger.match in _RESPONSES and d.families == {"violence"}:
            prior = next((p for p in reversed(out) if _next_to(p, d) and "violence" in p.families
                          and _same_polarity(p, d) and ev.can_merge(p, d, order_free=True)), None)
        elif _remote(d) and d.actor1 is not None:
            prior, d = _battle_backed(out, d, drafts)
        if prior is None and (responder := ev.answering_force(d)) is not None:
            prior = _attack_answered(out, d, responder)
        if prior is not None:
            ev.absorb(prior, d)
            continue
        out.append(d)
    return out


def _attack_answered(out: list[ev.Draft], d: ev.Draft, responder: Actor) -> ev.Draft | None:
    """The attack told just before, by an armed actor other than the responder, that d answers, or None."""
    for p in reversed(out):
        if not (_next_to(p, d) and "violence" in p.families and _same_polarity(p, d)
                and p.first.sent_index < d.first.sent_index):
            continue
        attacker = p.actor1
        if attacker is None or attacker.inter not in ARMED_TYPES or attacker.name == responder.name:
            return None
        answer = dataclasses.replace(d, actor1=attacker, actor2=responder)
        return p if ev.can_merge(p, answer, order_free=True) else None
    return None


def _battle_backed(out: list[ev.Draft], d: ev.Draft, drafts: list[ev.Draft]) -> tuple[ev.Draft | None, ev.Draft]:
    """The clash told next to a strike that one of its sides carried out, or that the text tells as backing for it
    ("The offensive was supported by airstrikes from a foreign air force": whoever flew them, the strikes are the
    battle's, and the backing force is no third side of it). (the clash or None, the strike as it joins)."""
    ways = [d] + ([dataclasses.replace(d, actor1=None)] if _told_as_backing(d, drafts) else [])
    for p in reversed(out):
        if not (_next_to(p, d) and "clash" in p.frames and _same_polarity(p, d)):
            continue
        for strike in ways:
            if (strike.actor1 is None or _one_side(p, strike.actor1)) and ev.can_merge(p, strike, order_free=True):
                return p, strike
    return None, d


# Words that tell fire as backing for an operation ("supported by airstrikes", "backed by artillery", "with air
# support"); trigger ids of triggers.jsonl
_BACKING_TRIGGERS = {"support.support", "support.back", "airstrike.air_support"}


def _told_as_backing(d: ev.Draft, drafts: list[ev.Draft]) -> bool:
    """The strike is told as support for a ground operation: named 'air support', or told in a sentence whose
    verb is 'support' or 'back' ('the offensive was backed by air strikes')."""
    return d.first.trigger.id in _BACKING_TRIGGERS or any(
        m.trigger.id in _BACKING_TRIGGERS and m.sent_index == d.first.sent_index
        for x in drafts for m in x.mentions)


def _next_to(p: ev.Draft, d: ev.Draft) -> bool:
    """d is told in the sentence of p's last mention or the next one."""
    return 0 <= d.first.sent_index - p.mentions[-1].sent_index <= 1


# Long-range fire that backs a ground battle ("also when backed by artillery or air power", CODEBOOKS.md 1.2)
_BATTLE_SUPPORT = {"airstrike", "shelling"}


def _remote(d: ev.Draft) -> bool:
    """An air strike or shelling (with the harm it did)."""
    return d.first.frame.name in _BATTLE_SUPPORT and all(
        m.frame.acled_event_type == _REMOTE or m.frame.name in _HARM_FRAMES or m.trigger.match in _HARM_WORDS
        for m in d.mentions)


def _one_side(p: ev.Draft, actor: Actor) -> bool:
    """The actor is one of the battle's sides: the same kind of force (ACLED inter code) as its actor 1 or 2."""
    return actor.inter is not None and any(a is not None and a.inter == actor.inter for a in (p.actor1, p.actor2))


# Words that tell only the harm done ("were killed", "died", "was wounded", "bodies were found"), not who acted,
# and the other harm told beside it ("one soldier was killed and two vehicles damaged", "five went missing").
_HARM_FRAMES = {"kill"}
_HARM_WORDS = _TOLL_WORDS | {"die", "shoot dead", "body", "succumb", "perish"}
_DAMAGE_WORDS = {"damage", "destroy", "burn", "go missing", "abduct", "kidnap"}


def _tells_harm(d: ev.Draft) -> bool:
    """Only harm is told: deaths or injuries, and beside them damage, theft, the shooting that did it ("two
    militants were shot and killed", "killed four residents and carted away cows") or the event named again
    ("... were killed during the clashes")."""
    harm = [m.frame.name in _HARM_FRAMES or m.trigger.match in _HARM_WORDS for m in d.mentions]
    beside = [m.trigger.match in _DAMAGE_WORDS or m.frame.name in _BESIDE_HARM or _names_again(m)
              or m.frame.name == "shoot" and _no_shooter(d) for m in d.mentions]
    return any(harm) and all(h or b for h, b in zip(harm, beside))


def _no_shooter(d: ev.Draft) -> bool:
    """No one is told to have acted but the victims ("Three militants were shot and killed" gives the victims as
    both sides)."""
    return d.actor1 is None or d.actor2 is not None and d.actor1.name == d.actor2.name


# "killed two and looted shops": what else was done; "were shot and killed" (no shooter named): how the victims
# were harmed, while "youths came in, shooting, killing ..." tells who acted
_BESIDE_HARM = {"loot", "destroy"}


def _names_again(m: Mention) -> bool:
    """"during the clashes", "in the attack": a definite noun that names an event told before."""
    return m.nominal and m.definite


_RIOT_FRAMES = {"riot", "mob"}


def _riot(d: ev.Draft) -> bool:
    """A crowd's riot or mob violence with no political violence told in it: its dead are its toll too (ACLED).
    Arson by an armed group or by one man is no riot ('The assailants also burned the office')."""
    crowd = any(a is not None and a.inter in _CROWDS for a in (d.actor1, d.actor2)) or _riot_named(d)
    return crowd and "violence" not in d.families and any(m.frame.name in _RIOT_FRAMES for m in d.mentions)


_CROWDS = {5, 6}  # ACLED inter codes of rioters and protesters


def _riot_named(d: ev.Draft) -> bool:
    """'Youths rioted in the town', 'the protest turned violent': a riot named as such, with no armed group told (the
    state's forces may be the crowd's other side), is a crowd's whatever words name its people (the crowd is typed
    later, in _record)."""
    return any(m.trigger.id in RIOT_NAMED for m in d.mentions) and not any(
        a is not None and a.inter in ARMED_TYPES - {1} for a in (d.actor1, d.actor2))


def _toll_owners(drafts: list[ev.Draft]) -> list[ev.Draft]:
    """The drafts a toll told after them may belong to: political violence, else a riot."""
    return [d for d in drafts if "violence" in d.families] or [d for d in drafts if _riot(d)]


_PRONOUNS = {"he", "she", "him", "her", "they", "them", "it"}


def _absorb_toll(event: ev.Draft, toll: ev.Draft) -> None:
    """Fold a toll into its event. Deaths that another actor caused are more deaths of the event, added to those
    told before ('An Al Shabaab militant killed a police officer. Another officer killed the attacker.'); a toll
    with no actor of its own, or told of the event's own attacker, may retell the same deaths, so the larger
    figure stands ('11 people were killed ... The soldiers opened fire, killing at least 10')."""
    before = event.counts.get("fatalities")
    had_weak = "fatalities" in event.weak
    if _riot(event):
        # a riot keeps its own words and sides: "a man was shot dead" tells its toll, not a new attack
        ev.take_counts(event, toll)
        return
    same_killer = _is_side(event.actor1) and _is_side(toll.actor1) and event.actor1.name == toll.actor1.name
    hurt_died = _hurt_died(event, toll)
    ev.absorb(event, _as_toll_of(event, toll))
    if hurt_died is not None:
        event.counts["fatalities"], event.counts["injuries"] = hurt_died
        event.weak.discard("fatalities")
        return
    more = toll.counts.get("fatalities")
    guessed = had_weak and before is not None and before.best != 1 or "fatalities" in toll.weak and more and more.best != 1
    if more is not None and more.text.lower() in _PRONOUNS:
        guessed = True  # "he died of his wounds": someone told of already
    if (toll.actor1 is not None and not same_killer and before is not None and more is not None and not guessed
            and before.span and more.span and before.span.start != more.span.start):
        event.counts["fatalities"] = Count(before.low + more.low, before.best + more.best, before.high + more.high,
                                           before.text + "; " + more.text, before.span)
        event.weak.discard("fatalities")


# "one of the injured", "two of those wounded", "one of them": a part of people told before (the hurt, when the
# event has injured enough and the toll tells no injuries of its own)
_OF_THE_HURT = re.compile(r"\bof (?:the|those|these|them)\b", re.I)


def _hurt_died(event: ev.Draft, toll: ev.Draft) -> tuple[Count, Count] | None:
    """'... killing one and injuring four. One of the injured later died': some of the event's injured have died
    since. ACLED counts them among the event's dead, and the injured fall by as many: the new (fatalities,
    injuries), or None when the toll is not told as a part of the event's injured."""
    more, hurt = toll.counts.get("fatalities"), event.counts.get("injuries")
    if more is None or hurt is None or "injuries" in event.weak or "injuries" in toll.counts or "fatalities" in toll.weak:
        return None
    if not (0 < more.best <= hurt.best) or not _OF_THE_HURT.search(more.text):
        return None
    before = event.counts.get("fatalities") or Count.zero()
    dead = Count(before.low + more.low, before.best + more.best, before.high + more.high,
                 "; ".join(t for t in (before.text, more.text) if t), before.span or more.span)
    left = Count(max(hurt.low - more.low, 0), hurt.best - more.best, max(hurt.high - more.high, 0), hurt.text, hurt.span)
    return dead, left


def _is_side(actor: Actor | None) -> bool:
    return actor is not None and actor.inter is not None


def _as_toll_of(event: ev.Draft, toll: ev.Draft) -> ev.Draft:
    """The toll as it joins its event: the event keeps its sides and its own words. Victims are the toll, not a
    side (a girl hurt in a clash); the killer of an event with both sides, or an unnamed one ('The assailants
    killed three'), is a side told again; theft or damage told beside the deaths is part of the event (ACLED
    codes the highest type: an attack in which cattle were stolen stays an attack)."""
    actor1, actor2 = toll.actor1, toll.actor2
    if _is_side(event.actor2):
        actor2 = None
    if _is_side(event.actor1) and (_is_side(event.actor2) or _unnamed(actor1)):
        actor1 = None
    mentions = [m for m in toll.mentions if m.frame.name not in _BESIDE_HARM] or toll.mentions
    return dataclasses.replace(toll, actor1=actor1, actor2=actor2, mentions=mentions)


def _unnamed(actor: Actor | None) -> bool:
    """'the assailants', 'gunmen': an armed actor the text does not name (ACLED's Unidentified Armed Group)."""
    return actor is not None and actor.name.startswith(generic_actor(3, None).name.split(" (")[0])


def _counted_aside(d: ev.Draft) -> ev.Draft:
    """'Four soldiers killed.', 'One militiaman died': when the words taken for who acted are the very words of the
    toll, they are the victims (a reduced passive or an intransitive), not a killer: the side hit, if any."""
    if not _tells_harm(d) or d.actor1 is None or d.actor1.span is None:
        return d
    a = d.actor1.span
    counted = any(c.span is not None and c.span.start < a.end and a.start < c.span.end
                  for kind, c in d.counts.items() if kind in _TOLL_KINDS and kind not in d.weak)
    return dataclasses.replace(d, actor1=None, actor2=d.actor2 or d.actor1) if counted else d


def _toll_of_prior(d: ev.Draft, told: list[ev.Draft]) -> ev.Draft | None:
    """'... clashed in Dalsan village. 3 people were killed.': a death or injury told after a violent event (in
    the same sentence or up to the anaphora window later) is its toll, not another attack, when its perpetrator,
    place and day, if it tells any, fit that event's (sides compared order-free, the victims left aside: the dead of
    a battle are its toll, not a third side). Returns the event it belongs to, or None."""
    if not _tells_harm(d):
        return None
    # who was killed is the toll, not a side (ACLED counts every death of the event): "an IED targeted an AMISOM
    # convoy, killing a soldier"; "... engaged the army in a gun battle. Eight soldiers were killed."
    victims_aside = dataclasses.replace(d, actor2=None)

    def last_told(p: ev.Draft) -> tuple[int, int]:
        return max((m.sent_index, m.head) for m in p.mentions)

    before = _toll_owners([p for p in told if last_told(p) < (d.first.sent_index, d.first.head)
                           and d.first.sent_index - last_told(p)[0] <= _ANAPHORA_WINDOW
                           and not (_tells_harm(p) and p.actor1 is None) and not p.historical])
    if not before:
        return None  # a bare toll before it is no attack; what happened before a toll is its likeliest cause
    named = {m.frame.name for m in d.mentions if _names_again(m)}
    same = [p for p in before if named & set(p.frames)]
    if same:
        # "... were killed during the clash": the event the toll names, not merely the last one told
        before = same
    # the nearest sentence that tells violence; in it, the first event told (a note's main event)
    nearest = max(last_told(p)[0] for p in before)
    p = min((p for p in before if last_told(p)[0] == nearest), key=lambda p: p.first.head)
    if nearest == d.first.sent_index:
        # "attacked a position near Lumumba (20 km south of Bendera), killing three soldiers": in the attack's own
        # sentence the nearest place name to the participle is no place of its own
        victims_aside = dataclasses.replace(victims_aside, place_own=False, date_own=False)
    if _same_polarity(p, d) and ev.can_merge(p, victims_aside, order_free=True):
        return p
    return None  # the nearest violent event does not fit: the toll is told of something else


_TOLL_KINDS = ("fatalities", "injuries")


def _toll_sentences(sents, told: set[int], first: int) -> dict[int, list]:
    """Deaths and injuries told in a sentence with no event word of its own ('1 fatality.', 'Three fatalities were
    reported.'), after the first event: sentence index -> its counts."""
    words = harm_words()
    out: dict[int, list] = {}
    for n in range(first + 1, len(sents)):
        if n in told or not any(t.lemma_.lower() in words or t.lower_ in words for t in sents[n]):
            continue
        found = [c for c in find_counts(sents[n]) if c.kind in _TOLL_KINDS and not c.cumulative]
        if found:
            out[n] = found
    return out


def _add_tolls(drafts: list[ev.Draft], tolls: dict[int, list]) -> None:
    """A toll sentence belongs to the nearest violent event told before it (within the anaphora window). It tells
    a toll the event lacks, or puts a number on a bare plural ('killing civilians'); a figure the event states
    already stands (ACLED takes the lowest of conflicting reports: 'A soldier was killed ... Al Shabaab claims
    eight dead'), unless it counts another side's dead ('... killed 3 fighters. 2 soldiers were also killed.')."""
    for n, found in sorted(tolls.items()):
        before = _toll_owners([d for d in drafts if d.first.sent_index < n and not d.historical
                               and not (d.first.negated or d.first.hypothetical)])
        if not before:
            continue
        owner = max(before, key=lambda d: max(m.sent_index for m in d.mentions if m.sent_index < n))
        if n - max(m.sent_index for m in owner.mentions if m.sent_index < n) > _ANAPHORA_WINDOW:
            continue
        told = ev.Draft(owner.mentions[:1])
        ev.merge_counts(told, found)
        for kind, cnt in told.counts.items():
            have = owner.counts.get(kind)
            # "No fatalities were reported" after "killing livestock": a denial outweighs a guess
            denied = cnt.best == 0 and kind not in told.weak
            if have is not None and not (kind in owner.weak or kind in told.weak) and other_side(have, cnt):
                # "... killed 3 fighters. 2 soldiers were also killed.": the other side's dead add up
                owner.counts[kind] = Count(have.low + cnt.low, have.best + cnt.best, have.high + cnt.high,
                                           have.text + "; " + cnt.text, have.span)
                continue
            if have is None or kind in owner.weak and have.best != 1 and (denied or kind not in told.weak and cnt.best > 0):
                owner.counts[kind] = cnt
                owner.weak.discard(kind)
                if kind in told.weak:
                    owner.weak.add(kind)


def _apply_toll_note(sents, drafts: list[ev.Draft], counts: list) -> None:
    """A coder's note on the toll ('Unknown fatalities coded as 10', '12 fatalities split across 2 events') gives
    the fatalities of the event the text tells first: the last such note, on the first event told before it."""
    notes = [(n, note) for n, sent in enumerate(sents) if (note := find_toll_note(sent)) is not None]
    if not notes:
        return
    n, note = notes[-1]
    told = [d for d in drafts if d.first.sent_index <= n and not (d.historical or d.first.negated or d.first.hypothetical)]
    owner = next((d for d in told if d.families & {"violence", "protest"}), told[0] if told else None)
    if owner is None:
        return
    total = owner.counts["fatalities"].low if "fatalities" in owner.counts else 0
    if note.value is None and not total:
        # the total being split may be told as background ('killed 51 residents across four villages')
        total = max((c.count.low for c in counts if c.kind == "fatalities" and not c.negated and c.count.span
                     and c.count.span.start < sents[n].end_char), default=0)
    value = note.share(total)
    owner.counts["fatalities"] = Count(value, value, value, note.span.text, note.span)
    owner.weak.discard("fatalities")


def _retells_cause(protest: ev.Draft, d: ev.Draft, causes: frozenset[str]) -> bool:
    """'... protested against the arrest of their editor. He was arrested in connection with a graft case': the
    protest's grievance (its words in `causes`) told again, not its crowd met with arrests (ACLED: Peaceful
    protest), unless the text says the crowd was the one hit ('ten protesters were arrested')."""
    crowd = any(a is not None and a.inter in _CROWDS for a in (d.actor1, d.actor2))
    return "protest" in protest.families and not crowd and all(m.trigger.tokens[0] in causes for m in d.mentions)


def _violence_without_harm(protest: ev.Draft, d: ev.Draft) -> bool:
    """'... against the arrest of their editor. His arrest is an attack on media freedom': a violence or arrest
    word with nobody named and nobody hurt does not turn a protest into one met with force or arrests."""
    return protest.families == {"protest"} and d.families <= {"violence", "intervention"} and not any(
        d.counts[k].best > 0 for k in ("fatalities", "injuries", "arrests") if k in d.counts)


def _merge_sentence(drafts: list[ev.Draft]) -> list[ev.Draft]:
    """Within one sentence, drafts of fitting families, place, day and actors are one event (ACLED's unit):
    'police fired tear gas at demonstrators who had gathered ..., killing two protesters'."""
    out: list[ev.Draft] = []
    for d in drafts:
        twin = next((o for o in out if o.first.sent_index == d.first.sent_index and _same_polarity(o, d)
                     and o.historical == d.historical and any(ev.compatible(x, y) for x in o.families for y in d.families)
                     and ev.can_merge(o, d, order_free=True)), None)
        if twin is not None:
            ev.absorb(twin, d)
        else:
            out.append(d)
    return out


_ESCALATION_WINDOW = 2  # sentences
_CROWD_FRAMES = {"riot", "obstruct", "disperse", "destroy", "loot"}
_PROTEST_ITSELF = {"protest", "strike", "hunger_strike", "boycott"}


def _merge_escalation(drafts: list[ev.Draft]) -> list[ev.Draft]:
    """A protest and what its crowd did or suffered in the next sentences are one event (ACLED: a protest that
    turns violent is one Riots event; one met with force is one Excessive force event)."""
    out: list[ev.Draft] = []
    for d in drafts:
        crowd = any(a is not None and a.inter in (5, 6) for a in (d.actor1, d.actor2))
        # "set fire to a truck during the demonstration": a protest named with the definite article is the one told
        another_protest = any(m.frame.name in _PROTEST_ITSELF and not m.definite for m in d.mentions)
        acts_on_crowd = crowd and (d.families & {"violence", "protest"} or set(d.frames) & INTERVENTION_FRAMES)
        # "... staged a protest. The police arrested three of the women": arrests or a dispersal by the state right
        # after a protest are its intervention (ACLED), whoever the text says was taken
        acts_on_crowd = acts_on_crowd or bool(set(d.frames) & INTERVENTION_FRAMES) and d.actor1 is not None \
            and d.actor1.inter == 1 and (d.actor2 is None or d.actor2.inter in (None, 5, 6, 7))
        escalates = not another_protest and (acts_on_crowd or set(d.frames) & _CROWD_FRAMES)
        current = _current_by_context(d) if escalates else d
        # (the protest may already hold a later mention of its crowd: "... The demonstrators also destroyed ...")
        protest = next((p for p in reversed(out) if "protest" in p.families and not p.historical
                        and p.first.sent_index <= d.first.sent_index
                        and d.first.sent_index - p.mentions[-1].sent_index <= _ESCALATION_WINDOW
                        and _same_polarity(p, d) and ev.can_merge(p, current, order_free=True)), None)
        if escalates and protest is not None and not current.historical:
            ev.absorb(protest, current)
        else:
            out.append(d)
    return out


def _current_by_context(d: ev.Draft) -> ev.Draft:
    """'... staged a rally to mark the birth of the nation in 1961. Police arrested 18 activists': a sentence with no
    date of its own is dated by the last date told before it, which may be background inside the protest's sentence;
    what the crowd did or suffered right after a current protest is told as current, so that inherited past does not
    part it from the protest (a past date in its own words still does)."""
    if d.historical and not d.date_own and d.date is not None and d.date.historical:
        return dataclasses.replace(d, historical=False)
    return d


def _split_places(doc, drafts: list[ev.Draft], places) -> list[ev.Draft]:
    """'Protesters in Baghdad, Basra and other cities': ACLED codes one event per place."""
    out: list[ev.Draft] = []
    for d in drafts:
        if not d.place_own:
            out.append(d)
            continue
        listed = _coordinated(doc, d.place, places.in_sentence(d.place.sent_index), _clause_of(doc, d.first))
        if len(listed) < 2:
            out.append(d)
            continue
        for pm in listed:
            copy = ev.Draft(list(d.mentions), d.actor1, d.actor2, list(d.assoc1), list(d.assoc2), dict(d.counts),
                            set(d.weak), d.date, d.date_own, pm, True, d.historical)
            out.append(copy)
    return out


def _clause_of(doc, m: Mention) -> set[int]:
    """Token indices of the trigger's clause: its own subtree, or its governing verb's for a nominal trigger."""
    head = doc[m.head]
    if m.nominal and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
        head = head.head
    if head.dep_ == "ROOT":  # the main clause owns the sentence's subject phrase, however it was parsed
        return set(range(head.sent.start, head.sent.end))
    return {t.i for t in head.subtree}


def _coordinated(doc, place, candidates, clause: set[int]) -> list:
    first = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
    if first is None or first.root.i not in clause:
        return [place]
    group = {first.root.i, *(t.i for t in first.root.conjuncts)}
    listed = []
    for pm in candidates:
        span = doc.char_span(pm.span.start, pm.span.end, alignment_mode="expand")
        if span is not None and span.root.i in group and pm.place.resolved:
            listed.append(pm)
    return listed or [place]


def _merge_same_event(drafts: list[ev.Draft]) -> list[ev.Draft]:
    """Two drafts with the same family, day, place and compatible actors are one event (ACLED's unit)."""
    out: list[ev.Draft] = []
    for d in drafts:
        twin = next((o for o in out if o.families == d.families and _same_polarity(o, d)
                     and o.place and d.place and (o.place_own or d.place_own)
                     and o.date and d.date and ev.can_merge(o, d)
                     and ev.same_place(o.place, d.place)), None)
        if twin is not None:
            ev.absorb(twin, d)
        else:
            out.append(d)
    return out


def _crowd_actors(sub: str, actor1: Actor | None, actor2: Actor | None, assoc1: list[Actor], country: str | None,
                  two_sided: bool = False, lone_agent: bool = False):
    """Every protest or riot has its crowd as actor 1 ('Protesters (Kenya)'); who marched goes in assoc_actor_1."""
    want = 5 if sub in ("Violent demonstration", "Mob violence") else 6
    if sub == "Mob violence":
        if actor2 is not None and actor2.inter == 3 and (actor2.name or "").startswith("Unidentified Armed Group"):
            actor2 = generic_actor(7, country)  # "a mob lynched two suspected robbers": a mob's victims are civilians
        if two_sided and (actor2 is None or actor2.inter in (None, 7)):
            actor2 = generic_actor(5, country)  # "rival groups clashed with sticks": rioters on both sides
        elif actor2 is None or actor2.inter is None:
            actor2 = generic_actor(7, country)  # a mob's victims, named or not, are civilians (ACLED's usual pair)
        if actor1 is not None and (actor1.inter in (None, 7) or actor1.inter == 3 and "vigilante" in actor1.text.lower()):
            # "villagers beat a man", "a vigilante group lynched a thief": the villagers or vigilantes are the mob
            return generic_actor(5, country), actor2, [actor1, *assoc1]
        return (actor1 or generic_actor(5, country)), actor2, assoc1
    if sub == "Violent demonstration" and two_sided and actor2 is None and actor1 is not None \
            and actor1.inter in (None, 5, 6, 7):
        # "two groups of protesters clashed", "supporters of rival candidates clashed": a fight needs two sides,
        # and when no armed side is named both are crowds (ACLED: rioters against rioters, 55)
        actor2 = generic_actor(5, country)
    crowd = next((side for side in (actor1, actor2) if side is not None and side.inter in (5, 6, 7)), None)
    if crowd is None and lone_agent and actor1 is not None and actor2 is None and sub == "Peaceful protest":
        # "soldiers protested over unpaid salaries": whoever marches is the crowd, whatever their trade
        return generic_actor(6, country), None, [actor1, *assoc1]
    other = actor2 if crowd is actor1 else actor1
    if sub == "Peaceful protest" and other is not None and other.inter not in (5, 6):
        # whom a peaceful protest targets ('the ministry', 'the president') is not a side: ACLED codes it one-sided
        other = None
    if crowd is None or crowd.inter == 7:
        if crowd is not None:
            assoc1 = [crowd, *assoc1]  # "taxi drivers protested": Protesters, with the drivers associated
        return generic_actor(want, country), other, assoc1
    if crowd.inter != want:
        generic = generic_actor(want, country)
        crowd.inter, crowd.type, crowd.name = want, generic.type, generic.name
    if country and crowd.country and crowd.country != country and crowd.name == generic_actor(want, crowd.country).name \
            and nationality_stated(crowd):
        # "US and British activists protested in Beijing": ACLED names a crowd by where it marched ('Protesters
        # (China)'); its nationality stays the actor's own country and its associated actor
        assoc1 = [dataclasses.replace(crowd), *assoc1]
        crowd = dataclasses.replace(crowd, name=generic_actor(want, country).name)
    return crowd, other, assoc1


_CROWD_DAMAGE = {"destroy", "loot"}  # frames of damage that a crowd's hands make a riot


def _unarmed_parties(d: ev.Draft, country: str | None) -> tuple[Actor | None, Actor | None, list[Actor], list[Actor]]:
    """Party members and supporters who fight or march are a crowd (ACLED: Rioters or Protesters, with the party as
    associated actor); only a party's armed wing is a political militia. Then the draft's sides are made ACLED's:
    one state force told twice is one side, and a battle has two."""
    sides = []
    fight = "clash" in d.frames or "riot" in d.frames
    for n, (actor, assoc) in enumerate(((d.actor1, list(d.assoc1)), (d.actor2, list(d.assoc2)))):
        if n == 1 and _protested_party(d, fight):
            sides.append((actor, assoc))  # "marched against the ruling party": the party is a target, not a crowd
            continue
        if actor is not None and is_party(actor) and d.families & {"violence", "protest"}:
            assoc = [actor, *assoc]
            # who is beaten is a victim (Civilians, with the party associated), unless both sides fight
            victim = n == 1 and not fight and "protest" not in d.families
            actor = generic_actor(7 if victim else 5, actor.country or country)
        sides.append((actor, assoc))
    (actor1, assoc1), (actor2, assoc2) = sides
    if (actor1 is None or actor1.inter == 7) and any(m.throng and m.frame.name in _CROWD_DAMAGE for m in d.mentions):
        # "around 600 people destroyed signalling equipment", "hundreds of residents looted the depot": a crowd told
        # in numbers that wrecks or loots is rioting (ACLED: Rioters), the people it is made of associated
        assoc1 = [actor1, *assoc1] if actor1 is not None else assoc1
        actor1 = generic_actor(5, country)
    if d.families & {"violence"} and _one_force(actor1, actor2):
        # "a suspect died in a shootout with the police. One police officer was killed", "an IED targeted a military
        # convoy": one state force told twice is one side; the other, unnamed, is an unidentified armed group (ACLED)
        actor1 = generic_actor(3, country)
    return _battle_sides(d, country, actor1, actor2, assoc1, assoc2)


def _protested_party(d: ev.Draft, fight: bool) -> bool:
    """The draft's second side is a party that a crowd only protests against ('members of X staged a rally against
    the ruling party'): with no fight or harm told, it is the protest's target, which ACLED leaves out (60), not a
    crowd of rioters."""
    return d.actor2 is not None and is_party(d.actor2) and d.families == {"protest"} and not fight


def _battle_sides(d: ev.Draft, country: str | None, actor1: Actor | None, actor2: Actor | None, assoc1: list[Actor],
                  assoc2: list[Actor]) -> tuple[Actor | None, Actor | None, list[Actor], list[Actor]]:
    """'soldiers clashed with gunmen', 'the rebels fought near the town': a battle has two sides (codebook 1.4: never
    one-sided); the one the text leaves unnamed is an armed actor it kept as associated, else the foe ACLED codes
    for an unknown one (`unnamed_opponent`)."""
    one = actor1 or actor2
    if not _battle(d) or (actor1 is None) == (actor2 is None) or one.inter not in ARMED_TYPES:
        return actor1, actor2, assoc1, assoc2
    named = next((a for a in (*assoc2, *assoc1) if a.inter in ARMED_TYPES and a.name != one.name
                  and not is_party(a)), None)
    if named is not None:  # "the army and the KIA's 24th battalion clashed"
        return one, named, [a for a in assoc1 if a is not named], [a for a in assoc2 if a is not named]
    if one.inter == 1 and _split_force(one.text):
        # "two groups of government forces exchanged gunfire": a force fighting itself is both sides (ACLED 11)
        return one, dataclasses.replace(one, text="", span=None), assoc1, assoc2
    other = unnamed_opponent(one, one.country or country)
    return (one, other, assoc1, assoc2) if other is not None else (actor1, actor2, assoc1, assoc2)


def _battle(d: ev.Draft) -> bool:
    """The draft tells a fight between armed sides: a clash, not an ambush (whose victims may be unarmed), and no
    crowd, beating or dispersal (a riot's fight)."""
    return any(m.frame.name == "clash" and not m.trigger.id.startswith("clash.ambush") for m in d.mentions) and not (
        "protest" in d.families or {"beat", "mob", "riot", "disperse"} & set(d.frames))


def _one_force(a: Actor | None, b: Actor | None) -> bool:
    """Two mentions of one state force: the same name, and one's words inside the other's ('police', 'the police'),
    or one told by a place it holds ('a police officer', 'the police station'); 'GNA forces' and 'LNA forces' are
    two."""
    if a is None or b is None or a.inter != 1 or b.inter != 1 or a.name != b.name:
        return False
    x, y = (" ".join(_bare(t).split()) for t in (a.text or "", b.text or ""))
    if not (x and y) or any(_split_force(t) for t in (x, y)):
        return False  # "an officer was shot by a fellow officer": two members of one force, each a side
    # "a police officer" and "the police station": a force and its own post
    return f" {x} " in f" {y} " or f" {y} " in f" {x} " or any(t.split()[-1].rstrip("s") in _FORCE_PLACES for t in (x, y))


# Places and vehicles a force holds; a force named as one of them is the force ("a military checkpoint").
_FORCE_PLACES = {"station", "post", "base", "checkpoint", "camp", "convoy", "patrol", "vehicle", "position",
                 "barrack", "outpost", "office", "headquarter", "garrison", "truck"}


# Words that tell a second member or part of one force ("another officer", "a fellow soldier", "rival units"), and
# the phrases that tell a force split in two ("two groups of government forces", "2 factions of the army").
_OTHER_MEMBER = {"another", "fellow", "rival", "renegade", "mutinous"}
_SPLIT_FORCE = re.compile(r"\b(?:two|2|rival|opposing|different) (?:rival )?(?:groups|sides|factions|units|camps|wings) of\b")


def _split_force(text: str) -> bool:
    """The actor's words name one member or part of a force facing another of it: "another officer", "fellow
    soldiers", "two groups of government forces", "rival army units"."""
    words = _bare(text).split()
    lead = [w for w in words[:3] if w not in ("a", "an", "the", "one", "his", "her", "their")]
    return bool(lead) and lead[0] in _OTHER_MEMBER or bool(_SPLIT_FORCE.search(" ".join(words)))


def _bare(text: str) -> str:
    """Lowercase, without possessive marks: "Somali military forces'" -> 'somali military forces'."""
    return text.lower().replace("'s ", " ").replace("’s ", " ").replace("'", "").replace("’", "")


# Frames that are a protest, a riot or a mob by themselves, whoever the text names ("a strike", "marched",
# "rioted", "lynched"); blocking, destroying, looting, fighting and dispersing need their crowd named.
_CROWD_NOUNS_ITSELF = {"riot", "rioting", "rioter", "mob", "lynch", "violent protest", "violent demonstration",
                       "stone - throw", "throw stone", "hurl stone", "stone pelt", "petrol bomb", "molotov cocktail"}
# Words of dispersal that need not have a crowd for object ("broke up the meeting", "cracked down on corruption").
_NOT_ONLY_CROWDS = {"break up", "crack down", "crackdown", "clamp down", "intervene", "quell"}


def _crowd_evident(d: ev.Draft, agents, others, doc=None) -> bool:
    """A protest or riot needs a crowd: one named in the text (protesters or rioters on either side; residents,
    villagers, workers as the ones acting; a crowd size; people dispersed) or a word that is a protest itself.
    'Congress blocked the bill', 'forces destroying camps', 'battles between ministers', 'gathering data' and
    'workers lost their lives' are not."""
    if any(a is not None and a.inter in (5, 6) for a in (*agents, *others)):
        return True
    if any(a is not None for a in agents) and all(a is None or a.inter == 1 and a.sector == "GOV" and names_a_state(a.text)
                                                  for a in agents):
        return False  # "China protested the visit", "Washington rallied to win": a state protests by note, not march
    if any(a is not None and (a.inter == 7 or (a.inter in (None, 4) and _plural_people(a.text))) for a in agents):
        return True  # "villagers", "irate locals", "cattle herdsmen", "dozens of Tshibala supporters"
    if "crowd_size" in d.counts:  # "dozens of demonstrators blocked the boulevard"
        return True
    if any(m.frame.name == "disperse" and m.trigger.match not in _NOT_ONLY_CROWDS for m in d.mentions):
        return True  # "police dispersed 180 migrant labourers", "fired tear gas": what is dispersed is a crowd
    if all(a is None for a in agents) and any(m.crowd for m in d.mentions):
        return True  # "about 300 community members blockaded roads": a counted or collective body no role types
    return any(m.frame.name in _PROTEST_ITSELF or m.frame.name == "mob" or m.trigger.match in _CROWD_NOUNS_ITSELF
               or m.frame.name == "riot" and m.trigger.match not in _RIOT_WORDS_NEEDING_A_CROWD
               or doc is not None and m.frame.name == "riot" and m.nominal and _breaks_out(doc, m) for m in d.mentions)


# Riot words that are riots only when a crowd or an outbreak is told ("unrest" in markets, "damage" by a storm).
_RIOT_WORDS_NEEDING_A_CROWD = {"unrest", "damage", "burn", "storm", "smash", "loot", "scuffle"}


_BREAK_OUT = {"break", "erupt", "flare", "spread", "rock", "grip", "continue", "escalate", "spark", "engulf"}


def _breaks_out(doc, m: Mention) -> bool:
    """'Unrest broke out after the arrest', 'vandalism caused damage': a riot noun told as something happening."""
    head = doc[m.head]
    return head.dep_ in ("nsubj", "dobj") and head.head.lemma_.lower() in _BREAK_OUT | {"cause", "leave", "injure"}


_PLURAL_PEOPLE = {"people", "men", "women", "children", "herdsmen", "youth", "folk", "persons"}


def _plural_people(text: str) -> bool:
    """A plural noun phrase that may be a crowd ('irate locals', 'truck drivers'): not one body ('Congress')."""
    words = text.lower().split()
    if not words:
        return False
    last = words[-1].strip(".,;:'\"")
    return last in _PLURAL_PEOPLE or (last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3)


# Words that tell a fight between unorganised people: what they fight with, and who they are.
_BRAWL_WORDS = ev.CRUDE_WEAPONS | {"rival", "supporter", "faction", "street", "group", "villager", "resident", "local",
                                    "community", "clan", "student", "youth", "pastoralist", "farmer"}


def _brawl(doc, m: Mention) -> bool:
    """The clause of a clash with no armed side named tells of sticks, stones or rival groups."""
    return any(t.lemma_.lower() in _BRAWL_WORDS for t in doc[m.head].sent)


def _armed_side(actor1: Actor | None, actor2: Actor | None, country: str | None) -> tuple[Actor | None, Actor | None]:
    """In a battle, a side typed as civilians facing an armed one is an unidentified armed group (ACLED)."""
    sides = [actor1, actor2]
    kinds = [a.inter if a is not None else None for a in sides]
    if 7 in kinds and set(kinds) - {7} <= ARMED_TYPES and set(kinds) & ARMED_TYPES:
        sides = [generic_actor(3, country) if k == 7 else a for a, k in zip(sides, kinds)]
    return sides[0], sides[1]


def _rivalry(doc, d: ev.Draft, sents) -> bool:
    """The event's sentences tell a fight between rival sides ('over political rivalry', 'a long feud'):
    genres.json rivalry."""
    words = _rivalry_words()
    return any(t.lemma_.lower() in words or t.lower_ in words
               for n in sorted({m.sent_index for m in d.mentions}) for t in sents[n])


@functools.cache
def _rivalry_words() -> frozenset[str]:
    return frozenset(lexicon.data("genres.json")["rivalry"])


def _brawl_sides(actor1: Actor | None, actor2: Actor | None, assoc2: list[Actor]):
    """In a brawl among a crowd ('rioters clashed with each other; police arrested ten'), the state's forces who
    stopped it are not a side: ACLED codes the main engagement, the mob against itself, and keeps the police as an
    associated actor."""
    forces = [a for a in (actor1, actor2) if a is not None and a.inter == 1]
    if not forces or all(a is not None and a.inter == 1 for a in (actor1, actor2)):
        return actor1, actor2, assoc2
    crowd = actor2 if actor1 in forces else actor1
    return crowd, None, [*forces, *assoc2]


def _reciprocal(d: ev.Draft, sents) -> bool:
    """The event's sentences tell a fight among people of one kind ('clashed with each other', 'a riot broke out
    between two groups of youths'), not a crowd against someone else: genres.json reciprocal."""
    block = lexicon.word_sets("genres.json", "reciprocal")
    for n in sorted({m.sent_index for m in d.mentions}):
        sent = sents[n]
        if any(t.i > sent.start and (t.doc[t.i - 1].lower_, t.lower_) in block["pronouns"] for t in sent):
            return True
        if any(t.lower_ == "between" and _among_one_side(t, block["two_sides"]) for t in sent):
            return True
    return False


def _among_one_side(between, marks: frozenset[str]) -> bool:
    """'between youth groups', 'between residents of two villages': one plural object, or one counted as two sides
    ('between X and Y' names two sides of any kind, often a crowd and the police)."""
    objects = [c for c in between.children if c.dep_ == "pobj"]
    if len(objects) != 1 or any(c.dep_ == "conj" for c in objects[0].children):
        return False
    obj = objects[0]
    return obj.tag_ in ("NNS", "NNPS") or any(w.lower_ in marks for w in obj.subtree)


def _demand(d: ev.Draft, sents) -> bool:
    """The event's sentences voice a demand or a cause ('stoned the offices, demanding their pay'): genres.json
    demand."""
    words = lexicon.word_sets("genres.json", "demand")["lemmas"]
    return any(t.lemma_.lower() in words or t.lower_ in words
               for n in sorted({m.sent_index for m in d.mentions}) for t in sents[n])


def _blockade_violent(doc, d: ev.Draft) -> bool:
    """'blocked the road with stones and logs', 'blockaded the highway using burning tyres': a road blocked with
    barricades or burning objects is a riot (ACLED); genres.json violent_blockade."""
    words = lexicon.word_sets("genres.json", "violent_blockade")
    for m in d.mentions:
        if m.frame.name != "obstruct":
            continue
        verb = doc[m.head]
        # the parse often hangs the means on the road or place blocked ('blocked roads with bonfires'): any 'with'
        # in the blocking clause, not in a clause of its own, tells what the road was blocked with
        means = [w for w in verb.subtree if w.lower_ in words["means"] and _in_clause(w, verb)]
        if any(t.lemma_.lower() in words["materials"] or t.lower_ in words["materials"]
               for w in means for t in w.subtree):
            return True
    return False


def _in_clause(tok, verb) -> bool:
    """No verb stands between the token and the clause's verb ('using' itself may be the token)."""
    head = tok.head
    while head.i != verb.i:
        if head.pos_ in ("VERB", "AUX") or head.i == head.head.i:
            return False
        head = head.head
    return True


def _serious_force(doc, d: ev.Draft, sents) -> bool:
    """The event's words tell lethal force or serious harm: a shot aimed at people, live bullets, a stabbing, torture,
    someone critically hurt or taken to hospital (genres.json serious_force). ACLED: only these make force at a
    protest excessive; beatings, arrests and tear gas with nobody badly hurt are an intervention."""
    words = lexicon.word_sets("genres.json", "serious_force")
    if any(m.frame.name == "kill" for m in d.mentions):  # a killing is lethal force, its toll told or not
        return True
    if any(m.frame.name == "shoot" and not _harmless(doc[m.head], sents[m.sent_index]) for m in d.mentions):
        return True
    if any(_gunshot(m) and _wounds(doc[m.head], words) for m in d.mentions):
        return True
    return any(_tells_serious(t, words) and not _denied(t)
               for n in sorted({m.sent_index for m in d.mentions}) for t in sents[n])


def _tells_serious(t, words: dict[str, frozenset[str]]) -> bool:
    """'live bullets', 'stabbed', 'critically wounded', 'hospitalised', 'rushed to hospital': lethal or serious."""
    lemma = t.lemma_.lower()
    if lemma in words["weapons"]:
        return not _harmless(t, t.sent)
    if lemma in words["degree"]:
        return t.head.lemma_.lower() in words["injury"]
    if lemma in words["hospital"]:
        return True
    return lemma == "hospital" and t.dep_ == "pobj" and t.head.lower_ in ("to", "in") \
        and t.head.head.lemma_.lower() in words["to_hospital"]


def _gunshot(m: Mention) -> bool:
    """A shot from a gun, aimed or not ('opened fire', 'fired in the air', 'warning shots')."""
    gunshots = lexicon.word_sets("genres.json", "serious_force")["gunshot_triggers"]
    return m.frame.name == "shoot" or m.trigger.id in gunshots


def _wounds(shot, words: dict[str, frozenset[str]]) -> bool:
    """'fired in the air, wounding four people': whatever it was aimed at, a shot that wounds is lethal force."""
    return any(c.dep_ in ("advcl", "conj", "xcomp") and c.lemma_.lower() in words["injury"] for c in shot.children)


def _harmless(t, sent) -> bool:
    """'fired into the air', 'shot tear gas', 'rubber bullets', 'warning shots': fire that is not aimed to harm."""
    harmless = lexicon.word_sets("genres.json", "serious_force")["harmless"]
    near = [c for c in t.children if c.dep_ not in ("advcl", "conj", "ccomp", "xcomp", "relcl", "parataxis")]
    return any(w.lower_ in harmless or w.lemma_.lower() in harmless
               for c in near for w in c.subtree if sent.start <= w.i < sent.end)


def _denied(t) -> bool:
    """'no one was seriously hurt', 'nobody was taken to hospital': the harm is denied."""
    verb = next((a for a in [t, *t.ancestors] if a.pos_ in ("VERB", "AUX")), t.head)
    return any(c.dep_ == "neg" or c.lower_ in ("nobody", "none", "neither")
               or c.dep_.startswith("nsubj") and any(g.lower_ == "no" for g in c.children) for c in verb.children)


def _record(doc, article: Article, d: ev.Draft, sents, places_country: str | None) -> EventRecord | None:
    fat = d.counts.get("fatalities", Count.zero())
    inj = d.counts.get("injuries", Count.zero())
    country = (d.place.place.iso3 if d.place and d.place.place.iso3 else None) or places_country
    actor1, actor2, assoc1, assoc2 = _unarmed_parties(d, country)
    # what the event's sentences tell that decides its type beyond triggers, actors and counts (coding.Told)
    told = Told(
        rivalry=_rivalry(doc, d, sents),
        demand=_demand(d, sents),
        serious=_serious_force(doc, d, sents),
        # "held a demonstration ... and subsequently clashed with police": a fight right after a protest is its crowd's
        crowd_fight=any(m.after_protest and m.frame.name == "clash" for m in d.mentions),
        reciprocal=_reciprocal(d, sents),
        violent_blockade=_blockade_violent(doc, d),
    )
    coded = code_event([m.trigger for m in d.mentions], actor1, actor2, fat, inj, told)
    if coded.acled.event_type in ("Protests", "Riots") and not (coded.frame == "clash" and _brawl(doc, d.first)) \
            and not _crowd_evident(d, (actor1, *assoc1), (actor2, *assoc2), doc):
        # no crowd is told: what else the event's words say happened ('gunmen attacked the village and burned
        # houses', 'ethnic clashes leave one person killed'), if anything
        coded = code_event([m.trigger for m in d.mentions], actor1, actor2, fat, inj,
                           dataclasses.replace(told, crowdless=True))
        if coded.acled.event_type is None and coded.plover.event == "PROTEST":
            return None  # nothing else happened: no crowd, no protest ('China protested the visit' is words)
    deciding = next((m for m in d.mentions if m.frame.name == coded.frame), d.first)
    if coded.acled.event_type == "Violence against civilians" and actor1 and actor1.inter == 7 and (
            actor2 is None or actor2.inter in ARMED_TYPES):
        actor1, actor2 = actor2, actor1  # the victim of violence against civilians is actor 2
    if actor2 is not None and actor2.sector in _UNARMED_STATE and coded.acled.event_type in (
            "Violence against civilians", "Riots", "Explosions/Remote violence", "Battles"):
        # ACLED: an official, a judge or a lawmaker attacked is a civilian victim, the office an associated actor
        assoc2 = [actor2, *assoc2]
        actor2 = generic_actor(7, country)
    if coded.acled.event_type == "Violence against civilians" and (actor2 is None or actor2.inter != 7):
        # one-sided violence always has its victims as actor 2: civilians, whatever the text named as target
        # ('attacked Yimirmigza', 'the governor's vehicle')
        if actor2 is not None and actor1 is None and actor2.inter in ARMED_TYPES:
            actor1 = actor2
        actor2 = generic_actor(7, country)
    if coded.acled.sub_event_type == "Armed clash" and not any(a is not None and a.inter for a in (actor1, actor2)) \
            and _brawl(doc, deciding):
        # "two rival groups clashed with sticks and stones": a fight between unorganised people is a riot (ACLED)
        actor1 = generic_actor(5, country)
        coded = code_event([m.trigger for m in d.mentions], actor1, None, fat, inj,
                           dataclasses.replace(told, crowd_fight=False))
    if coded.acled.sub_event_type == "Armed clash":
        # "a gunfight between police and unknown men": a side that fights back is armed, not civilians
        actor1, actor2 = _armed_side(actor1, actor2, country)
    if coded.acled.event_type == "Violence against civilians" and actor1 is None and not d.historical:
        actor1 = generic_actor(3, country)  # ACLED: violence by an unnamed perpetrator is an Unidentified Armed Group's
    if coded.acled.sub_event_type in _PLANTED and (actor1 is None or actor1.inter in (None, 7)):
        # "a woman stepped on a landmine": who set off a mine or a bomb is its victim; who laid it is not named
        if actor1 is not None and actor1.inter == 7 and actor2 is None:
            actor2 = actor1
        actor1 = generic_actor(3, country)
    sub = coded.acled.sub_event_type
    if sub in _VICTIMS_ARE_CIVILIANS and actor1 is not None and actor1.inter in ARMED_TYPES and (
            actor2 is None or actor2.inter is None):
        # ACLED: who is arrested, or whose goods are looted, is a civilian unless named otherwise
        actor2 = generic_actor(7, country)
    if sub == "Disrupted weapons use" and actor1 is not None and actor1.inter == 1 and (
            actor2 is None or actor2.inter is None):
        actor2 = generic_actor(3, country)  # ACLED: whose bomb or cache it was, when unnamed, an unidentified group
    if sub == "Change to group/activity" and actor2 is not None and actor2.inter not in (None, 7):
        assoc1 = [actor2, *assoc1]  # a force moving, recruiting or reorganising is one-sided (ACLED)
        actor2 = None
    if coded.acled.event_type in ("Protests", "Riots"):
        # a fight with no armed side is a brawl of crowds when told with their weapons ("clashed with sticks");
        # a "legal battle" or a "battle for honours" is none
        brawl = coded.frame == "clash" and _brawl(doc, deciding)
        if not brawl and not _crowd_evident(d, (actor1, *assoc1), (actor2, *assoc2), doc):
            return None
        # a side no word names, filled in as an unidentified armed group, is the crowd itself in a riot or protest
        actor1, actor2 = (None if _unnamed(a) and not a.text else a for a in (actor1, actor2))
        if told.reciprocal and coded.acled.sub_event_type == "Mob violence":
            actor1, actor2, assoc2 = _brawl_sides(actor1, actor2, assoc2)
        actor1, actor2, assoc1 = _crowd_actors(coded.acled.sub_event_type, actor1, actor2, assoc1, country,
                                               two_sided=coded.frame == "clash" or told.reciprocal,
                                               lone_agent=d.families == {"protest"})
    sent = sents[deciding.sent_index]
    trig = ev.span_of(doc, deciding)
    rec = EventRecord(
        article_id=article.id,
        trigger=trig,
        sentence=Span(sent.start_char, sent.start_char + len(sent.text.rstrip()), sent.text.rstrip()),
        acled=coded.acled,
        plover=coded.plover,
        cameo=coded.cameo,
        historical=d.historical,
        negated=all(m.negated for m in d.mentions),
        hypothetical=all(m.hypothetical for m in d.mentions),
        reported=any(m.reported for m in d.mentions),
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=assoc1,
        assoc_actor_2=assoc2,
        interaction=interaction(actor1.inter if actor1 else None, actor2.inter if actor2 else None),
        fatalities=fat,
        injuries=inj,
        arrests=d.counts.get("arrests", Count.zero()),
        crowd_size=d.counts.get("crowd_size"),
        source=article.source,
    )
    rec.sources = [article.source_entry()]
    if d.date:
        rec.date = d.date.date.isoformat()
        rec.date_end = d.date.date_end.isoformat() if d.date.date_end else None
        rec.time_precision = d.date.time_precision
        rec.date_reason = d.date.reason + ("; year inferred from the text (no publication date)"
                                           if d.date.year_inferred and "inferred" not in d.date.reason else "")
        rec.year_inferred = d.date.year_inferred
    if d.place:
        rec.location = d.place.place
    _evidence(rec, d, trig)
    rec.confidence = _confidence(rec, d)
    rec.notes = _notes(rec)
    return rec


def _evidence(rec: EventRecord, d: ev.Draft, trig: Span) -> None:
    e = rec.evidence
    e["trigger"] = trig
    e["acled.sub_event_type"] = trig
    if d.date and d.date.span:
        e["date"] = d.date.span
    if d.place and d.place.span:
        e["location"] = d.place.span
    for name in ("actor1", "actor2"):
        actor = getattr(rec, name)
        if actor and actor.span:
            e[name] = actor.span
    for kind in ev.COUNT_KINDS:
        cnt = d.counts.get(kind)
        if cnt and cnt.span:
            e[kind] = cnt.span


def _confidence(rec: EventRecord, d: ev.Draft) -> float:
    score = 0.4 + 0.1 * min(len(d.mentions), 3)
    score += 0.1 * bool(rec.actor1 and rec.actor1.inter) + 0.05 * bool(rec.actor2 and rec.actor2.inter)
    score += 0.05 * bool(rec.location and rec.location.resolved) + 0.05 * d.date_own
    if rec.negated or rec.hypothetical:
        score -= 0.3
    return round(max(0.05, min(score, 0.99)), 2)


def _notes(rec: EventRecord) -> str:
    """A one-sentence ACLED-style summary built only from the coded fields."""
    what = rec.acled.sub_event_type or (rec.plover.event or "event").lower()
    who = rec.actor1.name if rec.actor1 else "unidentified actors"
    parts = [f"On {rec.date}" if rec.date else "On an unknown date", f"{who}: {what}"]
    if rec.actor2:
        parts[-1] += f" involving {rec.actor2.name}"
    if rec.location and rec.location.resolved:
        where = ", ".join(x for x in (rec.location.name, rec.location.admin1, rec.location.country) if x)
        parts[-1] += f" in {where}"
    tolls = [f"{c.best} {w}" for c, w in ((rec.fatalities, "killed"), (rec.injuries, "injured"), (rec.arrests, "arrested")) if c.best]
    flags = [f for f, on in (("negated", rec.negated), ("hypothetical", rec.hypothetical), ("background", rec.historical)) if on]
    text = ", ".join(parts[:1]) + ", " + parts[1]
    if tolls:
        text += " (" + ", ".join(tolls) + ")"
    if flags:
        text += " [" + ", ".join(flags) + "]"
    return text + "."


def _main_first(records: list[EventRecord]) -> list[EventRecord]:
    """The article's events ordered by `_salience`, the main event first."""
    deadly = any(_deadly(r) for r in records)
    violent = {id(r) for r in records if any(_current_violence(o) and _same_unit(o, r) for o in records)}
    place = _places_by_precedence(records)
    return sorted(records, key=lambda r: _salience(r, deadly, id(r) in violent, place[id(r)]))


def _salience(rec: EventRecord, deadly: bool = False, violent: bool = False,
              place: tuple[int, bool] | None = None) -> tuple:
    """Main event first: what happened before what did not, ACLED-coded before the rest, then text order; but when
    the text tells people killed in political violence, a strategic development (a patrol, an operation, a convoy,
    an arrest) is the setting of the killing, not the main event ('a patrol was hit by an IED. Three soldiers were
    killed.'); an arrest is the setting of any violence told with it in its place and day ('detained the
    journalist and beat him', `_same_unit`); and an event that a later one of the same kind outranks in ACLED's
    order on the same place and day gives it its place (`_places_by_precedence`).
    (Ranking the gravest type first instead was tried and lost 1.3 points of sub-event accuracy on ACLED
    notes; putting only strategic developments after deadly violence raised sub-event and fatality accuracy both.)"""
    setting = deadly and rec.acled.event_type == "Strategic developments" or (
        violent and rec.acled.sub_event_type == "Arrests")
    return (rec.historical or rec.negated or rec.hypothetical, rec.acled.event_type is None, setting,
            place or (rec.trigger.start, False), rec.trigger.start)


def _same_place(a: EventRecord, b: EventRecord) -> bool:
    """Not told in two different places ('arrested 25 men in Mandalay, and in Shwebo a drone bombed a school'):
    ACLED's unit is one place and day, so events in two places do not outrank each other."""
    la, lb = a.location, b.location
    if la is None or lb is None or not (la.resolved and lb.resolved):
        return True
    return (la.geonames_id, la.name) == (lb.geonames_id, lb.name)


def _same_day(a: EventRecord, b: EventRecord) -> bool:
    """Not told on two different days ('arrested 33 suspects of the attack two days earlier'): ACLED's unit is one
    place and day, so an event of another day is neither the setting nor the higher-ranked form of this one."""
    return a.date is None or b.date is None or a.date == b.date


def _same_unit(a: EventRecord, b: EventRecord) -> bool:
    """One of ACLED's units: the same place (`_same_place`) and the same day (`_same_day`)."""
    return _same_place(a, b) and _same_day(a, b)


def _current(rec: EventRecord) -> bool:
    return bool(rec.acled.event_type) and not (rec.historical or rec.negated or rec.hypothetical)


def _current_violence(rec: EventRecord) -> bool:
    """A current event of political violence or rioting, with or without deaths."""
    return _current(rec) and rec.acled.event_type in _VIOLENT_TYPES


# Explosions a fight on the ground can answer, so that ACLED folds them into the battle (CODEBOOKS.md 1.3:
# E/RV "inside an ongoing battle" is Battles); an air strike is coded apart unless the aircraft is fired on.
_GROUND_REMOTE = {"Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"}


def _outranks(other: EventRecord, rec: EventRecord) -> bool:
    """ACLED's precedence between two events of one report: the telling of an event that counts its dead over
    another telling of it that does not (ACLED codes one event, with its toll); a protest met with intervention or
    force over the same protest told as peaceful; a violent demonstration over the protest that turned into it; a
    battle over the one-sided violence or ground explosions told with it ('the militia attacked the village and
    clashed with the army', 'shelled the town; the army returned fire')."""
    a, b = other.acled, rec.acled
    if _retold(other, rec) and _deadly(other) and not _deadly(rec):
        return True  # one event told twice, its toll with the second telling ('clashes broke out ... 8 were killed')
    if a.event_type == "Riots" and b.event_type == "Protests" and a.sub_event_type == "Violent demonstration":
        return True  # ACLED: a protest that turns violent the same day is one Riots event
    if a.event_type == b.event_type == "Protests":
        return lexicon.acled_rank(a.sub_event_type) < lexicon.acled_rank(b.sub_event_type)
    return a.sub_event_type == "Armed clash" and (
        b.event_type == "Violence against civilians" or b.sub_event_type in _GROUND_REMOTE)


def _retold(a: EventRecord, b: EventRecord) -> bool:
    """Two tellings of one ACLED event: the same sub-event type between the same kinds of actors (ACLED's unit is
    one actor pair, place and day; the place and day are `_same_unit`'s)."""
    return a.acled.sub_event_type == b.acled.sub_event_type and a.interaction == b.interaction


def _places_by_precedence(records: list[EventRecord]) -> dict[int, tuple[int, bool]]:
    """Each event's place in text order, where an event that outranks an earlier current one of the same place
    and day (`_outranks`, `_same_unit`) takes that one's place, just before it: (position, outranked)."""
    def over(a: EventRecord, b: EventRecord) -> bool:
        return a is not b and _current(a) and _current(b) and _outranks(a, b) and _same_unit(a, b)

    place = {}
    for r in records:
        below = [o.trigger.start for o in records if over(r, o)]
        place[id(r)] = (min([r.trigger.start, *below]), any(over(o, r) for o in records))
    return place


def _deadly(rec: EventRecord) -> bool:
    """A current event of political violence with deaths counted."""
    return (rec.acled.event_type in _VIOLENT_TYPES and rec.fatalities is not None and rec.fatalities.low > 0
            and not (rec.historical or rec.negated or rec.hypothetical))


_VIOLENT_TYPES = {"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"}
