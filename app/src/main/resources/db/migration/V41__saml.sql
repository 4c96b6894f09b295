-- SAML 2.0 sign-in (A7): a workspace's SAML identity providers, and the requests in flight to them.
CREATE TABLE saml_connection (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    id               uuid NOT NULL,
    name             text NOT NULL,
    idp_entity_id    text NOT NULL,
    sso_url          text NOT NULL CHECK (sso_url ~ '^https?://'),
    idp_certificate  text NOT NULL,
    domains          text[] NOT NULL DEFAULT '{}',
    email_attribute  text,
    groups_attribute text NOT NULL DEFAULT 'groups',
    create_accounts  boolean NOT NULL DEFAULT false,
    default_role_ids uuid[] NOT NULL DEFAULT '{}',
    group_names      text[] NOT NULL DEFAULT '{}',
    group_role_ids   uuid[] NOT NULL DEFAULT '{}',
    created_at       timestamptz(3) NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (tenant_id, id),
    CHECK (cardinality(group_names) = cardinality(group_role_ids))
);
SELECT enable_tenant_isolation('saml_connection');

-- One row per AuthnRequest sent: its ID (the response's InResponseTo), the RelayState (hashed) and the
-- browser it was started in (a hash of a cookie); used once, within ten minutes.
CREATE TABLE saml_request (
    tenant_id     uuid NOT NULL REFERENCES tenant (id),
    id            uuid NOT NULL,
    connection_id uuid NOT NULL,
    request_id    text NOT NULL,
    relay_hash    bytea NOT NULL,
    browser_hash  bytea NOT NULL,
    created_at    timestamptz(3) NOT NULL,
    expires_at    timestamptz(3) NOT NULL,
    used_at       timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES saml_connection (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX saml_request_relay ON saml_request (tenant_id, relay_hash);
COMMENT ON COLUMN saml_request.relay_hash IS 'secret: SHA-256 of the RelayState sent with the request';
COMMENT ON COLUMN saml_request.browser_hash IS 'secret: SHA-256 of the cookie that ties the sign-in to its browser';
SELECT enable_tenant_isolation('saml_request');
