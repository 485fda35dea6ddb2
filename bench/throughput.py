"""Throughput and memory of a full ingest against bare spaCy, on the same documents, in one run.

    python bench/throughput.py [--docs N] [--copies K] [--n-process P] [--batch-size B] [--batch-chars C]

Takes the first N documents (default: all) of ../shared/data/corpus (its three JSONL files, in
turn), repeated K times under new ids (to show that memory does not grow with the corpus), and
times, each in a fresh child process:
  bare  spaCy's own ``nlp.pipe`` over the texts (parser, tagger, NER; no communique component);
  full  ``communique ingest``'s library call: reading, coding and writing into a new SQLite store.
The clock starts once each phase's pipeline is loaded (the load time is printed apart).
Prints words/s for both (words: whitespace-separated, counted once on the texts), their ratio
(full / bare; the issue's goal is >= 0.8) and each phase's peak resident memory: of its largest
process, and of all its processes together (sampled every 0.2 s with psutil, when installed).
Use the same ``--n-process`` for both: it is the knob that spreads the work over the cores
(spaCy's own worker processes for bare; communique's coding processes for full).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from time import perf_counter

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus"


def write_inputs(path: Path, docs: int | None, copies: int) -> tuple[int, int]:
    """The benchmark's documents as one JSONL file; returns (documents, words)."""
    lines = []
    for source in sorted(CORPUS.glob("*.jsonl")):
        lines += source.read_text(encoding="utf-8").split("\n")  # not splitlines(): texts hold U+2028
    lines = [line for line in lines if line.strip()][:docs]
    count = words = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for line in lines:
                item = json.loads(line)
                item["id"] = f"{item.get('id', count)}~{copy}"
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
                count += 1
                words += len(str(item.get("text", "")).split())
    return count, words


def peak_rss_mb() -> float:
    """The largest resident set of this process or of any child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024  # Linux reports KiB


class TreeMemory:
    """Samples the resident memory of this process and all its descendants, keeping the peak sum."""

    def __init__(self, every: float = 0.2) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)

    def _sample(self, every: float) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a process that just ended
                    total += process.memory_info().rss
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_phase(phase: str, inputs: Path, n_process: int, batch_size: int, batch_chars: int) -> dict:
    """One phase in this process; the clock starts once the pipeline is loaded."""
    loading = perf_counter()
    with TreeMemory() as tree:
        if phase == "bare":
            from communique.nlp import load_pipeline
            from communique.read import read_inputs
            from communique.read.document import Document

            nlp = load_pipeline(components=())
            started = perf_counter()
            texts = (d.text for d in read_inputs([str(inputs)]) if isinstance(d, Document))
            for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
                pass
            extra = {}
        else:
            from communique.ingest import ingest
            from communique.pipeline import Coder
            from communique.store.db import Store

            with Coder(batch_size=batch_size, batch_chars=batch_chars, n_process=n_process) as coder:
                started = perf_counter()
                with tempfile.TemporaryDirectory() as tmp:
                    store_path = Path(tmp) / "bench.db"
                    with Store(store_path) as store:
                        report = ingest([str(inputs)], store, coder=coder)
                    extra = {"stored": report.stored, "events": report.stats.events,
                             "db_mb": round(store_path.stat().st_size / 2**20, 1)}
        seconds = perf_counter() - started
    return {"seconds": seconds, "load_seconds": round(started - loading, 1),
            "peak_rss_mb": round(peak_rss_mb()), "peak_rss_all_mb": round(tree.peak_mb), **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=None, help="the first N documents of the corpus (default all)")
    parser.add_argument("--copies", type=int, default=1, help="repeat the documents K times under new ids")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--batch-chars", type=int, default=50_000, help="full: at most C characters per batch")
    parser.add_argument("--only", choices=("bare", "full"), help="run one phase (e.g. memory of a large full ingest)")
    parser.add_argument("--phase", choices=("bare", "full"), help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:  # a child process: one phase, its figures as JSON on stdout
        print(json.dumps(run_phase(args.phase, args.inputs, args.n_process, args.batch_size,
                                   args.batch_chars)))
        return
    if not CORPUS.exists():
        sys.exit(f"skipped: corpus not found at {CORPUS} (the development data lives in ../shared/data)")

    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.jsonl"
        documents, words = write_inputs(inputs, args.docs, args.copies)
        print(f"{documents} documents, {words:,} words; n_process={args.n_process}, batch_size={args.batch_size}, "
              f"batch_chars={args.batch_chars} (full)")
        results = {}
        for phase in (args.only,) if args.only else ("bare", "full"):
            child = subprocess.run(
                [sys.executable, __file__, "--phase", phase, "--inputs", str(inputs),
                 "--n-process", str(args.n_process), "--batch-size", str(args.batch_size),
                 "--batch-chars", str(args.batch_chars)],
                capture_output=True, text=True, check=True)
            results[phase] = json.loads(child.stdout.strip().splitlines()[-1])
            r = results[phase]
            stored = f"  ({r['events']} events, store {r['db_mb']} MB)" if phase == "full" else ""
            print(f"{phase:5} {r['seconds']:8.1f} s {words / r['seconds']:9,.0f} words/s  (load {r['load_seconds']} s)"
                  f"  peak RSS {r['peak_rss_mb']:,} MB largest process, {r['peak_rss_all_mb']:,} MB all processes"
                  f"{stored}")
    ratio = results["bare"]["seconds"] / results["full"]["seconds"] if len(results) == 2 else None
    if ratio is not None:
        print(f"ratio (full ingest / bare spaCy speed): {ratio:.2f}")
    print(json.dumps({"documents": documents, "words": words, "ratio": ratio and round(ratio, 3), **results}))


if __name__ == "__main__":
    main()
