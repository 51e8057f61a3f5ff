"""Kill an ingest with SIGKILL at random points, resume it, and compare the store with an uninterrupted run.

    python benchmarks/kill_ingest.py [--articles 1500] [--kills 20] [--seed 5] [--workdir DIR]

The kills alternate between two kinds of moment: a random time after the process starts (while it loads
the model, creates the schema, or codes the first batch, before anything is committed) and a random time
after the next batch is committed (inside the batch in flight). After the last kill the same command runs
to the end. Prints what was killed where, then the figures docs/reliability.md reports: articles lost,
articles or events or mentions duplicated, and SQLite's integrity check. Exit status 1 when the stores
differ. tests/test_ingest_kill.py runs the short version of this in CI, the 20-kill one with
NEWSEVENTS_LONG_TESTS=1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

STARTUP_SECONDS = 8.0  # model load, schema, first batch: an early kill lands somewhere in here


@dataclass
class Result:
    """What a kill-and-resume run did and how its store compares with the uninterrupted one."""

    articles: int
    kills: int = 0
    early_kills: int = 0  # before the first commit of that run
    stored_at_kill: list[int] = field(default_factory=list)
    reference: dict = field(default_factory=dict)
    resumed: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def lost(self) -> int:
        return len(set(self.reference["articles"]) - set(self.resumed["articles"]))

    @property
    def duplicated(self) -> dict[str, int]:
        """Rows stored twice: articles, events (same id) and mentions (same article and mention)."""
        return {name: sum(n - 1 for n in Counter(self.resumed[name]).values() if n > 1)
                for name in ("articles", "event_ids", "mentions")}

    @property
    def same(self) -> bool:
        return self.resumed == self.reference

    def lines(self) -> list[str]:
        dup = self.duplicated
        return [
            f"articles            {self.articles}",
            f"kills (SIGKILL)     {self.kills} ({self.early_kills} before the run's first commit)",
            f"stored at each kill {self.stored_at_kill}",
            f"articles lost       {self.lost}",
            f"duplicated          {dup['articles']} articles, {dup['event_ids']} events, {dup['mentions']} mentions",
            f"integrity_check     {self.resumed['integrity']}",
            f"events              {len(self.resumed['events'])} (uninterrupted: {len(self.reference['events'])})",
            f"store equal to the uninterrupted one: {'yes' if self.same else 'NO'}",
            f"elapsed             {self.seconds:.0f} s",
        ]


def ingest_command(data: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsevents", "ingest", str(data), "--db", str(db)]


def articles_stored(db: Path) -> int:
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


def snapshot(db: Path) -> dict:
    """The store's content, as lists that keep duplicates, so two stores compare exactly."""
    con = sqlite3.connect(db)
    try:
        return {
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
            "articles": sorted(r[0] for r in con.execute("SELECT id FROM articles")),
            "statuses": dict(con.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall()),
            "events": sorted(con.execute("SELECT id, mention_count, source_count FROM events").fetchall()),
            "event_ids": sorted(r[0] for r in con.execute("SELECT id FROM events")),
            "mentions": sorted(con.execute("SELECT article_id, mention_id, event_id FROM mentions").fetchall()),
            "fts": con.execute("SELECT count(*) FROM articles_fts").fetchone()[0],
        }
    finally:
        con.close()


def run(workdir: Path, n_articles: int = 1500, kills: int = 20, seed: int = 5, env: dict | None = None) -> Result:
    """Ingest n synthetic articles once uninterrupted and once killed `kills` times and resumed."""
    started = time.monotonic()
    env = {**os.environ, "NEWSEVENTS_BATCH_SIZE": "8", **(env or {})}
    data = workdir / "articles.jsonl"
    data.write_text("".join(json.dumps(a) + "\n" for a in synthetic.articles(n_articles, seed=11)), encoding="utf-8")
    result = Result(articles=n_articles)

    reference = workdir / "reference.db"
    subprocess.run(ingest_command(data, reference), env=env, check=True, capture_output=True, timeout=3600)
    result.reference = snapshot(reference)

    db = workdir / "killed.db"
    rng = random.Random(seed)
    for attempt in range(kills):
        before = articles_stored(db)
        process = subprocess.Popen(ingest_command(data, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 2 == 0:  # anywhere from the start: model load, schema, the first batch
            deadline = time.monotonic() + rng.uniform(0.0, STARTUP_SECONDS)
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        else:  # inside a batch: once the next one is committed, somewhere in the one after
            deadline = time.monotonic() + 300
            while articles_stored(db) <= before and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 1.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            result.kills += 1
            result.early_kills += articles_stored(db) == before
        process.wait(timeout=60)
        result.stored_at_kill.append(articles_stored(db))
        if result.stored_at_kill[-1] >= n_articles:
            break

    finish = subprocess.run(ingest_command(data, db), env=env, capture_output=True, text=True, timeout=3600)
    if finish.returncode != 0:
        raise RuntimeError(f"the resumed ingest failed: {finish.stderr}")
    result.resumed = snapshot(db)
    result.seconds = time.monotonic() - started
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--workdir", help="where the stores go (default: a temporary folder)")
    args = parser.parse_args()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newsevents-kill-"))
    workdir.mkdir(parents=True, exist_ok=True)
    result = run(workdir, args.articles, args.kills, args.seed)
    print(f"# kill -9 and resume, {time.strftime('%Y-%m-%d')}, seed {args.seed}, stores in {workdir}")
    print("\n".join(result.lines()))
    return 0 if result.same and result.lost == 0 and result.resumed["integrity"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
