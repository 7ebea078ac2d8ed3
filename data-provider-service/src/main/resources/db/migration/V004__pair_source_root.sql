-- The source folder a pair is confined to (Microsoft's UserRoot, "/"-separated, e.g. users/terry.adams): only that
-- subtree migrates, as if it were the whole mailbox. NULL, as for every existing pair, means the whole mailbox.
ALTER TABLE mailbox_pair ADD COLUMN source_root TEXT;
