"""How fast `communique serve` answers: latency of the main API endpoints and dashboard pages over a
store of real documents, measured over HTTP against a real server process.

The store: the first N White House readouts of ../shared/data/corpus (ingested by `communique ingest`
into a temporary file), or an existing store given with --store. Each URL is requested --repeat times
one after another (after one warm-up request); the script prints p50, p95 and max in milliseconds and
the response size.

    .venv/bin/python bench/api_latency.py [--docs 300] [--store FILE] [--repeat 20]

The machine's load shapes the figures: run it on an otherwise idle machine for numbers to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "data" / "corpus" / "us_whitehouse_readouts.jsonl"


def build_store(folder: Path, docs: int) -> Path:
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS} (set COMMUNIQUE_SHARED, or give --store FILE)")
    sample = folder / "sample.jsonl"
    with CORPUS.open(encoding="utf-8") as source, sample.open("w", encoding="utf-8") as out:
        for count, line in enumerate(source):
            if count >= docs:
                break
            out.write(line)
    db = folder / "bench.db"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "communique", "ingest", "--db", str(db), str(sample)], check=True,
                   cwd=REPO, capture_output=True)
    print(f"ingested {docs} readouts in {time.perf_counter() - started:.1f} s into {db}")
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--store")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-api-bench-") as folder:
        db = Path(args.store) if args.store else build_store(Path(folder), args.docs)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port),
                                   "--log-level", "warning"], cwd=REPO, stderr=subprocess.DEVNULL)
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                for _ in range(300):
                    try:
                        if client.get("/api/summary").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                summary = client.get("/api/summary").json()["summary"]
                print(f"store: {summary['documents']} documents, {summary['mentions']} mentions, "
                      f"{summary['events']} events; {args.repeat} requests per URL, one at a time")
                dyad = client.get("/api/dyads?limit=1").json()["dyads"][0]["dyad"]
                event = client.get("/api/events?limit=1").json()["events"][0]["event_id"]
                doc = max(client.get("/api/documents?limit=1000").json()["documents"], key=lambda d: d["mentions"])
                urls = [
                    "/api/events?limit=100", f"/api/events?dyad={dyad}&limit=100", "/api/events?q=security&limit=100",
                    "/api/events.csv?limit=1000", f"/api/events/{event}", f"/api/documents/{doc['doc_id']}",
                    f"/api/timeline?dyad={dyad}&by=month", "/api/actors", "/api/mechanisms", "/api/commitments",
                    "/", f"/dyads/{dyad}", f"/events/{event}", f"/documents/{doc['doc_id']}", "/mechanisms",
                    "/commitments", "/search?q=security",
                ]
                print(f"{'url':<58} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'bytes':>9}")
                for url in urls:
                    client.get(url, headers={"Accept": "text/html"})  # warm-up
                    times, size = [], 0
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        response = client.get(url, headers={"Accept": "text/html"})
                        times.append((time.perf_counter() - started) * 1000)
                        assert response.status_code == 200, (url, response.status_code)
                        size = len(response.content)
                    times.sort()
                    p95 = times[max(0, round(0.95 * len(times)) - 1)]
                    print(f"{url[:58]:<58} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {size:9,}")
                print(json.dumps({"dyad": dyad, "document": doc["doc_id"], "document_mentions": doc["mentions"]}))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
