"""Pieces every reader shares: building a Document or an Unreadable, and keeping ids unique in a file."""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from communique.read.dateline import find_dateline
from communique.read.document import Document, ReadResult, Unreadable
from communique.read.published import normalize_published
from communique.read.text import normalize_newlines

MAX_REASON_CHARS = 200
_RENAME_SUFFIX = re.compile(r"(#\d+)+$")


def one_line(message: str, limit: int = MAX_REASON_CHARS) -> str:
    """Collapse whitespace so a reason fits on one line, and keep it short."""
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def short_error(exc: BaseException) -> str:
    """A short human description of an exception: its message, or its type when it has none."""
    message = one_line(str(exc), 100)
    return message or type(exc).__name__


def unreadable(
    id: str,
    status: Literal["skipped", "failed"],
    reason: str,
    origin: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: object = None,
) -> Unreadable:
    """An Unreadable with a guaranteed non-empty one-line reason; a bad date is simply dropped here."""
    try:
        published_iso = normalize_published(published)
    except ValueError:
        published_iso = None
    return Unreadable(
        id=id,
        status=status,
        reason=one_line(reason) or "unreadable",
        origin=origin,
        title=clean_field(title),
        source=clean_field(source),
        url=clean_field(url),
        published=published_iso,
    )


def clean_field(value: object) -> str | None:
    """A metadata string with its whitespace collapsed, or None when it is missing or blank."""
    if value is None:
        return None
    flat = " ".join(str(value).split())
    return flat or None


class UniqueIds:
    """Ids handed out within one file or one run. A repeated id gets a "#2", "#3"... suffix so records
    never collide downstream (feeds repeat guids; identical texts share a content id; JSON Lines files
    repeat ids). Remembers an 8-byte digest per id, not the id, so that a run over millions of
    documents keeps tens of bytes each."""

    def __init__(self) -> None:
        self._seen: set[bytes] = set()
        self._next: dict[str, int] = {}  # the next suffix to try for each repeated id: no rescans

    def claim(self, id: str) -> tuple[str, bool]:
        """The id to use, and whether it had to be changed."""
        if self.take(id):
            return id, False
        n = self._next.get(id, 2)
        while not self.take(f"{id}#{n}"):
            n += 1
        self._next[id] = n + 1
        return f"{id}#{n}", True

    def take(self, id: str) -> bool:
        """Whether ``id`` was free (it is taken now)."""
        key = self._key(id)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def taken(self, id: str) -> bool:
        return self._key(id) in self._seen

    @staticmethod
    def _key(id: str) -> bytes:
        return hashlib.blake2b(id.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def id_family(id: str) -> str:
    """The id a renamed one came from: "x#2" and "x#2#3" -> "x"."""
    return _RENAME_SUFFIX.sub("", id) or id


def build_document(
    id: str,
    text: str,
    *,
    origin: str,
    title: object = None,
    source: object = None,
    url: object = None,
    published: object = None,
    meta: dict | None = None,
    empty_reason: str = "empty document",
) -> ReadResult:
    """The Document for ``text`` (newlines normalized, dateline found), or an Unreadable when it is empty.

    An unparseable ``published`` becomes None plus a note in ``meta["warnings"]``.
    """
    meta = dict(meta or {})
    warnings = list(meta.get("warnings") or [])
    text = normalize_newlines(text)
    if not text.strip():
        return unreadable(
            id, "skipped", empty_reason, origin, title=title, source=source, url=url, published=published
        )
    try:
        published_iso = normalize_published(published)
    except ValueError as exc:
        published_iso = None
        warnings.append(f"unparseable published date ignored: {short_error(exc)}")
    if warnings:
        meta["warnings"] = warnings
    return Document(
        id=id,
        text=text,
        title=clean_field(title),
        source=clean_field(source),
        url=clean_field(url),
        published=published_iso,
        dateline=find_dateline(text),
        origin=origin,
        meta=meta,
    )
