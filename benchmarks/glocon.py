"""Protest detection on real news: GLOCON documents or sentences (South African press), labelled protest or not.

A text counts as detected when the coder returns a current (not background, negated or hypothetical)
Protests or Riots event. Prints precision, recall and F1, and the trivial baseline (every text a protest).
With --sentences each labelled sentence is coded alone, as its own article.

    .venv/bin/python benchmarks/glocon.py [--limit N] [--sentences] [--fast]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsevents.prefilter import coder
from newsevents.records import Article

FOLDER = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "protest-news"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="texts to code (0 = all)")
    parser.add_argument("--sentences", action="store_true", help="the labelled sentences, each coded alone")
    parser.add_argument("--fast", action="store_true", help="code with the fast path (newsevents.prefilter)")
    args = parser.parse_args(argv)
    data = FOLDER / ("glocon_sentences.jsonl" if args.sentences else "glocon_documents.jsonl")
    if not data.exists():
        print(f"glocon: {data} is absent; this benchmark needs ../shared/data", file=sys.stderr)
        return 2
    docs = [json.loads(line) for line in data.open(encoding="utf-8")]
    unit = "sentences" if args.sentences else "documents"
    if args.limit:
        docs = docs[: args.limit]
    started = time.perf_counter()
    tp = fp = fn = tn = 0
    articles = (Article(id=d["id"], text=d["sentence" if args.sentences else "text"]) for d in docs)
    for doc, (_, events) in zip(docs, coder(args.fast)(articles)):
        events = [] if isinstance(events, Exception) else events
        found = any(e.acled.event_type in ("Protests", "Riots") and not (e.historical or e.negated or e.hypothetical)
                    for e in events)
        gold = bool(doc["label"])
        tp += found and gold
        fp += found and not gold
        fn += gold and not found
        tn += not found and not gold
    seconds = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    base_p = (tp + fn) / len(docs)
    print(f"GLOCON {unit}: {len(docs)} ({tp + fn} labelled protest), {seconds:.1f} s{', fast path' if args.fast else ''}")
    print("| run | precision | recall | F1 |")
    print("|---|---|---|---|")
    print(f"| newsevents | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    print(f"| baseline: every text a protest | {base_p:.3f} | 1.000 | {2 * base_p / (base_p + 1):.3f} |")
    print(f"counts: tp {tp}, fp {fp}, fn {fn}, tn {tn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
