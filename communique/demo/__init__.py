"""The demo: fictional sample readouts written for communique, coded into a store."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from communique.ingest import IngestReport, ingest_paths


def samples_path() -> Path:
    """The bundled sample readouts (JSONL; fictional events, real countries)."""
    return Path(str(resources.files("communique.demo").joinpath("samples", "readouts.jsonl")))


def run_demo(db_path: str | Path) -> IngestReport:
    return ingest_paths([str(samples_path())], db_path)
