"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright), served by uvicorn.

Only requests to the test server go through; anything else (the OpenStreetMap tiles) is aborted and
recorded, so the tests also show the pages work offline. Set NEWSEVENTS_SCREENSHOT=1 to rewrite
docs/dashboard.png.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

from newsevents.api import create_app

from test_api import XSS_TITLE, built_store, live_server

CHROMIUM = os.environ.get("NEWSEVENTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]

READY = "() => document.body.dataset.state === 'ready'"  # functions, not expressions: CSP forbids eval


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live_server(create_app(built_store(tmp_path_factory), token="")) as base:
        yield base


@pytest.fixture(scope="module")
def api(server):
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


class Watch:
    """What a page did besides rendering: requests that left the test server, errors, dialogs."""

    def __init__(self):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    watch = Watch()

    def route(route):
        if route.request.url.startswith(server + "/"):
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    def dialog(d):
        watch.dialogs.append(d.message)
        d.dismiss()

    tab.route("**/*", route)
    tab.on("pageerror", lambda exc: watch.errors.append(f"page error: {exc}"))
    tab.on("console", lambda m: m.type == "error" and "ERR_FAILED" not in m.text and watch.errors.append(m.text))
    tab.on("dialog", dialog)
    tab.watch = watch
    yield tab
    context.close()
    assert watch.errors == []
    assert watch.dialogs == []
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in watch.outside), watch.outside


def _state(page) -> dict:
    return page.evaluate("""() => ({
        count: Number(document.body.dataset.count),
        points: Number(document.getElementById('map').dataset.points),
        bars: Number(document.getElementById('timeline').dataset.bars),
        icons: document.querySelectorAll('#map .leaflet-marker-icon').length,
        rows: Array.from(document.querySelectorAll('#events-table tbody tr')).map(tr =>
            Array.from(tr.cells).map(td => td.textContent)),
        status: document.getElementById('status').textContent,
    })""")


def _apply(page, action, previous: int | None = None) -> dict:
    action()
    page.wait_for_function(READY)
    if previous is not None:
        page.wait_for_function(f"() => document.body.dataset.count !== '{previous}'")
    return _state(page)


def _placed(events) -> int:
    return sum(1 for e in events if (e["location"] or {}).get("lat") is not None)


def _all(api, params) -> list[dict]:
    return api.get("/api/events", params={**params, "limit": 500}).json()["data"]


def test_filters_change_the_map_timeline_and_table(page, server, api):
    page.goto(server + "/")
    page.wait_for_function(READY)
    everything = _state(page)
    total = api.get("/api/events", params={"limit": 1}).json()["count"]
    assert everything["count"] == total and f"{total} events" in everything["status"]
    assert everything["points"] == _placed(_all(api, {}))
    assert everything["icons"] > 0 and everything["bars"] > 0
    assert len(everything["rows"]) == min(total, 100)
    assert page.locator("#f-type option[value='Protests']").count() == 1  # options come from /api/stats

    protests = _apply(page, lambda: page.select_option("#f-type", "Protests"), previous=total)
    expected = _all(api, {"type": "Protests"})
    assert protests["count"] == len(expected) < total
    assert {row[1] for row in protests["rows"]} == {"Protests"}
    assert protests["points"] == _placed(expected) < everything["points"]
    assert protests["bars"] < everything["bars"]

    def dates():
        page.fill("#f-date-from", "2024-04-01")
        page.fill("#f-date-to", "2024-04-30")
        page.click("#f-apply")

    april = _apply(page, dates, previous=protests["count"])
    expected = _all(api, {"type": "Protests", "date_from": "2024-04-01", "date_to": "2024-04-30"})
    assert 0 < april["count"] == len(expected) < protests["count"]
    assert all("2024-04-01" <= row[0] <= "2024-04-30" for row in april["rows"])
    assert april["points"] == _placed(expected)
    assert "type=Protests" in page.url and "date_from=2024-04-01" in page.url and "date_to=2024-04-30" in page.url
    bar_days = page.eval_on_selector_all("#timeline rect.bar", "bars => bars.map(b => b.dataset.from)")
    assert bar_days and all("2024-04-01" <= day <= "2024-04-30" for day in bar_days)
    csv_link = page.get_attribute("#csv-link", "href")
    assert csv_link.startswith("/api/export?format=acled-csv&") and "type=Protests" in csv_link

    country = _apply(page, lambda: page.click("#f-reset"), previous=april["count"])
    assert country["count"] == total
    kenya = _apply(page, lambda: page.select_option("#f-country", "KEN"), previous=total)
    assert kenya["count"] == len(_all(api, {"country": "KEN"})) and {row[6] for row in kenya["rows"]} == {"Kenya"}

    if os.environ.get("NEWSEVENTS_SCREENSHOT") == "1":
        _apply(page, lambda: page.click("#f-reset"), previous=kenya["count"])
        page.wait_for_timeout(1500)  # let the zoom and cluster animations settle
        page.screenshot(path=str(ROOT / "docs" / "dashboard.png"))


def test_the_url_carries_the_filters(page, server, api):
    page.goto(server + "/?type=Battles&country=NGA")
    page.wait_for_function(READY)
    state = _state(page)
    assert page.input_value("#f-type") == "Battles" and page.input_value("#f-country") == "NGA"
    assert state["count"] == len(_all(api, {"type": "Battles", "country": "NGA"})) > 0


def test_event_page_highlights_every_field_where_its_evidence_is(page, server, api):
    page.goto(server + "/?type=Battles")
    page.wait_for_function(READY)
    first = page.locator("#events-table tbody tr").first
    event_id = first.get_attribute("data-event-id")
    first.locator("a").click()
    page.wait_for_url(f"**/events/{event_id}")
    page.wait_for_function(READY)
    detail = api.get(f"/api/events/{event_id}").json()
    assert page.text_content("#event-title").startswith(detail["event"]["acled"]["sub_event_type"] + " — ")

    sections = page.locator("section.mention")
    assert sections.count() == len(detail["mentions"])
    for i, mention in enumerate(detail["mentions"]):
        section = sections.nth(i)
        assert section.locator(".article-text").text_content() == mention["text"]
        for span in mention["evidence"]:
            marks = section.locator(f'mark.hl[data-fields~="{span["field"]}"]')
            assert marks.count() >= 1, span["field"]
            assert "".join(marks.all_text_contents()) == span["text"], span["field"]

    rows = page.eval_on_selector_all("#fields tbody tr", "rows => rows.map(r => r.dataset.field).filter(Boolean)")
    assert {"trigger", "acled.sub_event_type", "location"} <= set(rows)
    page.click('#fields tr[data-field="location"] button.chip')
    page.wait_for_selector('mark.hl.flash[data-fields~="location"]')
    assert page.get_attribute('link[rel="alternate"]', "href") == f"/api/events/{event_id}"


def test_article_text_with_markup_is_shown_as_text(page, server, api):
    page.goto(server + "/?q=onerror")
    page.wait_for_function(READY)
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 1
    rows.first.locator("a").click()
    page.wait_for_function(READY)
    text = page.locator(".article-text").first.text_content()
    assert "<script>window.__xss = 1; alert('xss')</script>" in text
    assert 'onerror="window.__xss = 2"' in text
    assert page.evaluate("window.__xss") is None
    assert page.locator("#mentions script, #mentions img, #mentions b, #sources i").count() == 0
    assert page.locator("section.mention h3").first.text_content() == XSS_TITLE
    assert "<i>Wire</i>" in page.text_content("#sources")
    link = page.locator("#sources a").first
    assert link.get_attribute("href") == "https://example.org/nairobi-protest"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"


def test_unknown_event_page_shows_the_api_message(page, server):
    response = page.goto(server + "/events/0000000000000000")
    assert response.status == 404
    page.wait_for_function("() => document.body.dataset.state === 'error'")
    assert "no event with id '0000000000000000'" in page.text_content("#status")
    page.watch.errors.clear()  # the 404s themselves are logged by Chromium


def test_api_docs_render_offline(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/api/export" in paths and len(paths) == 7
