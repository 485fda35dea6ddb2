"""Ingest: read -> code -> store, streaming, in write batches; unchanged documents are not recoded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from communique.pipeline import Coder, CodingStats
from communique.read import read_inputs
from communique.read.common import UniqueIds, id_family
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
    ``unchanged[0]``); unreadable items pass, so that each still gets its status record.

    Readers rename repeated ids in input order ("x", "x#2", ...), so when an earlier holder of "x" cannot
    be read on a rerun, later documents shift onto its ids ("x#2" is read as "x") and would replace the
    stored ones. A document whose stored id holds another text but whose own text is stored under another
    id of its family is that stored document: it takes that id back.
    """
    iterator = iter(items)
    taken = UniqueIds()  # the ids given out in this run
    while chunk := list(islice(iterator, 256)):
        stored = store.stored_hashes(item.id for item in chunk if isinstance(item, Document))
        for item in chunk:
            if not isinstance(item, Document):
                taken.take(item.id)
                yield item
                continue
            hashed = text_hash(item.text)
            own = stored.get(item.id)
            if (own is not None and own != hashed) or taken.taken(item.id):
                item, own = _stored_twin(item, hashed, store, taken, own)
            taken.take(item.id)
            if own == hashed:
                unchanged[0] += 1
                continue
            yield item


def _stored_twin(item: Document, hashed: str, store: Store, taken: UniqueIds,
                 own: str | None) -> tuple[Document, str | None]:
    """``item`` under the stored id of its family that holds its text (and the hash stored there); else
    under a free id when its own went to an earlier document of this run; else as it is (a new version)."""
    family = id_family(item.id)
    twin = next((id for id in store.family_with_hash(family, hashed) if not taken.taken(id)), None)
    if twin is None and not taken.taken(item.id):
        return item, own
    if twin is None:
        n = 2
        while taken.taken(f"{family}#{n}") or store.stored_hashes([f"{family}#{n}"]):
            n += 1
        twin, hashed = f"{family}#{n}", None
    note = f"the id {item.id!r} holds another document: this one is {twin!r}"
    moved = replace(item, id=twin, meta={**item.meta, "warnings": [*item.meta.get("warnings", []), note]})
    return moved, hashed


def ingest_paths(inputs: Iterable[str], db_path: str | Path, **options: object) -> IngestReport:
    with Store(db_path) as store:
        return ingest(inputs, store, **options)  # type: ignore[arg-type]
