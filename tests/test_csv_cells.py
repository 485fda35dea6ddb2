"""CSV cells never become spreadsheet formulas (OWASP CSV injection), and import reads them back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.csv_cells import cell, uncell

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 555", "'+1 555"),
    ("-   Australia will host the summit.", "'-   Australia will host the summit."),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Japan and India held talks.", "Japan and India held talks."),
    ("046", "046"),
    ("'quoted already", "'quoted already"),
    (-2.5, -2.5),
    (None, None),
])
def test_cells(value, written):
    assert cell(value) == written
    assert uncell(cell(value)) == value


def test_csv_from_the_cli_quotes_formulas(tmp_path):
    document = {"id": "bullets", "title": "=HYPERLINK(\"http://attacker.example\")", "published": "2024-05-06",
                "text": "-   Australia and Japan held talks in Tokyo on Monday."}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(document) + "\n")
    db = str(tmp_path / "s.db")
    subprocess.run([sys.executable, "-m", "communique", "ingest", "--db", db, str(source)], check=True,
                   capture_output=True, cwd=REPO)
    out = subprocess.run([sys.executable, "-m", "communique", "events", "--db", db, "--format", "csv"],
                         capture_output=True, text=True, cwd=REPO, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    assert rows[0]["title"].startswith("'=HYPERLINK")


def test_csv_export_quotes_formulas_and_import_reads_them_back(tmp_path):
    from communique.store import Store, query

    document = {"id": "bullets", "title": "=HYPERLINK(\"http://attacker.example\")", "published": "2024-05-06",
                "text": "-   Australia and Japan held talks in Tokyo on Monday."}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(document) + "\n")
    db, out, back = str(tmp_path / "s.db"), tmp_path / "events.csv", str(tmp_path / "back.db")
    for args in (("ingest", "--db", db, str(source)), ("export", "--db", db, "--format", "csv", "-o", str(out)),
                 ("import", str(out), "--db", back)):
        subprocess.run([sys.executable, "-m", "communique", *args], check=True, capture_output=True, cwd=REPO)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and rows[0]["title"].startswith("'=HYPERLINK")
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())
    with Store(db, create=False) as original, Store(back, create=False) as imported:
        assert [e["title"] for e in query.list_events(imported)] == [e["title"] for e in query.list_events(original)]
        assert query.list_events(imported)[0]["title"].startswith("=HYPERLINK")


FORMULA = "=HYPERLINK(\"http://attacker.example\")"


def _no_formulas(rows: list[dict]) -> bool:
    return all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_csv_of_the_diplomacy_listings_quotes_formulas(tmp_path):
    """`communique positions|commitments|mechanisms --format csv` used to write cells as they were. The
    hostile texts are written into the document's record directly: the extractor cannot be steered to them."""
    from communique.store import Store
    from communique.store.diplomacy import write_document
    from tests.test_cli import run

    evidence = {"sentence": "India and Japan held the second round of the dialogue in Tokyo."}
    record = {"doc_id": "hostile", "status": "coded", "event_date": {"value": "2024-05-06"}, "events": [],
              "mechanisms": [{"id": "m1", "name": FORMULA, "text": FORMULA, "parties": ["IND", "JPN"], "round": 2,
                              "date": {"value": "2024-05-06"}, "location": {"place": "@Tokyo"}, "co_chairs": [],
                              "evidence": evidence}],
              "positions": [{"id": "p1", "holder": [{"code": "JPN"}], "stance": "support", "topic": FORMULA,
                             "topic_text": "-   a free and open Indo-Pacific", "on_behalf_of": [],
                             "topic_parties": [], "evidence": evidence}],
              "commitments": [{"id": "c1", "parties": [{"code": "IND"}, {"code": "JPN"}], "action": FORMULA,
                               "action_type": "CONSULT", "when": "+ within a year", "deadline": None,
                               "evidence": evidence}]}
    db = tmp_path / "s.db"
    with Store(db) as store:
        write_document(store.connection, record)
    cases = [("positions", "topic", FORMULA), ("positions", "topic_text", "-   a free and open Indo-Pacific"),
             ("commitments", "action", FORMULA), ("commitments", "when", "+ within a year"),
             ("mechanisms", "mechanism", FORMULA), ("mechanisms", "place", "@Tokyo")]
    for command, column, text in cases:
        result = run(command, "--db", str(db), "--format", "csv")
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 1 and _no_formulas(rows), rows
        assert rows[0][column] == "'" + text and uncell(rows[0][column]) == text


def test_csv_of_corrections_quotes_formulas_and_import_corrections_reads_them_back(tmp_path):
    """An analyst's note and name are free text: quoted in `communique corrections --format csv`, and
    unquoted again by `communique import-corrections` of that file into a store of the same documents."""
    import shutil

    from communique.store import Store, query
    from communique.store.corrections import add_correction, list_corrections
    from tests.test_cli import run

    document = {"id": "talks", "title": "Talks", "published": "2024-05-06",
                "text": "Australia and Japan held talks in Tokyo on Monday."}
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(document) + "\n")
    db, other, out = tmp_path / "s.db", tmp_path / "other.db", tmp_path / "corrections.csv"
    result = run("ingest", "--db", str(db), str(source))
    assert result.returncode == 0, result.stderr
    shutil.copy(db, other)  # the same documents, without the correction
    with Store(db, create=False) as store:
        event_id = query.list_events(store)[0]["event_id"]
        add_correction(store, event_id, {"cameo": "042"}, author="@analyst", note=FORMULA)

    result = run("corrections", "--db", str(db), "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 1 and _no_formulas(rows), rows
    assert (rows[0]["note"], rows[0]["author"]) == ("'" + FORMULA, "'@analyst")
    assert json.loads(rows[0]["changes"]) == {"cameo": "042"}

    result = run("import-corrections", "--db", str(other), str(out))
    assert result.returncode == 0 and "1 corrections imported" in result.stderr, result.stderr
    with Store(other, create=False) as store:
        [moved] = list_corrections(store)
        assert (moved["note"], moved["author"], moved["changes"]) == (FORMULA, "@analyst", {"cameo": "042"})
        assert not moved["orphaned"] and query.get_event(store, event_id)["cameo_code"] == "042"
