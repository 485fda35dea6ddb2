-- communique store, schema version 2.
--   documents: one row per input document, whatever its status.
--   mentions:  one coded event occurrence in one document, with its evidence (the contract's events).
--   participants: the actors and recipients of a mention, as the document names them.
--   events:    deduplicated events: mentions with the same key (communique/store/dedup.py) are one
--              event, counted like GDELT's NumMentions / NumSources / NumArticles.
--   event_actors, event_pairs: which codes and dyads take part in an event (filters, timelines).
--   actors:    every (code, sector, name) seen in a mention.
-- Other layers add their own tables in their own .sql file (see Store.SCHEMA_FILES).
CREATE TABLE IF NOT EXISTS documents (
    doc_id      TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('coded', 'skipped', 'failed')),
    reason      TEXT,
    title       TEXT,
    source      TEXT,
    url         TEXT,
    outlet      TEXT NOT NULL,   -- who published it: source, else the URL's host, else the doc itself
    published   TEXT,
    event_date  TEXT,
    text_hash   TEXT,            -- syndicated copies share it and count as one article
    text        TEXT,            -- the document's text, which the offsets of its mentions point into
    record      TEXT NOT NULL,   -- the full output-contract object, as JSON
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id      TEXT PRIMARY KEY,  -- the contract's event id
    event_id        TEXT NOT NULL,     -- the deduplicated event it is a mention of
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
    place           TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
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
    mention_id TEXT NOT NULL REFERENCES mentions(mention_id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    code       TEXT,
    sector     TEXT,
    name       TEXT,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id        TEXT PRIMARY KEY,  -- 16 hex digits of the SHA-256 of the dedup key
    date            TEXT,
    date_precision  TEXT,
    plover_type     TEXT,
    plover_mode     TEXT,
    cameo_code      TEXT NOT NULL,
    cameo_root      TEXT NOT NULL,
    goldstein       REAL NOT NULL,
    quad_class      INTEGER NOT NULL,
    actor_codes     TEXT NOT NULL,
    recipient_codes TEXT NOT NULL,
    dyad            TEXT,              -- "CHN-RUS" when exactly two distinct codes take part, sorted
    place           TEXT,
    country         TEXT,
    lat             REAL,
    lon             REAL,
    negated         INTEGER NOT NULL,
    modality        TEXT NOT NULL,
    num_mentions    INTEGER NOT NULL,  -- mentions in all documents (GDELT NumMentions)
    num_sources     INTEGER NOT NULL,  -- distinct outlets (GDELT NumSources)
    num_articles    INTEGER NOT NULL,  -- distinct texts: a syndicated copy counts once (GDELT NumArticles)
    num_documents   INTEGER NOT NULL,  -- distinct stored documents, copies included
    mention_id      TEXT,              -- the representative mention: most confident, then earliest
    doc_id          TEXT,
    trigger         TEXT,
    sentence        TEXT,
    confidence      REAL,
    rule            TEXT,
    url             TEXT,
    source          TEXT,
    title           TEXT,
    first_seen      TEXT,              -- when its first mention was stored (GDELT DATEADDED)
    imported        INTEGER NOT NULL DEFAULT 0  -- 1: loaded by `communique import`, not from mentions
);

CREATE TABLE IF NOT EXISTS event_actors (
    code     TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (code, event_id)
) WITHOUT ROWID;

-- Dyads of events with three or more codes (a two-code event's dyad is events.dyad).
CREATE TABLE IF NOT EXISTS event_pairs (
    dyad     TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (dyad, event_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS actors (
    code   TEXT NOT NULL,
    sector TEXT NOT NULL,
    name   TEXT NOT NULL,
    PRIMARY KEY (code, sector, name)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS documents_hash ON documents(text_hash);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);
CREATE INDEX IF NOT EXISTS participants_mention ON participants(mention_id);
CREATE INDEX IF NOT EXISTS participants_code ON participants(code);
-- Covering: a dyad timeline reads this index only.
CREATE INDEX IF NOT EXISTS events_dyad_date
    ON events(dyad, date, negated, modality, goldstein, quad_class, num_mentions);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_type ON events(plover_type);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id);
CREATE INDEX IF NOT EXISTS event_pairs_event ON event_pairs(event_id);
