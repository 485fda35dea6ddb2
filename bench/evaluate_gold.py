"""Development figures of the event coder on the gold sets in ../shared/data/gold.

    python bench/evaluate_gold.py [--gold-dir ../shared/data/gold] [--worst 0]

Prints `communique evaluate` for the PLOVER gold (type, participants, type+participants P/R/F1)
and the ConfliBERT 5-way class (accuracy), and the time coding took. The floors pinned in
tests/test_quality.py are set a little below these figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "data" / "gold"
GOLD_FILES = ("plover-gsr-dev.jsonl", "conflibert-cameo/cameo_class/train.tsv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--worst", type=int, default=0)
    args = parser.parse_args()
    paths = [args.gold_dir / name for name in GOLD_FILES]
    if not all(path.exists() for path in paths):
        sys.exit(f"skipped: gold sets not found under {args.gold_dir} (the development data lives in ../shared/data)")

    from communique.evaluate import evaluate, format_report
    from communique.pipeline import Coder

    coder = Coder()
    for path in paths:
        started = perf_counter()
        report = evaluate(path, coder, worst=args.worst)
        print(format_report(report))
        print(f"({perf_counter() - started:.1f} s)\n")


if __name__ == "__main__":
    main()
