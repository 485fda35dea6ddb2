"""The learned backstop with its shipped model: on by default, class-level, silent where a lexicon rule
fired or where it is unsure."""

from __future__ import annotations

import pytest

from communique.events.backstop import CLASS_ROOT, CONFIDENCE_SCALE
from communique.events.lexicon import five_way_class
from communique.pipeline import Coder
from communique.read.document import Document

# No lexicon verb here ("blorfed" is no word), but the words around it say material conflict.
TEXT = ("Militiamen from Sudan blorfed the village overnight with mortars and rockets, leaving dozens of civilians "
        "dead and wounded.")
# The same kind of sentence, less sure: below MIN_PROBABILITY the backstop says nothing.
UNSURE = "Militiamen from Sudan blorfed the village overnight, leaving dozens dead and hundreds of civilians wounded."


@pytest.fixture(scope="module")
def with_backstop(coder):
    return coder  # the default pipeline


def test_backstop_is_on_by_default_and_can_be_left_out(coder):
    assert "communique_backstop" in coder.nlp.pipe_names
    rules_only = Coder(backstop=False)
    assert "communique_backstop" not in rules_only.nlp.pipe_names
    [record] = rules_only.code([Document(id="b", text=TEXT)])
    assert record["events"] == []


def test_backstop_is_silent_when_unsure(with_backstop):
    [record] = with_backstop.code([Document(id="u", text=UNSURE)])
    assert record["events"] == []


def test_backstop_adds_a_class_level_event_where_rules_find_none(with_backstop):
    [record] = with_backstop.code([Document(id="b", text=TEXT)])
    [event] = record["events"]
    assert event["rule"] == "backstop.quad" and event["plover"] is None
    assert event["cameo"]["code"] == CLASS_ROOT["4"] and event["cameo"]["quad_class"] == 4
    assert event["confidence"] <= CONFIDENCE_SCALE
    # "from Sudan" says where the militiamen come from, not whom they answer to: no code is guessed
    assert [(p["text"], p["code"]) for p in event["actor"]] == [("Militiamen", None)]
    assert TEXT[event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["sentence"]


def test_rules_keep_their_events_beside_the_backstop(with_backstop):
    text = "Germany condemned the attack on the embassy."
    [record] = with_backstop.code([Document(id="r", text=text)])
    rules = [e for e in record["events"] if not e["rule"].startswith("backstop")]
    assert rules and rules[0]["plover"]["type"] == "ACCUSE"


@pytest.mark.parametrize(("root", "label"), [("01", 0), ("02", 0), ("03", 1), ("05", 1), ("06", 2), ("08", 2),
                                             ("09", 3), ("13", 3), ("14", 4), ("15", 4), ("16", 3), ("17", 4),
                                             ("20", 4)])
def test_five_way_class(root, label):
    assert five_way_class(root) == label


def test_backstop_codes_each_class_at_a_root_of_that_class():
    assert {label: five_way_class(root) for label, root in CLASS_ROOT.items()} == {
        label: int(label) for label in CLASS_ROOT}
