"""Finding the dateline that opens a wire story ("BEIJING, Sept. 19 (Xinhua) --").

The reader only locates the raw prefix; the when/where stage interprets it. Being wrong here is worse
than missing one, so the pattern is conservative: a place-like run of capitalized words, an optional
date, an optional agency, then a dash (or TASS's "/TASS/." marker), all within the first 120 characters.
"""

from __future__ import annotations

import re

MAX_DATELINE_CHARS = 120

_UPPER = "A-ZÀ-ÖØ-Þ"
_LETTER = r"[^\W\d_]"
# A capitalized word: "Moscow", "WASHINGTON", "D.C.", "St.", "Port-au-Prince", "N'Djamena", "Zürich".
_WORD = rf"[{_UPPER}](?:{_LETTER}|[.'’-])*"
# Lowercase particles inside place names ("Rio de Janeiro", "Dar es Salaam", "Stratford-upon-Avon").
_PARTICLE = r"(?:de|da|do|del|dos|la|le|les|al|el|es|of|upon|am|an|der|sur|di)"
# One place: up to five words joined by spaces or slashes ("BRUSSELS/LONDON").
_PLACE = rf"{_WORD}(?:(?:[ ]|/){_PARTICLE})*(?:(?:[ ]|/){_WORD}(?:(?:[ ]|/){_PARTICLE})*){{0,4}}"

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_ANY_CASE = rf"(?i:{_MONTH})"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"\d{4}"
# "9 Sep", "3 March 2024", "Sept. 19", "Jan 5, 2024", "September 19."
_DATE = (
    rf"(?:{_DAY}[ ]{_MONTH_ANY_CASE}(?:,?[ ]{_YEAR})?"
    rf"|{_MONTH_ANY_CASE}[ ]{_DAY}(?:,?[ ]{_YEAR})?)\.?"
)
# "(Xinhua)", "(AP)", "(RIA Novosti)", "(dpa)"; not "(R-Texas)" or "(left)".
_AGENCY_PAREN = r"\((?![RDI]-)(?:[A-Z][A-Za-z0-9&.'’ -]{1,29}|dpa|efe)\)"
# "/TASS/", "/PRNewswire/"
_AGENCY_SLASH = r"/[A-Z][A-Za-z0-9 .-]{1,29}/"
_DASH = r"(?:-{1,3}|–|—|―)"

_DATELINE = re.compile(
    rf"""
    (?P<place>{_PLACE})
    (?:,[ ](?P<region>{_PLACE}))?                # "KYIV, Ukraine", "WASHINGTON, D.C."
    (?:[,.][ ](?P<date>{_DATE}))?                # ", Sept. 19" / ". Sept 19" (Interfax)
    (?:
        [ ](?P<slash>{_AGENCY_SLASH})\.?(?=\s|$)  # TASS: "... September 19. /TASS/."
        (?:[ ]{_DASH}(?=\s|$))?
      |
        (?:[ ](?P<agency>{_AGENCY_PAREN}))?
        (?:[ ]{_DASH}(?=\s|$)|[ ]?[—–―])          # a hyphen needs spaces; an em dash may hug the word
    )
    """,
    re.VERBOSE,
)

# All-caps words that open a story without being a place.
_NOT_PLACES = frozenset(
    (
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "ANALYSIS",
        "OPINION",
        "EDITORIAL",
        "FACTBOX",
        "FACTSHEET",
        "WRAPUP",
        "CORRECTED",
        "CORRECTION",
        "URGENT",
        "FLASH",
        "ALERT",
        "NOTE",
        "NEWS",
        "PHOTO",
        "VIDEO",
        "WATCH",
        "LIVE",
        "REVIEW",
        "INTERVIEW",
        "COMMENTARY",
    )
)


def find_dateline(text: str) -> str | None:
    """The dateline prefix at the start of ``text``, exactly as written, or None.

    Leading whitespace is skipped; the returned string is a substring of ``text``.
    A place alone ("TOKYO —") counts only in capitals; mixed-case places need a date or an agency,
    which keeps "President Biden - who ..." out.
    """
    start = len(text) - len(text.lstrip())
    head = text[start : start + MAX_DATELINE_CHARS + 1]
    m = _DATELINE.match(head)
    if not m or m.end() > MAX_DATELINE_CHARS:
        return None
    place = m["place"]
    if place.split()[0].upper() in _NOT_PLACES:
        return None
    if not (m["date"] or m["agency"] or m["slash"]) and not _is_caps(place):
        return None
    return m.group(0).rstrip()


def _is_caps(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
