"""Web pages (.html, .htm, .xhtml): trafilatura finds the article text and its metadata."""

from __future__ import annotations

from collections.abc import Iterator

from communique.read.common import build_document, short_error, unreadable
from communique.read.document import ReadResult
from communique.read.text import normalize_newlines


def read_html(data: bytes, *, name: str, origin: str) -> Iterator[ReadResult]:
    """One document: the page's main text, with title, date, url and site name; id ``name`` (the stem)."""
    import trafilatura  # here, not at the top: a command that reads no HTML does not pay its import

    try:
        # Bytes, not str: trafilatura honours the page's own charset declaration.
        extracted = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura and lxml raise many types on hostile markup
        yield unreadable(name, "failed", f"could not parse HTML: {short_error(exc)}", origin)
        return
    if extracted is None:
        yield unreadable(name, "skipped", "no article text found in HTML", origin)
        return
    # trafilatura 2.x returns a Document object; older versions (and as_dict=True) return a dict.
    fields = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = normalize_newlines(fields.get("text") or "").strip()
    title, url, source = fields.get("title"), fields.get("url"), fields.get("sitename")
    published = fields.get("date")
    text = _drop_repeated_title(text, title)
    if not text:
        yield unreadable(
            name,
            "skipped",
            "no article text found in HTML",
            origin,
            title=title,
            source=source,
            url=url,
            published=published,
        )
        return
    meta = {"format": "html"}
    for key in ("author", "language", "hostname", "description"):
        if fields.get(key):
            meta[key] = fields[key]
    yield build_document(
        name, text, origin=origin, title=title, source=source, url=url, published=published, meta=meta
    )


def _drop_repeated_title(text: str, title: str | None) -> str:
    """Drop the headline when the page repeats it as the first line of the article.

    The title has its own field, and left in place it hides the dateline that opens the story.
    """
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text
