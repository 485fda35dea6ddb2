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


def _table(columns: list[str], console: Console, *, drop: tuple[str, ...] = ()) -> tuple[Table, list[str]]:
    if console.width < 110:  # a narrow terminal keeps the event columns whole and drops the least needed
        columns = [column for column in columns if column not in drop]
    table = Table(header_style="bold", pad_edge=False)
    for column in columns:
        table.add_column(column, no_wrap=True, overflow="ellipsis", min_width=4 if column == "G" else None)
    return table, columns


def _sides(row: dict) -> list[str]:
    return [row["actor_codes"].replace(";", "+") or "?", row["recipient_codes"].replace(";", "+") or "-"]


def _flags(row: dict) -> str:
    return " ".join(flag for flag in ("NOT" if row["negated"] else "",
                                      "" if row["modality"] == "asserted" else row["modality"]) if flag)


def stored_events_table(rows: Iterable[dict], console: Console) -> int:
    """Deduplicated events as listed from the store, with their mention, source and article counts;
    returns how many were shown."""
    table, columns = _table(["date", "PLOVER", "CAMEO", "G", "actor", "recipient", "place", "flags", "ment.",
                             "src", "art.", "trigger", "event"], console, drop=("trigger", "event", "art."))
    count = 0
    for row in rows:
        cells = dict(zip(["date", "PLOVER", "CAMEO", "G", "actor", "recipient", "place", "flags", "ment.", "src",
                          "art.", "trigger", "event"], [
            row["date"] or "", row["plover_type"] or "-", row["cameo_code"], f"{row['goldstein']:+.1f}",
            *_sides(row), row["place"] or "", _flags(row), str(row["num_mentions"]), str(row["num_sources"]),
            str(row["num_articles"]), row["trigger"] or "", row["event_id"]], strict=True))
        table.add_row(*(cells[column] for column in columns))
        count += 1
    console.print(table)
    return count


def mentions_table(rows: Iterable[dict], console: Console) -> int:
    """Mentions (one coded occurrence in one document each) with the event they count in."""
    table, columns = _table(["date", "PLOVER", "CAMEO", "actor", "recipient", "flags", "trigger", "doc", "event"],
                            console, drop=("event",))
    count = 0
    for row in rows:
        cells = [row["date"] or "", row["plover_type"] or "-", row["cameo_code"], *_sides(row), _flags(row),
                 row["trigger"], row["doc_id"], row["event_id"]]
        table.add_row(*cells[:len(columns)])
        count += 1
    console.print(table)
    return count


TIMELINE_COLUMNS = ("period", "events", "mentions", "goldstein_sum", "goldstein_mean", "quad1", "quad2", "quad3",
                    "quad4")


def timeline_table(rows: list[dict], console: Console) -> None:
    """Periods of a timeline: event and mention counts, Goldstein sum and mean, quad-class counts."""
    table = Table(header_style="bold", pad_edge=False)
    for column in ("period", "events", "mentions", "G sum", "G mean", "verbal coop", "material coop",
                   "verbal confl", "material confl"):
        table.add_column(column, justify="left" if column == "period" else "right")
    for row in rows:
        table.add_row(row["period"], str(row["events"]), str(row["mentions"]), f"{row['goldstein_sum']:+.1f}",
                      f"{row['goldstein_mean']:+.2f}", *(str(row[f"quad{n}"]) for n in range(1, 5)))
    console.print(table)
