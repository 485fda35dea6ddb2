"""Who "they", "the leaders", "both sides" or "it was agreed" stand for: the participants of the
interaction the document reports.

The actors resolver gives some group phrases members of their own (the two countries a document
names most); what it leaves without a code ("They", "The Presidents", "Participants", the "it" of
"it was agreed") is read here as the participants of the document's main interaction: its first
meeting or call with two or more countries, else its first event with two or more.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from communique.events.extractor import SUBJECT_DEPS

# Subjects that stand for the participants of the reported interaction (lemmas; plurals of the nouns).
GROUP_PRONOUNS = frozenset({"they", "both", "it", "all", "each"})
GROUP_NOUNS = frozenset({"leader", "side", "president", "participant", "official", "delegation", "minister",
                         "counterpart", "head", "party", "government", "country", "nation", "ally", "partner",
                         "adviser", "advisor", "representative", "group", "two"})


def interaction_parties(doc: Doc) -> list[dict]:
    """The countries of the document's main interaction, in order of appearance."""
    events = [e for e in doc._.events or () if not e.get("negated")]
    for wanted in (("CONSULT",), None):
        for event in events:
            if wanted and (event.get("plover") or {}).get("type") not in wanted:
                continue
            parties: list[dict] = []
            for p in event["actor"] + event["recipient"]:
                code = p.get("code")
                if code and len(code) == 3 and code not in {q["code"] for q in parties}:
                    parties.append({"code": code, "sector": p.get("sector") or "GOV", "name": p.get("name")})
            if len(parties) >= 2:
                return parties
    return []


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


def stands_for_participants(trigger: Token) -> bool:
    """Whether the clause's subject is a group word ("They", "The two leaders", "Participants") or a
    passive "it was agreed"."""
    found = subjects(trigger)
    if not found:
        return False
    return all(s.lower_ in GROUP_PRONOUNS or (s.lemma_.lower() in GROUP_NOUNS and s.tag_ in ("NNS", "NNPS", "CD"))
               for s in found)
