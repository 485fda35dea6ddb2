"""The coder end to end on real messy input, and the properties every record keeps."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.read import read_inputs
from communique.read.document import Document
from tests.conftest import shared_path

CONTRACT_KEYS = {"doc_id", "status", "reason", "published", "title", "source", "url", "event_date", "location",
                 "events", "positions", "commitments", "mechanisms", "warnings"}


def test_messy_data_gives_one_record_per_document_in_order(coder):
    """Every document under ../shared/data/messy comes out once, in input order, with a status;
    a malformed file never stops the run."""
    messy = str(shared_path("data", "messy"))
    expected = [item.id for item in read_inputs([messy])]
    records = list(coder.code(read_inputs([messy])))
    assert [r["doc_id"] for r in records] == expected
    assert {r["status"] for r in records} <= {"coded", "skipped", "failed"}
    for record in records:
        assert set(record) == CONTRACT_KEYS
        assert (record["status"] == "coded") == (record["reason"] is None)
        assert record["reason"] is None or "\n" not in record["reason"]
        json.dumps(record)  # serializable as the contract says


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_any_text_gives_a_valid_record_whose_offsets_slice_the_text(coder, text):
    [record] = coder.code([Document(id="x", text=text, published="2024-01-01")])
    assert set(record) == CONTRACT_KEYS
    # nothing raises: no text fails; a random one may read as another language and be skipped for it
    assert record["status"] == "coded" or record["reason"].startswith("unsupported language: "), record["reason"]
    for event in record["events"]:
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
        assert text[evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger"]
        for participant in event["actor"] + event["recipient"]:
            assert text[participant["start"]:participant["end"]] == participant["text"]
        assert isinstance(event["cameo"]["code"], str)


def test_diplomatic_sentences_keep_offsets_exact(coder):
    """Offsets stay exact with the characters readouts carry: curly quotes, dashes, non-Latin names."""
    text = ("PARIS, 3 March (CQN) — France’s president met Japan’s prime minister in Paris on Monday.\n\n"
            "« Nous avons parlé » — Germany condemned the attack on Kyiv. Российская сторона: Russia rejected it.")
    [record] = coder.code([Document(id="t", text=text, published="2024-03-03")])
    assert record["events"], "expected events in this text"
    for event in record["events"]:
        for participant in event["actor"] + event["recipient"]:
            assert text[participant["start"]:participant["end"]] == participant["text"]


@pytest.mark.parametrize(("text", "reason"), [
    ("Президент России провёл переговоры с председателем КНР по вопросам двустороннего сотрудничества и "
     "безопасности в регионе.", "unsupported language: ru"),
    ("Le président français a rencontré le chancelier allemand à Berlin pour discuter de la sécurité "
     "européenne et du commerce.", "unsupported language: fr"),
])
def test_a_document_not_in_english_is_skipped_with_its_language(coder, text, reason):
    [record] = coder.code([Document(id="x", text=text)])
    assert (record["status"], record["reason"]) == ("skipped", reason)


def test_short_or_english_texts_are_coded(coder):
    records = coder.code([Document(id="a", text="Wang Yi met Lavrov."),
                          Document(id="b", text="China and Russia held talks in Moscow on Tuesday about security.")])
    assert [r["status"] for r in records] == ["coded", "coded"]


def test_a_lone_surrogate_in_a_document_built_by_hand_is_no_crash(coder, tmp_path):
    """A library caller (or the API) can build a Document from any str: a lone surrogate ("\\ud83d")
    used to crash spaCy's tokenizer for the whole batch; it becomes U+FFFD, as the readers make it."""
    from communique.ingest import ingest
    from communique.store.db import Store

    broken = Document(id="d", text="Japan met India in Tokyo \ud83d on Monday.", title="Talks \udc00")
    assert broken.text == "Japan met India in Tokyo \ufffd on Monday." and broken.title == "Talks \ufffd"
    [record] = coder.code([broken])
    assert record["status"] == "coded"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Chile met Peru \udfff in Lima."}) + "\n", encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        assert ingest([str(path)], store, coder=coder).stored == 1
