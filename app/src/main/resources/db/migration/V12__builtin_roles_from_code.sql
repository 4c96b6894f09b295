-- Built-in roles are resolved from the permission catalog in code when read (access module), so a
-- new module's permissions reach every workspace's built-in roles without a data migration. Their
-- rows keep only identity (id, builtin_key) and the assignments; the stored permissions are
-- dropped, and the check keeps anyone from storing some again. Custom roles keep theirs.
-- FORCE ROW LEVEL SECURITY applies to the owner too, so it is lifted for this one statement,
-- inside the migration's transaction.
ALTER TABLE role NO FORCE ROW LEVEL SECURITY;
UPDATE role SET permissions = '{}' WHERE builtin_key IS NOT NULL;
ALTER TABLE role FORCE ROW LEVEL SECURITY;
ALTER TABLE role ADD CONSTRAINT role_builtin_permissions_from_code
    CHECK (builtin_key IS NULL OR permissions = '{}');
