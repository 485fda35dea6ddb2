"""Jinja filters and globals of the dashboard."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment

from communique.web.render import QUAD_NAMES


def safe_url(url: str | None) -> str | None:
    """A source URL worth linking: http(s) only, so that a stored ``javascript:`` URL is never a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def codes(value: str | list | None) -> str:
    """"CHN;RUS" or ["CHN", {"code": "RUS"}] -> "CHN+RUS"."""
    if not value:
        return "–"
    items = value.split(";") if isinstance(value, str) else value
    return "+".join((item if isinstance(item, str) else item.get("code") or "?") for item in items if item)


def signed(value: float | None) -> str:
    return "" if value is None else f"{value:+.1f}"


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """The page's query with some parameters changed (None drops one)."""
    merged = {**params, **changes}
    return urlencode({key: value for key, value in merged.items() if value not in (None, "")})


def install(env: Environment) -> None:
    env.filters.update(safe_url=safe_url, codes=codes, signed=signed)
    env.globals.update(quad_names=QUAD_NAMES, query_string=query_string)
