"""Reads and writes of the SQLite store.

SQLite in WAL mode: one file, no server, readers never block the writer. Every write of a document
replaces what was stored under its id in one transaction, so re-ingesting is idempotent and a
crash leaves each document either wholly old or wholly new.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from communique.errors import CommuniqueError, store_missing
from communique.store import diplomacy

DEFAULT_DB = "communique.db"
SCHEMA_VERSION = 1

EVENT_COLUMNS = (
    "event_id", "doc_id", "date", "date_precision", "plover_type", "plover_mode", "cameo_code",
    "cameo_root", "goldstein", "quad_class", "actor_codes", "recipient_codes", "dyad", "place",
    "country", "negated", "modality", "trigger", "sentence", "sentence_start", "sentence_end",
    "confidence", "rule",
)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _codes(participants: list[dict]) -> str:
    return ";".join(sorted({p["code"] for p in participants if p.get("code")}))


def _dyad(event: dict) -> str | None:
    codes = sorted({p["code"] for p in event["actor"] + event["recipient"] if p.get("code")})
    return "-".join(codes) if len(codes) == 2 else None


class Store:
    """A communique store file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise store_missing(str(self.path))
        self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            schema = resources.files("communique.store").joinpath("schema.sql").read_text(encoding="utf-8")
            self.connection.executescript(schema)
            self.connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise CommuniqueError("E004", f"{self.path}: store schema version {version}; "
                                          f"this communique reads version {SCHEMA_VERSION}")
        diplomacy.create_tables(self.connection)  # the diplomacy layer's own tables (store/diplomacy.sql)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    # --- writes ---------------------------------------------------------------------------

    def stored_hashes(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """The text hash stored for each of ``doc_ids`` that is in the store."""
        ids = list(doc_ids)
        found: dict[str, str | None] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.connection.execute(
                f"SELECT doc_id, text_hash FROM documents WHERE doc_id IN ({marks})", chunk
            ):
                found[row["doc_id"]] = row["text_hash"]
        return found

    def write(self, records: Iterable[tuple[dict, str | None]]) -> int:
        """Store (record, text hash) pairs in one transaction; each replaces its document's old rows."""
        count = 0
        with self._transaction() as db:
            for record, hashed in records:
                db.execute("DELETE FROM documents WHERE doc_id = ?", (record["doc_id"],))
                db.execute(
                    "INSERT INTO documents (doc_id, status, reason, title, source, url, published, event_date,"
                    " text_hash, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (record["doc_id"], record["status"], record["reason"], record["title"], record["source"],
                     record["url"], record["published"], (record["event_date"] or {}).get("value"), hashed,
                     json.dumps(record, ensure_ascii=False)),
                )
                for event in record["events"]:
                    self._write_event(db, record["doc_id"], event)
                diplomacy.write_document(db, record)  # replaces the document's mechanisms, positions, commitments
                count += 1
        return count

    def _write_event(self, db: sqlite3.Connection, doc_id: str, event: dict) -> None:
        date = event.get("date") or {}
        location = event.get("location") or {}
        plover = event.get("plover") or {}
        evidence = event["evidence"]
        db.execute(
            f"INSERT OR REPLACE INTO events ({', '.join(EVENT_COLUMNS)}, record) "
            f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) + 1))})",
            (event["id"], doc_id, date.get("value"), date.get("precision"), plover.get("type"),
             plover.get("mode"), event["cameo"]["code"], event["cameo"]["root"], event["cameo"]["goldstein"],
             event["cameo"]["quad_class"], _codes(event["actor"]), _codes(event["recipient"]), _dyad(event),
             location.get("place"), location.get("country"), int(event["negated"]), event["modality"],
             evidence["trigger"], evidence["sentence"], evidence["start"], evidence["end"],
             event["confidence"], event["rule"], json.dumps(event, ensure_ascii=False)),
        )
        db.executemany(
            'INSERT INTO participants (event_id, role, code, sector, name, text, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(event["id"], role, p.get("code"), p.get("sector"), p.get("name"), p["text"], p["start"], p["end"])
             for role in ("actor", "recipient") for p in event[role]],
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self.connection)

    # --- reads ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        db = self.connection
        counts = {row["status"]: row["n"] for row in
                  db.execute("SELECT status, count(*) AS n FROM documents GROUP BY status")}
        return {
            "documents": sum(counts.values()),
            **{f"documents_{status}": counts.get(status, 0) for status in ("coded", "skipped", "failed")},
            "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
        }

    def events(self, *, dyad: str | None = None, actor: str | None = None, event_type: str | None = None,
               since: str | None = None, until: str | None = None, include_negated: bool = False,
               limit: int | None = 100, offset: int = 0) -> list[dict]:
        """Stored events, newest first, filtered. ``dyad`` is "CHN-RUS" (either order); ``actor`` a
        code that takes part on either side; dates are ISO prefixes compared as text."""
        return list(self.iter_events(dyad=dyad, actor=actor, event_type=event_type, since=since, until=until,
                                     include_negated=include_negated, limit=limit, offset=offset))

    def iter_events(self, *, dyad: str | None = None, actor: str | None = None, event_type: str | None = None,
                    since: str | None = None, until: str | None = None, include_negated: bool = True,
                    limit: int | None = None, offset: int = 0) -> Iterator[dict]:
        where, params = [], []
        if dyad:
            codes = [code.strip().upper() for code in dyad.replace(",", "-").split("-") if code.strip()]
            if len(codes) != 2:
                raise CommuniqueError("E003", f"a dyad is two codes joined by '-', like CHN-RUS (got {dyad!r})")
            for code in codes:
                where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.event_id AND p.code = ?)")
                params.append(code)
        if actor:
            where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.event_id AND p.code = ?)")
            params.append(actor.upper())
        if event_type:
            if event_type.isdigit():
                where.append("e.cameo_code LIKE ?")
                params.append(event_type + "%")
            else:
                where.append("e.plover_type = ?")
                params.append(event_type.upper())
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("substr(e.date, 1, length(?)) <= ?")
            params += [until, until]
        if not include_negated:
            where.append("e.negated = 0")
        sql = (f"SELECT e.*, d.title, d.url, d.source FROM events e JOIN documents d USING (doc_id)"
               f"{' WHERE ' + ' AND '.join(where) if where else ''}"
               f" ORDER BY e.date DESC, e.doc_id, e.sentence_start, e.event_id")
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        for row in self.connection.execute(sql, params):
            yield dict(row)

    def documents(self) -> Iterator[dict]:
        for row in self.connection.execute("SELECT record FROM documents ORDER BY doc_id"):
            yield json.loads(row["record"])


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a batch is stored whole or not at all."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, exc_type: type | None, *rest: object) -> None:
        self.connection.execute("ROLLBACK" if exc_type else "COMMIT")


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    return Store(path or DEFAULT_DB, create=create)
