"""Peak memory of coding the longest corpus documents, with and without the character budget.

    python bench/memory_long.py [--longest N] [--budgets 50000,1000000]

Takes the N longest documents of ../shared/data/corpus (default 3: Kremlin transcripts of over
200,000 characters) and codes them, in a fresh process per budget, with ``Coder(batch_chars=B)``.
With the default budget (50,000) each document is parsed a section at a time; with a budget
above their total length they are parsed whole, in one batch, as before batches had a budget.
Prints, per budget, the peak resident memory of the process (after loading: the pipeline's own
share apart), the events found and the seconds taken.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus"


def longest(n: int) -> list[dict]:
    documents = []
    for source in sorted(CORPUS.glob("*.jsonl")):
        for line in source.read_text(encoding="utf-8").split("\n"):  # not splitlines(): texts hold U+2028
            if line.strip():
                item = json.loads(line)
                documents.append({"id": str(item.get("id")), "text": str(item.get("text", ""))})
    return sorted(documents, key=lambda d: len(d["text"]), reverse=True)[:n]


def run(n: int, budget: int) -> dict:
    from communique.pipeline import Coder
    from communique.read.document import Document

    documents = [Document(id=d["id"], text=d["text"]) for d in longest(n)]
    coder = Coder(batch_chars=budget)
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = perf_counter()
    events = sum(len(record["events"]) for record in coder.code(documents))
    return {"budget": budget, "characters": [len(d.text) for d in documents], "loaded_mb": round(loaded),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "events": events,
            "seconds": round(perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--longest", type=int, default=3)
    parser.add_argument("--budgets", default="50000,1000000", help="batch_chars values, comma-separated")
    parser.add_argument("--budget", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.budget:  # a child process: one budget, its figures as JSON
        print(json.dumps(run(args.longest, args.budget)))
        return
    if not CORPUS.exists():
        sys.exit(f"skipped: corpus not found at {CORPUS} (the development data lives in ../shared/data)")
    for budget in (int(b) for b in args.budgets.split(",")):
        child = subprocess.run([sys.executable, __file__, "--longest", str(args.longest), "--budget", str(budget)],
                               capture_output=True, text=True, check=True)
        r = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"batch_chars {budget:>9,}: {len(r['characters'])} documents of {min(r['characters']):,}–"
              f"{max(r['characters']):,} characters: peak RSS {r['peak_mb']:,} MB (pipeline loaded: "
              f"{r['loaded_mb']:,} MB), {r['events']} events, {r['seconds']} s")


if __name__ == "__main__":
    main()
