"""``communique watch``: follow feeds and pages, code what is new into the store, fire alerts; ``communique
alerts``: list what it fired."""

from __future__ import annotations

import dataclasses
import signal
import sys
import threading
from functools import cache

import click
from rich.console import Console
from rich.markup import escape

from communique.diplomacy.commands import _db_option, _format_options
from communique.tables_out import emit_rows

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@_db_option
@click.option("--once", is_flag=True, help="Poll each source once and exit (for cron).")
@click.option("--interval", type=click.FloatRange(min=1), help="Seconds between polls of a source that sets no "
              "interval of its own (default: the file's interval, else 900).")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds a request may wait to connect or for "
              "data (default: the file's, else 20).")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between two requests to one host "
              "(default: the file's, else 2).")
@click.option("--alerts-log", type=click.Path(dir_okay=False), help="Append fired alerts to this JSONL file "
              "(default: the file's alerts_log).")
@click.option("--webhook", help="POST each fired alert, as JSON, to this URL (default: the file's webhook).")
@click.option("--model", help="spaCy model package.")
def watch(sources: tuple[str, ...], db_path: str, once: bool, interval: float | None, timeout: float | None,
          delay: float | None, alerts_log: str | None, webhook: str | None, model: str | None) -> None:
    """Poll feeds and pages, code what is new into the store, and fire alerts.

    SOURCES are sources files (.toml: sources, intervals, alert rules; see docs/watch.md) and
    RSS/Atom feed URLs, in any mix. Requests are conditional (ETag, Last-Modified), polite (a
    delay between two requests to a host), bounded (timeouts, retries with backoff, at most 5
    redirects, 10 MB). An item seen before unchanged is not fetched or coded again; one whose
    text changed replaces its old version. A source that fails does not stop the others.

    \b
    Without --once, polls each source every interval until SIGTERM or Ctrl-C, which end the
    watch after the source being polled, with its state saved in the store (a second signal
    stops at once, after writing what was coded). Alerts fire once each: they are printed,
    kept in the store (dashboard: /alerts), appended to the alerts log and sent to the webhook.

    Exit status: 0; with --once, 1 when a source failed; 1 on a bad sources file ([E040]);
    2 on a usage error.
    """
    from communique.store import Store
    from communique.watch.fetch import Fetcher
    from communique.watch.poll import PassReport, SourceReport, Watch, poll_pass
    from communique.watch.sources import check_url, from_arguments

    settings = from_arguments(sources, interval=interval)
    changes = {"timeout": timeout, "delay": delay, "alerts_log": alerts_log, "webhook": webhook}
    settings = dataclasses.replace(settings, **{key: value for key, value in changes.items() if value is not None})
    if settings.webhook:
        check_url(settings.webhook, "--webhook")
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # the second signal: stop now (ingest writes what it has coded)
        stop.set()
        stderr.print(f"watch: {signal.Signals(signum).name}: stopping after the source being polled")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    @cache
    def coder() -> object:
        from communique.pipeline import Coder

        return Coder(model)

    def on_source(report: SourceReport) -> None:
        stderr.print(f"watch: {escape(report.line())}")
        for warning in report.warnings:
            stderr.print(f"watch: {escape(report.source.name)}: warning: {escape(warning)}")

    def on_pass(report: PassReport) -> None:
        for alert in report.alerts:
            click.echo(f"ALERT {alert['message']}")
        for problem in report.warnings:
            stderr.print(f"watch: alert delivery failed: {escape(problem)}")
        sys.stdout.flush()

    fetcher = Fetcher(timeout=settings.timeout, retries=settings.retries, delay=settings.delay,
                      sleep=lambda seconds: stop.wait(seconds))
    names = ", ".join(source.name for source in settings.sources)
    stderr.print(f"watch: store {db_path}; {len(settings.sources)} sources ({escape(names)}); "
                 f"{len(settings.rules)} alert rules" + ("" if once else "; SIGTERM or Ctrl-C to stop"))
    try:
        with Store(db_path) as store:
            if once:
                report = poll_pass(settings, store, coder=coder, fetcher=fetcher, stop=stop, on_source=on_source)
                on_pass(report)
                stderr.print(f"watch: {len(report.sources)} sources polled, {len(report.failed)} failed, "
                             f"{len(report.coded)} documents stored, {len(report.alerts)} alerts")
                sys.exit(1 if report.failed else 0)
            Watch(settings, store, coder=coder, fetcher=fetcher, stop=stop, on_pass=on_pass,
                  on_source=on_source).run()
    except KeyboardInterrupt:
        stderr.print("watch: stopped at once; what was coded is stored, the source is polled again next time")
        sys.exit(130)
    stderr.print("watch: stopped; state saved")


@click.command()
@_db_option
@click.option("--kind", type=click.Choice(["event", "round", "commitment", "goldstein"]), help="Only this kind.")
@click.option("--rule", help="Only the alert of this name (as the sources file names it).")
@click.option("--limit", default=50, show_default=True, help="At most this many alerts (0: all).")
@_format_options
def alerts(db_path: str, kind: str | None, rule: str | None, limit: int, fmt: str, output: str | None) -> None:
    """List the alerts `communique watch` fired into the store, newest first, and the health of its sources."""
    from communique.store import Store
    from communique.watch.alerts import list_alerts
    from communique.watch.state import list_sources

    with Store(db_path, create=False) as store:
        rows, total = list_alerts(store.connection, kind=kind, rule=rule, limit=limit or None)
        sources = list_sources(store.connection)
    emit_rows(rows, fmt, output, {"fired": lambda r: r["fired_at"], "alert": lambda r: r["rule"],
                                  "kind": lambda r: r["kind"], "message": lambda r: r["message"],
                                  "key": lambda r: r["key"]}, f"{len(rows)} of {total} alerts")
    if fmt == "table":
        failing = [s for s in sources if s["failures"]]
        stderr.print(f"{len(sources)} sources watched" + "".join(
            f"\n  {escape(s['name'])}: {s['failures']} failed polls in a row: {escape(s['last_error'] or '')}"
            for s in failing))


COMMANDS = [watch, alerts]
