"""A long fuzz run: generated and mutated inputs through the readers and the whole coding pipeline.

    python bench/fuzz.py [--texts 10000] [--files 1000] [--seed 7]

Texts: random Unicode strings, readout-like sentences built from country names and diplomatic
verbs, and mutations of real corpus sentences (characters dropped, doubled, swapped or replaced by
odd ones: quotes, dashes, control characters, emoji, right-to-left marks), coded through
``Coder.code``. Each record is checked against the output contract: one record per input, a known
status, a one-line reason, offsets that slice the text, codes as strings. Files: random bytes and
broken documents under every suffix the readers know, read through ``read_inputs``.
Prints the counts: inputs, records by status, contract violations and crashes (exceptions that
escaped). The goal is 0 and 0.
"""

from __future__ import annotations

import argparse
import json
import random
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
       "<script>", "&amp;", "'s", "--", "\u0301", "\ufeff", "\u2028", "Ω", "日本", "Россия"]


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
        batch = texts[start:start + 500]
        try:
            records = list(coder.code(Document(id=f"f{start + i}", text=t) for i, t in enumerate(batch)))
        except Exception:
            crashes += 1
            traceback.print_exc()
            continue
        if len(records) != len(batch):
            violations["records != inputs"] += 1
        for record, text in zip(records, batch, strict=False):
            statuses[record["status"]] += 1
            if record["reason"]:
                reasons[record["reason"].split(":")[0]] += 1
            violations.update(check(record, text))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10000)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = fuzz_files(args.files, rng)
    print(f"files: {files}")
    texts = fuzz_texts(args.texts, rng)
    print(f"texts: {texts}")
    sys.exit(1 if files["crashes"] or texts["crashes"] or texts["violations"] else 0)


if __name__ == "__main__":
    main()
