"""The CLI commands of analyst review: ``communique corrections`` lists the corrections of a store and
``communique import-corrections`` reads them into another (``communique/store/corrections.py``)."""

from __future__ import annotations

import json
import os
from operator import itemgetter

import click

from communique.tables_out import Columns, emit_rows


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
    if fmt == "csv":  # the columns import-corrections reads back, the changes as JSON
        columns: Columns = {key: itemgetter(key) for key in COLUMNS}
        columns["changes"] = lambda r: json.dumps(r["changes"], ensure_ascii=False)
    else:
        columns = {"id": itemgetter("correction_id"), "event": itemgetter("event_id"),
                   "changes": lambda r: _changes(r["changes"]), "author": itemgetter("author"),
                   "when": itemgetter("created_at"), "note": itemgetter("note"),
                   "state": lambda r: f"orphaned: {r['orphaned']}" if r["orphaned"] else "applied"}
    emit_rows(rows, fmt, output, columns)
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
