"""Commitments: agreed or pledged future actions ("The two sides agreed to hold China-Russia strategic
stability consultations at an appropriate time"; "will continue to strengthen cooperation under ...";
"pledged to ...", "committed to ...").

The action is the verb the commitment governs, with its object and particle, written as a clean verb
phrase ("hold strategic stability consultations": the parties' names, time phrases and purpose
clauses left out); its PLOVER type is what the event lexicon codes the verb as, so that a later
stored event of that type between the same parties can fulfil it. The timing is the time phrase on
the action ("at an appropriate time", "by the end of 2024", "next year"); a deadline is resolved
from it against the document's date when it names one.
"""

from __future__ import annotations

from datetime import timedelta

from spacy.tokens import Span, Token

from communique.diplomacy.parties import (
    agentive,
    joined_to_agent,
    partly_unnamed,
    stands_for_participants,
    subjects,
)
from communique.diplomacy.positions import trimmed
from communique.diplomacy.tables import CommitmentWords, commitment_words, deadlines
from communique.events.extractor import EventExtractor, clause_participants
from communique.events.lexicon import load_cameo
from communique.when_where.dates import Base, resolve_date

# Verbs that only frame the action: "agreed to continue to strengthen" commits to strengthening.
FRAME_LEMMAS = frozenset({"continue", "work", "strive", "seek", "endeavor", "endeavour", "try"})
FUTURE_AUX = frozenset({"will", "shall"})
# A future clause ("the President will travel to Tokyo") commits its subject unless its verb only
# states, talks or is expected: those are no action of the subject's.
NOT_ACTIONS = frozenset({"be", "have", "discuss", "talk", "speak", "say", "remain", "need", "require", "include",
                         "benefit", "give", "mark", "see", "take", "get", "become", "allow", "help", "depend"})
TIME_PREPS = frozenset({"at", "in", "by", "before", "within", "during", "until", "after", "from", "ahead", "no",
                        "later", "over", "around", "on"})
TIME_NOUNS = frozenset({"time", "course", "future", "term", "date", "year", "month", "week", "day", "end",
                        "beginning", "opportunity", "convenience"})
TIME_ADVERBS = frozenset({"soon", "shortly", "promptly", "swiftly", "expeditiously", "quickly", "early", "tomorrow"})
OBJECT_DEPS = ("dobj", "obj", "dative", "attr", "oprd", "prt", "acomp")
PARTY_KINDS = ("country", "adjective")
# Subjects that stand for the parties of the commitment before them: "They also pledged to ...".
ANAPHORS = frozenset({"they", "both"})
HYPOTHETICAL = frozenset({"if", "unless", "whether", "would", "could", "might"})
# Actions that bring their object to a meeting with the subject: both sides are parties.
MEETING_LEMMAS = frozenset({"welcome", "host", "receive", "meet", "visit", "see", "invite"})
TRIGGER_LEMMAS = commitment_words().lemmas
# Actions that go somewhere: their place is where a later event must be.
TRAVEL_LEMMAS = frozenset({"visit", "travel", "go", "come", "return"})
POS = {"VERB": "verb", "AUX": "verb", "ADJ": "adj", "NOUN": "noun"}


class CommitmentFinder:
    def __init__(self, words: CommitmentWords | None = None) -> None:
        self.lexicon = EventExtractor()
        self.cameo = load_cameo()
        self.words = words or commitment_words()
        self.deadlines = deadlines()
        self.triggers = self.words.lemmas | FRAME_LEMMAS | FUTURE_AUX

    def find(self, sent: Span, mention_at: dict[int, dict], base: Base | None, before: list[dict],
             participants: list[dict] | None = None) -> list[dict]:
        """Commitments of one sentence; ``before`` are the document's earlier ones and ``participants``
        those of the reported interaction (for "They ...", "The leaders ...", "It was agreed ...")."""
        found: list[dict] = []
        previous = before[-1]["parties"] if before else []
        for token in sent:
            pos = POS.get(token.pos_)
            if pos is None:
                continue
            lemma = token.lemma_.lower()
            role = self.words.role(pos, lemma) or (self.words.role("adj", token.lower_) if token.dep_ == "acomp"
                                                   else None)
            actions: list[Token] = []
            if role == "commit":
                actions = _noun_governed(token) if pos == "noun" else _governed(token)
                if not actions and lemma == "agree":
                    actions = _agreed_need(token)  # "agreed on the need to work towards ..."
            elif role == "look" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "forward" for c in token.children):
                actions = _looked_forward(token)
            elif role == "task":
                # "tasked their teams to follow up": the infinitive, however the parser attaches it
                actions = [c for c in token.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ == "VERB"
                           and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
            elif lemma in FRAME_LEMMAS and token.dep_ not in ("xcomp", "pcomp") and _future(token):
                actions = _governed(token)  # "will continue to strengthen", "will work to expand"
            elif pos == "verb" and _future(token) and lemma not in NOT_ACTIONS | FRAME_LEMMAS \
                    and token.dep_ in ("ROOT", "ccomp", "conj") and not self.words.role("verb", lemma):
                actions = [token]  # "the President will travel to Tokyo", "we will sign the agreement"
                role = "will"
            if not actions or _negated(token) or _hypothetical(token) or token.dep_ == "relcl":
                continue
            if role == "will" and not agentive(token, mention_at):
                continue  # "the project will be completed", "the agreement will support trade"
            parties = self._noun_parties(token, mention_at) if pos == "noun" else []
            people = []  # the people "they" stands for: "They agreed to speak again" is those two people's act
            if not parties and stands_for_participants(token, len(participants) if participants else None):
                parties = _codes(participants or [])
                people = [p["name"] for p in participants or () if p.get("person")]
            if not parties and pos == "noun" and joined_to_agent(token):
                # "the challenges posed by China and our shared commitment to ...": the speakers', not China's
                if not any(c.lower_ in ("our", "their") for c in token.children):
                    continue
                parties = _codes(participants or [])
            parties = parties or self._parties(_clause_head(token) if pos == "noun" else token, mention_at)
            if parties and participants and partly_unnamed(token, mention_at):
                parties = parties + [p for p in _codes(participants) if p["code"] not in _codes_of(parties)]
            if not parties and _anaphoric(token):
                parties = found[-1]["parties"] if found else previous
            if not parties:
                continue
            for action in actions:
                found.append(self._commitment(token, action, parties, mention_at, base, role, people))
        return found

    def _noun_parties(self, noun: Token, mention_at: dict[int, dict]) -> list[dict]:
        """"the Administration's commitment to ...", "Laos's decision to ...": the possessor commits."""
        found: list[dict] = []
        possessors = [t for left in noun.lefts if left.dep_ == "poss" for t in (left, *left.conjuncts)]
        # "the U.S. commitment to help Saudi Arabia": a country's name or adjective on the noun
        # ("its NATO pledge": with a possessor written, an organisation says to whom or under what it is made)
        kinds = ("country", "adjective") if possessors else ("country", "adjective", "organisation")
        possessors += [left for left in noun.lefts if left.dep_ in ("compound", "amod", "nmod")
                       and (mention_at.get(left.i) or {}).get("kind") in kinds]
        # "the commitment of UNRWA's staff to deliver aid", "the commitment of both countries": whose it is
        owners = [p for prep in noun.rights if prep.dep_ == "prep" and prep.lower_ == "of"
                  for p in prep.children if p.dep_ == "pobj"]
        possessors += [t for o in owners for t in (o, *o.conjuncts,
                                                   *(c for c in o.children if c.dep_ in ("poss", "amod", "compound")))]
        for c in possessors:
            if c.dep_ in ("poss", "conj", "pobj", "amod", "compound", "nmod"):
                for p in clause_participants_of(c, mention_at):
                    if p.get("code") and p.get("kind") != "pronoun" and p["code"] not in {q["code"] for q in found}:
                        found.append({"code": p["code"], "sector": p.get("sector"), "name": p.get("name")})
        return found

    def _parties(self, trigger: Token, mention_at: dict[int, dict]) -> list[dict]:
        actors, _ = clause_participants(trigger, mention_at)
        partners = [p for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "with"
                    for pobj in prep.children if pobj.dep_ == "pobj"
                    for p in clause_participants_of(pobj, mention_at)]
        parties: list[dict] = []
        for p in actors + partners:
            if p.get("code") and p["code"] not in {q["code"] for q in parties}:
                parties.append({"code": p["code"], "sector": p.get("sector"), "name": p.get("name")})
        return parties

    def _commitment(self, trigger: Token, action: Token, parties: list[dict], mention_at: dict[int, dict],
                    base: Base | None, role: str | None, people: list[str] | None = None) -> dict:
        objects = [c for c in action.children if c.dep_ in ("dobj", "obj")]
        objects += [p for prep in action.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
        # "follow up on their conversation next week": a date can hang on the object
        # the trigger's time phrase is the action's ("pledged next year to ...") unless it dates the
        # pledge itself ("On August 26 the President instructed ..."): a day before the document's
        said = [t for t in _timing(trigger) if not self._past(t, base)]
        timing = _timing(action) or said or [t for obj in objects for t in _timing(obj)
                                             if len(t) > 1 or t[0].dep_ == "npadvmod"]
        if not timing:  # "hold a meeting on the margins of the NATO Summit in June": deeper in the phrase
            timing = [t for node in _phrase_nouns(action) for t in _timing(node) if len(t) > 1][:1]
        when = " ".join(_text(tokens) for tokens in timing) or None
        deadline = self.deadline(when, base) if when else None
        plover_type, cameo = self._action_type(action)
        if plover_type == "CONSULT" or action.lemma_.lower() in MEETING_LEMMAS:
            # "looks forward to welcoming President Lula": a meeting has two sides
            _, counterparts = clause_participants(action, mention_at)
            parties = parties + [{"code": p["code"], "sector": p.get("sector"), "name": p.get("name")}
                                 for p in counterparts if p.get("code") and p["code"] not in _codes_of(parties)]
        obj = next((c for c in action.children if c.dep_ in ("dobj", "obj")), None)
        if obj is None:  # "collaborate with agency partners": what the phrase is about
            obj = next((p for prep in action.children if prep.dep_ == "prep" for p in prep.children
                        if p.dep_ == "pobj" and not _is_time(prep) and not _place(prep, mention_at)), None)
        # parties the action is done to or with ("provide assistance to Indonesia"): a later event must
        # have them too
        timing_ids = {t.i for tokens in timing for t in tokens}
        targets = sorted({m["code"] for t in action.subtree if t.i not in timing_ids and t.i != action.i
                          and (m := mention_at.get(t.i)) is not None and m.get("code")
                          and m["kind"] in ("country", "organisation", "person", "office")
                          and not _in_clause(t, action)} - {p["code"] for p in parties})
        # the people who commit and those the action is done with, by name ("President Biden will welcome
        # President Lula"), and for a bare meeting the people a group subject stands for ("They agreed to speak
        # again": those two, not any call between their countries; "hold the dialogue" is the dialogue's)
        bare_meeting = (plover_type == "CONSULT" or action.lemma_.lower() in MEETING_LEMMAS) and not any(
            c.dep_ in ("dobj", "obj") for c in action.children)
        people = list(people or ()) if bare_meeting else []
        for token in (*subjects(trigger), *subjects(action), *action.subtree):
            mention = mention_at.get(token.i)
            if mention is not None and mention["kind"] == "person" and mention.get("name") \
                    and token.i not in timing_ids and mention["name"] not in people:
                people.append(mention["name"])
        # where a visit goes ("visit Mexico", "travel to Tokyo"): a later event there carries it out
        place = None
        if action.lemma_.lower() in TRAVEL_LEMMAS:
            goals = [c for c in action.children if c.dep_ in ("dobj", "obj")]
            goals += [p for prep in action.children if prep.dep_ == "prep" and prep.lower_ == "to"
                      for p in prep.children if p.dep_ == "pobj"]
            place = next((m["code"] for g in goals if (m := mention_at.get(g.i)) is not None and m.get("code")
                          and m["kind"] in ("country", "capital", "place")), None)
        return {
            "parties": parties,
            "action": _action_text(action, mention_at, {t.i for tokens in timing for t in tokens}),
            "action_people": people,
            "action_place": place,
            # what the action is done to ("dialogue" in "hold a high-level economic dialogue"): a later
            # event must name it to fulfil the commitment
            "action_object": obj.lemma_.lower() if obj is not None and obj.pos_ in ("NOUN", "PROPN") else None,
            "action_targets": targets,
            "action_type": plover_type,
            "action_cameo": cameo,
            "when": when,
            "deadline": deadline,
            "_trigger": trigger,
            "_action": action,
            "rule": f"commitment.{role if role == 'will' else trigger.lemma_.lower()}",
        }

    def _past(self, tokens: list[Token], base: Base | None) -> bool:
        if base is None or base.date is None:
            return False
        value = resolve_date(_text(tokens), base, prefer="past")
        last = value.last_day() if value is not None and value.year is not None else None
        return last is not None and last < base.date

    def deadline(self, when: str, base: Base | None) -> dict | None:
        """The last day the timing allows: "next week" seven days on, "in September" that month's end,
        "next year" its end; none for "at an appropriate time"."""
        days = self.deadlines.days(when)
        if days is not None:
            if base is None or base.date is None:
                return None
            return {"value": (base.date + timedelta(days=days)).isoformat(), "precision": "day", "text": when}
        value = resolve_date(when, base, prefer="future")
        if value is None or value.year is None:
            return None
        return {"value": value.last_day().isoformat(), "precision": value.precision, "text": when}

    def _action_type(self, action: Token) -> tuple[str | None, str | None]:
        """The PLOVER type and CAMEO code the event lexicon gives the action verb."""
        matched = self.lexicon.match(action)
        if matched is None:
            return None, None
        entry = matched[0]
        code = self.cameo[entry.cameo]
        plover = entry.plover[0] if entry.plover else code.plover_type
        return plover or None, code.code


def clause_participants_of(token: Token, mention_at: dict[int, dict]) -> list[dict]:
    mention = mention_at.get(token.i)
    if mention is None:
        return []
    if mention["kind"] == "group":
        return mention.get("members", [])
    return [mention] if mention.get("code") and mention["kind"] != "office" else []


def _governed(trigger: Token) -> list[Token]:
    """The actions a commitment verb governs: its infinitive ("agreed to hold"), the verb of its "to"
    phrase ("committed to deepening"), their conjuncts ("to hold ... and to deepen ..."), through
    framing verbs ("agreed to continue to strengthen")."""
    heads = [c for c in trigger.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    heads += [p for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "to"
              for p in prep.children if p.dep_ == "pcomp" and p.pos_ == "VERB"]
    if trigger.dep_ == "acomp" or trigger.lemma_.lower() == "commit":
        heads += [p for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "to"
                  for p in prep.children if p.dep_ == "pobj" and p.pos_ == "VERB"]
    return _expand(heads)


def _expand(heads: list[Token]) -> list[Token]:
    """The actions under the governed verbs: their conjuncts, through framing verbs."""
    actions: list[Token] = []
    heads = [h for h in heads if h.lemma_.lower() not in TRIGGER_LEMMAS]
    heads = [h for h in heads if h.lemma_.lower() not in TRIGGER_LEMMAS]
    for head in heads:
        # "agreed to work together ... and committed to ...": the second trigger is no action of the first
        # "to surge aid and how the ceasefire would help": a conjunct with a subject of its own is another clause
        for verb in (head, *[c for c in head.conjuncts if c.pos_ == "VERB" and c.i > head.i
                             and c.lemma_.lower() not in TRIGGER_LEMMAS
                             and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)]):
            for _ in range(3):
                # "continue to strengthen", "continue working", "work together to address"
                inner = [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"
                         and (c.dep_ == "xcomp" or any(a.lower_ == "to" for a in c.children))]
                if verb.lemma_.lower() in FRAME_LEMMAS and inner:
                    verb = inner[0]
                else:
                    break
            bare = not any(c.dep_ in OBJECT_DEPS or c.dep_ == "prep" for c in verb.children)
            if bare and any(c.dep_ == "conj" and c.pos_ == "VERB" for c in verb.children):
                continue  # "broadening and deepening the ties": the action is the conjunct's
            if verb not in actions:
                actions.append(verb)
    return actions


def _noun_governed(noun: Token) -> list[Token]:
    """The action a commitment noun governs: "commitment to continue providing" (an infinitive),
    "commitment to deepening" (a "to" phrase)."""
    heads = [c for c in noun.rights if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
             and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    heads += [p for prep in noun.rights if prep.dep_ == "prep" and prep.lower_ == "to"
              for p in prep.children if p.dep_ in ("pcomp", "pobj") and p.pos_ == "VERB"]
    return _expand(heads)


def _agreed_need(trigger: Token) -> list[Token]:
    """"agreed on the need to work towards ...": the infinitive of the agreed need."""
    return _expand([v for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "on"
                    for noun in prep.children if noun.dep_ == "pobj" and noun.lemma_.lower() in ("need", "importance")
                    for v in noun.rights if v.dep_ == "acl" and v.pos_ == "VERB"])


def _looked_forward(trigger: Token) -> list[Token]:
    """"looks forward to welcoming ...", "look forward to Ms Merkel's visit": the gerund or the noun."""
    return [p for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == "to"
            for p in prep.children if p.dep_ in ("pcomp", "pobj") and p.pos_ in ("VERB", "NOUN")]


def _future(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children)


def _clause_head(noun: Token) -> Token:
    """The verb a noun hangs from ("reaffirmed [their commitment]")."""
    token = noun
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _codes(participants: list[dict]) -> list[dict]:
    return [{"code": p["code"], "sector": p.get("sector"), "name": p.get("name")} for p in participants]


def _codes_of(parties: list[dict]) -> set[str]:
    return {p["code"] for p in parties}


def _anaphoric(trigger: Token) -> bool:
    """Whether the trigger's subject is "they" or "both" (climbing "agreed to ... and pledged to ...")."""
    token = trigger
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and token.dep_ in ("conj", "xcomp"):
        token = token.head
    return any(c.dep_ == "nsubj" and c.lower_ in ANAPHORS for c in token.children)


def _negated(trigger: Token) -> bool:
    return any(c.dep_ == "neg" for c in trigger.children)


def _hypothetical(trigger: Token) -> bool:
    return any(c.lower_ in HYPOTHETICAL and c.dep_ in ("mark", "aux") for c in trigger.children)


def _is_time(phrase: Token) -> bool:
    """"at an appropriate time", "by the end of 2024", "next year", "soon"; not "on their talks next week"."""
    if phrase.dep_ == "prep":
        pobj = next((c for c in phrase.children if c.dep_ == "pobj"), None)
        return phrase.lower_ in TIME_PREPS and pobj is not None and (
            pobj.ent_type_ in ("DATE", "TIME") or pobj.lemma_.lower() in TIME_NOUNS)
    return phrase.ent_type_ in ("DATE", "TIME") or phrase.lower_ in TIME_ADVERBS


def _phrase_nouns(action: Token) -> list[Token]:
    """The nouns of the action's phrase, outside its clauses ("margins", "Summit" in "hold a meeting on
    the margins of the NATO Summit in June")."""
    return [t for t in action.subtree if t.pos_ in ("NOUN", "PROPN") and not _in_clause(t, action)]


def _timing(verb: Token) -> list[list[Token]]:
    """Time phrases on a verb: "at an appropriate time", "by the end of 2024", "next year", "soon"."""
    found = []
    for child in verb.children:
        if child.dep_ in ("prep", "npadvmod", "advmod", "tmod", "obl") and _is_time(child):
            found.append([t for t in child.subtree if t.dep_ not in ("relcl",) and not _in_clause(t, child)])
    return found


def _in_clause(token: Token, top: Token) -> bool:
    """Whether ``token`` sits in a clause below ``top`` ("at an appropriate time [to strengthen ...]")."""
    while token.i != top.i:
        if token.dep_ in ("relcl", "acl", "advcl"):
            return True
        token = token.head
    return False


def _text(tokens: list[Token]) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    return "".join(t.text_with_ws for t in tokens).strip(" ,")


def _action_text(verb: Token, mention_at: dict[int, dict], timing: set[int]) -> str:
    """The verb (as its lemma) with particle and objects, less time phrases, clauses and party names."""
    parts = [verb]
    for child in verb.children:
        if child.dep_ == "prep" and any(t.text == ":" for t in child.subtree):
            continue  # "including by: taking measures ...; encouraging ...": a list of its own, no part of the act
        if child.dep_ in OBJECT_DEPS or (child.dep_ == "prep" and child.i not in timing):
            parts += [t for t in child.subtree if t.i not in timing and not _in_clause(t, child)]
    # "in Tokyo" says where, not what: a place phrase anywhere in the action is left out
    skip = set(timing) | {t.i for p in parts if p.dep_ == "prep" and _place(p, mention_at) for t in p.subtree}
    for token in parts:
        # "China-Russia strategic stability consultations": names of parties that only modify the object
        # are left out (they are listed apart); "migration to the United States" keeps its country.
        mention = mention_at.get(token.i)
        if mention is not None and mention["kind"] in PARTY_KINDS and token.dep_ in ("nmod", "compound", "amod") \
                and not mention["tok_start"] <= token.head.i < mention["tok_end"] and token.head.i != verb.i \
                and not _name_prefix(token, mention, mention_at):
            skip |= set(range(mention["tok_start"], mention["tok_end"]))
    for token in parts:  # "the Saudi and U.S. teams": the other party names of the list, and its "and"
        mention = mention_at.get(token.i)
        if token.dep_ == "conj" and token.head.i in skip and mention is not None and mention["kind"] in PARTY_KINDS:
            skip |= set(range(mention["tok_start"], mention["tok_end"]))
    for token in parts:  # the hyphen that joined two skipped party names, the "and" that joined them
        if (token.text == "-" and token.i - 1 in skip and token.i + 1 in skip) \
                or (token.dep_ == "cc" and token.head.i in skip):
            skip.add(token.i)
    # "consistent with applicable law and [subject to ...]": the cut leaves no dangling "and"
    kept = trimmed(sorted((t for t in parts if t.i not in skip and t.i != verb.i), key=lambda t: t.i))
    text = verb.lemma_.lower()
    for prev, token in zip([verb, *kept], kept, strict=False):
        text += ("" if prev.i + 1 == token.i and not prev.whitespace_ else " ") + token.text
    return text.strip(" ,")


def _name_prefix(token: Token, mention: dict, mention_at: dict[int, dict]) -> bool:
    """"Indo" in "Indo-Pacific": a party's form joined by a hyphen to a word that names no party."""
    doc = token.doc
    end = mention["tok_end"]
    return end + 1 < len(doc) and doc[end].text == "-" and end + 1 not in mention_at


def _place(prep: Token, mention_at: dict[int, dict]) -> bool:
    if prep.lower_ not in ("in", "at"):
        return False
    return any((m := mention_at.get(c.i)) is not None and m["kind"] in ("capital", "country", "place")
               for c in prep.children if c.dep_ == "pobj")
