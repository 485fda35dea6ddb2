"""Readout words that spaCy would split at the hyphen, kept whole and given their lemma.

"co-chaired" split into "co", "-", "chaired" parses as three verbs; kept whole it is one verb,
and the attribute ruler gives it the lemma "co-chair" that the lexicon matches (the rule
lemmatizer alone would guess "co-chaire").
"""

from __future__ import annotations

from spacy.attrs import ORTH
from spacy.language import Language

# lemma -> inflected forms
HYPHENATED_WORDS = {
    "co-chair": ("co-chair", "co-chairs", "co-chaired", "co-chairing"),
    "co-host": ("co-host", "co-hosts", "co-hosted", "co-hosting"),
    "co-sponsor": ("co-sponsor", "co-sponsors", "co-sponsored", "co-sponsoring"),
    "co-operate": ("co-operate", "co-operates", "co-operated", "co-operating"),
    "co-operation": ("co-operation",),
    "co-ordinate": ("co-ordinate", "co-ordinates", "co-ordinated", "co-ordinating"),
    "co-ordination": ("co-ordination",),
    "co-sign": ("co-sign", "co-signs", "co-signed", "co-signing"),
    "co-chairman": ("co-chairman", "co-chairmen"),
}


def add_special_cases(nlp: Language) -> None:
    for lemma, forms in HYPHENATED_WORDS.items():
        for form in forms:
            for spelling in {form, form.capitalize()}:
                nlp.tokenizer.add_special_case(spelling, [{ORTH: spelling}])
        if "attribute_ruler" in nlp.pipe_names:
            nlp.get_pipe("attribute_ruler").add([[{"LOWER": {"IN": list(forms)}}]], {"LEMMA": lemma})
