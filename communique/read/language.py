"""Which language a document is in, where it plainly is not English: communique's parser, lexicon and
knowledge base are English, so such a document is skipped with the reason ("unsupported language: ru")
rather than coded into nonsense.

py3langid (a bundled n-gram model, offline) judges a sample of the text. Short texts are let through:
a few words ("Wang Yi met Lavrov.") are too little to judge, and a wrong skip loses a document.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from communique.cache import cached

SAMPLE = 1000  # characters judged, from the start (enough for the language; the cost grows with it)
MIN_LETTERS = 60  # fewer letters than this: too short to judge
MIN_PROBABILITY = 0.95


@lru_cache(maxsize=1)
def identifier():  # py3langid has no types; loaded once (see Coder's preload)
    """py3langid's identifier, from the start-up cache: built from its packaged model it takes a second
    (decompressing the model, expanding its tables), unpickled a quarter of that."""
    import numpy as np
    import py3langid.langid
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    def build() -> LanguageIdentifier:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    package = Path(py3langid.langid.__file__).parent
    # the model, the code that reads and holds it, and numpy (its arrays are pickled)
    inputs = [package / MODEL_FILE, package / "langid.py", package / "modelio.py", np.__version__]
    return cached("language-identifier", inputs, build)


def unsupported_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language when it is confidently not English, else None."""
    sample = text[:SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    language, probability = identifier().classify(sample)
    latin = sum(1 for c in letters if c.isascii()) / len(letters)
    if language != "en" and (probability >= MIN_PROBABILITY or latin < 0.5):
        return language
    return None
