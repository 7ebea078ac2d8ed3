-- A Gmail connection that names no IMAP host reaches imap.gmail.com, but its mailboxes' seats were named by the
-- connection's id, so a second connection to the same account took a second seat (docs/licensing.md: the same mailbox
-- on the same server is one seat). They are named by the host now; a seat the account holds under that name already
-- is kept, and the other goes.
UPDATE OR IGNORE seat SET source = 'gmail:imap.gmail.com' || substr(source, instr(source, '/'))
WHERE EXISTS (SELECT 1 FROM connection c
              WHERE c.kind = 'GMAIL' AND seat.source LIKE lower('gmail:' || c.id) || '/%');
DELETE FROM seat
WHERE EXISTS (SELECT 1 FROM connection c
              WHERE c.kind = 'GMAIL' AND seat.source LIKE lower('gmail:' || c.id) || '/%');
