"""The base of every communique spaCy component: one failing document never stops a batch."""

from __future__ import annotations

from spacy.tokens import Doc


class Stage:
    """A pipeline stage. Subclasses implement ``process(doc)``, which fills Doc extensions.

    An exception inside ``process`` is caught and recorded on ``doc._.error`` as one line, so
    that the document comes out with status "failed" and the rest of the batch goes on. Later
    stages leave a failed document alone.
    """

    name = "stage"

    def __call__(self, doc: Doc) -> Doc:
        if doc._.error is None:
            try:
                self.process(doc)
            except Exception as error:
                doc._.error = f"{self.name}: {type(error).__name__}: {error}".splitlines()[0]
        return doc

    def process(self, doc: Doc) -> None:
        raise NotImplementedError
