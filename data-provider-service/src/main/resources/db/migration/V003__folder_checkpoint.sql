-- Per pair and source folder, the state (UIDVALIDITY, UIDNEXT, CONDSTORE HIGHESTMODSEQ) read before the copy of the
-- last pass that verified the folder clean, and the selection rules it ran under. A delta whose source folder still
-- shows the same values has nothing to copy there and skips listing it (engine.CheckpointGate). Only a shortcut:
-- losing a row costs one listing.
CREATE TABLE folder_checkpoint (
    pair_id         TEXT NOT NULL REFERENCES mailbox_pair (id) ON DELETE CASCADE,
    source_folder   TEXT NOT NULL,
    uid_validity    INTEGER NOT NULL,
    uid_next        INTEGER NOT NULL,
    highest_mod_seq INTEGER NOT NULL,
    selection       TEXT NOT NULL,
    -- selected items verification found on the target, and their bytes: the progress of a pass that skips the folder
    items           INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (pair_id, source_folder)
) WITHOUT ROWID;
