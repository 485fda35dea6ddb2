"""A real HTTP server on 127.0.0.1 for the watch tests: routes whose answers the test changes between
polls (a feed, a page, a 500, a hang, a redirect), ETag and Last-Modified honoured with 304s, and a log
of every request it got (path, method, headers, body)."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: bool = True              # send an ETag (a hash of the body) and answer If-None-Match with 304
    last_modified: str | None = None  # send it and answer an equal If-Modified-Since with 304
    hang: float = 0.0              # seconds to wait before answering
    trickle: float = 0.0           # send the body a byte at a time, this many seconds apart
    location: str | None = None    # a redirect's target
    headers: dict[str, str] = field(default_factory=dict)  # more headers to send (Content-Encoding)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    answered: int | None = None
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                entry = Request("GET", self.path, dict(self.headers))
                server.log.append(entry)
                route = server.routes.get(self.path)
                if route is None:
                    return self._send(entry, 404, b"not found", "text/plain")
                if route.hang:
                    time.sleep(route.hang)
                if route.location:
                    entry.answered = route.status
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                headers = dict(route.headers)
                if route.etag and route.status == 200:
                    tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = tag
                    if self.headers.get("If-None-Match") == tag:
                        return self._send(entry, 304, b"", None, headers)
                if route.last_modified and route.status == 200:
                    headers["Last-Modified"] = route.last_modified
                    if self.headers.get("If-Modified-Since") == route.last_modified:
                        return self._send(entry, 304, b"", None, headers)
                return self._send(entry, route.status, route.body, route.content_type, headers)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                entry = Request("POST", self.path, dict(self.headers), self.rfile.read(length))
                server.log.append(entry)
                self._send(entry, 204 if self.path in server.routes else 404, b"", None)

            def _send(self, entry: Request, status: int, body: bytes, content_type: str | None,
                      headers: dict[str, str] | None = None) -> None:
                entry.answered = status
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body and status != 304:
                    route = server.routes.get(self.path)
                    if route is not None and route.trickle:
                        try:
                            for byte in body:
                                self.wfile.write(bytes([byte]))
                                self.wfile.flush()
                                time.sleep(route.trickle)
                        except OSError:  # the client gave up
                            pass
                        return
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests(self, path: str, method: str = "GET") -> list[Request]:
        return [r for r in self.log if r.path == path and r.method == method]


def rss(items: list[dict], *, title: str = "Test ministry news") -> bytes:
    """An RSS 2.0 feed; each item: guid, title, text (the description), link, published (ISO day)."""
    parts = []
    for item in items:
        day = datetime.fromisoformat(item["published"]).replace(hour=12, tzinfo=UTC) if item.get("published") else None
        parts.append(
            "<item>"
            + f"<guid isPermaLink=\"false\">{escape(item['guid'])}</guid>"
            + f"<title>{escape(item.get('title') or item['guid'])}</title>"
            + (f"<link>{escape(item['link'])}</link>" if item.get("link") else "")
            + (f"<description>{escape(item['text'])}</description>" if item.get("text") else "")
            + (f"<pubDate>{format_datetime(day)}</pubDate>" if day else "")
            + "</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{''.join(parts)}</channel></rss>"
            ).encode()


def article(title: str, paragraphs: list[str]) -> bytes:
    """A news page as trafilatura expects one: a headline and the story's paragraphs, among navigation."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{escape(title)}</h1>{body}</article>"
            "<footer>Ministry of Foreign Affairs · Contact · Privacy</footer></body></html>").encode()
