"""The store on a real SQLite file: writes, idempotent rewrites, filters and exports."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from communique.errors import CommuniqueError
from communique.store import Store
from communique.store.export import export_events


def participant(code: str | None, text: str, start: int) -> dict:
    return {"text": text, "code": code, "sector": "GOV", "name": None, "start": start, "end": start + len(text)}


def event(event_id: str, actors: list[dict], recipients: list[dict], *, plover: str | None = "CONSULT",
          cameo: str = "040", date: str = "2023-09-19", negated: bool = False) -> dict:
    return {
        "id": event_id, "actor": actors, "recipient": recipients,
        "plover": {"type": plover, "mode": None, "context": []} if plover else None,
        "cameo": {"code": cameo, "root": cameo[:2], "goldstein": 1.0, "quad_class": 1},
        "date": {"value": date, "precision": "day"}, "location": {"place": "Moscow", "country": "RUS"},
        "negated": negated, "modality": "asserted",
        "evidence": {"sentence": "China met Russia.", "start": 0, "end": 17, "trigger": "met"},
        "confidence": 0.9, "rule": "consult.meet",
    }


def record(doc_id: str, events: list[dict], status: str = "coded") -> dict:
    return {"doc_id": doc_id, "status": status, "reason": None if status == "coded" else "empty document",
            "published": "2023-09-19", "title": f"title {doc_id}", "source": "test", "url": None,
            "event_date": {"value": "2023-09-19", "precision": "day"}, "location": None, "events": events,
            "positions": [], "commitments": [], "mechanisms": [], "warnings": []}


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "test.db") as opened:
        opened.write([
            (record("a", [event("e1", [participant("CHN", "China", 0), participant("RUS", "Russia", 10)], []),
                          event("e2", [participant("RUS", "Russia", 0)], [participant("CHN", "China", 20)],
                                plover="SUPPORT", cameo="051", date="2023-10-01")]), "hash-a"),
            (record("b", [event("e3", [participant("USA", "Washington", 0)], [participant("IRN", "Iran", 5)],
                                plover="ACCUSE", cameo="112", date="2022-01-05", negated=True)]), "hash-b"),
            (record("c", [], status="skipped"), None),
        ])
        yield opened


def test_counts_and_status(store):
    assert store.counts() == {"documents": 3, "documents_coded": 2, "documents_skipped": 1,
                              "documents_failed": 0, "events": 3}


def test_filters(store):
    assert [e["event_id"] for e in store.events(dyad="CHN-RUS")] == ["e2", "e1"]  # newest first
    assert [e["event_id"] for e in store.events(dyad="RUS-CHN")] == ["e2", "e1"]  # either order
    assert [e["event_id"] for e in store.events(event_type="SUPPORT")] == ["e2"]
    assert [e["event_id"] for e in store.events(event_type="05")] == ["e2"]  # CAMEO prefix
    assert [e["event_id"] for e in store.events(since="2023-10")] == ["e2"]
    assert [e["event_id"] for e in store.events(until="2023-09")] == ["e1"]  # inclusive at month precision
    assert store.events(actor="USA") == []  # negated events are left out by default
    assert [e["event_id"] for e in store.events(actor="USA", include_negated=True)] == ["e3"]
    assert [e["event_id"] for e in store.events(limit=1, offset=1)] == ["e1"]


def test_bad_dyad_is_a_clear_error(store):
    with pytest.raises(CommuniqueError, match="E003"):
        store.events(dyad="CHN")


def test_rewrite_replaces_a_document_whole(store):
    store.write([(record("a", [event("e9", [participant("FRA", "France", 0)], [])]), "hash-a2")])
    assert store.counts()["events"] == 2
    assert store.stored_hashes(["a", "b", "zzz"]) == {"a": "hash-a2", "b": "hash-b"}
    assert store.events(dyad="CHN-RUS") == []


def test_a_failed_batch_stores_nothing(store):
    broken = record("d", [event("e4", [participant("DEU", "Germany", 0)], [])])
    del broken["events"][0]["evidence"]
    with pytest.raises(KeyError):
        store.write([(record("x", []), "hash-x"), (broken, "hash-d")])
    assert store.stored_hashes(["x", "d"]) == {}


def test_store_survives_reopening(tmp_path):
    path = tmp_path / "persist.db"
    with Store(path) as first:
        first.write([(record("a", [event("e1", [participant("CHN", "China", 0)], [])]), "h")])
    with Store(path, create=False) as second:
        assert [json.loads(r["record"])["id"] for r in second.events()] == ["e1"]


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(CommuniqueError, match="E002"):
        Store(tmp_path / "absent.db", create=False)


def test_exports_keep_codes_as_strings(store, tmp_path):
    csv_path, jsonl_path, parquet_path = tmp_path / "e.csv", tmp_path / "e.jsonl", tmp_path / "e.parquet"
    assert export_events(store, "csv", csv_path) == 3
    assert export_events(store, "jsonl", jsonl_path) == 3
    assert export_events(store, "parquet", parquet_path) == 3
    rows = list(csv.DictReader(csv_path.open()))
    assert {row["cameo_code"] for row in rows} == {"040", "051", "112"}
    lines = [json.loads(line) for line in jsonl_path.read_text().splitlines()]
    assert {line["cameo_code"] for line in lines} == {"040", "051", "112"}
    table = pq.read_table(parquet_path)
    assert str(table.schema.field("cameo_code").type) == "string"
    assert sorted(table.column("event_id").to_pylist()) == ["e1", "e2", "e3"]
    assert table.column("negated").to_pylist().count(True) == 1


def test_export_filters_and_empty_parquet(store, tmp_path):
    assert export_events(store, "jsonl", tmp_path / "d.jsonl", dyad="CHN-RUS") == 2
    assert export_events(store, "parquet", tmp_path / "none.parquet", since="2030") == 0
    assert pq.read_table(tmp_path / "none.parquet").num_rows == 0
    with pytest.raises(CommuniqueError, match="E006"):
        export_events(store, "parquet", None)
