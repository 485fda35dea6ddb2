"""Questions state nothing: interrogatives and journalists' turns in transcripts, through the real pipeline.

The transcripts here are written for the test in the two layouts the corpus uses: whitehouse.gov press
briefings ("Q   ...", then "PRESIDENT BIDEN:  ...") and kremlin.ru press conferences ("Question: ...",
then "Vladimir Putin: ...").
"""

from __future__ import annotations

import pytest

from communique.nlp.speech import in_turn, question_turns
from communique.read.document import Document


def code(coder, text: str, source: str = "whitehouse.gov") -> dict:
    [record] = coder.code([Document(id="t", text=text, published="2023-06-01", source=source)])
    assert record["status"] == "coded", record["reason"]
    return record


def in_sentence(items: list[dict], words: str) -> list[dict]:
    return [item for item in items if words in item["evidence"]["sentence"]]


@pytest.mark.parametrize("text, questions", [
    ("Q\u00a0\u00a0\u00a0 How are you, sir?\n\nPRESIDENT MACRON:  Fine.", ["Q\u00a0\u00a0\u00a0 How are you, sir?"]),
    ("Intro.\n\nQuestion: Mr President, will you go?\nVladimir Putin: Yes.", ["Question: Mr President, will you go?"]),
    ("Q: Thanks.\nQuestion : And Syria?", ["Q: Thanks.", "Question : And Syria?"]),
    # a heading that begins with the word, a word that begins with Q: no label
    ("Question of Palestine\n\nThe Assembly met.", []),
    ("Qatar and Oman signed an agreement.", []),
    ("The President said: Q is a letter.", []),
])
def test_question_turns(text, questions):
    turns = question_turns(text)
    assert [text[start:end] for start, end in turns] == questions
    for start, end in turns:
        assert in_turn(start, turns) and in_turn(end - 1, turns) and not in_turn(end, turns)


@pytest.mark.parametrize("text", [
    "Will the United States impose sanctions on Iran next month?",
    "Did President Biden discuss tariffs with President Xi?",
    "Why should Russia accept the demands of NATO?",
    'He asked: "Will Japan send aid to Ukraine?"',
])
def test_a_question_states_no_event_stance_or_pledge(coder, text):
    record = code(coder, text)
    assert record["events"] == [] and record["positions"] == [] and record["commitments"] == []


def test_a_journalists_turn_holds_no_stance_or_pledge_but_the_answer_does(coder):
    text = ("Q   Mr. President, Germany supports Ukraine's membership in NATO, and the allies will meet in "
            "Vilnius next month.\n\n"
            "PRESIDENT BIDEN:  The United States supports Ukraine's sovereignty. The United States will meet its "
            "allies in Vilnius next month.")
    record = code(coder, text)
    assert in_sentence(record["positions"], "Germany supports") == []
    assert in_sentence(record["commitments"], "Mr. President") == []
    assert in_sentence(record["positions"], "The United States supports")
    assert in_sentence(record["commitments"], "The United States will meet")


def test_a_kremlin_question_and_answer(coder):
    text = ("Question: Mr President, Russia and China will hold talks on energy in May. What do you expect?\n\n"
            "Vladimir Putin: Russia and China have agreed to hold talks on energy in May.")
    record = code(coder, text, source="kremlin.ru")
    assert in_sentence(record["commitments"], "Mr President") == []
    assert in_sentence(record["commitments"], "have agreed")
    assert not [e for e in record["events"] if "What do you expect" in e["evidence"]["sentence"]]


def test_a_blank_line_ends_a_sentence(coder):
    """A heading or a speaker's label is not parsed into the sentence after it."""
    text = "IV\n\nPresident Biden and President Macron reaffirmed their support for the sovereignty of Ukraine."
    record = code(coder, text)
    assert record["positions"], record
    for position in record["positions"]:
        assert position["evidence"]["sentence"].startswith("President Biden")
        assert "IV" not in position["topic_text"]
    text = "How are you, sir?\n\nPRESIDENT MACRON:  I met President Biden in Paris."
    record = code(coder, text)
    assert {e["evidence"]["sentence"].strip() for e in record["events"]} <= {"I met President Biden in Paris."}
