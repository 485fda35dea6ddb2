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


# CAMEO's two-digit root codes name categories; the events themselves carry the three- or four-digit codes
# (the category's generic "not specified" code is its x0 code, e.g. 190 for 19).
PLOVER_CODES = sorted(code for code, row in load_cameo().items() if row.plover_type and len(code) > 2)


def _effective_type(entry) -> str:
    return entry.plover[0] if entry.plover else load_cameo()[entry.cameo].plover_type


def test_every_plover_code_has_a_row():
    covered = {entry.cameo for entry in ENTRIES}
    missing = [code for code in PLOVER_CODES if code not in covered]
    assert not missing, f"CAMEO codes with a PLOVER type but no lexicon row: {missing}"


def test_no_two_rows_have_the_same_constraints():
    seen: dict[tuple, str] = {}
    for entry in ENTRIES:
        key = (entry.lemmas, entry.objects, entry.cues)
        assert key not in seen, f"{entry.id} repeats the lemma, objects and cue of {seen[key]}"
        seen[key] = entry.id


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.plover], ids=lambda entry: entry.id)
def test_plover_override_names_a_plover_type(entry):
    assert entry.plover[0] in PLOVER_TYPES


def test_appeals_are_coded_request():
    """PLOVER folds CAMEO 02 (appeal) into REQUEST: every 02 row says so, or it would code no PLOVER type."""
    appeals = [entry for entry in ENTRIES if entry.cameo.startswith("02")]
    assert appeals and all(entry.plover == ("REQUEST", "") for entry in appeals)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_row_sits_in_the_file_of_its_type(entry):
    """Ids are <file>.<name>, one file per PLOVER type: a row codes its file's type (statements: none)."""
    family = entry.id.split(".")[0]
    if family == "statement":
        assert entry.cameo.startswith("01") and not _effective_type(entry)
    else:
        assert _effective_type(entry) == family.upper()
