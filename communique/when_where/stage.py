"""The when/where stage: the document's event date and place, and each event's.

Dates. The document's event date is the first date in the lead (the first paragraph after the dateline,
at most three sentences) that dates the main clause and is not after publication; else the dateline's
date; else the publication date at its precision. An event's date is the date expression of its own
sentence that dates its clause (for a planned or hypothetical event, only a date on the verb above it:
"agreed on Tuesday to meet next month" is dated Tuesday), else the document's. Relative dates count from
the publication day, or from the dateline's day when the two agree within two days (a feed may stamp a
wire story a day after its dateline) or there is no publication date. When the dateline's day disagrees
with the text's date or the publication date, a warning says so and the text wins.

Places. An event is placed by an "in/at X" phrase (or a visit's destination) that modifies its clause
("co-chaired ... consultations ... in Moscow", "met in Geneva"), not by a toponym it only talks about
("spoke about the war in Ukraine", "supports China's position on Taiwan"); capitals and countries come
from the actor mentions, other towns from spaCy's GPE entities, geocoded offline (``places.py``). The
document's place is the lead event's, else the dateline's; events with no place of their own take it.

Outputs (plain data): ``doc._.event_date`` and each event's "date" ({"value", "precision"}),
``doc._.location`` and each event's "location" ({"place", "country", "lat", "lon", "level"}),
``doc._.warnings``, and ``doc._.when_where``: where the document's date and place came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.kb import Country, KnowledgeBase, load_kb
from communique.nlp.context import document_of
from communique.nlp.extensions import mentions_by_token
from communique.nlp.markup import masked
from communique.nlp.stage import Stage
from communique.when_where.attach import (
    Anchor,
    PlacePhrase,
    date_anchor,
    is_main_clause,
    is_planned,
    place_phrases,
    place_relation,
    relation,
)
from communique.when_where.dateline import Dateline, parse_dateline
from communique.when_where.dates import Base, DateMention, DateValue, base_of, find_dates, infer_year, resolve_date
from communique.when_where.places import Gazetteer, gazetteer, us_state_code

LEAD_MAX_SENTENCES = 3
LEAD_MIN_WORDS = 8  # a first paragraph shorter than this (a subtitle) does not end the lead
DATELINE_PUBLICATION_SLACK_DAYS = 2  # time zones and overnight filing
_PARAGRAPH_BREAK = re.compile(r"\n\s*")



@dataclass
class _Dated:
    mention: DateMention
    anchor: Anchor


@dataclass
class _Dates:
    """Date expressions of a document, found sentence by sentence on demand."""

    doc: Doc
    base: Base | None
    skip_until: int  # the dateline's end: its date is the dateline's, not the text's
    text: str  # doc.text, read once (each read of doc.text or doc.ents walks the whole Doc)
    ents: list[Span]
    by_sentence: dict[int, list[_Dated]] = field(default_factory=dict)

    def in_sentence(self, sent: Span) -> list[_Dated]:
        if sent.start not in self.by_sentence:
            self.by_sentence[sent.start] = self._find(sent)
        return self.by_sentence[sent.start]

    def _find(self, sent: Span) -> list[_Dated]:
        doc = self.doc
        start = max(sent.start_char, self.skip_until)
        if start >= sent.end_char:
            return []
        mentions = find_dates(self.text[start:sent.end_char], self.base, offset=start)
        taken = [(m.start, m.end) for m in mentions]
        for ent in self.ents:
            if ent.label_ not in ("DATE", "TIME") or ent.start_char < start or ent.end_char > sent.end_char:
                continue
            if any(ent.start_char < e and s < ent.end_char for s, e in taken):
                continue
            value = resolve_date(ent.text, self.base) if ent.label_ == "DATE" else None
            if value is not None:
                kind = "explicit" if re.search(r"\d{4}|[A-Z][a-z]+ \d", ent.text) else "relative"
                mentions.append(DateMention(ent.start_char, ent.end_char, ent.text, value, kind))
        mentions.sort(key=lambda m: m.start)
        found = []
        for mention in mentions:
            if _in_parentheses(self.text, sent.start_char, mention.start, mention.end):
                continue  # "(News on Saturday)": a name or an aside, not the event's time
            anchor = date_anchor(doc, mention.start, mention.end)
            if anchor is not None:
                found.append(_Dated(mention, anchor))
        return found


class WhenWhere(Stage):
    name = "when_where"

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_kb()
        gazetteer()  # loaded with the pipeline (from the start-up cache, or built: a second), not in a document

    @property
    def gazetteer(self) -> Gazetteer:
        return gazetteer()  # once per process

    def process(self, doc: Doc) -> None:
        document = document_of(doc)
        warnings = list(document.meta.get("warnings", []))
        published = base_of(document.published)
        dateline = parse_dateline(document.dateline) if document.dateline else None
        # the text as parsed: the Doc's own (reading doc.text joins every token again), links hidden
        text = masked(document.text)
        if doc and len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
            text = doc.text  # a Doc made from other text than its Document's
        dateline_end = _dateline_end(text, document.dateline)
        dateline_date = _dateline_date(dateline, published)
        base = _reference_day(published, dateline_date)
        ents = list(doc.ents)
        dates = _Dates(doc, base, dateline_end, text, ents)

        # --- the document's date
        lead_end = _lead_end(text, dateline_end)
        lead = self._lead_date(doc, dates, dateline_end, lead_end, published)
        trace: dict = {"date_source": None, "date_text": None, "place_source": None}
        if lead is not None:
            event_date, trace["date_source"], trace["date_text"] = lead.value, "text", lead.text
            trace["date_start"], trace["date_end"] = lead.start, lead.end
        elif dateline_date is not None:
            event_date, trace["date_source"], trace["date_text"] = dateline_date, "dateline", dateline.date_text
        elif published is not None:
            event_date, trace["date_source"] = _published_value(published), "published"
        else:
            event_date = None
        warnings += _date_warnings(dateline, dateline_date, lead, published, event_date)

        # --- places
        dateline_place = self._dateline_place(dateline)
        # mentions inside the dateline ("Moscow, 9 Sep --") are where the story was filed, not who acts
        mention_at = {i: m for i, m in mentions_by_token(doc).items() if m["kind"] != "place"}
        # Tokens of actors that are no place (people, offices, organisations): they may carry "in X".
        actors = frozenset(i for i, m in mention_at.items() if m.get("kind") not in ("capital", "country"))
        doc_countries = {m["code"] for m in doc._.actor_mentions or ()
                         if m.get("kind") in ("country", "capital", "adjective") and m.get("code")}
        location = None
        events = doc._.events or []
        for event in events:
            sent, trigger = _sentence_and_trigger(doc, event)
            if sent is None:
                event["date"] = event_date.as_dict() if event_date else None
                event["location"] = None
                continue
            own_date = self._event_date(dates, sent, trigger, event.get("modality"))
            event["date"] = (own_date or event_date).as_dict() if (own_date or event_date) else None
            place = self._event_place(doc, sent, trigger, event, mention_at, actors, dateline_place, doc_countries,
                                      ents)
            event["location"] = place
            if place is not None and location is None and sent.start_char < lead_end:
                location, trace["place_source"] = place, "text"
        if location is None:
            # No event of the lead has a place: the lead's main clause may still give one ("met in Geneva").
            prefer = [doc_countries | ({dateline_place["country"]} if dateline_place else set())]
            for sent in _lead_sentences(doc, dateline_end, lead_end):
                location = self._clause_place(doc, sent, mention_at, actors, prefer, ents)
                if location is not None:
                    trace["place_source"] = "text"
                    break
        if location is None and dateline_place is not None:
            location, trace["place_source"] = dateline_place, "dateline"
        for event in events:
            if event.get("location") is None and location is not None:
                event["location"] = dict(location)
        doc._.event_date = event_date.as_dict() if event_date else None
        doc._.location = dict(location) if location else None
        doc._.warnings = warnings
        doc._.when_where = trace

    # --- dates ------------------------------------------------------------------------------------

    def _lead_date(self, doc: Doc, dates: _Dates, dateline_end: int, lead_end: int,
                   published: Base | None) -> DateMention | None:
        """The first date of the lead that dates a main clause and is not after publication."""
        latest = published.date + timedelta(days=1) if published and published.date else None
        for n, sent in enumerate(_lead_sentences(doc, dateline_end, lead_end)):
            for dated in dates.in_sentence(sent):
                first = dated.mention.value.first_day()
                if latest is not None and first is not None and first > latest:
                    continue  # a plan ("will meet next month"), not the reported event
                if n > 0 and latest is not None and first is not None and (latest - first).days > BACKGROUND_DAYS:
                    # "The summit was first held in Miami, in 1994": after a first sentence with no date,
                    # a date long before publication is background, not the reported event
                    continue
                if is_main_clause(doc, dated.anchor.verb) and not is_planned(doc, dated.anchor.verb):
                    return dated.mention
        return None

    def _event_date(self, dates: _Dates, sent: Span, trigger: Token, modality: str | None) -> DateValue | None:
        best = None
        for dated in dates.in_sentence(sent):
            rel = relation(dates.doc, dated.anchor.verb, trigger)
            if rel is None or (rel == "own" and modality not in (None, "asserted")):
                continue  # another clause's date, or the planned date of a future event
            rank = (0 if rel == "own" else 1, abs(dated.anchor.token - trigger.i))
            if best is None or rank < best[0]:
                best = (rank, dated.mention.value)
        return best[1] if best else None

    # --- places -----------------------------------------------------------------------------------

    def _event_place(self, doc: Doc, sent: Span, trigger: Token, event: dict, mention_at: dict[int, dict],
                     actors: frozenset[int], dateline_place: dict | None, doc_countries: set[str],
                     ents: list[Span]) -> dict | None:
        modality = event.get("modality")
        participants = {p.get("code") for side in ("actor", "recipient") for p in event.get(side) or ()
                        if p.get("code")}
        prefer = [participants | ({dateline_place["country"]} if dateline_place else set()), doc_countries]
        best = None
        for phrase in place_phrases(sent):
            rel = place_relation(doc, phrase, trigger, actors)
            if rel is None or (rel == "own" and modality not in (None, "asserted")):
                continue
            rank = 0 if rel == "own" else 1
            if best is not None and rank >= best[0]:
                continue
            place = self._resolve_place(doc, phrase, mention_at, prefer, ents)
            if place is not None:
                best = (rank, place)
        return best[1] if best else None

    def _clause_place(self, doc: Doc, sent: Span, mention_at: dict[int, dict], actors: frozenset[int],
                      prefer: list[set[str]], ents: list[Span]) -> dict | None:
        """The place of a sentence's main clause ("The two ministers met in Geneva"), unless it is a plan."""
        root = sent.root
        if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "would", "'ll") for c in root.children):
            return None
        for phrase in place_phrases(sent):
            if place_relation(doc, phrase, root, actors) == "own":
                place = self._resolve_place(doc, phrase, mention_at, prefer, ents)
                if place is not None:
                    return place
        return None

    def _resolve_place(self, doc: Doc, phrase: PlacePhrase, mention_at: dict[int, dict],
                       prefer: list[set[str]], ents: list[Span]) -> dict | None:
        token = doc[phrase.name]
        gaz = self.gazetteer
        mention = mention_at.get(token.i)
        if mention is not None and mention.get("code"):
            if mention["kind"] == "capital":
                return gaz.city_in(mention["text"], mention["code"]) or gaz.country(mention["code"], mention["name"])
            if mention["kind"] == "country":
                return gaz.country(mention["code"], mention["name"])
        # Landmarks ("at the White House", "in the Oval Office"): the noun phrase up to the token.
        landmark = gaz.landmark(doc[token.left_edge.i: token.i + 1].text)
        if landmark is not None:
            return landmark
        ent = next((e for e in ents if e.start <= token.i < e.end), None) if token.ent_type_ else None
        if ent is None or ent.label_ not in ("GPE", "LOC"):
            return None
        country = self._country(ent.text)
        if country is not None:
            return gaz.country(country)
        beside = [m["code"] for child in token.children if child.dep_ in ("appos", "npadvmod", "conj")
                  for m in [mention_at.get(child.i)] if m and m.get("kind") == "country" and m.get("code")]
        nxt = doc[ent.end + 1] if ent.end + 1 < len(doc) and doc[ent.end].text == "," else None
        if nxt is not None and (m := mention_at.get(nxt.i)) and m.get("kind") == "country" and m.get("code"):
            beside.append(m["code"])  # "in Bali, Indonesia" when the parser does not make it an apposition
        place = gaz.city(ent.text, prefer, named=beside)
        if place is None and beside:
            return gaz.country(beside[0])
        if place is not None and beside and place["country"] not in beside:
            return gaz.country(beside[0])
        return place

    def _country(self, name: str) -> str | None:
        for entry in self.kb.lookup(name):
            if isinstance(entry, Country) and name.strip().casefold().removeprefix("the ") in (
                    n.casefold() for n in (entry.name, *entry.aliases)):
                return entry.iso3
        return self.gazetteer.country_of_name(name)

    def _dateline_place(self, dateline: Dateline | None) -> dict | None:
        """"Moscow, 9 Sep (ZXS) --" -> Moscow (city, RUS); a region narrows it ("KYIV, Ukraine", "PORTLAND, Ore.")."""
        if dateline is None or not dateline.place:
            return None
        gaz = self.gazetteer
        landmark = gaz.landmark(dateline.place)
        if landmark is not None:
            return landmark
        country = self._country(dateline.place)
        if country is not None:
            return gaz.country(country)
        named: set[str] = set()
        state = us_state_code(dateline.region)
        if state:
            named.add("USA")
        elif dateline.region and (region_country := self._country(dateline.region)):
            named.add(region_country)
        capital_of = {e.iso3 for e in self.kb.lookup(dateline.place) if isinstance(e, Country)}
        return gaz.city(dateline.place, [capital_of], named=named, admin1=state, min_population=0)


# --- helpers --------------------------------------------------------------------------------------


def _dateline_end(text: str, dateline: str | None) -> int:
    if not dateline:
        return 0
    at = text.find(dateline)
    return at + len(dateline) if 0 <= at <= 200 else 0


# A report is published within weeks of what it reports; an older date past the lead's first sentence
# belongs to a background event.
BACKGROUND_DAYS = 62


def _lead_end(text: str, start: int) -> int:
    """The end of the first paragraph after ``start`` (with the next one when the first is a subtitle)."""
    end = start
    words = 0
    while end < len(text):
        brk = _PARAGRAPH_BREAK.search(text, end)
        stop = brk.start() if brk else len(text)
        words += len(text[end:stop].split())
        end = brk.end() if brk else len(text)
        if words >= LEAD_MIN_WORDS:
            return stop
    return len(text)


def _in_parentheses(text: str, floor: int, start: int, end: int) -> bool:
    opening = text.rfind("(", floor, start)
    if opening < 0 or text.find(")", opening, start) >= 0:
        return False
    closing = text.find(")", end)
    return closing >= 0 and text.find("(", end, closing) < 0


def _lead_sentences(doc: Doc, dateline_end: int, lead_end: int) -> list[Span]:
    found = []
    for sent in doc.sents:
        if sent.end_char <= dateline_end:
            continue
        if sent.start_char >= lead_end or len(found) >= LEAD_MAX_SENTENCES:
            break
        found.append(sent)
    return found


def _reference_day(published: Base | None, dateline_date: DateValue | None) -> Base | None:
    """The day "yesterday" and "on Tuesday" count from: the dateline's day when it agrees with the
    publication date (a wire story's words are relative to its dateline, and a feed may stamp it a day
    later), else the publication date; the dateline's day when there is no publication date."""
    if dateline_date is None:
        return published
    if published is None:
        return Base(dateline_date.year, dateline_date.month, dateline_date.day)
    if published.date is not None and dateline_date.year is not None \
            and abs((dateline_date.first_day() - published.date).days) <= DATELINE_PUBLICATION_SLACK_DAYS:
        return Base(dateline_date.year, dateline_date.month, dateline_date.day)
    return published


def _dateline_date(dateline: Dateline | None, published: Base | None) -> DateValue | None:
    if dateline is None or not dateline.month or not dateline.day:
        return None
    year = dateline.year or infer_year(dateline.month, dateline.day, published)
    return DateValue("day", year, dateline.month, dateline.day)


def _published_value(published: Base) -> DateValue:
    if published.day:
        return DateValue("day", published.year, published.month, published.day)
    if published.month:
        return DateValue("month", published.year, published.month)
    return DateValue("year", published.year)


def _after(a: DateValue, b: DateValue) -> bool:
    """Whether day ``a`` falls after day ``b`` (by month and day when a year is unknown)."""
    if a.year is not None and b.year is not None:
        return a.first_day() > b.first_day()
    return (a.month, a.day) > (b.month, b.day)


def _date_warnings(dateline: Dateline | None, dateline_date: DateValue | None, lead: DateMention | None,
                   published: Base | None, event_date: DateValue | None) -> list[str]:
    warnings = []
    if dateline_date is not None:
        if lead is not None and lead.kind == "explicit" and lead.value.precision == "day" \
                and _after(lead.value, dateline_date):
            # Filed before it happened: one of them is wrong; the text's own date is preferred.
            warnings.append(f"dateline day {dateline.date_text} disagrees with event date {lead.text}")
        elif published is not None and published.date is not None and dateline_date.year is not None:
            gap = abs((dateline_date.first_day() - published.date).days)
            if gap > DATELINE_PUBLICATION_SLACK_DAYS:
                warnings.append(f"dateline day {dateline.date_text} disagrees with publication date "
                                f"{published.date.isoformat()}")
    if published is None:
        if event_date is None:
            warnings.append("no publication date: event dates are unknown")
        elif event_date.year is None:
            warnings.append(f"no publication date: the event date {event_date.value} has no year")
        else:
            warnings.append("no publication date: dates come from the text and the dateline alone")
    return warnings




def _sentence_and_trigger(doc: Doc, event: dict) -> tuple[Span | None, Token | None]:
    evidence = event.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    if start is None or end is None:
        return None, None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, None
    sent = span[0].sent
    trigger = None
    if evidence.get("trigger_start") is not None:
        found = doc.char_span(evidence["trigger_start"], evidence["trigger_end"], alignment_mode="expand")
        trigger = found.root if found is not None and len(found) else None
    return sent, trigger or sent.root


@Language.factory("communique_when_where")
def make_when_where(nlp: Language, name: str) -> WhenWhere:
    return WhenWhere()
