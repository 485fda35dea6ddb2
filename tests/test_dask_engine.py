"""The Dask engine on a real 2-worker LocalCluster codes and stores exactly what the local engine does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.ingest import ingest
from communique.store.db import Store

pytest.importorskip("distributed", reason="the Dask engine needs dask[distributed] (pip install communique[dask])")

SAMPLES = "communique/demo/samples/readouts.jsonl"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "empty.txt").write_text("", encoding="utf-8")  # a skipped document travels too
    (folder / "note.txt").write_text("Japan and India held talks in Tokyo on Monday.", encoding="utf-8")
    lines = [json.dumps({"id": f"wire-{i}", "text": f"Germany condemned the attack on the embassy number {i}."})
             for i in range(40)]  # more documents than one chunk
    (folder / "wire.jsonl").write_text("\n".join(lines), encoding="utf-8")
    from pathlib import Path

    return [str(Path(__file__).resolve().parents[1] / SAMPLES), str(folder)]


def comparable(record: dict) -> str:
    return json.dumps(record, sort_keys=True)


def test_dask_engine_stores_the_same_records_as_the_local_engine(tmp_path, inputs, coder):
    from communique.dask_engine import ingest_dask

    local, distributed = [], []
    with Store(tmp_path / "local.db") as store:
        local_report = ingest(inputs, store, coder=coder, on_record=local.append)
    with Store(tmp_path / "dask.db") as store:
        report = ingest_dask(inputs, store, workers=2, chunk_size=8, on_record=distributed.append)
        # a rerun finds every document stored unchanged and codes none again (an unreadable input
        # has no text to compare, so its status record is simply rewritten)
        again = ingest_dask(inputs, store, workers=2, chunk_size=8)
    assert [r["doc_id"] for r in distributed] == [r["doc_id"] for r in local]  # input order kept
    assert list(map(comparable, distributed)) == list(map(comparable, local))
    assert report.stored == local_report.stored == len(local)
    assert {r["status"] for r in local} == {"coded", "skipped"}
    assert again.unchanged == sum(r["status"] == "coded" for r in local)
    assert again.stats.by_status["coded"] == 0 and again.stored == sum(r["status"] != "coded" for r in local)


def test_cli_ingest_with_the_dask_engine(tmp_path):
    """`communique ingest --engine dask` as a real process: the samples end up in the store."""
    import subprocess
    import sys
    from pathlib import Path

    from communique.store import query

    samples = Path(__file__).resolve().parents[1] / SAMPLES
    db = tmp_path / "cli.db"
    command = Path(sys.executable).parent / "communique"  # the console script installed with the package
    done = subprocess.run([str(command), "ingest", "--engine", "dask", "--workers", "2", "--db", str(db),
                           str(samples)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = samples.read_text(encoding="utf-8").splitlines()
    with Store(db, create=False) as store:
        assert query.summary(store)["documents"] == len([line for line in lines if line.strip()])


def test_bad_worker_counts_and_an_unreachable_scheduler_are_one_line_errors(tmp_path):
    import subprocess
    import sys

    samples = str(Path(__file__).resolve().parents[1] / "communique" / "demo" / "samples" / "readouts.jsonl")
    for workers in ("0", "-1"):
        result = subprocess.run([sys.executable, "-m", "communique", "ingest", "--engine", "dask", "--workers",
                                 workers, "--db", str(tmp_path / "x.db"), samples], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 2 and "--workers" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "communique", "ingest", "--engine", "dask", "--scheduler",
                             "tcp://127.0.0.1:9", "--db", str(tmp_path / "x.db"), samples], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "[E016]" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
