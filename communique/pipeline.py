"""Coding: documents in, contract records out, streaming through spaCy's ``nlp.pipe``."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import weakref
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from time import perf_counter

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from communique.contract import coded_record, unreadable_record
from communique.errors import CommuniqueError
from communique.nlp import COMPONENTS, load_pipeline
from communique.nlp.markup import masked
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

    Memory is bounded by the batch, not the corpus: documents go through spaCy in batches of at
    most ``batch_size`` documents *and* ``batch_chars`` characters, because a parsed Doc costs
    memory in proportion to its length (bare spaCy with 64 documents a batch peaked at 2.8 GB on
    the corpus's UN speeches; each coding process stays near 0.6 GB with 50,000 characters a
    batch: bench/throughput.py). A document longer than the budget is a batch of its own, which spaCy
    parses a section at a time (``_code_in_sections``), so no one document can take the memory
    a whole batch may.

    ``n_process > 1`` starts that many coding processes, each with its own pipeline, and sends
    them whole batches: they parse *and* code, so the calling process only reads and writes.
    Call ``close()`` (or use the Coder as a context manager) to stop them; they also stop with
    the interpreter.
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 64, batch_chars: int = 50_000,
                 n_process: int = 1, backstop: bool = True, nlp: Language | None = None,
                 preload: bool = True) -> None:
        """``preload``: load the language identifier now, with the pipeline (False: with the first text
        long enough to judge, which a few short documents never have: `communique code` on a sentence)."""
        if batch_size < 1 or batch_chars < 1 or n_process < 1:
            raise ValueError("batch_size, batch_chars and n_process must be at least 1")
        self.batch_size = batch_size
        self.batch_chars = batch_chars
        self.n_process = n_process
        self.stats = CodingStats()
        self.nlp: Language | None = None
        self._workers: _CodingProcesses | None = None
        if n_process > 1:  # the coding processes load their own pipelines; this one only reads and writes
            if nlp is not None:
                raise ValueError("a loaded pipeline can only be used in this process (n_process=1)")
            self._workers = _CodingProcesses(n_process, model, backstop)
        else:
            self.nlp = nlp or load_pipeline(model, backstop=backstop)
            if preload:
                identifier()

    def code(self, items: Iterable[ReadResult]) -> Iterator[dict]:
        """One record per item, in input order. Unreadable items pass through the stream (with no
        text to parse) so that order is kept without buffering. ``self.stats`` counts this run."""
        self.stats = CodingStats()
        batches = _batches(items, self.batch_size, self.batch_chars)
        if self._workers is not None:
            coded = self._workers.code(batches)
        else:
            coded = (pair for batch in batches for pair in self.code_batch(batch))
        for record, words in coded:
            self.stats.add(record, words)
            yield record

    def code_batch(self, batch: list[ReadResult]) -> list[tuple[dict, int]]:
        """(record, words) for each item of one batch, parsed together in this process."""
        if self.nlp is None:
            raise RuntimeError("this Coder codes in its worker processes: call code()")
        max_length = self.nlp.max_length
        pairs = []
        for item in batch:
            if isinstance(item, Document):
                reason = None
                if len(item.text) > max_length:
                    reason = f"document too long: {len(item.text):,} characters (limit {max_length:,})"
                elif language := unsupported_language(item.text):
                    reason = f"unsupported language: {language}"
                if reason is not None:
                    item = Unreadable(id=item.id, status="skipped", origin=item.origin, title=item.title,
                                      source=item.source, url=item.url, published=item.published, reason=reason)
            pairs.append((masked(item.text) if isinstance(item, Document) else "", item))
        coded = []
        if len(pairs) == 1 and len(pairs[0][0]) > self.batch_chars:  # a long document: its own batch
            docs: Iterable[tuple[Doc, ReadResult]] = [(self._code_in_sections(*pairs[0]), pairs[0][1])]
        else:
            docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=len(pairs))
        for doc, item in docs:
            if isinstance(item, Unreadable):
                coded.append((unreadable_record(item), 0))
            else:
                coded.append((coded_record(doc, item), _word_count(doc)))
        return coded

    def _code_in_sections(self, text: str, item: ReadResult) -> Doc:
        """A document longer than the batch budget: spaCy parses it a section at a time (each cut
        after a line break where there is one, so that sentences stay whole), the sections are
        joined into one Doc, and communique's components code that whole. The parser's memory
        follows the section, not the document."""
        assert self.nlp is not None
        ours = [(name, component) for name, component in self.nlp.pipeline if name in COMPONENTS]
        with self.nlp.select_pipes(disable=[name for name, _ in ours]):
            parts = list(self.nlp.pipe(_sections(text, self.batch_chars), batch_size=1))
        doc = Doc.from_docs(parts, ensure_whitespace=False)
        doc._context = item
        for _, component in ours:
            doc = component(doc)
        return doc

    def close(self) -> None:
        """Stops the coding processes, if any."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def __enter__(self) -> Coder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _batches(items: Iterable[ReadResult], size: int, chars: int) -> Iterator[list[ReadResult]]:
    """Consecutive items, at most ``size`` of them and (unless one item alone exceeds it) at most
    ``chars`` characters of text."""
    batch: list[ReadResult] = []
    length = 0
    for item in items:
        text_length = len(item.text) if isinstance(item, Document) else 0
        if batch and (len(batch) >= size or length + text_length > chars):
            yield batch
            batch, length = [], 0
        batch.append(item)
        length += text_length
    if batch:
        yield batch


def _sections(text: str, budget: int) -> Iterator[str]:
    """``text`` in consecutive pieces of at most ``budget`` characters, which join back into it.
    Each piece ends after the last line break in its second half, else after a sentence's full
    stop, else after a space, else (one unbroken run of characters) at the budget."""
    start = 0
    while len(text) - start > budget:
        end = start + budget
        cut = text.rfind("\n", start + budget // 2, end)
        if cut == -1:
            cut = text.rfind(". ", start + budget // 2, end - 1) + 1
        if cut <= 0:
            cut = text.rfind(" ", start, end)
        if cut <= start:
            cut = end - 1
        yield text[start:cut + 1]
        start = cut + 1
    yield text[start:]


class _CodingProcesses:
    """``n`` processes, each with a Coder of its own, coding whole batches.

    At most two batches per process are in flight, so a large corpus is never read ahead into
    memory (``Pool.imap`` would drain the input). Processes are spawned, not forked: a fork would
    copy whatever the caller holds open (a database connection, threads).
    """

    def __init__(self, n: int, model: str | None, backstop: bool) -> None:
        self.n = n
        self.pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(model, backstop, os.getpid()))
        # load every pipeline now, so that a caller timing code() does not time the loading
        for ready in [self.pool.submit(_worker_ready) for _ in range(n)]:
            ready.result()
        self._finalizer = weakref.finalize(self, self.pool.shutdown, wait=True, cancel_futures=True)

    def code(self, batches: Iterable[list[ReadResult]]) -> Iterator[tuple[dict, int]]:
        pending: deque[Future] = deque()
        try:
            for batch in batches:
                pending.append(self.pool.submit(_code_in_worker, batch))
                if len(pending) >= 2 * self.n:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool:
            raise CommuniqueError("E014", "a coding process died (killed, or out of memory: try a smaller "
                                          "--batch-chars or fewer --n-process); what was stored is kept, and "
                                          "a rerun continues from there") from None

    def close(self) -> None:
        self._finalizer()


_worker_coder: Coder | None = None


def _start_worker(model: str | None, backstop: bool, parent: int) -> None:
    global _worker_coder
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the calling process's to handle
    # ``parent`` is the calling process's pid as it started us: killed while this worker was still
    # importing, it is already gone, and os.getppid() now names whoever adopted the orphan
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _worker_coder = Coder(model, backstop=backstop)


def _exit_with_parent(parent: int) -> None:
    """Ends this worker once the process that started it is gone (killed with SIGKILL, it cannot
    stop its workers, and a spawned worker would otherwise wait for work forever)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_ready() -> bool:
    return _worker_coder is not None


def _code_in_worker(batch: list[ReadResult]) -> list[tuple[dict, int]]:
    assert _worker_coder is not None
    return _worker_coder.code_batch(batch)


def _word_count(doc: Doc) -> int:
    """Tokens that are neither punctuation nor whitespace, counted on arrays (a Python loop over
    every token of every document would cost more than some pipeline components)."""
    flags = doc.to_array([IS_PUNCT, IS_SPACE])
    return int(len(doc) - flags.any(axis=1).sum()) if len(doc) else 0


def code_documents(items: Iterable[ReadResult], model: str | None = None) -> Iterator[dict]:
    """Code documents with a freshly loaded pipeline (convenience for one-off use)."""
    yield from Coder(model).code(items)
