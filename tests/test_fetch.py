"""Fetching: article URLs, RSS/Atom feeds (URL or file), URL lists; failures become ArticleErrors. All on loopback."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsevents import fetch
from newsevents.errors import ArticleError, InputError
from newsevents.records import Article

FEEDS = Path(__file__).parent / "data" / "feeds"
SLOW_SECONDS = 3.0
SHORT_TIMEOUT = 0.3  # only where a timeout is the point of the test
TIMEOUT = 10.0  # everywhere else: a loaded CI machine must not turn a slow answer into a failure

NAV = """<header><div class="logo">Harbour Courier</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe for unlimited access</a></nav></header>"""
FOOTER = """<footer><p>NAV-FOOTER-BOILERPLATE Copyright 2024 Harbour Courier Media. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
<li><a href="/contact">Contact the newsroom</a></li></ul></footer>"""


def page(title: str, paragraphs: list[str], date: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Courier</title>
{meta}<script>window.analytics = {{"page": "article"}};</script></head>
<body>{NAV}
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{body}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Markets slip as oil rises</a></li><li><a href="/b">Cup final tickets sell out</a></li></ul></aside>
</main>{FOOTER}</body></html>""".encode("utf-8")


PORT_STRIKE = page(
    "Dock workers strike over unpaid wages",
    [
        "Thousands of dock workers walked off the job at the country's largest container port on Monday, "
        "halting the loading of ships after the port authority failed to pay three months of overdue wages, "
        "union leaders said.",
        "Members of the Dockworkers' Union gathered at the main gate before dawn, carrying banners and blocking "
        "lorries from entering the terminal. Police officers watched from a distance, and no arrests were reported "
        "by the afternoon.",
        "The union's general secretary told reporters that the strike would continue until every worker had been "
        "paid in full. He said the port authority had promised payment twice since January and had broken its "
        "word both times.",
        "A spokeswoman for the port authority said the delays were caused by a dispute with the finance ministry "
        "over the agency's budget, and that the money would be released within days. She urged the workers to "
        "return to their posts, warning that dozens of ships were already waiting at anchor outside the harbour.",
        "Shipping agents said the stoppage could cost importers millions of dollars a day if it lasted into next week.",
    ],
    date="2024-03-11T07:00:00Z",
)
ELECTION_PROTEST = page(  # no date on the page: the feed entry's date, or `published`, fills it
    "Opposition supporters rally after disputed vote count",
    [
        "Several thousand supporters of the main opposition party rallied outside the electoral commission on "
        "Tuesday evening, accusing officials of delaying the results of last week's parliamentary election in "
        "order to change the count.",
        "The crowd chanted slogans and waved party flags as speakers demanded that the commission publish the "
        "tallies from every polling station. Riot police formed a line in front of the building but did not "
        "intervene, and the protest ended peacefully shortly before midnight.",
        "The commission's chairman said in a televised statement that the delay was due to a recount ordered in "
        "two northern districts, where ballot boxes had arrived damaged. He insisted that the process was "
        "transparent and that observers from all parties had been present.",
        "Opposition leaders said they would return to the streets every day until the final results were "
        "announced, and called on foreign embassies to send observers to the recount.",
    ],
)
FLOOD_RELIEF = page(
    "Relief convoys reach flooded river towns",
    [
        "The first relief convoys reached towns along the flooded river valley on Thursday, a week after heavy "
        "rains washed away bridges and cut off tens of thousands of people from the rest of the country.",
        "Trucks carrying food, clean water and medicine arrived in the morning after army engineers repaired a "
        "section of the main road, the disaster management agency said. Aid workers described long queues at "
        "distribution points set up in schools and churches.",
        "Local officials said at least forty people had died in the floods and that many more were missing. "
        "Hundreds of homes had been destroyed, and farmers had lost most of the crops they were due to harvest "
        "next month.",
        "The agency's director told reporters that helicopters would continue to drop supplies to villages that "
        "could still not be reached by road, and appealed for more donations from abroad.",
    ],
    date="2024-03-14T09:00:00Z",
)
FRENCH = page(
    "La police disperse une manifestation",
    [
        "La police de la capitale a dispersé mardi une manifestation contre la hausse des prix du carburant, "
        "selon un porte-parole du ministère de l'Intérieur. Des témoins affirment que les agents ont tiré des gaz "
        "lacrymogènes sur la foule rassemblée devant le parlement depuis le début de la matinée.",
        "Les organisateurs ont annoncé une nouvelle journée de mobilisation pour la semaine prochaine et ont appelé "
        "les syndicats à se joindre au mouvement dans toutes les grandes villes du pays.",
    ],
)


def html(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body


ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
    "/news/port-strike": html(PORT_STRIKE),
    "/news/election-protest": html(ELECTION_PROTEST),
    "/news/flood-relief": html(FLOOD_RELIEF),
    "/news/french": html(FRENCH),
    "/private/memo": html(PORT_STRIKE),
    "/moved": (301, {"Location": "/news/flood-relief"}, b""),
    "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    "/big": html(PORT_STRIKE + b"<!--" + b"x" * 5000 + b"-->"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent", ""))
        if path.startswith("/loop/"):  # /loop/1 -> /loop/2 -> ... forever
            self._send(302, {"Location": f"/loop/{int(path.rsplit('/', 1)[1]) + 1}"}, b"")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(*html(PORT_STRIKE))
        elif path.startswith("/flaky/"):  # fails until the named number of tries, then serves the article
            failures = int(path.rsplit("/", 1)[1])
            if self.server.hits[path] <= failures:
                self._send(500, {"Content-Type": "text/plain"}, b"internal error")
            else:
                self._send(*html(PORT_STRIKE))
        elif path == "/busy":
            if self.server.hits[path] == 1:
                self._send(429, {"Retry-After": "0"}, b"")
            else:
                self._send(*html(FLOOD_RELIEF))
        elif path == "/big-unsized":  # no Content-Length: the size cap must stop the stream itself
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(self.server.routes["/big"][2])
        elif path.startswith("/echo?"):  # a body that is also a file name
            self._send(200, {"Content-Type": "application/xml"}, path.split("?", 1)[1].encode())
        elif path.startswith("/feeds/"):
            name = path.rsplit("/", 1)[1]
            kind = "application/atom+xml" if name.startswith("atom") else "application/rss+xml"
            self._send(200, {"Content-Type": kind}, feed_bytes(name, self.server.base))
        elif path in self.server.routes:
            self._send(*self.server.routes[path])
        else:
            self._send(404, {"Content-Type": "text/html"}, b"<html><body><h1>Not found</h1></body></html>")

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


def feed_bytes(name: str, base: str) -> bytes:
    return (FEEDS / name).read_text(encoding="utf-8").replace("{{BASE}}", base).encode("utf-8")


@contextlib.contextmanager
def serving(routes: dict[str, tuple[int, dict[str, str], bytes]]):
    srv = Server(("127.0.0.1", 0), Handler)
    srv.routes = routes
    srv.hits = Counter()
    srv.agents = []
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def server():
    with serving(ROUTES) as srv:
        yield srv


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """requests honours proxy variables; the loopback server must be reached directly."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fetcher():
    with fetch.Fetcher(timeout=TIMEOUT, retries=2, delay=0, backoff=0) as f:
        yield f


def read(sources, fetcher, **kw):
    return list(fetch.read_sources([str(s) for s in sources], fetcher=fetcher, **kw))


def one(sources, fetcher, **kw):
    items = read(sources, fetcher, **kw)
    assert len(items) == 1, items
    return items[0]


def error(sources, fetcher, **kw) -> ArticleError:
    item = one(sources, fetcher, **kw)
    assert isinstance(item, ArticleError), item
    return item


def test_article_url_becomes_an_article_with_url_title_date_and_host_as_source(server, fetcher):
    url = server.base + "/news/port-strike"
    article = one([url], fetcher)
    assert isinstance(article, Article), article
    assert article.id == url and article.url == url
    assert article.title.startswith("Dock workers strike over unpaid wages")
    assert article.published == dt.date(2024, 3, 11)
    assert article.source == "127.0.0.1"
    assert article.language == "en"
    assert "halting the loading of ships" in article.text
    assert "NAV-FOOTER-BOILERPLATE" not in article.text and "analytics" not in article.text


def test_source_and_published_arguments_fill_what_the_page_lacks(server, fetcher):
    article = one([server.base + "/news/election-protest"], fetcher, published=dt.date(2024, 3, 20), source="courier")
    assert article.published == dt.date(2024, 3, 20)
    assert article.source == "courier"
    dated = one([server.base + "/news/port-strike"], fetcher, published=dt.date(2024, 3, 20))
    assert dated.published == dt.date(2024, 3, 11)  # the page's own date wins


def test_redirect_is_followed_and_url_is_where_the_text_came_from(server, fetcher):
    article = one([server.base + "/moved"], fetcher)
    assert article.id == server.base + "/moved"
    assert article.url == server.base + "/news/flood-relief"


def test_source_name_drops_www():
    assert fetch.source_name("https://www.reuters.com/world/x") == "reuters.com"
    assert fetch.source_name("https://apnews.com/article/x") == "apnews.com"


def _check_rss(items, base):
    assert [type(i) for i in items] == [Article, Article, ArticleError]
    strike, protest, missing = items
    assert strike.id == base + "/news/port-strike" and strike.published == dt.date(2024, 3, 11)
    # the page has no date: the entry's pubDate fills it
    assert protest.id == base + "/news/election-protest" and protest.published == dt.date(2024, 3, 12)
    assert "electoral commission" in protest.text
    assert missing.article_id == base + "/news/missing"
    assert "HTTP 404" in missing.reason and "only" in missing.reason


def test_rss_feed_url_gives_one_article_per_entry_and_a_404_entry_is_one_error(server, fetcher):
    _check_rss(read([server.base + "/feeds/rss.xml"], fetcher), server.base)


def test_rss_feed_file_gives_one_article_per_entry(server, fetcher, tmp_path):
    path = tmp_path / "rss.xml"
    path.write_bytes(feed_bytes("rss.xml", server.base))
    _check_rss(read([path], fetcher), server.base)


def test_feed_file_is_recognised_by_its_first_bytes_whatever_its_name(server, fetcher, tmp_path):
    path = tmp_path / "world-news.txt"
    path.write_bytes(feed_bytes("rss.xml", server.base))
    _check_rss(read([path], fetcher), server.base)


def test_atom_feed_entry_whose_page_is_gone_falls_back_to_the_entry_content(server, fetcher):
    items = read([server.base + "/feeds/atom.xml"], fetcher)
    assert [type(i) for i in items] == [Article, Article]
    relief, farmers = items
    assert relief.title.startswith("Relief convoys") and relief.published == dt.date(2024, 3, 14)
    assert farmers.id == server.base + "/news/gone" and farmers.url == server.base + "/news/gone"
    assert farmers.title == "Farmers block highway in protest over fertiliser prices"
    assert farmers.published == dt.date(2024, 3, 15)
    assert farmers.text.startswith("Hundreds of farmers blocked the main highway") and "<p>" not in farmers.text
    assert farmers.source == "127.0.0.1" and farmers.language == "en"


def test_atom_feed_file(server, fetcher, tmp_path):
    path = tmp_path / "africa.atom"
    path.write_bytes(feed_bytes("atom.xml", server.base))
    assert [type(i) for i in read([path], fetcher)] == [Article, Article]


def test_url_list_file_skips_comments_and_blank_lines(server, fetcher, tmp_path):
    path = tmp_path / "today.urls"
    path.write_text(
        f"# morning run\n\n{server.base}/news/port-strike\n   \n# {server.base}/news/french\n{server.base}/news/flood-relief\nnot a url\n",
        encoding="utf-8",
    )
    items = read([path], fetcher)
    assert [i.id if isinstance(i, Article) else i.article_id for i in items] == [
        server.base + "/news/port-strike",
        server.base + "/news/flood-relief",
        "today.urls:line 7",
    ]
    assert "not an http(s) URL" in items[2].reason
    assert server.hits["/news/french"] == 0


def test_txt_of_urls_is_a_url_list_and_txt_of_prose_is_an_article(server, fetcher, tmp_path):
    urls = tmp_path / "links.txt"
    urls.write_text(f"# links\n{server.base}/news/port-strike\n\n{server.base}/feeds/atom.xml\n", encoding="utf-8")
    items = read([urls], fetcher)
    assert [type(i) for i in items] == [Article, Article, Article]  # the feed in the list is read as a feed
    prose = tmp_path / "story.txt"
    prose.write_text(f"See {server.base}/news/port-strike for the police statement on the strike at the port.\n", encoding="utf-8")
    article = one([prose], fetcher)
    assert article.id == "story.txt" and server.hits["/news/port-strike"] == 1


def test_robots_txt_disallow_is_an_error_and_robots_is_fetched_once_per_host(server, fetcher):
    items = read([server.base + "/private/memo", server.base + "/news/port-strike", server.base + "/private/memo"], fetcher)
    assert isinstance(items[0], ArticleError) and "robots.txt" in items[0].reason
    assert isinstance(items[1], Article)
    assert server.hits["/private/memo"] == 0
    assert server.hits["/robots.txt"] == 1


def test_missing_robots_txt_allows_everything(fetcher):
    without_robots = {path: route for path, route in ROUTES.items() if path != "/robots.txt"}
    with serving(without_robots) as srv:
        article = one([srv.base + "/private/memo"], fetcher)
    assert isinstance(article, Article)
    assert srv.hits["/robots.txt"] == 1


def test_redirect_loop_is_an_error(server, fetcher):
    err = error([server.base + "/loop/1"], fetcher)
    assert err.article_id == server.base + "/loop/1"
    assert "too many redirects" in err.reason


def test_timeout_is_an_error_naming_the_timeout(server, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_FETCH_TIMEOUT", str(SHORT_TIMEOUT))
    monkeypatch.setenv("NEWSEVENTS_FETCH_DELAY", "0")
    started = time.monotonic()
    with fetch.Fetcher() as fetcher:
        assert fetcher.timeout == SHORT_TIMEOUT
        err = error([server.base + "/slow"], fetcher)
    assert f"timed out after {SHORT_TIMEOUT:g} s" in err.reason
    assert time.monotonic() - started < SLOW_SECONDS


def test_server_error_is_retried(server, fetcher):
    article = one([server.base + "/flaky/1"], fetcher)
    assert isinstance(article, Article)
    assert server.hits["/flaky/1"] == 2


def test_server_error_that_persists_is_an_error_after_the_retries(server):
    with fetch.Fetcher(timeout=TIMEOUT, retries=1, delay=0, backoff=0) as fetcher:
        err = error([server.base + "/flaky/5"], fetcher)
    assert err.reason == "HTTP 500 Internal Server Error (after 2 tries)"
    assert server.hits["/flaky/5"] == 2


def test_too_many_requests_is_retried_after_retry_after(server, fetcher):
    assert isinstance(one([server.base + "/busy"], fetcher), Article)
    assert server.hits["/busy"] == 2


def test_retry_after_header_is_read_and_capped():
    now = dt.datetime(2024, 3, 11, 12, 0, tzinfo=dt.timezone.utc)
    assert fetch._retry_after("3") == 3.0
    assert fetch._retry_after("86400") == fetch.RETRY_AFTER_CAP
    assert fetch._retry_after("Mon, 11 Mar 2024 12:00:05 GMT", now) == 5.0
    assert fetch._retry_after("Mon, 11 Mar 2024 11:00:00 GMT", now) == 0.0
    assert fetch._retry_after("soon") is None and fetch._retry_after(None) is None


def test_pdf_is_an_error_naming_the_content_type(server, fetcher):
    err = error([server.base + "/report.pdf"], fetcher)
    assert "application/pdf" in err.reason


def test_page_over_the_size_cap_is_an_error_with_or_without_content_length(server):
    with fetch.Fetcher(timeout=TIMEOUT, retries=0, delay=0, max_bytes=4000) as fetcher:
        for path in ("/big", "/big-unsized"):
            err = error([server.base + path], fetcher)
            assert "too large" in err.reason and "NEWSEVENTS_FETCH_MAX_BYTES" in err.reason


def test_page_not_in_english_is_an_error(server, fetcher):
    err = error([server.base + "/news/french"], fetcher)
    assert "not English" in err.reason
    assert err.article_id == server.base + "/news/french"


def test_refused_connection_is_one_error_not_an_exception():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with fetch.Fetcher(timeout=TIMEOUT, retries=0, delay=0) as fetcher:
        err = error([f"http://127.0.0.1:{port}/feeds/rss.xml"], fetcher)
    assert "cannot connect" in err.reason and "\n" not in err.reason


def test_feed_url_with_network_error_is_one_error_for_the_feed(server, fetcher):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with fetch.Fetcher(timeout=TIMEOUT, retries=1, delay=0, backoff=0) as quick:
        items = read([f"http://127.0.0.1:{port}/feeds/rss.xml", server.base + "/news/port-strike"], quick)
    assert [type(i) for i in items] == [ArticleError, Article]
    assert items[0].article_id == f"http://127.0.0.1:{port}/feeds/rss.xml" and "(after 2 tries)" in items[0].reason


def test_local_text_and_jsonl_still_go_through_read_paths_in_input_order(server, fetcher, tmp_path):
    text = tmp_path / "note.txt"
    text.write_text("Police arrested twelve people on Tuesday after a protest against fuel prices in the capital.", encoding="utf-8")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": "Soldiers clashed with rebels near the border town on Sunday, officials said."}) + "\n"
        + json.dumps({"id": "j2", "text": ""}) + "\n",
        encoding="utf-8",
    )
    items = read([jsonl, server.base + "/news/flood-relief", text, server.base + "/feeds/atom.xml"], fetcher, published=dt.date(2024, 1, 2))
    ids = [i.id if isinstance(i, Article) else i.article_id for i in items]
    assert ids == ["j1", "j2", server.base + "/news/flood-relief", "note.txt", server.base + "/news/flood-relief", server.base + "/news/gone"]
    assert items[0].published == dt.date(2024, 1, 2)
    assert isinstance(items[1], ArticleError)


def test_missing_local_path_fails_before_anything_is_fetched(server, fetcher, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        fetch.read_sources([server.base + "/news/port-strike", str(tmp_path / "nope.txt")], fetcher=fetcher)
    assert sum(server.hits.values()) == 0
    with pytest.raises(InputError):
        fetch.read_sources([], fetcher=fetcher)


def test_requests_carry_the_newsevents_user_agent(server, fetcher):
    one([server.base + "/news/port-strike"], fetcher)
    assert server.agents and all(a.startswith("newsevents/") for a in server.agents)


def test_requests_to_one_host_are_spaced_by_the_delay(server):
    with fetch.Fetcher(timeout=TIMEOUT, retries=0, delay=0.2) as fetcher:
        started = time.monotonic()
        read([server.base + "/news/port-strike", server.base + "/news/flood-relief"], fetcher)
    assert time.monotonic() - started >= 0.4  # robots.txt, then two pages, each 0.2 s after the last


def test_feed_body_is_never_taken_for_a_file_name(server, fetcher, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(feed_bytes("rss.xml", server.base))
    items = read([server.base + "/echo?" + str(secret)], fetcher)
    assert len(items) == 1 and isinstance(items[0], ArticleError) and "not a readable" in items[0].reason
    assert server.hits["/news/port-strike"] == 0
