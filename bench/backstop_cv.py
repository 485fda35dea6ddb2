"""What the learned backstop adds, measured honestly by cross-validation.

    python bench/backstop_cv.py [--folds 5]

The shipped backstop model is trained on all of ConfliBERT's train split, so scoring it on that
split would flatter it. Here each fold's model is trained on the other folds (tools/train_backstop.py)
and the full pipeline (lexicon rules + that fold's backstop) codes the fold's unseen sentences.
Printed: 5-way class accuracy for rules alone, the classifier alone, and rules + backstop; and the
PLOVER gold figures with and without the shipped backstop (it never saw the PLOVER gold; its
events have no PLOVER type, so they change these figures only if they ever outrank a rule's).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "data" / "gold"
CONFLIBERT = GOLD / "conflibert-cameo" / "cameo_class" / "train.tsv"
PLOVER = GOLD / "plover-gsr-dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not CONFLIBERT.exists() or not PLOVER.exists():
        sys.exit(f"skipped: gold sets not found under {GOLD} (the development data lives in ../shared/data)")
    sys.path.insert(0, str(REPO / "tools"))
    from train_backstop import read_rows, train

    from communique.evaluate import class_of, code_examples, evaluate
    from communique.evaluate.gold import GoldExample
    from communique.nlp import load_pipeline
    from communique.pipeline import Coder

    rows = read_rows(CONFLIBERT)
    rules_only = Coder(backstop=False)
    totals = {"rules": 0, "classifier": 0, "rules+backstop": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(args.folds):
            model_dir = Path(tmp) / f"fold-{fold}"
            train([row for i, row in enumerate(rows) if i % args.folds != fold]).to_disk(model_dir)
            held_out = [(i, row) for i, row in enumerate(rows) if i % args.folds == fold]
            examples = [GoldExample(id=str(i), text=text, label=int(label)) for i, (text, label) in held_out]
            with_backstop = Coder(nlp=load_pipeline(backstop=True,
                                                    config={"communique_backstop": {"model_path": str(model_dir)}}))
            classifier = with_backstop.nlp.get_pipe("communique_backstop").classifier
            for name, predicted in (
                ("rules", [class_of(e) for e in code_examples(examples, rules_only)]),
                ("rules+backstop", [class_of(e) for e in code_examples(examples, with_backstop)]),
                ("classifier", [int(max(doc.cats.items(), key=lambda kv: kv[1])[0])
                                for doc in classifier.pipe(e.text for e in examples)]),
            ):
                totals[name] += sum(p == e.label for p, e in zip(predicted, examples, strict=True))
            print(f"fold {fold} done", file=sys.stderr)
    print(f"ConfliBERT 5-way class, {args.folds}-fold cross-validation over {len(rows)} sentences:")
    for name, correct in totals.items():
        print(f"  {name:15} accuracy {correct / len(rows):.3f}")
    print("PLOVER gold (never seen by the backstop), type+participants F1:")
    for name, coder in (("rules", rules_only), ("rules+backstop", Coder(backstop=True))):
        report = evaluate(PLOVER, coder, worst=0)
        print(f"  {name:15} exact F1 {report['exact']['f1']:.3f}  type F1 {report['type']['f1']:.3f}")


if __name__ == "__main__":
    main()
