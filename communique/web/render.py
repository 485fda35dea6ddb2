"""What the dashboard's templates draw, computed in Python so that it can be tested: text cut into
marked segments (evidence sentences, documents) and the timeline chart as SVG shapes. Templates get
plain strings and numbers and escape them (Jinja autoescape); nothing here builds HTML."""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass
class Span:
    """A marked stretch of text: [start, end) with a kind (trigger, actor, recipient, sentence, ...),
    an optional link and a tooltip."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    href: str | None = None
    title: str | None = None

    @property
    def css(self) -> str:
        return " ".join(f"m-{kind}" for kind in self.kinds)


# When spans overlap, the segment links to (and is titled by) the most specific of them.
_PRIORITY = {"trigger": 0, "actor": 1, "recipient": 1, "participant": 1, "topic": 2, "sentence": 3,
             "position": 4, "commitment": 4, "mechanism": 4}


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the kinds of the spans that cover it.
    Spans outside the text are clipped; empty ones are dropped."""
    spans = [Span(max(0, s.start), min(len(text), s.end), s.kind, s.href, s.title) for s in spans]
    spans = sorted((s for s in spans if s.start < s.end), key=lambda s: s.start)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[Segment] = []
    # A sweep over the cuts. A piece needs only the kinds over it (counted), and the link and title of
    # the most specific span over it (the top of a heap ordered as _PRIORITY, then by start; spans that
    # have ended leave when they reach the top). So each span is handled once, however many overlap:
    # one long sentence of a document can hold thousands of mentions.
    open_kinds: Counter[str] = Counter()
    ending: list[tuple[int, int]] = []  # (end, index) of the open spans
    linked: list[tuple[int, int, int]] = []  # (priority, start, index) of open spans with a link
    titled: list[tuple[int, int, int]] = []  # the same, with a title
    upcoming = 0
    for start, end in itertools.pairwise(cuts):
        while ending and ending[0][0] <= start:
            open_kinds[spans[heapq.heappop(ending)[1]].kind] -= 1
        while upcoming < len(spans) and spans[upcoming].start <= start:
            span = spans[upcoming]
            open_kinds[span.kind] += 1
            heapq.heappush(ending, (span.end, upcoming))
            order = (_PRIORITY.get(span.kind, 9), span.start, upcoming)
            if span.href:
                heapq.heappush(linked, order)
            if span.title:
                heapq.heappush(titled, order)
            upcoming += 1
        for heap in (linked, titled):
            while heap and spans[heap[0][2]].end <= start:
                heapq.heappop(heap)
        kinds = sorted((kind for kind, n in open_kinds.items() if n > 0), key=lambda k: (_PRIORITY.get(k, 9), k))
        href = spans[linked[0][2]].href if linked else None
        title = spans[titled[0][2]].title if titled else None
        pieces.append(Segment(text[start:end], kinds, href, title))
    return pieces


def mention_spans(mention: dict, *, offset: int = 0, href: str | None = None) -> list[Span]:
    """The trigger and participants of a stored mention, as spans relative to ``offset`` (the start
    of the evidence sentence, to mark the sentence alone; 0 to mark the whole document)."""
    evidence = mention["evidence"]
    title = f"{mention['plover_type'] or 'CAMEO ' + mention['cameo_code']} ({mention['cameo_code']})"
    spans = []
    if evidence.get("trigger_start") is not None and evidence.get("trigger_end") is not None:
        spans.append(Span(evidence["trigger_start"] - offset, evidence["trigger_end"] - offset, "trigger", href,
                          f"trigger: {title}"))
    for person in mention.get("participants") or ():
        label = f"{person['role']}: {person.get('code') or '?'} {person.get('sector') or ''}".strip()
        if person.get("name") and person["name"] != person.get("text"):
            label += f" ({person['name']})"
        spans.append(Span(person["start"] - offset, person["end"] - offset, person["role"], href, label))
    return spans


def evidence_segments(mention: dict) -> list[Segment]:
    """The evidence sentence of a mention with its trigger and participants marked."""
    evidence = mention["evidence"]
    return segments(evidence["sentence"], mention_spans(mention, offset=evidence["start"]))


def document_segments(document: dict) -> list[Segment]:
    """A stored document's text with every coded span marked: each event mention's sentence, trigger
    and participants (linked to the event), and the sentences of its positions, commitments and
    mechanisms."""
    spans: list[Span] = []
    for mention in document["mentions"]:
        href = f"/events/{mention['event_id']}"
        evidence = mention["evidence"]
        spans.append(Span(evidence["start"], evidence["end"], "sentence", href,
                          f"event: {mention['plover_type'] or mention['cameo_code']}"))
        spans += mention_spans(mention, href=href)
    record = document.get("record") or {}
    for kind, key in (("position", "positions"), ("commitment", "commitments"), ("mechanism", "mechanisms")):
        for item in record.get(key) or ():
            evidence = item.get("evidence") or {}
            if evidence.get("start") is not None:
                spans.append(Span(evidence["start"], evidence["end"], kind, None, _label(kind, item)))
            if kind == "position" and evidence.get("topic_start") is not None:
                spans.append(Span(evidence["topic_start"], evidence["topic_end"], "topic", None,
                                  f"topic: {item.get('topic')}"))
    return segments(document.get("text") or "", spans)


def _label(kind: str, item: dict) -> str:
    if kind == "position":
        return f"position: {item.get('stance')} {item.get('topic')}"
    if kind == "commitment":
        return f"commitment: {item.get('action')}"
    return f"mechanism: {item.get('name')}"


@dataclass
class Chart:
    """A timeline as SVG shapes: stacked bars of events per quad class, the Goldstein mean as polylines
    (one per run of periods with events: an empty period is a gap, not a line across it)."""

    width: int
    height: int
    bars: list[dict]
    lines: list[str]
    dots: list[dict]
    ticks: list[dict]
    gridlines: list[dict]
    max_events: float
    share: bool = False


def timeline_chart(rows: list[dict], *, width: int = 760, height: int = 240, share: bool = False) -> Chart | None:
    """Shapes for ``query.timeline`` rows (with their empty periods: ``query.fill_periods``); None when
    there are none. Bars (left axis: events, or with ``share`` each period's share of all the store's
    events, from ``query.with_shares``) are stacked by quad class; the line (right axis, -10..+10) is the
    mean Goldstein score."""
    if not rows:
        return None
    left, right, top, bottom = 40, 40, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(rows)
    bar_w = min(48.0, max(1.0, slot * 0.7))  # one period need not fill the chart

    def value(row: dict) -> float:  # the bar's height in the chart's unit
        return (row.get("share") or 0.0) if share else row["events"]

    peak = max(value(row) for row in rows) or 1
    bars, dots, ticks = [], [], []
    lines: list[list[str]] = [[]]
    every = max(1, len(rows) // 12)  # at most ~12 labels
    for i, row in enumerate(rows):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        scale = value(row) / row["events"] if row["events"] else 0.0  # events -> the chart's unit
        for quad in (1, 2, 3, 4):
            count = row.get(f"quad{quad}") or 0
            if not count:
                continue
            h = plot_h * count * scale / peak
            y -= h
            label = f"{row['period']}: {count} {QUAD_NAMES[quad]}"
            if share:
                label += f" ({row['share']:.1%} of all events in the period)"
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1),
                         "quad": quad, "title": label})
        mean = row.get("goldstein_mean")
        if mean is not None:
            gy = top + plot_h * (10 - mean) / 20
            lines[-1].append(f"{round(x + bar_w / 2, 1)},{round(gy, 1)}")
            dots.append({"x": round(x + bar_w / 2, 1), "y": round(gy, 1),
                         "title": f"{row['period']}: mean Goldstein {mean:+.2f}"})
        elif lines[-1]:
            lines.append([])  # a gap: the next period with events starts a new line
        if i % every == 0:
            ticks.append({"x": round(x + bar_w / 2, 1), "y": height - bottom + 16, "label": row["period"]})
    gridlines = [{"y": round(top + plot_h * (1 - f), 1), "label": f"{peak * f:.0%}" if share else f"{peak * f:g}",
                  "g": f"{20 * f - 10:+.0f}"} for f in (0, 0.5, 1)]
    return Chart(width, height, bars, [" ".join(points) for points in lines if len(points) > 1], dots, ticks,
                 gridlines, peak, share)


# --- the world map ------------------------------------------------------------------------------------------


@dataclass
class WorldMap:
    """Events by place on an equirectangular projection: a graticule and a circle per place, its area
    proportional to the place's events, linked to the list of those events."""

    width: int
    height: int
    graticule: list[dict]
    markers: list[dict]


def project(lat: float, lon: float, width: int, height: int) -> tuple[float, float]:
    """Equirectangular: longitude -180..180 -> x 0..width, latitude 90..-90 -> y 0..height."""
    return round((lon + 180) / 360 * width, 1), round((90 - lat) / 180 * height, 1)


def world_map(places: list[dict], *, link_params: dict | None = None, width: int = 1000,
              height: int = 500) -> WorldMap:
    """The map of ``query.list_places``; each marker links to /search with the place and the filters
    the map was drawn with."""
    from urllib.parse import urlencode

    graticule = []
    for lon in range(-180, 181, 30):
        x, _ = project(0, lon, width, height)
        label = f"{abs(lon)}°{'EW'[lon < 0] if lon else ''}"
        graticule.append({"x1": x, "y1": 0, "x2": x, "y2": height, "label": label, "equator": lon == 0})
    for lat in range(-60, 61, 30):
        _, y = project(lat, 0, width, height)
        label = f"{abs(lat)}°{'NS'[lat < 0] if lat else ''}"
        graticule.append({"x1": 0, "y1": y, "x2": width, "y2": y, "label": label, "equator": lat == 0})
    peak = max((p["events"] for p in places), default=1)
    markers = []
    for place in sorted(places, key=lambda p: -p["events"]):  # the big ones first, so small ones lie on top
        x, y = project(place["lat"], place["lon"], width, height)
        params = {**(link_params or {}), "place": place["place"]}
        markers.append({"x": x, "y": y, "r": round(3 + 17 * (place["events"] / peak) ** 0.5, 1),
                        "href": "/search?" + urlencode({k: v for k, v in params.items() if v not in (None, "")}),
                        "title": f"{place['place']}{' (' + place['country'] + ')' if place['country'] else ''}: "
                                 f"{place['events']} event(s)", "place": place["place"], "events": place["events"],
                        "country": place["country"], "lat": place["lat"], "lon": place["lon"]})
    return WorldMap(width, height, graticule, markers)
