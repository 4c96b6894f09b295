-- Remembered devices (A6): a workspace may let users skip the second factor on a device for some
-- days (off by default). The device keeps a random token in a cookie; only its hash is stored here.
-- A session begun on a remembered device names it, so that forgetting the device ends the session.
ALTER TABLE security_settings
    ADD COLUMN remember_device_days int NOT NULL DEFAULT 0 CHECK (remember_device_days BETWEEN 0 AND 90);

CREATE TABLE remembered_device (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    user_id      uuid NOT NULL,
    token_hash   bytea NOT NULL UNIQUE,
    label        text NOT NULL CHECK (length(label) <= 200),
    client_ip    text,
    created_at   timestamptz(3) NOT NULL,
    expires_at   timestamptz(3) NOT NULL,
    last_used_at timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX remembered_device_user ON remembered_device (tenant_id, user_id);
COMMENT ON COLUMN remembered_device.token_hash IS 'secret: hash of a remembered device''s cookie token';
SELECT enable_tenant_isolation('remembered_device');

ALTER TABLE auth_session ADD COLUMN remembered_device_id uuid;
