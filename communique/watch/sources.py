"""The sources file: what ``communique watch`` polls and the alerts it fires, as TOML.

```toml
interval = 900          # seconds between polls of a source (default for every source)
delay = 2.0             # seconds between two requests to one host (politeness)
timeout = 20            # seconds a request may take to connect or between two reads
retries = 2             # retries of a request that failed for a passing reason (timeout, 5xx, 429)
alerts_log = "alerts.jsonl"
webhook = "https://hooks.example.org/communique"

[[source]]
url = "https://www.example.org/news/feed.xml"
name = "Example ministry"   # default: the URL
kind = "feed"               # feed (RSS/Atom) or page (one web page, coded as one document)
interval = 600
articles = "auto"           # fetch each item's page: auto (when the feed holds only a summary), always, never

[[alert]]
name = "China-Russia conflict"
rule = "event"              # event | round | commitment | goldstein
dyad = "CHN-RUS"
types = ["THREATEN", "ASSAULT", "19"]
```

A bad file is one ``[E040]`` line that names the file and what is wrong in it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from communique.errors import CommuniqueError
from communique.store.query import parse_dyad

KINDS = ("feed", "page")
ARTICLES = ("auto", "always", "never")
RULES = ("event", "round", "commitment", "goldstein")
COMMITMENT_STATUSES = ("fulfilled", "overdue")

DEFAULT_INTERVAL = 900.0
DEFAULT_DELAY = 2.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_RETRIES = 2


@dataclass(frozen=True)
class Source:
    url: str
    name: str
    kind: str = "feed"
    interval: float = DEFAULT_INTERVAL
    articles: str = "auto"


@dataclass(frozen=True)
class Rule:
    """One alert rule. ``event``: an event of ``types`` (PLOVER types or CAMEO prefixes; any when empty)
    with ``dyad`` or ``actor``; ``round``: a new round of a mechanism (``name`` text in its name, ``party``);
    ``commitment``: a commitment of ``party`` becomes ``statuses`` (fulfilled, overdue); ``goldstein``: a
    day's mean Goldstein score of ``dyad`` is more than ``sigma`` standard deviations from its mean over the
    ``baseline_days`` before (with at least ``min_days`` days of events)."""

    name: str
    rule: str
    dyad: str | None = None
    actor: str | None = None
    types: tuple[str, ...] = ()
    mechanism: str | None = None
    party: str | None = None
    statuses: tuple[str, ...] = COMMITMENT_STATUSES
    sigma: float = 2.0
    baseline_days: int = 30
    min_days: int = 5


@dataclass
class Settings:
    """What a watch runs with: the sources, the alert rules and how to be polite and patient."""

    sources: list[Source] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    alerts_log: str | None = None
    webhook: str | None = None


def _bad(path: str, message: str) -> CommuniqueError:
    return CommuniqueError("E040", f"{path}: {message}")


def check_url(url: str, where: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CommuniqueError("E040", f"{where}: not an http(s) URL: {url!r}")
    return url.strip()


def _number(path: str, table: dict, key: str, default: float, *, minimum: float = 0) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise _bad(path, f"{key} must be a number of at least {minimum:g} (got {value!r})")
    return float(value)


def _text(path: str, table: dict, key: str) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _bad(path, f"{key} must be a non-empty string (got {value!r})")
    return value.strip() if value else None


def load(path: str | Path, *, interval: float | None = None) -> Settings:
    """The settings of a sources file; ``interval`` replaces the file's default interval."""
    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise _bad(where, f"cannot read the sources file: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _bad(where, f"not valid TOML: {error}") from None
    known = {"interval", "delay", "timeout", "retries", "alerts_log", "webhook", "source", "alert"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _bad(where, f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    default_interval = interval if interval is not None else _number(where, data, "interval", DEFAULT_INTERVAL,
                                                                      minimum=1)
    settings = Settings(delay=_number(where, data, "delay", DEFAULT_DELAY),
                        timeout=_number(where, data, "timeout", DEFAULT_TIMEOUT, minimum=0.1),
                        retries=int(_number(where, data, "retries", DEFAULT_RETRIES)),
                        alerts_log=_text(where, data, "alerts_log"), webhook=_text(where, data, "webhook"))
    if settings.alerts_log and not Path(settings.alerts_log).is_absolute():
        settings.alerts_log = str(Path(path).parent / settings.alerts_log)  # beside the file, wherever cron runs
    if settings.webhook:
        check_url(settings.webhook, f"{where}: webhook")
    for n, table in enumerate(_tables(where, data, "source"), 1):
        settings.sources.append(_source(f"{where}: source {n}", table, default_interval))
    for n, table in enumerate(_tables(where, data, "alert"), 1):
        settings.rules.append(_rule(f"{where}: alert {n}", table))
    _unique_names(settings.rules, where)
    return settings


def _unique_names(rules: list[Rule], where: str) -> None:
    names = [rule.name for rule in rules]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated:
        raise _bad(where, f"two alerts are named {repeated!r}: an alert's name keys what it has fired")


def _tables(where: str, data: dict, key: str) -> list[dict]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise _bad(where, f"{key} must be a list of tables: [[{key}]]")
    return tables


def _source(where: str, table: dict[str, Any], default_interval: float) -> Source:
    unknown = sorted(set(table) - {"url", "name", "kind", "interval", "articles"})
    if unknown:
        raise CommuniqueError("E040", f"{where}: unknown key {unknown[0]!r}")
    url = table.get("url")
    if not isinstance(url, str):
        raise CommuniqueError("E040", f"{where}: needs a url")
    url = check_url(url, where)
    kind = table.get("kind", "feed")
    if kind not in KINDS:
        raise CommuniqueError("E040", f"{where}: kind is one of {', '.join(KINDS)} (got {kind!r})")
    articles = table.get("articles", "auto")
    if articles not in ARTICLES:
        raise CommuniqueError("E040", f"{where}: articles is one of {', '.join(ARTICLES)} (got {articles!r})")
    return Source(url=url, name=_text(where, table, "name") or url, kind=kind, articles=articles,
                  interval=_number(where, table, "interval", default_interval, minimum=1))


def _rule(where: str, table: dict[str, Any]) -> Rule:
    rule = table.get("rule")
    if rule not in RULES:
        raise CommuniqueError("E040", f"{where}: rule is one of {', '.join(RULES)} (got {rule!r})")
    allowed = {"event": {"dyad", "actor", "types"}, "round": {"mechanism", "party"},
               "commitment": {"party", "statuses"}, "goldstein": {"dyad", "sigma", "baseline_days", "min_days"}}
    unknown = sorted(set(table) - {"name", "rule"} - allowed[rule])
    if unknown:
        raise CommuniqueError("E040", f"{where}: a {rule} alert takes no {unknown[0]!r} "
                                      f"(it takes {', '.join(sorted(allowed[rule]))})")
    name = _text(where, table, "name")
    if not name:
        raise CommuniqueError("E040", f"{where}: needs a name (the key of what it has fired)")
    try:
        dyad = parse_dyad(table["dyad"]) if table.get("dyad") else None
    except CommuniqueError as error:
        raise CommuniqueError("E040", f"{where}: {error}") from None
    actor = _text(where, table, "actor")
    party = _text(where, table, "party")
    types = _strings(where, table, "types")
    statuses = _strings(where, table, "statuses") or COMMITMENT_STATUSES
    if set(statuses) - set(COMMITMENT_STATUSES):
        raise CommuniqueError("E040", f"{where}: statuses are among {', '.join(COMMITMENT_STATUSES)}")
    if rule == "event" and not (dyad or actor):
        raise CommuniqueError("E040", f"{where}: an event alert needs a dyad or an actor")
    if rule == "goldstein" and not dyad:
        raise CommuniqueError("E040", f"{where}: a goldstein alert needs a dyad")
    return Rule(name=name, rule=rule, dyad=dyad, actor=actor.upper() if actor else None,
                types=tuple(t.upper() for t in types), mechanism=_text(where, table, "mechanism"),
                party=party.upper() if party else None, statuses=statuses,
                sigma=_number(where, table, "sigma", 2.0, minimum=0.1),
                baseline_days=int(_number(where, table, "baseline_days", 30, minimum=1)),
                min_days=int(_number(where, table, "min_days", 5, minimum=2)))


def _strings(where: str, table: dict, key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CommuniqueError("E040", f"{where}: {key} must be a list of strings")
    return tuple(v.strip() for v in value)


def from_arguments(arguments: tuple[str, ...] | list[str], *, interval: float | None = None) -> Settings:
    """The settings of the command line: sources files (.toml) and feed URLs, in any mix. The first file
    gives the politeness settings and the alerts log; every file's sources and alerts are watched."""
    settings: Settings | None = None
    urls: list[Source] = []
    for argument in arguments:
        if argument.lower().endswith(".toml"):
            loaded = load(argument, interval=interval)
            if settings is None:
                settings = loaded
            else:
                settings.sources += loaded.sources
                settings.rules += loaded.rules
        else:
            url = check_url(argument, "argument")
            urls.append(Source(url=url, name=url, interval=interval or DEFAULT_INTERVAL))
    settings = settings or Settings()
    settings.sources += urls
    _unique_names(settings.rules, "the sources files")
    seen: set[str] = set()
    for source in settings.sources:
        if source.url in seen:
            raise CommuniqueError("E040", f"the source {source.url} is given twice")
        seen.add(source.url)
    if not settings.sources:
        raise CommuniqueError("E040", "no sources to watch: give a sources file (.toml) or feed URLs")
    return settings
