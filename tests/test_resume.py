"""Crash safety of ingest with real processes: kill -9 in the middle of an ingest, rerun, and the store
holds exactly what one uninterrupted ingest stores — nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from communique.store import Store, query

COMMAND = str(Path(sys.executable).parent / "communique")  # the console script installed with the package
COUNTRIES = ["Japan", "India", "Brazil", "Kenya", "Chile", "Egypt", "Norway", "Vietnam"]


def write_corpus(path: Path, documents: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(documents):
            a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
            text = f"{a} and {b} held talks on trade on Monday. {a} condemned the attack on the border post {i}."
            out.write(json.dumps({"id": f"doc-{i}", "text": text, "published": "2024-05-06"}) + "\n")


def stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def totals(db: Path) -> dict:
    with Store(db, create=False) as store:
        summary = query.summary(store)
    return {key: summary[key] for key in ("documents", "mentions", "events")}


def test_kill_9_then_rerun_loses_nothing_and_duplicates_nothing(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 500)
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    subprocess.run([COMMAND, "ingest", "--db", str(clean), str(corpus)], check=True, capture_output=True, timeout=900)

    process = subprocess.Popen([COMMAND, "ingest", "--db", str(crashed), str(corpus)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while stored_documents(crashed) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)  # wait until at least one batch is committed
    assert process.poll() is None, "the ingest ended before it could be killed: make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = stored_documents(crashed)
    assert 0 < partial < 500

    rerun = subprocess.run([COMMAND, "ingest", "--db", str(crashed), str(corpus)], capture_output=True, text=True,
                           timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{partial} unchanged" in rerun.stderr  # what was committed before the kill is not coded again
    assert totals(crashed) == totals(clean)


def test_a_rerun_over_inputs_that_broke_meanwhile_keeps_what_was_coded(tmp_path):
    """Ingest a folder; then one file is emptied, one .gz truncated, one made unreadable; the rerun
    records each failed attempt but deletes none of the coded documents or their events."""
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {name: f"{a} and {b} held talks on trade on Monday. {a} condemned the attack on the border post."
             for name, (a, b) in zip(("a", "b", "c", "d"), [("Japan", "India"), ("Brazil", "Kenya"),
                                                            ("Chile", "Egypt"), ("Norway", "Vietnam")], strict=True)}
    for name in ("a", "b", "d"):
        (folder / f"{name}.txt").write_text(texts[name])
    (folder / "c.txt.gz").write_bytes(gzip.compress(texts["c"].encode()))
    db = tmp_path / "s.db"
    subprocess.run([COMMAND, "ingest", "--db", str(db), str(folder)], check=True, capture_output=True)
    before = totals(db)
    assert before["documents"] == 4 and before["events"] > 0

    (folder / "a.txt").write_text("")
    (folder / "c.txt.gz").write_bytes((folder / "c.txt.gz").read_bytes()[:12])
    (folder / "b.txt").chmod(0)
    try:
        rerun = subprocess.run([COMMAND, "ingest", "--db", str(db), str(folder)], capture_output=True, text=True)
    finally:
        (folder / "b.txt").chmod(0o644)
    assert totals(db) == before  # nothing deleted
    with Store(db, create=False) as store:
        documents = {row["doc_id"]: row for row in store.connection.execute("SELECT doc_id, status, reason "
                                                                            "FROM documents")}
    assert {doc_id: row["status"] for doc_id, row in documents.items()} == dict.fromkeys(documents, "coded")
    assert "last re-read skipped" in documents["a"]["reason"]
    assert "last re-read failed" in documents["c"]["reason"]
    if os.geteuid() != 0:  # root reads a file whatever its mode
        assert "last re-read failed" in documents["b"]["reason"]
    assert "Traceback" not in rerun.stderr


def test_sigterm_and_ctrl_c_write_what_is_coded_and_say_so(tmp_path):
    """SIGTERM or Ctrl-C during an ingest: every coded document is written (not only whole write batches),
    a line says what was stored, the exit status is 130, and a rerun finishes the job."""
    source = tmp_path / "corpus.jsonl"
    write_corpus(source, 3000)
    for sig in (signal.SIGTERM, signal.SIGINT):
        db = tmp_path / f"{sig.name}.db"
        # Ctrl-C as in a terminal: a test run started in the background (CI, `&`) hands its children SIGINT
        # ignored, which a program rightly keeps (nohup); the child gets the terminal's default back
        ingest = subprocess.Popen([COMMAND, "ingest", "--db", str(db), "--n-process", "1", str(source)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 240
        while stored_documents(db) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # into the next write batch
        ingest.send_signal(sig)
        _, stderr = ingest.communicate(timeout=120)
        assert ingest.returncode == 130, stderr
        assert "interrupted:" in stderr and "rerun" in stderr and "Traceback" not in stderr
        stopped = stored_documents(db)
        assert 0 < stopped < 3000
        read = int(re.search(r"(\d+) documents \(", stderr).group(1))
        stored = int(re.search(r"(\d+) stored", stderr).group(1))
        assert read == stored == stopped  # every document read and coded was written, the open batch too
        subprocess.run([COMMAND, "ingest", "--db", str(db), str(source)], check=True, capture_output=True)
        assert totals(db)["documents"] == 3000


def test_a_rerun_while_a_file_that_shares_ids_is_broken_keeps_every_document(tmp_path):
    """Ids are renamed in input order ('x', 'x#2', ...): when the file holding 'x' cannot be read on a
    rerun, the next file's documents shift onto the earlier ids ('x#2' is read as 'x'). They are found
    under their own stored ids by their texts, and replace nothing."""
    from communique.ingest import ingest_paths

    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    first = "".join(json.dumps({"id": "x", "text": f"{a} and {b} held talks on trade on Monday."}) + "\n"
                    for a, b in (("Japan", "India"), ("Brazil", "Kenya")))
    second = "".join(json.dumps({"id": "x", "text": f"{a} and {b} held talks on trade on Tuesday."}) + "\n"
                     for a, b in (("Chile", "Egypt"), ("Norway", "Vietnam"), ("Peru", "Ghana")))
    (folder / "a" / "docs.jsonl").write_text(first)
    (folder / "b" / "docs.jsonl").write_text(second)
    db = tmp_path / "s.db"
    ingest_paths([str(folder)], db)

    def texts() -> dict:
        with Store(db, create=False) as store:
            return dict(store.connection.execute("SELECT doc_id, text FROM documents").fetchall())

    before = texts()
    assert sorted(before) == ["x", "x#2", "x#3", "x#4", "x#5"]
    (folder / "a" / "docs.jsonl").write_text("")  # emptied for a while
    report = ingest_paths([str(folder)], db)
    assert report.unchanged == 3  # b's documents, found under their own ids
    assert {doc_id: text for doc_id, text in texts().items() if doc_id in before} == before
    (folder / "a" / "docs.jsonl").write_text(first)  # back again
    assert ingest_paths([str(folder)], db).unchanged == 5
    after = texts()
    assert {doc_id: after[doc_id] for doc_id in before} == before
    assert all(after[doc_id] is None for doc_id in set(after) - set(before))  # only the skipped record of the emptying


def test_a_failed_re_read_keeps_the_text_of_a_document_the_coder_skipped(tmp_path):
    """A document stored with its text but skipped by the coder (here: not English) keeps its text when
    a rerun cannot read its file; only coded documents were protected."""
    from communique.ingest import ingest_paths

    path = tmp_path / "ru.txt"
    path.write_text("Министры иностранных дел России и Китая провели переговоры в Москве в понедельник. "
                    "Стороны договорились продолжить консультации по вопросам стратегической стабильности.")
    db = tmp_path / "s.db"
    ingest_paths([str(path)], db)
    with Store(db, create=False) as store:
        [(status, reason, text)] = store.connection.execute("SELECT status, reason, text FROM documents").fetchall()
    assert status == "skipped" and reason.startswith("unsupported language") and text
    path.write_text("")
    ingest_paths([str(path)], db)
    with Store(db, create=False) as store:
        [(status, reason, kept)] = store.connection.execute("SELECT status, reason, text FROM documents").fetchall()
    assert kept == text and status == "skipped"
    assert reason.startswith("unsupported language") and "last re-read skipped: empty document" in reason
