"""A seeded stream of synthetic news articles (our own templates), for ingest benchmarks and kill tests.

    python benchmarks/synthetic.py N [--seed S] > articles.jsonl

Every article is distinct (its own mix of places, counts, days and sentences); about 5% are syndicated
copies of an earlier article with a new headline and one sentence edited, as wire copy is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from typing import Iterator

PLACES = [
    ("Nairobi", "Kenyan"), ("Kisumu", "Kenyan"), ("Mombasa", "Kenyan"), ("Lagos", "Nigerian"), ("Kano", "Nigerian"),
    ("Maiduguri", "Nigerian"), ("Mogadishu", "Somali"), ("Kismayo", "Somali"), ("Dhaka", "Bangladeshi"),
    ("Chittagong", "Bangladeshi"), ("Kathmandu", "Nepalese"), ("Manila", "Philippine"), ("Davao", "Philippine"),
    ("Goma", "Congolese"), ("Bunia", "Congolese"), ("Niamey", "Nigerien"), ("Kabul", "Afghan"), ("Kandahar", "Afghan"),
    ("Jakarta", "Indonesian"), ("Mandalay", "Myanmar"), ("Pemba", "Mozambican"), ("Basra", "Iraqi"), ("Aden", "Yemeni"),
]
GROUPS = ["teachers", "nurses", "students", "traders", "farmers", "taxi drivers", "health workers", "residents"]
GRIEVANCES = ["unpaid salaries", "rising fuel prices", "the closure of a market", "power cuts",
              "a new land law", "police harassment", "the price of bread", "delayed exam results"]
ARMED = ["gunmen", "suspected militants", "unidentified armed men", "fighters of a local militia", "bandits"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "12", "15", "20", "dozens of"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

TEMPLATES = [
    "Hundreds of {group} marched through {place} on {day} to protest against {grievance}, chanting slogans outside the governor's office.",
    "Police in {place} fired tear gas at {group} who had blocked a main road on {day} over {grievance}; {n} people were arrested.",
    "{armed} attacked a village near {place} on {day}, killing {n} civilians and burning several homes, local officials said.",
    "Soldiers clashed with {armed} on the outskirts of {place} on {day}. The army said {n} of the attackers were killed.",
    "A roadside bomb struck a police vehicle in {place} on {day}, wounding {n} officers, a security source told reporters.",
    "Security forces arrested {n} suspected members of an armed group during raids in {place} on {day}, the interior ministry said.",
    "{group_cap} in {place} went on strike on {day}, demanding an end to {grievance}. Union leaders said the strike would continue.",
    "Rioters looted shops and set tyres ablaze in {place} on {day} after a dispute over {grievance}; {n} people were injured.",
    "The {demonym} government announced on {day} that it had reached an agreement with opposition leaders in {place}.",
    "Officials in {place} said on {day} that aid convoys had resumed after weeks of disruption.",
]
FILLER = [
    "Witnesses described scenes of panic as shops closed early.",
    "The authorities did not respond to requests for comment.",
    "Residents said the area had been tense for several weeks.",
    "Local radio stations broadcast appeals for calm throughout the evening.",
    "Opposition politicians called for an independent inquiry.",
    "Traffic was diverted around the city centre for most of the day.",
]


def articles(n: int, seed: int = 0, start: dt.date = dt.date(2024, 3, 4)) -> Iterator[dict]:
    """n article dicts (id, text, published, source, title) in the JSONL input format."""
    rng = random.Random(seed)
    made: list[dict] = []
    for i in range(n):
        if made and rng.random() < 0.05:
            yield _syndicated(rng.choice(made), i, rng)
            continue
        published = start + dt.timedelta(days=rng.randrange(0, 120))
        place, demonym = rng.choice(PLACES)
        paragraphs = []
        for template in rng.sample(TEMPLATES, k=rng.randint(1, 3)):
            group = rng.choice(GROUPS)
            event_day = published - dt.timedelta(days=rng.randrange(0, 3))
            paragraphs.append(template.format(
                group=group, group_cap=group.capitalize(), place=place, demonym=demonym,
                day=WEEKDAYS[event_day.weekday()], grievance=rng.choice(GRIEVANCES),
                armed=rng.choice(ARMED).capitalize() if template.startswith("{armed}") else rng.choice(ARMED),
                n=rng.choice(NUMBERS),
            ))
            paragraphs.append(rng.choice(FILLER))
        title = f"{place}: {paragraphs[0].split(' on ')[0][:60]}"
        article = {
            "id": f"synthetic-{seed}-{i:06d}",
            "title": title,
            "text": f"{title}\n\n{place.upper()}, {published:%B} {published.day} - " + "\n\n".join(paragraphs),
            "published": published.isoformat(),
            "source": f"outlet-{rng.randrange(12)}",
        }
        made.append(article)
        yield article


def _syndicated(original: dict, i: int, rng: random.Random) -> dict:
    lines = original["text"].split("\n\n")
    headline = "UPDATE: " + lines[0]
    body = lines[1:] + ["This story was first published by a partner agency."]
    return {**original, "id": f"{original['id']}-copy{i}", "title": headline,
            "text": "\n\n".join([headline, *body]), "source": f"outlet-{rng.randrange(12, 20)}"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for article in articles(args.n, args.seed):
        sys.stdout.write(json.dumps(article) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
