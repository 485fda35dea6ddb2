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
