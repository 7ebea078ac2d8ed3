-- Job summaries and pair pages without reading every pair's JSON (docs/performance.md, "API under load").
-- The last pass's counts (also in progress_json), as columns so that a job's totals are one SQL aggregate; rows of
-- earlier releases are filled in from their progress_json.
ALTER TABLE mailbox_pair ADD COLUMN items_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN items_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN items_copied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN items_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN items_failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN bytes_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailbox_pair ADD COLUMN bytes_done INTEGER NOT NULL DEFAULT 0;

UPDATE mailbox_pair
SET items_total   = COALESCE(json_extract(progress_json, '$.itemsTotal'), 0),
    items_done    = COALESCE(json_extract(progress_json, '$.itemsDone'), 0),
    items_copied  = COALESCE(json_extract(progress_json, '$.itemsCopied'), 0),
    items_skipped = COALESCE(json_extract(progress_json, '$.itemsSkipped'), 0),
    items_failed  = COALESCE(json_extract(progress_json, '$.itemsFailed'), 0),
    bytes_total   = COALESCE(json_extract(progress_json, '$.bytesTotal'), 0),
    bytes_done    = COALESCE(json_extract(progress_json, '$.bytesDone'), 0)
WHERE progress_json IS NOT NULL;

-- Pages of a job's pairs in their order (ORDER BY position without sorting the whole job).
CREATE INDEX mailbox_pair_position ON mailbox_pair (job_id, position);
-- Covers the totals query: counts and sums per job and state are read from this index alone, never from the rows,
-- which carry the (large) report JSON.
CREATE INDEX mailbox_pair_totals ON mailbox_pair (job_id, state, id, items_total, items_done, items_copied,
                                                  items_skipped, items_failed, bytes_total, bytes_done,
                                                  throttled_millis);
-- The dashboard's throttled time of today's passes, without scanning every pair.
CREATE INDEX mailbox_pair_throttled ON mailbox_pair (last_run_ended_at) WHERE throttled_millis > 0;
-- The license's seats (distinct source mailboxes that ever started a pass), without scanning every pair.
CREATE INDEX mailbox_pair_started ON mailbox_pair (job_id, lower(source_mailbox)) WHERE last_run_started_at IS NOT NULL;
