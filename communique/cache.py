"""A start-up cache: what the pipeline builds from data files on every start (the gazetteer's indexes,
the actor matchers' patterns, the language identifier's tables) is built once, kept in the user's
cache folder, and loaded from there while it is still what a build would give.

Never stale: each entry is stored under a key, the hash of everything it was built from (the data
files' bytes, the source of the code that builds it, the versions that matter), and is used only when
that key is the one asked for. Never in the way: a missing, unreadable, truncated or damaged file (its
header holds its payload's length and CRC-32) is rebuilt, and a folder that cannot be written only means
the next start builds again. The folder is ``$COMMUNIQUE_CACHE_DIR`` if set, else the platform's user cache folder
(``~/.cache/communique`` on Linux); ``COMMUNIQUE_CACHE_DIR=off`` turns the cache off.

Entries are pickles; they are only ever read from the user's own cache folder, written by communique.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import mmap
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENV = "COMMUNIQUE_CACHE_DIR"
FORMAT = b"communique-cache 1"  # bump when the file layout below changes
KEEP = 3  # entries kept per name: installs with different data can share one cache folder


def cache_dir() -> Path | None:
    """The cache folder (not necessarily existing yet), or None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off") else Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "communique"


def fingerprint(parts: Iterable[Path | str | bytes]) -> str:
    """The SHA-256 of the parts in order: a file's bytes for a Path, else the string or bytes itself
    (with the Python version and the cache format, which a pickle depends on)."""
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    for part in parts:
        if isinstance(part, Path):
            with part.open("rb") as file:
                data = hashlib.file_digest(file, "sha256").digest()
        else:
            data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)  # the length: no two part lists hash alike
    return digest.hexdigest()


def cached(name: str, inputs: Iterable[Path | str | bytes], build: Callable[[], T]) -> T:
    """``build()``, or the copy of its result stored under the fingerprint of ``inputs``: the files
    and strings that determine it. ``build`` must not return None."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = fingerprint(inputs)
    except OSError:  # an input that cannot be read: nothing to key an entry on
        return build()
    path = folder / f"{name}-{key[:32]}.pickle"
    value = _load(path, key)
    if value is None:
        value = build()
        _store(path, key, value)
        _prune(path, name)
    return value


def _load(path: Path, key: str) -> object | None:
    """The entry's value, or None if there is none that is whole and stored under ``key``."""
    # mapped, not read: an entry can be tens of megabytes, and unpickling copies what it keeps
    try:
        with (path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data,
              memoryview(data) as view):
            return _unpickle(view, key)
    except (OSError, ValueError):  # no file, or an empty one (which cannot be mapped)
        return None


def _unpickle(data: memoryview, key: str) -> object | None:
    end = data.obj.find(b"\n\n")
    if end < 0 or data[:end] != _header(key, data[end + 2:]):
        return None  # another format or key, truncated or damaged
    gc.disable()  # unpickling makes a few hundred thousand objects: collecting meanwhile triples the time
    try:
        return pickle.loads(data[end + 2:])
    except Exception:  # hashes right yet will not load (a class renamed since): rebuilt like a damaged one
        return None
    finally:
        gc.enable()


def _store(path: Path, key: str, value: object) -> None:
    """Writes the entry whole or not at all: a temporary file, renamed into place (processes starting
    together may each write it; the last rename wins, with the same content). Failing to write leaves
    the cache as it was."""
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except Exception:  # an unwritable folder, or (a bug) a value that cannot be pickled
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_header(key, payload) + b"\n\n" + payload)
        os.replace(temporary, path)
    except BaseException as error:  # a full disk, or an interrupt (Ctrl-C): no half-written file is left
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise


def _prune(kept: Path, name: str) -> None:
    """Drops all but the newest few entries of that name (older data, older code), ``kept`` among them."""
    with contextlib.suppress(OSError):  # another process may prune the same files
        others = [path for path in kept.parent.glob(f"{name}-*.pickle") if path != kept]
        for old in sorted(others, key=lambda p: p.stat().st_mtime, reverse=True)[KEEP - 1:]:
            old.unlink()


def _header(key: str, payload: bytes | memoryview) -> bytes:
    """The format, the key, and the payload's length and CRC-32 (which finds a damaged or cut file)."""
    return FORMAT + f" {key} {len(payload)} {zlib.crc32(payload):08x}".encode()
