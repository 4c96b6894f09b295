-- Full exports of a workspace (D1): a job per request, worked by the backup worker; the archive is
-- kept in the backup store (the workspace's region), encrypted under the workspace's files key, for
-- a limited time.
CREATE TABLE export_job (
    tenant_id      uuid NOT NULL REFERENCES tenant (id),
    id             uuid NOT NULL,
    state          text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'expired')),
    requested_by   uuid NOT NULL,
    requested_at   timestamptz(3) NOT NULL,
    started_at     timestamptz(3),
    finished_at    timestamptz(3),
    expires_at     timestamptz(3),
    passphrase     bytea,          -- sealed under the workspace's key until the archive is written, then cleared
    protected      boolean NOT NULL,
    store          text,
    tables_done    int NOT NULL DEFAULT 0,
    tables_total   int,
    row_count      bigint,
    size_bytes     bigint,
    sha256         text,
    downloads      int NOT NULL DEFAULT 0,
    error          text CHECK (length(error) <= 1000),
    PRIMARY KEY (tenant_id, id)
);
-- one export at a time per workspace
CREATE UNIQUE INDEX export_job_one_open ON export_job (tenant_id) WHERE state IN ('queued', 'running');
SELECT enable_tenant_isolation('export_job');
-- operational state, like the backup jobs: a restore neither copies nor touches it
DROP TRIGGER restore_guard ON export_job;
COMMENT ON COLUMN export_job.passphrase IS 'secret: the passphrase the archive is encrypted to, until it is';

-- The worker must find work across tenants: exports waiting, and archives past their time.
CREATE POLICY export_scan ON export_job FOR SELECT TO ${flyway:user} USING (true);
CREATE FUNCTION export_jobs_due(p_now timestamptz, p_limit int)
    RETURNS TABLE (tenant_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT j.tenant_id, j.id FROM public.export_job j
     WHERE j.state IN ('queued', 'running') OR (j.state = 'succeeded' AND j.expires_at <= p_now)
     ORDER BY j.requested_at, j.id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION export_jobs_due(timestamptz, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION export_jobs_due(timestamptz, int) TO ${runtime_role};
