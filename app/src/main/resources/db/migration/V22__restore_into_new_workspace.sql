-- A backup restored into a new workspace for inspection (B5): the restore job of the source
-- workspace names the new workspace; once done it records the new workspace's id.
ALTER TABLE backup_job
    ADD COLUMN target_workspace text CHECK (target_workspace ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
    ADD COLUMN target_tenant uuid REFERENCES tenant (id),
    ADD CONSTRAINT backup_job_target_restore CHECK (target_workspace IS NULL OR kind = 'restore');
