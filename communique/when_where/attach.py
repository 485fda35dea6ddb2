"""Which date expressions and place phrases belong to which event, read off the dependency parse.

A date or place tells when or where an event happened only when it modifies the event's clause:
"On 19 September ..., Wang Yi co-chaired ... in Moscow" (the verb's own adverbials, or a phrase inside the
meeting's noun phrase: "consultations ... in Moscow", "talks with his counterpart in Sochi"). It does
not when it names a topic ("spoke about the war in Ukraine", "discussed the situation in Gaza", "its
position on Taiwan"), modifies another noun ("President Biden's January 27 executive order"), or
bounds a period ("since 2019", "by 2030", "until March").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

# Prepositions before a date that make it a bound or a span, not the time of the event.
BOUND_PREPS = frozenset({"since", "until", "till", "through", "throughout", "for", "over", "by", "before", "after",
                         "from", "to", "within", "ahead", "beyond", "toward", "towards", "into", "between", "as"})
# Prepositions that open a topic: a place under them is talked about, not where the event happened.
TOPIC_PREPS = frozenset({"about", "on", "regarding", "concerning", "over", "against", "toward", "towards", "for",
                         "into", "amid", "despite", "including", "like", "than", "from"})
# Nouns that are the event itself: a date or place on them dates or places the event.
EVENT_NOUNS = frozenset({
    "meeting", "talk", "talks", "summit", "visit", "call", "consultation", "consultations", "conversation",
    "session", "round", "negotiation", "negotiations", "dialogue", "conference", "discussion", "discussions",
    "exchange", "exchanges", "ceremony", "trip", "tour", "videoconference", "forum", "signing", "phone",
    "telephone", "meetings", "visits", "calls", "exercise", "exercises", "drill", "drills", "election",
    "referendum", "vote", "attack", "strike", "strikes", "parade", "speech", "address", "statement",
    "sidelines", "margins", "margin",
})
# Things signed or adopted: "signed an agreement in Beijing" is placed there (but "the January 20, 1993
# Treaty" names a treaty; it does not date the clause).
DOCUMENT_NOUNS = frozenset({"agreement", "agreements", "treaty", "memorandum", "deal", "accord", "declaration",
                            "communique", "contract", "protocol"})
# Prepositions that put a date's noun phrase at another time than the clause's ("following a meeting
# ... on February 1", "ahead of the summit on Friday").
TIME_BARRIERS = frozenset({"following", "after", "before", "ahead", "prior", "since", "until", "till", "pending"})
# Nouns for people, onto which the parser often hangs the date of the clause ("met with his counterpart on
# Tuesday"); a date on any other common noun dates that thing ("their commitment on March 1").
PERSON_NOUNS = frozenset({
    "counterpart", "leader", "minister", "president", "official", "delegation", "member", "ambassador", "envoy",
    "secretary", "advisor", "adviser", "representative", "chancellor", "premier", "king", "queen", "prince",
    "governor", "senator", "mayor", "group", "team", "side", "partner", "ally", "stakeholder", "advocate", "expert",
    "chairman", "chair", "head", "director", "general", "commander", "spokesperson", "spokesman", "people",
})
# Nouns a date phrase may end in without being a different thing: "19 September local time".
TIME_NOUNS = frozenset({"time", "morning", "afternoon", "evening", "night", "day", "date"})
NOUN_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "poss", "nummod", "quantmod", "appos"})
# Clauses of their own: an adverbial inside one belongs to that clause's verb.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "pcomp", "xcomp", "parataxis", "conj"})
VERBS = frozenset({"VERB", "AUX"})


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a date expression hangs in the parse: the verb whose clause it dates."""

    verb: int  # token index of the verb (or of the sentence root when there is none)
    token: int  # the expression's own head token


def date_anchor(doc: Doc, start: int, end: int) -> Anchor | None:
    """The anchor of the date expression at characters ``start``-``end``, or None when it does not date
    a clause (a modifier of another noun, a bound such as "since 2019", a topic)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = range(span.start, span.end)
    root = span.root
    # "19 September local time", "Tuesday morning": the time noun carries the phrase.
    for _ in range(3):
        head = root.head
        if head.i in inside or head.i == root.i:
            break
        if head.lower_ in TIME_NOUNS and root.dep_ in ("nmod", "compound", "npadvmod", "amod", "nummod"):
            root = head
            inside = range(min(span.start, head.i), max(span.end, head.i + 1))
            continue
        break
    head = root.head
    if head.i == root.i:
        return Anchor(root.i, root.i)
    if root.dep_ in NOUN_MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN") and head.i not in inside:
        if head.lower_ not in EVENT_NOUNS and head.lemma_.lower() not in EVENT_NOUNS:
            return None  # "January 27 executive order", "the 2019 agreement", "today's world"
        return _anchor_at(head, root)
    if root.dep_ == "pobj" and head.pos_ == "ADP" and head.i not in inside:
        if head.lower_ in BOUND_PREPS:
            return None
        holder = head.head
        lemma = holder.lemma_.lower()
        if holder.pos_ in ("NOUN", "PROPN") and holder.lower_ not in EVENT_NOUNS and lemma not in EVENT_NOUNS:
            if head.lower_ == "of":
                return None  # "the Turkish leader's letter of January 18", "the Treaty of 1993"
            if holder.pos_ == "NOUN" and lemma not in PERSON_NOUNS and lemma not in TIME_NOUNS:
                return None  # "their commitment on March 1 to revive the forum"
        return _anchor_at(holder, root)
    if root.dep_ == "pobj" and head.i not in inside and head.lower_ in BOUND_PREPS:
        return None
    return _anchor_at(head, root)


def _anchor_at(token: Token, own: Token) -> Anchor | None:
    """The anchor at the clause of ``token``; None when the way up to its verb opens a topic ("discussed
    preparations for the April 22-23 summit": the summit is talked about, not held, in this clause)."""
    for _ in range(12):
        if token.lower_ in TIME_BARRIERS and token.dep_ in ("prep", "mark", "advcl", "acl", "pcomp"):
            return None
        if token.pos_ in VERBS or token.head.i == token.i:
            return Anchor(token.i, own.i)
        if token.pos_ == "ADP" and token.lower_ in TOPIC_PREPS and not _sidelines(token):
            return None
        token = token.head
    return Anchor(token.i, own.i)


def _clause_verb(token: Token) -> Token:
    """The verb of the clause ``token`` is in: itself, or the first verb above it."""
    for _ in range(12):
        if token.pos_ in VERBS or token.head.i == token.i:
            return token
        token = token.head
    return token


# Verbs whose infinitive or gerund is a plan: "agreed to hold talks in September", "looks forward to
# welcoming him on May 21", "is scheduled to visit".
INTENT_LEMMAS = frozenset({"agree", "plan", "intend", "decide", "pledge", "promise", "vow", "expect", "hope", "aim",
                           "seek", "want", "prepare", "commit", "resolve", "undertake", "look", "schedule", "invite"})


def is_planned(doc: Doc, verb: int) -> bool:
    """Whether the verb is a plan: future ("will meet"), or the infinitive or gerund of an intention
    ("agreed to hold", "look forward to welcoming")."""
    token = doc[verb]
    for _ in range(6):
        if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo") for c in token.children):
            return True
        if token.head.i == token.i or token.dep_ not in ("xcomp", "conj", "pcomp", "pobj", "prep", "advmod"):
            return False
        token = token.head
        if token.pos_ in VERBS and token.lemma_.lower() in INTENT_LEMMAS:
            return True
    return False


def is_main_clause(doc: Doc, verb: int) -> bool:
    """Whether the verb is the sentence's main verb or joined to it (conjoined, complement, adverbial
    clause), not inside a noun phrase's relative or participial clause ("who visited Kyiv in March")."""
    token = doc[verb]
    for _ in range(12):
        if token.head.i == token.i:
            return True
        if token.dep_ in ("relcl", "acl", "pcomp", "amod", "appos") or token.head.pos_ not in VERBS:
            return False
        if token.dep_ == "advcl" and token.tag_ in ("VBN", "VBD") \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children):
            return False  # "... the Dialogue launched on February 23": a reduced relative clause
        token = token.head
    return False


def relation(doc: Doc, anchor_verb: int, trigger: Token) -> str | None:
    """How a date or place anchored at ``anchor_verb`` relates to the event of ``trigger``: "own" (it
    modifies the trigger's clause), "governing" (a verb above the trigger: "agreed on Tuesday to hold
    talks", "met X on Monday and discussed ..."), or None (another clause)."""
    verb = doc[anchor_verb]
    if verb.i == trigger.i:
        return "own"
    if verb.i in {t.i for t in trigger.ancestors}:
        return "governing"
    return None


@dataclass(frozen=True, slots=True)
class PlacePhrase:
    """An "in/at X" phrase (or the destination of a visit) with the token that names the place."""

    prep: int  # token index of the preposition (or of the visit verb/noun)
    name: int  # token index of the place's head word


def place_phrases(sent: Span) -> list[PlacePhrase]:
    """"in Moscow", "at the White House", and visits ("visited Hanoi", "a state visit to Vietnam")."""
    found = []
    for token in sent:
        head = token.head
        located = token.dep_ == "pobj" and head.lower_ in ("in", "at") and head.dep_ == "prep"
        destination = token.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_ in ("visit", "trip", "travel")
        visited = token.dep_ == "dobj" and head.lemma_ == "visit" and head.pos_ == "VERB"
        if located or destination or visited:
            found.append(PlacePhrase(head.i, token.i))
    return found


def place_relation(doc: Doc, phrase: PlacePhrase, trigger: Token, actors: frozenset[int] = frozenset()) -> str | None:
    """Whether the place phrase places the event of ``trigger``: "own" when it hangs under the trigger
    through the meeting's noun phrase and its participants only, "governing" when it modifies a verb
    above the trigger ("In Moscow, the two sides agreed to hold ..."), None when a topic, another clause
    or another noun's modifier comes between ("spoke about the war in Ukraine"). ``actors``: token
    indices of actor mentions (a participant may carry the phrase: "met President Biden in Geneva")."""
    prep = doc[phrase.prep]
    if prep.i == trigger.i:  # "visited Hanoi": the trigger itself
        return "own"
    path = []
    node = prep.head if prep.pos_ == "ADP" else prep
    if prep.pos_ != "ADP":
        path.append(prep)
    steps = 0
    while node.i != trigger.i and node.head.i != node.i and steps < 16:
        path.append(node)
        node = node.head
        steps += 1
    if node.i != trigger.i:
        verb = _clause_verb(prep.head)
        if verb.i in {t.i for t in trigger.ancestors} and prep.head.pos_ in VERBS:
            return "governing"
        return None
    for token in path:
        if token.pos_ == "ADP" and token.lower_ in TOPIC_PREPS and not _sidelines(token):
            return None
        if token.pos_ in VERBS or token.dep_ in CLAUSE_DEPS - {"conj"}:
            return None  # another clause: "... who visited Kyiv", "discussed efforts to ... in Gaza"
        topic = token.dep_ in ("dobj", "obj", "nsubjpass") and not _event_or_party(token, actors)
        if topic and token.head.i == trigger.i:
            return None  # "discussed the situation in Gaza": the object is a topic
    if not path and prep.pos_ == "ADP":
        # On the verb itself, but right after a topic object: the parser often hangs "the situation in
        # Gaza" this way ("discussed the situation in Gaza").
        for obj in trigger.children:
            if obj.dep_ in ("dobj", "obj") and obj.right_edge.i + 1 == prep.i and not _event_or_party(obj, actors):
                return None
    return "own"


def _event_or_party(noun: Token, actors: frozenset[int]) -> bool:
    """The meeting itself ("held talks"), or a participant in it ("met President Biden")."""
    lemma = noun.lemma_.lower()
    return noun.lower_ in EVENT_NOUNS or lemma in EVENT_NOUNS or lemma in DOCUMENT_NOUNS or noun.i in actors \
        or any(child.i in actors for child in noun.children if child.dep_ in ("compound", "poss", "appos"))


def _sidelines(prep: Token) -> bool:
    """"on the sidelines of", "on the margins of": a place, not a topic."""
    return prep.lower_ == "on" and any(c.lower_ in ("sidelines", "margins", "margin") for c in prep.children)
