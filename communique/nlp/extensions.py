"""Doc extensions the communique components fill.

Values are plain JSON-able data (dicts, lists, strings, numbers) so that Docs serialize across
``nlp.pipe(n_process=...)`` workers; ``communique.contract`` turns them into the output record.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = (
    "actor_mentions",  # list[dict]: resolved actor spans (actors stage)
    "events",  # list[dict]: coded events (events stage)
    "event_date",  # dict | None: the document's event date (when/where stage)
    "location",  # dict | None: the document's main place (when/where stage)
    "warnings",  # list[str]: anything a stage wants the user to know
    "error",  # str | None: why a stage failed on this document (one line)
    "when_where",  # dict | None: where the document's date and place came from (when/where stage)
    "mechanisms",  # list[dict]: named recurring dialogues and their rounds (diplomacy stage)
    "positions",  # list[dict]: who supports or opposes what (diplomacy stage)
    "commitments",  # list[dict]: agreed or pledged future actions (diplomacy stage)
)


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def mentions_by_token(doc: Doc) -> dict[int, dict]:
    """The actor mention each token belongs to (``doc._.actor_mentions`` indexed by token)."""
    return {i: mention for mention in doc._.actor_mentions or ()
            for i in range(mention["tok_start"], mention["tok_end"])}
