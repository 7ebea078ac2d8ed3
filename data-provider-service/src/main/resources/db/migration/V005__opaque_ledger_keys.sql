-- The ledger and checkpoints keyed by opaque strings the connectors choose (ADR 0007): item ids, folder ids,
-- folder epochs, write marks and change tokens, instead of the IMAP UIDVALIDITY/UID/UIDNEXT/HIGHESTMODSEQ numbers.
-- Rows written by earlier releases (IMAP only) are converted in place to the spelling of the IMAP connector:
--   source item  "<UIDVALIDITY>:<UID>"      source epoch "<UIDVALIDITY>"
--   target item  "<UIDVALIDITY>:<UID>"      (NULL when the UID was unknown)
--   write mark   "<UIDVALIDITY>:<UIDNEXT>"  checkpoint token "<UIDVALIDITY>:<UIDNEXT>:<HIGHESTMODSEQ>"
-- Folder ids of IMAP folders are their decoded "/"-joined paths, which is what the old rows hold already.

CREATE TABLE ledger_entry (
    pair_id       TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE,
    source_folder TEXT NOT NULL,
    source_item   TEXT NOT NULL,
    source_epoch  TEXT NOT NULL,
    source_order  INTEGER NOT NULL,
    target_folder TEXT NOT NULL,
    target_mark   TEXT,
    target_item   TEXT,
    dedup_key     TEXT,
    size          INTEGER NOT NULL,
    sha256        TEXT,
    state         TEXT NOT NULL,
    reason        TEXT,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (pair_id, source_folder, source_item)
) WITHOUT ROWID;

INSERT INTO ledger_entry (pair_id, source_folder, source_item, source_epoch, source_order, target_folder, target_mark,
                          target_item, dedup_key, size, sha256, state, reason, updated_at)
SELECT pair_id, source_folder, source_uid_validity || ':' || source_uid, CAST(source_uid_validity AS TEXT), source_uid,
       target_folder,
       CASE WHEN target_uid_validity > 0 THEN target_uid_validity || ':' || target_uid_next_before END,
       CASE WHEN target_uid > 0 AND target_uid_validity > 0 THEN target_uid_validity || ':' || target_uid END,
       dedup_key, size, sha256, state, reason, updated_at
FROM ledger_item;

DROP TABLE ledger_item;

CREATE INDEX ledger_entry_pending ON ledger_entry (pair_id) WHERE state = 'PENDING';
CREATE INDEX ledger_entry_target ON ledger_entry (pair_id, target_folder);

CREATE TABLE folder_token (
    pair_id       TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE,
    source_folder TEXT NOT NULL,
    token         TEXT NOT NULL,
    selection     TEXT NOT NULL,
    items         INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (pair_id, source_folder)
) WITHOUT ROWID;

INSERT INTO folder_token (pair_id, source_folder, token, selection, items, bytes, updated_at)
SELECT pair_id, source_folder, uid_validity || ':' || uid_next || ':' || highest_mod_seq, selection, items, bytes,
       updated_at
FROM folder_checkpoint
WHERE highest_mod_seq > 0;

DROP TABLE folder_checkpoint;
