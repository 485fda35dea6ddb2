"""The learned backstop: where the lexicon finds no event in a sentence, a small sentence classifier
still says which kind of event the sentence reports.

The classifier is a spaCy bag-of-words text categorizer (unigrams and bigrams, linear, CPU) trained
by ``tools/train_backstop.py`` on ConfliBERT's 5-way CAMEO classes and shipped in
``backstop_model/``; nothing is downloaded. It gives each sentence a class — statement, verbal
cooperation, material cooperation, verbal conflict, material conflict. Where no lexicon rule fired,
a sentence of one of the four event classes gets one event coded at the CAMEO root most common for
its class (rule ``backstop.quad``, ``plover`` null: a class is not a PLOVER type), with the
sentence's subject as actor (resolved, or its text with a null code) and a confidence below every
lexicon rule's. Where a rule fired, the rule's events stand alone: the backstop only fills gaps.
It runs by default (``--no-backstop`` turns it off); bench/backstop_cv.py measures what it adds.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.events.extractor import clause_participants, event_record, sentence_bounds
from communique.events.lexicon import load_cameo
from communique.nlp.context import document_of, text_slice
from communique.nlp.extensions import mentions_by_token
from communique.nlp.stage import Stage

CLASSES = ("0", "1", "2", "3", "4")  # statement, verbal coop, material coop, verbal conflict, material conflict
# The CAMEO root a backstop event of each class is coded at: the commonest kind of event in the class.
CLASS_ROOT = {"0": "01", "1": "04", "2": "07", "3": "11", "4": "19"}
CONFIDENCE_SCALE = 0.6  # where no rule fired, a backstop event's confidence is its class probability times this
MIN_PROBABILITY = 0.6


def default_model_path() -> Path:
    return Path(str(resources.files("communique.events").joinpath("backstop_model")))


class Backstop(Stage):
    name = "backstop"

    def __init__(self, model_path: str | Path | None = None) -> None:
        self.classifier = spacy.load(model_path or default_model_path())
        self.cameo = load_cameo()

    def process(self, doc: Doc) -> None:
        events = doc._.events or []
        coded = {event["evidence"]["start"] for event in events}
        mention_at = mentions_by_token(doc)
        doc_id = document_of(doc).id
        # a sentence that names nobody the actors stage knows gives no event a code: not worth classifying
        sentences = [sent for sent in doc.sents if _has_verb(sent) and sentence_bounds(sent)[0] not in coded
                     and any(i in mention_at for i in range(sent.start, sent.end))]
        if not sentences:
            return
        added = []
        for sent, scored in zip(sentences, self.classifier.pipe(s.text for s in sentences), strict=True):
            label, probability = max(scored.cats.items(), key=lambda item: item[1])
            if label == "0" or probability < MIN_PROBABILITY:
                continue
            confidence = probability * CONFIDENCE_SCALE  # below every rule's
            event = self.event(doc_id, sent, label, confidence, mention_at)
            if event is not None:
                added.append(event)
        doc._.events = sorted(events + added, key=lambda event: event["evidence"]["start"])

    def event(self, doc_id: str, sent: Span, label: str, confidence: float, mention_at: dict) -> dict | None:
        actors, recipients = clause_participants(sent.root, mention_at)
        if not actors:
            actors = _unresolved_subject(sent.root)
        if not actors:
            return None
        # plover is None: the class gives a CAMEO root, not a PLOVER type, so no type is claimed
        return event_record(doc_id, sent, sent.root, "backstop.quad", self.cameo[CLASS_ROOT[label]], None,
                            actors, recipients, negated=False, modality="asserted", confidence=confidence)


def _unresolved_subject(verb: Token) -> list[dict]:
    """The subject phrase as it stands ("a car bomb", "protesters"), with no code: the knowledge base
    does not know it, and communique does not guess."""
    subject = next((child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return []
    tokens = [t for t in subject.subtree if t.dep_ not in ("relcl", "acl", "appos", "punct") and t.i <= subject.i]
    start, end = tokens[0].idx, subject.idx + len(subject.text)
    return [{"text": text_slice(verb.doc, start, end), "start": start, "end": end, "code": None, "sector": None,
             "name": None}]


def _has_verb(sent: Span) -> bool:
    return sent.root.pos_ in ("VERB", "AUX")


@Language.factory("communique_backstop", default_config={"model_path": None})
def make_backstop(nlp: Language, name: str, model_path: str | None) -> Backstop:
    return Backstop(model_path)
