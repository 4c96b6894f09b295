-- Passkeys (A6): WebAuthn credentials as a second factor and as a password-less first factor.
-- A passkey is a row of mfa_factor of kind 'passkey': it holds no secret (the private key never
-- leaves the authenticator), only the credential's id, its public key (the attested credential data
-- as the authenticator sent it), the signature counter and the flags that must not change.
ALTER TABLE mfa_factor DROP CONSTRAINT mfa_factor_kind_check;
ALTER TABLE mfa_factor
    ALTER COLUMN secret DROP NOT NULL,
    ADD COLUMN credential_id   bytea CHECK (length(credential_id) BETWEEN 16 AND 1023),
    ADD COLUMN public_key      bytea,
    ADD COLUMN user_handle     bytea CHECK (length(user_handle) BETWEEN 1 AND 64),
    ADD COLUMN sign_count      bigint,
    ADD COLUMN backup_eligible boolean,
    ADD COLUMN backup_state    boolean,
    ADD COLUMN transports      text[],
    ADD CONSTRAINT mfa_factor_kind_check CHECK (kind IN ('totp', 'passkey')),
    ADD CONSTRAINT mfa_factor_kind_data CHECK (
        (kind = 'totp' AND secret IS NOT NULL AND credential_id IS NULL)
     OR (kind = 'passkey' AND secret IS NULL AND credential_id IS NOT NULL AND public_key IS NOT NULL
         AND user_handle IS NOT NULL AND sign_count IS NOT NULL AND confirmed_at IS NOT NULL));
CREATE UNIQUE INDEX mfa_factor_credential ON mfa_factor (tenant_id, credential_id) WHERE credential_id IS NOT NULL;

-- A WebAuthn ceremony: the random challenge a browser's authenticator signs, for one purpose (adding
-- a passkey, the second step of a sign-in, a password-less sign-in, a step-up), bound to the client
-- address and agent, living five minutes and working once. The challenge itself finds the row: it
-- comes back inside the signed client data. A registration keeps the user handle its options offered.
CREATE TABLE passkey_ceremony (
    tenant_id  uuid NOT NULL,
    id         uuid NOT NULL,
    purpose    text NOT NULL CHECK (purpose IN ('registration', 'second_factor', 'sign_in', 'step_up')),
    user_id    uuid,
    user_handle bytea CHECK (length(user_handle) BETWEEN 1 AND 64),
    challenge  bytea NOT NULL CHECK (length(challenge) = 32),
    client_ip  text,
    user_agent text,
    created_at timestamptz(3) NOT NULL,
    expires_at timestamptz(3) NOT NULL,
    used_at    timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, challenge),
    CHECK ((purpose = 'sign_in') = (user_id IS NULL)),
    CHECK ((purpose = 'registration') = (user_handle IS NOT NULL)),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX passkey_ceremony_expiry ON passkey_ceremony (tenant_id, expires_at);
SELECT enable_tenant_isolation('passkey_ceremony');
