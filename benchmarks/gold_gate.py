"""The CI gate's figures on the hand-written gold set (tests/gold/gold.jsonl) beside their floors.

    python benchmarks/gold_gate.py                  # figures, floors, pass/fail (exit 1 on a failure)
    python benchmarks/gold_gate.py --update         # pin the gold's hash; raise floors to measured - margin
    python benchmarks/gold_gate.py --update --allow-lower   # also lower floors the figures no longer meet

Floors live in tests/gold/floors.json: {"gold_sha256", "floors", "measured", "updated"}. A floor named
"<figure>_max" is a ceiling (false_alarm_rate_max). A floor sits at the measured figure minus the margin, or
one case below it for a figure taken over fewer than 50 cases. --update never lowers a floor (or raises a ceiling)
unless --allow-lower is given, and then it names the floors that went down. tests/test_gold_gate.py
asserts the same floors in the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "gold.jsonl"
FLOORS = ROOT / "tests" / "gold" / "floors.json"


def load_floors(path: Path = FLOORS) -> dict:
    """The floors file, or an empty skeleton with the default floor names when there is none yet."""
    from newsevents import evaluate

    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"gold_sha256": "", "floors": {name: (1.0 if name.endswith("_max") else 0.0)
                                          for name in evaluate.DEFAULT_FLOORS}, "measured": {}, "updated": ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="pin the gold hash and raise floors to the figures")
    parser.add_argument("--allow-lower", action="store_true", help="with --update: let floors go down")
    parser.add_argument("--margin", type=float, default=0.02,
                        help="floor = measured - margin, and at least one case below it (default 0.02)")
    parser.add_argument("--by", default="tags", help="also break the figures down by this gold field")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from newsevents import evaluate

    pinned = load_floors()
    result = evaluate.run_eval(GOLD, by=args.by)
    figures = result.figures()
    base = result.figures("baseline")
    same_gold = pinned.get("gold_sha256") == result.gold_sha256
    print(f"{GOLD.relative_to(ROOT)}: {result.items} items, sha256 {result.gold_sha256[:12]} "
          f"({'as pinned' if same_gold else 'NOT the pinned ' + (pinned.get('gold_sha256') or 'none')[:12]}); "
          f"coded in {result.seconds:.1f} s; floors of {pinned.get('updated') or 'never'}")
    checks = evaluate.check_floors(figures, pinned["floors"])
    width = max(len(c.name) for c in checks)
    print(f"{'floor'.ljust(width)}  measured  floor  baseline")
    for c in checks:
        mark = "ok" if c.ok else ("ABOVE CEILING" if c.is_max else "BELOW FLOOR")
        print(f"{c.name.ljust(width)}  {_num(c.measured):>8}  {c.floor:5.2f}  {_num(base.get(c.figure)):>8}  {mark}")
    print()
    print(evaluate.format_result(result))

    if not args.update:
        failed = [c.name for c in checks if not c.ok]
        if not same_gold:
            print("\nthe gold set changed since the floors were set: run `python benchmarks/gold_gate.py --update`",
                  file=sys.stderr)
        if failed:
            print(f"\nfigures below their floors: {', '.join(failed)}", file=sys.stderr)
        return 0 if same_gold and not failed else 1

    try:
        floors, lowered = evaluate.ratchet_floors(pinned["floors"], figures, margin=args.margin,
                                                  allow_lower=args.allow_lower,
                                                  sizes=result.reports[result.primary].sizes())
    except ValueError as exc:
        print(f"\nnot updated: {exc}", file=sys.stderr)
        return 1
    pinned.update(gold_sha256=result.gold_sha256, floors=floors,
                  measured={k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()},
                  updated=dt.date.today().isoformat())
    FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {FLOORS.relative_to(ROOT)}: " + ", ".join(f"{k} {v:.2f}" for k, v in floors.items()))
    if lowered:
        print("floors that went DOWN (--allow-lower): " + ", ".join(lowered))
    return 0


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
