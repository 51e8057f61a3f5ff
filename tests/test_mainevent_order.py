"""Which of a report's events is its main one (pipeline._main_first): ACLED's unit is one place and day, and one
event told twice is one event with its toll."""
from coding_helpers import current, main


def test_an_event_of_another_day_is_not_what_the_arrest_is_the_setting_of():
    # the attack two days before is background to the arrests of the note's day
    event = main("On 12 March, police arrested 20 men in Maiduguri suspected of taking part in the attack "
                 "on a market in the town two days earlier.")
    assert event.acled.sub_event_type == "Arrests"
    assert event.date == "2024-03-12"


def test_an_arrest_is_still_the_setting_of_violence_on_its_day():
    event = main("On 12 March, soldiers detained a journalist in Bunia and beat him with rifle butts.")
    assert event.acled.event_type == "Violence against civilians"


def test_a_riot_of_another_day_does_not_outrank_the_protest():
    events = current("On 12 March, traders held a peaceful protest in Kitale against the police. "
                     "On 9 March, youths rioted in the town and burned shops.")
    assert events[0].acled.sub_event_type == "Peaceful protest"
    assert events[0].date == "2024-03-12"


def test_the_telling_that_counts_the_dead_is_the_main_one():
    event = main("On 9 March, fighting broke out between the army and rebels near the town of Walikale. "
                 "The rebels said they ambushed an army convoy and killed 12 soldiers.")
    assert event.acled.sub_event_type == "Armed clash"
    assert event.fatalities.low == 12


def test_a_toll_of_another_kind_of_event_does_not_reorder():
    # the deaths belong to the attack on civilians, a different event from the first-told protest
    events = current("On 12 March, hundreds of teachers marched peacefully in Nairobi over unpaid salaries. "
                     "In Garissa, gunmen shot dead three traders.")
    assert events[0].acled.sub_event_type == "Peaceful protest"
