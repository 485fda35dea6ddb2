"""The learned event model: where the lexicon finds no PLOVER event in a sentence, a small sentence
classifier says which PLOVER event the sentence reports, and the parse says who did it to whom.

The model (``learned_model/``, built by ``tools/train_learned.py``; nothing is downloaded) is two
linear classifiers (logistic regression over TF-IDF unigrams and bigrams, stored as numpy arrays) over
``features``: the sentence's lemmas with names masked by their entity label ("GPE condemn the
attack"), so that it learns the wording of an act and not who did it, and the clause's verb and object:

- ``plover``: the sentence's PLOVER type (trained on the first sentence of synthetic stories and on
  corpus sentences typed by the lexicon rules);
- ``cameo_class``: ConfliBERT's 5-way CAMEO class (statement, verbal or material cooperation, verbal or
  material conflict), trained on ConfliBERT's sentences.

The type is chosen on the product of the two (``combined``). In a sentence that names a party and has no
PLOVER event, a type at or above ``threshold`` gives one event (rule ``model.<type>``) at the type's
generic CAMEO code, built by the rules' own ``EventExtractor.build`` from the clause's verb (subject:
actor; objects, possessors, prepositional targets: recipients; passives, places, modality); none whose
actors are pronouns alone (talk about someone in a transcript, not an act). Failing
that, a class at or above ``class_threshold`` gives a CAMEO-only event at the class's commonest root
(rule ``model.class``, ``plover`` null: a class is not a PLOVER type). The confidence is the probability
times ``CONFIDENCE_SCALE``, so a model event ranks below the rules'. The type threshold is 0.5: the
model speaks where its type is more likely than not. Lower thresholds (0.15 fills nearly every uncoded
sentence that names a party, "the prime minister is sixty years old" included) cost readout precision
with the readout rules of issue #15 (typed-event F1 0.668 at 0.15, 0.699 at 0.5) and the ConfliBERT
cross-validation prefers a higher one still; bench/learned_eval.py measures what the model adds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.resolver import publisher_country
from communique.events.extractor import (
    EventExtractor,
    clause_participants,
    event_record,
    interaction_parties,
    most_named,
    sentence_bounds,
)
from communique.events.lexicon import CameoCode, LexiconEntry, load_cameo, load_lexicon
from communique.nlp.context import document_of, text_slice
from communique.nlp.extensions import mentions_by_token
from communique.nlp.speech import interrogative
from communique.nlp.stage import Stage

PLOVER_TYPES = ("ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE",
                "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")
NONE = "NONE"
PLOVER_LABELS = (*PLOVER_TYPES, NONE)
# ConfliBERT's classes: statement, verbal cooperation, material cooperation, verbal conflict, material conflict
CLASS_LABELS = ("class_0", "class_1", "class_2", "class_3", "class_4")
# The class of each PLOVER type (its CAMEO roots' class, as ``five_way_class`` reads them); NONE, no event
# PLOVER codes, goes with statements.
TYPE_CLASS = {"ACCUSE": "class_3", "AGREE": "class_1", "AID": "class_2", "ASSAULT": "class_4", "COERCE": "class_4",
              "CONCEDE": "class_2", "CONSULT": "class_1", "COOPERATE": "class_2", "MOBILIZE": "class_4",
              "PROTEST": "class_4", "REJECT": "class_3", "REQUEST": "class_1", "RETREAT": "class_2",
              "SANCTION": "class_3", "SUPPORT": "class_1", "THREATEN": "class_3", NONE: "class_0"}
# The CAMEO root a class-only event is coded at: the commonest kind of event in the class.
CLASS_ROOT = {"class_0": "01", "class_1": "04", "class_2": "07", "class_3": "11", "class_4": "19"}
# Entity labels that stand for a party or a place: masked, so the model learns acts, not names.
MASKED_ENTITIES = frozenset({"GPE", "NORP", "PERSON", "ORG", "LOC", "FAC"})
CONFIDENCE_SCALE = 0.6  # a model event's confidence is its probability times this: below the rules' (mostly 0.75-0.9)
RETYPE_BELOW = 0.6  # rule events below this confidence (threatened, conditional, subordinate acts) may be retyped
SPEECH_LEMMAS = frozenset({"say", "state", "tell", "add", "announce", "report", "claim", "declare", "note"})


def default_model_path() -> Path:
    return Path(str(resources.files("communique.events").joinpath("learned_model")))


def features(sent: Span) -> list[str]:
    """The words the classifier reads: lower-case lemmas, a named party or place as its entity label,
    then what the parse says the act is: the clause's verb (and the verb it governs, "decided to
    allow") and its object, each marked ("v:allow", "o:rally")."""
    words = []
    for token in sent:
        if token.is_space:
            continue
        if token.ent_type_ in MASKED_ENTITIES:
            if token.ent_iob_ == "B":  # one word per name
                words.append(token.ent_type_)
        else:
            words.append(_word(token))
    verb = clause_verb(sent)
    for head in (verb, *(c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"))):
        words.append(f"v:{_word(head)}")
        words += [f"o:{_word(child)}" for child in head.children if child.dep_ in ("dobj", "nsubjpass", "attr")]
    return words


def _word(token: Token) -> str:
    if token.ent_type_ in MASKED_ENTITIES:
        return token.ent_type_
    return (token.lemma_ or token.text).lower()


def combined(cats: dict[str, float]) -> dict[str, float]:
    """The PLOVER head's probabilities weighed by the class head's for each type's class (NONE: the
    statement class), renormalized: the class head, trained on real news, checks the type head, trained
    mostly on synthetic stories."""
    scores = {label: cats.get(label, 0.0) * cats[TYPE_CLASS[label]] for label in PLOVER_LABELS}
    total = sum(scores.values())
    return {label: score / total for label, score in scores.items()}


def terms(words: list[str]) -> list[str]:
    """The classifier's features: the words and each pair of adjacent words."""
    return words + [f"{a} {b}" for a, b in pairwise(words)]


class LinearHead:
    """A multinomial logistic regression over TF-IDF weighted ``terms`` (sublinear term frequency, L2
    norm), as scikit-learn trains it in tools/train_learned.py, stored as plain arrays: running it needs
    numpy only."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.labels = [str(label) for label in data["labels"]]
            self.index = {term: i for i, term in enumerate(data["terms"].tolist())}  # tolist: str, at once
            self.idf = data["idf"]
            self.coef = data["coef"]  # labels x terms
            self.intercept = data["intercept"]

    def predict(self, texts: list[list[str]]) -> list[dict[str, float]]:
        results = []
        for words in texts:
            counts = Counter(i for term in terms(words) if (i := self.index.get(term)) is not None)
            logits = self.intercept.copy()
            if counts:
                columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
                weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[columns]
                logits += self.coef[:, columns] @ (weights / np.linalg.norm(weights))
            probabilities = np.exp(logits - logits.max())
            probabilities /= probabilities.sum()
            results.append(dict(zip(self.labels, probabilities.tolist(), strict=True)))
        return results


def type_codes(cameo: dict[str, CameoCode]) -> dict[str, CameoCode]:
    """Each PLOVER type's generic CAMEO code: the first three-digit code of that type, its "x0" code
    where there is one (CONSULT 040, ASSAULT 180)."""
    codes: dict[str, CameoCode] = {}
    for code in sorted(cameo.values(), key=lambda c: (c.code[2:] != "0", c.code)):
        if len(code.code) == 3 and code.plover_type:
            codes.setdefault(code.plover_type, code)
    return codes


def clause_verb(sent: Span) -> Token:
    """The verb whose clause the sentence reports: its root, or what a verb of saying reports
    ("Officials said militants attacked the convoy": attacked)."""
    root = sent.root
    if root.lemma_.lower() in SPEECH_LEMMAS:
        reported = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        if reported is not None:
            return reported
    return root


class LearnedEvents(Stage):
    name = "learned"

    def __init__(self, model_path: str | Path | None = None, threshold: float = 0.5,
                 class_threshold: float = 0.5, retype_threshold: float = 1.01,
                 extractor: EventExtractor | None = None) -> None:
        path = Path(model_path or default_model_path())
        self.heads = [LinearHead(path / "plover.npz"), LinearHead(path / "cameo_class.npz")]
        self.threshold = threshold
        self.class_threshold = class_threshold
        self.retype_threshold = retype_threshold
        self.cameo = load_cameo()
        self.entries = type_entries(self.cameo)
        # the pipeline's own extractor when there is one: one lexicon index, one reading of participants
        self.extractor = extractor or EventExtractor()

    def scores(self, sents: list[Span]) -> list[dict[str, float]]:
        """Each sentence's label probabilities, both heads together."""
        words = [features(sent) for sent in sents]
        cats: list[dict[str, float]] = [{} for _ in sents]
        for head in self.heads:
            for scored, probabilities in zip(cats, head.predict(words), strict=True):
                scored.update(probabilities)
        return cats

    def process(self, doc: Doc) -> None:
        events = doc._.events or []
        if self.retype_threshold <= 1:
            self.retype(doc, events)
        typed = {event["evidence"]["start"] for event in events if event["plover"]}
        # PLOVER codes no event without a named party: a sentence that names nobody the actors stage
        # knows is not worth classifying. A sentence with only a statement (CAMEO 01) is: "X said
        # that ..." may report an act the lexicon does not know.
        mention_at = mentions_by_token(doc)
        sentences = [sent for sent in doc.sents if sent.root.pos_ in ("VERB", "AUX")
                     and sentence_bounds(sent)[0] not in typed and not interrogative(sent)
                     and any(i in mention_at for i in range(sent.start, sent.end))]
        if not sentences:
            return
        coded = {event["evidence"]["start"] for event in events}
        document = document_of(doc)
        doc_id = document.id
        # "They", "the leaders": the parties of the interaction the rules found, as in the rules' own events
        parties = interaction_parties(events, most_named(doc), publisher_country(document))
        added = [event for sent, cats in zip(sentences, self.scores(sentences), strict=True)
                 if (event := self.event(doc_id, sent, cats, mention_at, sentence_bounds(sent)[0] in coded,
                                         parties))]
        if added:
            doc._.events = sorted(events + added, key=lambda event: event["evidence"]["start"])

    def retype(self, doc: Doc, events: list[dict]) -> None:
        """A rule event the rules are unsure of (confidence below ``RETYPE_BELOW``: a threatened,
        conditional or subordinate act) takes the model's type where the model is at least
        ``retype_threshold`` sure of another one ("threatened to stage a strike": THREATEN, not PROTEST)."""
        unsure = [event for event in events if event["plover"] and event["confidence"] < RETYPE_BELOW
                  and not event["rule"].startswith("model.")]
        if not unsure:
            return
        sentence_at = {sentence_bounds(sent)[0]: sent for sent in doc.sents}
        sents = [sentence_at[event["evidence"]["start"]] for event in unsure]
        for event, cats in zip(unsure, self.scores(sents), strict=True):
            plover_type, probability = max(combined(cats).items(), key=lambda kv: kv[1])
            if plover_type in (NONE, event["plover"]["type"]) or probability < self.retype_threshold:
                continue
            code = self.entries[plover_type].cameo
            cameo = self.cameo[code]
            event["plover"] = {"type": plover_type, "mode": None, "context": list(cameo.plover_contexts)}
            event["cameo"] = {"code": cameo.code, "root": cameo.root, "goldstein": cameo.goldstein,
                              "quad_class": cameo.quad_class}
            event["rule"] += f".model_{plover_type.lower()}"

    def event(self, doc_id: str, sent: Span, cats: dict[str, float], mention_at: dict[int, dict],
              coded: bool = False, parties: list[dict] | None = None) -> dict | None:
        """The model's event for one sentence, or None. ``coded``: a rule already gave the sentence
        a CAMEO-only event (a statement), so no class-level event is added beside it."""
        verb = clause_verb(sent)
        plover_type, probability = max(combined(cats).items(), key=lambda kv: kv[1])
        if plover_type != NONE and probability >= self.threshold:
            # the rules' own participant logic (passives, places, reciprocity), with the model's type
            entry = replace(self.entries[plover_type], confidence=probability * CONFIDENCE_SCALE)
            event = self.extractor.build(doc_id, sent, verb, entry, None, mention_at, parties)
            return None if event is not None and _told_of(event["actor"]) else event
        label, probability = max(((label, cats[label]) for label in CLASS_LABELS), key=lambda kv: kv[1])
        if coded or probability < self.class_threshold:
            return None
        actors, recipients = clause_participants(verb, mention_at)
        if not actors:
            actors = _unresolved_subject(verb)
        if not actors or _told_of(actors):
            return None
        # plover is None: a class gives a CAMEO root, not a PLOVER type, so no type is claimed
        return event_record(doc_id, sent, verb, "model.class", self.cameo[CLASS_ROOT[label]], None, actors,
                            recipients, negated=False, modality="asserted", confidence=probability * CONFIDENCE_SCALE)


def type_entries(cameo: dict[str, CameoCode]) -> dict[str, LexiconEntry]:
    """A lexicon row for each PLOVER type, for the model's events: the type's generic CAMEO code, the
    prepositions that name a participant in at least a fifth of the lexicon's rows of that type, and
    reciprocal where most of them are (CONSULT)."""
    rows: dict[str, list[LexiconEntry]] = {}
    for entry in load_lexicon():
        plover_type = entry.plover[0] if entry.plover else cameo[entry.cameo].plover_type
        rows.setdefault(plover_type, []).append(entry)
    entries = {}
    for plover_type, code in type_codes(cameo).items():
        typed = rows.get(plover_type, [])
        preps = Counter(prep for entry in typed for prep in entry.preps)
        entries[plover_type] = LexiconEntry(
            id=f"model.{plover_type.lower()}", lemmas=frozenset(), objects=frozenset(),
            preps=frozenset(prep for prep, n in preps.items() if n >= len(typed) / 5), cues=frozenset(),
            cameo=code.code, plover=(plover_type, ""), reciprocal=sum(e.reciprocal for e in typed) > len(typed) / 2,
            confidence=CONFIDENCE_SCALE, example="")
    return entries


PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _told_of(actors: list[dict]) -> bool:
    """Whether the actors are only pronouns ("He's doing some interesting work", "They're going crazy"): in a
    transcript or speech that is talk about someone, which a sentence classifier trained on news reads as an
    act. The rules, which key on the act's own words, keep their pronoun events."""
    return all((a.get("text") or "").strip().lower() in PRONOUNS for a in actors)


def _unresolved_subject(verb: Token) -> list[dict]:
    """The subject phrase as it stands ("a car bomb", "protesters"), with no code: the knowledge base
    does not know it, and communique does not guess."""
    subject = next((child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON" or (subject.dep_ == "nsubjpass" and subject.ent_type_ in (
            "GPE", "NORP")):
        # "Paraguay is affected by it": a country the passive befalls did nothing
        return []
    tokens = [t for t in subject.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct") and t.i <= subject.i]
    start, end = tokens[0].idx, subject.idx + len(subject.text)
    return [{"text": text_slice(verb.doc, start, end), "start": start, "end": end, "code": None, "sector": None,
             "name": None}]


@Language.factory("communique_learned", default_config={"model_path": None, "threshold": 0.5,
                                                       "class_threshold": 0.5, "retype_threshold": 1.01})
def make_learned(nlp: Language, name: str, model_path: str | None, threshold: float, class_threshold: float,
                 retype_threshold: float) -> LearnedEvents:
    extractor = nlp.get_pipe("communique_events") if "communique_events" in nlp.pipe_names else None
    return LearnedEvents(model_path, threshold, class_threshold, retype_threshold, extractor)
