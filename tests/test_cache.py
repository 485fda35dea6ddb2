"""The start-up cache (communique/cache.py): used while valid, rebuilt when its inputs change or its file
is damaged, harmless when its folder cannot be written; and what the pipeline keeps in it equals what it
would build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from communique.cache import CACHE_ENV, cached

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


class Builds:
    """A build function that counts its calls and returns what the data file says."""

    def __init__(self, data: Path) -> None:
        self.data, self.calls = data, 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"words": self.data.read_text().split()}


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("test-*.pickle"))


def test_a_valid_entry_is_used_instead_of_building(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "words.txt"
    data.write_text("alpha beta")
    build = Builds(data)
    assert cached("test", [data, "v1"], build) == {"words": ["alpha", "beta"]}
    assert build.calls == 1 and len(entries(cache)) == 1

    def must_not_build() -> dict:
        raise AssertionError("built although a valid entry was stored")

    assert cached("test", [data, "v1"], must_not_build) == {"words": ["alpha", "beta"]}


def test_changed_inputs_are_rebuilt_never_served_stale(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "words.txt"
    data.write_text("alpha beta")
    build = Builds(data)
    cached("test", [data, "v1"], build)
    data.write_text("gamma")  # the data file changes
    assert cached("test", [data, "v1"], build) == {"words": ["gamma"]}
    assert build.calls == 2
    assert cached("test", [data, "v2"], build) == {"words": ["gamma"]}  # so does the code (a string input)
    assert build.calls == 3
    assert cached("test", [data, "v2"], build) == {"words": ["gamma"]}  # and the new entry is used
    assert build.calls == 3


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped byte", "empty", "header only"])
def test_a_damaged_entry_is_rebuilt_and_replaced(cache: Path, tmp_path: Path, damage: str) -> None:
    data = tmp_path / "words.txt"
    data.write_text("alpha beta " * 100)
    build = Builds(data)
    expected = cached("test", [data], build)
    [entry] = entries(cache)
    content = entry.read_bytes()
    entry.write_bytes({
        "garbage": b"not a cache entry at all",
        "truncated": content[: len(content) - 10],
        "flipped byte": content[:-20] + bytes([content[-20] ^ 0xFF]) + content[-19:],
        "empty": b"",
        "header only": content[: content.index(b"\n\n")],
    }[damage])
    assert cached("test", [data], build) == expected
    assert build.calls == 2
    assert entry.read_bytes() == content  # rewritten whole
    assert cached("test", [data], build) == expected
    assert build.calls == 2


def test_an_unwritable_cache_folder_only_means_building(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # a folder inside a file cannot be made
    data = tmp_path / "words.txt"
    data.write_text("alpha")
    build = Builds(data)
    assert cached("test", [data], build) == {"words": ["alpha"]}
    assert cached("test", [data], build) == {"words": ["alpha"]}
    assert build.calls == 2


def test_an_unreadable_input_means_building(cache: Path, tmp_path: Path) -> None:
    build = Builds(tmp_path / "words.txt")
    (tmp_path / "words.txt").write_text("alpha")
    assert cached("test", [tmp_path / "missing.json"], build) == {"words": ["alpha"]}
    assert not cache.exists()


def test_off_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "words.txt"
    data.write_text("alpha")
    build = Builds(data)
    cached("test", [data], build)
    cached("test", [data], build)
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == [data]


def test_only_the_newest_entries_of_a_name_are_kept(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "words.txt"
    data.write_text("alpha")
    for version in range(6):
        cached("test", [data, str(version)], Builds(data))
    assert len(entries(cache)) == 3
    build = Builds(data)
    cached("test", [data, "5"], build)  # the newest is among them
    assert build.calls == 0


# --- what the pipeline caches equals what it builds


def test_the_cached_gazetteer_equals_a_built_one(cache: Path) -> None:
    from communique.when_where.places import _complete_gazetteer, _gazetteer_inputs

    built = _complete_gazetteer()
    cached("gazetteer", _gazetteer_inputs(), _complete_gazetteer)
    loaded = cached("gazetteer", _gazetteer_inputs(), lambda: pytest.fail("not loaded from the cache"))
    for index in ("countries", "iso2_of", "country_by_name", "by_exact", "by_name", "by_country", "by_alternate"):
        assert getattr(loaded, index) == getattr(built, index), index
    assert loaded.city("Geneva", [["USA", "RUS"]]) == built.city("Geneva", [["USA", "RUS"]])


def test_cached_phrase_patterns_match_as_docs_do(cache: Path, coder) -> None:
    from spacy.matcher import PhraseMatcher

    from communique.nlp.patterns import phrase_patterns

    nlp = coder.nlp
    phrases = ["Foreign Minister", "Co-chaired talks", "the U.S.", "People's Republic of China", "São Tomé", ""]
    for attr in ("ORTH", "LOWER"):
        from_docs = PhraseMatcher(nlp.vocab, attr=attr)
        from_docs.add("P", [nlp.make_doc(phrase) for phrase in phrases])
        for _ in range(2):  # built, then loaded
            from_cache = PhraseMatcher(nlp.vocab, attr=attr)
            from_cache.add("P", phrase_patterns("test-patterns", nlp, phrases, attr))
            doc = nlp.make_doc("The foreign minister of the People's Republic of China co-chaired talks in "
                               "São Tomé with the U.S. Foreign Minister.")
            assert from_cache(doc) == from_docs(doc) and len(from_docs(doc)) >= 3
    assert len(list(cache.glob("test-patterns-*.pickle"))) == 2


def test_a_tokenizer_that_cannot_be_serialized_builds_patterns_uncached(cache: Path) -> None:
    import spacy
    from spacy.tokens import Doc

    from communique.nlp.patterns import phrase_patterns

    nlp = spacy.blank("en")
    nlp.tokenizer = lambda text: Doc(nlp.vocab, words=text.split())  # a callable: no to_bytes
    patterns = phrase_patterns("test-custom", nlp, ["Foreign Minister", "U.S."], "LOWER")
    assert patterns == [(nlp.vocab.strings["foreign"], nlp.vocab.strings["minister"]), (nlp.vocab.strings["u.s."],)]
    assert not list(cache.glob("test-custom-*"))


def test_the_cached_language_identifier_classifies_as_a_built_one(cache: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from communique.read import language

    built = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    language.identifier.cache_clear()
    try:
        language.identifier()  # builds and stores
        language.identifier.cache_clear()
        loaded = language.identifier()
        assert list(cache.glob("language-identifier-*.pickle"))
        for text in ("The ministers met in Geneva and agreed to continue the talks next month.",
                     "Министры встретились в Женеве и договорились продолжить переговоры.",
                     "Les ministres se sont rencontrés à Genève pour poursuivre les discussions."):
            assert loaded.classify(text) == built.classify(text)
    finally:
        language.identifier.cache_clear()


def test_code_gives_the_same_records_from_an_empty_a_full_and_a_damaged_cache(tmp_path: Path) -> None:
    """The real command, in fresh processes: the first run fills the cache, the second uses it (its
    entries are not rewritten), and after every entry is damaged the third rebuilds them."""
    text = ("Foreign Minister Wang Yi met Russian Foreign Minister Sergey Lavrov in Beijing on 3 March 2025 "
            "and discussed the situation in Ukraine.")
    cache = tmp_path / "cache"
    env = {**os.environ, CACHE_ENV: str(cache), "PYTHONPATH": str(REPO)}

    def run() -> dict:
        done = subprocess.run([sys.executable, "-m", "communique", "code", "--format", "jsonl", "-"],
                              input=text, capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout)

    first = run()
    assert first["status"] == "coded" and first["events"]
    stored = {path: path.stat().st_mtime_ns for path in cache.glob("*.pickle")}
    assert {path.name.split("-")[0] for path in stored} >= {"gazetteer", "actors", "language"}
    assert run() == first
    assert {path: path.stat().st_mtime_ns for path in cache.glob("*.pickle")} == stored  # read, not rewritten
    for path in stored:
        path.write_bytes(path.read_bytes()[:100])
    assert run() == first
    assert all(path.stat().st_size > 100 for path in stored)  # each rebuilt and stored again
