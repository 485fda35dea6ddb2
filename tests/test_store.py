"""The store on a real SQLite file: dedup of mentions into events, idempotent rewrites, queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from communique.errors import CommuniqueError
from communique.store import Store, query

TEXT = "China met Russia in Moscow. Russia accused Ukraine."


def participant(code: str | None, text: str, start: int = 0, sector: str = "GOV", name: str | None = None) -> dict:
    return {"text": text, "code": code, "sector": sector, "name": name, "start": start, "end": start + len(text)}


CHN, RUS, USA, IRN = (participant("CHN", "China"), participant("RUS", "Russia", 10), participant("USA", "Washington"),
                      participant("IRN", "Iran", 5))


def event(event_id: str, actors: list[dict], recipients: list[dict] = (), *, plover: str | None = "CONSULT",
          cameo: str = "040", date: str | None = "2023-09-19", place: str | None = "Moscow", negated: bool = False,
          modality: str = "asserted", confidence: float = 0.9, goldstein: float = 1.0, quad: int = 1,
          sentence: str = "China met Russia in Moscow.") -> dict:
    return {
        "id": event_id, "actor": list(actors), "recipient": list(recipients),
        "plover": {"type": plover, "mode": None, "context": ["diplomatic"]} if plover else None,
        "cameo": {"code": cameo, "root": cameo[:2], "goldstein": goldstein, "quad_class": quad},
        "date": {"value": date, "precision": {10: "day", 7: "month", 4: "year"}[len(date)]} if date else None,
        "location": {"place": place, "country": "RUS", "lat": 55.75, "lon": 37.62, "level": "city"} if place else None,
        "negated": negated, "modality": modality,
        "evidence": {"sentence": sentence, "start": 0, "end": len(sentence), "trigger": "met"},
        "confidence": confidence, "rule": "consult.meet",
    }


def record(doc_id: str, events: list[dict], *, status: str = "coded", source: str | None = "test",
           url: str | None = None, published: str = "2023-09-19") -> dict:
    return {"doc_id": doc_id, "status": status, "reason": None if status == "coded" else "empty document",
            "published": published, "title": f"title {doc_id}", "source": source, "url": url,
            "event_date": {"value": published, "precision": "day"}, "location": None, "events": events,
            "positions": [], "commitments": [], "mechanisms": [], "warnings": []}


def all_events(store: Store) -> list[dict]:
    return query.list_events(store, negated=None, limit=None, sort="date")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "test.db") as opened:
        yield opened


# --- dedup ------------------------------------------------------------------------------------


def test_syndicated_copy_adds_a_mention_and_a_source_not_an_event(store):
    store.write([(record("reuters-1", [event("m1", [CHN, RUS])], source="Reuters", url="https://reuters.com/a"), TEXT)])
    [alone] = all_events(store)
    store.write([(record("yahoo-7", [event("m2", [CHN, RUS])], source=None, url="https://www.yahoo.com/x"), TEXT)])
    [merged] = all_events(store)
    assert merged["event_id"] == alone["event_id"]
    assert (merged["num_mentions"], merged["num_sources"], merged["num_articles"], merged["num_documents"]) == (
        2, 2, 1, 2)
    detail = query.get_event(store, merged["event_id"])
    assert {m["doc_id"] for m in detail["mentions"]} == {"reuters-1", "yahoo-7"}
    assert detail["sources"] == [{"outlet": "reuters", "url": "https://reuters.com/a"},
                                 {"outlet": "yahoo.com", "url": "https://www.yahoo.com/x"}]


def test_five_outlets_are_one_event_with_five_sources(store):
    outlets = ["Reuters", "AP", "AFP", "TASS", "Xinhua"]
    store.write([(record(f"d{i}", [event(f"m{i}", [CHN, RUS])], source=outlet), f"{outlet} wrote: {TEXT}")
                 for i, outlet in enumerate(outlets)])
    [one] = all_events(store)
    assert (one["num_mentions"], one["num_sources"], one["num_articles"]) == (5, 5, 5)
    assert one["dyad"] == "CHN-RUS"


def test_same_dyad_same_day_stays_apart_when_type_or_place_differ(store):
    store.write([(record("a", [
        event("m1", [CHN, RUS]),
        event("m2", [CHN], [RUS], plover="ACCUSE", cameo="112", goldstein=-2.0, quad=3),
        event("m3", [CHN, RUS], place="Beijing"),
        event("m4", [CHN, RUS], date="2023-09-20"),
    ]), TEXT)])
    assert len(all_events(store)) == 4
    assert query.count_events(store, dyad="CHN-RUS") == 4


def test_negated_and_hypothetical_mentions_are_kept_apart(store):
    store.write([(record("a", [event("m1", [CHN, RUS]), event("m2", [CHN, RUS], negated=True),
                               event("m3", [CHN, RUS], modality="hypothetical")]), TEXT),
                 (record("b", [event("m4", [CHN, RUS])], source="other"), TEXT + " More.")])
    events = all_events(store)
    assert sorted((e["negated"], e["modality"], e["num_mentions"]) for e in events) == [
        (False, "asserted", 2), (False, "hypothetical", 1), (True, "asserted", 1)]
    assert len(query.list_events(store)) == 2  # negated left out by default
    assert [e["negated"] for e in query.list_events(store, negated=True)] == [True]
    assert len(query.list_events(store, modality="hypothetical")) == 1


def test_meetings_merge_whichever_side_hosts_but_direction_counts_otherwise(store):
    store.write([
        (record("a", [event("m1", [CHN, RUS]),
                      event("m2", [CHN], [RUS], plover="ACCUSE", cameo="112")]), "text a"),
        (record("b", [event("m3", [CHN], [RUS]),  # a visit: visitor CHN, host RUS
                      event("m4", [RUS], [CHN], plover="ACCUSE", cameo="112")], source="b"), "text b"),
    ])
    events = all_events(store)
    assert sorted((e["plover_type"], e["num_mentions"]) for e in events) == [("ACCUSE", 1), ("ACCUSE", 1),
                                                                            ("CONSULT", 2)]


def test_month_dated_mentions_merge_only_with_copies(store):
    store.write([(record("a", [event("m1", [CHN, RUS], date="2023-09")]), "text a"),
                 (record("b", [event("m2", [CHN, RUS], date="2023-09")], source="b"), "text b"),
                 (record("c", [event("m3", [CHN, RUS], date="2023-09")], source="c"), "text a")])
    assert sorted((e["num_mentions"], e["num_sources"], e["num_articles"]) for e in all_events(store)) == [
        (1, 1, 1), (2, 2, 1)]


def test_uncoded_participants_and_undated_mentions_merge_only_when_they_can(store):
    wang = participant(None, "Wang Yi", name="Wang Yi")
    store.write([
        (record("a", [event("m1", [wang, RUS]), event("m2", [CHN, RUS], date=None)]), "text a"),
        (record("b", [event("m3", [wang, RUS]), event("m4", [CHN, RUS], date=None)], source="b"), "text b"),
        (record("c", [event("m5", [CHN, RUS], date=None)], source="c"), "text a"),  # a copy of a
    ])
    counts = sorted((e["date"] is None, e["num_mentions"], e["num_articles"]) for e in all_events(store))
    # the named official merges across articles; undated mentions only with copies of their text
    assert counts == [(False, 2, 2), (True, 1, 1), (True, 2, 1)]


# --- writes -----------------------------------------------------------------------------------


def dump(store: Store) -> dict[str, list[tuple]]:
    db = store.connection
    return {table: sorted(tuple(row) for row in db.execute(f"SELECT * FROM {table}"))
            for table in ("events", "mentions", "participants", "event_actors", "event_pairs", "actors")}


def test_rewriting_the_same_records_changes_nothing(store):
    batch = [(record("a", [event("m1", [CHN, RUS]), event("m2", [CHN, RUS, USA])]), TEXT),
             (record("b", [event("m3", [CHN, RUS])], source="b"), TEXT)]
    store.write(batch)
    before = dump(store)
    store.write(batch)
    store.write(batch[::-1])
    after = dump(store)
    assert before["events"] == after["events"] and before == after


def test_a_new_version_of_a_document_recounts_its_events(store):
    store.write([(record("a", [event("m1", [CHN, RUS])]), TEXT),
                 (record("b", [event("m2", [CHN, RUS])], source="b"), TEXT)])
    store.write([(record("b", [event("m3", [USA], [IRN], plover="ACCUSE", cameo="112")], source="b"), "new")])
    events = {e["plover_type"]: e for e in all_events(store)}
    assert events["CONSULT"]["num_mentions"] == 1 and events["CONSULT"]["num_sources"] == 1
    store.write([(record("a", [], status="skipped"), None)])  # a re-read that failed keeps the coded version
    assert sorted(e["plover_type"] for e in all_events(store)) == ["ACCUSE", "CONSULT"]
    store.write([(record("a", []), "a new text with no events")])
    assert [e["plover_type"] for e in all_events(store)] == ["ACCUSE"]
    assert query.list_actors(store, q="CHN") == []


def test_a_failed_batch_stores_nothing(store):
    broken = record("d", [event("m4", [USA])])
    del broken["events"][0]["evidence"]
    with pytest.raises(KeyError):
        store.write([(record("x", [event("m5", [CHN, RUS])]), "x"), (broken, "d")])
    assert store.stored_hashes(["x", "d"]) == {}
    assert all_events(store) == []


def test_store_survives_reopening(tmp_path):
    path = tmp_path / "persist.db"
    with Store(path) as first:
        first.write([(record("a", [event("m1", [CHN])]), "h")])
    with Store(path, create=False) as second:
        assert [m["mention_id"] for m in query.list_mentions(second)] == ["m1"]


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(CommuniqueError, match="E002"):
        Store(tmp_path / "absent.db", create=False)


def test_a_version_1_store_says_what_to_do(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (event_id TEXT)")
        db.execute("PRAGMA user_version=1")
    with pytest.raises(CommuniqueError, match=r"E004.*version 1.*communique ingest --db new\.db"):
        Store(path)


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database " * 100)
    with pytest.raises(CommuniqueError, match="E007"):
        Store(path)


# --- queries ----------------------------------------------------------------------------------


@pytest.fixture
def filled(store):
    store.write([
        (record("a", [event("e1", [CHN, RUS], date="2023-09-19"),
                      event("e2", [RUS], [CHN], plover="SUPPORT", cameo="051", date="2023-10-01", goldstein=3.4,
                            sentence="Russia supports China's position.")]), "doc a"),
        (record("b", [event("e3", [USA], [IRN], plover="ACCUSE", cameo="112", date="2022-01-05", negated=True,
                            goldstein=-2.0, quad=3)], published="2022-01-05"), "doc b"),
        (record("c", [event("e4", [CHN, RUS, USA], date="2023-09-21", place="Beijing"),
                      event("e5", [CHN], [RUS], plover="THREATEN", cameo="138", date="2023-09", goldstein=-7.0,
                            quad=3, place=None)]), "doc c"),
        (record("d", [], status="skipped"), None),
    ])
    return store


def ids(events: list[dict]) -> list[str]:
    return [e["mention_id"] for e in events]


def test_filters(filled):
    assert ids(query.list_events(filled, dyad="CHN-RUS")) == ["e2", "e4", "e1", "e5"]  # newest first
    assert ids(query.list_events(filled, dyad=["RUS", "CHN"])) == ["e2", "e4", "e1", "e5"]
    assert ids(query.list_events(filled, dyad="USA-RUS")) == ["e4"]  # a three-party meeting has three dyads
    assert ids(query.list_events(filled, type="SUPPORT")) == ["e2"]
    assert ids(query.list_events(filled, type="05")) == ["e2"]  # CAMEO prefix
    assert ids(query.list_events(filled, quad_class=3)) == ["e5"]
    assert ids(query.list_events(filled, since="2023-10")) == ["e2"]
    assert ids(query.list_events(filled, until="2023-09", sort="date")) == ["e5", "e1", "e4"]
    assert ids(query.list_events(filled, q="position")) == ["e2"]
    assert query.list_events(filled, actor="IRN") == []  # negated events are left out by default
    assert ids(query.list_events(filled, actor="irn", negated=None)) == ["e3"]
    assert ids(query.list_events(filled, limit=1, offset=1)) == ["e4"]
    assert ids(query.list_events(filled, sort="-goldstein", limit=1)) == ["e2"]
    assert query.count_events(filled, actor="CHN") == 4


@pytest.mark.parametrize("filters", [
    {"actor": "CHN' OR '1'='1"}, {"dyad": "CHN-RUS' --"}, {"sort": "date; DROP TABLE events"},
    {"quad_class": 7}, {"modality": "x' OR 1=1"},
])
def test_injection_attempts_are_refused(filled, filters):
    with pytest.raises(CommuniqueError, match=r"\[E00[38]\]"):
        query.list_events(filled, **filters)
    assert query.count_events(filled) == 4  # nothing was dropped


@pytest.mark.parametrize("text", ["%", "_", "' OR '1'='1", "position%' OR 1=1 --"])
def test_text_search_is_literal(filled, text):
    assert query.list_events(filled, q=text, negated=None) == []
    assert query.list_documents(filled, q=text) == []


def test_timeline_sums(filled):
    by_month = query.timeline(filled, dyad="CHN RUS", by="month")
    assert [row["period"] for row in by_month] == ["2023-09", "2023-10"]
    september = [e for e in query.list_events(filled, dyad="CHN-RUS", limit=None) if e["date"].startswith("2023-09")]
    assert by_month[0]["events"] == len(september) == 3
    assert by_month[0]["goldstein_sum"] == pytest.approx(sum(e["goldstein"] for e in september))
    assert by_month[0]["goldstein_mean"] == pytest.approx(sum(e["goldstein"] for e in september) / 3, abs=1e-3)
    assert (by_month[0]["quad1"], by_month[0]["quad3"]) == (2, 1)
    assert by_month[1]["mentions"] == 1
    by_day = query.timeline(filled, actor="CHN", by="day")  # the month-dated threat is left out
    assert [(row["period"], row["events"]) for row in by_day] == [("2023-09-19", 1), ("2023-09-21", 1),
                                                                  ("2023-10-01", 1)]
    by_week = query.timeline(filled, dyad="CHN-RUS", by="week")
    assert [(row["period"], row["events"]) for row in by_week] == [("2023-09-18", 2), ("2023-09-25", 1)]
    assert query.timeline(filled, actor="IRN") == []
    assert query.timeline(filled, actor="IRN", negated=None)[0]["quad3"] == 1


def test_timeline_with_a_type_reads_the_events(filled):
    rows = query.timeline(filled, dyad="CHN-RUS", by="month", type="CONSULT")
    assert [(row["period"], row["events"], row["quad1"]) for row in rows] == [("2023-09", 2, 2)]
    assert query.timeline(filled, actor="CHN", by="year", type="13") == [
        {"period": "2023", "events": 1, "mentions": 1, "goldstein_sum": -7.0, "goldstein_mean": -7.0,
         "quad1": 0, "quad2": 0, "quad3": 1, "quad4": 0}]


def test_the_timeline_rollup_follows_every_rewrite(tmp_path):
    """A store that saw documents come, change and go has the same rollup as one that saw only the end."""
    final = [(record("a", [event("m1", [CHN, RUS]), event("m2", [RUS], [CHN], plover="ACCUSE", cameo="112",
                                                         goldstein=-2.0, quad=3)]), "a"),
             (record("b", [event("m3", [CHN, RUS, USA], date="2023-09"), event("m4", [USA], [IRN], negated=True)],
                     source="b"), "b"),
             (record("c", [event("m5", [CHN, RUS])], source="c"), "a")]
    with Store(tmp_path / "churned.db") as churned, Store(tmp_path / "fresh.db") as fresh:
        churned.write([(record("b", [event("m9", [CHN, IRN], goldstein=3.3)], source="b"), "old b"),
                       (record("z", [event("m8", [CHN, RUS]), event("m7", [USA], [RUS], plover="ACCUSE", cameo="112",
                                                                    goldstein=-2.0, quad=3)]), "z")])
        churned.write(final[:2])
        churned.write([(record("z", []), "z, rewritten with no events"), final[2]])
        churned.write(final)
        fresh.write(final)

        def rollup(store: Store) -> list[tuple]:
            return [(*row[:6], round(row[6], 6), *row[7:]) for row in
                    store.connection.execute("SELECT * FROM timeline_days ORDER BY subject, day, negated, modality")]

        assert rollup(churned) == rollup(fresh)
        assert rollup(fresh)  # not empty
        for code in ("CHN", "RUS", "USA", "IRN"):
            assert query.timeline(churned, actor=code, by="day", negated=None) == query.timeline(
                fresh, actor=code, by="day", negated=None)


def test_timeline_needs_a_subject_and_a_unit(filled):
    with pytest.raises(CommuniqueError, match="E003"):
        query.timeline(filled)
    with pytest.raises(CommuniqueError, match="E008"):
        query.timeline(filled, actor="CHN", by="fortnight")


def test_event_document_and_actor_details(filled):
    [support] = query.list_events(filled, type="SUPPORT")
    detail = query.get_event(filled, support["event_id"])
    assert detail["num_mentions"] == len(detail["mentions"]) == 1
    assert detail["mentions"][0]["evidence"]["sentence"] == "Russia supports China's position."
    assert {p["code"] for p in detail["mentions"][0]["participants"]} == {"RUS", "CHN"}
    assert query.get_event(filled, "nope") is None
    document = query.get_document(filled, "a")
    assert document["text"] == "doc a" and document["record"]["doc_id"] == "a"
    assert [m["mention_id"] for m in document["mentions"]] == ["e1", "e2"]
    assert query.get_document(filled, "zzz") is None
    assert [d["doc_id"] for d in query.list_documents(filled, status="skipped")] == ["d"]
    assert {d["doc_id"]: d["mentions"] for d in query.list_documents(filled)} == {"a": 2, "b": 1, "c": 2, "d": 0}
    actors = {a["code"]: a for a in query.list_actors(filled)}
    assert actors["CHN"]["events"] == 4 and actors["CHN"]["sectors"] == ["GOV"]
    assert query.summary(filled) == {"documents": 4, "documents_coded": 3, "documents_skipped": 1,
                                     "documents_failed": 0, "mentions": 5, "events": 5, "dedup_ratio": 1.0}


def test_real_ingest_stores_texts_whose_offsets_slice_the_spans(tmp_path, coder):
    from communique.ingest import ingest

    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in [
        {"id": "x1", "published": "2024-05-02", "source": "Kyodo",
         "text": "Japan's Prime Minister met South Korean President Yoon in Seoul. Japan condemned North Korea."},
        {"id": "x2", "published": "2024-05-02", "url": "https://www.example.com/copy",
         "text": "Japan's Prime Minister met South Korean President Yoon in Seoul. Japan condemned North Korea."},
    ]) + "\n", encoding="utf-8")
    with Store(tmp_path / "real.db") as store:
        assert ingest([str(path)], store, coder=coder).stored == 2
        before = dump(store)
        for listed in query.list_documents(store):
            document = query.get_document(store, listed["doc_id"])
            assert document["mentions"]
            for mention in document["mentions"]:
                text = document["text"]
                assert text[mention["sentence_start"]:mention["sentence_end"]] == mention["sentence"]
                evidence = mention["evidence"]
                assert text[evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger"]
                for person in mention["participants"]:
                    assert text[person["start"]:person["end"]] == person["text"]
        events = query.list_events(store, limit=None)
        assert events and all(e["num_documents"] == 2 and e["num_articles"] == 1 and e["num_sources"] == 2
                              for e in events)
        again = ingest([str(path)], store, coder=coder)
        assert (again.stored, again.unchanged) == (0, 2) and dump(store) == before


def test_an_error_that_ended_the_transaction_is_the_error_reported(tmp_path):
    """A full disk ends SQLite's transaction itself; the rollback must not mask the first error with
    "cannot rollback - no transaction is active"."""
    with Store(tmp_path / "s.db") as store, pytest.raises(sqlite3.OperationalError, match="disk is full"), \
            store._transaction() as db:
        db.execute("ROLLBACK")  # what SQLite does on SQLITE_FULL
        raise sqlite3.OperationalError("database or disk is full")


def test_storage_faults_are_one_line_errors(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "s.db"
    repo = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "communique", "ingest", "--db", str(db),
                    str(repo / "communique" / "demo" / "samples" / "readouts.jsonl")], check=True, capture_output=True)
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE actors")  # damaged in a way SQLite notices only when asked
    result = subprocess.run([sys.executable, "-m", "communique", "actors", "--db", str(db)], capture_output=True,
                            text=True)
    assert result.returncode == 1 and "[E017]" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
