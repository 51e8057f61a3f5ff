"""Scoring primitives: gold parsing, matching, metrics, the baseline, on tiny hand-made rows."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from newsevents import evaluate
from newsevents.evaluate import GoldRow, Prediction
from newsevents.errors import ArticleError
from newsevents.records import Acled, Actor, Count, EventRecord, Place, Span

SEED_ROWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "acled_rows.csv"

HEADER = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
          "actor2", "inter2", "interaction", "country", "admin1", "latitude", "longitude", "geo_precision",
          "notes", "fatalities"]


def gold(**kw) -> GoldRow:
    base = dict(id="g", text="t", event_date="2020-05-10", event_type="Protests", sub_event_type="Peaceful protest",
                inter1=6, inter2=0, interaction=60, admin1="Lagos", latitude=6.45, longitude=3.39,
                geo_precision=1, time_precision=1, fatalities=0, country="Nigeria")
    base.update(kw)
    return GoldRow(**base)


def event(event_type="Protests", sub="Peaceful protest", a1=("Protesters", 6), a2=None, date="2020-05-10",
          admin1="Lagos", lat=6.45, lon=3.39, killed=0, interaction=None) -> EventRecord:
    return EventRecord(
        article_id="a", trigger=Span(0, 1, "x"), sentence=Span(0, 1, "x"),
        acled=Acled(event_type=event_type, sub_event_type=sub),
        actor1=Actor(text=a1[0], name=a1[0], type=a1[0], inter=a1[1]) if a1 else None,
        actor2=Actor(text=a2[0], name=a2[0], type=a2[0], inter=a2[1]) if a2 else None,
        date=date, time_precision=1, interaction=interaction,
        location=Place(text=admin1 or "", name=admin1, admin1=admin1, lat=lat, lon=lon, geo_precision=1,
                       resolved=lat is not None),
        fatalities=Count(killed, killed + 1, killed + 2),
    )


# ------------------------------------------------------------ parsing gold


@pytest.mark.parametrize("value, code", [
    ("60", 60), ("17", 17), ("71", 17), ("State forces-Rebel group", 12), ("Rebel group-State forces", 12),
    ("Protesters only", 60), ("Rioters-Civilians", 57), ("Rebel group-External/Other forces", 28),
    ("Identity militia-Identity militia", 44), ("", None), ("nonsense", None),
])
def test_interaction_from_numbers_and_labels(value, code):
    assert evaluate.parse_interaction(value) == code


@pytest.mark.parametrize("value, code", [("6", 6), (6, 6), ("Protesters", 6), ("external/other forces", 8),
                                         ("", 0), ("0", 0), (None, 0), ("Civilians", 7)])
def test_inter_from_numbers_and_labels(value, code):
    assert evaluate.parse_inter(value) == code


def test_pair_code_is_order_free():
    assert evaluate.pair_code(7, 1) == evaluate.pair_code(1, 7) == 17
    assert evaluate.pair_code(6, 0) == 60
    assert evaluate.pair_code(0, 0) is None


@pytest.mark.parametrize("value", ["2020-05-11", "20200511", "11 May 2020", "11-May-20", "2020-05-11T00:00:00"])
def test_dates_in_acled_forms(value):
    assert evaluate.parse_date(value) == "2020-05-11"


def test_notes_keep_prefix_and_lose_size_tail():
    assert evaluate.clean_notes("Security measures: On 1 May 2020, police ... [size=no report]") == \
        "Security measures: On 1 May 2020, police ..."
    assert evaluate.clean_notes("On 1 May, a protest. [size=around 50]  ") == "On 1 May, a protest."


def test_read_gold_csv(tmp_path):
    path = tmp_path / "gold.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(["NIG1", "31 December 2020", "1", "Protests", "Excessive force against protestors",
                         "Protesters (Nigeria)", "Protesters", "Police Forces of Nigeria", "State forces",
                         "State forces-Protesters", "Nigeria", "Imo", "5.48", "7.03", "1",
                         "On 31 December 2020, police shot at protesters in Owerri. [size=scores]", "2"])
    (row,) = evaluate.read_gold_csv(path)
    assert row.id == "NIG1" and row.event_date == "2020-12-31"
    assert row.sub_event_type == "Excessive force against protesters"
    assert (row.inter1, row.inter2, row.interaction) == (6, 1, 16)
    assert row.text == "On 31 December 2020, police shot at protesters in Owerri."
    assert (row.latitude, row.fatalities, row.geo_precision) == (5.48, 2, 1)


def test_read_gold_missing_file_says_what_to_give(tmp_path):
    with pytest.raises(evaluate.InputError, match="ACLED export"):
        list(evaluate.read_gold_csv(tmp_path / "absent.csv"))


def test_read_gold_jsonl(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "x1", "text": "Troops clashed with rebels.", "published": "2020-05-02", '
                    '"gold": {"event_type": "Battles", "sub_event_type": "Armed clash", "inter1": 1, "inter2": 2}}\n')
    (row,) = evaluate.read_gold(path)
    assert row.text == "Troops clashed with rebels." and row.interaction == 12
    assert row.published == dt.date(2020, 5, 2)


@pytest.mark.skipif(not SEED_ROWS.is_file(), reason="../shared/data/seed is absent: seed gold rows not checked")
def test_reads_acleds_own_seed_rows():
    rows = list(evaluate.read_gold_csv(SEED_ROWS))
    assert rows and all(r.text and r.event_date and r.interaction for r in rows)
    assert rows[0].event_date == "2020-05-11" and rows[0].text.startswith("Security measures: ")
    assert not any("[size=" in r.text for r in rows)


# ------------------------------------------------------------ admin1, distance


@pytest.mark.parametrize("a, b", [
    ("Basra", "Basrah"), ("Al Basrah Governorate", "Basra"), ("Nord-Kivu", "North Kivu Province"),
    ("Nasarawa", "Nassarawa"), ("Kachin State", "Kachin"), ("Ayeyarwady Region", "Ayeyarwady"),
    ("Ségou", "Segou"), ("Hadramawt", "Hadhramaut"), ("FCT", "Federal Capital Territory"), ("Murang'a", "Muranga"),
    ("Kasai-Oriental", "East Kasai"), ("Sistan and Baluchestan", "Sistan va Baluchestan"),
])
def test_admin1_variants_match(a, b):
    assert evaluate.same_admin1(a, b)


@pytest.mark.parametrize("a, b", [("Nord-Kivu", "Sud-Kivu"), ("Lower Shabelle", "Middle Shabelle"),
                                  ("Kasai", "Kasai-Central"), ("Lagos", None), (None, None)])
def test_admin1_different_units_do_not_match(a, b):
    assert not evaluate.same_admin1(a, b)


def test_haversine():
    assert evaluate.haversine_km(0, 0, 0, 0) == 0
    assert evaluate.haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)
    basra_baghdad = evaluate.haversine_km(30.533, 47.7975, 33.3248, 44.4213)
    assert basra_baghdad == pytest.approx(evaluate.haversine_km(33.3248, 44.4213, 30.533, 47.7975))
    assert 440 < basra_baghdad < 460


# ------------------------------------------------------------ metrics


GOLD = ["A", "A", "A", "B", "B", "C"]
PRED = ["A", "A", "B", "B", "C", "C"]


def test_accuracy():
    assert evaluate.accuracy(GOLD, PRED) == pytest.approx(4 / 6)
    assert evaluate.accuracy([], []) == 0.0


def test_weighted_and_macro_f1_by_hand():
    # A: P 1, R 2/3, F1 .8 (support 3); B: P .5, R .5, F1 .5 (2); C: P .5, R 1, F1 2/3 (1)
    assert evaluate.weighted_f1(GOLD, PRED) == pytest.approx((3 * 0.8 + 2 * 0.5 + 1 * 2 / 3) / 6)
    assert evaluate.macro_f1(GOLD, PRED) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    assert evaluate.weighted_f1(GOLD, GOLD) == 1.0


def test_undetected_lowers_recall_only_of_gold_label():
    table = evaluate.per_label_f1(["A", "A"], ["A", evaluate.NOT_DETECTED])
    assert table["A"] == pytest.approx((1.0, 0.5, 2 / 3, 2))
    assert evaluate.NOT_DETECTED not in table


# ------------------------------------------------------------ matching and scoring


def test_main_event_is_first_with_an_acled_type():
    untyped = event(event_type=None, sub=None)
    battle, protest = event("Battles", "Armed clash"), event()
    assert evaluate.match_main_event([untyped, battle, protest], gold()) is battle
    assert evaluate.match_main_event([untyped], gold()) is None
    assert evaluate.match_main_event([], gold()) is None
    assert evaluate.match_main_event([battle, protest], gold(), strategy="best") is protest


def test_prediction_uses_lowest_fatalities_and_derives_interaction():
    pred = evaluate.prediction_from_event(event("Violence against civilians", "Attack", a1=("State forces", 1),
                                                a2=("Civilians", 7), killed=3))
    assert (pred.fatalities, pred.interaction, pred.actor1_type, pred.actor2_type) == (3, 17, 1, 7)
    assert evaluate.prediction_from_event(event(interaction=71)).interaction == 17
    assert evaluate.prediction_from_event(None).detected is False


def test_score_counts_undetected_as_wrong_and_reports_detected_apart():
    rows = [gold(id="1"), gold(id="2", admin1="Basrah", latitude=30.5, longitude=47.8),
            gold(id="3", event_type="Battles", sub_event_type="Armed clash", inter1=1, inter2=2, interaction=12,
                 fatalities=4)]
    preds = [evaluate.prediction_from_event(event()),
             evaluate.prediction_from_event(event(admin1="Al Basrah Governorate", lat=30.6, lon=47.8)),
             evaluate.prediction_from_event(None)]
    report = evaluate.score(rows, preds)
    assert report.detected == 2 and report.detection_rate == pytest.approx(2 / 3)
    assert report.event_type.all == pytest.approx(2 / 3) and report.event_type.detected == 1.0
    assert report.admin1.all == pytest.approx(2 / 3)
    assert report.fatalities.all == pytest.approx(2 / 3)
    assert report.within_25km.all == pytest.approx(2 / 3) and report.located == 2
    assert report.median_km == pytest.approx(evaluate.haversine_km(30.5, 47.8, 30.6, 47.8) / 2)
    assert ("Armed clash", evaluate.NOT_DETECTED, 1) in report.confusions
    table = evaluate.format_table([report])
    assert "sub-event weighted F1" in table and "0.667" in table


def test_baseline_is_most_frequent_class_and_zero_fatalities():
    rows = [gold(id="1"), gold(id="2"), gold(id="3", event_type="Battles", sub_event_type="Armed clash",
                                              inter1=1, inter2=2, interaction=12, fatalities=5)]
    preds = evaluate.baseline_predictions(rows)
    assert {p.sub_event_type for p in preds} == {"Peaceful protest"}
    assert {(p.event_type, p.interaction, p.fatalities, p.date) for p in preds} == {("Protests", 60, 0, None)}
    report = evaluate.score(rows, preds, name="baseline")
    assert report.detected is None and report.detection_rate is None
    assert report.sub_event_type.all == pytest.approx(2 / 3)
    assert report.fatalities.all == pytest.approx(2 / 3)
    assert report.date.all == 0.0
    assert evaluate.format_table([report]).splitlines()[0].split("|")[2].strip() == "baseline"


def test_score_by_groups():
    rows = [gold(id="1"), gold(id="2", country="Kenya")]
    reports = evaluate.score_by(rows, [Prediction(detected=False)] * 2, "country")
    assert set(reports) == {"Nigeria", "Kenya"} and all(r.n == 1 for r in reports.values())
    with pytest.raises(ValueError):
        evaluate.score_by(rows, [Prediction(detected=False)] * 2, "colour")


def test_sample_is_seeded_and_stratified():
    rows = [gold(id=str(i), source_label="a" if i < 80 else "b") for i in range(100)]
    first = evaluate.sample_rows(rows, 10, seed=1, stratify=lambda r: r.source_label)
    again = evaluate.sample_rows(rows, 10, seed=1, stratify=lambda r: r.source_label)
    assert [r.id for r in first] == [r.id for r in again]
    assert sum(r.source_label == "b" for r in first) == 2
    assert len(evaluate.sample_rows(rows, 10, seed=1)) == 10


def test_predict_batches_and_survives_a_bad_row(monkeypatch):
    from newsevents import pipeline

    def code_article(article):
        if "bad" in article.text:
            raise ValueError("broken")
        return [event(date=article.published.isoformat() if article.published else None)]

    def code_articles(articles):
        for article in articles:
            yield article, code_article(article)

    monkeypatch.setattr(pipeline, "code_article", code_article)
    monkeypatch.setattr(pipeline, "code_articles", code_articles)
    rows = [gold(id="1", text="a protest"), gold(id="2", text="bad row"), gold(id="3", text="another")]
    run = evaluate.predict(rows, published_from_gold=True)
    assert [p.detected for p in run.predictions] == [True, False, True]
    assert run.errors == [("2", "ValueError: broken")]
    assert run.predictions[0].date == "2020-05-10"


def test_dedupe_ids():
    rows = list(evaluate.dedupe_ids([gold(id="x"), gold(id="x"), gold(id="y")]))
    assert [r.id for r in rows] == ["x", "x#2", "y"]


# ------------------------------------------------------------ JSONL gold beyond one ACLED event


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_read_gold_jsonl_no_event_several_events_and_tags(tmp_path):
    path = write_jsonl(
        tmp_path / "gold.jsonl",
        {"id": "n", "text": "Rebels threatened to attack.", "tags": ["trap:threat"],
         "gold": {"event": False, "plover_event": "threaten", "plover_mode": "Violence"}},
        {"id": "m", "text": "Troops fought rebels and a bomb killed two.", "published": "2026-02-25",
         "gold": {"country": "Mali", "event_date": "2026-02-24",
                  "events": [{"event_type": "Battles", "sub_event_type": "Armed clash", "inter1": 1, "inter2": 2},
                             {"event_type": "Explosions/Remote violence",
                              "sub_event_type": "Remote explosive/landmine/IED", "plover_event": "ASSAULT"}]}},
    )
    no_event, several = evaluate.read_gold(path)
    assert not no_event.has_event and no_event.tags == ["trap:threat"]
    assert (no_event.plover_event, no_event.plover_mode) == ("THREATEN", "violence")
    assert no_event.gold_events == [evaluate.GoldEvent(None, None, "THREATEN")]
    assert several.has_event and several.sub_event_type == "Armed clash" and several.interaction == 12
    assert several.country == "Mali" and several.event_date == "2026-02-24"  # shared keys reach the main event
    assert [e.sub_event_type for e in several.gold_events] == ["Armed clash", "Remote explosive/landmine/IED"]
    assert several.published == dt.date(2026, 2, 25) and several.tags == []


@pytest.mark.parametrize("record, message", [
    ({"id": "x", "gold": {}}, "no `text`"),
    ({"id": "x", "text": "  ", "gold": {}}, "no `text`"),
    ({"id": "x", "text": "t", "gold": ["Battles"]}, "`gold` must be an object"),
    ({"id": "x", "text": "t", "published": "last week", "gold": {}}, "YYYY-MM-DD"),
    ({"id": "x", "text": "t", "tags": "trap", "gold": {}}, "`tags` must be a list"),
    ({"id": "x", "text": "t", "gold": {"event": False, "event_type": "Battles"}}, "drop one of them"),
    ({"id": "x", "text": "t", "gold": {"events": []}}, "non-empty list"),
    (["not", "an", "object"], "a JSON object"),
])
def test_read_gold_jsonl_errors_say_the_line_and_the_fix(tmp_path, record, message):
    path = write_jsonl(tmp_path / "gold.jsonl", {"id": "ok", "text": "fine", "gold": {}}, record)
    with pytest.raises(evaluate.InputError, match=message) as info:
        list(evaluate.read_gold(path))
    assert "gold.jsonl:2" in str(info.value) and "\n" not in str(info.value)


def test_read_gold_bad_files(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"id": "a", "text": "t"\n')
    with pytest.raises(evaluate.InputError, match="not JSON"):
        list(evaluate.read_gold(tmp_path / "bad.jsonl"))
    (tmp_path / "latin.csv").write_bytes("notes,event_type\ncaf\xe9 protest,Protests\n".encode("latin-1"))
    with pytest.raises(evaluate.InputError, match="UTF-8"):
        list(evaluate.read_gold(tmp_path / "latin.csv"))
    (tmp_path / "other.csv").write_text("text,label\nx,y\n")
    with pytest.raises(evaluate.InputError, match="no `notes` column"):
        list(evaluate.read_gold(tmp_path / "other.csv"))
    with pytest.raises(evaluate.InputError, match="JSONL file of"):
        list(evaluate.read_gold(tmp_path / "absent.jsonl"))


# ------------------------------------------------------------ beyond the main event: alarms, PLOVER, recall


def flagged(sub="Armed clash", event_type="Battles", plover="ASSAULT", **flags) -> EventRecord:
    record = event(event_type, sub)
    record.plover.event = plover
    for name, value in flags.items():
        setattr(record, name, value)
    return record


def test_prediction_from_events_alarm_ignores_what_did_not_happen():
    assert evaluate.prediction_from_events([flagged(negated=True), flagged(hypothetical=True),
                                            flagged(historical=True)]).alarm is False
    no_acled = flagged(sub=None, event_type=None, plover="CONSULT")
    pred = evaluate.prediction_from_events([no_acled, flagged(), flagged(sub="Grenade", negated=True)])
    assert pred.alarm is True and pred.detected and pred.sub_event_type == "Armed clash"
    assert pred.plover_event == "CONSULT"  # the first event with a PLOVER type
    assert pred.labels == [(None, "CONSULT"), ("Armed clash", "ASSAULT")]  # the negated grenade is no finding


def test_matched_events_are_one_to_one():
    clash, ied = evaluate.GoldEvent("Battles", "Armed clash"), evaluate.GoldEvent("Explosions", "Grenade")
    talks = evaluate.GoldEvent(None, None, "CONSULT")
    assert evaluate.matched_events([clash, clash, ied], [("Armed clash", "ASSAULT"), ("Grenade", None)]) == 2
    assert evaluate.matched_events([talks], [("Agreement", "CONSULT")]) == 1
    assert evaluate.matched_events([clash], [(None, "ASSAULT")]) == 0


def test_evaluate_system_by_hand():
    rows = [gold(id="1", plover_event="PROTEST", plover_mode="demo", tags=["style:wire"]),
            gold(id="2", event_type=None, sub_event_type=None, has_event=False, plover_event="THREATEN",
                 tags=["trap:threat"]),
            gold(id="3", event_type=None, sub_event_type=None, has_event=False, tags=["trap:negation"]),
            gold(id="4", events=[evaluate.GoldEvent("Protests", "Peaceful protest", "PROTEST"),
                                 evaluate.GoldEvent("Riots", "Mob violence", "ASSAULT")], tags=["multi"])]
    preds = [evaluate.prediction_from_events([flagged("Peaceful protest", "Protests", "PROTEST")]),
             evaluate.prediction_from_events([flagged("Peaceful protest", "Protests", "PROTEST",
                                                      hypothetical=True)]),
             evaluate.prediction_from_events([flagged()]),
             evaluate.prediction_from_events([flagged("Peaceful protest", "Protests", "PROTEST")])]
    report = evaluate.evaluate_system(rows, preds, "rules")
    assert report.acled.n == 2 and report.acled.sub_event_type.all == 1.0  # rows without an event not scored
    assert (report.false_alarms.count, report.false_alarms.total) == (1, 2)  # the hypothetical one is no alarm
    assert report.plover_event.all == pytest.approx(1 / 2) and report.plover_mode.total == 1
    assert (report.event_recall.count, report.event_recall.total) == (1, 2)
    assert (report.event_recall_all.count, report.event_recall_all.total) == (2, 4)  # PROTEST, THREATEN missed
    figures = report.figures()
    assert figures["false_alarm_rate"] == 0.5 and figures["within_25km"] == pytest.approx(1.0)
    assert report.sizes()["event_recall"] == 2
    by_tag = evaluate.evaluate_by(rows, preds, "tags")
    assert list(by_tag) == ["multi", "style:wire", "trap:negation", "trap:threat"]
    assert by_tag["trap:negation"].figures()["event_type"] is None  # no ACLED item: no figure, not 0


def test_score_by_puts_a_row_in_each_of_its_tags():
    rows = [gold(id="1", tags=["a", "b"]), gold(id="2", tags=["b"]), gold(id="3")]
    reports = evaluate.score_by(rows, [Prediction(detected=False)] * 3, "tags")
    assert {k: r.n for k, r in reports.items()} == {"b": 2, "(none)": 1, "a": 1}


def test_baseline_predicts_an_event_and_the_top_plover_type():
    rows = [gold(id="1", plover_event="PROTEST", plover_mode="demo"), gold(id="2", plover_event="PROTEST"),
            gold(id="3", has_event=False, event_type=None, sub_event_type=None, plover_event="CONSULT")]
    (guess, *_) = evaluate.baseline_predictions(rows)
    assert (guess.alarm, guess.plover_event, guess.plover_mode) == (True, "PROTEST", "demo")
    assert guess.labels == [("Peaceful protest", "PROTEST")]


def test_predict_counts_a_refused_article_as_missed(monkeypatch):
    from newsevents import pipeline

    def code_articles(articles):
        for article in articles:
            yield article, (ArticleError(article.id, "empty article") if article.text == "-" else [event()])

    monkeypatch.setattr(pipeline, "code_articles", code_articles)
    run = evaluate.predict([gold(id="1"), gold(id="2", text="-")])
    assert [p.detected for p in run.predictions] == [True, False]
    assert run.errors == [("2", "empty article")] and set(run.events) == {"1", "2"}


# ------------------------------------------------------------ run_eval and format_result


@pytest.fixture
def fake_coder(monkeypatch):
    """The pipeline replaced by a stub: 'clash' texts give an armed clash, 'talks' a CONSULT, others nothing."""
    from newsevents import pipeline

    def code(article):
        if "clash" in article.text:
            return [flagged()]
        if "talks" in article.text:
            return [flagged(sub=None, event_type=None, plover="CONSULT")]
        return []

    monkeypatch.setattr(pipeline, "code_articles", lambda articles: ((a, code(a)) for a in articles))
    monkeypatch.setattr(pipeline, "code_article", code)


@pytest.fixture
def small_gold(tmp_path) -> Path:
    clash = {"event_type": "Battles", "sub_event_type": "Armed clash", "inter1": 1, "inter2": 2,
             "fatalities": 0, "event_date": "2020-05-10", "admin1": "Lagos", "country": "Nigeria",
             "plover_event": "ASSAULT"}
    return write_jsonl(
        tmp_path / "gold.jsonl",
        {"id": "a", "text": "Troops clash with rebels.", "tags": ["style:brief"], "gold": clash},
        {"id": "b", "text": "Ministers hold talks.", "tags": ["plover-only"],
         "gold": {"event": False, "plover_event": "CONSULT"}},
        {"id": "c", "text": "A clash of opinions on TV.", "tags": ["trap:metaphor"], "gold": {"event": False}},
    )


def test_run_eval_scores_rules_and_baseline(fake_coder, small_gold):
    result = evaluate.run_eval(small_gold, by="tag")
    assert list(result.reports) == ["rules", "baseline"] and result.primary == "rules"
    assert result.gold_sha256 == evaluate.file_sha256(small_gold) and (result.items, result.of) == (3, 3)
    ours, base = result.figures(), result.figures("baseline")
    assert ours["event_type"] == 1.0 and ours["false_alarm_rate"] == 0.5
    assert base["false_alarm_rate"] == 0.0  # most items here have no event, so the baseline's class is "none"
    assert ours["plover_event"] == 1.0 and ours["event_recall"] is None  # no item lists several events
    assert result.by == "tags" and set(result.breakdown["rules"]) == {"style:brief", "plover-only", "trap:metaphor"}
    assert result.composition["without_acled_event"] == 2


def test_run_eval_with_a_model_reports_rules_and_model(fake_coder, small_gold):
    class Model:
        def refine(self, article, events):
            if article.id == "c":
                raise RuntimeError("boom")
            return [flagged("Government regains territory")] if events and events[0].acled.event_type else events

    result = evaluate.run_eval(small_gold, model=Model())
    assert list(result.reports) == ["rules", "model+rules", "baseline"] and result.primary == "model+rules"
    assert result.figures("rules")["sub_event_type"] == 1.0 and result.figures()["sub_event_type"] == 0.0
    assert result.errors == [("c", "model: RuntimeError: boom")]
    with pytest.raises(TypeError, match="refine"):
        evaluate.run_eval(small_gold, model=object())


def test_run_eval_limit_is_a_seeded_sample(fake_coder, small_gold):
    first = evaluate.run_eval(small_gold, limit=2, seed=3)
    assert (first.items, first.of) == (2, 3)
    assert first.composition == evaluate.run_eval(small_gold, limit=2, seed=3).composition


@pytest.mark.parametrize("content, message", [
    ("", "no gold items"),
    ('{"id": "a", "text": "t", "gold": {}}\n{"id": "a", "text": "u", "gold": {}}\n', "repeated: a"),
])
def test_run_eval_refuses_empty_or_ambiguous_gold(fake_coder, tmp_path, content, message):
    (tmp_path / "gold.jsonl").write_text(content)
    with pytest.raises(evaluate.InputError, match=message):
        evaluate.run_eval(tmp_path / "gold.jsonl")


def test_run_eval_refuses_an_unknown_breakdown_before_coding(small_gold):
    with pytest.raises(evaluate.InputError, match="use one of .*tags"):
        evaluate.run_eval(small_gold, by="colour")


def test_format_result_table_and_stable_json(fake_coder, small_gold):
    result = evaluate.run_eval(small_gold, by="tags")
    table = evaluate.format_result(result)
    assert "false alarm rate" in table and "| rules" in table and "By tags" in table
    data = json.loads(evaluate.format_result(result, "json"))
    assert list(data) == ["gold", "gold_sha256", "items", "of", "limit", "seed", "published", "composition", "primary",
                          "figures", "reports", "by", "breakdown", "errors", "seconds", "words", "versions"]
    assert set(data["figures"]["rules"]) >= set(evaluate.DEFAULT_FLOORS) - {"false_alarm_rate_max"}
    assert data["reports"]["rules"]["false_alarms"] == {"rate": 0.5, "alarms": 1, "items": 2}
    with pytest.raises(ValueError, match="table"):
        evaluate.format_result(result, "xml")


# ------------------------------------------------------------ floors of the gate


def test_check_floors_reads_max_as_a_ceiling():
    checks = evaluate.check_floors({"date": 0.9, "false_alarm_rate": 0.3},
                                   {"date": 0.95, "false_alarm_rate_max": 0.35})
    assert [(c.figure, c.ok) for c in checks] == [("date", False), ("false_alarm_rate", True)]
    with pytest.raises(ValueError, match="names no figure"):
        evaluate.check_floors({"date": 0.9}, {"colour": 0.5})


def test_ratchet_floors_raises_but_never_silently_lowers():
    figures = {"date": 0.9, "fatalities": 0.5, "false_alarm_rate": 0.2}
    new, lowered = evaluate.ratchet_floors({"date": 0.8, "fatalities": 0.49, "false_alarm_rate_max": 0.5}, figures)
    assert new == {"date": 0.88, "fatalities": 0.49, "false_alarm_rate_max": 0.22} and lowered == []
    with pytest.raises(ValueError, match="fatalities .*--allow-lower"):
        evaluate.ratchet_floors({"fatalities": 0.6}, figures)
    new, lowered = evaluate.ratchet_floors({"fatalities": 0.6}, figures, allow_lower=True)
    assert new == {"fatalities": 0.48} and lowered == ["fatalities"]
    new, _ = evaluate.ratchet_floors({"date": 0.0}, figures, sizes={"date": 10})  # one case of ten: 0.1
    assert new == {"date": 0.8}
