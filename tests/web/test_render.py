"""What the dashboard draws, computed in communique.web.render and filters: marked segments and the chart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.web.filters import codes, safe_url
from communique.web.render import Span, document_segments, evidence_segments, segments, timeline_chart
from tests.web.conftest import run_cli


@given(text=st.text(max_size=60),
       spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70),
                                st.sampled_from(["trigger", "actor", "sentence", "position"])), max_size=8))
def test_segments_cover_the_text_exactly_once(text, spans):
    pieces = segments(text, [Span(a, b, kind) for a, b, kind in spans])
    assert "".join(piece.text for piece in pieces) == text
    position = 0
    for piece in pieces:
        for a, b, kind in spans:  # a piece is marked with a kind exactly when a span of that kind covers it
            covers = max(0, a) <= position and position + len(piece.text) <= min(len(text), b)
            if covers:
                assert kind in piece.kinds
        position += len(piece.text)


@given(text=st.text(min_size=1, max_size=60),
       spans=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70),
                                st.sampled_from(["trigger", "actor", "sentence", "position", "topic"]),
                                st.sampled_from([None, "/events/a", "/events/b"]),
                                st.sampled_from([None, "one", "two"])), max_size=10))
def test_segments_mark_each_piece_with_exactly_the_spans_over_it(text, spans):
    """The sweep (linear in the spans, for long documents) marks each piece as a scan of every span would."""
    priority = {"trigger": 0, "actor": 1, "topic": 2, "sentence": 3, "position": 4}
    pieces = segments(text, [Span(*span) for span in spans])
    position = 0
    for piece in pieces:
        end = position + len(piece.text)
        over = sorted((span for span in spans if max(0, span[0]) <= position and end <= min(len(text), span[1])
                       and max(0, span[0]) < min(len(text), span[1])),
                      key=lambda span: (priority[span[2]], max(0, span[0])))
        assert piece.kinds == sorted({span[2] for span in over}, key=priority.get)
        assert piece.href == next((span[3] for span in over if span[3]), None)
        assert piece.title == next((span[4] for span in over if span[4]), None)
        position = end


def test_nested_spans_take_the_most_specific_link_and_title():
    text = "Wang Yi co-chaired the talks."
    pieces = segments(text, [Span(0, len(text), "sentence", "/events/a", "event"),
                             Span(8, 18, "trigger", "/events/b", "trigger: CONSULT"),
                             Span(0, 7, "actor", None, "actor: CHN")])
    by_text = {piece.text: piece for piece in pieces}
    assert by_text["co-chaired"].kinds == ["trigger", "sentence"] and by_text["co-chaired"].href == "/events/b"
    assert by_text["Wang Yi"].kinds == ["actor", "sentence"] and by_text["Wang Yi"].title == "actor: CHN"
    assert by_text["Wang Yi"].href == "/events/a"  # the actor span has no link of its own
    assert by_text["Wang Yi"].css == "m-actor m-sentence"


def mention(sentence_start: int = 10) -> dict:
    sentence = "Wang Yi co-chaired the talks with Patrushev."
    return {"plover_type": "CONSULT", "cameo_code": "046", "event_id": "e1", "evidence": {
        "sentence": sentence, "start": sentence_start, "end": sentence_start + len(sentence),
        "trigger": "co-chaired", "trigger_start": sentence_start + 8, "trigger_end": sentence_start + 18},
        "participants": [
            {"role": "actor", "code": "CHN", "sector": "GOV", "name": "Wang Yi", "text": "Wang Yi",
             "start": sentence_start, "end": sentence_start + 7},
            {"role": "recipient", "code": "RUS", "sector": "GOV", "name": "Nikolai Patrushev", "text": "Patrushev",
             "start": sentence_start + 34, "end": sentence_start + 43}]}


def test_evidence_segments_mark_trigger_and_participants_in_the_sentence():
    marked = {piece.text: piece.kinds for piece in evidence_segments(mention()) if piece.kinds}
    assert marked == {"Wang Yi": ["actor"], "co-chaired": ["trigger"], "Patrushev": ["recipient"]}


def test_document_segments_mark_every_coded_span_in_the_text():
    text = "Moscow -- " + mention()["evidence"]["sentence"] + " Russia supports China on Taiwan."
    start, topic = text.index("Russia"), text.index("Taiwan")
    record = {"positions": [{"stance": "support", "topic": "Taiwan", "evidence": {
        "start": start, "end": len(text), "topic_start": topic, "topic_end": topic + len("Taiwan")}}]}
    pieces = document_segments({"text": text, "mentions": [mention()], "record": record})
    assert "".join(p.text for p in pieces) == text
    kinds = {p.text: p.kinds for p in pieces}
    assert kinds["co-chaired"] == ["trigger", "sentence"] and kinds["Moscow -- "] == []
    assert kinds["Taiwan"] == ["topic", "position"]
    assert all(p.href == "/events/e1" for p in pieces if "sentence" in p.kinds)


def test_timeline_chart_stacks_quad_classes_and_scales_goldstein():
    rows = [{"period": "2025-01", "events": 4, "goldstein_mean": 10.0, "quad1": 3, "quad2": 0, "quad3": 1, "quad4": 0},
            {"period": "2025-02", "events": 2, "goldstein_mean": -10.0, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 2}]
    chart = timeline_chart(rows, width=400, height=200)
    plot_top, plot_bottom = 10, 200 - 40
    first = [bar for bar in chart.bars if bar["title"].startswith("2025-01")]
    assert [bar["quad"] for bar in first] == [1, 3]
    assert sum(bar["h"] for bar in first) == pytest.approx(plot_bottom - plot_top, abs=0.2)  # the peak fills the plot
    second = [bar for bar in chart.bars if bar["title"].startswith("2025-02")]
    assert second[0]["h"] == pytest.approx((plot_bottom - plot_top) / 2, abs=0.2)
    assert [dot["y"] for dot in chart.dots] == [plot_top, plot_bottom]  # +10 at the top, -10 at the bottom
    assert [tick["label"] for tick in chart.ticks] == ["2025-01", "2025-02"]
    assert timeline_chart([]) is None


@pytest.mark.parametrize("url, linked", [
    ("https://www.example.org/readout", True), ("http://example.org", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:x", False), ("//evil.example/x", False), ("", False), (None, False),
])
def test_only_http_source_urls_are_links(url, linked):
    assert (safe_url(url) is not None) == linked


def test_codes_join_strings_and_participants():
    assert codes("CHN;RUS") == "CHN+RUS"
    assert codes([{"code": "KAZ"}, {"code": None}, "UZB"]) == "KAZ+?+UZB"
    assert codes("") == "–"


def test_serve_says_what_is_wrong_in_one_line(tmp_path):
    missing = run_cli("serve", "--db", str(tmp_path / "none.db"), timeout=60)
    assert missing.returncode == 1 and "[E002]" in missing.stderr and "Traceback" not in missing.stderr
    (tmp_path / "store.db").write_bytes(b"")
    (tmp_path / "empty-token").write_text("", encoding="utf-8")
    empty = run_cli("serve", "--db", str(tmp_path / "store.db"), "--token-file", str(tmp_path / "empty-token"),
                    timeout=60)
    assert empty.returncode == 1 and "[E030]" in empty.stderr and "Traceback" not in empty.stderr


def test_segments_stay_fast_when_thousands_of_spans_overlap():
    """One long sentence holding 8,960 mentions: every mention's sentence span covers the whole text, so
    each piece lay under thousands of open spans (73 s here); the pieces now keep their kinds, links
    and titles in counts and heaps."""
    import time

    text = "x" * 391_000
    spans = [Span(0, len(text), "sentence", f"/events/{i}", f"event {i}") for i in range(8960)]
    spans += [Span(i * 40, i * 40 + 5, "actor", None, "actor") for i in range(8960)]
    spans += [Span(i * 40 + 10, i * 40 + 15, "trigger", f"/events/t{i}", None) for i in range(8960)]
    started = time.perf_counter()
    pieces = segments(text, spans)
    assert time.perf_counter() - started < 5
    assert len(pieces) == 35_840 and "".join(piece.text for piece in pieces) == text
    assert (pieces[0].kinds, pieces[0].href, pieces[0].title) == (["actor", "sentence"], "/events/0", "actor")
    assert (pieces[2].kinds, pieces[2].href, pieces[2].title) == (["trigger", "sentence"], "/events/t0", "event 0")
