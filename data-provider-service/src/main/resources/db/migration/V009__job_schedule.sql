-- Job schedules (docs/decisions/0018-scheduler.md): the definition the admin saved and what the scheduler has done
-- with it, so that a restarted service rebuilds its triggers from here and goes on where it was. Instants are epoch
-- milliseconds.
CREATE TABLE job_schedule (
    job_id            TEXT PRIMARY KEY REFERENCES job (id) ON DELETE CASCADE,
    start_at          INTEGER NOT NULL,
    -- JSON array of activity periods as the admin wrote them, e.g. ["Mon-Fri 19-07", "Sat-Sun 0-24"]; [] = any time
    activity_periods  TEXT NOT NULL,
    delta_every_hours INTEGER NOT NULL,
    delta_until       INTEGER,
    -- zone of the periods' days and hours; NULL = the service machine's zone
    time_zone         TEXT,
    -- the pass due next (the first one, then each recurring delta); NULL = none any more
    next_pass_at      INTEGER,
    -- 1 while a pass the activity periods paused waits for the next period to resume
    paused            INTEGER NOT NULL DEFAULT 0,
    updated_at        INTEGER NOT NULL
);
