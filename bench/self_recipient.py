"""How often an event's actor country is also on its recipient side next to another country.

    python bench/self_recipient.py [--docs 300] [--show 10]

Codes the first N White House readouts of ../shared/data/corpus/us_whitehouse_readouts.jsonl and
prints the share of events whose recipients hold one of the actor's own countries beside another
country ("USA -> UKR+USA" from "Biden invited Zelenskyy to visit Washington"): almost always a place
or a possessive read as a target. `--show` prints some of them with their sentences.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"


def self_recipient(event: dict) -> bool:
    actors = {p["code"] for p in event["actor"] if p["code"]}
    recipients = {p["code"] for p in event["recipient"] if p["code"]}
    return bool(actors & recipients) and bool(recipients - actors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"skipped: {CORPUS} not found (the development data lives in ../shared/data)")

    from communique.pipeline import Coder
    from communique.read import read_inputs

    documents = (doc for i, doc in zip(range(args.docs), read_inputs([str(CORPUS)]), strict=False))
    events = found = 0
    examples = []
    for record in Coder().code(documents):
        for event in record["events"]:
            events += 1
            if self_recipient(event):
                found += 1
                examples.append(event)
    print(f"{args.docs} White House readouts, {events} events: actor country also a recipient beside another "
          f"country in {found} ({found / max(events, 1):.1%})")
    for event in examples[:args.show]:
        codes = ["+".join(p["code"] or "?" for p in event[side]) for side in ("actor", "recipient")]
        print(f"  {codes[0]} -> {codes[1]} [{event['rule']}] {event['evidence']['sentence'][:160]}")


if __name__ == "__main__":
    main()
