-- The history of passes (every pass of every pair, where mailbox_pair keeps only the last one) and the alerts the
-- service raised. Instants are epoch milliseconds.

-- One row per pass that ended with a report, written together with the pair's last outcome.
CREATE TABLE pass (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id        TEXT NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    pair_id       TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('FULL', 'DELTA')),
    state         TEXT NOT NULL,
    started_at    INTEGER,
    ended_at      INTEGER NOT NULL,
    items_copied  INTEGER NOT NULL,
    items_skipped INTEGER NOT NULL,
    items_failed  INTEGER NOT NULL,
    bytes_copied  INTEGER NOT NULL,
    verified      INTEGER NOT NULL,
    verdict       TEXT
);

-- A job's passes, newest first.
CREATE INDEX pass_job ON pass (job_id, ended_at);
-- Pairs are deleted one at a time: their passes go with them without a scan.
CREATE INDEX pass_pair ON pass (pair_id);

-- One row per condition the periodic check found (kind + subject), from first to last seen; cleared_at is set when
-- the condition ended, and a later return of it is a new row. mailed_at is the last mail about it: at most one per
-- alert and period, across restarts.
CREATE TABLE alert (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    message    TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    cleared_at INTEGER,
    mailed_at  INTEGER
);

-- At most one open alert per kind and subject.
CREATE UNIQUE INDEX alert_open ON alert (kind, subject) WHERE cleared_at IS NULL;
-- When a kind and subject was last mailed, across its cleared and open rows.
CREATE INDEX alert_mailed ON alert (kind, subject, mailed_at);

-- Failed items by pair and reason: the overall report's failures by reason and the "target refuses items" alert read
-- only these rows.
CREATE INDEX ledger_entry_failed ON ledger_entry (pair_id, reason) WHERE state = 'FAILED';
