"""A long fuzz run: generated and mutated inputs through the readers, the coding pipeline and a store.

    python bench/fuzz.py [--texts 10000] [--files 1000] [--corpus 300] [--seed 7]

Texts: random Unicode strings, readout-like sentences built from country names and diplomatic
verbs, and mutations of real corpus sentences (characters dropped, doubled, swapped or replaced by
odd ones: quotes, dashes, control characters, emoji, right-to-left marks, lone surrogates), coded
through ``Coder.code``. Each record is checked against the output contract: one record per input, a
known status, a one-line reason, offsets that slice the text, codes as strings. Files: random bytes
and broken documents under every suffix the readers know, read through ``read_inputs``.
Corpus: a folder of documents that collide and break, ingested into a real store with ``ingest`` (as
`communique ingest` does): files of one name in different folders and formats, JSON Lines ids repeated
within and across files, identical texts without ids, RSS items with one guid in one feed and across
feeds, lone surrogates (JSON escapes, UTF-8-encoded surrogate bytes); then files are emptied, truncated
(.gz, .jsonl), made unreadable or replaced by garbage, and the folder is ingested again; then they are
mended and it is ingested a third time. Every document carries a unique marker ("ref-F00042"), so each
input must yield exactly one stored document with its text, after every run.
Prints the counts: inputs, records by status, contract violations, crashes (exceptions that escaped)
and documents lost. The goal is 0, 0 and 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "us_whitehouse_readouts.jsonl"
PARTIES = ["China", "Russia", "the United States", "Wang Yi", "Lavrov", "the two sides", "Iran", "NATO",
           "the UN Security Council", "President Biden", "Ukrainian", "the Kremlin", "he", "we"]
VERBS = ["met", "held talks with", "condemned", "agreed to hold consultations with", "threatened to attack",
         "did not meet", "called on", "signed an agreement with", "will visit", "rejected", "co-chaired",
         "reaffirmed its support for", "imposed sanctions on", "expelled diplomats from"]
ODD = ["\u201c", "\u201d", "\u2014", "\u00a0", "\u200f", "\u202e", "\x00", "\x0b", "\t", "\n\n", "\U0001f600",
       "<script>", "&amp;", "'s", "--", "\u0301", "\ufeff", "\u2028", "Ω", "日本", "Россия",
       "\ud83d", "\udc00", "\udfff\ud800"]  # lone surrogates: what a JSON "\\ud83d" escape gives


def sentences_from_corpus(limit: int = 400) -> list[str]:
    if not CORPUS.exists():
        return []
    lines = CORPUS.read_text(encoding="utf-8").split("\n")[:limit]  # not splitlines(): texts hold U+2028
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    return [s.strip() for text in texts for s in text.split(". ") if 20 < len(s) < 400]


def random_text(rng: random.Random) -> str:
    points = (rng.choice([rng.randint(32, 126), rng.randint(0, 0x2FFF), rng.randint(0xE000, 0x10FFFF)])
              for _ in range(rng.randint(0, 300)))
    return "".join(map(chr, points))


def readout(rng: random.Random) -> str:
    when = ["Monday", "19 September", "next year", ""]
    sentences = [f"{rng.choice(PARTIES)} {rng.choice(VERBS)} {rng.choice(PARTIES)} on {rng.choice(when)}."
                 for _ in range(rng.randint(1, 6))]
    return (rng.choice(["", "MOSCOW, 9 Sep (ZXS) -- ", "BEIJING --"]) + " ".join(sentences))


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        if not chars:
            break
        at = rng.randrange(len(chars))
        action = rng.randrange(4)
        if action == 0:
            del chars[at]
        elif action == 1:
            chars.insert(at, chars[at])
        elif action == 2 and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        else:
            chars.insert(at, rng.choice(ODD))
    return "".join(chars)


def check(record: dict, text: str) -> list[str]:
    """Contract violations of one record of a coded text."""
    problems = []
    if record["status"] not in ("coded", "skipped", "failed"):
        problems.append(f"status {record['status']!r}")
    if (record["status"] == "coded") != (record["reason"] is None) or "\n" in (record["reason"] or ""):
        problems.append(f"reason {record['reason']!r} with status {record['status']}")
    for event in record["events"]:
        evidence = event["evidence"]
        if text[evidence["start"]:evidence["end"]] != evidence["sentence"]:
            problems.append("evidence offsets")
        if text[evidence["trigger_start"]:evidence["trigger_end"]] != evidence["trigger"]:
            problems.append("trigger offsets")
        for participant in event["actor"] + event["recipient"]:
            if text[participant["start"]:participant["end"]] != participant["text"]:
                problems.append("participant offsets")
            if participant["code"] is not None and not isinstance(participant["code"], str):
                problems.append("participant code not a string")
        if not isinstance(event["cameo"]["code"], str):
            problems.append("cameo code not a string")
    json.dumps(record)
    return problems


def fuzz_texts(count: int, rng: random.Random) -> dict:
    from communique.pipeline import Coder
    from communique.read.document import Document

    corpus = sentences_from_corpus()
    makers = [lambda: random_text(rng), lambda: readout(rng), lambda: mutate(rng, readout(rng))]
    if corpus:
        makers.append(lambda: mutate(rng, " ".join(rng.sample(corpus, rng.randint(1, 4)))))
    texts = [rng.choice(makers)() for _ in range(count)]
    statuses, violations, reasons = Counter(), Counter(), Counter()
    crashes = 0
    coder = Coder()
    for start in range(0, count, 500):
        # offsets are into the Document's text: lone surrogates become U+FFFD there (one character each)
        batch = [Document(id=f"f{start + i}", text=t) for i, t in enumerate(texts[start:start + 500])]
        try:
            records = list(coder.code(batch))
        except Exception:
            crashes += 1
            traceback.print_exc()
            continue
        if len(records) != len(batch):
            violations["records != inputs"] += 1
        for record, document in zip(records, batch, strict=False):
            statuses[record["status"]] += 1
            if record["reason"]:
                reasons[record["reason"].split(":")[0]] += 1
            violations.update(check(record, document.text))
            if len(document.text) != len(texts[int(document.id[1:])]):  # replacing keeps offsets
                violations["text length changed"] += 1
    return {"inputs": count, "statuses": dict(statuses), "reasons": dict(reasons.most_common(5)),
            "violations": dict(violations), "crashes": crashes}


def fuzz_files(count: int, rng: random.Random) -> dict:
    from communique.read import read_inputs

    suffixes = [".txt", ".jsonl", ".json", ".html", ".xml", ".rss", ".gz", ".md", ""]
    results, crashes = Counter(), 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            path = Path(tmp) / f"f{i}{rng.choice(suffixes)}"
            kind = rng.randrange(4)
            if kind == 0:
                data = rng.randbytes(rng.randint(0, 2000))
            elif kind == 1:
                data = ('{"id": "x", "text": "' + readout(rng) + '"}\n{broken\n').encode()
            elif kind == 2:
                data = f"<html><body><script>alert(1)</script><p>{readout(rng)}</p>".encode()
            else:
                data = readout(rng).encode(rng.choice(["utf-8", "utf-16", "latin-1", "cp1252"]), "replace")
            path.write_bytes(data)
            try:
                for item in read_inputs([str(path)]):
                    results[type(item).__name__] += 1
            except Exception:
                crashes += 1
                traceback.print_exc()
    return {"files": count, "results": dict(results), "crashes": crashes}


# --- a corpus that collides and breaks, through ingest into a real store -------------------------------------

MARKER = re.compile(r"ref-F\d{5}")


class Corpus:
    """Writes documents under ``folder``, each with a unique marker; ``expected`` counts the inputs per marker."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder, self.rng = folder, rng
        self.expected: Counter = Counter()
        self.count = 0

    def text(self, *, surrogate: bool = False) -> str:
        """A readout with a fresh marker (and a lone surrogate in it when asked)."""
        self.count += 1
        marker = f"ref-F{self.count:05d}"
        self.expected[marker] += 1
        body = readout(self.rng)
        if surrogate:
            at = self.rng.randrange(len(body) + 1)
            body = body[:at] + self.rng.choice(["\ud83d", "\udc00", "\udbff"]) + body[at:]
        return f"{body} See {marker}."

    def again(self, text: str) -> str:
        """The same text once more: another input with the same marker (an identical document)."""
        self.expected[MARKER.search(text)[0]] += 1
        return text

    def write(self, relative: str, data: bytes | str) -> Path:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return path


def jsonl_line(record: dict) -> str:
    """One JSON Lines record; json.dumps writes a lone surrogate as its "\\udXXX" escape."""
    return json.dumps(record) + "\n"


def rss(items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><guid>{guid}</guid><title>Item</title><description>{text}</description></item>"
                   for guid, text in items)
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>F</title>{body}</channel></rss>"


def build_corpus(corpus: Corpus, size: int) -> None:
    """About ``size`` documents that collide in every way the readers know."""
    rng = corpus.rng
    rounds = max(1, size // 30)
    for n in range(rounds):
        # Files of one name in different folders and formats.
        for year in ("2023", "2024"):
            corpus.write(f"{year}/r{n}/readout.txt", corpus.text())
            corpus.write(f"{year}/r{n}/readout.md", corpus.text(surrogate=rng.random() < 0.3).encode(
                "utf-8", "surrogatepass"))  # a surrogate's UTF-8 bytes: invalid UTF-8
        corpus.write(f"2024/r{n}/readout.html", f"<html><body><p>{corpus.text()}</p></body></html>")
        corpus.write(f"2024/r{n}/readout.txt.gz", gzip.compress(corpus.text().encode()))
        # JSON Lines: one id repeated in a file and across files (and the files share a name), lines
        # without an id whose texts are identical, lone surrogate escapes with and without an id.
        same = corpus.text()
        lines = [jsonl_line({"id": "same", "text": corpus.text()}) for _ in range(3)]
        lines += [jsonl_line({"text": same}), jsonl_line({"text": corpus.again(same)})]
        lines += [jsonl_line({"id": f"s{n}", "text": corpus.text(surrogate=True)}),
                  jsonl_line({"text": corpus.text(surrogate=True)})]
        rng.shuffle(lines)
        corpus.write(f"jsonl/a{n}/docs.jsonl", "".join(lines))
        corpus.write(f"jsonl/b{n}/docs.jsonl", jsonl_line({"id": "same", "text": corpus.text()})
                     + jsonl_line({"id": f"s{n}", "text": corpus.text()}))
        packed = "".join(jsonl_line({"id": "same", "text": corpus.text()}) for _ in range(4))
        corpus.write(f"jsonl/c{n}/docs.jsonl.gz", gzip.compress(packed.encode()))
        # A JSON array with repeated ids and a surrogate.
        corpus.write(f"json/{n}/docs.json", json.dumps([{"id": "same", "text": corpus.text(surrogate=True)},
                                                        {"id": "same", "text": corpus.text()}]))
        # RSS: one guid in one feed and across feeds.
        guid = f"https://news.example/{n}"
        corpus.write(f"feeds/a{n}/feed.xml", rss([(guid, corpus.text()), (guid, corpus.text())]))
        corpus.write(f"feeds/b{n}/feed.xml", rss([(guid, corpus.text()), ("other", corpus.text())]))


def break_files(folder: Path, rng: random.Random) -> tuple[list[str], dict[Path, bytes]]:
    """Transient faults between two runs: files emptied, truncated, unreadable or replaced by garbage.
    Returns what was done and each broken file's bytes, to mend it afterwards."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    done, originals = [], {}
    for path in rng.sample(files, max(1, len(files) // 5)):
        action = rng.choice(["empty", "truncate", "unreadable", "garbage"])
        if action == "truncate" and path.suffix not in (".gz", ".jsonl", ".json"):
            action = "empty"  # a truncated text or page is an edited one, not a fault a reader can see
        data = originals[path] = path.read_bytes()
        if action == "empty":
            path.write_bytes(b"")
        elif action == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif action == "unreadable" and os.geteuid() != 0:
            path.chmod(0)
        elif action == "unreadable":  # root reads any mode: a link to nowhere, as a mount that went away
            path.unlink()
            path.symlink_to(path.with_name(path.name + ".gone"))
        else:
            path.write_bytes(rng.randbytes(200))
        done.append(action)
    return done, originals


def mend_files(originals: dict[Path, bytes]) -> None:
    for path, data in originals.items():
        if path.is_symlink():
            path.unlink()
        path.touch()
        path.chmod(0o644)
        path.write_bytes(data)


def stored(db: Path, where: dict[str, str] | None = None) -> tuple[Counter, list[str]]:
    """The markers of the stored documents' texts, and the contract violations of the stored records;
    ``where`` gets the doc_id that holds each marker."""
    import sqlite3

    markers: Counter = Counter()
    violations = []
    with sqlite3.connect(db) as connection:
        for doc_id, status, text, record in connection.execute("SELECT doc_id, status, text, record FROM documents"):
            if text is not None:
                markers.update(MARKER.findall(text))
                if where is not None:
                    where.update(dict.fromkeys(MARKER.findall(text), doc_id))
            elif status == "coded":
                violations.append("coded without its text")
            if record:
                loaded = json.loads(record)
                if loaded["doc_id"] != doc_id:
                    violations.append("record under another id")
                violations.extend(check(loaded, text or ""))
    return markers, violations


def ingest_once(folder: Path, db: Path) -> tuple[int, list[dict]]:
    """Ingest ``folder`` into ``db`` as `communique ingest` does: crashes (0 or 1) and the records."""
    from communique.ingest import ingest_paths

    records: list[dict] = []
    try:
        ingest_paths([str(folder)], db, on_record=records.append)
    except Exception:
        traceback.print_exc()
        return 1, records
    return 0, records


def fuzz_corpus(size: int, rng: random.Random) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder, db = Path(tmp) / "in", Path(tmp) / "store.db"
        corpus = Corpus(folder, rng)
        build_corpus(corpus, size)
        crashes, records = ingest_once(folder, db)
        held: dict[str, str] = {}
        first, violations = stored(db, held)
        if len({r["doc_id"] for r in records}) != len(records):
            violations.append("one doc_id for two records of a run")
        lost = sum((corpus.expected - first).values())
        twice = sum((first - corpus.expected).values())
        broken, originals = break_files(folder, rng)
        try:
            crashed, records = ingest_once(folder, db)
        finally:
            mend_files(originals)
        second, more = stored(db)
        statuses = Counter(r["status"] for r in records)
        # Mended: every document is found as it was stored, none is coded again or stored twice.
        crashed_again, records = ingest_once(folder, db)
        third, last = stored(db)
        lost_on_rerun = sum((first - second).values()) + sum((first - third).values())
        for marker in list((first - second) + (first - third))[:5]:
            print(f"lost on rerun: {marker} (doc_id {held[marker]!r})", file=sys.stderr)
        twice += sum((third - corpus.expected).values())
        recoded = sum(r["status"] == "coded" for r in records)
    violations += more + last
    if twice:
        violations += ["stored twice"] * twice
    return {"inputs": sum(corpus.expected.values()), "broken between runs": dict(Counter(broken)),
            "rerun statuses": dict(statuses), "coded again once mended": recoded,
            "violations": dict(Counter(violations)), "crashes": crashes + crashed + crashed_again,
            "lost": lost, "lost on rerun": lost_on_rerun}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--corpus", type=int, default=300, help="documents in the colliding, breaking corpus")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = fuzz_files(args.files, rng)
    print(f"files: {files}")
    corpus = fuzz_corpus(args.corpus, rng)
    print(f"corpus: {corpus}")
    texts = fuzz_texts(args.texts, rng)
    print(f"texts: {texts}")
    crashes = files["crashes"] + corpus["crashes"] + texts["crashes"]
    violations = sum(texts["violations"].values()) + sum(corpus["violations"].values())
    lost = corpus["lost"] + corpus["lost on rerun"]
    print(f"crashes: {crashes}, contract violations: {violations}, documents lost: {lost}")
    sys.exit(1 if crashes or violations or lost else 0)


if __name__ == "__main__":
    main()
