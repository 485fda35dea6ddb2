"""Actor knowledge base: countries, international organisations, national bodies, office titles and
office-holders, loaded from the tab-separated files in ``communique/actors/data``.

Every file is UTF-8, tab-separated, with a header row; ``|`` separates alternatives inside a cell and
lines starting with ``#`` are comments. The loader validates codes, sectors, ranks, kinds and dates and
raises :class:`ValueError` naming the file and line of the first problem it finds.

Public API::

    kb = load_kb()                      # cached; load_kb(data_dir) loads another directory, uncached
    kb.countries["RUS"]                 # Country by ISO 3166-1 alpha-3
    kb.lookup("the Kremlin")            # [Country(RUS)]
    kb.surface_forms()                  # normalized form -> entries, for phrase matching
    kb.roles_of("Medvedev")             # every Role of the person the name denotes
    kb.role_on("Medvedev", date(2009, 6, 1)).office == "President"
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

__all__ = [
    "BODY_KINDS",
    "NONSTATE_CODES",
    "RANKS",
    "SECTOR_CODES",
    "Body",
    "Country",
    "Entry",
    "KnowledgeBase",
    "Office",
    "Organisation",
    "Role",
    "load_kb",
    "normalize",
]

# PLOVER sector codes, from the PLOVER ontology's "sector_codes" list.
SECTOR_CODES: frozenset[str] = frozenset(
    {
        "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
        "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
        "PRE", "REL", "SOC",
    }
)  # fmt: skip

# PLOVER actor "country" codes for non-state actors.
NONSTATE_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"})

# Office ranks, most senior first: role_on() prefers the more senior of two simultaneous roles.
RANKS: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "minister",
    "official",
    "military",
    "diplomat",
    "legislator",
    "judge",
)
_RANK_ORDER = {rank: i for i, rank in enumerate(RANKS)}

BODY_KINDS: frozenset[str] = frozenset(
    {"ministry", "council", "legislature", "court", "military", "party", "agency", "police", "intelligence"}
)

_FILES = {
    "countries": ("countries.tsv", ("iso3", "name", "aliases", "adjectives", "capitals")),
    "organisations": ("organisations.tsv", ("name", "aliases", "code", "sector")),
    "bodies": ("bodies.tsv", ("name", "aliases", "country", "sector", "kind")),
    "offices": ("offices.tsv", ("title", "aliases", "sector", "rank")),
    "people": ("people.tsv", ("name", "aliases", "country", "sector", "office", "start", "end")),
}

_TAB = "\t"
_CODE_RE = re.compile(r"[A-Z]{3}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u00b4": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
        "\u00a0": " ",
    }
)  # fmt: skip


def normalize(text: str) -> str:
    """Normalize a surface form for matching: Unicode NFC, straight quotes (and ASCII hyphens), casefold,
    whitespace collapsed and trimmed, one leading "the " dropped."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).casefold()
    text = _SPACE_RE.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]

    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.adjectives, *self.capitals)


@dataclass(frozen=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    code: str  # IGO, UNO, EUR, NGO, ...
    sector: str  # PLOVER sector code or ""

    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Body:
    name: str
    aliases: tuple[str, ...]
    country: str  # ISO3, or "" for generic bodies whose country comes from context
    sector: str
    kind: str

    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Office:
    title: str
    aliases: tuple[str, ...]
    sector: str
    rank: str

    def forms(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Role:
    name: str  # canonical name of the person
    aliases: tuple[str, ...]
    country: str
    sector: str
    office: str  # an Office title
    start: date
    end: date | None  # inclusive; None = still in office

    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


Entry = Country | Organisation | Body | Office | Role


class KnowledgeBase:
    """The loaded, validated tables plus a surface-form index over all of them."""

    def __init__(
        self,
        countries: dict[str, Country],
        organisations: tuple[Organisation, ...],
        bodies: tuple[Body, ...],
        offices: tuple[Office, ...],
        roles: tuple[Role, ...],
    ) -> None:
        self.countries = countries
        self.organisations = organisations
        self.bodies = bodies
        self.offices = offices
        self.roles = roles
        self.offices_by_title: dict[str, Office] = {o.title: o for o in offices}
        self._forms: dict[str, list[Entry]] = {}
        self._spellings: dict[str, set[str]] = {}
        groups: Iterator[Entry] = (
            e for group in (countries.values(), organisations, bodies, offices, roles) for e in group
        )
        for entry in groups:
            for form in entry.forms():
                key = normalize(form)
                bucket = self._forms.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
                self._spellings.setdefault(key, set()).add(form)
        # person key: every normalized name/alias -> canonical person names
        self._people: dict[str, set[str]] = {}
        self._roles_by_person: dict[str, list[Role]] = {}
        for role in roles:
            self._roles_by_person.setdefault(role.name, []).append(role)
            for form in role.forms():
                self._people.setdefault(normalize(form), set()).add(role.name)
        for person_roles in self._roles_by_person.values():
            person_roles.sort(key=lambda r: (r.start, r.end or date.max))

    def __repr__(self) -> str:
        return (
            f"KnowledgeBase({len(self.countries)} countries, {len(self.organisations)} organisations, "
            f"{len(self.bodies)} bodies, {len(self.offices)} offices, {len(self.roles)} roles)"
        )

    def surface_forms(self) -> dict[str, list[Entry]]:
        """Normalized surface form -> entries it may denote (a fresh copy; safe to mutate)."""
        return {form: list(entries) for form, entries in self._forms.items()}

    def lookup(self, text: str) -> list[Entry]:
        """Entries whose name/alias/adjective/capital/title normalizes to the same form as ``text``."""
        return list(self._forms.get(normalize(text), ()))

    def acronym_forms(self) -> frozenset[str]:
        """Normalized forms all of whose spellings have no lowercase letter ("US", "WHO", "PM", "U.S."):
        a matcher should require them in upper case, since casefolding makes "US" equal the pronoun."""
        return frozenset(
            form
            for form, spellings in self._spellings.items()
            if all(s == s.upper() and any(c.isalpha() for c in s) for s in spellings)
        )

    def persons(self, name: str) -> list[str]:
        """Canonical names of the people a name or alias denotes (more than one if it is ambiguous)."""
        return sorted(self._people.get(normalize(name), ()))

    def roles_of(self, name: str) -> list[Role]:
        """Every role of the person the name (or alias) denotes, oldest first."""
        return [role for person in self.persons(name) for role in self._roles_by_person[person]]

    def holder(self, country: str, office: str, day: date | None) -> Role | None:
        """Who held ``office`` (an Office title) in ``country`` on ``day``: the latest started of the
        roles active that day; None when the knowledge base does not know, or without a day."""
        if day is None:
            return None
        active = [r for r in self.roles if r.country == country and r.office == office and r.active_on(day)]
        return max(active, key=lambda r: r.start, default=None)

    def rank_of(self, role: Role) -> str:
        return self.offices_by_title[role.office].rank

    def role_on(self, name: str, day: date | None) -> Role | None:
        """The role the named person held on ``day`` (start <= day <= end, open end = still in office);
        with ``day`` None, the latest role (open roles first). Of simultaneous roles, the most senior
        rank wins, then the most recently started. None when the person held no listed role that day."""
        roles = self.roles_of(name)
        if day is None:
            if not roles:
                return None
            return max(roles, key=lambda r: (r.end is None, r.end or date.min, r.start, -self._rank(r)))
        active = [r for r in roles if r.active_on(day)]
        if not active:
            return None
        return min(active, key=lambda r: (self._rank(r), -r.start.toordinal()))

    def _rank(self, role: Role) -> int:
        return _RANK_ORDER[self.offices_by_title[role.office].rank]


# --------------------------------------------------------------------------- loading


class _Reader:
    """Rows of one TSV file as dicts, with the line number kept for error messages."""

    def __init__(self, label: str, text: str, columns: tuple[str, ...]) -> None:
        self.label = label
        self.rows: list[tuple[int, dict[str, str]]] = []
        header_seen = False
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if not header_seen:
                if tuple(cells) != columns:
                    raise ValueError(f"{label}:{lineno}: header must be {_TAB.join(columns)!r}, got {line!r}")
                header_seen = True
                continue
            if len(cells) > len(columns):
                raise ValueError(f"{label}:{lineno}: {len(cells)} columns, expected {len(columns)}")
            cells += [""] * (len(columns) - len(cells))  # trailing empty cells may be trimmed
            self.rows.append((lineno, dict(zip(columns, cells, strict=True))))
        if not header_seen:
            raise ValueError(f"{label}: missing header row {_TAB.join(columns)!r}")

    def fail(self, lineno: int, message: str) -> ValueError:
        return ValueError(f"{self.label}:{lineno}: {message}")

    def required(self, lineno: int, row: dict[str, str], column: str) -> str:
        value = row[column]
        if not value:
            raise self.fail(lineno, f"empty {column!r}")
        return value

    def alternatives(self, lineno: int, row: dict[str, str], column: str) -> tuple[str, ...]:
        value = row[column]
        if not value:
            return ()
        parts = tuple(p.strip() for p in value.split("|"))
        if any(not p for p in parts):
            raise self.fail(lineno, f"empty alternative in {column!r}: {value!r}")
        return parts

    def sector(self, lineno: int, value: str, *, optional: bool = False) -> str:
        if not value and optional:
            return ""
        if value not in SECTOR_CODES:
            raise self.fail(lineno, f"unknown PLOVER sector {value!r}")
        return value

    def code(self, lineno: int, value: str, known: dict[str, Country], *, optional: bool = False) -> str:
        if not value and optional:
            return ""
        if not _CODE_RE.fullmatch(value):
            raise self.fail(lineno, f"country code {value!r} is not 3 uppercase letters")
        if value not in known and value not in NONSTATE_CODES:
            allowed = " ".join(sorted(NONSTATE_CODES))
            raise self.fail(lineno, f"unknown country code {value!r} (not in countries.tsv nor {allowed})")
        return value

    def day(self, lineno: int, value: str, column: str) -> date:
        if not _DATE_RE.fullmatch(value):
            raise self.fail(lineno, f"{column} {value!r} is not an ISO date YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self.fail(lineno, f"{column} {value!r}: {exc}") from None


def _read_texts(data_dir: Path | None) -> dict[str, tuple[str, str]]:
    texts = {}
    for key, (filename, _) in _FILES.items():
        if data_dir is None:
            resource = resources.files("communique.actors").joinpath("data", filename)
            texts[key] = (filename, resource.read_text(encoding="utf-8"))
        else:
            path = Path(data_dir) / filename
            try:
                texts[key] = (str(path), path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise ValueError(f"{path}: file missing") from None
    return texts


def _parse(texts: dict[str, tuple[str, str]]) -> KnowledgeBase:
    def reader(key: str) -> _Reader:
        label, text = texts[key]
        return _Reader(label, text, _FILES[key][1])

    rd = reader("countries")
    countries: dict[str, Country] = {}
    for n, row in rd.rows:
        iso3 = rd.required(n, row, "iso3")
        if not _CODE_RE.fullmatch(iso3):
            raise rd.fail(n, f"iso3 {iso3!r} is not 3 uppercase letters")
        if iso3 in countries:
            raise rd.fail(n, f"duplicate iso3 {iso3!r}")
        if iso3 in NONSTATE_CODES:
            raise rd.fail(n, f"{iso3!r} is a non-state code, not a country")
        countries[iso3] = Country(
            iso3,
            rd.required(n, row, "name"),
            rd.alternatives(n, row, "aliases"),
            rd.alternatives(n, row, "adjectives"),
            rd.alternatives(n, row, "capitals"),
        )

    rd = reader("organisations")
    organisations = []
    for n, row in rd.rows:
        organisations.append(
            Organisation(
                rd.required(n, row, "name"),
                rd.alternatives(n, row, "aliases"),
                rd.code(n, rd.required(n, row, "code"), countries),
                rd.sector(n, row["sector"], optional=True),
            )
        )

    rd = reader("bodies")
    bodies = []
    for n, row in rd.rows:
        kind = rd.required(n, row, "kind")
        if kind not in BODY_KINDS:
            raise rd.fail(n, f"unknown kind {kind!r} (expected one of {sorted(BODY_KINDS)})")
        bodies.append(
            Body(
                rd.required(n, row, "name"),
                rd.alternatives(n, row, "aliases"),
                rd.code(n, row["country"], countries, optional=True),
                rd.sector(n, rd.required(n, row, "sector")),
                kind,
            )
        )

    rd = reader("offices")
    offices: list[Office] = []
    titles: set[str] = set()
    for n, row in rd.rows:
        title = rd.required(n, row, "title")
        if title in titles:
            raise rd.fail(n, f"duplicate office title {title!r}")
        titles.add(title)
        rank = rd.required(n, row, "rank")
        if rank not in _RANK_ORDER:
            raise rd.fail(n, f"unknown rank {rank!r} (expected one of {list(RANKS)})")
        sector = rd.sector(n, rd.required(n, row, "sector"))
        offices.append(Office(title, rd.alternatives(n, row, "aliases"), sector, rank))

    rd = reader("people")
    roles = []
    for n, row in rd.rows:
        office = rd.required(n, row, "office")
        if office not in titles:
            raise rd.fail(n, f"office {office!r} is not a title in offices.tsv")
        start = rd.day(n, rd.required(n, row, "start"), "start")
        end = rd.day(n, row["end"], "end") if row["end"] else None
        if end is not None and end < start:
            raise rd.fail(n, f"end {end} is before start {start}")
        roles.append(
            Role(
                rd.required(n, row, "name"),
                rd.alternatives(n, row, "aliases"),
                rd.code(n, rd.required(n, row, "country"), countries),
                rd.sector(n, rd.required(n, row, "sector")),
                office,
                start,
                end,
            )
        )

    return KnowledgeBase(countries, tuple(organisations), tuple(bodies), tuple(offices), tuple(roles))


@functools.cache
def _packaged_kb() -> KnowledgeBase:
    return _parse(_read_texts(None))


def load_kb(data_dir: str | Path | None = None) -> KnowledgeBase:
    """The knowledge base shipped with the package (loaded once, cached), or, given ``data_dir``, the
    five files in that directory (loaded afresh each call: for tests and for editing the data)."""
    if data_dir is None:
        return _packaged_kb()
    return _parse(_read_texts(Path(data_dir)))
