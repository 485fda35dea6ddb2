"""What a sentence does as speech: states a fact, or asks.

Coders code what is stated as fact (READOUTS_GUIDE). Two kinds of sentence state nothing:
- an interrogative ("Will the two sides meet again this year?"): no event, stance or pledge;
- a journalist's turn in a transcript. Press briefings and press conferences open a question with a
  label at the start of a line ("Q   Mr. President, ..." on whitehouse.gov, "Question: ..." on
  kremlin.ru) and the answer with the speaker's ("PRESIDENT BIDEN:", "Vladimir Putin:"). What a
  journalist says in passing ("You met President Xi yesterday.") is no stance or pledge of the parties
  it names; the events it reports are kept, as a news report's would be.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Span

# "Q" alone takes a colon or spacing before the question; the long forms take a colon ("Question of
# Palestine" at the start of a line is a heading, not a label)
_SPACE = r"[ \t\xa0]"
QUESTION_LABEL = re.compile(rf"^{_SPACE}*(?:Q(?:{_SPACE}*:|{_SPACE}+)|(?:QUESTION|Question){_SPACE}*:){_SPACE}*(?=\S)",
                            re.MULTILINE)
CLOSING_MARKS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def question_turns(text: str) -> list[tuple[int, int]]:
    """The (start, end) character ranges of a transcript's questions: each from its label to the end of
    its line. A question of several paragraphs keeps only its first (the rest reads as anyone's)."""
    turns = []
    for label in QUESTION_LABEL.finditer(text):
        end = text.find("\n", label.end())
        turns.append((label.start(), len(text) if end == -1 else end))
    return turns


def in_turn(start: int, turns: list[tuple[int, int]]) -> bool:
    """Whether the character offset ``start`` lies in one of ``turns`` (sorted, as question_turns gives)."""
    at = bisect_right(turns, (start, float("inf"))) - 1
    return at >= 0 and turns[at][0] <= start < turns[at][1]


def interrogative(sent: Span) -> bool:
    """Whether the sentence is a question: its last mark, before closing quotes and brackets, is "?"."""
    for token in reversed(sent):
        if token.is_space or token.text in CLOSING_MARKS:
            continue
        return token.text.endswith("?")
    return False
