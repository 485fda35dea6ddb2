"""The base of every communique spaCy component: one failing document never stops a batch."""

from __future__ import annotations

from spacy.tokens import Doc

from communique.read.document import Unreadable


class Stage:
    """A pipeline stage. Subclasses implement ``process(doc)``, which fills Doc extensions.

    An exception inside ``process`` is caught and recorded on ``doc._.error`` as one line, so
    that the document comes out with status "failed" and the rest of the batch goes on. Later
    stages leave a failed document alone, and no stage touches an unreadable one (it passes through
    ``nlp.pipe`` only to keep its place in the output order).
    """

    name = "stage"

    def __call__(self, doc: Doc) -> Doc:
        if doc._.error is None and not isinstance(getattr(doc, "_context", None), Unreadable):
            try:
                self.process(doc)
            except Exception as error:
                doc._.error = f"{self.name}: {type(error).__name__}: {error}".splitlines()[0]
        return doc

    def process(self, doc: Doc) -> None:
        raise NotImplementedError
