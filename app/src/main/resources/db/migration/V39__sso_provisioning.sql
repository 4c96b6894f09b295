-- Accounts and roles from a workspace's identity providers (A7): per connection, whether a sign-in it
-- vouches for creates a missing account (off by default) with default roles, and which of the
-- provider's groups give which roles (group_names[i] gives group_role_ids[i]). The OpenID Connect
-- claim that lists groups is configurable (Keycloak, Okta and Entra ID send "groups").
ALTER TABLE sso_connection
    ADD COLUMN create_accounts  boolean NOT NULL DEFAULT false,
    ADD COLUMN default_role_ids uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN group_names      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN group_role_ids   uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN groups_claim     text NOT NULL DEFAULT 'groups',
    ADD CONSTRAINT sso_connection_group_roles CHECK (cardinality(group_names) = cardinality(group_role_ids));
ALTER TABLE directory_connection
    ADD COLUMN create_accounts  boolean NOT NULL DEFAULT false,
    ADD COLUMN default_role_ids uuid[] NOT NULL DEFAULT '{}',
    ADD COLUMN group_names      text[] NOT NULL DEFAULT '{}',
    ADD COLUMN group_role_ids   uuid[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT directory_connection_group_roles CHECK (cardinality(group_names) = cardinality(group_role_ids));
