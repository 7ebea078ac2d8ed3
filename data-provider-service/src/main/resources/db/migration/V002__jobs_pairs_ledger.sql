-- Jobs, their mailbox pairs, and the ledger that makes every pass idempotent and crash-safe. Instants are epoch
-- milliseconds. Pair passwords are sealed by SecretCipher (context "pair:<id>:source|target"), like connection secrets.
CREATE TABLE job (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    -- stable key of a CLI migration (source + target + users or CSV), so a re-run is a delta on the same job
    job_key              TEXT UNIQUE,
    source_connection_id TEXT NOT NULL REFERENCES connection (id),
    target_connection_id TEXT NOT NULL REFERENCES connection (id),
    options_json         TEXT NOT NULL,
    state                TEXT NOT NULL,
    verdict              TEXT,
    created_at           INTEGER NOT NULL,
    last_run_started_at  INTEGER,
    last_run_ended_at    INTEGER
);

CREATE TABLE mailbox_pair (
    id                  TEXT PRIMARY KEY,
    job_id              TEXT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL,
    source_mailbox      TEXT NOT NULL,
    target_mailbox      TEXT NOT NULL,
    source_user         TEXT,
    source_password     BLOB,
    target_user         TEXT,
    target_password     BLOB,
    state               TEXT NOT NULL,
    progress_json       TEXT,
    error               TEXT,
    verdict             TEXT,
    report_json         TEXT,
    last_run_started_at INTEGER,
    last_run_ended_at   INTEGER,
    UNIQUE (job_id, source_mailbox)
);

CREATE INDEX mailbox_pair_state ON mailbox_pair (state);

CREATE TABLE ledger_item (
    pair_id                TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE,
    source_folder          TEXT NOT NULL,
    source_uid_validity    INTEGER NOT NULL,
    source_uid             INTEGER NOT NULL,
    target_folder          TEXT NOT NULL,
    target_uid_validity    INTEGER NOT NULL,
    target_uid_next_before INTEGER NOT NULL,
    target_uid             INTEGER NOT NULL,
    dedup_key              TEXT,
    size                   INTEGER NOT NULL,
    sha256                 TEXT,
    state                  TEXT NOT NULL,
    reason                 TEXT,
    updated_at             INTEGER NOT NULL,
    PRIMARY KEY (pair_id, source_folder, source_uid_validity, source_uid)
) WITHOUT ROWID;

CREATE INDEX ledger_item_pending ON ledger_item (pair_id) WHERE state = 'PENDING';
-- Ledger.entriesByTarget: duplicate detection and crash reconciliation look rows up by target folder and UID.
CREATE INDEX ledger_item_target ON ledger_item (pair_id, target_folder, target_uid);

-- Small service-wide values, e.g. the trial start (written once, at the first start).
CREATE TABLE setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
