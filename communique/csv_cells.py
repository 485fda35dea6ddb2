"""CSV cells that a spreadsheet shows as text and never runs (OWASP, "CSV Injection"): a text cell
starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe. Readout bullets
("-   Australia will ...") and hostile titles ("=HYPERLINK(...)") would otherwise become formulas.
Every CSV communique writes (exports, the API's .csv twins, the CLI's --format csv) goes through
``cell``; ``communique import`` takes the apostrophe off again (``uncell``)."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as a CSV cell: text that a spreadsheet would read as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def uncell(value: Any) -> Any:
    """The value ``cell`` was given back, from a cell read from a CSV communique wrote."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
