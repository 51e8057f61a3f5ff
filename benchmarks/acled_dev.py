"""Score newsevents on a seeded sample of ACLED dev rows (notes as the only input), beside a trivial baseline.

    python benchmarks/acled_dev.py [--limit 2000] [--seed 0] [--sample stratified|random]
                                   [--by country] [--published-from-gold] [--strategy main|best] [--fast] [--json]

Reads ../shared/data/acled-dev/acled_dev.csv relative to the repository root (never copied into it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "acled-dev" / "acled_dev.csv"


def versions() -> dict[str, str]:
    """Versions of newsevents, spaCy and the configured language model."""
    from newsevents import settings

    out = {}
    for name in ("newsevents", "spacy"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    model = settings.get("spacy_model")
    try:
        out[model] = metadata.version(model.replace("_", "-"))
    except metadata.PackageNotFoundError:
        out[model] = "not installed"
    return out


def coder_ready() -> str | None:
    """None when the coder runs; else why not."""
    from newsevents import pipeline
    from newsevents.records import Article

    try:
        pipeline.code_article(Article(id="probe", text="On 3 May 2020, police arrested five protesters in Lagos."))
    except NotImplementedError:
        return "the coder (newsevents.pipeline.code_article) is not implemented yet"
    except Exception as exc:  # report, don't hide, whatever else stops it
        return f"the coder fails on a probe sentence: {type(exc).__name__}: {exc}"
    return None


def _published_label(args) -> str:
    if args.published_offset is not None:
        return f"gold event date {args.published_offset:+d} days"
    return "gold event date" if args.published_from_gold else "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DATA, help="ACLED export CSV (default: the shared dev set)")
    parser.add_argument("--limit", type=int, default=2000, help="rows to sample (0 = all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample", choices=("stratified", "random"), default="stratified",
                        help="stratified: proportional to each source export (source_label); random: uniform")
    parser.add_argument("--by", default=None, help="also break figures down by a gold field (country, sub_event_type ...)")
    parser.add_argument("--published-from-gold", action="store_true",
                        help="give each note its gold event date as publication date (default: none)")
    parser.add_argument("--strategy", choices=("main", "best"), default="main",
                        help="main: score the coder's main event (the fair score); best: upper bound, see docs")
    parser.add_argument("--published-offset", type=int, metavar="DAYS", default=None,
                        help="give each note its gold event date plus DAYS as publication date (news comes out later)")
    parser.add_argument("--fast", action="store_true",
                        help="code with the fast path (newsevents.prefilter: only sentences that can hold an ACLED event)")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON instead of tables")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    if not args.gold.is_file():
        print(f"ACLED dev data not found at {args.gold}: this benchmark needs ../shared/data beside the "
              "repository (it is never copied into it).", file=sys.stderr)
        return 2

    from newsevents import evaluate

    problem = coder_ready()
    if problem:
        print(f"cannot run the benchmark: {problem}", file=sys.stderr)
        return 2

    rows = list(evaluate.dedupe_ids(evaluate.read_gold_csv(args.gold)))
    rows = [r for r in rows if r.text]
    stratify = (lambda r: r.source_label or r.country or "") if args.sample == "stratified" else None
    sample = evaluate.sample_rows(rows, args.limit or None, seed=args.seed, stratify=stratify)

    tty = sys.stderr.isatty()

    def progress(done: int) -> None:
        if tty and (done % 50 == 0 or done == len(sample)):
            print(f"\r{done}/{len(sample)} rows coded", end="", file=sys.stderr, flush=True)

    run = evaluate.predict(sample, published_from_gold=args.published_from_gold or args.published_offset is not None,
                           published_offset=args.published_offset or 0, strategy=args.strategy,
                           fast=args.fast, progress=progress)
    if tty:
        print(file=sys.stderr)
    ours = evaluate.score(sample, run.predictions, name="newsevents")
    base = evaluate.score(sample, evaluate.baseline_predictions(sample), name="baseline")
    vers = versions()

    if args.json:
        out = {"corpus": str(args.gold.name), "rows": len(sample), "of": len(rows), "seed": args.seed,
               "sample": args.sample, "published_from_gold": args.published_from_gold, "published_offset": args.published_offset, "strategy": args.strategy,
               "versions": vers, "seconds": run.seconds, "rows_per_second": run.rows_per_second,
               "errors": run.errors, "reports": [ours.to_dict(), base.to_dict()]}
        if args.by:
            out["by"] = {k: r.to_dict() for k, r in evaluate.score_by(sample, run.predictions, args.by).items()}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0

    print(f"ACLED dev sample: {len(sample)} of {len(rows)} rows ({args.sample}, seed {args.seed}), "
          f"notes as the only text, publication date: {_published_label(args)}, "
          f"match: {args.strategy} event{', fast path' if args.fast else ''}; {dt.date.today().isoformat()}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in vers.items()))
    print(f"speed: {len(sample)} rows in {run.seconds:.1f} s = {run.rows_per_second:.1f} rows/s "
          f"({run.words / run.seconds if run.seconds else 0:.0f} words/s)")
    if run.errors:
        print(f"errors: {len(run.errors)} rows failed (counted as not detected), e.g. "
              + "; ".join(f"{i}: {why}" for i, why in run.errors[:3]))
    print()
    print(evaluate.format_table([ours, base]))
    print()
    print("Baseline: most frequent event type, sub-event type, interaction, actor types, admin1 and precisions "
          "of the sample; 0 fatalities; no date, no coordinates.")
    print()
    print("Most frequent sub-event confusions (gold -> ours):")
    print(evaluate.format_confusions(ours))
    if args.by:
        print()
        print(f"By {args.by} (all rows; groups under 10 rows pooled as (others)):")
        print(evaluate.format_breakdown(evaluate.score_by(sample, run.predictions, args.by, min_rows=10)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
