"""`communique watch` against a real HTTP server on 127.0.0.1 (tests/feedserver.py): feeds that change
between polls, fail, hang, redirect and answer 304, summary-only items whose pages are fetched, alerts
that fire once each, and a watch process that stops on SIGTERM and is restarted on the same store."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from communique.errors import CommuniqueError
from communique.store import Store
from communique.watch import alerts, state
from communique.watch.fetch import Fetcher
from communique.watch.poll import poll_pass
from communique.watch.sources import Rule, Settings, Source, from_arguments, load
from tests.conftest import REPO
from tests.feedserver import FeedServer, Route, article, rss


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.stop()


def talks(day: str, guid: str | None = None) -> dict:
    """A feed item: Norway and Colombia hold talks on ``day`` (CONSULT, Goldstein +1)."""
    return {"guid": guid or f"talks-{day}", "published": day, "title": f"Talks on {day}",
            "text": f"Oslo -- Norway and Colombia held talks in Oslo on {day}."}


class Passes:
    """Runs passes of one watch over one store, counting how often each document was coded."""

    def __init__(self, settings: Settings, db: Path, coder, *, timeout: float = 2.0, retries: int = 1) -> None:
        self.settings, self.db, self.coder = settings, db, coder
        self.coded: Counter[str] = Counter()
        self.fetcher = Fetcher(timeout=timeout, retries=retries, delay=0, backoff=0.01)

    def run(self):
        with Store(self.db) as store:
            return poll_pass(self.settings, store, coder=lambda: self.coder, fetcher=self.fetcher,
                             on_record=lambda record: self.coded.update([record["doc_id"]]))

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.db) as db:
            return db.execute(sql, params).fetchall()


def test_new_items_are_coded_exactly_once_and_a_304_costs_nothing(server, tmp_path, coder):
    items = [talks("2025-05-01"), talks("2025-05-02")]
    server.routes["/feed.xml"] = Route(rss(items))
    passes = Passes(Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")]), tmp_path / "w.db",
                    coder)

    first = passes.run()
    assert sorted(first.coded) == ["talks-2025-05-01", "talks-2025-05-02"]
    assert first.sources[0].new == 2 and first.sources[0].error is None

    second = passes.run()  # nothing changed: the server answers the conditional request with 304
    assert second.coded == [] and second.sources[0].status == 304
    last = server.requests("/feed.xml")[-1]
    assert last.headers.get("If-None-Match") and last.answered == 304

    items.append(talks("2025-05-03"))  # a new item
    items[0] = {**items[0], "text": "Oslo -- Norway and Colombia held talks in Oslo on 2025-05-01 about fisheries."}
    server.routes["/feed.xml"] = Route(rss(items))
    third = passes.run()
    assert sorted(third.coded) == ["talks-2025-05-01", "talks-2025-05-03"]  # the new one and the changed one
    assert third.sources[0].items == 3 and third.sources[0].new == 2

    assert passes.coded == {"talks-2025-05-01": 2, "talks-2025-05-02": 1, "talks-2025-05-03": 1}
    stored = dict(passes.query("SELECT doc_id, text FROM documents"))
    assert "fisheries" in stored["talks-2025-05-01"] and len(stored) == 3


def test_last_modified_is_sent_back(server, tmp_path, coder):
    stamp = "Wed, 21 Oct 2025 07:28:00 GMT"
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01")]), etag=False, last_modified=stamp)
    passes = Passes(Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")]), tmp_path / "w.db",
                    coder)
    passes.run()
    assert passes.run().sources[0].status == 304
    assert server.requests("/feed.xml")[-1].headers.get("If-Modified-Since") == stamp


def test_a_failing_source_does_not_stop_the_others(server, tmp_path, coder):
    server.routes["/500.xml"] = Route(b"oops", status=500, content_type="text/plain")
    server.routes["/hang.xml"] = Route(rss([talks("2025-05-01", "hung")]), hang=3)
    server.routes["/garbage.xml"] = Route(b"\x89PNG\r\n\x1a\n not a feed at all", content_type="application/xml")
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-02")]))
    names = ["500", "hang", "garbage", "missing", "feed"]
    settings = Settings(sources=[Source(url=f"{server.url}/{name}.xml", name=name) for name in names])
    passes = Passes(settings, tmp_path / "w.db", coder, timeout=0.5, retries=1)

    started = time.monotonic()
    report = passes.run()
    assert time.monotonic() - started < 30
    errors = {done.source.name: done.error for done in report.sources}
    assert "HTTP 500" in errors["500"] and "after 2 attempts" in errors["500"]
    assert "timed out" in errors["hang"]
    assert errors["garbage"].startswith("not a feed")
    assert "HTTP 404" in errors["missing"]
    assert errors["feed"] is None and report.coded == ["talks-2025-05-02"]
    assert len(server.requests("/500.xml")) == 2  # one retry of a passing fault
    assert len(server.requests("/missing.xml")) == 1  # a 404 is not retried

    passes.run()
    health = {row[0]: row[1:] for row in passes.query("SELECT name, failures, last_error, polls FROM watch_sources")}
    assert health["500"][0] == 2 and "HTTP 500" in health["500"][1] and health["500"][2] == 2
    assert health["feed"][:2] == (0, None)


def test_redirects_are_followed_within_a_limit(server, tmp_path, coder):
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01")]))
    server.routes["/old.xml"] = Route(status=301, location="/feed.xml")
    server.routes["/loop.xml"] = Route(status=302, location="/loop.xml")
    settings = Settings(sources=[Source(url=server.url + "/old.xml", name="moved"),
                                 Source(url=server.url + "/loop.xml", name="loop")])
    report = Passes(settings, tmp_path / "w.db", coder).run()
    assert report.coded == ["talks-2025-05-01"]
    assert report.sources[0].error is None
    assert "redirect" in report.sources[1].error
    assert len(server.requests("/loop.xml")) <= 6


def test_summary_only_items_are_coded_from_their_article_page(server, tmp_path, coder):
    story = ["Oslo, 12 May -- Norway and Colombia held the fourth round of their political consultations in Oslo "
             "on Monday.", "The two delegations discussed fisheries, trade and the peace process."]
    server.routes["/feed.xml"] = Route(rss([
        {"guid": "item-1", "title": "Consultations held", "text": "Consultations were held.", "link": "/news/1.html",
         "published": "2025-05-12"},
        {"guid": "item-2", "title": "Minister travels", "text": "The minister travelled.", "link": "/news/2.html",
         "published": "2025-05-13"},
        {"guid": "item-3", "title": "Minister speaks", "text": "The minister spoke.", "link": "/news/3.html",
         "published": "2025-05-14"}]))
    server.routes["/news/1.html"] = Route(article("Consultations held", story), content_type="text/html")
    server.routes["/news/2.html"] = Route(b"down", status=503, content_type="text/plain")
    passes = Passes(Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")]), tmp_path / "w.db",
                    coder, retries=0)

    report = passes.run()
    texts = dict(passes.query("SELECT doc_id, text FROM documents"))
    assert "fourth round" in texts["item-1"] and "fisheries" in texts["item-1"]
    assert texts["item-2"] == "The minister travelled."  # the page failed: the summary is coded, not lost
    assert any("item-2" in warning and "503" in warning for warning in report.sources[0].warnings)
    record = json.loads(passes.query("SELECT record FROM documents WHERE doc_id = 'item-1'")[0][0])
    assert record["url"] == server.url + "/news/1.html" and record["title"] == "Consultations held"

    # the item whose page failed is tried again; the one fetched is not asked for twice
    server.routes["/news/2.html"] = Route(article("Minister travels", [
        "Bogota, 13 May -- Norway's Foreign Minister visited Colombia on Tuesday and met its President."]),
        content_type="text/html")
    server.routes["/feed.xml"].body += b" "  # the feed is served again (a new ETag), its items unchanged
    passes.run()
    assert "visited Colombia" in dict(passes.query("SELECT doc_id, text FROM documents"))["item-2"]
    assert len(server.requests("/news/1.html")) == 1 and len(server.requests("/news/2.html")) == 2
    assert len(server.requests("/news/3.html")) == 1  # a 404 does not pass: its summary stays, not asked again
    assert texts["item-3"] == "The minister spoke."
    assert passes.coded == {"item-1": 1, "item-2": 2, "item-3": 1}


def test_articles_never_codes_the_feed_text(server, tmp_path, coder):
    server.routes["/feed.xml"] = Route(rss([{"guid": "short", "title": "Talks", "link": "/news/1.html",
                                             "published": "2025-05-02", "text": "Norway and Colombia held talks."}]))
    source = Source(url=server.url + "/feed.xml", name="ministry", articles="never")
    Passes(Settings(sources=[source]), tmp_path / "w.db", coder).run()
    assert server.requests("/news/1.html") == []


def test_a_fault_of_the_watch_itself_stops_it(server, tmp_path):
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01")]))
    server.routes["/other.xml"] = Route(rss([talks("2025-05-02")]))

    def no_model():
        raise CommuniqueError("E001", "no English spaCy model found")

    settings = Settings(sources=[Source(url=server.url + "/feed.xml", name="a"),
                                 Source(url=server.url + "/other.xml", name="b")])
    with Store(tmp_path / "w.db") as store, pytest.raises(CommuniqueError, match="E001"):
        poll_pass(settings, store, coder=no_model, fetcher=Fetcher(delay=0))  # not one "failed source" per source
    assert server.requests("/other.xml") == []


def test_a_page_source_is_one_document_replaced_when_its_text_changes(server, tmp_path, coder):
    url = server.url + "/statement.html"
    server.routes["/statement.html"] = Route(article("Statement", [
        "Oslo, 2 May -- Norway and Colombia held talks in Oslo on Friday."]), content_type="text/html", etag=False)
    passes = Passes(Settings(sources=[Source(url=url, name="statement", kind="page")]), tmp_path / "w.db", coder)
    assert passes.run().coded == [url]
    assert passes.run().coded == []  # the same text again: the store has it
    server.routes["/statement.html"] = Route(article("Statement", [
        "Oslo, 2 May -- Norway and Colombia held talks in Oslo on Friday and signed a fisheries agreement."]),
        content_type="text/html", etag=False)
    assert passes.run().coded == [url]
    assert "fisheries" in passes.query("SELECT text FROM documents")[0][0]
    assert passes.coded == {url: 2}


ALERT_ITEMS = [
    *(talks(f"2025-05-0{day}") for day in range(1, 6)),
    {"guid": "round-3", "published": "2025-05-06", "title": "Third round",
     "text": "Oslo, 6 May -- Norway and Colombia held the third round of the Norway-Colombia political "
             "consultations in Oslo on Tuesday."},
    {"guid": "pledge", "published": "2024-03-01", "title": "Ministers meet",
     "text": "Oslo, 1 March -- Norway's Foreign Minister met the Foreign Minister of Colombia in Oslo on Friday. "
             "The two ministers agreed to hold the next round of consultations in Bogota in June 2024."},
    {"guid": "attack", "published": "2025-05-10", "title": "Clash",
     "text": "Oslo, 10 May -- Norwegian troops attacked Colombian forces near the border on Saturday, "
             "killing three soldiers."},
]
ALERT_RULES = [
    Rule(name="NOR-COL violence", rule="event", dyad="COL-NOR", types=("ASSAULT", "19")),
    Rule(name="NOR rounds", rule="round", party="NOR"),
    Rule(name="COL promises", rule="commitment", party="COL", statuses=("overdue",)),
    Rule(name="NOR-COL shift", rule="goldstein", dyad="COL-NOR", sigma=3.0, min_days=3),
]


def test_alerts_fire_once_each(server, tmp_path, coder):
    server.routes["/feed.xml"] = Route(rss(ALERT_ITEMS))
    server.routes["/hook"] = Route()
    log = tmp_path / "alerts.jsonl"
    settings = Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")], rules=list(ALERT_RULES),
                        alerts_log=str(log), webhook=server.url + "/hook")
    passes = Passes(settings, tmp_path / "w.db", coder)

    first = passes.run()
    assert first.warnings == []
    fired = {alert["kind"]: alert for alert in first.alerts}
    assert sorted(fired) == ["commitment", "event", "goldstein", "round"], [a["message"] for a in first.alerts]
    assert len(first.alerts) == 4
    assert fired["event"]["plover_type"] == "ASSAULT" and fired["event"]["doc_id"] == "attack"
    assert fired["round"]["round"] == 3 and fired["round"]["doc_id"] == "round-3"
    assert fired["commitment"]["status"] == "overdue" and fired["commitment"]["doc_id"] == "pledge"
    assert fired["goldstein"]["date"] == "2025-05-10" and fired["goldstein"]["sigmas"] < -3
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert [a["key"] for a in logged] == [a["key"] for a in first.alerts]
    posted = [json.loads(r.body) for r in server.requests("/hook", "POST")]
    assert sorted(a["key"] for a in posted) == sorted(a["key"] for a in first.alerts)

    assert passes.run().alerts == []  # 304: nothing new
    # a second report of the same round and another clash on the same day: the round and the day have fired
    server.routes["/feed.xml"] = Route(rss([*ALERT_ITEMS, {
        "guid": "round-3-again", "published": "2025-05-07", "title": "Third round (2)",
        "text": "Bogota, 7 May -- Colombia and Norway held the third round of the Norway-Colombia political "
                "consultations in Oslo on Tuesday."}]))
    again = passes.run()
    assert again.coded == ["round-3-again"] and again.alerts == []
    assert len(log.read_text().splitlines()) == 4 and len(server.requests("/hook", "POST")) == 4
    with Store(tmp_path / "w.db") as store:
        listed, total = alerts.list_alerts(store.connection)
    assert total == 4 and {a["key"] for a in listed} == {a["key"] for a in first.alerts}


def test_an_event_alert_needs_its_dyad_and_type(server, tmp_path, coder):
    server.routes["/feed.xml"] = Route(rss(ALERT_ITEMS))
    settings = Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")], rules=[
        Rule(name="wrong dyad", rule="event", dyad="CHN-RUS", types=("ASSAULT",)),
        Rule(name="wrong type", rule="event", dyad="COL-NOR", types=("SANCTION",)),
        Rule(name="any talks", rule="event", actor="NOR", types=("CONSULT",))])
    report = Passes(settings, tmp_path / "w.db", coder).run()
    assert {alert["rule"] for alert in report.alerts} == {"any talks"}
    assert all(alert["plover_type"] == "CONSULT" for alert in report.alerts)


def test_a_failed_webhook_is_reported_and_the_alert_kept(server, tmp_path, coder):
    server.routes["/feed.xml"] = Route(rss(ALERT_ITEMS[-1:]))
    settings = Settings(sources=[Source(url=server.url + "/feed.xml", name="ministry")], rules=ALERT_RULES[:1],
                        webhook=server.url + "/no-hook")
    report = Passes(settings, tmp_path / "w.db", coder).run()
    assert len(report.alerts) == 1 and len(report.warnings) == 1 and "404" in report.warnings[0]
    with Store(tmp_path / "w.db") as store:
        assert alerts.list_alerts(store.connection)[1] == 1


# --- the fetcher ---------------------------------------------------------------------------------------------


def test_the_fetcher_waits_between_requests_to_one_host(server):
    server.routes["/a"] = Route(b"a", content_type="text/plain")
    server.routes["/b"] = Route(b"b", content_type="text/plain")
    fetcher = Fetcher(timeout=2, retries=0, delay=0.4)
    assert fetcher.get(server.url + "/a").ok and fetcher.get(server.url + "/b").ok
    first, second = server.requests("/a")[0], server.requests("/b")[0]
    assert second.at - first.at >= 0.35


def test_the_fetcher_backs_off_between_retries(server):
    server.routes["/busy"] = Route(b"busy", status=429, content_type="text/plain")
    waits: list[float] = []
    fetched = Fetcher(timeout=2, retries=3, delay=0, backoff=0.05, sleep=waits.append).get(server.url + "/busy")
    assert fetched.attempts == 4 and "HTTP 429" in fetched.error
    assert waits == [0.05, 0.1, 0.2]  # exponential


def test_a_body_that_trickles_in_is_cut_off(server):
    server.routes["/slow.xml"] = Route(rss([talks("2025-05-01")]), trickle=0.05)  # ~20 bytes a second
    started = time.monotonic()
    fetched = Fetcher(timeout=0.5, retries=0, delay=0).get(server.url + "/slow.xml")
    assert not fetched.ok and "not received within" in fetched.error
    assert time.monotonic() - started < 5  # each byte comes within the timeout: only the body's deadline stops it


def test_a_gzipped_answer_is_unzipped(server, tmp_path, coder):
    import gzip

    server.routes["/feed.xml"] = Route(gzip.compress(rss([talks("2025-05-01")])), headers={"Content-Encoding": "gzip"})
    report = Passes(Settings(sources=[Source(url=server.url + "/feed.xml", name="zipped")]), tmp_path / "w.db",
                    coder).run()
    assert report.coded == ["talks-2025-05-01"]


def test_the_fetcher_refuses_what_it_should_not_follow_or_hold(server):
    server.routes["/to-file"] = Route(status=302, location="file:///etc/passwd")
    server.routes["/big"] = Route(b"x" * 5000, content_type="text/plain")
    fetcher = Fetcher(timeout=2, retries=0, delay=0, max_bytes=1000)
    refused = fetcher.get(server.url + "/to-file")
    assert not refused.ok and "302" in refused.error
    too_big = fetcher.get(server.url + "/big")
    assert not too_big.ok and "too large" in too_big.error and too_big.attempts == 1
    assert "cannot connect" in fetcher.get("http://127.0.0.1:9/feed.xml").error  # nothing listens on port 9


# --- the sources file ----------------------------------------------------------------------------------------


def test_a_sources_file_is_read(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('interval = 600\ndelay = 0.5\nalerts_log = "alerts.jsonl"\n'
                    '[[source]]\nurl = "https://example.org/feed.xml"\nname = "Example"\n'
                    '[[source]]\nurl = "https://example.org/statement"\nkind = "page"\ninterval = 60\n'
                    '[[alert]]\nname = "talks"\nrule = "event"\ndyad = "rus-chn"\ntypes = ["consult"]\n', "utf-8")
    settings = load(path)
    assert [(s.name, s.kind, s.interval) for s in settings.sources] == [
        ("Example", "feed", 600), ("https://example.org/statement", "page", 60)]
    assert settings.delay == 0.5 and settings.alerts_log == str(tmp_path / "alerts.jsonl")
    assert settings.rules == [Rule(name="talks", rule="event", dyad="CHN-RUS", types=("CONSULT",))]
    mixed = from_arguments([str(path), "https://example.org/other.xml"], interval=30)
    assert [s.interval for s in mixed.sources] == [30, 60, 30]
    other = tmp_path / "other.toml"
    other.write_text('[[alert]]\nname = "talks"\nrule = "round"\n', "utf-8")
    with pytest.raises(CommuniqueError, match="two alerts are named 'talks'"):
        from_arguments([str(path), str(other)])
    with pytest.raises(CommuniqueError, match="given twice"):
        from_arguments([str(path), "https://example.org/feed.xml"])


@pytest.mark.parametrize(("text", "message"), [
    ("[[source]\n", "not valid TOML"),
    ('[[source]]\nurl = "ftp://example.org/x"\n', "not an http(s) URL"),
    ('[[source]]\nurl = "https://example.org/x"\nkind = "podcast"\n', "kind is one of feed, page"),
    ('[[alert]]\nname = "x"\nrule = "weather"\n', "rule is one of"),
    ('[[alert]]\nname = "x"\nrule = "event"\n', "needs a dyad or an actor"),
    ('[[alert]]\nname = "x"\nrule = "goldstein"\ndyad = "CHN"\n', "a dyad is two different codes"),
    ('[[alert]]\nname = "x"\nrule = "round"\ndyad = "CHN-RUS"\n', "takes no 'dyad'"),
    ('[[alert]]\nname = "x"\nrule = "round"\n[[alert]]\nname = "x"\nrule = "round"\n', "two alerts are named"),
    ("intervall = 5\n", "unknown setting 'intervall'"),
])
def test_a_bad_sources_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommuniqueError, match=re.escape(message)) as raised:
        load(path)
    assert raised.value.code == "E040" and str(path) in str(raised.value) and "\n" not in str(raised.value)


# --- the command: cron (--once), a restart, SIGTERM ----------------------------------------------------------


def watch_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", "watch", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def test_bad_arguments_are_one_line_errors(tmp_path):
    result = watch_cli("--once", "--db", str(tmp_path / "w.db"), "not-a-url")
    assert result.returncode == 1 and "[E040]" in result.stderr and "Traceback" not in result.stderr
    result = watch_cli("--once", "--db", str(tmp_path / "w.db"), str(tmp_path / "missing.toml"))
    assert result.returncode == 1 and "cannot read the sources file" in result.stderr


def test_state_survives_a_restart_and_sigterm_saves_it(server, tmp_path):
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01"), talks("2025-05-02")]))
    feed, db = server.url + "/feed.xml", str(tmp_path / "w.db")

    first = watch_cli("--once", "--db", db, "--delay", "0", feed)
    assert first.returncode == 0, first.stderr
    assert "2 items, 2 new or changed (2 stored)" in first.stderr
    second = watch_cli("--once", "--db", db, "--delay", "0", feed)  # a new process, the same store
    assert second.returncode == 0 and "not modified (304)" in second.stderr

    # the long-running mode: polls every second until SIGTERM, then exits cleanly with its state saved
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01"), talks("2025-05-02"), talks("2025-05-03")]))
    log = (tmp_path / "watch.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "communique", "watch", "--db", db, "--delay", "0",
                                "--interval", "1", feed], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(server.requests("/feed.xml")) < 5:
            time.sleep(0.2)  # the restart waits out the interval since the last poll, then polls each second
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    output = (tmp_path / "watch.log").read_text()
    assert "1 new or changed (1 stored)" in output and "stopped; state saved" in output
    assert "Traceback" not in output
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
        polls, failures = connection.execute("SELECT polls, failures FROM watch_sources").fetchone()
    assert polls >= 4 and failures == 0
    third = watch_cli("--once", "--db", db, "--delay", "0", feed)
    assert third.returncode == 0 and "not modified (304)" in third.stderr


def test_once_exits_1_when_a_source_failed(server, tmp_path):
    server.routes["/feed.xml"] = Route(rss([talks("2025-05-01")]))
    result = watch_cli("--once", "--db", str(tmp_path / "w.db"), "--delay", "0", "--timeout", "1",
                       server.url + "/feed.xml", server.url + "/gone.xml")
    assert result.returncode == 1
    assert "gone.xml: failed: HTTP 404" in result.stderr and "1 items, 1 new" in result.stderr
    with sqlite3.connect(tmp_path / "w.db") as connection:
        assert connection.execute("SELECT doc_id FROM documents").fetchall() == [("talks-2025-05-01",)]


def test_a_store_never_watched_has_no_alerts(tmp_path):
    with Store(tmp_path / "w.db") as store:
        assert alerts.list_alerts(store.connection) == ([], 0)
        assert state.list_sources(store.connection) == []
