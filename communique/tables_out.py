"""Rows as the CLI's listings write them (``--format table|jsonl|csv``): the diplomacy layer's
(``communique/diplomacy/commands.py``), the alerts (``communique/watch/commands.py``) and the analysts'
corrections (``communique/review.py``)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from communique.csv_cells import cell

Columns = dict[str, Callable[[dict], object]]


def emit_rows(rows: list[dict], fmt: str, output: str | None, columns: Columns, title: str | None = None) -> None:
    """Write rows to ``output`` (default stdout): as JSONL, each row whole; as CSV, a header of ``columns``
    and one line a row; else as a terminal table of the same columns."""
    handle = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:  # free text ("=HYPERLINK(...)", "-   bullets") never becomes a spreadsheet formula
                writer.writerow([cell(get(row)) for get in columns.values()])
        else:
            table = Table(header_style="bold", pad_edge=False, title=title)
            for column in columns:
                table.add_column(column, overflow="fold")
            for row in rows:
                table.add_row(*("" if (value := get(row)) is None else str(value) for get in columns.values()))
            Console(file=handle).print(table)
    finally:
        if output:
            handle.close()
