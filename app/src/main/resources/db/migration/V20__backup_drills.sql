-- Restore drills (B7): at least weekly per tenant, the newest verified backup is restored into
-- scratch tables (temporary tables of a transaction that is always rolled back), and every part must
-- load, count and come back out byte for byte as it went in. The results are the tenant's to see.
CREATE TABLE backup_drill (
    tenant_id   uuid           NOT NULL REFERENCES tenant (id),
    id          uuid           NOT NULL,
    backup_id   uuid           NOT NULL,
    started_at  timestamptz(3) NOT NULL,
    duration_ms bigint         NOT NULL,
    passed      boolean        NOT NULL,
    tables      int            NOT NULL,
    row_count   bigint         NOT NULL,
    detail      text           CHECK (length(detail) <= 1000),
    PRIMARY KEY (tenant_id, id)
);
SELECT enable_tenant_isolation('backup_drill');
DROP TRIGGER restore_guard ON backup_drill; -- the backup module's bookkeeping, untouched by a restore
CREATE INDEX backup_drill_started ON backup_drill (tenant_id, started_at DESC);

ALTER TABLE backup_job DROP CONSTRAINT backup_job_kind_check;
ALTER TABLE backup_job ADD CONSTRAINT backup_job_kind_check CHECK (kind IN ('backup', 'restore', 'drill'));

CREATE POLICY drill_scan ON backup_drill FOR SELECT TO ${flyway:user} USING (true);

-- Tenants due a drill: a verified backup exists, and no drill ran in the last 7 days and none is
-- queued or running.
CREATE FUNCTION backup_tenants_drill_due(p_now timestamptz, p_after uuid, p_limit int)
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT DISTINCT b.tenant_id FROM public.backup b
     WHERE b.tenant_id > p_after AND b.state = 'verified'
       AND NOT EXISTS (SELECT 1 FROM public.backup_drill d
                        WHERE d.tenant_id = b.tenant_id AND d.started_at > p_now - interval '7 days')
       AND NOT EXISTS (SELECT 1 FROM public.backup_job j
                        WHERE j.tenant_id = b.tenant_id AND j.kind = 'drill' AND j.state IN ('queued', 'running'))
     ORDER BY b.tenant_id
     LIMIT least(greatest(p_limit, 1), 1000)
$$;
REVOKE ALL ON FUNCTION backup_tenants_drill_due(timestamptz, uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION backup_tenants_drill_due(timestamptz, uuid, int) TO ${runtime_role};
