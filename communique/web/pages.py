"""The dashboard's pages. Each handler reads the store with the query functions and renders one template."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from communique.api.routes import document_or_404, event_or_404, open_store, token_problem
from communique.errors import CommuniqueError
from communique.store import corrections, dedup, diplomacy, query
from communique.web import render, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ISO = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # or empty: a filter form sends its empty fields
PAGE = 50


def _page(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, {"params": dict(request.query_params), **context},
                                      status_code=status_code)


# The threshold filter every event list has: 0 to 1, or empty (the form's field left blank)
Confidence = Annotated[str | None, Query(pattern=r"^(0(\.\d*)?|1(\.0*)?|\.\d+)?$")]


def _threshold(value: str | None) -> dict[str, float]:
    """The ``min_confidence`` filter of a form's field, none when it is empty."""
    return {"min_confidence": float(value)} if value else {}


@router.get("/")
def overview(request: Request, min_confidence: Confidence = None) -> Response:
    with open_store(request) as store:
        totals = query.summary(store)
        latest = query.list_events(store, limit=15, **_threshold(min_confidence))
        periods = query.fill_periods(query.store_timeline(store, by="month", **_threshold(min_confidence)), "month")
        dyads = query.list_dyads(store, limit=12)
        actors = query.list_actors(store, limit=12)
        series = diplomacy.mechanism_series(store.connection)
        commitments = diplomacy.list_commitments(store.connection)
    counts = {state: sum(c["status"] == state for c in commitments) for state in diplomacy.STATUSES}
    return _page(request, "overview.html", totals=totals, latest=latest, dyads=dyads, actors=actors,
                 periods=periods, chart=render.timeline_chart(periods),
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
              min_confidence: Confidence = None, share: bool = False,
              offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    try:
        canonical = query.parse_dyad(dyad)
    except CommuniqueError as problem:  # /dyads/ISR: a page that says what a dyad is, not an API error
        return _page(request, "error.html", status_code=400, status=400,
                     message=f"{problem} Pick one from the list of dyads.", link="/dyads")
    if canonical != dyad:
        return RedirectResponse(f"/dyads/{canonical}?{request.url.query}" if request.url.query
                                else f"/dyads/{canonical}", status_code=307)
    filters = {"since": since or None, "until": until or None, "type": type or None}
    threshold = _threshold(min_confidence)
    with open_store(request) as store:
        periods = query.timeline(store, dyad=dyad, by=by, **filters, **threshold)
        # With no period at this unit, is there any at a coarser one? (an event dated "--09-19" has no year)
        coarser = bool(periods) or (by != "year" and bool(query.timeline(store, dyad=dyad, by="year", **filters)))
        periods = query.fill_periods(periods, by)  # an empty period is a gap in the chart, not skipped
        if share:
            periods = query.with_shares(periods, query.period_totals(store, by=by, since=filters["since"],
                                                                     until=filters["until"], negated=False,
                                                                     **threshold))
        events, total = query.events_page(store, dyad=dyad, limit=PAGE, offset=offset, **filters, **threshold)
    return _page(request, "dyad.html", dyad=dyad, codes=dyad.split("-"), by=by, periods=periods, share=share,
                 chart=render.timeline_chart(periods, share=share), coarser=coarser, events=events, total=total,
                 offset=offset, limit=PAGE)


@router.get("/actors/{code}")
def actor_view(request: Request, code: str, by: Literal["day", "week", "month", "year"] = "month",
               since: Annotated[str | None, Query(pattern=ISO)] = None,
               until: Annotated[str | None, Query(pattern=ISO)] = None,
               type: Annotated[str | None, Query(max_length=12)] = None,
               min_confidence: Confidence = None, share: bool = False,
               offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    """One actor: its timeline (with gaps; normalized on request) and its events, as a dyad's page."""
    code = code.strip().upper()
    filters = {"since": since or None, "until": until or None, "type": type or None}
    threshold = _threshold(min_confidence)
    try:
        with open_store(request) as store:
            periods = query.fill_periods(query.timeline(store, actor=code, by=by, **filters, **threshold), by)
            if share:
                periods = query.with_shares(periods, query.period_totals(
                    store, by=by, since=filters["since"], until=filters["until"], negated=False, **threshold))
            events, total = query.events_page(store, actor=code, limit=PAGE, offset=offset, **filters, **threshold)
            dyads = query.list_dyads(store, actor=code, limit=20)
    except CommuniqueError as problem:  # /actors/XYZ: no such code in the store
        return _page(request, "error.html", status_code=404, status=404, message=str(problem), link="/actors")
    return _page(request, "actor.html", code=code, by=by, periods=periods, share=share, dyads=dyads,
                 chart=render.timeline_chart(periods, share=share), events=events, total=total, offset=offset,
                 limit=PAGE)


@router.get("/events/{event_id}")
def event_view(request: Request, event_id: str) -> Response:
    return _event_page(request, event_id)


def _event_page(request: Request, event_id: str, *, error: str | None = None, form: dict | None = None,
                status_code: int = 200) -> Response:
    """The event page; after a refused correction, with the error and the form as it was filled in."""
    event = event_or_404(request, event_id)
    mentions = [{**m, "segments": render.evidence_segments(m)} for m in event["mentions"]]
    codes = {code for field in ("actor_codes", "recipient_codes") for code in event[field].split(";") if code}
    return _page(request, "event.html", status_code=status_code, event=event, mentions=mentions,
                 pairs=dedup.pairs(codes), plover_types=sorted(query.PLOVER_TYPES), error=error, form=form or {},
                 writable=bool(request.app.state.settings.token))


@router.post("/events/{event_id}/corrections")
async def correct_event(request: Request, event_id: str) -> Response:
    """The event page's correction form (a plain form post: the dashboard runs no JavaScript). The
    token field must hold the server's write token; on success, back to the event page (303)."""
    form = {key: values[-1] for key, values in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    event_or_404(request, event_id)
    problem, status = token_problem(request.app.state.settings.token, form.get("token", ""))
    if problem:
        return _event_page(request, event_id, error=problem, form=form, status_code=status)
    try:
        changes = form_changes(form)
        with open_store(request) as store:
            corrections.add_correction(store, event_id, changes, author=form.get("author") or "dashboard",
                                       note=form.get("note"))
    except CommuniqueError as failure:
        return _event_page(request, event_id, error=str(failure), form=form, status_code=400)
    return RedirectResponse(f"/events/{event_id}?corrected=1#corrections", status_code=303)


def form_changes(form: dict[str, str]) -> dict:
    """The correction form's fields -> the changes of a correction: an empty field is left as coded;
    plover "none" is "not an event"; codes are separated by spaces, commas, ";" or "+"; "-" is none."""
    changes: dict = {}
    plover = form.get("plover", "").strip()
    if plover:
        changes["plover"] = None if plover == "none" else plover
    for field in ("cameo", "date", "place"):
        if form.get(field, "").strip():
            changes[field] = form[field].strip()
    for side in ("actor", "recipient"):
        value = form.get(side, "").strip()
        if value:
            changes[side] = [] if value == "-" else [c for c in re.split(r"[\s,;+]+", value) if c]
    return changes


@router.get("/review")
def review(request: Request, actor: Annotated[str | None, Query(max_length=12)] = None,
           type: Annotated[str | None, Query(max_length=12)] = None,
           min_confidence: Confidence = None,
           offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    """The review queue: the events no analyst has corrected yet, least confident first; and the latest
    corrections, the orphaned first."""
    filters = {key: value for key, value in {"actor": actor, "type": type}.items() if value not in (None, "")}
    filters |= _threshold(min_confidence)
    error = None
    events: list[dict] = []
    total = 0
    with open_store(request) as store:
        try:
            events, total = query.events_page(store, sort="confidence", corrected=False, limit=PAGE, offset=offset,
                                              **filters)
        except CommuniqueError as problem:
            error = str(problem)
        orphaned = corrections.list_corrections(store, orphaned=True, limit=50)
        latest = corrections.list_corrections(store, orphaned=False, limit=20)
        corrected = query.count_events(store, corrected=True, negated=None)
    return _page(request, "review.html", status_code=400 if error else 200, events=events, total=total,
                 offset=offset, limit=PAGE, error=error, orphaned=orphaned, latest=latest, corrected=corrected)


@router.get("/map")
def map_view(request: Request, actor: Annotated[str | None, Query(max_length=12)] = None,
             dyad: Annotated[str | None, Query(max_length=30)] = None,
             type: Annotated[str | None, Query(max_length=12)] = None,
             since: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
             until: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
             min_confidence: Confidence = None) -> Response:
    """Events by place on an offline world map (an SVG drawn here: no tiles, nothing fetched)."""
    filters = {key: value for key, value in {"actor": actor, "dyad": dyad, "type": type, "since": since,
                                             "until": until}.items() if value not in (None, "")}
    filters |= _threshold(min_confidence)
    error, places = None, []
    try:
        with open_store(request) as store:
            places = query.list_places(store, **filters)
            unplaced = query.count_events(store, **filters) - sum(p["events"] for p in places)
    except CommuniqueError as problem:
        error, unplaced = str(problem), 0
    return _page(request, "map.html", status_code=400 if error else 200, error=error, places=places,
                 chart=render.world_map(places, link_params=filters), unplaced=unplaced)


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
           place: Annotated[str | None, Query(max_length=200)] = None,
           min_confidence: Confidence = None,
           corrected: Literal["", "true", "false"] = "",
           offset: Annotated[int, Query(ge=0, le=10**12)] = 0) -> Response:
    """Events by text and filters. A bad filter (a dyad of one code) is shown on the page, as a 400."""
    filters = {"q": q, "dyad": dyad, "actor": actor, "type": type, "since": since, "until": until,
               "mechanism": mechanism, "quad_class": int(quad_class) if quad_class else None, "place": place,
               **_threshold(min_confidence),
               "corrected": {"true": True, "false": False}.get(corrected)}
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
