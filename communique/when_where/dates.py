"""Date expressions: find them in text and resolve them against a reference day, with their precision.

``find_dates(text, base)`` scans text with a fast set of rules for the forms news actually uses
("On 19 September", "Sept. 19", "on Tuesday", "yesterday", "earlier this month", "in March", "in 2019");
``resolve_date(text, base)`` resolves one expression (a spaCy DATE entity, say): the same rules
first, then dateparser for the rest (slow, so guarded and cached).

Conventions (documented in docs/output.md under "Dates"):

- The reference day ``base`` is the publication date (a ``Base``: year, month and day, each possibly
  unknown). Relative expressions ("yesterday", "on Tuesday", "last month") need the parts they
  count from and resolve to nothing without them.
- A month and day without a year take the reference year, or the year before when that would put the
  date more than about two months (62 days) after the reference day (``prefer="past"``); with
  ``prefer="future"`` the next occurrence. Without any reference year they keep no year: the value is
  ISO 8601's truncated ``--MM-DD`` (or ``--MM`` for a month), never an invented year.
- Precision is what the text says: day ("19 September", "yesterday", "on Tuesday"), month ("in March",
  "earlier this month") or year ("in 2019", "next year"). A period of several days ("last week",
  "over the weekend") gets the smallest unit that holds all of it (usually its month). A span of days
  ("19-20 September") is dated by its first day. Weekdays ("on Tuesday") are the latest such day on or
  before the reference day ("last Tuesday" strictly before, "next Tuesday" strictly after).
- "on the 5th" is the 5th of the reference month, or of the month before when that is still ahead.
- Numeric dates are read day-first or month-first only when one reading is impossible (13/05/2024,
  05/13/2024); otherwise ("05/06/2024") only the year is certain, and that is the precision given.
- Durations ("five years", "the past week", "recent months"), periods relative to another date
  ("the next day") and holidays resolve to nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "month", "year"]
Prefer = Literal["past", "future"]

# Dates more than this many days after the reference day are taken to be from the year before.
FUTURE_SLACK_DAYS = 62

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
FULL_MONTHS = tuple(calendar.month_name[1:])  # "January", ...
ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}  # monday = 0
ORDINAL_WORDS = {
    word: i + 1 for i, word in enumerate((
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
        "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
        "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth",
        "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"))
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


@dataclass(frozen=True, slots=True)
class Base:
    """The reference day relative expressions count from; any part may be unknown."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None

    def key(self) -> tuple:
        return (self.year, self.month, self.day)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A calendar date at a precision; ``year`` None means the text gave none and nothing supplied it."""

    precision: Precision
    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def value(self) -> str:
        """"2023-09-19", "2023-09", "2023"; without a year ISO 8601's "--09-19" and "--09"."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        if self.precision == "year":
            return year
        if self.precision == "month":
            return f"{year}-{self.month:02d}"
        return f"{year}-{self.month:02d}-{self.day:02d}"

    def as_dict(self) -> dict:
        return {"value": self.value, "precision": self.precision}

    def first_day(self) -> date | None:
        """The first day the value covers, when its year is known."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date | None:
        if self.year is None:
            return None
        if self.precision == "year":
            return date(self.year, 12, 31)
        if self.precision == "month":
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def month_day(self) -> tuple[int, int] | None:
        return (self.month, self.day) if self.precision == "day" else None

    @classmethod
    def of_day(cls, day: date) -> DateValue:
        return cls("day", day.year, day.month, day.day)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text: its character span (of ``text`` as scanned, plus ``offset``)."""

    start: int
    end: int
    text: str
    value: DateValue
    kind: Literal["explicit", "relative"]


def base_of(published: str | None) -> Base | None:
    """The reference day of an ISO publication date ("2023-09-19", "2021-01-21T17:12:47-05:00", "2020-09")."""
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not _valid_day(year, month, day):
        day = None
    return Base(year, month, day)


# --- year inference -----------------------------------------------------------------------------


def infer_year(month: int, day: int | None, base: Base | None, prefer: Prefer = "past") -> int | None:
    """The year of a month (and day) given without one: the reference year, or the year before when
    that would put it more than ``FUTURE_SLACK_DAYS`` after the reference day (the next occurrence
    with ``prefer="future"``). None when no reference year is known."""
    if base is None or base.year is None:
        return None
    if base.month is None:
        return base.year
    ref = date(base.year, base.month, base.day or 15)
    year = base.year
    if prefer == "future":
        if _day_in(year, month, day) < ref - timedelta(days=1 if day else 31):
            year += 1
    elif _day_in(year, month, day) > ref + timedelta(days=FUTURE_SLACK_DAYS):
        year -= 1
    if day == 29 and month == 2:  # a leap day names a leap year
        step = 1 if prefer == "future" else -1
        while not calendar.isleap(year):
            year += step
    return year


def _day_in(year: int, month: int, day: int | None) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or 1, last))


def _valid_day(year: int | None, month: int | None, day: int) -> bool:
    if month is None or not 1 <= month <= 12 or day < 1:
        return False
    last = calendar.monthrange(year, month)[1] if year else (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= last


def _span_value(first: date, last: date) -> DateValue:
    """The smallest unit that holds every day from ``first`` to ``last``."""
    if first == last:
        return DateValue.of_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return DateValue("month", first.year, first.month)
    if first.year == last.year:
        return DateValue("year", first.year)
    # Across New Year: the year that holds most of the days.
    split = date(last.year, 1, 1)
    return DateValue("year", first.year if (split - first) > (last - split) else last.year)


# --- the rules ----------------------------------------------------------------------------------


def _alternatives(names: tuple[str, ...]) -> str:
    forms = set()
    for name in names:
        forms.update({name, name.upper()})
    return "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))


_MONTH_FULL = _alternatives(FULL_MONTHS)
_MONTH_ABBR = rf"(?:{_alternatives(ABBREVIATIONS)})\.?"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})(?![\w])"
_WEEKDAY = _alternatives(tuple(calendar.day_name))
_Y = r"(?:1[89]|20)\d\d(?!\d)"
_D = r"[0-3]?\d(?!\d)(?:\s?(?:st|nd|rd|th)(?![a-z]))?"
_D_WORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_RANGE = rf"(?:\s*(?:-|–|—|to|and|or)\s*(?:the\s+)?{_D})?"
_PERIOD_MODS = (
    r"the\s+(?:very\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|"
    r"(?:first|second|third|fourth|last)\s+quarter|first\s+days?|last\s+days?)\s+of"
)

_ISO = re.compile(rf"\b(?P<y>{_Y})(?P<sep>[-/.])(?P<m>0[1-9]|1[0-2])(?P=sep)(?P<d>[0-3]\d)\b")
_NUMERIC = re.compile(rf"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>{_Y})\b")
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?:(?P<d>{_D}){_RANGE}(?:\s+of)?|(?P<dw>{_D_WORD})\s+of)"
    rf"\s+(?P<m>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_Y}))?"
)
_MONTH_DAY = re.compile(
    rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<m>{_MONTH})\s+(?:the\s+)?(?:(?P<d>{_D}){_RANGE}|(?P<dw>{_D_WORD})\b)"
    rf"(?:,?\s+(?P<y>{_Y}))?"
)
_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<mod>early|mid|late|{_PERIOD_MODS})[\s-]+)?(?P<m>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_Y})"
)
_MONTH_ALONE = re.compile(
    rf"\b(?P<prep>in|since|until|till|by|during|of|from|before|after|through|for)\s+"
    rf"(?P<core>(?:(?P<mod>early|mid|late|last|this|next|this\s+past|{_PERIOD_MODS})[\s-]+)?(?P<m>{_MONTH_FULL}))\b"
    r"(?!\s*[0-3]?\d)"
)
_MONTH_MOD = re.compile(
    rf"\b(?P<core>(?P<mod>early|mid|late|last|next|this\s+past)[\s-]+(?P<m>{_MONTH_FULL}))\b(?!\s*\d)"
)
_YEAR = re.compile(
    rf"(?:\b(?P<prep>in|since|until|till|by|during|of|from|before|after|through)\s+)"
    rf"(?P<core>(?:(?P<mod>early|mid|late|{_PERIOD_MODS})[\s-]+)?(?:the\s+year\s+)?(?P<y>{_Y}))"
    r"(?!\s*[-–]\s*\d|\w|'s?\b|s\b)"
)
_YEAR_MOD = re.compile(
    rf"\b(?P<core>(?:(?P<mod>early|mid|late)-|(?P<pmod>{_PERIOD_MODS})\s+(?:the\s+year\s+)?)(?P<y>{_Y}))\b"
)
_SEASON_YEAR = re.compile(
    rf"(?i:\b(?:(?:early|mid|late)[\s-]+)?(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?\s+)(?P<y>{_Y})"
)
_WEEKDAY_RE = re.compile(
    rf"\b(?:(?P<mod>(?i:last|this\s+past|this\s+coming|this|next|early|late))\s+)?(?P<wd>{_WEEKDAY})(?!s\b)(?!\w)"
    r"(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?"
)
_REL_DAY = re.compile(
    r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|(?:early|earlier|later)\s+today|"
    r"today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b)"
)
_REL_PERIOD = re.compile(
    r"(?i:\b(?:(?P<mod>earlier|later|early|late|(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|first\s+half|"
    r"second\s+half)\s+of)\s+(?:in\s+)?)?"
    r"(?P<rel>this|last|next|the\s+current|the)\s+(?P<unit>week|weekend|month|year|spring|summer|autumn|fall|winter)\b)"
    r"(?!\s*'s|s\b)"
)
_WEEKEND = re.compile(r"(?i:\b(?P<core>(?:over|during|at|on)\s+the\s+weekend)\b)")
_AGO = re.compile(
    r"(?i:\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>day|week|fortnight|month|year)s?\s+ago\b)"
)
_ORDINAL = re.compile(
    rf"\b(?i:on)\s+(?P<core>the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th))\b(?!\s+(?:of\s+)?(?:{_MONTH}))"
    r"(?!\s+(?:century|centuries|anniversary|round|session|time|day|floor|edition|meeting|summit|of\b))"
)


def find_dates(text: str, base: Base | None, *, offset: int = 0, prefer: Prefer = "past") -> list[DateMention]:
    """Date expressions in ``text`` the fast rules resolve, in text order, without overlaps (the most
    explicit rule wins). Spans are of ``text`` shifted by ``offset``."""
    found: list[tuple[int, int, int, DateValue, str]] = []  # (priority, start, end, value, kind)
    for priority, (pattern, handler) in enumerate(_RULES):
        for match in pattern.finditer(text):
            result = handler(match, base, prefer)
            if result is None:
                continue
            value, kind = result
            start, end = (match.start("core"), match.end("core")) if "core" in pattern.groupindex else match.span()
            found.append((priority, start, end, value, kind))
    taken: list[tuple[int, int, DateValue, str]] = []
    for _, start, end, value, kind in sorted(found, key=lambda f: (f[0], f[1])):
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, value, kind))
    taken.sort(key=lambda t: t[0])
    return [DateMention(offset + s, offset + e, text[s:e].rstrip(" ,"), value, kind) for s, e, value, kind in taken]


def resolve_date(text: str, base: Base | None, prefer: Prefer = "past") -> DateValue | None:
    """One date expression (e.g. a spaCy DATE entity's text) resolved: the fast rules, which also take a
    bare month ("March") or year ("2019") here, then dateparser for what they leave (cached)."""
    text = " ".join(text.split())
    mentions = find_dates(text, base, prefer=prefer)
    if mentions:
        found = mentions[0]
        rest = text[: found.start] + " " + text[found.end:]
        if found.value.precision != "day" and re.search(rf"\b(?:[0-3]?\d(?:st|nd|rd|th)?|{_D_WORD})\b", rest):
            # "the 19th day of September 2023": the rules read only "September 2023"; a day is left over.
            finer = _dateparser(text, base.key() if base else None, prefer)
            if finer is not None and finer.precision == "day":
                return finer
        return found.value
    bare = _bare(text, base, prefer)
    if bare is not None:
        return bare
    return _dateparser(text, base.key() if base else None, prefer)


_LEADING = re.compile(r"^(?i:(?:on|in|at|during|of|the)\s+)+")


def _bare(text: str, base: Base | None, prefer: Prefer) -> DateValue | None:
    core = _LEADING.sub("", text).strip(" .,")
    if re.fullmatch(_Y, core):
        return DateValue("year", int(core))
    month = MONTHS.get(core.lower())
    if month and core[0].isupper() and len(core) > 3:
        return DateValue("month", infer_year(month, None, base, prefer), month)
    match = re.fullmatch(rf"(?:(?:early|mid|late)[\s-]+)?(?P<m>{_MONTH_FULL})", core)
    if match:
        month = MONTHS[match["m"].lower()]
        return DateValue("month", infer_year(month, None, base, prefer), month)
    return None


# --- handlers: (match, base, prefer) -> (DateValue, kind) | None --------------------------------


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _explicit_day(match: re.Match, base: Base | None, prefer: Prefer):
    month = _month_of(match["m"])
    day = _day_number(match["d"]) if match["d"] else ORDINAL_WORDS[match["dw"].lower()]
    year = int(match["y"]) if match["y"] else infer_year(month, day, base, prefer)
    if not _valid_day(year, month, day):
        return None
    if match["wd"] and year is not None and not match["y"]:
        # "Friday, April 2": when the weekday does not fit the inferred year but fits the year next to
        # it (in the preferred direction), the weekday decides.
        weekday = WEEKDAYS[match["wd"].lower()]
        other = year + (1 if prefer == "future" else -1)
        if date(year, month, day).weekday() != weekday and _valid_day(other, month, day) \
                and date(other, month, day).weekday() == weekday:
            year = other
    return DateValue("day", year, month, day), "explicit"


def _iso(match: re.Match, base: Base | None, prefer: Prefer):
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not _valid_day(year, month, day):
        return None
    return DateValue("day", year, month, day), "explicit"


def _numeric(match: re.Match, base: Base | None, prefer: Prefer):
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    readings = {(m, d) for m, d in ((a, b), (b, a)) if _valid_day(year, m, d)}
    if not readings:
        return None
    if len(readings) == 1:
        month, day = readings.pop()
        return DateValue("day", year, month, day), "explicit"
    return DateValue("year", year), "explicit"  # 05/06/2024: day-first or month-first? only the year is sure


def _month_year(match: re.Match, base: Base | None, prefer: Prefer):
    mod = (match["mod"] or "").lower()
    if "half" in mod or "quarter" in mod:
        return DateValue("year", int(match["y"])), "explicit"
    return DateValue("month", int(match["y"]), _month_of(match["m"])), "explicit"


def _month_alone(match: re.Match, base: Base | None, prefer: Prefer):
    month = _month_of(match["m"])
    mod = " ".join((match["mod"] or "").lower().split())
    if mod in ("last", "this past"):
        year = _previous_occurrence(month, base)
        kind = "relative"
    elif mod == "next":
        year = _next_occurrence(month, base)
        kind = "relative"
    else:
        year = infer_year(month, None, base, prefer)
        kind = "explicit"
    if mod in ("last", "next", "this past") and year is None:
        return None
    return DateValue("month", year, month), kind


def _previous_occurrence(month: int, base: Base | None) -> int | None:
    if base is None or base.year is None or base.month is None:
        return None
    return base.year if month < base.month else base.year - 1


def _next_occurrence(month: int, base: Base | None) -> int | None:
    if base is None or base.year is None or base.month is None:
        return None
    return base.year if month > base.month else base.year + 1


def _year(match: re.Match, base: Base | None, prefer: Prefer):
    return DateValue("year", int(match["y"])), "explicit"


def _weekday(match: re.Match, base: Base | None, prefer: Prefer):
    day = base.date if base else None
    if day is None:
        return None
    target = WEEKDAYS[match["wd"].lower()]
    mod = " ".join((match["mod"] or "").lower().split())
    back = (day.weekday() - target) % 7
    ahead = (target - day.weekday()) % 7
    if mod == "last":
        delta = -(back or 7)
    elif mod in ("next", "this coming"):
        delta = ahead or 7
    elif mod == "this past":
        delta = -(back or 7)
    elif prefer == "future":
        delta = ahead
    else:
        delta = -back
    return DateValue.of_day(day + timedelta(days=delta)), "relative"


_REL_DAY_OFFSETS = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "tomorrow": 1,
                    "last night": -1}


def _relative_day(match: re.Match, base: Base | None, prefer: Prefer):
    word = " ".join(match["w"].lower().split())
    delta = _REL_DAY_OFFSETS.get(word, 0)
    day = base.date if base else None
    if day is None:
        if base is None or base.month is None or base.day is None:
            return None
        # A reference month and day without a year (a dateline): same-month offsets only.
        if not _valid_day(None, base.month, base.day + delta):
            return None
        return DateValue("day", None, base.month, base.day + delta), "relative"
    return DateValue.of_day(day + timedelta(days=delta)), "relative"


def _relative_period(match: re.Match, base: Base | None, prefer: Prefer):
    rel = " ".join(match["rel"].lower().split())
    unit = match["unit"].lower()
    mod = " ".join((match["mod"] or "").lower().split())
    if rel == "the":
        # "the end of the year" / "the end of the month": the current one; "the week" alone is no date.
        if not mod or unit not in ("year", "month"):
            return None
        rel = "this"
    if rel == "the current":
        rel = "this"
    step = {"this": 0, "last": -1, "next": 1}[rel]
    if unit == "year" or unit in ("spring", "summer", "autumn", "fall", "winter"):
        if base is None or base.year is None:
            return None
        return DateValue("year", base.year + step), "relative"
    if unit == "month":
        if base is None or base.month is None:
            return None
        year, month = _add_months(base.year, base.month, step)
        return DateValue("month", year, month), "relative"
    day = base.date if base else None
    if day is None:
        if unit == "week" and step == 0 and base is not None and base.month is not None:
            return DateValue("month", base.year, base.month), "relative"  # "earlier this week", no weekday known
        return None
    if unit == "weekend":
        saturday = day - timedelta(days=(day.weekday() - 5) % 7)  # latest Saturday on or before
        if step == 1 or (step == 0 and prefer == "future" and day.weekday() < 5):
            saturday += timedelta(days=7)
        elif step == -1 and day.weekday() >= 5:
            saturday -= timedelta(days=7)
        return _span_value(saturday, saturday + timedelta(days=1)), "relative"
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=step)
    first, last = monday, monday + timedelta(days=6)
    if step == 0 and mod in ("earlier", "early"):
        first, last = monday, max(monday, day - timedelta(days=1))
    elif step == 0 and mod in ("later", "late"):
        first, last = min(day + timedelta(days=1), last), last
    return _span_value(first, last), "relative"


def _add_months(year: int | None, month: int, step: int) -> tuple[int | None, int]:
    index = month - 1 + step
    return (year + index // 12 if year is not None else None), index % 12 + 1


def _weekend(match: re.Match, base: Base | None, prefer: Prefer):
    day = base.date if base else None
    if day is None:
        return None
    saturday = day - timedelta(days=(day.weekday() - 5) % 7)
    return _span_value(saturday, saturday + timedelta(days=1)), "relative"


def _ago(match: re.Match, base: Base | None, prefer: Prefer):
    word = match["n"].lower()
    n = int(word) if word.isdigit() else NUMBER_WORDS[word]
    unit = match["unit"].lower()
    if unit == "year":
        if base is None or base.year is None:
            return None
        return DateValue("year", base.year - n), "relative"
    if unit == "month":
        if base is None or base.month is None:
            return None
        year, month = _add_months(base.year, base.month, -n)
        return DateValue("month", year, month), "relative"
    day = base.date if base else None
    if day is None:
        return None
    if unit == "day":
        return DateValue.of_day(day - timedelta(days=n)), "relative"
    then = day - timedelta(weeks=n * (2 if unit == "fortnight" else 1))
    monday = then - timedelta(days=then.weekday())
    return _span_value(monday, monday + timedelta(days=6)), "relative"


def _ordinal(match: re.Match, base: Base | None, prefer: Prefer):
    if base is None or base.month is None:
        return None
    day = int(match["d"])
    year, month = base.year, base.month
    if base.day is not None:
        if prefer == "past" and day > base.day:
            year, month = _add_months(year, month, -1)
        elif prefer == "future" and day < base.day:
            year, month = _add_months(year, month, 1)
    if not _valid_day(year, month, day):
        return None
    return DateValue("day", year, month, day), "relative"


def _season_year(match: re.Match, base: Base | None, prefer: Prefer):
    return DateValue("year", int(match["y"])), "explicit"


# In priority order: a more explicit rule wins where two overlap.
_RULES = (
    (_ISO, _iso),
    (_NUMERIC, _numeric),
    (_DAY_MONTH, _explicit_day),
    (_MONTH_DAY, _explicit_day),
    (_MONTH_YEAR, _month_year),
    (_ORDINAL, _ordinal),
    (_REL_DAY, _relative_day),
    (_WEEKDAY_RE, _weekday),
    (_REL_PERIOD, _relative_period),
    (_WEEKEND, _weekend),
    (_AGO, _ago),
    (_MONTH_ALONE, _month_alone),
    (_MONTH_MOD, _month_alone),
    (_YEAR_MOD, _year),
    (_YEAR, _year),
    (_SEASON_YEAR, _season_year),
)


# --- dateparser, for what the rules leave -------------------------------------------------------

_HAS_CALENDAR_WORD = re.compile(
    rf"(?i:\b(?:{'|'.join(MONTHS)}|{'|'.join(WEEKDAYS)})\b)|\d{{1,2}}[/.\-]\d{{1,2}}|\bago\b"
)
# Not points in time: durations, periods relative to another date, recurrences, eras.
_NOT_A_DATE = re.compile(
    r"(?i:\b(?:later|earlier|before|after|next|following|previous|past|coming|recent|every|each|annual|"
    r"century|centuries|decade|decades|millenni\w*|era|season|years|months|weeks|days|daily|weekly|monthly|"
    r"yearly|since|until|within|over|for|age|old|anniversary)\b)|\b\d{4}\s*[-–]\s*\d{2,4}\b(?![-/.]\d)"
)
_DURATION = re.compile(
    r"(?i:^(?:the\s+)?(?:first\s+|last\s+)?(?:\d+|a|an|one|two|three|few|several)\s+(?:day|week|month|year)s?$)"
)


def _dateparser(text: str, base_key: tuple | None, prefer: Prefer) -> DateValue | None:
    if len(text) > 40 or not _HAS_CALENDAR_WORD.search(text) or _NOT_A_DATE.search(text) or _DURATION.match(text):
        return None
    return _dateparser_cached(text, base_key, prefer)


@lru_cache(maxsize=4096)
def _dateparser_cached(text: str, base_key: tuple | None, prefer: Prefer) -> DateValue | None:
    """dateparser with the reference day as RELATIVE_BASE; STRICT_PARSING first (all of day, month and
    year present: day precision), then a lenient parse whose ``period`` gives the precision. A year the
    text does not state is inferred by ``infer_year``, not taken from dateparser's guess."""
    base = Base(*base_key) if base_key else None
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base and base.date:
        settings["RELATIVE_BASE"] = datetime.combine(base.date, datetime.min.time()).replace(hour=12)
    elif base is None or base.year is None:
        settings["STRICT_PARSING"] = True  # nothing to fill missing parts from
    strict = _parser(tuple(sorted({**settings, "STRICT_PARSING": True}.items(), key=str)))
    data = strict.get_date_data(text)
    if data.date_obj is not None and re.search(_Y, text):
        found = data.date_obj.date()
        return DateValue("day", found.year, found.month, found.day)
    if settings.get("STRICT_PARSING") or "RELATIVE_BASE" not in settings:
        return None
    data = _parser(tuple(sorted(settings.items(), key=str))).get_date_data(text)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    found = data.date_obj.date()
    has_year = re.search(_Y, text) is not None
    if data.period == "year":
        return DateValue("year", found.year) if has_year else None
    year = found.year if has_year else infer_year(found.month, found.day if data.period == "day" else None,
                                                  base, prefer)
    if data.period == "month":
        return DateValue("month", year, found.month)
    return DateValue("day", year, found.month, found.day)


@lru_cache(maxsize=16)
def _parser(settings: tuple):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=dict(settings))
