"""Quality floors on the development gold sets, trafilatura-style: a change that lowers accuracy
below these fails CI. The floors sit a little under the figures bench/evaluate_gold.py prints;
raise them when the coder improves."""

from __future__ import annotations

import pytest

from communique.evaluate import evaluate
from tests.conftest import shared_path

PLOVER_FLOORS = {"type": 0.83, "participants": 0.77, "exact": 0.69}
PARTICIPANT_RECALL_FLOOR = 0.77  # participant-country recall (issue 4)
# Lexicon rules alone: the learned model's class head was trained on this very split, so with it the figure would
# flatter; its honest, cross-validated figure comes from bench/learned_eval.py.
CONFLIBERT_FLOOR = 0.70


@pytest.fixture(scope="module")
def plover_report(coder):
    # the default coder, learned model included: it never saw the PLOVER gold
    return evaluate(shared_path("data", "gold", "plover-gsr-dev.jsonl"), coder, worst=0)


@pytest.mark.parametrize("measure", sorted(PLOVER_FLOORS))
def test_plover_gold_f1_floor(plover_report, measure):
    assert plover_report[measure]["f1"] >= PLOVER_FLOORS[measure], plover_report[measure]


def test_conflibert_class_accuracy_floor():
    from communique.pipeline import Coder

    rules = Coder(backstop=False)
    report = evaluate(shared_path("data", "gold", "conflibert-cameo", "cameo_class", "train.tsv"), rules, worst=0)
    assert report["accuracy"] >= CONFLIBERT_FLOOR, report["per_class"]


def test_plover_gold_participant_country_recall_floor(plover_report):
    assert plover_report["participant_recall"] >= PARTICIPANT_RECALL_FLOOR
