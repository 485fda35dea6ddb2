-- Analyst corrections (communique/store/corrections.py), kept apart from the machine's coding: re-coding
-- replaces mentions and events, never these rows. Each is anchored to the evidence of a mention (its
-- document, sentence and trigger), not to ids that re-coding changes, and follows that mention's event.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id INTEGER PRIMARY KEY,
    event_id      TEXT NOT NULL,     -- the event it applies to (the last one, once orphaned)
    doc_id        TEXT NOT NULL,     -- anchor: the document of the corrected mention
    sentence      TEXT NOT NULL,     -- anchor: its evidence sentence, as text (offsets move between versions)
    trigger       TEXT NOT NULL,     -- anchor: its trigger word(s)
    rule          TEXT,              -- anchor: the rule that coded it (prefers the same mention on a tie)
    mention_id    TEXT,              -- the mention it is anchored to now
    changes       TEXT NOT NULL,     -- JSON: the fields changed, e.g. {"plover": null} (not an event)
    author        TEXT NOT NULL,
    note          TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    orphaned      TEXT               -- why it no longer applies (its mention is gone), NULL while it does
);

CREATE INDEX IF NOT EXISTS corrections_event ON corrections(event_id);
CREATE INDEX IF NOT EXISTS corrections_doc ON corrections(doc_id);
