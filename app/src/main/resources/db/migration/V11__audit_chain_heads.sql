-- The hourly audit checkpoint job (L3) crosses tenants: it needs each tenant's chain head and
-- nothing else. This narrow function answers exactly that, for the owner role's policy-free read;
-- the job then writes a signed checkpoint of each head outside the database.
CREATE POLICY checkpoint_scan ON audit_chain_head FOR SELECT TO ${flyway:user} USING (true);

CREATE FUNCTION audit_chain_heads()
    RETURNS TABLE (tenant_id uuid, last_seq bigint, last_hash bytea)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
    SELECT h.tenant_id, h.last_seq, h.last_hash FROM public.audit_chain_head h WHERE h.last_seq > 0
$$;
REVOKE ALL ON FUNCTION audit_chain_heads() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_heads() TO ${runtime_role};
