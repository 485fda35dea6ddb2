"""The dashboard in a real browser: Playwright driving Debian's chromium (headless, no sandbox, background
networking off) against a real `communique serve` process. Every page must render with no console
error, no failed request and no blocked resource; screenshots of the pages are saved in
tests/screenshots/ (or $COMMUNIQUE_SCREENSHOTS) and their paths printed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED
from tests.web.conftest import HOSTILE_ID, LINKED_URL

SCREENSHOTS = Path(os.environ.get("COMMUNIQUE_SCREENSHOTS", REPO / "tests" / "screenshots"))


class Watched:
    """A page and every problem it reports: console errors, uncaught exceptions, failed requests,
    HTTP errors, dialogs (an alert() would mean a script ran)."""

    def __init__(self, page: object, base: str) -> None:
        self.page, self.base, self.problems = page, base, []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, path: str) -> object:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        return response

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path


@pytest.fixture
def page(browser, server) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context.new_page(), server.url)
    yield watched
    context.close()
    assert not watched.problems, watched.problems


def seed_or_demo() -> tuple[str, str]:
    """The dyad to walk through and its co-chaired consultation's trigger: the seed's CHN-RUS when the
    seed is there, else the demo's KAZ-UZB (also "co-chaired")."""
    return ("CHN-RUS", "co-chaired") if SEED.exists() else ("KAZ-UZB", "co-chaired")


PAGES = [
    ("overview", "/", "h1:text('Overview')"),
    ("dyads", "/dyads", "a.dyad-link"),
    ("dyad", "/dyads/KAZ-UZB", "svg#timeline-chart rect.bar"),
    ("search", "/search?q=strategic", "table.events a.event-link"),
    ("documents", "/documents", "a.document-link"),
    ("mechanisms", "/mechanisms", "section.series"),
    ("commitments", "/commitments", "span.status"),
    ("positions", "/positions", "span.stance"),
    ("actors", "/actors", "table td a"),
    ("api-docs", "/docs", ".opblock"),
]


@pytest.mark.parametrize("name, path, shows", PAGES, ids=[name for name, _, _ in PAGES])
def test_every_page_renders_without_console_errors(page, name, path, shows):
    page.open(path)
    page.page.wait_for_selector(shows, timeout=15_000)
    page.shot(name)


def test_dyad_to_event_to_evidence(page):
    dyad, trigger = seed_or_demo()
    page.open("/dyads")
    page.page.click(f"a.dyad-link:text-is('{dyad}')")
    page.page.wait_for_url(f"**/dyads/{dyad}")
    if dyad == "CHN-RUS":  # the seed, a .txt file, has no publication date: its dates have no year
        assert "no publication date" in page.page.locator("#no-timeline").inner_text()
    page.shot("dyad-" + dyad)
    # The consultation in the dyad's event list, then its page.
    page.page.locator("table.events tr", has_text=trigger).locator("a.event-link").first.click()
    page.page.wait_for_url("**/events/*")
    evidence = page.page.locator("article.mention blockquote.evidence", has_text=trigger).first
    marked = evidence.locator(".m-trigger")
    assert marked.first.inner_text() == trigger
    assert evidence.locator(".m-actor").count() >= 1
    page.shot("event-" + dyad)
    # The evidence's document, with the same trigger marked in the text.
    page.page.locator("article.mention", has_text=trigger).locator("a.document-link").first.click()
    page.page.wait_for_url("**/documents/*")
    text = page.page.locator("#document-text")
    assert trigger in [t.strip() for t in text.locator(".m-trigger").all_inner_texts()]
    assert text.locator(".m-sentence").count() > 0 and text.locator(".m-actor").count() > 0
    page.shot("document-" + dyad)


def test_the_seed_consultation_page_highlights_the_co_chaired_sentence(page, server):
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED} (set COMMUNIQUE_SHARED to the shared/ folder)")
    import httpx

    events = httpx.get(server.url + "/api/events", params={"dyad": "CHN-RUS", "type": "CONSULT"}).json()["events"]
    event = next(e for e in events if e["trigger"] == "co-chaired")
    page.open(f"/events/{event['event_id']}")
    quote = page.page.locator("blockquote.evidence", has_text="co-chaired").first
    assert quote.inner_text().strip() == event["sentence"]
    assert quote.locator(".m-trigger").inner_text() == "co-chaired"
    marked = set(quote.locator(".m-actor, .m-recipient").all_inner_texts())
    assert {"Wang Yi", "Patrushev"} <= marked
    # Highlighted means drawn differently: the trigger has a background the plain text has not.
    background = quote.locator(".m-trigger").evaluate("e => getComputedStyle(e).backgroundColor")
    plain = quote.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != plain
    page.shot("seed-consultation")


def test_the_event_page_links_its_source(page):
    page.open("/dyads/CHL-PER")
    page.page.locator("table.events a.event-link").first.click()
    page.page.wait_for_url("**/events/*")
    links = page.page.locator("article.mention a.source-link")
    assert links.count() >= 1 and links.first.get_attribute("href") == LINKED_URL
    assert links.first.get_attribute("rel") == "noopener noreferrer"
    assert page.page.locator("dl.facts a.source-link").inner_text() == "example.org"
    page.shot("event-with-source-link")


def test_a_document_with_script_is_shown_escaped(page):
    page.open(f"/documents/{HOSTILE_ID}")
    text = page.page.locator("#document-text").inner_text()
    assert "<script>alert('text')</script>" in text and "<img src=x onerror=alert('img')>" in text
    assert page.page.locator("h1").inner_text().startswith("<script>alert('title')</script>")
    assert page.page.locator("script").count() == 0  # no script element at all: the dashboard has none
    assert page.page.locator("main img").count() == 0
    page.shot("escaped-script-document")
    # The fixture's `page` asserts that no dialog opened (an alert() would be one).


def test_search_form_and_commitment_tabs(page):
    page.open("/search")
    page.page.fill("input[name=q]", "strategic")
    page.page.select_option("select[name=quad_class]", "1")
    page.page.click("#search-form button[type=submit]")
    page.page.wait_for_url("**/search?*")
    rows = page.page.locator("table.events tbody tr")
    assert rows.count() > 0 and "No events" not in rows.first.inner_text()
    page.open("/commitments?as_of=2030-01-01")
    page.page.click("p.tabs a.overdue")
    page.page.wait_for_url("**status=overdue**")
    statuses = page.page.locator("table tbody span.status").all_inner_texts()
    assert statuses and set(statuses) == {"overdue"}
    page.shot("commitments-overdue-2030")


def test_a_missing_page_is_an_html_error_page(browser, server):
    context = browser.new_context()
    try:
        tab = context.new_page()
        response = tab.goto(server.url + "/events/0000000000000000")
        assert response.status == 404
        assert "no event" in tab.locator("p.error").inner_text()
    finally:
        context.close()
