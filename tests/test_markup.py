"""Markdown links are hidden from the parser without moving a character of the document's text."""

from __future__ import annotations

import pytest

from communique.nlp.markup import masked
from communique.read.document import Document


@pytest.mark.parametrize("before, link, label, after", [
    ("In ", "[April](https://example.gov/2022/04/29/remarks/)", "April", ", the envoy met."),
    ("See ", "[the report](/briefing-room/report)", "the report", " now."),
])
def test_a_link_is_its_label_padded_with_spaces(before, link, label, after):
    text = before + link + after
    assert masked(text) == before + " " + label + " " * (len(link) - len(label) - 1) + after


@pytest.mark.parametrize("text", [
    "The rate [sic] rose (slightly).",  # brackets and parentheses alone
    "Read https://example.org/x today.",  # an address alone
    "[one\ntwo](https://example.org)",  # a label over a line break
])
def test_what_is_no_link_is_left_as_it_is(text):
    assert masked(text) == text


def test_a_linked_month_dates_its_event_and_the_evidence_keeps_the_link(coder):
    text = ("In [April](https://example.gov/briefing-room/2022/04/29/remarks-by-the-vice-president/), Vice "
            "President Harris met President Xiomara Castro of Honduras in Tegucigalpa.")
    [record] = coder.code([Document(id="t", text=text, published="2022-07-27", source="whitehouse.gov")])
    [meeting] = [e for e in record["events"] if e["evidence"]["trigger"] == "met"]
    assert meeting["date"]["value"] == "2022-04"
    assert meeting["evidence"]["sentence"] == text
    assert {p["code"] for p in meeting["actor"] + meeting["recipient"]} == {"USA", "HND"}


@pytest.mark.parametrize("text, expected", [
    ("the United States\u2013Thailand alliance", "the United States-Thailand alliance"),
    ("the U.S.\u2014Chile dialogue", "the U.S.-Chile dialogue"),
    ("talks \u2013 Chile and Peru", "talks \u2013 Chile and Peru"),  # a dash between spaces is punctuation
    ("in 2021\u20132022", "in 2021\u20132022"),  # a range of years is no name
])
def test_a_dash_that_joins_two_names_is_a_hyphen(text, expected):
    assert masked(text) == expected and len(masked(text)) == len(text)


def test_a_dash_joined_pair_is_one_topic(coder):
    text = "The President of Chile reaffirmed his commitment to the long-standing Chile\u2013Peru alliance."
    [record] = coder.code([Document(id="t", text=text)])
    assert "long-standing Chile-Peru alliance" in [p["topic"] for p in record["positions"]]


def test_a_no_break_space_is_a_space_to_the_parser(coder):
    """A no-break space (common in scraped readouts) kept as a token of its own cuts "Peru's" from "right"."""
    text = ("The President of Chile\u00a0reaffirmed his commitment to\u00a0Peru\u2019s right to\u00a0self-defense "
            "consistent with international law.")
    assert masked(text) == text.replace("\u00a0", " ")
    [record] = coder.code([Document(id="t", text=text)])
    assert "Peru's right to self-defense consistent with international law" in [p["topic"] for p in record["positions"]]
