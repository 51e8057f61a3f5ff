"""The REST API (newsevents.api) through FastAPI's TestClient, over a store built by ingesting real articles.

The store is built once per session (`built_store`, shared with test_dashboard.py): the seeded synthetic
articles of benchmarks/synthetic.py plus a few written here, one of them carrying HTML and script tags.
Tests that write work on a copy.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib.util
import io
import json
import socket
import sqlite3
import threading
import time
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette suggests httpx2; httpx is what the project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsevents.api import create_app, serve
from newsevents.api.app import CSP, is_loopback
from newsevents.errors import InputError
from newsevents.ingest import ingest
from newsevents.records import Article
from newsevents.store import EventFilter, Store

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-0123456789"

XSS_TEXT = (
    "Police in Nairobi fired tear gas at protesters on Tuesday and arrested 12 people, a police spokesman said. "
    "<script>window.__xss = 1; alert('xss')</script> Organisers said <img src=x onerror=\"window.__xss = 2\"> "
    "the march against rising fuel prices would continue."
)
XSS_TITLE = "<script>window.__xss = 3</script>Nairobi protest <b>broken up</b>"
HANDMADE = [
    Article(id="xss", text=XSS_TEXT, title=XSS_TITLE, source="<i>Wire</i>", url="https://example.org/nairobi-protest",
            published=dt.date(2024, 3, 13)),
    Article(id="kisumu-raid", source="daily", published=dt.date(2024, 3, 12), title="Police raid opposition office in Kisumu",
            text="Police raid opposition office in Kisumu\n\nKISUMU, March 12 - Kenyan police raided the Kisumu office of "
                 "the opposition Umoja party on Tuesday and arrested six party officials, a police spokesman said."),
    Article(id="mandera-attack", source="daily", published=dt.date(2024, 3, 12), title="Two killed as gunmen attack market",
            text="Two killed as gunmen attack market in Mandera\n\nMANDERA, March 11 - Gunmen opened fire on a crowded market "
                 "in Mandera on Monday, killing two traders and wounding five other people, local officials said."),
]


def _synthetic_module():
    spec = importlib.util.spec_from_file_location("newsevents_synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_articles() -> list[Article]:
    """The fixture's articles: 36 synthetic ones across a dozen countries and six event types, and HANDMADE."""
    out = [Article(id=a["id"], text=a["text"], title=a["title"], source=a["source"],
                   published=dt.date.fromisoformat(a["published"]))
           for a in _synthetic_module().articles(36, seed=11)]
    return out + [Article(**a.__dict__) for a in HANDMADE]


test_articles.__test__ = False  # a helper, not a test

_BUILT: dict[str, str] = {}


def built_store(tmp_path_factory) -> str:
    """The path of the session's store, ingested on first use."""
    if "path" not in _BUILT:
        path = str(tmp_path_factory.mktemp("api-store") / "events.db")
        with Store(path) as store:
            summary = ingest(test_articles(), store)
        assert summary.new == len(HANDMADE) + 36 - summary.duplicate, summary.line()
        _BUILT["path"] = path
    return _BUILT["path"]


def copy_store(path: str, target: Path) -> str:
    """A copy of a store (through SQLite's backup, so the WAL is included) for tests that write."""
    source, copy = sqlite3.connect(path), sqlite3.connect(str(target))
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    return str(target)


@contextlib.contextmanager
def live_server(app):
    """The app served by uvicorn in a background thread on 127.0.0.1 and a free port; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return built_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db, token=TOKEN))


@pytest.fixture(scope="module")
def every_event(client) -> list[dict]:
    """Every stored event, negated and hypothetical ones included, read back through the API."""
    return _all(client, {"include_unreal": "true"})


@pytest.fixture
def writable(db, tmp_path) -> TestClient:
    return TestClient(create_app(copy_store(db, tmp_path / "copy.db"), token=TOKEN))


def _all(client, params) -> list[dict]:
    events, cursor = [], None
    while True:
        page = client.get("/api/events", params={**params, "limit": 500, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        events += page.json()["data"]
        cursor = page.json()["next"]
        if cursor is None:
            return events


def _ids(events) -> list[str]:
    return sorted(e["event_id"] for e in events)


def _real(e) -> bool:
    return not e["negated"] and not e["hypothetical"]


def _xss_event(client) -> dict:
    article = client.get("/api/articles", params={"q": "onerror"}).json()["data"]
    assert len(article) == 1
    events = client.get(f"/api/articles/{article[0]['id']}").json()["events"]
    assert events, "the XSS article must tell an event for these tests to mean anything"
    return client.get(f"/api/events/{events[0]['event_id']}").json()


# -- events -----------------------------------------------------------------------------------------


def test_events_page_has_data_count_and_next(client, db):
    body = client.get("/api/events", params={"limit": 5}).json()
    assert set(body) == {"data", "count", "next"}
    with Store(db, readonly=True) as store:
        assert body["count"] == store.count_events(EventFilter()) > 40
    assert len(body["data"]) == 5 and isinstance(body["next"], str)
    assert {"event_id", "acled", "plover", "location", "evidence", "sources"} <= set(body["data"][0])


def test_cursor_walks_every_event_once_in_date_order(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 9, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += body["data"]
        cursor, pages = body["next"], pages + 1
        if cursor is None:
            break
    assert len(seen) == body["count"] and len({e["event_id"] for e in seen}) == len(seen)
    assert pages == -(-len(seen) // 9)
    keys = [(e["date"] or "", e["event_id"]) for e in seen]
    assert keys == sorted(keys)


def _pick(every_event, key):
    """The most common non-empty value of a field, so each filter test filters something real."""
    values = [key(e) for e in every_event if key(e)]
    return max(sorted(set(values)), key=values.count)


FILTERS = {
    "date range": (lambda ev: {"date_from": "2024-04-01", "date_to": "2024-04-30"},
                   lambda e, p: e["date"] is not None and "2024-04-01" <= e["date"] <= "2024-04-30"),
    "type (any taxonomy)": (lambda ev: {"type": "protests"},
                            lambda e, p: "protests" in {str(e["acled"]["event_type"]).lower(), str(e["acled"]["sub_event_type"]).lower(),
                                                        str(e["plover"]["event"]).lower()}),
    "event_type": (lambda ev: {"event_type": "Battles"}, lambda e, p: e["acled"]["event_type"] == "Battles"),
    "sub_event_type": (lambda ev: {"sub_event_type": "Peaceful protest"},
                       lambda e, p: e["acled"]["sub_event_type"] == "Peaceful protest"),
    "plover": (lambda ev: {"plover": _pick(ev, lambda e: e["plover"]["event"])},
               lambda e, p: e["plover"]["event"] == p["plover"]),
    "country ISO3": (lambda ev: {"country": "ken"}, lambda e, p: (e["location"] or {}).get("iso3") == "KEN"),
    "country name": (lambda ev: {"country": "Kenya"}, lambda e, p: (e["location"] or {}).get("iso3") == "KEN"),
    "admin1": (lambda ev: {"admin1": _pick(ev, lambda e: (e["location"] or {}).get("admin1"))},
               lambda e, p: (e["location"] or {}).get("admin1") == p["admin1"]),
    "actor": (lambda ev: {"actor": "police"},
              lambda e, p: any("police" in ((e[a] or {}).get("name") or "").lower() for a in ("actor1", "actor2"))),
    "bbox": (lambda ev: {"bbox": "33.9,-4.8,41.9,5.1"},
             lambda e, p: (e["location"] or {}).get("lat") is not None
             and 33.9 <= e["location"]["lon"] <= 41.9 and -4.8 <= e["location"]["lat"] <= 5.1),
    "min_fatalities": (lambda ev: {"min_fatalities": 2}, lambda e, p: e["fatalities"]["best"] >= 2),
    "combined": (lambda ev: {"country": "NGA", "event_type": "Protests", "date_from": "2024-03-15"},
                 lambda e, p: (e["location"] or {}).get("iso3") == "NGA" and e["acled"]["event_type"] == "Protests"
                 and (e["date"] or "") >= "2024-03-15"),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_returns_exactly_the_matching_events(client, every_event, name):
    make_params, matches = FILTERS[name]
    params = make_params(every_event)
    expected = [e for e in every_event if _real(e) and matches(e, params)]
    assert 0 < len(expected) < len([e for e in every_event if _real(e)]), f"{name}: the fixture must exercise the filter"
    got = _all(client, params)
    assert _ids(got) == _ids(expected)
    assert client.get("/api/events", params={**params, "limit": 1}).json()["count"] == len(expected)


def test_full_text_filter_finds_events_told_by_matching_articles(client, db):
    with sqlite3.connect(db) as con:
        expected = {r[0] for r in con.execute(
            "SELECT DISTINCT m.event_id FROM mentions m JOIN articles a ON a.id = m.article_id JOIN events e ON e.id = m.event_id "
            "WHERE lower(a.text) LIKE '%tear gas%' AND e.negated = 0 AND e.hypothetical = 0")}
    assert expected
    assert set(_ids(_all(client, {"q": "Tear GAS"}))) == expected
    assert _all(client, {"q": 'gas" OR "x'}) == []  # FTS syntax in the words is taken literally


def test_unreal_events_are_hidden_unless_asked(client, every_event, db):
    with Store(db, readonly=True) as store:
        assert len(every_event) == store.count_events(EventFilter(include_unreal=True))
    default = client.get("/api/events", params={"limit": 1}).json()["count"]
    assert default == len([e for e in every_event if _real(e)]) < len(every_event)


def test_event_detail_has_record_mentions_sources_and_evidence_in_the_text(client, every_event):
    merged = max(every_event, key=lambda e: (e["mention_count"], e["event_id"]))
    body = client.get(f"/api/events/{merged['event_id']}").json()
    assert set(body) == {"event", "mentions", "sources"}
    assert body["event"] == merged and body["sources"] == merged["sources"]
    assert len(body["mentions"]) == merged["mention_count"]
    for mention in body["mentions"]:
        assert mention["text"] and mention["evidence"]
        assert {"trigger", "acled.sub_event_type", "location"} <= {s["field"] for s in mention["evidence"]}
        for span in mention["evidence"]:
            assert span["matches"] and mention["text"][span["start"]:span["end"]] == span["text"]
        assert [s["start"] for s in mention["evidence"]] == sorted(s["start"] for s in mention["evidence"])


def test_unknown_event_is_404(client):
    response = client.get("/api/events/0000000000000000")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "no event with id '0000000000000000' (list events with GET /api/events)"}}


# -- articles ---------------------------------------------------------------------------------------


def test_articles_page_through_with_filters(client, db):
    total = client.get("/api/articles", params={"limit": 1}).json()["count"]
    with sqlite3.connect(db) as con:
        assert total == con.execute("SELECT count(*) FROM articles").fetchone()[0]
    seen, cursor = [], None
    while True:
        body = client.get("/api/articles", params={"limit": 10, **({"cursor": cursor} if cursor else {})}).json()
        seen += body["data"]
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == total == len({a["id"] for a in seen})
    assert "text" not in seen[0]
    daily = client.get("/api/articles", params={"source": "daily"}).json()
    assert daily["count"] == 2 and {a["source"] for a in daily["data"]} == {"daily"}
    coded = client.get("/api/articles", params={"status": "coded"}).json()
    assert coded["count"] > 30 and {a["status"] for a in coded["data"]} == {"coded"}
    found = client.get("/api/articles", params={"q": "Mandera traders"}).json()
    assert [a["title"] for a in found["data"]] == ["Two killed as gunmen attack market"]


def test_article_detail_has_text_and_events(client):
    found = client.get("/api/articles", params={"q": "Umoja"}).json()["data"][0]
    body = client.get(f"/api/articles/{found['id']}").json()
    assert body["article"]["text"].startswith("Police raid opposition office in Kisumu")
    assert body["events"] and all(set(e) == {"event_id", "mention_id", "reason", "record"} for e in body["events"])
    event = client.get(f"/api/events/{body['events'][0]['event_id']}").json()
    assert found["id"] in [m["article_id"] for m in event["mentions"]]
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


# -- stats ------------------------------------------------------------------------------------------


def test_stats_count_by_day_type_and_place(client, every_event):
    real = [e for e in every_event if _real(e)]
    body = client.get("/api/stats").json()
    assert body["count"] == len(real)
    assert body["fatalities"] == sum(e["fatalities"]["best"] for e in real)
    assert sum(r["count"] for r in body["by_day"]) == len(real)
    days = [r["date"] for r in body["by_day"]]
    assert days == sorted(days, key=lambda d: d or "")
    for name in ("by_type", "by_sub_event_type", "by_plover", "by_country", "by_admin1"):
        assert sum(r["count"] for r in body[name]) == len(real), name
    protests = {r["name"]: r["count"] for r in body["by_type"]}["Protests"]
    assert protests == len([e for e in real if e["acled"]["event_type"] == "Protests"])
    assert body["store"]["articles"] >= 39


def test_stats_take_the_same_filters(client):
    body = client.get("/api/stats", params={"country": "KEN", "date_from": "2024-03-01"}).json()
    assert body["count"] == client.get("/api/events", params={"country": "KEN", "date_from": "2024-03-01"}).json()["count"] > 0
    assert {r["iso3"] for r in body["by_country"]} == {"KEN"}
    assert all(r["date"] >= "2024-03-01" for r in body["by_day"])


# -- export -----------------------------------------------------------------------------------------


def test_export_jsonl_streams_every_matching_event(client):
    params = {"country": "NGA"}
    with client.stream("GET", "/api/export", params={"format": "jsonl", **params}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        assert 'filename="events.jsonl"' in response.headers["content-disposition"]
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert _ids(lines) == _ids(_all(client, params))


def test_export_acled_csv_and_geojson_hold_the_acled_events(client):
    expected = [e for e in _all(client, {"country": "KEN"}) if e["acled"]["event_type"]]
    text = client.get("/api/export", params={"format": "acled-csv", "country": "KEN"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["event_id"] for r in rows) == _ids(expected)
    assert {r["country"] for r in rows} == {"Kenya"}
    response = client.get("/api/export", params={"format": "geojson", "country": "KEN"})
    assert response.headers["content-type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert sorted(f["id"] for f in features) == _ids([e for e in expected if e["location"]["lat"] is not None])


def test_export_of_many_events_arrives_in_chunks(client, every_event):
    with client.stream("GET", "/api/export", params={"format": "jsonl", "include_unreal": "true"}) as response:
        chunks = list(response.iter_bytes())
    assert sum(c.count(b"\n") for c in chunks) == len(every_event)


# -- the error shape --------------------------------------------------------------------------------


def _bad_requests(db, tmp_path):
    """(client, method, url, kwargs, status, code) for every kind of error the API gives."""
    open_app = TestClient(create_app(db, token=TOKEN))
    no_writes = TestClient(create_app(db, token=""))
    small = TestClient(create_app(copy_store(db, tmp_path / "small.db"), token=TOKEN, max_body_bytes=200))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    return [
        (open_app, "GET", "/nowhere", {}, 404, "not_found"),
        (open_app, "GET", "/api/nowhere", {}, 404, "not_found"),
        (open_app, "GET", "/static/nowhere.js", {}, 404, "not_found"),
        (open_app, "GET", "/api/events/unknown", {}, 404, "not_found"),
        (open_app, "DELETE", "/api/events", {}, 405, "method_not_allowed"),
        (open_app, "PUT", "/api/articles", {}, 405, "method_not_allowed"),
        (open_app, "GET", "/api/events?limit=0", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?limit=501", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?date_from=yesterday", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?date_from=2024-05-01&date_to=2024-04-01", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?bbox=1,2,3", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?bbox=a,b,c,d", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?bbox=10,0,5,1", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?bbox=0,0,nan,1", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?min_fatalities=-1", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?cursor=not-a-cursor", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/events?actor=" + "x" * 201, {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/articles?status=lost", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/stats?include_unreal=maybe", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/export", {}, 422, "invalid_parameter"),
        (open_app, "GET", "/api/export?format=xml", {}, 422, "invalid_parameter"),
        (open_app, "POST", "/api/articles", {"json": {"text": "x"}}, 401, "unauthorized"),
        (open_app, "POST", "/api/articles", {"json": {"text": "x"}, "headers": {"Authorization": "Basic abc"}}, 401, "unauthorized"),
        (open_app, "POST", "/api/articles", {"json": {"text": "x"}, "headers": {"Authorization": "Bearer wrong"}}, 403, "forbidden"),
        (no_writes, "POST", "/api/articles", {"json": {"text": "x"}, "headers": auth}, 403, "writes_disabled"),
        (open_app, "POST", "/api/articles", {"content": b"{oops", "headers": {**auth, "Content-Type": "application/json"}}, 400, "invalid_json"),
        (open_app, "POST", "/api/articles", {"content": b"text=x", "headers": {**auth, "Content-Type": "text/plain"}}, 415, "unsupported_media_type"),
        (open_app, "POST", "/api/articles", {"json": {"title": "no text"}, "headers": auth}, 422, "invalid_body"),
        (open_app, "POST", "/api/articles", {"json": {"articles": []}, "headers": auth}, 422, "invalid_body"),
        (small, "POST", "/api/articles", {"json": {"text": "x" * 300}, "headers": auth}, 413, "payload_too_large"),
    ]


def test_every_error_has_the_one_shape(db, tmp_path):
    for client, method, url, kwargs, status, code in _bad_requests(db, tmp_path):
        response = client.request(method, url, **kwargs)
        where = f"{method} {url[:60]}"
        assert response.status_code == status, (where, response.text)
        assert response.headers["content-type"] == "application/json", where
        body = response.json()
        assert list(body) == ["error"] and list(body["error"]) == ["code", "message"], (where, body)
        assert body["error"]["code"] == code, (where, body)
        assert isinstance(body["error"]["message"], str) and len(body["error"]["message"]) > 10, (where, body)


def test_unexpected_and_store_errors_have_the_one_shape(db, tmp_path, monkeypatch):
    from newsevents.api import queries

    def broken(store, where):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "stats", broken)
    app = TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False)
    response = app.get("/api/stats")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal_error", "message": "internal error: the server logged the details"}}

    path = copy_store(db, tmp_path / "gone.db")
    app = TestClient(create_app(path, token=""))
    Path(path).unlink()
    response = app.get("/api/events")
    assert response.status_code == 503
    assert list(response.json()["error"]) == ["code", "message"]
    assert response.json()["error"]["code"] == "store_unavailable" and "no such store" in response.json()["error"]["message"]


@pytest.mark.parametrize("url, words", [
    ("/api/events?limit=abc", ["query parameter 'limit'", "valid integer", "'abc'"]),
    ("/api/events?date_to=2024-13-01", ["query parameter 'date_to'", "'2024-13-01'"]),
    ("/api/events?date_from=2024-05-01&date_to=2024-04-01", ["'date_from'", "after 'date_to'"]),
    ("/api/events?bbox=1,2,3", ["'bbox'", "min_lon,min_lat,max_lon,max_lat"]),
    ("/api/events?min_fatalities=-3", ["query parameter 'min_fatalities'", "greater than or equal to 0"]),
    ("/api/export?format=xml", ["query parameter 'format'", "'acled-csv', 'geojson' or 'jsonl'"]),
    ("/api/export", ["query parameter 'format'", "Field required"]),
    ("/api/events?cursor=abc", ["'cursor'", "pass back the 'next' value"]),
])
def test_validation_messages_name_the_bad_parameter(client, url, words):
    message = client.get(url).json()["error"]["message"]
    for word in words:
        assert word in message


def test_a_cursor_from_another_endpoint_is_refused(client):
    articles_cursor = client.get("/api/articles", params={"limit": 1}).json()["next"]
    response = client.get("/api/events", params={"cursor": articles_cursor})
    assert response.status_code == 422 and "'cursor'" in response.json()["error"]["message"]


def test_body_limit_holds_without_content_length(db, tmp_path):
    small = TestClient(create_app(copy_store(db, tmp_path / "s.db"), token=TOKEN, max_body_bytes=1000))
    chunks = [b'{"text": "', b"x" * 600, b"y" * 600, b'"}']
    response = small.post("/api/articles", content=iter(chunks),
                          headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert "1000 bytes" in response.json()["error"]["message"]


def test_body_limit_can_be_set_from_the_environment(db, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_MAX_BODY_BYTES", "50")
    app = TestClient(create_app(copy_store(db, tmp_path / "e.db"), token=TOKEN))
    response = app.post("/api/articles", json={"text": "y" * 100}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
    monkeypatch.setenv("NEWSEVENTS_MAX_BODY_BYTES", "lots")
    with pytest.raises(InputError, match="NEWSEVENTS_MAX_BODY_BYTES"):
        create_app(db)


# -- the token rule ---------------------------------------------------------------------------------


def test_token_comes_from_the_environment_and_is_compared_in_constant_time(db, tmp_path, monkeypatch):
    from newsevents.api import routes

    calls = []
    real = routes.hmac.compare_digest
    monkeypatch.setattr(routes.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    monkeypatch.setenv("NEWSEVENTS_TOKEN", "from-env")
    app = TestClient(create_app(copy_store(db, tmp_path / "t.db")))
    assert app.post("/api/articles", json={"text": ""}, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert app.post("/api/articles", json={"text": ""}, headers={"Authorization": "Bearer from-env"}).status_code == 200
    assert calls == [(b"nope", b"from-env"), (b"from-env", b"from-env")]


def test_writes_are_refused_when_no_token_is_set(db, monkeypatch):
    monkeypatch.delenv("NEWSEVENTS_TOKEN", raising=False)
    app = TestClient(create_app(db))
    response = app.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "writes_disabled",
                                        "message": "writes are disabled on this server: start it with NEWSEVENTS_TOKEN set"}
    assert app.get("/api/events", params={"limit": 1}).status_code == 200  # reads stay open


def test_missing_token_answer_says_how_to_authenticate(client):
    response = client.post("/api/articles", json={"text": "x"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


# -- ingest through the API -------------------------------------------------------------------------

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW_ARTICLE = {
    "id": "wire-1", "title": "Soldiers clash with militants near Goma", "source": "wire", "url": "https://example.org/goma",
    "published": "2024-07-02",
    "text": "Soldiers clashed with fighters of a local militia on the outskirts of Goma on Monday. The army said "
            "seven of the attackers were killed, a military spokesman told reporters.",
}


def test_post_one_article_codes_and_stores_it(writable):
    before = writable.get("/api/stats").json()["store"]["articles"]
    response = writable.post("/api/articles", json=NEW_ARTICLE, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["summary"]["new"] == 1 and body["summary"]["read"] == 1
    [result] = body["articles"]
    assert result["index"] == 0 and result["new"] is True and result["status"] == "coded" and result["error"] is None
    assert result["events"] and result["events"][0]["acled"]["event_type"] == "Battles"
    event = writable.get(f"/api/events/{result['events'][0]['event_id']}").json()
    assert event["mentions"][0]["article_id"] == result["id"]
    assert event["sources"][0]["url"] == "https://example.org/goma"
    article = writable.get(f"/api/articles/{result['id']}").json()["article"]
    assert article["text"] == NEW_ARTICLE["text"] and article["url"] == "https://example.org/goma"
    assert writable.get("/api/stats").json()["store"]["articles"] == before + 1
    again = writable.post("/api/articles", json=NEW_ARTICLE, headers=AUTH).json()
    assert again["summary"]["duplicate"] == 1 and again["articles"][0]["new"] is False
    assert again["articles"][0]["id"] == result["id"] and again["articles"][0]["events"] == result["events"]


def test_post_a_batch_keeps_going_past_bad_articles(writable):
    batch = {"articles": [
        {"text": ""},
        {**NEW_ARTICLE, "url": "https://example.org/goma-2"},
        {"text": "Le gouvernement a annoncé une nouvelle loi pour les agriculteurs de la région et les gens de la ville "
                 "qui sont dans une situation difficile avec des prix plus élevés pour le pain et une autre chose"},
    ]}
    body = writable.post("/api/articles", json=batch, headers=AUTH).json()
    assert body["summary"]["read"] == 3 and body["summary"]["failed"] == 2 and body["summary"]["new"] == 1
    statuses = [(a["index"], a["status"], a["error"]) for a in body["articles"]]
    assert statuses == [(0, "failed", "empty text"), (1, "coded", None),
                        (2, "failed", "not English (looks like another language)")]
    assert body["articles"][1]["events"]
    failed = writable.get("/api/articles", params={"status": "failed"}).json()["data"]
    assert {a["error"] for a in failed} >= {"empty text", "not English (looks like another language)"}


def test_post_validation_names_the_bad_field(client):
    response = client.post("/api/articles", json={"articles": [NEW_ARTICLE, {**NEW_ARTICLE, "published": "soon"}]}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("body: articles[1].published: ")
    response = client.post("/api/articles", json={**NEW_ARTICLE, "colour": "red"}, headers=AUTH)
    assert response.json()["error"]["message"] == "body: colour: Extra inputs are not permitted (got 'red')"


def test_readers_are_served_while_an_ingest_writes(writable):
    """Reads run on their own read-only connections: none fails or waits for a batch being coded and written."""
    batch = {"articles": [{**NEW_ARTICLE, "url": f"https://example.org/goma-{i}",
                           "text": NEW_ARTICLE["text"] + f" Report {i}: the clashes went on for {i + 2} hours."}
                          for i in range(12)]}
    done: dict[str, object] = {}

    def post():
        done["response"] = writable.post("/api/articles", json=batch, headers=AUTH)

    writer = threading.Thread(target=post)
    failures, reads = [], []

    def read():
        while writer.is_alive():
            for url in ("/api/events?limit=50", "/api/stats", "/api/articles?limit=5"):
                response = writable.get(url)
                reads.append(time.monotonic())
                if response.status_code != 200:
                    failures.append(response.text)

    writer.start()
    readers = [threading.Thread(target=read) for _ in range(4)]
    for r in readers:
        r.start()
    writer.join(timeout=60)
    for r in readers:
        r.join(timeout=10)
    assert failures == []
    assert done["response"].status_code == 200 and done["response"].json()["summary"]["new"] == 12
    assert len(reads) > 12  # reads went on while the batch was being coded


def test_ingest_does_not_block_the_server(db, tmp_path):
    """POST /api/articles codes in a worker thread: a live server answers reads while it runs."""
    import httpx

    batch = {"articles": [{**NEW_ARTICLE, "url": f"https://example.org/live-{i}",
                           "text": NEW_ARTICLE["text"] + f" Update {i}: fighting resumed after {i + 1} days."}
                          for i in range(16)]}
    app = create_app(copy_store(db, tmp_path / "live.db"), token=TOKEN)
    with live_server(app) as base:
        window: dict[str, float] = {}

        def post():
            window["start"] = time.monotonic()
            window["status"] = httpx.post(base + "/api/articles", json=batch, headers=AUTH, timeout=60).status_code
            window["end"] = time.monotonic()

        writer = threading.Thread(target=post)
        writer.start()
        answered = []
        with httpx.Client(base_url=base, timeout=30) as reader:
            while writer.is_alive():
                response = reader.get("/api/events", params={"limit": 1})
                assert response.status_code == 200
                answered.append(time.monotonic())
        writer.join()
    assert window["status"] == 200
    during = [t for t in answered if window["start"] < t < window["end"]]
    assert len(during) >= 3, f"{len(during)} reads answered in {window['end'] - window['start']:.2f}s of ingest"


# -- pages, docs, headers ---------------------------------------------------------------------------


def test_html_pages_send_a_csp_and_load_only_local_assets(client, every_event):
    import re

    for url in ("/", f"/events/{every_event[0]['event_id']}", "/docs"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
        assert assets and all(a.startswith("/") for a in assets), assets
        assert "<script>" not in response.text  # no inline script: CSP would block it
        for asset in assets:
            if asset.startswith(("/static/", "/vendor/")):
                assert client.get(asset).status_code == 200, asset


def test_vendor_assets_come_from_installed_packages(client):
    assert "Leaflet" in client.get("/vendor/leaflet/leaflet.js").text[:500]
    assert client.get("/vendor/leaflet.markercluster/leaflet.markercluster.js").status_code == 200
    assert client.get("/vendor/leaflet/leaflet.css").headers["content-type"].startswith("text/css")
    assert client.get("/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_openapi_lists_every_endpoint_and_the_token(client):
    schema = client.get("/openapi.json").json()
    assert {path: sorted(ops) for path, ops in schema["paths"].items()} == {
        "/api/events": ["get"], "/api/events/{event_id}": ["get"], "/api/articles": ["get", "post"],
        "/api/articles/{article_id}": ["get"], "/api/stats": ["get"], "/api/export": ["get"],
    }
    post = schema["paths"]["/api/articles"]["post"]
    assert post["security"] == [{"bearer": []}]
    assert {"ArticleIn", "ArticleBatch", "ErrorBody"} <= set(schema["components"]["schemas"])
    assert post["responses"]["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}


def test_unknown_event_page_is_404_and_escapes_the_id(client):
    response = client.get('/events/"><img src=x onerror=alert(1)>')
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "<img src=x" not in response.text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in response.text


# -- XSS --------------------------------------------------------------------------------------------


def test_xss_article_is_returned_as_data_and_never_reaches_html(client):
    detail = _xss_event(client)
    mention = detail["mentions"][0]
    assert "<script>window.__xss = 1; alert('xss')</script>" in mention["text"]
    assert mention["title"] == XSS_TITLE
    page = client.get(f"/events/{detail['event']['event_id']}")
    assert page.status_code == 200
    assert "__xss" not in page.text and "onerror" not in page.text  # the page is a shell; its script reads the API
    assert page.headers["content-security-policy"] == CSP
    api = client.get(f"/api/events/{detail['event']['event_id']}")
    assert api.headers["content-type"] == "application/json" and api.headers["x-content-type-options"] == "nosniff"


# -- serve ------------------------------------------------------------------------------------------


def test_serve_refuses_non_loopback_hosts_unless_asked(db, monkeypatch):
    import uvicorn

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append(kw))
    for host in ("0.0.0.0", "192.0.2.7", "::", "example.org"):
        with pytest.raises(InputError, match="refusing to listen"):
            serve(db, host=host)
    assert runs == []
    serve(db, host="0.0.0.0", port=9999, allow_remote=True)
    serve(db)
    assert [(r["host"], r["port"]) for r in runs] == [("0.0.0.0", 9999), ("127.0.0.1", 8000)]


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("::1", True),
                                            ("[::1]", True), ("0.0.0.0", False), ("10.0.0.1", False), ("host", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_missing_store_fails_at_start_unless_writes_can_create_it(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSEVENTS_TOKEN", raising=False)
    with pytest.raises(InputError, match="no such store"):
        create_app(str(tmp_path / "none.db"))
    app = TestClient(create_app(str(tmp_path / "new.db"), token=TOKEN))
    assert app.get("/api/events").json() == {"data": [], "count": 0, "next": None}
    assert app.get("/api/stats").json()["by_day"] == []
