"""Readout words that spaCy would split at the hyphen, kept whole and given their lemma.

"co-chaired" split into "co", "-", "chaired" parses as three verbs; kept whole it is one verb,
and the ``communique_lemmas`` component gives it the lemma "co-chair" that the lexicon matches
(the rule lemmatizer alone would guess "co-chaire"); it also mends a few lemmas the rule lemmatizer
gets wrong ("staged" -> "stag"). A dictionary look-up per token costs far less
than an attribute-ruler pattern over every token.
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# lemma -> inflected forms
HYPHENATED_WORDS = {
    "co-chair": ("co-chair", "co-chairs", "co-chaired", "co-chairing"),
    "co-host": ("co-host", "co-hosts", "co-hosted", "co-hosting"),
    "co-lead": ("co-lead", "co-leads", "co-led", "co-leading"),
    "co-sponsor": ("co-sponsor", "co-sponsors", "co-sponsored", "co-sponsoring"),
    "co-operate": ("co-operate", "co-operates", "co-operated", "co-operating"),
    "co-operation": ("co-operation",),
    "co-ordinate": ("co-ordinate", "co-ordinates", "co-ordinated", "co-ordinating"),
    "co-ordination": ("co-ordination",),
    "co-sign": ("co-sign", "co-signs", "co-signed", "co-signing"),
    "co-chairman": ("co-chairman", "co-chairmen"),
    "cease-fire": ("cease-fire", "cease-fires"),
    # "the significant de-escalation of the conflict": split, "de" parses as a noun of its own
    "de-escalate": ("de-escalate", "de-escalates", "de-escalated", "de-escalating"),
    "de-escalation": ("de-escalation",),
    "de-risk": ("de-risk", "de-risks", "de-risked", "de-risking"),
    "peace-keeping": ("peace-keeping",),
    "peace-keeper": ("peace-keeper", "peace-keepers"),
}
# Inflected forms the rule lemmatizer gets wrong ("staged" -> "stag"), with their lemma.
LEMMA_FIXES = {"staged": "stage", "raped": "rape", "forgave": "forgive", "cordoned": "cordon",
               "unbanned": "unban"}


LEMMA_OF = {form: lemma for lemma, forms in HYPHENATED_WORDS.items() for form in forms} | LEMMA_FIXES


def add_special_cases(tokenizer: Tokenizer) -> None:
    for form in LEMMA_OF:
        if "-" not in form:
            continue
        for spelling in {form, form.capitalize()}:
            tokenizer.add_special_case(spelling, [{ORTH: spelling}])


@Language.component("communique_lemmas")
def fix_lemmas(doc: Doc) -> Doc:
    for token in doc:
        lemma = LEMMA_OF.get(token.lower_)
        if lemma is not None:
            token.lemma_ = lemma
    return doc


@Language.component("communique_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser, which runs after this, keeps the boundary. Without it a
    heading ("IV"), a dateline or a transcript's speaker label ("PRESIDENT MACRON:") is parsed into the
    sentence that follows, and a question into the answer after it."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
