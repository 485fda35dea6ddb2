"""Alert rules over what a watch pass stored; each alert fires once.

- ``event``: an event (not negated) of the rule's types with its dyad or actor, in a document of the pass;
- ``round``: a round of a mechanism first reported by documents of the pass (no earlier document had it);
- ``commitment``: a stored commitment that is now fulfilled or overdue (judged today, over the whole
  store: a deadline passes without any new document);
- ``goldstein``: a day, with events of the pass, whose mean Goldstein score for the dyad is more than
  ``sigma`` standard deviations from the mean of the daily means of the ``baseline_days`` before it
  (days with events only; at least ``min_days`` of them; the deviation is at least ``MIN_STD``, so that
  a flat baseline does not turn every wobble into an alert).

An alert's key names the rule and what it is about (the event, the round, the commitment and status, the
day): it is stored in ``watch_alerts`` when it fires, and a key already there never fires again, whatever
later passes see. Fired alerts are appended to the JSONL log and POSTed to the webhook when set; a
delivery that fails is reported, and the alert stays in the store (and on the dashboard's alerts page)."""

from __future__ import annotations

import json
import sqlite3
import statistics
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from communique.read.common import one_line
from communique.store import diplomacy
from communique.watch import state
from communique.watch.fetch import USER_AGENT
from communique.watch.sources import Rule, Settings

MIN_STD = 1.0  # Goldstein points
WEBHOOK_TIMEOUT = 10.0


def run(settings: Settings, db: sqlite3.Connection, doc_ids: list[str], *,
        today: str | None = None) -> tuple[list[dict], list[str]]:
    """Evaluate the rules over the documents ``doc_ids`` (stored this pass); store, log and send the alerts
    that fire for the first time. Returns them, and a line for each delivery that failed."""
    state.create_tables(db)
    fired: list[dict] = []
    for rule in settings.rules:
        for alert in evaluate(rule, db, doc_ids, today=today):
            if _fire(db, alert):
                fired.append(alert)
    problems = deliver(fired, log=settings.alerts_log, webhook=settings.webhook)
    return fired, problems


def evaluate(rule: Rule, db: sqlite3.Connection, doc_ids: list[str], *, today: str | None = None) -> list[dict]:
    """The alerts ``rule`` raises now (fired before or not)."""
    if rule.rule == "event":
        return _events(rule, db, doc_ids)
    if rule.rule == "round":
        return _rounds(rule, db, set(doc_ids))
    if rule.rule == "commitment":
        return _commitments(rule, db, today)
    return _goldstein(rule, db, doc_ids)


def _alert(rule: Rule, about: str, message: str, **details: object) -> dict:
    return {"key": f"{rule.rule}:{rule.name}:{about}", "rule": rule.name, "kind": rule.rule,
            "fired_at": None, "message": one_line(message, 300), **details}


def _in(doc_ids: list[str]) -> list[list[str]]:
    return [doc_ids[start:start + 500] for start in range(0, len(doc_ids), 500)]


def _events(rule: Rule, db: sqlite3.Connection, doc_ids: list[str]) -> list[dict]:
    found: dict[str, dict] = {}
    for chunk in _in(doc_ids):
        for row in db.execute("SELECT DISTINCT e.* FROM events e JOIN mentions m USING (event_id) WHERE e.negated = 0"
                              f" AND m.doc_id IN ({','.join('?' * len(chunk))})", chunk):
            codes = {code for field in ("actor_codes", "recipient_codes") for code in row[field].split(";") if code}
            if rule.dyad and not set(rule.dyad.split("-")) <= codes:
                continue
            if rule.actor and rule.actor not in codes:
                continue
            if rule.types and not any(t == (row["plover_type"] or "") or row["cameo_code"].startswith(t)
                                      for t in rule.types):
                continue
            kind = row["plover_type"] or f"CAMEO {row['cameo_code']}"
            who = f"{row['actor_codes'] or '?'}" + (f" -> {row['recipient_codes']}" if row["recipient_codes"] else "")
            found[row["event_id"]] = _alert(
                rule, row["event_id"], f"{rule.name}: {kind} {who} on {row['date'] or 'an unknown day'}: "
                                       f"{row['sentence']}",
                event_id=row["event_id"], date=row["date"], plover_type=row["plover_type"],
                cameo_code=row["cameo_code"], goldstein=row["goldstein"], modality=row["modality"],
                actor_codes=row["actor_codes"], recipient_codes=row["recipient_codes"], doc_id=row["doc_id"],
                url=row["url"], title=row["title"], sentence=row["sentence"])
    return sorted(found.values(), key=lambda a: (a["date"] or "", a["event_id"]))


def _rounds(rule: Rule, db: sqlite3.Connection, doc_ids: set[str]) -> list[dict]:
    found = []
    for series in diplomacy.mechanism_series(db, party=rule.party, name=rule.mechanism):
        for held in series["rounds"]:
            if held["round"] is None and not held["date"]:
                continue  # only named, never held
            if not set(held["doc_ids"]) <= doc_ids:
                continue  # an earlier document reported this round already: it is not new
            which = f"round {held['round']}" if held["round"] is not None else "a round"
            where = ", ".join(x for x in (held["date"], held["place"]) if x)
            found.append(_alert(
                rule, f"{series['name']}:{held['round'] if held['round'] is not None else held['date']}",
                f"{rule.name}: {which} of {series['name']}" + (f" ({where})" if where else ""),
                mechanism=series["name"], parties=series["parties"], round=held["round"], date=held["date"],
                place=held["place"], doc_id=held["doc_id"], doc_ids=held["doc_ids"]))
    return found


def _commitments(rule: Rule, db: sqlite3.Connection, today: str | None) -> list[dict]:
    found = []
    for c in diplomacy.list_commitments(db, party=rule.party, as_of=today):
        if c["status"] not in rule.statuses:
            continue
        parties = "+".join(p.get("code") or "?" for p in c["parties"])
        done = c["fulfilled_by"] or {}
        message = (f"{rule.name}: {parties} commitment to {c['action']} ({c['date']}) is {c['status']}"
                   + (f": {done.get('date')}" if done else f", deadline {(c.get('deadline') or {}).get('value')}"))
        found.append(_alert(rule, f"{c['doc_id']}:{c['id']}:{c['status']}", message, status=c["status"],
                            action=c["action"], parties=parties, date=c["date"], doc_id=c["doc_id"],
                            deadline=(c.get("deadline") or {}).get("value"), fulfilled_by=done.get("event_id"),
                            sentence=c["evidence"]["sentence"]))
    return found


def _goldstein(rule: Rule, db: sqlite3.Connection, doc_ids: list[str]) -> list[dict]:
    days: set[str] = set()
    for chunk in _in(doc_ids):
        days |= {row[0] for row in db.execute(
            "SELECT DISTINCT p.date FROM event_pairs p JOIN mentions m USING (event_id) WHERE p.dyad = ?"
            f" AND length(p.date) = 10 AND m.doc_id IN ({','.join('?' * len(chunk))})", [rule.dyad, *chunk])}
    found = []
    for day in sorted(days):
        try:
            start = (date.fromisoformat(day) - timedelta(days=rule.baseline_days)).isoformat()
        except ValueError:
            continue
        means = {row[0]: row[1] for row in db.execute(
            "SELECT day, sum(goldstein_sum) / sum(events) FROM timeline_days WHERE subject = ? AND negated = 0"
            " AND length(day) = 10 AND day >= ? AND day <= ? GROUP BY day HAVING sum(events) > 0",
            (rule.dyad, start, day))}
        if day not in means:
            continue
        baseline = [mean for d, mean in means.items() if d != day]
        if len(baseline) < rule.min_days:
            continue
        centre = statistics.fmean(baseline)
        spread = max(statistics.pstdev(baseline), MIN_STD)
        score = (means[day] - centre) / spread
        if abs(score) <= rule.sigma:
            continue
        found.append(_alert(
            rule, f"{rule.dyad}:{day}",
            f"{rule.name}: {rule.dyad} on {day}: mean Goldstein {means[day]:+.2f}, {score:+.1f} standard deviations "
            f"from its {rule.baseline_days}-day baseline ({centre:+.2f} over {len(baseline)} days)",
            dyad=rule.dyad, date=day, goldstein_mean=round(means[day], 3), baseline_mean=round(centre, 3),
            baseline_std=round(spread, 3), baseline_days=len(baseline), sigmas=round(score, 2)))
    return found


def _fire(db: sqlite3.Connection, alert: dict) -> bool:
    """Store the alert unless its key has fired before; whether it fires now."""
    alert["fired_at"] = state.now()
    inserted = db.execute("INSERT OR IGNORE INTO watch_alerts (key, rule, kind, fired_at, message, record)"
                          " VALUES (?, ?, ?, ?, ?, ?)", (alert["key"], alert["rule"], alert["kind"], alert["fired_at"],
                                                          alert["message"], json.dumps(alert, ensure_ascii=False)))
    return inserted.rowcount > 0


def deliver(fired: list[dict], *, log: str | None, webhook: str | None) -> list[str]:
    """Append the alerts to the JSONL ``log`` and POST each to ``webhook``; a line per failure."""
    problems: list[str] = []
    if not fired:
        return problems
    if log:
        try:
            with Path(log).open("a", encoding="utf-8") as out:
                out.writelines(json.dumps(alert, ensure_ascii=False) + "\n" for alert in fired)
        except OSError as error:
            problems.append(f"alerts log {log}: {error.strerror or error}")
    if webhook:
        for alert in fired:
            request = urllib.request.Request(webhook, data=json.dumps(alert, ensure_ascii=False).encode("utf-8"),
                                             headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
                                             method="POST")
            try:
                with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
                    response.read(1024)
            except (OSError, ValueError) as error:  # URLError and HTTPError are OSErrors
                problems.append(f"webhook {webhook}: {alert['key']}: {one_line(str(error), 120)}")
    return problems


def list_alerts(db: sqlite3.Connection, *, rule: str | None = None, kind: str | None = None,
                limit: int | None = 100, offset: int = 0) -> tuple[list[dict], int]:
    """Fired alerts, newest first, and how many match in all (a store never watched has none)."""
    if not state.has_tables(db):
        return [], 0
    where, params = [], []
    if rule:
        where.append("rule = ?")
        params.append(rule)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    total = db.execute(f"SELECT count(*) FROM watch_alerts{clause}", params).fetchone()[0]
    sql = f"SELECT record FROM watch_alerts{clause} ORDER BY fired_at DESC, key"
    if limit:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [json.loads(row[0]) for row in db.execute(sql, params)], total
