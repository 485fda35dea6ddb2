-- communique store, schema version 1. One row per input document (whatever its status), one row
-- per coded event occurrence, one row per participant of an event.
CREATE TABLE IF NOT EXISTS documents (
    doc_id      TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('coded', 'skipped', 'failed')),
    reason      TEXT,
    title       TEXT,
    source      TEXT,
    url         TEXT,
    published   TEXT,
    event_date  TEXT,
    text_hash   TEXT,
    record      TEXT NOT NULL,   -- the full output-contract object, as JSON
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE IF NOT EXISTS events (
    event_id        TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    date            TEXT,
    date_precision  TEXT,
    plover_type     TEXT,
    plover_mode     TEXT,
    cameo_code      TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    goldstein       REAL NOT NULL,
    quad_class      INTEGER NOT NULL,
    actor_codes     TEXT NOT NULL,   -- "CHN;RUS": codes of the actor side, sorted
    recipient_codes TEXT NOT NULL,
    dyad            TEXT,            -- "CHN-RUS": the two distinct country codes, sorted, when there are two
    place           TEXT,
    country         TEXT,
    negated         INTEGER NOT NULL,
    modality        TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    sentence        TEXT NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    confidence      REAL NOT NULL,
    rule            TEXT NOT NULL,
    record          TEXT NOT NULL    -- the event object of the contract, as JSON
);

CREATE TABLE IF NOT EXISTS participants (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    code     TEXT,
    sector   TEXT,
    name     TEXT,
    text     TEXT NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_dyad_date ON events(dyad, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_type ON events(plover_type);
CREATE INDEX IF NOT EXISTS participants_event ON participants(event_id);
CREATE INDEX IF NOT EXISTS participants_code ON participants(code, event_id);
