"""The event lexicon and the CAMEO table, both data files in this package, loaded once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split("|") if part.strip())


LEXICON_COLUMNS = ("id", "lemma", "objects", "preps", "cue", "cameo", "plover", "reciprocal", "confidence",
                   "example")


LEXICON_COLUMNS = ("id", "lemma", "objects", "preps", "cue", "cameo", "plover", "reciprocal", "confidence",
                   "example")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One trigger pattern: a lemma, optionally a needed object and cue, and what it codes to."""

    id: str
    lemmas: frozenset[str]
    objects: frozenset[str]
    preps: frozenset[str]
    cues: frozenset[str]
    cameo: str
    plover: tuple[str, str] | None  # (type, mode) where the lexicon overrides the crosswalk
    reciprocal: bool
    confidence: float
    example: str


@dataclass(frozen=True, slots=True)
class CameoCode:
    """Facts about one CAMEO code; ``plover_type`` is empty where PLOVER dropped the category."""

    code: str
    root: str
    goldstein: float
    plover_type: str
    plover_mode: str
    plover_contexts: tuple[str, ...]

    @property
    def quad_class(self) -> int:
        """GDELT's quad class: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict."""
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def five_way_class(root: str) -> int:
    """The 5-way class of a CAMEO root as ConfliBERT's CAMEO class data labels it: 0 statement
    (01 statements, 02 appeals), 1 verbal cooperation (03-05), 2 material cooperation (06-08),
    3 verbal conflict (09-13, and 16 reducing relations and sanctions), 4 material conflict (14-15,
    17-20). It differs from GDELT's quad class on 02 and 16; bench/evaluate_gold.py shows the data
    behind it (ConfliBERT labels every sentence we code 16 as verbal conflict, and most 02 as statements)."""
    number = int(root)
    if number <= 2:
        return 0
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    return 3 if number <= 13 or number == 16 else 4


def _rows(*path: str) -> list[dict[str, str]]:
    text = resources.files("communique.events").joinpath("data", *path).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _specificity(entry: LexiconEntry) -> int:
    return -(bool(entry.objects) + bool(entry.cues))


@cache
def load_lexicon() -> tuple[LexiconEntry, ...]:
    """Every lexicon row, most specific first (see data/lexicon/README.md), then in file order."""
    table = load_cameo()
    folder = resources.files("communique.events").joinpath("data", "lexicon")
    files = sorted(item.name for item in folder.iterdir() if item.name.endswith(".tsv"))
    entries = []
    for name in files:
        for row in _rows("lexicon", name):
            if tuple(row) != LEXICON_COLUMNS or None in row.values():
                raise ValueError(f"lexicon/{name}: row {row.get('id')!r} does not have the columns {LEXICON_COLUMNS}")
            if row["cameo"] not in table:
                raise ValueError(f"lexicon/{name}: entry {row['id']} has unknown CAMEO code {row['cameo']!r}")
            entries.append(_entry(row))
    ids = [entry.id for entry in entries]
    if len(ids) != len(set(ids)):
        raise ValueError(f"lexicon: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return tuple(sorted(entries, key=_specificity))  # a stable sort keeps file order within a level


def _entry(row: dict[str, str]) -> LexiconEntry:
    return LexiconEntry(
        id=row["id"], lemmas=_split(row["lemma"]), objects=_split(row["objects"]),
        preps=_split(row["preps"]), cues=_split(row["cue"]), cameo=row["cameo"],
        plover=tuple((row["plover"] + "/").split("/")[:2]) if row["plover"] else None,
        reciprocal=row["reciprocal"] == "yes", confidence=float(row["confidence"]),
        example=row["example"],
    )


@cache
def load_cameo() -> dict[str, CameoCode]:
    return {
        row["code"]: CameoCode(
            code=row["code"], root=row["root"], goldstein=float(row["goldstein"]),
            plover_type=row["plover_type"], plover_mode=row["plover_mode"],
            plover_contexts=tuple(sorted(_split(row["plover_context"]))),
        )
        for row in _rows("cameo.tsv")
    }
