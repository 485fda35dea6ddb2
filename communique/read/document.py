"""The unit that flows through the pipeline: one document, or the record of why one could not be read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal


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


ReadResult = Document | Unreadable
