"""Whole-file JSON (.json): a JSON Feed, an array of document objects, or one document object."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from communique.read.common import UniqueIds, build_document, short_error, unreadable
from communique.read.document import ReadResult, content_id
from communique.read.feeds import TITLE_AS_TEXT
from communique.read.jsonl import json_error, json_type, parse_json, read_jsonl, record_result
from communique.read.text import BinaryContent, decode_bytes, html_to_text


def read_json(data: bytes, *, name: str, origin: str) -> Iterator[ReadResult]:
    """The documents in a JSON file; ``name`` (the file stem) is the id of a single-object file."""
    try:
        text, encoding = decode_bytes(data)
    except BinaryContent:
        yield unreadable(name, "skipped", "binary file", origin)
        return
    if not text.strip():
        yield unreadable(name, "skipped", "empty document", origin)
        return
    try:
        value = parse_json(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            # Several top-level values: this is really JSON Lines with a .json name.
            yield from read_jsonl(io.BytesIO(text.encode("utf-8")), name=name, origin=origin)
            return
        yield unreadable(
            name, "failed", f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", origin
        )
        return
    except ValueError as exc:
        yield unreadable(name, "failed", f"invalid JSON ({json_error(exc)})", origin)
        return
    meta = {"format": "json"}
    if encoding != "utf-8":
        meta["encoding"] = encoding
    if isinstance(value, dict) and _is_json_feed(value):
        yield from _read_json_feed(value, name=name, origin=origin, meta=meta)
    elif isinstance(value, dict) and "text" in value:
        yield record_result(
            value, where="document", fallback_id=name, origin=origin, ids=None, meta=meta, id_default=name
        )
    elif isinstance(value, list) and any(isinstance(item, dict) and "text" in item for item in value):
        ids = UniqueIds()
        for n, item in enumerate(value, 1):
            yield record_result(
                item,
                where=f"item {n}",
                fallback_id=f"{name}#item{n}",
                origin=f"{origin}#item {n}",
                ids=ids,
                meta=meta,
            )
    elif isinstance(value, list) and not value:
        yield unreadable(name, "skipped", "unsupported JSON structure (an empty array)", origin)
    else:
        yield unreadable(name, "skipped", f"unsupported JSON structure ({_describe(value)})", origin)


def _is_json_feed(value: dict) -> bool:
    version = value.get("version")
    return isinstance(version, str) and "jsonfeed.org" in version and isinstance(value.get("items"), list)


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "an object with no 'text' field"
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return "an array of objects with no 'text' field"
    if isinstance(value, list):
        return f"an array of {json_type(value[0])} values"
    return f"a JSON {json_type(value)}"


def _read_json_feed(feed: dict, *, name: str, origin: str, meta: dict) -> Iterator[ReadResult]:
    """JSON Feed (jsonfeed.org) items; text from content_text, else content_html made plain."""
    items = feed["items"]
    source = feed.get("title") if isinstance(feed.get("title"), str) else None
    if not items:
        yield unreadable(name, "skipped", "feed has no items", origin, source=source)
        return
    ids = UniqueIds()
    for n, item in enumerate(items, 1):
        item_origin = f"{origin}#item {n}"
        if not isinstance(item, dict):
            yield unreadable(
                f"{name}#item{n}", "failed", f"item {n}: JSON {json_type(item)}, not an object", item_origin
            )
            continue
        yield _feed_item(item, n, name=name, origin=item_origin, source=source, meta=meta, ids=ids)


def _feed_item(
    item: dict, n: int, *, name: str, origin: str, source: str | None, meta: dict, ids: UniqueIds
) -> ReadResult:
    item_meta = dict(meta, format="jsonfeed")
    warnings: list[str] = []
    title = _str(item.get("title"))
    url = _str(item.get("url")) or _str(item.get("external_url"))
    published = _str(item.get("date_published")) or _str(item.get("date_modified"))
    text = _str(item.get("content_text")) or ""
    if not text.strip() and _str(item.get("content_html")):
        try:
            text = html_to_text(item["content_html"])
        except Exception as exc:  # lxml can fail in odd ways on odd markup; the item still gets a record
            warnings.append(f"could not read content_html: {short_error(exc)}")
    if not text.strip():
        text = _str(item.get("summary")) or ""
    if not text.strip() and TITLE_AS_TEXT and title and title.strip():
        text = title.strip()
        item_meta["text_from"] = "title"
    given_id = _str(item.get("id"))
    if not text.strip():
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
    for key in ("authors", "author", "tags", "language", "image"):
        if key in item:
            item_meta[key] = item[key]
    if warnings:
        item_meta["warnings"] = warnings
    return build_document(
        id,
        text.strip(),
        origin=origin,
        title=title,
        source=source,
        url=url,
        published=published,
        meta=item_meta,
    )


def _str(value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) else None
