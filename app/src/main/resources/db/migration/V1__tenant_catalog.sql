-- Strongroom schema, part 1: privileges of the runtime role and the tenant catalog.
--
-- Migrations run as the owner role. The runtime role (${runtime_role}) owns nothing; it gets
-- only the privileges granted here and by the default privileges below.

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${runtime_role};

-- Tables and sequences created by the owner from now on are usable by the runtime role.
-- Tables that must be append-only (the audit trail) revoke UPDATE and DELETE explicitly.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${runtime_role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${runtime_role};
-- Functions are not callable by everyone unless granted one by one.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- The tenant catalog. One row per company workspace.
CREATE TABLE tenant (
    id           uuid        PRIMARY KEY,
    workspace    text        NOT NULL UNIQUE
                             CHECK (workspace ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
    company_name text        NOT NULL CHECK (length(company_name) BETWEEN 1 AND 200),
    region       text        NOT NULL CHECK (region ~ '^[a-z][a-z0-9-]{0,31}$'),
    plan         text        NOT NULL DEFAULT 'trial'
                             CHECK (plan IN ('trial', 'free', 'standard', 'enterprise')),
    status       text        NOT NULL DEFAULT 'active'
                             CHECK (status IN ('active', 'suspended', 'closed', 'deleted')),
    created_at   timestamptz(3) NOT NULL DEFAULT now()
);

-- The runtime role sees and changes only the catalog row of the tenant bound to the transaction.
-- RLS is enabled but deliberately not forced here: the owner runs the narrow SECURITY DEFINER
-- functions below, which answer the few questions asked before a tenant is known.
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_self ON tenant
    USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
REVOKE DELETE ON tenant FROM ${runtime_role};

-- Sign-in and recovery name a workspace before any tenant is bound: resolve the slug, nothing more.
CREATE FUNCTION resolve_workspace(p_workspace text)
    RETURNS TABLE (id uuid, status text, region text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT t.id, t.status, t.region FROM public.tenant t WHERE t.workspace = p_workspace
$$;
REVOKE ALL ON FUNCTION resolve_workspace(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_workspace(text) TO ${runtime_role};
