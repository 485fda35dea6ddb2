"""The document a Doc came from travels with it as its spaCy context."""

from __future__ import annotations

from spacy.tokens import Doc

from communique.read.document import Document, content_id


def document_of(doc: Doc) -> Document:
    """The Document behind ``doc``.

    ``nlp.pipe(pairs, as_tuples=True)`` keeps each context on ``doc._context`` while the
    components run (also across ``n_process`` workers), so a component can read the publication
    date and source of the text it is coding. A Doc made from a bare string gets a bare Document.
    """
    context = getattr(doc, "_context", None)
    if isinstance(context, Document):
        return context
    document = Document(id=content_id(doc.text), text=doc.text)
    if context is None:
        doc._context = document  # made once per bare Doc; any other context stays as the caller gave it
    return document


def text_slice(doc: Doc, start: int, end: int) -> str:
    """``doc.text[start:end]`` without rebuilding the whole text from its tokens (which ``doc.text``
    does on every call): the Document's own text is the same string."""
    return document_of(doc).text[start:end]
