"""Throughput of coding: bare spaCy ``nlp.pipe`` against communique's full coder, on the same texts.

    python bench/throughput_code.py [--docs 1000] [--corpus ../shared/data/corpus/us_whitehouse_readouts.jsonl]

Prints words/s for both, their ratio, and events found. Words are tokens that are not punctuation
or whitespace. Both runs use one process and the same batch size.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"skipped: corpus not found at {args.corpus} (the development data lives in ../shared/data)")

    from communique.nlp import load_pipeline
    from communique.pipeline import Coder
    from communique.read import read_inputs
    from communique.read.document import Document

    documents = [d for d in islice(read_inputs([str(args.corpus)]), args.docs) if isinstance(d, Document)]
    print(f"{len(documents)} documents from {args.corpus.name}")

    bare = load_pipeline(components=())
    started = perf_counter()
    words = sum(sum(1 for t in doc if not (t.is_punct or t.is_space))
                for doc in bare.pipe((d.text for d in documents), batch_size=args.batch_size))
    bare_seconds = perf_counter() - started
    print(f"bare spaCy nlp.pipe : {bare_seconds:7.1f} s  {words / bare_seconds:9,.0f} words/s")

    coder = Coder(batch_size=args.batch_size)
    started = perf_counter()
    events = sum(len(record["events"]) for record in coder.code(documents))
    full_seconds = perf_counter() - started
    print(f"communique coding   : {full_seconds:7.1f} s  {words / full_seconds:9,.0f} words/s  ({events} events)")
    print(f"ratio (full / bare speed): {bare_seconds / full_seconds:.2f}")
    print(json.dumps({"documents": len(documents), "words": words, "bare_words_per_s": round(words / bare_seconds),
                      "full_words_per_s": round(words / full_seconds), "ratio": round(bare_seconds / full_seconds, 3),
                      "events": events}))


if __name__ == "__main__":
    main()
