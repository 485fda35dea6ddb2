"""Exports of stored events: CSV, JSONL and Parquet. Codes are always strings."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from communique.errors import CommuniqueError
from communique.store.db import EVENT_COLUMNS, Store

FORMATS = ("csv", "jsonl", "parquet")
COLUMNS = (*EVENT_COLUMNS, "title", "url", "source")
# Parquet types of the columns that are not strings.
NON_STRING = {"goldstein": "float64", "quad_class": "int64", "negated": "bool_", "sentence_start": "int64",
              "sentence_end": "int64", "confidence": "float64"}


def _row(event: dict) -> dict:
    row = {column: event.get(column) for column in COLUMNS}
    row["negated"] = bool(row["negated"])
    return row


def export_events(store: Store, fmt: str, output: str | Path | None = None, **filters: object) -> int:
    """Write the stored events (optionally filtered as in ``Store.iter_events``) to ``output``
    (stdout when None; a file path is required for Parquet). Returns the number of events."""
    if fmt not in FORMATS:
        raise CommuniqueError("E005", f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rows = (_row(event) for event in store.iter_events(**filters))
    if fmt == "parquet":
        if output is None:
            raise CommuniqueError("E006", "Parquet needs an output file: --output events.parquet")
        return _write_parquet(rows, Path(output))
    if output is None:
        return _write_text(rows, fmt, sys.stdout)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        return _write_text(rows, fmt, handle)


def _write_text(rows: Iterable[dict], fmt: str, handle: IO[str]) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    else:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_parquet(rows: Iterable[dict], path: Path, batch_size: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(column, getattr(pa, NON_STRING.get(column, "string"))()) for column in COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
