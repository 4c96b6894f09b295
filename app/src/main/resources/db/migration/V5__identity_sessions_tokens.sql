-- Identity: brute-force counters on users, per-tenant security settings, sessions with rotating
-- refresh tokens, single-use tokens (recovery, reset, invitation) and token signing keys.

ALTER TABLE app_user
    ADD COLUMN failed_attempts     int NOT NULL DEFAULT 0,
    ADD COLUMN locked_until        timestamptz(3),
    ADD COLUMN last_lock_notice_at timestamptz(3),
    ADD COLUMN password_changed_at timestamptz(3),
    ADD COLUMN last_sign_in_at     timestamptz(3);

-- One row per tenant; created at signup with the secure defaults.
CREATE TABLE security_settings (
    tenant_id                uuid NOT NULL REFERENCES tenant (id),
    password_mode            text NOT NULL DEFAULT 'enforced' CHECK (password_mode IN ('recommended', 'enforced')),
    password_min_length      int  NOT NULL DEFAULT 12 CHECK (password_min_length BETWEEN 12 AND 128),
    password_min_score       int  NOT NULL DEFAULT 3 CHECK (password_min_score BETWEEN 0 AND 4),
    session_idle_minutes     int  NOT NULL DEFAULT 30 CHECK (session_idle_minutes BETWEEN 5 AND 1440),
    session_absolute_minutes int  NOT NULL DEFAULT 720 CHECK (session_absolute_minutes BETWEEN 15 AND 43200),
    updated_at               timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);

CREATE TABLE auth_session (
    tenant_id           uuid NOT NULL,
    id                  uuid NOT NULL,
    user_id             uuid NOT NULL,
    created_at          timestamptz(3) NOT NULL,
    last_used_at        timestamptz(3) NOT NULL,
    absolute_expires_at timestamptz(3) NOT NULL,
    ip                  text,
    user_agent          text,
    amr                 text NOT NULL DEFAULT 'pwd',
    revoked_at          timestamptz(3),
    revoke_reason       text,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX auth_session_user ON auth_session (tenant_id, user_id, created_at);

-- Refresh tokens are stored only as SHA-256 hashes. A row with rotated_at set has been used;
-- presenting it again is reuse and revokes the whole session.
CREATE TABLE refresh_token (
    tenant_id   uuid  NOT NULL,
    id          uuid  NOT NULL,
    session_id  uuid  NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz(3) NOT NULL,
    rotated_at  timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, session_id) REFERENCES auth_session (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX refresh_token_session ON refresh_token (tenant_id, session_id);

-- Single-use tokens sent by e-mail (password recovery, administrator-triggered reset, invitation),
-- stored only as SHA-256 hashes.
CREATE TABLE one_time_token (
    tenant_id   uuid  NOT NULL,
    id          uuid  NOT NULL,
    user_id     uuid  NOT NULL,
    purpose     text  NOT NULL CHECK (purpose IN ('recovery', 'reset', 'invitation')),
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz(3) NOT NULL,
    expires_at  timestamptz(3) NOT NULL,
    used_at     timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['security_settings', 'auth_session', 'refresh_token', 'one_time_token'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I
            USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)
            WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    END LOOP;
END $$;

-- Access-token signing keys (not tenant data: one key signs for every tenant). The private key is
-- sealed with the master keyset (AES-256-GCM, bound to the kid) before it is stored.
CREATE TABLE signing_key (
    kid             text PRIMARY KEY,
    algorithm       text NOT NULL CHECK (algorithm IN ('ES256')),
    public_jwk      text NOT NULL,
    sealed_private  bytea NOT NULL,
    created_at      timestamptz(3) NOT NULL,
    activates_at    timestamptz(3) NOT NULL,
    superseded_at   timestamptz(3),
    expires_at      timestamptz(3)
);
