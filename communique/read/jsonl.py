"""JSON Lines (.jsonl, .ndjson): one document object per line, read as a stream.

Also home to ``record_result``, which turns one JSON document object into a ReadResult for both the
JSONL and the JSON readers.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from communique.read.common import UniqueIds, build_document, short_error, unreadable
from communique.read.document import ReadResult, content_id
from communique.read.text import bom_encoding, decode_legacy

# Fields with a place on Document; everything else in a record goes to meta.
_KNOWN_FIELDS = ("id", "text", "title", "url", "source", "published")
# A single line longer than this is refused rather than held in memory.
MAX_LINE_BYTES = 64 * 1024 * 1024


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def parse_json(text: str) -> object:
    """json.loads, lenient about raw control characters in strings; raises ValueError on bad JSON.
    A lone surrogate escape ("\\ud83d" without its pair) is no character: it becomes U+FFFD, the
    replacement character, as a strict UTF-8 decoder would make of it."""
    try:
        value = json.loads(text, strict=False)
    except RecursionError:
        raise ValueError("nesting too deep") from None
    return scrub_surrogates(value) if has_surrogate_escape(text) else value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate_escape(text: str) -> bool:
    """Whether parsed values of ``text`` may hold lone surrogates (then scrub them)."""
    return _SURROGATE_ESCAPE.search(text) is not None


def scrub_surrogates(value: object) -> object:
    """``value`` with every lone surrogate in its strings replaced by U+FFFD."""
    return _scrub(value)


def _scrub(value: object) -> object:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(key): _scrub(item) for key, item in value.items()}
    return value


def json_error(exc: Exception) -> str:
    """'Expecting ',' delimiter' from "Expecting ',' delimiter: line 1 column 5 (char 4)"."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return short_error(exc)


def record_result(
    record: object,
    *,
    where: str,
    fallback_id: str,
    origin: str,
    ids: UniqueIds | None,
    meta: dict | None = None,
    id_default: str | None = None,
) -> ReadResult:
    """The ReadResult for one parsed JSON document object.

    ``where`` prefixes reasons ("line 7"); ``fallback_id`` names an Unreadable that has no id of its own;
    ``id_default`` is the id when the record gives none (else the content id).
    """
    if not isinstance(record, dict):
        return unreadable(fallback_id, "failed", f"{where}: JSON {json_type(record)}, not an object", origin)
    meta = dict(meta or {})
    warnings: list[str] = []
    given_id = _given_id(record.get("id"))
    if given_id is None and record.get("id") is not None:
        warnings.append(f"ignored id of type {json_type(record.get('id'))}")
    fields = {
        "title": _string_field(record, "title", warnings),
        "url": _string_field(record, "url", warnings),
        "source": _string_field(record, "source", warnings),
        "published": record.get("published"),
    }
    text = record.get("text")
    problem = None
    if "text" not in record:
        problem = f"{where}: no 'text' field"
    elif not isinstance(text, str):
        problem = f"{where}: 'text' is {json_type(text)}, not a string"
    elif not text.strip():
        problem = f"{where}: empty text"
    if problem:
        id = given_id or fallback_id
        if ids is not None:
            id = ids.claim(id)[0]
        return unreadable(id, "skipped", problem, origin, **fields)
    id = given_id or id_default or content_id(text)
    if ids is not None:
        id, renamed = ids.claim(id)
        if renamed:
            warnings.append(f"duplicate id in this file, renamed to {id!r}")
    meta.update((k, v) for k, v in record.items() if k not in _KNOWN_FIELDS)
    if warnings:
        meta["warnings"] = list(meta.get("warnings", [])) + warnings
    return build_document(id, text, origin=origin, meta=meta, **fields)


def _given_id(value: object) -> str | None:
    # Numbers are fine as ids ("id": 42 -> "42"); objects, arrays and booleans are not.
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _string_field(record: dict, key: str, warnings: list[str]) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    warnings.append(f"ignored {key} of type {json_type(value)}")
    return None


def read_jsonl(stream: BinaryIO, *, name: str, origin: str) -> Iterator[ReadResult]:
    """One result per non-blank line of ``stream``, read lazily; ``name`` (the file stem) names bad lines.

    Given ids are kept as they are here; ``read_inputs`` renames a repeated one ("x#2").
    """
    count = 0
    lineno = 0
    lines = _lines(stream)
    while True:
        lineno += 1
        try:
            item = next(lines)
        except StopIteration:
            break
        except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt gzip stream
            reason = f"line {lineno} onward: could not read ({short_error(exc)})"
            yield unreadable(f"{name}:{lineno}", "failed", reason, f"{origin}:line {lineno}")
            return
        line_origin = f"{origin}:line {lineno}"
        if item is None:
            count += 1
            reason = f"line {lineno}: too large (over {MAX_LINE_BYTES // 2**20} MB)"
            yield unreadable(f"{name}:{lineno}", "failed", reason, line_origin)
            continue
        text, encoding = item
        if not text.strip():
            continue
        count += 1
        try:
            record = parse_json(text)
        except ValueError as exc:
            yield unreadable(
                f"{name}:{lineno}", "failed", f"line {lineno}: invalid JSON ({json_error(exc)})", line_origin
            )
            continue
        meta = {"format": "jsonl"}
        if encoding != "utf-8":
            meta["encoding"] = encoding
        yield record_result(
            record,
            where=f"line {lineno}",
            fallback_id=f"{name}:{lineno}",
            origin=line_origin,
            ids=None,
            meta=meta,
        )
    if count == 0:
        yield unreadable(name, "skipped", "empty document", origin)


def _lines(stream: BinaryIO) -> Iterator[tuple[str, str] | None]:
    """Each physical line as (text, encoding), or None for a line over MAX_LINE_BYTES.

    Splits the bytes on b"\\n" rather than calling str.splitlines, which would also break inside JSON
    strings at U+2028 and friends. UTF-16/32 files (with a BOM) are decoded as a whole stream.
    """
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    bom = bom_encoding(stream.peek(4)[:4])
    if bom and bom[0] != "utf-8":
        encoding = bom[0].replace("-le", "").replace("-be", "")  # utf-16 / utf-32 read their own BOM
        text_stream = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")
        for line in text_stream:
            yield line, bom[0]
        text_stream.detach()  # the caller owns the stream; don't let the wrapper close it
        return
    first = True
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the oversized line without keeping it
            yield None
            continue
        if first and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        first = False
        try:
            yield raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            yield decode_legacy(raw)
