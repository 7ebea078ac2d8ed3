-- Licensing (docs/licensing.md, ADR 0017). The installed license key, as the admin entered it (at most one row: a new
-- key replaces the old one). It is verified again whenever it is read, so a key whose issuer was removed from the data
-- directory stops counting.
CREATE TABLE license (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    key_text     TEXT NOT NULL,
    installed_at INTEGER NOT NULL
);

-- The seats taken: one row per source mailbox that ever started a pass, for good (deleting its job or pair does not
-- give the seat back). source = "<connection kind>:<server>/<mailbox>", lower-cased, so the same mailbox reached
-- through another connection to the same server is the same seat.
CREATE TABLE seat (
    source           TEXT PRIMARY KEY,
    first_started_at INTEGER NOT NULL
);

-- Mailboxes that started before this release keep their seats.
INSERT OR IGNORE INTO seat (source, first_started_at)
SELECT lower(c.kind || ':' || COALESCE(json_extract(c.settings_json, '$.host'),
                                       json_extract(c.settings_json, '$.tenantId'),
                                       json_extract(c.settings_json, '$.url'), c.id)
             || '/' || trim(p.source_mailbox)),
       MIN(p.last_run_started_at)
FROM mailbox_pair p
JOIN job j ON j.id = p.job_id
JOIN connection c ON c.id = j.source_connection_id
WHERE p.last_run_started_at IS NOT NULL
GROUP BY 1;
