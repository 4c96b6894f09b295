-- The audit trail: one append-only, hash-chained sequence of records per tenant.
--
-- hash = SHA-256(prev_hash || canonical JSON of every column except personal_diff, prev_hash, hash).
-- personal_diff holds the personal-data values of a change (and the salt of their commitments in
-- diff); it is outside the hash so that erasure can blank it without breaking the chain.

CREATE TABLE audit_chain_head (
    tenant_id uuid   NOT NULL REFERENCES tenant (id),
    last_seq  bigint NOT NULL,
    last_hash bytea  NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE audit_event (
    tenant_id     uuid   NOT NULL REFERENCES tenant (id),
    seq           bigint NOT NULL,
    id            uuid   NOT NULL,
    occurred_at   timestamptz(3) NOT NULL,
    actor_type    text   NOT NULL CHECK (actor_type IN ('user', 'system', 'anonymous')),
    actor_user_id uuid,
    actor_email   text,
    client_ip     text,
    user_agent    text,
    request_id    text,
    app_version   text   NOT NULL,
    app_commit    text   NOT NULL,
    action        text   NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    target_type   text,
    target_id     text,
    outcome       text   NOT NULL CHECK (outcome IN ('success', 'denied', 'failed')),
    reason        text,
    diff          jsonb  NOT NULL DEFAULT '{}',
    details       jsonb  NOT NULL DEFAULT '{}',
    personal_diff jsonb,
    prev_hash     bytea  NOT NULL,
    hash          bytea  NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, id)
);
CREATE INDEX audit_event_time ON audit_event (tenant_id, occurred_at);
CREATE INDEX audit_event_action ON audit_event (tenant_id, action);
CREATE INDEX audit_event_actor ON audit_event (tenant_id, actor_user_id);
CREATE INDEX audit_event_target ON audit_event (tenant_id, target_type, target_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_chain_head', 'audit_event'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I
            USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
            WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;

-- Append-only, enforced by the database: the runtime role may only read and add records, and a
-- trigger refuses every UPDATE and DELETE (for every role, the owner included, unless it first
-- disables the trigger — which verification then exposes). The one change a later erasure job may
-- make is blanking personal_diff, which is not part of the hash.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${runtime_role};

CREATE FUNCTION audit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.personal_diff IS NULL AND (to_jsonb(NEW) - 'personal_diff') = (to_jsonb(OLD) - 'personal_diff') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
