"""The CLI commands of the diplomacy layer: ``communique mechanisms``, ``positions`` and ``commitments``.
Each lists what the store holds (``communique/store/diplomacy.py``) as a table, JSONL or CSV."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

import click

from communique.tables_out import emit_rows

FORMATS = ("table", "jsonl", "csv")


def _db_option(function: Callable) -> Callable:
    return click.option("--db", "db_path", default=lambda: os.environ.get("COMMUNIQUE_DB", "communique.db"),
                        show_default="communique.db",
                        help="Store file (SQLite). Default: $COMMUNIQUE_DB or ./communique.db.")(function)


def _format_options(function: Callable) -> Callable:
    function = click.option("--output", "-o", help="Output file (default stdout).")(function)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="table; jsonl: one object per line; csv: one flat row per line.")(function)


def _codes(items: Iterable[dict | str]) -> str:
    return "+".join(item if isinstance(item, str) else item.get("code") or "?" for item in items)


def _people(items: list[dict]) -> str:
    return ", ".join(item.get("name") or item.get("text") or item.get("code") or "?" for item in items)


def _rounds(series: dict) -> list[dict]:
    return [{"name": series["name"], "parties": series["parties"], **r} for r in series["rounds"]]


@click.command()
@_db_option
@click.option("--party", help="Only mechanisms with this party (country or organisation code), e.g. CHN.")
@click.option("--name", help="Only mechanisms whose normalized name contains this text.")
@click.option("--unconfirmed", is_flag=True, help="Also titles named once, without parties or a round number (a "
                                                   "series that may be one meeting).")
@_format_options
def mechanisms(db_path: str, party: str | None, name: str | None, unconfirmed: bool, fmt: str,
               output: str | None) -> None:
    """List mechanism series: each named recurring dialogue with its rounds across documents (round,
    date, place, co-chairs), the most recently held first. JSONL gives one series per line; CSV and the
    table one round per row."""
    from communique.store import Store
    from communique.store.diplomacy import mechanism_series

    with Store(db_path, create=False) as store:
        series = mechanism_series(store.connection, party=party, name=name, unconfirmed=unconfirmed)
    if fmt == "jsonl":
        emit_rows(series, fmt, output, {})
        return
    rows = [r for s in series for r in _rounds(s)]
    emit_rows(rows, fmt, output, {
        "mechanism": lambda r: r["name"], "parties": lambda r: _codes(r["parties"]), "round": lambda r: r["round"],
        "date": lambda r: r["date"], "place": lambda r: r["place"], "co_chairs": lambda r: _people(r["co_chairs"]),
        "doc_ids": lambda r: ";".join(r["doc_ids"])}, f"{len(series)} mechanisms, {len(rows)} rounds")


@click.command()
@_db_option
@click.option("--party", help="Only positions this code holds or that are held on its behalf.")
@click.option("--topic", help="Only positions whose topic contains this text, e.g. Taiwan.")
@click.option("--stance", type=click.Choice(["support", "oppose"]), help="Only this stance.")
@click.option("--limit", default=0, help="At most this many positions (0: all).")
@_format_options
def positions(db_path: str, party: str | None, topic: str | None, stance: str | None, limit: int, fmt: str,
              output: str | None) -> None:
    """List stored positions (who supports or opposes what, on whose behalf), newest first."""
    from communique.store import Store
    from communique.store.diplomacy import list_positions

    with Store(db_path, create=False) as store:
        rows = list_positions(store.connection, party=party, topic=topic, stance=stance, limit=limit or None)
    emit_rows(rows, fmt, output, {
        "date": lambda r: r["date"], "holder": lambda r: _codes(r["holder"]), "stance": lambda r: r["stance"],
        "topic": lambda r: r["topic"], "on_behalf_of": lambda r: _codes(r["on_behalf_of"]),
        "topic_parties": lambda r: _codes(r.get("topic_parties") or []),
        "topic_text": lambda r: r["topic_text"], "doc_id": lambda r: r["doc_id"]}, f"{len(rows)} positions")


@click.command()
@_db_option
@click.option("--status", type=click.Choice(["open", "fulfilled", "overdue"]),
              help="fulfilled: a later stored event of the parties does the action, within its timing; overdue: past "
                   "its deadline and not fulfilled; open: neither.")
@click.option("--party", help="Only commitments this code takes part in.")
@click.option("--as-of", "as_of", help="The day statuses are judged on (ISO; default today).")
@_format_options
def commitments(db_path: str, status: str | None, party: str | None, as_of: str | None, fmt: str,
                output: str | None) -> None:
    """List stored commitments (agreed or pledged future actions) with their follow-up status."""
    from communique.store import Store
    from communique.store.diplomacy import list_commitments

    with Store(db_path, create=False) as store:
        rows = list_commitments(store.connection, status=status, party=party, as_of=as_of)
    emit_rows(rows, fmt, output, {
        "date": lambda r: r["date"], "parties": lambda r: _codes(r["parties"]), "action": lambda r: r["action"],
        "type": lambda r: r["action_type"], "when": lambda r: r["when"],
        "deadline": lambda r: (r.get("deadline") or {}).get("value"), "status": lambda r: r["status"],
        "fulfilled_by": lambda r: (r["fulfilled_by"] or {}).get("doc_id"),
        "fulfilled_on": lambda r: (r["fulfilled_by"] or {}).get("date"),
        "fulfilment": lambda r: (r["fulfilled_by"] or {}).get("evidence"), "doc_id": lambda r: r["doc_id"]},
        f"{len(rows)} commitments")


COMMANDS = (mechanisms, positions, commitments)
