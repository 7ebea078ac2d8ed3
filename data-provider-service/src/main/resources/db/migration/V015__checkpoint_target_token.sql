-- The target folder's state kept with a folder checkpoint (ADR 0027): read before verification listed the target
-- folder, kept only when that verification found the folder exact and wrote nothing; NULL otherwise. A delta that
-- finds both the source token and this one unchanged proves the folder unchanged without listing either side.
ALTER TABLE folder_token ADD COLUMN target_token TEXT;
