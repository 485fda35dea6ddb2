"""Analyst corrections: fixes of the machine's coding that outlive re-coding.

A correction is stored apart from the coding (table ``corrections``, ``corrections.sql``): who, when,
why, and the fields it changes, any of

    plover     a PLOVER type, or None: "not an event" (the event leaves every list, timeline and export)
    cameo      a CAMEO code (its root, Goldstein score and quad class follow)
    actor      a list of codes          recipient  a list of codes
    date       YYYY, YYYY-MM or YYYY-MM-DD
    place      a place name (located with the gazetteer when it knows it)

It is anchored to the evidence of one mention of the event: its document, its sentence (as text, since
offsets move when a document changes) and its trigger. Whenever a document is stored again (re-ingest, a
new version of it, a new coder), the corrections anchored in it look for that mention again and follow
its event, whatever id the event has now; when no mention of that document has that sentence and
trigger any more, the correction is orphaned, with the reason, and applies to nothing until it is found
again. The store applies corrections as it builds each event from its mentions (``Store._recount``), so
the events table, its indexes and the timeline rollup hold the corrected values, with ``corrected`` = 1,
and every read and export sees them; the machine's coding stays in the mentions (``machine_event``).
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.errors import CommuniqueError
from communique.store import dedup

if TYPE_CHECKING:
    from communique.store.db import Store

FIELDS = ("plover", "cameo", "actor", "recipient", "date", "place")
COLUMNS = ("correction_id", "event_id", "doc_id", "mention_id", "sentence", "trigger", "rule", "changes", "author",
           "note", "created_at", "orphaned")
_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
PRECISIONS = {4: "year", 7: "month", 10: "day"}


def create_tables(connection: sqlite3.Connection) -> None:
    """The corrections table, and the events' ``corrected`` column (added to stores made before it)."""
    connection.executescript(resources.files("communique.store").joinpath("corrections.sql").read_text("utf-8"))
    columns = {row[1] for row in connection.execute("PRAGMA table_info(events)")}
    if "corrected" not in columns:
        try:
            connection.execute("ALTER TABLE events ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0")
        except sqlite3.OperationalError as error:  # another connection added it in the meantime
            if "duplicate column" not in str(error):
                raise


def _bad(message: str) -> CommuniqueError:
    return CommuniqueError("E043", message)


def _codes(value: Any, name: str) -> list[str]:
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _bad(f"{name} is a list of actor codes, like [\"CHN\", \"RUS\"] (got {value!r})")
    codes = []
    for item in items:
        code = str(item).strip().upper()
        if not _CODE.match(code):
            raise _bad(f"{name}: {item!r} is not an actor code (letters and digits, like CHN or UNO)")
        codes.append(code)
    return sorted(set(codes))


def _place(value: Any) -> dict | None:
    """A place name -> {place, country, lat, lon}, located with the gazetteer when it knows the name."""
    if value is None:
        return None
    if isinstance(value, dict) and isinstance(value.get("place"), str):  # already located (an import)
        return {key: value.get(key) for key in ("place", "country", "lat", "lon")}
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise _bad(f"place is a place name (got {value!r})")
    from communique.when_where.places import gazetteer

    name = " ".join(value.split())
    places = gazetteer()
    found = places.city(name)
    if found is None and (iso3 := places.country_of_name(name)):
        found = places.country(iso3)
    if found is None:
        return {"place": name, "country": None, "lat": None, "lon": None}
    return {"place": name, "country": found["country"], "lat": found["lat"], "lon": found["lon"]}


def check_changes(raw: Any) -> dict:
    """The fields a correction changes, checked and normalized ([E043] naming what is wrong)."""
    if not isinstance(raw, dict):
        raise _bad(f"a correction is an object of fields to change ({', '.join(FIELDS)})")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise _bad(f"a correction cannot change {', '.join(unknown)}; it changes {', '.join(FIELDS)}")
    if not raw:
        raise _bad(f"a correction changes at least one of {', '.join(FIELDS)} (plover null: not an event)")
    changes: dict[str, Any] = {}
    if "plover" in raw:
        from communique.store.query import PLOVER_TYPES

        value = raw["plover"]
        if value is not None and (not isinstance(value, str) or value.strip().upper() not in PLOVER_TYPES):
            raise _bad(f"plover is one of {', '.join(sorted(PLOVER_TYPES))}, or null for not an event "
                       f"(got {value!r})")
        changes["plover"] = value.strip().upper() if value is not None else None
    if "cameo" in raw:
        from communique.events.lexicon import load_cameo

        value = str(raw["cameo"] or "").strip()
        if value not in load_cameo():
            raise _bad(f"cameo is a CAMEO event code like 046 (got {raw['cameo']!r})")
        changes["cameo"] = value
    for side in ("actor", "recipient"):
        if side in raw:
            changes[side] = _codes(raw[side] if raw[side] is not None else [], side)
    if "date" in raw:
        from communique.store.query import check_date

        changes["date"] = check_date("date", str(raw["date"])) if raw["date"] is not None else None
    if "place" in raw:
        changes["place"] = _place(raw["place"])
    return changes


def apply_changes(row: dict, changes: dict) -> dict | None:
    """An event row with the changes made (``corrected`` = 1); None when they say it is not an event."""
    if "plover" in changes and changes["plover"] is None:
        return None
    row = {**row, "corrected": 1}
    if "plover" in changes and changes["plover"] != row["plover_type"]:
        row["plover_type"], row["plover_mode"] = changes["plover"], None  # the old mode may not be one of it
    if "cameo" in changes:
        from communique.events.lexicon import load_cameo

        code = load_cameo()[changes["cameo"]]
        row.update(cameo_code=code.code, cameo_root=code.root, goldstein=code.goldstein, quad_class=code.quad_class)
    if "actor" in changes or "recipient" in changes:
        for side in ("actor", "recipient"):
            if side in changes:
                row[f"{side}_codes"] = ";".join(changes[side])
        codes = {c for side in ("actor_codes", "recipient_codes") for c in row[side].split(";") if c}
        row["dyad"] = dedup.dyad(codes)
    if "date" in changes:
        row["date"] = changes["date"]
        row["date_precision"] = PRECISIONS.get(len(changes["date"] or ""))
    if "place" in changes:
        place = changes["place"] or {}
        row.update(place=place.get("place"), country=place.get("country"), lat=place.get("lat"),
                   lon=place.get("lon"))
    return row


def apply(db: sqlite3.Connection, rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Event rows built from mentions, with the corrections that apply to them; and the ids of those
    corrected to "not an event". Later corrections of a field win over earlier ones."""
    changes: dict[str, dict] = defaultdict(dict)
    ids = [row["event_id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for event_id, text in db.execute(
            f"SELECT event_id, changes FROM corrections WHERE orphaned IS NULL AND event_id IN "
            f"({','.join('?' * len(chunk))}) ORDER BY created_at, correction_id", chunk
        ):
            changes[event_id].update(json.loads(text))
    kept, dismissed = [], []
    for row in rows:
        fixed = apply_changes(row, changes[row["event_id"]]) if row["event_id"] in changes else {**row, "corrected": 0}
        if fixed is None:
            dismissed.append(row["event_id"])
        else:
            kept.append(fixed)
    return kept, dismissed


# --- anchors ------------------------------------------------------------------------------------------


def _anchor(db: sqlite3.Connection, event_id: str) -> sqlite3.Row:
    """The mention a new correction of the event is anchored to: the representative one, else the most
    confident; [E044] for an event with no stored mention (unknown, or imported without evidence)."""
    best = db.execute(
        "SELECT m.mention_id, m.doc_id, m.sentence, m.trigger, m.rule FROM mentions m "
        "LEFT JOIN events e ON e.mention_id = m.mention_id WHERE m.event_id = ? "
        "ORDER BY e.mention_id IS NULL, m.confidence DESC, m.doc_id, m.sentence_start LIMIT 1", (event_id,)
    ).fetchone()
    if best is None:
        if db.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone():
            raise CommuniqueError("E044", f"event {event_id} was imported without its evidence: a correction "
                                          "needs a stored mention to anchor to")
        raise CommuniqueError("E044", f"no event {event_id!r} in the store")
    return best


def _find(db: sqlite3.Connection, correction: sqlite3.Row) -> sqlite3.Row | None:
    """The mention a correction is anchored to now: in its document, with its trigger and its sentence
    (the same mention id, then the same rule, first); else one whose sentence still holds the whole
    anchored sentence (a new version joined text to it: "... in peace. This readout was updated.").
    None when there is none."""
    candidates = db.execute(
        "SELECT mention_id, event_id, sentence, rule FROM mentions WHERE doc_id = ? AND trigger = ?",
        (correction["doc_id"], correction["trigger"])).fetchall()
    anchored = " ".join(correction["sentence"].split())

    def rank(mention: sqlite3.Row) -> int | None:
        if mention["sentence"] == correction["sentence"]:
            if mention["mention_id"] == correction["mention_id"]:
                return 0
            return 1 if mention["rule"] == correction["rule"] else 2
        return 3 if anchored in " ".join(mention["sentence"].split()) else None

    ranked = sorted((score, m["mention_id"], m) for m in candidates if (score := rank(m)) is not None)
    return ranked[0][2] if ranked else None


def reanchor(db: sqlite3.Connection, doc_ids: Iterable[str]) -> set[str]:
    """After documents are stored again: each correction anchored in them follows its mention to the
    event it is in now, or is orphaned. Returns the events to rebuild (the ones left and the ones joined)."""
    touched: set[str] = set()
    ids = sorted(set(doc_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for correction in db.execute(
            f"SELECT * FROM corrections WHERE doc_id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall():
            found = _find(db, correction)
            if found is None:
                reason = (f"no mention in {correction['doc_id']} has its sentence (or one holding it) and the trigger "
                          f"\u201c{correction['trigger']}\u201d any more")
                db.execute("UPDATE corrections SET orphaned = ? WHERE correction_id = ?",
                           (reason, correction["correction_id"]))
                touched.add(correction["event_id"])
                continue
            db.execute("UPDATE corrections SET event_id = ?, mention_id = ?, orphaned = NULL WHERE correction_id = ?",
                       (found["event_id"], found["mention_id"], correction["correction_id"]))
            touched |= {correction["event_id"], found["event_id"]}
    return touched


# --- writes and reads ---------------------------------------------------------------------------------


def _created_at() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_correction(store: Store, event_id: str, changes: Any, *, author: str, note: str | None = None) -> dict:
    """Correct an event: store the correction, anchored to the event's representative mention, and
    rebuild the event with it. Returns the stored correction."""
    changes = check_changes(changes)
    author = " ".join(str(author or "").split())[:100]
    if not author:
        raise _bad("a correction says who made it (author)")
    with store._transaction() as db:
        anchor = _anchor(db, event_id)
        cursor = db.execute(
            "INSERT INTO corrections (event_id, doc_id, sentence, trigger, rule, mention_id, changes, author, note,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, anchor["doc_id"], anchor["sentence"], anchor["trigger"], anchor["rule"], anchor["mention_id"],
             json.dumps(changes, ensure_ascii=False), author, (note or "").strip() or None, _created_at()))
        store._recount(db, {event_id})  # the event, rebuilt with its corrections
        correction_id = cursor.lastrowid
    return list_corrections(store, correction_id=correction_id)[0]


def list_corrections(store: Store | sqlite3.Connection, *, event_id: str | None = None,
                     orphaned: bool | None = None, correction_id: int | None = None,
                     limit: int | None = None, offset: int = 0) -> list[dict]:
    """Stored corrections, newest first: of one event, or only the orphaned (True) or applied (False)."""
    db = store.connection if not isinstance(store, sqlite3.Connection) else store
    terms, params = [], []
    if event_id:
        terms.append("event_id = ?")
        params.append(event_id)
    if orphaned is not None:
        terms.append("orphaned IS NOT NULL" if orphaned else "orphaned IS NULL")
    if correction_id is not None:
        terms.append("correction_id = ?")
        params.append(correction_id)
    sql = (f"SELECT {', '.join(COLUMNS)} FROM corrections{' WHERE ' + ' AND '.join(terms) if terms else ''}"
           " ORDER BY created_at DESC, correction_id DESC")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    rows = []
    for row in db.execute(sql, params):
        item = dict(zip(COLUMNS, row, strict=True))
        item["changes"] = json.loads(item["changes"])
        rows.append(item)
    return rows


def import_corrections(store: Store, path: str | Path) -> tuple[int, int]:
    """Read corrections written by ``communique corrections --format jsonl`` (or csv) into ``store``:
    each is anchored by its document, sentence and trigger, so it finds its event in another store that
    holds the same documents (else it is orphaned). Returns (added, already there)."""
    rows = list(_read(Path(path)))
    added = present = 0
    with store._transaction() as db:
        for number, row in enumerate(rows, 1):
            missing = [key for key in ("doc_id", "sentence", "trigger", "changes", "author") if not row.get(key)]
            if missing:
                raise CommuniqueError("E045", f"{path}: row {number} is not a correction (no {', '.join(missing)})")
            try:
                changes = check_changes(row["changes"])
            except CommuniqueError as error:
                raise CommuniqueError("E045", f"{path}: row {number}: {error}") from None
            key = (row["doc_id"], row["sentence"], row["trigger"], json.dumps(changes, ensure_ascii=False),
                   row["author"], row.get("created_at") or "")
            if db.execute("SELECT 1 FROM corrections WHERE doc_id = ? AND sentence = ? AND trigger = ? AND changes = ?"
                          " AND author = ? AND created_at = ?", key).fetchone():
                present += 1
                continue
            db.execute(
                "INSERT INTO corrections (event_id, doc_id, sentence, trigger, rule, mention_id, changes, author,"
                " note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.get("event_id") or "", row["doc_id"], row["sentence"], row["trigger"], row.get("rule"),
                 row.get("mention_id"), key[3], row["author"], row.get("note") or None,
                 row.get("created_at") or _created_at()))
            added += 1
        store._recount(db, reanchor(db, {row["doc_id"] for row in rows}))
    return added, present


def _read(path: Path) -> Iterator[dict]:
    if not path.exists():
        raise CommuniqueError("E045", f"no corrections file at {path}")
    if path.suffix.lower() == ".csv":
        import csv

        from communique.csv_cells import uncell

        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), 1):
                row = {key: uncell(value) for key, value in row.items()}
                try:
                    row["changes"] = json.loads(row.get("changes") or "null")
                except json.JSONDecodeError:
                    raise CommuniqueError("E045", f"{path}: row {number}: changes is not JSON") from None
                yield row
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise CommuniqueError("E045", f"{path}:{number}: not JSON ({error.msg})") from None
                if not isinstance(row, dict):
                    raise CommuniqueError("E045", f"{path}:{number}: not a correction")
                yield row
