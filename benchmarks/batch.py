"""The cluster batch on local Ray: 1 worker against 2 on N synthetic articles; checks each output equals `ingest`.

    python benchmarks/batch.py [--articles 5000] [--workers 1,2] [--seed 0] [--no-ingest] [--keep]

Writes the corpus (synthetic articles with exact copies, repeats and failing ones) as 4 JSONL files, ingests
it into a store (the single-machine reference), then runs `newsevents.batch.run` once per worker count on a
fresh local Ray instance and a fresh OUTPUT. Prints the engine's start-up time and the job's time separately:
on a real cluster the engine is up before the job starts. The speed-up is the job time with 1 worker over
the job time with N. The machine's load average is printed before and after: other jobs skew the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

FRENCH = ("La police a arrêté dix manifestants devant la préfecture de Dakar mardi, selon les organisateurs "
          "du rassemblement qui dénoncent une répression et demandent la libération des personnes détenues.")


def corpus_lines(n: int, seed: int) -> list[str]:
    """JSONL lines: n synthetic articles (about 5% syndicated near-copies) and, among them, exact copies from
    another outlet (5%, read three articles after their original), the same article again (2%), and failing
    articles: empty (2%: one text, so the first fails and the rest are its duplicates), French (1%), broken
    JSON (1%)."""
    rng = random.Random(seed)
    lines: list[str] = []
    later: dict[int, list[str]] = {}
    for i, row in enumerate(synthetic.articles(n, seed=seed)):
        lines.append(json.dumps(row))
        lines.extend(later.pop(i, []))
        r = rng.random()
        if r < 0.05:
            copy = {**row, "id": row["id"] + "-wire", "source": "wire", "url": f"https://wire.example/{i}"}
            later.setdefault(i + 3, []).append(json.dumps(copy))
        elif r < 0.07:
            lines.append(json.dumps(row))
        elif r < 0.09:
            lines.append(json.dumps({"id": f"empty-{i}", "text": "  "}))
        elif r < 0.10:
            lines.append(json.dumps({"id": f"fr-{i}", "text": f"{FRENCH} Dépêche numéro {i}."}))
        elif r < 0.11:
            lines.append(f'{{"id": "broken-{i}", "text": ')
    lines.extend(line for key in sorted(later) for line in later[key])
    return lines


def write_corpus(lines: list[str], folder: Path, files: int) -> list[Path]:
    """The lines cut into `files` JSONL files, named so that name order is line order."""
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(lines) // files)
    paths = []
    for n in range(files):
        path = folder / f"part-{n:03d}.jsonl"
        path.write_text("".join(line + "\n" for line in lines[n * size:(n + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


ARTICLE_COLUMNS = ("id", "origin", "status", "error", "story_id", "duplicate_of", "similarity", "event_count")


def differences(out: Path, db: Path) -> list[str]:
    """How a batch OUTPUT differs from a store: events (every column), mentions, articles; empty when identical."""
    import pyarrow.parquet as pq

    def parquet(sub: str) -> list[dict]:
        return [row for path in sorted((out / sub).glob("*.parquet")) for row in pq.read_table(path).to_pylist()]

    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        def stored(sql: str) -> list[dict]:
            return [dict(r) for r in con.execute(sql)]

        pairs = {
            "events": ({r["id"]: r for r in parquet("events")},
                       {r["id"]: {k: v for k, v in r.items() if k not in ("created_at", "updated_at")}
                        for r in stored("SELECT * FROM events")}),
            "mentions": ({(r["article_id"], r["mention_id"]): r for r in parquet("mentions")},
                         {(r["article_id"], r["mention_id"]): r for r in stored("SELECT * FROM mentions")}),
            "articles": ({r["id"]: tuple(r[c] for c in ARTICLE_COLUMNS) for r in parquet("articles")},
                         {r["id"]: tuple(r[c] for c in ARTICLE_COLUMNS) for r in stored("SELECT * FROM articles")}),
        }
    finally:
        con.close()
    found = []
    for table, (got, want) in pairs.items():
        for key in sorted(set(got) | set(want), key=str):
            if got.get(key) != want.get(key):
                found.append(f"{table} {key}: batch {'has' if key in got else 'lacks'} it"
                             + ("" if key not in got or key not in want else ", and it differs"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts, the first is the baseline")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--no-ingest", action="store_true", help="skip the single-machine reference and the comparison")
    parser.add_argument("--keep", action="store_true", help="keep the corpus, the store and the outputs")
    args = parser.parse_args()

    import ray

    from newsevents import batch, ingest, read
    from newsevents.store import Store

    workdir = Path(tempfile.mkdtemp(prefix="newsevents-batch-bench-"))
    paths = write_corpus(corpus_lines(args.articles, args.seed), workdir / "in", args.files)
    print(f"# batch benchmark, {dt.date.today()}, {args.articles} synthetic articles (seed {args.seed}) in "
          f"{len(paths)} files; {os.cpu_count()} cores; ray {importlib.metadata.version('ray')}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    db = workdir / "ingest.db"
    if not args.no_ingest:
        start = time.perf_counter()
        with Store(str(db)) as store:
            reference = ingest.ingest(read.read_paths([str(p) for p in paths]), store)
        print(f"ingest (1 process, reference)   {time.perf_counter() - start:7.1f} s   {reference.line()}")

    timings = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        out = workdir / f"out-{workers}"
        start = time.perf_counter()
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
        up = time.perf_counter() - start
        try:
            start = time.perf_counter()
            summary = batch.run(str(workdir / "in"), str(out), workers=workers)
            job = time.perf_counter() - start
        finally:
            ray.shutdown()
        timings[workers] = (up, job)
        same = "" if args.no_ingest else (
            "identical to ingest" if not (diff := differences(out, db)) else f"DIFFERS from ingest in {len(diff)}: {diff[:3]}")
        print(f"batch, {workers} worker{'s' if workers > 1 else ' '}            {job:7.1f} s   (+{up:.1f} s Ray start-up)  "
              f"{summary.read / job:6.1f} articles/s  {same}")
        print(f"    {summary.line()}")
        print(f"    stages: {', '.join(f'{k} {v:.1f} s' for k, v in summary.stages.items())}")
    base = min(timings)
    for workers, (up, job) in timings.items():
        if workers != base:
            b_up, b_job = timings[base]
            print(f"speed-up {workers} workers over {base}: {b_job / job:.2f}x job, "
                  f"{(b_up + b_job) / (up + job):.2f}x with start-up")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.keep:
        print(f"kept {workdir}")
    else:
        shutil.rmtree(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
