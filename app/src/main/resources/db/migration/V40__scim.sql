-- SCIM 2.0 provisioning (A7): a workspace's directory (Okta, Entra ID, ...) creates, changes and
-- deactivates its users and groups through /scim/v2 with a bearer token shown once and kept hashed.
-- A token carries what it gives: the default roles of the users it creates, and which of its groups
-- give which roles (group_names[i] gives group_role_ids[i], by the group's display name).
CREATE TABLE scim_token (
    tenant_id        uuid NOT NULL REFERENCES tenant (id),
    id               uuid NOT NULL,
    name             text NOT NULL,
    token_hash       bytea NOT NULL,
    create_accounts  boolean NOT NULL DEFAULT true CHECK (create_accounts),
    default_role_ids uuid[] NOT NULL DEFAULT '{}',
    group_names      text[] NOT NULL DEFAULT '{}',
    group_role_ids   uuid[] NOT NULL DEFAULT '{}',
    created_at       timestamptz(3) NOT NULL,
    created_by       uuid NOT NULL,
    last_used_at     timestamptz(3),
    PRIMARY KEY (tenant_id, id),
    CHECK (cardinality(group_names) = cardinality(group_role_ids))
);
CREATE UNIQUE INDEX scim_token_hash ON scim_token (tenant_id, token_hash);
COMMENT ON COLUMN scim_token.token_hash IS 'secret: SHA-256 of the bearer token, which is shown once';
SELECT enable_tenant_isolation('scim_token');

CREATE TABLE scim_group (
    tenant_id    uuid NOT NULL REFERENCES tenant (id),
    id           uuid NOT NULL,
    display_name text NOT NULL,
    external_id  text,
    created_at   timestamptz(3) NOT NULL,
    updated_at   timestamptz(3) NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX scim_group_name ON scim_group (tenant_id, lower(display_name));
SELECT enable_tenant_isolation('scim_group');

CREATE TABLE scim_group_member (
    tenant_id uuid NOT NULL REFERENCES tenant (id),
    group_id  uuid NOT NULL,
    user_id   uuid NOT NULL,
    PRIMARY KEY (tenant_id, group_id, user_id),
    FOREIGN KEY (tenant_id, group_id) REFERENCES scim_group (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE
);
SELECT enable_tenant_isolation('scim_group_member');
