"""Mechanisms, positions and commitments on White House readouts, through the real Coder, for a hand check.

    python bench/diplomacy_whitehouse.py [--docs 200] [--samples 20] [--seed 6] [--corpus ...jsonl]
    python bench/diplomacy_whitehouse.py --store [--docs 300] [--seed 79]

Prints how many mechanisms, positions and commitments the first ``--docs`` readouts give (and in how
many documents), then ``--samples`` of each drawn at random (fixed seed), each with its sentence and
what was extracted, numbered for a hand check (precision = correct / samples), and the time the
diplomacy stage adds per document against the whole coding time.

With ``--store`` the readouts are ingested into a temporary store and the samples are what a user of the
store sees: mechanism series (rounds, mentions), commitments marked fulfilled (with the fulfilling
event's sentence) and positions.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from itertools import islice
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"
KINDS = ("mechanisms", "positions", "commitments")


def _codes(items: list) -> str:
    return "+".join(i if isinstance(i, str) else (i.get("code") or "?") for i in items) or "-"


def describe(kind: str, item: dict) -> str:
    if kind == "mechanisms":
        chairs = ", ".join(c.get("name") or c["text"] for c in item["co_chairs"])
        return (f"{item['name']!r} parties={_codes(item['parties'])} round={item['round']} "
                f"date={(item['date'] or {}).get('value')} co_chairs=[{chairs}]  <- {item['text']!r}")
    if kind == "positions":
        return (f"{_codes(item['holder'])} {item['stance']} {item['topic']!r} on_behalf_of="
                f"{_codes(item['on_behalf_of'])} topic_parties={_codes(item.get('topic_parties') or [])}"
                f"  <- {item['topic_text']!r}")
    deadline = (item.get("deadline") or {}).get("value")
    return (f"{_codes(item['parties'])} {item['action']!r} type={item['action_type']} when={item['when']!r} "
            f"deadline={deadline}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", action="store_true", help="sample series, fulfilled commitments and positions "
                                                             "from a store of the readouts")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"skipped: corpus not found at {args.corpus} (the development data lives in ../shared/data)")
    if args.store:
        store_samples(args)
        return

    from communique.pipeline import Coder
    from communique.read import read_inputs
    from communique.read.document import Document

    documents = [d for d in islice(read_inputs([str(args.corpus)]), args.docs) if isinstance(d, Document)]
    coder = Coder()
    stage = coder.nlp.get_pipe("communique_diplomacy")
    timings: list[float] = []
    process = stage.process

    def timed(doc):
        started = perf_counter()
        try:
            process(doc)
        finally:
            timings.append(perf_counter() - started)

    stage.process = timed
    started = perf_counter()
    everything = list(coder.code(documents))
    total = perf_counter() - started
    records = [r for r in everything if r["status"] == "coded"]

    print(f"{len(records)} coded documents of the first {args.docs} in {args.corpus.name}")
    for record in everything:
        if record["status"] == "failed":
            print(f"  failed: {record['doc_id']}: {record['reason']}")
    counts = {}
    for kind in KINDS:
        found = [(r, item) for r in records for item in r[kind]]
        counts[kind] = {"found": len(found), "documents": sum(1 for r in records if r[kind])}
        print(f"{kind}: {len(found)} in {counts[kind]['documents']} documents")
    rng = random.Random(args.seed)
    for kind in KINDS:
        found = [(r, item) for r in records for item in r[kind]]
        chosen = rng.sample(found, min(args.samples, len(found)))
        print(f"\n=== {len(chosen)} {kind} (hand check: mark each right or wrong)")
        for n, (record, item) in enumerate(chosen, 1):
            print(f"{n:2}. [{record['doc_id']}] {item['evidence']['sentence']}")
            print(f"    -> {describe(kind, item)}")
    per_doc = sum(timings) / max(len(timings), 1)
    print(f"\ndiplomacy stage: {per_doc * 1000:.2f} ms per document; whole coding "
          f"{total / max(len(records), 1) * 1000:.1f} ms per document; stage share {sum(timings) / total:.1%}")
    print(json.dumps({"documents": len(records), **{k: v["found"] for k, v in counts.items()},
                      "stage_ms_per_doc": round(per_doc * 1000, 3), "stage_share": round(sum(timings) / total, 4)}))


def store_samples(args: argparse.Namespace) -> None:
    """Ingest the first ``--docs`` readouts into a temporary store; print samples of what it lists."""
    import tempfile

    from communique.ingest import ingest
    from communique.pipeline import Coder
    from communique.store import Store
    from communique.store.diplomacy import list_commitments, list_positions, mechanism_series

    with tempfile.TemporaryDirectory() as tmp:
        head = Path(tmp) / "readouts.jsonl"
        with args.corpus.open(encoding="utf-8") as corpus:
            head.write_text("".join(islice(corpus, args.docs)), encoding="utf-8")
        with Store(Path(tmp) / "readouts.db") as store:
            ingest([str(head)], store, coder=Coder())
            db = store.connection
            series, positions = mechanism_series(db), list_positions(db)
            commitments = list_commitments(db)
            fulfilled = [c for c in commitments if c["status"] == "fulfilled"]
            rng = random.Random(args.seed)
            print(f"{len(series)} mechanism series, {len(positions)} positions, {len(commitments)} commitments "
                  f"({len(fulfilled)} fulfilled) in the first {args.docs} readouts")
            print("\n=== mechanism series (hand check: a recurring meeting series, rightly named and numbered)")
            for n, item in enumerate(rng.sample(series, min(args.samples, len(series))), 1):
                rounds = [(r["round"], r["date"], r["place"], len(r["doc_ids"])) for r in item["rounds"]]
                sentence = db.execute("SELECT sentence FROM mechanisms WHERE name = ? LIMIT 1",
                                      (item["name"],)).fetchone()
                print(f"{n:2}. {item['name']!r} parties={_codes(item['parties'])} rounds (round, date, place, "
                      f"documents)={rounds} mentions={len(item['mentions'])}\n    <- {sentence[0]}")
            print("\n=== commitments marked fulfilled (hand check: the later event carries out the action)")
            for n, item in enumerate(rng.sample(fulfilled, min(args.samples, len(fulfilled))), 1):
                print(f"{n:2}. [{item['date']}] {describe('commitments', item)}"
                      f"\n    made: {item['evidence']['sentence']}"
                      f"\n    by [{item['fulfilled_by']['date']}]: {item['fulfilled_by'].get('evidence')}")
            print("\n=== positions (hand check: holder, stance and topic as the sentence states them)")
            for n, item in enumerate(rng.sample(positions, min(args.samples, len(positions))), 1):
                print(f"{n:2}. {describe('positions', item)}\n    <- {item['evidence']['sentence']}")


if __name__ == "__main__":
    main()
