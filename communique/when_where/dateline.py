"""Reading a dateline: where the story was filed, on which day, by which agency.

The reader finds the raw prefix (``communique.read.dateline.find_dateline``: "BEIJING, Sept. 19 (Xinhua) --");
``parse_dateline`` takes it apart:

    >>> parse_dateline("BEIJING, Sept. 19 (Xinhua) --")
    Dateline(place='Beijing', month=9, day=19, year=None, agency='Xinhua', region=None, venue=None, ...)

Styles read: wire services ("MOSCOW, September 19. /TASS/.", "WASHINGTON (AP) —", "LONDON, Jan 5 (Reuters) -",
"PARIS, Jan 5, 2024 (AFP) -", "Moscow, 9 Sep (ZXS) --", "Moscow. Sept 19 (Interfax) -"), place with
region ("KYIV, Ukraine —", "PORTLAND, Ore. (AP) —", "WASHINGTON, D.C. —"), several places
("BRUSSELS/LONDON (Reuters) -": the first), official headers with a venue ("The Kremlin, Moscow,
September 19, 2023 —", "September 19, 2023, The Kremlin, Moscow"), and MFA-style "New Delhi, 19 September 2023".
Places in capitals are given in title case ("DAR ES SALAAM" -> "Dar es Salaam"); the date keeps no
year unless the dateline states one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from communique.when_where.dates import MONTHS

_MONTH = (
    r"(?i:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|"
    r"Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"^(?:(?P<d1>{_DAY})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?)"
    r"(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?\.?$"
)
_AGENCY = re.compile(r"\s*(?:\((?P<paren>[^()]{1,30})\)|/(?P<slash>[^/]{1,30})/)\s*\.?\s*$")
_DASH = re.compile(r"\s*(?:-{1,3}|–|—|―)\s*$")
_PARTICLES = frozenset({"de", "da", "do", "del", "dos", "la", "le", "les", "al", "el", "es", "of", "upon", "am",
                        "an", "der", "sur", "di", "au", "en"})
# Venues that head a dateline in place of a town ("The Kremlin, Moscow").
VENUES = frozenset({"the kremlin", "kremlin", "the white house", "white house", "novo-ogaryovo", "bocharov ruchei",
                    "zhongnanhai", "the elysee palace", "elysee palace", "élysée palace"})


@dataclass(frozen=True, slots=True)
class Dateline:
    """A parsed dateline. ``place`` is the town as written (title case when it was in capitals);
    ``region`` what follows it ("Ukraine", "Ore.", "D.C."); ``venue`` a building before the town
    ("The Kremlin"); ``month``/``day``/``year`` what the dateline states (any may be None); ``agency`` the
    agency's name without its brackets ("Xinhua", "TASS"); ``date_text`` the date as written ("9 Sep")."""

    place: str | None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str | None = None
    region: str | None = None
    venue: str | None = None
    date_text: str | None = None
    text: str = ""


def parse_dateline(text: str) -> Dateline | None:
    """The place, date and agency of a dateline ("Moscow, 9 Sep (ZXS) --"), or None when ``text`` is not one."""
    if not text:
        return None
    return _parse(" ".join(text.split()))


@lru_cache(maxsize=2048)
def _parse(text: str) -> Dateline | None:
    rest = _DASH.sub("", text)
    agency = None
    match = _AGENCY.search(rest)
    if match:
        agency = (match["paren"] or match["slash"]).strip()
        rest = rest[: match.start()]
    rest = _DASH.sub("", rest).strip(" ,")
    parts: list[str] = []
    for part in (p.strip() for p in rest.split(",") if p.strip()):
        # A date may itself hold a comma ("Jan 5, 2024"): rejoin a year (or a time) with the part before it.
        if parts and re.fullmatch(rf"(?:{_YEAR}|\d{{1,2}}[:.]\d{{2}})(?:\s+\S+){{0,2}}", part) \
                and _DATE.match(f"{parts[-1]} {part}"):
            parts[-1] = f"{parts[-1]}, {part}"
            continue
        # "Moscow. Sept 19" (Interfax): a full stop between the place and the date.
        split = re.match(r"^(?P<place>[^\d]+?)\.\s+(?P<date>.*\d.*)$", part)
        if not _DATE.match(part) and split and _DATE.match(split["date"]):
            parts += [split["place"], split["date"]]
        else:
            parts.append(part)
    joined = parts
    date_text = None
    month = day = year = None
    names: list[str] = []
    for part in joined:
        found = _DATE.match(part)
        if found and date_text is None:
            date_text = re.sub(r",?\s+\d{1,2}[:.]\d{2}.*$", "", part).rstrip(".")
            month = MONTHS[(found["m1"] or found["m2"]).lower().rstrip(".")]
            day = int(re.match(r"\d+", found["d1"] or found["d2"]).group())
            year_text = found["y1"] or found["y2"]
            year = int(year_text) if year_text else None
            if not 1 <= day <= 31:
                return None
        elif _is_place(part):
            names.append(part)
        else:
            return None
    if not names and date_text is None:
        return None
    venue = None
    if names and names[0].casefold() in VENUES and len(names) > 1:
        venue, names = names[0], names[1:]
    if not (date_text or agency or venue or (names and _is_caps(names[0]))):
        return None  # a place alone counts only in capitals ("TOKYO —"), as in the reader
    place = _title(names[0].split("/")[0]) if names else None
    region = names[1] if len(names) > 1 else None
    return Dateline(place=place, month=month, day=day, year=year, agency=agency, region=region, venue=venue,
                    date_text=date_text, text=text)


def _is_place(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= 6 and part[0].isupper() and not any(ch.isdigit() for ch in part)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _title(place: str) -> str:
    """"DAR ES SALAAM" -> "Dar es Salaam", "PORT-AU-PRINCE" -> "Port-au-Prince"; mixed case is kept."""
    letters = [c for c in place if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return place
    words = []
    for i, word in enumerate(place.split(" ")):
        pieces = word.split("-")
        titled = [p.lower() if (i or j) and p.lower() in _PARTICLES else _cap(p) for j, p in enumerate(pieces)]
        words.append("-".join(titled))
    return " ".join(words)


def _cap(word: str) -> str:
    # "N'DJAMENA" -> "N'Djamena", "ST." -> "St."; initials ("D.C.") stay.
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    return re.sub(r"(^|['’])(\w)", lambda m: m.group(1) + m.group(2).upper(), word.lower())
