"""A riot among people of one kind ('clashed with each other', 'between two groups of youths') is a brawl: ACLED
Mob violence between rioters (55), not a Violent demonstration, unless a demand is voiced (genres.json reciprocal)."""

from coding_helpers import main


def _mob(text: str):
    event = main(text)
    return event.acled.sub_event_type, event.interaction


def test_rioters_fighting_each_other_are_a_mob_not_a_demonstration():
    assert _mob("On Monday, at least 20 rioters clashed with each other in Kota town over a dispute during a "
                "festival. Police arrested 8 people involved in the riot.") == ("Mob violence", 55)


def test_riot_between_two_groups_is_a_mob_between_rioters():
    assert _mob("On Monday, riots broke out between two groups of youths during a wedding in Kota town. "
                "Six people were injured.") == ("Mob violence", 55)


def test_riot_between_villages_stopped_by_police_keeps_the_police_out_of_the_pair():
    event = main("On Monday, a riot broke out between residents of two neighbouring villages in Kota town. "
                 "Police fired warning shots to stop the riot.")
    assert (event.acled.sub_event_type, event.interaction) == ("Mob violence", 55)
    assert any(a.inter == 1 for a in event.assoc_actor_2)


def test_riot_between_a_crowd_and_the_police_stays_a_demonstration():
    assert _mob("On Monday, a riot broke out between students and police in Kota town.") \
        == ("Violent demonstration", 15)


def test_brawl_with_a_demand_voiced_stays_a_demonstration():
    event = main("On Monday, two groups of traders demanding the reopening of the market rioted and threw stones "
                 "at each other in Kota town.")
    assert event.acled.sub_event_type == "Violent demonstration"


def test_reciprocal_words(nlp):
    from newsevents.pipeline import _among_one_side
    doc = nlp("A riot broke out between youth groups. A riot broke out between students and police.")
    first, second = [[t for t in s if t.lower_ == "between"][0] for s in doc.sents]
    marks = frozenset({"two", "rival"})
    assert _among_one_side(first, marks)
    assert not _among_one_side(second, marks)
