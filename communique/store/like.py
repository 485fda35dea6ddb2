"""User text in LIKE patterns, for the event queries (query.py) and the diplomacy tables (diplomacy.py).
A module of its own: db.py imports diplomacy.py, so diplomacy.py cannot import query.py."""

from __future__ import annotations


def escape_like(text: str) -> str:
    """``text`` taken literally in a LIKE pattern written with ESCAPE '\\': "%" and "_" match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
