"""Batches bounded by documents and characters, and coding processes: same records, less memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from communique.pipeline import Coder, _batches
from communique.read import read_inputs
from communique.read.document import Document, Unreadable

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "communique" / "demo" / "samples" / "readouts.jsonl"


def doc(n: int, length: int) -> Document:
    return Document(id=f"d{n}", text="x" * length)


def skipped(n: int) -> Unreadable:
    return Unreadable(id=f"u{n}", status="skipped", origin="test", reason="empty")


@pytest.mark.parametrize(("lengths", "size", "chars", "expected"), [
    ([10, 10, 10], 64, 100, [[0, 1, 2]]),           # all fit
    ([10, 10, 10], 2, 100, [[0, 1], [2]]),          # the document count closes a batch
    ([60, 30, 20, 50], 64, 100, [[0, 1], [2, 3]]),  # the character budget closes one
    ([30, 250, 30], 64, 100, [[0], [1], [2]]),      # a longer document is a batch of its own
    ([100, 1], 64, 100, [[0], [1]]),                # exactly the budget, then the next
    ([], 64, 100, []),
])
def test_batches_keep_to_both_bounds_and_the_order(lengths, size, chars, expected):
    items = [doc(n, length) for n, length in enumerate(lengths)]
    batches = list(_batches(items, size, chars))
    assert [[int(item.id[1:]) for item in batch] for batch in batches] == expected


def test_unreadable_items_cost_no_characters():
    items = [doc(0, 90), skipped(1), skipped(2), doc(3, 10)]
    assert [[item.id for item in batch] for batch in _batches(items, 64, 100)] == [["d0", "u1", "u2", "d3"]]


@pytest.mark.parametrize("options", [{"batch_size": 0}, {"batch_chars": 0}, {"n_process": 0}])
def test_bounds_below_one_are_refused(options):
    with pytest.raises(ValueError, match="at least 1"):
        Coder(**options)


def corpus() -> list:
    """The bundled samples and a few unreadable inputs, in one stream."""
    return [*read_inputs([str(SAMPLES)]), skipped(0),
            Document(id="ru", text="Президент России провёл переговоры с председателем КНР в Москве. " * 3)]


def as_json(records: list[dict]) -> list[str]:
    return [json.dumps(record, sort_keys=True) for record in records]


def test_small_batches_give_the_same_records(coder):
    """Batch boundaries are invisible in the output: one document per batch codes identically."""
    items = corpus()
    one_batch = as_json(coder.code(items))
    longest = max(len(item.text) for item in items if isinstance(item, Document))
    small = Coder(nlp=coder.nlp, batch_size=1, batch_chars=longest)  # one document a batch, none cut
    assert as_json(small.code(items)) == one_batch
    assert small.stats.documents == len(items) and small.stats.words == coder.stats.words


def test_coding_processes_give_the_same_records_and_counts(coder):
    items = corpus()
    expected = as_json(coder.code(items))
    with Coder(n_process=2, batch_chars=2_000) as parallel:  # several batches per process
        assert parallel.nlp is None  # the calling process loads no pipeline of its own
        assert as_json(parallel.code(items)) == expected
        assert parallel.stats.by_status == coder.stats.by_status
        assert (parallel.stats.words, parallel.stats.events) == (coder.stats.words, coder.stats.events)
        assert as_json(parallel.code(items[:3])) == expected[:3]  # the processes serve a second call
    with pytest.raises(ValueError, match="only be used in this process"):
        Coder(nlp=coder.nlp, n_process=2)


def test_cli_ingest_with_two_coding_processes_matches_one(tmp_path):
    """`communique ingest --n-process 2` as a real process stores what `--n-process 1` stores."""
    from communique.store import Store, query

    counts = []
    for n in (1, 2):
        db = tmp_path / f"n{n}.db"
        run = subprocess.run([sys.executable, "-m", "communique", "ingest", str(SAMPLES), "--db", str(db),
                              "--n-process", str(n), "--batch-chars", "3000"],
                             capture_output=True, text=True, cwd=REPO, timeout=300)
        assert run.returncode == 0, run.stderr
        with Store(db, create=False) as store:
            totals = query.summary(store)
            events = [(e["event_id"], e["num_mentions"]) for e in query.list_events(store, limit=None, negated=None)]
        counts.append((totals["documents"], totals["mentions"], totals["events"], sorted(events)))
    assert counts[0] == counts[1] and counts[0][2] > 0


def test_cli_refuses_zero_processes(tmp_path):
    run = subprocess.run([sys.executable, "-m", "communique", "code", str(SAMPLES), "--n-process", "0"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "--n-process" in run.stderr


def test_a_coding_process_that_dies_gives_a_clear_error():
    import multiprocessing
    import os
    import signal

    from communique.errors import CommuniqueError

    with Coder(n_process=2) as parallel:
        victim = multiprocessing.active_children()[0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=30)
        with pytest.raises(CommuniqueError, match=r"\[E014\] a coding process died"):
            list(parallel.code(corpus()))


@pytest.mark.parametrize(("text", "budget", "expected"), [
    ("short", 10, ["short"]),
    ("para one.\npara two.\npara three.", 15, ["para one.\n", "para two.\n", "para three."]),
    ("One. Two. Three. Four. Five.", 12, ["One. Two. ", "Three. ", "Four. Five."]),  # no line break: after a full stop
    ("aaaa bbbb cccc dddd", 7, ["aaaa ", "bbbb ", "cccc ", "dddd"]),       # no full stop: after a space
    ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),                          # one unbroken run: at the budget
    ("a\n" + "b" * 30, 10, ["a\n" + "b" * 8, "b" * 10, "b" * 10, "bb"]),  # a break in the first half is too early
])
def test_sections_cut_where_sentences_end_and_join_back(text, budget, expected):
    from communique.pipeline import _sections

    sections = list(_sections(text, budget))
    assert "".join(sections) == text
    assert all(0 < len(section) <= budget for section in sections)
    assert sections == expected


def test_a_document_longer_than_the_budget_is_coded_in_sections_like_a_whole(coder):
    """A document over ``batch_chars`` is parsed a section at a time and coded whole: the same
    events, positions and commitments, with offsets into the whole text."""
    texts = [item.text for item in read_inputs([str(SAMPLES)]) if isinstance(item, Document)]
    long = Document(id="long", text="\n\n".join(texts), published="2024-05-16")
    [(whole, words)] = coder.code_batch([long])
    sectioned = Coder(nlp=coder.nlp, batch_chars=400)
    [(record, section_words)] = sectioned.code_batch([long])
    assert len(long.text) > 4 * 400 and record["status"] == "coded"
    assert words == section_words
    for key in ("events", "positions", "commitments", "mechanisms", "event_date", "location"):
        assert record[key] == whole[key], key
    for event in record["events"]:
        evidence = event["evidence"]
        assert long.text[evidence["start"]:evidence["end"]] == evidence["sentence"]


def test_coding_processes_end_when_their_ingest_is_killed(tmp_path):
    """kill -9 of `communique ingest --n-process 2` leaves no coding process behind."""
    import os
    import signal
    import time

    psutil = pytest.importorskip("psutil", reason="psutil (installed with the test extras) lists the processes")
    texts = [item.text for item in read_inputs([str(SAMPLES)]) if isinstance(item, Document)]
    inputs = tmp_path / "many.jsonl"
    inputs.write_text("\n".join(json.dumps({"id": f"d{n}", "text": texts[n % len(texts)] + f" ({n})"})
                                for n in range(5_000)), encoding="utf-8")
    ingest = subprocess.Popen([sys.executable, "-m", "communique", "ingest", str(inputs), "--db",
                               str(tmp_path / "x.db"), "--n-process", "2"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            workers = [p for p in psutil.Process(ingest.pid).children(recursive=True)
                       if "spawn_main" in " ".join(p.cmdline())]
            if len(workers) == 2:
                break
            time.sleep(0.5)
        assert len(workers) == 2, "the coding processes never started"
        time.sleep(3)
    finally:
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait()
    _, alive = psutil.wait_procs(workers, timeout=20)
    # a dead process whose parent was killed may stay a zombie until some init reaps it: dead all the same
    alive = [p for p in alive if _running(p, psutil)]
    for process in alive:
        process.kill()
    assert not alive, f"{len(alive)} coding process(es) outlived the killed ingest"


def _running(process, psutil) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
