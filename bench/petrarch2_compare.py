"""communique side by side with PETRARCH2 on its 55 validation sentences.

    python bench/petrarch2_compare.py [--data ../shared/data/petrarch2]

The sentences and gold codings come from PETR2_GSR_55_with_PTB_parses.xml (only the sentence
texts are given to communique; the parses are not used); PETRARCH2's own predictions from
petrarch2_py3port_predictions_PETR2_GSR_55.json. Both are scored on the same event triples:
(source country, target country, CAMEO code), countries cut to their first three letters
(GUYJUD -> GUY), at two strictnesses: the full CAMEO code, and its two-digit root. communique's
reciprocal events (all participants as actors) count as every ordered pair of their countries.
Note that PETRARCH2's dictionaries were developed with these sentences in view.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from itertools import permutations
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "petrarch2"

Triple = tuple[str, str, str]


def gold_sentences(path: Path) -> list[tuple[str, str, set[Triple]]]:
    sentences = []
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        text = " ".join((sentence.findtext("Text") or "").split())
        triples = {(c.get("sourcecode", "")[:3], c.get("targetcode", "")[:3], c.get("eventcode", ""))
                   for c in sentence.iter("EventCoding") if c.get("eventcode")}
        sentences.append((sentence.get("id"), text, triples))
    return sentences


def communique_triples(record: dict) -> set[Triple]:
    triples: set[Triple] = set()
    for event in record["events"]:
        if event["negated"]:
            continue
        code = event["cameo"]["code"]
        actors = [p["code"][:3] for p in event["actor"] if p["code"]]
        recipients = [p["code"][:3] for p in event["recipient"] if p["code"]]
        if recipients:
            triples |= {(a, r, code) for a in actors for r in recipients if a != r}
        else:
            triples |= {(a, b, code) for a, b in permutations(dict.fromkeys(actors), 2)}
    return triples


def score(predicted: list[set[Triple]], gold: list[set[Triple]], root: bool) -> dict:
    def cut(triples: set[Triple]) -> set[Triple]:
        return {(s, t, c[:2]) for s, t, c in triples} if root else triples

    correct = sum(len(cut(p) & cut(g)) for p, g in zip(predicted, gold, strict=True))
    n_pred, n_gold = sum(len(cut(p)) for p in predicted), sum(len(cut(g)) for g in gold)
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "correct": correct, "predicted": n_pred, "gold": n_gold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    xml_path = args.data / "PETR2_GSR_55_with_PTB_parses.xml"
    predictions_path = args.data / "petrarch2_py3port_predictions_PETR2_GSR_55.json"
    if not xml_path.exists() or not predictions_path.exists():
        sys.exit(f"skipped: PETRARCH2 files not found in {args.data} (the development data lives in ../shared/data)")

    from communique.pipeline import Coder
    from communique.read.document import Document

    sentences = gold_sentences(xml_path)
    gold = [triples for _, _, triples in sentences]
    petrarch = {row["id"]: {(s[:3], t[:3], c) for s, t, c in row["pred"]}
                for row in json.loads(predictions_path.read_text(encoding="utf-8"))}
    petrarch_predicted = [petrarch.get(sentence_id, set()) for sentence_id, _, _ in sentences]
    records = Coder().code(Document(id=sentence_id, text=text) for sentence_id, text, _ in sentences)
    ours = [communique_triples(record) for record in records]

    print(f"{len(sentences)} sentences, {sum(map(len, gold))} gold event triples")
    print(f"{'':12}{'code level':>30}{'root level':>30}")
    for name, predicted in (("PETRARCH2", petrarch_predicted), ("communique", ours)):
        exact, root = score(predicted, gold, False), score(predicted, gold, True)
        print(f"{name:12}" + "".join(f"   P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}"
                                     for m in (exact, root)))
    print(json.dumps({"petrarch2": score(petrarch_predicted, gold, False), "communique": score(ours, gold, False),
                      "petrarch2_root": score(petrarch_predicted, gold, True),
                      "communique_root": score(ours, gold, True)}))


if __name__ == "__main__":
    main()
