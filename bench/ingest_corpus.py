"""Ingest the development corpus (../shared/data/corpus, about 10,000 documents) into a fresh store and
print the time, the database size, documents, mentions, events and the dedup ratio; then ingest the
same inputs again and show that nothing changed.

    .venv/bin/python bench/ingest_corpus.py [--db /tmp/corpus.db] [--n-process 1] [--limit N]

Coding runs about 12 documents/s on one core, so the whole corpus takes 15 minutes or more.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def fingerprint(db) -> str:
    digest = hashlib.sha256()
    for table in ("documents", "mentions", "events", "event_actors", "event_pairs"):
        columns = "*" if table != "documents" else "doc_id, status, text_hash, record"
        for row in db.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2"):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "communique-corpus.db")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus file (a quick run)")
    args = parser.parse_args()
    corpus = SHARED / "data" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"skipped: no corpus at {corpus} (set COMMUNIQUE_SHARED)")
    inputs = sorted(str(p) for p in corpus.glob("*.jsonl"))
    if args.limit:
        folder = Path(tempfile.mkdtemp())
        for name in inputs:
            with open(name, encoding="utf-8") as source:
                (folder / Path(name).name).write_text("".join(itertools.islice(source, args.limit)), encoding="utf-8")
        inputs = sorted(str(p) for p in folder.glob("*.jsonl"))
    for stale in args.db.parent.glob(args.db.name + "*"):
        stale.unlink()

    from communique.ingest import ingest
    from communique.pipeline import Coder
    from communique.store import Store, query

    print(f"inputs: {', '.join(Path(i).name for i in inputs)}; store: {args.db}", flush=True)
    with Store(args.db) as store:
        started = time.perf_counter()
        report = ingest(inputs, store, coder=Coder(n_process=args.n_process))
        elapsed = time.perf_counter() - started
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        summary = query.summary(store)
        db = store.connection
        syndicated = db.execute("SELECT count(*) FROM events WHERE num_articles < num_documents").fetchone()[0]
        multi = db.execute("SELECT count(*) FROM events WHERE num_mentions > 1").fetchone()[0]
        top = db.execute("SELECT max(num_mentions) FROM events").fetchone()[0]
        print(f"first ingest: {report.summary()}")
        print(f"time {elapsed:.0f} s ({summary['documents'] / elapsed:.1f} docs/s), "
              f"database {size(args.db) / 1e6:.1f} MB")
        print(f"documents {summary['documents']} (coded {summary['documents_coded']}, skipped "
              f"{summary['documents_skipped']}, failed {summary['documents_failed']}); mentions "
              f"{summary['mentions']}; events {summary['events']}; dedup ratio {summary['dedup_ratio']} mentions/event")
        print(f"events with more than one mention {multi}; with syndicated copies {syndicated}; "
              f"most mentions of one event {top}")
        before = fingerprint(db)
        started = time.perf_counter()
        again = ingest(inputs, store, coder=Coder(n_process=args.n_process))
        print(f"second ingest of the same inputs: {again.summary()} in {time.perf_counter() - started:.1f} s; "
              f"store unchanged: {fingerprint(db) == before}")


if __name__ == "__main__":
    main()
