"""Scoring primitives: gold parsing, matching, metrics, the baseline, on tiny hand-made rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from newsevents import evaluate
from newsevents.evaluate import GoldRow, Prediction
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
