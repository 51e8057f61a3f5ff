"""Who acted on whom (extract/actors.py arguments): targets after 'towards', weapons after 'with', and a named
actor preferred over a place among a verb's prepositional objects."""

from coding_helpers import pair


def inters(a1, a2):
    return {a.inter for a in (a1, a2) if a is not None}


def test_fired_towards_a_groups_position(nlp):
    assert inters(*pair(nlp, "On Monday, army troops fired artillery rounds towards KIA positions.", country="MMR")) == {1, 2}


def test_hit_a_group_with_air_strikes(nlp):
    assert inters(*pair(nlp, "On Monday, the army hit the KIA with air strikes near the river.", country="MMR")) == {1, 2}


def test_a_named_target_beats_a_place_among_at_objects(nlp):
    a1, a2 = pair(nlp, "On Monday, at Nam Hkam, the army fired a mortar round at KIA positions.", country="MMR")
    assert a2 is not None and a2.inter == 2 or a1 is not None and a1.inter == 2


def test_who_is_seen_is_who_acts(nlp):
    from newsevents.extract.actors import arguments
    doc = nlp("On Monday, dozens of militants were observed moving near the town.")
    head = next(t for t in doc if t.lemma_ == "observe")
    args = arguments(doc, head.i, nominal=False)
    assert args.agent is not None and doc[args.agent].lemma_ in ("dozen", "militant")
    assert args.patient is None
