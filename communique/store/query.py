"""Every read of the store, as plain functions: a store (or connection) and keyword filters in, plain
dicts and lists out. The CLI calls them, and so will the HTTP API and the dashboard.

Filters are values bound to SQL parameters, never SQL text; sort orders come from a fixed table.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from communique.errors import CommuniqueError
from communique.store import corrections
from communique.store.db import EVENT_COLUMNS, Store, machine_events
from communique.store.like import escape_like

SORTS = {  # {date} is the date column of the table that drives the query (see _source)
    "date": "{date}, e.event_id", "-date": "{date} DESC, e.event_id DESC",
    "mentions": "e.num_mentions, e.event_id", "-mentions": "e.num_mentions DESC, e.event_id",
    "sources": "e.num_sources, e.event_id", "-sources": "e.num_sources DESC, e.event_id",
    "goldstein": "e.goldstein, e.event_id", "-goldstein": "e.goldstein DESC, e.event_id",
    "confidence": "e.confidence, e.event_id", "-confidence": "e.confidence DESC, e.event_id",  # review queue
}
UNITS = ("day", "week", "month", "year")
MODALITIES = ("asserted", "future", "hypothetical")
_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
# The fields of an event that are its coding (what a correction can change), as against its counts
CODING_COLUMNS = ("date", "date_precision", "plover_type", "plover_mode", "cameo_code", "cameo_root", "goldstein",
                  "quad_class", "actor_codes", "recipient_codes", "dyad", "place", "country", "lat", "lon")


def _db(store: Store | sqlite3.Connection) -> sqlite3.Connection:
    db = store.connection if isinstance(store, Store) else store
    db.row_factory = sqlite3.Row
    return db


def _code(code: str) -> str:
    code = code.strip().upper()
    if not _CODE.match(code):
        raise CommuniqueError("E003", f"{code!r} is not an actor code (letters and digits, like CHN or UNO)")
    return code


def parse_dyad(dyad: str | list[str] | tuple[str, ...]) -> str:
    """"CHN-RUS", "rus,chn" or ["CHN", "RUS"] -> "CHN-RUS" (sorted: a dyad has no direction)."""
    parts = dyad if isinstance(dyad, list | tuple) else re.split(r"[-,\s]+", dyad)
    codes = [_code(code) for code in parts if code.strip()]
    if len(codes) != 2 or codes[0] == codes[1]:
        raise CommuniqueError("E003", f"a dyad is two different codes joined by '-', like CHN-RUS (got {dyad!r})")
    return "-".join(sorted(codes))


PLOVER_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_date(name: str, value: str) -> str:
    """A date filter as given ("2023", "2023-09", "2023-09-19"), or [E008] when it is no such date:
    "2021-13-01" would otherwise compare as text and quietly select something."""
    value = value.strip()
    if not _DAY.fullmatch(value):
        raise CommuniqueError("E008", f"{name} is a date as YYYY, YYYY-MM or YYYY-MM-DD (got {value!r})")
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise CommuniqueError("E008", f"{name}: {value!r} is no date in the calendar") from None
    return value


def check_type(value: str) -> str:
    """A PLOVER type (any case) or a CAMEO code prefix of 1-4 digits; [E008] for anything else."""
    value = value.strip()
    if value.isdigit() and 1 <= len(value) <= 4:
        return value
    if value.upper() in PLOVER_TYPES:
        return value.upper()
    raise CommuniqueError("E008", f"type is a PLOVER type ({', '.join(sorted(PLOVER_TYPES))}) or a CAMEO code "
                                  f"prefix like 04 (got {value!r})")


def _like(text: str) -> str:
    return "%" + escape_like(text) + "%"


def known_code(db: sqlite3.Connection, code: str) -> str:
    """An actor code that some stored event has, or [E008]: a code never seen would only give an empty
    result that looks like an answer ("XYZ" for "XYX", "UK" for "GBR")."""
    code = _code(code)
    if db.execute("SELECT 1 FROM event_actors WHERE code = ? LIMIT 1", (code,)).fetchone() is None:
        raise CommuniqueError("E008", f"no stored event has the actor code {code} (`communique actors` lists "
                                      "the codes in the store)")
    return code


def known_dyad(db: sqlite3.Connection, dyad: str | list[str] | tuple[str, ...]) -> str:
    """``parse_dyad``, both of whose codes some stored event has ([E008] otherwise)."""
    pair = parse_dyad(dyad)
    for code in pair.split("-"):
        known_code(db, code)
    return pair


def _source(db: sqlite3.Connection, dyad: str | list[str] | None,
            actor: str | None) -> tuple[str, str, list[str], list[Any]]:
    """FROM clause, date column, WHERE terms and parameters for the dyad and actor filters. A dyad or
    an actor drives the query from its (key, date) index, so that "the newest 50" reads 50 rows."""
    if dyad:
        terms, params = ["k.dyad = ?"], [known_dyad(db, dyad)]
        if actor:
            terms.append("e.event_id IN (SELECT event_id FROM event_actors WHERE code = ?)")
            params.append(known_code(db, actor))
        return "event_pairs k JOIN events e ON e.event_id = k.event_id", "k.date", terms, params
    if actor:
        return ("event_actors k JOIN events e ON e.event_id = k.event_id", "k.date", ["k.code = ?"],
                [known_code(db, actor)])
    return "events e", "e.date", [], []


def _event_filters(db: sqlite3.Connection, *, dyad: str | list[str] | None = None, actor: str | None = None,
                   type: str | None = None,
                   quad_class: int | None = None, since: str | None = None, until: str | None = None,
                   q: str | None = None, negated: bool | None = False, modality: str | None = None,
                   min_confidence: float | None = None, corrected: bool | None = None, place: str | None = None,
                   ) -> tuple[str, str, list[str], list[Any]]:
    """FROM clause, date column, WHERE terms (over events ``e``) and their parameters."""
    source, date, where, params = _source(db, dyad, actor)
    if min_confidence is not None:  # the analyst's threshold: hide the events the coder is least sure of
        if not 0 <= float(min_confidence) <= 1:
            raise CommuniqueError("E008", f"min confidence is between 0 and 1 (got {min_confidence!r})")
        where.append("e.confidence >= ?")
        params.append(float(min_confidence))
    if corrected is not None:
        where.append("e.corrected = ?")
        params.append(int(corrected))
    if place:
        where.append("e.place = ?")
        params.append(place)
    if type:
        type = check_type(type)
        if type.isdigit():
            where.append("e.cameo_code LIKE ?")
            params.append(type + "%")
        else:
            where.append("e.plover_type = ?")
            params.append(type)
    if quad_class is not None:
        if int(quad_class) not in (1, 2, 3, 4):
            raise CommuniqueError("E008", f"quad class is 1, 2, 3 or 4 (got {quad_class!r})")
        where.append("e.quad_class = ?")
        params.append(int(quad_class))
    if since:
        where.append(f"{date} >= ?")
        params.append(check_date("since", since))
    if until:  # inclusive at the precision given: until 2023-09 keeps 2023-09-30
        where.append(f"{date} <> '' AND substr({date}, 1, length(?)) <= ?")
        params += [check_date("until", until)] * 2
    if q:
        where.append("EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.event_id AND m.sentence LIKE ? "
                      "ESCAPE '\\')")
        params.append(_like(q))
    if negated is not None:
        where.append("e.negated = ?")
        params.append(int(negated))
    if modality:
        if modality not in MODALITIES:
            raise CommuniqueError("E008", f"modality is one of {', '.join(MODALITIES)} (got {modality!r})")
        where.append("e.modality = ?")
        params.append(modality)
    return source, date, where, params


def _where(terms: list[str]) -> str:
    return f" WHERE {' AND '.join(terms)}" if terms else ""


def iter_events(store: Store | sqlite3.Connection, *, sort: str = "-date", limit: int | None = None,
                offset: int = 0, **filters: Any) -> Iterator[dict]:
    """Deduplicated events, filtered (see ``list_events``), streamed."""
    if sort not in SORTS:
        raise CommuniqueError("E008", f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    source, date, where, params = _event_filters(_db(store), **filters)
    sql = (f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM {source}{_where(where)}"
           f" ORDER BY {SORTS[sort].format(date=date)}")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    for row in _db(store).execute(sql, params):
        yield _event(row)


def _event(row: sqlite3.Row) -> dict:
    event = dict(row)
    event["negated"] = bool(event["negated"])
    event["corrected"] = bool(event["corrected"])
    return event


def list_events(store: Store | sqlite3.Connection, *, dyad: str | None = None, actor: str | None = None,
                type: str | None = None, quad_class: int | None = None, since: str | None = None,
                until: str | None = None, q: str | None = None, negated: bool | None = False,
                modality: str | None = None, limit: int | None = 100, offset: int = 0,
                sort: str = "-date", min_confidence: float | None = None, corrected: bool | None = None,
                place: str | None = None) -> list[dict]:
    """Deduplicated events. ``dyad`` "CHN-RUS" (either order: both take part); ``actor`` a code on either
    side; ``type`` a PLOVER type or a CAMEO code prefix; ``since``/``until`` ISO dates or prefixes
    (inclusive); ``q`` text in any mention's sentence; ``negated`` False (default: leave negated events
    out), True (only them) or None (both); ``modality`` asserted, future or hypothetical; ``sort`` one
    of ``SORTS``; ``min_confidence`` the coder's confidence at least this (0-1); ``corrected`` True
    (only events an analyst corrected) or False (only the others); ``place`` the event's place."""
    return list(iter_events(store, dyad=dyad, actor=actor, type=type, quad_class=quad_class, since=since,
                            until=until, q=q, negated=negated, modality=modality, limit=limit, offset=offset,
                            sort=sort, min_confidence=min_confidence, corrected=corrected, place=place))


def count_events(store: Store | sqlite3.Connection, **filters: Any) -> int:
    """How many events ``list_events`` would give without a limit."""
    source, _, where, params = _event_filters(_db(store), **filters)
    return _db(store).execute(f"SELECT count(*) FROM {source}{_where(where)}", params).fetchone()[0]


# The filters a user sets, as the CLI names them (negated is a default, not a choice).
FILTER_FLAGS = {"dyad": "--dyad", "actor": "--actor", "type": "--type", "quad_class": "--quad-class",
                "since": "--since", "until": "--until", "q": "--text", "modality": "--modality",
                "min_confidence": "--min-confidence"}


def why_empty(store: Store | sqlite3.Connection, **filters: Any) -> str:
    """Why ``filters`` select no event, in words: the first filter that selects none by itself, else
    that they select none together."""
    given = {name: value for name, value in filters.items() if name in FILTER_FLAGS and value not in (None, "")}
    if not given:
        return "the store has no events"
    base = {"negated": filters.get("negated", False)}
    for name, value in given.items():
        if count_events(store, **base, **{name: value}) == 0:
            return f"no stored event matches {FILTER_FLAGS[name]} {value}"
    return "each filter matches events, but no event matches them all: " + \
        ", ".join(f"{FILTER_FLAGS[name]} {value}" for name, value in given.items())


def _participants(db: sqlite3.Connection, mention_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {mention_id: [] for mention_id in mention_ids}
    for start in range(0, len(mention_ids), 500):
        chunk = mention_ids[start:start + 500]
        for row in db.execute(
            'SELECT mention_id, role, code, sector, name, text, start, "end" FROM participants '
            f"WHERE mention_id IN ({','.join('?' * len(chunk))}) ORDER BY mention_id, start", chunk
        ):
            person = dict(row)
            found[person.pop("mention_id")].append(person)
    return found


def _mention(row: sqlite3.Row, participants: list[dict]) -> dict:
    mention = dict(row)
    record = json.loads(mention.pop("record"))
    mention["negated"] = bool(mention["negated"])
    mention["evidence"] = record["evidence"]
    mention["participants"] = participants
    return mention


MENTION_SELECT = ("SELECT m.*, d.title, d.url, d.source, d.outlet, d.published FROM mentions m "
                  "JOIN documents d USING (doc_id)")


def list_mentions(store: Store | sqlite3.Connection, *, event_id: str | None = None, doc_id: str | None = None,
                  limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict]:
    """Mentions (coded occurrences in documents) with their evidence and participants, newest first;
    of one event, of one document, or of the events that ``filters`` (as in ``list_events``) select."""
    db = _db(store)
    source, _, where, params = _event_filters(_db(store), **filters)
    terms = [f"m.event_id IN (SELECT e.event_id FROM {source}{_where(where)})"] if where else []
    if event_id:
        terms.append("m.event_id = ?")
        params.append(event_id)
    if doc_id:
        terms.append("m.doc_id = ?")
        params.append(doc_id)
    sql = f"{MENTION_SELECT}{_where(terms)} ORDER BY m.date DESC, m.doc_id, m.sentence_start, m.mention_id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    rows = db.execute(sql, params).fetchall()
    people = _participants(db, [row["mention_id"] for row in rows])
    return [_mention(row, people[row["mention_id"]]) for row in rows]


def get_event(store: Store | sqlite3.Connection, event_id: str) -> dict | None:
    """One event with all its mentions (evidence, participants, documents) and its sources; None if absent."""
    db = _db(store)
    row = db.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?", (event_id,)).fetchone()
    machine = machine_events(db, [event_id]).get(event_id)
    fixes = corrections.list_corrections(db, event_id=event_id, orphaned=False)
    if row is not None:
        event = _event(row)
        event["not_event"] = False
    elif machine is not None and fixes:  # corrected to "not an event": out of the events table, shown here
        event = {**_event(machine), "plover_type": None, "plover_mode": None, "corrected": True, "not_event": True}
    else:
        return None
    # the machine's coding beside a corrected event, and the corrections (newest first) that made it
    corrected = event["corrected"] and machine is not None
    event["machine"] = {column: machine[column] for column in CODING_COLUMNS} if corrected else None
    event["corrections"] = fixes
    event["mentions"] = list_mentions(db, event_id=event_id, limit=None)
    event["sources"] = sorted({(m["outlet"], m["url"] or "") for m in event["mentions"]})
    event["sources"] = [{"outlet": outlet, "url": url or None} for outlet, url in event["sources"]]
    return event


def _document_filters(*, status: str | None, q: str | None, since: str | None,
                      until: str | None) -> tuple[list[str], list[Any]]:
    """WHERE terms and their bound values for the document filters (shared by list and count)."""
    where: list[str] = []
    params: list[Any] = []
    if status:
        where.append("d.status = ?")
        params.append(status)
    if q:
        where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
        params += [_like(q), _like(q)]
    if since:
        where.append("d.published >= ?")
        params.append(check_date("since", since))
    if until:
        where.append("substr(d.published, 1, length(?)) <= ?")
        params += [check_date("until", until)] * 2
    return where, params


def list_documents(store: Store | sqlite3.Connection, *, status: str | None = None, q: str | None = None,
                   since: str | None = None, until: str | None = None, limit: int | None = 100,
                   offset: int = 0) -> list[dict]:
    """Stored documents (without their text), newest published first, with how many mentions each has."""
    where, params = _document_filters(status=status, q=q, since=since, until=until)
    sql = ("SELECT d.doc_id, d.status, d.reason, d.title, d.source, d.url, d.outlet, d.published, d.event_date,"
           " d.text_hash, d.ingested_at, (SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id) AS mentions"
           f" FROM documents d{_where(where)} ORDER BY d.published DESC, d.doc_id")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return [dict(row) for row in _db(store).execute(sql, params)]


def get_document(store: Store | sqlite3.Connection, doc_id: str) -> dict | None:
    """One document: its metadata, text, full record and coded spans (each mention with its event id,
    evidence and participants, whose offsets point into ``text``); None if absent."""
    db = _db(store)
    row = db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    document = dict(row)
    document["record"] = json.loads(document["record"])
    document["mentions"] = sorted(list_mentions(db, doc_id=doc_id, limit=None),
                                  key=lambda m: (m["sentence_start"], m["mention_id"]))
    return document


def _bucket(column: str, unit: str) -> str:
    """The SQL of a date's period label."""
    return {
        "day": f"{column}",
        "week": f"date({column}, 'weekday 0', '-6 days')",  # the Monday of its week
        "month": f"substr({column}, 1, 7)",
        "year": f"substr({column}, 1, 4)",
    }[unit]


# Dates precise enough for each unit: "2023-09-19" (10 characters), "2023-09" (7), "2023" (4).
_LENGTHS = {"day": 10, "week": 10, "month": 7, "year": 4}


def timeline(store: Store | sqlite3.Connection, *, dyad: str | list[str] | None = None, actor: str | None = None,
             by: str = "month", since: str | None = None, until: str | None = None, type: str | None = None,
             negated: bool | None = False, modality: str | None = None,
             min_confidence: float | None = None) -> list[dict]:
    """Events per period for a dyad (both take part) or an actor (either side), oldest first: count,
    mentions, Goldstein sum and mean, and counts per quad class. ``by`` is day, week (labelled by its
    Monday), month or year; events dated less precisely than that unit (or without a year) are left out.

    Without ``type`` or ``min_confidence`` it reads the ``timeline_days`` rollup (a few rows per day,
    however many events); with either it reads the events themselves."""
    if by not in UNITS:
        raise CommuniqueError("E008", f"timeline unit is one of {', '.join(UNITS)} (got {by!r})")
    if not dyad and not actor:
        raise CommuniqueError("E003", "a timeline needs a dyad (CHN RUS) or an actor (CHN)")
    if type or min_confidence is not None:
        return _timeline_from_events(store, dyad=dyad, actor=actor, by=by, since=since, until=until, type=type,
                                     negated=negated, modality=modality, min_confidence=min_confidence)
    if dyad and actor:
        raise CommuniqueError("E003", "a timeline is of a dyad or of an actor, not both")
    where = ["t.subject = ?", "length(t.day) >= ?"]
    db = _db(store)
    subject = known_dyad(db, dyad) if dyad else known_code(db, actor or "")
    params: list[Any] = [subject, _LENGTHS[by]]
    if since:
        where.append("t.day >= ?")
        params.append(check_date("since", since))
    if until:
        where.append("substr(t.day, 1, length(?)) <= ?")
        params += [check_date("until", until)] * 2
    if negated is not None:
        where.append("t.negated = ?")
        params.append(int(negated))
    if modality:
        if modality not in MODALITIES:
            raise CommuniqueError("E008", f"modality is one of {', '.join(MODALITIES)} (got {modality!r})")
        where.append("t.modality = ?")
        params.append(modality)
    sql = (f"SELECT {_bucket('t.day', by)} AS period, sum(t.events) AS events, sum(t.mentions) AS mentions,"
           " round(sum(t.goldstein_sum), 3) AS goldstein_sum,"
           " round(sum(t.goldstein_sum) / sum(t.events), 3) AS goldstein_mean,"
           " sum(t.quad1) AS quad1, sum(t.quad2) AS quad2, sum(t.quad3) AS quad3, sum(t.quad4) AS quad4"
           f" FROM timeline_days t{_where(where)} GROUP BY period ORDER BY period")
    return [dict(row) for row in _db(store).execute(sql, params)]


def _timeline_from_events(store: Store | sqlite3.Connection, *, by: str, **filters: Any) -> list[dict]:
    source, date, where, params = _event_filters(_db(store), **filters)
    where.append(f"length({date}) >= ? AND {date} GLOB '[0-9][0-9][0-9][0-9]*'")
    params.append(_LENGTHS[by])
    sql = (f"SELECT {_bucket(date, by)} AS period, count(*) AS events, sum(e.num_mentions) AS mentions,"
           " round(sum(e.goldstein), 3) AS goldstein_sum, round(avg(e.goldstein), 3) AS goldstein_mean,"
           " sum(e.quad_class = 1) AS quad1, sum(e.quad_class = 2) AS quad2,"
           " sum(e.quad_class = 3) AS quad3, sum(e.quad_class = 4) AS quad4"
           f" FROM {source}{_where(where)} GROUP BY period ORDER BY period")
    return [dict(row) for row in _db(store).execute(sql, params)]


def list_actors(store: Store | sqlite3.Connection, *, q: str | None = None, limit: int | None = 100,
                offset: int = 0) -> list[dict]:
    """Codes that take part in events, most events first: how many events, and the names and sectors
    under which mentions named them."""
    db = _db(store)
    where, params = [], []
    if q:
        where.append("(a.code = ? OR a.code IN (SELECT code FROM actors WHERE name LIKE ? ESCAPE '\\'))")
        params += [q.strip().upper(), _like(q)]
    sql = (f"SELECT a.code, count(*) AS events FROM event_actors a{_where(where)}"
           " GROUP BY a.code ORDER BY events DESC, a.code")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    actors = [dict(row) for row in db.execute(sql, params)]
    for actor in actors:
        known = db.execute("SELECT sector, name FROM actors WHERE code = ? ORDER BY name, sector",
                           (actor["code"],)).fetchall()
        actor["names"] = sorted({row["name"] for row in known if row["name"]})
        actor["sectors"] = sorted({row["sector"] for row in known if row["sector"]})
    return actors


def summary(store: Store | sqlite3.Connection) -> dict[str, Any]:
    """Counts of the store: documents by status, mentions, events, and the dedup ratio (mentions per event)."""
    db = _db(store)
    statuses = {row["status"]: row["n"] for row in
                db.execute("SELECT status, count(*) AS n FROM documents GROUP BY status")}
    mentions = db.execute("SELECT count(*) FROM mentions").fetchone()[0]
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    return {"documents": sum(statuses.values()), **{f"documents_{s}": statuses.get(s, 0)
                                                      for s in ("coded", "skipped", "failed")},
            "mentions": mentions, "events": events,
            "dedup_ratio": round(mentions / events, 3) if events else None}


# --- reads added for the HTTP API and the dashboard (issue 8) ------------------------------------------------


def events_page(store: Store | sqlite3.Connection, *, mechanism: str | None = None, sort: str = "-date",
                limit: int | None = 100, offset: int = 0, **filters: Any) -> tuple[list[dict], int]:
    """One page of ``list_events`` and the total count, with one more filter: ``mechanism``, text in the
    normalized name of a mechanism (as ``communique mechanisms --name``) reported by a document in which
    the event has a mention (everything said at the rounds of that mechanism)."""
    if sort not in SORTS:
        raise CommuniqueError("E008", f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    source, date, where, params = _event_filters(_db(store), **filters)
    if mechanism:
        where.append("e.event_id IN (SELECT m.event_id FROM mentions m JOIN mechanisms x ON x.doc_id = m.doc_id"
                     " WHERE x.name LIKE ? ESCAPE '\\')")
        params.append(_like(mechanism))
    db = _db(store)
    total = db.execute(f"SELECT count(*) FROM {source}{_where(where)}", params).fetchone()[0]
    sql = (f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM {source}{_where(where)}"
           f" ORDER BY {SORTS[sort].format(date=date)}")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, int(limit), int(offset)]
    return [_event(row) for row in db.execute(sql, params)], total


def list_dyads(store: Store | sqlite3.Connection, *, actor: str | None = None, limit: int | None = 50) -> list[dict]:
    """Dyads (two codes taking part in one event), most events first, with the first and last event date."""
    where, params = [], []
    if actor:
        where.append("(substr(p.dyad, 1, instr(p.dyad, '-') - 1) = ? OR substr(p.dyad, instr(p.dyad, '-') + 1) = ?)")
        params += [_code(actor)] * 2
    sql = (f"SELECT p.dyad, count(*) AS events, min(nullif(p.date, '')) AS first, max(p.date) AS last"
           f" FROM event_pairs p{_where(where)} GROUP BY p.dyad ORDER BY events DESC, p.dyad")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [dict(row) for row in _db(store).execute(sql, params)]


def count_documents(store: Store | sqlite3.Connection, *, status: str | None = None, q: str | None = None,
                    since: str | None = None, until: str | None = None) -> int:
    """How many documents ``list_documents`` would give without a limit."""
    where, params = _document_filters(status=status, q=q, since=since, until=until)
    return _db(store).execute(f"SELECT count(*) FROM documents d{_where(where)}", params).fetchone()[0]


# --- reads added for analyst review (issue 20) ---------------------------------------------------------------


def _next_period(period: str, unit: str) -> str:
    """The label of the period after ``period`` ("2023-12" -> "2024-01"; a week's Monday + 7 days)."""
    if unit == "year":
        return str(int(period) + 1)
    if unit == "month":
        year, month = int(period[:4]), int(period[5:7])
        return f"{year + month // 12}-{month % 12 + 1:02d}"
    step = 7 if unit == "week" else 1
    return (datetime.date.fromisoformat(period) + datetime.timedelta(days=step)).isoformat()


def fill_periods(periods: list[dict], unit: str, limit: int = 5000) -> list[dict]:
    """``timeline`` rows with the empty periods between the first and the last put in (0 events, no
    Goldstein mean), so that a chart shows a gap where nothing happened; at most ``limit`` periods."""
    if not periods:
        return []
    found = {row["period"]: row for row in periods}
    filled, period = [], periods[0]["period"]
    while len(filled) < limit:
        filled.append(found.get(period) or {"period": period, "events": 0, "mentions": 0, "goldstein_sum": 0.0,
                                            "goldstein_mean": None, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 0})
        if period >= periods[-1]["period"]:
            break
        period = _next_period(period, unit)
    return filled


def store_timeline(store: Store | sqlite3.Connection, *, by: str = "month", **filters: Any) -> list[dict]:
    """The timeline (as ``timeline``) of all the store's events, or of those ``filters`` select (as in
    ``list_events``; negated events left out by default)."""
    if by not in UNITS:
        raise CommuniqueError("E008", f"timeline unit is one of {', '.join(UNITS)} (got {by!r})")
    return _timeline_from_events(store, by=by, **filters)


def period_totals(store: Store | sqlite3.Connection, *, by: str = "month", **filters: Any) -> dict[str, int]:
    """How many events of the whole store (``filters`` as in ``list_events``) fall in each period:
    what a normalized timeline divides by."""
    return {row["period"]: row["events"] for row in store_timeline(store, by=by, **filters)}


def with_shares(periods: list[dict], totals: dict[str, int]) -> list[dict]:
    """Each period with ``share``: its events as a fraction of all the store's events in that period."""
    return [{**row, "share": round(row["events"] / totals[row["period"]], 4) if totals.get(row["period"]) else 0.0}
            for row in periods]


def list_places(store: Store | sqlite3.Connection, *, limit: int | None = 2000, **filters: Any) -> list[dict]:
    """Places with coordinates and how many of the events ``filters`` select happened there, most first:
    what the map draws."""
    source, _, where, params = _event_filters(_db(store), **filters)
    where.append("e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.place IS NOT NULL")
    sql = (f"SELECT e.place, e.country, round(avg(e.lat), 2) AS lat, round(avg(e.lon), 2) AS lon, count(*) AS events"
           f" FROM {source}{_where(where)} GROUP BY e.place, e.country ORDER BY events DESC, e.place")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [dict(row) for row in _db(store).execute(sql, params)]
