"""Whole-file JSON (.json): a JSON Feed, an array of document objects, or one document object."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

from communique.read.common import UniqueIds, build_document, short_error, unreadable
from communique.read.document import ReadResult, content_id
from communique.read.feeds import TITLE_AS_TEXT
from communique.read.jsonl import (
    has_surrogate_escape,
    json_error,
    json_type,
    parse_json,
    read_jsonl,
    record_result,
    scrub_surrogates,
)
from communique.read.text import BinaryContent, decode_bytes, html_to_text

# A JSON array is parsed one item at a time, and read up to this many: millions of tiny items in a
# few megabytes would otherwise become millions of records (JSON Lines has no cap: it streams).
MAX_JSON_ITEMS = 100_000


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
    if text.lstrip().startswith("["):
        yield from _read_array(text, name=name, origin=origin, meta=_meta(encoding))
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
    meta = _meta(encoding)
    if isinstance(value, dict) and _is_json_feed(value):
        yield from _read_json_feed(value, name=name, origin=origin, meta=meta)
    elif isinstance(value, dict) and "text" in value:
        yield record_result(
            value, where="document", fallback_id=name, origin=origin, ids=None, meta=meta, id_default=name
        )
    else:
        yield unreadable(name, "skipped", f"unsupported JSON structure ({_describe(value)})", origin)


def _meta(encoding: str) -> dict:
    return {"format": "json"} if encoding == "utf-8" else {"format": "json", "encoding": encoding}


def _read_array(text: str, *, name: str, origin: str, meta: dict) -> Iterator[ReadResult]:
    """The documents of a JSON array, its items parsed one at a time (never the whole list at once).

    A first pass checks the items (up to the cap) and keeps none, so that an invalid array still fails
    as a whole and an array with no document is one skipped record; the second yields them.
    """
    first_type, all_objects, has_text, more = None, True, False, False
    try:
        for n, item in enumerate(_array_items(text), 1):
            if n > MAX_JSON_ITEMS:
                more = True
                break
            first_type = first_type or json_type(item)
            all_objects = all_objects and isinstance(item, dict)
            has_text = has_text or (isinstance(item, dict) and "text" in item)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":
            # Several top-level values: this is really JSON Lines with a .json name.
            yield from read_jsonl(io.BytesIO(text.encode("utf-8")), name=name, origin=origin)
            return
        where = f" at line {exc.lineno} column {exc.colno}"
        yield unreadable(name, "failed", f"invalid JSON ({exc.msg}{where})", origin)
        return
    except ValueError as exc:
        yield unreadable(name, "failed", f"invalid JSON ({json_error(exc)})", origin)
        return
    if first_type is None:
        yield unreadable(name, "skipped", "unsupported JSON structure (an empty array)", origin)
        return
    if not has_text:
        what = "objects with no 'text' field" if all_objects else f"{first_type} values"
        yield unreadable(name, "skipped", f"unsupported JSON structure (an array of {what})", origin)
        return
    ids = UniqueIds()
    scrub = has_surrogate_escape(text)
    for n, item in enumerate(_array_items(text), 1):
        if n > MAX_JSON_ITEMS:
            break
        yield record_result(
            scrub_surrogates(item) if scrub else item,
            where=f"item {n}",
            fallback_id=f"{name}#item{n}",
            origin=f"{origin}#item {n}",
            ids=ids,
            meta=meta,
        )
    if more:
        n = MAX_JSON_ITEMS + 1
        reason = (f"items after the first {MAX_JSON_ITEMS:,} not read (a JSON array is read up to "
                  f"{MAX_JSON_ITEMS:,} items): split the file, or write it as JSON Lines")
        yield unreadable(f"{name}#item{n}", "skipped", reason, f"{origin}#item {n}")


_DECODER = json.JSONDecoder(strict=False)  # lenient about raw control characters, as parse_json
_SPACE = re.compile(r"[ \t\n\r]*")


def _array_items(text: str) -> Iterator[object]:
    """The values of the JSON array that ``text`` holds, parsed one at a time; raises JSONDecodeError
    where json.loads would (and "Extra data" for anything after the array)."""
    at = _SPACE.match(text, text.index("[") + 1).end()
    if text.startswith("]", at):
        at += 1
    else:
        while True:
            try:
                value, at = _DECODER.raw_decode(text, at)
            except RecursionError:
                raise ValueError("nesting too deep") from None
            yield value
            at = _SPACE.match(text, at).end()
            if text.startswith(",", at):
                at = _SPACE.match(text, at + 1).end()
            elif text.startswith("]", at):
                at += 1
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
    at = _SPACE.match(text, at).end()
    if at < len(text):
        raise json.JSONDecodeError("Extra data", text, at)


def _is_json_feed(value: dict) -> bool:
    version = value.get("version")
    return isinstance(version, str) and "jsonfeed.org" in version and isinstance(value.get("items"), list)


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "an object with no 'text' field"
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
