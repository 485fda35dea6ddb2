"""Gold-standard readers: the PLOVER gold JSONL and ConfliBERT's 5-way CAMEO class TSV."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from communique.errors import CommuniqueError

# Old CAMEO country codes that gold sets still use, with their ISO 3166-1 alpha-3 code.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "RUM": "ROU", "YUG": "SRB",
                "ROM": "ROU", "PAL": "PSE", "IRE": "IRL", "SWZ": "CHE", "SPN": "ESP"}
# The UN and EU are coded UNO and EUR by communique (PLOVER); several gold sets call both IGO, and the
# PLOVER gold also codes international NGOs (Amnesty International, the Red Cross) as IGO.
INTERNATIONAL = {"UNO": "IGO", "EUR": "IGO", "NGO": "IGO"}


def normalize_code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    code = LEGACY_CODES.get(code, code)
    return INTERNATIONAL.get(code, code)


@dataclass(frozen=True, slots=True)
class GoldExample:
    """One gold sentence: its event type and participant codes (PLOVER gold), or its 5-way class."""

    id: str
    text: str
    plover_type: str | None = None
    participants: frozenset[str] = frozenset()
    label: int | None = None


def read_gold(path: str | Path) -> tuple[str, list[GoldExample]]:
    """The gold set's kind ("plover" or "cameo_class") and its examples."""
    path = Path(path)
    if not path.exists():
        raise CommuniqueError("E010", f"no gold file at {path}")
    if path.suffix == ".jsonl":
        return "plover", _read_plover(path)
    if path.suffix == ".tsv":
        return "cameo_class", _read_cameo_class(path)
    raise CommuniqueError("E011", f"unknown gold format {path.suffix!r}: expected PLOVER gold .jsonl or a "
                                  "ConfliBERT class .tsv (sentence<TAB>label 0-4)")


def _read_plover(path: Path) -> list[GoldExample]:
    examples = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                participants = frozenset(
                    code for entity in row.get("actor", []) + row.get("recipient", [])
                    if (code := normalize_code(entity.get("code")))
                )
                examples.append(GoldExample(id=str(row.get("id", lineno)), text=row["text"],
                                            plover_type=row.get("event_plover16") or row.get("event"),
                                            participants=participants))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise CommuniqueError("E012", f"{path}:{lineno}: not a PLOVER gold record ({error})") from error
    return examples


def _read_cameo_class(path: Path) -> list[GoldExample]:
    examples = []
    with path.open(encoding="utf-8", newline="") as handle:
        for lineno, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row:
                continue
            if len(row) != 2 or not row[1].strip().isdigit():
                raise CommuniqueError("E012", f"{path}:{lineno}: expected sentence<TAB>label, got {row[:3]!r}")
            examples.append(GoldExample(id=f"{path.stem}:{lineno}", text=row[0], label=int(row[1])))
    return examples
