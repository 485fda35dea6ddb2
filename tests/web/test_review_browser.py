"""The analyst's dashboard in chromium (Playwright), over a store of its own (corrections change it):
the correction form's round trip, the review queue, the map, the dyad page with a 40-participant
event at 1,400 px, normalized timelines with gaps, export links, and a malformed dyad URL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.web.conftest import TOKEN, Server, run_cli
from tests.web.test_browser import Watched

COUNTRIES = ["the United Arab Emirates", "Argentina", "Antigua and Barbuda", "Australia", "Austria", "Belgium",
             "Brazil", "Canada", "Chile", "Colombia", "Denmark", "Egypt", "Estonia", "Finland", "France", "Germany",
             "Greece", "India", "Indonesia", "Ireland", "Italy", "Japan", "Kenya", "Latvia", "Lithuania", "Malaysia",
             "Mexico", "Morocco", "the Netherlands", "New Zealand", "Nigeria", "Norway", "Peru", "Poland",
             "Portugal", "Qatar", "Romania", "Singapore", "Spain", "Sweden"]
MANY = {"id": "forty", "published": "2025-09-24", "title": "UN chief meets 40 foreign ministers",
        "text": "New York, 24 September -- The Secretary-General of the United Nations met with the foreign "
                f"ministers of {', '.join(COUNTRIES[:-1])} and {COUNTRIES[-1]} in New York on Tuesday."}
OTHERS = [
    {"id": "oslo", "published": "2025-03-06", "title": "Norway and Colombia",
     "text": "Oslo, 6 March -- Norway's Foreign Minister met the Foreign Minister of Colombia in Oslo on Thursday."},
    {"id": "buenos-aires", "published": "2025-05-02", "title": "Argentina and Brazil",
     "text": "Argentina's President met Brazil's President in Buenos Aires on Friday."},
    {"id": "brasilia", "published": "2025-07-10", "title": "Brazil and Argentina",
     "text": "Brazil's Foreign Minister held talks with the Foreign Minister of Argentina in Brasilia on Thursday."},
]


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from communique.demo import samples_path

    folder = tmp_path_factory.mktemp("review-browser")
    inputs = folder / "review.jsonl"
    inputs.write_text("".join(json.dumps(doc) + "\n" for doc in [MANY, *OTHERS]), encoding="utf-8")
    db = folder / "review.db"
    result = run_cli("ingest", "--db", str(db), str(samples_path()), str(inputs))
    assert result.returncode == 0, result.stderr
    server = Server(db, folder, token=TOKEN)
    yield server
    server.stop()


@pytest.fixture
def open_page(browser, review_server: Server) -> Iterator:
    contexts = []

    def make(width: int = 1280) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        return Watched(context.new_page(), review_server.url)

    yield make
    for context in contexts:
        context.close()


def _api(server: Server, path: str, **params: object) -> dict:
    return httpx.get(server.url + path, params=params, timeout=60).json()


def test_the_correction_form_round_trip(open_page, review_server: Server) -> None:
    page = open_page()
    [event] = _api(review_server, "/api/events", q="Oslo on Thursday")["events"]
    page.open(f"/events/{event['event_id']}")
    form = page.page.locator("#correction-form")
    form.locator("input[name=actor]").fill("COL NOR")
    form.locator("input[name=note]").fill("both ministers met")
    form.locator("input[name=author]").fill("ana")
    form.locator("input[name=token]").fill("not the token")
    form.locator("button[type=submit]").click()
    page.page.wait_for_selector("#correction-error")
    assert page.page.locator("#correction-error").inner_text() == "wrong token"
    assert f"HTTP 401: {review_server.url}/events/{event['event_id']}/corrections" in page.problems
    page.problems.clear()  # the 401 (and chromium's console line about it) was the point
    # the form comes back filled in; with the token it saves, and the server redirects to the event page
    form = page.page.locator("#correction-form")
    assert form.locator("input[name=actor]").input_value() == "COL NOR"
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    page.page.wait_for_url("**/events/*?corrected=1*")
    assert page.page.locator("#correction-saved").is_visible()
    changed = page.page.locator("#machine-coding tr.changed")
    assert changed.count() == 1 and changed.inner_text().split() == ["actor_codes", "COL", "COL;NOR"]
    assert "both ministers met" in page.page.locator(".correction-entry").inner_text()
    page.shot("review-event-corrected")
    stored = _api(review_server, f"/api/events/{event['event_id']}")["event"]
    assert stored["corrected"] is True and stored["actor_codes"] == "COL;NOR"
    assert stored["machine"]["actor_codes"] == "COL"
    # marked not an event from the same form: it leaves the lists, its page says so
    form = page.page.locator("#correction-form")
    page.page.locator("details.correct summary").click()
    form.locator("select[name=plover]").select_option("none")
    form.locator("input[name=author]").fill("ana")
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    page.page.wait_for_url("**/events/*?corrected=1*")
    assert "not an event" in page.page.locator(".notice.not-event").inner_text()
    assert _api(review_server, "/api/events", q="Oslo on Thursday")["total"] == 0
    assert not page.problems, page.problems


def test_the_review_queue_lists_uncorrected_events_least_confident_first(open_page, review_server: Server) -> None:
    page = open_page()
    page.open("/review")
    queue = page.page.locator("#review-queue table.events tbody tr")
    assert queue.count() >= 5
    confidence_cells = page.page.locator("#review-queue table.events td:nth-child(11)")
    confidences = [float(text) for text in confidence_cells.all_inner_texts()]
    assert confidences == sorted(confidences)
    assert page.page.locator("#review-queue .flag.fixed").count() == 0  # corrected events are reviewed already
    page.shot("review-queue")
    # the threshold filter: only events at least this confident
    threshold = sorted(confidences)[len(confidences) // 2]
    page.page.locator("input[name=min_confidence]").fill(str(threshold))
    page.page.locator("form.filters button[type=submit]").click()
    page.page.wait_for_url("**/review?*min_confidence=*")
    kept = [float(t) for t in page.page.locator("#review-queue table.events td:nth-child(11)").all_inner_texts()]
    assert kept and min(kept) >= threshold and len(kept) < len(confidences)
    assert not page.problems, page.problems


def test_the_map_has_a_marker_per_located_place_linking_to_its_events(open_page, review_server: Server) -> None:
    page = open_page()
    page.open("/map")
    markers = page.page.locator("svg#world-map circle.marker")
    places = {e["place"] for e in _api(review_server, "/api/events", limit=1000)["events"] if e["lat"] is not None}
    assert markers.count() == len(places) >= 3
    assert page.page.locator("svg#world-map line.graticule").count() >= 10
    page.shot("review-map")
    # New York (the 40 ministers) is where it belongs on an equirectangular map of 1000 x 500
    new_york = page.page.locator("a.marker-link", has=page.page.locator("title", has_text="New York"))
    circle = new_york.locator("circle")
    assert abs(float(circle.get_attribute("cx")) - (-74.0 + 180) / 360 * 1000) < 3
    assert abs(float(circle.get_attribute("cy")) - (90 - 40.7) / 180 * 500) < 3
    new_york.click()
    page.page.wait_for_url("**/search?*place=New+York*")
    rows = page.page.locator("table.events tbody tr")
    assert rows.count() >= 1 and all("New York" in text for text in rows.all_inner_texts())
    assert not page.problems, page.problems


def test_a_dyad_page_with_a_40_participant_event_is_readable_at_1400_px(open_page, review_server: Server) -> None:
    page = open_page(width=1400)
    page.open("/dyads/ARG-BRA")
    row = page.page.locator("table.events tbody tr", has_text="New York")
    assert row.count() == 1
    assert page.page.evaluate("document.documentElement.scrollWidth") <= 1400  # no sideways scrolling
    for cell in ("td.sentence", "td.trigger", "td.codes-cell"):
        box = row.locator(cell).first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1400, (cell, box)
    folded = row.locator("details.codes summary")
    assert "+36 more" in folded.inner_text()
    page.shot("review-dyad-40-participants")
    folded.click()  # unfolded, the 40 codes wrap inside the cell
    assert row.locator(".codes-all").inner_text().count("+") == 39
    assert page.page.evaluate("document.documentElement.scrollWidth") <= 1400
    assert not page.problems, page.problems


def test_the_dyad_timeline_shows_gaps_and_shares_and_every_export_downloads(open_page,
                                                                             review_server: Server) -> None:
    page = open_page()
    page.open("/dyads/ARG-BRA?by=month&share=true")
    months = page.page.locator("#timeline-table tbody tr td:first-child").all_inner_texts()
    assert months[0] == "2025-05" and months[-1] == "2025-09" and len(months) == 5  # June and August are gaps
    june = page.page.locator("#timeline-table tbody tr", has_text="2025-06").locator("td").all_inner_texts()
    assert june[1] == "0"
    shares = [t for t in page.page.locator("#timeline-table tbody tr td:last-child").all_inner_texts()]
    assert all(t.endswith("%") for t in shares) and "100.0%" in shares  # May: both of its events are ARG-BRA's
    page.shot("review-dyad-share")
    links = page.page.locator("a.export-link")
    assert links.count() == 6
    for href in [links.nth(i).get_attribute("href") for i in range(6)]:
        answer = httpx.get(review_server.url + href, timeout=60)
        assert answer.status_code == 200 and answer.content, href
        assert "attachment" in answer.headers["content-disposition"]
    assert not page.problems, page.problems


def test_a_malformed_dyad_url_is_an_html_page(open_page, review_server: Server) -> None:
    page = open_page()
    response = page.page.goto(review_server.url + "/dyads/ISR")
    assert response.status == 400 and "text/html" in response.headers["content-type"]
    assert "two different codes" in page.page.locator("p.error").inner_text()
    assert page.page.locator("main a[href='/dyads']").count() == 1


def test_the_overview_and_an_actor_page_chart_their_timelines(open_page, review_server: Server) -> None:
    page = open_page()
    page.open("/")
    assert page.page.locator("svg#timeline-chart rect.bar").count() >= 3  # every month of the store
    page.open("/actors")
    page.page.click("a.actor-link:text-is('ARG')")
    page.page.wait_for_url("**/actors/ARG")
    months = page.page.locator("#timeline-table tbody tr td:first-child").all_inner_texts()
    assert months == ["2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
    assert page.page.locator("a.dyad-link:text-is('ARG-BRA')").count() == 1
    page.page.locator("label.check input[name=share]").check()
    page.page.locator("form.filters button[type=submit]").click()
    page.page.wait_for_url("**/actors/ARG?*share=true*")
    assert page.page.locator("#timeline-table th:last-child").inner_text() == "share"
    page.shot("review-actor-share")
    assert not page.problems, page.problems
