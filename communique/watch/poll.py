"""One pass over the sources, and the loop that repeats it.

A pass asks each due source for what changed (a conditional GET: a 304 costs nothing), reads its items
(``communique.read.feeds``), skips those seen before with the same entry, fetches the article page of an
item that holds only a summary (``communique.read.htmlpage``, trafilatura), and hands the new and changed
documents to the ingest path (``communique.ingest.ingest_results``), where a document stored with the
same id and text is free. A source that fails, hangs or serves garbage is recorded as failing and the
others go on. The alert rules then run over what the pass stored (``communique.watch.alerts``)."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from communique.errors import CommuniqueError
from communique.read.common import one_line
from communique.read.document import Document, ReadResult, Unreadable
from communique.read.feeds import read_feed
from communique.read.htmlpage import read_html
from communique.store.db import Store, text_hash
from communique.watch import alerts, state
from communique.watch.fetch import Fetched, Fetcher
from communique.watch.sources import Settings, Source

if TYPE_CHECKING:
    from communique.pipeline import Coder

# A feed entry whose text is shorter than this holds a summary, not the story: with articles = "auto"
# its page is fetched. Readouts run to thousands of characters; feed descriptions to a few hundred.
SUMMARY_CHARS = 1000


@dataclass
class SourceReport:
    """What one poll of one source came to."""

    source: Source
    status: int | None = None  # HTTP status (304: not modified)
    items: int = 0             # items the feed holds
    new: int = 0               # new or changed items, handed to coding
    stored: int = 0            # documents written to the store (the rest were already stored as they are)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.error:
            return f"{self.source.name}: failed: {self.error}"
        if self.status == 304:
            return f"{self.source.name}: not modified (304)"
        seen = self.items - self.new
        return f"{self.source.name}: {self.items} items, {self.new} new or changed ({self.stored} stored), {seen} seen"


@dataclass
class PassReport:
    """One pass over the due sources: each source's report, the documents coded, the alerts fired."""

    sources: list[SourceReport] = field(default_factory=list)
    coded: list[str] = field(default_factory=list)  # doc ids stored this pass (coded, skipped or failed)
    alerts: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceReport]:
        return [report for report in self.sources if report.error]


def poll_pass(settings: Settings, store: Store, *, coder: Callable[[], Coder], fetcher: Fetcher,
              sources: list[Source] | None = None, stop: threading.Event | None = None,
              on_record: Callable[[dict], None] | None = None,
              on_source: Callable[[SourceReport], None] | None = None) -> PassReport:
    """Poll ``sources`` (default: all of them) once each, then fire the alerts over what was stored.
    A ``stop`` set between two sources ends the pass there (what was polled is saved). ``coder`` gives the
    Coder when there is something to code (a pass of 304s never loads the language model)."""
    state.create_tables(store.connection)
    report = PassReport()

    def record(rec: dict) -> None:
        report.coded.append(rec["doc_id"])
        if on_record:
            on_record(rec)

    for source in settings.sources if sources is None else sources:
        if stop is not None and stop.is_set():
            break
        try:
            done = poll_source(source, store, coder=coder, fetcher=fetcher, on_record=record)
        except (CommuniqueError, sqlite3.Error):
            raise  # no language model, a full disk: the watch's own fault, which no other source escapes
        except Exception as error:  # a bug in reading one source must not stop the others
            done = SourceReport(source, error=f"internal error: {type(error).__name__}: {one_line(str(error), 120)}")
            state.record_poll(store.connection, source, Fetched(url=source.url), error=done.error, documents=0)
        report.sources.append(done)
        if on_source:
            on_source(done)
    fired, problems = alerts.run(settings, store.connection, _coded_ids(store, report.coded))
    report.alerts, report.warnings = fired, problems
    return report


def _coded_ids(store: Store, doc_ids: list[str]) -> list[str]:
    """The ids among ``doc_ids`` stored as coded (an alert has nothing to say of the others)."""
    coded = []
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start:start + 500]
        coded += [row[0] for row in store.connection.execute(
            f"SELECT doc_id FROM documents WHERE status = 'coded' AND doc_id IN ({','.join('?' * len(chunk))})", chunk)]
    return coded


def poll_source(source: Source, store: Store, *, coder: Callable[[], Coder], fetcher: Fetcher,
                on_record: Callable[[dict], None] | None = None) -> SourceReport:
    """Poll one source and store what is new; its state (validators, seen items, failures) is saved."""
    db = store.connection
    known = state.source_state(db, source)
    fetched = fetcher.get(source.url, etag=known["etag"], last_modified=known["last_modified"])
    report = SourceReport(source, status=fetched.status)
    if fetched.error:
        report.error = fetched.error
        state.record_poll(db, source, fetched, error=report.error, documents=0)
        return report
    if fetched.not_modified:
        state.record_poll(db, source, fetched, error=None, documents=0)
        return report
    base = fetched.final_url or source.url
    if source.kind == "page":
        items = _page(fetched.body, source, base)
        seen: dict[str, str] = {}
    else:
        items = list(read_feed(fetched.body, name=source.url, origin=base))
        if len(items) == 1 and isinstance(items[0], Unreadable) and items[0].id == source.url:
            only = items[0]  # the feed itself is unreadable (garbage, an HTML error page) or empty
            if only.status == "failed":
                report.error = f"not a feed: {only.reason}"
                state.record_poll(db, source, fetched, error=report.error, documents=0)
                return report
            items = []
        seen = state.seen_hashes(db, source)
    report.items = len(items)
    fresh: list[ReadResult] = []
    remember: dict[str, str] = {}
    for item in items:
        hashed = _entry_hash(item)
        if seen.get(item.id) == hashed:
            continue
        retry = False
        if source.kind == "feed" and isinstance(item, Document) and _wants_article(source, item):
            item, problem, retry = _with_article(item, base, fetcher)
            if problem:
                report.warnings.append(f"{item.id}: {problem}" + (" (tried again next poll)" if retry else ""))
        if not retry:  # a summary coded for want of a page that may come back (a timeout, a 503) is not seen yet
            remember[item.id] = hashed
        fresh.append(item)
    report.new = len(fresh)
    if fresh:
        from communique.ingest import ingest_results  # here: a pass of 304s does not import spaCy

        ingested = ingest_results(fresh, store, coder=coder(), on_record=on_record)
        report.stored = len(fresh) - ingested.unchanged
    if source.kind == "feed":
        state.mark_seen(db, source, remember)
    state.record_poll(db, source, fetched, error=None, documents=report.stored)
    return report


def _entry_hash(item: ReadResult) -> str:
    """What the feed shows of an item: a change to any of it (a corrected text) codes it again."""
    if isinstance(item, Unreadable):
        return text_hash(f"unreadable\n{item.status}\n{item.reason}")
    return text_hash(f"{item.title}\n{item.url}\n{item.published}\n{item.text}")


def _wants_article(source: Source, item: Document) -> bool:
    if not item.url or source.articles == "never":
        return False
    return source.articles == "always" or item.meta.get("text_from") == "title" or len(item.text) < SUMMARY_CHARS


def _with_article(item: Document, base: str, fetcher: Fetcher) -> tuple[Document, str | None, bool]:
    """The feed item with its article page's text (the feed's id, title and date kept), or the item as the
    feed gave it, why the page could not replace it, and whether to try the page again (a passing fault)."""
    url = urljoin(base, item.url or "")
    fetched = fetcher.get(url)
    if not fetched.ok:
        problem = f"article page not fetched: {fetched.error}"
        return _noted(item, f"{problem}; the feed's text is coded"), problem, fetched.passing
    page = next(iter(read_html(fetched.body, name=item.id, origin=url)), None)
    if not isinstance(page, Document):
        problem = f"article page unreadable: {page.reason if page is not None else 'nothing read'}"
        return _noted(item, f"{problem}; the feed's text is coded"), problem, False
    meta = {**page.meta, "text_from": "article", "feed_text_chars": len(item.text)}
    return dataclasses.replace(page, id=item.id, title=item.title or page.title, source=item.source or page.source,
                               url=url, published=item.published or page.published, meta=meta), None, False


def _noted(item: Document, warning: str) -> Document:
    meta = {**item.meta, "warnings": [*item.meta.get("warnings", []), warning]}
    return dataclasses.replace(item, meta=meta)


def _page(body: bytes, source: Source, base: str) -> list[ReadResult]:
    """A page source is one document, named by its URL: a new text replaces the old one in the store."""
    results = list(read_html(body, name=source.url, origin=base))
    return [dataclasses.replace(r, url=r.url or base) if isinstance(r, Document) else r for r in results]


class Watch:
    """The long-running mode: polls each source when its interval has passed (a restart waits out what
    is left of each interval since the stored last poll), until ``stop`` is set."""

    def __init__(self, settings: Settings, store: Store, *, coder: Callable[[], Coder], fetcher: Fetcher,
                 stop: threading.Event | None = None, on_pass: Callable[[PassReport], None] | None = None,
                 on_source: Callable[[SourceReport], None] | None = None) -> None:
        self.settings, self.store, self.coder, self.fetcher = settings, store, coder, fetcher
        self.stop = stop or threading.Event()
        self.on_pass, self.on_source = on_pass, on_source

    def run(self) -> None:
        state.create_tables(self.store.connection)
        due = {source.url: time.monotonic() + self._left(source) for source in self.settings.sources}
        while not self.stop.is_set():
            now = time.monotonic()
            ready = [source for source in self.settings.sources if due[source.url] <= now]
            if ready:
                report = poll_pass(self.settings, self.store, coder=self.coder, fetcher=self.fetcher, sources=ready,
                                   stop=self.stop, on_source=self.on_source)
                for done in report.sources:
                    due[done.source.url] = time.monotonic() + done.source.interval
                if self.on_pass:
                    self.on_pass(report)
                continue
            self.stop.wait(max(0.0, min(due.values()) - now))

    def _left(self, source: Source) -> float:
        """Seconds until the source is due, from its stored last poll (0 when never polled)."""
        row = self.store.connection.execute("SELECT last_poll FROM watch_sources WHERE url = ?",
                                            (source.url,)).fetchone()
        if not row or not row[0]:
            return 0.0
        last = datetime.strptime(row[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return max(0.0, source.interval - (datetime.now(UTC) - last).total_seconds())
