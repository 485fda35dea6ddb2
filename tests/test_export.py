"""Exports of stored events (real files) and the import that reads them back; every export of real
stores checked against the specs it names (../shared/data/ontology: the PLOVER ontology, GDELT 2.0's
columns, CAMEO's code table), and the format tables in communique/store/data checked row by row."""

from __future__ import annotations

import csv
import datetime
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from communique.errors import CommuniqueError
from communique.store import Store, query
from communique.store.db import EVENT_COLUMNS
from communique.store.export import (
    GDELT_COLUMNS,
    ICEWS_COLUMNS,
    ExportReport,
    cameo_event_code,
    data_table,
    export_events,
    gdelt_quad_class,
    import_events,
    plover_types,
)
from tests.conftest import REPO, SHARED, shared_path
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
    assert str(table.schema.field("date").type) == "date32[day]"
    assert sorted(path.name for path in (tmp_path / "parquet").iterdir()) == [
        "month=2022-01", "month=2023-09", "month=2023-10", "month=undated"]
    dates = {row["cameo_code"]: (row["date"], row["date_precision"]) for row in table.to_pylist()}
    assert dates["010"] == (datetime.date(2023, 10, 1), "month")  # the first day, with the precision beside it


def test_gdelt_export_has_the_gdelt_columns(filled, tmp_path):
    ontology = shared_path("data", "ontology", "GDELT2_events_columns.tsv")
    expected = [row["column"] for row in csv.DictReader(ontology.open(encoding="utf-8"), delimiter="\t")]
    assert list(GDELT_COLUMNS) == expected
    report = ExportReport()
    assert export_events(filled, "gdelt", tmp_path / "e.tsv", report) == 4
    assert report.line() == "gdelt: left out 1 of 5 events: 1 with no date"
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
    assert export_events(filled, "icews", tmp_path / "e.tsv") == 4  # not the undated one
    rows = list(csv.DictReader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t"))
    assert list(rows[0]) == list(ICEWS_COLUMNS)
    accuse = next(row for row in rows if row["CAMEO Code"] == "112")
    assert (accuse["Source Country"], accuse["Target Country"], accuse["Publisher"]) == (
        "United States", "Iran", "AP")
    consult = next(row for row in rows if row["CAMEO Code"] == "040")
    assert (consult["Source Country"], consult["Target Country"]) == ("China", "Russia")
    report = ExportReport()
    assert export_events(filled, "plover", tmp_path / "e.plover.jsonl", report) == 3
    assert report.line() == ("plover: left out 2 of 5 events: 1 with no PLOVER type (CAMEO only), "
                             "1 with no date")
    records = [json.loads(line) for line in (tmp_path / "e.plover.jsonl").read_text().splitlines()]
    support = next(r for r in records if r["event"] == "SUPPORT")
    assert support["actor"][0]["code"] == "RUS" and support["recipient"][0]["code"] == "CHN"
    assert support["context"] == ["diplomatic"] and support["communique"]["cameo_code"] == "051"
    accuse = next(r for r in records if r["event"] == "ACCUSE")
    assert accuse["quad_code"] == 3 and accuse["date"] == "2022-01-05"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "plover"])
def test_export_then_import_gives_the_same_events(filled, tmp_path, fmt):
    """Every event comes back as it was stored; PLOVER holds 3 of the 5 (not the CAMEO-only one, not the
    undated one), and those come back with their partial dates and CAMEO quad classes."""
    path = tmp_path / f"events.{fmt}"
    held = export_events(filled, fmt, path)
    assert held == (3 if fmt == "plover" else 5)
    with Store(tmp_path / "copy.db") as copy:
        assert import_events(copy, path, fmt) == (held, 0)
        original = query.list_events(filled, negated=None, limit=None, sort="date")
        if fmt == "plover":
            original = [event for event in original if event["plover_type"] and event["date"]]
        again = query.list_events(copy, negated=None, limit=None, sort="date")
        assert again == original
        assert query.timeline(copy, dyad="CHN-RUS", by="day") == query.timeline(filled, dyad="CHN-RUS", by="day")
        assert query.list_events(copy, dyad="RUS-USA", negated=None) == [
            event for event in query.list_events(filled, dyad="RUS-USA", negated=None) if event in original]
        assert import_events(copy, path, fmt) == (held, 0)  # importing twice changes nothing
        assert query.list_events(copy, negated=None, limit=None, sort="date") == original
    assert import_events(filled, path, fmt) == (0, held)  # evidence already counted wins


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


# --- the format tables (communique/store/data), row by row -----------------------------------------

ONTOLOGY = SHARED / "data" / "ontology"
GOLDSTEIN = ONTOLOGY / "cameo_event_codes_goldstein.tsv"
SECTORS = data_table("cameo_agent_types.tsv")
ORGANISATIONS = data_table("cameo_organisations.tsv")


def ontology() -> dict:
    return json.loads(shared_path("data", "ontology", "plover_ontology.json").read_text(encoding="utf-8"))


def test_plover_tables_are_the_ontology():
    spec = ontology()
    quads = {name: int(key[0]) for key, names in spec["quad_categories"].items() if key[0].isdigit() for name in names}
    assert list(plover_types()) == spec["event_types"]
    for name, kind in plover_types().items():
        assert kind.quad_class == quads[name], name
        assert kind.requires_recipient == (spec["events"][name]["requires_recipient"] == "Yes"), name
        assert kind.requires_recipient == bool(spec["requires_recipient_per_rpolecat"].get(name, 0)), name
        assert kind.modes == {mode["mode"] for mode in spec["events"][name]["modes"]}, name
    assert plover_types()["REQUEST"].quad_class == 3  # verbal conflict, whatever CAMEO's 02 says
    assert [row["context"] for row in data_table("plover_contexts.tsv")] == [c["context"] for c in spec["contexts"]]
    assert [row["sector"] for row in SECTORS] == [sector["code"] for sector in spec["sector_codes"]]
    assert {row["actor"] for row in ORGANISATIONS} >= {c["code"] for c in spec["actor_country_names_nonstate"]}


def _agents(path: Path) -> dict[str, str]:
    """Noun -> agent code of a PETRARCH agents dictionary ("DOCTOR [~HLH]" -> {"DOCTOR": "HLH"})."""
    nouns = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.match(r"([^\[{#]+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]", line.split("#")[0].strip())
        if match:
            nouns[match.group(1)] = match.group(2)
    return nouns


def _parts(code: str) -> list[str]:
    return [code[i:i + 3] for i in range(0, len(code), 3)]


@pytest.fixture(scope="module")
def agent_pairs() -> list[tuple[list[str], list[str]]]:
    """(PLOVER sectors, CAMEO agent codes) of every noun both agents dictionaries file."""
    plover = _agents(shared_path("data", "ontology", "PLOVER_agents.txt"))
    cameo = _agents(shared_path("data", "petrarch2", "Phoenix.agents.txt"))
    return [(_parts(code), _parts(cameo[noun])) for noun, code in plover.items() if noun in cameo]


@pytest.mark.parametrize("row", SECTORS, ids=[row["sector"] for row in SECTORS])
def test_sector_crosswalk_row_follows_the_agents_dictionaries(row, agent_pairs):
    """A row with basis "agents" gives the CAMEO code most of the sector's nouns get (the nouns filed
    under that sector alone; under it among others where none is); its note says how many."""
    alone = [cameo for sectors, cameo in agent_pairs if sectors == [row["sector"]]]
    pool = alone or [cameo for sectors, cameo in agent_pairs if row["sector"] in sectors]
    counts = Counter(part for cameo in pool for part in set(cameo))
    if row["basis"] == "agents":
        assert counts.most_common(1)[0][0] == row["cameo_type"]
        assert f"{counts[row['cameo_type']]} of {len(pool)} nouns" in row["note"]
    else:
        assert row["basis"] == "definition" and row["note"]
    if row["cameo_type"]:  # a code CAMEO's own dictionary uses
        assert any(row["cameo_type"] in cameo for _, cameo in agent_pairs)


@pytest.mark.parametrize("row", ORGANISATIONS, ids=[row["actor"] for row in ORGANISATIONS])
def test_organisation_row_is_in_the_cameo_dictionary(row):
    """Each code is one the PETRARCH2 international actors dictionary gives, and each organisation is
    one communique's knowledge base knows under that name."""
    codes = set()
    for name in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        text = shared_path("data", "petrarch2", name).read_text(encoding="utf-8", errors="replace")
        codes.update(re.findall(r"\[([A-Z]+)[\] ]", text))
    assert row["cameo_code"] in codes
    parts = _parts(row["cameo_code"])
    assert row["known_group"] in ("", parts[-1])
    assert all(kind in parts for kind in row["types"].split("|"))
    if len(row["actor"]) != 3:
        known = {line.split("\t")[0]: line.split("\t")[2] for line in (
            REPO / "communique" / "actors" / "data" / "organisations.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")}
        assert known.get(row["actor"]) in ("UNO", "EUR", "IGO", "NGO"), row["actor"]


@pytest.fixture(scope="module")
def crosswalk_export(tmp_path_factory) -> dict[str, dict[str, str]]:
    """A real store with one event per table row (the row's participant meets Russia, each on its own
    day), exported as GDELT: row key -> the GDELT row."""
    folder = tmp_path_factory.mktemp("crosswalk")
    kb = {line.split("\t")[0]: line.split("\t")[2] for line in (
        REPO / "communique" / "actors" / "data" / "organisations.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")}
    people = [(row["sector"], participant("USA", "someone", sector=row["sector"], name="Someone"))
              for row in SECTORS]
    people += [(row["actor"], participant(kb.get(row["actor"], row["actor"]), row["actor"], sector="",
                                                   name=row["actor"] if len(row["actor"]) != 3 else None))
               for row in ORGANISATIONS]
    start = datetime.date(2023, 1, 1)
    days = {}
    events = []
    for number, (key, who) in enumerate(people):
        day = (start + datetime.timedelta(days=number)).isoformat()
        days[day.replace("-", "")] = key
        events.append(event(f"x{number}", [who], [RUS], date=day))
    with Store(folder / "crosswalk.db") as store:
        store.write([(record("crosswalk", events), "text")])
        assert export_events(store, "gdelt", folder / "e.tsv") == len(people)
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
            for line in (folder / "e.tsv").read_text(encoding="utf-8").splitlines()]
    return {days[row["SQLDATE"]]: row for row in rows}


@pytest.mark.parametrize("row", SECTORS, ids=[row["sector"] for row in SECTORS])
def test_gdelt_writes_the_cameo_type_of_each_sector(row, crosswalk_export):
    written = crosswalk_export[row["sector"]]
    assert written["Actor1Type1Code"] == row["cameo_type"]
    assert written["Actor1Code"] == "USA" + row["cameo_type"] and written["Actor1CountryCode"] == "USA"
    assert written["Actor2Code"] == "RUSGOV" and written["Actor2Type1Code"] == "GOV"


def test_health_is_not_media():
    """PLOVER's MED (health) is CAMEO's HLH, and PLOVER's JRN (journalists) CAMEO's MED."""
    types = {row["sector"]: row["cameo_type"] for row in SECTORS}
    assert (types["MED"], types["JRN"], types["GOV"], types["MIL"], types["LEG"]) == ("HLH", "MED", "GOV", "MIL",
                                                                                      "LEG")


@pytest.mark.parametrize("row", ORGANISATIONS, ids=[row["actor"] for row in ORGANISATIONS])
def test_gdelt_writes_the_cameo_code_of_each_organisation(row, crosswalk_export):
    written = crosswalk_export[row["actor"]]
    assert written["Actor1Code"] == row["cameo_code"]
    assert written["Actor1KnownGroupCode"] == row["known_group"] and written["Actor1CountryCode"] == ""
    types = row["types"].split("|")
    assert [written[f"Actor1Type{n}Code"] for n in (1, 2, 3)] == [*types, "", "", ""][:3]


def test_gdelt_quad_class_is_gdelts():
    rows = list(csv.DictReader(shared_path("data", "ontology", GOLDSTEIN.name).open(encoding="utf-8"),
                               delimiter="\t"))
    assert len(rows) > 300
    assert {row["code"]: gdelt_quad_class(row["code"]) for row in rows} == {
        row["code"]: int(row["gdelt_quadclass"]) for row in rows}


def test_cameo_event_codes_have_three_or_four_digits():
    assert [cameo_event_code(code) for code in ("04", "040", "0311", "20", "2", "99", None)] == [
        "040", "040", "0311", "200", None, None, None]


# --- every export of a real store, against the specs ----------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=600, env={**os.environ, "COLUMNS": "200"})


@pytest.fixture(scope="module", params=["samples", "whitehouse"])
def real_store(request, tmp_path_factory) -> Path:
    """A store ingested by `communique ingest`: the bundled sample readouts, and the first 100 White
    House readouts of ../shared/data/corpus where it is present."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "samples":
        inputs = REPO / "communique" / "demo" / "samples" / "readouts.jsonl"
    else:
        corpus = shared_path("data", "corpus", "us_whitehouse_readouts.jsonl")
        inputs = folder / "readouts.jsonl"
        with corpus.open(encoding="utf-8") as handle:
            inputs.write_text("".join(line for _, line in zip(range(100), handle, strict=False)), encoding="utf-8")
    db = folder / "store.db"
    ingested = cli("ingest", "--db", str(db), "--n-process", "1", str(inputs))
    assert ingested.returncode == 0, ingested.stderr
    return db


def stored(db: Path) -> list[dict]:
    with Store(db, create=False) as store:
        return query.list_events(store, negated=None, limit=None, sort="date")


def export(db: Path, fmt: str, out: Path) -> tuple[int, str | None]:
    """`communique export`: how many it wrote, and its line about what it left out (None if none)."""
    result = cli("export", "--db", str(db), "--format", fmt, "-o", str(out))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    written = int(re.search(r"(\d+) events exported", result.stderr).group(1))
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{fmt}: ")]
    return written, (lines[0] if lines else None)


def left_out(line: str | None) -> dict[str, int]:
    """{"with no actor": 6, ...} from an export's stderr line."""
    if line is None:
        return {}
    reasons = line.split(" events: ", 1)[1].split("; took out")[0]
    return {reason.split(" ", 1)[1]: int(reason.split(" ", 1)[0]) for reason in reasons.split(", ")}


def test_plover_export_keeps_the_plover_ontology(real_store, tmp_path):
    spec = ontology()
    quads = {name: int(key[0]) for key, names in spec["quad_categories"].items() if key[0].isdigit() for name in names}
    contexts = {context["context"] for context in spec["contexts"]}
    events = stored(real_store)
    written, line = export(real_store, "plover", tmp_path / "e.plover")
    records = [json.loads(line) for line in (tmp_path / "e.plover").read_text(encoding="utf-8").splitlines()]
    assert len(records) == written > 0
    for plover in records:
        for name in spec["event_record_fields"]["required"]:
            assert plover[name], (name, plover["id"])
        assert set(plover) - {"date_precision", "communique"} <= {
            *spec["event_record_fields"]["required"], *spec["event_record_fields"]["optional"]}
        assert plover["event"] in spec["event_types"]
        assert plover["quad_code"] == quads[plover["event"]]
        assert datetime.date.fromisoformat(plover["date"]).isoformat() == plover["date"]
        assert plover["date_precision"] in ("day", "month", "year")
        if plover["date_precision"] != "day":
            assert plover["date"].endswith("-01")
        assert set(plover["context"]) <= contexts
        assert plover["mode"] is None or plover["mode"] in {m["mode"] for m in spec["events"][plover["event"]]["modes"]}
        if spec["events"][plover["event"]]["requires_recipient"] == "Yes":
            assert plover["recipient"]
        assert all(actor["code"] for actor in plover["actor"] + plover["recipient"])
    # what was left out, counted by reason, is what the store holds that PLOVER cannot
    reasons = left_out(line)
    assert sum(reasons.values()) == len(events) - written
    assert reasons.get("with no PLOVER type (CAMEO only)", 0) == sum(not event["plover_type"] for event in events)
    assert reasons.get("AID/COOPERATE/SANCTION without a recipient", 0) == sum(
        bool(event["plover_type"] in ("AID", "COOPERATE", "SANCTION") and event["actor_codes"]
             and not event["recipient_codes"]) for event in events)


def test_gdelt_export_keeps_the_gdelt_columns_and_cameo_codes(real_store, tmp_path):
    columns = list(csv.DictReader(shared_path("data", "ontology", "GDELT2_events_columns.tsv").open(
        encoding="utf-8"), delimiter="\t"))
    cameo = {row["code"]: row for row in csv.DictReader(shared_path(
        "data", "ontology", "cameo_event_codes_goldstein.tsv").open(encoding="utf-8"), delimiter="\t")}
    agent_types = {row["cameo_type"] for row in SECTORS} | {t for row in ORGANISATIONS for t in row["types"].split("|")}
    events = stored(real_store)
    written, line = export(real_store, "gdelt", tmp_path / "e.gdelt")
    lines = (tmp_path / "e.gdelt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == written > 0
    for text in lines:
        cells = text.split("\t")
        assert len(cells) == len(columns) == 61
        row = {column["column"]: cell for column, cell in zip(columns, cells, strict=True)}
        for column in columns:
            value = row[column["column"]]
            if value and column["type"] == "INTEGER":
                int(value)
            elif value and column["type"] in ("FLOAT", "DOUBLE", "NUMERIC"):
                float(value)
        code = row["EventCode"]
        assert re.fullmatch(r"\d{3,4}", code) and code in cameo, code
        assert row["EventBaseCode"] == code[:3] and row["EventBaseCode"] in cameo
        assert row["EventRootCode"] == code[:2] == cameo[code]["root"]
        assert row["QuadClass"] == cameo[code]["gdelt_quadclass"]
        assert datetime.datetime.strptime(row["SQLDATE"], "%Y%m%d")
        assert (row["MonthYear"], row["Year"]) == (row["SQLDATE"][:6], row["SQLDATE"][:4])
        assert row["Actor1Code"]
        for n in (1, 2):
            types = [row[f"Actor{n}Type{k}Code"] for k in (1, 2, 3) if row[f"Actor{n}Type{k}Code"]]
            assert set(types) <= agent_types, types
            assert not (row[f"Actor{n}Code"].startswith(("IGO", "NGO")) and row[f"Actor{n}CountryCode"])
    assert sum(left_out(line).values()) == len(events) - written
    assert left_out(line).get("with no date", 0) == sum(not event["date"] for event in events)


def test_icews_export_has_full_days_and_each_country_once(real_store, tmp_path):
    written, _ = export(real_store, "icews", tmp_path / "e.icews")
    rows = list(csv.DictReader((tmp_path / "e.icews").open(encoding="utf-8"), delimiter="\t"))
    assert list(rows[0]) == list(ICEWS_COLUMNS) and len(rows) == written
    for row in rows:
        assert datetime.date.fromisoformat(row["Event Date"]).isoformat() == row["Event Date"]
        assert row["Source Name"] and re.fullmatch(r"\d{3,4}", row["CAMEO Code"])
        for cell in ("Source Name", "Source Sectors", "Source Country", "Target Name", "Target Sectors",
                     "Target Country"):
            values = row[cell].split("; ") if row[cell] else []
            assert len(values) == len(set(values)), (cell, row[cell])


def test_parquet_export_has_dates_and_month_partitions(real_store, tmp_path):
    import pyarrow.parquet as pq

    events = stored(real_store)
    out = tmp_path / "events"
    written, line = export(real_store, "parquet", out)
    assert written == len(events) and line is None
    assert all(re.fullmatch(r"month=(\d{4}-\d{2}|undated)", part.name) for part in out.iterdir())
    table = pq.read_table(out, partitioning="hive")
    assert str(table.schema.field("date").type) == "date32[day]"
    for row in table.to_pylist():
        day, precision, month = row["date"], row["date_precision"], str(row["month"])
        if day is None:
            assert month == "undated"
            continue
        assert month == day.isoformat()[:7]
        assert precision == "day" or day.day == 1
        assert precision != "year" or day.month == 1
    by_id = {event["event_id"]: event for event in events}
    assert {row["event_id"]: row["date"] and row["date"].isoformat()[:len(by_id[row["event_id"]]["date"])]
            for row in table.select(["event_id", "date"]).to_pylist()} == {
        key: event["date"] for key, event in by_id.items()}
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is not installed (pip install duckdb==2.0.1)")
    glob = str(out / "*" / "*.parquet")
    [(count, kind, bad)] = duckdb.sql(
        f"SELECT count(*), any_value(typeof(date)), count(*) FILTER (WHERE date IS NOT NULL AND "
        f"strftime(date, '%Y-%m') <> month) FROM read_parquet('{glob}', hive_partitioning = true)").fetchall()
    assert (count, kind, bad) == (len(events), "DATE", 0)


@pytest.mark.parametrize("fmt", ["parquet", "plover"])
def test_communique_import_of_a_real_export_round_trips(real_store, tmp_path, fmt):
    out = tmp_path / ("events" if fmt == "parquet" else "events.plover")
    written, _ = export(real_store, fmt, out)
    copy = tmp_path / "copy.db"
    imported = cli("import", "--db", str(copy), str(out), "--format", fmt)
    assert imported.returncode == 0 and f"{written} events imported" in imported.stderr, imported.stderr
    held = None
    if fmt == "plover":
        held = {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()}
    original = [event for event in stored(real_store) if held is None or event["event_id"] in held]
    assert stored(copy) == original


@pytest.mark.parametrize(("change", "message"), [
    ({"num_mentions": -1000}, "num_mentions is a count"),
    ({"goldstein": 99}, "goldstein is on the scale"),
    ({"quad_class": 7}, "quad_class is 1, 2, 3 or 4"),
    ({"date": "yesterday"}, "date is YYYY"),
    ({"cameo_code": "fourteen"}, "cameo_code is 2 to 4 digits"),
])
def test_import_refuses_rows_no_store_could_hold(tmp_path, change, message):
    """`communique import` validates what it reads: a one-line [E009] naming the row, never a traceback
    and never a negative count in a timeline."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    db, out = str(tmp_path / "s.db"), tmp_path / "events.jsonl"
    for args in (("ingest", "--db", db, str(repo / "communique" / "demo" / "samples" / "readouts.jsonl")),
                 ("export", "--db", db, "--format", "jsonl", "-o", str(out))):
        subprocess.run([sys.executable, "-m", "communique", *args], check=True, capture_output=True)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    rows[1].update(change)
    out.write_text("".join(json.dumps(row) + "\n" for row in rows) + "[1, 2]\n")
    result = subprocess.run([sys.executable, "-m", "communique", "import", str(out), "--db", str(tmp_path / "b.db")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[E009]" in result.stderr and "row 2" in result.stderr and message in result.stderr
    csv_out = tmp_path / "events.csv"
    subprocess.run([sys.executable, "-m", "communique", "export", "--db", db, "--format", "csv", "-o", str(csv_out)],
                   check=True, capture_output=True)
    lines = csv_out.read_text().splitlines()
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("num_mentions")] = "many"
    csv_out.write_text("\n".join([lines[0], ",".join(f'"{c}"' for c in cells), *lines[2:]]) + "\n")
    result = subprocess.run([sys.executable, "-m", "communique", "import", str(csv_out), "--db",
                             str(tmp_path / "c.db")], capture_output=True, text=True)
    assert result.returncode == 1 and "[E009]" in result.stderr and "Traceback" not in result.stderr
