"""Actor arguments and actor types (extract/actors.py): one named test per pattern handled."""

import pytest
from coding_helpers import pair

from newsevents.extract import actors


def inter(actor):
    return actor.inter if actor else None


def test_passive_agent_and_patient(nlp):
    a1, a2 = pair(nlp, "A man was shot dead by unidentified gunmen in Kismayo on Monday.", "shoot")
    assert (inter(a1), inter(a2)) == (3, 7)


def test_relative_clause_agent(nlp):
    a1, a2 = pair(nlp, "Police arrested militiamen who fired on demonstrators in Goma.", "shoot")
    assert inter(a1) == 3 and inter(a2) == 6


def test_conjoined_subjects_clash(nlp):
    a1, a2 = pair(nlp, "On 27 June, in Kyaukme Township, Shan State, Myanmar military and RCSS clashed.")
    assert {inter(a1), inter(a2)} == {1, 2}
    assert "RCSS" in (a1.name + a2.name)


def test_apposition_acronym_names_the_state_force(nlp):
    doc = nlp("Government soldiers (SNA) opened fire on civilians in Mogadishu.")
    a = actors.classify(doc, [t.i for t in doc if t.text == "SNA"][0], "SOM")
    assert a.inter == 1 and a.name == "Military Forces of Somalia"


def test_nominal_arrest_of(nlp):
    a1, a2 = pair(nlp, "Police carried out the arrest of five students in Lagos.")
    assert inter(a1) == 1 and inter(a2) == 7


def test_speaker_is_not_the_actor(nlp):
    a1, _ = pair(nlp, "Five villagers were killed in Gao on Monday, police said.", "kill")
    assert a1 is None or a1.inter != 1


def test_clashed_with_a_group_the_ner_calls_a_place(nlp):
    a1, a2 = pair(nlp, "On 13 October, Puntland Dervish Force clashed with Islamic State Somalia Province near Talal.")
    assert (inter(a1), inter(a2)) == (1, 2)


def test_clashes_between_after_broke_out(nlp):
    a1, a2 = pair(nlp, "Fighting broke out between the KIA and the Burma Army.", "clash")
    assert {inter(a1), inter(a2)} == {1, 2}


def test_weapon_as_subject_is_not_the_actor(nlp):
    a1, _ = pair(nlp, "An IED planted by Al Shabaab killed three soldiers near Afgooye.", "kill")
    assert a1 is not None and a1.name == "Al Shabaab"


def test_agent_from_the_sentence_when_the_parse_gives_none(nlp):
    a1, a2 = pair(nlp, "A drug suspect was killed during a police raid in Caloocan on 27 May.", "kill")
    assert inter(a1) == 1 and inter(a2) == 7


def test_pronoun_subject_takes_the_last_named_actor(nlp):
    a1, _ = pair(nlp, "Al Shabaab fighters attacked a base in Baidoa. They killed two soldiers.", "kill")
    assert a1 is not None and a1.name == "Al Shabaab"


@pytest.mark.parametrize("text, want", [
    ("Afghan forces retook the district.", 1),
    ("Rebel forces took the town.", 2),
    ("Members of an Islamist militia beheaded 11 people.", 3),
    ("The Mayi-Mayi militia attacked the village.", 3),
    ("Imbonerakure beat a man.", 3),
    ("A sub-clan militia attacked the village.", 4),
    ("Armed bandits abducted ten people.", 3),
    ("CJNG gunmen shot a police officer.", 3),
])
def test_actor_types(nlp, text, want):
    doc = nlp(text)
    head = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")][0]
    assert actors.classify(doc, head.i, None).inter == want


def test_state_forces_abroad_are_external(nlp):
    doc = nlp("Turkish forces shelled villages.")
    head = [t for t in doc if t.dep_ == "nsubj"][0]
    a = actors.classify(doc, head.i, "SYR")
    assert a.inter == 8 and a.country == "TUR"
