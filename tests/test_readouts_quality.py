"""Quality floors on the readout development gold (../shared/eval), trafilatura-style: the coder's
output for readouts-dev-input.jsonl, scored by the project's own scorer (score.py readouts), must not
fall below these. They sit a little under what bench/readouts_dev.py prints; raise them when the
coder improves. The held-out readouts are scored outside the project; these floors guard the dev set."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json

import pytest

from communique.read import read_inputs
from tests.conftest import shared_path

FLOORS = {"typed_event": 0.70, "dyad": 0.78}


@pytest.fixture(scope="module")
def scores(coder, tmp_path_factory):
    inputs = shared_path("eval", "readouts-dev-input.jsonl")
    gold = shared_path("eval", "readouts-dev.jsonl")
    spec = importlib.util.spec_from_file_location("readout_scorer", shared_path("eval", "score.py"))
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pred = tmp_path_factory.mktemp("readouts") / "pred.jsonl"
    with pred.open("w") as f:
        for record in coder.code(read_inputs([str(inputs)])):
            f.write(json.dumps(record) + "\n")
    with contextlib.redirect_stdout(io.StringIO()):  # the scorer prints its summary
        return scorer.readouts(str(gold), str(pred))


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_readout_f1_floor(scores, measure):
    assert scores[measure]["f1"] >= FLOORS[measure], scores[measure]


def test_every_readout_coded(scores):
    assert scores["docs_missing"] == 0
