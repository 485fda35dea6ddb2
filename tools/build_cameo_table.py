"""Rebuild communique/events/data/cameo.tsv: one row per CAMEO code with its facts.

The facts (which codes exist, GDELT's Goldstein score for each, and the PLOVER type, mode and
context each maps to) come from the reference tables in ../shared/data/ontology
(cameo_event_codes_goldstein.tsv, and CAMEO2PLOVER-2021.txt by Philip Schrodt); see the README's
attribution. Code names are not carried over. Run from the repository root:

    python tools/build_cameo_table.py ../shared/data/ontology
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "communique" / "events" / "data" / "cameo.tsv"


def read_goldstein(path: Path) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            value = row["goldstein_gdelt"].strip()
            scores[row["code"]] = float(value) if value else None
    return scores


def read_crosswalk(path: Path) -> dict[str, tuple[str, str, str]]:
    mapping: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = (part.strip() for part in line.split(":", 1))
        fields = [field.strip() for field in rest.split(",")] + ["", ""]
        plover_type, mode, context = fields[0], fields[1], fields[2]
        contexts = "|".join(c.strip() for c in context.split(";") if c.strip())
        mapping[code] = (plover_type if plover_type.isalpha() else "", mode, contexts)
    return mapping


def main(ontology: Path) -> None:
    goldstein = read_goldstein(ontology / "cameo_event_codes_goldstein.tsv")
    crosswalk = read_crosswalk(ontology / "CAMEO2PLOVER-2021.txt")
    rows = []
    for code in sorted(goldstein):
        # A code with no GDELT score takes its nearest ancestor's, so every code has one.
        score, parent = goldstein[code], code
        while score is None and len(parent) > 2:
            parent = parent[:-1]
            score = goldstein.get(parent)
        # Codes newer than the crosswalk (155, 176, 1834, 1951, 1952) take their parent's PLOVER type.
        mapped = code
        while mapped not in crosswalk and len(mapped) > 2:
            mapped = mapped[:-1]
        plover_type, mode, context = crosswalk.get(mapped, ("", "", ""))
        if mapped != code:
            mode = context = ""
        rows.append((code, code[:2], f"{score:.1f}", plover_type, mode, context))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# CAMEO code facts; built by tools/build_cameo_table.py (see README: data attribution)\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "root", "goldstein", "plover_type", "plover_mode", "plover_context"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ontology"))
