"""Positions: who supports or opposes what ("Russia firmly supports China's legitimate position on
Taiwan, Xinjiang, Tibet and Hong Kong, and opposes Western interference in China's internal affairs").

A stance verb (or noun: "reaffirmed its support for Ukraine") from ``data/stances.tsv`` gives the
stance; its subject (or the noun's possessor) the holder; its object the topic. "Y's position on Z"
is a position on Z held on behalf of Y; a list of topics gives one position per item; a topic is
normalized through ``data/topics.tsv`` when the table knows it, else kept as written (without
articles and possessors).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from communique.diplomacy.parties import (
    agentive,
    joined_to_agent,
    partly_unnamed,
    stands_for_participants,
    subjects,
)
from communique.diplomacy.tables import Conduct, StanceWords, Topics, hazards, topic_key
from communique.diplomacy.tables import conduct as load_conduct
from communique.events.extractor import clause_participants

# Nouns that stand for someone's view: their "on" phrase is the topic ("position on Taiwan").
VIEW_NOUNS = frozenset({"position", "stance", "stand", "view", "claim", "principle", "approach", "viewpoint",
                        "vision"})
# Mentions that hold a stance as a noun's modifier: "U.S. support for ...", "the Russian side's position".
HOLDER_MODIFIER_KINDS = frozenset({"country", "adjective", "organisation"})
# Verbs under which "the support of X" is X's support for the subject: "Japan has the support of ...".
# Stance nouns that say how a verb's object is taken: "noted with concern", "received with appreciation".
MANNER_NOUNS = frozenset({"concern", "appreciation", "gratitude"})
# Verbs that support what they affirm ("reaffirmed the right of ..."), unless a stance noun says more.
AFFIRM_LEMMAS = frozenset({"reaffirm", "reiterate", "affirm", "underscore", "emphasize", "emphasise", "highlight",
                           "stress"})
# What is affirmed as a fact or a want, not a stance: "reiterated the call", "stressed the urgency".
AFFIRMED_FACTS = frozenset({"point", "message", "statement", "view", "position", "stance", "urgency", "fact",
                            "impact", "readout", "invitation", "outcome", "result", "status", "situation",
                            # a danger stressed is no cause supported: "emphasized the threats posed by ..."
                            "threat", "danger", "risk", "challenge", "harm", "cost", "toll", "damage", "consequence",
                            # an occasion stressed is no cause either: "highlighted the upcoming Health Dialogue"
                            "meeting", "summit", "dialogue", "visit", "trip", "conference", "forum", "session",
                            # a belief is a claim, not a cause: "reaffirm our common belief that ..."
                            "belief", "conviction"})
# Nouns that say nothing of what is supported when they stand alone: "thanked them for their work".
EMPTY_TOPICS = frozenset({"work", "leadership", "service", "progress", "effort", "participant", "hospitality", "role",
                          "call", "time", "action", "step", "this", "that", "opportunity", "response", "advance",
                          "partnership", "engagement", "contribution", "decision", "move", "measure", "development",
                          "issue", "matter", "understanding", "arrangement",
                          # what was said, not what it was about: "thanked the participants for their insights"
                          "insight", "input", "feedback", "perspective", "idea", "participation", "condolence",
                          "congratulation", "word", "wish", "message"})
# Phrases of when, which give an empty topic nothing to be about ("relevant understandings since 2006").
TIME_PREPS = frozenset({"since", "during", "until", "till", "after", "before"})
# Occasions, congratulated on or celebrated, which are no cause ("the 10th anniversary of ...").
OCCASIONS = frozenset({"anniversary", "birthday", "holiday", "festival", "jubilee", "centenary", "centennial"})
# Acts of force: what a stated stance never supports ("cases of harassment and calls for violence").
FORCE_NOUNS = frozenset({"violence", "war", "invasion", "aggression", "attack", "terrorism"})
# Verbs of publicity: as the purpose of a trip or an event ("will travel to Ohio to highlight the investments")
# they say what is shown, not a stance the traveller takes.
PUBLICITY_LEMMAS = frozenset({"highlight", "showcase", "spotlight", "tout", "celebrate"})
# Verbs of a host: their object is a guest, not a topic, when it is someone or welcomed somewhere.
HOSTING_LEMMAS = frozenset({"welcome"})
GUEST_NOUNS = frozenset({"nation", "country", "leader", "partner", "delegation", "member", "guest", "participant",
                         "people", "government", "student", "visitor", "refugee", "ally"})
# Prepositions that set a phrase aside from what the clause says: its stance nouns are nobody's in particular.
ASIDE_PREPS = frozenset({"beyond", "besides", "despite", "amid", "among", "unlike", "like"})
# What a worry is for, not against: "concerns about the safety and security of journalists".
WELFARE_NOUNS = frozenset({"safety", "security", "welfare", "well-being", "wellbeing", "health", "fate", "plight",
                           "protection", "life", "lives", "freedom", "rights"})
WORRY_WORDS = frozenset({"concern", "concerned", "worry", "worried", "anxiety", "alarm", "alarmed"})
# Ways of addressing a person: "His Highness", "Her Majesty", "His Excellency".
HONORIFIC_NOUNS = frozenset({"highness", "majesty", "excellency", "holiness", "royal"})
HAVE_LEMMAS = frozenset({"have", "enjoy", "receive", "get", "count"})
# Stance nouns whose "of" phrase may name the giver: "with the support of Japan", "thanks to the backing of ...".
GIVEN_NOUNS = frozenset({"support", "backing", "help", "assistance"})
# Stance nouns whose "for" phrase may name who benefits rather than what is backed ("opportunities for all
# Congolese", against "opportunities for cooperation").
BENEFIT_NOUNS = frozenset({"opportunity"})
BENEFICIARIES = frozenset({"woman", "women", "girl", "worker", "family", "community", "people", "child", "children",
                           "youth", "student", "farmer", "citizen", "american", "entrepreneur", "veteran"})
TOPIC_PREPS = ("on", "regarding", "concerning", "over", "about", "for")  # "his vision for a Palestinian state"
NOUN_PREPS = ("for", "to", "of")
PRONOUN_OBJECTS = frozenset({"other", "it", "this", "that", "them", "these", "those", "one", "another"})
HYPOTHETICAL = frozenset({"if", "unless", "whether", "would", "could", "might"})
# Verbs that start a statement of their own: a topic phrase ends before them ("support for steps to
# enable ... and affirmed his support for ..." when the parser hangs the second clause inside the first).
STATEMENT_VERBS = frozenset({"affirm", "reaffirm", "reiterate", "express", "underscore", "emphasize", "emphasise",
                             "stress", "commit", "pledge", "agree", "welcome", "note", "say", "voice", "convey",
                             # "to commend X for forming a government and to congratulate him on ...": praise
                             "congratulate", "thank", "commend", "praise", "applaud", "call", "urge", "highlight",
                             "recognize", "acknowledge", "add"})
# Stance nouns that start a stance of their own inside a list or a topic phrase: "support for her efforts to
# address hunger and their shared commitment to ...".
LIST_STANCE_NOUNS = frozenset({"support", "commitment", "opposition", "backing", "intent", "intention",
                               "determination", "willingness", "readiness", "resolve", "dedication", "need",
                               "importance"})
# Subjects that are the reported interaction itself: what it focused on is its participants' concern.
INTERACTION_NOUNS = frozenset({"conversation", "call", "meeting", "discussion", "talk", "dialogue", "exchange"})
# Prepositions that make a need a reason, not a stance: "unable to travel due to the need to return".
CAUSE_HEADS = frozenset({"due", "owing", "because"})
# A topic that is an amount of money is aid, not a cause: "potential support for up to $99 million".
# "roughly $2.5 billion", "billions in investment"
_AMOUNT = re.compile(r"(?:[a-z]+\s+){0,2}(?:(?:[$€£¥]|(?:us|usd|eur)\s*\$?)\s*\d|(?:millions|billions|trillions)\b)",
                     re.IGNORECASE)


class PositionFinder:
    def __init__(self, stances: StanceWords, topics: Topics, conduct: Conduct | None = None) -> None:
        self.stances = stances
        self.topics = topics
        self.conduct = conduct or load_conduct()
        self.hazards = hazards()
        self._mentions_at: dict[int, dict] = {}  # the sentence's mentions, set by find()

    def find(self, sent: Span, mention_at: dict[int, dict], participants: list[dict] | None = None) -> list[dict]:
        """Positions of one sentence; ``participants`` are who "they" and "the leaders" stand for."""
        self._mentions_at = mention_at
        found = []
        for token in sent:
            lemma = token.lemma_.lower()
            word = token.lower_ if token.lower_ in self.stances.adjectives else lemma
            if word in self.stances.adjectives and (token.dep_ in ("acomp", "oprd") or (
                    token.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in token.children))):
                # "remains committed to", "is opposed to" (a participle the parser calls a passive)
                found += self._adjective(token, word, mention_at, participants or [])
            elif token.pos_ == "VERB" and lemma in self.stances.verbs:
                found += self._verb(token, self.stances.verbs[lemma], mention_at, participants or [])
            elif token.pos_ == "VERB" and (manner := self._manner(token)) is not None:
                found += self._verb(token, self.stances.nouns[manner.lemma_.lower()], mention_at, participants or [])
            elif token.pos_ == "NOUN" and lemma in self.stances.nouns:
                found += self._noun(token, self.stances.nouns[lemma], mention_at, participants or [])
            elif token.pos_ == "NOUN" and lemma in self.conduct.nouns:
                found += self._condemned(token, mention_at, participants or [])
        return found

    def _condemned(self, noun: Token, mention_at: dict[int, dict], participants: list[dict]) -> list[dict]:
        """"impose costs on Russia for its unprovoked war": whoever speaks opposes the war; its agent (the
        possessor) does not. Under an opposing verb ("condemned the brutal invasion") that verb's position
        stands alone."""
        modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound")]
        modifiers += [c for m in modifiers for c in m.conjuncts]
        if not any(m.lemma_.lower() in self.conduct.modifiers or m.lower_ in self.conduct.modifiers
                   for m in modifiers):
            return []
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if self.stances.verbs.get(verb.lemma_.lower()) == "oppose" or noun.dep_ in ("nsubj", "nsubjpass") \
                or _hypothetical(verb):
            return []  # "condemned the brutal invasion" is the verb's position already
        agents = {m["code"] for c in noun.children if c.dep_ == "poss" for m in _mentions(c, mention_at)}
        holders = [h for h in (self._owner_on_the_way(noun, mention_at) or _holders(verb, mention_at, participants))
                   if h.get("code") not in agents]
        item = _phrase(noun, with_conjuncts=True)
        position = self._position(noun, holders, "oppose", item, [], "position.conduct", normalize=False,
                                  about=_possessed(item, mention_at))
        return [position] if position else []


    def _owner_on_the_way(self, noun: Token, mention_at: dict[int, dict]) -> list[dict]:
        """"the U.S. commitment to help Moldova manage the effects of Russia's brutal war": the owner of a stance
        noun the phrase hangs from holds the stance, not whoever the clause's subject resolves to."""
        token = noun
        for _ in range(8):
            if token.head.i == token.i:
                return []
            token = token.head
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.stances.nouns:
                return [m for c in token.lefts if c.dep_ in ("poss", "compound", "amod", "nmod")
                        for m in _mentions(c, mention_at) if m.get("kind") in HOLDER_MODIFIER_KINDS]
        return []

    def _verb(self, verb: Token, stance: str, mention_at: dict[int, dict], participants: list[dict]) -> list[dict]:
        if _hypothetical(verb):
            return []
        if verb.lemma_.lower() in PUBLICITY_LEMMAS and verb.dep_ in ("advcl", "xcomp", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return []  # "will travel to North Carolina to highlight the Administration's efforts"
        if any(c.dep_ == "neg" for c in verb.children):
            if stance == "oppose":
                return []  # "does not oppose" is no clear stance
            if any(d.dep_ == "det" and d.lower_ in ("any", "either") for c in verb.children if c.dep_ in ("dobj", "obj")
                   for d in c.children):
                return []  # "does not support any specific candidate": neutrality, no opposition
            stance = "oppose"
        if verb.lemma_.lower() == "call" and any(c.dep_ in ("dobj", "obj") for c in verb.children):
            return []  # "call the Resource Center for additional information": a telephone call, no appeal
        # "welcome the Quad's commitment to support ...": the owner of the stance noun the verb hangs from
        holders = self._owner_on_the_way(verb, mention_at) or (
            _holders(verb, mention_at, participants) if agentive(verb, mention_at) else [])
        # "thanked Japan for its help": the help is the topic; "stands with Ukraine": Ukraine is
        preps = self.stances.preps.get(("verb", verb.lemma_.lower()), ())
        # (the parser may hang "for ..." on the object: "thanked [Ms. X for Sweden's leadership]")
        # (but "on" there is the object's own: "thank the staff on the Response Center")
        heads = [verb, *(t for c in verb.children if c.dep_ in ("dobj", "obj") for t in (c, *c.conjuncts))]
        objects = [p for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ in preps
                   and (head is verb or prep.lower_ == "for") for p in prep.children if p.dep_ in ("pobj", "pcomp")]
        if not objects:
            # "called on all parties to respect the ceasefire", "urged Iran to return to talks"
            infinitive = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ == "VERB"
                               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
            if verb.lemma_.lower() == "call" and not any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon")
                                                       for c in verb.children):
                infinitive = None  # "called King Mohammed VI to offer his condolences": a phone call, no appeal
            if infinitive is not None and self.stances.prep_only(verb.lemma_.lower()) and _names_something(infinitive):
                item = _phrase(infinitive, with_conjuncts=True)
                position = self._position(verb, holders, stance, item, [], "position.verb", normalize=False,
                                          about=_possessed(item, mention_at))
                return [position] if position else []
        if not objects and self.stances.prep_only(verb.lemma_.lower()):
            return []  # "called the President": no stance; "called for a ceasefire": one
        if verb.lemma_.lower() not in self.stances.verbs and self._manner(verb) is not None:
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        # a verb the parser makes the object ("the importance [the United States places] on ...") is none
        objects = objects[:1] or [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ != "VERB"]
        if verb.lemma_.lower() in AFFIRM_LEMMAS:
            # "reaffirmed their commitment to ...", "underscored the importance of ...": the noun's own stance
            objects = [o for o in objects if o.lemma_.lower() not in self.stances.nouns
                       and o.lemma_.lower() not in self.conduct.nouns and o.lemma_.lower() not in EMPTY_TOPICS
                       and o.lemma_.lower() not in AFFIRMED_FACTS
                       and (mention_at.get(o.i) or {}).get("kind") not in ("country", "organisation")]
        if verb.dep_ == "conj" and not objects:
            return []
        if verb.lemma_.lower() in HOSTING_LEMMAS and any(self._hosted(o, mention_at) for o in objects):
            return []  # "looks forward to welcoming Prime Minister Albanese", "welcome all nations to join": a host's
        # "endorse NATO's next Strategic Concept", parsed as two objects: the first is the second's possessor
        objects = [o for o in objects if not (any(c.dep_ == "case" for c in o.children) and any(
            later.dep_ == o.dep_ and later.i > o.i for later in verb.children))]
        found = []
        for obj in objects:
            for item, behalf, about in self._items(obj, mention_at):
                found.append(self._position(verb, holders, stance, item, behalf, "position.verb", about=about))
        return [p for p in found if p is not None]

    @staticmethod
    def _hosted(obj: Token, mention_at: dict[int, dict]) -> bool:
        """Whether a welcomed object is a guest: a person or office ("welcoming Prime Minister Albanese"), or
        anyone welcomed to a place or to do something ("welcome all other nations to join us")."""
        kind = (mention_at.get(obj.i) or {}).get("kind")
        if kind in ("person", "office") or obj.lemma_.lower() in HONORIFIC_NOUNS or obj.ent_type_ == "PERSON":
            return True  # "welcome His Highness President Sheikh Mohamed to the White House"
        if kind is None and obj.lemma_.lower() not in GUEST_NOUNS:
            return False  # "welcomed Slovenia's election to the Security Council": the noun's own phrase
        return any(c.dep_ in ("prep", "xcomp", "ccomp") and (c.lower_ == "to" or any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for c in (*obj.children, *obj.head.children)
            if c.i > obj.i)

    def _adjective(self, adjective: Token, word: str, mention_at: dict[int, dict],
                   participants: list[dict]) -> list[dict]:
        """"remains committed to the Arctic Council", "is deeply concerned about the launches": the
        copula's subject holds the stance. An action ("committed to deepening ties") is a commitment,
        whose support position the pledge gives."""
        preps = self.stances.preps.get(("adj", word), ())
        pobj = next((p for prep in adjective.children if prep.dep_ == "prep" and prep.lower_ in preps
                     for p in prep.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), None)
        verb = adjective if adjective.dep_ not in ("acomp", "oprd") else adjective.head
        if pobj is None or _hypothetical(verb) or any(c.dep_ == "neg" for c in verb.children):
            return []
        holders = _holders(verb, mention_at, participants) if agentive(verb, mention_at) else []
        return [p for item, behalf, about in self._items(pobj, mention_at)
                if (p := self._position(adjective, holders, self.stances.adjectives[word], item, behalf,
                                        "position.adjective", about=about))]

    def _manner(self, verb: Token) -> Token | None:
        """"noted with concern the growing practice of ...", "welcomed with appreciation": the stance noun
        that says how the object is taken."""
        return next((p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                     for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in self.stances.nouns
                     and p.lemma_.lower() in MANNER_NOUNS), None)

    def _noun(self, noun: Token, stance: str, mention_at: dict[int, dict], participants: list[dict]) -> list[dict]:
        if noun.head.dep_ == "prep" and noun.head.lower_ == "in":
            return []  # "unity in support of peace": an idiom, no stance of the subject's
        if noun.head.dep_ == "prep" and noun.head.lower_ in ASIDE_PREPS and not any(
                c.dep_ == "poss" for c in noun.children):
            return []  # "Beyond many commitments to net zero, participants included ...": others', set aside
        if noun.head.lower_ in CAUSE_HEADS or (noun.head.lower_ in ("to", "of")
                                               and noun.head.head.lower_ in CAUSE_HEADS):
            return []  # "due to the need to return to Washington": a reason, no stance
        if _countered(noun):
            return []  # "address attacks against media and efforts to silence critical voices": others' efforts
        if _appealed_for(noun):
            return []  # "urged Bolivia to show its commitment to ...": what is asked of Bolivia, no stance of its own
        preps = self.stances.preps.get(("noun", noun.lemma_.lower()), ())
        prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in preps), None)
        if prep is None and noun.dep_ in ("dobj", "obj"):
            # "highlighted their dedication [to ending ...]": the parser may hang the noun's phrase on its verb
            prep = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in preps
                         and c.i == noun.right_edge.i + 1), None)
        pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        # "the need to expand access", "their commitment to continue providing aid": the infinitive's action
        infinitive = next((c for c in noun.rights if c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX")
                           and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if infinitive is None and pobj is None and not preps and noun.dep_ in ("dobj", "obj") \
                and noun.right_edge.i == noun.i:
            # "reaffirmed their shared goal [to see ...]": the infinitive of a noun that takes no phrase but one,
            # hung on the verb right after the noun (not a purpose: "held a call [to discuss ...]")
            infinitive = next((c for c in noun.head.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"
                               and any(a.dep_ == "aux" and a.lower_ == "to" and a.i == noun.right_edge.i + 1
                                       for a in c.children)), None)
        if pobj is None and infinitive is None:
            return []
        if prep is not None and prep.lower_ == "of" and noun.head.lemma_.lower() in HAVE_LEMMAS \
                and _mentions(pobj, mention_at):
            return self._received(noun, stance, pobj, mention_at)
        if prep is not None and prep.lower_ == "of" and noun.head.pos_ == "ADP" and noun.lemma_.lower() in GIVEN_NOUNS \
                and (mention_at.get(pobj.i) is not None or pobj.ent_type_ in ("ORG", "GPE", "PERSON", "NORP")):
            return []  # "expanded with (the) support of the Australian Government": who gives it, not what for
        # "the United States' support for ...", "U.S. support for ...": the possessor holds it ("his
        # support": the subject does)
        # "President Biden's and President López Obrador's commitment": each possessor
        # ("its NATO commitment": with a possessor written, an organisation says under what it is made)
        owned = any(c.dep_ == "poss" for c in noun.lefts)
        holders = [m for c in noun.lefts if c.dep_ in ("poss", "compound") for t in (c, *c.conjuncts)
                   for m in _mentions(t, mention_at)
                   if m.get("kind") != "pronoun" and (c.dep_ == "poss" or (
                       m.get("kind") in HOLDER_MODIFIER_KINDS and not (owned and m.get("kind") == "organisation")))]
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.dep_ not in ("ROOT",):
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX") and _hypothetical(verb):
            return []
        if not holders:  # "a regional effort led by Colombia, Chile, and Costa Rica to ...": who leads it
            holders = [m for clause in noun.children if clause.dep_ == "acl" for agent in clause.children
                       if agent.dep_ == "agent" for pobj in agent.children for t in (pobj, *pobj.conjuncts)
                       for m in _mentions(t, mention_at)]
        praised = self._praised(noun, mention_at) if not holders else None
        if praised is not None:  # "thanked the Emir for his commitment to ...": the Emir's commitment
            holders = praised
        elif not holders and joined_to_agent(noun):
            # "the challenges posed by China and our shared commitment to ...": the parser joins "our" commitment
            # to the agent; it is the speakers' own
            holders = participants if any(c.lower_ in ("our", "their") for c in noun.children) else []
        elif not holders and verb.pos_ in ("VERB", "AUX"):
            holders = _holders(verb, mention_at, participants)
        if pobj is None or (pobj.pos_ in ("VERB", "AUX") and pobj.dep_ == "pobj"):
            # "commitment to working together": the verb phrase is the topic
            action = infinitive if pobj is None else pobj
            item = _phrase(action, with_conjuncts=True)
            if not item or not _names_something(action):
                return []  # "commitment to work together": no stance on anything named
            position = self._position(noun, holders, stance, item, [], "position.noun", normalize=False,
                                      about=_possessed(item, mention_at))
            return [position] if position else []
        after = pobj.doc[pobj.right_edge.i + 1] if pobj.right_edge.i + 1 < len(pobj.doc) else None
        if after is not None and after.lower_ == "to" and after.dep_ == "aux" and after.head.pos_ == "VERB" \
                and after.head.i > pobj.i and prep.lower_ == "for":
            # "his call for the Senate to pass bipartisan legislation": who is to do what, however the parser
            # hangs the infinitive
            item = sorted({*_phrase(pobj, with_conjuncts=True), *_phrase(after.head, with_conjuncts=True)},
                          key=lambda t: t.i)
            position = self._position(noun, holders, stance, item, [], "position.noun", normalize=False,
                                      about=_possessed(item, mention_at))
            return [position] if position else []
        if noun.lemma_.lower() in BENEFIT_NOUNS and prep.lower_ == "for" and (
                _mentions(pobj, mention_at) or pobj.lemma_.lower() in BENEFICIARIES):
            # "economic opportunities for all Congolese": whom they are for is no topic; the opportunities are
            item = _phrase(noun, with_conjuncts=False)
            position = self._position(noun, holders, stance, item, [], "position.noun", normalize=False,
                                      about=_mentions(pobj, mention_at))
            return [position] if position else []
        found = []
        for item, behalf, about in self._items(pobj, mention_at):
            found.append(self._position(noun, holders, stance, item, behalf, "position.noun", about=about))
        return [p for p in found if p is not None]

    def _praised(self, noun: Token, mention_at: dict[int, dict]) -> list[dict] | None:
        """"thanked the Emir for his commitment to diplomacy", "commended Denmark for its contributions and
        its commitment to ...": a pronoun's noun in the "for" ("on") phrase of a verb that praises its object
        is the object's, whoever praises it. The object's parties (none when it names no party: "thanked
        the participants for their ..."), or None when the noun is in no such phrase."""
        if not any(c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ in ("his", "her", "its", "their")
                   for c in noun.children):
            return None
        token = noun
        for _ in range(6):  # "for its contributions to NATO missions and its commitment": up the list
            if token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN"):
                token = token.head
            elif token.dep_ == "pobj" and token.head.lower_ not in ("for", "on") and token.head.head.pos_ == "NOUN":
                token = token.head.head
            else:
                break
        prep = token.head
        if token.dep_ == "conj" and prep.pos_ == "VERB":
            verb = prep  # "thanked Peru for its leadership and its commitment ...", the second item hung on the verb
        elif token.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("for", "on"):
            return None
        else:
            verb = prep.head
        if not any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in (verb, *verb.children)):
            return None
        objects = [verb] if verb.dep_ in ("dobj", "obj") else [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        verb = verb.head if verb.dep_ in ("dobj", "obj") else verb
        if verb.pos_ != "VERB" or not {"for", "on"} & set(self.stances.preps.get(("verb", verb.lemma_.lower()), ())):
            return None
        if not objects:
            return None
        # "the Emir": an office names its country's party too
        found = [mention_at.get(t.i) for obj in objects for t in (obj, *obj.conjuncts)]
        return [m for m in found if m is not None and m.get("code") and m["kind"] != "pronoun"]

    def _received(self, noun: Token, stance: str, giver: Token, mention_at: dict[int, dict]) -> list[dict]:
        """"Japan has the full support of the United States": the United States supports Japan."""
        verb = noun.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return []
        item = [t for t in subjects[0].subtree]
        position = self._position(noun, _mentions(giver, mention_at), stance, item, [], "position.noun",
                                  about=_possessed(item, mention_at))
        return [position] if position else []

    def _items(self, obj: Token, mention_at: dict[int, dict]) -> list[tuple[list[Token], list[dict], list[dict]]]:
        """The topic items of an object, each with the parties it is held for and the parties it is about:
        "China's position on Taiwan, Xinjiang, Tibet and Hong Kong" -> four items held for China; "Israel's
        security" -> one item about Israel (a possessor of the topic itself is the topic's, no principal)."""
        if obj.lower_ in PRONOUN_OBJECTS or obj.pos_ == "PRON":
            return []
        # "China's position", "the initiatives put forward by President Xi": whose the object is
        # (a pronoun's possessive is no owner: "thanked the Emir for his commitment" is not the thanker's)
        owners = [m for c in obj.lefts if c.dep_ == "poss" for m in _mentions(c, mention_at) if m["kind"] != "pronoun"]
        owners += [m for clause in obj.rights if clause.dep_ == "acl" for agent in clause.children
                   if agent.dep_ == "agent" for pobj in agent.children for m in _mentions(pobj, mention_at)]
        head = obj
        view = obj.lemma_.lower() in VIEW_NOUNS
        if view:
            prep = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS), None)
            if prep is None:  # "affirmed his vision [for a future state]": the phrase hung on the verb
                prep = next((c for c in obj.head.children if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS
                             and c.i == obj.right_edge.i + 1), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if pobj is not None:
                head = pobj
        members = [head, *_list_members(head)]
        core = _phrase(head, with_conjuncts=True, with_preps=False)
        # "our allies and the brave men and women who serve": a clause on a later item describes them all
        described = any(c.dep_ in ("relcl", "acl") for m in members[1:] for c in m.children)
        if len(members) > 1 and (self.topics.pattern.fullmatch(_clean(core)) or _shared_modifier(members) or described
                                 or _shared_complement(members) or _bare_nouns(members) or _shared_object(members)
                                 or _titled(members, mention_at)):
            items = [_phrase(head, with_conjuncts=True)]  # "sovereignty and territorial integrity": one topic
            items[0] += _place_after(items[0], obj)
        else:
            items = [_phrase(member, with_conjuncts=False) for member in members]
        # "Ukraine's sovereignty and territorial integrity": the first item's possessor owns the list
        owners = owners or [m for t in items[0] if t.dep_ == "poss" for m in _mentions(t, mention_at)
                            if m["kind"] != "pronoun"]
        found = []
        for tokens in items:
            if not tokens or _past_break(obj, tokens[0]):
                continue
            mine = owners or _possessed(tokens, mention_at)
            found.append((tokens, mine, []) if view else (tokens, [], mine))
        return found

    def _says_nothing(self, token: Token, ids: set[int]) -> bool:
        """Whether a topic word names nothing: an empty noun ("leadership") or a stance noun ("their
        dedication") whose phrases and list items name nothing either ("to this issue")."""
        lemma = token.lemma_.lower()
        if token.pos_ == "PRON" or lemma in PRONOUN_OBJECTS:
            return True
        if lemma not in EMPTY_TOPICS and lemma not in self.stances.nouns:
            return False
        for child in token.children:
            if child.i not in ids or child.lower_ in TIME_PREPS:
                continue
            if child.dep_ in ("acl", "relcl", "compound"):
                return False
            if child.dep_ == "conj" and not self._says_nothing(child, ids):
                return False
            if child.dep_ == "prep" and not all(self._says_nothing(c, ids) for c in child.children if c.dep_ == "pobj"):
                return False
        return True

    def _position(self, trigger: Token, holders: list[dict], stance: str, item: list[Token], behalf: list[dict],
                  rule: str, normalize: bool = True, about: list[dict] | None = None) -> dict | None:
        """One position; an action as topic ("the need to expand access to vaccines") is kept as written,
        a noun phrase normalized when the topics table names it. A named possessor stays in the topic as
        written ("Israel's right to defend itself"; a pronoun's goes), and is one of ``topic_parties``,
        the parties the topic is about; a view's possessor ("China's position") is its ``on_behalf_of``."""
        if any(t.text == "(" for t in item) and not any(t.text == ")" for t in item):
            item = trimmed(item[:next(n for n, t in enumerate(item) if t.text == "(")])  # "Security (WPS"
            if not item:
                return None
        bare = _clean(item)  # without any possessor: what the topics table is matched against
        # "Israel's security": a named possessor is the topic's own, unless it owns the view held for it
        text = _clean(item, keep_named=not behalf)
        if " " not in text and any(t.dep_ == "poss" and t.pos_ == "PRON" for t in item):
            text = _clean(item, keep_named=True, keep_pronouns=True)  # "their membership", not "membership"
        if not re.search(r"[A-Za-z]{3,}", bare) or re.fullmatch(r"[IVXLC]+\.?", bare):
            return None  # "IV": a heading's number glued to the sentence, no topic
        if _AMOUNT.match(bare):
            return None  # "support for up to $99 million": funding, no stance on a cause
        ids = {t.i for t in item}
        head = next((t for t in item if t.head.i not in ids or t.head.i == t.i), item[0])
        topic = self.topics.normalize(bare, head.text) if normalize else None
        about = about or []
        if topic is None and self._says_nothing(head, ids):
            # "relevant understandings since 2006": when is no what; "their leadership and dedication to this
            # issue": each item is empty or about what was said before (unless a phrase hung elsewhere names it)
            inside = {t.i for t in head.subtree}
            if not any(t.i not in inside and t.pos_ in ("NOUN", "PROPN", "VERB") and not self._says_nothing(t, ids)
                       for t in item):
                return None
        if stance == "oppose" and head.lemma_.lower() in WELFARE_NOUNS and trigger.lemma_.lower() in WORRY_WORDS:
            stance = "support"  # "raised concerns about the safety of journalists": worry for it, no opposition
        if head.lemma_.lower() in OCCASIONS:
            return None  # "congratulated him on the 10th anniversary of ...": an occasion, no cause
        if stance == "support" and head.lemma_.lower() in FORCE_NOUNS:
            return None  # "calls for violence against Jews": someone else's, no one supports violence in a readout
        if stance == "oppose" and any(t.lemma_.lower() in self.hazards for t in item) \
                and not any((m := self._mentions_at.get(t.i)) and m.get("code") for t in item):
            return None  # "concerns about life-threatening storm surge": no one's conduct, no stance
        holder_codes = _unique_codes(holders)
        itself = [m for t in item if (m := self._mentions_at.get(t.i)) and m.get("kind") in ("country", "adjective")
                  and m["tok_start"] == item[0].i and m["tok_end"] == item[-1].i + 1]
        if stance == "support" and set(holder_codes) & set(_unique_codes(itself)):
            return None  # "Zelenskyy will discuss further Alliance support for Ukraine": not Ukraine's own stance
        if holder_codes and set(holder_codes) <= set(_unique_codes(behalf + about)):
            holder_codes = []  # "Israel supports Israel's security": a misread holder, not a stance
        elif stance == "support" and trigger.lemma_.lower() in GIVEN_NOUNS | {"solidarity", "aid"} \
                and set(holder_codes) & set(_unique_codes(about)):
            # "Ukraine and the G7 discussed support for Ukraine's financing needs": the G7's stance, not Ukraine's
            # (but "the leaders reaffirmed their respect for Iraq's democracy": Iraq's too)
            holder_codes = [c for c in holder_codes if c not in _unique_codes(about)]
        # "concerns about Beijing's practices": whose conduct is opposed is no principal of the holder's
        behalf_codes = [c for c in _unique_codes(behalf) if c not in holder_codes] if stance == "support" else []
        doc = trigger.doc
        start, end = item[0].idx, item[-1].idx + len(item[-1].text)
        return {
            "holder": [{"code": code, "sector": _sector(holders, code)} for code in holder_codes],
            "stance": stance,
            "topic": topic or text,
            "topic_known": topic is not None,
            "topic_text": doc[item[0].i:item[-1].i + 1].text,  # a Span's text: reading doc.text joins every token
            "on_behalf_of": [{"code": code} for code in behalf_codes],
            "topic_parties": [{"code": code} for code in _unique_codes(about)],
            "_trigger": trigger,
            "_span": (start, end),
            "rule": rule,
        }


# Verbs that act against their object: "address efforts to silence critical voices" opposes those efforts.
COUNTER_LEMMAS = frozenset({"address", "counter", "combat", "fight", "tackle", "resist", "condemn", "reject", "oppose",
                            "prevent", "stop", "deter", "thwart", "disrupt", "confront", "denounce"})


# Verbs of appeal: what their infinitive says is asked of the addressee, the appeal being the appealer's stance.
APPEAL_LEMMAS = frozenset({"urge", "encourage", "call", "ask", "press", "request", "implore", "exhort"})


def _appealed_for(noun: Token) -> bool:
    """Whether a stance noun is in the infinitive of an appeal ("encouraged Israel to make every effort to ...")."""
    token = noun
    for _ in range(6):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ == "VERB":
            return token.dep_ in ("xcomp", "ccomp", "advcl") and token.head.lemma_.lower() in APPEAL_LEMMAS \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return False


def _countered(noun: Token) -> bool:
    """Whether a stance noun is (in) the object of a verb that acts against it ("to address attacks against
    media and efforts to silence critical voices"): someone else's efforts, no stance of the subject's."""
    token = noun
    for _ in range(6):
        if token.dep_ not in ("conj", "pobj", "prep", "dobj", "obj", "appos") or token.head.i == token.i:
            return False
        if token.dep_ in ("dobj", "obj") and token.head.pos_ == "VERB":
            return token.head.lemma_.lower() in COUNTER_LEMMAS
        token = token.head
    return False


def _possessed(item: list[Token], mention_at: dict[int, dict]) -> list[dict]:
    """The parties a topic phrase is about: its named possessors ("Russia's unprovoked war") and the
    country an "of" phrase on its head names ("the sovereignty and territorial integrity of Ukraine")."""
    ids = {t.i for t in item}
    found = [m for t in item if t.dep_ == "poss" for m in _mentions(t, mention_at) if m.get("kind") != "pronoun"]
    found += [m for t in item if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.i in ids
              for m in _mentions(t, mention_at) if m.get("kind") in ("country", "organisation")]
    return found


def _names_something(verb: Token) -> bool:
    """Whether the action (through "continue to ...", "work to ...") has an object or a phrase."""
    for _ in range(3):
        if any(c.dep_ in ("dobj", "prep", "dative") for c in verb.children):
            return True
        if verb.lemma_.lower() in ("get", "become", "stay", "remain", "be") and any(
                c.dep_ in ("acomp", "oprd", "attr", "auxpass") or (c.dep_ == "xcomp" and c.tag_ == "VBN")
                for c in verb.children):
            return True  # "the importance of getting vaccinated": what one is to become
        inner = [c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"]
        if not inner:
            return False
        verb = inner[0]
    return False


def _holders(verb: Token, mention_at: dict[int, dict], participants: list[dict]) -> list[dict]:
    """The clause's subject parties; "They", "The leaders" and "both sides" without a code of their own
    stand for the participants of the reported interaction."""
    if participants and stands_for_participants(verb, len(participants)):
        return participants  # before the resolver's guess of a group's members (the two most named countries)
    if participants and any(s.lemma_.lower() in INTERACTION_NOUNS and not any(
            c.dep_ in ("poss", "compound") for c in s.children) for s in subjects(verb)):
        return participants  # "The conversation focused on Russia's unprovoked invasion": the talkers'
    holders, _ = clause_participants(verb, mention_at)
    if participants and partly_unnamed(verb, mention_at):
        codes = {h.get("code") for h in holders}
        holders = holders + [p for p in participants if p["code"] not in codes]
    return holders


def _hypothetical(verb: Token) -> bool:
    chain = [verb, *[t for t in verb.ancestors][:2]]
    return any(c.lower_ in HYPOTHETICAL and c.dep_ in ("mark", "aux") for t in chain for c in t.children)


def _mentions(token: Token, mention_at: dict[int, dict]) -> list[dict]:
    mention = mention_at.get(token.i)
    if mention is None or not mention.get("code"):
        return []
    if mention["kind"] == "group":
        return mention.get("members", [])
    return [mention] if mention["kind"] != "office" else []


def _unique_codes(participants: list[dict]) -> list[str]:
    codes: list[str] = []
    for p in participants:
        if p.get("code") and p["code"] not in codes:
            codes.append(p["code"])
    return codes


def _sector(participants: list[dict], code: str) -> str | None:
    return next((p.get("sector") for p in participants if p.get("code") == code), None)


def _list_members(head: Token) -> list[Token]:
    """The other items of a list: conjuncts and the appositions spaCy makes of comma lists; not a second
    stance ("support for X and his commitment to Y") nor anything past a line break (a heading)."""
    found = []
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            own_stance = child.lemma_.lower() in LIST_STANCE_NOUNS and any(c.dep_ in ("det", "poss")
                                                                           for c in child.children)
            if child.dep_ in ("conj", "appos") and child.i > token.i and not own_stance \
                    and not (child.pos_ == "VERB" and child.lemma_.lower() in STATEMENT_VERBS) \
                    and not _describes(child) and not _others(child) \
                    and not any("\n" in t.text_with_ws for t in token.doc[token.i:child.i]):
                found.append(child)
                stack.append(child)
    return sorted(found, key=lambda t: t.i)


def _others(child: Token) -> bool:
    """"upholding the rules-based order and other regional and global issues": "and other ..." names the kind
    the items before it belong to, not another item."""
    return child.dep_ == "conj" and any(c.dep_ == "amod" and c.lower_ == "other" for c in child.children)


def _describes(child: Token) -> bool:
    """An apposition that says what the item before it is, not another item: a common noun with an
    article ("NATO's Strategic Concept, the first update since 2010"), or one that singles out a part of it
    ("America's communities, especially Black and Brown communities")."""
    described = child.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "a", "an")
                                             for c in child.children)
    singled_out = any(t.lower_ in ("especially", "particularly", "notably", "chiefly", "mainly")
                      for t in child.subtree if t.i < child.i)
    return child.dep_ == "appos" and (described or singled_out)


def _phrase(head: Token, *, with_conjuncts: bool, with_preps: bool = True) -> list[Token]:
    """The tokens of a topic item: its subtree, without participle clauses ("the initiatives [put forward
    by Xi]"; an infinitive or relative clause stays: "attempts to change the status quo", "activities that
    undermine the order") and (unless asked) the list's other items."""
    skip: set[int] = set()
    if not with_preps:
        skip = {t.i for member in (head, *_list_members(head)) for c in member.children
                if c.dep_ in ("prep", "acl", "relcl") for t in c.subtree}
    for other in head.subtree:  # "his support for Ukraine, his defense of ...": an apposition with its own owner,
        # or a stance of its own ("Russia's invasion of Ukraine, the importance of upholding ...")
        if other.dep_ == "appos" and other.i > head.i and (any(c.dep_ == "poss" and c.pos_ == "PRON"
                                                              for c in other.children)
                                                          or other.lemma_.lower() in LIST_STANCE_NOUNS):
            skip |= {t.i for t in other.subtree}
    for other in head.subtree:  # a conjunct that starts a statement, a stance or a kind of its own
        if other.dep_ == "conj" and (other.lemma_.lower() in STATEMENT_VERBS or _others(other) or (
                other.pos_ == "NOUN" and other.lemma_.lower() in LIST_STANCE_NOUNS and other.i > head.i
                and any(c.dep_ in ("det", "poss") for c in other.children))):
            skip |= {t.i for t in other.subtree}
            skip |= {t.i for c in other.head.children if c.dep_ == "cc" and other.head.i < c.i < other.i
                     for t in c.subtree}  # the "and" that joined it, "as well as" whole
    for child in head.children:
        # "attempts to change the status quo" and "their work defending rights" keep their clause
        infinitive = (child.dep_ == "acl" or (child.dep_ == "advcl" and head.pos_ == "VERB")) and (
            child.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))
        # ("fighting [to protect access to care]": an action's purpose is part of it)
        if (child.dep_ in ("acl", "advcl") and not infinitive) or (
                not with_conjuncts and (child.dep_ in ("conj", "appos", "cc") or
                                        (child.is_punct and child.i > head.i))):
            skip |= {t.i for t in child.subtree}
    tokens = trimmed([t for t in head.subtree if t.i not in skip])
    after = head.doc[tokens[-1].i + 1] if tokens and tokens[-1].i + 1 < len(head.doc) else None
    if after is not None and after.lower_ in ("accountable", "responsible") and any(
            t.lemma_.lower() == "hold" for t in tokens):
        tokens.append(after)  # "holding Hamas's leaders [accountable]", wherever the parser hangs the adjective
    return tokens


def trimmed(tokens: list[Token]) -> list[Token]:
    """The tokens without the punctuation and conjunctions a cut left at their end."""
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    return tokens


def _shared_modifier(members: list[Token]) -> bool:
    """"Afghan peace and security", "inter-Korean dialogue, engagement, and cooperation", "the region's
    development, stability, and prosperity", "carbon capture and storage": an adjective, possessor or noun
    on the first item that the bare later items share makes the list one topic."""
    return any((c.dep_ in ("amod", "poss") or (c.dep_ == "compound" and c.pos_ == "NOUN"))  # not "Golan Heights"
               and c.i < members[0].i for c in members[0].children) and any(
        not any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in member.children) for member in members[1:])


def _titled(members: list[Token], mention_at: dict[int, dict]) -> bool:
    """"Women, Peace, and Security": capitalized common words that name no party are one agenda's title."""
    return all(m.text[:1].isupper() and m.i not in mention_at and m.ent_type_ not in ("GPE", "NORP", "LOC")
               for m in members)


def _shared_object(members: list[Token]) -> bool:
    """"protecting and preserving the Arctic": a listed action without an object of its own shares the next
    one's, so the list is one topic."""
    return any(m.pos_ == "VERB" and not any(c.dep_ in ("dobj", "obj", "prep", "xcomp", "ccomp", "attr", "dative")
                                            for c in m.children) for m in members[:-1])


def _bare_nouns(members: list[Token]) -> bool:
    """"peace and stability", "trade and investment": common nouns without a word of their own are one topic
    (names are not: "Taiwan, Xinjiang, Tibet and Hong Kong" are four)."""
    return all(m.pos_ == "NOUN" and _bare(m) for m in members)


def _bare(member: Token) -> bool:
    """Whether a list item has no word of its own, only the list's joints."""
    return all(c.dep_ in ("cc", "punct", "conj") for c in member.children)


# Prepositions of a place the parser may hang on the governor rather than the topic ("uphold peace and stability
# [in the Indo-Pacific]").
PLACE_PREPS = frozenset({"in", "across", "throughout", "within", "around"})


def _place_after(item: list[Token], obj: Token) -> list[Token]:
    """The place phrase right after a topic, hung on the word that governs it: part of the topic."""
    if not item:
        return []
    doc = item[-1].doc
    after = doc[item[-1].i + 1] if item[-1].i + 1 < len(doc) else None
    if after is None or after.dep_ != "prep" or after.lower_ not in PLACE_PREPS or after.head.i not in (
            obj.i, obj.head.i, obj.head.head.i) or after.head.i in {t.i for t in item}:
        return []
    return sorted(after.subtree, key=lambda t: t.i)


def _shared_complement(members: list[Token]) -> bool:
    """"the design, construction and operation of the new hospital": one article before the first item,
    bare items after it and an "of" phrase on one of them make the list one topic (the items share both,
    wherever the parser hangs the "of"); so do bare items with a phrase on the last alone ("peace and
    stability in the Indo-Pacific")."""
    bare = [m for m in members if _bare(m)]
    if len(bare) == len(members) - 1 and members[-1] not in bare and all(
            c.dep_ in ("prep", "cc", "punct") for c in members[-1].children):
        return True
    if all(m in bare for m in members[1:]) and any(c.dep_ == "prep" and c.i > members[-1].i
                                                   for c in members[0].children):
        return True  # "their leadership and dedication [to this issue]", the phrase hung on the first item
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in members[0].children):
        return False
    if not any(c.dep_ == "prep" and c.lower_ == "of" for m in members for c in m.children):
        return False
    return all(not any(c.dep_ in ("det", "poss", "amod", "compound", "nummod", "acl", "relcl") for c in m.children)
               for m in members[1:])


def _past_break(anchor: Token, item: Token) -> bool:
    """Whether a line break separates the item from the object it belongs to (a heading that follows)."""
    start, end = sorted((anchor.i, item.i))
    return any("\n" in t.text_with_ws for t in anchor.doc[start:end])


def _inside_word(token: Token) -> bool:
    """Whether a token is part of a hyphened word ("its" in "first-of-its-kind")."""
    doc = token.doc
    return (token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_) or (
        token.i + 1 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_)


def _clean(tokens: list[Token], keep_named: bool = False, keep_pronouns: bool = False) -> str:
    """A topic as written, without leading articles and possessors: "China's legitimate position" ->
    "legitimate position"; with ``keep_named``, only a pronoun's possessive goes ("their respect for
    Iraq's democracy" -> "respect for Iraq's democracy")."""
    skip = {t.i for token in tokens if token.dep_ == "poss" and not keep_pronouns
            and (not keep_named or token.pos_ == "PRON") and not _inside_word(token) for t in token.subtree}
    kept = [t for t in tokens if t.i not in skip]
    while kept and (kept[0].dep_ in ("det", "predet", "preconj") or kept[0].lower_ in ("the", "a", "an", "both")
                    or (kept[0].dep_ == "aux" and kept[0].lower_ == "to")):
        kept = kept[1:]
    text = ""
    for prev, token in zip([None, *kept], kept, strict=False):
        text += ("" if prev is None or (prev.i + 1 == token.i and not prev.whitespace_) else " ") + token.text
    return topic_key(text)
