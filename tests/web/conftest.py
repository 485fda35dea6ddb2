"""A real store and a real server for the API and browser tests: the demo samples (always), the seed
readout (when ../shared is there) and a hostile document are ingested by `communique ingest` into a
SQLite file, and `communique serve` runs over it as a subprocess on a free port."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, SEED

TOKEN = "test-token-7f3a"
HOSTILE_ID = "hostile-script"
HOSTILE_TITLE = "<script>alert('title')</script> Talks in Oslo"
HOSTILE = {
    "id": HOSTILE_ID, "published": "2025-02-03", "title": HOSTILE_TITLE, "source": "<b>bold outlet</b>",
    "url": "javascript:alert('url')",
    "text": "Oslo, 3 February -- Norway's Foreign Minister met the Foreign Minister of Colombia in Oslo on "
            "Monday. <script>alert('text')</script> <img src=x onerror=alert('img')> The two ministers agreed "
            "to hold regular consultations.",
}
LINKED_URL = "https://www.example.org/readouts/peru-chile?id=7&lang=en"
LINKED = {  # a document with a real source URL, for the event page's source link
    "id": "linked-readout", "published": "2025-03-05", "title": "Peru and Chile foreign ministers meet",
    "source": "example.org", "url": LINKED_URL,
    "text": "Lima, 5 March -- Peru's Foreign Minister met the Foreign Minister of Chile in Lima on Wednesday.",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "communique", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


@pytest.fixture(scope="session")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from communique.demo import samples_path

    folder = tmp_path_factory.mktemp("web-store")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n" + json.dumps(LINKED) + "\n", encoding="utf-8")
    db = folder / "web.db"
    inputs = [str(samples_path()), str(hostile)] + ([str(SEED)] if SEED.exists() else [])
    result = run_cli("ingest", "--db", str(db), *inputs)
    assert result.returncode == 0, result.stderr
    return db


class Server:
    """A `communique serve` process."""

    def __init__(self, db: Path, folder: Path, *, token: str | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"serve-{self.port}.log"
        args = ["serve", "--db", str(db), "--port", str(self.port), "--log-level", "warning"]
        env = {key: value for key, value in os.environ.items() if key != "COMMUNIQUE_TOKEN"}
        if token:
            token_file = folder / "token"
            token_file.write_text(token + "\n", encoding="utf-8")
            args += ["--token-file", str(token_file)]
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "communique", *args], cwd=REPO, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"communique serve exited {self.process.returncode}: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/api/summary", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"communique serve did not answer within 60 s: {self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture(scope="session")
def server(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(store_file, tmp_path_factory.mktemp("serve"), token=TOKEN)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


CHROMIUM = os.environ.get("COMMUNIQUE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: apt-get install chromium (or set COMMUNIQUE_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-background-networking"])
        yield launched
        launched.close()
