-- The life of a workspace (D2-D4): its account state, the dates its retention schedule runs from,
-- a legal hold, and after deletion a tombstone with a signed deletion certificate.
--
-- tenant.status stays what sign-in and the request path read: active (full use), suspended
-- (read-only: sign in, read, export), closed (nobody signs in), deleted (a tombstone). The
-- lifecycle module derives it from account_state and keeps both in one transaction.
ALTER TABLE tenant
    ADD COLUMN account_state text NOT NULL DEFAULT 'active'
        CHECK (account_state IN ('trial', 'active', 'free', 'payment_failed', 'suspended', 'closed', 'cancelled',
                                 'unsubscribed', 'licence_expired', 'deleting', 'deleted')),
    ADD COLUMN state_since           timestamptz(3) NOT NULL DEFAULT now(),
    ADD COLUMN trial_ends_at         timestamptz(3),
    ADD COLUMN payment_failed_at     timestamptz(3),
    ADD COLUMN closed_at             timestamptz(3),
    ADD COLUMN deletion_requested_at timestamptz(3),
    ADD COLUMN last_active_at        timestamptz(3),
    ADD COLUMN legal_hold_reason     text CHECK (length(legal_hold_reason) BETWEEN 1 AND 500),
    ADD COLUMN legal_hold_since      timestamptz(3),
    ADD COLUMN deleted_at            timestamptz(3),
    ADD COLUMN deleted_from_state    text,
    ADD CHECK ((legal_hold_reason IS NULL) = (legal_hold_since IS NULL));

-- The sweep must look at every workspace not yet deleted; it learns ids and nothing else, then
-- binds each tenant in turn.
CREATE FUNCTION lifecycle_tenants(p_after uuid, p_limit int)
    RETURNS TABLE (id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT t.id FROM public.tenant t
     WHERE t.account_state <> 'deleted' AND (p_after IS NULL OR t.id > p_after)
     ORDER BY t.id
     LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION lifecycle_tenants(uuid, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION lifecycle_tenants(uuid, int) TO ${runtime_role};

-- The notices sent to a workspace's Owners before each step of its schedule: one row per step, due
-- date and lead time, so a notice goes out once however often the sweep runs.
CREATE TABLE lifecycle_notice (
    tenant_id   uuid NOT NULL REFERENCES tenant (id),
    step        text NOT NULL CHECK (step IN ('restrict', 'suspend', 'close', 'delete')),
    due_at      timestamptz(3) NOT NULL,
    days_before int NOT NULL CHECK (days_before BETWEEN 0 AND 366),
    sent_at     timestamptz(3) NOT NULL,
    PRIMARY KEY (tenant_id, step, due_at, days_before)
);
SELECT enable_tenant_isolation('lifecycle_notice');
-- operational state, not data: a restore neither copies nor touches it (it would send notices again)
DROP TRIGGER restore_guard ON lifecycle_notice;

-- The audit trail is append-only for everyone; the one exception is the deletion of a whole
-- workspace, which removes its trail with everything else. Only this function may do it: it runs
-- as the owner role, refuses unless the workspace is being deleted, and marks the transaction so
-- the trigger lets exactly that tenant's rows go.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'personal_diff') = (to_jsonb(OLD) - 'personal_diff') THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' AND current_user = '${flyway:user}'
            AND current_setting('strongroom.purging_tenant', true) = OLD.tenant_id::text THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION purge_deleted_workspace_trail(p_tenant uuid)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    removed bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.tenant t WHERE t.id = p_tenant AND t.account_state = 'deleting') THEN
        RAISE EXCEPTION 'workspace % is not being deleted', p_tenant USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('strongroom.purging_tenant', p_tenant::text, true);
    DELETE FROM public.audit_event WHERE tenant_id = p_tenant;
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM public.audit_chain_head WHERE tenant_id = p_tenant;
    PERFORM set_config('strongroom.purging_tenant', '', true);
    RETURN removed;
END
$$;
REVOKE ALL ON FUNCTION purge_deleted_workspace_trail(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_deleted_workspace_trail(uuid) TO ${runtime_role};

-- What the catalog keeps of a deleted workspace besides its tombstone row: the certificate stating
-- what was deleted, exactly as signed, with its detached signature (RFC 7515, appendix F). Never
-- changed once written. Catalog data like the tenant row, not tenant data: it outlives the tenant.
CREATE TABLE deletion_certificate (
    id           uuid PRIMARY KEY,
    workspace_id uuid NOT NULL UNIQUE REFERENCES tenant (id),
    issued_at    timestamptz(3) NOT NULL,
    document     text NOT NULL,
    signature    text NOT NULL,
    kid          text NOT NULL
);
REVOKE UPDATE, DELETE, TRUNCATE ON deletion_certificate FROM ${runtime_role};

-- The keys that sign deletion certificates: the private half sealed by the master keyset, the
-- public half published for ever (a certificate must verify years later). Never changed or removed.
CREATE TABLE certificate_signing_key (
    kid            text PRIMARY KEY,
    public_jwk     text NOT NULL,
    sealed_private bytea NOT NULL,
    created_at     timestamptz(3) NOT NULL
);
REVOKE UPDATE, DELETE, TRUNCATE ON certificate_signing_key FROM ${runtime_role};

-- Mail about a workspace that no longer exists (its deletion certificate to its former Owners): the
-- workspace's own outbox went with it and its keys are destroyed, so the message waits here, its
-- body sealed by the master keyset, and the row is deleted as soon as it is sent.
CREATE TABLE catalog_mail (
    id              uuid PRIMARY KEY,
    recipient       text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    subject         text NOT NULL CHECK (length(subject) <= 300),
    body            bytea NOT NULL,
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz(3) NOT NULL,
    last_error      text,
    created_at      timestamptz(3) NOT NULL,
    failed_at       timestamptz(3)
);
CREATE INDEX catalog_mail_due ON catalog_mail (next_attempt_at) WHERE failed_at IS NULL;
