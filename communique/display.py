"""Terminal tables of events and documents (rich). Used by the CLI only."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table


def _codes(participants: list[dict]) -> str:
    return "+".join(p.get("code") or f"?{p['text']}" for p in participants) or "-"


def _modality(event: dict) -> str:
    flags = ["NOT"] if event["negated"] else []
    if event["modality"] != "asserted":
        flags.append(event["modality"])
    return " ".join(flags)


def records_table(records: Iterable[dict], console: Console) -> None:
    """One row per event of coded records, and one per skipped or failed document with its reason."""
    table = Table(show_lines=False, header_style="bold", pad_edge=False)
    for column in ("doc", "date", "PLOVER", "CAMEO", "actor", "recipient", "trigger", "flags", "conf"):
        table.add_column(column, overflow="fold")
    for record in records:
        if record["status"] != "coded":
            table.add_row(record["doc_id"], "", f"[dim]{record['status']}[/dim]", "", "", "",
                          f"[dim]{record['reason']}[/dim]", "", "")
            continue
        if not record["events"]:
            table.add_row(record["doc_id"], (record["event_date"] or {}).get("value") or "", "[dim]no events[/dim]",
                          "", "", "", "", "", "")
        for event in record["events"]:
            table.add_row(
                record["doc_id"], (event["date"] or {}).get("value") or "",
                (event["plover"] or {}).get("type") or "-", event["cameo"]["code"], _codes(event["actor"]),
                _codes(event["recipient"]), event["evidence"]["trigger"], _modality(event),
                f"{event['confidence']:.2f}",
            )
    console.print(table)


def stored_events_table(rows: Iterable[dict], console: Console) -> int:
    """Events as listed from the store; returns how many were shown."""
    table = Table(header_style="bold", pad_edge=False)
    columns = ["date", "PLOVER", "CAMEO", "G", "actor", "recipient", "trigger", "place"]
    if console.width >= 110:  # a narrow terminal keeps the event columns whole and drops the doc id
        columns.append("doc")
    for column in columns:
        table.add_column(column, no_wrap=True, overflow="ellipsis", min_width=4 if column == "G" else None)
    count = 0
    for row in rows:
        cells = [row["date"] or "", row["plover_type"] or "-", row["cameo_code"], f"{row['goldstein']:+.1f}",
                 row["actor_codes"].replace(";", "+") or "?", row["recipient_codes"].replace(";", "+") or "-",
                 ("NOT " if row["negated"] else "") + row["trigger"], row["place"] or "", row["doc_id"]]
        table.add_row(*cells[:len(columns)])
        count += 1
    console.print(table)
    return count
