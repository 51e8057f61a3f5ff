"""The hostile corpus (tests/hostile/) through the real commands: `code` and `ingest` in a subprocess, stdin,
the web (timeouts, redirect loops, feeds that are not feeds, on loopback) and the API.

Every bad article gets one line naming it and the reason, never a traceback; every good article in the
same run is coded; the exit code says some failed; `ingest` stores every failed article with its reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hostile import corpus
from newsevents import cli
from newsevents.api import create_app
from newsevents.ingest import ingest
from newsevents.read import read_jsonl_lines
from newsevents.store import Store

TOKEN = "hostile-token-4f7a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FETCH_ENV = {"NEWSEVENTS_FETCH_TIMEOUT": "0.5", "NEWSEVENTS_FETCH_RETRIES": "0", "NEWSEVENTS_FETCH_DELAY": "0",
             "NEWSEVENTS_FETCH_MAX_BYTES": "200000"}


# -- a hostile web server on loopback --------------------------------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    """Pages that time out, redirect forever, lie about their type, or are too big."""

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        path = self.path
        if path == "/slow":
            time.sleep(2)  # the client gave up after 0.5 s
            self._send(200, b"<html><body><p>late</p></body></html>")
        elif path == "/stall":  # headers at once, then the body never comes
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>Police")
            self.wfile.flush()
            time.sleep(2)
        elif path == "/loop":
            self._send(302, Location="/loop")
        elif path in ("/ping", "/pong"):
            self._send(301, Location="/pong" if path == "/ping" else "/ping")
        elif path == "/binary":
            self._send(200, os.urandom(2000), "application/octet-stream")
        elif path == "/huge":
            self._send(200, b"<html>", length="50000000")
        elif path == "/not-a-feed":
            self._send(200, (corpus.HERE / "not-a-feed.rss").read_bytes(), "application/rss+xml")
        elif path == "/error":
            self._send(500, b"oops")
        elif path == "/article":
            self._send(200, corpus.WEB_PAGE.encode("utf-8"))
        else:
            self._send(404, b"not here")


@pytest.fixture(scope="module")
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    yield f"http://127.0.0.1:{server.server_address[1]}", closed
    server.shutdown()


def web_cases(base: str, closed_port: int) -> list[corpus.Case]:
    return [
        corpus.Case(f"{base}/slow", "timed out", "web.urls"),
        corpus.Case(f"{base}/stall", "timed out", "web.urls"),
        corpus.Case(f"{base}/loop", "too many redirects", "web.urls"),
        corpus.Case(f"{base}/ping", "too many redirects", "web.urls"),
        corpus.Case(f"{base}/binary", "not an HTML page", "web.urls"),
        corpus.Case(f"{base}/huge", "too large", "web.urls"),
        corpus.Case(f"{base}/not-a-feed", "not a readable RSS or Atom feed", "web.urls"),
        corpus.Case(f"{base}/error", "HTTP 500", "web.urls"),
        corpus.Case(f"{base}/gone", "HTTP 404", "web.urls"),
        corpus.Case(f"http://127.0.0.1:{closed_port}/nobody", "cannot connect", "web.urls"),
        corpus.Case(f"{base}/article", None, "web.urls"),
    ]


# -- the commands in a subprocess -----------------------------------------------------------------


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsevents", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=600, errors="backslashreplace")


def assert_one_line_each(stderr: str, cases: list[corpus.Case]) -> None:
    """No traceback; each failed case named on exactly one line with its reason; no line but newsevents' own."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    strays = [x for x in lines if not x.startswith(("newsevents: ", "coded "))]  # `code` ends on "coded N articles, ..."
    assert strays == []
    for case in cases:
        if case.good:
            continue
        named = [line for line in lines if line.startswith(f"newsevents: skipped {case.id}: ")]
        assert len(named) == 1, (case, named)
        assert case.reason in named[0], (case, named[0])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, list[corpus.Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, corpus.build(folder)


def test_code_names_every_bad_article_on_one_line_and_codes_the_good_ones(hostile):
    folder, cases = hostile
    files = sorted({c.path for c in cases})
    result = run(["code", *files, "--published", "2024-03-12", "--format", "jsonl"], folder)
    assert result.returncode == 1, result.stderr  # some failed
    assert_one_line_each(result.stderr, cases)
    coded = {json.loads(line)["article_id"] for line in result.stdout.splitlines()}
    assert coded == {c.id for c in cases if c.good}  # every good one, each with events
    failed = [c for c in cases if not c.good]
    assert result.stderr.splitlines()[-1] == f"coded {len(cases) - len(failed)} articles, " \
                                             f"{len(result.stdout.splitlines())} events, {len(failed)} failed"
    scripts = [json.loads(line) for line in result.stdout.splitlines() if '"script-iframe.html"' in line]
    for record in scripts:  # script, style, frame and noscript contents never became text the coder read
        assert "_MARK" not in json.dumps(record)


def test_ingest_stores_every_input_and_every_failure_with_its_reason(hostile, web, tmp_path):
    folder, cases = hostile
    base, closed = web
    cases = cases + corpus.build_feeds(folder) + web_cases(base, closed)
    urls = [c.id for c in cases if c.path == "web.urls"]
    (folder / "web.urls").write_text("# hostile pages\n" + "\n".join(urls) + "\n", encoding="utf-8")
    db = tmp_path / "hostile.db"
    sources = sorted({c.path for c in cases})
    result = run(["ingest", *sources, "--db", str(db), "--published", "2024-03-12"], folder, **FETCH_ENV)
    assert result.returncode == 1, result.stderr
    assert_one_line_each(result.stderr, cases)
    good, bad = [c for c in cases if c.good], [c for c in cases if not c.good]
    assert f"read {len(cases)} articles: {len(good)} new, 0 duplicate" in result.stderr.splitlines()[-1]
    assert f"{len(bad)} failed" in result.stderr.splitlines()[-1]

    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {origin: (status, error, text) for origin, status, error, text in
                con.execute("SELECT origin, status, error, text FROM articles")}
        events = dict(con.execute("SELECT a.origin, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
                                  "GROUP BY a.origin"))
    assert len(rows) == len(cases)  # nothing lost: one row per article given
    for case in bad:
        status, error, _ = rows[case.id]
        assert status == "failed" and case.reason in error, (case, error)
    for case in good:
        assert rows[case.id][0] == "coded" and events.get(case.id), case
    # What was given is kept: a broken line as it was, a refused text as it was, a lone surrogate escaped.
    assert rows["broken.jsonl:line 2"][2] == '{"id": "cut-off", "text": "Police arrested\n'
    assert rows["future"][2] == corpus.GOOD[2] + " Future."
    assert rows["lone-surrogate"][2].endswith("\\ud800 after.")
    assert rows["broken.jsonl:line 23"][2] == "\\x00\x01\x02{\"id\": \"nul\"}\n"

    again = run(["ingest", *sources, "--db", str(db), "--published", "2024-03-12"], folder, **FETCH_ENV)
    assert f"0 new, {len(cases)} duplicate" in again.stderr.splitlines()[-1], again.stderr  # resumable, idempotent


def test_published_in_the_future_is_a_usage_error(hostile):
    folder, _ = hostile
    for args in (["code"], ["ingest", "--db", "x.db"]):
        result = run([*args, "good-wire.txt", "--published", "2999-01-01"], folder)
        assert result.returncode == 2
        assert result.stderr == "newsevents: error: --published: published date 2999-01-01 is in the future\n"


@pytest.mark.parametrize("data, reason", [
    (b"", None),
    (b"\x00\x01\x02\xff\xfe binary", "stdin: binary file (NUL bytes), not text"),
    (b"\xff\xfe\xfd not utf-8 " * 10, "stdin: binary file (not UTF-8 text"),
    (b'{"id": "a", "text": "short"}\n{oops\n\xff\n', "a: too short"),
])
def test_stdin_of_any_bytes_is_one_line_per_article(data, reason, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = cli.main(["code", "-", "--published", "2024-03-12"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    if reason:
        assert f"newsevents: skipped {reason}" in err


# -- the API ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("hostile-api") / "api.db")
    Store(path).close()
    return TestClient(create_app(path, token=TOKEN, max_body_bytes=2_000_000), raise_server_exceptions=False), path


def test_api_batch_codes_the_good_and_stores_the_bad_with_reasons(api, monkeypatch):
    client, _ = api
    monkeypatch.setenv("NEWSEVENTS_MAX_CHARS", "8000")
    french = (corpus.HERE / "french.txt").read_text(encoding="utf-8")
    batch = [
        {"id": "good", "text": corpus.GOOD[0], "published": "2024-03-12"},
        {"id": "empty", "text": ""},
        {"id": "french", "text": french},
        {"id": "future", "text": corpus.GOOD[1], "published": "2999-01-01"},
        {"id": "year-one", "text": corpus.GOOD[1] + " One.", "published": "0001-01-01"},
        {"id": "large", "text": corpus.GOOD[3] + " More." * 2000},
        {"id": "run-on", "text": "Police arrested " + "protesters and students " * 220 + "today."},
        {"id": "script", "text": "<script>alert(1)</script> " + corpus.GOOD[4], "title": "<img src=x onerror=alert(1)>"},
    ]
    response = client.post("/api/articles", json={"articles": batch}, headers=AUTH)
    assert response.status_code == 200, response.text
    results = response.json()["articles"]
    got = [(r["status"], (r["error"] or "").split(" (")[0]) for r in results]
    assert got == [
        ("coded", ""), ("failed", "empty text"), ("failed", "not English"), ("failed", "published date 2999-01-01 is in the future"),
        ("failed", "published date 0001-01-01 is before 1800"),
        ("failed", "too large"), ("failed", "not prose: 5301 characters without a sentence end from character 0"),
        ("coded", ""),
    ]
    assert results[0]["events"] and results[7]["events"]
    failed = client.get("/api/articles", params={"status": "failed", "limit": 50}).json()["data"]
    assert {a["origin"] for a in failed} >= {"empty", "french", "future", "year-one", "large", "run-on"}
    script = client.get(f"/api/articles/{results[7]['id']}").json()["article"]
    assert script["text"].startswith("<script>alert(1)</script>")  # kept as it was: data, never markup


@pytest.mark.parametrize("body, kind, status", [
    (b"\x00\x01\xff" * 100, "application/json", 400),
    (b'{"text": "\xff\xfe"}', "application/json", 400),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
    (b'{"articles": ' + b"[" * 3000 + b"]" * 3000 + b"}", "application/json", 400),
    (b'{"text": NaN}', "application/json", 422),
    (b'{"text": 1e999999}', "application/json", 422),
    (b'{"text": "x", "published": "0000-01-01"}', "application/json", 422),
    (b'{"text": "x", "id": ' + b"9" * 5000 + b"}", "application/json", 400),
    (b'{"text": "Police \\ud800 said", "id": "a\\udfff"}', "application/json", 422),
    (b'{"articles": [' + b'{"text": "x"},' * 1000 + b'{"text": "x"}]}', "application/json", 422),
    (b"x" * 3_000_000, "application/json", 413),
    (b"text=x", "multipart/form-data; boundary=x", 415),
])
def test_api_hostile_bodies_fail_safely(api, body, kind, status):
    client, path = api
    response = client.post("/api/articles", content=body, headers={**AUTH, "Content-Type": kind})
    assert response.status_code == status, response.text[:300]
    assert list(response.json()) == ["error"] and set(response.json()["error"]) == {"code", "message"}
    with Store(path, readonly=True) as store:
        assert store.integrity_check() == "ok"


# -- what ingest still loses (ingest.py, reported; these pass once it is fixed) --------------------


def test_a_corrected_article_is_coded_after_its_failed_version(tmp_path):
    bad = b'{"id": "a", "text": "%s", "published": "2999-01-01"}' % corpus.GOOD[0].encode()
    fixed = bad.replace(b"2999-01-01", b"2024-03-12")
    with Store(str(tmp_path / "s.db")) as store:
        ingest(read_jsonl_lines([bad], "first.jsonl"), store)
        summary = ingest(read_jsonl_lines([fixed], "second.jsonl"), store)
    assert summary.new == 1


def test_two_different_broken_lines_are_both_kept(tmp_path):
    with Store(str(tmp_path / "s.db")) as store:
        summary = ingest(read_jsonl_lines([b"{\n", b"}\n"], "broken.jsonl"), store)
        texts = sorted(r[0] for r in store.db.execute("SELECT text FROM articles"))
    assert summary.failed == 2 and texts == ["{\n", "}\n"]


def test_the_failed_article_keeps_its_date_for_the_record():
    """A refused date is kept on the stored article, so `articles --failed` shows what was given."""
    [error] = list(read_jsonl_lines([b'{"id": "f", "text": "%s", "published": "2999-01-01"}' % corpus.GOOD[0].encode()], "f"))
    assert error.article.published == dt.date(2999, 1, 1) and "in the future" in error.reason


# -- the API: every parameter tried with injection, traversal and oversized values ------------------

INJECTIONS = [
    "' OR '1'='1", "'; DROP TABLE events; --", '" OR ""="', "1) OR (1=1", "%", "_", "\\", "%' OR e.id LIKE '%",
    "' UNION SELECT record, record FROM events --", "x' AND (SELECT count(*) FROM articles) > 0 --",
    "1; ATTACH DATABASE '/tmp/owned.db' AS owned; --", "NEAR(police protest)", '"', "*", "police*", "text:police",
    "^police", "-police", "police OR x", "\x00", "%00", "\u202e", "../../etc/passwd", "..%2f..%2fetc%2fpasswd",
    "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "😀", "\ud7ff", "Kenya\r\nSet-Cookie: x=1",
]
OVERSIZED = ["x" * 201, "y" * 20_000]
TEXT_FILTERS = ["type", "event_type", "sub_event_type", "plover", "country", "admin1", "actor", "q", "bbox"]
OTHER_PARAMS = {"/api/events": ["date_from", "date_to", "min_fatalities", "include_unreal", "limit", "cursor"],
                "/api/articles": ["status", "source", "q", "limit", "cursor"], "/api/export": ["format"]}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A small store of real events, and a client that may write."""
    from newsevents.records import Article

    path = str(tmp_path_factory.mktemp("hostile-params") / "p.db")
    articles = [Article(id=f"g{i}", text=text, published=dt.date(2024, 3, 12), source="wire")
                for i, text in enumerate(corpus.GOOD)]
    with Store(path) as store:
        assert ingest(articles, store).new == len(articles)
    return TestClient(create_app(path, token=TOKEN), raise_server_exceptions=False), path


def _tables(path: str) -> tuple:
    with sqlite3.connect(path) as con:
        return (tuple(r[0] for r in con.execute("SELECT name FROM sqlite_master ORDER BY name")),
                con.execute("SELECT count(*) FROM events").fetchone()[0],
                con.execute("SELECT count(*) FROM articles").fetchone()[0])


def assert_safe(response, *ok: int) -> None:
    assert response.status_code in ok, (response.request.url, response.status_code, response.text[:200])
    if response.status_code >= 400:
        assert list(response.json()) == ["error"]


def test_every_filter_takes_injection_and_oversized_values_as_data(filled):
    client, path = filled
    before = _tables(path)
    total = client.get("/api/events").json()["count"]
    assert total > 0
    tried = 0
    for param in TEXT_FILTERS:
        for value in INJECTIONS + OVERSIZED:
            for url in ("/api/events", "/api/stats") + (("/api/export?format=jsonl",) if value in INJECTIONS[:8] else ()):
                response = client.get(url, params={param: value})
                tried += 1
                assert_safe(response, 200, 422)
                if response.status_code == 200 and url == "/api/events" and param != "q":
                    assert response.json()["count"] == 0, (param, value)  # matched as words, never as SQL
                if response.status_code == 200 and url == "/api/stats":
                    assert response.json()["count"] <= total
    for url, params in OTHER_PARAMS.items():
        for param in params:
            for value in INJECTIONS + OVERSIZED + ["-1", "0", "99999999999999999999999", "1e309", "nan", "true"]:
                tried += 1
                assert_safe(client.get(url, params={param: value}), 200, 422)
    assert tried > 700
    assert _tables(path) == before  # nothing dropped, attached or written
    assert not Path("/tmp/owned.db").exists()


@pytest.mark.parametrize("value", INJECTIONS + OVERSIZED + ["%2e%2e", "..%2f..%2fetc%2fpasswd", "a/b", "%"])
def test_every_path_parameter_takes_hostile_ids(filled, value):
    """(A bare ".." never reaches the server from a client that normalizes URLs; the raw test below sends it.)"""
    client, _ = filled
    from urllib.parse import quote

    for url in ("/api/events/{}", "/api/articles/{}", "/events/{}"):
        response = client.get(url.format(quote(value, safe="")))
        assert response.status_code in (404, 422), (url, value, response.status_code)
        kind = response.headers["content-type"]
        if kind.startswith("text/html"):  # the event page shell: the id only ever escaped
            assert "<script>alert(1)" not in response.text and "\x00" not in response.text
        else:  # JSON, never sniffed as HTML
            assert kind == "application/json" and response.headers["x-content-type-options"] == "nosniff"
            assert list(response.json()) == ["error"]


def test_a_deeply_nested_cursor_is_refused(filled):
    import base64

    client, _ = filled
    cursor = base64.urlsafe_b64encode(b"[" * 740 + b"]" * 0).decode().rstrip("=")[:1000]
    assert_safe(client.get("/api/events", params={"cursor": cursor}), 422)
    big = base64.urlsafe_b64encode(json.dumps(["e", "2024-01-01", "x" * 600]).encode()).decode()
    assert_safe(client.get("/api/events", params={"cursor": big}), 200, 422)


def _raw_get(base: str, path: bytes) -> bytes:
    """A request sent as written: no client normalizes the dots or the escapes away."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        with contextlib.suppress(socket.timeout, ConnectionResetError):
            while chunk := conn.recv(65536):
                data += chunk
    return data


TRAVERSALS = [
    b"/static/../app.py", b"/static/%2e%2e/app.py", b"/static/..%2fapp.py", b"/static/%2e%2e%2fapp.py",
    b"/static/....//app.py", b"/static/..\\app.py", b"/static/%5c..%5capp.py", b"/static//etc/passwd",
    b"/static/%252e%252e/app.py", b"/static/%c0%ae%c0%ae/app.py", b"/static/%00", b"/static/index.html%00.js",
    b"/static/../../../../../../etc/passwd", b"/vendor/leaflet/../../../../../../etc/passwd",
    b"/vendor/leaflet/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", b"/vendor/swagger-ui/..%2f..%2f__init__.py",
    b"/events/..%2f..%2fetc%2fpasswd", b"/api/events/..%2f..%2f..%2fetc%2fpasswd", b"/static/\xff\xfe",
    b"/%2e%2e/%2e%2e/etc/passwd", b"//etc/passwd", b"/static/" + b"../" * 2000 + b"etc/passwd",
]


def test_static_routes_refuse_path_traversal_on_a_live_server(filled):
    from test_api import live_server  # the same uvicorn-in-a-thread the API tests use

    client, path = filled
    with live_server(create_app(path, token=TOKEN)) as base:
        assert _raw_get(base, b"/static/dashboard.js").startswith(b"HTTP/1.1 200")  # the route works
        for target in TRAVERSALS:
            answer = _raw_get(base, target)
            status = answer.split(b" ", 2)[1] if answer else b"closed"
            assert status in (b"400", b"404", b"closed"), (target[:80], answer[:200])
            assert b"root:" not in answer and b"def create_app" not in answer and b"import " not in answer
        assert _raw_get(base, b"/api/stats").startswith(b"HTTP/1.1 200")  # and the server is still up


def test_oversized_requests_are_refused_and_the_server_stays_up(filled):
    from test_api import live_server

    _, path = filled
    with live_server(create_app(path, token=TOKEN)) as base:
        host, port = base.removeprefix("http://").split(":")

        def raw(request: bytes) -> bytes:
            with socket.create_connection((host, int(port)), timeout=10) as conn:
                conn.sendall(request)
                data = b""
                with contextlib.suppress(socket.timeout, ConnectionResetError, BrokenPipeError):
                    while chunk := conn.recv(65536):
                        data += chunk
                return data

        end = b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        assert raw(b"GET /api/events?actor=" + b"x" * 100_000 + end).startswith(b"HTTP/1.1 422")
        assert raw(b"GET /api/events?" + b"&".join(b"a=%d" % i for i in range(20_000)) + end)[:12] in (b"HTTP/1.1 400", b"")
        assert raw(b"GET /api/events HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 300_000 + b"\r\n\r\n")[:12] in (b"HTTP/1.1 400", b"")
        started = time.monotonic()  # no token: refused before a byte of the 4 MB body is read
        answer = raw(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 4000000\r\nConnection: close\r\n\r\n{\"text\": \"")
        assert answer.startswith(b"HTTP/1.1 401") and time.monotonic() - started < 9
        answer = raw(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 99999999999\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 413")
        assert raw(b"GET /api/stats" + end).startswith(b"HTTP/1.1 200")


def test_numbers_past_sqlites_integers_are_refused_not_a_server_error(filled):
    import base64

    client, _ = filled
    assert_safe(client.get("/api/events", params={"min_fatalities": 2**63}), 422)
    assert_safe(client.get("/api/events", params={"min_fatalities": 2**63 - 1}), 200)
    for position in ([10**30], [-(10**30)], [2**63]):
        cursor = base64.urlsafe_b64encode(json.dumps(["a", *position]).encode()).decode().rstrip("=")
        assert_safe(client.get("/api/articles", params={"cursor": cursor}), 422)
