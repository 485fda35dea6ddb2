"""How well actors resolve on White House readouts.

    python bench/actors_whitehouse.py [--docs 200] [--top 20]

Codes the first N readouts of ../shared/data/corpus/us_whitehouse_readouts.jsonl and prints the
share of events whose participants all carry a code (a country, or an organisation code such as
UNO or IGO), the share whose participants are all countries, for the lexicon's events and for all
events (the learned model's included), and the participant texts most often left unresolved.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"
NONSTATE = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"skipped: {CORPUS} not found (the development data lives in ../shared/data)")

    from communique.pipeline import Coder
    from communique.read import read_inputs

    documents = (doc for i, doc in zip(range(args.docs), read_inputs([str(CORPUS)]), strict=False))
    totals = {"rules": Counter(), "all": Counter()}
    unresolved: Counter = Counter()
    for record in Coder().code(documents):
        for event in record["events"]:
            participants = event["actor"] + event["recipient"]
            coded = all(p["code"] for p in participants)
            countries = all(p["code"] and p["code"] not in NONSTATE for p in participants)
            kinds = ("all",) if event["rule"].startswith("model.") else ("all", "rules")
            for kind in kinds:
                totals[kind].update(events=1, coded=coded, countries=countries)
            unresolved.update(p["text"] for p in participants if not p["code"])
    print(f"{args.docs} White House readouts")
    for kind, counts in totals.items():
        n = counts["events"] or 1
        print(f"  {kind:5} events {counts['events']:5}: every participant coded {counts['coded'] / n:.3f}, "
              f"every participant a country {counts['countries'] / n:.3f}")
    print(f"top {args.top} unresolved participant texts:")
    for text, count in unresolved.most_common(args.top):
        print(f"  {count:4}  {text}")


if __name__ == "__main__":
    main()
