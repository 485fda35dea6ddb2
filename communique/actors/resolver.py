"""The actors stage: finds who is named in a document and resolves each name to a country code and
a PLOVER sector, as of the document's date.

Matches come from the knowledge base (countries, their adjectives and seats of power,
organisations, government bodies, people with dated roles). What cannot be resolved keeps its text
with a null code: the stage abstains rather than guesses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import numpy
from spacy.attrs import IS_SPACE, LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from communique.actors.kb import Body, Country, KnowledgeBase, Office, Organisation, Role, load_kb
from communique.nlp.context import document_of
from communique.nlp.patterns import phrase_patterns
from communique.nlp.stage import Stage
from communique.when_where.published import published_day

# The noun an adjective modifies tells the sector: "Russian troops" are MIL, "Russian officials" GOV.
SECTOR_OF_NOUN = {
    "troop": "MIL", "army": "MIL", "military": "MIL", "force": "MIL", "soldier": "MIL", "navy": "MIL",
    "police": "COP", "policeman": "COP", "lawmaker": "LEG", "parliament": "LEG", "legislator": "LEG",
    "court": "JUD", "judge": "JUD", "rebel": "REB", "militant": "REB", "insurgent": "REB",
    "citizen": "CVL", "people": "CVL", "civilian": "CVL", "student": "EDU", "business": "BUS",
    "company": "BUS", "firm": "BUS", "intelligence": "SPY", "spy": "SPY",
}

# Phrases that stand for the parties of the interaction a document reports ("the two sides agreed",
# "The leaders discussed", "Participants agreed"); the events stage says who those parties are.
GROUP_NOUNS = ("sides", "countries", "leaders", "nations", "governments", "presidents", "ministers",
               "foreign ministers", "prime ministers", "heads of state", "delegations", "parties", "officials",
               "participants", "delegation heads", "heads of delegation")
GROUP_PHRASES = (
    *(f"{det} {noun}" for det in ("the two", "both", "the", "all") for noun in GROUP_NOUNS),
    "the two", "participants", "officials",
)
# "They discussed ...": a plural pronoun as the subject of a sentence's main clause stands for the
# same parties (a "they" inside what someone said is that speaker's, see the events stage).
GROUP_PRONOUNS = frozenset({"they"})

# Publishers that speak for a government: their "the President" is their own country's.
PUBLISHER_COUNTRY = {
    "whitehouse.gov": "USA", "state.gov": "USA", "kremlin.ru": "RUS", "mid.ru": "RUS", "fmprc.gov.cn": "CHN",
    "gov.uk": "GBR", "elysee.fr": "FRA", "mofa.go.jp": "JPN", "pmindia.gov.in": "IND", "mea.gov.in": "IND",
}

SPEECH_LEMMAS = frozenset({"say", "state", "stress", "note", "add", "tell", "emphasize", "emphasise", "declare",
                           "point", "underline", "reiterate"})
FIRST_PLURAL = frozenset({"we", "our", "us"})
THIRD_SINGULAR = frozenset({"he", "she", "his", "her", "him"})
SUBJECT_SINGULAR = frozenset({"he", "she"})

# A name spelled like an acronym only matches in that case: "US" is a country, "us" a pronoun.
ACRONYM_MAX = 4


def _forms(entry: object) -> list[str]:
    """Every surface form of a knowledge-base entry, in its original spelling."""
    forms = [getattr(entry, "name", None) or getattr(entry, "title", None)]
    for field in ("aliases", "adjectives", "capitals"):
        forms.extend(getattr(entry, field, ()) or ())
    forms = [form for form in forms if form]
    # "Palestinians", "Iraqis", "Afghans": the people named by a demonym.
    forms += [form + "s" for form in getattr(entry, "adjectives", ()) or () if form.endswith(("an", "i"))]
    # News text writes "People’s" as often as "People's": match both apostrophes.
    return forms + [form.replace("'", "\u2019") for form in forms if "'" in form]


class ActorResolver(Stage):
    name = "actors"

    def __init__(self, nlp: Language, kb: KnowledgeBase | None = None) -> None:
        self.kb = kb or load_kb()
        self.by_form: dict[str, object] = {}
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact_forms, caseless_forms = set(), set()
        for entries in self.kb.surface_forms().values():
            for entry in entries:
                for form in _forms(entry):
                    acronym = _is_acronym(form)
                    self.by_form.setdefault(form if acronym else form.lower(), entry)
                    (exact_forms if acronym else caseless_forms).add(form)
        self.exact.add("KB", phrase_patterns("actors-exact", nlp, sorted(exact_forms), "ORTH"))
        self.caseless.add("KB", phrase_patterns("actors-caseless", nlp, sorted(caseless_forms), "LOWER"))
        self.groups = PhraseMatcher(nlp.vocab, attr="LOWER")
        # "the Vice Presidents", "the two Foreign Ministers": an office in the plural is a group too
        offices = [title + "s" for office in self.kb.offices for title in office.forms()
                   if " of " not in title and not title.endswith("s")]
        phrases = [*GROUP_PHRASES, *(f"{det} {title}" for det in ("the", "the two", "both") for title in offices)]
        self.groups.add("GROUP", phrase_patterns("actors-groups", nlp, phrases, "LOWER"))
        # Each word of a known person's name, as written ("Moon", "Rice"): words that are also common
        # English words cannot be caseless aliases, but a capitalized name the parser found may use them.
        self.by_name_word: dict[str, set[str]] = {}
        for role in self.kb.roles:
            for word in role.name.replace("-", " ").split():
                if len(word) > 2 and word[0].isupper() and not word.endswith("."):
                    self.by_name_word.setdefault(word, set()).add(role.name)

    def process(self, doc: Doc) -> None:
        document = document_of(doc)
        day = published_day(document.published)
        spans = [Span(doc, start, end, "KB") for _, start, end in self.exact(doc) + self.caseless(doc)]
        spans += [Span(doc, start, end, "GROUP") for _, start, end in self.groups(doc)]
        # a "person" the parser sees in "Bosnian Serbs" is a people the knowledge base names better
        countries = {i for _, start, end in self.caseless(doc) for i in range(start, end)
                     if isinstance(self.by_form.get(doc[start:end].text.lower()), Country)}
        # ... but "Lisa Monaco" is a person whose surname is a country's name (the country word ends the name)
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"
                  and not countries & set(range(ent.start, ent.end - 1))
                  and not (ent.end - 1 in countries and len(ent) == 1)]
        spans += [person for ent in people if (person := _trim_person(ent)) is not None]
        spans += _titled_names(doc, countries)
        dateline_end = len(document.dateline or "")
        mentions = []
        for span in filter_spans(spans):
            if _names_a_region(span):
                continue  # "the Indo-Pacific", "Euro-Atlantic integration": a region, not India or the EU
            if span.start > 0 and doc[span.start - 1].text == "New" and isinstance(
                    self.by_form.get(span.text.lower()), Country):
                continue  # "New Mexico", "New Jersey": another place than the country in its name
            mention = self._resolve(span, day)
            if mention is not None:
                if span.start_char < dateline_end:  # "Moscow, 9 Sep --" is where, never who
                    mention["kind"] = "place"
                mentions.append(mention)
        mentions += _group_pronouns(doc, mentions)
        _resolve_groups(mentions, doc.text)
        placed = _remember_qualified_people(doc, mentions, publisher_country(document))
        self._resolve_definite_offices(doc, mentions, publisher_country(document), day, placed)
        mentions += _resolve_pronouns(doc, mentions)
        doc._.actor_mentions = sorted(mentions, key=lambda m: m["start"])

    def _resolve(self, span: Span, day: date | None) -> dict | None:
        text = span.text
        mention = {"text": text, "start": span.start_char, "end": span.end_char,
                   "tok_start": span.start, "tok_end": span.end,
                   "code": None, "sector": None, "name": None, "kind": "unknown", "office": None}
        if span.label_ == "GROUP":
            return {**mention, "kind": "group", "members": []}
        entry = self.by_form.get(text if _is_acronym(text) else text.lower())
        if entry is None and text.lower().startswith("the "):
            entry = self.by_form.get(text[4:].lower())
        if isinstance(entry, Country):
            kind = _country_form_kind(entry, text)
            sector = {"adjective": _sector_from_head(span), "people": "CVL"}.get(kind, "GOV")
            return {**mention, "code": entry.iso3, "sector": sector, "name": entry.name, "kind": kind}
        if isinstance(entry, Organisation):
            return {**mention, "code": entry.code, "sector": entry.sector or None, "name": entry.name,
                    "kind": "organisation"}
        if isinstance(entry, Body):
            return {**mention, "code": entry.country or None, "sector": entry.sector or None,
                    "name": entry.name, "kind": "body"}
        if isinstance(entry, Role):
            role = self.kb.role_on(entry.name, day)
            if role is None:  # a known person, but holding no known office on that day
                return {**mention, "name": entry.name, "kind": "person"}
            return {**mention, "code": role.country, "sector": role.sector, "name": role.name,
                    "kind": "person", "office": role.office}
        if isinstance(entry, Office):
            return {**mention, "sector": entry.sector or None, "name": entry.title, "kind": "office"}
        if span.label_ == "PERSON":
            role = self._by_surname(span, day)
            if role is not None:
                return {**mention, "code": role.country, "sector": role.sector, "name": role.name,
                        "kind": "person", "office": role.office}
            return {**mention, "name": text, "kind": "person"}  # a person the knowledge base does not know
        return None


    def _by_surname(self, span: Span, day: date | None) -> Role | None:
        """"President Moon", "Joseph R. Biden Jr.": the one known person, in office that day, whose
        name holds the span's last capitalized word. Without a day, or with two candidates, nobody."""
        words = [t.text for t in span if t.text[:1].isupper() and not t.text.endswith(".")]
        if day is None or not words:
            return None
        holders = [role for name in self.by_name_word.get(words[-1], ())
                   if (role := self.kb.role_on(name, day)) is not None]
        if len(holders) != 1:
            return None
        # "Sir Tim Barrow" is not "Adama Barrow": a given name, when written, must fit (by its initial:
        # "Joseph R. Biden" is "Joe Biden")
        given = [w for w in words[:-1] if w.lower() not in HONORIFICS]
        if given and given[0][0] != holders[0].name[0]:
            return None
        return holders[0]

    def _resolve_definite_offices(self, doc: Doc, mentions: list[dict], publisher: str | None,
                                  day: date | None, placed: dict[str, dict]) -> None:
        """"The President" with no country of its own: on a government's site, that government's
        holder of the office that day ("The Vice President" on whitehouse.gov); else (elsewhere, or an
        office the publisher's country lacks: "the Prime Minister" on whitehouse.gov) the last person
        named before it who holds that office ("President Lula ... The President stressed")."""
        for at, mention in enumerate(mentions):
            if mention["kind"] != "office" or mention["tok_start"] == 0:
                continue
            before = doc[mention["tok_start"] - 1]
            after = doc[mention["tok_end"]] if mention["tok_end"] < len(doc) else None
            # "The Vice President and Prime Minister": the article serves both offices
            shared = before.lower_ == "and" and (after is None or after.pos_ != "PROPN") and at > 0 \
                and mentions[at - 1]["tok_end"] == before.i and mentions[at - 1]["kind"] in ("office", "person")
            if (before.lower_ != "the" and not shared) or (after is not None and after.lower_ == "of"):
                continue  # "the French President", "the President of Brazil": the extractor qualifies those
            title = mention["name"]
            role = self.kb.holder(publisher, title, day) if publisher is not None else None
            if role is not None:
                mention.update(code=role.country, sector=role.sector, name=role.name, kind="person", office=title)
                continue
            named = next((m for m in reversed(mentions[:at]) if m["kind"] == "person" and m["office"] == title
                          and (m["code"] or m["name"] in placed)), None)
            if named is not None and not named["code"]:
                named = {**named, **placed[named["name"]]}
            if named is not None:
                mention.update(code=named["code"], sector=named["sector"], name=named["name"], kind="person",
                               office=title)


QUALIFYING_KINDS = ("country", "adjective", "capital", "organisation", "body")
# Offices below the national level and in legislatures: held at home unless a country is named.
HOME_TITLES = frozenset({"Governor", "Mayor", "Senator"})


def _remember_qualified_people(doc: Doc, mentions: list[dict], publisher: str | None = None) -> dict[str, dict]:
    """A person the knowledge base does not know but whom a title or an appositive places ("Iranian
    Foreign Minister Ali Karimi", "Arman Bekov, secretary of the Security Council of Kazakhstan")
    keeps that country for the rest of the document: a later "Karimi" or "Bekov" is resolved too.
    The first mention itself is qualified, with its full span, by the events stage. Returns what
    was learned, by the person's name as written."""
    at = {i: m for m in mentions for i in range(m["tok_start"], m["tok_end"])}
    remembered: dict[str, dict] = {}
    # people the knowledge base placed, by the names written: "President Pedro Sanchez of Spain ... President
    # Sanchez" (the surname alone may be spelt unlike the knowledge base's entry, or be ambiguous there)
    placed_by_kb: dict[str, dict] = {}
    for mention in mentions:
        if mention["kind"] != "person":
            continue
        names = {mention["text"].lower(), _surname(mention["text"])}
        bare = [w for w in mention["text"].lower().split() if w not in HONORIFICS]
        earlier = remembered.get(_surname(mention["text"]))
        if mention["code"] and len(bare) == 1 and earlier is not None and earlier["code"] != mention["code"]:
            # "Lawrence Wong of Singapore ... Mr. Wong": the person named before, not the knowledge base's only
            # Wong in office that day
            mention.update(code=earlier["code"], sector=earlier["sector"], name=earlier["name"],
                           office=earlier["office"])
            continue
        if mention["code"] and len(bare) == 1 and any(
                q["code"] != mention["code"] for q in _qualifiers(doc, mention, at)[0]):
            # "Philippine Secretary of National Defense Teodoro": the title's country, not the knowledge base's
            # only Teodoro in office that day
            mention.update(code=None, sector=None, name=mention["text"], office=None)
        if mention["code"]:
            if mention.get("name"):  # "King Abdullah II of Jordan" is the knowledge base's "Abdullah II"
                names |= {mention["name"].lower(), _surname(mention["name"])}
            for name in names:
                placed_by_kb.setdefault(name, {"code": mention["code"], "sector": mention["sector"],
                                               "name": mention["name"] or mention["text"],
                                               "after": mention["tok_end"], "office": mention["office"]})
            continue
        known = next((remembered.get(name) or placed_by_kb.get(name) for name in names
                      if name in remembered or name in placed_by_kb), None)
        if known is not None:
            mention.update(code=known["code"], sector=known["sector"], name=known["name"], office=known["office"])
            continue
        qualifiers, office = _qualifiers(doc, mention, at)
        root = doc[mention["tok_end"] - 1]
        opening_subject = root.dep_ == "nsubj" and root.sent.start == next(doc.sents).start
        if not qualifiers and office is not None and publisher is not None and (
                office.get("name") in HOME_TITLES or opening_subject):
            # "Vice Foreign Minister Ma Zhaoxu met ..." opening a readout of the Chinese foreign ministry:
            # its own official (no country is named to qualify the span with, so the mention itself
            # takes the code); and, anywhere in it, a governor, mayor or legislator no country qualifies
            # ("The President spoke with Governor Jared Polis" on whitehouse.gov)
            qualifiers = [{"code": publisher}]
            mention.update(code=publisher, sector=office.get("sector") or "GOV", office=office.get("name"))
        if not qualifiers:
            continue
        qualified = {"code": qualifiers[0]["code"], "sector": (office or {}).get("sector") or "GOV",
                     "name": mention["text"], "after": mention["tok_end"], "office": (office or {}).get("name")}
        mention["office"] = qualified["office"]  # "the Prime Minister" later on is this person
        remembered.update(dict.fromkeys(names, qualified))
    if not remembered and not placed_by_kb:
        return {}
    # the parser's entity recognizer may miss a bare surname later on: "Bekov later met Lavrov"
    for token in doc:
        known = remembered.get(token.lower_) or placed_by_kb.get(token.lower_)
        if known is not None and token.pos_ == "PROPN" and token.i >= known["after"] and token.i not in at:
            mentions.append({"text": token.text, "start": token.idx, "end": token.idx + len(token.text),
                             "tok_start": token.i, "tok_end": token.i + 1, "code": known["code"],
                             "sector": known["sector"], "name": known["name"], "kind": "person",
                             "office": known["office"]})
    mentions.sort(key=lambda m: m["start"])
    return {known["name"]: known for known in remembered.values()}


# What may follow a name without being its last name: "King Abdullah II", "Martin Luther King Jr."
NAME_SUFFIXES = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "jr", "jr.", "sr", "sr."})


def _qualifiers(doc: Doc, mention: dict, at: dict[int, dict]) -> tuple[list[dict], dict | None]:
    """The country mentions in a person's title or appositive ("Iranian Foreign Minister X", "X, Prime Minister
    of Slovenia", "Prime Minister X of Slovenia"), and the office named there."""
    root = doc[mention["tok_end"] - 1]
    title = [t for t in root.subtree if t.i < mention["tok_start"]]
    appositive = [t for child in root.children if child.dep_ == "appos" or (child.dep_ == "prep" and
                  child.lower_ == "of" and child.i == mention["tok_end"]) for t in child.subtree]
    qualifiers = [at[t.i] for t in title + appositive if t.i in at and at[t.i]["code"]
                  and at[t.i]["kind"] in QUALIFYING_KINDS]
    office = next((at[t.i] for t in title + appositive if t.i in at and at[t.i]["kind"] == "office"), None)
    return qualifiers, office


def _surname(text: str) -> str:
    """The word a person is named again by: the last of the name, before a regnal number or "Jr."
    ("King Abdullah II" -> abdullah, named again as "King Abdullah")."""
    words = [w.strip(",").lower() for w in text.split()]
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def publisher_country(document: object) -> str | None:
    """The government a document's source speaks for, from its source name or its URL's host."""
    hosts = [getattr(document, "source", None) or ""]
    url = getattr(document, "url", None) or ""
    if "://" in url:
        hosts.append(url.split("://", 1)[1].split("/", 1)[0])
    for host in hosts:
        host = host.lower().removeprefix("www.")
        for domain, country in PUBLISHER_COUNTRY.items():
            if host == domain or host.endswith("." + domain):
                return country
    return None


HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam", "mister"})
# The last word of a head of state's or minister's title, written before the name.
TITLE_LAST_WORDS = frozenset({"President", "Minister", "King", "Queen", "Chancellor", "Emir", "Amir", "Premier",
                              "Sultan", "Prince", "Taoiseach", "Secretary", "Governor", "Chairman"})


def _titled_names(doc: Doc, countries: set[int]) -> list[Span]:
    """People the entity recognizer missed or took for an organisation, in the commonest frame of a
    readout: a title, one to four capitalized words (a regnal number too), "of" and a country ("President
    Alejandro Giammattei of Guatemala", "King Mswati III of Eswatini")."""
    found = []
    for token in doc[:-3]:
        if token.text not in TITLE_LAST_WORDS:
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 4 and doc[end].pos_ == "PROPN" and end not in countries and (
                doc[end].is_title or (end > token.i + 1 and doc[end].lower_ in NAME_SUFFIXES)) \
                and doc[end].text not in TITLE_LAST_WORDS:
            end += 1
        after = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
        if end > token.i + 1 and end < len(doc) and doc[end].lower_ == "of" and after in countries:
            found.append(Span(doc, token.i + 1, end, "PERSON"))
    return found


def _trim_person(ent: Span) -> Span | None:
    """A person's name without a leading honorific or a trailing possessive: "Mr Blair" -> "Blair",
    "Ben Shabbat's" -> "Ben Shabbat"; None when nothing is left."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in HONORIFICS:
        start += 1
    while end > start and ent.doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019"):
        end -= 1
    return Span(ent.doc, start, end, "PERSON") if end > start else None


# Second halves of hyphenated region names whose first half is a country's combining form.
REGION_WORDS = frozenset({"pacific", "atlantic", "arctic", "mediterranean", "caribbean", "asian", "asia", "european",
                          "african", "eurasian"})


def _names_a_region(span: Span) -> bool:
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text in ("-", "\u2013") \
        and doc[span.end + 1].lower_ in REGION_WORDS and not doc[span.end].whitespace_


def _is_acronym(form: str) -> bool:
    letters = form.replace(".", "")
    return len(letters) <= ACRONYM_MAX and letters.isupper()


def _country_form_kind(country: Country, text: str) -> str:
    lowered = text.lower().removeprefix("the ")
    if any(lowered == form.lower() + "s" for form in country.adjectives):
        return "people"
    if any(lowered == form.lower().removeprefix("the ") for form in country.capitals):
        return "capital"
    if any(lowered == form.lower() for form in country.adjectives):
        return "adjective"
    return "country"


def _sector_from_head(span: Span) -> str:
    """Sector of "Russian troops": from the noun the adjective modifies; government by default."""
    head = span.root.head
    return SECTOR_OF_NOUN.get(head.lemma_.lower(), "GOV")


def _resolve_groups(mentions: list[dict], text: str) -> None:
    """"The two sides" stands for the two countries the document names most (ties: first named);
    organisations (an armed group coded by its country, say) and capitals do not count."""
    # capitals are where things happen ("tensions in Jerusalem"), not a side
    countable = [m for m in mentions if m["kind"] not in ("group", "organisation", "capital") and m["code"]
                 and len(m["code"]) == 3 and m["code"] not in ("IGO", "UNO", "EUR", "NGO", "IMG")]
    # sides are people: the countries of the people named, when they are two or more ("President Biden's
    # meeting with President Yoon ... the leaders condemned the DPRK's launches": not the DPRK, named most)
    people = Counter(m["code"] for m in countable if m["kind"] in ("person", "office"))
    counts = people if len(people) >= 2 else Counter(m["code"] for m in countable)
    top = [code for code, _ in counts.most_common(2)]
    for mention in mentions:
        if mention["kind"] == "group" and len(top) == 2:
            pair = top
            opened = text.rfind("\n\n", 0, mention["start"])
            paragraph = [m for m in countable if opened < m["start"] < mention["start"]]
            if len(counts) > 2 and not any(m["code"] == top[1] for m in paragraph):
                # a tour of several countries whose paragraph names another side than the document's second: the
                # other side is the one named last before "the two sides" in that paragraph (by its people,
                # where people are named)
                last = next((m["code"] for m in reversed(paragraph) if m["code"] != top[0]
                             and (people.get(m["code"]) if len(people) >= 2 else True)
                             and (m["kind"] in ("person", "office") or len(people) < 2)), None)
                pair = [top[0], last] if last else top
            mention["members"] = [{"code": code, "sector": "GOV"} for code in pair]


def _group_pronouns(doc: Doc, mentions: list[dict]) -> list[dict]:
    """"They" as the subject of a sentence's main clause (or of a verb conjoined with it): a group
    mention, resolved like "the two sides"."""
    taken = {i for m in mentions for i in range(m["tok_start"], m["tok_end"])}
    found = []
    for token in _tokens_among(doc, {}, GROUP_PRONOUNS):
        if token.lower_ not in GROUP_PRONOUNS or token.i in taken or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = token.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ != "ROOT":
            continue
        found.append({"text": token.text, "start": token.idx, "end": token.idx + len(token.text),
                      "tok_start": token.i, "tok_end": token.i + 1, "code": None, "sector": None, "name": None,
                      "kind": "group", "office": None, "members": []})
    return found


def _resolve_pronouns(doc: Doc, mentions: list[dict]) -> list[dict]:
    """"We" and "our" in what a resolved speaker says ("Wang Yi said ... We are willing to work with
    the Russian side") stand for the speaker's side, until the paragraph ends; "he" and "she" for the
    last resolved person who was a clause's subject, "his", "her" and "him" for the last one named."""
    at = {i: m for m in mentions for i in range(m["tok_start"], m["tok_end"])}
    speaker = named = centre = None
    found = []
    for token in _tokens_among(doc, at, SPEECH_LEMMAS | FIRST_PLURAL | THIRD_SINGULAR):
        if token.is_space and "\n" in token.text:
            speaker = None  # a new paragraph: whoever spoke before no longer speaks
            continue
        mention = at.get(token.i)
        if mention is not None:
            if mention["kind"] == "person" and mention["code"]:
                named = mention
                # "Biden spoke with Zelenskyy. He condemned ...": a subject "he" is the last person who was
                # the subject of a clause (the centre of attention); "his" the last person named
                if centre is None or doc[mention["tok_end"] - 1].dep_ in ("nsubj", "nsubjpass"):
                    centre = mention
            continue
        if token.lemma_ in SPEECH_LEMMAS and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            said_by = at.get(subject.i) if subject is not None else None
            if said_by is not None and said_by["code"]:
                speaker = said_by
        referent = speaker if token.lower_ in FIRST_PLURAL else centre if token.lower_ in SUBJECT_SINGULAR \
            else named if token.lower_ in THIRD_SINGULAR else None
        if referent is not None:
            found.append({"text": token.text, "start": token.idx, "end": token.idx + len(token.text),
                          "tok_start": token.i, "tok_end": token.i + 1, "code": referent["code"],
                          "sector": referent["sector"], "name": referent["name"], "kind": "pronoun",
                          "office": referent.get("office")})
    return found


def _tokens_among(doc: Doc, at: dict[int, dict], words: frozenset[str]) -> Iterator[Token]:
    """The tokens a left-to-right pass over people and pronouns needs to see, in order: mentions,
    line breaks and tokens whose lower-case form or lemma is one of ``words``; found on token arrays,
    so that a long document's other tokens cost no Python."""
    hashes = numpy.array([doc.vocab.strings.add(word) for word in words] + [doc.vocab.strings.add("\n")],
                         dtype="uint64")
    columns = doc.to_array([LOWER, LEMMA, IS_SPACE])
    wanted = numpy.isin(columns[:, 0], hashes) | numpy.isin(columns[:, 1], hashes) | (columns[:, 2] == 1)
    indices = set(numpy.nonzero(wanted)[0].tolist()) | set(at)
    return (doc[i] for i in sorted(indices))


@Language.factory("communique_actors")
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(nlp)
