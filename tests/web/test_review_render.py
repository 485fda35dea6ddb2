"""The review helpers without a server: timeline gaps and shares, the map's projection and markers,
the correction form's fields, and the checks of a correction's changes."""

from __future__ import annotations

import pytest

from communique.errors import CommuniqueError
from communique.store.corrections import apply_changes, check_changes
from communique.store.query import fill_periods, with_shares
from communique.web.pages import form_changes
from communique.web.render import project, timeline_chart, world_map


def _period(period: str, events: int, mean: float | None = 1.0) -> dict:
    return {"period": period, "events": events, "mentions": events, "goldstein_sum": events * (mean or 0),
            "goldstein_mean": mean, "quad1": events, "quad2": 0, "quad3": 0, "quad4": 0}


@pytest.mark.parametrize("unit, periods, expected", [
    ("month", ["2024-11", "2025-02"], ["2024-11", "2024-12", "2025-01", "2025-02"]),
    ("year", ["2021", "2023"], ["2021", "2022", "2023"]),
    ("day", ["2024-02-28", "2024-03-01"], ["2024-02-28", "2024-02-29", "2024-03-01"]),
    ("week", ["2025-03-03", "2025-03-17"], ["2025-03-03", "2025-03-10", "2025-03-17"]),
])
def test_fill_periods_puts_in_the_empty_periods(unit, periods, expected):
    filled = fill_periods([_period(p, 2) for p in periods], unit)
    assert [row["period"] for row in filled] == expected
    assert [row["events"] for row in filled][1:-1] == [0] * (len(expected) - 2)


def test_a_gap_breaks_the_goldstein_line_and_shares_scale_the_bars():
    rows = fill_periods([_period("2025-01", 2), _period("2025-03", 1, -2.0)], "month")
    chart = timeline_chart(rows, width=400, height=200)
    assert len(chart.lines) == 0  # each run has one point: no line bridges February
    rows = with_shares(rows, {"2025-01": 8, "2025-03": 1})
    assert [row["share"] for row in rows] == [0.25, 0.0, 1.0]
    chart = timeline_chart(rows, width=400, height=200, share=True)
    heights = {bar["title"][:7]: bar["h"] for bar in chart.bars}
    assert heights["2025-03"] == pytest.approx(4 * heights["2025-01"], abs=0.2)  # 100% against 25%
    assert chart.gridlines[-1]["label"] == "100%"


def test_the_map_projects_equirectangular_and_links_each_place():
    assert project(0, 0, 1000, 500) == (500.0, 250.0)
    assert project(90, -180, 1000, 500) == (0.0, 0.0)
    assert project(-90, 180, 1000, 500) == (1000.0, 500.0)
    places = [{"place": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62, "events": 9},
              {"place": "Lima", "country": "PER", "lat": -12.04, "lon": -77.03, "events": 1}]
    drawn = world_map(places, link_params={"actor": "RUS", "type": None})
    moscow, lima = drawn.markers
    assert moscow["r"] > lima["r"] and moscow["href"] == "/search?actor=RUS&place=Moscow"
    assert (lima["x"], lima["y"]) == project(-12.04, -77.03, 1000, 500)
    assert any(line["equator"] for line in drawn.graticule)


def test_the_correction_form_fields_become_changes():
    assert form_changes({"plover": "", "actor": "COL NOR", "recipient": "", "note": "x"}) == {"actor": ["COL", "NOR"]}
    assert form_changes({"plover": "none"}) == {"plover": None}
    assert form_changes({"recipient": "-", "cameo": " 046 "}) == {"recipient": [], "cameo": "046"}
    assert form_changes({"actor": "chn+rus,usa;gbr"}) == {"actor": ["chn", "rus", "usa", "gbr"]}


def test_changes_are_checked_and_applied():
    assert check_changes({"actor": ["rus", "chn", "RUS"], "plover": "agree"}) == {"plover": "AGREE",
                                                                                    "actor": ["CHN", "RUS"]}
    for bad, says in [({"plover": "MEET"}, "plover is one of"), ({"cameo": "999"}, "cameo is a CAMEO"),
                      ({"date": "2024-02-30"}, "no date in the calendar"), ({"date": "May"}, "date is a date"),
                      ({"actor": "C H N"}, "not an actor code"),
                      ({"colour": "red"}, "cannot change colour"), ({}, "at least one")]:
        with pytest.raises(CommuniqueError, match=says):
            check_changes(bad)
    row = {"event_id": "e", "plover_type": "CONSULT", "plover_mode": "visit", "cameo_code": "040", "cameo_root": "04",
           "goldstein": 1.0, "quad_class": 1, "actor_codes": "CHN", "recipient_codes": "RUS", "dyad": "CHN-RUS",
           "date": "2024-05-01", "date_precision": "day", "place": "Moscow", "country": "RUS", "lat": 1.0, "lon": 2.0}
    fixed = apply_changes(row, check_changes({"cameo": "173", "recipient": ["USA", "GBR"], "date": "2024-05"}))
    assert fixed["cameo_root"] == "17" and fixed["quad_class"] == 4 and fixed["goldstein"] < 0
    assert fixed["recipient_codes"] == "GBR;USA" and fixed["dyad"] is None  # three codes: no single dyad
    assert fixed["date_precision"] == "month" and fixed["corrected"] == 1
    assert apply_changes(row, {"plover": None}) is None
    assert apply_changes(row, {"plover": "AGREE"})["plover_mode"] is None  # visit is no mode of AGREE
