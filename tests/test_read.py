"""The readers: every input document yields exactly one ReadResult, whatever the bytes.

Real files in tmp_path for every format and every bad case, the messy real-world data under
../shared/data/messy, and a property test throwing arbitrary bytes at every extension.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import time
import tracemalloc
import zlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.read import FORMATS, GZIP_RATIO, read_inputs
from communique.read.dateline import find_dateline
from communique.read.document import Document, Unreadable, content_id
from communique.read.published import normalize_published
from communique.read.text import html_to_text

# The shared development data sits beside the repository (COMMUNIQUE_SHARED overrides, as in conftest).
SHARED = Path(os.environ.get("COMMUNIQUE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
MESSY = SHARED / "data" / "messy"


def read(*inputs, stdin=None) -> list:
    return list(read_inputs([str(i) for i in inputs], stdin=stdin))


def one(path) -> Document | Unreadable:
    results = read(path)
    assert len(results) == 1, results
    return results[0]


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def assert_well_formed(result) -> None:
    """The contract every record keeps, whatever went in."""
    if isinstance(result, Document):
        assert result.text.strip(), result
        assert "\r" not in result.text
        assert result.id
        if result.dateline is not None:
            assert result.text.lstrip().startswith(result.dateline)
    else:
        assert isinstance(result, Unreadable), result
        assert result.status in ("skipped", "failed")
        assert result.reason.strip() and "\n" not in result.reason, result
        assert not result.reason.startswith("internal error"), result  # readers handle their own failures
        assert result.id


# --- plain text -------------------------------------------------------------------------------------------


def test_text_file_is_one_document_named_by_its_stem(tmp_path):
    doc = one(
        write(tmp_path / "tass-001.txt", "\n\nMOSCOW, September 19. /TASS/. Russia and China\r\nagreed.\r\n")
    )
    assert isinstance(doc, Document)
    assert doc.id == "tass-001"
    assert doc.text == "MOSCOW, September 19. /TASS/. Russia and China\nagreed."
    assert doc.dateline == "MOSCOW, September 19. /TASS/."
    assert doc.origin == str(tmp_path / "tass-001.txt")
    assert "encoding" not in doc.meta


@pytest.mark.parametrize("suffix", [".text", ".md", ".TXT"])
def test_other_text_extensions(tmp_path, suffix):
    doc = one(write(tmp_path / f"note{suffix}", "# Talks\n\nThe ministers met."))
    assert isinstance(doc, Document) and doc.id == "note"


def test_latin1_text_is_decoded_and_the_encoding_recorded(tmp_path):
    doc = one(
        write(tmp_path / "geneve.txt", "Le ministre a déclaré à Genève: «Ça suffit».", encoding="latin-1")
    )
    assert isinstance(doc, Document)
    assert doc.text == "Le ministre a déclaré à Genève: «Ça suffit»."
    assert doc.meta["encoding"] == "cp1252"


def test_cp1251_russian_text_is_decoded(tmp_path):
    text = "Президент России провёл телефонный разговор с премьер-министром Индии. " * 5
    doc = one(write(tmp_path / "ru.txt", text, encoding="cp1251"))
    assert isinstance(doc, Document)
    assert doc.text == text.strip()
    assert doc.meta["encoding"] != "utf-8"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_bom(tmp_path, encoding):
    content = "WASHINGTON (AP) — Leaders met in Paris.\r\n"
    data = content.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = one(write(tmp_path / "bom.txt", data))
    assert isinstance(doc, Document)
    assert doc.text == "WASHINGTON (AP) — Leaders met in Paris."
    assert doc.dateline == "WASHINGTON (AP) —"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_text_file_is_skipped(tmp_path, content):
    result = one(write(tmp_path / "empty.txt", content))
    assert isinstance(result, Unreadable)
    assert (result.id, result.status, result.reason) == ("empty", "skipped", "empty document")


def test_binary_file_is_skipped(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    result = one(write(tmp_path / "photo.txt", png))
    assert isinstance(result, Unreadable)
    assert (result.status, result.reason) == ("skipped", "binary file")


def test_huge_text_document_is_still_read(tmp_path):
    text = "BEIJING, Sept. 19 (Xinhua) -- " + "Diplomats met again. " * 550_000  # ~11.5 MB
    doc = one(write(tmp_path / "huge.txt", text))
    assert isinstance(doc, Document)
    assert len(doc.text) > 10_000_000
    assert doc.dateline == "BEIJING, Sept. 19 (Xinhua) --"


# --- JSON Lines -------------------------------------------------------------------------------------------


def test_jsonl_documents_and_every_kind_of_bad_line(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "wh-1",
                "text": "WASHINGTON (AP) — The President spoke.",
                "title": "Call",
                "url": "https://x.test/1",
                "source": "whitehouse.gov",
                "published": "2021-01-21T17:12:47-05:00",
                "place": "Washington",
            }
        ),
        '{"id": "wh-2", "text": "broken" "title": 1}',
        "",
        json.dumps({"text": "No id here, so the content id is used."}),
        json.dumps({"id": 42, "text": "Numeric ids become strings.", "published": "2020-09"}),
        json.dumps({"id": "wh-5", "title": "no text field"}),
        json.dumps({"id": "wh-6", "text": 17}),
        json.dumps({"id": "wh-7", "text": "   "}),
        json.dumps(["an", "array"]),
        json.dumps({"id": "wh-9", "text": "Bad date.", "published": "the day after"}),
        json.dumps({"id": "wh-10", "text": "Line\u2028separator and\r\nCRLF inside."}),
        "   ",
    ]
    path = write(tmp_path / "batch.jsonl", "\r\n".join(lines) + "\r\n")
    results = read(path)
    by_id = {r.id: r for r in results}
    assert [r.id for r in results] == [
        "wh-1",
        "batch:2",
        content_id("No id here, so the content id is used."),
        "42",
        "wh-5",
        "wh-6",
        "wh-7",
        "batch:9",
        "wh-9",
        "wh-10",
    ]
    first = by_id["wh-1"]
    assert isinstance(first, Document)
    assert (first.title, first.url, first.source) == ("Call", "https://x.test/1", "whitehouse.gov")
    assert first.published == "2021-01-21T17:12:47-05:00"
    assert first.dateline == "WASHINGTON (AP) —"
    assert first.meta["place"] == "Washington"
    assert first.origin == f"{path}:line 1"

    broken = by_id["batch:2"]
    assert (broken.status, broken.reason) == ("failed", "line 2: invalid JSON (Expecting ',' delimiter)")
    assert broken.origin == f"{path}:line 2"
    assert by_id["42"].published == "2020-09"
    assert (by_id["wh-5"].status, by_id["wh-5"].reason) == ("skipped", "line 6: no 'text' field")
    assert by_id["wh-5"].title == "no text field"
    assert (by_id["wh-6"].status, by_id["wh-6"].reason) == (
        "skipped",
        "line 7: 'text' is number, not a string",
    )
    assert (by_id["wh-7"].status, by_id["wh-7"].reason) == ("skipped", "line 8: empty text")
    assert (by_id["batch:9"].status, by_id["batch:9"].reason) == (
        "failed",
        "line 9: JSON array, not an object",
    )
    assert by_id["wh-9"].published is None
    assert any("unparseable published date" in w for w in by_id["wh-9"].meta["warnings"])
    # A U+2028 inside a JSON string is not a line break; CRLF inside the text becomes LF.
    assert by_id["wh-10"].text == "Line\u2028separator and\nCRLF inside."


def test_ndjson_with_bom_and_utf16_jsonl(tmp_path):
    record = json.dumps({"id": "a", "text": "Ελλάδα και Κύπρος."}, ensure_ascii=False)
    doc = one(write(tmp_path / "x.ndjson", b"\xef\xbb\xbf" + record.encode()))
    assert isinstance(doc, Document) and doc.text == "Ελλάδα και Κύπρος."
    results = read(
        write(tmp_path / "y.jsonl", (record + "\n" + record.replace('"a"', '"b"')).encode("utf-16"))
    )
    assert [(r.id, r.text) for r in results] == [("a", "Ελλάδα και Κύπρος."), ("b", "Ελλάδα και Κύπρος.")]


def test_jsonl_with_a_latin1_line(tmp_path):
    good = json.dumps({"id": "1", "text": "fine"}).encode()
    bad = '{"id": "2", "text": "Genève"}'.encode("latin-1")
    results = read(write(tmp_path / "mixed.jsonl", good + b"\n" + bad + b"\n"))
    assert [r.text for r in results] == ["fine", "Genève"]
    assert results[1].meta["encoding"] == "cp1252"


def test_empty_jsonl_file_still_yields_a_record(tmp_path):
    result = one(write(tmp_path / "none.jsonl", "\n\n  \n"))
    assert (result.id, result.status, result.reason) == ("none", "skipped", "empty document")


def test_jsonl_of_100k_lines(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as f:
        for i in range(100_000):
            f.write(
                json.dumps({"id": f"d{i}", "text": f"Minister {i} met his counterpart in Geneva."}) + "\n"
            )
    ids = [r.id for r in read_inputs([str(path)])]
    assert len(ids) == 100_000 and ids[-1] == "d99999"


def test_jsonl_streams_line_by_line(tmp_path):
    # 10 MB of JSONL must go through in far less memory than its size. (tracemalloc is slow, so the
    # file has fewer, longer lines than the 100k-line one above.)
    path = tmp_path / "wide.jsonl"
    with path.open("w") as f:
        for i in range(10_000):
            f.write(
                json.dumps({"id": f"w{i}", "text": f"Statement {i}. " + "The talks continued. " * 50}) + "\n"
            )
    assert path.stat().st_size > 10_000_000
    results = read_inputs([str(path)])
    assert next(results).id == "w0"
    tracemalloc.start()
    try:
        count = 1 + sum(1 for _ in results)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < 1_000_000, f"reading held {peak} bytes: not streaming"


# --- JSON -------------------------------------------------------------------------------------------------


def test_json_feed(tmp_path):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Ministry News",
        "items": [
            {
                "id": "1",
                "url": "https://m.test/1",
                "title": "Talks",
                "content_text": "PARIS (AFP) - Talks began.",
                "date_published": "2024-03-03T10:00:00+01:00",
            },
            {
                "id": "2",
                "content_html": "<p>First para.</p><p>Second <b>para</b>.</p>",
                "date_modified": "2024",
            },
            {"id": "3", "title": "Headline only"},
            {"id": "4"},
            "not an item",
        ],
    }
    results = read(write(tmp_path / "feed.json", json.dumps(feed)))
    assert [r.id for r in results] == ["1", "2", "3", "4", "feed#item5"]
    talks, html_item, headline, empty, junk = results
    assert (talks.source, talks.url, talks.published) == (
        "Ministry News",
        "https://m.test/1",
        "2024-03-03T10:00:00+01:00",
    )
    assert talks.dateline == "PARIS (AFP) -"
    assert talks.origin.endswith("feed.json#item 1")
    assert html_item.text == "First para.\n\nSecond para."
    assert html_item.published == "2024"
    assert (headline.text, headline.meta["text_from"]) == ("Headline only", "title")
    assert (empty.status, empty.reason) == ("skipped", "feed item has no text")
    assert (junk.status, junk.reason) == ("failed", "item 5: JSON string, not an object")


def test_json_array_single_object_and_unsupported(tmp_path):
    array = [{"id": "a", "text": "One."}, {"text": "Two."}, {"id": "a", "text": "Three."}, 5]
    results = read(write(tmp_path / "arr.json", json.dumps(array)))
    assert [r.id for r in results] == ["a", content_id("Two."), "a#2", "arr#item4"]
    assert results[2].meta["warnings"] == ["duplicate id in this file, renamed to 'a#2'"]
    assert results[3].reason == "item 4: JSON number, not an object"

    single = one(write(tmp_path / "single.json", json.dumps({"text": "Alone.", "publish_date": "x"})))
    assert (single.id, single.text, single.meta["publish_date"]) == ("single", "Alone.", "x")

    for name, value, reason in [
        ("num.json", 3, "unsupported JSON structure (a JSON number)"),
        ("obj.json", {"url": "u"}, "unsupported JSON structure (an object with no 'text' field)"),
        (
            "objs.json",
            [{"file": "f"}],
            "unsupported JSON structure (an array of objects with no 'text' field)",
        ),
        ("nil.json", [], "unsupported JSON structure (an empty array)"),
    ]:
        result = one(write(tmp_path / name, json.dumps(value)))
        assert (result.status, result.reason) == ("skipped", reason)


def test_invalid_json_and_jsonl_named_json(tmp_path):
    bad = one(write(tmp_path / "bad.json", '{"text": "oops",}'))
    assert (bad.id, bad.status) == ("bad", "failed")
    assert bad.reason.startswith("invalid JSON (")
    lines = one_per_line = read(
        write(tmp_path / "lines.json", '{"id": "x", "text": "A."}\n{"id": "y", "text": "B."}\n')
    )
    assert [r.id for r in one_per_line] == ["x", "y"] and lines[1].origin.endswith("lines.json:line 2")


# --- HTML -------------------------------------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><title>Ministers meet in Geneva | World News</title>
<meta property="og:title" content="Ministers meet in Geneva">
<meta property="og:site_name" content="World News">
<meta property="og:url" content="https://news.test/geneva">
<meta property="article:published_time" content="2023-09-19T08:00:00+02:00">
</head><body><nav><a href="/">Home</a></nav>
<article><h1>Ministers meet in Geneva</h1>
<p>GENEVA, Sept. 19 (Reuters) - Foreign ministers from both countries met in Geneva on Tuesday to
discuss a ceasefire, officials said, in the first such meeting in more than two years.</p>
<p>The talks lasted four hours. Both sides described them as constructive and agreed to meet again
next month, according to a joint statement released after the meeting ended.</p>
<p>Observers said the meeting signalled a thaw in relations that had been frozen since the border
clashes, although substantial disagreements remain on the question of prisoner exchanges.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_article(tmp_path):
    doc = one(write(tmp_path / "geneva-talks.html", ARTICLE_HTML))
    assert isinstance(doc, Document)
    assert doc.id == "geneva-talks"
    assert doc.text.startswith("GENEVA, Sept. 19 (Reuters) - Foreign ministers")
    assert "Copyright" not in doc.text
    assert doc.title == "Ministers meet in Geneva"
    assert doc.source == "World News"
    assert doc.url == "https://news.test/geneva"
    assert doc.published == "2023-09-19"
    assert doc.dateline == "GENEVA, Sept. 19 (Reuters) -"


def test_html_without_article_and_empty_html(tmp_path):
    page = (
        "<html><head><title>x</title><script>var a = 1;</script></head><body><img src='a.png'></body></html>"
    )
    result = one(write(tmp_path / "nav.htm", page))
    assert (result.id, result.status, result.reason) == ("nav", "skipped", "no article text found in HTML")
    empty = one(write(tmp_path / "blank.xhtml", "  \n"))
    assert (empty.status, empty.reason) == ("skipped", "empty document")


# --- RSS / Atom -------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Foreign Ministry</title><link>https://mfa.test/</link>
<item><title>Talks with Brazil</title><link>https://mfa.test/1</link><guid>mfa-1</guid>
<pubDate>Fri, 21 Aug 2026 16:00:54 -0400</pubDate>
<content:encoded><![CDATA[<p>BRASILIA, Aug 21 (Reuters) - The ministers met.</p>
<p>They agreed<br>to talk again.</p>]]></content:encoded>
</item>
<item><title>Summary only</title><description>&lt;b&gt;Short&lt;/b&gt; summary.</description>
<pubDate>Thu, 20 Aug 2026 10:00:00 GMT</pubDate></item>
<item><title>Headline only</title><guid>mfa-3</guid></item>
<item><guid>mfa-4</guid><link>https://mfa.test/4</link></item>
<item><description></description></item>
<item><title>Repeat</title><guid>mfa-1</guid><description>Same guid again.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Embassy Blog</title>
<entry><id>urn:uuid:1</id><title>Visit</title><link href="https://e.test/visit"/>
<updated>2003-12-13T18:30:02Z</updated>
<content type="html">&lt;p&gt;The ambassador visited.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_feed(tmp_path):
    path = write(tmp_path / "mfa.rss", RSS)
    results = read(path)
    assert [r.id for r in results] == [
        "mfa-1",
        content_id("Short summary."),
        "mfa-3",
        "mfa-4",
        "mfa#item5",
        "mfa-1#2",
    ]
    first = results[0]
    assert first.text == "BRASILIA, Aug 21 (Reuters) - The ministers met.\n\nThey agreed\nto talk again."
    assert (first.title, first.url, first.source) == (
        "Talks with Brazil",
        "https://mfa.test/1",
        "Foreign Ministry",
    )
    assert first.published == "2026-08-21T16:00:54-04:00"
    assert first.dateline == "BRASILIA, Aug 21 (Reuters) -"
    assert first.origin == f"{path}#item 1"
    assert results[1].published == "2026-08-20T10:00:00+00:00"
    assert results[2].meta["text_from"] == "title"
    for skipped in results[3:5]:
        assert (skipped.status, skipped.reason) == ("skipped", "feed item has no text")
    assert results[3].url == "https://mfa.test/4"
    assert "duplicate id" in results[5].meta["warnings"][0]


def test_atom_feed(tmp_path):
    doc = one(write(tmp_path / "blog.atom", ATOM))
    assert (doc.id, doc.text, doc.source, doc.url) == (
        "urn:uuid:1",
        "The ambassador visited.",
        "Embassy Blog",
        "https://e.test/visit",
    )
    assert doc.published == "2003-12-13T18:30:02+00:00"


def test_feed_that_is_not_xml_and_feed_without_items(tmp_path):
    bad = one(write(tmp_path / "news.xml", "this is { not xml at all"))
    assert (bad.id, bad.status) == ("news", "failed")
    assert bad.reason.startswith("not a valid RSS/Atom feed: ")
    empty = one(
        write(
            tmp_path / "quiet.rss",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title></channel></rss>',
        )
    )
    assert (empty.status, empty.reason, empty.source) == ("skipped", "feed has no items", "Q")


def test_xml_file_that_is_html_is_read_as_html(tmp_path):
    doc = one(write(tmp_path / "page.xml", ARTICLE_HTML))
    assert isinstance(doc, Document) and doc.meta["format"] == "html" and doc.id == "page"


def test_gzip_feed_by_magic_and_by_suffix(tmp_path):
    for name in ("packed.xml", "packed2.rss.gz"):
        results = read(write(tmp_path / name, gzip.compress(RSS.encode())))
        assert len(results) == 6 and results[0].id == "mfa-1", name
        assert results[0].origin == str(tmp_path / name) + "#item 1"
    doc = one(write(tmp_path / "notes.txt.gz", gzip.compress(b"TOKYO - Talks.")))
    assert (doc.id, doc.text) == ("notes", "TOKYO - Talks.")
    lines = read(
        write(tmp_path / "rows.jsonl.gz", gzip.compress(b'{"id": "r1", "text": "x"}\n{"id": "r2"}\n'))
    )
    assert [(r.id, getattr(r, "status", "ok")) for r in lines] == [("r1", "ok"), ("r2", "skipped")]


def test_bad_and_oversized_gzip(tmp_path):
    corrupt = one(write(tmp_path / "broken.xml", gzip.compress(RSS.encode())[:60]))
    assert (corrupt.id, corrupt.status) == ("broken", "failed")
    assert corrupt.reason.startswith("corrupt gzip data: ")
    packed = gzip.compress(b'{"id": "a", "text": "x"}\n' * 5000)
    truncated = read(write(tmp_path / "cut.jsonl.gz", packed[: len(packed) // 2]))
    assert all(isinstance(r, Document) for r in truncated[:-1])
    last = truncated[-1]
    assert last.status == "failed" and last.reason.startswith(
        f"line {len(truncated)} onward: could not read ("
    )
    bomb = one(write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * (51 * 1024 * 1024))))
    assert bomb.status == "failed" and bomb.reason.startswith("too large (decompressed size over ")


# --- folders, missing paths, stdin ------------------------------------------------------------------------


def test_folder_walk_is_recursive_sorted_and_leaves_nothing_out(tmp_path):
    root = tmp_path / "in"
    write(root / "b.txt", "Second.")
    write(root / "a.txt", "First.")
    write(root / "report.pdf", b"%PDF-1.4 ...")
    write(root / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(root / "README", "no extension")
    write(root / "sub" / "c.jsonl", '{"id": "c1", "text": "Third."}\n{"id": "c2", "text": "Fourth."}\n')
    write(root / ".git" / "config", "[core]")
    results = read(root)
    summary = [(r.id, r.status if isinstance(r, Unreadable) else "doc") for r in results]
    assert summary == [
        (".DS_Store", "skipped"),
        (".git", "skipped"),
        ("README", "skipped"),
        ("a", "doc"),
        ("b", "doc"),
        ("report", "skipped"),
        ("c1", "doc"),
        ("c2", "doc"),
    ]
    reasons = {r.id: r.reason for r in results if isinstance(r, Unreadable)}
    assert reasons == {
        ".DS_Store": "hidden file, not read",
        ".git": "hidden directory, not read",
        "README": "unsupported file type: (no extension)",
        "report": "unsupported file type: .pdf",
    }


def test_missing_path_and_input_order(tmp_path):
    a = write(tmp_path / "a.txt", "A.")
    results = read(tmp_path / "nope.txt", a, tmp_path / "nodir")
    assert [(r.id, getattr(r, "reason", None)) for r in results] == [
        ("nope", "no such file or directory"),
        ("a", None),
        ("nodir", "no such file or directory"),
    ]
    assert results[0].status == "failed"


def test_stdin_text_jsonl_and_empty():
    doc = one_stdin(io.StringIO("  UNITED NATIONS, Jan 5 (Reuters) - The council met.\n"))
    assert doc.id == content_id("UNITED NATIONS, Jan 5 (Reuters) - The council met.")
    assert doc.dateline == "UNITED NATIONS, Jan 5 (Reuters) -"
    assert doc.origin == "<stdin>"
    results = read("-", stdin=io.BytesIO(b'\n {"id": "s1", "text": "One."}\n{"id": \n'))
    assert [(r.id, r.origin) for r in results] == [("s1", "<stdin>:line 2"), ("stdin:3", "<stdin>:line 3")]
    assert results[1].status == "failed"
    empty = one_stdin(io.BytesIO(b""))
    assert (empty.status, empty.reason) == ("skipped", "empty document")
    binary = one_stdin(io.BytesIO(b"\x00\x01\x02binary"))
    assert (binary.id, binary.reason) == ("stdin", "binary file")
    packed = one_stdin(io.BytesIO(gzip.compress(b"Gzipped stdin.")))
    assert packed.text == "Gzipped stdin."


def one_stdin(stream):
    results = read("-", stdin=stream)
    assert len(results) == 1, results
    return results[0]


def test_read_inputs_is_lazy(tmp_path):
    write(tmp_path / "a.txt", "A.")
    results = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")])
    assert iter(results) is results  # a generator, nothing read yet
    assert next(results).id == "a"


# --- dates ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-19", "2023-09-19"),
        ("2020-09", "2020-09"),
        ("2023", "2023"),
        (2023, "2023"),
        ("2021-01-21T17:12:47-05:00", "2021-01-21T17:12:47-05:00"),
        ("2003-12-13T18:30:02Z", "2003-12-13T18:30:02+00:00"),
        ("2021-01-21 17:12:47", "2021-01-21T17:12:47"),
        ("Fri, 21 Aug 2026 16:00:54 -0400", "2026-08-21T16:00:54-04:00"),
        ("Tue, 21 Aug 2012 10:33:00 EST", "2012-08-21T10:33:00-05:00"),
        ("Sun, 05 May 2013 17:15:11 GMT", "2013-05-05T17:15:11+00:00"),
        ("September 19, 2023", "2023-09-19"),
        ("19 Sep 2023", "2023-09-19"),
        ("March 2024", "2024-03"),
        (time.struct_time((2026, 8, 21, 20, 0, 54, 4, 233, 0)), "2026-08-21T20:00:54+00:00"),
        (None, None),
        ("  ", None),
    ],
)
def test_normalize_published(value, expected):
    assert normalize_published(value) == expected


@pytest.mark.parametrize(
    "value", ["garbage", "2023-13", "2023-02-30", "5", "next Tuesday", 12, True, 3.5, ["2023"]]
)
def test_normalize_published_rejects_garbage(value):
    with pytest.raises(ValueError):
        normalize_published(value)


# --- datelines --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("Moscow, 9 Sep (ZXS) -- Russia said", "Moscow, 9 Sep (ZXS) --"),
        ("BEIJING, Sept. 19 (Xinhua) -- China and", "BEIJING, Sept. 19 (Xinhua) --"),
        ("WASHINGTON (AP) — The president", "WASHINGTON (AP) —"),
        ("MOSCOW, September 19. /TASS/. Russian", "MOSCOW, September 19. /TASS/."),
        ("UNITED NATIONS, Jan 5 (Reuters) - The council", "UNITED NATIONS, Jan 5 (Reuters) -"),
        ("Paris, 3 March 2024 (AFP) - France", "Paris, 3 March 2024 (AFP) -"),
        ("LOS ANGELES (Reuters) - South Korean", "LOS ANGELES (Reuters) -"),
        ("KYIV, Ukraine (AP) — Ukrainian", "KYIV, Ukraine (AP) —"),
        ("TOKYO — Japan's prime minister", "TOKYO —"),
        ("SEOUL, Aug. 20 (Yonhap) -- North Korea", "SEOUL, Aug. 20 (Yonhap) --"),
        ("NEW YORK, Jan. 5, 2024 /PRNewswire/ -- Acme", "NEW YORK, Jan. 5, 2024 /PRNewswire/ --"),
        ("WASHINGTON, D.C. — The", "WASHINGTON, D.C. —"),
        ("BRUSSELS/LONDON (Reuters) - EU", "BRUSSELS/LONDON (Reuters) -"),
        ("Rio de Janeiro, 12 May (EFE) - Brazil", "Rio de Janeiro, 12 May (EFE) -"),
        ("ST. PETERSBURG, Russia, June 2 (Reuters) - Putin", "ST. PETERSBURG, Russia, June 2 (Reuters) -"),
        ("GENEVA, 12 May 2023 (IPS) – The", "GENEVA, 12 May 2023 (IPS) –"),
        ("MOSCOW. Sept 19 (Interfax) - Lavrov", "MOSCOW. Sept 19 (Interfax) -"),
        ("WASHINGTON—The Senate", "WASHINGTON—"),
        ("SÃO PAULO (Reuters) - Brazil", "SÃO PAULO (Reuters) -"),
        ("MOSCOW, December 5 (RIA Novosti) - Russia", "MOSCOW, December 5 (RIA Novosti) -"),
        ("\n\n  LONDON (Reuters) - Britain", "LONDON (Reuters) -"),
        ("Port-au-Prince, Haiti (AP) — Gangs", "Port-au-Prince, Haiti (AP) —"),
    ],
)
def test_find_dateline(text, dateline):
    assert find_dateline(text) == dateline
    assert dateline in text


@pytest.mark.parametrize(
    "text",
    [
        "The President said on Monday that talks would resume.",
        "In Washington, officials met their counterparts.",
        "President Biden - who spoke first - said",
        "Moscow said on Tuesday - the ministry",
        "Washington - Officials said",
        "UPDATE 1-Russia says talks stalled",
        "BREAKING — Ceasefire announced",
        "Sen. Ted Cruz (R-Texas) — said",
        "Mr. Putin (center) — met",
        "London (CNN)It was the interview",
        "U.S.-China talks resumed",
        "2023-09-19 - Talks",
        "",
        "A" * 150 + " (AP) — late",
    ],
)
def test_find_dateline_negatives(text):
    assert find_dateline(text) is None


def test_html_to_text_keeps_paragraphs():
    html = (
        "<div><h2>Title</h2><p>One  two\nthree.</p><ul><li>a</li><li>b</li></ul>"
        "tail<br/>line<script>x()</script></div>"
    )
    assert html_to_text(html) == "Title\n\nOne two three.\n\na\n\nb\n\ntail\nline"
    assert html_to_text("plain &amp; simple") == "plain & simple"
    assert html_to_text("<p>unclosed <b>bold") == "unclosed bold"


# --- the messy real-world data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def messy_results():
    if not MESSY.is_dir():
        pytest.skip(f"messy data not found at {MESSY} (it lives in ../shared beside the repo)")
    by_file: dict[str, list] = {}
    for result in read_inputs([str(MESSY)]):
        by_file.setdefault(_file_of(result.origin), []).append(result)
    return by_file


def _file_of(origin: str) -> str:
    for marker in ("#item ", ":line "):
        if marker in origin:
            return origin.rsplit(marker, 1)[0]
    return origin


def test_messy_every_file_yields_a_well_formed_record(messy_results):
    files = sorted(str(p) for p in MESSY.rglob("*") if p.is_file())
    assert sorted(messy_results) == files
    for path, results in messy_results.items():
        assert results, path
        for result in results:
            assert_well_formed(result)
        given = [r.id for r in results if isinstance(r, Document)]
        assert len(given) == len(set(given)), f"duplicate ids in {path}"


def test_messy_summary_counts(messy_results):
    everything = [r for results in messy_results.values() for r in results]
    statuses = Counter(r.status if isinstance(r, Unreadable) else "document" for r in everything)
    assert statuses["failed"] == 0
    assert statuses["document"] >= 300
    assert statuses["skipped"] <= 20

    white_house = messy_results[str(MESSY / "feeds" / "whitehouse_briefing_room_rss.xml")]
    assert len(white_house) == 30
    assert all(
        isinstance(d, Document) and d.url.startswith("https://www.whitehouse.gov/") for d in white_house
    )
    assert all(d.published and d.published.endswith("-04:00") for d in white_house)
    assert all(d.source == "The White House Briefing Room" for d in white_house)

    # Gzipped feeds with an .xml name are found by their magic bytes; this one is in windows-1251.
    compressed = messy_results[str(MESSY / "feeds" / "node-feedparser" / "compressed.xml")]
    assert len(compressed) == 10
    assert all(
        d.meta["encoding"] == "windows-1251" and d.text[0] in "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"
        for d in compressed
    )
    # A malformed feed keeps the items feedparser recovered, with a warning.
    sax = messy_results[str(MESSY / "feeds" / "node-feedparser" / "saxerror.xml")]
    assert len(sax) == 3 and all("warnings" in d.meta for d in sax)
    # Wire-style stories get their datelines.
    reuters = messy_results[str(MESSY / "html" / "trafilatura" / "reuters.com.parasite.html")]
    assert reuters[0].dateline == "LOS ANGELES (Reuters) -"
    fmprc = [r for path, rs in messy_results.items() if "fmprc_en" in path for r in rs]
    assert len(fmprc) == 6 and all(isinstance(d, Document) and d.published for d in fmprc)


# --- arbitrary bytes never break the rule -----------------------------------------------------------------

_PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"{",
    b"[",
    b"<?xml version='1.0'?><rss><channel><item>",
    b"<html><body><p>",
    b'{"version": "https://jsonfeed.org/version/1", "items": [',
    b'{"text": ',
]
_EXTENSIONS = [*sorted(FORMATS), ".gz", ".pdf", ""]


@pytest.mark.parametrize("suffix", _EXTENSIONS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=600), compress=st.booleans())
def test_arbitrary_bytes_never_raise(tmp_path, suffix, prefix, body, compress):
    data = prefix + body
    if compress:
        data = gzip.compress(data)
    path = write(tmp_path / f"fuzz{suffix}", data)
    results = read(path)
    assert results
    for result in results:
        assert_well_formed(result)


def test_lone_surrogate_escape_becomes_a_replacement_character(tmp_path):
    """A JSON "\\ud83d" without its pair is no character: it is read as U+FFFD, the rest of the file is
    read on, and the document is coded and stored like any other (it used to crash the run)."""
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "a", "text": "Broken \\ud83d emoji, but Japan met Korea."}\n'
                    '{"text": "No id \\udc00 either; Chile met Peru."}\n'
                    '{"id": "c", "text": "A fine line: Ghana met Togo."}\n', encoding="utf-8")
    docs = read(path)
    assert [type(d) for d in docs] == [Document] * 3
    assert "\ufffd" in docs[0].text and "\ud83d" not in docs[0].text
    from communique.ingest import ingest_paths

    report = ingest_paths([str(path)], tmp_path / "s.db")
    assert report.stored == 3 and report.stats.summary().startswith("3 documents (3 coded")


def test_many_repeated_ids_each_get_their_own(tmp_path):
    """20,000 items of a JSON array with one id (renaming used to rescan every earlier suffix: minutes
    at this size)."""
    path = tmp_path / "same.json"
    path.write_text(json.dumps([{"id": "same", "text": f"Text {n}."} for n in range(20_000)]), encoding="utf-8")
    ids = [d.id for d in read(path)]
    assert len(set(ids)) == 20_000 and ids[-1] == "same#20000"


def test_count_inputs_counts_what_is_cheap_to_count(tmp_path):
    from communique.read import count_inputs

    (tmp_path / "a.txt").write_text("Norway and Sweden held talks.")
    (tmp_path / "b.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2, "text": "y"}\n')
    (tmp_path / ".hidden").write_text("skipped, with a record")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text("<p>Talks.</p>")
    documents, size = count_inputs([str(tmp_path)])
    assert documents == 5  # a.txt, two lines of b.jsonl, .hidden, sub/c.html
    assert documents == len(list(read_inputs([str(tmp_path)])))
    assert size == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and p.name != ".hidden")
    (tmp_path / "d.json").write_text("[]")
    assert count_inputs([str(tmp_path)])[0] is None  # a JSON file may hold any number: parsed to tell
    assert count_inputs(["-"])[0] is None
    assert count_inputs([str(tmp_path / "missing.txt")]) == (1, 0)  # it still gets its (failed) record


def test_a_nul_byte_in_one_jsonl_line_does_not_make_the_file_binary(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Japan and India held talks."}\n{"id": "b", "text": "x\x00y"}\n'
                     b'{"id": "c", "text": "Chile and Egypt held talks."}\n')
    results = list(read_inputs([str(path)]))
    assert [r.id for r in results] == ["a", "b", "c"]
    assert isinstance(results[0], Document) and isinstance(results[2], Document)
    (tmp_path / "blob.jsonl").write_bytes(b"\x00\x01\x02 not json at all\n")
    [blob] = read_inputs([str(tmp_path / "blob.jsonl")])
    assert isinstance(blob, Unreadable) and blob.reason == "binary file"


def test_files_of_one_name_in_different_folders_keep_their_own_ids(tmp_path):
    """2023/readout.txt, 2024/readout.txt and 2024/readout.html are three documents, never one."""
    page = "<html><body><p>Kenya and Norway held talks in Oslo on Monday. They agreed to meet again.</p></body></html>"
    for folder, name, text in (("2023", "readout.txt", "Japan and India held talks in Tokyo on Monday."),
                               ("2024", "readout.txt", "Chile and Egypt held talks in Cairo on Monday."),
                               ("2024", "readout.html", page)):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(text)
    results = list(read_inputs([str(tmp_path)]))
    assert [r.id for r in results] == ["readout", "readout#2", "readout#3"]
    assert "taken by" in results[1].meta["warnings"][0] and "2023" in results[1].meta["warnings"][0]
    assert [r.id for r in read_inputs([str(tmp_path)])] == ["readout", "readout#2", "readout#3"]  # reruns agree


def test_jsonl_on_stdin_streams_line_by_line(tmp_path):
    """Stdin is not read whole: 10 MB of JSON Lines go through in far less memory (plain or gzipped)."""
    lines = b"".join(json.dumps({"id": f"w{i}", "text": f"Statement {i}. " + "The talks continued. " * 50})
                     .encode() + b"\n" for i in range(10_000))
    assert len(lines) > 10_000_000
    for data in (lines, gzip.compress(lines)):
        stdin = io.BufferedReader(io.BytesIO(data))
        tracemalloc.start()
        try:
            count = sum(1 for _ in read_inputs(["-"], stdin=stdin))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert count == 10_000
        # the input is 10 MB; what is held is the run's id registry (an 8-byte digest a document)
        assert peak < 2_000_000, f"reading stdin held {peak} bytes: not streaming"


def test_documents_of_one_id_in_a_run_keep_their_own_ids(tmp_path):
    """Two JSON Lines records with one id, in one file or in two, are two documents: the later one is
    renamed with a warning, never merged into the first (the store held one, with no text)."""
    write(tmp_path / "a.jsonl", '{"id": "x", "text": "Ghana met Togo in Accra."}\n'
                                '{"id": "x", "text": "Kenya met Uganda in Nairobi."}\n')
    write(tmp_path / "b.jsonl", '{"id": "x", "text": "Chile met Peru in Lima."}\n')
    results = read(tmp_path)
    assert [r.id for r in results] == ["x", "x#2", "x#3"]
    assert [r.text.split()[0] for r in results] == ["Ghana", "Kenya", "Chile"]
    assert "renamed to 'x#2'" in results[1].meta["warnings"][-1]
    assert [r.id for r in read(tmp_path)] == ["x", "x#2", "x#3"]  # reruns agree


def test_one_id_in_jsonl_is_stored_as_two_documents_with_their_texts(tmp_path):
    from communique.ingest import ingest_paths
    from communique.store.db import Store

    path = write(tmp_path / "dup.jsonl", '{"id": "x", "text": "Ghana and Togo held talks in Accra."}\n'
                                         '{"id": "x", "text": "Kenya and Uganda held talks in Nairobi."}\n')
    report = ingest_paths([str(path)], tmp_path / "s.db")
    assert report.stored == 2
    with Store(tmp_path / "s.db", create=False) as store:
        rows = store.connection.execute("SELECT doc_id, text FROM documents ORDER BY doc_id").fetchall()
    assert [(r["doc_id"], r["text"].split()[0]) for r in rows] == [("x", "Ghana"), ("x#2", "Kenya")]
    assert ingest_paths([str(path)], tmp_path / "s.db").unchanged == 2  # a rerun finds both stored


def test_renaming_repeated_ids_is_linear(tmp_path):
    """50,000 JSON Lines records of one id and 8,000 RSS items of one guid (renaming once rescanned every
    earlier suffix: 8,000 took 15 s, 100,000 about 40 minutes)."""
    lines = "".join(json.dumps({"id": "same", "text": f"Text {n}."}) + "\n" for n in range(50_000))
    items = "".join(f"<item><guid>g</guid><title>T{n}</title><description>Item {n}.</description></item>"
                    for n in range(8_000))
    write(tmp_path / "same.jsonl", lines)
    write(tmp_path / "same.rss", f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>")
    started = time.perf_counter()
    ids = [r.id for r in read(tmp_path)]
    assert time.perf_counter() - started < 40
    assert len(set(ids)) == 58_000 and "same#50000" in ids and ids[-1] == "g#8000"


def _gzip_of_newlines(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    chunk = b"\n" * 2**20
    return b"".join([packer.compress(chunk) for _ in range(megabytes)] + [packer.flush()])


def test_a_gzipped_jsonl_bomb_stops_at_the_decompression_cap(tmp_path):
    """300 KB of gzip that inflates to 300 MB of blank lines (1 MB of it ran for over 300 s): the stream
    stops once it has inflated 200 times what it read, past 10 MB, with one failed record saying so;
    a real JSON Lines file of the same compressed size reads to its end."""
    bomb = _gzip_of_newlines(300)
    record = b'{"id": "a", "text": "Japan and India held talks."}\n'
    write(tmp_path / "bomb.jsonl.gz", gzip.compress(record) + bomb)  # two gzip members, as `cat` makes
    for source in ("file", "stdin"):
        started = time.perf_counter()
        if source == "file":
            results = read(tmp_path / "bomb.jsonl.gz")
        else:
            results = read("-", stdin=io.BufferedReader(io.BytesIO((tmp_path / "bomb.jsonl.gz").read_bytes())))
        assert time.perf_counter() - started < 60, source
        assert [type(r) for r in results] == [Document, Unreadable], source
        assert results[1].status == "failed" and f"{GZIP_RATIO} times" in results[1].reason, results[1]
    real = b"".join(json.dumps({"id": f"d{i}", "text": f"Statement {i}. " + os.urandom(40).hex()}).encode() + b"\n"
                    for i in range(40_000))
    write(tmp_path / "real.jsonl.gz", gzip.compress(real))
    assert len(read(tmp_path / "real.jsonl.gz")) == 40_000


def test_a_json_array_is_read_item_by_item_up_to_its_cap(tmp_path):
    """A JSON array of one document and 1,500,000 empty objects (3 MB) used to be parsed whole into a
    list (414 MB of memory here; 18 MB took 1.3 GB and gave 6,000,001 records): its items are now parsed
    one at a time, the first MAX_JSON_ITEMS give their records, and one skipped record says what was
    left unread."""
    import subprocess
    import sys

    from communique.read.jsondoc import MAX_JSON_ITEMS

    path = write(tmp_path / "many.json", '[{"id": "a", "text": "Japan and India held talks."}'
                 + ", {}" * 1_500_000 + "]")
    # VmHWM, the peak resident memory of this program (ru_maxrss would count the forking pytest's too)
    script = ("import json, re, sys\nfrom communique.read import read_inputs\ncount = 0\n"
              "for last in read_inputs([sys.argv[1]]):\n    count += 1\n"
              "peak = int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())[1]) // 1024\n"
              "print(json.dumps([count, last.id, last.status, last.reason, peak]))")
    run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    count, last_id, status, reason, megabytes = json.loads(run.stdout)
    assert count == MAX_JSON_ITEMS + 1
    assert (last_id, status) == (f"many#item{MAX_JSON_ITEMS + 1}", "skipped")
    assert f"items after the first {MAX_JSON_ITEMS:,} not read" in reason
    assert megabytes < 150, f"reading took {megabytes} MB"
    # Under the cap nothing changes: a broken item still fails the whole file, extra data means JSON Lines.
    broken = one(write(tmp_path / "broken.json", '[{"text": "A."}, {"text": "B."}, {"text": ]'))
    assert broken.status == "failed" and broken.reason.startswith("invalid JSON (Expecting value")
    lines = read(write(tmp_path / "lines.json", '[{"text": "A."}]\n[{"text": "B."}]\n'))
    assert [r.reason for r in lines] == ["line 1: JSON array, not an object", "line 2: JSON array, not an object"]
