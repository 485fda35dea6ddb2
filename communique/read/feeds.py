"""RSS and Atom feeds (.xml, .rss, .atom, .rdf): one document per entry, parsed by feedparser."""

from __future__ import annotations

import io
from collections.abc import Iterator

from communique.read.common import UniqueIds, build_document, short_error, unreadable
from communique.read.document import ReadResult, content_id
from communique.read.published import normalize_published
from communique.read.text import html_to_text, normalize_newlines

# Many feeds (the White House briefing room's among them) carry only headlines. A headline is still
# codable news, so an entry with no body takes its title as text, flagged meta["text_from"] = "title".
# Only an entry with neither is skipped as "feed item has no text".
TITLE_AS_TEXT = True

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(data: bytes, *, name: str, origin: str) -> Iterator[ReadResult]:
    """One result per feed entry; a feed with no entries still yields one Unreadable saying why."""
    import feedparser  # here, not at the top: a command that reads no feed does not pay its import

    try:
        # A stream, never bytes or str: feedparser treats a string as a URL or a file name to open.
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # feedparser is defensive, but hostile bytes have broken it before
        yield unreadable(name, "failed", f"not a valid RSS/Atom feed: {short_error(exc)}", origin)
        return
    feed = parsed.get("feed", {})
    source = feed.get("title")
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        if problem is not None:
            yield unreadable(
                name, "failed", f"not a valid RSS/Atom feed: {short_error(problem)}", origin, source=source
            )
        else:
            yield unreadable(name, "skipped", "feed has no items", origin, source=source)
        return
    meta = {"format": parsed.get("version") or "feed"}
    encoding = (parsed.get("encoding") or "utf-8").lower()
    if encoding not in ("utf-8", "utf8"):
        meta["encoding"] = encoding  # feedparser decoded it as the XML declaration said
    if problem is not None:
        # feedparser's lenient parser recovered the entries of a malformed feed; say so, keep them.
        meta["warnings"] = [f"feed is not well-formed: {short_error(problem)}"]
    ids = UniqueIds()
    for n, entry in enumerate(entries, 1):
        yield _entry(entry, n, name=name, origin=f"{origin}#item {n}", source=source, meta=meta, ids=ids)


def _entry(
    entry: dict, n: int, *, name: str, origin: str, source: str | None, meta: dict, ids: UniqueIds
) -> ReadResult:
    entry_meta = dict(meta)
    warnings = list(meta.get("warnings", []))
    title = entry.get("title")
    url = entry.get("link")
    published = _published(entry, warnings)
    text = _entry_text(entry)
    if not text and TITLE_AS_TEXT and title and title.strip():
        text = " ".join(title.split())
        entry_meta["text_from"] = "title"
    given_id = (entry.get("id") or "").strip() or None
    if not text:
        id = ids.claim(given_id or f"{name}#item{n}")[0]
        return unreadable(
            id,
            "skipped",
            "feed item has no text",
            origin,
            title=title,
            source=source,
            url=url,
            published=published,
        )
    id, renamed = ids.claim(given_id or content_id(text))
    if renamed:
        warnings.append(f"duplicate id in this file, renamed to {id!r}")
    tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
    if tags:
        entry_meta["tags"] = tags
    if entry.get("author"):
        entry_meta["author"] = entry["author"]
    if warnings:
        entry_meta["warnings"] = warnings
    return build_document(
        id, text, origin=origin, title=title, source=source, url=url, published=published, meta=entry_meta
    )


def _entry_text(entry: dict) -> str:
    """The entry's body as plain text: its content if any, else its summary."""
    candidates = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if entry.get("summary_detail") and (entry.get("summary") or "").strip():
        candidates.append(entry["summary_detail"])
    elif (entry.get("summary") or "").strip():
        candidates.append({"type": "text/html", "value": entry["summary"]})
    for candidate in candidates:
        value = candidate.get("value") or ""
        if (candidate.get("type") or "text/html") in _HTML_TYPES:
            text = html_to_text(value)
        else:
            text = normalize_newlines(value).strip()
        if text:
            return text
    return ""


def _published(entry: dict, warnings: list[str]) -> str | None:
    """The entry's own date string when it parses (it keeps the source's offset: "-04:00"), else
    feedparser's struct_time, which is UTC."""
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed")):
        raw = entry.get(raw_key)
        if not raw:
            continue
        try:
            return normalize_published(raw)
        except ValueError:
            pass
        if entry.get(parsed_key):
            return normalize_published(entry[parsed_key])
        warnings.append(f"unparseable published date ignored: {raw!r:.60}")
        return None
    return None
