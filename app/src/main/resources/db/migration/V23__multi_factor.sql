-- Multi-factor sign-in (A6): authenticator-app factors, recovery codes, sign-in challenges, and the
-- workspace's MFA policy.

-- A user's second factors. An authenticator (TOTP) secret is sealed under the tenant key; a factor is
-- usable once confirmed with a first code. last_used_step is the newest time step a code was accepted
-- for: a code of that step or an older one is refused (a code works once).
CREATE TABLE mfa_factor (
    tenant_id      uuid NOT NULL,
    id             uuid NOT NULL,
    user_id        uuid NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('totp')),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    secret         bytea NOT NULL,
    last_used_step bigint,
    created_at     timestamptz(3) NOT NULL,
    confirmed_at   timestamptz(3),
    last_used_at   timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX mfa_factor_user ON mfa_factor (tenant_id, user_id);
COMMENT ON COLUMN mfa_factor.secret IS 'secret: the authenticator''s shared key, sealed under the tenant key';
SELECT enable_tenant_isolation('mfa_factor');

-- Ten single-use recovery codes per user: the first group of a code (lookup) finds the row, the whole
-- code is checked against its Argon2id hash. A new set replaces the old one.
CREATE TABLE mfa_recovery_code (
    tenant_id  uuid NOT NULL,
    id         uuid NOT NULL,
    user_id    uuid NOT NULL,
    lookup     text NOT NULL,
    code_hash  text NOT NULL,
    created_at timestamptz(3) NOT NULL,
    used_at    timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, lookup),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON COLUMN mfa_recovery_code.code_hash IS 'secret: Argon2id hash of a recovery code';
SELECT enable_tenant_isolation('mfa_recovery_code');

-- The step between a correct password and the second factor: a short-lived challenge bound to the
-- attempt (workspace by the token, user, client address and agent), stored as a hash. A user who must
-- enrol first gets the new factor's sealed secret here until the first code confirms it.
CREATE TABLE mfa_challenge (
    tenant_id   uuid NOT NULL,
    id          uuid NOT NULL,
    user_id     uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE,
    client_ip   text,
    user_agent  text,
    created_at  timestamptz(3) NOT NULL,
    expires_at  timestamptz(3) NOT NULL,
    failures    int NOT NULL DEFAULT 0,
    used_at     timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX mfa_challenge_user ON mfa_challenge (tenant_id, user_id);
COMMENT ON COLUMN mfa_challenge.token_hash IS 'secret: hash of a sign-in challenge token';
SELECT enable_tenant_isolation('mfa_challenge');

-- The workspace's policy: off, required for everyone, or for holders of chosen permissions; users
-- without a factor may still sign in with their password alone for the grace period, counted from
-- when the policy first applied to them (required_since, or their account's creation if later).
ALTER TABLE security_settings
    ADD COLUMN mfa_mode         text NOT NULL DEFAULT 'off' CHECK (mfa_mode IN ('off', 'everyone', 'permissions')),
    ADD COLUMN mfa_permissions  text[] NOT NULL DEFAULT '{}',
    ADD COLUMN mfa_grace_days   int NOT NULL DEFAULT 7 CHECK (mfa_grace_days BETWEEN 0 AND 90),
    ADD COLUMN mfa_required_since timestamptz(3);
