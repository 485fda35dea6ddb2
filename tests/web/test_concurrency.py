"""Reading while writing, with real processes: `communique serve` answers from a store that
`communique ingest` is writing, with no lock errors, and what it answers is consistent (counts only
grow; every listed event can be opened)."""

from __future__ import annotations

import subprocess
import sys

import httpx

from tests.test_resume import write_corpus
from tests.web.conftest import REPO, Server, run_cli


def test_serve_reads_consistently_while_ingest_writes(tmp_path):
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    write_corpus(first, 5)
    write_corpus(rest, 400)
    db = tmp_path / "live.db"
    assert run_cli("ingest", "--db", str(db), str(first)).returncode == 0
    server = Server(db, tmp_path, token=None)
    writer = subprocess.Popen([sys.executable, "-m", "communique", "ingest", "--db", str(db), str(rest)],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen, reads = [], 0
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            while writer.poll() is None or reads < 5:
                summary = client.get("/api/summary")
                assert summary.status_code == 200, summary.text
                seen.append(summary.json()["summary"]["documents"])
                listing = client.get("/api/events", params={"limit": 10})
                assert listing.status_code == 200, listing.text
                for event in listing.json()["events"]:
                    detail = client.get(f"/api/events/{event['event_id']}")
                    assert detail.status_code == 200, detail.text
                reads += 1
            final = client.get("/api/summary").json()["summary"]
    finally:
        server.stop()
    assert writer.wait() == 0, writer.stderr.read()[-2000:]
    assert seen == sorted(seen), "a reader saw the store shrink"
    assert final["documents"] == 400 and reads >= 5  # the first five documents are the same as the rest's first
    assert "database is locked" not in server.log.read_text()
