"""The learned event model with its shipped weights: on by default, fills only the lexicon's gaps, types
what it is sure of, and takes who and whom from the parse."""

from __future__ import annotations

import pytest
from spacy.language import Language

from communique.events.learned import (
    CLASS_LABELS,
    CLASS_ROOT,
    CONFIDENCE_SCALE,
    PLOVER_LABELS,
    PLOVER_TYPES,
    RETYPE_BELOW,
    LearnedEvents,
    default_model_path,
    type_entries,
)
from communique.events.lexicon import five_way_class, load_cameo
from communique.nlp import load_pipeline
from communique.pipeline import Coder
from communique.read.document import Document

# Sentences written for this test, none with a lexicon verb: the rules code nothing in them, the
# model gives the type, the parse gives the parties (subject: actor; object, possessor, "against",
# "to": recipient).
TYPED = [
    # (sentence, PLOVER type, actor codes, recipient codes)
    ("Kenya rushed emergency supplies to Somalia.", "AID", ["KEN"], ["SOM"]),
    ("Thousands of Kenyan nurses walked off the job on Monday.", "PROTEST", ["KEN"], []),
    ("Angry Chilean farmers dumped milk on the highway outside Santiago.", "PROTEST", ["CHL"], []),
]


@pytest.fixture(scope="module")
def rules_only():
    return Coder(backstop=False)


@pytest.fixture(scope="module")
def eager():
    """The model at a low type threshold (the shipped one, 0.5, keeps only what it is surest of): these
    tests are of how a typed sentence becomes an event, whatever the threshold."""
    return Coder(nlp=load_pipeline(config={"communique_learned": {"threshold": 0.15}}))


def _events(coder: Coder, text: str) -> list[dict]:
    [record] = coder.code([Document(id="t", text=text)])
    return record["events"]


def test_component_is_registered_and_loads_its_shipped_weights(coder):
    assert Language.has_factory("communique_learned")
    assert "communique_learned" in coder.nlp.pipe_names
    assert {path.name for path in default_model_path().iterdir()} >= {"plover.npz", "cameo_class.npz"}
    component = coder.nlp.get_pipe("communique_learned")
    assert isinstance(component, LearnedEvents)
    assert set(PLOVER_TYPES) <= set(component.heads[0].labels) <= set(PLOVER_LABELS)
    assert sorted(component.heads[1].labels) == sorted(CLASS_LABELS)


def test_it_can_be_left_out(rules_only):
    assert "communique_learned" not in rules_only.nlp.pipe_names


@pytest.mark.parametrize(("text", "plover_type", "actors", "recipients"), TYPED)
def test_model_types_a_sentence_the_rules_miss_and_the_parse_gives_its_parties(eager, rules_only, text,
                                                                              plover_type, actors, recipients):
    assert not [e for e in _events(rules_only, text) if e["plover"]], "a rule codes this sentence: not a gap"
    [event] = [e for e in _events(eager, text) if e["plover"]]
    assert event["rule"].startswith(f"model.{plover_type.lower()}")
    assert event["plover"]["type"] == plover_type
    assert load_cameo()[event["cameo"]["code"]].plover_type == plover_type
    assert [p["code"] for p in event["actor"]] == actors
    assert [p["code"] for p in event["recipient"]] == recipients
    assert 0 < event["confidence"] <= CONFIDENCE_SCALE
    assert text[event["evidence"]["start"]:event["evidence"]["end"]] == event["evidence"]["sentence"]


def test_rules_keep_their_events_and_the_model_adds_none_beside_them(coder):
    text = "Germany condemned the attack on the embassy."
    events = _events(coder, text)
    assert [e["plover"]["type"] for e in events if e["plover"]] == ["ACCUSE"]
    assert not any(e["rule"].startswith("model.") for e in events)


def test_model_leaves_alone_a_sentence_that_names_no_party(coder):
    # PLOVER codes no event without a named actor, so the model is not even asked
    assert _events(coder, "Angry farmers dumped milk on the highway.") == []


def test_below_its_threshold_the_model_adds_nothing(coder):
    text, *_ = TYPED[0]
    strict = Coder(nlp=load_pipeline(config={"communique_learned": {"threshold": 1.01, "class_threshold": 1.01}}))
    assert _events(strict, text) == []
    assert _events(coder, text)


def test_retyping_an_unsure_rule_event_is_off_by_default_and_works_when_asked(coder):
    # the rules code the hypothetical strike (PROTEST, confidence below RETYPE_BELOW); what was said is a threat
    text = "Nigerian unions may stage a general strike over fuel prices, their leader warned."
    assert "PROTEST" in [e["plover"]["type"] for e in _events(coder, text) if e["plover"]]
    retyping = Coder(nlp=load_pipeline(config={"communique_learned": {"retype_threshold": 0.5}}))
    [strike] = [e for e in _events(retyping, text) if e["rule"].startswith("protest.")]
    assert strike["plover"]["type"] == "THREATEN" and strike["cameo"]["root"] == "13"
    assert strike["confidence"] < RETYPE_BELOW


@pytest.mark.parametrize("plover_type", PLOVER_TYPES)
def test_each_type_is_coded_at_a_cameo_code_of_that_type(plover_type):
    cameo = load_cameo()
    entry = type_entries(cameo)[plover_type]
    assert cameo[entry.cameo].plover_type == plover_type
    assert entry.reciprocal == (plover_type == "CONSULT")  # most CONSULT rows are meetings


@pytest.mark.parametrize(("root", "label"), [("01", 0), ("02", 0), ("03", 1), ("05", 1), ("06", 2), ("08", 2),
                                             ("09", 3), ("13", 3), ("14", 4), ("15", 4), ("16", 3), ("17", 4),
                                             ("20", 4)])
def test_five_way_class(root, label):
    assert five_way_class(root) == label


def test_each_class_is_coded_at_a_root_of_that_class():
    assert {label: five_way_class(root) for label, root in CLASS_ROOT.items()} == {
        label: int(label[-1]) for label in CLASS_ROOT}


def test_shipped_type_threshold_is_more_likely_than_not(coder):
    assert coder.nlp.get_pipe("communique_learned").threshold == 0.5


@pytest.mark.parametrize("text", [
    # talk about someone in a transcript, whose "he" and "they" the resolver places: no act, whatever the
    # classifier makes of the words
    "President Boric thanked the minister. He's doing some remarkable work right now with all that is going on.",
    "Chile and Peru met. They're going crazy.",
])
def test_the_model_codes_no_event_of_pronouns_alone(eager, text):
    assert not [e for e in _events(eager, text) if e["rule"].startswith("model.")]


def test_the_model_makes_no_actor_of_a_country_a_passive_befalls(eager):
    assert not [e for e in _events(eager, "Chile will not be coerced into choosing sides.")
                if e["rule"].startswith("model.")]
