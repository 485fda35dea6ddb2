"""The diplomacy stage's data tables (``data/*.tsv``), loaded once: mechanism words, stance words, topics."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

MECHANISM_ROLES = frozenset({"head", "round", "wrapper", "ignore", "vague", "body"})
STANCES = frozenset({"support", "oppose"})


def _rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    text = resources.files("communique.diplomacy").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        if tuple(row) != columns or None in row.values():
            raise ValueError(f"diplomacy/data/{name}: row {row!r} does not have the columns {columns}")
    return rows


@dataclass(frozen=True)
class MechanismWords:
    heads: dict[str, str]  # lemma -> the head noun of the normalized name
    organisation_heads: frozenset[str]  # heads an organisation alone names ("BRICS summit")
    pair_heads: frozenset[str]  # heads a pair of countries alone names ("India-Japan summit")
    rounds: frozenset[str]
    wrappers: frozenset[str]
    ignore: frozenset[str]
    titled: frozenset[str]  # heads a capitalized title alone names ("the Summit for Democracy")
    once: frozenset[str]  # heads that "a" makes one meeting ("convened a virtual COVID Summit")
    venue: frozenset[str]  # heads that a venue's name alone makes one meeting ("the Camp David Summit")
    vague: frozenset[str]  # heads of an "on" phrase that names no series ("consultations on a range of issues")
    bodies: frozenset[str]  # modifiers that make the head a body that advises or reports ("Expert Group")
    rows: tuple[dict[str, str], ...]

    def role_word(self, lemma: str, roles: frozenset[str]) -> str | None:
        """``lemma`` (or its singular) when it is one of ``roles``' words."""
        for word in (lemma, lemma[:-1] if lemma.endswith("s") else None):
            if word and ((word in self.heads and "head" in roles) or (word in self.rounds and "round" in roles)
                         or (word in self.wrappers and "wrapper" in roles)
                         or (word in self.ignore and "ignore" in roles) or (word in self.vague and "vague" in roles)):
                return word
        return None


@cache
def mechanism_words() -> MechanismWords:
    columns = ("word", "role", "normal", "organisation", "example", "name", "round", "titled", "once")
    rows = _rows("mechanism_words.tsv", columns)
    heads, organisation, pair, rounds, wrappers, ignore = {}, set(), set(), set(), set(), set()
    titled = {row["word"] for row in rows if row["titled"] == "yes"}
    once = {row["word"] for row in rows if row["once"] in ("yes", "venue")}
    venue = {row["word"] for row in rows if row["once"] == "venue"}
    if any(row["once"] not in ("", "yes", "venue") for row in rows):
        raise ValueError("diplomacy/data/mechanism_words.tsv: once is yes, venue or empty")
    vague = {row["word"] for row in rows if row["role"] == "vague"}
    bodies = {row["word"] for row in rows if row["role"] == "body"}
    for row in rows:
        roles = set(row["role"].split("|"))
        if not roles <= MECHANISM_ROLES:
            raise ValueError(f"diplomacy/data/mechanism_words.tsv: {row['word']}: unknown role {row['role']!r}")
        if "head" in roles:
            heads[row["word"]] = row["normal"] or row["word"]
            if row["organisation"] in ("yes", "organisation"):
                organisation.add(row["word"])
            if row["organisation"] == "yes":
                pair.add(row["word"])
        rounds |= {row["word"]} if "round" in roles else set()
        wrappers |= {row["word"]} if "wrapper" in roles else set()
        ignore |= {row["word"]} if "ignore" in roles else set()
    return MechanismWords(heads, frozenset(organisation), frozenset(pair), frozenset(rounds), frozenset(wrappers),
                          frozenset(ignore), frozenset(titled), frozenset(once), frozenset(venue), frozenset(vague),
                          frozenset(bodies), tuple(rows))


@dataclass(frozen=True)
class StanceWords:
    verbs: dict[str, str]  # lemma -> support | oppose
    nouns: dict[str, str]
    adjectives: dict[str, str]
    preps: dict[tuple[str, str], tuple[str, ...]]  # (pos, lemma) -> where the topic is
    rows: tuple[dict[str, str], ...]

    def prep_only(self, verb: str) -> bool:
        """Whether the verb's topic is only ever in its prepositions ("call for"; "stand with")."""
        return any(row["pos"] == "verb" and row["word"] == verb and row["preps"].endswith("!") for row in self.rows)


@cache
def stance_words() -> StanceWords:
    rows = _rows("stances.tsv", ("word", "pos", "stance", "preps", "example", "holder", "topic"))
    verbs, nouns, adjectives, preps = {}, {}, {}, {}
    for row in rows:
        if row["stance"] not in STANCES or row["pos"] not in ("verb", "noun", "adj"):
            raise ValueError(f"diplomacy/data/stances.tsv: {row['word']}: bad pos or stance")
        {"verb": verbs, "noun": nouns, "adj": adjectives}[row["pos"]][row["word"]] = row["stance"]
        preps[(row["pos"], row["word"])] = tuple(filter(None, row["preps"].rstrip("!").split("|")))
    return StanceWords(verbs, nouns, adjectives, preps, tuple(rows))


@dataclass(frozen=True)
class Topics:
    """Aliases of normalized topics, matched as whole words, longest first."""

    pattern: re.Pattern[str]
    by_alias: dict[str, str]
    rows: tuple[dict[str, str], ...]

    def normalize(self, text: str, head: str | None = None) -> str | None:
        """The table's topic for a phrase that contains one of its names ("the Taiwan question" -> Taiwan);
        with ``head``, only a name that holds the phrase's head word ("the Taiwan issue", not "a response
        to aggression against Ukraine")."""
        found = [m.group(0) for m in self.pattern.finditer(text)]
        if head is not None:
            found = [f for f in found if head.casefold() in f.casefold().split()]
        if not found:
            return None
        return self.by_alias[max(found, key=len).casefold()]


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


@cache
def topics() -> Topics:
    rows = _rows("topics.tsv", ("topic", "aliases", "example"))
    by_alias: dict[str, str] = {}
    for row in rows:
        for alias in (row["topic"], *filter(None, row["aliases"].split("|"))):
            if by_alias.setdefault(_key(alias), row["topic"]) != row["topic"]:
                raise ValueError(f"diplomacy/data/topics.tsv: {alias!r} names two topics")
    names = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    return Topics(pattern, by_alias, tuple(rows))


def topic_key(text: str) -> str:
    """The form topic phrases are matched in: one space between words, straight apostrophes."""
    return " ".join(text.replace("\u2019", "'").split())


COMMITMENT_POS = frozenset({"verb", "adj", "noun"})
COMMITMENT_ROLES = frozenset({"commit", "look", "task"})


@dataclass(frozen=True)
class CommitmentWords:
    """Words that commit their subject (or, for a noun, its possessor) to the action they govern."""

    roles: dict[tuple[str, str], str]  # (pos, lemma) -> commit | look | task
    rows: tuple[dict[str, str], ...]

    def role(self, pos: str, lemma: str) -> str | None:
        return self.roles.get((pos, lemma))

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(lemma for _, lemma in self.roles)


@cache
def commitment_words() -> CommitmentWords:
    rows = _rows("commitment_words.tsv", ("word", "pos", "role", "example", "parties", "action"))
    roles = {}
    for row in rows:
        if row["pos"] not in COMMITMENT_POS or row["role"] not in COMMITMENT_ROLES:
            raise ValueError(f"diplomacy/data/commitment_words.tsv: {row['word']}: bad pos or role")
        roles[(row["pos"], row["word"])] = row["role"]
    return CommitmentWords(roles, tuple(rows))


@dataclass(frozen=True)
class Deadlines:
    """Timing phrases that count days from the document's day ("next week" -> seven days on)."""

    patterns: tuple[tuple[re.Pattern[str], int], ...]
    rows: tuple[dict[str, str], ...]

    def days(self, when: str) -> int | None:
        return next((days for pattern, days in self.patterns if pattern.search(when)), None)


@cache
def deadlines() -> Deadlines:
    rows = _rows("deadlines.tsv", ("pattern", "days", "example", "deadline"))
    return Deadlines(tuple((re.compile(row["pattern"], re.IGNORECASE), int(row["days"])) for row in rows), tuple(rows))


@dataclass(frozen=True)
class Series:
    """Names that alone make a meeting series ("COP28", "the UN General Assembly")."""

    patterns: tuple[tuple[re.Pattern[str], str], ...]
    rows: tuple[dict[str, str], ...]


@cache
def series() -> Series:
    rows = _rows("series.tsv", ("pattern", "name", "example", "round"))
    # a space in a pattern is any one space character: feeds write "UN\xa0Climate Change Conference"
    return Series(tuple((re.compile(row["pattern"].replace(" ", r"\s")), row["name"]) for row in rows), tuple(rows))


@dataclass(frozen=True)
class Conduct:
    """Condemned conduct ("unprovoked war"): its nouns and the modifiers that condemn them."""

    nouns: frozenset[str]
    modifiers: frozenset[str]
    rows: tuple[dict[str, str], ...]


@cache
def conduct() -> Conduct:
    rows = _rows("conduct.tsv", ("word", "role", "example", "holder", "topic"))
    if any(row["role"] not in ("noun", "modifier") for row in rows):
        raise ValueError("diplomacy/data/conduct.tsv: role is noun or modifier")
    return Conduct(frozenset(r["word"] for r in rows if r["role"] == "noun"),
                   frozenset(r["word"] for r in rows if r["role"] == "modifier"), tuple(rows))


@cache
def hazards() -> frozenset[str]:
    """Natural hazards ("storm surge", "power outages"): concern about them is no position."""
    return frozenset(row["word"] for row in _rows("hazards.tsv", ("word", "example")))
