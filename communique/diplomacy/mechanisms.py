"""Mechanisms: named recurring dialogues ("the 9th round of Sino-Russian strategic security
consultations", "the U.S.-Israel Strategic Consultative Group", "the 15th BRICS summit").

A mechanism is a noun phrase whose head is a mechanism word (``data/mechanism_words.tsv``) and that
names something recurring: a pair of parties with a descriptor ("China-Russia strategic security
consultations"), a round ("the 9th round of ..."), an organisation with a summit-like head ("BRICS
summit"), or a capitalized name of an event's participants ("the Strategic Consultative Group").
Its normalized name puts the parties in a fixed order (by code) and the rest in lower case, with a
singular head: "Sino-Russian strategic security consultations" and "the China-Russia strategic
security consultation mechanism" are both "China-Russia strategic security consultation", so that
rounds reported in different documents link into one series.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from communique.actors.kb import Country, KnowledgeBase, Organisation
from communique.diplomacy.tables import MechanismWords, mechanism_words, series
from communique.when_where.dates import ORDINAL_WORDS

_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.IGNORECASE)
# Triggers of an event that make its participants the mechanism's (co-)chairs: both sides of "co-chaired
# ... with", the subject of "chaired", "hosted", "held".
CO_CHAIR_LEMMAS = frozenset({"co-chair", "cochair", "co-host"})
CHAIR_LEMMAS = frozenset({"chair", "host", "hold", "lead", "convene", "conduct", "preside"})
# Triggers under which the mechanism took place (a date and place of a round): chairing, holding, attending,
# meeting at it; "discussed the prospect of a summit" does not.
HELD_LEMMAS = CO_CHAIR_LEMMAS | CHAIR_LEMMAS | frozenset({"attend", "participate", "join", "meet", "speak", "talk",
                                                          "open", "gather", "take"})
LED_WORDS = frozenset({"led", "hosted", "chaired", "sponsored"})
# Words that make a series a point in time for another event: "ahead of the Summit", "in the run-up to COP26".
TIME_REFERENCE_WORDS = frozenset({"before", "after", "ahead", "until", "since", "toward", "towards", "prior"})
# Words that say how many sides a series has.
SIDES_OF = {"bilateral": 2, "trilateral": 3, "quadrilateral": 4}
# Ignored words that stay ignored in a title: "the G7 Leaders' Summit" is the G7 summit.
TITLE_IGNORED = frozenset({"leader", "virtual", "annual", "inaugural", "upcoming", "bilateral", "trilateral",
                           "anniversary"})
MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                    "november", "december"})
# What a meeting is about, not where it is held: "spoke about preparations for the summit".
TOPIC_PREPS = frozenset({"about", "regarding", "concerning", "for", "before", "ahead", "after", "toward", "towards",
                         "advance", "prior"})  # "ahead of", "in advance of", "prior to" the summit: before it
TOPIC_NOUNS = frozenset({"preparation", "outcome", "result", "agenda", "priority", "run-up", "lead-up", "plan"})
# Verbs whose object is what a meeting is about: "met ... to discuss the NATO Summit" did not hold it.
TOPIC_VERBS = frozenset({"discuss", "review", "prepare", "preview", "consider", "address", "plan", "brief"})
# Verbs whose object series meets for the first time: "launched the ... dialogue".
LAUNCH_LEMMAS = frozenset({"launch", "inaugurate"})
PARTY_KINDS = ("country", "adjective", "capital", "people", "organisation")
BREAKS = frozenset({",", ";", ":", "(", ")", "–", "—"})  # what ends a name's run of modifiers


def ordinal(token: Token) -> int | None:
    """9 for "9th" or "ninth"; 1 for "inaugural"; 15 for "15<sup>th</sup>" (markup left in the text)."""
    text = token.lower_
    match = _ORDINAL.match(text)
    if match:
        return int(match.group(1))
    doc = token.doc
    if token.is_digit and token.i + 4 < len(doc) and doc[token.i + 1].text == "<" and doc[token.i + 2].lower_ == "sup" \
            and doc[token.i + 4].lower_.startswith(("th", "st", "nd", "rd")):
        return int(text)
    return 1 if text == "inaugural" else ORDINAL_WORDS.get(text)


class MechanismFinder:
    def __init__(self, words: MechanismWords, kb: KnowledgeBase) -> None:
        self.words = words
        self.kb = kb
        self.organisations = {o.name: o for o in kb.organisations}
        self.series = series()

    def find(self, sent: Span, mention_at: dict[int, dict], events_at: dict[int, dict],
             before: list[dict] | None = None, participants: list[dict] | None = None) -> list[dict]:
        """Mechanisms of one sentence; ``before`` are those the document named earlier, which "the
        dialogue" and "the mechanism" refer back to."""
        found = self._series(sent, events_at)
        named = {i for m in found for i in range(*m.pop("_tokens"))}
        for token in sent:
            if token.pos_ not in ("NOUN", "PROPN") or token.i in mention_at or token.i in named \
                    or token.i - 1 in named:
                continue  # "UN Security Council" is an actor, not a meeting; "UNGA meetings" is UNGA
            word = self.words.role_word(token.lemma_.lower(), frozenset({"head", "wrapper"}))
            if word is None or _in_link(token):
                continue  # ".../the-united-states-summit-...": a word of a link's address
            # what this sentence named before is "before" too ("launched the X Dialogue ... the second round
            # of the Dialogue")
            mechanism = self._mechanism(sent, token, word, mention_at, events_at, [*(before or []), *found],
                                        participants or [], named)
            if mechanism is not None:
                found.append(mechanism)
        return found

    def _mechanism(self, sent: Span, head: Token, word: str, mention_at: dict[int, dict],
                   events_at: dict[int, dict], before: list[dict], participants: list[dict],
                   named_series: set[int] | None = None) -> dict | None:
        words = self.words
        if word in words.wrappers:
            # "the ... consultation mechanism": the mechanism word is a compound on the wrapper
            inner = [c for c in head.lefts if c.dep_ in ("compound", "nmod")
                     and words.role_word(c.lemma_.lower(), frozenset({"head"}))]
            if not inner:
                return self._named_format(sent, head, word, mention_at, events_at)  # "the Normandy format"
            name_head, head_word = inner[-1], words.role_word(inner[-1].lemma_.lower(), frozenset({"head"}))
        else:
            name_head, head_word = head, word
            if word in words.rounds and (_of_object(head, words) is not None or _of_name(head) or any(
                    c.dep_ in ("compound", "nmod") and words.role_word(c.lemma_.lower(), frozenset({"head"}))
                    for c in head.lefts)):
                # "the 2nd meeting of the Joint Commission": the commission is the mechanism, as the dialogue is
                # of "the Strategic Dialogue on AI meeting"; "the inaugural meeting of the NCG": a round of what the
                # name stands for, no series of its own
                return None
        if head_word is None:
            return None
        if any(c.dep_ == "compound" and words.role_word(c.lemma_.lower(), frozenset({"head"}))
               for c in head.rights):
            return None
        if head.dep_ in ("compound", "nmod") and head.head.i > head.i \
                and words.role_word(head.head.lemma_.lower(), frozenset({"head", "wrapper"})) \
                and not words.role_word(head.head.lemma_.lower(), frozenset({"round"})):
            return None  # "consultation" in "consultation mechanism": the outer noun is the candidate
        if head.dep_ in ("compound", "nmod") and head_word in BODY_HEADS and head.head.i > head.i \
                and head.head.lemma_.lower() in DOCUMENT_NOUNS:
            return None  # "the OECD Council Decision on ...": a body's act, no meeting named
        if head.dep_ == "compound" and head.head.lemma_.lower() in RELATION_NOUNS:
            return None  # "ASEAN-U.S. Dialogue Relations", "the Summit partnership": a relationship, no meeting
        if _persons_body(head, mention_at) or _listed_affiliation(_left_modifiers(head) or [head], mention_at):
            return None  # "President of the Italian Episcopal Conference": a body someone belongs to, not a meeting

        parties: dict[str, dict] = {}
        descriptors: list[Token] = []
        places: list[Token] = []
        seat = False
        round_number = None
        capitalized = head.text[:1].isupper()
        chain = _title_of_chain(head)  # "SCO Council of Heads of State": words of the name, whoever they name
        left = _left_modifiers(head)
        # "in-person" is three tokens: an ignore word written with hyphens
        hyphened = {t.i for a, b, c in zip(left, left[1:], left[2:], strict=False) if b.text == "-" and (
                    words.role_word(f"{a.lower_}-{c.lower_}", frozenset({"ignore"})) or c.lower_ in LED_WORDS
                    or ((c.tag_ == "VBN" or c.pos_ == "ADV") and c.is_lower and ordinal(a) is None))
                    for t in (a, b, c)}  # ... and "Norwegian-led", "EU-facilitated", "re-launched": who leads it
        # (or that it was launched again) is no part of its name
        joined: set[int] = set()  # words of an organisation's name begun inside a hyphened token
        for token in [t for t in left if t.i not in hyphened] + chain:
            if token.i in joined:
                continue
            if "<" in token.text or ">" in token.text or token.doc[token.i - 1].text == "<":
                continue  # markup left in the text ("15<sup>th</sup>")
            if _link_debris(token):
                continue  # "[Summit for Democracy](https://...)", "*Producers Forum*": markup, no word of the name
            mention = mention_at.get(token.i) if token not in chain else None
            number = ordinal(token)
            if mention is not None and _region_adjective(token, mention):
                if token.doc[token.i - 1] not in descriptors:
                    descriptors.append(token.doc[token.i - 1])
                descriptors.append(token)  # "the North American Leaders' Summit": a region's, no country's
                continue
            if mention is not None and mention["kind"] == "capital" and "-" not in token.text \
                    and token.doc[token.i + 1].text != "-" and token.doc[token.i - 1].text != "-":
                places.append(token)  # "the Washington Summit": where it met; "Moscow-Beijing talks": a pair
                if token.i == mention["tok_start"] and _seat(mention["text"]):
                    seat = True  # "the White House Methane Summit": a government's own event, at its seat
                continue
            if mention is not None and mention["kind"] == "country" and parties and token.i == mention["tok_start"] \
                    and _venue_after_pair(token.doc, mention, mention_at, joined):
                places.append(token)  # "the 2018 U.S.-DPRK Singapore Summit": the pair met in Singapore
                continue
            if mention is not None:
                if mention["kind"] in PARTY_KINDS and mention.get("code"):
                    party = self._party(mention["code"], mention["name"], mention["kind"])
                    parties.setdefault(party["label"], party)
                continue
            if number is not None:
                round_number = round_number or number
                continue
            hyphened = self._hyphen_parties(token, until=head.i) or self._paired_country(token)
            if hyphened:
                joined |= {i for party in hyphened for i in party.pop("_tokens", ())}
                for party in hyphened:
                    parties.setdefault(party["label"], party)
                continue
            if token.i < head.i and token.pos_ == "PROPN" and token.text[:1].isupper() and "-" not in token.text \
                    and "-" not in token.doc[token.i - 1].text and (token.i - 1 not in mention_at or mention_at[
                        token.i - 1]["kind"] == "organisation") and (
                    token.ent_type_ in ("GPE", "LOC", "FAC") or _city(token.text)):
                places.append(token)  # "the Jeddah Summit", "the Camp David Summit": a venue's name
                continue
            # a possessive is no word of the name, but in a title ("the Quad Foreign Ministers' Meeting")
            if token.dep_ in ("det", "predet", "case") or (token.dep_ == "poss" and token not in chain and not (
                    token.pos_ == "PROPN" and token.text[:1].isupper())) \
                    or token.lower_ in ("'s", "'", "\u2019s", "\u2019"):
                continue
            if token.is_punct and (token.text not in ("-", "+") or token.i - 1 in mention_at
                                   or token.i + 1 in mention_at):
                continue  # "the existing India-U.S. Civil Space ... Group": the hyphen joined two parties
            # an ignored word is the name's own when capitalized ("the Future Tech Forum"), but for "Leaders'"
            ignored = words.role_word(token.lemma_.lower(), frozenset({"ignore", "wrapper"}))
            if ignored and token.text[:1].isupper() and ignored not in TITLE_IGNORED \
                    and token.i + 1 not in mention_at:
                ignored = None  # "the Next Generation ... Dialogue"; not "the Next G20 Summit"
            if token.i == name_head.i or ignored or token.ent_type_ in ("DATE", "TIME") or token.lower_ in MONTHS:
                continue  # "the June 14 NATO Summit" is the NATO summit
            if _date_number(token) or (token.pos_ == "ADV" and token.is_lower) or (
                    token.tag_ == "VBN" and token.is_lower and token.i < head.i):
                continue  # "the 2024 G7 Summit", "the 3 March ... Meeting", "the very first", "the re-launched"
            descriptors.append(token)
        for party in self._between_parties(head, mention_at):
            parties.setdefault(party["label"], party)
        if round_number is None and head.text[:1].isupper():
            # "their fifth U.S.-France Cyber Dialogue", "the 4<sup>th</sup> U.S.-Ukraine ... Dialogue": an ordinal
            # the parser hangs elsewhere, just before the title
            first = left[0] if left else head
            round_number = _ordinal_before(sent.doc[first.i:head.i + 1])
        if round_number is None and head.dep_ in ("nsubj", "nsubjpass"):
            # "The U.S.-Ukraine Trade and Investment Council is holding its 10<sup>th</sup> meeting": its round
            own = [c for c in head.head.children if c.dep_ in ("dobj", "obj") and words.role_word(
                c.lemma_.lower(), frozenset({"round"})) and any(p.dep_ == "poss" and p.lower_ in ("its", "their")
                                                               for p in c.children)]
            round_number = next((n for c in own if (n := next((ordinal(t) for t in c.lefts if ordinal(t)), None)
                                                        or _ordinal_before(c.doc[c.i:c.i + 1])) is not None), None)
        if round_number is not None and (any(t.lower_ in SUBSET_WORDS for t in left) or any(
                c.dep_ == "prep" and c.lower_ == "since" for c in head.children)):
            round_number = None  # "the second in-person Quad Leaders Meeting", "the first NALS since 2016"
        if round_number is not None and _someones(head, left, mention_at):
            round_number = None  # "the President's first NATO Summit": his first, not the series' first
        if places and not any(p["kind"] == "organisation" for p in parties.values()):
            if not descriptors and not parties and head_word in words.venue:
                return None  # "the historic Jeddah Summit", "the Camp David Summit": one meeting, named for its venue
            # "the Munich Security Conference", "the Shanghai Forum": the venue is part of the name; but "the
            # U.S.-DPRK Singapore Summit" is the pair's summit, held in Singapore
            if descriptors or len(parties) < 2 or head_word not in words.venue:
                descriptors = sorted(descriptors + places, key=lambda t: t.i)
        if head.dep_ == "dobj" and head.head.lemma_.lower() in LAUNCH_LEMMAS and not any(
                c.dep_ == "aux" and c.lower_ in ("to", "will") for c in head.head.children):  # not "agreed to launch"
            # "the United States and China launched their Counternarcotics Working Group": its first
            # meeting, and the launching parties are its own
            round_number = round_number or 1
            for party in self._launching_parties(head.head, mention_at):
                parties.setdefault(party["label"], party)
        # "consultations on strategic stability" is the series "strategic stability consultations"
        # ("the first G20 Ministerial Conference on women's empowerment": a lower-case topic after a title too)
        on_topic = _on_topic(head, words) if not chain else []
        descriptor_text = _descriptor_text(descriptors + on_topic)
        container = _of_container(head, words)
        if container is not None:
            round_number = round_number or next(
                (n for c in container.lefts if (n := ordinal(c)) is not None), None)
            capitalized = capitalized or False

        event, trigger = _governing_event(head, container, events_at)
        event_parties = [p for p in (event or {}).get("actor", []) + (event or {}).get("recipient", [])
                         if p.get("code")]
        # who holds or attends it may own it; who welcomes or discusses it does not ("the two presidents
        # welcomed the COP26 Policy Dialogue")
        holders = event_parties if trigger is not None and trigger.lemma_.lower() in HELD_LEMMAS else []
        organisation = any(p["kind"] == "organisation" for p in parties.values())
        countries = [p for p in parties.values() if p["kind"] != "organisation"]
        named = capitalized and descriptors and all(t.text[:1].isupper() or not t.is_alpha or t.dep_ == "cc"
                                                    for t in descriptors)
        # "the Summit for Democracy", "the Major Economies Forum on Energy and Climate": a title alone
        titled = capitalized and head_word in words.titled and (named or any(t.lower_ != "of" for t in chain)) \
            and not any(t.i in mention_at for t in chain)  # "the Administrative Conference of the United States"
        event_codes = {p["code"] for p in event_parties if p["code"] not in ("IGO", "UNO", "EUR", "NGO")}
        if not (
            (len(countries) >= 2 and (descriptor_text or round_number))
            or ((len(countries) >= 2 or organisation) and descriptor_text and round_number)
            or (organisation and head_word in words.organisation_heads)
            or (len(countries) >= 2 and head_word in words.pair_heads)
            or (round_number and len(event_codes) >= 2 and descriptor_text)  # one country's: a domestic body
            # a council or commission is named by its own parties (else it may be one country's body);
            # a summit or forum also by those who meet at it
            or (named and (len(parties) >= 2 or organisation or (len(event_codes) >= 2 and head_word in words.titled)))
            or (titled and not countries)
        ) or _one_off(head, countries) or (head_word in words.once and not organisation and not round_number
                                               and _indefinite(head)):
            # "convened a virtual COVID Summit": one meeting, not one of a series
            # "the fifth round of the dialogue": the series named before with the same head
            definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
            earlier = [m for m in before if word in words.wrappers or _headed(m["name"], words.heads[head_word])]
            if not (definite and earlier and not parties and not descriptors):
                return None
            return {"name": earlier[-1]["name"], "text": _phrase_text(sent, container or head, head),
                    "parties": list(earlier[-1]["parties"]), "party_names": list(earlier[-1]["party_names"]),
                    "round": round_number, "_event": event, "_trigger": trigger, "_head": head.i}

        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
        # ("the second round of the Strategic Dialogue": that series' second round)
        if definite and not parties and descriptors and (not round_number or container is not None):
            # "the Special Summit", after "the U.S.-ASEAN Special Summit": the series named before
            wanted = {t.lower_ for t in descriptors if t.is_alpha}
            earlier = [m for m in before if _headed(m["name"], words.heads[head_word])
                       and wanted <= set(m["name"].lower().split()) and m["name"].lower() != " ".join(
                           [*(t.lower_ for t in descriptors), words.heads[head_word]])]
            if earlier:
                return {"name": earlier[-1]["name"], "text": _phrase_text(sent, container or head, head),
                        "parties": list(earlier[-1]["parties"]), "party_names": list(earlier[-1]["party_names"]),
                        "round": round_number, "_event": event, "_trigger": trigger, "_head": head.i}
        party_list = sorted(parties.values(), key=lambda p: (p["code"], p["label"]))
        if seat and not party_list and not any(t.lower_ in INTERNATIONAL for t in descriptors + chain):
            return None  # "the White House Tribal Nations Summit": one government's own, held at its seat
        if not party_list and not organisation and _domestic(sent, mention_at, participants, event_codes) \
                and not any(t.lower_ in INTERNATIONAL for t in descriptors + chain):
            return None  # "the Small Business Lending Summit", in a readout of one country's affairs
        # the participants name a series only their own: not "the Summit for Democracy", nor "the COP26 Policy
        # Dialogue" (a series of another series), but "the Strategic Dialogue between our countries", "the High
        # Level Economic Dialogue" in a two-party readout
        within_series = any(t.i in (named_series or ()) for t in descriptors + chain)
        if not holders and len(participants) == 2 and head_word not in words.organisation_heads and not within_series \
                and _said_theirs(head, mention_at, participants):
            holders = participants  # "the Strategic Dialogue between our countries", in a two-party readout
        # "the Trilateral Economic Security Dialogue" in a readout of three: the word says whose it is (and in a
        # readout of two, that it is not theirs)
        sides = {SIDES_OF[t.lower_] for t in left if t.lower_ in SIDES_OF}
        sized = bool(sides) and not within_series and head_word not in words.organisation_heads \
            and sides == {len({p["code"] for p in participants})}
        if sized and not holders and min(sides) >= 3:  # ("bilateral" in a readout of two says little: most are)
            holders = participants
        elif sides and holders is participants and not sized:
            holders = []
        bilateral = len({p["code"] for p in holders}) == 2 and head_word not in words.organisation_heads
        if not party_list and holders and (not titled or bilateral or sized):
            seen = {}
            for p in holders:
                kind = "country" if p["code"] in self.kb.countries else "organisation"  # ("ASEAN", not its name)
                seen.setdefault(p["code"], self._party(p["code"], p.get("name") or p["code"], kind))
            party_list = sorted(seen.values(), key=lambda p: (p["code"], p["label"]))
        label = "-".join(p["label"] for p in party_list)
        # "U.S.-Saudi Arabia ...": a word of a party's name is no descriptor
        label_words = {w.lower() for p in party_list for w in p["label"].split()}
        descriptors = [t for t in descriptors if not (t.text[:1].isupper() and t.lower_ in label_words)]
        # "the WBG and IMF Annual Meetings": an "and" beside a party joins it to another, no words of the title
        descriptors = [t for t in descriptors if not (t.dep_ == "cc" and t.i + 1 in mention_at
                                                      and mention_at[t.i + 1].get("code"))]
        while descriptors and descriptors[-1].i > head.i and (descriptors[-1].pos_ in ("ADP", "CCONJ", "DET")
                                                              or not descriptors[-1].is_alpha):
            descriptors.pop()  # "the NATO Summit on ...": a title's chain cut short ends in no preposition
        if not label and not any(t.is_alpha for t in descriptors):
            return None  # "the Summit" alone names no series
        if any(t.lemma_.lower() in words.bodies or t.lower_.removesuffix("s") in words.bodies
               for t in (*descriptors, *left)):
            return None  # "the Atrocity Crimes Advisory Group": a body that advises, no meeting series
        if len(party_list) == 1 and party_list[0]["kind"] == "country" and not titled:
            return None  # "new bilateral commercial dialogues with Tanzania and Zambia": one country is no series
        name = " ".join(part for part in (label, _descriptor_text([t for t in descriptors if t.i < head.i]),
                                          _descriptor_text(on_topic), words.heads[head_word],
                                          _descriptor_text([t for t in descriptors if t.i > head.i])) if part)
        return {
            "name": name,
            "text": _phrase_text(sent, container or head, head),
            "parties": [p["code"] for p in party_list],
            "party_names": [p["label"] for p in party_list],
            "round": round_number,
            "_event": event,
            "_trigger": trigger,
            "_head": head.i,
        }

    def names_series(self, sent: Span) -> bool:
        """Whether the sentence names a series of ``data/series.tsv`` (a cheap test before any parse walk)."""
        return any(pattern.search(sent.text) for pattern, _ in self.series.patterns)

    def _series(self, sent: Span, events_at: dict[int, dict]) -> list[dict]:
        """Series a name alone makes ("COP28", "the UN General Assembly"), from ``data/series.tsv``."""
        found = []
        text, offset = sent.text, sent.start_char
        for pattern, name in self.series.patterns:
            for match in pattern.finditer(text):
                span = sent.doc.char_span(offset + match.start(), offset + match.end(), alignment_mode="expand")
                if span is None:
                    continue
                number = match.groupdict().get("round") or _ordinal_before(span) or self._session_of(span)
                event, trigger = _governing_event(span.root, None, events_at)
                found.append({"name": name, "text": span.text, "parties": [], "party_names": [],
                              "round": int(number) if number else None, "_event": event, "_trigger": trigger,
                              "_head": span.root.i, "_tokens": (span.start, span.end)})
        return found

    def _session_of(self, span: Span) -> int | None:
        """"the fifteenth session of the Conference of the Parties ...": the ordinal of the round noun before."""
        doc, i = span.doc, span.start - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i < 1 or doc[i].lower_ != "of" or not self.words.role_word(doc[i - 1].lemma_.lower(), frozenset({"round"})):
            return None
        return next((n for t in doc[max(i - 4, 0):i - 1] if (n := ordinal(t)) is not None), None)

    def _named_format(self, sent: Span, wrapper: Token, word: str, mention_at: dict[int, dict],
                      events_at: dict[int, dict]) -> dict | None:
        """"the Normandy format", "the Aqaba process": a proper name the wrapper word makes a series."""
        names = [c for c in wrapper.lefts if c.dep_ in ("compound", "nmod", "amod") and c.pos_ == "PROPN"
                 and c.text[:1].isupper()]
        if any((mention_at.get(n.i) or {}).get("kind") in ("organisation", "country") for n in names):
            return None  # "the G20 process" is the G20's own series, named as such elsewhere
        if not names or names[-1].i != wrapper.i - 1 or not wrapper.is_lower:
            return None  # "the Indo-Pacific Economic Framework" is the name of an agreement, not a series
        start = min(t.i for n in names for t in n.subtree)
        text = sent.doc[start:wrapper.i + 1].text
        event, trigger = _governing_event(wrapper, None, events_at)
        return {"name": f"{sent.doc[start:wrapper.i].text} {word}", "text": text, "parties": [], "party_names": [],
                "round": None, "_event": event, "_trigger": trigger, "_head": wrapper.i}

    def _paired_country(self, token: Token) -> list[dict]:
        """"Chile" in "the Chile-Pacific Islands Forum Summit", which the recognizer took into the organisation's
        name: a country of the knowledge base joined by a hyphen to the next party."""
        doc = token.doc
        if token.i + 1 >= len(doc) or doc[token.i + 1].text != "-" or doc[token.i + 1].whitespace_:
            return []
        # a country's name, not its adjective: "Indo" in "Indo-Pacific" names no India
        entries = [e for e in self.kb.lookup(token.text) if isinstance(e, Country)
                   and token.text in (e.name, *e.aliases, e.iso3)]
        return [self._party(entries[0].iso3, entries[0].name, "country")] if entries else []

    def _hyphen_parties(self, token: Token, until: int | None = None) -> list[dict]:
        """"U.S.-India" as one token: each part a country or organisation of the knowledge base. The last part
        may begin a name the next words end ("U.S.-Pacific Islands Forum", before ``until``): that party
        carries the indices of those words as "_tokens"."""
        if "-" not in token.text or token.text.startswith("-"):
            return []
        found = []
        parts = token.text.split("-")
        for n, part in enumerate(parts):
            entries = [e for e in self.kb.lookup(part) if isinstance(e, Country | Organisation)]
            if not entries and n == len(parts) - 1 and found and until is not None:
                doc = token.doc
                for end in range(min(until, token.i + 6), token.i, -1):  # the longest name first
                    name = " ".join([part, *(t.text for t in doc[token.i + 1:end])])
                    entries = [e for e in self.kb.lookup(name) if isinstance(e, Organisation)]
                    if entries:
                        found.append({**self._party(entries[0].code, entries[0].name, "organisation"),
                                      "_tokens": range(token.i + 1, end)})
                        return found
            if not entries:
                return []
            entry = entries[0]
            if isinstance(entry, Country):
                found.append(self._party(entry.iso3, entry.name, "country"))
            else:
                found.append(self._party(entry.code, entry.name, "organisation"))
        return found

    def _launching_parties(self, verb: Token, mention_at: dict[int, dict]) -> list[dict]:
        found = []
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            # "The United States, Mexico, and Canada launched ...": every country of the subject's phrase
            for token in (*subject.subtree, *(p for c in subject.conjuncts for p in c.subtree)):
                mention = mention_at.get(token.i)
                if mention and mention["kind"] in ("country", "adjective") and mention.get("code") \
                        and all(f["code"] != mention["code"] for f in found):
                    found.append(self._party(mention["code"], mention["name"], mention["kind"]))
        return found

    def _between_parties(self, head: Token, mention_at: dict[int, dict]) -> list[dict]:
        """"the strategic dialogue between China and the EU"."""
        found = []
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                for pobj in prep.children:
                    for token in (pobj, *pobj.conjuncts):
                        mention = mention_at.get(token.i)
                        if mention and mention["kind"] in PARTY_KINDS and mention.get("code"):
                            found.append(self._party(mention["code"], mention["name"], mention["kind"]))
        return found

    def _party(self, code: str, name: str, kind: str) -> dict:
        """A party with the label the normalized name uses: a country's short name ("United States"), an
        organisation's acronym when it has one ("SCO", "G20")."""
        if kind == "organisation" and name in self.organisations:
            return {"code": code, "label": _organisation_label(self.organisations[name]), "kind": "organisation"}
        country = self.kb.countries.get(code)
        return {"code": code, "label": country.name if country else name, "kind": "country"}


def _organisation_label(entry: Organisation) -> str:
    """An organisation's acronym when it has one ("SCO", "BRICS", "G20"), else its name."""
    for form in (entry.name, *entry.aliases):
        if re.fullmatch(r"[A-Z][A-Z0-9]{1,6}", form):
            return form
    return entry.name


def _headed(name: str, head: str) -> bool:
    """Whether a series' name has ``head`` for its head noun: "Japan-United States strategic dialogue" and
    "... strategic dialogue of democratic resilience" for "the Strategic Dialogue" named again."""
    words = name.lower().split()
    return head in words and (words[-1] == head or words[words.index(head) + 1:][:1] in (["of"], ["on"], ["for"]))


def _left_modifiers(head: Token) -> list[Token]:
    """The words of the name left of its head, as one unbroken run of the head's own subtree: a list
    ("the G-7 and United Nations Climate Change Conference"), a bullet or a line break ends it."""
    subtree = {t.i for t in head.subtree}
    found = []
    token = head
    while token.i > 0:
        token = token.doc[token.i - 1]
        title_and = token.dep_ in ("cc", "prep") and token.lower_ in ("and", "for", "of", "on") and token.i > 0 \
            and token.doc[token.i - 1].text[:1].isupper() and token.doc[token.i + 1].text[:1].isupper() \
            and token.doc[token.i - 1].is_alpha  # "the Strategic Energy and Climate Dialogue", "Nutrition for Growth"
        # ... but a place or another series ends a title: "the G7 Summit in Puglia and NATO Summit in Washington",
        # "the U.S.-EU Summit and NATO Summit"
        title_and = title_and and token.doc[token.i - 1].ent_type_ not in ("GPE", "LOC", "FAC") \
            and not mechanism_words().role_word(token.doc[token.i - 1].lemma_.lower(), frozenset({"head"}))
        if token.text == "*" and token.i in subtree:
            continue  # markdown emphasis: "*Net-Zero* *Producers Forum*"
        if token.text == ")" and token.i >= 2 and token.doc[token.i - 2].text == "(" and head.text[:1].isupper() \
                and token.doc[token.i - 1].text.isupper():
            token = token.doc[token.i - 2]
            continue  # "the U.S.-Pacific Islands Forum (PIF) Summit": an acronym within the title
        # a capitalized title is read off the words, wherever the parser hangs them ("the Transatlantic Trade
        # and Labor Dialogue", parsed as "Trade" and "Dialogue" conjoined)
        # (a hyphened pair the tagger took for a common noun too: "the 21st U.S.-Indonesia Security Dialogue")
        in_title = head.text[:1].isupper() and (title_and or (
            (token.pos_ == "PROPN" or ("-" in token.text.strip("-") and not token.is_alpha))
            and token.text[:1].isupper() and token.ent_type_ != "PERSON"))
        if (token.i not in subtree and not in_title) or token.is_space or (token.dep_ == "cc" and not title_and) \
                or token.dep_ in ("relcl", "acl") or "\n" in token.whitespace_ or token.text in BREAKS \
                or (token.text == "-" and token.whitespace_):
            break
        found.append(token)
    return found[::-1]


def _venue_after_pair(doc: Doc, mention: dict, mention_at: dict[int, dict], joined: set[int]) -> bool:
    """Whether a country's name stands apart (no hyphen on either side) right after a hyphened pair of
    parties: "the U.S.-DPRK Singapore Summit" met in Singapore."""
    start, end = mention["tok_start"], mention["tok_end"]
    if start < 1 or doc[start - 1].text == "-" or (end < len(doc) and doc[end].text == "-"):
        return False
    before = doc[start - 1]
    if before.i in joined or ("-" in before.text and before.text[-1] != "-"):
        return True  # "U.S.-DPRK" in one token
    first = mention_at[before.i]["tok_start"] if before.i in mention_at else 0
    return first > 0 and "-" in doc[first - 1].text  # "U.S.-" "Japan"


REGION_WORDS = frozenset({"North", "South", "Central", "Latin", "East", "West"})


def _region_adjective(token: Token, mention: dict) -> bool:
    """"American" in "the North American Leaders' Summit": a country's adjective after a compass word
    that the mention leaves out names a region."""
    return mention["kind"] == "adjective" and mention["tok_start"] == token.i and token.i > 0 \
        and token.doc[token.i - 1].text in REGION_WORDS


def _city(name: str) -> bool:
    """Whether ``name`` is a city of 100,000 people or more ("Jeddah", "Hiroshima"): a venue."""
    from communique.when_where.places import gazetteer

    return gazetteer().city(name, min_population=100_000) is not None


def _seat(name: str) -> bool:
    """Whether a capital's mention names a seat of government ("the White House", "the Kremlin"), not
    the city itself ("Washington")."""
    from communique.when_where.places import gazetteer

    city = gazetteer().city(name, min_population=0)
    return city is None or city["place"].lower() != name.lower()


def _date_number(token: Token) -> bool:
    """"2024" in "the 2024 G7 Summit", "3" in "the 3 March Quad meeting": a year or a day, no descriptor."""
    if not token.like_num:
        return False
    if re.fullmatch(r"(?:19|20)\d\d", token.text):
        return True
    doc = token.doc
    return any(0 <= i < len(doc) and doc[i].lower_ in MONTHS for i in (token.i - 1, token.i + 1))


def _link_debris(token: Token) -> bool:
    """A token of a link's address or of markdown emphasis ("](https://...)", "*"), no word of a name."""
    return token.like_url or any(c in token.text for c in "/_*[]") or "--" in token.text


def _in_link(token: Token) -> bool:
    """Whether the token is part of a link's address ("https://.../the-summit-of-..."): the text around it
    up to whitespace has a slash or an underscore."""
    text = token.doc.text
    start = max(text.rfind(" ", 0, token.idx), text.rfind("\n", 0, token.idx)) + 1
    ends = [i for i in (text.find(" ", token.idx), text.find("\n", token.idx)) if i >= 0]
    chunk = text[start:min(ends) if ends else len(text)]
    return "/" in chunk or "_" in chunk


# Nouns of a span of time: a title's chain that reaches one has ended before it.
PERIOD_NOUNS = frozenset({"year", "decade", "week", "day", "month", "anniversary", "season"})


def _written_rest(head: Token) -> list[Token]:
    """The capitalized "of" ("for", "on") phrase written right after a capitalized head, read off the words
    when the parser hangs it on another word ("the third meeting of the Working Group on Counter-Terrorism",
    its "on" phrase hung on "meeting"): capitalized words, joined by hyphens, "and" or "of", "for", "with"
    ("the Dialogue on the Rights of Persons with Disabilities"), up to a place, a date or a person."""
    doc = head.doc
    if not head.text[:1].isupper() or head.i + 2 >= len(doc) or doc[head.i + 1].lower_ not in ("of", "for", "on"):
        return []
    end = head.i + 2 + (doc[head.i + 2].lower_ == "the")
    while end < len(doc) and (doc[end].text[:1].isupper() or (doc[end].text == "-" and not doc[end].whitespace_)
                              or (doc[end].lower_ in TITLE_JOINERS and end + 1 < len(doc)
                                  and doc[end + 1].text[:1].isupper())) \
            and not (doc[end].ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "PERSON") or doc[end].lower_ in MONTHS
                     or _link_debris(doc[end]) or "<" in doc[end].text):
        end += 1  # ("the Summit on Monday", "the Forum on Kauai": when or where, not what)
    while end > head.i + 2 and not doc[end - 1].text[:1].isupper():
        end -= 1  # no dangling "and" or hyphen
    rest = doc[head.i + 1:end]
    return list(rest) if len(rest) >= 2 and rest[-1].text[:1].isupper() else []


# Lower-case words inside a written title: "the Dialogue on the Rights of Persons with Disabilities".
TITLE_JOINERS = frozenset({"and", "of", "for", "with", "the"})


def _title_of_chain(head: Token) -> list[Token]:
    """The capitalized "of" ("for", "on") chain of a name: "Council of Heads of State" adds "of Heads of
    State", and "Summit for Democracy" adds "for Democracy"."""
    found: list[Token] = []
    token = head
    if not any(c.dep_ == "prep" and c.lower_ in ("of", "for", "on") for c in head.rights):
        return _written_rest(head)  # "the Working Group on Counter-Terrorism", its "on" hung on another word
    for _ in range(3):
        prep = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "for", "on")), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is None or not pobj.text[:1].isupper() or not head.text[:1].isupper() or pobj.ent_type_ == "GPE" \
                or any(t.ent_type_ in ("DATE", "TIME") or t.lower_ in MONTHS or _link_debris(t) or "<" in t.text
                       for t in pobj.subtree):
            break  # "the NATO Summit on June 14", "the Summit on April 22<sup>nd</sup>": when, not what
        if pobj.lemma_.lower() in PERIOD_NOUNS:  # "the Summit for Democracy Year of Action": a time of the series
            named = [t for c in pobj.lefts if c.dep_ in ("compound", "poss") and c.text[:1].isupper()
                     for t in c.subtree if t.dep_ not in ("det", "case")]  # "Democracy Year", "Democracy's Year"
            found += [prep, *named] if named else []
            break
        owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
        if owner is not None:  # "the Summit for Democracy's Year of Action": the title ends with its possessor
            found += [prep, *[t for t in owner.subtree if t.dep_ not in ("det", "case")]]
            break
        # "on Energy and Climate": capitalized conjuncts are the title's too; "(AI)" is an aside
        found += [prep, *[t for t in pobj.subtree if t.dep_ not in ("det",) and not _in_parentheses(t, prep) and (
            t.i <= pobj.i or (t.text[:1].isupper() and t.dep_ == "conj") or (
                t.dep_ == "cc" and t.head.i == pobj.i and any(c.text[:1].isupper() for c in pobj.conjuncts)))]]
        token = pobj
    return found


# Nouns a mechanism word may modify to name a relationship, not a meeting ("Dialogue Relations").
RELATION_NOUNS = frozenset({"relation", "relations", "relationship", "partnership", "partner"})
# Heads that name a body (which may meet as a series), and the nouns for what such a body issues.
BODY_HEADS = frozenset({"council", "committee", "commission", "group"})
DOCUMENT_NOUNS = frozenset({"decision", "declaration", "pledge", "agreement", "resolution", "statement", "communique",
                            "communiqué", "report", "recommendation", "charter", "regulation", "directive",
                            "guideline"})
# Words after an ordinal that count only some meetings of a series ("the second in-person summit").
SUBSET_WORDS = frozenset({"person", "in-person", "virtual", "standalone", "stand-alone", "alone", "full-scale",
                          "face-to-face", "physical", "hybrid", "leaders-level",
                          "anniversary"})  # "NATO's 75th anniversary summit": the years, not the rounds


def _someones(head: Token, left: list[Token], mention_at: dict[int, dict]) -> bool:
    """Whether a person's possessive ("the President's", "his") owns the phrase: its ordinal counts that
    person's meetings ("the President's first NATO Summit"), not the series' rounds ("their fifth ... Dialogue"
    is the parties' own)."""
    for token in (*left, *head.children):
        if token.dep_ != "poss":
            continue
        if token.lower_ in ("his", "her", "my"):
            return True
        mention = mention_at.get(token.i) or {}
        if mention.get("kind") in ("person", "office"):
            return True
    return False


def _in_parentheses(token: Token, start: Token) -> bool:
    """Whether an opening parenthesis between ``start`` and ``token`` is still open at ``token``."""
    depth = 0
    for t in token.doc[start.i:token.i + 1]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0 or token.text in "()"


def _ordinal_before(span: Span) -> int | None:
    """"the 15th UN Biodiversity Conference", "the 15<sup>th</sup> ...": the ordinal before a series name."""
    doc = span.doc
    for i in range(span.start - 1, max(span.start - 8, -1), -1):
        number = ordinal(doc[i])
        if number is not None:
            # "the March 24<sup>th</sup> United Nations General Assembly resolutions": a day, no round
            return None if i > 0 and doc[i - 1].lower_ in MONTHS else number
        if doc[i].lower_ in ("the", "a") or doc[i].pos_ == "ADP" or (
                doc[i].is_punct and doc[i].text not in ("<", ">", "/")):
            break  # "the 45th anniversary of ASEAN-U.S. Dialogue Relations": another noun's ordinal
    return None


def _one_off(head: Token, countries: list[dict]) -> bool:
    """"a presidential summit between the United States and Russia": one meeting of two countries, not a
    series ("a G20 summit" is one of a series: an organisation's; "a planned U.S.-Russia summit" is
    named for its pair)."""
    between = any(c.dep_ == "prep" and c.lower_ == "between" for c in head.children)
    return len(countries) >= 2 and between and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children)


# Words of a name that make a meeting international, though no party is named ("the Technoprom International
# Forum", "the Global Forum on ..."): never one country's domestic event.
INTERNATIONAL = frozenset({"international", "global", "world", "regional", "multilateral", "intergovernmental"})
# Nouns of someone who heads or belongs to a body: "President of the Leadership Conference".
MEMBER_NOUNS = frozenset({"president", "chair", "chairman", "chairwoman", "chairperson", "ceo", "director", "founder",
                          "fellow", "executive", "officer", "member", "secretary", "administrator", "spokesperson",
                          "archbishop", "head", "vice"})


def _indefinite(head: Token) -> bool:
    """"a virtual COVID Summit": an indefinite article, and no word that makes it recur ("an annual summit")."""
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children) and not any(
        c.lower_ in ("annual", "regular", "biennial", "annually", "next") for c in head.lefts)


def _said_theirs(head: Token, mention_at: dict[int, dict], participants: list[dict]) -> bool:
    """Whether the sentence makes a series named without parties the readout's participants' own: "their
    Strategic Dialogue", "the Strategic Dialogue between our countries", or the object of what they (or one of
    them) do ("The leaders agreed to re-start the High Level Economic Dialogue"). Not a series merely named
    beside them ("diplomatic efforts, starting next week with the bilateral Strategic Stability Dialogue")."""
    if any(c.dep_ == "poss" and c.lower_ in ("their", "our") for c in head.children) or any(
            c.dep_ == "prep" and c.lower_ == "between" for c in head.children):
        return True
    token = head
    while token.dep_ in ("conj", "appos", "compound") and token.head.i != token.i:
        token = token.head
    if token.dep_ not in ("dobj", "obj", "nsubjpass"):
        return False
    verb = token.head
    codes = {p["code"] for p in participants}
    for _ in range(4):
        subjects_ = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != token.i]
        if subjects_:
            return any(s.lower_ in ("they", "we", "both") or s.lemma_.lower() in ("leader", "side", "president",
                                                                                   "government", "country")
                       or any((m := mention_at.get(t.i)) is not None and m.get("code") in codes for t in s.subtree)
                       for s in subjects_)
        if verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _persons_body(head: Token, mention_at: dict[int, dict]) -> bool:
    """"Archbishop of Bologna and President of the Italian Episcopal Conference", "Maya Wiley, President and
    CEO, The Leadership Conference": a body a person heads or belongs to (named with a head word), no meeting."""
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        owner = head.head.head
        mention = mention_at.get(owner.i) or {}
        if owner.lemma_.lower() in MEMBER_NOUNS or mention.get("kind") == "office":
            return True
    if head.dep_ in ("appos", "conj", "npadvmod"):
        owner = head.head
        mention = mention_at.get(owner.i) or {}
        return owner.ent_type_ == "PERSON" or mention.get("kind") in ("person", "office") \
            or owner.lemma_.lower() in MEMBER_NOUNS
    return False


def _listed_affiliation(phrase: list[Token], mention_at: dict[int, dict]) -> bool:
    """"Sylvia Puente, President & CEO, Latino Policy Forum": the last item of "name, title, body" in a list
    of participants is the body someone works for."""
    doc = phrase[0].doc
    i = phrase[0].i - 1
    while i >= 0 and doc[i].dep_ == "det":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return False
    before = doc[i - 1]
    return before.lemma_.lower() in MEMBER_NOUNS or before.ent_type_ == "PERSON" \
        or (mention_at.get(before.i) or {}).get("kind") in ("person", "office")


def _domestic(sent: Span, mention_at: dict[int, dict], participants: list[dict], event_codes: set[str]) -> bool:
    """Whether the sentence reports one country's affairs: the document's interaction has fewer than two
    countries, the governing event has no two, and the sentence names no country or organisation."""
    if len(participants) >= 2 or len(event_codes) >= 2:
        return False
    mentions = [m for i in range(sent.start, sent.end) if (m := mention_at.get(i)) is not None and m.get("code")]
    return not any(m["kind"] == "organisation" for m in mentions) and len(
        {m["code"] for m in mentions if m["kind"] != "pronoun"}) <= 1  # "at the White House": still one country


def _on_topic(head: Token, words: MechanismWords) -> list[Token]:
    """The words of a lower-case "on" phrase on the head: "consultations on strategic stability and
    arms control" -> strategic stability and arms control; none for a vague one ("on a range of regional
    issues", "on matters of mutual concern": what talks are about, no series')."""
    prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "on"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if pobj is None or not pobj.is_lower or any(
            t.ent_type_ in ("DATE", "TIME") or t.lower_ in MONTHS or "<" in t.text or _link_debris(t)
            for t in pobj.subtree):
        return []  # "the Summit on April 22<sup>nd</sup>": when, not what
    if pobj.lemma_.lower() in ("margin", "sideline", "side", "occasion", "eve", "basis"):
        return []  # "the NATO Summit on the margins of ...": where, not what
    if any(t.dep_ == "poss" and any(p.pos_ == "PRON" for p in t.subtree) for t in pobj.subtree):
        return []  # "a new dialogue on our two countries' implementation of ...": a description, no name
    if any(words.role_word(t.lemma_.lower(), frozenset({"vague"})) for t in (pobj, *pobj.conjuncts)) \
            or any(words.role_word(t.lemma_.lower(), frozenset({"vague"})) for t in pobj.subtree
                   if t.dep_ == "pobj" and t.head.head.i == pobj.i and t.head.lower_ == "of"):
        return []
    # "consultations on strategic security in Beijing": where it is held is no part of the topic
    skip = {t.i for c in pobj.subtree if c.dep_ == "prep" and c.lower_ != "of" for t in c.subtree}
    if words.role_word(pobj.lemma_.lower(), frozenset({"round"})) and any(c.dep_ == "compound" for c in pobj.lefts):
        skip.add(pobj.i)  # "the Strategic Dialogue on AI meeting": a meeting of the dialogue on AI
    return [t for t in pobj.subtree if t.dep_ not in ("det", "punct", "case") and t.pos_ != "PRON" and t.i > prep.i
            and t.i not in skip]  # "on women's empowerment" keeps "women"; "on their cooperation" drops "their"


def _of_object(head: Token, words: MechanismWords) -> Token | None:
    """The mechanism noun under a round noun: "round" -> "consultations" in "round of consultations"."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and words.role_word(pobj.lemma_.lower(), frozenset({"head", "wrapper"})):
                    return pobj
    return None


def _of_name(head: Token) -> bool:
    """Whether a round noun's "of" phrase is a name ("meeting of the NCG", "session of the Board")."""
    return any(prep.dep_ == "prep" and prep.lower_ == "of" and any(
        pobj.dep_ == "pobj" and pobj.pos_ == "PROPN" for pobj in prep.children) for prep in head.rights)


def _of_container(head: Token, words: MechanismWords) -> Token | None:
    """The round noun above a mechanism: "the 9th round" in "the 9th round of ... consultations"."""
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        noun = head.head.head
        if words.role_word(noun.lemma_.lower(), frozenset({"round"})):
            return noun
    return None


def _governing_event(head: Token, container: Token | None,
                     events_at: dict[int, dict]) -> tuple[dict | None, Token | None]:
    """The coded event whose trigger governs the mechanism phrase ("co-chaired the 9th round of ...",
    "the Strategic Consultative Group met", "met ... on the margins of the NATO summit"), and its trigger;
    none when the phrase is what the event was about ("spoke about preparations for the summit")."""
    token = container or head
    for _ in range(6):  # "met ... on the margins of the NATO Summit": five steps up
        if token.i in events_at:
            return events_at[token.i], token
        if token.head.i == token.i:
            break
        if (token.dep_ == "prep" and (token.lower_ in TOPIC_PREPS or token.head.lower_ in TOPIC_PREPS)) \
                or token.lemma_.lower() in TOPIC_NOUNS \
                or (token.pos_ == "VERB" and token.lemma_.lower() in TOPIC_VERBS):
            return None, None  # "met ... to discuss the June 14 NATO Summit": what the meeting was about
        if token is not (container or head) and (
                (token.ent_type_ in ("DATE", "TIME") and token.pos_ in ("NOUN", "PROPN"))
                or (token.dep_ in ("prep", "advmod") and token.lower_ in TIME_REFERENCE_WORDS)):
            return None, None  # "convened the Forum, with just 44 days left to COP26", "ahead of the Summit": when
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in CHAIR_LEMMAS and any(
                c.dep_ in ("dobj", "obj") for c in token.head.children):
            return None, None  # "the Steering Committee has hosted two workshops": the host, not what was held
        token = token.head
    return None, None


def _descriptor_text(tokens: list[Token]) -> str:
    """The descriptor words in text order, lower case, with "2 + 2" and "High - level" closed up."""
    if not tokens:
        return ""
    text = ""
    ordered = sorted(tokens, key=lambda t: t.i)
    for prev, token in zip([None, *ordered[:-1]], ordered, strict=True):
        joined = prev is not None and prev.i + 1 == token.i and not prev.whitespace_
        text += ("" if joined or not text else " ") + token.text
    text = re.sub(r"\s*([+-])\s*", r"\1", text).strip("-+ ")
    text = re.sub(r"(?i)\bhigh level\b", "high-level", text)  # one series however the hyphen is written
    text = re.sub(r"(?i)(?:^|\s)\S+-(?:led|hosted|chaired)\b", "", text).strip()  # "the U.S.-led ... Forum"
    text = re.sub(r"'s?$|'s? ", " ", text).strip()
    return " ".join(word if word.isupper() and len(word) > 1 else word.lower() for word in text.split())


def _phrase_text(sent: Span, top: Token, head: Token) -> str:
    """The mechanism as the text names it: "9th round of Sino-Russian strategic security consultations"."""
    first = _left_modifiers(top)
    start = first[0].i if first else top.i
    if sent.doc[start].dep_ == "det":
        start += 1
    chain = _title_of_chain(head)
    end = max(head.i, *(t.i for t in chain)) if chain else head.i
    return sent.doc[start:end + 1].text
