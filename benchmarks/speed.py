"""Speed of the newsevents coder against the spaCy pipeline alone, on the same real articles, in one run.

    python benchmarks/speed.py [--limit 300] [--rounds 2] [--batch-size N]

Reads ../shared/data/protest-news/glocon_documents.jsonl relative to the repository root. Both sides are
warm (model, gazetteer and lexicons loaded before timing; load time reported apart), run alternately
`--rounds` times, and the best time of each is kept. Target (issue 2): the coder costs at most 25% more
than spaCy alone.
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


def time_coder(articles) -> tuple[float, int]:
    from newsevents.pipeline import code_articles

    events = 0
    start = time.perf_counter()
    for _, found in code_articles(articles):
        events += len(found)
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

    spacy_times, coder_times, events = [], [], 0
    for _ in range(args.rounds):
        spacy_times.append(time_spacy(nlp, texts, batch_size))
        seconds, events = time_coder(articles)
        coder_times.append(seconds)
    spacy_best, coder_best = min(spacy_times), min(coder_times)
    ratio = coder_best / spacy_best

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
    for label, seconds in (("spaCy pipeline alone", spacy_best), ("newsevents coder (code_articles)", coder_best)):
        print(f"| {label:<32} | {seconds:>8.2f} | {words / seconds:>8.0f} | {len(articles) / seconds:>10.1f} |")
    print()
    print(f"all runs (s): spaCy {', '.join(f'{t:.2f}' for t in spacy_times)}; "
          f"coder {', '.join(f'{t:.2f}' for t in coder_times)}; events coded: {events}")
    cost = (ratio - 1) * 100
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"{verdict}: coder/spaCy time ratio {ratio:.2f} (coder costs {cost:+.0f}% vs spaCy alone; "
          f"target at most +{(TARGET - 1) * 100:.0f}%)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
