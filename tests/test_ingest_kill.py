"""An ingest killed with SIGKILL at random points and resumed ends exactly where an uninterrupted one does."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

ARTICLES = 300
KILLS = int(os.environ.get("NEWSEVENTS_KILL_TEST_KILLS", "4"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def _ingest_command(data: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsevents", "ingest", str(data), "--db", str(db)]


def _articles_stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # schema not created yet
        return 0


def _snapshot(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
            "articles": sorted(r[0] for r in con.execute("SELECT id FROM articles")),
            "statuses": dict(con.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall()),
            "events": sorted(con.execute("SELECT id, mention_count, source_count FROM events").fetchall()),
            "mentions": sorted(con.execute("SELECT article_id, mention_id, event_id FROM mentions").fetchall()),
            "fts": con.execute("SELECT count(*) FROM articles_fts").fetchone()[0],
        }
    finally:
        con.close()


def test_kill_nine_at_random_points_then_resume(tmp_path):
    data = tmp_path / "articles.jsonl"
    data.write_text("".join(json.dumps(a) + "\n" for a in synthetic.articles(ARTICLES, seed=11)), encoding="utf-8")
    env = {**os.environ, "NEWSEVENTS_BATCH_SIZE": "8"}

    reference = tmp_path / "reference.db"
    subprocess.run(_ingest_command(data, reference), env=env, check=True, capture_output=True, timeout=600)

    db = tmp_path / "killed.db"
    rng = random.Random(5)
    kills = 0
    seen = 0
    for _ in range(KILLS):
        process = subprocess.Popen(_ingest_command(data, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while _articles_stored(db) <= seen and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.8))  # somewhere inside the next batch
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        seen = _articles_stored(db)
        if seen >= ARTICLES:
            break
    assert kills >= 2, "the ingest finished before it could be killed: make the corpus larger"
    assert 0 < seen < ARTICLES

    finish = subprocess.run(_ingest_command(data, db), env=env, capture_output=True, text=True, timeout=600)
    assert finish.returncode == 0, finish.stderr

    got, want = _snapshot(db), _snapshot(reference)
    assert got["integrity"] == "ok"
    assert len(got["articles"]) == len(set(got["articles"])) == ARTICLES
    assert got == want
