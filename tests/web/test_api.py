"""The HTTP API, against a real `communique serve` process over a real store file (see conftest.py).
Expected values come from the store's own query functions (what the CLI prints), never hard-coded."""

from __future__ import annotations

import csv
import io
import re
import socket
import time

import httpx
import pytest

from communique.store import Store, diplomacy, query
from tests.conftest import SEED
from tests.web.conftest import HOSTILE, HOSTILE_ID, TOKEN, Server


@pytest.fixture
def store(store_file):
    with Store(store_file, create=False) as opened:
        yield opened


def ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    return body


def failed(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body["error"]


def test_event_list_pages_through_every_event(api, store):
    total = query.count_events(store)
    assert total > 5
    seen, url = [], "/api/events?limit=3"
    while url:
        body = ok(api.get(url))
        assert body["total"] == total and body["count"] == len(body["events"]) <= 3
        seen += [event["event_id"] for event in body["events"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == total
    assert seen == [event["event_id"] for event in query.list_events(store, limit=None)]  # newest first
    twin = ok(api.get("/api/events.json?limit=3"))
    assert twin["events"] == ok(api.get("/api/events?limit=3"))["events"]
    assert twin["next"] == "/api/events.json?limit=3&offset=3"


@pytest.mark.parametrize("params, check", [
    ({"dyad": "UZB-KAZ"}, lambda e: {"KAZ", "UZB"} <= set((e["actor_codes"] + ";" + e["recipient_codes"]).split(";"))),
    ({"actor": "blr"}, lambda e: "BLR" in (e["actor_codes"] + ";" + e["recipient_codes"]).split(";")),
    ({"type": "CONSULT"}, lambda e: e["plover_type"] == "CONSULT"),
    ({"type": "05"}, lambda e: e["cameo_code"].startswith("05")),
    ({"quad_class": 3}, lambda e: e["quad_class"] == 3),
    ({"since": "2025-05", "until": "2025-06"}, lambda e: "2025-05" <= e["date"][:7] <= "2025-06"),
    ({"q": "water"}, lambda e: True),
    ({"modality": "future"}, lambda e: e["modality"] == "future"),
])
def test_event_filters_agree_with_the_query_functions(api, store, params, check):
    body = ok(api.get("/api/events", params={**params, "limit": 1000}))
    expected = query.list_events(store, limit=None, **params)
    assert [e["event_id"] for e in body["events"]] == [e["event_id"] for e in expected]
    assert body["events"] and all(check(event) for event in body["events"])


def test_text_search_finds_the_words_in_an_evidence_sentence(api):
    events = ok(api.get("/api/events", params={"q": "water sharing"}))["events"]
    assert events
    for event in events:
        mentions = ok(api.get(f"/api/events/{event['event_id']}"))["event"]["mentions"]
        assert any("water sharing" in m["sentence"] for m in mentions)


def test_mechanism_filter_gives_the_events_of_the_documents_that_report_it(api, store):
    series = diplomacy.mechanism_series(store.connection)
    assert series
    name = series[0]["name"]
    docs = {r["doc_id"] for r in series[0]["rounds"]}
    body = ok(api.get("/api/events", params={"mechanism": name, "limit": 1000}))
    assert body["total"] > 0
    for event in body["events"]:
        detail = ok(api.get(f"/api/events/{event['event_id']}"))["event"]
        assert docs & {m["doc_id"] for m in detail["mentions"]}
    assert ok(api.get("/api/events", params={"mechanism": "no such mechanism"}))["total"] == 0


def test_event_detail_has_mentions_with_evidence_whose_offsets_slice_the_document(api, store):
    event = query.list_events(store, dyad="KAZ-UZB", type="CONSULT", limit=1)[0]
    detail = ok(api.get(f"/api/events/{event['event_id']}"))["event"]
    assert detail["num_mentions"] == len(detail["mentions"]) >= 1
    for mention in detail["mentions"]:
        document = ok(api.get(f"/api/documents/{mention['doc_id']}"))["document"]
        evidence = mention["evidence"]
        assert document["text"][evidence["start"]:evidence["end"]] == evidence["sentence"]
        assert document["text"][evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger"]
        for person in mention["participants"]:
            assert document["text"][person["start"]:person["end"]] == person["text"]


def test_the_seed_consultation_is_co_chaired(api):
    if not SEED.exists():
        pytest.skip(f"seed document not found at {SEED} (set COMMUNIQUE_SHARED to the shared/ folder)")
    events = ok(api.get("/api/events", params={"dyad": "CHN-RUS", "type": "CONSULT"}))["events"]
    cochaired = [e for e in events if e["trigger"] == "co-chaired"]
    assert cochaired and cochaired[0]["doc_id"] == SEED.stem
    assert "co-chaired" in cochaired[0]["sentence"]


def test_document_spans_slice_its_text(api, store):
    for document in query.list_documents(store, status="coded", limit=None):
        detail = ok(api.get(f"/api/documents/{document['doc_id']}"))["document"]
        text, spans = detail["text"], detail["spans"]
        assert spans, document["doc_id"]
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= len(text)
        mentions = {m["mention_id"]: m for m in detail["mentions"]}
        for span in (s for s in spans if s["kind"] == "trigger"):
            assert text[span["start"]:span["end"]] == mentions[span["mention_id"]]["trigger"]


def test_document_list_counts_and_pages(api, store):
    total = query.count_documents(store)
    body = ok(api.get("/api/documents?limit=2"))
    assert body["total"] == total and body["count"] == 2 and body["next"]
    assert "text" not in body["documents"][0]
    assert failed(api.get("/api/documents/no-such-doc"), 404) == "no document 'no-such-doc'"


def test_timelines_sum_to_the_dated_events(api, store):
    body = ok(api.get("/api/timeline", params={"dyad": "KAZ-UZB", "by": "day"}))
    assert body["subject"] == "KAZ-UZB" and body["periods"]
    events = query.list_events(store, dyad="KAZ-UZB", limit=None)
    dated = [e for e in events if re.match(r"\d{4}-\d\d-\d\d$", e["date"])]
    assert sum(p["events"] for p in body["periods"]) == len(dated)
    for period in body["periods"]:
        assert period["quad1"] + period["quad2"] + period["quad3"] + period["quad4"] == period["events"]
    actor = ok(api.get("/api/timeline", params={"actor": "NOR", "by": "year"}))
    assert actor["periods"] == query.timeline(store, actor="NOR", by="year")
    assert "dyad" in failed(api.get("/api/timeline"), 400)
    failed(api.get("/api/timeline", params={"dyad": "KAZ-UZB", "by": "fortnight"}), 422)


@pytest.mark.parametrize("path, key", [
    ("/api/events", "events"), ("/api/documents", "documents"), ("/api/timeline?dyad=KAZ-UZB", "periods"),
    ("/api/actors", "actors"), ("/api/dyads", "dyads"), ("/api/mechanisms", "mechanisms"),
    ("/api/positions", "positions"), ("/api/commitments", "commitments"),
])
def test_every_list_has_a_csv_twin(api, path, key):
    base, _, params = path.partition("?")
    body = ok(api.get(path))
    response = api.get(f"{base}.csv" + (f"?{params}" if params else ""))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    expected = body[key]
    if key == "mechanisms":  # one row per round
        expected = [r for series in expected for r in series["rounds"]]
    assert len(rows) == len(expected) > 0


def test_diplomacy_lists_agree_with_the_store(api, store):
    assert ok(api.get("/api/mechanisms"))["mechanisms"] == diplomacy.mechanism_series(store.connection)
    positions = ok(api.get("/api/positions", params={"stance": "support"}))["positions"]
    assert positions == diplomacy.list_positions(store.connection, stance="support", limit=1000)
    body = ok(api.get("/api/commitments", params={"as_of": "2030-01-01"}))
    expected = diplomacy.list_commitments(store.connection, as_of="2030-01-01")
    assert body["commitments"] == expected
    assert sum(body["counts"].values()) == len(expected)
    overdue = ok(api.get("/api/commitments", params={"as_of": "2030-01-01", "status": "overdue"}))
    assert all(c["status"] == "overdue" for c in overdue["commitments"])
    assert len(overdue["commitments"]) == body["counts"]["overdue"]


@pytest.mark.parametrize("path, status", [
    ("/api/events?limit=0", 422), ("/api/events?limit=5000", 422), ("/api/events?offset=-1", 422),
    ("/api/events?since=19-09-2023", 422), ("/api/events?quad_class=5", 422), ("/api/events?sort=random", 422),
    ("/api/events?dyad=CHN", 400), ("/api/events?actor=C;DROP", 400), ("/api/commitments?as_of=tomorrow", 422),
    ("/api/events?since=2021-13-01", 400), ("/api/events?type=FOO", 400), ("/api/documents?until=2024-02-30", 400),
    ("/api/events?actor=XYZ", 400), ("/api/timeline?actor=XYZ", 400),
    ("/api/events/0000000000000000", 404), ("/api/nothing-here", 404),
])
def test_errors_are_envelopes_with_status_codes(api, path, status):
    failed(api.get(path), status)


def test_writes_need_the_token(api, server):
    document = {"id": "api-posted", "published": "2025-11-20", "title": "Posted through the API",
                "text": "Hanoi, 20 November -- Vietnam's Foreign Minister met the Foreign Minister of Japan in "
                        "Hanoi on Thursday. The two sides agreed to hold a strategic dialogue next year."}
    failed(api.post("/api/documents", json={"documents": [document]}), 401)
    failed(api.post("/api/documents", json={"documents": [document]}, headers={"Authorization": "Bearer x"}), 401)
    assert api.get("/api/documents/api-posted").status_code == 404  # nothing was written
    auth = {"Authorization": f"Bearer {TOKEN}"}
    failed(api.post("/api/documents", json={"documents": []}, headers=auth), 422)
    failed(api.post("/api/documents", content=b"{not json", headers={**auth, "content-type": "application/json"}),
           422)
    body = ok(api.post("/api/documents", json={"documents": [document]}, headers=auth))
    assert body["stored"] == 1 and body["documents"][0]["doc_id"] == "api-posted"
    assert body["documents"][0]["status"] == "coded" and body["documents"][0]["events"] > 0
    stored = ok(api.get("/api/documents/api-posted"))["document"]
    assert stored["text"] == document["text"] and stored["mentions"]
    again = ok(api.post("/api/documents", json={"documents": [document]}, headers=auth))
    assert again["stored"] == 0 and again["unchanged"] == 1  # idempotent, as `communique ingest`


def test_oversized_requests_get_413(api):
    auth = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    big = b'{"documents": [{"text": "' + b"x" * 5_100_000 + b'"}]}'
    failed(api.post("/api/documents", content=big, headers=auth), 413)

    def chunks():  # no Content-Length: the limit applies as the body streams in
        yield b'{"documents": [{"text": "'
        for _ in range(60):
            yield b"y" * 100_000
        yield b'"}]}'

    failed(api.post("/api/documents", content=chunks(), headers=auth), 413)


def test_a_server_without_a_token_is_read_only(store_file, tmp_path):
    server = Server(store_file, tmp_path, token=None)
    try:
        response = httpx.post(server.url + "/api/documents", json={"documents": [{"text": "Peru met Chile."}]},
                              headers={"Authorization": "Bearer anything"})
        assert "disabled" in failed(response, 403)
        assert httpx.get(server.url + "/api/summary").status_code == 200
    finally:
        server.stop()


def test_only_loopback_host_names_are_served(api, server):
    response = httpx.get(server.url + "/api/summary", headers={"Host": "attacker.example"})
    assert "attacker.example" in failed(response, 400)
    assert httpx.get(server.url + "/", headers={"Host": "attacker.example:8000"}).status_code == 400
    assert httpx.get(f"http://localhost:{server.port}/api/summary").status_code == 200


def test_pages_carry_security_headers(api):
    for path in ("/", "/api/summary", "/docs"):
        headers = api.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_openapi_lists_the_endpoints_and_the_docs_load_nothing_from_outside(api):
    spec = api.get("/openapi.json").json()
    for path in ("/api/events", "/api/events.csv", "/api/events/{event_id}", "/api/documents/{doc_id}",
                 "/api/timeline", "/api/mechanisms", "/api/positions", "/api/commitments", "/api/actors"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/documents"]
    docs = api.get("/docs")
    assert docs.status_code == 200
    assert not re.search(r"(src|href)=\"(https?:)?//", docs.text)  # local files only
    for asset in re.findall(r"(?:src|href)=\"(/[^\"]+)\"", docs.text):
        assert api.get(asset).status_code == 200, asset


def test_a_hostile_document_is_escaped(api):
    html = api.get(f"/documents/{HOSTILE_ID}", headers={"Accept": "text/html"}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html  # an unsafe URL is shown, not linked
    assert ok(api.get(f"/api/documents/{HOSTILE_ID}"))["document"]["text"] == HOSTILE["text"]  # JSON keeps it as is


def test_reads_keep_answering_while_an_ingest_writes(api, server):
    import threading

    documents = [{"id": f"concurrent-{i}", "published": "2025-11-21",
                  "text": f"Ankara, 21 November -- Turkey's Foreign Minister met the Foreign Minister of Greece in "
                          f"Ankara on Friday for the {i + 2}th round of talks. The two sides agreed to meet again."}
                 for i in range(3)]
    result: dict = {}

    def write() -> None:
        with httpx.Client(base_url=server.url, timeout=120) as writer:
            result["response"] = writer.post("/api/documents", json={"documents": documents},
                                             headers={"Authorization": f"Bearer {TOKEN}"})

    thread = threading.Thread(target=write)
    thread.start()
    statuses = []
    while thread.is_alive() or not statuses:
        statuses.append(api.get("/api/events?limit=5").status_code)
    thread.join()
    assert set(statuses) == {200}
    assert ok(result["response"])["stored"] == 3
    assert ok(api.get("/api/documents/concurrent-2"))["document"]["mentions"]


def test_documents_with_any_character_in_their_id_are_reachable(api):
    """Feed guids are URLs ("/"), and the reader's own suffix is "#2": such ids are routable when
    URL-encoded, and the dashboard's links encode them."""
    from urllib.parse import quote

    doc_id = "https://news.example/2025/11/readout?id=7#2"
    document = {"id": doc_id, "published": "2025-11-21", "title": "Posted with a URL for an id",
                "text": "Vietnam's Foreign Minister met the Foreign Minister of Japan in Hanoi on Friday."}
    ok(api.post("/api/documents", json={"documents": [document]}, headers={"Authorization": f"Bearer {TOKEN}"}))
    encoded = quote(doc_id, safe="")
    assert ok(api.get(f"/api/documents/{encoded}"))["document"]["doc_id"] == doc_id
    page = api.get(f"/documents/{encoded}")
    assert page.status_code == 200 and "Posted with a URL for an id" in page.text
    listing = api.get("/documents", params={"q": "Posted with a URL"}).text
    href = re.search(r'href="(/documents/[^"]*readout[^"]*)"', listing).group(1)
    assert "#" not in href and "?" not in href  # encoded, so the browser sends the whole id
    assert api.get(href).status_code == 200


def _raw_request(server, head: bytes, *, wait: float) -> bytes:
    """What the server answers to ``head`` (request line and headers) on a raw socket within ``wait``
    seconds, sending no body."""

    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as connection:
        connection.sendall(head)
        try:
            return connection.recv(4096)
        except TimeoutError:
            return b""


def test_the_token_is_checked_before_the_body_is_read(api, server):
    """A client without the token cannot make the server read or parse a body: it is answered 401 at
    once, before the 4 MB it announced arrive (the server used to wait for them, then parse them)."""
    for auth in (b"", b"Authorization: Bearer wrong\r\n"):
        head = (b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 4000000\r\n" + auth + b"\r\n")
        answer = _raw_request(server, head, wait=5)
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    # Unauthenticated garbage is a 401, not a 422 from parsing it.
    failed(api.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"}), 401)


def test_a_client_that_stalls_in_its_headers_is_dropped(server):
    """Half-open connections (headers never finished, or trickled a byte at a time) are closed after the
    server's header timeout; they used to be held as long as the client liked (300 for over 22 s)."""

    from communique.api.app import HEADER_TIMEOUT

    stalled = []
    for _ in range(50):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=HEADER_TIMEOUT + 10)
        connection.sendall(b"GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        stalled.append(connection)
    trickle = socket.create_connection(("127.0.0.1", server.port), timeout=1)
    started = time.monotonic()
    try:
        closed_at = None
        for byte in b"GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            try:
                trickle.sendall(bytes([byte]))
                if trickle.recv(1) == b"":
                    closed_at = time.monotonic() - started
                    break
            except TimeoutError:
                continue  # still open: go on trickling
            except OSError:
                closed_at = time.monotonic() - started
                break
        assert closed_at is not None and closed_at < HEADER_TIMEOUT + 5, closed_at
        for connection in stalled:
            assert connection.recv(4096) == b""  # closed by the server (a TimeoutError if still open)
        assert time.monotonic() - started < HEADER_TIMEOUT + 10
    finally:
        trickle.close()
        for connection in stalled:
            connection.close()
    assert httpx.get(server.url + "/api/summary").status_code == 200  # the server still serves
