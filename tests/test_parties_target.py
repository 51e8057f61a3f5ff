"""A party that a crowd only protests against is the protest's target, not a crowd of rioters (ACLED: a peaceful
protest is one-sided, 60); party members who march are the protesters, their party associated."""

from coding_helpers import main


def test_protest_against_a_party_is_one_sided():
    event = main("On Sunday, members of the Awami League staged a protest rally in Rajshahi city, "
                 "against an MP of the Awami League.")
    assert event.acled.sub_event_type == "Peaceful protest"
    assert event.interaction == 60
    assert event.actor2 is None


def test_protest_against_a_rival_partys_members_is_one_sided():
    event = main("On Monday, members of the BNP staged a protest in Jamalpur city against the members of the "
                 "Awami League for exploding bombs at the BNP office.")
    assert event.interaction == 60
    assert event.actor1.inter == 6
    assert any("Bangladesh Nationalist Party" in (a.name or "") for a in event.assoc_actor_1)


def test_party_members_who_clash_are_still_rioters_on_both_sides():
    event = main("On Sunday, members of the Awami League clashed with members of the BNP using sticks in "
                 "Rajshahi city.")
    assert event.acled.event_type == "Riots"
    assert event.interaction == 55
