-- Active Directory / LDAP sign-in (A7): a workspace's directories. The password of an address in a
-- directory's domains is checked by the directory (a bind as the user found by the search filter),
-- over LDAPS or StartTLS only; the service account's password is encrypted under the workspace key.
CREATE TABLE directory_connection (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    id               uuid NOT NULL,
    name             text NOT NULL,
    url              text NOT NULL CHECK (url ~ '^ldaps?://'),
    base_dn          text NOT NULL,
    bind_dn          text NOT NULL,
    bind_password    bytea NOT NULL,
    user_filter      text NOT NULL,
    email_attribute  text NOT NULL,
    groups_attribute text NOT NULL,
    domains          text[] NOT NULL CHECK (cardinality(domains) > 0),
    ca_certificate   text,
    created_at       timestamptz(3) NOT NULL,
    created_by       uuid NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
COMMENT ON COLUMN directory_connection.bind_password IS 'secret: the service account''s password, encrypted under the workspace key, never shown again';
SELECT enable_tenant_isolation('directory_connection');
