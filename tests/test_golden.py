"""Golden test: the bundled sample readouts, coded, give the events a person reads in them.

The expectations are written by hand from the texts (communique/demo/samples/readouts.jsonl):
each event is (PLOVER type, actor codes, recipient codes, negated). A change that loses one of these
events, or invents one, fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from communique.demo import samples_path
from communique.read import read_inputs

E = frozenset
EXPECTED = {
    "demo-consultations-kaz-uzb": [
        ("CONSULT", E({"KAZ"}), E({"UZB"}), False),  # co-chaired ... with ... in Tashkent: UZB hosts
        ("CONSULT", E({"KAZ", "UZB"}), E(), False),  # the two sides had an exchange of views
        ("SUPPORT", E({"KAZ"}), E({"UZB"}), False),  # supports Uzbekistan's position
        ("AGREE", E({"KAZ", "UZB"}), E(), False),  # agreed to hold the fifth round
        ("AGREE", E({"KAZ", "UZB"}), E(), False),  # they (the two sides) will continue to strengthen cooperation
    ],
    "demo-phone-call-bra-ind": [
        ("CONSULT", E({"BRA", "IND"}), E(), False),  # spoke by phone with (041)
        ("CONSULT", E({"BRA", "IND"}), E(), False),  # the two leaders discussed
        ("SUPPORT", E({"IND"}), E({"BRA"}), False),  # India praised Brazil's leadership
        ("AGREE", E({"BRA", "IND"}), E(), False),  # agreed to meet
    ],
    "demo-state-visit-idn-vnm": [
        ("CONSULT", E({"IDN"}), E({"VNM"}), False),  # paid a state visit to Vietnam
        ("CONSULT", E({"VNM"}), E({"IDN"}), False),  # hosted the Indonesian delegation
        ("CONSULT", E({"IDN", "VNM"}), E(), False),  # the two presidents held talks
        ("SUPPORT", E({"IDN", "VNM"}), E(), False),  # signed a memorandum (CAMEO 057)
        ("SUPPORT", E({"VNM"}), E({"IDN"}), False),  # Vietnam welcomed Indonesia's offer
    ],
    "demo-joint-statement-nor-col": [
        ("SUPPORT", E({"NOR"}), E({"COL"}), False),  # reaffirmed its support for Colombia's peace process
        ("AGREE", E({"NOR"}), E(), False),  # pledged to fund
        ("ACCUSE", E({"NOR", "COL"}), E(), False),  # the two sides condemned the attack
        ("SUPPORT", E({"COL"}), E({"NOR"}), False),  # Colombia thanked Norway
        ("AGREE", E({"NOR", "COL"}), E(), False),  # the two governments will hold a review meeting
    ],
    "demo-sanctions-eu-blr": [
        ("SANCTION", E({"EUR"}), E({"BLR"}), False),  # imposed new sanctions on Belarus
        ("REJECT", E({"BLR"}), E(), False),  # rejected the decision
        ("ACCUSE", E({"BLR"}), E({"EUR"}), False),  # accused the European Union
        # "Poland and Lithuania welcomed the new measures": support of measures, with no party named as
        # the one supported, is a position (READOUTS_GUIDE, SUPPORT), not an event
        ("CONSULT", E({"BLR", "EUR"}), E(), True),  # did not meet the EU envoy
    ],
}


@pytest.fixture(scope="module")
def records(coder):
    return {record["doc_id"]: record for record in coder.code(read_inputs([str(samples_path())]))}


def summary(event: dict) -> tuple:
    codes = lambda side: E(p["code"] for p in event[side])  # noqa: E731
    return ((event["plover"] or {}).get("type"), codes("actor"), codes("recipient"), event["negated"])


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_sample_events(records, doc_id):
    record = records[doc_id]
    assert record["status"] == "coded"
    assert Counter(map(summary, record["events"])) == Counter(EXPECTED[doc_id])


def test_every_sample_is_expected(records):
    assert set(records) == set(EXPECTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_sample_offsets_slice_the_text(records, doc_id):
    text = {d.id: d.text for d in read_inputs([str(samples_path())])}[doc_id]
    for event in records[doc_id]["events"]:
        evidence = event["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
        assert text[evidence["trigger_start"]:evidence["trigger_end"]] == evidence["trigger"]
        for participant in event["actor"] + event["recipient"]:
            assert text[participant["start"]:participant["end"]] == participant["text"]


@pytest.mark.parametrize(("text", "expected"), [
    # a refusal of a cooperative act is a rejection of it
    ("Israel refused to meet the foreign minister of Jordan.", ("REJECT", {"ISR", "JOR"}, "125")),
    # the target of a threat can sit in the threatened act or in its condition
    ("Iran threatened to launch an offensive unless Iraq accepted the proposal.", ("THREATEN", {"IRN", "IRQ"}, None)),
    ("North Korea threatened to deliver devastating blows to the United States.", ("THREATEN", {"PRK", "USA"}, None)),
    # whoever made a rejected call or offer is its target
    ("Germany rejected recent calls by Belarus's rulers for economic aid.", ("REJECT", {"DEU", "BLR"}, "120")),
    # acts announced for later: cooperation or yielding is an agreement, a refusal a rejection, and an
    # act made to hang on "unless" (or a hostile one on "if") a threat; "it" in what X says is X
    ("Israel will evacuate all settlements in the north next month.", ("AGREE", {"ISR"}, "034")),
    ("Syria said it would not accept more refugees.", ("REJECT", {"SYR"}, "120")),
    ("Nigeria said it will withdraw its peacekeeping force from Chad unless the rebels accept a ceasefire.",
     ("THREATEN", {"NGA", "TCD"}, "130")),
    ("The European Union may suspend the talks with Serbia if the violence continues.",
     ("THREATEN", {"EUR", "SRB"}, "131")),
    # "X said that Y must ...": X demands it of Y
    ("Russia said on Tuesday that Sudan must return the captured helicopter.", ("REQUEST", {"RUS", "SDN"}, "100")),
    # "its ..." in what X says is X's; a participle on the object acts with the verb's subject
    ("Nigeria said its troops had completed the withdrawal from Chad.", ("RETREAT", {"NGA", "TCD"}, None)),
    ("Japan issued a statement condemning the missile launch by North Korea.", ("ACCUSE", {"JPN", "PRK"}, None)),
    ("Germany said Russia must ensure the safety of the plant.", ("REQUEST", {"DEU", "RUS"}, "100")),
    # whose object it is names the target; a stative participle keeps its subject as the actor
    ("Poland expelled two Russian diplomats on Friday.", ("SANCTION", {"POL", "RUS"}, None)),
    ("Israel is opposed to French mediation in the talks.", ("REJECT", {"ISR", "FRA"}, None)),
    # "in defiance of X": X is whom the act answers; "a camp for Sudanese refugees" is theirs
    ("Students blocked the streets in Hong Kong in defiance of the Chinese authorities.",
     ("PROTEST", {"HKG", "CHN"}, None)),
    ("A camp for Sudanese refugees was attacked by Chadian militiamen.", ("ASSAULT", {"SDN", "TCD"}, None)),
    # an unnamed crowd acts for the country where it acts
    ("Protesters in Caracas blocked the main highway on Monday.", ("PROTEST", {"VEN"}, None)),
])
def test_targets_and_refusals(coder, text, expected):
    from communique.read.document import Document

    [record] = coder.code([Document(id="t", text=text, published="2024-05-01")])
    plover, codes, cameo = expected
    events = [e for e in record["events"] if (e["plover"] or {}).get("type") == plover]
    assert events, f"no {plover} event in {[e['rule'] for e in record['events']]}"
    assert {p["code"] for p in events[0]["actor"] + events[0]["recipient"] if p["code"]} >= codes
    assert cameo is None or events[0]["cameo"]["code"] == cameo


def test_a_national_security_council_is_not_the_uns(coder):
    from communique.read.document import Document

    text = ("Nikolai Patrushev, secretary of the Security Council of the Russian Federation, met the "
            "Chinese foreign minister. The Security Council condemned the attack.")
    [record] = coder.code([Document(id="sc", text=text, published="2023-09-19")])
    codes = [{p["code"] for p in e["actor"]} for e in record["events"]]
    assert {"RUS", "CHN"} <= codes[0] and codes[1] == {"UNO"}


def test_an_unknown_official_takes_the_country_of_the_appositive(coder):
    from communique.read.document import Document

    text = "Arman Bekov, secretary of the Security Council of Kazakhstan, met the Chinese foreign minister in Beijing."
    [record] = coder.code([Document(id="ap", text=text, published="2024-03-04")])
    [event] = record["events"]
    assert [(p["code"], p["sector"]) for p in event["actor"]] == [("KAZ", "GOV")]
    assert [(p["text"], p["code"]) for p in event["recipient"]] == [("Chinese foreign minister", "CHN")]  # the host


def test_a_time_phrase_is_not_a_cue(coder):
    """"called Lavrov on Tuesday" is a call on a day, not "called on" (a request)."""
    from communique.read.document import Document

    [record] = coder.code([Document(id="c", text="Germany called Lavrov on Tuesday.", published="2024-03-07")])
    assert not [e for e in record["events"] if (e["plover"] or {}).get("type") == "REQUEST"]
    [record] = coder.code([Document(id="c", text="Germany called on Russia to release the journalists.",
                                    published="2024-03-07")])
    assert [e for e in record["events"] if (e["plover"] or {}).get("type") == "REQUEST"]


def test_parties_named_elsewhere_are_not_placed(coder):
    """"Their foreign ministers met in Oslo": the ministers are not Norwegians because they met in Oslo."""
    from communique.read.document import Document

    [record] = coder.code([Document(id="o", text="Their foreign ministers met in Oslo.", published="2025-01-22")])
    assert record["events"] == []


def test_the_president_is_the_publishers_or_the_last_named(coder):
    """"The President" on whitehouse.gov is the US President of the day; elsewhere, the last president
    named before it."""
    from communique.read.document import Document

    readout = Document(id="wh", text="The President spoke with the Prime Minister of Japan.", source="whitehouse.gov",
                       published="2021-03-01")
    [record] = coder.code([readout])
    [event] = record["events"]
    assert ("USA", "Joe Biden") in [(p["code"], p["name"]) for p in event["actor"]]
    wire = Document(id="w", text="President Emmanuel Macron arrived in Beijing on Monday. The President met the "
                                 "Chinese premier on Tuesday.", published="2019-11-05")
    [record] = coder.code([wire])
    meeting = next(e for e in record["events"] if e["evidence"]["trigger"] == "met")
    assert ("FRA", "Emmanuel Macron") in {(p["code"], p["name"]) for p in meeting["actor"] + meeting["recipient"]}


def test_a_qualified_unknown_person_is_remembered(coder):
    """An unknown official placed by an appositive keeps that country later in the document."""
    from communique.read.document import Document

    text = ("Arman Bekov, secretary of the Security Council of Kazakhstan, met the Chinese foreign minister in "
            "Beijing. Bekov later met Lavrov in Moscow.")
    [record] = coder.code([Document(id="m", text=text, published="2024-03-04")])
    later = next(e for e in record["events"] if e["evidence"]["sentence"].startswith("Bekov"))
    participants = {(p["text"], p["code"]) for p in later["actor"] + later["recipient"]}
    assert participants >= {("Bekov", "KAZ"), ("Lavrov", "RUS")}


@pytest.mark.parametrize(("text", "expected"), [
    # a place in a condition is not where the act happens
    ("Syria said it will not accept more refugees if war starts in Iraq.", {"SYR"}),
    # nor is the place of whoever reports it; unnamed rebels act for the country they fight in
    ("Rebels killed three soldiers in Kabul, diplomatic sources in neighbouring Pakistan said.", {"AFG"}),
    # a people is coded by the country it lives in
    ("Bosnian Serbs demanded a truce with the government forces.", {"BIH"}),
    ("The Albanians of southern Serbia demanded autonomy.", {"SRB"}),
    # a territory is a place of its country
    ("Israeli troops reimposed a blockade in the West Bank on Friday.", {"ISR", "PSE"}),
])
def test_where_an_act_happens(coder, text, expected):
    from communique.read.document import Document

    [record] = coder.code([Document(id="p", text=text, published="2024-05-01")])
    event = max(record["events"], key=lambda e: e["confidence"])
    assert {p["code"] for p in event["actor"] + event["recipient"]} == expected


@pytest.mark.parametrize(("text", "published", "expected"), [
    # a surname that is also an English word still names the one person in office that day
    ("President Moon welcomed the Japanese foreign minister in Seoul.", "2019-06-30", ("Moon", "KOR")),
    # honorifics and possessives are not part of the name
    ("Mr Blinken met the Chinese foreign minister in Bali.", "2022-07-09", ("Blinken", "USA")),
])
def test_people_named_in_passing(coder, text, published, expected):
    from communique.read.document import Document

    [record] = coder.code([Document(id="n", text=text, published=published)])
    participants = {(p["text"], p["code"]) for e in record["events"] for p in e["actor"] + e["recipient"]}
    assert expected in participants


def test_the_two_sides_are_states_not_armed_groups(coder):
    from communique.read.document import Document

    text = ("President Biden spoke with Prime Minister Netanyahu of Israel about Hamas. Hamas fired rockets; "
            "Hamas must stop, he said. The two leaders agreed to stay in touch.")
    [record] = coder.code([Document(id="g", text=text, published="2021-05-17")])
    agreed = next(e for e in record["events"] if e["evidence"]["sentence"].startswith("The two leaders"))
    assert {p["code"] for p in agreed["actor"]} == {"USA", "ISR"}


def test_the_subject_of_a_passive_suffers_the_act(coder):
    """"Iran was accused": Iran is the target; with no accuser named there is no event, and an act
    done to someone somewhere ("killed in Kabul") is by someone in that place."""
    from communique.read.document import Document

    [record] = coder.code([Document(id="p1", text="Iran was accused of supplying drones to Russia.",
                                    published="2024-05-01")])
    assert not [e for e in record["events"] if "IRN" in {p["code"] for p in e["actor"]}]
    [record] = coder.code([Document(id="p2", text="Iran was accused by Israel of supplying drones.",
                                    published="2024-05-01")])
    [event] = [e for e in record["events"] if (e["plover"] or {}).get("type") == "ACCUSE"]
    assert [p["code"] for p in event["actor"]] == ["ISR"] and [p["code"] for p in event["recipient"]] == ["IRN"]
    [record] = coder.code([Document(id="p3", text="Three soldiers were killed in Kabul on Monday.",
                                    published="2024-05-01")])
    assert [(e["plover"]["type"], [p["code"] for p in e["actor"]]) for e in record["events"]] == [("ASSAULT", ["AFG"])]


def test_a_city_the_knowledge_base_does_not_list_still_places_the_act(coder):
    """"near the town of Samarra": the gazetteer knows the city and its country."""
    from communique.read.document import Document

    [record] = coder.code([Document(id="c", text="Protesters blocked the main road in Lagos on Monday.",
                                    published="2024-05-01")])
    [event] = record["events"]
    assert [(p["text"], p["code"]) for p in event["actor"]] == [("Protesters", "NGA")]


def test_a_party_that_must_act_itself_makes_no_demand(coder):
    from communique.read.document import Document

    [record] = coder.code([Document(id="m", text="Russia said it must respond to the provocation.",
                                    published="2024-05-01")])
    assert not [e for e in record["events"] if e["rule"] == "request.must"]


def test_an_office_the_publisher_lacks_is_the_guests(coder):
    """"The Prime Minister" on whitehouse.gov is the visiting prime minister, not an American."""
    from communique.read.document import Document

    text = ("President Biden met Prime Minister Fumio Kishida of Japan. The Prime Minister thanked the "
            "President for his hospitality.")
    readout = Document(id="pm", text=text, source="whitehouse.gov", published="2023-01-13")
    [record] = coder.code([readout])
    thanked = next(e for e in record["events"] if e["evidence"]["trigger"] == "thanked")
    assert [(p["code"], p["name"]) for p in thanked["actor"]] == [("JPN", "Fumio Kishida")]
    assert [(p["code"], p["name"]) for p in thanked["recipient"]] == [("USA", "Joe Biden")]
