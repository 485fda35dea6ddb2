"""The diplomacy layer in the store: mechanisms, positions and commitments of each coded document, in
tables of their own (``diplomacy.sql``), and the reads across documents that make them useful:

- mechanism series: the rounds of one normalized mechanism, from every document that reports one;
- commitment follow-up: a commitment is *fulfilled* when a later stored event (in another document,
  dated after the commitment, asserted and not negated) has the action's PLOVER type and all of the
  commitment's parties among its participants, does what the action names (its sentence names the
  action's object: "hold a high-level dialogue" is not done by a trip), in the way it names (a call
  does not hold a promised visit or meeting), and falls within the commitment's timing when it has
  one ("in September": that September; "by the end of 2024": up to then). Only actions one event can
  carry out are followed up (meetings, aid, cooperation, signing, ...), not "deepen our ties", and
  only between two parties at least (the committed and those the action names: "provide assistance to
  Indonesia" needs an event with Indonesia; "receive regular updates" is no one's to see). Else a
  commitment is *overdue* once its deadline has passed (as of today or a given day); else *open*.

``Store`` calls ``create_tables`` when it opens a file and ``write_document`` for every record it
writes (which first removes what an earlier version of the document left).
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from importlib import resources

from communique.diplomacy.tables import deadlines
from communique.errors import CommuniqueError
from communique.store.like import escape_like

STATUSES = ("open", "fulfilled", "overdue")
STANCES = ("support", "oppose")
TABLES = ("mechanisms", "positions", "commitments", "diplomacy_events")


def create_tables(connection: sqlite3.Connection) -> None:
    connection.executescript(resources.files("communique.store").joinpath("diplomacy.sql").read_text("utf-8"))
    # files written before diplomacy_events kept the mode and sentence: add the columns (their old rows
    # stay without, and are matched on type, parties and timing alone)
    # (and positions written before topic_parties: their old rows stay without)
    events = ("mode", "sentence", "trigger", "published", "planned", "deed", "country", "call")
    for table, added in (("diplomacy_events", events), ("positions", ("topic_parties",))):
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        for column in added:
            if column not in columns:
                connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")


def _codes(codes: list[str | None]) -> str:
    """";CHN;RUS;": sorted distinct codes, delimited so that a LIKE '%;CHN;%' finds one."""
    unique = sorted({code for code in codes if code})
    return f";{';'.join(unique)};" if unique else ""


def _day(value: dict | None) -> str | None:
    return (value or {}).get("value")


def write_document(db: sqlite3.Connection, record: dict) -> None:
    """Replace what the store holds of the document's diplomacy layer with the record's."""
    doc_id = record["doc_id"]
    for table in TABLES:
        db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    if record["status"] != "coded":
        return
    doc_date = _day(record.get("event_date"))
    for m in record.get("mechanisms") or ():
        location = m.get("location") or {}
        db.execute(
            "INSERT OR REPLACE INTO mechanisms (mechanism_id, doc_id, name, text, parties, round, date, place, country,"
            " co_chairs, sentence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (m["id"], doc_id, m["name"], m["text"], _codes(m["parties"]), m["round"], _day(m.get("date")),
             location.get("place"), location.get("country"), json.dumps(m["co_chairs"], ensure_ascii=False),
             m["evidence"]["sentence"], json.dumps(m, ensure_ascii=False)))
    for p in record.get("positions") or ():
        db.execute(
            "INSERT OR REPLACE INTO positions (position_id, doc_id, date, holders, stance, topic, topic_text,"
            " on_behalf_of, topic_parties, sentence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (p["id"], doc_id, doc_date, _codes([h["code"] for h in p["holder"]]), p["stance"], p["topic"],
             p["topic_text"], _codes([b["code"] for b in p["on_behalf_of"]]),
             _codes([t["code"] for t in p.get("topic_parties") or ()]), p["evidence"]["sentence"],
             json.dumps(p, ensure_ascii=False)))
    for c in record.get("commitments") or ():
        db.execute(
            "INSERT OR REPLACE INTO commitments (commitment_id, doc_id, date, parties, action, action_type, when_text,"
            " deadline, sentence, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c["id"], doc_id, _day(c.get("date")) or doc_date, _codes([p["code"] for p in c["parties"]]), c["action"],
             c["action_type"], c["when"], (c.get("deadline") or {}).get("value"), c["evidence"]["sentence"],
             json.dumps(c, ensure_ascii=False)))
    # an event whose trigger is the action of one of the document's commitments ("the commitment ... to
    # hold a High-Level Security Dialogue") is that plan, not a deed, however the event was coded
    promises = [c.get("evidence") or {} for c in record.get("commitments") or ()]
    promised = {p.get("action_start") for p in promises} - {None}
    # a call's readout: what it says was discussed, underscored, agreed was said on the phone
    consults = sorted((e for e in record.get("events") or () if (e.get("plover") or {}).get("type") == "CONSULT"
                       and not e["negated"] and e["modality"] == "asserted"),
                      key=lambda e: (e.get("evidence") or {}).get("start") or 0)
    call = int(bool(consults) and ((consults[0].get("plover") or {}).get("mode") == "phone" or (
        (consults[0].get("evidence") or {}).get("trigger") or "").lower() in CALL_TRIGGERS))
    db.executemany(
        "INSERT OR REPLACE INTO diplomacy_events (event_id, doc_id, date, plover_type, codes, mode, sentence, trigger,"
        " published, planned, deed, country, call) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(e["id"], doc_id, _day(e.get("date")), (e.get("plover") or {}).get("type"),
          _codes([p.get("code") for p in e["actor"] + e["recipient"]]), (e.get("plover") or {}).get("mode"),
          evidence.get("sentence"), evidence.get("trigger"), record.get("published"),
          int(evidence.get("trigger_start") in promised or _planned(evidence)), _deed(evidence, promises),
          (e.get("location") or {}).get("country"), call)
         for e in record.get("events") or () if not e["negated"] and e["modality"] == "asserted"
         for evidence in [e.get("evidence") or {}]])


# Words before an event's trigger that make it a plan or a purpose, not a deed: "They will discuss ... delivering
# humanitarian aid", "ongoing talks to secure the release of hostages", "looks forward to meeting".
PLAN_MARKERS = re.compile(r"(?i)(?:\b(?:will|would|shall|plans?|intends?|expects?|expected|forward|upcoming|"
                          r"planned|aims?|seeks?)\b.*|\bto\s*)$")


def _planned(evidence: dict) -> bool:
    """Whether the sentence frames the event's trigger as planned ("will", "plans to", "looks forward to") or
    as a purpose ("talks to secure ...")."""
    sentence, start, trigger = evidence.get("sentence"), evidence.get("start"), evidence.get("trigger_start")
    if sentence is None or start is None or trigger is None:
        return False
    return bool(PLAN_MARKERS.search(sentence[:max(trigger - start, 0)]))


def _deed(evidence: dict, promises: list[dict]) -> str | None:
    """The event's sentence without the actions that the document's commitments in it promise: "discussed
    next steps toward the commitment to hold a dialogue" did not hold the dialogue."""
    sentence, start = evidence.get("sentence"), evidence.get("start")
    if sentence is None or start is None:
        return sentence
    for promise in sorted(promises, key=lambda p: -(p.get("action_start") or 0)):
        first, last = promise.get("action_start"), promise.get("action_phrase_end")
        if first is not None and last is not None and start <= first < start + len(sentence):
            sentence = sentence[:first - start] + " " + sentence[last - start:]
    return sentence


def _party_filter(column: str, party: str | None, where: list[str], params: list[str]) -> None:
    if party:
        where.append(f"{column} LIKE ? ESCAPE '\\'")
        params.append(f"%;{escape_like(party.strip().upper())};%")


def _where(where: list[str]) -> str:
    return f" WHERE {' AND '.join(where)}" if where else ""


def mechanism_series(db: sqlite3.Connection, *, party: str | None = None, name: str | None = None,
                     unconfirmed: bool = False) -> list[dict]:
    """Each normalized mechanism with its rounds across documents, the most recently held first.

    A round is one meeting of the series: the documents that report the same round number, or the same
    date, are one round (with every ``doc_ids``); a document that only names the series (no round, no
    date: "ahead of the NATO summit") is a mention, listed apart, not a round of its own.

    A series must show that it recurs: parties or an organisation in its name ("the U.S.-EU Summit", "the
    G20 summit"), a round number, or reports in two documents or more. A title alone, in one document and
    unnumbered ("the Global Food Security Summit", "the Paris Conference on Libya"), may name one meeting: it
    is listed only with ``unconfirmed``."""
    where: list[str] = []
    params: list[str] = []
    _party_filter("parties", party, where, params)
    if name:
        where.append("name LIKE ? ESCAPE '\\'")
        params.append(f"%{escape_like(name)}%")
    series: dict[str, dict] = {}
    # numbered reports first: an unnumbered, dated report then joins the numbered round of its date, and
    # "the ninth Summit" (undated) and "the Ninth Summit, on 9 June" stay one round
    for row in db.execute(f"SELECT * FROM mechanisms{_where(where)} ORDER BY name, round IS NULL, round, date, doc_id",
                          params):
        entry = series.setdefault(row["name"], {"name": row["name"], "parties": [], "rounds": [], "mentions": []})
        entry["parties"] = sorted(set(entry["parties"]) | set(filter(None, row["parties"].split(";"))))
        found = {
            "round": row["round"], "date": row["date"], "place": row["place"], "country": row["country"],
            "co_chairs": json.loads(row["co_chairs"]), "doc_id": row["doc_id"], "doc_ids": [row["doc_id"]],
            "text": row["text"],
        }
        if found["round"] is None and not _dated(found["date"]):
            entry["mentions"].append({"doc_id": row["doc_id"], "text": row["text"]})
            continue
        same = next((r for r in entry["rounds"] if _same_round(r, found)), None)
        if same is None:
            entry["rounds"].append(found)
            continue
        same["doc_ids"].append(row["doc_id"])
        for key in ("round", "date", "place", "country"):
            if same[key] is None or (key == "date" and not _dated(same[key])):
                same[key] = found[key] if found[key] is not None else same[key]
        if _dated(found["date"]) and found["date"].startswith(same["date"] or "-"):
            same["date"] = found["date"]  # "2023" and "2023-07-11": the day
        same["co_chairs"] = same["co_chairs"] or found["co_chairs"]
    for entry in series.values():
        if not entry["rounds"] and entry["mentions"]:  # only ever named: its first mention stands for it
            first = entry["mentions"][0]
            entry["rounds"].append({"round": None, "date": None, "place": None, "country": None, "co_chairs": [],
                                    "doc_id": first["doc_id"], "doc_ids": [first["doc_id"]], "text": first["text"]})
        entry["rounds"].sort(key=lambda r: (r["round"] is None, r["round"] or 0, r["date"] or ""))
        entry["latest"] = max((r["date"] for r in entry["rounds"] if _dated(r["date"])), default=None)
    if not unconfirmed:
        series = {key: entry for key, entry in series.items() if entry["parties"] or len(
            {d for r in entry["rounds"] for d in r["doc_ids"]} | {m["doc_id"] for m in entry["mentions"]}) > 1
            or any(r["round"] is not None for r in entry["rounds"])}
    ordered = sorted(series.values(), key=lambda s: s["name"])
    return sorted(ordered, key=lambda s: s["latest"] or "", reverse=True)  # stable: ties stay by name


def _same_round(old: dict, new: dict) -> bool:
    """Two reports of one meeting: the same round number, or (either unnumbered) dates at most three days
    apart (a summit's meetings fall on its several days), or in the same place with one date within the
    other ("2023" and "2023-07-11")."""
    if old["round"] is not None and new["round"] is not None:
        return old["round"] == new["round"]
    if not (_dated(old["date"]) and _dated(new["date"])):
        return False
    if old["place"] and old["place"] == new["place"] and (old["date"].startswith(new["date"])
                                                          or new["date"].startswith(old["date"])):
        return True  # "hosting the 2023 NATO Summit" and "met at the NATO Summit in Vilnius" on 11 July 2023
    if len(old["date"]) == len(new["date"]) == 10:
        return abs((date.fromisoformat(old["date"]) - date.fromisoformat(new["date"])).days) <= SUMMIT_DAYS
    return old["date"] == new["date"]


SUMMIT_DAYS = 3


def _dated(value: str | None) -> bool:
    return bool(value) and value[:4].isdigit()


def list_positions(db: sqlite3.Connection, *, party: str | None = None, topic: str | None = None,
                   stance: str | None = None, limit: int | None = None) -> list[dict]:
    """Stored positions, newest first; ``party`` holds them, is the one they are held for or the one their
    topic is about ("Israel's security")."""
    where: list[str] = []
    params: list[str] = []
    if party:
        where.append("(holders LIKE ? ESCAPE '\\' OR on_behalf_of LIKE ? ESCAPE '\\' OR topic_parties LIKE ? "
                     "ESCAPE '\\')")
        params += [f"%;{escape_like(party.strip().upper())};%"] * 3
    if topic:
        where.append("(topic LIKE ? ESCAPE '\\' OR topic_text LIKE ? ESCAPE '\\')")
        params += [f"%{escape_like(topic)}%"] * 2
    if stance:
        if stance not in STANCES:
            raise CommuniqueError("E021", f"unknown stance {stance!r}; choose one of {', '.join(STANCES)}")
        where.append("stance = ?")
        params.append(stance)
    sql = f"SELECT * FROM positions{_where(where)} ORDER BY date DESC, doc_id, position_id"
    rows = db.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), params)
    return [{**json.loads(row["record"]), "doc_id": row["doc_id"], "date": row["date"]} for row in rows]


def list_commitments(db: sqlite3.Connection, *, status: str | None = None, party: str | None = None,
                     as_of: str | date | None = None) -> list[dict]:
    """Stored commitments with their status as of ``as_of`` (default today), newest first."""
    if status is not None and status not in STATUSES:
        raise CommuniqueError("E020", f"unknown commitment status {status!r}; choose one of {', '.join(STATUSES)}")
    today = _as_of(as_of)
    where: list[str] = []
    params: list[str] = []
    _party_filter("parties", party, where, params)
    found = []
    for row in db.execute(f"SELECT * FROM commitments{_where(where)} ORDER BY date DESC, doc_id, commitment_id",
                          params):
        fulfilled_by = _fulfilment(db, row, today)
        if fulfilled_by is not None:
            state = "fulfilled"
        elif row["deadline"] and row["deadline"] < today:
            state = "overdue"
        else:
            state = "open"
        if status is None or state == status:
            found.append({**json.loads(row["record"]), "doc_id": row["doc_id"], "date": row["date"],
                          "status": state, "fulfilled_by": fulfilled_by})
    return found


def _as_of(as_of: str | date | None) -> str:
    if as_of is None:
        return date.today().isoformat()
    text = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise CommuniqueError("E022", f"--as-of takes an ISO day like 2024-12-31 (got {text!r})") from None
    return text


def _fulfilment(db: sqlite3.Connection, row: sqlite3.Row, today: str) -> dict | None:
    """The first later event, up to ``today``, that carries out the commitment."""
    parties = [code for code in row["parties"].split(";") if code]
    if not row["action_type"] or not parties or not _dated(row["date"]):
        return None
    where = ["plover_type = ?", "doc_id != ?", "date > ?", "date <= ?", "coalesce(planned, 0) = 0",
             "substr(date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'"]  # a date without a year cannot be compared
    params = [row["action_type"], row["doc_id"], row["date"], today]
    for code in parties:
        where.append("codes LIKE ?")
        params.append(f"%;{code};%")
    record = json.loads(row["record"])
    if row["action_type"] not in FULFILLABLE and not (record.get("action_cameo") or "").startswith(SIGNING):
        return None  # "deepen our ties", "stand with the people": no one event carries them out
    targets = record.get("action_targets") or []
    if len(set(parties) | set(targets)) < 2:
        return None  # one party's own act ("receive regular updates"): no event between parties shows it
    for code in targets:  # "provide assistance to Indonesia": an event with Indonesia
        where.append("codes LIKE ?")
        params.append(f"%;{code};%")
    within, until = _window(row["when_text"], record.get("deadline"))
    first, last = _on_day(row["when_text"], record.get("deadline"))
    wanted = _stem(record["action_object"]) if record.get("action_object") else None
    # the people named (who commits, whom the action is with) must be named by the event's sentence too
    people = [words for name in record.get("action_people") or () if (words := _name_words(name))]
    series, series_round = record.get("action_mechanism"), record.get("action_round")
    place = record.get("action_place")
    verb = row["action"].split(" ", 1)[0]
    content = _words(row["action"]) - {_stem(verb)}
    meeting = row["action_type"] == "CONSULT" and bool(people)  # "host President Lula": its people say enough
    if not series and not meeting and len(content) < 2 and not (verb in BARE_MEETINGS and row["when_text"]):
        # "cooperate", "share information", "continue to consult": nothing an event's sentence can show; only
        # "meet again soon", "speak again in the coming days" are done by any meeting in their time
        return None
    if not (within or until):  # no timing: within a year, else it is another occasion; what a meeting is to
        # discuss, at that meeting (within a month: "They will also discuss migration")
        until = _a_month_after(row["date"]) if verb in AGENDA_VERBS else _a_year_after(row["date"])
    in_person = verb in IN_PERSON and "virtual" not in row["action"]
    for match in db.execute(f"SELECT event_id, doc_id, date, mode, sentence, trigger, published, deed, country, call"
                            f" FROM diplomacy_events{_where(where)} ORDER BY date, doc_id", params):
        day, sentence = match["date"], match["deed"] or match["sentence"] or ""
        if _dated(match["published"]) and day[:10] > match["published"][:10]:
            continue  # "discussed the upcoming visit ... on August 30", dated after its own report
        if (until and day[:len(until)] > until[:len(day)]) or (within and not day.startswith(within)):
            continue  # outside the timing: "in September" is not done in August
        if first and (len(day) < 10 or not first <= day <= last):
            continue  # "on June 8": that day (or reported with the next), not a call five days before
        if in_person and (match["mode"] == "phone" or (match["trigger"] or "").lower() in CALL_TRIGGERS
                          or (match["call"] and (match["trigger"] or "").lower() not in MET_TRIGGERS)):
            continue  # a call (or what was discussed in one) does not hold a promised visit or meeting
        if series and not _holds(db, match, series, series_round):
            continue  # "hold the fifth round of the dialogue": a later event that holds that round
        if place and match["country"] != place:
            continue  # "visit Canada": not a meeting in Los Angeles
        if any(not any(re.search(rf"\b{re.escape(word)}\b", sentence) for word in words) for words in people):
            continue  # "President Biden will welcome President Lula": not a meeting of others
        if match["sentence"] is not None and not series:
            found = _words(sentence)
            if wanted and wanted not in found:
                continue  # another act of the same type: "hold a dialogue" is not done by a trip
            if not meeting and len(content & found) < (len(content) if len(content) <= 3
                                                        else max(3, (len(content) + 1) // 2)):
                continue  # "cooperate on reducing risks of AI content": not "expanded development assistance"
        return {"event_id": match["event_id"], "doc_id": match["doc_id"], "date": day,
                "evidence": match["sentence"]}
    return None


def _a_month_after(day: str) -> str:
    """The last day an agenda item ("will discuss ...") without timing is followed up to: 31 days on."""
    if len(day) < 10:
        return day
    return (date.fromisoformat(day[:10]) + timedelta(days=31)).isoformat()


def _a_year_after(day: str) -> str:
    """The last day a commitment without timing is followed up to: a year after it was made."""
    year = int(day[:4]) + 1
    return f"{year}{day[4:10]}" if len(day) >= 10 and day[5:10] != "02-29" else f"{year}{day[4:7] or '-12'}"


def _holds(db: sqlite3.Connection, event: sqlite3.Row, name: str, number: int | None) -> bool:
    """Whether the event's document reports the series ``name`` held by that event (on its day), and the
    round ``number`` when both say which."""
    for (record,) in db.execute("SELECT record FROM mechanisms WHERE doc_id = ? AND name = ? AND date IS NOT NULL",
                                (event["doc_id"], name)):
        held = json.loads(record)
        if number is not None and held.get("round") is not None and held["round"] != number:
            continue
        if held.get("event_id") == event["event_id"] or (held.get("date") or {}).get("value") == event["date"]:
            return True
    return False


# Titles and honorifics: no part of a person's name that an event's sentence must repeat.
TITLES = frozenset({"President", "Prime", "Minister", "Vice", "Secretary", "General", "Chancellor", "King", "Queen",
                    "Prince", "Princess", "Crown", "Sheikh", "His", "Her", "Highness", "Majesty", "Excellency",
                    "Royal", "Emir", "Sultan", "Pope", "Cardinal", "Archbishop", "Taoiseach", "Premier", "Governor",
                    "Senator", "Ambassador", "State", "Foreign", "Defense", "Defence", "National", "Security",
                    "Advisor", "Adviser", "Chairman", "Chair", "Director", "Deputy", "First", "Lady", "Second",
                    "Gentleman", "The", "Federal", "Chief", "Executive", "Jr", "Sr", "Bin", "Al"})
# Trigger words of a call: not a visit or meeting in person.
CALL_TRIGGERS = frozenset({"spoke", "speak", "speaks", "called", "call", "calls", "phoned"})


def _name_words(name: str) -> list[str]:
    """"Luiz Inácio Lula da Silva" -> Luiz, Inácio, Lula, Silva: the words of a person's name, one of which
    an event's sentence must have."""
    return [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if w[:1].isupper() and len(w) >= 3 and w not in TITLES]


def _on_day(when: str | None, deadline: dict | None) -> tuple[str | None, str | None]:
    """The days an event must fall on for a timing that names one day ("on June 8", "On Thursday, March 1"):
    that day or the next (a meeting reported a day later); none for a bound ("by June 8") or a count of
    days ("next week")."""
    if not when or not deadline or deadline.get("precision") != "day" or not deadline.get("value"):
        return None, None
    text = when.lower().lstrip()
    if text.startswith(UPPER_BOUND) or deadlines().days(when) is not None:
        return None, None
    day = date.fromisoformat(deadline["value"][:10])
    return day.isoformat(), (day + timedelta(days=1)).isoformat()


# Action types one later event can carry out (meetings, aid, cooperation, agreements, force, ...), and
# CAMEO's "sign formal agreement" among the otherwise verbal SUPPORT acts.
FULFILLABLE = frozenset({"CONSULT", "AID", "COOPERATE", "RETREAT", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
                         "CONCEDE"})
SIGNING = "057"
# Actions done in person: a phone call does not fulfil them.
IN_PERSON = frozenset({"meet", "visit", "host", "welcome", "hold", "travel", "receive", "attend"})
# Meeting verbs a later meeting of the parties carries out without more words ("meet again soon", "speak again
# in the coming days", "continue to consult closely"); any other action must share words with the event.
# Verbs of a meeting's agenda: what it is to discuss is discussed at it, not at any later meeting.
AGENDA_VERBS = frozenset({"discuss", "review", "talk", "exchange", "explore", "address", "consider"})
BARE_MEETINGS = frozenset({"meet", "speak", "talk", "consult", "visit", "convene", "reconvene", "gather"})
# Trigger words of a meeting in person: what a call document reports with them was no part of the call.
MET_TRIGGERS = frozenset({"met", "meet", "meets", "hosted", "host", "hosts", "welcomed", "welcome", "visited", "visit",
                          "received", "attended", "held", "convened", "traveled", "travelled"})
# Timing words that set only an upper bound ("by the end of 2024", "before the summit").
UPPER_BOUND = ("by ", "before ", "within ", "until ", "no later ", "not later ", "ahead of ", "prior to ")
# Words of an action that say nothing of what is done.
VAGUE = frozenset({"high", "level", "again", "closely", "close", "regular", "regularly", "also",
                   "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "and", "their", "its", "our",
                   "his", "her", "this", "these", "that", "those", "both", "two", "further", "next", "new", "other",
                   "all", "more", "each", "between"})


def _window(when: str | None, deadline: dict | None) -> tuple[str | None, str | None]:
    """The period an event must fall in to carry the commitment out: (a prefix its date must have, the
    last day). "in September 2024" -> ("2024-09", "2024-09-30"); "by the end of 2024" -> (None,
    "2024-12-31"); "next week" (a count of days) -> (None, its seventh day); no deadline: no window."""
    if not deadline or not deadline.get("value"):
        return None, None
    last = deadline["value"]
    text = (when or "").lower().lstrip()
    if text.startswith(UPPER_BOUND) or text.startswith("the end") or deadline.get("precision") == "day":
        return None, last
    return {"month": last[:7], "year": last[:4]}.get(deadline.get("precision") or ""), last


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in VAGUE and len(w) > 2}


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
