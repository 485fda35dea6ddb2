"""The JSON endpoints under /api. Each list has a ``.json`` and a ``.csv`` twin; every read is one call
of ``communique.store.query`` or ``communique.store.diplomacy`` (the functions the CLI calls)."""

# No "from __future__ import annotations": FastAPI reads the nested handlers' annotations at run time.

import csv
import hmac
import io
import json
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from communique.csv_cells import cell
from communique.display import TIMELINE_COLUMNS
from communique.store import Store, corrections, diplomacy, query
from communique.store.db import EVENT_COLUMNS

router = APIRouter(prefix="/api")

ISO = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # 2023, 2023-09 or 2023-09-19
Since = Annotated[str | None, Query(pattern=ISO, description="Earliest date, ISO: 2023, 2023-09 or 2023-09-19.")]
Until = Annotated[str | None, Query(pattern=ISO, description="Latest date, ISO, inclusive at its precision.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many rows.")]
# bounded: SQLite integers are 64-bit, and no store holds more rows than this
Offset = Annotated[int, Query(ge=0, le=10**12, description="Skip this many rows first.")]


def open_store(request: Request) -> Store:
    """A connection of the request's own (SQLite connections stay in the thread that made them)."""
    return Store(request.app.state.settings.db_path, create=False)


def event_filters(
    dyad: Annotated[str | None, Query(description="Two codes, e.g. CHN-RUS: both take part (either side).")] = None,
    actor: Annotated[str | None, Query(description="A code on either side, e.g. USA or UNO.")] = None,
    type: Annotated[str | None, Query(description="PLOVER type (CONSULT) or CAMEO code prefix (04, 046).")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal cooperation, 2 material "
                                            "cooperation, 3 verbal conflict, 4 material conflict.")] = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in any mention's sentence.")] = None,
    mechanism: Annotated[str | None, Query(max_length=200, description="Text in the name of a mechanism "
                                           "reported in the event's documents.")] = None,
    negated: Annotated[Literal["false", "true", "any"], Query(description="Negated events: left out (false), "
                                                              "only them (true) or both (any).")] = "false",
    modality: Literal["asserted", "future", "hypothetical"] | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Only events the coder is at least "
                                                  "this confident of (0-1).")] = None,
    corrected: Annotated[Literal["false", "true", "any"], Query(description="Events an analyst corrected: "
                                                               "only them (true), only the others (false) or "
                                                               "both (any).")] = "any",
    place: Annotated[str | None, Query(max_length=200, description="The event's place, as stored.")] = None,
) -> dict[str, Any]:
    return {"dyad": dyad or None, "actor": actor or None, "type": type or None, "quad_class": quad_class,
            "since": since, "until": until, "q": q or None, "mechanism": mechanism or None,
            "negated": {"false": False, "true": True, "any": None}[negated], "modality": modality,
            "min_confidence": min_confidence, "corrected": {"false": False, "true": True, "any": None}[corrected],
            "place": place or None}


def _page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, str | None]:
    params = dict(request.query_params)

    def link(at: int) -> str:
        return f"{request.url.path}?{urlencode({**params, 'offset': at, 'limit': limit})}"

    return {"next": link(offset + limit) if offset + limit < total else None,
            "prev": link(max(0, offset - limit)) if offset > 0 else None}


def _csv(rows: list[dict], columns: list[str] | tuple[str, ...], name: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'inline; filename="{name}.csv"'})


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return cell(value)  # never a formula in a spreadsheet


def _codes(items: list[dict] | list[str]) -> str:
    return ";".join(item if isinstance(item, str) else item.get("code") or "?" for item in items)


def _twins(path: str, fetch: Callable[..., dict], key: str, to_rows: Callable[[dict], tuple[list[dict], list[str]]],
           summary: str, tag: str) -> None:
    """Register ``path`` (and ``path.json``) answering ``{"ok": true, **fetch(...)}`` and ``path.csv``
    answering the rows of ``to_rows``."""

    def as_json(result: Annotated[dict, Depends(fetch)]) -> dict:
        return {"ok": True, **result}

    def as_csv(result: Annotated[dict, Depends(fetch)]) -> Response:
        rows, columns = to_rows(result)
        return _csv(rows, columns, key)

    router.add_api_route(path, as_json, methods=["GET"], summary=summary, name=key, tags=[tag])
    router.add_api_route(path + ".json", as_json, methods=["GET"], include_in_schema=False, name=key + "_json")
    router.add_api_route(path + ".csv", as_csv, methods=["GET"], summary=summary + " (CSV)", name=key + "_csv",
                         tags=[tag], response_class=Response, responses={200: {"content": {"text/csv": {}}}})


# --- events -------------------------------------------------------------------------------------------------


def fetch_events(request: Request, filters: Annotated[dict, Depends(event_filters)],
                 sort: Literal["-date", "date", "-mentions", "mentions", "-sources", "sources", "-goldstein",
                               "goldstein", "confidence", "-confidence"] = "-date", limit: Limit = 100,
                 offset: Offset = 0) -> dict:
    with open_store(request) as store:
        events, total = query.events_page(store, sort=sort, limit=limit, offset=offset, **filters)
    return {"total": total, "limit": limit, "offset": offset, "count": len(events),
            **_page_links(request, total, limit, offset), "events": events}


_twins("/events", fetch_events, "events", lambda r: (r["events"], list(EVENT_COLUMNS)),
       "Deduplicated events, filtered, newest first", "events")


@router.get("/events/{event_id}", tags=["events"],
            summary="One event: its fields, counts, sources and every mention with its evidence and participants")
def event_detail(request: Request, event_id: str) -> dict:
    return {"ok": True, "event": event_or_404(request, event_id)}


def event_or_404(request: Request, event_id: str) -> dict:
    """The stored event with its mentions, or a 404 (the API and the dashboard page share it)."""
    with open_store(request) as store:
        found = query.get_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return found


# --- documents ----------------------------------------------------------------------------------------------

DOCUMENT_COLUMNS = ["doc_id", "status", "reason", "title", "source", "url", "outlet", "published", "event_date",
                    "text_hash", "ingested_at", "mentions"]


def fetch_documents(request: Request, status: Literal["coded", "skipped", "failed"] | None = None,
                    q: Annotated[str | None, Query(max_length=200, description="Text in the title or text.")] = None,
                    since: Since = None, until: Until = None, limit: Limit = 100, offset: Offset = 0) -> dict:
    with open_store(request) as store:
        documents = query.list_documents(store, status=status, q=q, since=since, until=until, limit=limit,
                                         offset=offset)
        total = query.count_documents(store, status=status, q=q, since=since, until=until)
    return {"total": total, "limit": limit, "offset": offset, "count": len(documents),
            **_page_links(request, total, limit, offset), "documents": documents}


_twins("/documents", fetch_documents, "documents", lambda r: (r["documents"], DOCUMENT_COLUMNS),
       "Stored documents (without their text), newest first", "documents")


def coded_spans(document: dict) -> list[dict]:
    """Every coded span of a document, as offsets into its text: each mention's sentence, trigger and
    participants (with the event id), and the evidence of its positions, commitments and mechanisms."""
    spans = []
    for m in document["mentions"]:
        evidence = m["evidence"]
        spans.append({"kind": "sentence", "start": evidence["start"], "end": evidence["end"],
                      "event_id": m["event_id"], "mention_id": m["mention_id"]})
        if evidence.get("trigger_start") is not None:
            spans.append({"kind": "trigger", "start": evidence["trigger_start"], "end": evidence["trigger_end"],
                          "event_id": m["event_id"], "mention_id": m["mention_id"]})
        spans += [{"kind": p["role"], "start": p["start"], "end": p["end"], "code": p["code"],
                   "event_id": m["event_id"], "mention_id": m["mention_id"]} for p in m["participants"]]
    for kind in ("positions", "commitments", "mechanisms"):
        for item in document["record"].get(kind) or ():
            evidence = item.get("evidence") or {}
            if evidence.get("start") is not None:
                spans.append({"kind": kind[:-1], "start": evidence["start"], "end": evidence["end"], "id": item["id"]})
    return sorted(spans, key=lambda s: (s["start"], -s["end"]))


@router.get("/documents/{doc_id:path}", tags=["documents"],  # ids may hold "/" (feed guids are URLs)
            summary="One document: metadata, text, its output record, its mentions and every coded span (offsets)")
def document_detail(request: Request, doc_id: str) -> dict:
    found = document_or_404(request, doc_id)
    return {"ok": True, "document": {**found, "spans": coded_spans(found)}}


def document_or_404(request: Request, doc_id: str) -> dict:
    """The stored document with its record and mentions, or a 404 (the API and the dashboard share it)."""
    with open_store(request) as store:
        found = query.get_document(store, doc_id)
    if found is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return found


# --- timelines, actors, dyads, summary ----------------------------------------------------------------------


def fetch_timeline(request: Request,
                   dyad: Annotated[str | None, Query(description="Two codes, e.g. CHN-RUS.")] = None,
                   actor: Annotated[str | None, Query(description="One code, e.g. CHN.")] = None,
                   by: Literal["day", "week", "month", "year"] = "month", since: Since = None, until: Until = None,
                   type: Annotated[str | None, Query(description="PLOVER type or CAMEO prefix.")] = None,
                   negated: Literal["false", "true", "any"] = "false",
                   gaps: Annotated[bool, Query(description="Put in the empty periods (0 events).")] = False,
                   share: Annotated[bool, Query(description="Add each period's share of all the store's events "
                                                "in it (normalized).")] = False) -> dict:
    if bool(dyad) == bool(actor):
        raise HTTPException(400, "a timeline is of a dyad (dyad=CHN-RUS) or of an actor (actor=CHN): give one")
    negated_value = {"false": False, "true": True, "any": None}[negated]
    with open_store(request) as store:
        periods = query.timeline(store, dyad=dyad, actor=actor, by=by, since=since, until=until, type=type,
                                 negated=negated_value)
        if gaps:
            periods = query.fill_periods(periods, by)
        if share:
            periods = query.with_shares(periods, query.period_totals(store, by=by, since=since, until=until,
                                                                     negated=negated_value))
    subject = query.parse_dyad(dyad) if dyad else (actor or "").strip().upper()
    return {"subject": subject, "by": by, "count": len(periods), "periods": periods}


_twins("/timeline", fetch_timeline, "timeline",
       lambda r: (r["periods"], list(TIMELINE_COLUMNS) + (["share"] if r["periods"] and "share" in r["periods"][0]
                                                          else [])),
       "Events per day, week, month or year of a dyad or an actor: counts, Goldstein, quad classes", "events")


def fetch_actors(request: Request, q: Annotated[str | None, Query(max_length=100, description="A code, or text "
                                                                  "in a name.")] = None,
                 limit: Limit = 100, offset: Offset = 0) -> dict:
    with open_store(request) as store:
        actors = query.list_actors(store, q=q, limit=limit, offset=offset)
    return {"count": len(actors), "limit": limit, "offset": offset, "actors": actors}


_twins("/actors", fetch_actors, "actors",
       lambda r: ([{**a, "names": ";".join(a["names"]), "sectors": ";".join(a["sectors"])} for a in r["actors"]],
                  ["code", "events", "sectors", "names"]),
       "Codes taking part in events, most events first, with their names and sectors", "actors")


def fetch_dyads(request: Request, actor: Annotated[str | None, Query(description="Only dyads with this code.")] = None,
                limit: Limit = 100) -> dict:
    with open_store(request) as store:
        dyads = query.list_dyads(store, actor=actor, limit=limit)
    return {"count": len(dyads), "dyads": dyads}


_twins("/dyads", fetch_dyads, "dyads", lambda r: (r["dyads"], ["dyad", "events", "first", "last"]),
       "Dyads, most events first", "actors")


@router.get("/summary", summary="Counts of the store", tags=["actors"])
def summary(request: Request) -> dict:
    with open_store(request) as store:
        return {"ok": True, "summary": query.summary(store)}


# --- diplomacy ----------------------------------------------------------------------------------------------


def fetch_mechanisms(request: Request,
                     party: Annotated[str | None, Query(description="Only mechanisms with this party.")] = None,
                     name: Annotated[str | None, Query(max_length=200, description="Text in the name.")] = None
                     ) -> dict:
    with open_store(request) as store:
        series = diplomacy.mechanism_series(store.connection, party=party, name=name)
    return {"count": len(series), "mechanisms": series}


_twins("/mechanisms", fetch_mechanisms, "mechanisms",
       lambda r: ([{"name": s["name"], "parties": _codes(s["parties"]), **round_,
                    "co_chairs": "; ".join(c.get("name") or c.get("text") or "?" for c in round_["co_chairs"])}
                   for s in r["mechanisms"] for round_ in s["rounds"]],
                  ["name", "parties", "round", "date", "place", "country", "co_chairs", "doc_id", "text"]),
       "Mechanism series (named recurring dialogues) with their rounds, most recently held first", "diplomacy")


def fetch_positions(request: Request,
                    party: Annotated[str | None, Query(description="Held by, or on behalf of, this code.")] = None,
                    topic: Annotated[str | None, Query(max_length=200)] = None,
                    stance: Literal["support", "oppose"] | None = None, limit: Limit = 1000) -> dict:
    with open_store(request) as store:
        positions = diplomacy.list_positions(store.connection, party=party, topic=topic, stance=stance, limit=limit)
    return {"count": len(positions), "positions": positions}


_twins("/positions", fetch_positions, "positions",
       lambda r: ([{**p, "holder": _codes(p["holder"]), "on_behalf_of": _codes(p["on_behalf_of"]),
                    "sentence": p["evidence"]["sentence"]} for p in r["positions"]],
                  ["date", "holder", "stance", "topic", "topic_text", "on_behalf_of", "doc_id", "sentence"]),
       "Positions (who supports or opposes what, on whose behalf), newest first", "diplomacy")


def fetch_commitments(request: Request, status: Literal["open", "fulfilled", "overdue"] | None = None,
                      party: Annotated[str | None, Query(description="Only commitments of this code.")] = None,
                      as_of: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="The day "
                                                         "statuses are judged on (default today).")] = None) -> dict:
    with open_store(request) as store:
        commitments = diplomacy.list_commitments(store.connection, status=status, party=party, as_of=as_of)
    counts = {state: sum(c["status"] == state for c in commitments) for state in diplomacy.STATUSES}
    return {"count": len(commitments), "counts": counts, "commitments": commitments}


_twins("/commitments", fetch_commitments, "commitments",
       lambda r: ([{**c, "parties": _codes(c["parties"]), "deadline": (c.get("deadline") or {}).get("value"),
                    "fulfilled_by": (c["fulfilled_by"] or {}).get("event_id"), "sentence": c["evidence"]["sentence"],
                    "fulfilment": (c["fulfilled_by"] or {}).get("evidence")}
                   for c in r["commitments"]],
                  ["date", "parties", "action", "action_type", "when", "deadline", "status", "fulfilled_by", "doc_id",
                   "sentence", "fulfilment"]),
       "Commitments (agreed or pledged future actions) with their follow-up: open, fulfilled or overdue",
       "diplomacy")


# --- watch (communique watch) -------------------------------------------------------------------------------


def fetch_alerts(request: Request,
                 rule: Annotated[str | None, Query(max_length=200, description="The alert's name.")] = None,
                 kind: Literal["event", "round", "commitment", "goldstein"] | None = None,
                 limit: Limit = 100, offset: Offset = 0) -> dict:
    from communique.watch.alerts import list_alerts

    with open_store(request) as store:
        rows, total = list_alerts(store.connection, rule=rule or None, kind=kind, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "count": len(rows),
            **_page_links(request, total, limit, offset), "alerts": rows}


_twins("/alerts", fetch_alerts, "alerts",
       lambda r: (r["alerts"], ["fired_at", "rule", "kind", "message", "date", "dyad", "event_id", "doc_id", "key"]),
       "Alerts fired by communique watch, newest first", "watch")


def fetch_sources(request: Request) -> dict:
    from communique.watch.state import list_sources

    with open_store(request) as store:
        rows = list_sources(store.connection)
    return {"count": len(rows), "sources": rows}


_twins("/sources", fetch_sources, "sources",
       lambda r: (r["sources"], ["name", "url", "kind", "last_poll", "last_ok", "last_status", "failures",
                                 "last_error", "polls", "documents"]),
       "Sources followed by communique watch, with their health", "watch")


# --- writes -------------------------------------------------------------------------------------------------


class DocumentIn(BaseModel):
    """A document to code, as in a JSONL input line."""

    id: str | None = Field(None, max_length=200, description="Kept as doc_id; default: a hash of the text.")
    text: str = Field(min_length=1)
    published: str | None = Field(None, description="ISO date of publication.")
    title: str | None = None
    url: str | None = None
    source: str | None = None


class IngestRequest(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=1000)


BEARER = HTTPBearer(auto_error=False, description="The server's write token ($COMMUNIQUE_TOKEN or --token-file).")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None) -> None:
    """Writes need the server's token as ``Authorization: Bearer TOKEN`` (the app checks it before it
    reads a body too: ``communique.api.app.TokenFirst``; this declares it in the OpenAPI description)."""
    refused = token_refusal(request.app.state.settings.token, credentials.credentials if credentials else "")
    if refused:
        raise refused


def token_problem(expected: str | None, given: str) -> tuple[str | None, int]:
    """Why ``given`` may not write (and the HTTP status), or (None, 200): the API's bearer header and the
    dashboard's token field are checked alike."""
    if not expected:
        return "writes are disabled: start the server with $COMMUNIQUE_TOKEN or --token-file", 403
    if not given.strip():
        return "a write needs the server's token", 401
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        return "wrong token", 401
    return None, 200


def token_refusal(expected: str | None, given: str) -> HTTPException | None:
    """Why a request with ``given`` for a token may not write (401 or 403), or None when it may."""
    problem, status = token_problem(expected, given)
    if problem is None:
        return None
    if status == 403:
        return HTTPException(403, problem)
    if not given.strip():
        return HTTPException(401, "this endpoint needs the server's token: Authorization: Bearer TOKEN",
                             headers={"WWW-Authenticate": "Bearer"})
    return HTTPException(401, problem, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


_coder_lock = threading.Lock()  # one writer at a time, and the pipeline is loaded once
_coder: Any = None


def _get_coder() -> Any:
    global _coder
    if _coder is None:
        from communique.pipeline import Coder

        _coder = Coder()
    return _coder


@router.post("/documents", summary="Code documents into the store (needs the token)", tags=["documents"],
             dependencies=[Depends(require_token)])
def ingest_documents(request: Request, body: IngestRequest) -> dict:
    """Code the documents and store them, as `communique ingest` does: one record per document (coded,
    skipped or failed, with the reason); a document already stored with the same id and text is left
    as it is."""
    from communique.ingest import ingest

    records: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="communique-api-") as folder:
        path = Path(folder) / "documents.jsonl"
        path.write_text("".join(json.dumps(doc.model_dump(exclude_none=True), ensure_ascii=False) + "\n"
                                for doc in body.documents), encoding="utf-8")
        with _coder_lock, open_store(request) as store:
            report = ingest([str(path)], store, coder=_get_coder(), on_record=records.append)
    return {"ok": True, "stored": report.stored, "unchanged": report.unchanged,
            "documents": [{"doc_id": r["doc_id"], "status": r["status"], "reason": r["reason"],
                           "events": len(r["events"])} for r in records]}


# --- corrections (communique.store.corrections) -------------------------------------------------------------


class CorrectionIn(BaseModel):
    """What an analyst changes in an event; a field left out stays as coded. ``plover`` null: not an event."""

    model_config = ConfigDict(extra="forbid")

    plover: str | None = Field(None, description="A PLOVER type, or null: this is not an event.")
    cameo: str | None = Field(None, max_length=4, description="A CAMEO event code, e.g. 046.")
    actor: list[str] | None = Field(None, max_length=200, description="Actor codes, e.g. [\"CHN\"].")
    recipient: list[str] | None = Field(None, max_length=200, description="Recipient codes.")
    date: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    place: str | None = Field(None, max_length=200, description="A place name.")
    note: str | None = Field(None, max_length=2000, description="Why.")
    author: str = Field("api", min_length=1, max_length=100, description="Who corrects.")


@router.post("/events/{event_id}/corrections", summary="Correct an event (needs the token)", tags=["events"],
             dependencies=[Depends(require_token)])
def correct_event(request: Request, event_id: str, body: CorrectionIn) -> dict:
    """Store a correction of the event, kept apart from the machine's coding and through re-coding;
    returns it and the event as it is now."""
    changes = body.model_dump(exclude_unset=True, exclude={"note", "author"})
    event_or_404(request, event_id)
    with open_store(request) as store:
        correction = corrections.add_correction(store, event_id, changes, author=body.author, note=body.note)
    return {"ok": True, "correction": correction, "event": event_or_404(request, event_id)}


def fetch_corrections(request: Request,
                      orphaned: Literal["false", "true", "any"] = "any", limit: Limit = 100,
                      offset: Offset = 0) -> dict:
    with open_store(request) as store:
        rows = corrections.list_corrections(store, orphaned={"false": False, "true": True, "any": None}[orphaned],
                                            limit=limit, offset=offset)
    return {"count": len(rows), "limit": limit, "offset": offset, "corrections": rows}


_twins("/corrections", fetch_corrections, "corrections", lambda r: (r["corrections"], list(corrections.COLUMNS)),
       "Analysts' corrections, newest first (orphaned: their mention is gone)", "events")


# --- exports ------------------------------------------------------------------------------------------------

EXPORT_TYPES = {"csv": ("text/csv", "csv"), "jsonl": ("application/x-ndjson", "jsonl"),
                "plover": ("application/x-ndjson", "plover.jsonl"), "gdelt": ("text/tab-separated-values", "gdelt.tsv"),
                "icews": ("text/tab-separated-values", "icews.tsv"), "parquet": ("application/zip", "parquet.zip")}


@router.get("/export", summary="Download the events the filters select in an export format", tags=["events"],
            response_class=Response)
def export_download(request: Request, filters: Annotated[dict, Depends(event_filters)],
                    format: Literal["csv", "jsonl", "plover", "gdelt", "icews", "parquet"] = "csv") -> Response:
    """The file `communique export --format FORMAT` writes, for the events the filters select (negated
    ones left out unless negated=any); Parquet comes as a zip of its month folders. What a format cannot
    hold is counted in the X-Communique-Left-Out header."""
    import zipfile

    from communique.store.export import ExportReport, export_events

    if filters.pop("mechanism"):
        raise HTTPException(400, "an export filters by dyad, actor, type, dates, text and confidence, not mechanism")
    media, suffix = EXPORT_TYPES[format]
    report = ExportReport()
    with tempfile.TemporaryDirectory(prefix="communique-export-") as folder, open_store(request) as store:
        target = Path(folder) / "events"
        export_events(store, format, target, report, **filters)
        if format == "parquet":
            archive = Path(folder) / "events.zip"
            with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
                for part in sorted(target.rglob("*")):
                    if part.is_file():
                        zipped.write(part, Path("events") / part.relative_to(target))
            target = archive
        body = target.read_bytes() if target.exists() else b""
    headers = {"content-disposition": f'attachment; filename="events.{suffix}"'}
    if report.line():
        headers["x-communique-left-out"] = (report.line() or "").encode("ascii", "replace").decode()
    return Response(body, media_type=media, headers=headers)
