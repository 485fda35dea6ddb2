"""Shared fixtures: the development data beside the repository, and one loaded pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_09bf7b89be140580.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip with the reason when the development data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path} (set COMMUNIQUE_SHARED to the shared/ folder)")
    return path


@pytest.fixture(scope="session")
def coder():
    from communique.pipeline import Coder

    return Coder()
