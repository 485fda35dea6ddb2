"""Analyst review through a real `communique serve` over a real SQLite file: corrections posted to the
API hold through re-ingest, a new version of their document and a new coder (or are reported orphaned
when their mention is gone); an event corrected to "not an event" leaves lists and exports;
`communique corrections`, `import-corrections` and `evaluate --corrections` work on what was posted."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import TOKEN, Server, run_cli

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PERU = ("Lima, 5 March -- Peru's Foreign Minister met the Foreign Minister of Chile in Lima on Wednesday. "
        "The two ministers agreed to hold regular consultations.")
# the same document, changed: a sentence added in the middle moves the offsets of the last one
PERU_V2 = ("Lima, 5 March -- Peru's Foreign Minister met the Foreign Minister of Chile in Lima on Wednesday. "
           "In a short statement, the ministry said that the talks had gone well. "
           "The two ministers agreed to hold regular consultations.")
NORWAY = "Oslo, 6 March -- Norway's Foreign Minister met the Foreign Minister of Colombia in Oslo on Thursday."
NORWAY_V2 = "Oslo, 6 March -- Norway's Foreign Minister spoke by phone with the Foreign Minister of Colombia."
ASTANA = "Kazakhstan's Foreign Minister held talks with the Foreign Minister of Uzbekistan on Friday."


def _write(path: Path, documents: dict[str, str]) -> Path:
    days = {"peru": "2025-03-05", "norway": "2025-03-06", "astana": "2025-03-07"}
    path.write_text("".join(json.dumps({"id": doc_id, "published": days[doc_id], "title": doc_id, "text": text}) + "\n"
                            for doc_id, text in documents.items()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, httpx.Client, Path, Path]]:
    folder = tmp_path_factory.mktemp("review")
    inputs = _write(folder / "docs.jsonl", {"peru": PERU, "norway": NORWAY, "astana": ASTANA})
    db = folder / "review.db"
    result = run_cli("ingest", "--db", str(db), str(inputs))
    assert result.returncode == 0, result.stderr
    server = Server(db, folder, token=TOKEN)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield server, client, db, folder
    server.stop()


def _event(client: httpx.Client, text: str, **params: str) -> dict:
    found = client.get("/api/events", params={"q": text, "negated": "any", **params}).json()["events"]
    assert len(found) == 1, found
    return found[0]


def _corrections(db: Path, *args: str) -> list[dict]:
    result = run_cli("corrections", "--db", str(db), "--format", "jsonl", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_correction_holds_through_reingest_a_new_version_and_a_new_coder(review: tuple) -> None:
    _, client, db, folder = review
    machine = _event(client, "regular consultations")
    answer = client.post(f"/api/events/{machine['event_id']}/corrections", headers=AUTH,
                         json={"date": "2025-03-04", "place": "Santiago", "actor": ["CHL", "PER"],
                               "note": "the agreement was reached the day before", "author": "ana"})
    assert answer.status_code == 200, answer.text
    event = client.get(f"/api/events/{machine['event_id']}").json()["event"]
    assert event["corrected"] is True and event["date"] == "2025-03-04" and event["place"] == "Santiago"
    assert event["country"] == "CHL" and event["lat"] is not None  # located with the gazetteer
    assert event["machine"]["date"] == machine["date"] == "2025-03-05" and event["machine"]["place"] == "Lima"
    assert event["corrections"][0]["note"] == "the agreement was reached the day before"
    first_mention = event["corrections"][0]["mention_id"]
    # lists and the CSV twin carry the corrected values, flagged
    listed = _event(client, "regular consultations")
    assert listed["date"] == "2025-03-04" and listed["corrected"] is True
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"q": "regular"}).text)))
    assert rows[0]["corrected"] == "True" and rows[0]["date"] == "2025-03-04"

    # re-ingest of the same inputs: nothing changes
    result = run_cli("ingest", "--db", str(db), str(folder / "docs.jsonl"))
    assert result.returncode == 0, result.stderr
    assert _event(client, "regular consultations")["date"] == "2025-03-04"

    # a new version of the document: the sentence moved, and the correction follows its mention
    result = run_cli("ingest", "--db", str(db), str(_write(folder / "v2.jsonl", {"peru": PERU_V2})))
    assert result.returncode == 0, result.stderr
    followed = _event(client, "regular consultations")
    assert followed["date"] == "2025-03-04" and followed["place"] == "Santiago" and followed["corrected"] is True
    [correction] = _corrections(db, "--event", followed["event_id"])
    assert correction["orphaned"] is None and correction["mention_id"] != first_mention

    # a version whose last sentence took in new text ("###" joins it): its evidence is all still there
    result = run_cli("ingest", "--db", str(db), str(_write(folder / "v3.jsonl", {"peru": PERU_V2 + "\n###"})))
    assert result.returncode == 0, result.stderr
    grown = _event(client, "regular consultations")
    assert grown["sentence"].endswith("###") and grown["date"] == "2025-03-04" and grown["corrected"] is True

    # a new release of the coder: other mention ids, rules and type (so another event id); it still follows
    from communique.store import Store

    with Store(db) as store:
        text, record = store.connection.execute("SELECT text, record FROM documents WHERE doc_id = 'peru'").fetchone()
        record = json.loads(record)
        for coded in record["events"]:
            coded["id"], coded["rule"] = coded["id"][::-1], coded["rule"] + ".v2"
            if "regular consultations" in coded["evidence"]["sentence"]:
                coded["plover"] = {"type": "COOPERATE", "mode": None, "context": []}
        store.write([(record, text)])
    recoded = _event(client, "regular consultations")
    assert recoded["event_id"] != followed["event_id"] and recoded["plover_type"] == "COOPERATE"
    assert recoded["date"] == "2025-03-04" and recoded["corrected"] is True


def test_a_correction_whose_mention_is_gone_is_reported_orphaned(review: tuple) -> None:
    _, client, db, folder = review
    machine = _event(client, "Oslo on Thursday")
    answer = client.post(f"/api/events/{machine['event_id']}/corrections", headers=AUTH,
                         json={"actor": ["COL", "NOR"], "author": "ben"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["event"]["actor_codes"] == "COL;NOR"
    assert _event(client, "Oslo on Thursday")["dyad"] == "COL-NOR"
    result = run_cli("ingest", "--db", str(db), str(_write(folder / "v2n.jsonl", {"norway": NORWAY_V2})))
    assert result.returncode == 0, result.stderr
    [orphan] = _corrections(db, "--orphaned")
    assert orphan["author"] == "ben" and "met" in orphan["orphaned"]
    table = run_cli("corrections", "--db", str(db), "--orphaned")
    assert "orphaned" in table.stdout and "ben" in table.stdout
    assert client.get("/api/corrections", params={"orphaned": "true"}).json()["count"] == 1
    # nothing of it applies any more
    assert all(not e["corrected"] for e in client.get("/api/events", params={"actor": "COL"}).json()["events"])


def test_an_event_marked_not_an_event_leaves_lists_timelines_and_exports(review: tuple) -> None:
    _, client, db, _ = review
    machine = _event(client, "Uzbekistan on Friday")
    assert client.get("/api/timeline", params={"dyad": "KAZ-UZB"}).json()["count"] == 1
    answer = client.post(f"/api/events/{machine['event_id']}/corrections", headers=AUTH,
                         json={"plover": None, "note": "a courtesy call, not a meeting"})
    assert answer.status_code == 200, answer.text
    shown = client.get(f"/api/events/{machine['event_id']}").json()["event"]
    assert shown["not_event"] is True and shown["machine"]["plover_type"] == "CONSULT"
    assert client.get("/api/events", params={"q": "Astana"}).json()["total"] == 0
    assert client.get("/api/events", params={"negated": "any"}).json()["total"] >= 1
    assert client.get("/api/dyads", params={"actor": "KAZ"}).json()["count"] == 0
    for fmt in ("csv", "jsonl", "plover", "gdelt", "icews"):
        result = run_cli("export", "--db", str(db), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert machine["event_id"] not in result.stdout and "Uzbekistan on Friday" not in result.stdout, fmt
        assert result.stdout.strip(), fmt  # the other events are still there
    assert "KAZ" not in run_cli("export", "--db", str(db), "--format", "csv").stdout


def test_corrections_need_the_token_and_a_valid_change(review: tuple) -> None:
    _, client, _, _ = review
    event_id = client.get("/api/events", params={"negated": "any"}).json()["events"][0]["event_id"]
    assert client.post(f"/api/events/{event_id}/corrections", json={"plover": "AGREE"}).status_code == 401
    bad = client.post(f"/api/events/{event_id}/corrections", headers=AUTH, json={"plover": "MEET"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("[E043] plover is one of")
    bad = client.post(f"/api/events/{event_id}/corrections", headers=AUTH, json={"actor": ["not a code"]})
    assert bad.status_code == 400 and "[E043]" in bad.json()["error"]
    assert client.post(f"/api/events/{event_id}/corrections", headers=AUTH, json={}).status_code == 400
    assert client.post(f"/api/events/{event_id}/corrections", headers=AUTH, json={"colour": 1}).status_code == 422
    assert client.post("/api/events/0000000000000000/corrections", headers=AUTH,
                       json={"plover": "AGREE"}).status_code == 404


def test_corrections_export_as_csv_without_formulas_and_import_into_another_store(review: tuple) -> None:
    _, client, db, folder = review
    event_id = _event(client, "Lima on Wednesday")["event_id"]
    answer = client.post(f"/api/events/{event_id}/corrections", headers=AUTH,
                         json={"cameo": "042", "note": "=HYPERLINK(\"http://x\")"})
    assert answer.status_code == 200, answer.text
    talks = client.get("/api/events", params={"q": "Uzbekistan on Friday", "negated": "any"}).json()["events"]
    dismissed = talks[0]["event_id"] if talks else None  # (already not an event when the test above ran)
    if dismissed:
        answer = client.post(f"/api/events/{dismissed}/corrections", headers=AUTH, json={"plover": None})
        assert answer.status_code == 200, answer.text
    table = run_cli("corrections", "--db", str(db), "--format", "csv").stdout
    notes = [row["note"] for row in csv.DictReader(io.StringIO(table))]
    assert "'=HYPERLINK(\"http://x\")" in notes
    exported = folder / "corrections.jsonl"
    result = run_cli("corrections", "--db", str(db), "--format", "jsonl", "-o", str(exported))
    assert result.returncode == 0, result.stderr

    other = folder / "other.db"  # another store with the documents as they were first ingested
    assert run_cli("ingest", "--db", str(other), str(folder / "docs.jsonl")).returncode == 0
    result = run_cli("import-corrections", "--db", str(other), str(exported))
    assert result.returncode == 0, result.stderr
    assert "imported" in result.stderr
    from communique.store import Store, query

    with Store(other, create=False) as store:
        moved = query.get_event(store, event_id)
        assert moved["corrected"] and moved["cameo_code"] == "042" and moved["machine"]["cameo_code"] != "042"
        assert query.count_events(store, q="Uzbekistan on Friday", negated=None) == 0  # not an event there too
    again = run_cli("import-corrections", "--db", str(other), str(exported))
    assert "0 corrections imported" in again.stderr
    broken = folder / "broken.jsonl"
    broken.write_text('{"doc_id": "peru"}\n', encoding="utf-8")
    result = run_cli("import-corrections", "--db", str(other), str(broken))
    assert result.returncode == 1 and "[E045]" in result.stderr and "Traceback" not in result.stderr


def test_evaluate_corrections_prints_figures(review: tuple) -> None:
    _, client, db, _ = review
    for text, change in (("Lima on Wednesday", {"actor": ["PER"], "recipient": ["CHL"]}),
                         ("Uzbekistan on Friday", {"plover": None})):
        found = client.get("/api/events", params={"q": text, "negated": "any"}).json()["events"]
        if found:  # (the tests above may have corrected it already)
            assert client.post(f"/api/events/{found[0]['event_id']}/corrections", headers=AUTH,
                               json=change).status_code == 200
    result = run_cli("evaluate", "--corrections", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "gold: corrections in" in result.stdout and "precision" in result.stdout
    assert "corrected to not an event: 1 sentences" in result.stdout
    report = json.loads(run_cli("evaluate", "--corrections", "--db", str(db), "--format", "json").stdout)
    assert report["examples"] >= 2 and 0 <= report["type"]["precision"] <= 1
    assert run_cli("evaluate", "--db", str(db)).returncode == 2  # neither --gold nor --corrections
