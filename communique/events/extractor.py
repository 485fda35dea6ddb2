"""The events stage: who did what to whom, read off spaCy's dependency parse.

For each verb that a lexicon row matches, the subject gives the actor (climbing "agreed to hold"
chains to the verb that has one) and the direct object, the object's possessor ("supports
China's position") and the objects of the row's prepositions ("co-chaired consultations with
Patrushev", also when spaCy hangs the preposition on the object noun) give the recipient. Meetings
are reciprocal (PLOVER): every participant is an actor, unless a visitor and a host are clear from
the place ("... in Moscow": the Russian side hosts). Future cooperation is coded as AGREE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.resolver import SECTOR_OF_NOUN, publisher_country
from communique.events.lexicon import CameoCode, LexiconEntry, load_cameo, load_lexicon
from communique.events.modality import (
    INTENT_LEMMAS,
    SPEECH_LEMMAS,
    governors,
    is_negated,
    is_subordinate,
    modality_of,
    prospect_of,
    speech_verb,
)
from communique.nlp.context import document_of, text_slice
from communique.nlp.extensions import mentions_by_token
from communique.nlp.speech import interrogative
from communique.nlp.stage import Stage
from communique.when_where.places import gazetteer

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
# Left modifiers of a noun that can name the party behind it: "the Russian side", "China's position".
PARTY_MODIFIER_DEPS = ("compound", "amod", "poss", "nmod", "npadvmod")
# Verbs whose object is who is to do what they govern: "invited X to visit", "urged X to withdraw".
# (not "call": "called President Milei to congratulate him" is a phone call, made by the caller; an appeal
# names its addressee after "on": "called on Iran to ...")
OBJECT_CONTROL_LEMMAS = frozenset({"invite", "ask", "urge", "encourage", "press", "persuade", "request"})
# PLOVER: CONSULT, SUPPORT, COOPERATE, AID and yielding (CONCEDE, RETREAT) in the future are AGREE,
# with CAMEO's intent codes ("Israel will evacuate the settlements" is an agreement to withdraw).
FUTURE_AGREE_CODE = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "034"}
# A negative act announced on a condition ("may halt mediation if ..."), any act made to hang on
# "unless" ("will withdraw its force unless ...") and a use of force announced for later ("would
# blockade Paris") are threats (CAMEO 13).
THREAT_CODE = {"08": "130", "14": "133", "15": "138", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138"}
# ... and by the act's own code where it has a closer threat: sanctions (163) → threaten with sanctions (1312)
THREAT_CODE_OF = {"163": "1312", "161": "1313", "1621": "1311"}
CONFLICT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})
# Acts whose promise is a threat ("will impose sanctions", "pledged to impose sanctions": READOUTS_GUIDE,
# THREATEN), not a future event. A sanction reported as decided ("announced it would prohibit aid") is
# the sanction (PLOVER); protests (14) announced are planned protests.
PROMISED_THREAT_ROOTS = FORCE_ROOTS | {"16"}
PLACE_PREPS = ("in", "at", "near")
# Nouns a place name follows: "the town of Samarra", "the capital Kabul".
SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "capital", "port", "enclave", "province", "region"})
# Prepositions that name the target of any one-sided event: "threatened action against Russia".
RECIPIENT_PREPS = frozenset({"against", "to", "toward", "towards", "on", "upon"})
# On the object noun: "action against Russia", "calls by Belarus's rulers", "an offer from Kabul".
NOUN_RECIPIENT_PREPS = frozenset({"against", "toward", "towards", "by", "from", "to"})
# Acts done somewhere are done to that place's country ("reimposed blockades in the West Bank",
# "killed four Iraqis in an attack in Iraq", "threatened a curfew in Algiers", "an investigation in
# Italy"), when no other target is named.
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "PROTEST", "CONCEDE", "RETREAT", "THREATEN",
                                "ACCUSE"})
# "refused to meet": the governed cooperative act becomes a rejection.
REFUSAL_LEMMAS = frozenset({"refuse", "decline"})
REFUSABLE = frozenset({"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
HOST_KINDS = ("capital", "country", "city")
COUNTRY_KINDS = ("country", "adjective", "capital", "people")
# What can say whom an office or an unknown person belongs to: "Iraqi President X", "Arab League
# Secretary General X", "the Foreign Minister of Kazakhstan".
QUALIFIER_KINDS = (*COUNTRY_KINDS, "organisation", "body")


# Participles the tagger often reads as adjectives where they still report the act: "is committed to".
PREDICATE_PARTICIPLES = {"committed": "commit"}


class EventExtractor(Stage):
    name = "events"

    def __init__(self) -> None:
        self.cameo = load_cameo()
        self.by_lemma: dict[str, list[LexiconEntry]] = {}
        for entry in load_lexicon():
            for lemma in entry.lemmas:
                self.by_lemma.setdefault(lemma, []).append(entry)

    def process(self, doc: Doc) -> None:
        document = document_of(doc)
        mention_at = mentions_by_token(doc)
        events = []
        parties = None  # who takes part in the interaction the document reports, once a sentence says it
        fallback = most_named(doc)  # the two sides when a meeting's party cannot be placed
        publisher = publisher_country(document)
        for sent in doc.sents:
            if interrogative(sent):
                continue  # a question states no event (READOUTS_GUIDE: coded when stated as fact)
            tokens = list(sent)
            matches = [(token, *found) for token in tokens if (found := self.match(token))]
            triggers = {token.i for token, _, _ in matches}
            consult_at = {token.i for token, entry, _ in matches if self.cameo[entry.cameo].plover_type == "CONSULT"}
            # promises that are coded themselves (not "agreed to hold talks", where the talks are coded as AGREE)
            promises = {token.i for token, entry, _ in matches if entry.cameo[:2] in ABSORBING_ROOTS and not any(
                child.dep_ == "xcomp" and child.i in triggers for child in token.children)}
            # "reiterated their resolve to impose costs on Russia": a promise of a hostile act is a threat
            # (READOUTS_GUIDE), coded by the act's own row; the promise is not coded besides
            hostile = {token.i for token, entry, _ in matches if entry.cameo[:2] in COERCIVE_ROOTS}
            threats = {token.i for token, entry, _ in matches if token.i in promises and entry.cameo[:2] == "03"
                       and any(_purpose_of(doc[h], {token.i}) for h in hostile)}
            promises -= threats
            promised = {h for h in hostile if any(_purpose_of(doc[h], {t}) for t in threats)}
            # "threatened to impose sanctions": the threat is the event, what it threatens its content
            threatening = {token.i for token, entry, _ in matches if self.cameo[entry.cameo].root == "13"}
            for token, entry, object_noun in matches:
                if token.i in threats or _purpose_of(token, threatening - {token.i}):
                    continue
                if token.lemma_.lower() in TOPIC_VERBS and token.i in consult_at and _purpose_of(token, consult_at):
                    continue  # "spoke with X to discuss Y": the agenda of the meeting already coded
                if _purpose_of(token, promises - {token.i}):
                    # "committed to working with X to strengthen ties", "stressed the need for X to provide
                    # access": the promise or the request is the event; what it asks for is its content
                    continue
                # "agreed to hold talks": the talks are the event (coded AGREE); "agreed" adds nothing.
                # Likewise "refused to meet" is coded once, as a rejection of the meeting.
                if token.lemma_.lower() in INTENT_LEMMAS | REFUSAL_LEMMAS and any(
                    child.dep_ == "xcomp" and child.i in triggers for child in token.children
                ):
                    continue
                event = self.build(document.id, sent, token, entry, object_noun, mention_at, parties,
                                   promised=token.i in promised)
                if event is not None:
                    events.append(event)
            events += self.nominal(document.id, sent, mention_at, matches, consult_at)
            # "the Red Cross said US forces must ensure security": a demand, whatever the verb
            obliged = {token.head.i: token.head for token in tokens if token.lower_ == "must" and token.dep_ == "aux"}
            events += [event for i, verb in obliged.items() if i not in triggers
                       if (event := self.demand(document.id, sent, verb, mention_at)) is not None]
            if parties is None and (parties := interaction_parties(events, fallback, publisher)):
                _set_group_members(doc._.actor_mentions or (), parties)
        doc._.events = events

    def demand(self, doc_id: str, sent: Span, verb: Token, mention_at: dict[int, dict]) -> dict | None:
        """A request (CAMEO 100) where a party says that another must act and the act itself is not
        in the lexicon (acts that are get recoded in ``build``)."""
        demanders = _merge(_participants(_demanders(verb), mention_at))
        targets = _merge(_participants(_subjects(verb), mention_at))
        if is_negated(verb) or not any(d["code"] for d in demanders) or not any(t["code"] for t in targets):
            return None
        if {d["code"] for d in demanders} & {t["code"] for t in targets}:
            return None  # "Russia said it must respond" is no demand on anyone else
        return event_record(doc_id, sent, verb, "request.must", self.cameo["100"], _plover(self.cameo["100"]),
                            demanders, targets, negated=False, modality="asserted", confidence=0.7)

    def nominal(self, doc_id: str, sent: Span, mention_at: dict[int, dict],
                matches: list[tuple[Token, LexiconEntry, Token | None]], meetings: set[int]) -> list[dict]:
        """Events named by a noun rather than a verb (the READOUTS_GUIDE's background events in nominal
        form): visits ("the Prime Minister's recent visit to Ukraine"), meetings with two named sides
        ("his upcoming talks with his Iranian counterpart", "the Russian-American consultations"),
        agreements ("the Russian-Turkish agreements") and uses of force (``nominal_force``). A noun that
        is the object of a coded verb ("paid a visit", "held talks") is that verb's event already;
        ``meetings`` are the sentence's CONSULT triggers."""
        # a force noun is covered only by a verb of force ("launched an attack"), not by "condemned the attack"
        covered = {noun.i for token, entry, _ in matches if token.lemma_.lower() not in TOPIC_VERBS
                   for noun in _noun_chain(c for c in token.children if c.dep_ in (*OBJECT_DEPS, "nsubjpass"))
                   if noun.lemma_.lower() not in ATTACK_NOUNS | TEST_NOUNS
                   or self.cameo[entry.cameo].root in CONFLICT_ROOTS}
        found = []
        for noun in sent:
            lemma = noun.lemma_.lower()
            # a capitalized name counts too: "the Prime Minister's Official Visit to Washington"
            if noun.pos_ not in ("NOUN", "PROPN") or lemma not in NOMINAL_NOUNS or noun.i in covered:
                continue
            if lemma in QUALIFIED_AID_NOUNS and not any(c.lemma_.lower() in AID_KINDS for c in noun.children):
                continue  # "support for Ukraine" is a stance; "humanitarian support for Ukraine" is aid
            if lemma in MEETING_NOUNS and _setting_of(noun, meetings):
                continue  # "met on the sidelines of the G20 summit": where the coded meeting took place
            # "the upcoming visit", "his state visit next week to the United States": a meeting announced
            future = any((child.lower_ in FUTURE_WORDS and child.dep_ in ("amod", "compound")) or (
                child.dep_ == "npadvmod" and any(t.lower_ in ("next", "coming") for t in child.subtree))
                for child in noun.children)
            owners = _merge(_participants(_possessors([noun]) + _agents([noun]) + _prep_objects([noun], frozenset(
                {"by"}), depth=0), mention_at))
            if lemma in ATTACK_NOUNS | TEST_NOUNS:
                found += self.nominal_force(doc_id, sent, noun, owners, mention_at)
                continue
            if lemma in AID_NOUNS:
                found += self.nominal_aid(doc_id, sent, noun, owners, mention_at)
                continue
            if lemma in VISIT_NOUNS:
                hosts = [p for p in _merge(_participants(_prep_objects([noun], frozenset({"to"}), depth=0), mention_at))
                         if p["code"] and p["code"] not in {o["code"] for o in owners}]
                if not any(o["code"] for o in owners) or not hosts:
                    continue
                actors, recipients, code = owners, hosts, self.cameo["042"]
            else:
                sides = _merge(owners, _participants(_adjectives([noun]) + _prep_objects([noun], frozenset(
                    {"with", "between"}), depth=0), mention_at))
                if len({p["code"] for p in sides if p["code"]}) < 2:
                    continue
                actors, recipients, code = sides, [], self.cameo["040"]
            if lemma in AGREEMENT_NOUNS:  # "the Russian-Turkish agreements of March 5": an agreement reached
                code = self.cameo["030"]
            rule = ("consult.nominal_visit" if lemma in VISIT_NOUNS else "agree.nominal_agreement"
                    if lemma in AGREEMENT_NOUNS else "consult.nominal_meeting")
            plover = _plover(code)
            modality = "asserted"
            if future:  # "the upcoming visit": announced, coded as an agreement to meet (CAMEO 036)
                code, rule, modality = self.cameo["036"], rule + ".future", "future"
                plover = _plover(code)
            found.append(event_record(doc_id, sent, noun, rule, code, plover, actors, recipients,
                                      negated=False, modality=modality, confidence=0.6))
        return found

    def nominal_aid(self, doc_id: str, sent: Span, noun: Token, owners: list[dict],
                    mention_at: dict[int, dict]) -> list[dict]:
        """"Japan's assistance to Ukraine", "thanked Slovenia for its contributions to humanitarian
        assistance in Ukraine": aid (CAMEO 070) named by a noun, with a named giver (the noun's owner, the
        owner of the noun it completes, or the party thanked for it) and a named beneficiary."""
        if not any(o["code"] for o in owners):
            owners = _merge(_participants(_deed_owners(noun), mention_at))
        owners = [o for o in owners if o["code"]]
        # "contributions to security assistance in Moldova": the beneficiary may hang on the noun completed
        completed = [noun.head.head] if noun.dep_ == "pobj" and noun.head.head.pos_ == "NOUN" else []
        beneficiaries = [t for t in _merge(_participants(_prep_objects([noun], AID_PREPS, depth=0) or
                                                         _prep_objects(completed, AID_PREPS, depth=0), mention_at))
                         if t["code"] and t["code"] not in {o["code"] for o in owners}]
        if not owners or not beneficiaries:
            return []
        code = self.cameo["070"]
        return [event_record(doc_id, sent, noun, "aid.nominal_aid", code, _plover(code), owners, beneficiaries,
                             negated=False, modality="asserted", confidence=0.55)]

    def nominal_force(self, doc_id: str, sent: Span, noun: Token, owners: list[dict],
                      mention_at: dict[int, dict]) -> list[dict]:
        """"Iran's attack on Israel" (ASSAULT) and "the DPRK's ballistic missile tests" (MOBILIZE,
        weapons): a specific use or show of force whose doer is named. Generic labels ("Russia's war",
        "aggression", "the invasion") are not events (READOUTS_GUIDE, background events)."""
        owners += _participants(_adjectives([noun]), mention_at) if noun.lemma_.lower() in ATTACK_NOUNS else []
        owners = [o for o in _merge(owners) if o["code"]]
        if not owners:
            return []
        if noun.lemma_.lower() in TEST_NOUNS:
            if not any(c.lemma_.lower() in WEAPON_WORDS for c in noun.children if c.dep_ in ("compound", "amod")):
                return []  # "a stress test", "the launch of a programme"
            code, rule, targets = self.cameo["150"], "mobilize.nominal_weapons_test", []
            plover = {"type": "MOBILIZE", "mode": "weapons", "context": ["military"]}
        else:
            targets = [t for t in _merge(_participants(_prep_objects([noun], frozenset({"on", "against", "in"}),
                                                                     depth=0), mention_at))
                       if t["code"] and t["code"] not in {o["code"] for o in owners}]
            if not targets:
                return []
            code, rule = self.cameo["190"], "assault.nominal_attack"
            plover = _plover(code)
        return [event_record(doc_id, sent, noun, rule, code, plover, owners, targets, negated=False,
                             modality="asserted", confidence=0.55)]

    def match(self, token: Token) -> tuple[LexiconEntry, Token | None] | None:
        """The first lexicon row whose lemma, object and cue the token satisfies."""
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ" and token.lower_ in PREDICATE_PARTICIPLES:
            lemma = PREDICATE_PARTICIPLES[token.lower_]  # "Japan is committed to": tagged as an adjective
        elif token.pos_ not in ("VERB", "AUX"):
            return None
        # "calling up more soldiers", "called off the talks": another verb, matched only by rows that name its
        # particle ("called off their strike", "called up 300,000 reservists")
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"
                         and c.lower_ in OTHER_SENSE_PARTICLES.get(lemma, ())), None)
        for entry in self.by_lemma.get(lemma, ()):
            if particle is not None and particle not in entry.cues:
                continue
            object_noun = None
            if entry.objects:
                # "held talks", and "held the fifth round of talks": the noun may sit under "of".
                objects = [child for child in token.children if child.dep_ in (*OBJECT_DEPS, "nsubjpass")]
                object_noun = next((noun for noun in _noun_chain(objects)
                                    if noun.lemma_.lower() in entry.objects), None)
                if object_noun is None:
                    continue
            if entry.cues and not any(near.lemma_.lower() in entry.cues for near in _near(token)):
                continue
            return entry, object_noun
        return None

    def build(self, doc_id: str, sent: Span, trigger: Token, entry: LexiconEntry,
              object_noun: Token | None, mention_at: dict[int, dict], parties: list[dict] | None = None,
              promised: bool = False) -> dict | None:
        """The event a lexicon row's trigger codes, or None. ``promised``: the act is the content of a
        promise that is not coded itself ("reiterated their resolve to impose costs on X")."""
        actors = _participants(_subjects(trigger), mention_at) or _participants(_speaker_subjects(trigger), mention_at)
        if not actors and parties and _impersonal(trigger):
            # "It was agreed to continue the dialogue": agreed by the parties of the interaction
            actors = _stand_ins(trigger, parties)
        objects = [child for child in trigger.children if child.dep_ in OBJECT_DEPS]
        nouns = list(_noun_chain(objects))  # the object and the "of" chain under it
        each_other = any(noun.lower_ == "other" for noun in nouns)
        topical = trigger.lemma_.lower() in TOPIC_VERBS  # "discussed NATO's role": NATO is the topic
        # "discussed their diplomacy with China": who the topic is with is not at the table
        partnered = [trigger] if topical else [trigger, *nouns]
        if entry.reciprocal:
            named = _participants(_prep_objects(partnered, entry.preps), mention_at)
            # "spoke with Prime Minister Modi of India to discuss", "talks with President of Serbia
            # Aleksandar Vucic", "spoke to President A of Mexico, President B of Guatemala, and ...": the
            # titles and names that follow the preposition, read in order (the parse often breaks them)
            block = [p for prep in _preps_of(partnered, entry.preps)
                     for p in _title_block(prep, mention_at, people_only=any(p["code"] for p in named))]
            named = _merge(named, block)
            if not any(p["code"] for p in named) and trigger.dep_ == "conj":
                # "met with President X and reaffirmed the partnership": with whom the first verb says
                named = _participants(_prep_objects([trigger.head], frozenset({"with"})), mention_at)
            if parties:
                own = {a["code"] for a in _merge(actors, named) if a["code"]}
                one_side = len(own) == 1 and own <= {p["code"] for p in parties}
                relationship = _shared(object_noun) or (
                    object_noun is not None and object_noun.lemma_.lower() in RELATIONSHIP_NOUNS)
                if relationship and not any(p["code"] for p in named) and (_shared(object_noun) or one_side):
                    # "reaffirmed our bilateral relationship": the relationship of the interaction's parties
                    named = _stand_ins(trigger, parties)
                elif not relationship and one_side and own != {p["code"] for p in parties}:
                    # "Mr. Finer and the incoming administration discussed ...": a reciprocal act of one
                    # named side in a readout is one of the interaction's, with its other parties
                    named = _merge(named, _stand_ins(trigger, parties))
        else:  # "on" names a target on the verb ("imposed sanctions on"), a topic on a noun ("position on")
            on_verb = _participants(_prep_objects([trigger], entry.preps | RECIPIENT_PREPS), mention_at)
            in_clause = _participants(_complement_targets(trigger), mention_at)
            named = on_verb + _participants(_prep_objects(nouns, entry.preps | NOUN_RECIPIENT_PREPS),
                                            mention_at) + in_clause
        recipients = []
        if not entry.reciprocal:  # "the camp was attacked (by militiamen)": the camp
            recipients += _participants([s for c in trigger.children if c.dep_ == "nsubjpass" for s in _conjoined(c)],
                                        mention_at)
        if object_noun is None and not each_other and not topical:
            recipients += _participants([o for obj in objects for o in _conjoined(obj)], mention_at)
            owners = _participants(_possessors(nouns), mention_at)
            if any(p["code"] for p in owners) and not entry.reciprocal:
                # "condemned Russia's war against Ukraine": whose act it is is the target; what the act
                # was done to only describes it
                named = on_verb + in_clause
            recipients += owners
            recipients += _participants(_agents(nouns), mention_at)
            if not any(p["code"] for p in recipients + named) and not entry.reciprocal:
                # "thanked Secretary Akiba for Japan's decision": whose deed is praised
                recipients += _participants(_possessors(_prep_objects([trigger], frozenset({"for"}), depth=0)),
                                            mention_at)
        elif object_noun is not None and not entry.reciprocal and object_noun.lemma_.lower() not in HELD_NOUNS:
            # the object the row asks for is the act's matter, but whose it is names the target:
            # "expelled Russian diplomats", "accepted the Egyptian proposal", "allowed U.N. inspectors"
            recipients += _participants([object_noun], mention_at)
        promised = _participants(_complement_parties(object_noun or trigger, mention_at), mention_at) \
            if entry.cameo.startswith("03") and not recipients else []
        if any(p["code"] for p in promised):
            # "committed to working closely with the Philippines", "their commitment to continue
            # providing assistance to Ukraine": who the promised act is for or with (not who is
            # named in its circumstances: "in response to Russian aggression")
            named = promised
            if entry.reciprocal:
                recipients = [p for p in _merge(named) if p["code"] not in {a["code"] for a in _merge(actors)}]
                named = []
        if entry.reciprocal:
            # "Sino-Russian consultations with Patrushev": the adjectives on the meeting noun add
            # the parties that no named participant stands for yet.
            beneficiaries = recipients if entry.cameo.startswith("03") else []
            actors = _merge(actors, named)
            implied = ([] if beneficiaries else recipients) + (
                _participants(_adjectives(nouns), mention_at) if not topical else [])
            actors += _merge([p for p in implied if p["code"] not in {a["code"] for a in actors}])
            recipients = beneficiaries
        elif each_other:
            recipients = []
        else:
            own = {a["code"] for a in actors if a["code"]}
            # "underscored his support for X": a pronoun of the actor's own side is the actor, not a target
            recipients = [r for r in _merge(recipients, named) if not _same_party(r, actors)
                          and not (r["code"] in own and r["text"].lower() in OWN_PRONOUNS)]
            if any(r["code"] and r["code"] not in own for r in recipients):
                # "welcoming President Lula to the White House": the actor's own country, named by a
                # place or a possessive, is not a target next to another country
                recipients = [r for r in recipients if r["code"] not in own]
        actors = _merge(actors)
        located = False
        if not any(a["code"] or a["name"] for a in actors) and not entry.reciprocal:
            # "Demonstrators in Baghdad blocked a road": an unnamed domestic actor belongs to the
            # country where it acts (the ICEWS and PLOVER convention); with no place, no event.
            actors = _located_subjects(trigger, sent, mention_at)
            if not actors and _passive(trigger):  # "a journalist was killed in Beirut": by someone there
                actors = [_place_participant(p) for p in _place_mentions(sent, mention_at, trigger)[:1]]
            recipients = [r for r in recipients if not _same_party(r, actors)]
            located = bool(actors)
        if not any(a["code"] or a["name"] for a in actors):
            return None  # PLOVER codes no event without a named actor
        own_type = entry.plover[0] if entry.plover else self.cameo[entry.cameo].plover_type
        if own_type == "CONSULT" and trigger.lemma_.lower() in RECEIVING_LEMMAS and objects and not any(
                _somebody(o) or o.lemma_.lower() in GATHERING_NOUNS or o.i in mention_at for o in objects):
            return None  # "welcomed Zelenskyy's commitment", "received the certificate": no visit or host
        if own_type == "SUPPORT" and not entry.reciprocal and not any(r["code"] for r in recipients) \
                and not each_other and not any(_somebody(o) for o in objects):
            # praise of a principle or of progress is a position, not support of anyone; praise of
            # people the knowledge base cannot place ("thanked the soldiers") stays
            return None

        code = self.cameo[entry.cameo]
        negated = is_negated(trigger)
        modality = modality_of(trigger)
        rule = entry.id
        if own_type == "CONSULT" and trigger.lemma_.lower() in RECEIVING_LEMMAS:
            joined = {m["start"] for pobj in _prep_objects([trigger], frozenset({"to", "into"}), depth=0)
                      if (m := mention_at.get(pobj.i)) is not None and m["kind"] == "organisation"}
            if joined:  # "welcomed Sweden to NATO": support of a membership, not a visit
                code, rule = self.cameo["051"], rule + ".membership"
                recipients = [r for r in recipients if r["start"] not in joined]
        if _refused(trigger) and code.plover_type in REFUSABLE:
            # "refused to meet", "declined to sign": a rejection, not the meeting (CAMEO 125 / 120)
            code = self.cameo["125" if code.plover_type == "CONSULT" else "120"]
            rule += ".refused"
            modality = "asserted"
        prospect = prospect_of(trigger) or ("future" if promised else None)
        if prospect and negated and code.plover_type in REFUSABLE and not rule.endswith(".refused"):
            # "will not accept any more refugees": announcing that one will not cooperate is a rejection
            code = self.cameo["125" if code.plover_type == "CONSULT" else "120"]
            rule += ".refused"
            negated, modality = False, "asserted"
        elif prospect and not negated and code.root in THREAT_CODE and (
                prospect == "unless" or (prospect == "if" and code.root in CONFLICT_ROOTS)
                or code.root in FORCE_ROOTS or (code.root in PROMISED_THREAT_ROOTS and speech_verb(trigger) is None)):
            # "will withdraw its force unless ...", "may halt mediation if ...", "would blockade Paris",
            # "pledged to impose sanctions on X"
            code = self.cameo[THREAT_CODE_OF.get(code.code) or THREAT_CODE[code.root]]
            rule += ".threat"
            modality = "asserted"  # the threat itself was made
        elif prospect and code.root in FUTURE_AGREE_CODE and entry.cameo[:2] != "03":
            code = self.cameo[FUTURE_AGREE_CODE[code.root]]
            rule += ".future"
            modality = "future"
        demanders = _participants(_demanders(trigger), mention_at) if not negated else []
        if demanders and not any(_same_party(d, actors) or d["code"] in {a["code"] for a in actors}
                                 for d in demanders):
            # "Russia said that Sudan must return the helicopter": Russia demands it of Sudan
            code, rule, modality = self.cameo["100"], rule + ".demanded", "asserted"
            actors, recipients = _merge(demanders), actors
        plover = _plover(code)
        if entry.plover and rule == entry.id:  # the override is for the row's own reading, not a recoding
            plover = {"type": entry.plover[0], "mode": entry.plover[1] or None, "context": list(code.plover_contexts)}
        places = _place_mentions(sent, mention_at, trigger)
        stance = object_noun is not None and object_noun.lemma_.lower() in HELD_NOUNS
        if stance and own_type == "ACCUSE" and not any(r["code"] for r in recipients):
            # "expressed concern about the situation in Gaza": concern about no actor's conduct is a
            # position, not an accusation (READOUTS_GUIDE); the place is what it is about, not a target
            return None
        if not recipients and not entry.reciprocal and own_type in PLACE_TARGET_TYPES:
            recipients = [_place_participant(p) for p in places[:1]
                          if p["code"] not in {a["code"] for a in actors}]
        if entry.reciprocal and plover and plover["type"] == "CONSULT":
            hosts = _hosts(actors, places)
            if hosts:
                recipients = hosts
                actors = [a for a in actors if a not in hosts]
                plover = {**plover, "mode": "visit"}

        confidence = entry.confidence
        if located or any(p["code"] is None for p in actors + recipients):
            confidence *= 0.8
        if rule.endswith((".future", ".threat")):
            confidence *= 0.9
        if modality == "hypothetical":
            confidence *= 0.7  # a threatened or conditional act ranks below what was done
        if is_subordinate(trigger):  # background ("the attack that Russia launched"), not what the sentence reports
            confidence *= 0.85
        return event_record(doc_id, sent, trigger, rule, code, plover, actors, recipients,
                            negated=negated, modality=modality, confidence=confidence)


def interaction_parties(events: list[dict], fallback: list[dict] | None = None,
                        publisher: str | None = None) -> list[dict] | None:
    """The parties of the first meeting or call the document reports as done: "They", "the leaders",
    "both sides" and "it was agreed" in the sentences that follow stand for them (READOUTS_GUIDE: group
    and pronoun subjects are the participants of the reported interaction). A side the knowledge base
    cannot place is the ``publisher``'s government when the other side is not it, else the other of the
    two countries the document names most (``fallback``). None until there is one."""
    for event in events:
        if (event["plover"] or {}).get("type") != "CONSULT" or event["modality"] != "asserted" or event["negated"]:
            continue
        parties = _merge([p for p in event["actor"] + event["recipient"] if p["code"] and p["text"].lower()
                          not in GROUP_WORDS])
        unplaced = parties and any(p["code"] is None for p in event["actor"] + event["recipient"])
        if unplaced and publisher and len(parties) == 1 and parties[0]["code"] != publisher:
            # "Special Envoy Tim Lenderking visited Saudi Arabia" on whitehouse.gov: the envoy is its government's
            parties = _merge(parties, [{"code": publisher, "sector": "GOV", "text": "", "start": -1, "end": -1,
                                        "name": None}])
        elif unplaced and fallback:
            # "Vice Foreign Minister Ma Zhaoxu and Russian Deputy Foreign Minister Rudenko co-chaired": a side
            # the knowledge base cannot place is the other of the two countries the document names most
            parties = _merge(parties, [{**p, "text": "", "start": -1, "end": -1, "name": None}
                                       for p in fallback if p["code"] not in {q["code"] for q in parties}][:1])
        if parties:
            return [{"code": p["code"], "sector": p["sector"]} for p in parties]
    return None


# Participants whose text is a group word came from a group mention, not from a named party.
GROUP_WORDS = frozenset({"they"})
OWN_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my", "itself", "himself", "herself", "themselves"})


def _stand_ins(trigger: Token, parties: list[dict]) -> list[dict]:
    """The interaction's parties as participants of an event whose text names them only by its verb
    ("It was *agreed*", "reaffirmed our bilateral relationship"): the span is the trigger's."""
    return [{"text": trigger.text, "start": trigger.idx, "end": trigger.idx + len(trigger.text),
             "code": p["code"], "sector": p["sector"], "name": None} for p in parties]


def most_named(doc: Doc) -> list[dict]:
    """The two countries the document names most (the actors stage's reading of "the two sides")."""
    return next((m["members"] for m in doc._.actor_mentions or () if m["kind"] == "group" and m["members"]), [])


# Codes of bodies whose members are states: a member of one is some state, not the body.
INTERGOVERNMENTAL = frozenset({"IGO", "UNO", "EUR"})
# Particles that make another verb of a lexicon lemma: "call up" conscripts, "call off" cancels, "hold off" waits.
OTHER_SENSE_PARTICLES = {"call": frozenset({"up", "off"}), "hold": frozenset({"off", "back"})}
# Words that say how many a group is: "the two countries" in a readout of a tour of six are two of them.
GROUP_SIZES = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}


def group_sizes(words: Iterable[str]) -> set[int]:
    """The sizes a group phrase's words state ("the two sides": {2}; "the leaders": none)."""
    return {GROUP_SIZES[w] for w in (word.lower() for word in words) if w in GROUP_SIZES}


def _set_group_members(mentions: Iterable[dict], parties: list[dict]) -> None:
    for mention in mentions:
        # "the two countries" in a readout of a tour of six: the resolver's guess of two stands
        sizes = group_sizes(mention["text"].split())
        if mention["kind"] == "group" and not (sizes and len(parties) not in sizes and mention.get("members")):
            mention["members"] = parties


def event_record(doc_id: str, sent: Span, trigger: Token, rule: str, code: CameoCode, plover: dict | None,
                 actors: list[dict], recipients: list[dict], *, negated: bool, modality: str,
                 confidence: float) -> dict:
    """An event of the output contract; date and location are the when/where stage's to fill."""
    start, end = sentence_bounds(sent)
    return {
        "id": hashlib.sha256(f"{doc_id}:{trigger.idx}:{rule}".encode()).hexdigest()[:16],
        "actor": actors,
        "recipient": recipients,
        "plover": plover,
        "cameo": {"code": code.code, "root": code.root, "goldstein": code.goldstein, "quad_class": code.quad_class},
        "date": None,
        "location": None,
        "negated": negated,
        "modality": modality,
        "evidence": {"sentence": text_slice(sent.doc, start, end), "start": start, "end": end,
                     "trigger": trigger.text, "trigger_start": trigger.idx,
                     "trigger_end": trigger.idx + len(trigger.text)},
        "confidence": round(confidence, 2),
        "rule": rule,
    }


def _plover(code: CameoCode) -> dict | None:
    if not code.plover_type:
        return None  # a CAMEO category PLOVER dropped (e.g. 01 statements): kept for CAMEO users
    return {"type": code.plover_type, "mode": code.plover_mode or None, "context": list(code.plover_contexts)}


def _near(token: Token) -> Iterator[Token]:
    """Children and grandchildren: "spoke by phone", "held a phone call". A phrase that only gives a
    time ("on Tuesday") is skipped, so that "called Lavrov on Tuesday" is no "called on"."""
    for child in token.children:
        if child.dep_ == "prep" and _is_time_phrase(child):
            continue
        yield child
        yield from child.children


def _is_time_phrase(prep: Token) -> bool:
    objects = [child for child in prep.children if child.dep_ == "pobj"]
    return bool(objects) and all(obj.ent_type_ in ("DATE", "TIME") for obj in objects)


def _conjoined(token: Token) -> list[Token]:
    """The token and those listed with it: "China and Russia", and "the US, Russia, and Switzerland",
    which spaCy may parse as an appositive that has conjuncts of its own."""
    listed = [a for a in token.children if a.dep_ == "appos" and a.pos_ == token.pos_ == "PROPN"
              and any(c.dep_ == "cc" for t in (a, *a.conjuncts) for c in t.children)]
    # not "Wang Yi, member of ... and director of ..." (no "and" among the appositive's own list)
    # "President Biden and Prime Minister Modi committed": the parser may make the first name a subject of the
    # second; a name has no subject of its own, so it is one more of the list
    nested = [t for c in token.children if c.dep_ == "nsubj" and token.pos_ == "PROPN" and c.pos_ == "PROPN"
              for t in (c, *c.conjuncts)]
    return [token, *token.conjuncts, *(t for a in listed for t in (a, *a.conjuncts)), *nested]


# Participles that say how their subject stands, not what was done to it: "Israel is opposed to",
# "China is committed to", "both sides are determined to".
STATIVE_PARTICIPLES = frozenset({"oppose", "commit", "determine", "prepare", "dedicate", "devote", "engage",
                                 "involve", "interest", "concern", "resolve", "pleased", "satisfy"})


def _subjects(trigger: Token) -> list[Token]:
    """The subject tokens of the trigger, climbing xcomp/conj chains ("agreed to hold", "met and
    discussed"); for a passive, the agent ("was received by the President"), and none when no
    agent is named (the passive's subject is who suffered the act)."""
    token = trigger
    for _ in range(6):
        agents = [pobj for child in token.children if child.dep_ == "agent"
                  for pobj in child.children if pobj.dep_ == "pobj"]
        if agents:
            return [t for agent in agents for t in _conjoined(agent)]
        subjects = [child for child in token.children if child.dep_ in SUBJECT_DEPS]
        if subjects and (_infinitive_clause(token) or (token.dep_ == "pcomp" and token.head.lower_ == "with" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children))) and not any(
                c.dep_ == "mark" and c.lower_ == "for" for c in token.children):
            # "spoke with Prime Minister X of Israel to congratulate him", "met with X to discuss": a purpose
            # infinitive has no subject of its own; one the parser took from the clause above is its object
            subjects = []
        if any(child.dep_ == "nsubjpass" for child in subjects) and token.lemma_.lower() not in STATIVE_PARTICIPLES:
            return []  # "a journalist was killed": the subject suffered the act; whoever did it is not named
        if subjects:
            return [t for subject in subjects for t in _conjoined(subject)]
        praised = _praised(token)
        if praised:  # "thanked Japan for helping Ukraine": Japan helped, not whoever thanked it
            return praised
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in OBJECT_CONTROL_LEMMAS:
            invited = [c for c in token.head.children if c.dep_ == "dobj"]
            if invited:  # "invited President X to visit Washington": X is the one to visit
                return [t for obj in invited for t in _conjoined(obj)]
        if (token.dep_ in ("xcomp", "conj", "acomp") or _infinitive_clause(token)) and token.head.i != token.i:
            token = token.head  # "agreed to hold", "met ... to discuss": the governing verb's subject
            continue
        if token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.pos_ in ("VERB", "AUX", "ADJ"):
            token = token.head.head  # "looks forward to welcoming", "is committed to working"
            continue
        if token.head.dep_ == "acomp":  # "are willing to work": work <- willing <- are
            token = token.head.head
            continue
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.dep_ in OBJECT_DEPS:
            token = token.head.head  # "issued a statement condemning X": whoever issued it condemns
            continue
        if token.dep_ == "acl" and token.head.lemma_.lower() in HELD_NOUNS and token.head.dep_ in OBJECT_DEPS:
            owners = [c for c in token.head.children if c.dep_ == "poss" and c.pos_ != "PRON"]
            if owners:  # "supported Russia's intention to join the WTO": Russia joins, not who supports it
                return [t for owner in owners for t in _conjoined(owner)]
            token = token.head.head  # "reiterated their resolve to impose costs": whoever holds the resolve
            continue
        break
    return []


def _speaker_subjects(trigger: Token) -> list[Token]:
    """"Nigeria said it will withdraw", "the Bosnian Serbs said their forces had completed the
    withdrawal": "it", "they", "its ..." and "their ..." in what a subject says stand for the subject."""
    subjects = _subjects(trigger)
    if not subjects or not all(s.lower_ in ("it", "they") or any(c.dep_ == "poss" and c.lower_ in ("its", "their")
                                                                  for c in s.children) for s in subjects):
        return []
    speech = speech_verb(trigger)
    return _subjects(speech) if speech is not None else []


# Verbs of praise for a deed: "thanked Slovenia for its assistance", "commended X for visiting Y".
PRAISE_LEMMAS = frozenset({"thank", "commend", "praise", "applaud", "congratulate", "credit", "salute", "hail",
                           "laud", "acknowledge"})
# The way up from a deed to the "for" phrase of a praise: "for (its contributions to) assistance",
# "for helping", "for the ICRC's work to deliver".
DEED_DEPS = frozenset({"pcomp", "pobj", "prep", "acl", "conj", "dobj", "xcomp", "advcl"})


def _praised(token: Token) -> list[Token]:
    """Who did the deed that a token (a verb or a noun of the deed) names under "thank/commend X for
    ...": the deed's own named owner ("for the ICRC's work to deliver aid"), else X. spaCy often hangs
    the infinitive of the deed on the verb of praise ("thanked X for its work | to deliver"), so an
    infinitive clause of a praise verb counts as its "for" phrase. Empty when the token is no deed
    praised."""
    passed = [token]
    node = token
    for _ in range(6):
        head = node.head
        if head.i == node.i or node.dep_ not in DEED_DEPS:
            return []
        misparsed = node.dep_ == "advcl" and _infinitive_clause(node)
        if node.lower_ == "for" and node.dep_ == "conj":  # "for his visits ..., and for his aid": the first "for"
            head = next((a for a in node.ancestors if a.pos_ == "VERB"), head)
        if head.lemma_.lower() in PRAISE_LEMMAS and head.pos_ == "VERB" and (
                (node.dep_ in ("prep", "conj") and node.lower_ == "for") or misparsed):
            deeds = [p for prep in _preps_of([head], frozenset({"for"})) for p in prep.children if p.dep_ == "pobj"]
            owners = [poss for noun in (*passed, *deeds) if noun.pos_ in ("NOUN", "PROPN")
                      for poss in _possessors([noun, *_compounds(noun)]) if poss.pos_ != "PRON"]
            return owners[:1] or [t for obj in head.children if obj.dep_ == "dobj" for t in _conjoined(obj)]
        if head.dep_ == "prep" and head.lower_ != "for" and node.dep_ == "pobj" and head.head.pos_ == "VERB":
            return []  # "thanked X in Ukraine": a circumstance of the praise, not its deed
        passed.append(head)
        node = head
    return []


def _deed_owners(noun: Token) -> list[Token]:
    """Whose deed a noun names when it has no owner of its own: the owner of the noun it completes
    ("Norway's contributions to humanitarian assistance"), or the party praised for it."""
    node = noun
    for _ in range(4):
        if node.dep_ not in ("pobj", "prep", "conj") or node.head.i == node.i:
            break
        node = node.head
        owners = [p for p in _possessors([node]) if p.pos_ != "PRON"] if node.pos_ == "NOUN" else []
        if owners:
            return owners
    return _praised(noun)


def _demanders(trigger: Token) -> list[Token]:
    """Who says that another must act: the subject of the verb of saying over "X must ..."."""
    chain = governors(trigger, ("xcomp", "acomp", "conj"))
    if not any(c.dep_ == "aux" and c.lower_ == "must" for token in chain for c in token.children):
        return []
    speech = speech_verb(trigger, SPEECH_LEMMAS | {"insist", "stress", "warn"})
    return _subjects(speech) if speech is not None else []


def _noun_chain(objects: Iterable[Token]) -> Iterator[Token]:
    """Each object and the nouns under it through "of": "the 9th round of consultations"."""
    for obj in objects:
        noun = obj
        for _ in range(4):
            yield noun
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is None:
                break
            noun = pobj


TOPIC_PREPS = frozenset({"of", "about", "regarding", "concerning"})
# Phrases of means a participant may hang under: "by phone with X", "via video link with X", "on the phone with X".
MEANS_PREPS = frozenset({"by", "via", "over", "through", "on"})
# Stances one expresses: whose they are ("the United States' support for X") is the side that holds
# them, never the target ("expressed the United States' support for Albania": Albania is).
HELD_NOUNS = frozenset({"support", "commitment", "appreciation", "gratitude", "condemnation", "concern", "solidarity",
                        "readiness", "willingness", "determination", "resolve", "intention", "desire", "thanks",
                        "congratulation", "opposition", "disapproval", "criticism", "backing", "pledge", "dedication"})
# Promises (03), appeals (02) and demands (10) are coded themselves; an act in their complement is what
# they promise or ask for, not another event.
ABSORBING_ROOTS = frozenset({"02", "03", "10"})
# Threats, sanctions, coercion and force: what a promise to do them makes a threat.
COERCIVE_ROOTS = frozenset({"13", "15", "16", "17", "18", "19", "20"})
# Verbs whose object is what was talked about, never a party: "discussed the importance of NATO".
TOPIC_VERBS = frozenset({"discuss", "review", "address", "examine", "consider", "analyse", "analyze", "touch",
                         "debate", "explore", "assess"})
# Dependencies that lead from a purpose clause up to the act it serves: "met ... to discuss",
# "spoke with X to discuss" (spaCy: pcomp of "with"), "a call to review".
PURPOSE_DEPS = frozenset({"xcomp", "advcl", "pcomp", "prep", "pobj", "acl", "relcl", "dobj", "conj"})


def _purpose_of(trigger: Token, governors_at: set[int]) -> bool:
    """Whether the trigger's clause serves one of the sentence's triggers ``governors_at``: a meeting
    ("spoke with X to discuss Y") or a promise or request ("committed to working with X")."""
    token = trigger
    for _ in range(5):
        if token.dep_ not in PURPOSE_DEPS or token.head.i == token.i:
            return False
        token = token.head
        if token.i in governors_at:
            return True
    return False


# Nouns that name a visit or a meeting (coded where no verb codes them) and the words that make one
# a plan rather than a fact.
VISIT_NOUNS = frozenset({"visit", "trip", "tour", "journey"})
MEETING_NOUNS = frozenset({"talk", "meeting", "summit", "consultation", "negotiation"})
# Agreements named by a noun with their parties ("the Russian-Turkish agreements", "the bilateral accords"
# between two named sides): coded as the AGREE they record, like the meetings above.
AGREEMENT_NOUNS = frozenset({"agreement", "accord", "deal", "arrangement", "understanding"})
FUTURE_WORDS = frozenset({"upcoming", "forthcoming", "planned", "next", "future", "scheduled", "expected"})
ATTACK_NOUNS = frozenset({"attack", "strike", "airstrike", "bombing", "shelling", "bombardment"})
TEST_NOUNS = frozenset({"test", "launch"})
WEAPON_WORDS = frozenset({"missile", "nuclear", "ballistic", "rocket", "weapon", "icbm", "hypersonic"})
# Aid named by a noun: "Japan's assistance to Ukraine"; "support" and "help" only when the kind of
# aid is said ("humanitarian support for Ukraine"), else they are stances.
AID_NOUNS = frozenset({"assistance", "aid", "support", "help"})
QUALIFIED_AID_NOUNS = frozenset({"support", "help"})
AID_KINDS = frozenset({"humanitarian", "military", "security", "economic", "financial", "medical", "material",
                       "technical", "development", "food", "budget", "budgetary"})
AID_PREPS = frozenset({"to", "for", "in"})
NOMINAL_NOUNS = VISIT_NOUNS | MEETING_NOUNS | AGREEMENT_NOUNS | ATTACK_NOUNS | TEST_NOUNS | AID_NOUNS
SHARED_WORDS = frozenset({"bilateral", "our", "mutual", "two-way"})
# One side "strengthening the relationship" in a readout speaks of its relationship with the other side.
RELATIONSHIP_NOUNS = frozenset({"relationship", "relation", "tie", "partnership", "friendship", "alliance", "bond",
                                "cooperation"})


def _shared(noun: Token | None) -> bool:
    """A relationship said to be the parties' own: "our bilateral relationship", "mutual ties"."""
    return noun is not None and any(child.lower_ in SHARED_WORDS for child in noun.children)


# Nouns for people and groups of people: objects of praise that are somebody, though not a named party.
PEOPLE_NOUNS = frozenset({
    "participant", "leader", "official", "soldier", "serviceman", "veteran", "worker", "volunteer", "team", "player",
    "athlete", "family", "people", "citizen", "resident", "community", "member", "staff", "personnel", "expert",
    "scientist", "doctor", "teacher", "student", "governor", "mayor", "legislator", "lawmaker", "activist",
    "advocate", "organizer", "stakeholder", "partner", "ally", "colleague", "counterpart", "delegation", "crew",
    "responder", "firefighter", "officer", "employee", "winner", "laureate", "graduate", "government", "administration",
})


# Receiving is receiving somebody: "welcomed the President", not "welcomed his commitment".
RECEIVING_LEMMAS = frozenset({"welcome", "receive", "greet"})
# What one receives besides people: "received a delegation", "welcomed the roundtable".
GATHERING_NOUNS = MEETING_NOUNS | frozenset({
    "roundtable", "dinner", "reception", "event", "conference", "forum", "session", "ceremony", "gathering",
    "visit", "delegation", "convening", "briefing", "lunch", "breakfast", "call", "discussion", "dialogue"})


def _somebody(token: Token) -> bool:
    """Whether an object names a person or a group of people ("the soldiers", "Minister Dalgaard")."""
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG", "NORP") or \
        token.lemma_.lower() in PEOPLE_NOUNS


# Prepositions that set a meeting in a larger one: "on the sidelines of", "at the summit", "during".
SETTING_PREPS = frozenset({"on", "at", "in", "during", "ahead", "before", "after", "following"})


def _setting_of(noun: Token, meetings: set[int]) -> bool:
    """Whether a meeting noun is where a coded meeting took place ("met on the sidelines of the summit"),
    not what it was about ("spoke of his upcoming talks")."""
    token = noun
    while token.head.i != token.i:
        if token.head.i in meetings:
            return token.dep_ == "prep" and token.lower_ in SETTING_PREPS
        token = token.head
    return False


def _preps_of(heads: Iterable[Token], preps: frozenset[str]) -> list[Token]:
    return [prep for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ in preps]


# Words that may stand inside a title and a name: "President of the Republic of Turkey Recep Tayyip Erdogan".
TITLE_GLUE = frozenset({"of", "the", "-", "–"})
# ... and the list of such phrases: "spoke to President A of Mexico, President B of Guatemala, and ...".
LIST_GLUE = frozenset({",", "and"})


def _title_block(prep: Token, mention_at: dict[int, dict], people_only: bool = False) -> list[dict]:
    """The party named by the title-and-name phrase right after a preposition, read in order rather
    than from the parse (which often breaks such phrases): the person when one is known, else the
    country of the title."""
    found: dict[int, dict] = {}
    for token in prep.doc[prep.i + 1:prep.sent.end]:
        mention = mention_at.get(token.i)
        if mention is None and token.pos_ != "PROPN" and token.lower_ not in TITLE_GLUE | LIST_GLUE:
            break
        if mention is not None:
            found.setdefault(mention["start"], mention)
    people = [m for m in found.values() if m["kind"] == "person" and m["code"]]
    if people_only:  # the parse found the first party: the rest of a list of named people may follow
        return [_participant(m) for m in people]
    people += [m for m in found.values() if m["kind"] == "pronoun" and m["code"]]
    countries = [m for m in found.values() if m["kind"] in QUALIFIER_KINDS and m["code"]]
    office = next((m for m in found.values() if m["kind"] == "office"), None)
    chosen = people or [_qualified(c, office or c, (office or {}).get("sector") or "GOV", prep.doc)
                        for c in countries[:1]]
    return [_participant(m) for m in chosen]


def _passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


# "in defiance of X", "in protest against X", "in retaliation for X": X is whom the act answers.
ANSWER_NOUNS = frozenset({"defiance", "protest", "retaliation", "response", "revenge", "reprisal", "opposition"})


def _complement_targets(trigger: Token) -> list[Token]:
    """Targets named in the clause a one-sided act governs: "threatened to deliver blows to the
    United States" (the infinitive's objects and targets), "threatened a strike unless Israel
    rescinded the law" (the subject of the condition)."""
    found = []
    for clause in trigger.children:
        if clause.dep_ == "xcomp":
            objects = [child for child in clause.children if child.dep_ in OBJECT_DEPS]
            found += [t for obj in objects for t in _conjoined(obj)]
            found += _prep_objects([clause, *objects], RECIPIENT_PREPS | NOUN_RECIPIENT_PREPS | {"with"}, depth=0)
            for condition in clause.children:
                found += _condition_subjects(condition)
        elif clause.dep_ == "prep" and clause.lower_ == "in":
            # "in defiance of Chinese authorities", "in retaliation for Israel's strikes": whom the act answers
            answers = [pobj for pobj in clause.children if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ANSWER_NOUNS]
            found += _prep_objects(answers, frozenset({"of", "against", "at", "to", "for"}), depth=0)
        elif clause.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            # "demanded that the US cancel the sale": who is to act is the target
            found += [t for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") for t in _conjoined(c)]
        elif clause.dep_ in OBJECT_DEPS:
            # "stressed the need for Kenya to hold elections", "called for Israel to allow aid": who is to act
            found += [t for sub in clause.children if sub.dep_ in ("advcl", "acl", "relcl")
                      and any(c.dep_ == "mark" and c.lower_ == "for" for c in sub.children)
                      for c in sub.children if c.dep_ == "nsubj" for t in _conjoined(c)]
        found += _condition_subjects(clause)
    return found


# The way down from a promise to whom the promised act concerns: "committed to (working) with X",
# "commitment to the defense of X", "resolve to continue supporting X", "assistance to X".
COMPLEMENT_DEPS = frozenset({"xcomp", "pcomp", "dobj", "pobj", "acl", "conj", "prep", "dative", "compound", "poss",
                             "advcl"})
COMPLEMENT_PREPS = frozenset({"to", "with", "for", "of", "toward", "towards", "between"})


def _infinitive_clause(token: Token) -> bool:
    """An adverbial clause in the infinitive: a purpose ("met in Hanoi to discuss trade")."""
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _complement_parties(head: Token, mention_at: dict[int, dict], depth: int = 0) -> list[Token]:
    """The named tokens in the complement of a promise (its infinitive, its "to"/"with"/"for"/"of"
    phrases, their objects), not those in clauses of time, cause or place ("following missile tests
    by X", "in the face of attacks by X")."""
    found = []
    for child in head.children:
        if child.dep_ not in COMPLEMENT_DEPS or (child.dep_ in ("prep", "dative") and child.lower_ not in
                                                 COMPLEMENT_PREPS) or (child.dep_ == "advcl" and not
                                                                       _infinitive_clause(child)):
            continue
        if child.dep_ in ("pobj", "dobj", "compound", "poss", "conj") and child.i in mention_at:
            found.append(child)
        if child.dep_ == "advcl":  # "to work with X to strengthen" read as "with X to strengthen": X
            found += [c for c in child.children if c.dep_ == "nsubj" and c.i in mention_at]
        if depth < 6:
            found += _complement_parties(child, mention_at, depth + 1)
    return found


IMPERSONAL_LEMMAS = frozenset({"agree", "decide", "resolve", "note", "stress", "emphasize", "emphasise", "confirm",
                               "underline", "underscore", "reaffirm", "point"})


def _impersonal(trigger: Token) -> bool:
    """"It was agreed to ...", "it was noted that ...": said by nobody named, so by the meeting's parties."""
    return any(token.lemma_.lower() in IMPERSONAL_LEMMAS and any(
        c.dep_ == "nsubjpass" and c.lower_ == "it" for c in token.children)
        for token in governors(trigger, ("xcomp", "conj", "ccomp")))


def _condition_subjects(clause: Token) -> list[Token]:
    if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children):
        return [t for child in clause.children if child.dep_ in ("nsubj", "nsubjpass") for t in _conjoined(child)]
    return []


def _refused(trigger: Token) -> bool:
    return trigger.dep_ == "xcomp" and trigger.head.lemma_.lower() in REFUSAL_LEMMAS


def _possessors(nouns: Iterable[Token]) -> list[Token]:
    return [child for noun in nouns for child in noun.children if child.dep_ == "poss"]


def _compounds(noun: Token) -> list[Token]:
    """"the ICRC's tireless work": spaCy may hang the possessor on a modifier read as a compound."""
    return [child for child in noun.children if child.dep_ in ("compound", "amod")]


def _agents(nouns: Iterable[Token]) -> list[Token]:
    """"the initiatives put forward by President Xi": the agent of a participle on the object."""
    found = []
    for noun in nouns:
        for clause in noun.children:
            if clause.dep_ in ("acl", "relcl"):
                found += [pobj for agent in clause.children if agent.dep_ == "agent"
                          for pobj in agent.children if pobj.dep_ == "pobj"]
    return [t for token in found for t in _conjoined(token)]


def _prep_objects(heads: Iterable[Token], preps: frozenset[str], depth: int = 1) -> list[Token]:
    """Objects of the prepositions ``preps`` on ``heads``; with ``depth`` > 0 also on the objects of
    their other prepositions ("spoke by phone with X")."""
    found = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ not in ("prep", "dative"):  # spaCy's "dative" is a "to" of giving: "provided aid to X"
                continue
            pobjs = [pobj for pobj in prep.children if pobj.dep_ == "pobj"]
            if prep.lower_ in preps:
                found += [t for pobj in pobjs for t in _conjoined(pobj)]
            elif depth > 0 and prep.lower_ in MEANS_PREPS:  # "spoke by phone with X"; not "spoke of talks with X"
                # also through "of": "spoke on the margins of the NATO Summit with X"
                found += _prep_objects(list(_noun_chain(pobjs)), preps, depth - 1)
    return found


def _adjectives(nouns: Iterable[Token]) -> list[Token]:
    """Modifiers that may name parties, with their own ("China-Russia consultations": China under Russia)."""
    found = [child for noun in nouns for child in noun.children if child.dep_ in ("amod", "compound", "nmod")]
    return found + [c for m in found for c in m.children if c.dep_ in ("amod", "compound", "nmod")]


def _mentions_for(token: Token, mention_at: dict[int, dict], depth: int = 0) -> list[dict]:
    """The actor mentions a token stands for: its own when it is resolved; else those of its
    modifiers on the left ("the Russian side", "China's position", "Hungarian and Romanian
    officials"); else that of its "of" phrase ("the Prime Minister of India"). An office or a person
    the knowledge base does not know ("Japanese Prime Minister Ryutaro Hashimoto") takes its
    country from the same places, and a person also from an appositive ("X, secretary of ...")."""
    mention = mention_at.get(token.i)
    if mention is not None and mention["kind"] == "people" and depth == 0:
        # "Bosnian Serbs", "the Albanians of southern Serbia": a people is coded by the country it lives in
        home = [m for m in _mentions_for_modifiers(token, mention_at, depth) if m["kind"] in COUNTRY_KINDS
                and m["code"] and m["code"] != mention["code"]]
        if home:
            start, end = min(home[0]["start"], mention["start"]), max(home[0]["end"], mention["end"])
            return [{**home[0], "kind": "people", "sector": mention["sector"],
                     "text": text_slice(token.doc, start, end), "start": start, "end": end}]
    if mention is not None and mention["kind"] == "group" and depth == 0:
        # "Chinese and Russian officials", "officials from the United States and the United Kingdom":
        # the countries named with the group say who it is; "the leaders" alone is the interaction's parties
        # ... and so does a leader's name ("Biden-Harris Administration officials")
        named = []
        for m in _mentions_for_modifiers(token, mention_at, depth, exclude=mention):
            if m["kind"] == "person" and m["code"] and m["code"] not in {n["code"] for n in named}:
                named.append({**m, "text": mention["text"], "start": mention["start"], "end": mention["end"],
                              "name": None, "kind": "country", "sector": m["sector"] or "GOV"})
            elif m["kind"] in QUALIFIER_KINDS and m["code"]:
                named.append(m)
        return named or [mention]
    if mention is not None and (mention["code"] or mention["kind"] == "group"):
        return [mention]
    if depth > 2 and not (token.dep_ == "compound" and token.pos_ == "PROPN"):
        return []  # (a title's own words may run longer: "Japanese National Security Secretariat Secretary General")
    if depth > 5:
        return []
    found = _mentions_for_modifiers(token, mention_at, depth, exclude=mention)
    unknown_name = mention["kind"] == "person" if mention is not None else token.pos_ == "PROPN"
    if not found and unknown_name:
        # "Li Wei, secretary of the Security Council of Kazakhstan": the appositive says whose official
        for appositive in token.rights:
            if appositive.dep_ == "appos":
                found += _mentions_for(appositive, mention_at, depth + 1)
    if mention is None:
        return found
    countries = [m for m in found if m["kind"] in QUALIFIER_KINDS and m["code"]]
    if not countries:  # an office alone is nobody; an unknown person stays, unresolved
        return [] if mention["kind"] == "office" else [mention]
    sector = mention["sector"] or _office_sector(token, mention_at) or "GOV"
    return [_qualified(country, mention, sector, token.doc) for country in countries]


def _mentions_for_modifiers(token: Token, mention_at: dict[int, dict], depth: int,
                            exclude: dict | None = None) -> list[dict]:
    """Mentions among a token's left modifiers and, failing those, in its "of" or "for" phrase ("the
    Prime Minister of India", "a camp for Congolese refugees"). A word of the
    same name (``exclude``: "vice" in "Kenyan vice-president") adds its own modifiers, not itself."""
    found = [m for child in token.lefts if child.dep_ in PARTY_MODIFIER_DEPS
             for modifier in _conjoined(child) for m in _mentions_for(modifier, mention_at, depth + 1)
             if m is not exclude]
    if not found:
        found = [m for prep in token.rights if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "from")
                 for pobj in prep.children if pobj.dep_ == "pobj"
                 for listed in _conjoined(pobj) for m in _mentions_for(listed, mention_at, depth + 1)
                 # "a permanent member of the Security Council": one of its member states, not the body
                 if not (token.lemma_.lower() == "member" and m.get("code") in INTERGOVERNMENTAL)]
    return found


def _office_sector(token: Token, mention_at: dict[int, dict]) -> str | None:
    """The sector of an office named among a person's modifiers ("Defence Minister X")."""
    for child in token.lefts:
        mention = mention_at.get(child.i)
        if mention is not None and mention["kind"] == "office" and mention["sector"]:
            return mention["sector"]
    return None


def _qualified(country: dict, holder: dict, sector: str, doc: Doc) -> dict:
    """"Foreign Minister of Kazakhstan", "Iraqi President Saddam Hussein": one participant spanning
    the holder and the country, with the country's code, the holder's sector and, for a person,
    the person's name."""
    start, end = min(country["start"], holder["start"]), max(country["end"], holder["end"])
    name = holder["name"] if holder["kind"] == "person" else country["name"]
    return {**country, "text": text_slice(doc, start, end), "start": start, "end": end, "sector": sector, "name": name,
            "kind": "person" if holder["kind"] == "person" else "country"}


def _participants(tokens: Iterable[Token], mention_at: dict[int, dict]) -> list[dict]:
    participants = []
    for token in tokens:
        for mention in _mentions_for(token, mention_at):
            if mention["kind"] == "group":
                participants += [_participant({**mention, **m, "name": None}) for m in mention.get("members", [])]
            elif mention["kind"] not in ("office", "place"):
                participants.append(_participant(mention))
    return participants


def _participant(mention: dict) -> dict:
    """An event participant: the span of a mention with its code, sector and name."""
    return {"text": mention["text"], "start": mention["start"], "end": mention["end"], "code": mention["code"],
            "sector": mention["sector"], "name": mention["name"]}


def _same_party(participant: dict, others: list[dict]) -> bool:
    return any(participant["start"] == o["start"] and participant["code"] == o["code"] for o in others)


def _merge(*groups: list[dict]) -> list[dict]:
    """Participants in order, each party once: a country named again (or by its adjective on the
    meeting noun) does not add a participant."""
    merged: list[dict] = []
    for participant in (p for group in groups for p in group):
        duplicate = any(
            (participant["code"] and participant["code"] == m["code"] and
             (participant["name"] == m["name"] or participant["name"] is None or m["name"] is None))
            or (participant["start"] == m["start"] and participant["code"] == m["code"])
            for m in merged
        )
        if not duplicate:
            merged.append(participant)
    return merged


def _place_mentions(sent: Span, mention_at: dict[int, dict], trigger: Token) -> list[dict]:
    """Places the sentence gives as "in Moscow" or "in Montenegro province" for the trigger's act,
    each once. spaCy often hangs the phrase on a nearby noun, so the whole sentence is searched, but
    places in the trigger's own clause come first, and a place inside a condition or a relative
    clause ("if war starts in Iraq") or inside who said it ("sources in neighbouring Pakistan
    said") is left out."""
    own: dict[int, dict] = {}
    elsewhere: dict[int, dict] = {}
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
            continue
        for mention in _places_under(prep, mention_at):
            if not _aside(prep, trigger):
                (own if _within(prep, trigger) else elsewhere)[mention["start"]] = mention
    return list(own.values()) or list(elsewhere.values())


# Adverbial clauses that set the scene rather than say where the act happened.
ASIDE_MARKS = frozenset({"if", "unless", "as", "when", "after", "before", "while", "because"})


def _places_under(prep: Token, mention_at: dict[int, dict]) -> list[dict]:
    """The countries and cities a place preposition names: "in Iraq", "in Montenegro province",
    and, through the gazetteer, a city the knowledge base does not list ("in Samarra", "near the
    town of Samarra", "in the capital Kabul")."""
    found = []
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        mention = mention_at.get(pobj.i) or next(
            (mention_at[c.i] for c in pobj.lefts if c.dep_ in ("compound", "amod") and c.i in mention_at), None)
        if mention is not None and mention["kind"] in HOST_KINDS:
            found.append(mention)
        elif mention is None and (city := _city(pobj, mention_at)) is not None:
            found.append(city)
    return found


def _city(pobj: Token, mention_at: dict[int, dict]) -> dict | None:
    """A city named by a place phrase's object, as a place mention with its country's code."""
    name = pobj
    if pobj.pos_ != "PROPN" and pobj.lemma_.lower() in SETTLEMENT_NOUNS:
        name = next((t for c in pobj.children if c.dep_ in ("appos", "prep") and (c.dep_ == "appos" or c.lower_ == "of")
                     for t in ([c] if c.dep_ == "appos" else c.children) if t.pos_ == "PROPN"), None)
    if name is None or name.pos_ != "PROPN" or name.i in mention_at:
        return None
    tokens = [t for t in name.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [name]
    start, end = tokens[0].idx, name.idx + len(name.text)
    text = text_slice(name.doc, start, end)
    place = gazetteer().city(text)
    if place is None or not place["country"]:
        return None
    return {"text": text, "start": start, "end": end, "code": place["country"], "sector": None,
            "name": place["place"], "kind": "city"}


def _within(token: Token, ancestor: Token) -> bool:
    return token.i == ancestor.i or any(a.i == ancestor.i for a in token.ancestors)


def _aside(token: Token, trigger: Token) -> bool:
    """Whether the token sits in a clause that is not about the trigger's act: a condition, a
    relative clause, or the subject of a verb of saying."""
    for node in (token, *token.ancestors):
        if node.i == trigger.i:
            return False
        if node.dep_ in ("relcl", "acl") or (node.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ASIDE_MARKS for c in node.children)):
            return True
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in SPEECH_LEMMAS:
            return True
    return False


def _located_subjects(trigger: Token, sent: Span, mention_at: dict[int, dict]) -> list[dict]:
    """Unnamed subjects ("demonstrators", "opposition groups in Zimbabwe") placed in the country
    where they act: a place on the subject itself ("in Zimbabwe"), else the first place of the
    sentence. Pronouns and people the knowledge base does not know are not placed."""
    found = []
    for subject in _subjects(trigger):
        if subject.pos_ != "NOUN" or subject.i in mention_at:  # a proper name is somebody, not a crowd
            continue
        if any(child.dep_ == "poss" and child.pos_ == "PRON" for child in subject.children):
            continue  # "their foreign ministers": parties named elsewhere, not people of the place
        # "opposition groups in Zimbabwe", "a newspaper based in Beirut"
        own = [place for prep in subject.subtree if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS
               for place in _places_under(prep, mention_at)]
        places = own or _place_mentions(sent, mention_at, trigger)
        if not places:
            continue
        phrase = [t for t in subject.subtree if t.i <= subject.i and t.dep_ not in ("punct", "relcl", "acl", "appos")]
        start, end = phrase[0].idx, subject.idx + len(subject.text)
        found.append({"text": text_slice(sent.doc, start, end), "start": start, "end": end, "code": places[0]["code"],
                      "sector": SECTOR_OF_NOUN.get(subject.lemma_.lower()), "name": None})
    return _merge(found)


def _place_participant(place: dict) -> dict:
    return {"text": place["text"], "start": place["start"], "end": place["end"], "code": place["code"],
            "sector": None, "name": place["name"]}


def _hosts(actors: list[dict], places: list[dict]) -> list[dict]:
    """The participants from the country where the meeting is held, when the others come from elsewhere."""
    if len(places) != 1:
        return []
    hosts = [a for a in actors if a["code"] == places[0]["code"]]
    guests = [a for a in actors if a["code"] and a["code"] != places[0]["code"]]
    return hosts if hosts and guests else []


def clause_participants(verb: Token, mention_at: dict[int, dict]) -> tuple[list[dict], list[dict]]:
    """Actors (the subject) and recipients (objects, their possessors, targets named by
    prepositions) of a clause, by the rules the lexicon events use; for the backstop."""
    actors = _merge(_participants(_subjects(verb), mention_at))
    objects = [child for child in verb.children if child.dep_ in OBJECT_DEPS]
    nouns = list(_noun_chain(objects))
    recipients = _participants([o for obj in objects for o in _conjoined(obj)], mention_at)
    recipients += _participants(_possessors(nouns) + _prep_objects([verb], RECIPIENT_PREPS), mention_at)
    return actors, [r for r in _merge(recipients) if not _same_party(r, actors)]


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character bounds of the sentence without its trailing whitespace."""
    tokens = [token for token in sent if not token.is_space]
    if not tokens:
        return sent.start_char, sent.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


@Language.factory("communique_events")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor()
