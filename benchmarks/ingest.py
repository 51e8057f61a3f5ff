"""Ingest throughput: N synthetic articles into a fresh store; prints articles/s, events/s and the store's size.

    python benchmarks/ingest.py [--articles 10000] [--seed 0] [--db PATH] [--keep]

Also times the spaCy pipeline alone on the same texts in the same run, so the figure reads as a ratio
on a shared, noisy machine (see docs/performance.md for the single-core work).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # noqa: E402

from newsevents import ingest, nlp, read  # noqa: E402
from newsevents.progress import Progress  # noqa: E402
from newsevents.store import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", help="store path (default: a temporary file, removed unless --keep)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--spacy-sample", type=int, default=1000, help="articles to time spaCy alone on")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    data = workdir / "articles.jsonl"
    rows = list(synthetic.articles(args.articles, seed=args.seed))
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    words = sum(len(r["text"].split()) for r in rows)
    db = Path(args.db) if args.db else workdir / "bench.db"

    model = nlp.load()
    sample = [r["text"] for r in rows[: args.spacy_sample]]
    start = time.perf_counter()
    for _ in model.pipe(sample, batch_size=32):
        pass
    spacy_words_s = sum(len(t.split()) for t in sample) / (time.perf_counter() - start)

    start = time.perf_counter()
    with Store(str(db)) as store, Progress() as progress:
        summary = ingest.ingest(read.read_paths([str(data)]), store, progress=progress)
        stats = store.stats()
    elapsed = time.perf_counter() - start
    size = sum(os.path.getsize(p) for p in db.parent.glob(db.name + "*"))

    print(f"# ingest benchmark, {dt.date.today()}, {args.articles} synthetic articles (seed {args.seed}), {words} words")
    print(summary.line())
    print(f"articles/s        {summary.read / elapsed:8.1f}")
    print(f"events/s          {(summary.events + summary.merged) / elapsed:8.1f}  (new events + merged mentions)")
    print(f"words/s (ingest)  {words / elapsed:8.0f}")
    print(f"words/s (spaCy)   {spacy_words_s:8.0f}  ratio ingest/spaCy {words / elapsed / spacy_words_s:.2f}")
    print(f"elapsed           {elapsed:8.1f} s")
    print(f"store size        {size / 1e6:8.1f} MB  ({stats['articles']} articles, {stats['events']} events, {stats['mentions']} mentions)")
    if not args.keep and not args.db:
        for p in workdir.iterdir():
            p.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
