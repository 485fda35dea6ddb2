"""The output contract: one JSON object per input document (see docs/output.md and DESIGN.md).

Outside tools score these records, so field names and meanings stay stable; new fields may be added.
"""

from __future__ import annotations

from spacy.tokens import Doc

from communique.read.document import Document, Unreadable

CONTRACT_VERSION = "1"


def _base(item: Document | Unreadable) -> dict:
    return {
        "doc_id": item.id,
        "status": "coded",
        "reason": None,
        "published": item.published,
        "title": item.title,
        "source": item.source,
        "url": item.url,
        "event_date": None,
        "location": None,
        "events": [],
        "positions": [],
        "commitments": [],
        "mechanisms": [],
        "warnings": [],
    }


def unreadable_record(item: Unreadable) -> dict:
    """The record of a document that was skipped or failed before coding."""
    return {**_base(item), "status": item.status, "reason": item.reason}


def coded_record(doc: Doc, document: Document) -> dict:
    """The record of a document that went through the pipeline."""
    record = _base(document)
    if doc._.error:
        return {**record, "status": "failed", "reason": doc._.error}
    record["event_date"] = doc._.event_date
    record["location"] = doc._.location
    record["events"] = [{k: v for k, v in event.items() if not k.startswith("_")} for event in doc._.events]
    record["mechanisms"] = list(doc._.mechanisms or [])
    record["positions"] = list(doc._.positions or [])
    record["commitments"] = list(doc._.commitments or [])
    record["warnings"] = list(doc._.warnings or [])
    return record
