"""CAMEO on news sentences: the PETRARCH2 validation set (78 sentences with gold CAMEO event, source and target codes).

Each sentence is coded alone, as its own article, with its date as the publication date. A sentence's coded
events are its current events (not background, negated or hypothetical) that carry a CAMEO code. Prints, beside
a baseline that gives every sentence the most frequent root code:

- detection: precision, recall and F1 of "the sentence holds an event" (gold: any coding but "noevents");
- root codes (CAMEO's 20 two-digit families), full codes and quad classes: precision, recall and F1 over
  (sentence, code) pairs, each pair counted once however often it is coded;
- for sentences where a coded event shares a gold root: how often its source and target countries (actor1 and
  actor2, ISO3) equal the first three letters of the gold source and target codes (where gold has one).

The set is small (80 codings), and it comes from wire stories of 2008 on diplomacy more than on conflict:
CAMEO's verbal families (consult, praise, appeal, disapprove) dominate, where newsevents codes mainly what
ACLED and PLOVER count. Read the figures as a check on those families, not as a league table.

    .venv/bin/python benchmarks/cameo.py [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from newsevents import code_articles
from newsevents.records import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cameo" / "petrarch2_validation.jsonl"


def quad(code: str) -> int:
    """CAMEO's quad class of a code: 1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal
    conflict (09-13), 4 material conflict (14-20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def prf(got: set, want: set) -> tuple[float, float, float]:
    tp = len(got & want)
    precision = tp / len(got) if got else 0.0
    recall = tp / len(want) if want else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def gold_codings(row: dict) -> list[dict]:
    return [c for c in row["event_codings"] if c.get("eventcode")]


def score(rows: list[dict], predicted: list[list[dict]]) -> dict[str, dict[str, float]]:
    """Figures for predicted codings (per sentence: dicts with eventcode and, optionally, source and target)."""
    figures: dict[str, dict[str, float]] = {}
    has = {r["id"] for r, p in zip(rows, predicted) if p}
    has_gold = {r["id"] for r in rows if gold_codings(r)}
    figures["detection"] = dict(zip(("precision", "recall", "f1"), prf(has, has_gold)))
    for name, key in (("root code", lambda c: c[:2]), ("full code", lambda c: c), ("quad class", quad)):
        got = {(r["id"], key(p["eventcode"])) for r, ps in zip(rows, predicted) for p in ps}
        want = {(r["id"], key(g["eventcode"])) for r in rows for g in gold_codings(r)}
        figures[name] = dict(zip(("precision", "recall", "f1"), prf(got, want)))
    agree: dict[str, list[int]] = {"source": [0, 0], "target": [0, 0]}
    for r, ps in zip(rows, predicted):
        for g in gold_codings(r):
            same_root = [p for p in ps if p["eventcode"][:2] == g["eventcode"][:2]]
            if not same_root:
                continue
            for side in agree:
                wanted = (g.get(f"{side}code") or "")[:3]
                if len(wanted) == 3 and wanted.isalpha():
                    agree[side][1] += 1
                    agree[side][0] += any(p.get(side) == wanted for p in same_root)
    for side, (right, total) in agree.items():
        figures[f"{side} country (matched roots)"] = {"accuracy": right / total if total else 0.0, "n": total}
    return figures


def predictions(rows: list[dict]) -> list[list[dict]]:
    articles = []
    for r in rows:
        date = r.get("date") or ""
        published = dt.datetime.strptime(date, "%Y%m%d" if len(date) == 8 else "%y%m%d").date() if date else None
        articles.append(Article(id=r["id"], text=r["text"], published=published))
    out: list[list[dict]] = []
    for _, events in code_articles(articles):
        events = [] if isinstance(events, Exception) else events
        out.append([{"eventcode": e.cameo.code,
                     "source": e.actor1.country if e.actor1 else None,
                     "target": e.actor2.country if e.actor2 else None}
                    for e in events if e.cameo.code and not (e.historical or e.negated or e.hypothetical)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"cameo: {DATA} is absent; this benchmark needs ../shared/data", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    ours = score(rows, predictions(rows))
    common = Counter(g["eventcode"] for r in rows for g in gold_codings(r)).most_common(1)[0][0]
    baseline = score(rows, [[{"eventcode": common}] for _ in rows])
    if args.json:
        print(json.dumps({"sentences": len(rows), "newsevents": ours, "baseline": baseline}, indent=1))
        return 0
    codings = sum(len(gold_codings(r)) for r in rows)
    print(f"CAMEO (PETRARCH2 validation): {len(rows)} sentences, {codings} gold codings, "
          f"{sum(1 for r in rows if not gold_codings(r))} without an event; {dt.date.today()}")
    print("| figure | newsevents P / R / F1 | baseline (every sentence " + common + ") P / R / F1 |")
    print("|---|---|---|")
    for name in ("detection", "root code", "full code", "quad class"):
        cells = [" / ".join(f"{f[k]:.3f}" for k in ("precision", "recall", "f1")) for f in (ours[name], baseline[name])]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    for side in ("source", "target"):
        f = ours[f"{side} country (matched roots)"]
        print(f"| {side} country, where a root matched | {f['accuracy']:.3f} (n={f['n']}) | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
