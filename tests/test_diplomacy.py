"""The diplomacy stage through the real pipeline: mechanisms, positions and commitments, the seed's
acceptance, and table-driven tests that exercise every row of its data tables."""

from __future__ import annotations

import json

import pytest

from communique.diplomacy.commitments import CommitmentFinder
from communique.diplomacy.tables import (
    commitment_words,
    conduct,
    deadlines,
    hazards,
    mechanism_words,
    series,
    stance_words,
    topics,
)
from communique.read.document import Document
from communique.when_where.dates import base_of
from tests.conftest import SEED, shared_path


def code(coder, text: str, published: str | None = "2024-05-01") -> dict:
    [record] = coder.code([Document(id="t", text=text, published=published)])
    assert record["status"] == "coded", record["reason"]
    return record


def assert_offsets(record: dict, text: str) -> None:
    """Every evidence span slices the document's text exactly."""
    for kind in ("mechanisms", "positions", "commitments"):
        for item in record[kind]:
            evidence = item["evidence"]
            assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
            assert text[evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger"]
    for position in record["positions"]:
        evidence = position["evidence"]
        assert text[evidence["topic_start"]:evidence["topic_end"]] == position["topic_text"]


# --- the seed -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(coder):
    text = shared_path("seed", SEED.name).read_text(encoding="utf-8")
    record = code(coder, text, published="2023-09-19")
    assert_offsets(record, text)
    return record


def test_seed_mechanism_round_and_co_chairs(seed):
    [mechanism] = [m for m in seed["mechanisms"] if m["name"] == "China-Russia strategic security consultation"]
    assert mechanism["round"] == 9 and mechanism["parties"] == ["CHN", "RUS"]
    assert [c["name"] for c in mechanism["co_chairs"]] == ["Wang Yi", "Nikolai Patrushev"]
    assert [c["code"] for c in mechanism["co_chairs"]] == ["CHN", "RUS"]
    assert mechanism["date"] == {"value": "2023-09-19", "precision": "day"}
    assert mechanism["location"]["place"] == "Moscow"


def test_seed_positions(seed):
    supports = [p for p in seed["positions"] if p["stance"] == "support" and p["on_behalf_of"] == [{"code": "CHN"}]]
    assert [p["topic"] for p in supports][:4] == ["Taiwan", "Xinjiang", "Tibet", "Hong Kong"]
    assert all(p["holder"] == [{"code": "RUS", "sector": "GOV"}] for p in supports)
    [oppose] = [p for p in seed["positions"] if p["stance"] == "oppose"]
    assert oppose["holder"][0]["code"] == "RUS" and oppose["topic"] == "interference in internal affairs"
    assert oppose["topic_text"].startswith("Western interference")


def test_seed_commitment(seed):
    [hold] = [c for c in seed["commitments"] if c["action"] == "hold strategic stability consultations"]
    assert hold["when"] == "at an appropriate time" and hold["deadline"] is None
    assert {p["code"] for p in hold["parties"]} == {"CHN", "RUS"}
    assert hold["action_type"] == "CONSULT"
    [frameworks] = [c for c in seed["commitments"] if c["rule"] == "commitment.continue"]
    assert frameworks["action"].startswith("strengthen cooperation under multilateral frameworks")


def test_seed_planned_mechanism_is_not_dated_as_held(seed):
    """"agreed to hold China-Russia strategic stability consultations": named, not held."""
    [planned] = [m for m in seed["mechanisms"] if m["name"] == "China-Russia strategic stability consultation"]
    assert planned["date"] is None and planned["co_chairs"] == [] and planned["event_id"] is None


# --- every row of the data tables -----------------------------------------------------------------------


@pytest.mark.parametrize("row", mechanism_words().rows, ids=lambda row: f"{row['role']}:{row['word']}")
def test_mechanism_word_example(coder, row):
    record = code(coder, row["example"])
    found = [(m["name"], m["round"]) for m in record["mechanisms"]]
    if not row["name"]:  # a vague word: its example names no series
        assert found == []
        return
    assert (row["name"], int(row["round"]) if row["round"] else None) in found
    assert_offsets(record, row["example"])


@pytest.mark.parametrize("row", [r for r in mechanism_words().rows if r["once"]], ids=lambda row: row["word"])
def test_once_word_with_a_is_one_meeting(coder, row):
    """"convened a virtual Water Summit": one meeting; "the second Andean Water Summit": one of a series."""
    word = row["word"].title()
    assert code(coder, f"The President of Chile will convene a virtual Water {word} with Peru and Bolivia on "
                       f"Friday.")["mechanisms"] == []
    record = code(coder, f"The Presidents of Chile and Peru attended the second Andean Water {word} in Lima.")
    assert [m["round"] for m in record["mechanisms"]] == [2]


@pytest.mark.parametrize("row", [r for r in mechanism_words().rows if r["once"]],
                         ids=lambda row: row["word"])
def test_a_venue_alone_names_one_meeting_or_a_recurring_one(coder, row):
    """"the Camp David Summit", "the Jeddah Summit": one meeting, named for its venue; "the Munich Security
    Conference", "the Shanghai Forum": a forum or conference named for its city recurs."""
    word = row["word"].title()
    found = [m["name"] for m in code(coder, f"Chile and Peru recalled the historic Jeddah {word}.")["mechanisms"]]
    assert found == ([] if row["once"] == "venue" else [f"jeddah {row['word']}"])


@pytest.mark.parametrize("row", series().rows, ids=lambda row: row["name"] + ":" + row["example"][:20])
def test_series_name_example(coder, row):
    record = code(coder, row["example"])
    found = [(m["name"], m["round"]) for m in record["mechanisms"]]
    assert (row["name"], int(row["round"]) if row["round"] else None) in found, found
    assert_offsets(record, row["example"])


@pytest.mark.parametrize(("text", "name", "round_"), [
    # a title alone names a series; a proper name under a lower-case wrapper does too
    ("The Prime Ministers of Iceland and Fiji addressed the Summit for Ocean Health in Reykjavik.",
     "summit for ocean health", None),
    ("Both ministers praised the Lisbon process for its results.", "Lisbon process", None),
    # "consultations on X" is the series "X consultations"
    ("The Norwegian-Swedish consultations on Arctic security took place in Oslo.",
     "Norway-Sweden arctic security consultation", None),
    ("Oslo hosted Swedish-Norwegian consultations on Arctic security in May.",
     "Norway-Sweden arctic security consultation", None),
    # "and" inside a capitalized title is the title's; a dialogue two countries hold is theirs
    ("Norway and Iceland held the Strategic Water and Energy Dialogue in Oslo.",
     "Iceland-Norway strategic water and energy dialogue", None),
    # launching a series is its first meeting, between those who launch it
    ("Ghana and Togo launched their Joint Border Commission in Accra.", "Ghana-Togo joint border commission", 1),
    # who leads or hosts it is no part of a series' name
    ("Norway and Sweden convened the Norwegian-led Arctic Fisheries Forum in Tromso.", "arctic fisheries forum", None),
    # a title's "on" phrase of a date is no part of it; a year or a day before it neither
    ("Chile and Peru discussed the Andean Water Forum on September 22.", "andean water forum", None),
    ("At the 2024 Andean Water Summit in Lima, Chile and Peru signed an accord.", "andean water summit", None),
    ("Since the very first Andean Water Summit, Chile and Peru have cooperated.", "andean water summit", 1),
    # "North American" names a region, no country; "re-launched" and "EU-facilitated" are no part of a name
    ("The President of Chile met the Prime Minister of Canada in Mexico City on the margins of the North American "
     "Leaders' Summit.", "north american summit", None),
    ("Chile and Peru welcomed the re-launched Chile-Peru water dialogue.", "Chile-Peru water dialogue", None),
    # a word of a party's name is no descriptor ("U.S.-Saudi Arabia" may leave "Arabia" apart)
    ("Chile and Peru welcomed the U.S.-Saudi Arabia Strategic Joint Planning Committee.",
     "Saudi Arabia-United States strategic joint planning committee", None),
    # a title ends with its possessor; an aside in parentheses is no part of it
    ("Chile and Peru will shape the plan during the Summit for Democracy's Year of Action.", "summit for democracy",
     None),
    ("Chile and Peru met ahead of the Global Summit on Artificial Intelligence (AI) Safety in London.",
     "global summit on artificial intelligence safety", None),
    # the participants of a two-party readout own a series it names, but not one of another series
    ("President Biden met the President of Peru at the White House. They welcomed the High Level Economic Dialogue.",
     "Peru-United States high-level economic dialogue", None),
    ("President Biden met the President of Peru at the White House. They welcomed the COP26 Policy Dialogue on "
     "Sustainable Agriculture.", "COP26 policy dialogue on sustainable agriculture", None),
    # an ordinal the parser hangs before the title still numbers it ("their fifth", markup "4<sup>th</sup>")
    ("Chile and Peru plan to hold their fifth Chile-Peru Water Dialogue in early 2025.",
     "Chile-Peru water dialogue", 5),
    ("In October, Chile and Peru plan to hold the 4<sup>th</sup> Chile-Peru Bilateral Water Dialogue in Lima.",
     "Chile-Peru water dialogue", 4),
    # ... but a person's first summit is not the series' first
    ("Building on the President's first NATO Summit on June 14, 2021, Chile and Peru met again.", "NATO summit", None),
    # a lower-case topic after a title is the series' own
    ("Chile and Peru commended the first G20 Ministerial Conference on women's empowerment.",
     "G20 ministerial women empowerment conference", 1),
    # an ordinal that counts some meetings only is no round
    ("Ms. Rojas highlighted the importance of the second in-person Quad Leaders Meeting as a key event for the "
     "Pacific.", "Quad meeting", None),
    ("Chile and Peru will attend the first Andean Water Summit since 2016 in Lima.", "andean water summit", None),
    # another noun's ordinal is no round ("the 30th anniversary of ...")
    ("Chile and Peru celebrated the 30th anniversary of Chile-Peru Water Dialogue in Lima.",
     "Chile-Peru water dialogue", None),
    # "X is holding its 10th meeting": the series' round
    ("The Chile-Peru Trade and Investment Council is holding its 10<sup>th</sup> meeting this fall in Lima.",
     "Chile-Peru trade and investment council", 10),
    ("The Chile-Peru Trade and Investment Council held its third session in Lima.",
     "Chile-Peru trade and investment council", 3),
    # a day written like an ordinal is no round
    ("Recalling the March 24<sup>th</sup> United Nations General Assembly resolutions, Chile and Peru met.",
     "UN General Assembly", None),
    # the participants own a series they act on, not one named beside them
    ("President Biden met President Lopez Obrador of Mexico. The leaders also agreed to re-start the High Level "
     "Economic Dialogue.", "Mexico-United States high-level economic dialogue", None),
    ("President Biden spoke with President Zelenskyy of Ukraine. The leaders expressed support for diplomatic efforts, "
     "starting next week with the bilateral Strategic Stability Dialogue.", "strategic stability dialogue", None),
    # a named international meeting in one country's readout is still one
    ("Earlier in the day, the President of Russia attended the Siberian International Agrarian Forum in Omsk.",
     "siberian international agrarian forum", None),
    # an organisation's summit named for its host city is that organisation's summit, held there
    ("The two leaders discussed priorities for the G20 Osaka Summit.", "G20 summit", None),
    ("The Prime Minister of Norway attended the NATO Madrid Summit.", "NATO summit", None),
    # a capitalized title is read off its words, however the parser splits "Trade and Labor"
    ("Today, Chile and Peru held their third session of the tripartite Pacific Trade and Labor Dialogue (PTLD).",
     "Chile-Peru pacific trade and labor dialogue", None),
    # a round of "the Strategic Dialogue" named earlier in the sentence, whose name runs on after its head
    ("The Presidents of Chile and Peru welcomed the launch of the Chile-Peru Strategic Dialogue on Water Security and "
     "reaffirmed their commitment through the second round of the Strategic Dialogue on March 8, 2024.",
     "Chile-Peru strategic dialogue on water security", 2),
    # a title's chain ends before a span of time of the series
    ("President Boric spoke with President Lula of Brazil. They reaffirmed their commitment to democracy, including "
     "through the Summit for Democracy Year of Action.", "summit for democracy", None),
    # "bilateral" and "trilateral" restate the parties, capitalized or not: one series however written
    ("Chile, Peru and Bolivia held the first meeting of the Andean Trilateral Water Steering Group.",
     "Bolivia-Chile-Peru andean water steering group", 1),
    # an "and" that joins two organisations is no word of the title
    ("The ministers looked ahead to the 2025 WBG and IMF Annual Meetings in Washington.", "IMF-WBG meeting", None),
    # "trilateral" in a readout of three names the three's series; in a readout of two, not theirs
    ("President Boric of Chile, President Boluarte of Peru and President Arce of Bolivia met in Lima. Our national "
     "security teams have met twice under the auspices of the Trilateral Economic Security Dialogue.",
     "Bolivia-Chile-Peru economic security dialogue", None),
    ("President Boric of Chile met President Boluarte of Peru in Lima. They discussed the Trilateral Economic "
     "Security Dialogue.", "economic security dialogue", None),
    # an "on" phrase that describes with a pronoun's possessive is no part of the name
    ("Chile and Peru are launching a new high-level dialogue on our two countries’ implementation of respective "
     "domestic measures.", "Chile-Peru high-level dialogue", 1),
    # a hyphened pair the tagger takes for a common noun still opens the title
    ("The two leaders reaffirmed their intention to hold the 2nd U.S.-Ghana Senior Officials’ Foreign Policy and "
     "Defense Dialogue, the 21st U.S.-Ghana Security Dialogue, and the U.S. and Ghana Bilateral Defense "
     "Discussion, before the end of the first quarter of 2025.", "Ghana-United States security dialogue", 21),
    # a country's name apart from a hyphened pair is where the pair met
    ("The leaders pledged to implement the Joint Statement of the 2019 Chile-Peru Bolivia Summit.", "Chile-Peru summit",
     None),
    # a title's words after "the", "of" and "with", wherever the parser hangs the phrase
    ("The United States and ASEAN launched the ASEAN-U.S. High-Level Dialogue on Environment and Climate in 2022. "
     "In 2023, the United States and ASEAN held the inaugural Dialogue on the Rights of Persons with Disabilities to "
     "advance human rights.", "ASEAN-United States dialogue on rights of persons with disabilities", 1),
])
def test_mechanism_constructions(coder, text, name, round_):
    record = code(coder, text)
    assert (name, round_) in [(m["name"], m["round"]) for m in record["mechanisms"]]
    assert_offsets(record, text)


@pytest.mark.parametrize("text", [
    "President Biden met with the Secretary General of NATO to discuss the June 14 NATO Summit in Brussels.",
    "President Biden met with the Secretary General of NATO ahead of the NATO Summit in Brussels.",
    "President Biden met with the Secretary General of NATO, with just 44 days left to the NATO Summit in Brussels.",
])
def test_a_summit_a_meeting_is_about_is_not_held_by_it(coder, text):
    """"met ... to discuss the June 14 NATO Summit", "met ahead of the NATO Summit": named, not held by that
    meeting (not dated)."""
    [summit] = code(coder, text)["mechanisms"]
    assert summit["name"] == "NATO summit" and summit["date"] is None and summit["event_id"] is None


def test_the_special_summit_refers_back_to_the_series_named_before(coder):
    """"The Special Summit", after "the Chile-Peru Special Summit": that series, not a party-less one."""
    record = code(coder, "Chile will host the President of Peru for the Chile-Peru Special Summit in Santiago. The "
                         "Special Summit will demonstrate the strength of the partnership.")
    assert [m["name"] for m in record["mechanisms"]] == ["Chile-Peru special summit"]


def test_the_dialogue_refers_back_to_the_series_named_before(coder):
    record = code(coder, "Chile and Peru agreed to launch the Chile-Peru water dialogue. The third round of the "
                         "dialogue will take place in Arica.")
    assert [(m["name"], m["round"]) for m in record["mechanisms"]] == [("Chile-Peru water dialogue", 3)]
    assert code(coder, "The third round of the dialogue will take place in Arica.")["mechanisms"] == []


@pytest.mark.parametrize("text", [
    "The Chief of Staff convened the first-ever Federal Wildfire Task Force meeting in Denver.",  # domestic
    "The Chief of Staff hosted the Small Business Lending Summit at the White House.",  # one country's own event
    "The President of Chile will convene a virtual Water Summit with Peru and Bolivia on Friday.",  # "a": one meeting
    "The participants included Rosa Diaz, President and CEO, The Leadership Forum on Water.",  # a body one heads
    "The President of Peru met Cardinal Juan Perez, Archbishop of Lima and President of the Chilean Episcopal "
    "Conference.",
    "The two presidents welcomed the link https://example.org/chile-peru-water-summit-2024 to the report.",
    "Chile and Peru held close consultations on a range of regional issues in Lima.",  # talks, no series
    "Chile and Peru looked forward to the Washington Summit.",  # a summit named for its venue: one meeting
    "As we celebrate the 30th anniversary of Chile-Peru Dialogue Relations in 2025, we will deepen ties.",
    "The meeting prepared a planned U.S.-Russia summit.",  # "a" summit of two countries: one meeting
    "The roundtable featured Sylvia Puente, President & CEO, Latino Policy Forum, and Chile's Minister of Health.",
    "Mexico welcomed the Central American Economic Framework.",  # an agreement's name, not a series
    "Leaders discussed the G20 agenda.",  # an organisation alone is no meeting
    "The President of Ghana met the Chairman of the High Council for Land Reform of Togo.",  # a body of Togo's
    "Both leaders discussed the prospect of a summit between Chile and Bolivia.",  # one meeting, not a series
    # a government's own event at its seat, in a readout of two countries
    "President Biden of the United States met President Boluarte of Peru. Today, the Biden-Harris Administration "
    "will convene the first ever White House Methane Summit.",
])
def test_not_mechanisms(coder, text):
    assert code(coder, text)["mechanisms"] == []


@pytest.mark.parametrize("row", stance_words().rows, ids=lambda row: f"{row['pos']}:{row['word']}:{row['example'][:9]}")
def test_stance_word_example(coder, row):
    record = code(coder, row["example"])
    assert record["positions"], f"no position in {row['example']!r}"
    first = record["positions"][0]
    assert row["holder"] in [h["code"] for h in first["holder"]]
    assert (first["stance"], first["topic"]) == (row["stance"], row["topic"])
    assert_offsets(record, row["example"])


@pytest.mark.parametrize("row", commitment_words().rows, ids=lambda row: f"{row['pos']}:{row['word']}")
def test_commitment_word_example(coder, row):
    record = code(coder, row["example"])
    found = [({p["code"] for p in c["parties"]}, c["action"]) for c in record["commitments"]]
    assert (set(row["parties"].split("|")), row["action"]) in found, found
    assert_offsets(record, row["example"])


@pytest.mark.parametrize("row", deadlines().rows, ids=lambda row: row["example"])
def test_deadline_row_counts_from_the_document_day(row):
    assert CommitmentFinder().deadline(row["example"], base_of("2024-05-13"))["value"] == row["deadline"]


@pytest.mark.parametrize("row", conduct().rows, ids=lambda row: f"{row['role']}:{row['word']}")
def test_conduct_row_example(coder, row):
    record = code(coder, row["example"])
    found = [(p["stance"], p["topic"]) for p in record["positions"]
             if row["holder"] in [h["code"] for h in p["holder"]]]
    assert ("oppose", row["topic"]) in found, record["positions"]
    assert_offsets(record, row["example"])


@pytest.mark.parametrize("row", sorted(hazards()), ids=str)
def test_concern_about_a_hazard_is_no_position(coder, row):
    """"concerns about life-threatening storm surge": no one's conduct is opposed (the same concern about
    tariffs is a position)."""
    from communique.diplomacy.tables import _rows

    [example] = [r["example"] for r in _rows("hazards.tsv", ("word", "example")) if r["word"] == row]
    assert code(coder, example)["positions"] == []
    control = code(coder, "The Prime Minister of Jamaica voiced concern about the new tariffs.")["positions"]
    assert [(p["stance"], p["topic"]) for p in control] == [("oppose", "new tariffs")]


def test_calling_someone_to_do_something_is_a_call_not_an_appeal(coder):
    """"called King Mohammed VI to offer his condolences": a phone call; "called on X to": an appeal."""
    assert code(coder, "President Biden called King Mohammed VI of Morocco today to offer his condolences.")[
        "positions"] == []
    [appeal] = code(coder, "Namibia called on the two companies to restore the wetland.")["positions"]
    assert appeal["topic"] == "restore the wetland"


def test_noted_with_concern_opposes_the_object(coder):
    [position] = code(coder, "Sweden noted with concern the arrests of reporters in the capital.")["positions"]
    assert (position["stance"], position["topic"]) == ("oppose", "arrests of reporters in the capital")


def test_conduct_alone_or_by_its_agent_is_no_position(coder):
    assert code(coder, "Chile reviewed the war on the island.")["positions"] == []  # no condemning word
    assert code(coder, "The brutal war has displaced millions.")["positions"] == []  # no one speaks


@pytest.mark.parametrize("row", topics().rows, ids=lambda row: row["topic"])
def test_topic_row_normalizes_its_names(row):
    table = topics()
    for name in (row["topic"], row["example"], *filter(None, row["aliases"].split("|"))):
        assert table.normalize(name) == row["topic"], name


def test_a_list_described_by_a_clause_is_one_topic(coder):
    [position] = code(coder, "Canada reiterated its commitment to both its allies and the brave men and women who "
                             "have served in Afghanistan.")["positions"]
    assert position["topic"].startswith("allies and the brave men and women who have served")


def test_an_opposed_partys_conduct_is_held_on_no_ones_behalf(coder):
    [position] = code(coder, "Sweden expressed concern about Belarus's detention of journalists.")["positions"]
    assert position["stance"] == "oppose" and position["on_behalf_of"] == []


def test_a_heading_number_is_no_topic(coder):
    assert code(coder, "Peru supports IV.")["positions"] == []


def test_unknown_topic_is_kept_as_written(coder):
    record = code(coder, "Kenya supports the reform of the international financial architecture.")
    [position] = record["positions"]
    assert position["topic"] == "reform of the international financial architecture"
    assert position["topic_known"] is False


# --- positions ------------------------------------------------------------------------------------------


def test_negated_support_is_opposition(coder):
    [position] = code(coder, "Japan does not support Taiwan independence.")["positions"]
    assert (position["stance"], position["topic"]) == ("oppose", "Taiwan independence")


def test_conditional_stance_is_no_position(coder):
    assert code(coder, "Japan would support the proposal if China agreed.")["positions"] == []


def test_list_of_topics_gives_one_position_each(coder):
    record = code(coder, "Iran supports Syria's position on the Golan Heights, sanctions and refugees.")
    assert [p["topic"] for p in record["positions"]] == ["Golan Heights", "sanctions", "refugees"]
    assert all(p["on_behalf_of"] == [{"code": "SYR"}] for p in record["positions"])


def test_an_adjective_shared_by_a_list_keeps_it_one_topic(coder):
    [position] = code(coder, "Italy reaffirmed its support for Afghan peace and security.")["positions"]
    assert (position["holder"][0]["code"], position["topic"]) == ("ITA", "Afghan peace and security")


@pytest.mark.parametrize(("text", "expected"), [
    # a named possessor is the topic's own: kept in it, listed in topic_parties, no principal
    ("Finland reaffirmed its support for Estonia's right to self-defense.",
     [("FIN", "Estonia's right to self-defense", [], ["EST"])]),
    ("Japan backs Ukraine's sovereignty and territorial integrity.",
     [("JPN", "sovereignty and territorial integrity", [], ["UKR"])]),
    # ... a view's possessor is whom it is held for
    ("Iran supports Syria's position on the Golan Heights.", [("IRN", "Golan Heights", ["SYR"], [])]),
    # a possessor that names no party stays in the topic
    ("Chile supports the miners' unions in Peru.", [("CHL", "miners' unions in Peru", [], [])]),
    # "thanked X for its commitment to Y": X's commitment; the thanks are the speaker's
    ("The President of Chile thanked Peru for its commitment to regional security.",
     [("CHL", "commitment to regional security", [], []), ("PER", "regional security", [], [])]),
    ("The President of Chile thanked Peru for its leadership and its commitment to regional security.",
     [("PER", "regional security", [], [])]),
    ("The Prime Minister of Italy commended Kenya for its dedication to regional peace.",
     [("ITA", "dedication to regional peace", [], []), ("KEN", "regional peace", [], [])]),
    # thanks or congratulations with nothing they are for state no stance
    ("The President of Chile thanked the Peruvian fire brigade.", []),
    ("Chile congratulated the President of Peru.", []),
    # a welcomed guest is no topic: a host's welcome states no stance
    ("The President of Chile looks forward to welcoming President Dina Boluarte of Peru.", []),
    ("Chile and Peru welcome all other nations to join the water initiative.", []),
    ("On September 23, the President of Chile will welcome His Highness Sheikh Mohamed bin Zayed Al Nahyan to La "
     "Moneda.", []),
    ("Chile welcomed Peru's election to the UN Security Council.",
     [("CHL", "Peru's election to the UN Security Council", [], ["PER"])]),
    # a vision's "for" phrase is its topic
    ("The President of Chile affirmed his vision for a future Andean energy market.",
     [("CHL", "future Andean energy market", [], [])]),
    # a country in the topic's "of" phrase is what it is about, also when the table names the topic
    ("Finland and Estonia discussed their shared commitment to the sovereignty and territorial integrity of Ukraine.",
     [("FIN", "sovereignty and territorial integrity", [], ["UKR"]),
      ("EST", "sovereignty and territorial integrity", [], ["UKR"])]),
    # a one-word topic keeps its pronoun ("their membership", not "membership")
    ("The United States strongly supports their membership.", [("USA", "their membership", [], [])]),
    # conduct named under someone's commitment is opposed by that commitment's owner
    ("The Foreign Minister of Chile underscored the Chilean commitment to help Peru and the region manage the effects "
     "of Bolivia's brutal invasion.", [("CHL", "Bolivia's brutal invasion", [], ["BOL"])]),
    # a call for someone to do something: who and what
    ("President Biden reiterated his call for the Senate to pass bipartisan legislation to reduce gun violence.",
     [("USA", "Senate to pass bipartisan legislation to reduce gun violence", [], [])]),
    # efforts a verb acts against are others' ("address ... efforts to silence critical voices")
    ("Uruguay will work with Chile to address attacks against media and efforts to silence critical voices.", []),
    # not supporting any of them is neutrality, no opposition
    ("The United States does not support any specific candidate or party.", []),
    # one article, bare items and an "of" phrase: one topic
    ("Kenya supports the design, construction and operation of the new hospital.",
     [("KEN", "design, construction and operation of the new hospital", [], [])]),
])
def test_position_constructions(coder, text, expected):
    record = code(coder, text)
    found = [(h["code"], p["topic"], [b["code"] for b in p["on_behalf_of"]], [t["code"] for t in p["topic_parties"]])
             for p in record["positions"] for h in p["holder"]]
    assert found == expected
    assert_offsets(record, text)


# --- commitments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "action", "when", "deadline", "plover"), [
    ("The two leaders pledged to conclude a free trade agreement next year.",
     "conclude a free trade agreement", "next year", "2025-12-31", "SUPPORT"),
    ("India and France committed to deepening cooperation on clean energy by the end of 2024.",
     "deepen cooperation on clean energy", "by the end of 2024", "2024-12-31", "SUPPORT"),
    ("Egypt and Jordan agreed to hold the next round of talks in Amman soon.",
     "hold the next round of talks", "soon", None, "CONSULT"),
    ("The two sides will continue to strengthen cooperation under the BRICS mechanism.",
     "strengthen cooperation under the BRICS mechanism", None, None, "SUPPORT"),
    ("The United States and Japan agreed to follow up on their conversation next week.",
     "follow up on their conversation", "next week", "2024-05-08", None),  # seven days on
    # the parties named as modifiers are listed apart, with the "and" that joined them
    ("Chile and Peru agreed to expand cooperation between the Peruvian and Chilean coast guards.",
     "expand cooperation between the coast guards", None, None, "SUPPORT"),
])
def test_commitment(coder, text, action, when, deadline, plover):
    record = code(coder, "Japan and India met in Tokyo. " + text if "two" in text else text)
    [commitment] = record["commitments"]
    assert commitment["action"] == action and commitment["when"] == when
    assert (commitment["deadline"] or {}).get("value") == deadline
    assert commitment["action_type"] == plover
    assert commitment["parties"] and all(p["code"] for p in commitment["parties"])


@pytest.mark.parametrize(("text", "parties", "action"), [
    # "the commitment of X to ...": X commits, not who welcomes or thanks it
    ("The Prime Minister of Italy welcomed the commitment of the Kenyan government to expand access to clean water.",
     {"KEN"}, "expand access to clean water"),
    ("President Biden spoke with UN Secretary-General Guterres. He also expressed gratitude for the commitment of "
     "UNRWA's staff to deliver humanitarian aid in Gaza.", {"UNO"}, "deliver humanitarian aid"),
    # "the Chilean commitment": Chile's, not the readout's two parties that "they" stands for
    ("The President of Chile spoke with the President of Peru. Together they discussed the Chilean commitment to "
     "rebuild the border bridge.", {"CHL"}, "rebuild the border bridge"),
    # "its NATO pledge": the possessor's, made to NATO; "the NATO commitment": NATO's
    ("Peru has met its NATO pledge to spend 2 percent of GDP on defense.", {"PER"},
     "spend 2 percent of GDP on defense"),
    ("Chile welcomed the NATO commitment to defend the Baltic states.", {"IGO"}, "defend the Baltic states"),
    # "and partners" names no one: not the readout's other side
    ("President Boric of Chile met with President Boluarte of Peru. In the coming months, Chile and partners intend "
     "to provide Ecuador with dozens of patrol boats.", {"CHL"}, "provide Ecuador with dozens of patrol boats"),
])
def test_whose_commitment(coder, text, parties, action):
    record = code(coder, text)
    assert (parties, action) in [({p["code"] for p in c["parties"]}, c["action"]) for c in record["commitments"]]


def test_they_takes_the_parties_of_the_commitment_before(coder):
    record = code(coder, "Chile and Peru agreed to hold consultations in March. They also pledged to sign a "
                         "fisheries agreement by the end of the year.")
    first, second = record["commitments"]
    assert second["action"] == "sign a fisheries agreement"
    assert [p["code"] for p in second["parties"]] == [p["code"] for p in first["parties"]]
    assert {p["code"] for p in second["parties"]} == {"CHL", "PER"}


def test_refused_and_conditional_commitments_are_left_out(coder):
    assert code(coder, "Russia did not agree to extend the treaty.")["commitments"] == []
    assert code(coder, "Iran would agree to resume talks if sanctions were lifted.")["commitments"] == []


def test_records_are_json(coder):
    record = code(coder, "Brazil supports Argentina's position on the Malvinas. The two sides agreed to hold "
                         "the 3rd round of the Argentina-Brazil strategic dialogue next year.")
    assert record["positions"] and record["commitments"] and record["mechanisms"]
    assert json.loads(json.dumps(record)) == record


def test_another_conventions_conference_of_the_parties_is_no_cop(coder):
    text = "The Conference of the Parties to the Convention against Corruption met in Atlanta."
    assert [m["name"] for m in code(coder, text)["mechanisms"]] == []


def test_a_date_in_markup_is_no_topic_of_a_title(coder):
    record = code(coder, "President Biden spoke with President Lopez Obrador of Mexico. They discussed how they can "
                         "work together to support a successful outcome at this year\u2019s Climate Leaders\u2019 "
                         "Summit on April 22<sup>nd</sup> hosted by the United States.")
    assert not any("april" in m["name"] or "sup" in m["name"] for m in record["mechanisms"])


def test_a_date_in_markup_is_no_part_of_a_title(coder):
    record = code(coder, "Chile and Peru supported this year's Climate Leaders' Summit on April 22<sup>nd</sup> in "
                         "Washington.")
    assert [m["name"] for m in record["mechanisms"]] == ["climate summit"]


def test_markup_ordinal_gives_the_round(coder):
    """Feeds leave HTML in text: "the 15<sup>th</sup> UN Biodiversity Conference of the Parties"."""
    record = code(coder, "We will promote it at the 15<sup>th</sup> UN Biodiversity Conference of the Parties.")
    assert [(m["name"], m["round"]) for m in record["mechanisms"]] == [("UN biodiversity conference (CBD COP)", 15)]


@pytest.mark.parametrize("text, wanted, unwanted", [
    # the parser makes a possessor a second object: one topic, not "NATO's" and "Strategic Concept"
    ("The President of Norway and the Prime Minister of Denmark endorsed NATO's new Strategic Concept.",
     "new Strategic Concept", "NATO's"),
    # an apposition that says what the topic is, is no topic of its own
    ("The President of Chile expressed support for the Escazu Agreement, the first environmental treaty of the "
     "region.", "Escazu Agreement", "first environmental treaty of the region"),
])
def test_a_topic_is_one_thing_however_the_parser_splits_it(coder, text, wanted, unwanted):
    topics = [p["topic"] for p in code(coder, text)["positions"]]
    assert any(wanted in topic for topic in topics), topics
    assert unwanted not in topics, topics


def test_the_leaders_are_the_people_met_not_the_country_named_most(coder):
    """"the leaders" of a meeting reported in passing: the countries of the people named (Chile, Peru), not
    Bolivia, which the text names most."""
    text = ("Bolivia closed its border with Peru on Monday. Bolivia's decision followed Bolivia's dispute with "
            "Peru. It follows President Boric's meeting last month with President Boluarte, where the leaders "
            "expressed support for the Andean Community.")
    [position] = [p for p in code(coder, text)["positions"] if "Andean" in p["topic"]]
    assert {h["code"] for h in position["holder"]} == {"CHL", "PER"}


def test_a_target_of_conflict_is_not_at_the_table(coder):
    """An official the coder cannot place met someone; "they" condemned Bolivia's act: the sides are Chile and
    the other side named, never Bolivia."""
    text = ("Foreign Minister Alberto van Klaveren of Chile met today with Maria Lopez, Special Envoy to the Prime "
            "Minister of Peru. They condemned Bolivia's closure of the border and reaffirmed their support for "
            "regional trade.")
    for position in code(coder, text)["positions"]:
        assert "BOL" not in {h["code"] for h in position["holder"]}, position


@pytest.mark.parametrize("text", [
    "The Minister of Health of Chile will travel to Valparaiso to highlight the new hospital.",
    "The President of Peru thanked the President of Chile and pledged continued Peruvian support for the response.",
])
def test_no_stance_in_publicity_or_an_empty_topic(coder, text):
    assert code(coder, text)["positions"] == []


@pytest.mark.parametrize("text", [
    # a need given as a reason is no stance
    "The Prime Minister of Chile cancelled his trip to Lima due to the need to attend a cabinet meeting.",
    # a sum of money is funding, not a cause
    "The Export Bank of Chile announced potential support for up to $40 million to a Peruvian copper mine.",
    # a danger stressed is no cause supported
    "The Foreign Minister of Chile stressed the threats posed by illegal fishing fleets.",
    # "take measures" says only that something will be done
    "Peru has also committed to take measures.",
    # ... or names only what was said before
    "Chile and Peru agreed to work together on these issues.",
    "The governments of Chile, Peru and Bolivia committed to grow the following areas of collaboration with academia:",
    "The two sides affirm relevant understandings since 2006.",
    "Chile and Peru intend to consider the possibility to cooperate on fisheries.",
    # an occasion is no cause
    "The President of Chile congratulated the President of Peru on the 200th anniversary of the Ayacucho battle.",
    # nobody in a readout supports violence: a call for it is someone else's
    "The Presidents of Chile and Peru discussed cases of harassment and calls for violence against migrants.",
    "The Parties agree to take the following actions by August 12, 2025:",
    # "billions in investment" is funding, not a cause
    "Chilean private sector partners highlighted billions in investment in Peruvian ports.",
    # a telephone call for information is no appeal
    "Chilean homeowners can also call the Resource Center at 1-800-304-9320 for additional information.",
    # the topic is the holder's own party: a misread holder
    "President Boric of Chile will sit with Andean leaders to discuss further Community support for Chile.",
    "A Chilean investment fund highlighted roughly $300 million of investments in Peruvian ports.",
    # a bare decision says nothing of what is opposed
    "The President of Chile condemned the decision.",
    # thanks for what names nothing, or only what was said before
    "The Chilean ministers thanked the local legislators for their leadership and dedication to this issue.",
    "The President of Chile thanked Peru for its support.",
    "The Chilean ministers thanked the participants for their valuable insights.",
    "The President of Chile expressed appreciation for Peruvian condolences for the recent attack in Arica.",
    # others' stances set aside, the object's own "on" phrase, a pledge to stay in touch
    "President Boric of Chile met President Boluarte of Peru. Beyond many commitments to net zero emissions, "
    "participants included a carbon-negative country.",
    "Yesterday, the President of Chile called the Fire Chief to thank the staff on the National Response Center.",
    "President Boric of Chile met President Boluarte of Peru. The two presidents agreed to maintain transparent and "
    "consistent communication going forward.",
    "President Boric of Chile met President Boluarte of Peru. The two sides committed to pursue additional "
    "high-level engagement and consultations in key areas in the coming months.",
    # a belief is a claim, no cause
    "President Boric of Chile met today with President Boluarte of Peru. We also reaffirm our common belief that "
    "diplomacy and dialogue are essential to achieve peace.",
    # a call held to discuss something is a telephone call, no appeal
    "President Boric held a call to discuss the hurricane response.",
    # who gives support is no topic of it
    "Peru is expanding the coastal health program with support of the Chilean Government and the Andes Fund.",
    # an event stressed is no cause supported
    "The leaders also highlighted the upcoming Chile-Peru Health Dialogue, taking place in October in Lima.",
])
def test_no_stance_in_a_reason_an_amount_a_danger_or_a_vague_pledge(coder, text):
    assert code(coder, text)["positions"] == []


@pytest.mark.parametrize(("text", "holders", "topic"), [
    # "and other ..." names the kind of what comes before, no item of the topic
    ("The Presidents of Chile and Peru discussed the importance of protecting the Humboldt Current and other "
     "regional issues.", {"CHL", "PER"}, "protecting the Humboldt Current"),
    # a second stance noun in a list is a stance of its own, no part of the first topic
    ("The President of Chile reaffirmed Chile's support for Peru's efforts to reduce child poverty and their "
     "shared commitment to fair trade.", {"CHL"}, "Peru's efforts to reduce child poverty"),
    # the owner of the stance noun a verb hangs from holds the verb's stance
    ("Chile and Peru welcome Mercosur's commitment to support open trade.", {"IGO"}, "open trade"),
    # an appeal in a list is a stance of its own, no item of the first
    ("The President of Chile reaffirmed his commitment to protecting glaciers, including in Patagonia, and "
     "calling on Congress to pass the glacier law.", {"CHL"}, "protecting glaciers, including in Patagonia"),
    # bare common nouns are one topic, with the place the parser hung on their governor
    ("The President of Chile noted the importance of peace and stability across the Drake Passage.", {"CHL"},
     "peace and stability across the Drake Passage"),
    # a party the supported topic belongs to holds no stance on its own needs
    ("The Government of Peru and the Mercosur members discussed economic support for Peru's recovery needs.",
     {"IGO"}, "Peru's recovery needs"),
    # actions without an object of their own share the next one's: one topic
    ("The President of Chile noted the importance of protecting and preserving the Atacama Desert.", {"CHL"},
     "protecting and preserving the Atacama Desert"),
    # "President Biden and Prime Minister Modi": the parser makes the first name a subject of the second
    ("President Biden and Prime Minister Modi committed to work toward a broader fisheries framework.",
     {"USA", "IND"}, "work toward a broader fisheries framework"),
    # "hold ... accountable" is one action, wherever the parser hangs the adjective
    ("The President of Chile reaffirmed the importance of holding the smugglers' bosses accountable.", {"CHL"},
     "holding the smugglers' bosses accountable"),
    # a phrase hung on the first of two bare nouns is theirs together
    ("The Chilean ministers thanked the local legislators for their leadership and dedication to the pension reform.",
     {"CHL"}, "leadership and dedication to the pension reform"),
    # "his support for X, his defense of Y": an apposition with its own owner is another item
    ("The President of Chile applauded the President of Peru for his support for Ukraine, his principled defense "
     "of press freedom in Bolivia, and his commitment to open trade.", {"CHL"}, "support for Ukraine"),
    # whom opportunities are for is no topic: the opportunities are
    ("The President of Chile committed to working with Bolivia to bolster economic opportunities for all "
     "Bolivians.", {"CHL"}, "economic opportunities for all Bolivians"),
    ("The Presidents of Chile and Peru discussed opportunities for cooperation in energy.", {"CHL", "PER"},
     "cooperation in energy"),
    # capitalized common words that name no party are one agenda's title; an acronym cut off is left out
    ("Chile reaffirmed its strong support for Water, Food, and Energy (WFE) in the Andes.", {"CHL"},
     "Water, Food, and Energy"),
    # a stance noun in apposition is a stance of its own
    ("The Presidents of Chile and Peru discussed Bolivia’s brutal repression of protesters, the importance of "
     "upholding the rule of law and other regional issues.", {"CHL", "PER"}, "upholding the rule of law"),
    # what one is to become names the action ("getting vaccinated")
    ("The President of Chile met the President of Peru. The President of Chile emphasized the importance of "
     "getting vaccinated.", {"CHL"}, "getting vaccinated"),
    # what the reported conversation focused on concerns its participants
    ("The President of Chile spoke with the President of Peru. The conversation focused on Bolivia’s unprovoked "
     "attack on the border post.", {"CHL", "PER"}, "Bolivia's unprovoked attack on the border post"),
    # "as well as the importance of ...": a stance of its own, cut whole from the topic before it
    ("The President of Chile highlighted the need for better technology to address a changing climate as well as "
     "the importance of supporting small farmers.", {"CHL"}, "better technology to address a changing climate"),
    # a statement verb after the topic starts a statement of its own
    ("The President of Chile thanked the Senate for the work it had done to reach the budget agreement, and "
     "highlighted that it would create jobs.", {"CHL"}, "work it had done to reach the budget agreement"),
    # an action's purpose is part of it
    ("The President of Chile reaffirmed his commitment to fighting to protect access to clean water.", {"CHL"},
     "fighting to protect access to clean water"),
    # a noun on the first item that the bare later ones share
    ("The President of Chile noted the importance of carbon capture and storage.", {"CHL"},
     "carbon capture and storage"),
    # a possessor on the first item, bare items after it: one topic (a list is no empty topic)
    ("ASEAN is committed to supporting the region’s development, stability, and prosperity to benefit the "
     "people of Southeast Asia.", {"IGO"}, "region's development, stability, and prosperity"),
    ("The President of Chile welcomed new economic opportunities for women in mining.", {"CHL"},
     "new economic opportunities for women in mining"),
    # a hyphened verb kept whole ("co-lead")
    ("The President of Chile welcomed Peru's decision to co-lead the Pacific Hydrogen Agenda.", {"CHL"},
     "Peru's decision to co-lead the Pacific Hydrogen Agenda"),
    # a need listed after the topic is a stance of its own
    ("The President of Chile called for expanding these programs to more students and the need for more "
     "teachers of computer science.", {"CHL"}, "expanding these programs to more students"),
    # who leads an effort holds it
    ("Peru joined the ANDES initiative, a regional effort led by Chile, Ecuador, and Bolivia to increase glacier "
     "monitoring to at least 50 stations by 2030.", {"CHL", "ECU", "BOL"},
     "increase glacier monitoring to at least 50 stations by 2030"),
    # ... and so is one after "with" ("met with X to discuss")
    ("The President of Chile met today with President Dina Boluarte of Peru to discuss ways to deepen "
     "cooperation on fisheries.", {"CHL"}, "deepen cooperation on fisheries"),
    # a purpose infinitive has no subject of its own: the parser's is the object of the clause above
    ("President Boric spoke with Prime Minister Alberto Otárola of Peru to congratulate him on the new port.",
     {"CHL"}, "new port"),
    # a phone call's purpose is the caller's
    ("The President of Chile called President Noboa to congratulate him on his election.", {"CHL"}, "his election"),
    # a pronoun inside a hyphened word stays
    ("In Peru, Chile supported training of technical staff to use the first-of-its-kind digital system to monitor "
     "medical oxygen.", {"CHL"},
     "training of technical staff to use the first-of-its-kind digital system to monitor medical oxygen"),
    # "de-escalation" is one word
    ("The President of Chile welcomed the significant de-escalation of the border conflict.", {"CHL"},
     "significant de-escalation of the border conflict"),
    # willingness is a stance noun: its infinitive is the topic
    ("The Foreign Minister of Chile reiterated Chile's willingness to expand lithium exports to Korea.", {"CHL"},
     "expand lithium exports to Korea"),
])
def test_where_a_topic_ends_and_who_holds_it(coder, text, holders, topic):
    found = [(p["topic"], {h["code"] for h in p["holder"]}) for p in code(coder, text)["positions"]]
    assert (topic, holders) in found, found
    assert all("other" not in t and "commitment to fair trade" not in t and "calling" not in t
               and not t.startswith("especially") for t, _ in found), found


@pytest.mark.parametrize(("text", "name", "round_", "parties"), [
    # an organisation's name begun inside a hyphened token ("U.S.-" is not split), an acronym within the title
    ("The Vice President attended the third U.S.-Pacific Islands Forum (PIF) Summit in Suva.",
     "PIF-United States summit", 3, ["IGO", "USA"]),
    # a country the recognizer took into the organisation's name
    ("The President of Chile attended the third Chile-Pacific Islands Forum Summit in Suva.",
     "Chile-PIF summit", 3, ["CHL", "IGO"]),
    # a title's possessive is a word of its name
    ("The Foreign Minister of Chile attended the Mercosur Foreign Ministers’ Meeting in Asuncion.",
     "Mercosur foreign ministers meeting", None, ["IGO"]),
    # a title's "on" phrase the parser hangs on the round noun, read off the capitalized words
    ("Chile and Peru held the third meeting of the Working Group on Counter-Terrorism in Lima.",
     "Chile-Peru working group on counter-terrorism", 3, ["CHL", "PER"]),
])
def test_a_title_read_whole(coder, text, name, round_, parties):
    found = [(m["name"], m["round"], m["parties"]) for m in code(coder, text)["mechanisms"]]
    assert (name, round_, parties) in found, found


@pytest.mark.parametrize(("text", "name", "parties"), [
    # a place ends a title: the second summit is NATO's alone
    ("The Prime Minister of Chile discussed the G20 Summit in Lima and APEC Summit in Santiago.", "APEC summit",
     ["IGO"]),
    # ... and so does another series
    ("The President of Chile welcomed the outcomes of the Chile-EU Summit and APEC Summit in November.",
     "APEC summit", ["IGO"]),
    # every country of the launching subject owns the new series
    ("The United Kingdom, Ireland, and France launched the Channel Ministerial Committee on Fisheries.",
     "France-United Kingdom-Ireland channel ministerial committee on fisheries", ["FRA", "GBR", "IRL"]),
])
def test_whose_series_and_where_its_title_ends(coder, text, name, parties):
    found = [(m["name"], m["parties"]) for m in code(coder, text)["mechanisms"]]
    assert (name, parties) in found, found


@pytest.mark.parametrize("text", [
    # a body's act names no meeting
    "Chile and Peru will cooperate under the OECD Council Decision on transboundary waste.",
    # a round of what an acronym stands for is no series of its own
    "The foreign ministries of Chile and Peru held the inaugural meeting of the JWG in Lima.",
    # a body of experts (plural) is no series either
    "Chile and Peru announced the launch of a senior-level Andean Vaccine Experts Group.",
    "We will establish a joint Chile-Peru Experts’ Working Group, which will provide recommendations to leaders.",
    # one country's several dialogues are no series
    "The Chilean Ministry of Mining has launched new bilateral mining dialogues with Bolivia and Peru.",
])
def test_no_series_in_a_bodys_act_or_an_unexplained_acronym(coder, text):
    assert code(coder, text)["mechanisms"] == []


@pytest.mark.parametrize(("text", "name", "round_"), [
    # "U.S-" (a dot short) is the United States too
    ("Chile welcomed the outcome of the second U.S-Chile Energy Dialogue.", "Chile-United States energy dialogue", 2),
    # a country's adjective joined to a word ("Indo-Pacific") names no party
    ("Chile welcomed the first Chile-Canada Indo-Pacific Strategic Dialogue in Ottawa.",
     "Canada-Chile indo-pacific strategic dialogue", 1),
    # a capitalized ignore word is the title's own, unless a party follows it
    ("Chile and Peru are launching a Next Generation Mining Technologies Dialogue.",
     "Chile-Peru next generation mining technologies dialogue", 1),
    ("Chile looks forward to the Next G20 Summit.", "G20 summit", None),
    ("The President of Chile will attend Mercosur’s 30th Anniversary Summit in Asuncion.", "Mercosur summit", None),
    # the meeting of a dialogue is a round of it, not a series named for the meeting
    ("The President of Chile met the President of Peru. The inaugural Strategic Dialogue on Water meeting will "
     "take place in Lima.", "strategic water dialogue", 1),
    # a capitalized possessive is a word of the title, whatever the case of its head
    ("Peru looks forward to the next Mercosur Foreign Ministers’ meeting in 2025.",
     "Mercosur foreign ministers meeting", None),
])
def test_a_series_named_in_passing(coder, text, name, round_):
    found = [(m["name"], m["round"]) for m in code(coder, text)["mechanisms"]]
    assert (name, round_) in found, found


def test_the_two_sides_of_a_tour_are_the_country_met_in_that_paragraph(coder):
    """A delegation visits three countries; "the two sides" in each paragraph are the United States and the
    country that paragraph names, not the countries the document names most."""
    text = ("A U.S. delegation visited Santiago, Chile; Lima, Peru; and Quito, Ecuador. The delegation met with "
            "the Presidents of Chile, Peru and Ecuador. Throughout the trip, the United States emphasized its "
            "commitment to the region and to U.S. partnerships in South America.\n\n"
            "In Santiago, Chile and the United States discussed fisheries. Chile welcomed the visit.\n\n"
            "In Lima, the delegation met with officials of Peru. The two sides expressed support for the "
            "Humboldt Current conservation plan.\n\n"
            "In Quito, officials of Ecuador met the delegation.")
    [position] = [p for p in code(coder, text)["positions"] if "Humboldt" in p["topic"]]
    assert {h["code"] for h in position["holder"]} == {"USA", "PER"}


def test_our_stance_listed_with_the_agent_of_a_passive_is_the_speakers(coder):
    """The parser joins "our shared commitment" to "posed by Bolivia": the commitment is the two leaders',
    not Bolivia's."""
    text = ("The President of Chile met the President of Peru. The leaders exchanged views on a range of issues, "
            "including the challenges posed by the Plurinational State of Bolivia and our shared commitment to "
            "supporting peace and stability in the Andes.")
    record = code(coder, text)
    for item in record["positions"] + record["commitments"]:
        parties = item["holder"] if "holder" in item else item["parties"]
        assert "BOL" not in {p["code"] for p in parties}, item


def test_a_pledge_ends_before_a_list_introduced_by_a_colon(coder):
    text = ("Peru commits to effectively enforce its fisheries laws, including by: taking measures to combat "
            "illegal fishing; encouraging a more sustainable fleet.")
    assert "enforce its fisheries laws" in [c["action"] for c in code(coder, text)["commitments"]]


def test_a_side_the_knowledge_base_cannot_place_is_the_country_named_most_after_the_other(coder):
    """The call's other side is a crown prince the knowledge base does not know: "the two leaders" are Chile
    and the country the readout names most after Chile, not the pair of another event (Jordan and Bolivia)."""
    text = ("The Foreign Minister of Chile spoke today with His Highness, Crown Prince Abdullah Al-Hashem. The "
            "Minister expressed appreciation for the friendship between Chile and Jordan. She thanked Jordan for "
            "its role in supporting the evacuation from Bolivia of Chileans and Bolivians. The two leaders reaffirmed "
            "the strong bilateral relationship between the two countries.")
    [position] = [p for p in code(coder, text)["positions"] if "bilateral relationship" in p["topic"]]
    assert {h["code"] for h in position["holder"]} == {"CHL", "JOR"}


def test_a_pledge_cut_before_a_condition_leaves_no_dangling_and(coder):
    text = ("Chile and Peru intend to implement the commitments under this annex consistent with applicable law and "
            "subject to the availability of appropriated funds.")
    actions = [c["action"] for c in code(coder, text)["commitments"]]
    assert actions and not any(a.endswith((" and", " or", ",")) for a in actions), actions


def test_a_pledge_of_new_ways_names_no_cause(coder):
    text = "Chile and Peru intend to develop new ways to enhance research, including through the Andean Academy."
    topics = [p["topic"] for p in code(coder, text)["positions"]]
    assert not any(t.startswith("develop new ways") for t in topics), topics


@pytest.mark.parametrize("text, topic", [
    ("President Boric and Vice President Harris remain committed to doing everything in their power to achieve "
     "meaningful pension reform in Congress.", "achieve meaningful pension reform in Congress"),
    ("Chile intends to initiate the process to open two new consulates in Peru.", "open two new consulates in Peru"),
    ("Peru and Chile agreed to take measures to improve the investment climate.", "improve the investment climate"),
    ("Chile will continue to seek opportunities to mobilize private capital for solar power.",
     "mobilize private capital for solar power"),
    ("Chile and Peru committed to achieve concrete progress to boost surge financing for vaccines.",
     "boost surge financing for vaccines"),
])
def test_a_pledge_of_a_vague_act_supports_what_it_is_for(coder, text, topic):
    # (from the pledge, or from a stance noun of the same words: "seek opportunities to ...")
    assert [p["topic"] for p in code(coder, text)["positions"]] == [topic]


@pytest.mark.parametrize("text, asked", [
    ("The President of Chile urged Bolivia to show its commitment to the ceasefire.", "BOL"),
    ("The President of Chile encouraged Peru to make every effort to protect civilians.", "PER"),
])
def test_what_an_appeal_asks_is_no_stance_of_the_addressee(coder, text, asked):
    positions = code(coder, text)["positions"]
    assert positions and all(asked not in {h["code"] for h in p["holder"]} for p in positions), positions


def test_the_european_union_is_a_side_of_the_talks(coder):
    text = ("President Boric of Chile spoke today with European Commission President Ursula von der Leyen. They "
            "discussed the importance of close cooperation on ocean protection. They also agreed to coordinate on "
            "issues of shared interest, including Peru and Bolivia.")
    record = code(coder, text)
    assert [{h["code"] for h in p["holder"]} for p in record["positions"]] == [{"CHL", "EUR"}]
    assert [{p["code"] for p in c["parties"]} for c in record["commitments"]] == [{"CHL", "EUR"}]


def test_the_sides_of_a_call_are_not_the_parties_of_a_meeting_it_was_about(coder):
    text = ("Foreign Minister Klaveren of Chile held a trilateral call with Foreign Minister Gonzalez of Peru and "
            "Foreign Minister Sommerfeld of Ecuador to exchange views on Bolivia, including the recent summit meeting "
            "between Brazilian President Lula and Bolivian President Arce. The three ministers reaffirmed the "
            "importance of trilateral coordination.")
    holders = [{h["code"] for h in p["holder"]} for p in code(coder, text)["positions"]]
    assert holders == [{"CHL", "PER", "ECU"}]


def test_an_unplaced_official_on_a_government_site_is_that_governments(coder):
    text = ("Special Envoy for the Andes Ana Ruiz and Senior Advisor Luis Vega visited Peru on May 2, joined for "
            "Bolivia-related meetings by Special Envoy for Bolivia Tom Reyes.\n\nThey held talks with President "
            "Boluarte of Peru and senior Peruvian officials. Both sides welcomed their close coordination on border "
            "security.")
    document = Document(id="t", text=text, published="2024-05-02", source="whitehouse.gov")
    [record] = coder.code([document])
    assert [{h["code"] for h in p["holder"]} for p in record["positions"]] == [{"PER", "USA"}]
    # with no publisher to place them, the envoys' country is not made up
    [elsewhere] = coder.code([Document(id="u", text=text, published="2024-05-02")])
    assert all("USA" not in {h["code"] for h in p["holder"]} for p in elsewhere["positions"])


def test_a_surname_named_again_is_the_person_named_before(coder):
    # the knowledge base's only Wong in office that day is Australia's foreign minister
    text = ("The Foreign Minister of Chile met today with Finance Minister Lawrence Wong of Singapore. Mr. Wong "
            "underscored the importance of free trade in the Pacific.")
    holders = [{h["code"] for h in p["holder"]} for p in code(coder, text)["positions"]]
    assert holders == [{"SGP"}]


@pytest.mark.parametrize(("text", "held"), [
    ("The Chile-Peru Strategic Consultative Group met in Lima.", True),
    # a body that hosts something is its host, not a round of its own
    ("The Chile-Peru Water Steering Committee has hosted two workshops in Lima to strengthen collaboration.", False),
])
def test_a_series_that_hosts_something_is_not_held(coder, text, held):
    [mechanism] = code(coder, text)["mechanisms"]
    assert (mechanism["event_id"] is not None) is held


def test_a_surname_the_title_places_is_not_the_knowledge_bases_namesake(coder):
    # the knowledge base's only Teodoro in office that day is Equatorial Guinea's president
    text = ("The Foreign Minister of Chile met with Philippine Secretary of National Defense Gilberto Teodoro in "
            "Manila. The two ministers reaffirmed the importance of maritime security.")
    holders = [{h["code"] for h in p["holder"]} for p in code(coder, text)["positions"]]
    assert holders == [{"CHL", "PHL"}]


@pytest.mark.parametrize(("text", "stance"), [
    # a worry for someone's safety supports it
    ("The President of Chile raised concerns about the safety and security of journalists.", "support"),
    ("Chile is deeply concerned about the fate of the detained fishermen.", "support"),
    ("The President of Chile expressed concern about the security situation in Arica.", "oppose"),
    ("The President of Chile raised concerns about Bolivia's security forces.", "oppose"),
])
def test_a_concern_for_someones_welfare_supports_it(coder, text, stance):
    assert [p["stance"] for p in code(coder, text)["positions"]] == [stance]


def test_the_leaders_respect_for_one_sides_democracy_is_held_by_both(coder):
    text = ("President Boric of Chile met today with President Boluarte of Peru. The leaders reaffirmed their respect "
            "for Peru's democracy and the rule of law.")
    assert {"CHL", "PER"} <= {h["code"] for p in code(coder, text)["positions"] for h in p["holder"]}
