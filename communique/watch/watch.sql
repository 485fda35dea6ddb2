-- communique store: the tables of `communique watch` (communique/watch/state.py). Created by the first
-- watch on a store; a store that was never watched has none of them, and reads of alerts answer empty.
CREATE TABLE IF NOT EXISTS watch_sources (
    url           TEXT PRIMARY KEY,  -- as the sources file or the command line gives it
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,     -- feed | page
    etag          TEXT,              -- sent back as If-None-Match
    last_modified TEXT,              -- sent back as If-Modified-Since
    last_poll     TEXT,              -- when it was last polled (UTC, ISO), whatever came of it
    last_ok       TEXT,              -- when a poll last succeeded (200 or 304)
    last_status   INTEGER,           -- the HTTP status of the last poll (null: no answer)
    failures      INTEGER NOT NULL DEFAULT 0,  -- polls failed in a row
    last_error    TEXT,              -- one line: why the last poll failed (null after a success)
    polls         INTEGER NOT NULL DEFAULT 0,
    documents     INTEGER NOT NULL DEFAULT 0   -- documents it has handed to the store (new or changed)
);

-- The items a feed has shown, with a hash of the entry as the feed showed it: an entry seen unchanged is
-- not fetched or coded again (its article page is not asked for twice), one whose text changed is.
CREATE TABLE IF NOT EXISTS watch_items (
    source     TEXT NOT NULL,
    item_id    TEXT NOT NULL,        -- the document id (the feed's guid, else a hash of its text)
    entry_hash TEXT NOT NULL,
    seen       TEXT NOT NULL,        -- when it was first seen
    PRIMARY KEY (source, item_id)
) WITHOUT ROWID;

-- Every alert fired, once: the key says what it is about (rule name + event, round, commitment or day),
-- so that a later poll that sees the same thing again does not fire it again.
CREATE TABLE IF NOT EXISTS watch_alerts (
    key      TEXT PRIMARY KEY,
    rule     TEXT NOT NULL,          -- the alert's name in the sources file
    kind     TEXT NOT NULL,          -- event | round | commitment | goldstein
    fired_at TEXT NOT NULL,
    message  TEXT NOT NULL,          -- one line for people
    record   TEXT NOT NULL           -- the alert as JSON (what the log and the webhook get)
);
CREATE INDEX IF NOT EXISTS watch_alerts_fired ON watch_alerts(fired_at);
