"""The alerts of `communique watch` in the API and the dashboard: a store filled by a real `watch --once`
process (from a sources file with alert rules, against a local feed server), served by a real `communique
serve`, read over HTTP and in chromium."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.feedserver import FeedServer, Route, rss
from tests.test_watch import ALERT_ITEMS
from tests.web.conftest import Server, run_cli
from tests.web.test_browser import Watched  # the chromium fixture, browser, is in tests/web/conftest.py

SOURCES = """
delay = 0
timeout = 1
retries = 0
alerts_log = "alerts.jsonl"

[[source]]
url = "{url}/feed.xml"
name = "Test ministry"

[[source]]
url = "{url}/down.xml"
name = "Down ministry"

[[alert]]
name = "NOR-COL violence"
rule = "event"
dyad = "NOR-COL"
types = ["ASSAULT"]

[[alert]]
name = "NOR rounds"
rule = "round"
party = "NOR"

[[alert]]
name = "COL promises"
rule = "commitment"
party = "COL"
statuses = ["overdue"]

[[alert]]
name = "NOR-COL shift"
rule = "goldstein"
dyad = "NOR-COL"
sigma = 3
min_days = 3
"""


@pytest.fixture(scope="module")
def watched_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    feeds = FeedServer()
    feeds.routes["/feed.xml"] = Route(rss(ALERT_ITEMS))
    feeds.routes["/down.xml"] = Route(b"down", status=503, content_type="text/plain")
    folder = tmp_path_factory.mktemp("watched")
    sources = folder / "sources.toml"
    sources.write_text(SOURCES.format(url=feeds.url), encoding="utf-8")
    db = folder / "watched.db"
    try:
        result = run_cli("watch", "--once", "--db", str(db), str(sources))
    finally:
        feeds.stop()
    assert result.returncode == 1, result.stderr  # the down source failed; the other was coded
    assert result.stdout.count("ALERT ") == 4, result.stdout
    assert len((folder / "alerts.jsonl").read_text().splitlines()) == 4
    return db


@pytest.fixture(scope="module")
def watched_server(watched_store: Path) -> Iterator[Server]:
    running = Server(watched_store, watched_store.parent, token=None)
    yield running
    running.stop()


def test_the_api_lists_the_alerts_and_the_sources(watched_server):
    with httpx.Client(base_url=watched_server.url, timeout=30) as client:
        body = client.get("/api/alerts").json()
        assert body["ok"] and body["total"] == 4
        assert sorted(a["kind"] for a in body["alerts"]) == ["commitment", "event", "goldstein", "round"]
        assert client.get("/api/alerts.json", params={"kind": "round"}).json()["alerts"][0]["round"] == 3
        assert client.get("/api/alerts", params={"kind": "weather"}).status_code == 422
        rows = list(csv.DictReader(io.StringIO(client.get("/api/alerts.csv").text)))
        assert len(rows) == 4 and {row["rule"] for row in rows} == {"NOR-COL violence", "NOR rounds", "COL promises",
                                                                    "NOR-COL shift"}
        sources = {s["name"]: s for s in client.get("/api/sources").json()["sources"]}
        assert sources["Test ministry"]["failures"] == 0 and sources["Test ministry"]["documents"] == len(ALERT_ITEMS)
        assert sources["Down ministry"]["failures"] == 1 and "HTTP 503" in sources["Down ministry"]["last_error"]


def test_the_alerts_command_lists_them(watched_store):
    listed = run_cli("alerts", "--db", str(watched_store), "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    assert sorted(json.loads(line)["kind"] for line in listed.stdout.splitlines()) == [
        "commitment", "event", "goldstein", "round"]
    rounds = run_cli("alerts", "--db", str(watched_store), "--kind", "round", "--format", "csv")
    assert rounds.stdout.splitlines()[0] == "fired,alert,kind,message,key" and len(rounds.stdout.splitlines()) == 2
    table = run_cli("alerts", "--db", str(watched_store))
    assert "4 of 4 alerts" in table.stdout and "Down ministry: 1 failed polls in a row" in table.stderr


def test_a_store_never_watched_answers_empty(api):
    body = api.get("/api/alerts").json()
    assert body["ok"] and body["total"] == 0 and body["alerts"] == []
    assert api.get("/api/sources").json()["sources"] == []
    page = api.get("/alerts", headers={"accept": "text/html"})
    assert page.status_code == 200 and "No alerts" in page.text


@pytest.fixture
def alerts_page(browser, watched_server) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), watched_server.url)
    yield watched
    context.close()
    assert not watched.problems, watched.problems


def test_the_alerts_page_links_to_what_fired(alerts_page):
    alerts_page.open("/alerts")
    rows = alerts_page.page.locator("table").first.locator("tbody tr")
    assert rows.count() == 4
    assert "Down ministry" in alerts_page.page.locator("table").nth(1).inner_text()
    shot: Path = alerts_page.shot("alerts")
    assert shot.exists()
    alerts_page.page.click("a:text-is('round')")
    alerts_page.page.wait_for_url("**/alerts?kind=round")
    assert alerts_page.page.locator("table").first.locator("tbody tr").count() == 1
    alerts_page.open("/alerts?kind=event")
    alerts_page.page.locator("a.event-link").first.click()
    alerts_page.page.wait_for_url("**/events/*")
    assert "attacked" in alerts_page.page.locator("blockquote.evidence").first.inner_text()
