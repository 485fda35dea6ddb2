"""The dashboard's pages. Each handler reads the store with the query functions and renders one template."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from communique.api.routes import document_or_404, event_or_404, open_store
from communique.errors import CommuniqueError
from communique.store import dedup, diplomacy, query
from communique.web import render, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ISO = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PAGE = 50


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, {"params": dict(request.query_params), **context},
                                      status_code=status_code)


@router.get("/")
def overview(request: Request) -> Response:
    with open_store(request) as store:
        totals = query.summary(store)
        latest = query.list_events(store, limit=15)
        dyads = query.list_dyads(store, limit=12)
        actors = query.list_actors(store, limit=12)
        series = diplomacy.mechanism_series(store.connection)
        commitments = diplomacy.list_commitments(store.connection)
    counts = {state: sum(c["status"] == state for c in commitments) for state in diplomacy.STATUSES}
    return _page(request, "overview.html", totals=totals, latest=latest, dyads=dyads, actors=actors,
                 mechanisms=series[:8], mechanism_count=len(series), commitment_counts=counts)


@router.get("/dyads")
def dyads(request: Request, dyad: str | None = None,
          actor: Annotated[str | None, Query(max_length=12)] = None) -> Response:
    if dyad:  # the picker's form: go to the dyad's page
        return RedirectResponse(f"/dyads/{query.parse_dyad(dyad)}", status_code=303)
    with open_store(request) as store:
        rows = query.list_dyads(store, actor=actor or None, limit=500)
    return _page(request, "dyads.html", dyads=rows, actor=actor)


@router.get("/dyads/{dyad}")
def dyad_view(request: Request, dyad: str, by: Literal["day", "week", "month", "year"] = "month",
              since: Annotated[str | None, Query(pattern=ISO)] = None,
              until: Annotated[str | None, Query(pattern=ISO)] = None,
              type: Annotated[str | None, Query(max_length=12)] = None,
              offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    canonical = query.parse_dyad(dyad)
    if canonical != dyad:
        return RedirectResponse(f"/dyads/{canonical}?{request.url.query}" if request.url.query
                                else f"/dyads/{canonical}", status_code=307)
    filters = {"since": since or None, "until": until or None, "type": type or None}
    with open_store(request) as store:
        periods = query.timeline(store, dyad=dyad, by=by, **filters)
        # With no period at this unit, is there any at a coarser one? (an event dated "--09-19" has no year)
        coarser = bool(periods) or (by != "year" and bool(query.timeline(store, dyad=dyad, by="year", **filters)))
        events, total = query.events_page(store, dyad=dyad, limit=PAGE, offset=offset, **filters)
    return _page(request, "dyad.html", dyad=dyad, codes=dyad.split("-"), by=by, periods=periods,
                 chart=render.timeline_chart(periods), coarser=coarser, events=events, total=total, offset=offset,
                 limit=PAGE)


@router.get("/events/{event_id}")
def event_view(request: Request, event_id: str) -> Response:
    event = event_or_404(request, event_id)
    mentions = [{**m, "segments": render.evidence_segments(m)} for m in event["mentions"]]
    codes = {code for field in ("actor_codes", "recipient_codes") for code in event[field].split(";") if code}
    return _page(request, "event.html", event=event, mentions=mentions, pairs=dedup.pairs(codes))


@router.get("/documents")
def documents(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
              status: Literal["coded", "skipped", "failed"] | None = None,
              offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    with open_store(request) as store:
        rows = query.list_documents(store, q=q or None, status=status, limit=PAGE, offset=offset)
        total = query.count_documents(store, q=q or None, status=status)
    return _page(request, "documents.html", documents=rows, total=total, offset=offset, limit=PAGE, q=q)


@router.get("/documents/{doc_id:path}")  # ids may hold "/" (feed guids are URLs)
def document_view(request: Request, doc_id: str) -> Response:
    document = document_or_404(request, doc_id)
    return _page(request, "document.html", document=document, record=document["record"],
                 segments=render.document_segments(document))


@router.get("/mechanisms")
def mechanisms(request: Request, party: Annotated[str | None, Query(max_length=12)] = None,
               name: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    with open_store(request) as store:
        series = diplomacy.mechanism_series(store.connection, party=party or None, name=name or None)
    return _page(request, "mechanisms.html", series=series)


@router.get("/commitments")
def commitments(request: Request, status: Literal["open", "fulfilled", "overdue"] | None = None,
                party: Annotated[str | None, Query(max_length=12)] = None,
                as_of: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$")] = None) -> Response:
    with open_store(request) as store:
        every = diplomacy.list_commitments(store.connection, party=party or None, as_of=as_of or None)
    counts = {state: sum(c["status"] == state for c in every) for state in diplomacy.STATUSES}
    shown = [c for c in every if status is None or c["status"] == status]
    return _page(request, "commitments.html", commitments=shown, counts=counts, status=status)


@router.get("/positions")
def positions(request: Request, party: Annotated[str | None, Query(max_length=12)] = None,
              topic: Annotated[str | None, Query(max_length=200)] = None,
              stance: Literal["support", "oppose"] | None = None) -> Response:
    with open_store(request) as store:
        rows = diplomacy.list_positions(store.connection, party=party or None, topic=topic or None, stance=stance,
                                        limit=500)
    return _page(request, "positions.html", positions=rows)


@router.get("/alerts")
def alerts(request: Request, kind: Literal["event", "round", "commitment", "goldstein"] | None = None,
           offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    from communique.watch.alerts import list_alerts
    from communique.watch.state import list_sources

    with open_store(request) as store:
        rows, total = list_alerts(store.connection, kind=kind, limit=PAGE, offset=offset)
        sources = list_sources(store.connection)
    return _page(request, "alerts.html", alerts=rows, total=total, offset=offset, limit=PAGE, kind=kind,
                 sources=sources)


@router.get("/actors")
def actors(request: Request, q: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    with open_store(request) as store:
        rows = query.list_actors(store, q=q or None, limit=500)
    return _page(request, "actors.html", actors=rows)


@router.get("/search")
def search(request: Request, q: Annotated[str | None, Query(max_length=200)] = None,
           dyad: Annotated[str | None, Query(max_length=30)] = None,
           actor: Annotated[str | None, Query(max_length=12)] = None,
           type: Annotated[str | None, Query(max_length=12)] = None,
           quad_class: Annotated[str | None, Query(pattern=r"^[1-4]?$")] = None,
           since: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
           until: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
           mechanism: Annotated[str | None, Query(max_length=200)] = None,
           offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    """Events by text and filters. A bad filter (a dyad of one code) is shown on the page, as a 400."""
    filters = {"q": q, "dyad": dyad, "actor": actor, "type": type, "since": since, "until": until,
               "mechanism": mechanism, "quad_class": int(quad_class) if quad_class else None}
    filters = {key: value for key, value in filters.items() if value not in (None, "")}
    events: list[dict] = []
    total, error = 0, None
    if filters:
        try:
            with open_store(request) as store:
                events, total = query.events_page(store, limit=PAGE, offset=offset, **filters)
        except CommuniqueError as problem:
            error = str(problem)
    return _page(request, "search.html", status_code=400 if error else 200, events=events, total=total,
                 offset=offset, limit=PAGE, searched=bool(filters), error=error)
