"""Ingest: read -> code -> store, streaming, in write batches; unchanged documents are not recoded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from communique.pipeline import Coder, CodingStats
from communique.read import read_inputs
from communique.read.document import Document, ReadResult
from communique.store.db import Store, text_hash


@dataclass
class IngestReport:
    stats: CodingStats
    unchanged: int
    stored: int

    def summary(self) -> str:
        return f"{self.stats.summary()}; {self.stored} stored, {self.unchanged} unchanged (already stored)"


def ingest(inputs: Iterable[str], store: Store, *, coder: Coder | None = None, write_batch: int = 200,
           on_record: Callable[[dict], None] | None = None) -> IngestReport:
    """Code ``inputs`` (paths, folders or "-") into ``store``.

    A document whose id and text are already stored is skipped as unchanged, so a rerun after an
    interruption continues where the last committed batch ended. Each batch is one transaction.
    """
    return ingest_results(read_inputs(inputs), store, coder=coder, write_batch=write_batch, on_record=on_record)


def ingest_results(items: Iterable[ReadResult], store: Store, *, coder: Coder | None = None, write_batch: int = 200,
                   on_record: Callable[[dict], None] | None = None) -> IngestReport:
    """Code read results (from ``read_inputs``, or documents built elsewhere: ``communique watch``) into
    ``store``, as ``ingest`` does."""
    coder = coder or Coder()
    texts: dict[str, str] = {}  # the text of each document being coded, stored with its record
    unchanged = [0]

    def fresh(items: Iterable[ReadResult]) -> Iterator[ReadResult]:
        for item in unstored(items, store, unchanged):
            if isinstance(item, Document):
                texts[item.id] = item.text
            yield item

    stored = 0
    batch: list[tuple[dict, str | None]] = []
    try:
        for record in coder.code(fresh(items)):
            batch.append((record, texts.pop(record["doc_id"], None)))
            if on_record:
                on_record(record)
            if len(batch) >= write_batch:
                stored += store.write(batch)
                batch = []
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: what is coded is written before stopping
        if batch:
            stored += store.write(batch)
        raise Interrupted(IngestReport(stats=coder.stats, unchanged=unchanged[0], stored=stored)) from None
    if batch:
        stored += store.write(batch)
    return IngestReport(stats=coder.stats, unchanged=unchanged[0], stored=stored)


class Interrupted(KeyboardInterrupt):
    """An ingest stopped by Ctrl-C or SIGTERM after writing every document it had coded."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__(report.summary())
        self.report = report


def unstored(items: Iterable[ReadResult], store: Store, unchanged: list[int]) -> Iterator[ReadResult]:
    """``items`` minus the documents whose id and text the store already holds (counted in
    ``unchanged[0]``); unreadable items pass, so that each still gets its status record."""
    iterator = iter(items)
    while chunk := list(islice(iterator, 256)):
        stored = store.stored_hashes(item.id for item in chunk if isinstance(item, Document))
        for item in chunk:
            if isinstance(item, Document) and stored.get(item.id) == text_hash(item.text):
                unchanged[0] += 1
                continue
            yield item


def ingest_paths(inputs: Iterable[str], db_path: str | Path, **options: object) -> IngestReport:
    with Store(db_path) as store:
        return ingest(inputs, store, **options)  # type: ignore[arg-type]
