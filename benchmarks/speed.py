"""Speed of the newsevents coder against the spaCy pipeline alone, on the same real articles, in one run.

    python benchmarks/speed.py [--limit 300] [--rounds 2] [--batch-size N]

Three runs on the same texts: spaCy alone, the full-parse coder (`pipeline.code_articles`) and the fast coder
(`prefilter.code_articles`: only sentences that can hold an ACLED event are parsed).

Reads ../shared/data/protest-news/glocon_documents.jsonl relative to the repository root. Both sides are
warm (model, gazetteer and lexicons loaded before timing; load time reported apart), run alternately
`--rounds` times, and the best time of each is kept. Targets: the full coder costs at most 25% more than
spaCy alone (issue 2); the fast coder codes at least 3x spaCy's words/s (issue 7).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "protest-news" / "glocon_documents.jsonl"
TARGET = 1.25  # the coder may take at most this many times spaCy's time
FAST_TARGET = 3.0  # the fast coder's words/s over spaCy's


def read_articles(path: Path, limit: int):
    from newsevents.records import Article

    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if len(articles) >= limit:
                break
            if line.strip():
                doc = json.loads(line)
                articles.append(Article(id=str(doc["id"]), text=doc["text"], source="glocon"))
    return articles


def time_spacy(nlp, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def time_coder(articles, fast: bool = False) -> tuple[float, int]:
    if fast:
        from newsevents.prefilter import code_articles
    else:
        from newsevents.pipeline import code_articles

    events = 0
    start = time.perf_counter()
    for _, found in code_articles(articles):
        events += len(found) if isinstance(found, list) else 0
    return time.perf_counter() - start, events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="JSONL of {id, text} documents")
    parser.add_argument("--limit", type=int, default=300, help="documents to use")
    parser.add_argument("--rounds", type=int, default=2, help="alternating timed runs of each; the best is kept")
    parser.add_argument("--batch-size", type=int, default=None, help="spaCy batch size (default: the setting)")
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"GLOCON documents not found at {args.data}: this benchmark needs ../shared/data beside the "
              "repository (it is never copied into it).", file=sys.stderr)
        return 2

    from newsevents import nlp as nlp_module
    from newsevents import pipeline, settings
    from newsevents.records import Article

    batch_size = args.batch_size or settings.get_int("batch_size")
    articles = read_articles(args.data, args.limit)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    import spacy

    model = settings.get("spacy_model")
    start = time.perf_counter()
    # the stock pipeline, loaded apart: newsevents' own copy (nlp.load) carries the coder's extra components
    nlp = spacy.load(model)
    model_load = time.perf_counter() - start
    start = time.perf_counter()
    try:  # warm the coder: its model copy, gazetteer, lexicons, matchers
        nlp_module.load()
        pipeline.code_article(Article(id="warm", text="On 3 May 2020, police arrested five protesters in Lagos, Nigeria."))
    except NotImplementedError:
        print("cannot run the benchmark: the coder (newsevents.pipeline.code_article) is not implemented yet",
              file=sys.stderr)
        return 2
    coder_load = time.perf_counter() - start
    # one untimed spaCy pass so that both sides start with warm caches
    for _ in nlp.pipe(texts[:20], batch_size=batch_size):
        pass

    from newsevents import prefilter

    prefilter.default_filter()  # warm: lemma tables and the trigger index
    reductions = [prefilter.default_filter().reduce(t) for t in texts]
    spacy_times, coder_times, fast_times, events, fast_events = [], [], [], 0, 0
    for _ in range(args.rounds):
        spacy_times.append(time_spacy(nlp, texts, batch_size))
        seconds, events = time_coder(articles)
        coder_times.append(seconds)
        seconds, fast_events = time_coder(articles, fast=True)
        fast_times.append(seconds)
    spacy_best, coder_best, fast_best = min(spacy_times), min(coder_times), min(fast_times)
    ratio = coder_best / spacy_best
    fast_ratio = spacy_best / fast_best

    print(f"GLOCON documents: {len(articles)} articles, {words} words (whitespace-split), "
          f"spaCy batch size {batch_size}, best of {args.rounds} alternating runs")
    print(f"versions: newsevents {metadata.version('newsevents')}, spacy {metadata.version('spacy')}, "
          f"{model} {nlp.meta.get('version', '?')}")
    print(f"spaCy alone runs the stock pipeline: {', '.join(nlp.pipe_names)}; the coder's copy: "
          f"{', '.join(nlp_module.load().pipe_names)}")
    print(f"load (not timed below): stock model {model_load:.2f} s, coder (its model copy, gazetteer, "
          f"lexicons) {coder_load:.2f} s")
    print()
    print(f"| {'run':<32} | {'seconds':>8} | {'words/s':>8} | {'articles/s':>10} |")
    print(f"|{'-' * 34}|{'-' * 10}|{'-' * 10}|{'-' * 12}|")
    for label, seconds in (("spaCy pipeline alone", spacy_best), ("newsevents coder (code_articles)", coder_best),
                           ("fast coder (prefilter)", fast_best)):
        print(f"| {label:<32} | {seconds:>8.2f} | {words / seconds:>8.0f} | {len(articles) / seconds:>10.1f} |")
    print()
    kept_s = sum(r.kept_sentences for r in reductions) / max(1, sum(r.sentences for r in reductions))
    kept_w = sum(r.kept_words for r in reductions) / max(1, sum(r.words for r in reductions))
    print(f"fast coder kept {kept_s:.1%} of sentences, {kept_w:.1%} of words for the full pipeline")
    print(f"all runs (s): spaCy {', '.join(f'{t:.2f}' for t in spacy_times)}; "
          f"coder {', '.join(f'{t:.2f}' for t in coder_times)}; fast {', '.join(f'{t:.2f}' for t in fast_times)}; "
          f"events coded: {events} full, {fast_events} fast")
    cost = (ratio - 1) * 100
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"{verdict}: coder/spaCy time ratio {ratio:.2f} (coder costs {cost:+.0f}% vs spaCy alone; "
          f"target at most +{(TARGET - 1) * 100:.0f}%)")
    fast_verdict = "PASS" if fast_ratio >= FAST_TARGET else "FAIL"
    print(f"{fast_verdict}: fast coder words/s over spaCy alone {fast_ratio:.2f}x (target at least {FAST_TARGET:.0f}x); "
          f"over the full coder {coder_best / fast_best:.2f}x")
    return 0 if ratio <= TARGET and fast_ratio >= FAST_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
