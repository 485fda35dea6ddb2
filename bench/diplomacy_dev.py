"""Development figures of the diplomacy layer on the readout gold (../shared/eval/readouts-dev.jsonl).

    python bench/diplomacy_dev.py [--eval-dir ../shared/eval]

Codes the 60 dev readouts with the real Coder and scores positions, commitments and mechanisms with the
task's own scorer (``score.py readouts``: positions match on holder country, stance and a shared topic
word; commitments on a shared party and action word; the mechanism on a shared name word and the round
when the gold has one). The floors pinned in tests/test_diplomacy_quality.py sit a little below these.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
MEASURES = ("positions", "commitments", "mechanisms")


def measure(eval_dir: Path, coder: object | None = None) -> dict:
    """The scorer's summary for the dev readouts as the coder codes them now."""
    from communique.pipeline import Coder
    from communique.read import read_inputs

    spec = importlib.util.spec_from_file_location("readout_score", eval_dir / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    coder = coder or Coder()
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            for record in coder.code(read_inputs([str(eval_dir / "readouts-dev-input.jsonl")])):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        with contextlib.redirect_stdout(io.StringIO()):  # the scorer prints; its summary is returned
            return score.readouts(str(eval_dir / "readouts-dev.jsonl"), str(pred))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    if not (args.eval_dir / "readouts-dev.jsonl").exists():
        sys.exit(f"skipped: readout gold not found under {args.eval_dir} (development data: ../shared/eval)")
    started = perf_counter()
    report = measure(args.eval_dir)
    for kind in MEASURES:
        print(f"{kind:12} P {report[f'{kind}_precision']:.3f}  R {report[f'{kind}_recall']:.3f}")
    print(f"({len(MEASURES)} measures on the dev readouts, {perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
