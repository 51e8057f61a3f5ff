"""Air strikes told as backing for a ground battle are part of that battle, whoever flew them, so the battle keeps
the toll told after them (ACLED: a clash backed by air power is one Battles event, CODEBOOKS.md 1.2; sentences
written for these tests)."""

from __future__ import annotations

from newsevents import lexicon, pipeline

from coding_helpers import current, main


def test_a_toll_after_backing_airstrikes_is_the_battles():
    text = ("On 10 March 2024, army troops clashed with Ansar militants in Tessit village near Gao. "
            "The operation was supported by airstrikes from French forces. At least 12 militants were killed.")
    event = main(text)
    assert event.acled.sub_event_type == "Armed clash"
    assert event.fatalities.low == 12
    assert not any(e.acled.sub_event_type == "Air/drone strike" for e in current(text))


def test_the_backing_words_are_triggers_of_the_lexicon():
    ids = {t.id for t in lexicon.triggers()}
    assert pipeline._BACKING_TRIGGERS <= ids
