"""Fuzzing the readers that take what the web sends: JSONL lines and HTML pages (hypothesis, bounded).

Whatever the bytes, a reader yields Articles and ArticleErrors and raises nothing else; an error names the
article on one line; an Article is codable (real Unicode, no NUL, within the size limit, a plausible date);
and an ingest of the lot stores every item, failed ones with their reason, losing none.

CI runs a few hundred inputs per target. For a longer hunt, give it a time budget per target:

    NEWSEVENTS_FUZZ_SECONDS=600 .venv/bin/python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from hostile import examples
from newsevents import read
from newsevents.dedupe import normalize_text
from newsevents.errors import ArticleError
from newsevents.ingest import ingest
from newsevents.records import Article
from newsevents.store import Store

FUZZ_SECONDS = float(os.environ.get("NEWSEVENTS_FUZZ_SECONDS", "0"))
RUNS: dict[str, int] = {}  # inputs tried per target, for docs/reliability.md

SENTENCE = ("Police in Nairobi fired tear gas at protesters on Tuesday and arrested 12 people, a spokesman said. "
            "The march against rising fuel prices went on into the evening, witnesses told reporters.")


def assert_sound(item: Article | ArticleError) -> None:
    """The reader's promise for one item."""
    if isinstance(item, ArticleError):
        assert isinstance(item.reason, str) and item.reason and "\n" not in item.reason, item.reason
        assert isinstance(item.article_id, str) and item.article_id and "\n" not in item.article_id
        kept = item.article
        if isinstance(kept, Article):  # what the store will keep: it must encode
            for value in (kept.id, kept.text, kept.title, kept.source, kept.url):
                assert value is None or isinstance(value.encode("utf-8"), bytes)
        return
    assert isinstance(item, Article), item
    assert item.text.strip() and "\x00" not in item.text
    item.text.encode("utf-8")  # no lone surrogates
    assert len(item.text) <= read.settings.get_int("max_chars")
    assert read.published_problem(item.published) is None
    for value in (item.id, item.title, item.source, item.url):
        assert value is None or "\n" not in value and isinstance(value.encode("utf-8"), bytes)


def _text(item: Article | ArticleError) -> str:
    article = item.article if isinstance(item, ArticleError) else item
    return article.text if isinstance(article, Article) else ""


def assert_nothing_lost(items: list[Article | ArticleError]) -> None:
    """Ingest the items (with a coder that finds no events): every one is counted, every text given is
    stored (a failed one with its reason), the same text (as the store normalizes it) once."""
    with Store(":memory:") as store:
        summary = ingest(iter(items), store, code_articles=lambda articles: ((a, []) for a in articles))
        assert summary.read == len(items)
        assert summary.new + summary.duplicate + summary.failed == summary.read, summary
        stored = {normalize_text(row[0]) for row in store.db.execute("SELECT text FROM articles")}
        assert {normalize_text(_text(i)) for i in items if _text(i)} <= stored
        reasons = [row[0] for row in store.db.execute("SELECT error FROM articles WHERE status = 'failed'")]
        assert len(reasons) == summary.failed
        assert set(reasons) <= {i.reason for i in items if isinstance(i, ArticleError)}
        assert store.integrity_check() == "ok"


def for_a_while(name: str, test) -> None:
    """Run a hypothesis test once (CI), or again and again for NEWSEVENTS_FUZZ_SECONDS, each time on new inputs."""
    started = time.monotonic()
    while True:
        test()
        if time.monotonic() >= started + FUZZ_SECONDS:
            break
    print(f"fuzz {name}: {RUNS.get(name, 0)} inputs in {time.monotonic() - started:.0f} s")


# -- JSONL ------------------------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None), max_size=40)  # lone surrogates included
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=12,
)
dates = st.one_of(st.dates().map(dt.date.isoformat), st.datetimes().map(dt.datetime.isoformat),
                  st.sampled_from(["0000-01-01", "2024-02-30", "2024-13-01", "yesterday", "", "9999-12-31T23:59:59Z",
                                   "2024-03-12T25:00", "+002024-03-12", "2024-W11-2", "20240312"]), json_values)
article_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(any_text, st.integers(), json_values),
        "text": st.one_of(st.just(SENTENCE), any_text.map(lambda t: SENTENCE + t), any_text, json_values,
                          st.just(" " * 50), st.just(SENTENCE.replace(".", ",") * 60)),
        "published": dates,
        "source": st.one_of(any_text, json_values),
        "url": st.one_of(any_text, st.just("https://example.org/a"), json_values),
        "title": st.one_of(any_text, json_values),
        "extra": json_values,
    },
)


def _encode(value, ensure_ascii: bool, encoding: str) -> bytes:
    text = json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=True)
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


json_lines = st.builds(_encode, st.one_of(article_objects, article_objects, json_values), st.booleans(),
                       st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
raw_lines = st.one_of(json_lines, json_lines, json_lines, st.binary(max_size=120),
                      json_lines.map(lambda b: b[: len(b) // 2]),  # cut off mid-line
                      st.sampled_from([b"", b"   ", b"\xef\xbb\xbf", b"{", b"}", b"[]", b"null", b"NaN", b"1e999999",
                                       b'{"text": "' + b"\\ud800" * 30 + b'"}', b'{"id": "\\u001b[2J", "text": 5}',
                                       b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000]))
jsonl_files = st.builds(lambda lines, eol: eol.join(lines), st.lists(raw_lines, max_size=12),
                        st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n"]))


@settings(max_examples=examples(300))
@given(data=jsonl_files)
def _fuzz_jsonl(data: bytes) -> None:
    RUNS["jsonl"] = RUNS.get("jsonl", 0) + 1
    items = list(read.read_jsonl_lines(io.BytesIO(data), "fuzz.jsonl"))
    for item in items:
        assert_sound(item)
    assert_nothing_lost(items)


def test_jsonl_reader_never_raises_and_loses_nothing():
    for_a_while("jsonl", _fuzz_jsonl)


@settings(max_examples=examples(150))
@given(data=st.binary(max_size=400) | jsonl_files)
def _fuzz_stdin(data: bytes) -> None:
    RUNS["stdin"] = RUNS.get("stdin", 0) + 1
    for item in read.read_stdin(io.BytesIO(data)):
        assert_sound(item)


def test_stdin_reader_never_raises():
    for_a_while("stdin", _fuzz_stdin)


# -- HTML -------------------------------------------------------------------------------------------

TAGS = ["div", "p", "article", "main", "section", "span", "a", "b", "i", "h1", "h2", "ul", "li", "table", "tr", "td",
        "nav", "footer", "header", "aside", "pre", "code", "blockquote", "form", "svg", "math", "template",
        "noscript", "object", "figure", "select", "textarea", "title", "head", "body", "html", "font", "marquee"]
ATTRIBUTES = ["", ' class="content"', ' id="main"', ' onerror="alert(1)"', ' href="javascript:alert(1)"',
              ' style="display:none"', " hidden", ' lang="ar" dir="rtl"', ' src="x"', " a=", ' data-x="<script>"',
              ' charset="utf-16"', ' content="2999-01-01"', ' itemprop="datePublished" content="0001-01-01"']
SNIPPETS = [
    SENTENCE, SENTENCE, "<script>var SCRIPT_MARK = 1; document.write('<p>x</p>')</script>",
    "<style>body{}</style>", '<iframe src="https://evil.example/"></iframe>', "<!-- comment -->", "<!--",
    "<![CDATA[ cdata ]]>", "<!DOCTYPE html>", "<?xml version='1.0'?>", "&amp;", "&#0;", "&#55296;", "&#x110000;",
    "&nbsp;", "&bogus;", "<", ">", "</>", "<<p>>", "<br/>", "<img src=x onerror=alert(1)>",
    '<meta charset="shift_jis">', '<meta property="article:published_time" content="9999-12-31T00:00:00Z">',
    "<title>Title \u202e reversed</title>", "مرحبا بالعالم", "🔥🔥", "\u200f", "\x00", "\x1b[31m", "\ud7ff",
]
html_nodes = st.recursive(
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=30)),
    lambda inner: st.builds(lambda tag, attrs, kids, close: f"<{tag}{attrs}>{''.join(kids)}" + (f"</{tag}>" if close else ""),
                            st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.lists(inner, max_size=4), st.booleans()),
    max_leaves=20,
)
pages = st.one_of(
    html_nodes,
    html_nodes.map(lambda body: f"<html><head><title>t</title></head><body>{body}</body></html>"),
    st.binary(max_size=300),
    st.builds(lambda body, enc: body.encode(enc, "replace"), html_nodes, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])),
    st.integers(0, 3000).map(lambda n: "<div>" * n + SENTENCE + "</div>" * n),
)


@settings(max_examples=examples(150))
@given(page=pages)
def _fuzz_html(page: str | bytes) -> None:
    RUNS["html"] = RUNS.get("html", 0) + 1
    try:
        article = read.article_from_html("fuzz.html", page)
    except ArticleError as exc:
        assert_sound(exc)
        return
    assert_sound(article)


def test_html_reader_never_raises_anything_but_article_error():
    for_a_while("html", _fuzz_html)


well_formed = st.lists(st.one_of(st.just(f"<p>{SENTENCE}</p>"), st.sampled_from([
    "<script>SCRIPT_MARK()</script>", "<style>.SCRIPT_MARK{}</style>", '<iframe src="x">SCRIPT_MARK</iframe>',
    "<noscript>SCRIPT_MARK</noscript>", "<p>&lt;script&gt;shown as text&lt;/script&gt;</p>",
    '<p><img src=x onerror="SCRIPT_MARK()"> An image.</p>', "<p>مرحبا 🔥 Police in Goma said more.</p>"])),
    min_size=1, max_size=10)


@settings(max_examples=examples(60))
@given(parts=well_formed)
def _fuzz_scripts(parts: list[str]) -> None:
    RUNS["html-scripts"] = RUNS.get("html-scripts", 0) + 1
    page = f"<html><head><script>SCRIPT_MARK()</script></head><body><article>{''.join(parts)}</article></body></html>"
    try:
        article = read.article_from_html("page.html", page)
    except ArticleError:
        return
    assert "SCRIPT_MARK" not in article.text  # scripts, styles and frames never become article text
    assert "onerror" not in article.text


def test_scripts_styles_and_frames_never_become_text():
    for_a_while("html-scripts", _fuzz_scripts)
