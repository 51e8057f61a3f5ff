"""Protests in news prose that the trigger matcher must find: a participle before its people, a lower-case
march the NER took for a month, a crowd rallying at a place, a strike noun told as a stoppage of work."""

import pytest

from newsevents.extract.mentions import find_mentions
from newsevents.pipeline import code_text

CROWD_TYPES = {"Protests", "Riots"}


def current_crowd_events(text):
    """Protests or riots the coder says took place (not negated, hypothetical or background)."""
    return [e for e in code_text(text) if e.acled.event_type in CROWD_TYPES
            and not (e.negated or e.hypothetical or e.historical)]


def trigger_ids(nlp, text):
    return {m.trigger.id for m in find_mentions(nlp(text))}


@pytest.mark.parametrize("text, wanted", [
    ("Striking teachers' union members sang outside the depot.", "strike.striking_teacher"),
    ("Police watched hundreds of striking nurses at the provincial hospital.", "strike.striking_nurse"),
    ("Striking miners of the colliery are set to lose their jobs.", "strike.striking_miner"),
])
def test_the_longest_match_wins_over_the_lemma(nlp, text, wanted):
    """'striking miners' is matched on the word form, and beats the lone verb 'strike' matched on its lemma."""
    assert wanted in trigger_ids(nlp, text)


@pytest.mark.parametrize("text", [
    "Police watched hundreds of striking nurses at the provincial hospital on Tuesday.",
    "The union has said it will be a peaceful march.",
    "The minister met the thousands of clerks who have rallied outside the ministry headquarters for a week.",
    "Bus drivers marched the streets of the city on Monday.",
    "The strike at the bakery entered its second week on Monday.",
    "The strike is on.",
    "The strike continues, the organising committee said on Monday.",
    "Cleaners joined the strike on Tuesday.",
    "Nurses at the clinic have been on a go-slow since Monday.",
    "The stayaway left the city's factories empty on Monday.",
])
def test_news_protests_are_found(text):
    assert current_crowd_events(text)


@pytest.mark.parametrize("text", [
    "March will be a busy month for the council.",  # the month, capitalised
    "The strike ended the life of the rebel commander.",  # a blow ends something; a stoppage just ends
    "The drone strike continued to be debated in parliament.",  # military
    "The coach rallied his players at half-time.",  # a person rallied: encouraged, not a protest
    "The strike on the depot continued for an hour, the army said.",  # a strike on a target is a blow
])
def test_other_readings_stay_out(text):
    assert current_crowd_events(text) == []


@pytest.mark.parametrize("text", [
    "The strike is on.",
    "The strike at the bakery entered its second week on Monday.",
    "The strike at the depot will continue, the committee said.",
    "Nurses at the clinic have been on a go-slow since Monday.",
])
def test_the_fast_path_keeps_stoppage_sentences(text):
    """The sentence filter keeps every sentence the full coder finds a stoppage in."""
    from newsevents.prefilter import default_filter

    assert default_filter().reduce(text).kept_sentences == 1


def test_a_verb_coordinated_with_a_call_is_its_own_clause(nlp):
    """'called for a strike and accused the government': the accusation is made, not what the call is for."""
    ids = trigger_ids(nlp, "Union leaders called for a general strike and accused the mayor of ignoring the workers.")
    assert "accuse.accuse" in ids


def test_what_a_protest_demands_stays_its_cause(nlp):
    """A killing named inside the protest's demand is still its grievance, not a new event."""
    found = find_mentions(nlp("Traders marched on Monday, demanding justice for the killing of a vendor."))
    assert {m.frame.name for m in found} >= {"protest"} and "kill" not in {m.frame.name for m in found}


def test_lifting_an_order_is_a_concession():
    events = code_text("The paper was closed in May before a judge lifted the order.")
    assert any(e.plover.event == "CONCEDE" and e.trigger.text == "lifted" for e in events)


def test_strafing_is_shooting(nlp):
    assert "shoot.strafe" in trigger_ids(nlp, "Gunmen strafed a bus on the highway.")


def test_an_adjective_in_the_verbs_base_form_is_no_verb(nlp):
    """'kept clear of the march' avoids it; nobody cleared a place."""
    ids = trigger_ids(nlp, "Riot police kept clear of the march on Saturday.")
    assert "regain_territory.clear" not in ids and "protest.march.noun" in ids


def test_a_participle_tagged_adjective_still_counts(nlp):
    assert "attack.wound" in trigger_ids(nlp, "Two soldiers were wounded in the ambush.")


def test_a_gathering_against_something_is_a_protest():
    assert current_crowd_events("A mass gathering against gender violence filled the square on Wednesday.")
    assert current_crowd_events("Relatives held a gathering at the house on Sunday.") == []


def test_counted_protesters_as_subject_act(nlp):
    """'thousands of protesters clashed': the protesters are who acts, though 'thousands' is the subject."""
    text = "Thousands of protesters clashed with police in the capital last week."
    assert "protest" in {m.frame.name for m in find_mentions(nlp(text))}
    assert [e.acled.event_type for e in current_crowd_events(text)] == ["Riots"]


def test_a_counted_crowd_blocking_a_road_protests():
    assert current_crowd_events("A group of demonstrators blocked the main road on Monday.")


def test_counted_protesters_as_object_do_not_act(nlp):
    assert "protest" not in {m.frame.name for m in find_mentions(nlp("Police arrested dozens of protesters on Monday."))}


def test_an_event_in_a_time_adjunct_took_place():
    """'refused to return to work following a strike': the refusal governs the return, not the strike."""
    events = current_crowd_events("The firm dismissed 300 guards after they refused to return to work following a strike.")
    assert [e.trigger.text for e in events] == ["strike"]


def test_a_planned_march_stays_hypothetical():
    assert current_crowd_events("The union plans to march to the city hall next week.") == []


def test_a_gathering_for_an_ordinary_aim_is_a_meeting():
    assert current_crowd_events("Farm ministers gathered in the capital on Monday to discuss grain prices.") == []
    assert current_crowd_events("Hundreds of farmers gathered in the capital on Monday to demand higher grain prices.")


def test_protesters_of_a_protest_verb_are_its_agents_not_a_second_mention(nlp):
    found = find_mentions(nlp("Thousands of protesters marched in the capital on Saturday."))
    assert [m.trigger.id for m in found if m.frame.name == "protest"] == ["protest.march"]


def test_a_verb_phrase_ending_in_an_adjective_still_counts(nlp):
    """'shot dead', parsed with 'dead' as the head: the adjective rule is for one-word verb triggers only."""
    from spacy.tokens import Doc

    words = ["A", "gunman", "shot", "dead", "a", "trader", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * 5 + [False, False],
              lemmas=["a", "gunman", "shoot", "dead", "a", "trader", "."],
              pos=["DET", "NOUN", "VERB", "ADJ", "DET", "NOUN", "PUNCT"],
              tags=["DT", "NN", "VBD", "JJ", "DT", "NN", "."],
              heads=[1, 2, 3, 3, 5, 3, 3], deps=["det", "amod", "nsubj", "ROOT", "det", "dobj", "punct"],
              sent_starts=[True] + [False] * 6)
    assert "shoot.shoot_dead" in {m.trigger.id for m in find_mentions(doc)}
