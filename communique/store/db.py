"""Writes of the SQLite store; the reads are in ``communique.store.query``.

SQLite in WAL mode: one file, no server, readers never block the writer (bench/store_bench.py
measures it). Each write batch is one transaction: every document in it replaces what was stored
under its id, its mentions are keyed into events (``communique.store.dedup``) and the events they
touch are recounted from their mentions, so re-ingesting is idempotent and a crash leaves the store
as it was after the last whole batch.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from communique.errors import CommuniqueError, storage_error, store_missing
from communique.store import corrections, dedup, diplomacy

DEFAULT_DB = "communique.db"
SCHEMA_VERSION = 2

MENTION_COLUMNS = (
    "mention_id", "event_id", "doc_id", "date", "date_precision", "plover_type", "plover_mode", "cameo_code",
    "cameo_root", "goldstein", "quad_class", "actor_codes", "recipient_codes", "place", "country", "lat", "lon",
    "negated", "modality", "trigger", "sentence", "sentence_start", "sentence_end", "confidence", "rule", "record",
)
EVENT_COLUMNS = (
    "event_id", "date", "date_precision", "plover_type", "plover_mode", "cameo_code", "cameo_root", "goldstein",
    "quad_class", "actor_codes", "recipient_codes", "dyad", "place", "country", "lat", "lon", "negated",
    "modality", "num_mentions", "num_sources", "num_articles", "num_documents", "mention_id", "doc_id",
    "trigger", "sentence", "confidence", "rule", "url", "source", "title", "first_seen",
    "corrected",  # 1: an analyst's correction changed it (communique.store.corrections)
)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _codes(participants: list[dict]) -> str:
    return ";".join(sorted({p["code"] for p in participants if p.get("code")}))


class Store:
    """A communique store file. Use as a context manager, or call ``close()``.

    Another layer (such as the diplomacy tables) extends the store by adding its SQL file to
    ``SCHEMA_FILES`` and a call in ``_write_record``; its rows go with their document when they
    reference ``documents(doc_id) ON DELETE CASCADE``.
    """

    SCHEMA_FILES: tuple[str, ...] = ("schema.sql",)

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise store_missing(str(self.path))
        try:
            self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA journal_mode=WAL")
            version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as error:  # cannot open or lock it: a read-only folder, a busy file
            raise storage_error(error, self.path) from None
        except sqlite3.DatabaseError as error:
            if "malformed" in str(error):  # a store, damaged
                raise storage_error(error, self.path) from None
            raise CommuniqueError("E007", f"{self.path} is not a communique store ({error})") from None
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        if version == 0:
            self._create()
        elif version == 1:
            raise CommuniqueError(
                "E004", f"{self.path} is a version 1 store (one row per mention, no dedup); this communique "
                        f"reads version {SCHEMA_VERSION}: ingest the same inputs into a new file "
                        f"(communique ingest --db new.db ...) or delete {self.path} and ingest again")
        elif version != SCHEMA_VERSION:
            raise CommuniqueError("E004", f"{self.path}: store schema version {version}; "
                                          f"this communique reads version {SCHEMA_VERSION}")
        diplomacy.create_tables(self.connection)  # the diplomacy layer's own tables (store/diplomacy.sql)
        corrections.create_tables(self.connection)  # analysts' corrections (store/corrections.sql)

    def _create(self) -> None:
        scripts = [resources.files("communique.store").joinpath(name).read_text(encoding="utf-8")
                   for name in self.SCHEMA_FILES]
        # One transaction: a store is created whole, and marked with its version, or not at all.
        self.connection.executescript("BEGIN IMMEDIATE;\n" + "\n".join(scripts)
                                      + f"\nPRAGMA user_version={SCHEMA_VERSION};\nCOMMIT;")

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

    def family_with_hash(self, family: str, hashed: str) -> list[str]:
        """The stored ids of ``family`` ("x", "x#2", "x#2#3", ...) whose text has the hash ``hashed``."""
        rows = self.connection.execute(
            "SELECT doc_id FROM documents WHERE (doc_id = ? OR (doc_id >= ? AND doc_id < ?)) AND text_hash = ? "
            "ORDER BY doc_id", (family, family + "#", family + "$", hashed))  # "$" follows "#": a prefix range
        return [row["doc_id"] for row in rows]

    def write(self, items: Iterable[tuple[dict, str | None]]) -> int:
        """Store (record, document text) pairs in one transaction; each replaces its document's old
        rows, and every event they touch is recounted. The text is None for unreadable inputs."""
        count = 0
        with self._transaction() as db:
            touched: set[str] = set()
            written: set[str] = set()
            for record, text in items:
                count += 1
                if record["status"] != "coded" and self._keeps_stored(db, record, text):
                    continue
                touched |= self._delete_document(db, record["doc_id"])
                touched |= self._write_record(db, record, text)
                diplomacy.write_document(db, record)  # replaces the document's mechanisms, positions, commitments
                written.add(record["doc_id"])
            touched |= corrections.reanchor(db, written)  # corrections follow their mentions to today's events
            self._recount(db, touched)
        return count

    def _keeps_stored(self, db: sqlite3.Connection, record: dict, text: str | None) -> bool:
        """A document that could not be read or coded this time (emptied, truncated, unreadable: often a
        passing fault) never replaces its coded version, and one that could not be read (no text) never
        replaces any stored text (a document the coder skipped keeps its text too): the attempt is
        noted in the document's ``reason`` and its events stay. Returns whether a stored version was kept."""
        note = f"last re-read {record['status']}: {record['reason']}; the stored version is kept"
        kept = db.execute("UPDATE documents SET reason = CASE WHEN status = 'coded' THEN ? "
                          "ELSE json_extract(record, '$.reason') || '; ' || ? END "
                          "WHERE doc_id = ? AND (status = 'coded' OR (? AND text IS NOT NULL))",
                          (note, note, record["doc_id"], text is None))
        return kept.rowcount > 0

    def _delete_document(self, db: sqlite3.Connection, doc_id: str) -> set[str]:
        """Delete a document and its mentions (cascade); returns the events they counted in."""
        old = {row[0] for row in db.execute("SELECT DISTINCT event_id FROM mentions WHERE doc_id = ?", (doc_id,))}
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return old

    def _write_record(self, db: sqlite3.Connection, record: dict, text: str | None) -> set[str]:
        """Write one contract record: its document and its mentions; returns the events they count in."""
        doc_id = record["doc_id"]
        hashed = text_hash(text) if text is not None else None
        db.execute(
            "INSERT INTO documents (doc_id, status, reason, title, source, url, outlet, published, event_date,"
            " text_hash, text, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, record["status"], record["reason"], record["title"], record["source"], record["url"],
             dedup.outlet(record["source"], record["url"], doc_id), record["published"],
             (record["event_date"] or {}).get("value"), hashed, text, json.dumps(record, ensure_ascii=False)),
        )
        return {self._write_mention(db, doc_id, hashed, event) for event in record["events"]}

    def _write_mention(self, db: sqlite3.Connection, doc_id: str, hashed: str | None, event: dict) -> str:
        date = event.get("date") or {}
        location = event.get("location") or {}
        plover = event.get("plover") or {}
        evidence = event["evidence"]
        event_id = dedup.event_id(dedup.event_key(event, text_hash=hashed, doc_id=doc_id))
        db.execute("DELETE FROM participants WHERE mention_id = ?", (event["id"],))
        db.execute(
            f"INSERT OR REPLACE INTO mentions ({', '.join(MENTION_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(MENTION_COLUMNS))})",
            (event["id"], event_id, doc_id, date.get("value"), date.get("precision"), plover.get("type"),
             plover.get("mode"), event["cameo"]["code"], event["cameo"]["root"], event["cameo"]["goldstein"],
             event["cameo"]["quad_class"], _codes(event["actor"]), _codes(event["recipient"]),
             location.get("place"), location.get("country"), location.get("lat"), location.get("lon"),
             int(event["negated"]), event["modality"], evidence["trigger"], evidence["sentence"],
             evidence["start"], evidence["end"], event["confidence"], event["rule"],
             json.dumps(event, ensure_ascii=False)),
        )
        people = [(role, p) for role in ("actor", "recipient") for p in event[role]]
        db.executemany(
            'INSERT INTO participants (mention_id, role, code, sector, name, text, start, "end") '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(event["id"], role, p.get("code"), p.get("sector"), p.get("name"), p["text"], p["start"], p["end"])
             for role, p in people],
        )
        db.executemany("INSERT OR IGNORE INTO actors (code, sector, name) VALUES (?, ?, ?)",
                       [(p["code"], p.get("sector") or "", p.get("name") or "") for _, p in people if p.get("code")])
        return event_id

    def _recount(self, db: sqlite3.Connection, event_ids: set[str]) -> None:
        """Rebuild the given events from their stored mentions and the corrections that apply to them;
        drop those left without any mention (unless they were imported) or corrected to not an event."""
        ids = sorted(event_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            machine = machine_events(db, chunk)
            imported = {row[0] for row in db.execute(
                f"SELECT event_id FROM events WHERE event_id IN ({marks}) AND imported = 1", chunk)}
            gone = [event_id for event_id in chunk if event_id not in machine and event_id not in imported]
            rows, dismissed = corrections.apply(db, list(machine.values()))
            self._replace_events(db, rows, removed=gone + dismissed)

    def _replace_events(self, db: sqlite3.Connection, rows: list[dict], *, removed: Iterable[str] = (),
                        imported: bool = False) -> None:
        """Replace whole event rows (``EVENT_COLUMNS``) and delete ``removed``, keeping the actor and
        dyad index tables and the timeline rollup in step."""
        ids = [row["event_id"] for row in rows] + list(removed)
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        old = [dict(row) for row in db.execute(f"SELECT * FROM events WHERE event_id IN ({marks})", ids)]
        _rollup(db, old, -1)
        for table in ("events", "event_actors", "event_pairs"):
            db.execute(f"DELETE FROM {table} WHERE event_id IN ({marks})", ids)
        db.executemany(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}, imported) "
            f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))}, {int(imported)})",
            [tuple(row[column] for column in EVENT_COLUMNS) for row in rows],
        )
        for row in rows:
            codes, date = _event_codes(row), row["date"] or ""
            db.executemany("INSERT INTO event_actors (code, date, event_id) VALUES (?, ?, ?)",
                           [(code, date, row["event_id"]) for code in sorted(codes)])
            db.executemany("INSERT INTO event_pairs (dyad, date, event_id) VALUES (?, ?, ?)",
                           [(pair, date, row["event_id"]) for pair in dedup.pairs(codes)])
        _rollup(db, rows, +1)

    def import_events(self, rows: Iterable[dict]) -> tuple[int, int]:
        """Load exported event rows in one transaction. An event already counted from stored mentions
        is kept as it is (evidence wins); returns (imported, kept)."""
        imported = kept = 0
        with self._transaction() as db:
            batch: list[dict] = []
            for row in rows:
                if db.execute("SELECT 1 FROM mentions WHERE event_id = ? LIMIT 1", (row["event_id"],)).fetchone():
                    kept += 1
                    continue
                batch.append(row)
                if len(batch) >= 500:
                    self._replace_events(db, batch, imported=True)
                    imported += len(batch)
                    batch = []
            self._replace_events(db, batch, imported=True)
            imported += len(batch)
        return imported, kept

    def _transaction(self) -> _Transaction:
        return _Transaction(self.connection)


def machine_events(db: sqlite3.Connection, event_ids: list[str]) -> dict[str, dict]:
    """The machine's coding of each of the events (at most 500) that has stored mentions, built from
    them without any correction."""
    mentions: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in db.execute(
        "SELECT m.*, d.outlet, d.text_hash, d.url, d.source, d.title, d.published, d.ingested_at "
        f"FROM mentions m JOIN documents d USING (doc_id) WHERE m.event_id IN ({','.join('?' * len(event_ids))})",
        event_ids,
    ):
        mentions[row["event_id"]].append(row)
    return {event_id: _event_row(rows) for event_id, rows in mentions.items()}


def _event_codes(row: dict) -> set[str]:
    return {code for field in ("actor_codes", "recipient_codes") for code in row[field].split(";") if code}


def _timeline_subjects(codes: set[str]) -> list[str]:
    """What a timeline can be asked for: each code, and each dyad."""
    return sorted(codes) + dedup.pairs(codes)


def _rollup(db: sqlite3.Connection, rows: list[dict], sign: int) -> None:
    """Add (+1) or take away (-1) the events' contributions to ``timeline_days``. Events with no year
    (undated, or "--09-19") are in no timeline."""
    deltas: dict[tuple, list] = defaultdict(lambda: [0, 0, 0.0, 0, 0, 0, 0])
    for row in rows:
        date = row["date"] or ""
        if not date[:4].isdigit():
            continue
        for subject in _timeline_subjects(_event_codes(row)):
            delta = deltas[(subject, date, int(row["negated"]), row["modality"])]
            delta[0] += sign
            delta[1] += sign * row["num_mentions"]
            delta[2] += sign * row["goldstein"]
            delta[2 + row["quad_class"]] += sign
    if not deltas:
        return
    db.executemany(
        "INSERT INTO timeline_days (subject, day, negated, modality, events, mentions, goldstein_sum, quad1, quad2,"
        " quad3, quad4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject, day, negated, modality)"
        " DO UPDATE SET events = events + excluded.events, mentions = mentions + excluded.mentions,"
        " goldstein_sum = goldstein_sum + excluded.goldstein_sum, quad1 = quad1 + excluded.quad1,"
        " quad2 = quad2 + excluded.quad2, quad3 = quad3 + excluded.quad3, quad4 = quad4 + excluded.quad4",
        [(*key, *delta) for key, delta in deltas.items()],
    )
    db.executemany("DELETE FROM timeline_days WHERE subject = ? AND day = ? AND negated = ? AND modality = ?"
                   " AND events <= 0", list(deltas))


def _event_row(rows: list[sqlite3.Row]) -> dict:
    """One event from its mentions: the representative mention (most confident, then earliest
    published, then by document and position) gives the fields; all of them give the counts."""
    best = min(rows, key=lambda r: (-r["confidence"], r["published"] or "~", r["doc_id"], r["sentence_start"],
                                    r["mention_id"]))
    codes = set().union(*(_event_codes(row) for row in rows))
    return {
        **{column: best[column] for column in (
            "event_id", "date", "date_precision", "plover_type", "plover_mode", "cameo_code", "cameo_root",
            "goldstein", "quad_class", "actor_codes", "recipient_codes", "place", "country", "lat", "lon",
            "negated", "modality", "mention_id", "doc_id", "trigger", "sentence", "confidence", "rule", "url",
            "source", "title")},
        "dyad": dedup.dyad(codes),
        "num_mentions": len(rows),
        "num_sources": len({row["outlet"] for row in rows}),
        "num_articles": len({row["text_hash"] or row["doc_id"] for row in rows}),
        "num_documents": len({row["doc_id"] for row in rows}),
        "first_seen": min(row["ingested_at"] for row in rows),
        "corrected": 0,
    }


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a batch is stored whole or not at all."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, exc_type: type | None, *rest: object) -> None:
        if not exc_type:
            self.connection.execute("COMMIT")
            return
        if self.connection.in_transaction:  # a full disk may already have ended it; the first error is the news
            self.connection.execute("ROLLBACK")


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    return Store(path or DEFAULT_DB, create=create)
