"""The diplomacy layer in a real store file: three successive rounds of one mechanism (a corpus written
for these tests, tests/data/diplomacy/rounds.jsonl) linked into a series, and commitments followed up
across them; re-ingest; the CLI listings as real processes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from communique.ingest import ingest
from communique.store import Store
from communique.store.diplomacy import list_commitments, list_positions, mechanism_series
from tests.conftest import REPO
from tests.test_cli import run

ROUNDS = REPO / "tests" / "data" / "diplomacy" / "rounds.jsonl"
SUMMIT = REPO / "tests" / "data" / "diplomacy" / "summit.jsonl"
FOLLOWUP = REPO / "tests" / "data" / "diplomacy" / "followup.jsonl"
SERIES = "India-Japan maritime affairs dialogue"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("diplomacy") / "rounds.db"
    with Store(path) as store:
        report = ingest([str(ROUNDS)], store, coder=coder)
    assert report.stored == 3
    return path


@pytest.fixture
def store(db_path):
    with Store(db_path, create=False) as opened:
        yield opened


def by_action(rows: list[dict]) -> dict[str, dict]:
    return {row["action"]: row for row in rows}


def test_rounds_link_into_one_series(store):
    [series] = mechanism_series(store.connection)
    assert series["name"] == SERIES and series["parties"] == ["IND", "JPN"]
    assert [(r["round"], r["date"], r["place"]) for r in series["rounds"]] == [
        (4, "2024-03-11", "New Delhi"), (5, "2025-02-19", "Tokyo"), (6, "2026-03-04", "New Delhi")]
    assert all({c["code"] for c in r["co_chairs"]} == {"IND", "JPN"} for r in series["rounds"])
    assert series["latest"] == "2026-03-04"
    assert mechanism_series(store.connection, party="ind")[0]["name"] == SERIES
    assert mechanism_series(store.connection, party="CHN") == []
    assert mechanism_series(store.connection, name="maritime")[0]["name"] == SERIES


def test_commitments_are_fulfilled_by_later_rounds(store):
    rows = by_action(list_commitments(store.connection, as_of="2026-06-01"))
    fifth = rows["hold the fifth round of the dialogue"]
    assert fifth["doc_id"] == "ind-jpn-maritime-4" and fifth["status"] == "fulfilled"
    assert fifth["fulfilled_by"]["doc_id"] == "ind-jpn-maritime-5"
    exercises = rows["hold joint naval exercises in the Bay of Bengal"]
    assert exercises["status"] == "fulfilled" and exercises["fulfilled_by"]["date"] == "2024-11"
    assert rows["hold the sixth round of the dialogue"]["fulfilled_by"]["doc_id"] == "ind-jpn-maritime-6"
    assert rows["hold the seventh round of the dialogue"]["status"] == "open"  # "at an appropriate time"


def test_one_summit_reported_by_several_documents_is_one_round(tmp_path, coder):
    """Two meetings on two days of one summit, a call about its preparation and a plan to attend it: one
    round (both meetings' documents), two mentions; the call did not hold the summit."""
    with Store(tmp_path / "summit.db") as store:
        ingest([str(SUMMIT)], store, coder=coder)
        [series] = mechanism_series(store.connection)
    assert series["name"] == "NATO summit"
    assert [(r["date"], r["place"], r["doc_ids"]) for r in series["rounds"]] == [
        ("2024-07-09", "Washington", ["summit-a", "summit-b"])]
    assert [m["doc_id"] for m in series["mentions"]] == ["summit-c", "summit-d"]


def test_a_year_and_a_day_in_one_place_are_one_round(tmp_path, coder):
    lines = [{"id": "s-year", "published": "2023-07-20", "text": "The President of Peru thanked the President of "
              "Chile for Chile's hospitality in hosting the 2023 Andean Water Summit in Santiago."},
             {"id": "s-day", "published": "2023-07-11", "text": "On 11 July, the President of Peru met the President "
              "of Bolivia at the Andean Water Summit in Santiago."}]
    corpus = tmp_path / "year.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Store(tmp_path / "year.db") as store:
        ingest([str(corpus)], store, coder=coder)
        [series] = mechanism_series(store.connection)
    assert [(r["date"], r["place"], sorted(r["doc_ids"])) for r in series["rounds"]] == [
        ("2023-07-11", "Santiago", ["s-day", "s-year"])]


def test_a_numbered_round_reported_undated_and_dated_is_one_round(tmp_path, coder):
    """"the fifth Andean Water Summit" announced, then met at on its day with and without its number: one round."""
    lines = [{"id": "w-plan", "published": "2023-05-02", "text": "The President of Peru and the President of Chile "
              "discussed their plans for the Fifth Andean Water Summit."},
             {"id": "w-day", "published": "2023-07-11", "text": "On 11 July, the President of Peru met the President "
              "of Bolivia at the Andean Water Summit in Santiago."},
             {"id": "w-round", "published": "2023-07-12", "text": "On 11 July, the President of Chile hosted the "
              "President of Ecuador at the Fifth Andean Water Summit in Santiago."}]
    corpus = tmp_path / "fifth.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Store(tmp_path / "fifth.db") as store:
        ingest([str(corpus)], store, coder=coder)
        [series] = mechanism_series(store.connection)
    assert [(r["round"], r["date"], sorted(r["doc_ids"])) for r in series["rounds"]] == [
        (5, "2023-07-11", ["w-day", "w-plan", "w-round"])]


def test_a_title_named_once_is_listed_as_unconfirmed(tmp_path, coder):
    """"the Andean Water Summit" named in one readout, without parties or a round, may be one meeting; named
    by two readouts, or numbered, it recurs."""
    texts = {"once": "Chile and Peru welcomed the Andean Water Summit.",
             "forum-1": "Chile and Peru welcomed the Andean Energy Forum.",
             "forum-2": "Chile and Bolivia attended the Andean Energy Forum.",
             "third": "Chile and Peru welcomed the third Andean Mining Forum."}
    lines = [{"id": key, "published": "2024-03-01", "text": text} for key, text in texts.items()]
    corpus = tmp_path / "titles.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Store(tmp_path / "titles.db") as store:
        ingest([str(corpus)], store, coder=coder)
        listed = {s["name"] for s in mechanism_series(store.connection)}
        everything = {s["name"] for s in mechanism_series(store.connection, unconfirmed=True)}
    assert listed == {"andean energy forum", "andean mining forum"}
    assert everything == listed | {"andean water summit"}


@pytest.fixture(scope="module")
def followup(tmp_path_factory, coder):
    """A plan made on 13 May 2024 and what happened after: a visit in August, a dialogue in September,
    a call in November, a protocol signed four days on."""
    path = tmp_path_factory.mktemp("followup") / "followup.db"
    with Store(path) as store:
        ingest([str(FOLLOWUP)], store, coder=coder)
        yield by_action(list_commitments(store.connection, as_of="2025-01-01"))


def test_fulfilment_needs_the_named_act_within_its_timing(followup):
    dialogue = followup["hold a high-level economic dialogue"]
    assert dialogue["deadline"]["value"] == "2024-09-30"
    # the August visit is a meeting of the same parties, but neither the dialogue nor in September
    assert dialogue["status"] == "fulfilled" and dialogue["fulfilled_by"]["doc_id"] == "chl-per-dialogue"
    assert "high-level economic dialogue" in dialogue["fulfilled_by"]["evidence"]


def test_a_call_does_not_hold_a_promised_meeting(followup):
    meeting = followup["meet on the margins of the APEC summit"]
    assert meeting["status"] == "overdue" and meeting["fulfilled_by"] is None


def test_aid_is_fulfilled_by_aid_to_its_recipient(followup):
    relief = followup["provide flood relief to Peru"]
    assert relief["action_targets"] == ["PER"]
    # relief to Bolivia a week later is another act
    assert relief["status"] == "fulfilled" and relief["fulfilled_by"]["doc_id"] == "chl-aid-peru"


def test_one_partys_own_act_is_not_followed_up(followup):
    reports = followup["receive daily reports from the emergency services"]
    assert reports["status"] == "open" and reports["fulfilled_by"] is None


def test_next_week_is_seven_days_and_fulfilled_within_them(followup):
    protocol = followup["sign a fisheries protocol"]
    assert protocol["deadline"]["value"] == "2024-05-20"
    assert protocol["status"] == "fulfilled" and protocol["fulfilled_by"]["date"] == "2024-05-16"


# A visit and a dialogue promised on 13 May 2024 (a corpus written for this test), and what came after: a call
# two days on, a meeting of others on the promised day, a talk about the visit dated after its own report, the
# visit itself; a talk about the commitment to hold an energy dialogue, a meeting that prepares the water
# dialogue and the round that holds it; cooperation on something else than what was promised.
PROMISES = [
    ("plan", "2024-05-13", "On 13 May, President Gabriel Boric of Chile spoke with President Dina Boluarte of Peru. "
     "President Boric will welcome President Boluarte to Santiago on May 20. The two presidents also agreed to hold "
     "the fifth round of the Chile-Peru water dialogue in September. They agreed to hold a high-level energy "
     "dialogue before the end of the year. Chile and Peru will cooperate to protect the coastal wetlands. The two "
     "presidents also plan to discuss mining investment and port logistics."),
    ("call", "2024-05-16", "On 15 May, President Boric spoke with President Boluarte of Peru about the coming visit."),
    ("ministers", "2024-05-20", "On 20 May, the Foreign Minister of Chile met the Foreign Minister of Peru in "
     "Santiago."),
    ("upcoming", "2024-05-18", "President Boric and President Boluarte discussed the upcoming visit to Santiago on "
     "May 20."),
    ("visit", "2024-05-21", "On 20 May, President Boric welcomed President Boluarte of Peru to Santiago."),
    ("next-steps", "2024-08-02", "On 1 August, Chile and Peru discussed next steps toward the commitment made in May "
     "to hold a high-level energy dialogue."),
    ("preparations", "2024-08-30", "On 29 August, Chile and Peru met in Lima to discuss preparations for the "
     "Chile-Peru water dialogue."),
    ("dialogue", "2024-09-26", "On 25 September, Chile and Peru held the fifth round of the Chile-Peru water "
     "dialogue in Santiago."),
    ("customs", "2024-10-02", "On 1 October, Chile and Peru cooperated on customs reform. Chile and Peru discussed "
     "mining investment and port logistics."),
    # a visit to Peru and an accord to sign, promised without a date
    ("pledge", "2024-06-03", "On 3 June, President Boric spoke with President Boluarte of Peru. President Boric will "
     "visit Peru. The two presidents agreed to sign a fisheries accord. They agreed to continue working to secure "
     "the release of the detained fishermen. They agreed to meet again soon. Chile and Peru will continue to consult "
     "closely. Chile and Peru will share information."),
    ("call-june", "2024-06-10", "On 10 June, President Boric spoke with President Boluarte of Peru. They discussed "
     "the fisheries accord."),
    ("ministers-june", "2024-06-11", "On 11 June, the Foreign Minister of Chile met the Foreign Minister of Peru in "
     "Lima."),
    ("santiago", "2024-06-12", "On 12 June, President Boric met President Boluarte of Peru in Santiago."),
    ("talks", "2024-06-20", "On 20 June, Chile and Peru reviewed ongoing talks to secure the release of the detained "
     "fishermen."),
    ("lima", "2024-07-02", "On 2 July, President Boric met President Boluarte of Peru in Lima. Chile and Peru shared "
     "information on fishing fleets."),
    ("signed", "2025-08-01", "On 1 August 2025, Chile and Peru signed a fisheries accord in Lima."),
]


@pytest.fixture(scope="module")
def promises(tmp_path_factory, coder):
    folder = tmp_path_factory.mktemp("promises")
    corpus = folder / "promises.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "published": day, "text": text}) + "\n"
                              for i, day, text in PROMISES), encoding="utf-8")
    with Store(folder / "promises.db") as store:
        ingest([str(corpus)], store, coder=coder)
        yield by_action(list_commitments(store.connection, as_of="2025-01-01"))


def test_a_promised_visit_is_made_by_its_people_on_its_day(promises):
    """Not by the call two days on, nor by the ministers' meeting that day, nor by a talk about the visit
    dated after its own report: by the presidents' meeting on 20 May."""
    visit = promises["welcome President Boluarte to Santiago"]
    assert visit["action_people"] == ["Gabriel Boric", "Dina Boluarte"]
    assert visit["status"] == "fulfilled" and visit["fulfilled_by"]["doc_id"] == "visit"


def test_a_promised_round_is_held_by_the_round(promises):
    dialogue = promises["hold the fifth round of the water dialogue"]
    assert dialogue["action_mechanism"] == "Chile-Peru water dialogue" and dialogue["action_round"] == 5
    assert dialogue["status"] == "fulfilled" and dialogue["fulfilled_by"]["doc_id"] == "dialogue"


def test_talking_about_a_commitment_does_not_fulfil_it(promises):
    energy = promises["hold a high-level energy dialogue"]
    assert energy["status"] == "overdue" and energy["fulfilled_by"] is None


def test_a_promised_visit_is_made_where_it_goes(promises):
    visit = promises["visit Peru"]
    assert visit["action_place"] == "PER"
    assert visit["status"] == "fulfilled" and visit["fulfilled_by"]["doc_id"] == "lima"  # not the Santiago meeting


def test_talks_to_do_something_do_not_do_it(promises):
    """"reviewed ongoing talks to secure the release of ...": a purpose, not a release."""
    release = promises["secure the release of the detained fishermen"]
    assert release["status"] == "open" and release["fulfilled_by"] is None


def test_an_untimed_promise_lasts_a_year(promises):
    """The signing fourteen months on is another occasion than the promise made without a date."""
    accord = promises["sign a fisheries accord"]
    assert accord["status"] == "open" and accord["fulfilled_by"] is None


def test_meeting_again_soon_is_done_by_a_meeting_not_by_a_call(promises):
    """What a call's readout says was discussed was said on the phone; "They agreed to meet again" is the two
    presidents' meeting, not their ministers' the day before: the meeting is the one in Santiago."""
    again = promises["meet"]
    assert again["action_people"] == ["Gabriel Boric", "Dina Boluarte"]
    assert again["status"] == "fulfilled" and again["fulfilled_by"]["doc_id"] == "santiago"


def test_an_agenda_is_for_its_meeting(promises):
    """"also plan to discuss mining investment and port logistics": at the coming meeting (within a month), not
    whenever it is discussed again (October)."""
    agenda = promises["discuss mining investment and port logistics"]
    assert agenda["status"] == "open" and agenda["fulfilled_by"] is None


def test_too_few_words_to_follow_up(promises):
    """"continue to consult closely" with no timing, "share information": no later event can show them done."""
    assert promises["consult"]["status"] == "open"
    assert promises["share information"]["status"] == "open"


def test_cooperation_on_nothing_named_is_not_followed_up(promises):
    assert promises["cooperate"]["status"] == "open"


def test_commitments_past_their_deadline_are_overdue(store):
    rows = by_action(list_commitments(store.connection, as_of="2026-06-01"))
    agreement = rows["conclude an agreement on maritime domain awareness"]
    assert agreement["deadline"]["value"] == "2024-12-31" and agreement["status"] == "overdue"
    assert {p["code"] for p in agreement["parties"]} == {"IND", "JPN"}  # "They also pledged ..."
    assert rows["provide coastal surveillance radars to India"]["status"] == "overdue"


def test_status_depends_on_the_day_it_is_judged(store):
    """As of mid-2024 nothing later is known yet: the round-4 commitments are open."""
    rows = by_action(list_commitments(store.connection, as_of="2024-06-01"))
    assert rows["hold the fifth round of the dialogue"]["status"] == "open"
    assert rows["conclude an agreement on maritime domain awareness"]["status"] == "open"
    assert {r["action"] for r in list_commitments(store.connection, status="fulfilled", as_of="2026-06-01")} == {
        "hold the fifth round of the dialogue", "hold joint naval exercises in the Bay of Bengal",
        "hold the sixth round of the dialogue"}


def test_positions_filters(store):
    assert {p["topic"] for p in list_positions(store.connection, topic="indo-pacific")} == {
        "free and open Indo-Pacific"}
    [navigation] = list_positions(store.connection, party="IND", stance="support", topic="navigation")
    assert navigation["holder"][0]["code"] == "JPN" and navigation["on_behalf_of"] == [{"code": "IND"}]
    assert [p["stance"] for p in list_positions(store.connection, stance="oppose")] == ["oppose"]


def test_a_party_finds_the_positions_its_topic_is_about(tmp_path, coder):
    """"support for Estonia's right to self-defense" is Finland's position about Estonia: listed for both."""
    corpus = tmp_path / "about.jsonl"
    corpus.write_text(json.dumps({"id": "fin-est", "published": "2024-05-02", "text": "Finland reaffirmed its "
                                  "support for Estonia's right to self-defense."}) + "\n", encoding="utf-8")
    with Store(tmp_path / "about.db") as store:
        ingest([str(corpus)], store, coder=coder)
        [about] = list_positions(store.connection, party="EST")
        assert list_positions(store.connection, party="FIN") == [about]
    assert about["topic"] == "Estonia's right to self-defense" and about["topic_parties"] == [{"code": "EST"}]
    assert about["on_behalf_of"] == []


def test_reingest_replaces_a_documents_rows(tmp_path, coder):
    path = tmp_path / "again.db"
    lines = ROUNDS.read_text(encoding="utf-8").splitlines()
    with Store(path) as store:
        ingest([str(ROUNDS)], store, coder=coder)
        ingest([str(ROUNDS)], store, coder=coder)  # unchanged: nothing is rewritten
        counts = [store.connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("mechanisms", "positions", "commitments")]
        assert counts[0] == 3
        changed = json.loads(lines[2])
        changed["text"] = changed["text"].replace("at an appropriate time", "by the end of 2026")
        edited = tmp_path / "edited.jsonl"
        edited.write_text(json.dumps(changed) + "\n", encoding="utf-8")
        ingest([str(edited)], store, coder=coder)
        assert [store.connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("mechanisms", "positions", "commitments")] == counts
        [seventh] = [c for c in list_commitments(store.connection, as_of="2026-06-01")
                     if c["action"] == "hold the seventh round of the dialogue"]
        assert seventh["when"] == "by the end of 2026" and seventh["deadline"]["value"] == "2026-12-31"


def test_cli_listings(db_path):
    result = run("mechanisms", "--db", str(db_path), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    [series] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["round"] for r in series["rounds"]] == [4, 5, 6]

    result = run("commitments", "--db", str(db_path), "--status", "fulfilled", "--as-of", "2026-06-01",
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3 and {r["status"] for r in rows} == {"fulfilled"}

    result = run("positions", "--db", str(db_path), "--party", "JPN")
    assert result.returncode == 0 and "free and open" in result.stdout

    result = run("mechanisms", "--db", str(db_path))
    assert result.returncode == 0 and "maritime affairs" in result.stdout


def test_cli_errors_are_one_line(tmp_path, db_path):
    result = run("commitments", "--db", str(db_path), "--as-of", "June")
    assert result.returncode == 1 and "[E022]" in result.stderr and "Traceback" not in result.stderr
    result = run("mechanisms", "--db", str(tmp_path / "missing.db"))
    assert result.returncode == 1 and "[E002]" in result.stderr


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "C_N"])
def test_diplomacy_filters_take_wildcards_literally(tmp_path, wildcard):
    """`--party %` used to match every row (LIKE wildcards were not escaped)."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    db = str(tmp_path / "s.db")
    subprocess.run([sys.executable, "-m", "communique", "ingest", "--db", db,
                    str(repo / "communique" / "demo" / "samples" / "readouts.jsonl")], check=True, capture_output=True)
    for command, option in (("positions", "--party"), ("positions", "--topic"), ("commitments", "--party"),
                            ("mechanisms", "--party"), ("mechanisms", "--name")):
        everything = subprocess.run([sys.executable, "-m", "communique", command, "--db", db, "--format", "jsonl"],
                                    capture_output=True, text=True, check=True).stdout
        assert everything.strip(), f"the sample store has {command}"
        filtered = subprocess.run([sys.executable, "-m", "communique", command, "--db", db, "--format", "jsonl",
                                   option, wildcard], capture_output=True, text=True, check=True).stdout
        assert filtered.strip() == "", f"{command} {option} {wildcard!r} matched rows"
