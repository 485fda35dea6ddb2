"""The publication date as a calendar day, and its precision."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def published_parts(published: str | None) -> tuple[str | None, str | None]:
    """``("2023-09-19", "day")``, ``("2020-09", "month")``, ``("2020", "year")`` or ``(None, None)``."""
    match = _ISO.match(published or "")
    if not match:
        return None, None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"


def published_day(published: str | None) -> date | None:
    """The publication day, when the source gives one to the day (the local date it states)."""
    value, precision = published_parts(published)
    if precision != "day" or value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
