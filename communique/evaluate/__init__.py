"""Scoring the coder against a gold set: ``communique evaluate --gold FILE``.

PLOVER gold (one event per sentence): the coder's primary event of each sentence — its most
confident event that is not negated, among its PLOVER events (those with a PLOVER type; CAMEO-only
events such as statements and the learned model's class-level events are not PLOVER events) — is compared with
the gold event: its PLOVER type, its set of participant codes (actors and recipients together),
and both at once ("exact"). Precision counts sentences where the coder output a PLOVER event;
recall counts all gold sentences.

ConfliBERT 5-way class: the class of the primary event's CAMEO root, as that data labels roots
(``five_way_class``: 01–02 → 0 statement, 03–05 → 1 verbal cooperation, 06–08 → 2 material
cooperation, 09–13 and 16 → 3 verbal conflict, 14–15 and 17–20 → 4 material conflict); a sentence
with no event counts as 0 (statement).

Codes are compared after normalization: old CAMEO country codes become ISO (JAP → JPN) and the UN
and EU (communique: UNO, EUR) and international NGOs count as IGO, as the gold sets code them.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from communique.evaluate.gold import GoldExample, normalize_code, read_gold
from communique.events.lexicon import five_way_class
from communique.pipeline import Coder
from communique.read.document import Document

CLASS_NAMES = ("statement", "verbal coop", "material coop", "verbal conflict", "material conflict")
NONE = "-"


def primary_event(record: dict, *, plover_only: bool = False) -> dict | None:
    """The event a sentence is about: the most confident one that is not negated (first on ties);
    with ``plover_only``, among the events that have a PLOVER type (a CAMEO-only event, such as a
    statement or a class-level event of the learned model, is not a PLOVER event)."""
    events = [event for event in record["events"] if not event["negated"] and (event["plover"] or not plover_only)]
    return max(events, key=lambda event: event["confidence"], default=None)


def participants_of(event: dict | None) -> frozenset[str]:
    if event is None:
        return frozenset()
    return frozenset(code for p in event["actor"] + event["recipient"] if (code := normalize_code(p["code"])))


def class_of(event: dict | None) -> int:
    return 0 if event is None else five_way_class(event["cameo"]["root"])


def _prf(correct: int, predicted: int, gold: int) -> dict:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "correct": correct, "predicted": predicted, "gold": gold}


def code_examples(examples: list[GoldExample], coder: Coder, *, plover_only: bool = False) -> list[dict | None]:
    """The primary event the coder finds in each gold sentence, in order."""
    documents = (Document(id=example.id, text=example.text) for example in examples)
    return [primary_event(record, plover_only=plover_only) for record in coder.code(documents)]


def evaluate(path: str | Path, coder: Coder | None = None, *, worst: int = 15) -> dict:
    """Score the coder on a gold file; returns a JSON-able report (see ``format_report``)."""
    kind, examples = read_gold(path)
    predictions = code_examples(examples, coder or Coder(), plover_only=kind == "plover")
    report = {"gold": str(path), "kind": kind, "examples": len(examples)}
    if kind == "plover":
        report.update(_score_plover(examples, predictions, worst))
    else:
        report.update(_score_classes(examples, predictions, worst))
    return report


def corrections_gold(db: sqlite3.Connection) -> list[GoldExample]:
    """The corrected events of a store as PLOVER gold, one per event: the evidence sentence its
    corrections are anchored to, its type and participants as corrected (an event corrected to "not an
    event" is a sentence with no PLOVER event). Orphaned corrections are left out."""
    from communique.store.corrections import list_corrections

    examples: dict[str, GoldExample] = {}
    for correction in list_corrections(db, orphaned=False):  # newest first: the newest anchor names the sentence
        event_id = correction["event_id"]
        if event_id in examples:
            continue
        row = db.execute("SELECT plover_type, actor_codes, recipient_codes FROM events WHERE event_id = ?",
                         (event_id,)).fetchone()
        codes = f"{row[1]};{row[2]}".split(";") if row else []
        examples[event_id] = GoldExample(id=event_id, text=correction["sentence"], plover_type=row[0] if row else None,
                                         participants=frozenset(c for code in codes if (c := normalize_code(code))))
    return sorted(examples.values(), key=lambda example: example.id)


def evaluate_corrections(db_path: str | Path, coder: Coder | None = None, *, worst: int = 15) -> dict:
    """Score the coder on the corrected events of a store (``corrections_gold``), as on PLOVER gold."""
    from communique.store import Store

    with Store(db_path, create=False) as store:
        examples = corrections_gold(store.connection)
    predictions = code_examples(examples, coder or Coder(), plover_only=True) if examples else []
    events = [(example, event) for example, event in zip(examples, predictions, strict=True) if example.plover_type]
    report = {"gold": f"corrections in {db_path}", "kind": "plover", "examples": len(examples)}
    report.update(_score_plover([example for example, _ in events], [event for _, event in events], worst))
    # A sentence corrected to "not an event" in which the coder still finds one is a false positive: it
    # lowers precision (recall is over the events that are events)
    still = sum(1 for example, event in zip(examples, predictions, strict=True) if not example.plover_type and event)
    for name in ("type", "participants", "exact"):
        score = report[name]
        report[name] = _prf(score["correct"], score["predicted"] + still, score["gold"])
    report["not_events"] = {"sentences": len(examples) - len(events), "still_coded": still}
    return report


def _score_plover(examples: list[GoldExample], predictions: list[dict | None], worst: int) -> dict:
    predicted = sum(1 for event in predictions if event is not None)
    type_ok = participants_ok = exact = found_codes = gold_codes = 0
    confusion: dict[str, Counter] = {}
    misses = []
    for example, event in zip(examples, predictions, strict=True):
        predicted_type = ((event or {}).get("plover") or {}).get("type") or NONE if event else NONE
        codes = participants_of(event)
        same_type = predicted_type == example.plover_type
        same_codes = codes == example.participants
        type_ok += same_type
        participants_ok += event is not None and same_codes
        exact += same_type and same_codes
        found_codes += len(codes & example.participants)
        gold_codes += len(example.participants)
        confusion.setdefault(example.plover_type or NONE, Counter())[predicted_type] += 1
        if not (same_type and same_codes):
            misses.append({"id": example.id, "text": example.text, "gold_type": example.plover_type,
                           "gold_participants": sorted(example.participants), "predicted_type": predicted_type,
                           "predicted_participants": sorted(codes),
                           "trigger": (event or {}).get("evidence", {}).get("trigger"),
                           "rule": (event or {}).get("rule"), "confidence": (event or {}).get("confidence", 0.0)})
    misses.sort(key=lambda miss: -miss["confidence"])  # confident mistakes first: they cost precision
    return {
        "type": _prf(type_ok, predicted, len(examples)),
        "participants": _prf(participants_ok, predicted, len(examples)),
        "exact": _prf(exact, predicted, len(examples)),
        "participant_recall": round(found_codes / gold_codes, 4) if gold_codes else 0.0,
        "confusion": {gold: dict(row) for gold, row in sorted(confusion.items())},
        "worst": misses[:worst],
    }


def _score_classes(examples: list[GoldExample], predictions: list[dict | None], worst: int) -> dict:
    confusion: dict[int, Counter] = {label: Counter() for label in range(5)}
    by_root: dict[str, Counter] = {}
    correct = 0
    misses = []
    for example, event in zip(examples, predictions, strict=True):
        predicted = class_of(event)
        confusion[example.label][predicted] += 1
        if event is not None:
            by_root.setdefault(event["cameo"]["root"], Counter())[example.label] += 1
        correct += predicted == example.label
        if predicted != example.label:
            misses.append({"id": example.id, "text": example.text, "gold": example.label, "predicted": predicted,
                           "trigger": (event or {}).get("evidence", {}).get("trigger"),
                           "rule": (event or {}).get("rule"), "confidence": (event or {}).get("confidence", 0.0)})
    misses.sort(key=lambda miss: -miss["confidence"])
    per_class = {CLASS_NAMES[label]: _prf(confusion[label][label], sum(confusion[g][label] for g in range(5)),
                                          sum(confusion[label].values())) for label in range(5)}
    return {
        "accuracy": round(correct / len(examples), 4) if examples else 0.0,
        "coverage": round(sum(1 for e in predictions if e is not None) / len(examples), 4) if examples else 0.0,
        "per_class": per_class,
        "confusion": {CLASS_NAMES[g]: {CLASS_NAMES[p]: n for p, n in row.items()} for g, row in confusion.items()},
        # which gold classes the sentences coded at each CAMEO root carry: the evidence for five_way_class
        "gold_by_root": {root: {CLASS_NAMES[g]: n for g, n in sorted(row.items())}
                         for root, row in sorted(by_root.items())},
        "worst": misses[:worst],
    }


def format_report(report: dict) -> str:
    """The report as text for a terminal."""
    lines = [f"gold: {report['gold']} ({report['kind']}, {report['examples']} sentences)"]
    if report["kind"] == "plover":
        lines.append(f"{'':14}{'precision':>10}{'recall':>9}{'F1':>8}")
        for name in ("type", "participants", "exact"):
            m = report[name]
            label = "type+particip." if name == "exact" else name
            lines.append(f"{label:14}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['f1']:>8.3f}")
        lines.append(f"participant-country recall: {report['participant_recall']:.3f}")
        if "not_events" in report:
            lines.append(f"corrected to not an event: {report['not_events']['sentences']} sentences, in which the "
                         f"coder still finds an event in {report['not_events']['still_coded']}")
        columns = sorted({p for row in report["confusion"].values() for p in row})
        lines += ["", "confusion (rows gold, columns predicted):", _table(report["confusion"], columns)]
        lines += ["", f"worst misses ({len(report['worst'])}):"]
        for miss in report["worst"]:
            lines.append(f"  {miss['gold_type']} {'+'.join(miss['gold_participants'])} <- {miss['predicted_type']} "
                         f"{'+'.join(miss['predicted_participants'])} [{miss['rule']}] {miss['text'][:110]}")
    else:
        lines.append(f"accuracy: {report['accuracy']:.3f}   coverage (sentences with an event): "
                     f"{report['coverage']:.3f}")
        for name, m in report["per_class"].items():
            lines.append(f"  {name:18} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
        lines += ["", "confusion (rows gold, columns predicted):", _table(report["confusion"], CLASS_NAMES)]
        lines += ["", "gold classes by the CAMEO root coded (rows root):",
                  _table(report["gold_by_root"], CLASS_NAMES)]
        lines += ["", f"worst misses ({len(report['worst'])}):"]
        for miss in report["worst"]:
            lines.append(f"  gold {miss['gold']} <- {miss['predicted']} [{miss['rule']}] {miss['text'][:110]}")
    return "\n".join(lines)


def _table(rows: dict[str, dict], columns: Iterable[str]) -> str:
    columns = list(columns)
    width = max([len(c) for c in columns] + [5]) + 1
    out = [" " * 18 + "".join(f"{c[:width - 1]:>{width}}" for c in columns)]
    for gold, row in rows.items():
        out.append(f"{gold[:17]:18}" + "".join(f"{row.get(c, 0) or '.':>{width}}" for c in columns))
    return "\n".join(out)
