package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.TestDatabase;

/**
 * T1 (d): scans the migrated schema so that no future table can forget tenant isolation. Every
 * table with a {@code tenant_id} column must have row-level security enabled and forced, one
 * policy for all commands that compares {@code tenant_id} with {@code app.tenant_id} in both USING
 * and WITH CHECK, {@code tenant_id} leading its primary key, and {@code tenant_id} leading every
 * foreign key to another tenant-owned table.
 */
@Tag("T1")
class SchemaLintTest {

    /** Reviewed extra policies, each for the owner role only, behind one SECURITY DEFINER function. */
    static final List<String> OWNER_ONLY_POLICIES = List.of("mail_outbox.delivery_scan", "audit_chain_head.checkpoint_scan",
            "tenant_keyset.key_scan", "backup.catalog_scan", "backup_job.job_scan",
            "backup_drill.drill_scan", "export_job.export_scan",
            "subject_request.reminder_scan");

    private final JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());
    private final String runtimeRole = TestDatabase.get().runtime().username();

    @Test
    void everyTenantOwnedTableHasForcedRowLevelSecurityAndTheTenantPolicy() {
        List<String> tables = tenantOwnedTables();
        assertThat(tables).as("tenant-owned tables").contains("app_user");

        List<String> problems = new ArrayList<>();
        for (String table : tables) {
            var rls = owner.sql("""
                    select c.relrowsecurity, c.relforcerowsecurity from pg_class c
                     where c.oid = ('public.' || :t)::regclass
                    """).param("t", table)
                    .query((rs, n) -> new boolean[] {rs.getBoolean(1), rs.getBoolean(2)}).single();
            if (!rls[0]) {
                problems.add(table + ": row-level security is not enabled");
            }
            if (!rls[1]) {
                problems.add(table + ": row-level security is not forced");
            }
            var policies = owner.sql("""
                    select policyname, cmd, permissive, qual, with_check, roles::text[] from pg_policies
                     where schemaname = 'public' and tablename = :t
                    """).param("t", table)
                    .query((rs, n) -> new Policy(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), List.of((String[]) rs.getArray(6).getArray())))
                    .list();
            if (policies.stream().noneMatch(Policy::isTenantIsolation)) {
                problems.add(table + ": no policy for ALL commands with tenant_id = app.tenant_id in USING and WITH CHECK"
                        + " (found " + policies + ")");
            }
            for (Policy extra : policies.stream().filter(p -> !p.isTenantIsolation()).toList()) {
                boolean reachesApplication = extra.roles().contains("public") || extra.roles().contains(runtimeRole);
                if (reachesApplication || !"SELECT".equals(extra.command())
                        || !OWNER_ONLY_POLICIES.contains(table + "." + extra.name())) {
                    problems.add(table + ": policy " + extra + " could widen access; only reviewed SELECT policies "
                            + "for the owner role (used by narrow SECURITY DEFINER functions) are allowed");
                }
            }
            String firstKeyColumn = owner.sql("""
                    select a.attname from pg_index i
                      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                     where i.indrelid = ('public.' || :t)::regclass and i.indisprimary
                    """).param("t", table).query(String.class).optional().orElse("(no primary key)");
            if (!"tenant_id".equals(firstKeyColumn)) {
                problems.add(table + ": primary key does not start with tenant_id but with " + firstKeyColumn);
            }
            List<String> badForeignKeys = owner.sql("""
                    select con.conname from pg_constraint con
                      join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
                     where con.contype = 'f' and con.conrelid = ('public.' || :t)::regclass
                       and con.confrelid <> 'public.tenant'::regclass
                       and a.attname <> 'tenant_id'
                    """).param("t", table).query(String.class).list();
            badForeignKeys.forEach(fk -> problems.add(table + ": foreign key " + fk + " does not start with tenant_id"));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theRuntimeRoleOwnsNothingAndCannotBypassRowLevelSecurity() {
        var role = owner.sql("""
                select r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                       (select count(*) from pg_class c where c.relowner = r.oid) as owned
                  from pg_roles r where r.rolname = :role
                """).param("role", TestDatabase.get().runtime().username())
                .query((rs, n) -> List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getLong(5) > 0))
                .single();
        assertThat(role).containsOnly(false);
    }

    @Test
    void theCatalogTableIsProtectedAndOnlyNarrowFunctionsReachAcrossTenants() {
        boolean catalogRls = owner.sql("select relrowsecurity from pg_class where oid = 'public.tenant'::regclass")
                .query(Boolean.class).single();
        assertThat(catalogRls).isTrue();
        List<String> definerFunctions = owner.sql("""
                select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef
                """).query(String.class).list();
        assertThat(definerFunctions).as("SECURITY DEFINER functions are reviewed one by one")
                .containsExactlyInAnyOrder("resolve_workspace", "mail_outbox_due", "signing_key_add", "signing_key_prune", "audit_chain_heads",
                        "mail_outbox_backlog", "tenant_keys_pending",
                        "backup_jobs_open", "backup_tenants_due", "backup_tenants",
                        "backup_tenants_drill_due", "lifecycle_tenants", "purge_deleted_workspace_trail",
                        "export_jobs_due", "subject_requests_due");
    }

    /** The helper later migrations use produces exactly the policy the lint accepts, and only the owner may call it. */
    @Test
    void theTenantIsolationHelperProducesTheCheckedPolicy() throws Exception {
        try (var connection = TestDatabase.get().ownerDataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("create table lint_probe (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))");
                statement.execute("select enable_tenant_isolation('lint_probe')");
                try (var rs = statement.executeQuery("""
                        select c.relrowsecurity, c.relforcerowsecurity, p.cmd, p.permissive, p.qual, p.with_check
                          from pg_class c join pg_policies p on p.tablename = c.relname
                         where c.relname = 'lint_probe'
                        """)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isTrue();
                    assertThat(rs.getBoolean(2)).isTrue();
                    assertThat(new Policy("tenant_isolation", rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), List.of("public")).isTenantIsolation()).isTrue();
                    assertThat(rs.next()).isFalse();
                }
            } finally {
                connection.rollback();
            }
        }
        boolean runtimeMayCall = owner.sql("select has_function_privilege(:role, 'enable_tenant_isolation(regclass)', 'execute')")
                .param("role", runtimeRole).query(Boolean.class).single();
        assertThat(runtimeMayCall).isFalse();
    }

    private List<String> tenantOwnedTables() {
        return owner.sql("""
                select c.relname from pg_class c
                  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                 order by c.relname
                """).query(String.class).list();
    }

    record Policy(String name, String command, String permissive, String using, String withCheck, List<String> roles) {

        boolean isTenantIsolation() {
            return "ALL".equals(command) && "PERMISSIVE".equals(permissive)
                    && comparesTenant(using) && comparesTenant(withCheck);
        }

        /** Exactly the policy expression, nothing added: {@code ... OR true} or a second condition fails. */
        private static boolean comparesTenant(String expression) {
            return expression != null && expression.replace(" ", "").equals(
                    "(tenant_id=(NULLIF(current_setting('app.tenant_id'::text,true),''::text))::uuid)");
        }
    }
}
