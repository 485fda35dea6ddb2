"""The ASGI app: settings, security headers, the request-size limit, error envelopes, the offline
API docs, and the routers of the API (``communique.api.routes``) and the dashboard (``communique.web``)."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique import __version__
from communique.errors import CommuniqueError, store_missing

MAX_BODY = 5_000_000  # bytes; a POST of documents larger than this gets 413
# Seconds a client has to send a request's headers once it connects (or once its last answer is sent):
# uvicorn bounds only idle keep-alive, so a client that stalls or trickles its headers held a connection.
HEADER_TIMEOUT = 10.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# No inline script anywhere: the dashboard has no JavaScript, the API docs load theirs from /docs-static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes as it renders; only the docs page allows them.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

DESCRIPTION = """Events coded from diplomatic news (PLOVER and CAMEO), with the evidence behind each one,
and the diplomacy layer: mechanisms, positions, commitments.

Reads are open. Writes (`POST /api/documents`) need the server's token: `Authorization: Bearer TOKEN`.
Errors are `{"ok": false, "error": "..."}` with the HTTP status. Every list has a `.csv` twin
(`/api/events.csv`) and a `.json` one."""


@dataclass
class Settings:
    """What the server was started with."""

    db_path: Path
    token: str | None = None
    max_body: int = MAX_BODY


def _status_of(error: CommuniqueError) -> int:
    # A missing or unreadable store is the server's problem, not the request's.
    return 503 if error.code in ("E002", "E004", "E007") else 400


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path.startswith("/openapi") or "text/html" not in request.headers.get(
        "accept", "")


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body"))
        parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
    return "; ".join(parts) or "invalid request"


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)
    from communique.web import templates

    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


class SecurityHeaders:
    """Adds the security headers to every response (pages, JSON, files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers += [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                            (b"cross-origin-opener-policy", b"same-origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoopbackHosts:
    """On a loopback address, answer only requests addressed to a loopback name: a web page elsewhere
    cannot reach the server by pointing its own host name at 127.0.0.1 (DNS rebinding)."""

    ALLOWED = ("127.0.0.1", "localhost", "[::1]")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.ALLOWED:
                refused = JSONResponse({"ok": False, "error": f"this server answers only to 127.0.0.1 or localhost, "
                                        f"not {host[:100]!r}", "status": 400}, status_code=400)
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for a request body over ``max_body`` bytes: at once when Content-Length says so, else as soon
    as the streamed body passes the limit (so a chunked upload cannot fill the memory either)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body over the limit of {self.max_body:,} bytes; send fewer documents per request"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            too_large = JSONResponse({"ok": False, "error": message, "status": 413}, status_code=413)
            await too_large(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            incoming = await receive()
            if incoming["type"] == "http.request":
                received += len(incoming.get("body", b""))
                if received > self.max_body:
                    raise StarletteHTTPException(413, message)
            return incoming

        await self.app(scope, limited, send)


class TokenFirst:
    """An API request that can write (any method but GET, HEAD and OPTIONS) is refused before its body
    is read when it lacks the token: a client without it cannot make the server read or parse a body.
    The dashboard's correction form carries its token in the form itself (a browser sends no bearer
    header): the page checks it, and the body limit bounds what it reads first."""

    READS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in self.READS and scope["path"].startswith("/api/"):
            from communique.api.routes import token_refusal

            header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            scheme, _, given = header.partition(" ")
            refused = token_refusal(self.token, given if scheme.lower() == "bearer" else "")
            if refused:
                body = {"ok": False, "error": refused.detail, "status": refused.status_code}
                answer = JSONResponse(body, status_code=refused.status_code, headers=refused.headers)
                answer.headers["connection"] = "close"  # the unread body ends this connection
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def header_timeout_protocol() -> type:
    """uvicorn's HTTP/1.1 protocol with a deadline for each request's headers (HEADER_TIMEOUT)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeout(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()  # the next request on this connection gets its own deadline

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = self.loop.call_later(HEADER_TIMEOUT, self._expire)

        def _expire(self) -> None:
            # IDLE: the client has not finished a request's headers (after them it is SEND_BODY or DONE)
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

    return HeaderTimeout


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>communique API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs-static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-static/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>"""


def create_app(db_path: str | Path, *, token: str | None = None, max_body: int = MAX_BODY,
               host: str = "127.0.0.1") -> FastAPI:
    """The app over the store at ``db_path`` (which must exist). ``token`` enables writes; without it
    POST /api/documents answers 403. Bound to a loopback ``host``, only loopback Host headers are
    accepted, so that a web page elsewhere cannot reach the server by DNS rebinding."""
    import fastapi_offline

    from communique.api.routes import router as api_router
    from communique.web import STATIC
    from communique.web import router as web_router

    path = Path(db_path)
    if not path.exists():
        raise store_missing(str(path))
    app = FastAPI(title="communique", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json")
    app.state.settings = Settings(path, token or None, max_body)
    if host in LOOPBACK:
        app.add_middleware(LoopbackHosts)
    app.add_middleware(TokenFirst, token=token or None)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return _error(request, error.status_code, str(error.detail), getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(error))

    @app.exception_handler(CommuniqueError)
    async def communique_error(request: Request, error: CommuniqueError) -> Response:
        return _error(request, _status_of(error), str(error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        print(f"communique serve: {request.method} {request.url.path}: {error!r}", file=sys.stderr)
        return _error(request, 500, "internal error (see the server's log)")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-static", StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"),
              name="docs-static")
    return app


def read_token(token_file: str | None) -> str | None:
    """The write token: the first line of ``token_file``, else $COMMUNIQUE_TOKEN, else None (read-only)."""
    if token_file:
        try:
            text = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CommuniqueError("E030", f"cannot read the token file {token_file}: {error.strerror}") from None
        if not text:
            raise CommuniqueError("E030", f"the token file {token_file} is empty")
        return text.splitlines()[0].strip()
    return os.environ.get("COMMUNIQUE_TOKEN") or None


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          max_body: int = MAX_BODY, log_level: str = "info") -> None:
    """Run the API and the dashboard with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db_path, token=token, max_body=max_body, host=host)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                http=header_timeout_protocol())
