"""The hostile corpus: the small files in this folder plus big and binary ones written at test time.

`build(folder)` writes every input into `folder` and returns the Cases: for each article the id it is
reported under, and the words its one-line reason must hold (None: it must be coded, with events).
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SMALL = ["good-wire.txt", "emoji-rtl.txt", "script-iframe.html", "french.txt", "chinese.txt", "arabic.txt"]
FEEDS = ["not-a-feed.rss", "empty-feed.rss", "teaser-feed.xml", "truncated-feed.atom"]
MB = 1_000_000

# Distinct English reports, each telling at least one event, for the good lines of the JSONL file.
GOOD = [
    "Soldiers clashed with fighters of a local militia on the outskirts of Goma on Monday. The army said seven "
    "of the attackers were killed, a military spokesman told reporters.",
    "Security forces arrested 23 suspected members of an armed group during raids in Kano on Tuesday, the "
    "interior ministry said in a statement.",
    "Hundreds of nurses marched through Nairobi on Wednesday to protest against unpaid salaries, chanting "
    "slogans outside the health ministry.",
    "A roadside bomb struck a police vehicle in Mogadishu on Thursday, wounding four officers, a security source "
    "told reporters.",
    "Rioters looted shops and set tyres ablaze in Dhaka on Friday after a dispute over the price of bread; "
    "twelve people were injured, police said.",
]

WEB_PAGE = ("<!DOCTYPE html><html><head><title>Lagos arrests</title><script>var SCRIPT_MARK = 1;</script></head><body>"
            "<article><h1>Police detain dozens in Lagos</h1><p>Police in Lagos detained 41 demonstrators on Saturday "
            "during a march against fuel subsidy cuts, organisers said. Officers used batons to break up the crowd near "
            "the state assembly, and at least six people were hurt, witnesses told reporters.</p></article></body></html>")


@dataclass
class Case:
    """One article of the corpus: the id it is reported under, and the words its reason holds (None: coded)."""

    id: str
    reason: str | None
    path: str  # the file it is in, relative to the corpus folder

    @property
    def good(self) -> bool:
        return self.reason is None


def _jsonl_lines() -> list[tuple[str, str | None, str]]:
    """(line, id, reason) for the broken JSONL file; blank lines have no id."""
    ok = GOOD
    return [
        (json.dumps({"id": "good-1", "text": ok[0], "source": "wire"}), "good-1", None),
        ('{"id": "cut-off", "text": "Police arrested', "broken.jsonl:line 2", "invalid JSON"),
        (json.dumps({"id": "no-text", "title": "Headline only"}), "no-text", "no 'text' field"),
        (json.dumps({"id": "text-number", "text": 42}), "text-number", "'text' must be a string"),
        (json.dumps({"id": ["a", "list"], "text": ok[1]}), "broken.jsonl:line 5", "'id' must be a string or a number"),
        (json.dumps({"id": "title-object", "text": ok[1], "title": {"a": 1}}), "title-object", "'title' must be a string"),
        (json.dumps({"id": "future", "text": ok[2] + " Future.", "published": "2999-01-01"}), "future", "in the future"),
        (json.dumps({"id": "year-zero", "text": ok[2] + " Zero.", "published": "0000-01-01"}), "year-zero",
         "bad published date"),
        (json.dumps({"id": "year-one", "text": ok[2] + " One.", "published": "0001-01-01"}), "year-one", "before 1800"),
        (json.dumps({"id": "date-number", "text": ok[2] + " Number.", "published": 20240312}), "date-number",
         "bad published date"),
        ("[1, 2, 3]", "broken.jsonl:line 11", "expected a JSON object"),
        ("null", "broken.jsonl:line 12", "expected a JSON object"),
        (json.dumps({"id": "lone-surrogate", "text": ok[3] + " \ud800 after."}), "lone-surrogate",
         "not valid Unicode text"),
        ('{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}", "broken.jsonl:line 14", "nested too deeply"),
        (json.dumps({"id": "ctrl\x1b[2J\nid", "text": "too short"}), "ctrl\\x1b[2J id", "too short"),
        ('{"id": "nan", "text": NaN}', "nan", "'text' must be a string"),
        ("", None, None),
        (json.dumps({"id": "not-english", "text": (HERE / "french.txt").read_text(encoding="utf-8") + " Fin."}), "not-english",
         "not English"),
        (json.dumps({"id": "empty", "text": ""}), "empty", "empty text"),
        (json.dumps({"id": "too-short", "text": "Riot \U0001f525\u200f."}), "too-short", "too short"),
        (json.dumps({"id": 12345678901234567890123, "text": ok[4]}), "12345678901234567890123", None),
        ('{"id": "dup-key", "text": "x", "text": ' + json.dumps(ok[3]) + "}", "dup-key", None),
        ('\x00\x01\x02{"id": "nul"}', "broken.jsonl:line 23", "NUL bytes"),
    ]


def build(folder: Path) -> list[Case]:
    """Write the whole corpus into folder; returns its cases in reading order."""
    cases: list[Case] = []
    for name in SMALL:
        shutil.copy(HERE / name, folder / name)
        reason = "not English" if name in ("french.txt", "chinese.txt", "arabic.txt") else None
        cases.append(Case(name, reason, name))

    def write(name: str, data: bytes, reason: str | None) -> None:
        (folder / name).write_bytes(data)
        cases.append(Case(name, reason, name))

    rng = random.Random(7)
    write("empty.txt", b"", "empty text")
    write("whitespace.txt", b" \n\t\r\n   \n", "empty text")
    write("binary.txt", bytes(rng.randrange(256) for _ in range(4096)) + b"\x00", "binary file (NUL bytes)")
    write("high-bytes.txt", bytes(rng.randrange(128, 256) for _ in range(4096)), "not UTF-8")
    write("latin1.txt", (GOOD[0] + " Caf\u00e9 owners said.").encode("cp1252"), "not UTF-8")
    write("mixed-encoding.txt", GOOD[1].encode("utf-8") + " \u00e9t\u00e9 ".encode("latin-1") + GOOD[2].encode("utf-8"),
          "not UTF-8")
    write("utf16-windows.txt", (GOOD[3] + " Saved as Unicode.").encode("utf-16"), None)
    write("crlf.txt", (GOOD[4] + "\r\n\r\nOfficials said more.\r\n").encode("utf-8"), None)
    write("huge-15mb.txt", b"Police said protesters marched. " * (15 * MB // 32), "too large")
    write("sentence-300k.txt", ("Police arrested " + "and more protesters " * 15000 + "today.").encode("utf-8"),
          "too large")
    write("run-on-6k.txt", ("Police arrested " + "protesters and students and traders " * 200 + "today.").encode("utf-8"),
          "not prose")
    write("nested-10000.html", ("<html><body>" + "<div>" * 10000 + GOOD[0] + "</div>" * 10000 + "</body></html>").encode(),
          "no main text")
    (folder / "bad-\udcff-name.txt").write_bytes(GOOD[2].encode("utf-8"))  # the name's byte 0xff is not UTF-8
    cases.append(Case("bad-\\udcff-name.txt", None, "bad-\udcff-name.txt"))
    lines = _jsonl_lines()
    (folder / "broken.jsonl").write_bytes(b"\n".join(line.encode("utf-8", "surrogatepass") for line, _, _ in lines) + b"\n")
    cases += [Case(article_id, reason, "broken.jsonl") for _, article_id, reason in lines if article_id is not None]
    huge_line = json.dumps({"id": "huge-line", "text": "Soldiers clashed. " * (15 * MB // 18)})
    (folder / "huge-line.jsonl").write_text(huge_line + "\n", encoding="utf-8")
    cases.append(Case("huge-line", "too large", "huge-line.jsonl"))
    return cases


def build_feeds(folder: Path) -> list[Case]:
    """Feeds that are not feeds, or feeds of teasers with nothing to code."""
    for name in FEEDS:
        shutil.copy(HERE / name, folder / name)
    return [
        Case("not-a-feed.rss", "not a readable RSS or Atom feed", "not-a-feed.rss"),
        Case("empty-feed.rss", "not a readable RSS or Atom feed", "empty-feed.rss"),
        Case("teaser-feed.xml#entry-1", "no http(s) link", "teaser-feed.xml"),
        Case("ftp://example.invalid/story", "not an http(s) URL", "teaser-feed.xml"),
        Case("teaser-feed.xml#entry-3", "no http(s) link", "teaser-feed.xml"),
        Case("truncated-feed.atom#entry-1", "no http(s) link", "truncated-feed.atom"),
    ]
