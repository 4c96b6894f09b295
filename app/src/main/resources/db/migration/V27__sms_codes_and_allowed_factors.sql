-- SMS codes (A6): a phone number as a second factor, verified at enrolment by a first code, and the
-- codes sent to it; and which kinds of factor a workspace allows.
ALTER TABLE mfa_factor DROP CONSTRAINT mfa_factor_kind_check;
ALTER TABLE mfa_factor DROP CONSTRAINT mfa_factor_kind_data;
ALTER TABLE mfa_factor
    ADD COLUMN phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    ADD CONSTRAINT mfa_factor_kind_check CHECK (kind IN ('totp', 'passkey', 'sms')),
    ADD CONSTRAINT mfa_factor_kind_data CHECK (
        (kind = 'totp' AND secret IS NOT NULL AND credential_id IS NULL AND phone IS NULL)
     OR (kind = 'passkey' AND secret IS NULL AND credential_id IS NOT NULL AND public_key IS NOT NULL
         AND user_handle IS NOT NULL AND sign_count IS NOT NULL AND confirmed_at IS NOT NULL AND phone IS NULL)
     OR (kind = 'sms' AND secret IS NULL AND credential_id IS NULL AND phone IS NOT NULL));

-- A code sent by SMS: six digits kept as an Argon2id hash, for one purpose (confirming the number,
-- or signing in / stepping up), five minutes, five attempts, one use. A new code of the same purpose
-- ends the earlier one.
CREATE TABLE sms_code (
    tenant_id  uuid NOT NULL,
    id         uuid NOT NULL,
    user_id    uuid NOT NULL,
    factor_id  uuid NOT NULL,
    purpose    text NOT NULL CHECK (purpose IN ('enrolment', 'sign_in')),
    code_hash  text NOT NULL,
    created_at timestamptz(3) NOT NULL,
    expires_at timestamptz(3) NOT NULL,
    failures   int NOT NULL DEFAULT 0,
    used_at    timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, factor_id) REFERENCES mfa_factor (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sms_code_user ON sms_code (tenant_id, user_id, purpose, created_at);
CREATE INDEX sms_code_factor ON sms_code (tenant_id, factor_id);
COMMENT ON COLUMN sms_code.code_hash IS 'secret: Argon2id hash of a code sent by SMS';
SELECT enable_tenant_isolation('sms_code');

-- The kinds of second factor the workspace allows. Authenticator apps are always allowed: they are
-- what users set up when the policy makes them enrol while signing in.
ALTER TABLE security_settings
    ADD COLUMN mfa_methods text[] NOT NULL DEFAULT '{totp,passkey,sms}'
        CHECK (mfa_methods <@ ARRAY['totp', 'passkey', 'sms'] AND 'totp' = ANY (mfa_methods));
