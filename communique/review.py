"""The CLI commands of analyst review: ``communique corrections`` lists the corrections of a store and
``communique import-corrections`` reads them into another (``communique/store/corrections.py``)."""

from __future__ import annotations

import csv
import json
import os
import sys

import click
from rich.console import Console
from rich.table import Table

from communique.csv_cells import cell


def _db_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option("--db", "db_path", default=lambda: os.environ.get("COMMUNIQUE_DB", "communique.db"),
                        show_default="communique.db",
                        help="Store file (SQLite). Default: $COMMUNIQUE_DB or ./communique.db.")(function)


def _changes(changes: dict) -> str:
    """{"plover": None, "actor": ["CHN"]} -> "not an event; actor CHN"."""
    parts = []
    for field, value in changes.items():
        if field == "plover" and value is None:
            parts.append("not an event")
        elif isinstance(value, list):
            parts.append(f"{field} {'+'.join(value) or '(none)'}")
        elif isinstance(value, dict):
            parts.append(f"{field} {value.get('place')}")
        else:
            parts.append(f"{field} {value}")
    return "; ".join(parts)


@click.command()
@_db_option
@click.option("--orphaned", "state", flag_value="orphaned", help="Only corrections whose mention is gone.")
@click.option("--applied", "state", flag_value="applied", help="Only corrections that apply to an event.")
@click.option("--event", "event_id", help="Only the corrections of this event.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True,
              help="table; jsonl: one correction per line (what import-corrections reads); csv: the same columns.")
@click.option("--output", "-o", help="Output file (default stdout).")
def corrections(db_path: str, state: str | None, event_id: str | None, fmt: str, output: str | None) -> None:
    """List the analysts' corrections of a store, newest first: the event, what changed, who, when,
    why, and whether it is orphaned (the mention it was anchored to is gone from its document)."""
    from communique.store import Store
    from communique.store.corrections import COLUMNS, list_corrections

    orphaned = {"orphaned": True, "applied": False}.get(state or "")
    with Store(db_path, create=False) as store:
        rows = list_corrections(store, event_id=event_id, orphaned=orphaned)
    handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            for row in rows:  # never a spreadsheet formula: cell() neutralizes a leading = + - @
                writer.writerow({key: cell(json.dumps(value, ensure_ascii=False) if key == "changes" else value)
                                 for key, value in row.items()})
        else:
            table = Table(header_style="bold", pad_edge=False)
            for column in ("id", "event", "changes", "author", "when", "note", "state"):
                table.add_column(column, overflow="fold")
            for row in rows:
                table.add_row(str(row["correction_id"]), row["event_id"], _changes(row["changes"]), row["author"],
                              row["created_at"], row["note"] or "", "orphaned: " + row["orphaned"]
                              if row["orphaned"] else "applied")
            Console(file=handle).print(table)
    finally:
        if output:
            handle.close()
    if fmt == "table":
        click.echo(f"{len(rows)} corrections; store: {db_path}", err=True)


@click.command(name="import-corrections")
@_db_option
@click.argument("path", type=click.Path(dir_okay=False))
def import_corrections(db_path: str, path: str) -> None:
    """Read corrections written by `communique corrections --format jsonl` (or csv) into a store. Each
    finds its event by its document, sentence and trigger, so a team's corrections move between
    stores that hold the same documents; one whose mention is not there is kept, orphaned."""
    from communique.store import Store
    from communique.store.corrections import import_corrections as run_import
    from communique.store.corrections import list_corrections

    with Store(db_path, create=False) as store:
        added, present = run_import(store, path)
        orphaned = len(list_corrections(store, orphaned=True))
    click.echo(f"{added} corrections imported, {present} already there; {orphaned} orphaned in the store; "
               f"store: {db_path}", err=True)


COMMANDS = (corrections, import_corrections)
