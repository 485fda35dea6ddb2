"""Event dates on White House readouts ("spoke today with ...", "met on Tuesday ..."), through the real Coder.

    python bench/dates_whitehouse.py [--docs 200] [--corpus ../shared/data/corpus/us_whitehouse_readouts.jsonl]

Prints the share of documents whose event date has day precision (goal: >= 0.90), the share whose event
date differs from the publication day, where the dates came from (text / dateline / publication),
ten (date expression -> resolved date) pairs from the texts for a hand check, and the time the
when/where stage adds per document (its ``process`` calls, timed inside the Coder's run, against the
whole run's time per document).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from itertools import islice
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"skipped: corpus not found at {args.corpus} (the development data lives in ../shared/data)")

    from communique.pipeline import Coder
    from communique.read import read_inputs
    from communique.read.document import Document
    from communique.when_where.dates import base_of, resolve_date
    from communique.when_where.places import gazetteer

    documents = [d for d in islice(read_inputs([str(args.corpus)]), args.docs) if isinstance(d, Document)]
    print(f"{len(documents)} documents from {args.corpus.name}")
    # One-time loads per process, timed apart from the per-document cost.
    started = perf_counter()
    gazetteer()
    loaded_gazetteer = perf_counter() - started
    started = perf_counter()
    resolve_date("19-Sep-2023", base_of("2023-09-25"))  # dateparser's first call builds its tables
    loaded_dateparser = perf_counter() - started
    print(f"one-time loads: gazetteer {loaded_gazetteer:.2f} s, dateparser {loaded_dateparser:.2f} s")
    coder = Coder()
    stage = coder.nlp.get_pipe("communique_when_where")
    timings: list[float] = []
    traces: dict[str, dict] = {}
    process = stage.process

    def timed(doc):
        started = perf_counter()
        try:
            process(doc)
        finally:
            timings.append(perf_counter() - started)
            traces[doc._context.id] = dict(doc._.when_where or {}, text=doc.text)

    stage.process = timed
    started = perf_counter()
    records = list(coder.code(documents))
    total = perf_counter() - started

    coded = [r for r in records if r["status"] == "coded"]
    day = sum(1 for r in coded if (r["event_date"] or {}).get("precision") == "day")
    differs = 0
    for r in coded:
        published = base_of(r["published"])
        pub_day = published.date.isoformat() if published and published.date else None
        if r["event_date"] and r["event_date"]["value"] != pub_day:
            differs += 1
    sources = Counter((traces.get(r["doc_id"]) or {}).get("date_source") or "none" for r in coded)
    n = max(len(coded), 1)
    print(f"coded: {len(coded)} of {len(records)}")
    print(f"day-precision event date: {day}/{len(coded)} = {day / n:.3f}  (goal >= 0.90)")
    print(f"event date differs from the publication day: {differs}/{len(coded)} = {differs / n:.3f}")
    print("date source: " + ", ".join(f"{k} {v} ({v / n:.1%})" for k, v in sources.most_common()))
    precisions = Counter((r["event_date"] or {}).get("precision") for r in coded)
    print("precision: " + ", ".join(f"{k} {v}" for k, v in precisions.most_common()))

    by_id = {r["doc_id"]: r for r in coded}
    pairs = []
    for doc_id, trace in traces.items():
        if trace.get("date_source") == "text" and doc_id in by_id:
            record = by_id[doc_id]
            start, end = trace["date_start"], trace["date_end"]
            text = trace["text"]
            left = text.rfind(".", 0, start) + 1
            context = " ".join(text[max(left, start - 60): min(len(text), end + 40)].split())
            pairs.append((trace["date_text"], record["event_date"]["value"], record["published"][:10], context))
    # One pair per distinct expression, those that moved the date off the publication day first.
    rng = random.Random(5)
    rng.shuffle(pairs)
    distinct: dict[str, tuple] = {}
    for pair in sorted(pairs, key=lambda p: p[1] == p[2]):
        distinct.setdefault(pair[0].lower(), pair)
    chosen = list(distinct.values())[: args.samples]
    print(f"\n{len(chosen)} sample (date expression -> resolved date) pairs, one per distinct expression, "
          f"with the publication day and the context:")
    for expression, value, published, context in chosen:
        print(f"  {expression!r:28} -> {value:10}  (published {published})  …{context}…")

    per_doc = sum(timings) / max(len(timings), 1)
    print(f"\nwhen/where stage: {per_doc * 1000:.2f} ms per document ({len(timings)} calls); whole coding "
          f"{total / max(len(records), 1) * 1000:.1f} ms per document; stage share {sum(timings) / total:.1%}")
    print(json.dumps({"documents": len(records), "coded": len(coded), "day_precision_share": round(day / n, 3),
                      "differs_from_published_share": round(differs / n, 3), "sources": dict(sources),
                      "stage_ms_per_doc": round(per_doc * 1000, 3), "stage_share": round(sum(timings) / total, 4)}))


if __name__ == "__main__":
    main()
