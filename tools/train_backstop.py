"""Train the backstop sentence classifier (communique/events/backstop_model) on ConfliBERT's
5-way CAMEO classes, or estimate its accuracy by cross-validation.

    python tools/train_backstop.py ../shared/data/gold/conflibert-cameo/cameo_class/train.tsv
    python tools/train_backstop.py TRAIN.tsv --folds 5 --out-dir /tmp/folds   # one model per fold

Training is seeded, so the same data gives the same model. With --folds K, fold k's model is
trained on every sentence whose index i has i % K != k and saved to OUT_DIR/fold-k; the
benchmark bench/backstop_cv.py evaluates each fold's model on the sentences it did not see.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed

PACKAGE_MODEL = Path(__file__).resolve().parents[1] / "communique" / "events" / "backstop_model"
LABELS = ("0", "1", "2", "3", "4")
TEXTCAT = {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                     "no_output_layer": False, "length": 131072}}


def read_rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row[0], row[1].strip()) for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if len(row) == 2 and row[1].strip() in LABELS]


def train(rows: list[tuple[str, str]], epochs: int = 10, seed: int = 0) -> spacy.language.Language:
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT)
    for label in LABELS:
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), {"cats": {label: float(label == gold) for label in LABELS}})
                for text, gold in rows]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        rng.shuffle(examples)
        for start in range(0, len(examples), 16):
            nlp.update(examples[start:start + 16], sgd=optimizer, drop=0.2)
    nlp.meta.update({"name": "communique_backstop", "version": "1.0.0",
                     "description": "communique's backstop: 5-way CAMEO class of a sentence (ConfliBERT classes)"})
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--out-dir", type=Path, default=PACKAGE_MODEL)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args()
    rows = read_rows(args.train)
    if args.folds:
        for fold in range(args.folds):
            model = train([row for i, row in enumerate(rows) if i % args.folds != fold], args.epochs)
            model.to_disk(args.out_dir / f"fold-{fold}")
            print(f"fold {fold}: trained on {sum(1 for i in range(len(rows)) if i % args.folds != fold)} sentences")
    else:
        train(rows, args.epochs).to_disk(args.out_dir)
        print(f"trained on {len(rows)} sentences -> {args.out_dir}")


if __name__ == "__main__":
    main()
