"""An ingest killed with SIGKILL at random points and resumed ends exactly where an uninterrupted one does.

CI kills an ingest of 300 articles 4 times (NEWSEVENTS_KILL_TEST_KILLS changes that); NEWSEVENTS_LONG_TESTS=1
kills one of 1500 articles 20 times, as docs/reliability.md reports. The runs are benchmarks/kill_ingest.py's.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import kill_ingest  # noqa: E402

LONG = os.environ.get("NEWSEVENTS_LONG_TESTS") == "1"
ARTICLES = 1500 if LONG else 300
KILLS = int(os.environ.get("NEWSEVENTS_KILL_TEST_KILLS", "20" if LONG else "4"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def test_kill_nine_at_random_points_then_resume(tmp_path):
    result = kill_ingest.run(tmp_path, ARTICLES, KILLS, seed=5)
    print("\n".join(result.lines()))
    assert result.kills >= min(KILLS, 2), "the ingest finished before it could be killed: make the corpus larger"
    assert any(0 < n < ARTICLES for n in result.stored_at_kill)  # a kill landed after a commit, with work left
    got, want = result.resumed, result.reference
    assert got["integrity"] == "ok"
    assert result.lost == 0 and result.duplicated == {"articles": 0, "event_ids": 0, "mentions": 0}
    assert len(got["articles"]) == len(set(got["articles"])) == ARTICLES
    assert got == want
