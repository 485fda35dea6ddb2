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
