"""The trained sub-event classifier on a labelled set of our own, where the rules miss one convention.

The set follows ACLED's reading that a crowd blocking a road is a violent demonstration, which the rules
code as a peaceful protest (they want barricades or burning tyres for that); marches and gunfights the
rules get right. A model trained on such rows must learn the convention and leave the rest alone.
"""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from newsevents import lexicon, pipeline, train
from newsevents.errors import InputError
from newsevents.evaluate import GoldRow, match_main_event
from newsevents.records import Article

WHO = ["Traders", "Residents", "Students", "Farmers", "Taxi drivers", "Market women", "Youths", "Teachers",
       "Nurses", "Villagers"]
WHERE = ["Nakuru", "Kisumu", "Eldoret", "Thika", "Machakos", "Nyeri", "Kitale", "Garissa", "Embu", "Kericho",
         "Malindi", "Voi", "Narok", "Isiolo", "Kakamega"]
WHY = ["over new taxes", "to demand water", "over poor roads", "against land grabbing", "over unpaid wages",
       "against police harassment", "over a power blackout", "against the closure of a market",
       "over fuel prices", "to demand compensation"]
TEMPLATES = {
    "Violent demonstration": ["{w} blocked the main road in {p} {y}.", "{w} blocked the highway near {p} {y}."],
    "Peaceful protest": ["{w} marched to the county offices in {p} {y}.", "{w} held a demonstration in {p} {y}."],
    "Armed clash": ["Gunmen ambushed a police patrol near {p}, sparking a long gunfight.",
                    "Bandits and police exchanged fire near {p}."],
}
TRAIN_PER_TYPE, TEST_PER_TYPE = 15, 5


def row(n: int, label: str, i: int) -> GoldRow:
    text = TEMPLATES[label][i % 2].format(w=WHO[i % 10], p=WHERE[(i * 4) % 15], y=WHY[(i * 7) % 10])
    return GoldRow(id=f"r{n}", text=text, event_date=None, event_type=None, sub_event_type=label, inter1=0,
                   inter2=0, interaction=None, admin1=None, latitude=None, longitude=None, geo_precision=None,
                   time_precision=None, fatalities=None, country="Kenya")


def rows(first: int, count: int) -> list[GoldRow]:
    return [row(n, label, i) for n, (label, i) in
            enumerate(((label, i) for label in TEMPLATES for i in range(first, first + count)), start=first * 10)]


@pytest.fixture(scope="module")
def model() -> train.EventModel:
    return train.train(rows(0, TRAIN_PER_TYPE), seed=0)


@pytest.fixture(scope="module")
def held_out() -> list[train.Example]:
    return list(train.code_rows(rows(TRAIN_PER_TYPE, TEST_PER_TYPE)))


def labels_after(model, examples):
    out = []
    for ex in examples:
        events = model.refine(ex.row.article(), ex.events) if model else ex.events
        main = match_main_event(events)
        out.append(main.acled.sub_event_type if main else None)
    return out


def test_model_learns_the_convention_the_rules_miss(model, held_out):
    gold = [ex.row.sub_event_type for ex in held_out]
    rules = labels_after(None, held_out)
    refined = labels_after(model, held_out)
    assert sum(g == r for g, r in zip(gold, rules)) == 2 * TEST_PER_TYPE  # the road blockades are missed
    assert sum(g == r for g, r in zip(gold, refined)) == 3 * TEST_PER_TYPE
    assert model.metadata["rows"] == 3 * TRAIN_PER_TYPE
    assert model.metadata["labels"] == {label: TRAIN_PER_TYPE for label in TEMPLATES}
    assert model.metadata["held_out"]["rows"] > 0


def test_refine_recodes_what_follows_and_keeps_the_rest(model, held_out):
    ex = next(e for e in held_out if e.row.sub_event_type == "Violent demonstration")
    before = match_main_event(ex.events)
    assert before.acled.sub_event_type == "Peaceful protest"
    events = model.refine(ex.row.article(), ex.events)
    after = match_main_event(events)
    assert before.acled.sub_event_type == "Peaceful protest"  # the rules' record is not changed in place
    assert (after.acled.event_type, after.acled.sub_event_type, after.acled.disorder_type) == (
        "Riots", "Violent demonstration", "Demonstrations")
    assert (after.plover.event, after.plover.mode, after.cameo.code, after.cameo.quad_class) == (
        "PROTEST", "riot", "145", lexicon.cameo_quad("145"))
    # the crowd keeps its words and place in the text; its ACLED label follows the type, as the coder's does
    assert (after.actor1.text, after.actor1.span) == (before.actor1.text, before.actor1.span)
    assert (before.actor1.name, after.actor1.name) == ("Protesters (Kenya)", "Rioters (Kenya)")
    assert (after.actor1.inter, after.interaction) == (5, 50)
    assert after.actor2 == before.actor2
    assert after.location == before.location and after.date == before.date
    assert after.fatalities == before.fatalities and after.trigger == before.trigger
    kept = {k: v for k, v in before.evidence.items() if k != "acled.sub_event_type"}
    assert {k: v for k, v in after.evidence.items() if k in kept} == kept
    assert after.evidence["rules.acled.sub_event_type"] == before.evidence["acled.sub_event_type"]
    assert after.evidence["acled.sub_event_type"].text == ex.row.text
    assert "Sub-event type by model (p=" in after.notes and "the rules read Peaceful protest" in after.notes
    assert after.event_id and after.event_id != before.event_id


def test_refine_leaves_agreeing_and_eventless_articles_alone(model, held_out):
    ex = next(e for e in held_out if e.row.sub_event_type == "Armed clash")
    assert model.refine(ex.row.article(), ex.events) == ex.events
    assert model.refine(Article(id="none", text="The weather was fine in Nakuru on Monday."), []) == []


def test_save_and_load_give_the_same_model(model, held_out, tmp_path):
    path = tmp_path / "model.nem"
    model.save(path)
    loaded = train.load_model(path)
    texts = [ex.row.text for ex in held_out]
    feats = [train.rule_features(ex.events, train.target_index(ex.events)) for ex in held_out]
    assert np.array_equal(model.probabilities(texts, feats), loaded.probabilities(texts, feats))
    assert (loaded.labels, loaded.threshold, loaded.fill_threshold) == (model.labels, model.threshold,
                                                                        model.fill_threshold)
    assert loaded.metadata == model.metadata
    assert labels_after(loaded, held_out) == labels_after(model, held_out)


def test_a_file_that_is_not_a_model_is_refused(model, tmp_path):
    text = tmp_path / "notes.csv"
    text.write_text("notes\nhello\n")
    with pytest.raises(InputError, match="is not a newsevents model"):
        train.load_model(text)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="is not a newsevents model"):
        train.load_model(other)
    with pytest.raises(InputError, match="not found"):
        train.load_model(tmp_path / "missing.nem")


def test_a_damaged_model_is_refused(model, tmp_path):
    path = tmp_path / "model.nem"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        blobs = {name: archive.read(name) for name in archive.namelist()}
    blobs["coef.npy"] = blobs["coef.npy"][:-8]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in blobs.items():
            archive.writestr(name, data)
    with pytest.raises(InputError, match="damaged"):
        train.load_model(path)


def test_one_class_or_too_few_rows_are_refused_before_coding(monkeypatch):
    monkeypatch.setattr(pipeline, "code_articles", lambda *a, **k: pytest.fail("coded before checking"))
    one = [row(n, "Peaceful protest", n) for n in range(30)]
    with pytest.raises(InputError, match="one sub-event type.*at least two"):
        train.train(one)
    with pytest.raises(InputError, match="too few labelled rows.*at least 20"):
        train.train(rows(0, 3))


def test_bad_labels_are_refused(monkeypatch):
    monkeypatch.setattr(pipeline, "code_articles", lambda *a, **k: pytest.fail("coded before checking"))
    bad = rows(0, 10)
    bad[3].sub_event_type = "Peaceful protset"
    with pytest.raises(InputError, match="r.*'Peaceful protset' is not an ACLED sub-event type"):
        train.train(bad)


def test_every_sub_event_type_has_codes_to_recode_with():
    train._sub_frames_ok()


def test_a_long_article_is_read_as_its_event_sentence_and_lead(model):
    filler = " ".join(["The county assembly met on Monday to discuss the budget for the coming year."] * 30)
    text = "Youths blocked the highway near Kisumu over fuel prices.\n\n" + filler
    assert len(text) > model.spec.context_chars
    article = Article(id="long", text=text)
    events = pipeline.code_article(article)
    decision = model.decide(article, events)
    assert decision.span.text == "Youths blocked the highway near Kisumu over fuel prices."
    refined = match_main_event(model.refine(article, events))
    assert refined.acled.sub_event_type == "Violent demonstration"
    assert refined.evidence["acled.sub_event_type"] == decision.span


def test_names_inside_a_sentence_are_masked_and_sentence_starts_kept():
    text = ("On 3 May 2021, Wazalendo fighters attacked a Kamaru Brigade camp near Lake Tumba (Upper Ndolo). "
            "Police arrested two men. [Size=no report]")
    assert train.mask_names(text) == ("On 3 Nnn 2021, Nnn fighters attacked a Nnn camp near Nnn (Nnn). "
                                      "Police arrested two men. [Size=no report]")
    assert train.mask_names("soldiers of the Iron Guard shelled it") == "soldiers of the Nnn shelled it"
    assert train.mask_names("") == ""


def test_a_model_file_of_an_older_format_is_refused_with_a_clear_error(model, tmp_path):
    path = tmp_path / "model.nem"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        blobs = {name: archive.read(name) for name in archive.namelist()}
    header = json.loads(blobs[train.HEADER])
    header["format_version"] = 1
    blobs[train.HEADER] = json.dumps(header).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in blobs.items():
            archive.writestr(name, data)
    with pytest.raises(InputError, match=f"model format 1 .*reads format {train.FORMAT_VERSION}: retrain"):
        train.load_model(path)

