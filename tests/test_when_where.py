"""When and where: date expressions, datelines, event dates and places, through the real components.

The date table fixes the conventions documented in ``communique/when_where/dates.py`` (year inference,
precision of periods, ambiguous forms); the dateline table the styles of the wires and of official
readouts; the pipeline tests the seed readout and the attachment of places to events.
"""

from __future__ import annotations

import dataclasses

import pytest

from communique.read import read_inputs
from communique.read.dateline import find_dateline
from communique.read.document import Document
from communique.when_where.dateline import Dateline, parse_dateline
from communique.when_where.dates import base_of, find_dates, infer_year, resolve_date
from communique.when_where.places import gazetteer
from tests.conftest import shared_path

# (expression, publication date, expected value or None, precision). 2023-09-19 was a Tuesday.
DATES = [
    ("On 19 September local time", "2023-09-19", "2023-09-19", "day"),
    ("on Tuesday", "2023-09-21", "2023-09-19", "day"),
    ("on Tuesday", "2023-09-19", "2023-09-19", "day"),  # the weekday of publication is that day
    ("last Tuesday", "2023-09-19", "2023-09-12", "day"),
    ("last Friday", "2023-09-19", "2023-09-15", "day"),
    ("next Monday", "2023-09-19", "2023-09-25", "day"),
    ("yesterday", "2023-09-19", "2023-09-18", "day"),
    ("today", "2023-09-19", "2023-09-19", "day"),
    ("Today", "2021-01-21T17:12:47-05:00", "2021-01-21", "day"),  # the local day the source states
    ("this morning", "2023-09-19", "2023-09-19", "day"),
    ("last night", "2023-09-19", "2023-09-18", "day"),
    ("the day before yesterday", "2023-09-19", "2023-09-17", "day"),
    ("tomorrow", "2023-09-19", "2023-09-20", "day"),
    ("two days ago", "2023-09-19", "2023-09-17", "day"),
    ("earlier this month", "2023-09-19", "2023-09", "month"),
    ("last week", "2023-09-19", "2023-09", "month"),  # 11-17 September: all in September
    ("last week", "2023-10-03", "2023", "year"),  # 25 September - 1 October: only the year holds it
    ("later this week", "2023-09-19", "2023-09", "month"),
    ("over the weekend", "2023-09-18", "2023-09", "month"),
    ("a week ago", "2023-09-19", "2023-09", "month"),
    ("last month", "2023-09-19", "2023-08", "month"),
    ("next month", "2023-01-10", "2023-02", "month"),
    ("this year", "2023-09-19", "2023", "year"),
    ("last year", "2023-09-19", "2022", "year"),
    ("next year", "2023-09-19", "2024", "year"),  # the future is allowed
    ("three years ago", "2023-09-19", "2020", "year"),
    ("Sept. 19", "2023-09-19", "2023-09-19", "day"),
    ("on Jan. 5", "2023-09-19", "2023-01-05", "day"),
    ("Dec. 28", "2024-01-10", "2023-12-28", "day"),  # more than two months ahead: the year before
    ("in November", "2023-09-19", "2023-11", "month"),  # within two months ahead: this year
    ("in December", "2023-09-19", "2022-12", "month"),
    ("19-20 September", "2023-09-21", "2023-09-19", "day"),  # a span is dated by its first day
    ("11-13 June 2021", "2021-06-13", "2021-06-11", "day"),
    ("April 22 and 23", "2021-04-23", "2021-04-22", "day"),
    ("on the 5th", "2023-09-19", "2023-09-05", "day"),
    ("on the 25th", "2023-09-19", "2023-08-25", "day"),  # still ahead this month: the month before
    ("in March", "2023-09-19", "2023-03", "month"),
    ("in early March", "2023-09-19", "2023-03", "month"),
    ("last March", "2023-02-10", "2022-03", "month"),
    ("in 2019", "2023-09-19", "2019", "year"),
    ("mid-2022", "2023-09-19", "2022", "year"),
    ("the end of 2022", "2023-09-19", "2022", "year"),
    ("the first half of 2022", "2023-09-19", "2022", "year"),
    ("summer 2021", "2023-09-19", "2021", "year"),
    ("March 2024", "2023-09-19", "2024-03", "month"),
    ("September 2019", "2023-09-19", "2019-09", "month"),
    ("Jan 5, 2024", "2023-09-19", "2024-01-05", "day"),
    ("5 January 2024", "2023-09-19", "2024-01-05", "day"),
    ("2024-01-05", "2023-09-19", "2024-01-05", "day"),
    ("2023/09/19", "2023-09-19", "2023-09-19", "day"),
    ("Tuesday, September 19, 2023", "2023-09-25", "2023-09-19", "day"),
    ("the 5th of March", "2023-09-19", "2023-03-05", "day"),
    ("the nineteenth of September", "2023-09-20", "2023-09-19", "day"),
    ("Sep 19th, 2023", "2023-09-25", "2023-09-19", "day"),
    ("Friday, April 2", "2021-03-30", "2021-04-02", "day"),
    ("Friday, April 2", "2022-04-10", "2021-04-02", "day"),  # 2 April 2022 was a Saturday: the weekday decides
    ("13/05/2024", "2024-06-01", "2024-05-13", "day"),  # only day-first is possible
    ("05/13/2024", "2024-06-01", "2024-05-13", "day"),  # only month-first is possible
    ("05/06/2024", "2024-06-01", "2024", "year"),  # ambiguous: only the year is certain
    ("19-Sep-2023", "2023-09-25", "2023-09-19", "day"),  # dateparser
    ("September, 19", "2023-09-25", "2023-09-19", "day"),  # dateparser, year inferred
    ("the 19th day of September 2023", "2023-09-25", "2023-09-19", "day"),  # dateparser, finer than the rules
    ("five years", "2023-09-19", None, None),  # a duration
    ("recent years", "2023-09-19", None, None),
    ("the 21st century", "2023-09-19", None, None),
    ("the next day", "2023-09-19", None, None),  # relative to another date, not to publication
    ("Christmas", "2023-09-19", None, None),
    ("2021-2025", "2023-09-19", None, None),  # a range of years
    # Without a publication date: no year is invented; relative dates have nothing to count from.
    ("19 September", None, "--09-19", "day"),
    ("in March", None, "--03", "month"),
    ("in 2019", None, "2019", "year"),
    ("yesterday", None, None, None),
    ("on Tuesday", None, None, None),
    # A publication date known to the month only.
    ("19 September", "2023-09", "2023-09-19", "day"),
    ("last month", "2023-09", "2023-08", "month"),
    ("yesterday", "2023-09", None, None),
]


@pytest.mark.parametrize(("expression", "published", "value", "precision"), DATES)
def test_date_expression(expression, published, value, precision):
    found = resolve_date(expression, base_of(published))
    if value is None:
        assert found is None
    else:
        assert found is not None and (found.value, found.precision) == (value, precision)


def test_the_table_is_big_enough():
    assert len(DATES) >= 40


@pytest.mark.parametrize(("month", "day", "published", "prefer", "year"), [
    (9, 19, "2023-09-19", "past", 2023),
    (11, 15, "2023-09-19", "past", 2023),  # 57 days ahead: still this year
    (12, 1, "2023-09-19", "past", 2022),  # 73 days ahead: last year
    (3, 1, "2023-09-19", "future", 2024),
    (2, 29, "2023-09-19", "past", 2020),  # a leap day names a leap year
    (9, 19, None, "past", None),
])
def test_infer_year(month, day, published, prefer, year):
    assert infer_year(month, day, base_of(published), prefer) == year


def test_find_dates_gives_spans_of_the_text():
    text = "Moscow, 9 Sep (ZXS) -- On 19 September local time, Wang Yi met Patrushev; since 2019 they met in May."
    mentions = find_dates(text, base_of("2023-09-19"))
    assert [(text[m.start:m.end], m.value.value) for m in mentions] == [
        ("9 Sep", "2023-09-09"), ("19 September", "2023-09-19"), ("2019", "2019"), ("May", "2023-05")]
    assert [m.kind for m in mentions] == ["explicit"] * 4
    # "May" the modal verb and "March" the noun are not months; "Jan" the name is not January.
    assert find_dates("Talks may resume. The march went on. Jan Lipavsky spoke.", base_of("2023-09-19")) == []


# (dateline, place, month, day, year, agency, region/venue)
DATELINES = [
    ("Moscow, 9 Sep (ZXS) --", "Moscow", 9, 9, None, "ZXS", None),  # the seed
    ("BEIJING, Sept. 19 (Xinhua) --", "Beijing", 9, 19, None, "Xinhua", None),
    ("HANOI, Sept 19 (VNA) --", "Hanoi", 9, 19, None, "VNA", None),
    ("MOSCOW, September 19. /TASS/.", "Moscow", 9, 19, None, "TASS", None),
    ("ST. PETERSBURG, June 16 /TASS/ -", "St. Petersburg", 6, 16, None, "TASS", None),
    ("Moscow. Sept 19 (Interfax) -", "Moscow", 9, 19, None, "Interfax", None),
    ("WASHINGTON (AP) —", "Washington", None, None, None, "AP", None),
    ("UNITED NATIONS (AP) —", "United Nations", None, None, None, "AP", None),
    ("PORTLAND, Ore. (AP) —", "Portland", None, None, None, "AP", "Ore."),
    ("DAR ES SALAAM, Tanzania (AP) —", "Dar es Salaam", None, None, None, "AP", "Tanzania"),
    ("PORT-AU-PRINCE, Haiti (AP) —", "Port-au-Prince", None, None, None, "AP", "Haiti"),
    ("LONDON (Reuters) -", "London", None, None, None, "Reuters", None),
    ("WASHINGTON, Jan 5 (Reuters) -", "Washington", 1, 5, None, "Reuters", None),
    ("BRUSSELS/LONDON (Reuters) -", "Brussels", None, None, None, "Reuters", None),
    ("PARIS, Jan 5, 2024 (AFP) -", "Paris", 1, 5, 2024, "AFP", None),
    ("Paris (AFP) –", "Paris", None, None, None, "AFP", None),
    ("N'DJAMENA, Chad (AFP) -", "N'Djamena", None, None, None, "AFP", "Chad"),
    ("Geneva, 3 March 2024 (dpa) -", "Geneva", 3, 3, 2024, "dpa", None),
    ("WASHINGTON, D.C. —", "Washington", None, None, None, None, "D.C."),  # the White House
    ("KYIV, Ukraine —", "Kyiv", None, None, None, None, "Ukraine"),
    ("TOKYO —", "Tokyo", None, None, None, None, None),
    ("The Kremlin, Moscow, September 19, 2023 —", "Moscow", 9, 19, 2023, None, "The Kremlin"),  # the Kremlin
    ("September 19, 2023, The Kremlin, Moscow", "Moscow", 9, 19, 2023, None, "The Kremlin"),  # kremlin.ru header
    ("September 19, 2023 13:05, Novo-Ogaryovo, Moscow Region", "Moscow Region", 9, 19, 2023, None, "Novo-Ogaryovo"),
    ("NEW DELHI, 19 September 2023 —", "New Delhi", 9, 19, 2023, None, None),  # an MFA (MEA) readout
    ("New Delhi, 19 September 2023", "New Delhi", 9, 19, 2023, None, None),
]


@pytest.mark.parametrize(("text", "place", "month", "day", "year", "agency", "beside"), DATELINES)
def test_dateline(text, place, month, day, year, agency, beside):
    dateline = parse_dateline(text)
    assert isinstance(dateline, Dateline)
    assert (dateline.place, dateline.month, dateline.day, dateline.year, dateline.agency) == (
        place, month, day, year, agency)
    assert beside in (dateline.region, dateline.venue)


def test_dateline_tables_are_big_enough():
    assert len(DATELINES) >= 20


@pytest.mark.parametrize("text", ["", "President Biden said", "The talks —"])
def test_not_a_dateline(text):
    assert parse_dateline(text) is None


def test_dateline_round_trip_through_the_reader():
    """What the reader finds, the parser reads, for every dateline of the table the reader accepts."""
    for text, place, *_ in DATELINES:
        found = find_dateline(f"{text} The talks went on.")
        if found is not None:
            assert parse_dateline(found).place == place


# --- places -------------------------------------------------------------------------------------


def test_gazetteer_cities_and_countries():
    gaz = gazetteer()
    moscow = gaz.city("Moscow")
    assert (moscow["place"], moscow["country"], moscow["level"]) == ("Moscow", "RUS", "city")
    assert (moscow["lat"], moscow["lon"]) == (55.75, 37.62)
    assert gaz.city("Sochi")["country"] == "RUS"
    assert gaz.city("Geneva")["country"] == "CHE"
    assert gaz.city("Kiev")["place"] == "Kyiv"  # an alternate name
    assert gaz.city("St. Petersburg")["country"] == "RUS"
    assert gaz.city("Alexandria")["country"] == "EGY"
    assert gaz.city("Alexandria", [{"USA"}])["country"] == "USA"  # a participant's country first
    assert gaz.city("Bali") is None  # an island; only small towns of that name: no guess
    assert gaz.city("Texas") is None  # not a city
    assert gaz.landmark("the White House")["place"] == "Washington"
    russia = gaz.country("RUS")
    assert russia["level"] == "country" and russia["country"] == "RUS"
    assert 41 < russia["lat"] < 82 and 19 < russia["lon"] < 180  # a point inside Russia


def code(coder, text: str, published: str | None = "2023-09-20", **fields) -> dict:
    [record] = coder.code([Document(id="t", text=text, published=published, dateline=find_dateline(text), **fields)])
    assert record["status"] == "coded", record["reason"]
    return record


def events_by_trigger(record: dict) -> dict[str, dict]:
    return {event["evidence"]["trigger"]: event for event in record["events"]}


def test_in_moscow_places_the_event_of_its_sentence(coder):
    record = code(coder, "Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi in Moscow on "
                         "Monday. Lavrov held talks with Indian Foreign Minister Subrahmanyam Jaishankar in Geneva on "
                         "Tuesday.")
    events = events_by_trigger(record)
    assert events["met"]["location"]["place"] == "Moscow"
    assert events["met"]["location"]["country"] == "RUS"
    assert events["met"]["date"] == {"value": "2023-09-18", "precision": "day"}
    assert events["held"]["location"]["place"] == "Geneva"
    assert events["held"]["location"]["country"] == "CHE"
    assert events["held"]["date"] == {"value": "2023-09-19", "precision": "day"}
    assert record["location"]["place"] == "Moscow"  # the lead's
    assert record["event_date"] == {"value": "2023-09-18", "precision": "day"}


def test_a_toponym_only_mentioned_is_no_location(coder):
    record = code(coder, "Russia firmly supports China's legitimate position on Taiwan.")
    assert record["events"] and all(event["location"] is None for event in record["events"])
    assert record["location"] is None
    record = code(coder, "President Biden spoke today with President Xi Jinping of China about the war in Ukraine "
                         "and discussed the situation in Gaza.")
    assert record["events"] and all(event["location"] is None for event in record["events"])


@pytest.mark.parametrize(("sentence", "place", "country"), [
    ("Russian Foreign Minister Sergei Lavrov held talks with Turkish Foreign Minister Mevlut Cavusoglu in Sochi.",
     "Sochi", "RUS"),
    ("Russian President Vladimir Putin met US President Joe Biden in Geneva.", "Geneva", "CHE"),
    ("Chinese President Xi Jinping held talks with French President Emmanuel Macron in Guangzhou.",
     "Guangzhou", "CHN"),
    ("President Biden met with Chancellor Scholz in the Oval Office.", "Washington", "USA"),
])
def test_a_town_that_is_no_capital_is_geocoded(coder, sentence, place, country):
    record = code(coder, sentence)
    location = record["events"][0]["location"]
    assert (location["place"], location["country"], location["level"]) == (place, country, "city")
    assert isinstance(location["lat"], float) and isinstance(location["lon"], float)


def test_a_town_named_with_its_country(coder):
    record = code(coder, "Secretary Blinken met with Foreign Minister Wang Yi on the sidelines of the G20 "
                         "in Bali, Indonesia.")
    location = record["events"][0]["location"]
    assert (location["country"], location["level"]) == ("IDN", "country")  # Bali is no city in GeoNames


def test_a_planned_place_and_date_are_not_the_agreements(coder):
    record = code(coder, "Prime Minister Modi visited Moscow yesterday. The two leaders agreed to meet in New Delhi "
                         "next year.")
    events = events_by_trigger(record)
    assert events["visited"]["location"]["place"] == "Moscow"
    assert events["visited"]["date"] == {"value": "2023-09-19", "precision": "day"}
    agreed = events["meet"]
    assert agreed["modality"] == "future"
    assert agreed["date"] == {"value": "2023-09-19", "precision": "day"}  # when they agreed, not "next year"
    assert agreed["location"]["place"] == "Moscow"  # where they agreed, not New Delhi


# --- document dates -----------------------------------------------------------------------------


def test_publication_date_when_the_text_gives_none(coder):
    record = code(coder, "President Biden spoke with Canadian Prime Minister Justin Trudeau.",
                  published="2021-01-22T22:14:29-05:00")
    assert record["event_date"] == {"value": "2021-01-22", "precision": "day"}
    assert record["events"][0]["date"] == {"value": "2021-01-22", "precision": "day"}
    record = code(coder, "President Biden spoke with Canadian Prime Minister Justin Trudeau.", published="2021-01")
    assert record["event_date"] == {"value": "2021-01", "precision": "month"}


def test_a_planned_date_is_not_the_documents(coder):
    record = code(coder, "On Monday, March 1, President Joe Biden will meet with President Andres Manuel Lopez "
                         "Obrador of Mexico.", published="2021-02-26")
    assert record["event_date"] == {"value": "2021-02-26", "precision": "day"}
    record = code(coder, "The United States and Mexico agreed to hold a High-Level Economic Dialogue in September.",
                  published="2021-06-08")
    assert record["event_date"] == {"value": "2021-06-08", "precision": "day"}


def test_a_date_on_another_noun_is_not_the_events(coder):
    record = code(coder, "Today, National Climate Advisor Gina McCarthy convened the first meeting of the task force "
                         "outlined by President Biden's January 27 executive order.", published="2021-02-11")
    assert record["event_date"] == {"value": "2021-02-11", "precision": "day"}
    for text in ("In this message, in response to the Turkish leader's letter of January 18, the Acting President "
                 "points out that the pact is needed.",
                 "President Biden spoke with Prime Minister Trudeau regarding preparations for the April 22-23 Leaders "
                 "Summit on Climate.",
                 "Vladimir Putin answered questions from the anchor of Vesti v Subbotu (News on Saturday)."):
        assert code(coder, text, published="2021-04-21")["event_date"] == {"value": "2021-04-21", "precision": "day"}


def test_dateline_date_and_relative_days_count_from_it(coder):
    text = "BEIJING, Sept. 19 (Xinhua) -- Chinese Foreign Minister Wang Yi met with Russian Foreign Minister " \
           "Sergei Lavrov yesterday."
    record = code(coder, text, published="2023-09-20T02:00:00+00:00")  # the feed stamps it the next day (UTC)
    assert record["event_date"] == {"value": "2023-09-18", "precision": "day"}
    assert record["location"]["place"] == "Beijing" and record["location"]["level"] == "city"
    assert record["warnings"] == []
    record = code(coder, "BEIJING, Sept. 19 (Xinhua) -- Chinese Foreign Minister Wang Yi met with Russian Foreign "
                         "Minister Sergei Lavrov.", published="2023-09-19")
    assert record["event_date"] == {"value": "2023-09-19", "precision": "day"}


def test_dateline_far_from_publication_is_flagged(coder):
    record = code(coder, "MOSCOW, September 2. /TASS/. Russian Foreign Minister Sergei Lavrov met Chinese Foreign "
                         "Minister Wang Yi.", published="2023-09-19")
    assert record["event_date"] == {"value": "2023-09-02", "precision": "day"}
    assert record["warnings"] == ["dateline day September 2 disagrees with publication date 2023-09-19"]


# --- the seed -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_document() -> Document:
    [document] = read_inputs([str(shared_path("seed", "000_09bf7b89be140580.txt"))])
    assert document.dateline == "Moscow, 9 Sep (ZXS) --"
    return document


def test_seed_with_publication_date(coder, seed_document):
    [record] = coder.code([dataclasses.replace(seed_document, published="2023-09-19")])
    assert record["status"] == "coded"
    assert record["event_date"] == {"value": "2023-09-19", "precision": "day"}
    cochair = next(e for e in record["events"]
                   if e["evidence"]["trigger"] == "co-chaired" and (e["plover"] or {}).get("type") == "CONSULT")
    assert cochair["date"] == {"value": "2023-09-19", "precision": "day"}
    location = cochair["location"]
    assert (location["place"], location["country"], location["level"]) == ("Moscow", "RUS", "city")
    assert (location["lat"], location["lon"]) == (55.75, 37.62)
    assert record["location"] == location
    assert "dateline day 9 Sep disagrees with event date 19 September" in record["warnings"]


def test_seed_without_publication_date(coder, seed_document):
    [record] = coder.code([dataclasses.replace(seed_document, published=None)])
    assert record["status"] == "coded"
    assert record["event_date"] == {"value": "--09-19", "precision": "day"}  # ISO 8601 month-day, no year
    assert "dateline day 9 Sep disagrees with event date 19 September" in record["warnings"]
    assert any(w.startswith("no publication date") for w in record["warnings"])
    assert all(e["date"] == {"value": "--09-19", "precision": "day"} for e in record["events"])
