"""Source and target spans against ConfliBERT's CAMEO NER set (token-level BIO tags S and T).

    python bench/ner_spans.py [--limit N]

Each gold sentence is rebuilt from its tokens (joined by spaces) and coded; the primary event's
actors are compared with the gold source spans and its recipients with the gold target spans
(`primary_event` as in `communique evaluate`). A predicted span matches a gold one exactly when it
covers the same tokens, and partly when they share a token. Printed: precision, recall and F1 for
each role and both together, exact and partial.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NER = REPO.parent / "shared" / "data" / "gold" / "conflibert-cameo" / "cameo_ner" / "train.txt"


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


def gold_spans(tagged: list[tuple[str, str]]) -> dict[str, set[tuple[int, int]]]:
    """Spans as (first token, last token + 1) per role "S" and "T" (other tags, such as a few "R"
    spans, are read and left out)."""
    spans: dict[str, set[tuple[int, int]]] = {"S": set(), "T": set(), "R": set()}
    start = role = None
    for i, (_, tag) in enumerate([*tagged, ("", "O")]):
        inside = tag.startswith("I-") and role == tag[2:]
        if not inside and role is not None:
            spans.setdefault(role, set()).add((start, i))
            role = None
        if tag.startswith("B-") or (tag.startswith("I-") and role is None):
            start, role = i, tag[2:]
    return {role: found for role, found in spans.items() if role in ("S", "T")}


def token_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    first = max(i for i, at in enumerate(offsets) if at <= start)
    last = max(i for i, at in enumerate(offsets) if at < end)
    return first, last + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    args = parser.parse_args()
    if not NER.exists():
        sys.exit(f"skipped: {NER} not found (the development data lives in ../shared/data)")

    from communique.evaluate import primary_event
    from communique.pipeline import Coder
    from communique.read.document import Document

    sentences = read_sentences(NER)[: args.limit or None]
    texts, offsets = [], []
    for tagged in sentences:
        at, starts = 0, []
        for token, _ in tagged:
            starts.append(at)
            at += len(token) + 1
        texts.append(" ".join(token for token, _ in tagged))
        offsets.append(starts)
    documents = (Document(id=str(i), text=text) for i, text in enumerate(texts))
    # per role and kind: predicted spans that match a gold one, predicted, gold spans matched, gold
    counts = {(role, kind): [0, 0, 0, 0] for role in ("S", "T") for kind in ("exact", "partial")}
    for tagged, starts, record in zip(sentences, offsets, Coder().code(documents), strict=True):
        gold = gold_spans(tagged)
        event = primary_event(record)
        predicted = {"S": set(), "T": set()}
        if event is not None:
            for role, side in (("S", "actor"), ("T", "recipient")):
                predicted[role] = {token_span(starts, p["start"], p["end"]) for p in event[side]}
        for role in ("S", "T"):
            for kind in ("exact", "partial"):
                c = counts[(role, kind)]
                if kind == "exact":
                    def match(a, b):
                        return a == b
                else:
                    def match(a, b):
                        return a[0] < b[1] and b[0] < a[1]
                c[0] += sum(1 for p in predicted[role] if any(match(p, g) for g in gold[role]))
                c[1] += len(predicted[role])
                c[2] += sum(1 for g in gold[role] if any(match(p, g) for p in predicted[role]))
                c[3] += len(gold[role])
    print(f"ConfliBERT CAMEO NER, {len(sentences)} sentences: spans of the primary event vs gold S/T spans")
    for kind in ("exact", "partial"):
        for role, name in (("S", "source"), ("T", "target"), (None, "both")):
            hit, pred, found, gold = ([sum(counts[(r, kind)][k] for r in ("S", "T")) for k in range(4)]
                                      if role is None else counts[(role, kind)])
            p = hit / pred if pred else 0.0
            r = found / gold if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"  {kind:8} {name:7} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (predicted {pred}, gold {gold})")


if __name__ == "__main__":
    main()
