"""Coding: documents in, contract records out, streaming through spaCy's ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from time import perf_counter

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from communique.contract import coded_record, unreadable_record
from communique.nlp import load_pipeline
from communique.read.document import Document, ReadResult, Unreadable
from communique.read.language import identifier, unsupported_language


@dataclass
class CodingStats:
    """Counts and timing of one coding run, for the throughput line users see."""

    documents: int = 0
    words: int = 0
    events: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: {"coded": 0, "skipped": 0, "failed": 0})
    started: float = field(default_factory=perf_counter)

    def add(self, record: dict, words: int) -> None:
        self.documents += 1
        self.words += words
        self.events += len(record["events"])
        self.by_status[record["status"]] = self.by_status.get(record["status"], 0) + 1

    @property
    def seconds(self) -> float:
        return perf_counter() - self.started

    def summary(self) -> str:
        seconds = max(self.seconds, 1e-9)
        statuses = ", ".join(f"{n} {status}" for status, n in self.by_status.items())
        return (f"{self.documents} documents ({statuses}), {self.events} events in {seconds:.1f} s: "
                f"{self.documents / seconds:.1f} docs/s, {self.words / seconds:,.0f} words/s")


class Coder:
    """Codes documents with one loaded pipeline; reuse it for many calls.

    >>> coder = Coder()
    >>> for record in coder.code(read_inputs(["article.txt"])): ...
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 64, n_process: int = 1,
                 backstop: bool = True, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_pipeline(model, backstop=backstop)
        identifier()  # the language identifier's model, loaded now rather than inside the first document
        self.batch_size = batch_size
        self.n_process = n_process
        self.stats = CodingStats()

    def code(self, items: Iterable[ReadResult]) -> Iterator[dict]:
        """One record per item, in input order. Unreadable items pass through the stream (with no
        text to parse) so that order is kept without buffering. ``self.stats`` counts this run."""
        self.stats = CodingStats()
        max_length = self.nlp.max_length

        def pairs() -> Iterator[tuple[str, ReadResult]]:
            for item in items:
                if isinstance(item, Document):
                    reason = None
                    if len(item.text) > max_length:
                        reason = f"document too long: {len(item.text):,} characters (limit {max_length:,})"
                    elif language := unsupported_language(item.text):
                        reason = f"unsupported language: {language}"
                    if reason is not None:
                        item = Unreadable(id=item.id, status="skipped", origin=item.origin, title=item.title,
                                          source=item.source, url=item.url, published=item.published, reason=reason)
                yield (item.text if isinstance(item, Document) else "", item)

        for doc, item in self.nlp.pipe(pairs(), as_tuples=True, batch_size=self.batch_size,
                                       n_process=self.n_process):
            if isinstance(item, Unreadable):
                record = unreadable_record(item)
                self.stats.add(record, 0)
            else:
                record = coded_record(doc, item)
                self.stats.add(record, _word_count(doc))
            yield record


def _word_count(doc: Doc) -> int:
    """Tokens that are neither punctuation nor whitespace, counted on arrays (a Python loop over
    every token of every document would cost more than some pipeline components)."""
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(len(doc) - flags.any(axis=1).sum()) if len(doc) else 0


def code_documents(items: Iterable[ReadResult], model: str | None = None) -> Iterator[dict]:
    """Code documents with a freshly loaded pipeline (convenience for one-off use)."""
    yield from Coder(model).code(items)
