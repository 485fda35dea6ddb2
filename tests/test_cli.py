"""The command line, run as a real process: code, ingest, events, export, demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, SEED, shared_path


def run(*args: str, stdin: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal, so that table cells are not folded
    return subprocess.run([sys.executable, "-m", "communique", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd or REPO, timeout=300, env=env)


def seed_line() -> str:
    text = shared_path("seed", SEED.name).read_text(encoding="utf-8")
    return json.dumps({"id": "seed", "published": "2023-09-19", "text": text}) + "\n"


def test_seed_is_coded_as_a_china_russia_consultation():
    result = run("code", "--format", "jsonl", "-", stdin=seed_line())
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    text = json.loads(seed_line())["text"]
    assert record["doc_id"] == "seed" and record["status"] == "coded"
    consults = [e for e in record["events"] if (e["plover"] or {}).get("type") == "CONSULT"]
    assert any({p["code"] for p in e["actor"] + e["recipient"]} == {"CHN", "RUS"} for e in consults)
    cochair = next(e for e in consults if e["evidence"]["trigger"] == "co-chaired")
    assert cochair["cameo"]["code"] == "046" and cochair["location"]["place"] == "Moscow"
    for event in record["events"]:
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
        for participant in event["actor"] + event["recipient"]:
            assert text[participant["start"]:participant["end"]] == participant["text"]
        assert {p["code"] for p in event["actor"] + event["recipient"]} <= {"CHN", "RUS"}
    assert "docs/s" in result.stderr  # the throughput line


def test_every_input_document_gets_one_record_in_order(tmp_path):
    (tmp_path / "a.txt").write_text("France condemned the attack on the embassy.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c1", "text": "Japan met Korea."}\n{broken\n'
                                      '{"id": "c3", "title": "no text"}\n', encoding="utf-8")
    result = run("code", "--format", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                 str(tmp_path / "c.jsonl"), str(tmp_path / "missing.txt"))
    records = json.loads(result.stdout)
    assert [(r["doc_id"], r["status"]) for r in records] == [
        ("a", "coded"), ("b", "skipped"), ("c1", "coded"), ("c:2", "failed"), ("c3", "skipped"),
        ("missing", "failed")]
    assert all(r["reason"] for r in records if r["status"] != "coded")
    assert result.returncode == 1  # a document failed
    assert "Traceback" not in result.stderr


def test_table_format_and_exit_zero_on_skips(tmp_path):
    (tmp_path / "a.txt").write_text("Canada reaffirmed its support for Ukraine.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    result = run("code", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "SUPPORT" in result.stdout and "empty document" in result.stdout


def test_ingest_events_export_round_trip(tmp_path):
    db = str(tmp_path / "store.db")
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text(
        json.dumps({"id": "d1", "published": "2024-02-01", "text": "China held talks with Russia in Beijing."})
        + "\n" + json.dumps({"id": "d2", "published": "2024-03-05", "text": "Iran rejected the proposal of the "
                             "European Union."}) + "\n", encoding="utf-8")
    first = run("ingest", "--db", db, str(corpus))
    assert first.returncode == 0, first.stderr
    assert "2 stored" in first.stderr
    again = run("ingest", "--db", db, str(corpus))
    assert "0 stored, 2 unchanged" in again.stderr

    listed = run("events", "--db", db, "--dyad", "CHN-RUS", "--format", "jsonl")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["doc_id"], r["plover_type"], r["dyad"]) for r in rows] == [("d1", "CONSULT", "CHN-RUS")]
    assert run("events", "--db", db, "--type", "REJECT", "--format", "jsonl").stdout.count("\n") == 1

    out = tmp_path / "events.parquet"  # a folder, one subfolder per month
    exported = run("export", "--db", db, "--format", "parquet", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert sorted(path.name for path in out.iterdir()) == ["month=2024-02", "month=2024-03"]
    table = pq.read_table(out)
    assert sorted(table.column("doc_id").to_pylist()) == ["d1", "d2"]
    assert sorted(table.column("cameo_code").to_pylist()) == ["040", "120"]


def test_missing_store_is_one_line_error(tmp_path):
    result = run("events", "--db", str(tmp_path / "nope.db"))
    assert result.returncode == 1
    assert "[E002]" in result.stderr and "Traceback" not in result.stderr


def test_bad_dyad_is_one_line_error(tmp_path):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, str(REPO / "communique" / "demo" / "samples" / "readouts.jsonl"))
    result = run("events", "--db", db, "--dyad", "CHINA")
    assert result.returncode == 2 and "[E003]" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("--since", "2021-13-01"), ("--until", "2024-02-30"), ("--since", "last week"),
                                  ("--type", "FOO"), ("--type", "04x"), ("--actor", "XYZ"), ("--dyad", "NOR-XYZ")])
def test_bad_filter_values_are_one_line_usage_errors(tmp_path, args):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, str(REPO / "communique" / "demo" / "samples" / "readouts.jsonl"))
    result = run("events", "--db", db, *args)
    assert result.returncode == 2 and "[E008]" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "reason"), [
    (("--since", "2090"), "no stored event matches --since 2090"),
    (("--actor", "NOR", "--type", "ASSAULT"), "no stored event matches --type ASSAULT"),
    (("--actor", "NOR", "--type", "SANCTION"), "each filter matches events, but no event matches them all"),
])
def test_an_empty_result_says_which_filter_emptied_it(tmp_path, args, reason):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, str(REPO / "communique" / "demo" / "samples" / "readouts.jsonl"))
    result = run("events", "--db", db, *args)
    assert result.returncode == 0 and "0 matching events" in result.stderr
    assert reason in " ".join(result.stderr.split())


def test_demo_prints_events_and_next_steps(tmp_path):
    result = run("demo", "--db", str(tmp_path / "demo.db"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CONSULT" in result.stdout and "Next, try" in result.stdout
    assert "5 documents (5 coded" in result.stdout


def test_demos_next_commands_run_as_printed(tmp_path):
    """The demo's "Next, try" lines work when pasted, however communique was started (here: the venv's
    script, not on PATH)."""
    import shlex
    from pathlib import Path

    script = Path(sys.executable).parent / "communique"
    if not script.exists():
        pytest.skip(f"no communique script beside {sys.executable}")
    env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_DB"}
    env["PATH"] = "/usr/bin:/bin"  # the venv not activated, as after `make demo`
    demo = subprocess.run([str(script), "demo", "--db", "demo.db"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=300, env=env)
    assert demo.returncode == 0, demo.stderr
    commands = [line.strip() for line in demo.stdout.split("Next, try:")[1].splitlines() if line.strip()]
    assert len(commands) >= 5
    for command in commands:
        result = subprocess.run(shlex.split(command), capture_output=True, text=True, cwd=tmp_path, timeout=300,
                                env=env)
        assert result.returncode == 0, (command, result.stderr)


def write_jsonl(path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return str(path)


MEETING = "Chinese Foreign Minister Wang Yi held talks with Russian Foreign Minister Sergei Lavrov in Beijing."


def test_a_copy_under_another_url_adds_a_mention_and_a_source_not_an_event(tmp_path):
    db = str(tmp_path / "store.db")
    first = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "xinhua-1", "published": "2024-04-09", "source": "Xinhua", "url": "https://xinhua.example/1",
         "text": MEETING},
        {"id": "tass-9", "published": "2024-04-09", "source": "TASS", "url": "https://tass.example/9",
         "text": "Russia and China held consultations in Beijing on Tuesday. " + MEETING}])
    assert run("ingest", "--db", db, first).returncode == 0
    before = json.loads(run("events", "--db", db, "--dyad", "CHN-RUS", "--format", "json").stdout)
    copy = write_jsonl(tmp_path / "b.jsonl", [
        {"id": "yahoo-77", "published": "2024-04-09", "url": "https://news.yahoo.example/77", "text": MEETING}])
    assert run("ingest", "--db", db, copy).returncode == 0
    after = json.loads(run("events", "--db", db, "--dyad", "CHN-RUS", "--format", "json").stdout)
    assert [e["event_id"] for e in after] == [e["event_id"] for e in before]
    meeting = next(e for e in after if e["plover_type"] == "CONSULT" and e["date"] == "2024-04-09")
    old = next(e for e in before if e["event_id"] == meeting["event_id"])
    assert meeting["num_mentions"] == old["num_mentions"] + 1
    assert meeting["num_sources"] == old["num_sources"] + 1
    assert meeting["num_articles"] == old["num_articles"]  # the copy is the same article
    again = run("ingest", "--db", db, first, copy)
    assert "0 stored, 3 unchanged" in again.stderr
    assert json.loads(run("events", "--db", db, "--dyad", "CHN-RUS", "--format", "json").stdout) == after

    shown = json.loads(run("event", "--db", db, meeting["event_id"]).stdout)
    assert {m["doc_id"] for m in shown["mentions"]} >= {"xinhua-1", "yahoo-77"}
    mentions = run("events", "--db", db, "--dyad", "CHN-RUS", "--mentions", "--format", "jsonl")
    assert {json.loads(line)["doc_id"] for line in mentions.stdout.splitlines()} == {"xinhua-1", "tass-9",
                                                                                      "yahoo-77"}
    missing = run("event", "--db", db, "0000000000000000")
    assert missing.returncode == 1 and "[E010]" in missing.stderr


def test_timeline_export_and_import_commands(tmp_path):
    db = str(tmp_path / "store.db")
    corpus = write_jsonl(tmp_path / "docs.jsonl", [
        {"id": "d1", "published": "2024-02-01", "text": "China held talks with Russia in Beijing."},
        {"id": "d2", "published": "2024-03-05", "text": "China condemned Russia over the incident."},
        {"id": "d3", "published": "2024-03-07", "text": "Russia praised China for its mediation."}])
    assert run("ingest", "--db", db, corpus).returncode == 0
    table = run("timeline", "--db", db, "CHN", "RUS", "--by", "month")
    assert table.returncode == 0 and "2024-02" in table.stdout and "2024-03" in table.stdout
    rows = json.loads(run("timeline", "--db", db, "RUS-CHN", "--format", "json").stdout)
    listed = json.loads(run("events", "--db", db, "--dyad", "CHN-RUS", "--format", "json").stdout)
    assert sum(row["events"] for row in rows) == len(listed) >= 3
    assert sum(row["goldstein_sum"] for row in rows) == pytest.approx(sum(e["goldstein"] for e in listed))
    csv_rows = run("timeline", "--db", db, "CHN", "--by", "day", "--format", "csv").stdout.splitlines()
    assert csv_rows[0].startswith("period,events,mentions,goldstein_sum")
    assert run("timeline", "--db", db, "CHN", "RUS", "IND").returncode == 2

    gdelt = run("export", "--db", db, "--format", "gdelt")
    assert all(line.count("\t") == 60 for line in gdelt.stdout.splitlines())
    out = tmp_path / "events.jsonl"
    assert run("export", "--db", db, "--format", "jsonl", "-o", str(out)).returncode == 0
    copy = str(tmp_path / "copy.db")
    imported = run("import", "--db", copy, str(out))
    assert imported.returncode == 0 and f"{len(listed)} events imported" in imported.stderr
    assert json.loads(run("events", "--db", copy, "--dyad", "CHN-RUS", "--format", "json").stdout) == listed
    refused = run("import", "--db", copy, str(out), "--format", "csv")
    assert refused.returncode == 1 and "[E009]" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("command", ["code", "ingest", "events", "event", "timeline", "actors", "export", "import",
                                     "demo"])
def test_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout
    description = result.stdout.split("Options:")[0].splitlines()[1:]
    # the description is wrapped as one block: no docstring indentation left in it
    assert all(not line.startswith("    ") for line in description), description


def test_evaluate_scores_a_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [{"id": "g1", "text": "Germany condemned the attack by Russia.", "event_plover16": "ACCUSE",
             "actor": [{"code": "DEU"}], "recipient": [{"code": "RUS"}]},
            {"id": "g2", "text": "Japan held talks with Korea.", "event_plover16": "REJECT",
             "actor": [{"code": "JAP"}], "recipient": [{"code": "KOR"}]}]
    gold.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = run("evaluate", "--gold", str(gold), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    # g1 is right; g2's type is wrong but its participants (JAP is read as JPN) are right
    assert report["exact"]["correct"] == 1 and report["participants"]["correct"] == 2
    assert report["confusion"]["REJECT"] == {"CONSULT": 1}
    text = run("evaluate", "--gold", str(gold))
    assert "type+particip." in text.stdout and "worst misses (1)" in text.stdout
    missing = run("evaluate", "--gold", str(tmp_path / "nope.jsonl"))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_coding_processes_default_to_the_cores_the_inputs_can_use(tmp_path):
    import os

    from communique.cli import _plan

    small = tmp_path / "one.txt"
    small.write_text("Norway and Sweden held talks in Oslo.")
    assert _plan((str(small),), None, 50_000) == (1, 1)  # one batch: no coding process is started
    big = tmp_path / "many.jsonl"
    big.write_text("".join(f'{{"id": {i}, "text": "{"Talks were held. " * 200}"}}\n' for i in range(40)))
    cores = len(os.sched_getaffinity(0))
    assert _plan((str(big),), None, 50_000) == (40, min(cores, 3))  # 136 kB in 50 kB batches: three
    assert _plan((str(big),), 1, 50_000) == (40, 1)  # as asked


def test_tables_at_80_columns_keep_whole_dates_ids_and_warnings(tmp_path):
    db = str(tmp_path / "s.db")
    run("ingest", "--db", db, str(REPO / "communique" / "demo" / "samples" / "readouts.jsonl"))
    env = {**os.environ, "COLUMNS": "80"}
    listed = subprocess.run([sys.executable, "-m", "communique", "events", "--db", db, "--format", "json"],
                            capture_output=True, text=True, cwd=REPO, env=env)
    events = json.loads(listed.stdout)
    table = subprocess.run([sys.executable, "-m", "communique", "events", "--db", db, "--limit", "0"],
                           capture_output=True, text=True, cwd=REPO, env=env).stdout
    assert max(len(line) for line in table.splitlines()) <= 80
    for event in events:  # every id whole, as `communique event ID` needs it, and every date whole
        assert event["event_id"] in table and event["date"] in table
    undated = tmp_path / "undated.txt"
    undated.write_text("MOSCOW, 9 Sep -- On 19 September, Russia and China held talks in Moscow.")
    coded = subprocess.run([sys.executable, "-m", "communique", "code", str(undated), str(tmp_path / "x.pdf")],
                           capture_output=True, text=True, cwd=REPO, env=env).stdout
    assert max(len(line) for line in coded.splitlines()) <= 80
    assert "CONSULT" in coded and "warning" in coded and "no year" in " ".join(coded.split())
    assert "x: failed: no such file or directory" in " ".join(coded.split())
