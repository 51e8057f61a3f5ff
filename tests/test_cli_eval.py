"""`newsevents eval` through the real command: a table and JSON beside the baseline, one-line errors."""

import json

from newsevents import cli

GOLD = [
    {"id": "g1", "text": "Police arrested twelve opposition supporters in Harare on Tuesday.", "published": "2024-05-08",
     "gold": {"event_type": "Strategic developments", "sub_event_type": "Arrests", "inter1": 1, "interaction": 10,
              "fatalities": 0, "event_date": "2024-05-07", "country": "Zimbabwe", "admin1": "Harare"}},
    {"id": "g2", "text": "Gunmen killed three villagers in an attack near Maiduguri on Monday.", "published": "2024-05-08",
     "gold": {"event_type": "Violence against civilians", "sub_event_type": "Attack", "inter1": 3, "inter2": 7,
              "interaction": 37, "fatalities": 3, "event_date": "2024-05-06", "country": "Nigeria", "admin1": "Borno"}},
    {"id": "g3", "text": "The minister denied that soldiers had fired on anyone in the town.", "published": "2024-05-08",
     "gold": {"event": False}},
]


def _gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOLD), encoding="utf-8")
    return str(path)


def test_eval_prints_every_field_beside_the_baseline(tmp_path, capsys):
    assert cli.main(["eval", "--gold", _gold(tmp_path)]) == 0
    out = capsys.readouterr().out
    for figure in ("event type accuracy", "sub-event weighted F1", "interaction code accuracy", "fatalities exact",
                   "date exact", "admin1 accuracy", "detection rate", "baseline", "false alarm rate"):
        assert figure in out, figure


def test_eval_json_is_machine_readable(tmp_path, capsys):
    assert cli.main(["eval", "--gold", _gold(tmp_path), "--format", "json", "--by", "country"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"rules", "baseline"} <= set(result["reports"])
    figures = result["figures"]["rules"]
    assert 0.0 <= figures["event_type"] <= 1.0 and 0.0 <= figures["sub_event_weighted_f1"] <= 1.0
    assert result["figures"]["baseline"]["date"] == 0.0
    assert result["by"] == "country" and result["breakdown"]


def test_eval_errors_are_one_line(tmp_path, capsys):
    assert cli.main(["eval", "--gold", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsevents: error:") and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert cli.main(["eval", "--gold", str(bad)]) == 2
    assert "bad.jsonl:1: not JSON" in capsys.readouterr().err


def test_train_then_eval_and_code_with_the_model(tmp_path, capsys):
    from pathlib import Path

    gold = Path(__file__).parent / "gold" / "gold.jsonl"
    model = tmp_path / "events.model"
    assert cli.main(["train", "--gold", str(gold), "--out", str(model)]) == 0
    assert "model written to" in capsys.readouterr().err and model.stat().st_size > 0
    assert cli.main(["eval", "--gold", _gold(tmp_path), "--model", str(model), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"rules", "model+rules", "baseline"} <= set(result["reports"])
    article = tmp_path / "a.txt"
    article.write_text("Police arrested twelve opposition supporters in Harare on Tuesday.", encoding="utf-8")
    assert cli.main(["code", str(article), "--model", str(model), "--published", "2024-05-08"]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["acled"]["sub_event_type"]  # the model may recode the type; the rules keep the rest
    actors = {record[a]["name"] for a in ("actor1", "actor2") if record[a]}
    assert "Police Forces of Zimbabwe" in actors and record["arrests"]["best"] == 12


def test_a_file_that_is_not_a_model_is_refused_in_one_line(tmp_path, capsys):
    junk = tmp_path / "junk.model"
    junk.write_text("not a model")
    assert cli.main(["eval", "--gold", _gold(tmp_path), "--model", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "is not a newsevents model" in err and len(err.strip().splitlines()) == 1


def test_an_acled_export_can_be_dated_from_its_gold_dates(tmp_path, capsys):
    """An ACLED export has no publication date: a note that says only "on Monday" is undated unless the gold
    event date stands in for it, and an offset says the news came out later."""
    import csv

    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "inter1", "interaction",
                         "country", "admin1", "notes", "fatalities"])
        writer.writerow(["KEN1", "2020-05-11", "Protests", "Peaceful protest", "6", "60", "Kenya", "Nairobi",
                         "Traders marched through Nairobi on Monday against new market fees.", "0"])

    def date_figure(*extra: str):
        assert cli.main(["eval", "--gold", str(path), "--format", "json", *extra]) == 0
        result = json.loads(capsys.readouterr().out)
        return result["figures"]["rules"]["date"], result["published"]

    assert date_figure() == (0.0, "the item's own (none for an ACLED export)")
    assert date_figure("--published-from-gold") == (1.0, "the gold event date")
    # published on Wednesday 13 May: "on Monday" is still the 11th
    assert date_figure("--published-offset", "2") == (1.0, "the gold event date +2 days")
