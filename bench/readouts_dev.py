"""Accuracy on the readout development gold (../shared/eval): code its inputs, score with its scorer.

    python bench/readouts_dev.py [--eval-dir ../shared/eval] [--show] [--out PRED.jsonl] [--learned-threshold T]

Codes `readouts-dev-input.jsonl` as `communique code --format jsonl` does, then runs the project's
scorer (`score.py readouts`) on the output and prints its figure line: typed-event and dyad P/R/F1,
positions, commitments, mechanisms, event date. `--show` also prints, for every document, the event
tuples (PLOVER type, participant countries) that were missed or invented, with their sentences:
the list to read when deciding what construction of the language to handle next. The floors pinned
in tests/test_quality.py are set a little below these figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"


def code(inputs: Path, out: Path, learned_threshold: float | None = None) -> None:
    from communique.nlp import load_pipeline
    from communique.pipeline import Coder
    from communique.read import read_inputs

    nlp = None if learned_threshold is None else load_pipeline(
        config={"communique_learned": {"threshold": learned_threshold}})
    with Coder(nlp=nlp) as coder, out.open("w") as f:
        for record in coder.code(read_inputs([str(inputs)])):
            f.write(json.dumps(record) + "\n")


def _tuples(events: list[dict], pred: bool) -> dict[tuple, list[str]]:
    found: dict[tuple, list[str]] = {}
    for event in events:
        if event.get("negated"):
            continue
        if pred:
            kind = (event.get("plover") or {}).get("type")
            codes = {p.get("code") for p in (event.get("actor") or []) + (event.get("recipient") or [])} - {None}
            note = f"[{event['rule']}] {event['evidence']['sentence']}"
        else:
            kind = event["plover"]
            codes = {c.split(":")[0] for c in (event.get("actor") or []) + (event.get("recipient") or [])}
            note = f"[gold {'future ' if event.get('future') else ''}{event.get('mode') or ''}] {event['evidence']}"
        if kind and codes:
            found.setdefault((kind, frozenset(codes)), []).append(note)
    return found


def show(gold_path: Path, pred_path: Path) -> None:
    pred = {}
    for line in pred_path.open():
        record = json.loads(line)
        pred[str(record["doc_id"])] = record
    for line in gold_path.open():
        gold = json.loads(line)
        got = _tuples(pred.get(str(gold["id"]), {}).get("events") or [], pred=True)
        want = _tuples(gold.get("events") or [], pred=False)
        if got.keys() == want.keys():
            continue
        print(f"\n=== {gold['id']}")
        for key in sorted(want.keys() - got.keys(), key=str):
            print(f"  MISS {key[0]} {sorted(key[1])}: {want[key][0][:220]}")
        for key in sorted(got.keys() - want.keys(), key=str):
            print(f"  FALSE {key[0]} {sorted(key[1])}: {got[key][0][:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--show", action="store_true", help="print missed and invented event tuples per document")
    parser.add_argument("--out", type=Path, help="keep the coded output here")
    parser.add_argument("--learned-threshold", type=float, help="the learned model's type threshold (default: shipped)")
    args = parser.parse_args()
    gold = args.eval_dir / "readouts-dev.jsonl"
    inputs = args.eval_dir / "readouts-dev-input.jsonl"
    scorer = args.eval_dir / "score.py"
    if not all(path.exists() for path in (gold, inputs, scorer)):
        sys.exit(f"skipped: the readout gold is not under {args.eval_dir} (it lives in ../shared/eval)")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "pred.jsonl"
        code(inputs, out, args.learned_threshold)
        result = subprocess.run([sys.executable, str(scorer), "readouts", str(gold), str(out)],
                                capture_output=True, text=True, check=True)
        if args.show:
            show(gold, out)
        print(result.stdout.strip())


if __name__ == "__main__":
    main()
