-- Roles are named sets of permissions; users hold roles. Built-in roles have a builtin_key.
CREATE TABLE role (
    tenant_id   uuid   NOT NULL REFERENCES tenant (id),
    id          uuid   NOT NULL,
    name        text   NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text   NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    builtin_key text   CHECK (builtin_key IN ('owner', 'administrator', 'hr_manager', 'manager', 'employee', 'auditor')),
    permissions text[] NOT NULL DEFAULT '{}',
    created_at  timestamptz(3) NOT NULL DEFAULT now(),
    updated_at  timestamptz(3) NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX role_name_key ON role (tenant_id, lower(name));
CREATE UNIQUE INDEX role_builtin_key ON role (tenant_id, builtin_key) WHERE builtin_key IS NOT NULL;

CREATE TABLE user_role (
    tenant_id uuid NOT NULL,
    user_id   uuid NOT NULL,
    role_id   uuid NOT NULL,
    PRIMARY KEY (tenant_id, user_id, role_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, role_id) REFERENCES role (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_role_role ON user_role (tenant_id, role_id);

ALTER TABLE role ENABLE ROW LEVEL SECURITY;
ALTER TABLE role FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON role
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE user_role ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_role FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_role
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
