"""Protest detection on real news: GLOCON documents or sentences (South African press), labelled protest or not.

A text counts as detected when the coder returns a current (not background, negated or hypothetical)
Protests or Riots event. Prints precision, recall and F1, and the trivial baseline (every text a protest).
GLOCON's positive label also covers political violence (attacks, bombings, kidnappings, political murders),
so a second row counts any current event of ACLED's violent types as detected too. With --sentences each
labelled sentence is coded alone, as its own article.

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
PROTEST = "Protests or Riots"
READINGS = {  # what counts as a detected positive, by ACLED event type
    PROTEST: {"Protests", "Riots"},
    "any political violence too": {"Protests", "Riots", "Violence against civilians", "Battles",
                                   "Explosions/Remote violence"},
}


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
    counts = {name: [0, 0, 0, 0] for name in READINGS}  # tp, fp, fn, tn
    articles = (Article(id=d["id"], text=d["sentence" if args.sentences else "text"]) for d in docs)
    for doc, (_, events) in zip(docs, coder(args.fast)(articles)):
        events = [] if isinstance(events, Exception) else events
        current = {e.acled.event_type for e in events if not (e.historical or e.negated or e.hypothetical)}
        gold = bool(doc["label"])
        for name, types in READINGS.items():
            found = bool(current & types)
            counts[name][0 if found and gold else 1 if found else 2 if gold else 3] += 1
    seconds = time.perf_counter() - started
    tp, fp, fn, tn = counts[PROTEST]
    base_p = (tp + fn) / len(docs)
    print(f"GLOCON {unit}: {len(docs)} ({tp + fn} labelled protest), {seconds:.1f} s{', fast path' if args.fast else ''}")
    print("| run | precision | recall | F1 |")
    print("|---|---|---|---|")
    for name, (tp_, fp_, fn_, _) in counts.items():
        precision = tp_ / (tp_ + fp_) if tp_ + fp_ else 0.0
        recall = tp_ / (tp_ + fn_) if tp_ + fn_ else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"| newsevents, {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    print(f"| baseline: every text a protest | {base_p:.3f} | 1.000 | {2 * base_p / (base_p + 1):.3f} |")
    print(f"counts ({PROTEST}): tp {tp}, fp {fp}, fn {fn}, tn {tn}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
