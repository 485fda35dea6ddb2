"""Exports of stored events (real files) and the import that reads them back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from communique.errors import CommuniqueError
from communique.store import Store, query
from communique.store.db import EVENT_COLUMNS
from communique.store.export import GDELT_COLUMNS, ICEWS_COLUMNS, export_events, import_events
from tests.conftest import shared_path
from tests.test_store import CHN, IRN, RUS, USA, event, participant, record

WANG = participant("CHN", "Wang Yi", name="Wang Yi")


@pytest.fixture
def filled(tmp_path):
    with Store(tmp_path / "source.db") as store:
        store.write([
            (record("a", [event("e1", [WANG, RUS]),
                          event("e2", [RUS], [CHN], plover="SUPPORT", cameo="051", date="2023-10-01",
                                sentence='Russia "supports"\tChina,\nfirmly.'),
                          event("e3", [CHN], [RUS], plover=None, cameo="010", date="2023-10")],
                    url="https://example.org/a"), "text a"),
            (record("b", [event("e4", [USA], [IRN], plover="ACCUSE", cameo="112", date="2022-01-05", negated=True,
                                goldstein=-2.0, quad=3, place=None)], source="AP"), "text b"),
            (record("c", [event("e5", [CHN, RUS, USA], date=None)]), "text c"),
            (record("copy-of-a", [event("e6", [WANG, RUS])], source="Yahoo"), "text a"),
        ])
        yield store


def test_exports_keep_codes_as_strings(filled, tmp_path):
    assert export_events(filled, "csv", tmp_path / "e.csv") == 5
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert {row["cameo_code"] for row in rows} == {"040", "051", "010", "112"}
    assert export_events(filled, "jsonl", tmp_path / "e.jsonl") == 5
    lines = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert {line["cameo_code"] for line in lines} == {"040", "051", "010", "112"}
    assert export_events(filled, "parquet", tmp_path / "parquet") == 5
    table = ds.dataset(tmp_path / "parquet", format="parquet", partitioning="hive").to_table()
    assert str(table.schema.field("cameo_code").type) == "string"
    assert sorted(path.name for path in (tmp_path / "parquet").iterdir()) == [
        "month=2022-01", "month=2023-09", "month=2023-10", "month=undated"]


def test_gdelt_export_has_the_gdelt_columns(filled, tmp_path):
    ontology = shared_path("data", "ontology", "GDELT2_events_columns.tsv")
    expected = [row["column"] for row in csv.DictReader(ontology.open(encoding="utf-8"), delimiter="\t")]
    assert list(GDELT_COLUMNS) == expected
    assert export_events(filled, "gdelt", tmp_path / "e.tsv") == 5
    lines = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    consult = next(row for row in rows if row["EventCode"] == "040" and row["SQLDATE"] == "20230919")
    assert consult["Actor1Code"] == "CHNGOV" and consult["Actor1Name"] == "WANG YI"
    assert consult["Actor2CountryCode"] == "RUS" and consult["EventRootCode"] == "04"
    assert (consult["NumMentions"], consult["NumSources"], consult["NumArticles"]) == ("2", "2", "1")
    assert consult["ActionGeo_CountryCode"] == "RS"  # GDELT's FIPS country code
    assert consult["ActionGeo_FullName"] == "Moscow, Russia" and consult["ActionGeo_Type"] == "4"
    support = next(row for row in rows if row["EventCode"] == "051")
    assert "\t" not in support["SOURCEURL"] and support["SOURCEURL"] == "https://example.org/a"
    month = next(row for row in rows if row["EventCode"] == "010")
    assert (month["SQLDATE"], month["MonthYear"], month["EventBaseCode"]) == ("20231001", "202310", "010")


def test_icews_and_plover_exports(filled, tmp_path):
    assert export_events(filled, "icews", tmp_path / "e.tsv") == 5
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert list(rows[0]) == list(ICEWS_COLUMNS)
    accuse = next(row for row in rows if row["CAMEO Code"] == "112")
    assert (accuse["Source Country"], accuse["Target Country"], accuse["Publisher"]) == (
        "United States", "Iran", "AP")
    assert export_events(filled, "plover", tmp_path / "e.plover.jsonl") == 5
    records = [json.loads(line) for line in (tmp_path / "e.plover.jsonl").read_text().splitlines()]
    support = next(r for r in records if r["event"] == "SUPPORT")
    assert support["actor"][0]["code"] == "RUS" and support["recipient"][0]["code"] == "CHN"
    assert support["context"] == ["diplomatic"] and support["communique"]["cameo_code"] == "051"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "plover"])
def test_export_then_import_gives_the_same_events(filled, tmp_path, fmt):
    path = tmp_path / f"events.{fmt}"
    export_events(filled, fmt, path)
    with Store(tmp_path / "copy.db") as copy:
        assert import_events(copy, path, fmt) == (5, 0)
        original = query.list_events(filled, negated=None, limit=None, sort="date")
        again = query.list_events(copy, negated=None, limit=None, sort="date")
        assert again == original
        assert query.timeline(copy, dyad="CHN-RUS", by="day") == query.timeline(filled, dyad="CHN-RUS", by="day")
        assert query.list_events(copy, dyad="RUS-USA", negated=None) == query.list_events(
            filled, dyad="RUS-USA", negated=None)
        assert import_events(copy, path, fmt) == (5, 0)  # importing twice changes nothing
        assert query.list_events(copy, negated=None, limit=None, sort="date") == original
    assert import_events(filled, path, fmt) == (0, 5)  # evidence already counted wins


def test_lossy_and_broken_imports_are_clear_errors(filled, tmp_path):
    export_events(filled, "gdelt", tmp_path / "e.gdelt")
    with Store(tmp_path / "copy.db") as copy:
        with pytest.raises(CommuniqueError, match=r"E005.*lossy"):
            import_events(copy, tmp_path / "e.gdelt", "gdelt")
        (tmp_path / "bad.jsonl").write_text('{"x": 1}\n')
        with pytest.raises(CommuniqueError, match="E009"):
            import_events(copy, tmp_path / "bad.jsonl")
        with pytest.raises(CommuniqueError, match="E009"):
            import_events(copy, tmp_path / "absent.csv")
        assert query.count_events(copy, negated=None) == 0


def test_export_filters_and_parquet_folder_rules(filled, tmp_path):
    assert export_events(filled, "jsonl", tmp_path / "d.jsonl", dyad="CHN-RUS") == 4
    assert export_events(filled, "jsonl", tmp_path / "n.jsonl", negated=False) == 4
    assert export_events(filled, "parquet", tmp_path / "none", since="2030") == 0
    with pytest.raises(CommuniqueError, match="E006"):
        export_events(filled, "parquet", None)
    with pytest.raises(CommuniqueError, match="E006"):
        export_events(filled, "parquet", tmp_path / "d.jsonl")
    with pytest.raises(CommuniqueError, match="E005"):
        export_events(filled, "xml", tmp_path / "x")
    assert set(EVENT_COLUMNS) <= set(json.loads((tmp_path / "d.jsonl").read_text().splitlines()[0]))


def test_parquet_without_pyarrow_is_a_one_line_error(tmp_path):
    """pyarrow is an extra: a venv without it gets [E015] and how to install it, not an ImportError."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    db = str(tmp_path / "x.db")
    subprocess.run([sys.executable, "-m", "communique", "ingest", "--db", db,
                    str(repo / "communique" / "demo" / "samples" / "readouts.jsonl")], check=True, capture_output=True)
    blocker = tmp_path / "block" / "pyarrow"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('pyarrow is not installed here')\n")
    result = subprocess.run([sys.executable, "-m", "communique", "export", "--db", db, "--format", "parquet", "-o",
                             str(tmp_path / "out")], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path / "block")})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[E015]" in result.stderr and "communique[parquet]" in result.stderr
    assert not (tmp_path / "out").exists()
