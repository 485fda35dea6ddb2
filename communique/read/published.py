"""Publication dates, normalized to ISO 8601 at the precision the source gave."""

from __future__ import annotations

import email.utils
import re
import time
from datetime import UTC, date, datetime

_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
# Has a time of day after the date: ISO 8601 with "T" or a space.
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", re.IGNORECASE)

# Human-written dates seen in news metadata, with the precision each format carries.
_HUMAN_FORMATS = (
    ("%B %d, %Y", "day"),
    ("%b %d, %Y", "day"),
    ("%b. %d, %Y", "day"),
    ("%d %B %Y", "day"),
    ("%d %b %Y", "day"),
    ("%d %b. %Y", "day"),
    ("%B %d %Y", "day"),
    ("%b %d %Y", "day"),
    ("%B %Y", "month"),
    ("%b %Y", "month"),
)


def normalize_published(value: object) -> str | None:
    """An ISO 8601 string for a publication date, at the precision given.

    Accepts ISO strings ("2023", "2020-09", "2023-09-19", "2021-01-21T17:12:47-05:00"), RFC 822
    strings ("Fri, 21 Aug 2026 16:00:54 -0400"), a few spelled-out forms ("September 19, 2023"),
    ``time.struct_time`` (taken as UTC, as feedparser gives it), ``datetime``/``date`` objects and
    integer years. None or an empty string give None. Anything else raises ValueError.
    A datetime without an offset stays without one: the offset is not ours to invent.
    """
    if value is None:
        return None
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        if 1000 <= value <= 9999:
            return str(value)
        raise ValueError(f"not a year: {value}")
    if not isinstance(value, str):
        raise ValueError(f"not a date: {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        return None
    result = _parse_string(text)
    if result is None:
        raise ValueError(f"unrecognized date: {_short(value)}")
    return result


def _parse_string(text: str) -> str | None:
    if _YEAR.fullmatch(text):
        return text
    if m := _YEAR_MONTH.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"month out of range: {_short(text)}")
        return f"{year:04d}-{month:02d}"
    if _DATE.fullmatch(text):
        return date.fromisoformat(text).isoformat()  # validates the day
    if m := _DATE_SLASH.fullmatch(text):
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    if _ISO_DATETIME.fullmatch(text):
        try:
            return datetime.fromisoformat(text.upper().replace(" ", "T", 1)).isoformat()
        except ValueError:
            pass
    if any(c.isalpha() for c in text):
        if rfc := _parse_rfc822(text):
            return rfc
        for fmt, precision in _HUMAN_FORMATS:
            try:
                parsed = datetime.strptime(text.replace("Sept.", "Sep.").replace("Sept ", "Sep "), fmt)
            except ValueError:
                continue
            return parsed.date().isoformat() if precision == "day" else parsed.strftime("%Y-%m")
    return None


def _parse_rfc822(text: str) -> str | None:
    # parsedate_tz is lenient about junk, so insist on the shape: a day, a month name, a year, a time.
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{2,4} \d{1,2}:\d{2}", text):
        return None
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
