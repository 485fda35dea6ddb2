"""Quality floors of the diplomacy layer on the readout dev gold, trafilatura-style: a change that lowers a
figure below its floor fails. The floors sit a little under what bench/diplomacy_dev.py prints (issue #17's
targets: positions and commitments P >= 0.75 and R >= 0.55, mechanisms P >= 0.80 and R >= 0.75); raise
them when the layer improves."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import REPO, shared_path

# Measured 2026-12-03 (bench/diplomacy_dev.py): positions 0.854 / 0.595, commitments 0.875 / 0.646,
# mechanisms 1.000 / 0.786 (every issue target met).
FLOORS = {
    "positions_precision": 0.82, "positions_recall": 0.57,
    "commitments_precision": 0.85, "commitments_recall": 0.60,
    "mechanisms_precision": 0.95, "mechanisms_recall": 0.77,
}


@pytest.fixture(scope="module")
def report(coder):
    eval_dir = shared_path("eval", "readouts-dev.jsonl").parent
    shared_path("eval", "readouts-dev-input.jsonl")
    shared_path("eval", "score.py")
    spec = importlib.util.spec_from_file_location("diplomacy_dev", REPO / "bench" / "diplomacy_dev.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.measure(eval_dir, coder)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_readout_dev_floor(report, measure):
    assert report[measure] >= FLOORS[measure], {k: report[k] for k in FLOORS}
