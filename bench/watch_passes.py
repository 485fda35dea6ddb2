"""What `communique watch --once` costs: the first N White House readouts of ../shared/data/corpus served
by a local HTTP server (tests/feedserver.py) as an RSS feed of summaries (200 characters) with one
article page per item, and three passes of `communique watch --once` over a new store, each a new
process: the first codes every item from its article page, the second is answered 304, the third gets
the feed again (a new ETag) with every item already seen.

    .venv/bin/python bench/watch_passes.py [--docs 50]

Prints each pass's wall time (process start included) and the requests the server got.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))
sys.path.insert(0, str(REPO))

from tests.feedserver import FeedServer, Route, article, rss  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50)
    args = parser.parse_args()
    corpus = SHARED / "data" / "corpus" / "us_whitehouse_readouts.jsonl"
    if not corpus.exists():
        sys.exit(f"corpus not found at {corpus} (set COMMUNIQUE_SHARED to the shared/ folder)")
    with corpus.open(encoding="utf-8") as lines:
        docs = [json.loads(line) for line, _ in zip(lines, range(args.docs), strict=False)]
    server = FeedServer()
    items = []
    for n, doc in enumerate(docs):
        title = doc.get("title") or f"readout {n}"
        items.append({"guid": doc.get("id") or f"readout-{n}", "title": title, "text": doc["text"][:200],
                      "link": f"/readouts/{n}.html", "published": (doc.get("published") or "")[:10] or None})
        server.routes[f"/readouts/{n}.html"] = Route(article(title, doc["text"].split("\n\n")),
                                                     content_type="text/html")
    server.routes["/feed.xml"] = Route(rss(items))
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "watch.db")

        def run(label: str) -> None:
            started = time.monotonic()
            result = subprocess.run([sys.executable, "-m", "communique", "watch", "--once", "--db", db, "--delay", "0",
                                     server.url + "/feed.xml"], capture_output=True, text=True, cwd=REPO)
            line = next((x for x in result.stderr.splitlines() if "feed.xml:" in x), result.stderr.strip())
            print(f"{label}: {time.monotonic() - started:.1f} s (exit {result.returncode}): {line}")

        run(f"first pass ({len(items)} new items, their article pages)")
        run("second pass (unchanged feed)")
        server.routes["/feed.xml"] = Route(rss(items) + b"\n")  # the same items, a new ETag
        run("third pass (feed served again, items seen)")
    print(f"requests: {len(server.log)} ({len(server.requests('/feed.xml'))} of the feed)")
    server.stop()


if __name__ == "__main__":
    main()
