-- A restore queued by the integrity check (B6) to repair a workspace whose rows sat on a damaged
-- page: trigger 'repair', no requesting user.
ALTER TABLE backup_job DROP CONSTRAINT backup_job_trigger_check;
ALTER TABLE backup_job ADD CONSTRAINT backup_job_trigger_check CHECK (trigger IN ('schedule', 'request', 'repair'));
