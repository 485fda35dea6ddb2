"""What the store remembers of a watch (``watch.sql``): each source's validators and health, the feed
items seen, the alerts fired. Every write is its own short transaction, so a watch stopped at any point
keeps what it had learnt up to there."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from importlib import resources

from communique.watch.fetch import Fetched
from communique.watch.sources import Source


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_tables(db: sqlite3.Connection) -> None:
    db.executescript(resources.files("communique.watch").joinpath("watch.sql").read_text("utf-8"))


def has_tables(db: sqlite3.Connection) -> bool:
    """Whether the store was ever watched (its readers answer empty otherwise)."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'watch_alerts'").fetchone()
    return found is not None


def source_state(db: sqlite3.Connection, source: Source) -> dict:
    """The stored state of ``source``, created on its first poll."""
    db.execute("INSERT OR IGNORE INTO watch_sources (url, name, kind) VALUES (?, ?, ?)",
               (source.url, source.name, source.kind))
    db.execute("UPDATE watch_sources SET name = ?, kind = ? WHERE url = ?", (source.name, source.kind, source.url))
    cursor = db.execute("SELECT * FROM watch_sources WHERE url = ?", (source.url,))
    return dict(zip([column[0] for column in cursor.description], cursor.fetchone(), strict=True))


def record_poll(db: sqlite3.Connection, source: Source, fetched: Fetched, *, error: str | None,
                documents: int) -> None:
    """A poll's outcome: new validators after a success, one more failure in a row after a failure (the
    validators stay: the next poll may still be answered 304)."""
    when = now()
    if error is None:
        db.execute("UPDATE watch_sources SET etag = ?, last_modified = ?, last_poll = ?, last_ok = ?, last_status = ?,"
                   " failures = 0, last_error = NULL, polls = polls + 1, documents = documents + ? WHERE url = ?",
                   (fetched.etag, fetched.last_modified, when, when, fetched.status, documents, source.url))
    else:
        db.execute("UPDATE watch_sources SET last_poll = ?, last_status = ?, failures = failures + 1,"
                   " last_error = ?, polls = polls + 1, documents = documents + ? WHERE url = ?",
                   (when, fetched.status, error, documents, source.url))


def seen_hashes(db: sqlite3.Connection, source: Source) -> dict[str, str]:
    return {row[0]: row[1] for row in db.execute("SELECT item_id, entry_hash FROM watch_items WHERE source = ?",
                                                 (source.url,))}


def mark_seen(db: sqlite3.Connection, source: Source, items: dict[str, str]) -> None:
    """Remember each item id with the hash of its entry (replacing an older hash)."""
    when = now()
    db.executemany("INSERT INTO watch_items (source, item_id, entry_hash, seen) VALUES (?, ?, ?, ?)"
                   " ON CONFLICT (source, item_id) DO UPDATE SET entry_hash = excluded.entry_hash",
                   [(source.url, item, hashed, when) for item, hashed in items.items()])


def list_sources(db: sqlite3.Connection) -> list[dict]:
    """Every source watched into this store, with its health: last poll, failures in a row, last error."""
    if not has_tables(db):
        return []
    cursor = db.execute("SELECT url, name, kind, last_poll, last_ok, last_status, failures, last_error, polls,"
                        " documents FROM watch_sources ORDER BY name, url")
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]
