-- The ledger's hash of the bytes written is no longer a SHA-256 (ADR 0038): the column is named for what it holds.
-- Rows written before keep their hex SHA-256, which crash reconciliation still recognises.
ALTER TABLE ledger_entry RENAME COLUMN sha256 TO content_hash;
