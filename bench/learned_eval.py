"""What the learned event model adds to the lexicon rules, each figure on data the model never trained on.

    python bench/learned_eval.py [--folds 5] [--model DIR] [--threshold T] [--class-threshold C] [--sweep]

Printed for rules alone and rules + model (communique/events/learned.py):
- PLOVER dev gold (../shared/data/gold/plover-gsr-dev.jsonl; never used in training): exact
  type+participants F1 of the primary PLOVER event (``communique evaluate``), and the share of
  sentences with no PLOVER event;
- ConfliBERT 5-way CAMEO class: accuracy by K-fold cross-validation (the model's class head is trained
  on ConfliBERT, so each fold is coded with a class head trained on the other folds; the PLOVER head
  never saw ConfliBERT), counted twice: as ``communique evaluate`` does (no event = statement) and as
  ``score.py quad`` does (no event = wrong); and the share of sentences with no event;
- readouts dev (../shared/eval; the readouts-dev documents are left out of the model's silver data):
  typed-event F1 by ``score.py readouts``;
- cost: seconds the model's component takes on these texts against spaCy's own pipeline on the same texts.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PLOVER = SHARED / "data" / "gold" / "plover-gsr-dev.jsonl"
CONFLIBERT = SHARED / "data" / "gold" / "conflibert-cameo" / "cameo_class" / "train.tsv"
READOUTS = SHARED / "eval" / "readouts-dev.jsonl"
READOUTS_INPUT = SHARED / "eval" / "readouts-dev-input.jsonl"
SCORE = SHARED / "eval" / "score.py"
RETYPE_SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)  # 1.01: no retyping
SWEEP = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
RULE_COMPONENTS = ("communique_lemmas", "communique_actors", "communique_events")


def parse(texts: list[str]) -> tuple[list, float]:
    """Docs coded by the rules alone, and the seconds spaCy's own components took on them."""
    from communique.nlp import load_pipeline
    from communique.read.document import Document

    nlp = load_pipeline(components=RULE_COMPONENTS)
    own = [name for name in nlp.pipe_names if not name.startswith("communique_")]
    pairs = [(text, Document(id=str(i), text=text)) for i, text in enumerate(texts)]
    start = time.perf_counter()
    with nlp.select_pipes(enable=own):
        docs = [doc for doc, _ in nlp.pipe(pairs, as_tuples=True)]
    spacy_seconds = time.perf_counter() - start
    for name in RULE_COMPONENTS:
        docs = [nlp.get_pipe(name)(doc) for doc in docs]
    return docs, spacy_seconds


def apply(docs: list, component) -> tuple[list[list[dict]], float]:
    """The events of each doc after the model's component (none: rules alone); the docs keep the rules' events."""
    results = []
    seconds = 0.0
    for doc in docs:
        rules = doc._.events
        doc._.events = copy.deepcopy(rules)
        start = time.perf_counter()
        if component is not None:
            component(doc)
        seconds += time.perf_counter() - start
        results.append(doc._.events)
        doc._.events = rules
    return results, seconds


def plover_figures(examples: list, events: list[list[dict]]) -> dict:
    from communique.evaluate import _score_plover, primary_event

    predictions = [primary_event({"events": found}, plover_only=True) for found in events]
    report = _score_plover(examples, predictions, worst=0)
    return {"exact_f1": report["exact"]["f1"], "type_f1": report["type"]["f1"],
            "no_event": sum(p is None for p in predictions) / len(predictions)}


def class_figures(labels: list[int], events: list[list[dict]]) -> dict:
    from communique.evaluate import class_of, primary_event

    primary = [primary_event({"events": found}) for found in events]
    return {"accuracy": sum(class_of(p) == y for p, y in zip(primary, labels, strict=True)) / len(labels),
            "accuracy_quad": sum(p is not None and class_of(p) == y for p, y in zip(primary, labels, strict=True))
            / len(labels),
            "class_no_event": sum(p is None for p in primary) / len(labels)}


def readout_f1(learned: bool, config: dict) -> float:
    from communique.nlp import load_pipeline
    from communique.pipeline import Coder
    from communique.read import read_inputs

    coder = Coder(nlp=load_pipeline(backstop=learned, config={"communique_learned": config}))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for record in coder.code(read_inputs([str(READOUTS_INPUT)])):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(SCORE), "readouts", str(READOUTS), out.name],
                            capture_output=True, text=True, check=True)
    Path(out.name).unlink()
    return json.loads(result.stdout.splitlines()[0])["typed_event"]["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", type=Path, help="model folder (default: the shipped one)")
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--class-threshold", type=float)
    parser.add_argument("--retype-threshold", type=float)
    parser.add_argument("--no-readouts", action="store_true")
    parser.add_argument("--sweep", action="store_true", help="ConfliBERT CV accuracy over a threshold grid")
    args = parser.parse_args()
    if not (PLOVER.exists() and CONFLIBERT.exists() and READOUTS.exists()):
        sys.exit(f"skipped: development data not found under {SHARED}")
    sys.path.insert(0, str(REPO / "tools"))
    from train_learned import train

    from communique.evaluate.gold import read_gold
    from communique.events.learned import LearnedEvents, LinearHead, default_model_path, features

    config = {key: value for key, value in (("model_path", str(args.model) if args.model else None),
                                            ("threshold", args.threshold),
                                            ("class_threshold", args.class_threshold),
                                            ("retype_threshold", args.retype_threshold)) if value is not None}
    component = LearnedEvents(**config)
    chosen = (component.threshold, component.class_threshold, component.retype_threshold)
    _, plover_examples = read_gold(PLOVER)
    with CONFLIBERT.open(encoding="utf-8", newline="") as handle:
        conflibert = [(row[0], int(row[1])) for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                      if len(row) == 2 and row[1].strip() in "01234"]
    plover_docs, plover_spacy = parse([example.text for example in plover_examples])
    class_docs, class_spacy = parse([text for text, _ in conflibert])
    labels = [label for _, label in conflibert]

    table: dict[str, dict] = {}
    rules, _ = apply(plover_docs, None)
    table["rules"] = plover_figures(plover_examples, rules)
    # PLOVER dev with the threshold chosen by cross-validation: each fold is coded at the threshold that
    # does best on the other folds
    by_threshold = {}
    for cell in [(t, r) for t in SWEEP for r in RETYPE_SWEEP]:
        component.threshold, component.retype_threshold = cell
        by_threshold[cell] = apply(plover_docs, component)[0]
    component.threshold, component.retype_threshold = chosen[0], chosen[2]
    with_model, plover_seconds = apply(plover_docs, component)
    folds = [i % args.folds for i in range(len(plover_examples))]
    cv_events: list[list[dict]] = [[] for _ in plover_examples]
    for fold in range(args.folds):
        inside = [i for i, f in enumerate(folds) if f != fold]
        examples = [plover_examples[i] for i in inside]
        best = max(reversed(by_threshold),
                   key=lambda c: plover_figures(examples, [by_threshold[c][i] for i in inside])["exact_f1"])
        for i, f in enumerate(folds):
            if f == fold:
                cv_events[i] = by_threshold[best][i]
    table["rules+model"] = plover_figures(plover_examples, cv_events)
    on_all = max(reversed(by_threshold), key=lambda c: plover_figures(plover_examples, by_threshold[c])["exact_f1"])
    table["rules+model"]["fixed_exact_f1"] = plover_figures(plover_examples, with_model)["exact_f1"]
    table["rules"]["fixed_exact_f1"] = table["rules"]["exact_f1"]

    rules, _ = apply(class_docs, None)
    table["rules"].update(class_figures(labels, rules))
    rows = [{"words": features(doc[:]), "label": f"class_{label}", "source": "conflibert", "index": i}
            for i, (doc, label) in enumerate(zip(class_docs, labels, strict=True))]
    # the class threshold is tuned here, by this cross-validation (--sweep), never on the readout gold
    grid = [(t, c) for t in SWEEP for c in SWEEP] if args.sweep else [chosen[:2]]
    fold_events: dict[tuple[float, float], list[list[dict]]] = {cell: [[] for _ in labels] for cell in grid}
    class_seconds = 0.0
    shipped_plover = component.heads[0]
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(args.folds):
            held_out = frozenset(i for i in range(len(labels)) if i % args.folds == fold)
            with contextlib.redirect_stderr(io.StringIO()):
                train(rows, Path(tmp) / f"fold-{fold}", heads=("cameo_class",), conflibert_exclude=held_out)
            component.heads = [shipped_plover, LinearHead(Path(tmp) / f"fold-{fold}" / "cameo_class.npz")]
            docs = [doc for i, doc in enumerate(class_docs) if i in held_out]
            for cell in grid:
                component.threshold, component.class_threshold = cell
                found, seconds = apply(docs, component)
                class_seconds += seconds if cell == grid[0] else 0.0
                for i, events in zip(sorted(held_out), found, strict=True):
                    fold_events[cell][i] = events
    if args.sweep:
        print(f"ConfliBERT {args.folds}-fold CV accuracy by threshold (rows) and class threshold (columns):")
        print("       " + "".join(f"{c:>8}" for c in SWEEP))
        for t in SWEEP:
            print(f"{t:>7}" + "".join(f"{class_figures(labels, fold_events[(t, c)])['accuracy']:>8.3f}"
                                     for c in SWEEP))
        best = max(grid, key=lambda cell: class_figures(labels, fold_events[cell])["accuracy"])
        print(f"best: threshold {best[0]}, class threshold {best[1]}")
        print(f"PLOVER dev: the (threshold, retype threshold) with the best exact F1 over all of it is {on_all}")
        return
    table["rules+model"].update(class_figures(labels, fold_events[chosen[:2]]))

    if not args.no_readouts:
        shipped = {**config, "model_path": str(args.model or default_model_path())}
        table["rules"]["readouts_f1"] = readout_f1(False, shipped)
        table["rules+model"]["readouts_f1"] = readout_f1(True, shipped)

    columns = [("exact_f1", f"PLOVER dev exact F1, thresholds {args.folds}-fold CV"),
               ("fixed_exact_f1", f"PLOVER dev exact F1, thresholds {chosen[0]}, {chosen[2]}"),
               ("type_f1", "PLOVER dev type F1 (CV threshold)"),
               ("no_event", "PLOVER dev share with no PLOVER event (CV)"),
               ("accuracy", f"ConfliBERT {args.folds}-fold CV acc"),
               ("accuracy_quad", "ConfliBERT CV acc (no event = wrong)"),
               ("class_no_event", "ConfliBERT share with no event"),
               ("readouts_f1", "readouts dev typed-event F1")]
    print(f"{'':50}{'rules':>10}{'rules+model':>14}")
    for key, title in columns:
        if key in table["rules"]:
            print(f"{title:50}{table['rules'][key]:>10.3f}{table['rules+model'][key]:>14.3f}")
    model_seconds, spacy_seconds = plover_seconds + class_seconds, plover_spacy + class_spacy
    print(f"cost: model {model_seconds:.2f} s, spaCy's own components {spacy_seconds:.2f} s on the same "
          f"{len(plover_docs) + len(class_docs)} sentences ({model_seconds / spacy_seconds:.1%})")


if __name__ == "__main__":
    main()
