"""PhraseMatcher patterns for thousands of phrases, without tokenizing them on every start.

A PhraseMatcher pattern is, underneath, the hash of one attribute (ORTH, LOWER) of each token of the
phrase; ``PhraseMatcher.add`` takes those hash sequences as well as Docs. Making a Doc of each phrase
costs a tokenizer call and a new lexeme for each new word (half a second for the knowledge base's
5,000 names), so the sequences are kept in the start-up cache, keyed by the phrases, the attribute
and everything that decides how the tokenizer splits them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import spacy
from spacy.language import Language

from communique.cache import cached


def phrase_patterns(name: str, nlp: Language, phrases: Sequence[str], attr: str) -> list[tuple[int, ...]]:
    """For each phrase, the ``attr`` hash of each of its tokens as ``nlp``'s tokenizer splits it: what
    ``PhraseMatcher(nlp.vocab, attr=attr).add(key, ...)`` would take from ``nlp.make_doc(phrase)``.
    ``name``: the cache entry's, one per use."""
    def build() -> list[tuple[int, ...]]:
        return [tuple(nlp.make_doc(phrase).to_array(attr).tolist()) for phrase in phrases]

    try:  # the tokenizer's rules: the model's, and the special cases added to it
        rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    except Exception:  # a custom tokenizer that cannot say what its rules are: nothing to key an entry on
        return build()
    # spaCy's version: its hash function; the phrases as JSON: a list, unambiguously
    return cached(name, [attr, spacy.__version__, nlp.lang, rules, json.dumps(list(phrases))], build)
