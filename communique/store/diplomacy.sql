-- communique store: the diplomacy layer's tables (communique/store/diplomacy.py). Kept apart from the
-- core schema: each row belongs to one document (doc_id) and is replaced when the document is.
CREATE TABLE IF NOT EXISTS mechanisms (
    mechanism_id TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    name         TEXT NOT NULL,      -- the normalized name: the series key
    text         TEXT NOT NULL,      -- as the document writes it
    parties      TEXT NOT NULL,      -- ";CHN;RUS;": codes, sorted, delimited for LIKE filters
    round        INTEGER,
    date         TEXT,               -- of the event that held this round (null when only named)
    place        TEXT,
    country      TEXT,
    co_chairs    TEXT NOT NULL,      -- JSON list of {name, text, code}
    sentence     TEXT NOT NULL,
    record       TEXT NOT NULL,      -- the mechanism object of the output contract, as JSON
    PRIMARY KEY (doc_id, mechanism_id)
);

CREATE TABLE IF NOT EXISTS positions (
    position_id  TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    date         TEXT,               -- the document's event date
    holders      TEXT NOT NULL,      -- ";RUS;"
    stance       TEXT NOT NULL CHECK (stance IN ('support', 'oppose')),
    topic        TEXT NOT NULL,
    topic_text   TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL,      -- ";CHN;" or ""
    topic_parties TEXT,              -- ";ISR;": whom the topic is about ("Israel's security"), or ""
    sentence     TEXT NOT NULL,
    record       TEXT NOT NULL,
    PRIMARY KEY (doc_id, position_id)
);

CREATE TABLE IF NOT EXISTS commitments (
    commitment_id TEXT NOT NULL,
    doc_id        TEXT NOT NULL,
    date          TEXT,              -- the document's event date: the day it was made
    parties       TEXT NOT NULL,     -- ";CHN;RUS;"
    action        TEXT NOT NULL,
    action_type   TEXT,              -- PLOVER type of the action, as the event lexicon codes it
    when_text     TEXT,
    deadline      TEXT,              -- ISO day, the last day the timing allows
    sentence      TEXT NOT NULL,
    record        TEXT NOT NULL,
    PRIMARY KEY (doc_id, commitment_id)
);

-- What follow-up needs of every stored event (a later event can fulfil a commitment): kept here so
-- that the diplomacy layer does not depend on the layout of the core events tables.
CREATE TABLE IF NOT EXISTS diplomacy_events (
    event_id    TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    date        TEXT,
    plover_type TEXT,
    codes       TEXT NOT NULL,       -- ";CHN;RUS;": every participant's code, either side
    mode        TEXT,                -- PLOVER mode ("phone" does not hold a promised visit)
    sentence    TEXT,                -- the evidence: what was done, matched against the action
    trigger     TEXT,                -- the evidence's trigger word ("spoke": a call)
    published   TEXT,                -- the document's publication day: no event it reports is later
    planned     INTEGER,             -- 1: a commitment's action, a purpose ("to ...") or said after "will":
                                     -- what its document plans, not a deed
    deed        TEXT,                -- the sentence less the actions it promises: what is matched as done
    country     TEXT,                -- where the event took place (ISO3): a promised visit goes there
    call        INTEGER,             -- 1: its document reports a call (its first meeting is one)
    PRIMARY KEY (doc_id, event_id)
);

CREATE INDEX IF NOT EXISTS mechanisms_name ON mechanisms(name, round);
CREATE INDEX IF NOT EXISTS commitments_type ON commitments(action_type);
CREATE INDEX IF NOT EXISTS diplomacy_events_type ON diplomacy_events(plover_type, date);
