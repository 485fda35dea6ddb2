"""The spaCy component ``communique_diplomacy``: mechanisms, positions and commitments of a document.

It runs after the when/where stage, reading the parse, the actor mentions and the coded events (with
their dates and places). Most sentences of a readout have none of its trigger words and are skipped
after one pass over their lemmas, so the stage costs little next to the parse.
"""

from __future__ import annotations

import hashlib

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.kb import KnowledgeBase, load_kb
from communique.diplomacy.commitments import CommitmentFinder
from communique.diplomacy.mechanisms import CHAIR_LEMMAS, CO_CHAIR_LEMMAS, HELD_LEMMAS, MechanismFinder
from communique.diplomacy.parties import interaction_parties
from communique.diplomacy.positions import PositionFinder
from communique.diplomacy.tables import mechanism_words, stance_words, topics
from communique.events.extractor import sentence_bounds
from communique.nlp.context import document_of
from communique.nlp.extensions import mentions_by_token
from communique.nlp.speech import in_turn, interrogative, question_turns
from communique.nlp.stage import Stage
from communique.when_where.dates import base_of


class Diplomacy(Stage):
    name = "diplomacy"

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        words = mechanism_words()
        stances = stance_words()
        self.mechanisms = MechanismFinder(words, kb or load_kb())
        self.positions = PositionFinder(stances, topics())
        self.commitments = CommitmentFinder()
        heads = {w for w in (*words.heads, *words.wrappers)}
        self.mechanism_triggers = frozenset(heads | {w + "s" for w in heads})
        self.position_triggers = frozenset(stances.verbs) | frozenset(stances.nouns) | frozenset(stances.adjectives) \
            | frozenset({"commit", "concern", "oppose", "dedicate", "alarm"}) | self.positions.conduct.nouns
        self.commitment_triggers = self.commitments.triggers

    def process(self, doc: Doc) -> None:
        document = document_of(doc)
        text = document.text  # the Doc's own text (reading doc.text joins every token again)
        if doc and len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
            text = doc.text  # a Doc made from other text than its Document's
        event_date = doc._.event_date or {}
        base = base_of(document.published) or base_of(event_date.get("value"))
        mention_at: dict[int, dict] | None = None
        events_at: dict[int, dict] = {}
        mechanisms: dict[str, dict] = {}
        positions, commitments = [], []
        participants: list[dict] | None = None
        questions = question_turns(text)
        for sent in doc.sents:
            lemmas = {token.lemma_.lower() for token in sent}
            has_mechanism = not lemmas.isdisjoint(self.mechanism_triggers) or self.mechanisms.names_series(sent)
            # a question states no stance or pledge, nor does a journalist's turn of a transcript
            stated = not interrogative(sent) and not in_turn(sent.start_char, questions)
            has_position = stated and not lemmas.isdisjoint(self.position_triggers)
            has_commitment = stated and not lemmas.isdisjoint(self.commitment_triggers)
            if not (has_mechanism or has_position or has_commitment):
                continue
            if mention_at is None:  # built once, for the first sentence that needs it
                mention_at = mentions_by_token(doc)
                events_at = _events_by_trigger(doc)
                participants = interaction_parties(doc)
            named: list[dict] = []  # this sentence's mechanisms, for the commitments whose action names one
            if has_mechanism:
                for found in self.mechanisms.find(sent, mention_at, events_at, list(mechanisms.values()), participants):
                    named.append(_mechanism_record(document.id, text, sent, found, mention_at))
                    _merge_mechanism(mechanisms, named[-1])
            if has_position:
                positions += [_position_record(document.id, text, sent, p)
                              for p in self.positions.find(sent, mention_at, participants) if p["holder"]]
            if has_commitment:
                found = self.commitments.find(sent, mention_at, base, commitments, participants)
                for c in found:
                    _action_mechanism(c, named)
                # a pledge to do X is support for X: a position of its parties, unless one is there already
                positions += [p for c in found if (p := _pledge_position(document.id, text, sent, c, positions))]
                commitments += [_commitment_record(document.id, text, sent, c, event_date) for c in found]
        doc._.mechanisms = list(mechanisms.values())
        doc._.positions = _unique(positions)
        doc._.commitments = _unique(commitments)


def _events_by_trigger(doc: Doc) -> dict[int, dict]:
    """The coded events by the token index of their trigger."""
    found = {}
    for event in doc._.events or ():
        evidence = event.get("evidence") or {}
        if evidence.get("trigger_start") is None:
            continue
        span = doc.char_span(evidence["trigger_start"], evidence["trigger_end"], alignment_mode="expand")
        if span is not None and len(span):
            found.setdefault(span.root.i, event)
    return found


def _evidence(text: str, sent: Span, trigger_start: int | None = None, trigger_end: int | None = None) -> dict:
    """The sentence and trigger, sliced from the document's text (``doc.text`` would join every token)."""
    start, end = sentence_bounds(sent)
    evidence = {"sentence": text[start:end], "start": start, "end": end}
    if trigger_start is not None:
        evidence |= {"trigger": text[trigger_start:trigger_end], "trigger_start": trigger_start,
                     "trigger_end": trigger_end}
    return evidence


def _id(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()[:16]


def _mechanism_record(doc_id: str, text: str, sent: Span, found: dict, mention_at: dict[int, dict]) -> dict:
    event, trigger = found.pop("_event"), found.pop("_trigger")
    head = sent.doc[found.pop("_head")]
    held = event is not None and event["modality"] == "asserted" and not event["negated"] and _held(trigger)
    if not held:  # "agreed to hold ... consultations", "discussed a summit": named, not (yet) held
        event = None
    lemma = trigger.lemma_.lower() if held else ""
    kinds = {m["start"]: m for m in mention_at.values()}
    participants = []
    for role in ("actor", "recipient") if event else ():
        for p in event[role]:
            mention = kinds.get(p["start"]) or {}
            person = mention.get("kind") in ("person", "pronoun")
            participants.append({"name": mention["name"] if person else None, "text": p["text"],
                                 "code": p.get("code"), "_role": role,
                                 "_place": mention.get("kind") in ("capital", "country", "place")})
    if any(not p["_place"] for p in participants):  # "Moscow" hosts; Wang Yi and Patrushev take part
        participants = [p for p in participants if not p["_place"]]
    # "co-chaired ... with Patrushev": both sides; "hosted", "chaired": the subject
    chairs = [p for p in participants if lemma in CO_CHAIR_LEMMAS or (lemma in CHAIR_LEMMAS and p["_role"] == "actor")]
    participants = [{k: v for k, v in p.items() if not k.startswith("_")} for p in participants]
    chairs = [{k: v for k, v in p.items() if not k.startswith("_")} for p in chairs]
    return {
        "id": _id(doc_id, "mechanism", found["name"]),
        **found,
        "co_chairs": chairs,
        "participants": participants,
        "event_id": event["id"] if event else None,
        "date": event["date"] if event else None,
        "location": event["location"] if event else None,
        "evidence": _evidence(text, sent, head.idx, head.idx + len(head.text)),
        "confidence": 0.85 if event is not None else 0.7,
        "rule": "mechanism.round" if found["round"] else "mechanism.name",
    }


def _held(trigger: Token) -> bool:
    """Whether the event under ``trigger`` took place: a holding, chairing or attending verb that is no
    plan ("a trip ... to attend the summit")."""
    if trigger.lemma_.lower() not in HELD_LEMMAS:
        return False
    return not (trigger.dep_ in ("xcomp", "advcl", "acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children))


def _merge_mechanism(mechanisms: dict[str, dict], record: dict) -> None:
    """One mechanism per name and document: a mention that a coded event holds wins over a bare
    mention, and each fills what the other lacks (the round, the co-chairs)."""
    old = mechanisms.setdefault(record["name"], record)
    if old is record:
        return
    if old["event_id"] is None and record["event_id"] is not None:
        mechanisms[record["name"]] = record
        old, record = record, old
    for key in ("round", "date", "location", "event_id"):
        if old.get(key) is None and record.get(key) is not None:
            old[key] = record[key]
    for key in ("co_chairs", "participants"):
        if not old[key] and record[key]:
            old[key] = record[key]


def _position_record(doc_id: str, text: str, sent: Span, found: dict) -> dict:
    trigger = found.pop("_trigger")
    start, end = found.pop("_span")
    holder = found["holder"]
    return {
        "id": _id(doc_id, "position", trigger.idx, start),
        **found,
        "evidence": {**_evidence(text, sent, trigger.idx, trigger.idx + len(trigger.text)), "topic_start": start,
                     "topic_end": end},
        "confidence": 0.8 if found["topic_known"] else 0.65 if holder else 0.5,
    }


# Commitments that state no stance of their parties: plans to meet, tasks given, futures announced.
PLEDGE_RULES_WITHOUT_STANCE = frozenset({"commitment.will", "commitment.look", "commitment.task", "commitment.instruct",
                                         "commitment.direct"})


# A pledge to support or oppose is a stance of its own ("will continue to oppose these actions").
STANCE_LEMMAS = frozenset(stance_words().verbs)
# Actions that keep the parties in touch rather than take a side: "continue communication at various levels",
# "establish another meeting".
CONTACT_LEMMAS = frozenset({"continue", "engage", "coordinate", "communicate", "consult", "follow", "meet", "talk",
                            "discuss", "stay", "keep", "remain", "use", "hold", "establish", "schedule", "arrange"})
# Objects that keep the parties in touch, whatever the verb: "maintain transparent and consistent communication".
CONTACT_OBJECTS = frozenset({"communication", "contact", "touch", "dialogue", "consultation", "conversation",
                             "channel", "line", "engagement"})
# Objects that say only that something will be done: "committed to take measures to improve ..." names no cause.
VAGUE_OBJECTS = frozenset({"measure", "step", "action", "effort", "work", "thing", "way", "possibility", "option",
                           "everything", "anything", "all", "process", "opportunity", "progress"})
# Objects that leave it open whether anything is done: "consider the possibility to ...".
HEDGED_OBJECTS = frozenset({"possibility", "option"})
MEANS_PREPS = frozenset({"including", "through", "by", "via"})
POWER_NOUNS = frozenset({"power", "means", "capacity", "ability"})


def _pledge_position(doc_id: str, text: str, sent: Span, found: dict, positions: list[dict]) -> dict | None:
    """The support position a commitment states: "resolved to strengthen the alliance" supports
    strengthening the alliance. None when a stance word of the sentence already gave its parties one on
    that action ("their commitment to continue providing aid")."""
    trigger, action = found["_trigger"], found["_action"]
    bare = not any(c.dep_ in ("dobj", "prep", "dative") for c in action.children) or " " not in found["action"]
    # "take measures (to ...)", "develop new ways to ..., including through ...": the action's own words name
    # nothing but that something is done (how it is done says no more) ...
    objects = [c for c in action.children if c.dep_ in ("dobj", "prep", "dative")]
    objects = [c for c in objects if not (c.dep_ == "prep" and (c.lower_ in MEANS_PREPS or _in_power(c)))]
    bare = bare or all(c.dep_ == "dobj" and c.lemma_.lower() in VAGUE_OBJECTS and all(
        g.dep_ in ("det", "amod", "nummod", "acl", "punct") or (g.dep_ == "prep" and g.lower_ in MEANS_PREPS)
        or (g.dep_ == "relcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in g.children))
        for g in c.children) for c in objects) or (
        # ... or only what was said before or is listed after: "agreed to work together on these issues", "committed
        # to grow the following areas of collaboration:"
        len(objects) == 1 and any(
            (d.dep_ == "det" and d.lower_ in ("this", "these", "that", "those"))
            or (d.dep_ == "amod" and d.lower_ == "following")
            for o in (objects[0], *objects[0].children) for d in o.children))
    if found["rule"] in PLEDGE_RULES_WITHOUT_STANCE or found["action_type"] == "CONSULT" \
            or action.lemma_.lower() in CONTACT_LEMMAS or action.lemma_.lower() in STANCE_LEMMAS \
            or any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in CONTACT_OBJECTS for c in action.children):
        return None  # meetings, talks and bare actions ("engage further") are plans, not stances
    topic_verb, topic = action, found["action"]
    if bare and any(o.lemma_.lower() in HEDGED_OBJECTS for o in objects):
        return None  # "consider the possibility to cooperate": no pledge to do it
    if bare:
        # "do everything in their power to achieve police reform", "take steps to open two consulates": what
        # a vague act is for is what is supported
        topic_verb = _purpose(action)
        if topic_verb is None:
            return None
        topic = _verb_phrase(topic_verb)
    holder = [{"code": p["code"], "sector": p.get("sector")} for p in found["parties"]]
    codes = {h["code"] for h in holder}
    for p in positions:
        evidence = p["evidence"]
        if evidence["start"] == sentence_bounds(sent)[0] and codes <= {h["code"] for h in p["holder"]} \
                and evidence["topic_start"] <= topic_verb.idx < evidence["topic_end"]:
            return None
    tokens = sorted(topic_verb.subtree, key=lambda t: t.i)
    start, end = topic_verb.idx, tokens[-1].idx + len(tokens[-1].text)
    return {
        "id": _id(doc_id, "position", trigger.idx, start),
        "holder": holder,
        "stance": "support",
        "topic": topic,
        "topic_known": False,
        "topic_text": text[start:end],
        "on_behalf_of": [],
        "topic_parties": [],
        "rule": "position.pledge",
        "evidence": {**_evidence(text, sent, trigger.idx, trigger.idx + len(trigger.text)), "topic_start": start,
                     "topic_end": end},
        "confidence": 0.6,
    }


def _in_power(prep: Token) -> bool:
    """"(everything) in their power", "within our means": how much is done, no cause."""
    return prep.lower_ in ("in", "within") and any(c.dep_ == "pobj" and c.lemma_.lower() in POWER_NOUNS
                                                    for c in prep.children)


def _purpose(action: Token) -> Token | None:
    """The first infinitive in a vague act's phrase, what it is done for ("take steps [to open ...]",
    "everything in their power [to achieve ...]"), when it has an object of its own; else None."""
    for clause in sorted(action.subtree, key=lambda t: t.i):
        if clause.i > action.i and clause.dep_ in ("advcl", "acl", "relcl", "xcomp") and clause.pos_ == "VERB" \
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children) \
                and any(c.dep_ in ("dobj", "prep", "dative") for c in clause.children):
            return clause
    return None


def _verb_phrase(verb: Token) -> str:
    """The verb (as its lemma) and what follows it in its phrase: "achieve meaningful police reform"."""
    tokens = [t for t in verb.subtree if t.i > verb.i]
    return (verb.lemma_.lower() + " " + verb.doc[tokens[0].i:tokens[-1].i + 1].text).strip() if tokens \
        else verb.lemma_.lower()


def _action_mechanism(found: dict, named: list[dict]) -> None:
    """"agreed to hold the fifth round of the dialogue", "will meet on the margins of the NATO Summit": the
    series the action's phrase names (its name and round), which a later event must hold to fulfil it."""
    action = found["_action"]
    start, end = action.left_edge.idx, action.right_edge.idx + len(action.right_edge.text)
    inside = [m for m in named if start <= m["evidence"]["trigger_start"] < end]
    found["action_mechanism"] = inside[0]["name"] if inside else None
    found["action_round"] = inside[0]["round"] if inside else None


def _commitment_record(doc_id: str, text: str, sent: Span, found: dict, event_date: dict) -> dict:
    trigger, action = found.pop("_trigger"), found.pop("_action")
    evidence = _evidence(text, sent, trigger.idx, trigger.idx + len(trigger.text))
    evidence |= {"action_start": action.idx, "action_end": action.idx + len(action.text),
                 # the whole action phrase ("hold a high-level energy dialogue"): what is promised, not done
                 "action_phrase_end": action.right_edge.idx + len(action.right_edge.text)}
    return {
        "id": _id(doc_id, "commitment", trigger.idx, action.idx),
        **found,
        "date": dict(event_date) if event_date else None,
        "evidence": evidence,
        "confidence": 0.8 if found["action_type"] else 0.6,
    }


def _unique(records: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for record in records:
        if record["id"] not in seen:
            seen.add(record["id"])
            kept.append(record)
    return kept


@Language.factory("communique_diplomacy")
def make_diplomacy(nlp: Language, name: str) -> Diplomacy:
    return Diplomacy()
