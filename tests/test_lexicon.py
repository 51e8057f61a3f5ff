"""The lexicon data files: schema checks, and every entry's example run through the real pipeline."""

from __future__ import annotations

import collections
import json
from importlib import resources

import pytest

from newsevents import lexicon

FRAME_NAMES = (
    "clash attack kill shoot beat sexual abduct capture_territory regain_territory airstrike shelling ied grenade "
    "suicide_bomb chemical protest strike hunger_strike boycott obstruct riot mob disperse arrest raid seize_weapons "
    "defuse loot destroy base withdraw take_control agreement release deploy other_sd consult support agree concede "
    "cooperate aid request accuse reject threaten sanction coerce"
).split()
NOT_ACLED = set("consult support agree concede cooperate aid request accuse reject threaten sanction coerce boycott".split())
POS = {"VERB", "NOUN", "ADJ", None}


def _raw_jsonl(name: str) -> list[dict]:
    text = resources.files("newsevents.lexicon").joinpath(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _valid_cameo(code: str | None) -> bool:
    return (
        isinstance(code, str) and code.isdigit() and len(code) in (3, 4)
        and code[:2] in lexicon.taxonomy()["cameo_roots"]
    )


def test_taxonomy_counts():
    tax = lexicon.taxonomy()
    assert [e["event_type"] for e in tax["acled"]] == [
        "Battles", "Protests", "Riots", "Explosions/Remote violence", "Violence against civilians",
        "Strategic developments",
    ]
    assert len(lexicon.acled_precedence()) == 25
    assert len(set(lexicon.acled_precedence())) == 25
    assert len(tax["plover"]) == 16
    assert sum(len(v["modes"]) for v in tax["plover"].values()) == 67  # REQUEST and REJECT each list the same 4
    assert sorted(tax["cameo_roots"]) == [f"{i:02d}" for i in range(1, 21)]
    assert tax["inter"]["1"] == "State forces" and tax["inter"]["8"] == "External/Other forces"


def test_taxonomy_lookups():
    assert lexicon.acled_precedence()[0] == "Government regains territory"
    assert lexicon.acled_precedence()[-1] == "Other"
    assert lexicon.acled_event_type_of("Mob violence") == "Riots"
    assert lexicon.disorder_type_of("Mob violence") == "Political violence"
    assert lexicon.disorder_type_of("Excessive force against protestors") == "Political violence; Demonstrations"
    assert lexicon.plover_quad("CONSULT") == 1 and lexicon.plover_quad("RETREAT") == 2
    assert lexicon.cameo_quad("0841") == 2 and lexicon.cameo_quad("190") == 4 and lexicon.cameo_quad("057") == 1
    assert lexicon.acled_rank("Air/drone strike") < lexicon.acled_rank("Shelling/artillery/missile attack")
    assert lexicon.frame_rank("clash") < lexicon.frame_rank("protest") < lexicon.frame_rank("consult")
    with pytest.raises(KeyError):
        lexicon.cameo_quad("99")


def test_frames_schema():
    fr = lexicon.frames()
    assert sorted(fr) == sorted(FRAME_NAMES)
    tax = lexicon.taxonomy()
    for name, f in fr.items():
        assert f.plover in tax["plover"], name
        assert f.mode is None or f.mode in tax["plover"][f.plover]["modes"], name
        assert _valid_cameo(f.cameo), name
        if name in NOT_ACLED:
            assert f.acled_event_type is None and f.acled_sub_event_type is None, name
        else:
            assert lexicon.acled_event_type_of(f.acled_sub_event_type) == f.acled_event_type, name
        assert f.example and f.description


def test_frames_cover_all_acled_sub_events_and_plover_types():
    fr = lexicon.frames().values()
    assert {f.acled_sub_event_type for f in fr} - {None} >= set(lexicon.acled_precedence()) - {
        "Excessive force against protesters"  # decided by the coder from actors and harm, not a frame default
    }
    plover = {f.plover for f in fr} | {t.plover for t in lexicon.triggers()}
    assert plover >= set(lexicon.taxonomy()["plover"])


def test_triggers_schema():
    raw = _raw_jsonl("triggers.jsonl")
    ids = [e["id"] for e in raw]
    assert len(ids) == len(set(ids)), [i for i, n in collections.Counter(ids).items() if n > 1]
    tax = lexicon.taxonomy()
    allowed = {"id", "match", "pos", "frame", "with_prep", "with_object", "without_object", "plover", "mode", "cameo", "context",
               "note", "example"}
    for e in raw:
        assert set(e) <= allowed, e["id"]
        assert e["frame"] in FRAME_NAMES, e["id"]
        assert e["pos"] in POS, e["id"]
        assert e["match"] == e["match"].lower().strip() and "  " not in e["match"], e["id"]
        if "mode" in e and "plover" not in e:
            # a mode override alone must fit the frame's PLOVER type
            assert e["mode"] is None or e["mode"] in tax["plover"][lexicon.frames()[e["frame"]].plover]["modes"]
    for t in lexicon.triggers():
        assert t.plover in tax["plover"], t.id
        assert t.mode is None or t.mode in tax["plover"][t.plover]["modes"], t.id
        assert _valid_cameo(t.cameo), t.id


def test_trigger_coverage():
    per_frame = collections.Counter(t.frame for t in lexicon.triggers())
    assert len(lexicon.triggers()) >= 400
    for name in FRAME_NAMES:
        assert per_frame[name] >= 3, name
    for name in ("clash", "attack", "kill", "protest", "riot", "ied", "airstrike", "shelling", "arrest", "disperse"):
        assert per_frame[name] >= 10, name


def test_trigger_examples_contain_their_match(nlp):
    bad = []
    trigs = lexicon.triggers()
    for t, doc in zip(trigs, nlp.pipe([t.example for t in trigs], batch_size=256)):
        lemmas = [tok.lemma_.lower() for tok in doc]
        n = len(t.tokens)
        hits = [i for i in range(len(lemmas) - n + 1) if tuple(lemmas[i:i + n]) == t.tokens]
        if not hits:
            bad.append((t.id, "match not in lemmas", lemmas))
        elif t.pos and not any(doc[i].pos_ == t.pos for i in hits):
            bad.append((t.id, f"first token is not {t.pos}", [doc[i].pos_ for i in hits]))
        for field in ("with_prep", "with_object"):
            wanted = getattr(t, field)
            if wanted and not set(wanted) & set(lemmas):
                bad.append((t.id, f"no {field} in example", wanted))
    assert not bad, bad[:20]


def test_actor_terms_schema():
    raw = _raw_jsonl("actors.jsonl")
    ids = [e["id"] for e in raw]
    assert len(ids) == len(set(ids))
    inter = lexicon.taxonomy()["inter"]
    terms = lexicon.actor_terms()
    assert len(terms) >= 150
    assert sum(1 for t in terms if t.name) >= 60
    for t in terms:
        assert inter[str(t.inter)] == t.type, t.id
        assert t.sector and t.sector.isupper(), t.id
        assert t.country is None or (len(t.country) == 3 and t.country.isupper()), t.id
        if not t.name:
            assert t.match == t.match.lower(), t.id
    kinds = {t.kind for t in terms}
    assert {"military", "police", "government", "judiciary", "rebel", "militia", "identity_militia",
            "unidentified_armed", "rioters", "protesters", "civilians", "external", "party"} <= kinds
    assert lexicon.role_term("police").match == "police"
    names = {a.lower(): t.name for t in terms if t.name for a in (t.match, *t.aliases)}
    assert names["houthis"] == "Ansar Allah"
    assert names["iswap"] == "Islamic State (West Africa)"


def test_actor_examples_contain_their_match(nlp):
    terms = lexicon.actor_terms()
    bad = []
    for t, doc in zip(terms, nlp.pipe([t.example for t in terms], batch_size=256)):
        if t.name:
            forms = [t.match.lower(), *(a.lower() for a in t.aliases)]
            if not any(f in t.example.lower() for f in forms):
                bad.append(t.id)
        else:
            lemmas = [tok.lemma_.lower() for tok in doc]
            n = len(t.tokens)
            if not any(tuple(lemmas[i:i + n]) == t.tokens for i in range(len(lemmas) - n + 1)):
                bad.append((t.id, lemmas))
    assert not bad, bad[:20]


def test_cues():
    c = lexicon.cues()
    assert set(c) == {"negation", "hypothetical", "reporting_verbs", "background", "speaker_roles", "no_comment",
                      "abstract_targets", "protest_causes", "labour_context", "military_context", "mining_context",
                      "accusation", "told_before"}
    for kind, words in c.items():
        assert len(words) >= 5 and all(w == w.lower() for w in words), kind
    raw = json.loads(resources.files("newsevents.lexicon").joinpath("cues.json").read_text(encoding="utf-8"))
    for kind in c:
        assert raw[kind]["_about"] and raw[kind]["examples"], kind
    assert "say" in c["reporting_verbs"] and "not" in c["negation"] and "since" in c["background"]


def test_every_plover_mode_has_a_trigger():
    plover = lexicon.taxonomy()["plover"]
    have = {(t.plover, t.mode) for t in lexicon.triggers()}
    missing = [(event, mode) for event, spec in plover.items() for mode in spec["modes"] if (event, mode) not in have]
    assert not missing, missing


def test_word_sets_reads_a_blocks_lists_as_sets():
    words = lexicon.word_sets("genres.json", "reciprocal")
    assert "_about" not in words and "example" not in words  # notes and examples are not word lists
    assert all(isinstance(v, frozenset) for v in words.values())
    assert all(isinstance(p, tuple) for p in words["pronouns"])  # a phrase of several words is a tuple
