-- The pairs a schedule stopped at the end of an activity period, which the next period resumes; pairs the admin
-- stopped stay stopped. Pairs already stopped by a paused schedule before this version keep resuming as they did.
ALTER TABLE mailbox_pair ADD COLUMN schedule_paused INTEGER NOT NULL DEFAULT 0;
UPDATE mailbox_pair SET schedule_paused = 1
    WHERE state = 'STOPPED' AND job_id IN (SELECT job_id FROM job_schedule WHERE paused = 1);
