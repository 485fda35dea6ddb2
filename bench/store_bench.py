"""SQLite or DuckDB for the store? Measures the two things that decide it and prints the figures.

1. Scale: generate a store of N deduplicated events (default 10,000,000; synthetic: 150 country codes
   with Zipf-like frequencies, 2000-2025, CAMEO codes from communique's table, 2% three-party events)
   and time the dyad timeline (``query.timeline``, goal < 0.5 s), an actor timeline, a filtered event
   list, and a whole-store aggregate; then the same aggregates in DuckDB (its own file, and over a
   Parquet file) when ``duckdb`` is installed (``pip install duckdb==2.0.1``).
2. Concurrency: reader processes running timelines and event lists while a writer process stores
   documents through ``Store.write``; reader latency and writer throughput, with and without the
   other side; and whether DuckDB lets a second process read a file that a writer has open.

    .venv/bin/python bench/store_bench.py [--events 10000000] [--dir /tmp/communique-bench] [--seconds 20]

The machine's load shapes the figures: run it on an otherwise idle machine for numbers to compare.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import random
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

from communique.store import Store, query

CODES = 150
START = np.datetime64("2000-01-01")
DAYS = int((np.datetime64("2025-12-31") - START).astype(int))


def cameo_table() -> list[tuple[str, str, float, str | None, int]]:
    text = resources.files("communique.events").joinpath("data", "cameo.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    table = []
    for row in rows:
        root = int(row["root"])
        quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        table.append((row["code"], row["root"], float(row["goldstein"]), row["plover_type"] or None, quad))
    return table


def codes() -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [f"C{letters[i // 26 % 26]}{letters[i % 26]}" for i in range(CODES)]


def timed(function, *args, repeat: int = 5, **kwargs) -> tuple[float, float, object]:
    """(first run, median of the next ``repeat``) in seconds, and the result."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    first = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), result


# --- 1. scale -----------------------------------------------------------------------------------


def generate(path: Path, n: int, seed: int = 7) -> dict:
    """A store of ``n`` events written straight into the events tables (no mentions), in bulk."""
    rng = np.random.default_rng(seed)
    names = np.array(codes())
    weights = 1 / np.arange(1, CODES + 1) ** 1.1
    weights /= weights.sum()
    a = rng.choice(CODES, n, p=weights)
    b = rng.choice(CODES, n, p=weights)
    b = np.where(a == b, (b + 1) % CODES, b)
    third = np.where(rng.random(n) < 0.02, rng.choice(CODES, n, p=weights), -1)
    third = np.where((third == a) | (third == b), -1, third)
    dates = (START + rng.integers(0, DAYS, n)).astype(str)
    table = cameo_table()
    kinds = rng.integers(0, len(table), n)
    negated = (rng.random(n) < 0.02).astype(int)
    modality = np.array(["asserted", "future", "hypothetical"])[rng.choice(3, n, p=[0.95, 0.04, 0.01])]
    mentions = rng.geometric(0.4, n)
    sources = np.minimum(mentions, rng.integers(1, 6, n))

    def rows(lo: int, hi: int):
        for i in range(lo, hi):
            code, root, goldstein, plover, quad = table[kinds[i]]
            actor, recipient = names[a[i]], names[b[i]]
            if third[i] >= 0:
                actor_codes, dyad = ";".join(sorted((actor, names[third[i]]))), None
            else:
                actor_codes, dyad = actor, "-".join(sorted((actor, recipient)))
            yield (f"{i:016x}", dates[i], "day", plover, code, root, goldstein, quad, actor_codes, recipient, dyad,
                   int(negated[i]), modality[i], int(mentions[i]), int(sources[i]), int(sources[i]),
                   int(sources[i]), "met")

    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    with Store(path) as store:
        db = store.connection
        indexes = [row[0] for row in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")]
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                                  ).fetchall():
            db.execute(f"DROP INDEX {name}")  # bulk load first, index after: as any bulk loader does
        for lo in range(0, n, 500_000):
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO events (event_id, date, date_precision, plover_type, cameo_code, cameo_root, goldstein,"
                " quad_class, actor_codes, recipient_codes, dyad, negated, modality, num_mentions, num_sources,"
                " num_articles, num_documents, trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows(lo, min(n, lo + 500_000)))
            db.execute("COMMIT")
        # The index tables and the rollup, as Store.write keeps them, built in bulk (sorted inserts).
        db.execute("BEGIN")
        db.execute("INSERT INTO event_actors (code, date, event_id) SELECT code, date, event_id FROM ("
                   " SELECT recipient_codes AS code, date, event_id FROM events"
                   " UNION ALL SELECT actor_codes, date, event_id FROM events WHERE instr(actor_codes, ';') = 0"
                   " UNION ALL SELECT substr(actor_codes, 1, 3), date, event_id FROM events"
                   "  WHERE instr(actor_codes, ';') > 0"
                   " UNION ALL SELECT substr(actor_codes, 5, 3), date, event_id FROM events"
                   "  WHERE instr(actor_codes, ';') > 0"
                   ") ORDER BY 1, 2, 3")
        fields = "date, event_id, negated, modality, num_mentions, goldstein, quad_class"
        three = ("FROM (SELECT substr(actor_codes, 1, 3) AS x, substr(actor_codes, 5, 3) AS z, recipient_codes AS y,"
                 f" {fields} FROM events WHERE dyad IS NULL)")
        pairs = (f"SELECT dyad AS subject, {fields} FROM events WHERE dyad IS NOT NULL"
                 f" UNION ALL SELECT x || '-' || z, {fields} {three}"
                 f" UNION ALL SELECT min(x, y) || '-' || max(x, y), {fields} {three}"
                 f" UNION ALL SELECT min(z, y) || '-' || max(z, y), {fields} {three}")
        db.execute("INSERT INTO event_pairs (dyad, date, event_id) SELECT subject, date, event_id FROM"
                   f" ({pairs}) ORDER BY 1, 2, 3")
        db.execute("COMMIT")
        db.execute("BEGIN")
        db.execute("INSERT INTO timeline_days SELECT subject, date, negated, modality, count(*), sum(num_mentions),"
                   " sum(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),"
                   " sum(quad_class = 4) FROM (SELECT k.code AS subject, e.date, e.event_id, e.negated, e.modality,"
                   " e.num_mentions, e.goldstein, e.quad_class FROM event_actors k"
                   f" JOIN events e ON e.event_id = k.event_id UNION ALL {pairs})"
                   " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")
        db.execute("COMMIT")
        loaded = time.perf_counter() - started
        print(f"rows, index tables and rollup in {loaded:.0f} s", flush=True)
        for sql in indexes:
            db.execute(sql)
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        built = time.perf_counter() - started
    arrays = {"dyad": ["-".join(sorted((names[x], names[y]))) if z < 0 else None for x, y, z in zip(a, b, third,
                                                                                                   strict=True)],
              "date": dates, "date_precision": np.full(n, "day"), "negated": negated.astype(bool),
              "modality": modality, "goldstein": np.array([table[k][2] for k in kinds]),
              "quad_class": np.array([table[k][4] for k in kinds]), "num_mentions": mentions}
    return {"load_s": loaded, "total_s": built, "arrays": arrays}


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6


TIMELINE_SQL = ("SELECT substr(date, 1, 7) AS period, count(*) AS events, sum(num_mentions) AS mentions,"
                " sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,"
                " sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS quad1,"
                " sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS quad2,"
                " sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS quad3,"
                " sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS quad4"
                " FROM {table} WHERE dyad = ? AND negated = false AND date_precision IN ('day', 'month')"
                " GROUP BY period ORDER BY period")
WHOLE_SQL = ("SELECT substr(date, 1, 4) AS year, quad_class, count(*), sum(goldstein) FROM {table}"
             " GROUP BY year, quad_class ORDER BY year, quad_class")


def scale(folder: Path, n: int) -> None:
    path = folder / "scale.db"
    print(f"\n== 1. scale: {n:,} events ==", flush=True)
    made = generate(path, n)
    print(f"generated in {made['total_s']:.0f} s (rows {made['load_s']:.0f} s, then indexes); "
          f"SQLite file {size_mb(path):,.0f} MB", flush=True)
    names = codes()
    top, middle = f"{names[0]}-{names[1]}", f"{names[10]}-{names[30]}"
    with Store(path, create=False) as store:
        for dyad in (top, middle):
            count = query.count_events(store, dyad=dyad, negated=None)
            first, warm, rows = timed(query.timeline, store, dyad=dyad, by="month")
            print(f"SQLite dyad timeline {dyad} ({count:,} events, {len(rows)} months): first {first:.3f} s, "
                  f"warm median {warm:.3f} s", flush=True)
        first, warm, rows = timed(query.timeline, store, dyad=top, by="day")
        print(f"SQLite dyad timeline {top} by day ({len(rows)} days): first {first:.3f} s, warm {warm:.3f} s")
        first, warm, _ = timed(query.timeline, store, actor=names[40], by="month", repeat=3)
        count = query.count_events(store, actor=names[40], negated=None)
        print(f"SQLite actor timeline {names[40]} ({count:,} events): first {first:.3f} s, warm {warm:.3f} s")
        first, warm, _ = timed(query.list_events, store, dyad=top, limit=50)
        print(f"SQLite list_events dyad {top}, newest 50: first {first:.3f} s, warm {warm:.3f} s")
        first, warm, _ = timed(lambda: store.connection.execute(WHOLE_SQL.format(table="events")).fetchall(),
                               repeat=1)
        print(f"SQLite whole-store aggregate (year x quad class over {n:,} events): first {first:.2f} s, "
              f"again {warm:.2f} s", flush=True)
    try:
        import duckdb
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        print("DuckDB: not installed (pip install duckdb==2.0.1); skipped")
        return
    arrow = pa.table(made["arrays"])
    pq.write_table(arrow, folder / "scale.parquet")
    duck_path = folder / "scale.duckdb"
    for stale in folder.glob("scale.duckdb*"):
        stale.unlink()
    started = time.perf_counter()
    duck = duckdb.connect(str(duck_path))
    duck.execute("CREATE TABLE events AS SELECT * FROM arrow")
    print(f"DuckDB {duckdb.__version__}: loaded in {time.perf_counter() - started:.0f} s, "
          f"file {size_mb(duck_path):,.0f} MB")
    for table, label in (("events", "own file"), (f"read_parquet('{folder / 'scale.parquet'}')", "Parquet")):
        for dyad in (top, middle):
            first, warm, rows = timed(lambda t=table, d=dyad: duck.execute(TIMELINE_SQL.format(table=t),
                                                                            [d]).fetchall())
            print(f"DuckDB ({label}) dyad timeline {dyad} ({len(rows)} months): first {first:.3f} s, "
                  f"warm median {warm:.3f} s")
        first, warm, _ = timed(lambda t=table: duck.execute(WHOLE_SQL.format(table=t)).fetchall(), repeat=3)
        print(f"DuckDB ({label}) whole-store aggregate: first {first:.3f} s, warm {warm:.3f} s", flush=True)
    duck.close()


# --- 2. concurrency -------------------------------------------------------------------------------


def synthetic_record(rng: random.Random, number: int) -> tuple[dict, str]:
    names = codes()[:20]
    events = []
    for k in range(10):
        a, b = rng.sample(names, 2)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append({
            "id": f"{number:08x}{k:02x}", "actor": [{"text": a, "code": a, "sector": "GOV", "name": None,
                                                      "start": 0, "end": 3}],
            "recipient": [{"text": b, "code": b, "sector": "GOV", "name": None, "start": 8, "end": 11}],
            "plover": {"type": "CONSULT", "mode": None, "context": []},
            "cameo": {"code": "040", "root": "04", "goldstein": 1.0, "quad_class": 1},
            "date": {"value": day, "precision": "day"}, "location": None, "negated": False,
            "modality": "asserted", "evidence": {"sentence": f"{a} met {b}.", "start": 0, "end": 12,
                                                 "trigger": "met"},
            "confidence": 0.9, "rule": "consult.meet"})
    record = {"doc_id": f"doc-{number}", "status": "coded", "reason": None, "published": "2024-06-01",
              "title": None, "source": f"outlet-{number % 7}", "url": None, "event_date": None,
              "location": None, "events": events, "positions": [], "commitments": [], "mechanisms": [],
              "warnings": []}
    return record, f"text of document {number}"


def writer(path: str, seconds: float, offset: int, out: mp.Queue) -> None:
    rng = random.Random(offset)
    stored, latencies = 0, []
    deadline = time.perf_counter() + seconds
    with Store(path) as store:
        while time.perf_counter() < deadline:
            batch = [synthetic_record(rng, offset + stored + i) for i in range(100)]
            started = time.perf_counter()
            store.write(batch)
            latencies.append(time.perf_counter() - started)
            stored += len(batch)
    out.put(("writer", stored / seconds, latencies))


def reader(path: str, seconds: float, seed: int, out: mp.Queue) -> None:
    rng = random.Random(seed)
    names = codes()[:20]
    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    with Store(path, create=False) as store:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                query.timeline(store, dyad=rng.sample(names, 2), by="month")
                query.list_events(store, actor=rng.choice(names), limit=50)
            except Exception:  # a reader that cannot read is what this measures
                errors += 1
            latencies.append(time.perf_counter() - started)
    out.put(("reader", errors, latencies))


def run_processes(path: Path, seconds: float, writers: int, readers: int, offset: int) -> dict:
    out: mp.Queue = mp.Queue()
    procs = [mp.Process(target=writer, args=(str(path), seconds, offset, out)) for _ in range(writers)]
    procs += [mp.Process(target=reader, args=(str(path), seconds, seed, out)) for seed in range(readers)]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    return {"writes": [r for r in results if r[0] == "writer"], "reads": [r for r in results if r[0] == "reader"]}


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def concurrency(folder: Path, seconds: float) -> None:
    print(f"\n== 2. readers while a writer writes ({seconds:.0f} s per run) ==", flush=True)
    path = folder / "concurrent.db"
    for stale in folder.glob("concurrent.db*"):
        stale.unlink()
    with Store(path) as store:  # a store with some history: 20,000 documents, 200,000 mentions
        rng = random.Random(1)
        for start in range(0, 20_000, 500):
            store.write([synthetic_record(rng, 10_000_000 + start + i) for i in range(500)])
    offset = 0
    for label, writers, readers in (("writer alone", 1, 0), ("2 readers alone", 0, 2),
                                    ("1 writer + 2 readers", 1, 2)):
        result = run_processes(path, seconds, writers, readers, offset)
        offset += 1_000_000
        parts = [label + ":"]
        for _, rate, latencies in result["writes"]:
            parts.append(f"writer {rate:.0f} docs/s (10 mentions each), commit of 100 docs p50 "
                         f"{pct(latencies, 0.5) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms;")
        reads = [lat for _, _, lats in result["reads"] for lat in lats]
        errors = sum(errors for _, errors, _ in result["reads"])
        if reads:
            parts.append(f"readers {len(reads) / seconds:.1f} queries/s, latency p50 {pct(reads, 0.5) * 1000:.0f} ms,"
                         f" p95 {pct(reads, 0.95) * 1000:.0f} ms, max {max(reads) * 1000:.0f} ms, errors {errors}")
        print(" ".join(parts), flush=True)
    try:
        import duckdb
    except ImportError:
        return
    duck_path = folder / "concurrent.duckdb"
    for stale in folder.glob("concurrent.duckdb*"):
        stale.unlink()
    held = duckdb.connect(str(duck_path))
    held.execute("CREATE TABLE events (event_id VARCHAR, dyad VARCHAR)")
    held.execute("INSERT INTO events VALUES ('a', 'CHN-RUS')")
    probe = mp.get_context("spawn").Process(target=_duck_reader, args=(str(duck_path),))
    probe.start()
    probe.join()
    held.close()


def _duck_reader(path: str) -> None:
    import duckdb

    try:
        duckdb.connect(path, read_only=True).execute("SELECT count(*) FROM events").fetchall()
        print("DuckDB: a second process read the file while the writer held it")
    except duckdb.Error as error:
        print(f"DuckDB: a second process cannot read while a writer holds the file: {str(error).splitlines()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/communique-bench"))
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-concurrency", action="store_true")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"SQLite {__import__('sqlite3').sqlite_version}; Python {sys.version.split()[0]}; files in {args.dir}")
    if not args.skip_scale:
        scale(args.dir, args.events)
    if not args.skip_concurrency:
        concurrency(args.dir, args.seconds)


if __name__ == "__main__":
    main()
