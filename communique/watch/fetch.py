"""Polite HTTP GETs with the standard library (urllib): conditional requests (ETag, Last-Modified),
a timeout on connecting and on every read plus one on the whole body, retries with exponential backoff
for passing faults (timeouts, refused connections, 429 and 5xx), a delay between two requests to one
host, at most ``MAX_REDIRECTS`` redirects, and a size cap.

Nothing here raises for what a server does: every outcome is a ``Fetched`` with its ``error``."""

from __future__ import annotations

import gzip
import io
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from communique import __version__
from communique.read.common import one_line

USER_AGENT = f"communique/{__version__} (news monitor; +https://github.com/communique)"
MAX_BYTES = 10 * 1024 * 1024  # a feed or an article page; anything larger is not news
MAX_REDIRECTS = 5
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass
class Fetched:
    """What one GET came to: ``status`` 200 with ``body``, 304 (not modified), or an ``error`` (one line)."""

    url: str                       # the URL asked for
    final_url: str | None = None   # where redirects led
    status: int | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    passing: bool = False          # the error may mend by itself (a timeout, a 503), unlike a 404
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            return None  # a redirect to file: or ftp: is not followed
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Passing(Exception):
    """A fault worth retrying."""


class Fetcher:
    """Makes the GETs of one watch: remembers when it last asked each host, to wait ``delay`` seconds
    between two requests to it. ``sleep`` is replaceable so that a stop request can cut a wait short."""

    def __init__(self, *, timeout: float = 20.0, retries: int = 2, delay: float = 2.0, backoff: float = 1.0,
                 max_bytes: int = MAX_BYTES, sleep: Callable[[float], object] = time.sleep) -> None:
        self.timeout, self.retries, self.delay, self.backoff = timeout, retries, delay, backoff
        self.max_bytes = max_bytes
        self.sleep = sleep
        self._last: dict[str, float] = {}  # host -> when its last request ended (monotonic)
        self._opener = urllib.request.build_opener(_Redirects())

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url``, conditionally when ``etag`` or ``last_modified`` is given, retrying passing faults."""
        result = Fetched(url=url)
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            result.attempts = attempt + 1
            try:
                self._once(result, etag, last_modified)
                return result
            except _Passing as fault:
                result.error, result.passing = str(fault), True
            except _Final as fault:
                result.error, result.passing = str(fault), False
                return result
        if result.attempts > 1:
            result.error = f"{result.error} (after {result.attempts} attempts)"
        return result

    def _wait_for_host(self, url: str) -> str:
        host = urlsplit(url).netloc.lower()
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (time.monotonic() - last)
            if wait > 0:
                self.sleep(wait)
        return host

    def _once(self, result: Fetched, etag: str | None, last_modified: str | None) -> None:
        host = self._wait_for_host(result.url)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                   "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, "
                             "*/*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(result.url, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                result.status = response.status
                result.final_url = response.geturl()
                self._headers(result, response.headers)
                result.body = self._decoded(self._read(response), response.headers.get("Content-Encoding"))
                result.error = None
        except urllib.error.HTTPError as error:
            result.final_url = error.geturl() or result.url
            if error.code == 304:
                result.status, result.error, result.body = 304, None, b""
                self._headers(result, error.headers)
                return
            result.status = error.code
            message = f"HTTP {error.code} {error.reason}" if error.reason else f"HTTP {error.code}"
            if "redirect" in str(error.reason).lower():
                raise _Final(f"too many redirects ({message})") from None
            if error.code in RETRY_STATUSES:
                raise _Passing(message) from None
            raise _Final(message) from None
        except TimeoutError:
            raise _Passing(f"timed out after {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise _Passing(f"timed out after {self.timeout:g} s") from None
            if isinstance(reason, ConnectionError | OSError):
                raise _Passing(f"cannot connect: {one_line(str(reason), 120)}") from None
            raise _Final(f"cannot fetch: {one_line(str(reason), 120)}") from None
        except (ConnectionError, OSError) as error:  # reset mid-body, a broken chunked encoding
            raise _Passing(f"connection failed: {one_line(str(error) or type(error).__name__, 120)}") from None
        except ValueError as error:  # a malformed redirect target, a bad chunk length
            raise _Final(f"bad response: {one_line(str(error), 120)}") from None
        finally:
            self._last[host] = time.monotonic()

    def _read(self, response: object) -> bytes:
        """The body, up to the cap, within ``timeout`` in all (a server that trickles bytes forever
        would defeat a timeout that only bounds each read)."""
        deadline = time.monotonic() + max(self.timeout * 3, 1.0)
        chunks: list[bytes] = []
        size = 0
        # read1: what one receive brings (read(n) would wait for n bytes, however slowly they come)
        while chunk := response.read1(64 * 1024):  # type: ignore[attr-defined]
            size += len(chunk)
            if size > self.max_bytes:
                raise _Final(f"response too large (over {self.max_bytes // 2**20} MB)")
            if time.monotonic() > deadline:
                raise _Passing(f"body not received within {max(self.timeout * 3, 1.0):g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _decoded(self, body: bytes, encoding: str | None) -> bytes:
        """The body unzipped when the server gzipped it though asked not to (some do), within the cap."""
        if (encoding or "").strip().lower() not in ("gzip", "x-gzip") and not body.startswith(b"\x1f\x8b"):
            return body
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
                data = unzipped.read(self.max_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise _Final(f"corrupt gzip body: {one_line(str(error), 120)}") from None
        if len(data) > self.max_bytes:
            raise _Final(f"response too large (over {self.max_bytes // 2**20} MB unzipped)")
        return data

    @staticmethod
    def _headers(result: Fetched, headers: Message | None) -> None:
        if headers is None:
            return
        result.etag = headers.get("ETag") or result.etag
        result.last_modified = headers.get("Last-Modified") or result.last_modified


class _Final(Exception):
    """A fault that retrying will not mend (404, a redirect loop, a body too large)."""
