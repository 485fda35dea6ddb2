"""Plain text files (.txt, .text, .md): the whole file is one document."""

from __future__ import annotations

from collections.abc import Iterator

from communique.read.common import build_document, unreadable
from communique.read.document import ReadResult, content_id
from communique.read.text import BinaryContent, decode_bytes, normalize_newlines


def read_text(data: bytes, *, name: str, origin: str, id_from_content: bool = False) -> Iterator[ReadResult]:
    """One document from the bytes of a text file, with id ``name`` (the file stem).

    With ``id_from_content`` (stdin, which has no name) the id is the content id instead.
    """
    try:
        text, encoding = decode_bytes(data)
    except BinaryContent:
        yield unreadable(name, "skipped", "binary file", origin)
        return
    # Surrounding blank lines carry nothing, and stripping them lets the dateline sit at offset 0.
    text = normalize_newlines(text).strip()
    meta: dict = {"format": "text"}
    if encoding != "utf-8":
        meta["encoding"] = encoding
    yield build_document(content_id(text) if id_from_content else name, text, origin=origin, meta=meta)
