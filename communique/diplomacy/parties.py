"""Who "they", "the leaders", "both sides" or "it was agreed" stand for: the participants of the
interaction the document reports.

The actors resolver gives some group phrases members of their own (the two countries a document
names most); what it leaves without a code ("They", "The Presidents", "Participants", the "it" of
"it was agreed") is read here as the participants of the document's main interaction: its first
meeting or call with two or more countries, else its first event with two or more.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token

from communique.actors.resolver import publisher_country
from communique.events.extractor import SUBJECT_DEPS, group_sizes
from communique.nlp.context import document_of

GROUP_WORDS = frozenset({"leaders", "sides", "presidents", "countries", "parties", "delegations", "governments",
                         "nations", "ministers", "state"})
CONFLICT_QUADS = frozenset({3, 4})  # verbal and material conflict (CAMEO quad classes)
NOT_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"})
# Of those, the parties that take part in talks as one side: a call with the President of the European Commission
# is one with the EU (READOUTS_GUIDE codes it EUR).
SIDES = frozenset({"EUR"})
# Subjects that stand for the participants of the reported interaction (lemmas; plurals of the nouns).
GROUP_PRONOUNS = frozenset({"they", "both", "it", "all", "each"})
GROUP_NOUNS = frozenset({"leader", "side", "president", "participant", "official", "delegation", "minister",
                         "counterpart", "head", "party", "government", "country", "nation", "ally", "partner",
                         "adviser", "advisor", "representative", "group", "two"})


def interaction_parties(doc: Doc) -> list[dict]:
    """The countries of the document's main interaction: the people named in the sentence that reports
    its first meeting or call on the document's event date ("President Biden spoke today with Prime
    Minister Modi of India about his trip to Poland": USA and India, not Poland), with that event's
    participants and the people (not the countries) of that day's other meetings; else the same for its
    first meeting or call; else the countries of its first event with two. In order of appearance."""
    events = sorted((e for e in doc._.events or () if not e.get("negated")),
                    key=lambda e: (e.get("evidence") or {}).get("start") or 0)
    day = (doc._.event_date or {}).get("value")
    consults = [e for e in events if (e.get("plover") or {}).get("type") == "CONSULT"]
    on_day = [e for e in consults if day and (e.get("date") or {}).get("value") == day]
    for group in (on_day, consults):
        if not group:
            continue
        evidence = group[0].get("evidence") or {}
        # (not the parties of another event the sentence reports: "... to exchange views on the DPRK, including
        # the recent summit meeting between Russian President Putin and DPRK leader Kim")
        others = {p.get("start") for e in events if e is not group[0] and (e.get("evidence") or {}).get("start")
                  == evidence.get("start") for p in e["actor"] + e["recipient"]} - {
                  p.get("start") for p in group[0]["actor"] + group[0]["recipient"]}
        people = [m for m in doc._.actor_mentions or () if m["kind"] in ("person", "office") and m.get("code")
                  and evidence.get("start", -1) <= m["start"] < evidence.get("end", -1) and m["start"] not in others]
        # the reporting sentence's people and that event's own participants; not the countries later
        # meetings that day are about ("discussed the situation in Gaza")
        kinds = {m["start"]: m["kind"] for m in doc._.actor_mentions or ()}
        named = [{"actor": [p for p in e["actor"] + e["recipient"]
                            if kinds.get(p.get("start")) in ("person", "office")], "recipient": []} for e in group[1:]
                 if (e.get("evidence") or {}).get("start") != evidence.get("start")]
        parties = _countries([{"actor": people, "recipient": []}, group[0], *named])
        unplaced = [m for m in doc._.actor_mentions or () if m["kind"] in ("person", "office") and not m.get("code")
                    and evidence.get("start", -1) <= m["start"] < evidence.get("end", -1)]
        if len(parties) == 1 and unplaced:
            publisher = publisher_country(document_of(doc))
            if publisher and parties[0]["code"] != publisher:
                # "Special Envoy Tim Lenderking visited Saudi Arabia" on whitehouse.gov: the envoy is its government's
                parties.append({"code": publisher, "sector": "GOV", "name": None})
            else:
                # "Vice President Harris spoke today with His Highness, Crown Prince Mishal ...": a side the
                # knowledge base cannot place is the country the document names most after the other side's
                parties += _most_named(doc, exclude={parties[0]["code"]})[:1]
        if len(parties) >= 2:
            # which parties are named by a person ("President Biden", not "the United States"): what "they"
            # agree to do again ("speak again") is done by those people
            persons = {m["name"] for m in doc._.actor_mentions or () if m["kind"] == "person" and m.get("name")}
            return [{**p, "person": p.get("name") in persons} for p in parties]
    # a conflictual act's target is not at the table ("They discussed their concerns about Russia's build-up")
    sides = [e if (e.get("cameo") or {}).get("quad_class") not in CONFLICT_QUADS else {**e, "recipient": []}
             for e in events]
    return next((parties for e in sides if len(parties := _countries([e])) >= 2), [])


def _most_named(doc: Doc, exclude: set[str]) -> list[dict]:
    """Countries by how often the document names them (themselves, not by pronoun), most first."""
    counts = Counter(m["code"] for m in doc._.actor_mentions or () if m["kind"] in ("country", "person", "office")
                     and m.get("code") and len(m["code"]) == 3 and m["code"] not in NOT_COUNTRIES | exclude)
    return [{"code": code, "sector": "GOV", "name": None} for code, _ in counts.most_common()]


def _countries(events: list[dict]) -> list[dict]:
    parties: list[dict] = []
    for event in events:
        for p in event["actor"] + event["recipient"]:
            code = p.get("code")
            if (p.get("text") or "").lower().split(" ")[-1] in GROUP_WORDS:
                continue  # "The leaders": the resolver's guess, not a participant named
            if code and len(code) == 3 and (code not in NOT_COUNTRIES or code in SIDES) \
                    and code not in {q["code"] for q in parties}:
                parties.append({"code": code, "sector": p.get("sector") or "GOV", "name": p.get("name")})
    return parties


def subjects(trigger: Token) -> list[Token]:
    """The subject tokens of the clause, climbing open complements and conjuncts ("agreed to ... and
    pledged to ...", "are committed to ...")."""
    token = trigger
    for _ in range(6):
        found = [c for c in token.children if c.dep_ in (*SUBJECT_DEPS, "expl")]
        if found:
            return [t for s in found for t in (s, *s.conjuncts)]
        if token.dep_ in ("xcomp", "conj", "acomp", "acl", "pcomp", "prep", "dobj", "pobj") and token.head.i != token.i:
            token = token.head
            continue
        break
    return []


def stands_for_participants(trigger: Token, count: int | None = None) -> bool:
    """Whether the clause's subject is a group word ("They", "The two leaders", "Participants") or a
    passive "it was agreed" (and, given the participants' ``count``, does not say it is another number)."""
    found = subjects(trigger)
    if not found:
        return False
    sizes = group_sizes(t.text for s in found for t in s.subtree)
    if count is not None and sizes and count not in sizes:
        return False  # the resolver's guess of that many (the countries the document names most) stands
    return all(s.lower_ in GROUP_PRONOUNS or (_singular(s) in GROUP_NOUNS and s.tag_ in ("NNS", "NNPS", "CD"))
               for s in found)


def _singular(token: Token) -> str:
    """"leaders" -> leader; "Presidents" (a proper noun spaCy leaves as it is) -> president."""
    lemma = token.lemma_.lower()
    return lemma[:-1] if lemma == token.lower_ and lemma.endswith("s") else lemma


def partly_unnamed(trigger: Token, mention_at: dict[int, dict]) -> bool:
    """Whether the subject lists several people of whom some have no country of their own ("The Vice
    President and Prime Minister discussed ...", "President Boakai and the Vice President"): then they
    are the interaction's participants."""
    found = subjects(trigger)
    if len(found) < 2:
        return False
    coded = [any((m := mention_at.get(t.i)) is not None and m.get("code") for t in s.subtree) for s in found]
    # ... a person or an office, not a plural common noun ("the United States and partners intend to ...")
    unnamed = [s for s, c in zip(found, coded, strict=True) if not c]
    return bool(unnamed) and all(s.pos_ == "PROPN" or (mention_at.get(s.i) or {}).get("kind") in ("person", "office")
                                 for s in unnamed)


# Nouns whose subject speaks or acts for a party; an agreement or a plan does not ("The agreement will
# support trade").
AGENT_NOUNS = GROUP_NOUNS | frozenset({"administration", "team", "people", "secretary", "spokesperson", "office",
                                       "department", "ministry", "state", "governor", "senator", "member",
                                       "ambassador", "envoy", "chancellor", "king", "queen", "emir", "prince",
                                       "premier", "chairman", "chair", "we", "i", "he", "she", "you", "g7", "g20"})


def agentive(trigger: Token, mention_at: dict[int, dict]) -> bool:
    """Whether the clause's subject is someone (a named party, a person, an office, a pronoun, a group
    word), not a thing ("The United States-Mexico-Canada Agreement will support trade")."""
    found = subjects(trigger)
    if not found:
        return True  # no subject of its own: whoever the clause is said of
    for s in found:
        mention = mention_at.get(s.i)
        if mention is not None or s.pos_ == "PRON" or _singular(s) in AGENT_NOUNS \
                or s.ent_type_ in ("PERSON", "GPE", "NORP"):
            continue
        return False
    return True


def joined_to_agent(noun: Token) -> bool:
    """Whether a stance noun is listed with the agent of a passive ("posed by China and our commitment")."""
    token = noun
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token is not noun and token.dep_ == "pobj" and token.head.dep_ == "agent"
