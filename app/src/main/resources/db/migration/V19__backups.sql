-- Backups and restores of single tenants (B1-B5).

-- The catalog of a tenant's backups. The archives themselves live in the backup store (a directory
-- on separate storage, or S3-compatible object storage), never in this database.
CREATE TABLE backup (
    tenant_id      uuid           NOT NULL REFERENCES tenant (id),
    id             uuid           NOT NULL,
    kind           text           NOT NULL CHECK (kind IN ('daily', 'on_demand')),
    state          text           NOT NULL CHECK (state IN ('running', 'verified', 'failed')),
    store          text           NOT NULL CHECK (length(store) <= 100),
    object_key     text           NOT NULL CHECK (length(object_key) <= 500),
    started_at     timestamptz(3) NOT NULL,
    finished_at    timestamptz(3),
    verified_at    timestamptz(3),
    size_bytes     bigint,
    row_count      bigint,
    schema_version text           CHECK (length(schema_version) <= 50),
    app_version    text           CHECK (length(app_version) <= 100),
    -- the field keys its stored values may be under: kept past a rotation while the backup exists
    field_key_ids  bigint[]       NOT NULL DEFAULT '{}',
    error          text           CHECK (length(error) <= 1000),
    PRIMARY KEY (tenant_id, id)
);
SELECT enable_tenant_isolation('backup');
CREATE INDEX backup_started ON backup (tenant_id, started_at DESC);

-- Backups and restores run as jobs: 202 + this resource (state and progress). At most one job per
-- tenant is queued or running at a time (the unique index), so two requests cannot race.
CREATE TABLE backup_job (
    tenant_id    uuid           NOT NULL REFERENCES tenant (id),
    id           uuid           NOT NULL,
    kind         text           NOT NULL CHECK (kind IN ('backup', 'restore')),
    trigger      text           NOT NULL CHECK (trigger IN ('schedule', 'request')),
    state        text           NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    backup_id    uuid,
    requested_by uuid,
    requested_at timestamptz(3) NOT NULL,
    started_at   timestamptz(3),
    finished_at  timestamptz(3),
    done         bigint         NOT NULL DEFAULT 0,
    total        bigint,
    row_count    bigint,
    error        text           CHECK (length(error) <= 1000),
    PRIMARY KEY (tenant_id, id)
);
SELECT enable_tenant_isolation('backup_job');
CREATE UNIQUE INDEX backup_job_one_active ON backup_job (tenant_id) WHERE state IN ('queued', 'running');
CREATE INDEX backup_job_requested ON backup_job (tenant_id, requested_at DESC);

-- A workspace is read-only while it is restored. The restore holds, for its whole transaction, the
-- exclusive advisory lock (hashtext('strongroom.restore'), hashtext(<tenant id>)); every statement
-- that writes a tenant table takes the shared lock without waiting, so a write in flight when the
-- restore starts finishes first, and a write after it is refused (SQLSTATE SR503, answered 503 with
-- Retry-After) until the restore commits or rolls back. Reads go on and see the state before.
CREATE FUNCTION refuse_write_while_restoring()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF NOT pg_try_advisory_xact_lock_shared(hashtext('strongroom.restore'),
                                            hashtext(coalesce(current_setting('app.tenant_id', true), ''))) THEN
        RAISE EXCEPTION 'The workspace is being restored from a backup' USING ERRCODE = 'SR503';
    END IF;
    RETURN NULL;
END
$$;

-- Every tenant table gets the guard with its isolation (the helper of V14, now doing both)...
CREATE OR REPLACE FUNCTION enable_tenant_isolation(p_table regclass)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s'
        || ' USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'
        || ' WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', p_table);
    EXECUTE format('CREATE TRIGGER restore_guard BEFORE INSERT OR UPDATE OR DELETE ON %s'
        || ' FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_while_restoring()', p_table);
END
$$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;

-- ... and the tables made before this migration get it now.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT p.polrelid::regclass FROM pg_policy p
              WHERE p.polname = 'tenant_isolation'
                AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = p.polrelid AND g.tgname = 'restore_guard')
    LOOP
        EXECUTE format('CREATE TRIGGER restore_guard BEFORE INSERT OR UPDATE OR DELETE ON %s'
            || ' FOR EACH STATEMENT EXECUTE FUNCTION refuse_write_while_restoring()', t);
    END LOOP;
END
$$;

-- Tables a restore neither copies nor touches keep working during it (the registry marks them
-- "not backed up"; TenantDataRegistryTest checks the two lists agree): the job's own progress, the
-- catalog of backups, the delivery queue, the tenant's keys.
DROP TRIGGER restore_guard ON backup;
DROP TRIGGER restore_guard ON backup_job;
DROP TRIGGER restore_guard ON mail_outbox;
DROP TRIGGER restore_guard ON tenant_keyset;

-- The jobs must find work across tenants. The owner role may scan the two tables only through the
-- functions below, which answer tenant and job ids and nothing else; the jobs then bind each tenant
-- and work under the normal policy.
CREATE POLICY job_scan ON backup_job FOR SELECT TO ${flyway:user} USING (true);
CREATE POLICY catalog_scan ON backup FOR SELECT TO ${flyway:user} USING (true);

-- Jobs waiting to run, and jobs marked running (a job runs on one node at a time, so when the worker
-- starts, a running one was left by a node that stopped mid-job), oldest first.
CREATE FUNCTION backup_jobs_open(p_limit int)
    RETURNS TABLE (tenant_id uuid, id uuid, state text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT j.tenant_id, j.id, j.state FROM public.backup_job j
     WHERE j.state IN ('queued', 'running')
     ORDER BY j.requested_at, j.id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION backup_jobs_open(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backup_jobs_open(int) TO ${runtime_role};

-- Tenants whose daily backup is due: each tenant has a slot in the day (from a hash of its id, so
-- the work spreads over the day); it is due when no scheduled job was requested since its latest
-- slot (today's once passed, else yesterday's). A failed scheduled job is retried after 30 minutes,
-- at most 5 times a day. Tenants whose keys were destroyed have nothing to back up.
CREATE FUNCTION backup_tenants_due(p_now timestamptz, p_after uuid, p_limit int)
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT t.id FROM public.tenant t
     CROSS JOIN LATERAL (SELECT (date_trunc('day', p_now AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
                              + make_interval(secs => (hashtext(t.id::text)::bigint + 2147483648) % 86400) AS today) d
     CROSS JOIN LATERAL (SELECT CASE WHEN p_now >= d.today THEN d.today ELSE d.today - interval '1 day' END AS slot) s
     WHERE t.id > p_after
       AND NOT EXISTS (SELECT 1 FROM public.backup_job j
                        WHERE j.tenant_id = t.id AND j.trigger = 'schedule' AND j.requested_at >= s.slot
                          AND (j.state <> 'failed' OR j.finished_at > p_now - interval '30 minutes'))
       AND (SELECT count(*) FROM public.backup_job j
             WHERE j.tenant_id = t.id AND j.trigger = 'schedule' AND j.requested_at >= s.slot AND j.state = 'failed') < 5
       AND NOT EXISTS (SELECT 1 FROM public.tenant_keyset k WHERE k.tenant_id = t.id AND k.destroyed_at IS NOT NULL)
     ORDER BY t.id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION backup_tenants_due(timestamptz, uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backup_tenants_due(timestamptz, uuid, int) TO ${runtime_role};

-- Tenants with backups in the catalog (the pruning job's list).
CREATE FUNCTION backup_tenants(p_after uuid, p_limit int)
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT DISTINCT b.tenant_id FROM public.backup b
     WHERE b.tenant_id > p_after
     ORDER BY b.tenant_id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION backup_tenants(uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backup_tenants(uuid, int) TO ${runtime_role};
