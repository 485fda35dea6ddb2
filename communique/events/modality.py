"""Modality of an act: whether a trigger reports it as done, negated, planned, hypothetical or only
asked for, read off the verbs it hangs under ("agreed to hold", "will not accept", "threatened to
shell", "looks forward to welcoming", "said it would allow"). Functions of one token; the events stage
(``extractor.py``) decides what each reading codes to."""

from __future__ import annotations

from spacy.tokens import Token

# Governors that make the verb under them an intention: "agreed to hold", "is willing to work". Not
# "decide": "Japan decided to ease sanctions" reports the easing itself.
INTENT_LEMMAS = frozenset({
    "agree", "plan", "intend", "pledge", "vow", "promise", "seek", "want", "hope", "aim",
    "expect", "prepare", "prepared", "willing", "ready", "commit", "resolve", "undertake", "determine",
})
# Nouns of intention whose infinitive is an act announced for later: "their resolve to impose costs",
# "plans to provide assistance".
INTENT_NOUNS = frozenset({
    "plan", "intention", "intent", "resolve", "determination", "commitment", "pledge", "promise", "readiness",
    "willingness", "desire", "goal", "aim",
})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# An act one is invited to do is planned, not done: "invited X to visit Washington" (an AGREE, future).
INVITATION_LEMMAS = frozenset({"invite"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
# Governors under which an act is only threatened, asked for or denied: "threatened to shell",
# "called on Japan to provide aid", "denied supplying drones".
UNREALIZED_LEMMAS = frozenset({"threaten", "warn", "urge", "call", "ask", "demand", "deny", "press", "appeal"})
FAILURE_LEMMAS = frozenset({"fail"})
# Verbs of saying: "said it would allow the inspectors back" reports a future act, not a hypothetical one.
SPEECH_LEMMAS = frozenset({"say", "announce", "state", "declare", "tell", "add", "report", "claim", "indicate"})


def speech_verb(trigger: Token, lemmas: frozenset[str] = SPEECH_LEMMAS) -> Token | None:
    """The verb of saying whose complement the trigger's clause is ("Nigeria *said* it will withdraw")."""
    top = governors(trigger, ("xcomp", "acomp", "conj"))[-1]
    return top.head if top.dep_ == "ccomp" and top.head.lemma_.lower() in lemmas else None


def governors(trigger: Token, deps: tuple[str, ...] = ("xcomp", "acomp")) -> list[Token]:
    """The trigger and the verbs it hangs under as an infinitive ("agreed to hold")."""
    chain = [trigger]
    token = trigger
    while token.dep_ in deps and token.head.i != token.i and len(chain) < 6:
        token = token.head
        chain.append(token)
    return chain


def is_subordinate(trigger: Token) -> bool:
    """Whether the trigger sits in a relative, adverbial or participial clause."""
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in ("relcl", "acl", "advcl", "pcomp"):
            return True
        token = token.head
    return False


def is_negated(trigger: Token) -> bool:
    """"did not agree to hold" negates the holding, and so does "failed to reach"; a negation on a
    conjoined verb does not carry over ("are not subject to interference, and strengthen coordination")."""
    chain = governors(trigger)
    return any(child.dep_ == "neg" for token in chain for child in token.children) or any(
        token.lemma_.lower() in FAILURE_LEMMAS for token in chain[1:])


def modality_of(trigger: Token) -> str:
    """Future and hypothetical markers carry over to conjoined verbs ("will meet and discuss")."""
    chain = governors(trigger, ("xcomp", "acomp", "conj"))
    children = [child for token in chain for child in token.children]
    if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in children) or any(
        c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in children
    ) or any(token.lemma_.lower() in UNREALIZED_LEMMAS for token in chain[1:]):
        return "hypothetical"
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in children) or any(
        token.lemma_.lower() in INTENT_LEMMAS | INVITATION_LEMMAS for token in chain[1:]
    ) or looked_forward_to(trigger):
        return "future"
    return "asserted"


def looked_forward_to(trigger: Token) -> bool:
    """"looks forward to welcoming X", "look forward to meeting": an act announced for later."""
    if trigger.dep_ != "pcomp" or trigger.head.lower_ != "to":
        return False
    governor = trigger.head.head
    return governor.lower_ == "forward" or any(child.lower_ == "forward" for child in governor.children)


def prospect_of(trigger: Token) -> str | None:
    """Whether the clause announces the act for later: "unless" or "if" when it hangs on a condition
    ("will withdraw unless ...", "may halt mediation if ..."), "future" for "will", an intention
    ("agreed to hold") or a reported "would" ("said it would allow"); None otherwise, and for acts
    that are only urged, threatened or asked for (their own verbs code those)."""
    chain = governors(trigger, ("xcomp", "acomp", "conj"))
    if any(token.lemma_.lower() in UNREALIZED_LEMMAS for token in chain[1:]):
        return None
    children = [child for token in chain for child in token.children]
    if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in trigger.children):
        return None  # the trigger is the condition itself: "if Hamas ran in the election"
    auxiliaries = {c.lower_ for c in children if c.dep_ == "aux"}
    conditions = {m.lower_ for c in children if c.dep_ == "advcl"
                  for m in c.children if m.dep_ == "mark" and m.lower_ in ("if", "unless")}
    if conditions and auxiliaries & (HYPOTHETICAL_AUX - {"should", "must"} | FUTURE_AUX):
        return "unless" if "unless" in conditions else "if"
    intended = chain[-1].dep_ == "acl" and chain[-1].head.lemma_.lower() in INTENT_NOUNS
    if auxiliaries & FUTURE_AUX or any(token.lemma_.lower() in INTENT_LEMMAS | INVITATION_LEMMAS
                                       for token in chain[1:]) \
            or looked_forward_to(trigger) or intended:
        return "future"
    if auxiliaries & {"would", "'d"} and speech_verb(trigger) is not None:
        return "future"
    return None
