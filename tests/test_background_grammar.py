"""Background told by grammar, not by a date: an act someone is accused, suspected, wanted or avenged for, and an
act set before the news by 'previously' or a perfect with 'already', is not the event the sentence tells."""

import pytest

from coding_helpers import main
from newsevents.extract.mentions import find_mentions


def _background(nlp, text: str) -> dict[str, bool]:
    """Each trigger's words and whether it is told as background."""
    doc = nlp(text)
    return {doc[m.start:m.end].text: m.background for m in find_mentions(doc)}


@pytest.mark.parametrize("text, act", [
    ("Police arrested two men on suspicion of planting a bomb near the market.", "bomb"),
    ("The victim was previously accused of rape by her neighbours.", "rape"),
    ("Troops raided the camp in retaliation for the killing of a soldier.", "killing"),
    ("Police detained three youths in connection with the bombing of the bridge.", "bombing"),
    ("A man wanted for the attack on the church was arrested on Tuesday.", "attack"),
    ("Soldiers captured two fighters who were accused of planting mines on the road.", "mines"),
])
def test_accused_act_is_background(nlp, text, act):
    marks = _background(nlp, text)
    assert marks[act] is True, marks


@pytest.mark.parametrize("text, act", [
    ("Police arrested two men on suspicion of planting a bomb near the market.", "arrested"),
    ("Troops raided the camp in retaliation for the killing of a soldier.", "raided"),
    ("Rebels attacked the convoy and accused the army of lying.", "attacked"),
])
def test_the_clause_news_is_not_background(nlp, text, act):
    marks = _background(nlp, text)
    assert marks[act] is False, marks


def test_previously_sets_history(nlp):
    assert _background(nlp, "The two clans have previously fought over grazing land.")["fought"] is True
    assert _background(nlp, "The militia had already attacked the village twice.")["attacked"] is True


def test_earlier_in_the_main_clause_is_news(nlp):
    """'Earlier on Monday' dates news of its own when it sits on the sentence's verb."""
    marks = _background(nlp, "Earlier on Monday, rebels clashed with troops near the border.")
    assert marks["clashed"] is False


@pytest.mark.parametrize("text, act", [
    ("Police questioned three men about the killing two days earlier of a local farmer.", "killing"),
    ("The army executed two traders who had been abducted earlier.", "abducted"),
    ("Police detained five men suspected of an earlier attack on the market.", "attack"),
])
def test_earlier_inside_another_clause_is_history(nlp, text, act):
    marks = _background(nlp, text)
    assert marks[act] is True, marks


def test_main_event_is_the_arrest_not_the_suspected_bombing():
    text = "On Monday police arrested four men on suspicion of detonating a bomb at a bus stop in the town."
    assert main(text).acled.sub_event_type == "Arrests"


def test_victim_accused_before_does_not_make_a_sexual_violence_event():
    text = ("On Monday gunmen shot and killed a herder near the village. "
            "The victim had previously been accused of rape by a local woman.")
    assert main(text).acled.sub_event_type == "Attack"


def test_a_side_accusing_reports_the_act(nlp):
    """'Rebels accuse the army of killing' is a claim that tells the killing; a man 'accused of' it is described."""
    assert _background(nlp, "The rebels accuse the army of killing four fighters.")["killing"] is False
    assert _background(nlp, "Villagers beat a man who was accused of stealing a goat.")["stealing"] is True
