"""Turning bytes into clean text: encodings, binary detection, newlines, and HTML fragments to plain text."""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

# Checked longest first: a UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# How much of a file the binary sniffers look at.
_SNIFF_BYTES = 8192


class BinaryContent(ValueError):
    """The bytes are not text in any encoding we can trust."""


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes mean binary, unless a UTF-16/32 BOM explains them."""
    bom = bom_encoding(data)
    if bom and bom[0] != "utf-8":
        return False
    return b"\x00" in data[:_SNIFF_BYTES]


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, encoding name). Raises BinaryContent for binary data.

    Order: BOM, then strict UTF-8, then a legacy 8-bit guess (see decode_legacy).
    """
    bom = bom_encoding(data)
    if bom:
        encoding, skip = bom
        # A BOM is a strong promise; a few bad bytes after it are replaced rather than fatal.
        text = data[skip:].decode(encoding, errors="replace")
    elif b"\x00" in data[:_SNIFF_BYTES]:
        raise BinaryContent("binary file")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = decode_legacy(data)
    if _mostly_control(text[:_SNIFF_BYTES]):
        raise BinaryContent("binary file")
    return text, encoding


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Guess an 8-bit encoding for bytes that are not UTF-8.

    charset_normalizer misreads short Western texts (French as cp1250), so cp1252 wins whenever the
    result looks like a Latin-script language: mostly ASCII letters with some accented ones.
    Texts dominated by high bytes (Cyrillic, Greek, Arabic code pages) go to charset_normalizer.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _latin_like(text):
        return text, "cp1252"
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
    except Exception:  # an optional helper: any failure just means "no opinion"
        best = None
    if best is not None:
        return str(best), best.encoding
    if text is not None:
        return text, "cp1252"
    # latin-1 maps every byte, so this cannot fail.
    return data.decode("latin-1"), "latin-1"


def _latin_like(text: str) -> bool:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) < 0.3


def _mostly_control(sample: str) -> bool:
    """True when the decoded text is full of control characters or replacement marks: binary data."""
    if not sample:
        return False
    bad = sum(
        1 for c in sample if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    )
    return bad / len(sample) > 0.05


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a stray BOM character at the start goes too."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Elements whose start and end separate paragraphs.
_BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    )
)
# Elements whose content is never reader-visible text.
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object"))
_PARA = "\x00P"  # internal markers; NUL cannot occur in parsed HTML text
_LINE = "\x00L"
_WS = re.compile(r"\s+")


def html_to_text(fragment: str) -> str:
    """Plain text from an HTML fragment: paragraphs separated by a blank line, <br> by a newline.

    Whitespace inside a paragraph collapses to single spaces, as a browser would render it.
    """
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return _finish(html.unescape(fragment))
    import lxml.html  # here, not at the top: reading plain text never needs it (start-up)
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        parts: list[str] = []
        _walk(root, parts)
        return _finish("".join(parts))
    except (etree.LxmlError, ValueError, RecursionError):
        # Malformed or absurdly deep markup: fall back to dropping the tags.
        return _finish(html.unescape(re.sub(r"<[^>]*>", " ", fragment)))


def _walk(el, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.rsplit("}", 1)[-1].lower()  # XHTML content carries a namespace
    if tag in _SKIP_TAGS or not isinstance(el.tag, str):
        pass  # comments and processing instructions have no text; their tails are added below
    else:
        block = tag in _BLOCK_TAGS
        if block:
            parts.append(_PARA)
        if tag == "br":
            parts.append(_LINE)
        if el.text:
            parts.append(el.text)
        for child in el:
            _walk(child, parts)
        if block:
            parts.append(_PARA)
    if el.tail:
        parts.append(el.tail)


def _finish(raw: str) -> str:
    paragraphs = []
    for para in raw.split(_PARA):
        lines = [_WS.sub(" ", line).strip() for line in para.split(_LINE)]
        # Drop blank lines at the edges of a paragraph (e.g. <br> right after <p>), keep inner ones.
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
