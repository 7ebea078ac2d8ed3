-- Why the schedule's last pass did not start, or started only partly (the summary says it until a pass starts): kept
-- here so that a restart of the service does not forget it.
ALTER TABLE job_schedule ADD COLUMN refusal TEXT;
