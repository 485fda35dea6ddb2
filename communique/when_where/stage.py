"""The when/where stage: the document's event date and place, and each event's.

This first version dates events by the publication date (at the precision the source gives) and
places them where the sentence says ("in Moscow") or where the dateline says; it says so when the
document has no publication date instead of inventing a year.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from communique.actors.kb import KnowledgeBase, load_kb
from communique.nlp.context import document_of
from communique.nlp.stage import Stage
from communique.when_where.published import published_parts


class WhenWhere(Stage):
    name = "when_where"

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_kb()

    def process(self, doc: Doc) -> None:
        document = document_of(doc)
        warnings = list(document.meta.get("warnings", []))
        value, precision = published_parts(document.published)
        event_date = {"value": value, "precision": precision} if value else None
        if event_date is None:
            warnings.append("no publication date: event dates are unknown")
        location = self.dateline_place(document.dateline)
        for event in doc._.events or []:
            places = event.pop("_places", [])
            event["date"] = dict(event_date) if event_date else None
            if places:
                event["location"] = {"place": places[0]["text"], "country": places[0]["code"]}
            elif location:
                event["location"] = dict(location)
        if location is None:
            location = next((e["location"] for e in doc._.events or [] if e["location"]), None)
        doc._.event_date = event_date
        doc._.location = dict(location) if location else None
        doc._.warnings = warnings

    def dateline_place(self, dateline: str | None) -> dict | None:
        """"Moscow, 9 Sep (ZXS) --" -> Moscow, RUS, when the place is a known capital or country."""
        if not dateline:
            return None
        head = dateline.split(",")[0].split("(")[0].strip(" -—–/.")
        for entry in self.kb.lookup(head):
            code = getattr(entry, "iso3", None)
            if code:
                return {"place": head.title() if head.isupper() else head, "country": code}
        return None


@Language.factory("communique_when_where")
def make_when_where(nlp: Language, name: str) -> WhenWhere:
    return WhenWhere()
