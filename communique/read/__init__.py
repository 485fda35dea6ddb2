"""The readers: files, folders and stdin in; one ReadResult per input document out.

Every input document yields exactly one result, a Document when it is readable and otherwise an
Unreadable with a one-line reason. Nothing raises for bad content and nothing is silently dropped:
each file in a folder yields at least one record. Results come lazily, in input order; folders are
walked recursively in sorted order, and JSON Lines files are streamed line by line.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from communique.read.common import UniqueIds, short_error, unreadable
from communique.read.document import Document, ReadResult, Unreadable, content_id
from communique.read.feeds import read_feed
from communique.read.htmlpage import read_html
from communique.read.jsondoc import read_json
from communique.read.jsonl import read_jsonl
from communique.read.plaintext import read_text
from communique.read.text import bom_encoding, looks_binary

__all__ = ["Document", "ReadResult", "Unreadable", "content_id", "count_inputs", "read_inputs"]

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
}
_READERS = {"text": read_text, "json": read_json, "html": read_html, "feed": read_feed}

# Whole-file formats are read into memory; refuse absurd sizes rather than exhaust it. Decompressed
# gzip gets a lower cap, since a few kilobytes can inflate to gigabytes.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_GZIP_BYTES = 50 * 1024 * 1024
# A streamed gzip (JSON Lines) has no size cap, but past GZIP_RATIO_FLOOR it may not inflate more than
# GZIP_RATIO times the bytes it read: news text compresses 3 to 5 times, even boilerplate repeated
# in every line about 120 times, a bomb of blank lines 1,000 times.
GZIP_RATIO = 200
GZIP_RATIO_FLOOR = 10 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_GZIP_DEPTH = 2
_SNIFF_BYTES = 8192
_GZIP_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


def read_inputs(inputs: Iterable[str], *, stdin: TextIO | BinaryIO | None = None) -> Iterator[ReadResult]:
    """Read each input (a file, a folder, or "-" for stdin) and yield one ReadResult per document.

    ``stdin`` replaces ``sys.stdin`` for "-" (tests pass an io object).
    """
    names = FileNames()
    run_ids = UniqueIds()
    for item in inputs:
        if item == "-":
            results = _guarded(_read_stdin(stdin), "stdin", "<stdin>")
        else:
            results = _read_path(Path(item), names, top=True)
        yield from _unique_in_run(results, run_ids)


def _unique_in_run(results: Iterable[ReadResult], ids: UniqueIds) -> Iterator[ReadResult]:
    """Each result with an id no earlier one of this run has: two JSON Lines records (or feed items,
    in two files) of one id are two documents, the later renamed with a warning, never one merged into
    the other downstream. Renaming follows input order, so a rerun over the same inputs agrees."""
    for result in results:
        id, renamed = ids.claim(result.id)
        if renamed and isinstance(result, Document):
            note = f"the id {result.id!r} is taken by an earlier document of this run, renamed to {id!r}"
            result = replace(result, id=id, meta={**result.meta,
                                                  "warnings": [*result.meta.get("warnings", []), note]})
        elif renamed:
            result = replace(result, id=id)
        yield result


class FileNames:
    """The names files give their documents, unique within a run: "2023/readout.txt" is "readout",
    "2024/readout.txt" then "readout#2" (a warning says so), so that neither replaces the other in the
    store. Remembers one name per file, never per document (JSON Lines stream)."""

    def __init__(self) -> None:
        self._ids = UniqueIds()
        self._first: dict[str, str] = {}  # a name -> the file that has it

    def claim(self, name: str, origin: str) -> tuple[str, str | None]:
        """The file's document name, and a warning when the stem was taken by an earlier file."""
        claimed, renamed = self._ids.claim(name)
        self._first.setdefault(claimed, origin)
        if not renamed:
            return claimed, None
        return claimed, f"the id {name!r} is taken by {self._first[name]}: this document is {claimed!r}"


def count_inputs(inputs: Iterable[str]) -> tuple[int | None, int]:
    """How many documents the inputs hold, when that is cheap to know (None when an input must be
    parsed to tell: stdin, a JSON array, a feed, gzip), and how many bytes they take: for a progress
    bar's total and for how many coding processes are worth starting. Lines of JSON Lines files are
    counted by a scan for line breaks; each other file is one document. Never raises."""
    documents: int | None = 0
    size = 0
    pending: list[Path] = []
    for item in inputs:
        if item == "-":
            documents = None
        else:
            pending.append(Path(item))
    while pending:
        path = pending.pop()
        try:
            st = path.stat()
            if stat.S_ISDIR(st.st_mode):
                names = os.listdir(path)
                pending += [path / name for name in names if not name.startswith(".")]
                if documents is not None:  # a hidden file or folder gets one record: skipped
                    documents += sum(name.startswith(".") for name in names)
                continue
            size += st.st_size if stat.S_ISREG(st.st_mode) else 0
        except OSError:
            pass  # it still gets its record: one document
        kind = FORMATS.get(path.suffix.lower())
        if documents is None:
            continue
        if kind == "jsonl":
            documents += _count_lines(path)
        elif kind in ("json", "feed") or path.suffix.lower() == ".gz":
            documents = None
        else:
            documents += 1
    return documents, size


def _count_lines(path: Path) -> int:
    """Non-blank lines, without decoding them (blank lines are no documents)."""
    count = 0
    try:
        with open(path, "rb") as stream:
            for line in stream:
                count += bool(line.strip())
    except OSError:
        return 1
    return count


def _guarded(results: Iterator[ReadResult], name: str, origin: str) -> Iterator[ReadResult]:
    """Last line of defence for THE RULE: a reader bug becomes a failed record, not an exception."""
    try:
        yield from results
    except Exception as exc:
        reason = f"internal error while reading: {type(exc).__name__}: {short_error(exc)}"
        yield unreadable(name, "failed", reason, origin)


def _read_path(path: Path, names: FileNames, *, top: bool = False) -> Iterator[ReadResult]:
    origin = str(path)
    try:
        st = path.stat()
    except OSError as exc:
        reason = "no such file or directory" if isinstance(exc, FileNotFoundError) else _os_reason(exc)
        yield unreadable(names.claim(_name(path), origin)[0], "failed", reason, origin)
        return
    if stat.S_ISDIR(st.st_mode) and not (path.is_symlink() and not top):
        yield from _walk(path, names)
        return
    name, note = names.claim(_name(path), origin)
    if stat.S_ISDIR(st.st_mode):
        # Links inside a folder can loop; a folder named on the command line is always read.
        yield unreadable(name, "skipped", "symbolic link to a directory, not followed", origin)
    elif not stat.S_ISREG(st.st_mode):
        # Opening a FIFO or a device would block or read forever.
        yield unreadable(name, "skipped", "not a regular file", origin)
    else:
        for result in _guarded(_read_file(path, name, origin), name, origin):
            if note and isinstance(result, Document) and result.id == name:
                result.meta["warnings"] = [*result.meta.get("warnings", []), note]
            yield result


def _walk(folder: Path, names: FileNames) -> Iterator[ReadResult]:
    try:
        entries = sorted(os.listdir(folder))
    except OSError as exc:
        name = names.claim(_name(folder), str(folder))[0]
        yield unreadable(name, "failed", f"cannot list directory: {_os_reason(exc)}", str(folder))
        return
    for entry in entries:
        path = folder / entry
        if entry.startswith("."):
            # .DS_Store, .git and friends are not news, but they still get their record.
            kind = "hidden directory" if path.is_dir() else "hidden file"
            yield unreadable(names.claim(_name(path), str(path))[0], "skipped", f"{kind}, not read", str(path))
        else:
            yield from _read_path(path, names)


def _read_file(path: Path, name: str, origin: str) -> Iterator[ReadResult]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 -- closed by the with below; open errors need their own record
    except OSError as exc:
        yield unreadable(name, "failed", _os_reason(exc), origin)
        return
    suffix = _format_suffix(path)
    label = path.suffix.lower()
    if label == ".gz" and suffix:
        label = suffix + label  # "unsupported file type: .pdf.gz"
    with stream:
        yield from _read_stream(stream, suffix, name, origin, limit=MAX_FILE_BYTES, depth=0, label=label)


def _read_stream(
    stream: BinaryIO, suffix: str, name: str, origin: str, *, limit: int, depth: int, label: str
) -> Iterator[ReadResult]:
    """Sniff, pick the reader, and run it.

    ``suffix`` is the lowercased extension that names the format ("" when none); ``label`` is the
    file's own extension, for messages.
    """
    try:
        head = _peek(stream)
    except _GZIP_ERRORS as exc:
        yield unreadable(name, "failed", f"corrupt gzip data: {short_error(exc)}", origin)
        return
    if head.startswith(_GZIP_MAGIC):
        if depth >= _MAX_GZIP_DEPTH:
            yield unreadable(name, "failed", "gzip nested too deeply", origin)
            return
        inner = _inflate(stream)
        yield from _read_stream(
            inner, suffix, name, origin, limit=MAX_GZIP_BYTES, depth=depth + 1, label=label
        )
        return
    # Inside gzip, a member with no inner extension ("feed.gz") is sniffed; a bare file is not.
    fmt = _choose_format(suffix, head, sniff_unnamed=depth > 0)
    if fmt is None:
        yield unreadable(name, "skipped", f"unsupported file type: {label or '(no extension)'}", origin)
        return
    # JSON Lines judges each line: a NUL in one record fails that record, not the whole file
    if looks_binary(head) and not (fmt == "jsonl" and head.lstrip().startswith(b"{")):
        yield unreadable(name, "skipped", "binary file", origin)
        return
    if fmt == "jsonl":
        yield from read_jsonl(stream, name=name, origin=origin)
        return
    try:
        data = stream.read(limit + 1)
    except _GZIP_ERRORS as exc:
        problem = "corrupt gzip data" if depth else "could not read file"
        reason = f"too large ({exc})" if isinstance(exc, GzipBomb) else f"{problem}: {short_error(exc)}"
        yield unreadable(name, "failed", reason, origin)
        return
    if len(data) > limit:
        what = "decompressed" if depth else "file"
        yield unreadable(name, "failed", f"too large ({what} size over {limit // 2**20} MB)", origin)
        return
    if fmt in ("html", "feed"):
        # Text and JSON check these themselves, after decoding.
        if _is_blank(data):
            yield unreadable(name, "skipped", "empty document", origin)
            return
        if looks_binary(data):
            yield unreadable(name, "skipped", "binary file", origin)
            return
    yield from _READERS[fmt](data, name=name, origin=origin)


def _read_stdin(stdin: TextIO | BinaryIO | None) -> Iterator[ReadResult]:
    """Stdin: JSON Lines when it starts with "{" (streamed line by line, however long), else one text
    document named by its content (at most ``MAX_FILE_BYTES``)."""
    name, origin = "stdin", "<stdin>"
    source = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
    try:
        if isinstance(source.read(0), str):  # a text stream (tests): its bytes, as a file would give them
            source = io.BytesIO(source.read().encode("utf-8", errors="surrogatepass"))
        stream: Any = source if hasattr(source, "peek") else io.BufferedReader(source)  # type: ignore[arg-type]
        limit = MAX_FILE_BYTES
        head = _peek(stream)
        if head.startswith(_GZIP_MAGIC):
            stream, limit = _inflate(stream), MAX_GZIP_BYTES
            head = _peek(stream)
    except _GZIP_ERRORS as exc:
        yield unreadable(name, "failed", f"corrupt gzip data: {short_error(exc)}", origin)
        return
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        yield unreadable(name, "failed", f"could not read stdin: {short_error(exc)}", origin)
        return
    jsonl = _decode_head(head).lstrip().startswith("{")
    if looks_binary(head) and not jsonl:
        yield unreadable(name, "skipped", "binary file", origin)
    elif jsonl:
        yield from read_jsonl(stream, name=name, origin=origin)
    else:
        try:
            data = stream.read(limit + 1)
        except _GZIP_ERRORS as exc:
            yield unreadable(name, "failed", f"could not read stdin: {short_error(exc)}", origin)
            return
        if len(data) > limit:
            yield unreadable(name, "failed", f"too large (over {limit // 2**20} MB)", origin)
            return
        yield from read_text(data, name=name, origin=origin, id_from_content=True)


class GzipBomb(OSError):
    """A gzip stream that inflates far more than text does."""


class _Counted:
    """A binary stream that counts the bytes read from it (GzipFile only calls ``read``)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data


class _CappedGzip(io.RawIOBase):
    """The decompressed bytes of a gzip stream; raises GzipBomb once they pass GZIP_RATIO_FLOOR and
    GZIP_RATIO times the compressed bytes read."""

    def __init__(self, compressed: BinaryIO) -> None:
        self._compressed = _Counted(compressed)
        self._gzip = gzip.GzipFile(fileobj=self._compressed, mode="rb")  # type: ignore[arg-type]
        self._inflated = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._gzip.readinto(buffer)
        self._inflated += count
        if self._inflated > GZIP_RATIO_FLOOR and self._inflated > GZIP_RATIO * self._compressed.count:
            raise GzipBomb(f"decompressed size over {GZIP_RATIO} times the compressed size "
                           f"(over {self._inflated // 2**20} MB from {self._compressed.count // 1024} KB)")
        return count


def _inflate(stream: BinaryIO) -> BinaryIO:
    """A buffered, capped reader of the gzip data in ``stream``."""
    return io.BufferedReader(_CappedGzip(stream))  # type: ignore[return-value]


def _choose_format(suffix: str, head: bytes, *, sniff_unnamed: bool) -> str | None:
    """The format for a file: by extension, unless the content plainly says otherwise."""
    fmt = FORMATS.get(suffix)
    if fmt in ("text", "html", "feed"):
        # A saved web page called .xml, a feed called .html or .txt: the first tag decides.
        return _sniff_markup(head) or fmt
    if fmt is None and suffix == "" and sniff_unnamed:
        return _sniff_content(head)
    return fmt


_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_FIRST_TAG = re.compile(r"<(!doctype\s+html|[a-z][\w:.-]*)", re.IGNORECASE)


def _sniff_markup(head: bytes) -> str | None:
    text = _decode_head(head)
    m = _FIRST_TAG.match(text, _PROLOG.match(text).end())
    if not m:
        return None
    tag = m[1].lower()
    if tag in ("rss", "feed", "rdf:rdf", "channel"):
        return "feed"
    if tag == "html" or tag.startswith("!doctype"):
        return "html"
    return None


def _sniff_content(head: bytes) -> str | None:
    text = _decode_head(head).lstrip()
    if not text:
        return "text"
    if text[0] in "{[":
        return "json"  # read_json falls back to JSON Lines when it finds several values
    if text[0] == "<":
        return _sniff_markup(head) or "html"
    return "text"


def _decode_head(data: bytes) -> str:
    sample = data[:_SNIFF_BYTES]
    bom = bom_encoding(sample)
    if bom:
        return sample[bom[1] :].decode(bom[0], errors="ignore")
    return sample.decode("utf-8", errors="ignore")


def _is_blank(data: bytes) -> bool:
    bom = bom_encoding(data)
    if bom:
        return not data[bom[1] :].decode(bom[0], errors="ignore").strip()
    return not data.strip()


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        raise TypeError("reader needs a buffered stream")
    return peek(_SNIFF_BYTES)[:_SNIFF_BYTES]


def _format_suffix(path: Path) -> str:
    """The extension that names the format: "feed.xml.gz" -> ".xml", "notes.TXT" -> ".txt"."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return Path(path.stem).suffix.lower()
    return suffix


def _name(path: Path) -> str:
    """The file's stem, the id of single-document files: "feed.xml.gz" -> "feed"."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return Path(name).stem or name or str(path)


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or short_error(exc)).lower()
