"""Table-driven tests of the event lexicon and the CAMEO table: every entry is exercised."""

from __future__ import annotations

import pytest

from communique.events.extractor import FUTURE_AGREE_CODE
from communique.events.lexicon import load_cameo, load_lexicon

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ENTRIES = load_lexicon()


def test_entry_ids_are_unique():
    ids = [entry.id for entry in ENTRIES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_example_fires_its_entry(coder, entry):
    [record] = coder.code([_document(entry.example)])
    fired = [event for event in record["events"] if event["rule"].split(".future")[0] == entry.id]
    assert fired, f"{entry.id} did not fire on its example; got {[e['rule'] for e in record['events']]}"
    event = fired[0]
    expected_code = FUTURE_AGREE_CODE.get(entry.cameo[:2], entry.cameo) if event["rule"].endswith(".future") \
        else entry.cameo
    assert event["cameo"]["code"] == expected_code
    assert all(p["code"] for p in event["actor"]), f"unresolved actor in {event['actor']}"
    assert entry.example[event["evidence"]["trigger_start"]:event["evidence"]["trigger_end"]] == \
        event["evidence"]["trigger"]


@pytest.mark.parametrize("code", sorted(load_cameo()), ids=str)
def test_cameo_row(code):
    row = load_cameo()[code]
    assert code.isdigit() and 2 <= len(code) <= 4 and row.root == code[:2]
    assert -10.0 <= row.goldstein <= 10.0
    assert row.plover_type in PLOVER_TYPES or (row.plover_type == "" and row.root in {"01", "02"})
    assert row.quad_class == (1 if row.root <= "05" else 2 if row.root <= "08" else 3 if row.root <= "13" else 4)


def _document(text: str):
    from communique.read.document import Document, content_id

    return Document(id=content_id(text), text=text, published="2024-05-01")
