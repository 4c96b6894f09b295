-- The row-level-security block every tenant table needs, in one place: later migrations call
--   SELECT enable_tenant_isolation('my_table');
-- after CREATE TABLE instead of repeating ENABLE, FORCE and the policy (SchemaLintTest checks the
-- result on every table either way). Not SECURITY DEFINER: it runs with the rights of the
-- migration's owner role, and the runtime role may not call it.
CREATE FUNCTION enable_tenant_isolation(p_table regclass)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, public
AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('CREATE POLICY tenant_isolation ON %s'
        || ' USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'
        || ' WITH CHECK (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', p_table);
END
$$;
REVOKE ALL ON FUNCTION enable_tenant_isolation(regclass) FROM PUBLIC;
