-- communique store, schema version 2.
--   documents: one row per input document, whatever its status.
--   mentions:  one coded event occurrence in one document, with its evidence (the contract's events).
--   participants: the actors and recipients of a mention, as the document names them.
--   events:    deduplicated events: mentions with the same key (communique/store/dedup.py) are one
--              event, counted like GDELT's NumMentions / NumSources / NumArticles.
--   event_actors, event_pairs: which codes and dyads take part in an event, by date (filters).
--   timeline_days: sums of events per code or dyad and day (timelines).
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
    dyad            TEXT,              -- "CHN-RUS" when exactly two distinct codes take part (event_pairs has all)
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

-- Which codes and which dyads take part in each event, by date, so that a filtered list walks its
-- index in date order ("newest 50 of CHN-RUS"). date is '' for an undated event (a key cannot be NULL).
CREATE TABLE IF NOT EXISTS event_actors (
    code     TEXT NOT NULL,
    date     TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (code, date, event_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_pairs (
    dyad     TEXT NOT NULL,   -- every pair of distinct codes of an event, sorted: "CHN-RUS"
    date     TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (dyad, date, event_id)
) WITHOUT ROWID;

-- Timelines read this rollup instead of the events: per subject (a code or a dyad), event date and
-- polarity, the sums over its events. Kept in step with events in the same transaction.
CREATE TABLE IF NOT EXISTS timeline_days (
    subject       TEXT NOT NULL,
    day           TEXT NOT NULL,     -- the event date as stored: "2023-09-19", "2023-09" or "2023"
    negated       INTEGER NOT NULL,
    modality      TEXT NOT NULL,
    events        INTEGER NOT NULL,
    mentions      INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    quad1         INTEGER NOT NULL,
    quad2         INTEGER NOT NULL,
    quad3         INTEGER NOT NULL,
    quad4         INTEGER NOT NULL,
    PRIMARY KEY (subject, day, negated, modality)
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
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_type ON events(plover_type);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors(event_id);
CREATE INDEX IF NOT EXISTS event_pairs_event ON event_pairs(event_id);
