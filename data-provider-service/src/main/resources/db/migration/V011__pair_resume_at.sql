-- A pair a server's long-lasting limit paused (Google's daily IMAP download limit): when the service resumes it by
-- itself (epoch milliseconds) and what paused it, in words that follow "Paused by". Both NULL when nothing paused it;
-- cleared when a pass of the pair starts.
ALTER TABLE mailbox_pair ADD COLUMN resume_at INTEGER;
ALTER TABLE mailbox_pair ADD COLUMN paused_by TEXT;
CREATE INDEX mailbox_pair_resume_at ON mailbox_pair (resume_at) WHERE resume_at IS NOT NULL;
