"""The unit that flows through the pipeline: one document, or the record of why one could not be read."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from typing import Literal

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def content_id(text: str) -> str:
    """A stable id for a document that came without one: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # any str, even a broken one


@dataclass(frozen=True, slots=True)
class Document:
    """A readable document.

    ``published`` is an ISO 8601 string at the precision the source gave: ``"2023-09-19"``,
    ``"2020-09"``, or a datetime with its UTC offset (``"2021-01-21T17:12:47-05:00"``).
    ``dateline`` is the raw dateline prefix of the text when there is one
    (``"Moscow, 9 Sep (ZXS) --"``); interpreting it is the when/where stage's job.
    ``origin`` says where the document came from (``"feeds.xml#item 3"``), for messages.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: str | None = None
    origin: str = ""
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        _replace_lone_surrogates(self)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """An input document that cannot be coded, with the reason; it still gets its status record."""

    id: str
    status: Literal["skipped", "failed"]
    reason: str
    origin: str = ""
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        _replace_lone_surrogates(self)


def _replace_lone_surrogates(item: Document | Unreadable) -> None:
    """A lone surrogate (a JSON "\\ud83d" without its pair) is no character and cannot be encoded:
    whoever builds a Document, each becomes U+FFFD, the replacement character, before anything hashes,
    codes or stores it."""
    for spec in fields(item):
        value = getattr(item, spec.name)
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            object.__setattr__(item, spec.name, _LONE_SURROGATE.sub("\ufffd", value))


ReadResult = Document | Unreadable
