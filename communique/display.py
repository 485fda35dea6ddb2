"""Terminal tables of events and documents (rich). Used by the CLI only."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text


def _codes(participants: list[dict]) -> str:
    return "+".join(p.get("code") or f"?{p['text']}" for p in participants) or "-"


def _modality(event: dict) -> str:
    flags = ["NOT"] if event["negated"] else []
    if event["modality"] != "asserted":
        flags.append(event["modality"])
    return " ".join(flags)


def records_table(records: Iterable[dict], console: Console) -> None:
    """One row per event of coded records; below the table, each skipped or failed document with its
    reason and each warning (a date with no year, a dateline that disagrees), one line each."""
    columns = ["doc", "date", "PLOVER", "CAMEO", "actor", "recipient", "trigger", "flags", "conf"]
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    for record in records:
        doc = escape(record["doc_id"])
        if record["status"] != "coded":
            notes.append(f"{doc}: [bold]{record['status']}[/bold]: {escape(record['reason'] or '')}")
            continue
        if not record["events"]:
            rows.append({"doc": doc, "date": (record["event_date"] or {}).get("value") or "",
                         "PLOVER": "[dim]no events[/dim]"})
        for event in record["events"]:
            rows.append({"doc": doc, "date": (event["date"] or {}).get("value") or "",
                         "PLOVER": (event["plover"] or {}).get("type") or "-", "CAMEO": event["cameo"]["code"],
                         "actor": escape(_codes(event["actor"])), "recipient": escape(_codes(event["recipient"])),
                         "trigger": escape(event["evidence"]["trigger"]), "flags": _modality(event),
                         "conf": f"{event['confidence']:.2f}"})
        notes += [f"{doc}: [yellow]warning[/yellow]: {escape(warning)}" for warning in record.get("warnings") or ()]
    if rows:
        console.print(_fitted(columns, rows, console, keep=("date", "PLOVER", "actor", "recipient")))
    for note in notes:
        console.print(note, soft_wrap=False)


# Columns a narrow terminal drops first, least useful first; what is left is never cut (full dates and
# event ids: `communique event ID` needs the whole id).
DROP_ORDER = ("art.", "trigger", "src", "ment.", "conf", "place", "flags", "G", "CAMEO", "doc")


def _fitted(columns: list[str], rows: list[dict[str, str]], console: Console, *, keep: tuple[str, ...] = (),
            wrap: tuple[str, ...] = ()) -> Table:
    """A table of ``rows`` (cells by column name) that fits the console: the columns of ``DROP_ORDER``
    go, in that order, until the rest fit whole; ``wrap`` columns may wrap instead of going."""
    def width(column: str) -> int:
        cells = [Text.from_markup(row.get(column) or "").cell_len for row in rows]
        return max([len(column), *cells]) if column not in wrap else len(column) + 8

    shown = list(columns)
    for column in DROP_ORDER:
        if sum(width(c) + 3 for c in shown) + 1 <= console.width:
            break
        if column in shown and column not in keep:
            shown.remove(column)
    table = Table(header_style="bold", pad_edge=False, box=box.SIMPLE_HEAD)
    for column in shown:
        table.add_column(column, no_wrap=column not in wrap, overflow="fold", min_width=min(width(column), 40)
                         if column not in wrap else None)
    for row in rows:
        table.add_row(*(row.get(column) or "" for column in shown))
    return table


def _sides(row: dict) -> list[str]:
    return [row["actor_codes"].replace(";", "+") or "?", row["recipient_codes"].replace(";", "+") or "-"]


def _flags(row: dict) -> str:
    return " ".join(flag for flag in ("NOT" if row["negated"] else "",
                                      "" if row["modality"] == "asserted" else row["modality"],
                                      "corrected" if row.get("corrected") else "") if flag)


def stored_events_table(rows: Iterable[dict], console: Console) -> int:
    """Deduplicated events as listed from the store, with their mention, source and article counts;
    returns how many were shown."""
    columns = ["date", "PLOVER", "CAMEO", "G", "actor", "recipient", "place", "flags", "ment.", "src", "art.",
               "trigger", "event"]
    cells = [dict(zip(columns, [
        row["date"] or "", row["plover_type"] or "-", row["cameo_code"], f"{row['goldstein']:+.1f}", *_sides(row),
        row["place"] or "", _flags(row), str(row["num_mentions"]), str(row["num_sources"]),
        str(row["num_articles"]), row["trigger"] or "", row["event_id"]], strict=True)) for row in rows]
    console.print(_fitted(columns, cells, console, keep=("date", "PLOVER", "actor", "recipient", "event")))
    return len(cells)


def mentions_table(rows: Iterable[dict], console: Console) -> int:
    """Mentions (one coded occurrence in one document each) with the event they count in."""
    columns = ["date", "PLOVER", "CAMEO", "actor", "recipient", "flags", "trigger", "doc", "event"]
    cells = [dict(zip(columns, [
        row["date"] or "", row["plover_type"] or "-", row["cameo_code"], *_sides(row), _flags(row),
        row["trigger"] or "", row["doc_id"], row["event_id"]], strict=True)) for row in rows]
    console.print(_fitted(columns, cells, console, keep=("date", "PLOVER", "actor", "recipient", "event")))
    return len(cells)


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
