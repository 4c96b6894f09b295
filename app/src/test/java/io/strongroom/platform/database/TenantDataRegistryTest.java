package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.people.PersonField;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;

/**
 * The tenant-data registry against the migrated schema: every table with a {@code tenant_id} is
 * claimed by exactly one module, every declared column exists, foreign keys point only at declared
 * references (so the registry's order is a valid restore order), and the columns the migrations
 * mark personal or secret are exactly the declared ones. Encryption, backups, export and erasure
 * trust this list, so a table or personal column it misses would be missed by all of them.
 */
@StrongroomTest
@Tag("T1")
class TenantDataRegistryTest {

    @Autowired
    TenantDataRegistry registry;

    private final JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());

    @Test
    void everyTenantTableIsClaimedOnceAndItsDeclarationMatchesTheSchema() {
        Set<String> tenantTables = new TreeSet<>(owner.sql("""
                select c.relname from pg_class c
                  join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
                """).query(String.class).list());
        Set<String> claimed = registry.tables().stream().map(TenantTable::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(claimed).as("claimed tables = tables with tenant_id").isEqualTo(tenantTables);

        List<String> problems = new ArrayList<>();
        for (TenantTable table : registry.tables()) {
            Set<String> columns = Set.copyOf(owner.sql("""
                    select attname from pg_attribute where attrelid = ('public.' || :t)::regclass
                       and attnum > 0 and not attisdropped
                    """).param("t", table.name()).query(String.class).list());
            table.declaredColumns().stream().filter(c -> !columns.contains(c))
                    .forEach(c -> problems.add(table.name() + "." + c + " is declared but does not exist"));

            Set<String> referenced = new TreeSet<>(owner.sql("""
                    select distinct confrelid::regclass::text from pg_constraint
                     where contype = 'f' and conrelid = ('public.' || :t)::regclass
                    """).param("t", table.name()).query(String.class).list());
            referenced.remove("tenant");
            referenced.remove(table.name());
            if (!Set.copyOf(table.references()).equals(referenced)) {
                problems.add(table.name() + " declares references " + table.references() + " but its foreign keys point at "
                        + referenced);
            }

            Map<String, String> marks = owner.sql("""
                    select a.attname, col_description(a.attrelid, a.attnum) from pg_attribute a
                     where a.attrelid = ('public.' || :t)::regclass and a.attnum > 0 and not a.attisdropped
                       and col_description(a.attrelid, a.attnum) is not null
                    """).param("t", table.name()).query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            compare(problems, table, "personal", marks, Set.copyOf(table.personalColumns()));
            compare(problems, table, "secret", marks, Set.copyOf(table.secretColumns()));
        }
        assertThat(problems).isEmpty();
    }

    /**
     * A restore changes exactly the tables a backup copies or clears; those, and only those, refuse
     * writes while a restore runs (V19's restore_guard), so the workspace is read-only meanwhile and
     * the job's own bookkeeping goes on.
     */
    @Test
    @Tag("B5")
    void everyTableARestoreChangesRefusesWritesDuringIt() {
        for (TenantTable table : registry.tables()) {
            boolean guarded = owner.sql("""
                    select exists (select 1 from pg_trigger where tgrelid = ('public.' || :t)::regclass
                                      and tgname = 'restore_guard' and not tgisinternal)
                    """).param("t", table.name()).query(Boolean.class).single();
            assertThat(guarded).as(table.name() + " (" + table.inBackup() + ")")
                    .isEqualTo(table.inBackup() != TenantTable.InBackup.NOT_INCLUDED);
        }
        assertThat(registry.find("tenant_keyset").orElseThrow().inBackup().copied()).as("key material").isFalse();
        assertThat(registry.find("audit_event").orElseThrow().inBackup()).isEqualTo(TenantTable.InBackup.APPEND_ONLY);
        assertThat(registry.find("auth_session").orElseThrow().inBackup()).isEqualTo(TenantTable.InBackup.CLEARED);
    }

    @Test
    void tablesComeAfterWhatTheyReference() {
        List<String> order = registry.tables().stream().map(TenantTable::name).toList();
        for (TenantTable table : registry.tables()) {
            for (String reference : table.references()) {
                assertThat(order.indexOf(reference)).as(table.name() + " after " + reference)
                        .isLessThan(order.indexOf(table.name()));
            }
        }
        assertThat(order.indexOf("app_user")).isLessThan(order.indexOf("employee"));
    }

    @Test
    @Tag("R2")
    void thePersonRecordsPersonalColumnsAreTheFieldCatalog() {
        TenantTable employee = registry.find("employee").orElseThrow();
        assertThat(employee.personalColumns()).containsExactlyInAnyOrderElementsOf(
                PersonField.personalFields().stream().map(PersonField::apiName).toList());
        assertThat(employee.subject().kind()).isEqualTo(TenantTable.SubjectKind.PERSON);
    }

    /** The record of processing names a category for every personal column: one without fails here (G4). */
    @Test
    @Tag("G4")
    void everyPersonalColumnHasACategoryOfData() {
        List<String> missing = new java.util.ArrayList<>();
        for (TenantTable table : registry.tables()) {
            for (String column : table.personalColumns()) {
                if (table.categories().get(column) == null) {
                    missing.add(table.name() + "." + column);
                }
            }
        }
        assertThat(missing).as("personal columns without a category of data").isEmpty();
        assertThat(registry.find("leave_request").orElseThrow().categories().get("note").special())
                .as("a reason for an absence may be health data").isTrue();
    }

    @Test
    @Tag("E3")
    void onlyTheTenantKeysetsAreKeyMaterialAndEveryPersonalColumnIsEncrypted() {
        // backups and exports leave key material out, or destroying a tenant's keys would not reach them
        assertThat(registry.tables().stream().filter(TenantTable::keyMaterial).map(TenantTable::name))
                .containsExactly("tenant_keyset");
        for (TenantTable table : registry.tables()) {
            assertThat(table.encryptedColumns()).as(table.name()).containsAll(table.personalColumns());
            Map<String, String> types = owner.sql("""
                    select attname, format_type(atttypid, atttypmod) from pg_attribute
                     where attrelid = ('public.' || :t)::regclass and attnum > 0 and not attisdropped
                    """).param("t", table.name()).query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            table.encryptedColumns().forEach(column -> assertThat(types.get(column)).as(table.name() + "." + column
                    + " holds ciphertext").isEqualTo("bytea"));
        }
    }

    @Test
    void aTableClaimedTwiceAnUndeclaredReferenceOrACycleStopTheStart() {
        assertThatThrownBy(() -> new TenantDataRegistry(List.of(TenantTable.of("a", "x"), TenantTable.of("b", "x"))))
                .hasMessageContaining("claimed by both a and b");
        assertThatThrownBy(() -> new TenantDataRegistry(List.of(TenantTable.of("a", "x").references("y"))))
                .hasMessageContaining("no module declares");
        assertThatThrownBy(() -> new TenantDataRegistry(List.of(TenantTable.of("a", "x").references("y"),
                TenantTable.of("a", "y").references("x")))).hasMessageContaining("cycle");
        assertThatThrownBy(() -> TenantTable.of("a", "x; drop table y")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void compare(List<String> problems, TenantTable table, String mark, Map<String, String> marks,
            Set<String> declared) {
        Set<String> marked = marks.entrySet().stream().filter(e -> e.getValue().startsWith(mark + ":"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        if (!marked.equals(declared)) {
            problems.add(table.name() + ": columns marked '" + mark + ":' " + new TreeSet<>(marked) + " but declared "
                    + new TreeSet<>(declared));
        }
    }
}
