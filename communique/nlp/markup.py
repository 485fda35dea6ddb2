"""Markup in a document's text that the parser should not read, hidden without moving a character.

Scraped pages often keep their links as markdown: "In [April](https://.../2022/04/29/remarks...), the
Vice President convened ...". Parsed as written, the address is a run of tokens inside the sentence: a
date expression is cut off from its month, a name from its verb. The parser is given the text with each
link's brackets and address turned into spaces, so that every offset still points into the document's
own text, and evidence is sliced from that text as before. A dash that joins two names ("the United
States–Thailand alliance") is given to the parser as the hyphen it stands for, and a no-break space as a
space, in the same place.
"""

from __future__ import annotations

import re

MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\((?:https?://|/)[^()\s]{0,2000}\)")
# An en or em dash between two words with no space, as typeset pages join names ("the United States–Thailand
# alliance"): a hyphen to the parser, which otherwise cuts the compound at the dash.
JOINING_DASH = re.compile(r"(?<=[A-Za-z.])[\u2013\u2014](?=[A-Z])")


SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


def masked(text: str) -> str:
    """``text`` with every markdown link reduced to its label, padded with spaces to the same length, a dash
    that joins two names made a hyphen and a no-break space a space (one character for one)."""
    if "\u2013" in text or "\u2014" in text:
        text = JOINING_DASH.sub("-", text)
    # a no-break space is a space to the parser: the tokenizer keeps it as a token of its own, which the parser
    # reads as a word ("commitment to Israel's right" parsed with "Israel" cut from its "'s")
    text = text.translate(SPACES)
    if "](" not in text:
        return text
    return MARKDOWN_LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text)
