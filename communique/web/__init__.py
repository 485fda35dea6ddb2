"""The analyst dashboard: server-rendered pages (Jinja2, autoescaped), one CSS file, charts as inline
SVG, no JavaScript and nothing from a CDN. Each page reads the store through the same functions as the
CLI and the API (``communique.store.query``, ``communique.store.diplomacy``)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from communique.web.filters import install

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")  # autoescapes .html templates
install(templates.env)

from communique.web.pages import router  # noqa: E402  (the pages use ``templates``)

__all__ = ["STATIC", "router", "templates"]
