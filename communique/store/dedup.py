"""The dedup rule: which mentions are one event, and who counts as a source.

Mentions (coded occurrences in documents) are one event when they share all five parts of the key:

1. participants: the sorted codes of the actor side and of the recipient side (direction counts:
   "CHN accuses USA" is not "USA accuses CHN"); a participant without a code counts by its name.
   Meetings (PLOVER CONSULT) are reciprocal, so their participants are one unordered set: "Wang Yi met
   Patrushev" and "Wang Yi visited Patrushev in Moscow" are the same meeting.
2. type: the PLOVER type, or the CAMEO root where PLOVER has none (01 statements, 02 appeals).
3. date window: the event's day. A mention dated only to the month or the year (or with no year, or
   undated) merges only with copies of its own text: in a month, the same participants doing the same
   thing are often several events (22 UN General Debate speeches of September 2020 would otherwise be
   one SUPPORT event).
4. place: the event's place, else its country, else none.
5. polarity: negated, and the modality (asserted, future, hypothetical): "did not meet" and "would meet"
   are never merged into "met".

Documents with the same text (syndicated copies, the same article under another URL) add mentions and
sources but count once as an article (GDELT's NumArticles). A source is the outlet: the document's
``source``, else its URL's host, else the document itself.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

RECIPROCAL_TYPES = frozenset({"CONSULT"})


def outlet(source: str | None, url: str | None, doc_id: str) -> str:
    """Who published a document: its source, else its URL's host, else the document itself."""
    if source and source.strip():
        return source.strip().lower()
    if url:
        host = urlsplit(url.strip()).hostname
        if host:
            return host.removeprefix("www.")
    return f"doc:{doc_id}"


def _side(participants: list[dict]) -> list[str]:
    return sorted({p["code"] if p.get("code") else "?" + " ".join((p.get("name") or p["text"]).lower().split())
                   for p in participants})


def type_key(event: dict) -> str:
    plover = event.get("plover") or {}
    return plover.get("type") or f"CAMEO{event['cameo']['root']}"


def event_key(event: dict, *, text_hash: str | None, doc_id: str) -> tuple[str, ...]:
    """The dedup key of a contract event (see the module docstring)."""
    actors, recipients = _side(event["actor"]), _side(event["recipient"])
    if type_key(event) in RECIPROCAL_TYPES:
        actors, recipients = sorted(set(actors) | set(recipients)), []
    date = event.get("date") or {}
    window = date.get("value") or "undated"
    if date.get("precision") != "day" or not window[:4].isdigit():
        # A month, a year or no year cannot tell two reports apart: merge only copies of this text.
        window = f"{window}@{text_hash or doc_id}"
    location = event.get("location") or {}
    place = (location.get("place") or location.get("country") or "").strip().lower()
    polarity = ("not " if event["negated"] else "") + event["modality"]
    return (";".join(actors), ";".join(recipients), type_key(event), window, place, polarity)


def event_id(key: tuple[str, ...]) -> str:
    """A stable id: the same key gives the same id in every store, so exports can be re-imported."""
    return hashlib.sha256("|".join(key).encode("utf-8")).hexdigest()[:16]


def dyad(codes: set[str]) -> str | None:
    """"CHN-RUS" for exactly two distinct codes, sorted; None otherwise."""
    return "-".join(sorted(codes)) if len(codes) == 2 else None


def pairs(codes: set[str]) -> list[str]:
    """Every dyad among the codes: none for one code, one for two, three for three."""
    ordered = sorted(codes)
    return [f"{a}-{b}" for i, a in enumerate(ordered) for b in ordered[i + 1:]]
