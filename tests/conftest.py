"""Shared fixtures: the development data beside the repository, and one loaded pipeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_09bf7b89be140580.txt"


def pytest_configure(config: pytest.Config) -> None:
    """The start-up cache of this test run lives in its own temporary folder (inherited by the
    `communique` processes tests start), never in the user's cache; a test of the cache sets its own."""
    if "COMMUNIQUE_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["COMMUNIQUE_CACHE_DIR"] = config.communique_cache = tempfile.mkdtemp(prefix="communique-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    if folder := getattr(config, "communique_cache", None):
        shutil.rmtree(folder, ignore_errors=True)


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
