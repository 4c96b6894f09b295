-- Single sign-on (A7): a workspace's OpenID Connect connections (Google Workspace, Microsoft Entra
-- ID, any standards-compliant provider) and the sign-ins in flight through them.
CREATE TABLE sso_connection (
    tenant_id          uuid NOT NULL REFERENCES tenant (id),
    id                 uuid NOT NULL,
    provider           text NOT NULL CHECK (provider IN ('google', 'entra', 'oidc')),
    name               text NOT NULL,
    issuer             text NOT NULL,
    client_id          text NOT NULL,
    client_secret      bytea NOT NULL,
    domains            text[] NOT NULL DEFAULT '{}',
    directory_id       text,
    trust_provider_mfa boolean NOT NULL DEFAULT false,
    created_at         timestamptz(3) NOT NULL,
    created_by         uuid NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
COMMENT ON COLUMN sso_connection.client_secret IS 'secret: the OAuth client secret, encrypted under the workspace key, never shown again';
SELECT enable_tenant_isolation('sso_connection');

-- One row per sign-in sent to a provider: the state (hashed), the browser it was started in (a hash
-- of a cookie), the nonce and the PKCE verifier; used once, within ten minutes.
CREATE TABLE sso_sign_in (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    id            uuid NOT NULL,
    connection_id uuid NOT NULL,
    state_hash    bytea NOT NULL,
    browser_hash  bytea NOT NULL,
    nonce         text NOT NULL,
    code_verifier bytea NOT NULL,
    created_at    timestamptz(3) NOT NULL,
    expires_at    timestamptz(3) NOT NULL,
    used_at       timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES sso_connection (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX sso_sign_in_state ON sso_sign_in (tenant_id, state_hash);
COMMENT ON COLUMN sso_sign_in.state_hash IS 'secret: SHA-256 of the state sent to the provider';
COMMENT ON COLUMN sso_sign_in.browser_hash IS 'secret: SHA-256 of the cookie that ties the sign-in to its browser';
COMMENT ON COLUMN sso_sign_in.code_verifier IS 'secret: the PKCE code verifier, encrypted under the workspace key';
SELECT enable_tenant_isolation('sso_sign_in');

-- A second-factor challenge remembers what the first step was (a password, or a provider's sign-in),
-- so the session's amr says what really happened.
ALTER TABLE mfa_challenge ADD COLUMN first_factor text NOT NULL DEFAULT 'pwd' CHECK (first_factor IN ('pwd', 'sso'));

-- "SSO only": password and passkey sign-in refused for everyone but the break-glass Owners named here.
ALTER TABLE security_settings ADD COLUMN sso_only boolean NOT NULL DEFAULT false;
ALTER TABLE security_settings ADD COLUMN break_glass_users uuid[] NOT NULL DEFAULT '{}';
