"""The event lexicon and the CAMEO table, both data files in this package, loaded once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


def _split(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split("|") if part.strip())


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


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("communique.events").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def load_lexicon() -> tuple[LexiconEntry, ...]:
    table = load_cameo()
    entries = []
    for row in _rows("lexicon.tsv"):
        if row["cameo"] not in table:
            raise ValueError(f"lexicon.tsv: entry {row['id']} has unknown CAMEO code {row['cameo']!r}")
        entries.append(LexiconEntry(
            id=row["id"], lemmas=_split(row["lemma"]), objects=_split(row["objects"]),
            preps=_split(row["preps"]), cues=_split(row["cue"]), cameo=row["cameo"],
            plover=tuple((row["plover"] + "/").split("/")[:2]) if row["plover"] else None,
            reciprocal=row["reciprocal"] == "yes", confidence=float(row["confidence"]),
            example=row["example"],
        ))
    return tuple(entries)


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
