"""The fast path: which sentences the surface filter keeps, and that coding the reduced text loses nothing else."""

from __future__ import annotations

import json

import pytest

from newsevents import cli, pipeline, prefilter
from newsevents.records import Article

STORY = (
    "Shares in Nairobi rose for a third day as investors welcomed the budget.\n\n"
    "On Monday, police fired tear gas at traders who were protesting against new market fees in Kisumu, "
    "and arrested 12 of them.\n\n"
    "The finance minister is expected to present the budget to parliament next month.\n"
)


@pytest.fixture(scope="module")
def filt() -> prefilter.SentenceFilter:
    return prefilter.default_filter()


def test_reduction_keeps_length_offsets_and_line_breaks(filt):
    reduced = filt.reduce(STORY)
    assert len(reduced.text) == len(STORY)
    assert [i for i, c in enumerate(reduced.text) if c == "\n"] == [i for i, c in enumerate(STORY) if c == "\n"]
    kept = "police fired tear gas at traders"
    assert reduced.text.index(kept) == STORY.index(kept)  # an event sentence is kept in place
    assert "Shares" not in reduced.text and "finance minister" not in reduced.text
    assert (reduced.sentences, reduced.kept_sentences) == (3, 1)
    assert 0 < reduced.kept_words < reduced.words


def test_a_sentence_naming_the_day_before_an_event_is_kept(filt):
    text = "14 June. Militants attacked an army base in the town. The weather was hot."
    reduced = filt.reduce(text)
    assert reduced.text.startswith("14 June. Militants attacked")
    assert "weather" not in reduced.text
    # a date sentence that no event follows is not kept
    assert "June" not in filt.reduce("Militants attacked an army base. It was 14 June.").text


@pytest.mark.parametrize("sentence, kept", [
    ("Gunmen killed three villagers near the market.", True),
    ("Hundreds of farmers held a protest outside the ministry.", True),  # a phrase trigger, determiner skipped
    ("Rebels seized the town after two days of fighting.", True),
    ("The station's other reactor was running at full power.", False),  # "station" after a determiner: a noun
    ("Since that seed was planted, the market has grown.", False),  # "seed ... was" is no "be seen"
    ("The meeting is planned for 3 March in the capital.", False),  # March, the month
    ("Protesters will march to parliament tomorrow.", True),  # march, the verb
    ("The board signed the annual report.", False),  # "sign" needs an agreement as its object
    ("The two parties signed a ceasefire agreement.", True),
    ("They set the old police van ablaze.", True),  # a verb trigger told around its object
    ("They set a trap for the birds.", False),
])
def test_sentences_kept_by_the_surface_test(filt, sentence, kept):
    assert filt.keeps(sentence.rstrip(".").split()) is kept


def test_a_toll_told_on_its_own_after_an_event_is_kept(filt):
    text = "Militants attacked a village near the town. The weather was hot. 3 fatalities were reported."
    reduced = filt.reduce(text)
    assert "3 fatalities were reported." in reduced.text and "weather" not in reduced.text
    # before any event it is no event's toll
    assert "fatalities" not in filt.reduce("3 fatalities were reported last year. The weather was hot. "
                                           "Militants attacked a village.").text


def test_an_article_with_no_event_sentence_keeps_its_lead(filt):
    text = "Markets were calm.\nThe minister spoke about growth.\nRain is expected."
    reduced = filt.reduce(text)
    assert reduced.text.startswith("Markets were calm.") and "minister" not in reduced.text
    assert reduced.kept_sentences == 1


def test_fast_coder_codes_the_event_with_spans_into_the_original_text():
    article = Article(id="story", text=STORY, published=None, source="wire")
    [(same, fast_events)] = list(prefilter.code_articles([article]))
    [(_, full_events)] = list(pipeline.code_articles([article]))
    assert same is article  # the caller gets its own article back, not the reduced copy
    acled = lambda events: [(e.acled.sub_event_type, e.trigger.text, e.trigger.start) for e in events if e.acled.event_type]
    assert acled(fast_events) and acled(fast_events) == acled(full_events)
    for event in fast_events:
        assert STORY[event.trigger.start:event.trigger.end] == event.trigger.text
        assert STORY[event.sentence.start:event.sentence.end] == event.sentence.text


def test_the_fast_setting_picks_the_coder(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_FAST", "1")
    assert prefilter.coder() is prefilter.code_articles
    assert prefilter.coder(False) is pipeline.code_articles
    monkeypatch.setenv("NEWSEVENTS_FAST", "0")
    assert prefilter.coder() is pipeline.code_articles
    assert prefilter.coder(True) is prefilter.code_articles


def test_code_and_ingest_take_fast(tmp_path, capsys):
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps({"id": "s", "text": STORY, "published": "2024-03-12"}) + "\n", encoding="utf-8")
    assert cli.main(["code", str(path), "--fast", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["acled"]["event_type"] == "Protests" for r in records)
    db = str(tmp_path / "s.db")
    assert cli.main(["ingest", str(path), "--fast", "--db", db]) == 0
    assert "1 new" in capsys.readouterr().err
    assert cli.main(["events", "--db", db, "--format", "jsonl"]) == 0
    stored = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["acled"]["sub_event_type"] for r in stored} == {r["acled"]["sub_event_type"] for r in records}


def test_a_batch_rerun_in_the_other_mode_codes_again(monkeypatch):
    """Cached codings are keyed by the coder: a fast run must not reuse full-parse codings, nor the reverse."""
    from newsevents import batch

    versions = []
    for value in ("0", "1"):
        monkeypatch.setenv("NEWSEVENTS_FAST", value)
        batch._coder_version.cache_clear()
        versions.append(batch._coder_version())
    batch._coder_version.cache_clear()
    assert versions[0] != versions[1] and versions[1].endswith("fast path")


def test_a_sports_story_keeps_enough_of_its_genre_words(filt):
    """The coder tells a football "clash" from a riot by the whole story's sports words: they must survive."""
    text = ("The league season opened on Saturday.\nThe striker and the goalkeeper trained with the squad.\n"
            "The referee praised the club's captain.\nThe two teams clashed in a tense match at the stadium.\n"
            "Fans sang after the final whistle.\n")
    reduced = filt.reduce(text)
    assert "clashed" in reduced.text  # the trigger sentence
    hits = filt._genre_hits(reduced.text.split())["sports"]
    assert len(hits) >= 6 and len(set(hits)) >= 3
    assert "Fans sang" not in reduced.text  # and no more than that
    [(_, events)] = list(prefilter.code_articles([Article(id="match", text=text)]))
    assert not [e for e in events if e.acled.event_type in ("Riots", "Battles")]
