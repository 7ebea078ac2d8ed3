-- Time the pair's last pass waited because a server asked it to slow down (also in progress_json and report_json),
-- kept as a column so the dashboard sums today's passes without reading every pair's JSON. 0 for earlier passes.
ALTER TABLE mailbox_pair ADD COLUMN throttled_millis INTEGER NOT NULL DEFAULT 0;
