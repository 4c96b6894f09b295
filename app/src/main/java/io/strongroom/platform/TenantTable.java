package io.strongroom.platform;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant-owned table, declared by the module that owns it (a bean; the {@link TenantDataRegistry}
 * collects them). Encryption, backups, export, erasure and subject requests iterate the registry, so
 * nothing else keeps a list of tables; {@code TenantDataRegistryTest} fails when a table with a
 * {@code tenant_id} is unclaimed or claimed twice, when a declared column does not exist, when a
 * foreign key points at a table not named in {@code references}, or when the columns a migration
 * marks {@code COMMENT ON COLUMN ... IS 'personal'} (or {@code 'secret'}) differ from the declared ones.
 *
 * @param module the owning module
 * @param name the table
 * @param references the tenant tables its foreign keys point at (restore order: those first)
 * @param personalColumns personal-data fields of a data subject (the module's field catalog): masked,
 *        redacted in audit diffs, encrypted at rest, exported and erased
 * @param subject the column that links a row to its data subject, or null when rows belong to nobody
 * @param blobColumns columns that reference stored files
 * @param secretColumns stored secrets (hashes of passwords and tokens, mail bodies with single-use
 *        links): never exported, never logged
 */
public record TenantTable(String module, String name, List<String> references, List<String> personalColumns,
        Subject subject, List<String> blobColumns, List<String> secretColumns) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    public TenantTable {
        Objects.requireNonNull(module, "module");
        references = List.copyOf(references);
        personalColumns = List.copyOf(personalColumns);
        blobColumns = List.copyOf(blobColumns);
        secretColumns = List.copyOf(secretColumns);
        for (String identifier : concat(List.of(name), references, personalColumns, blobColumns, secretColumns,
                subject == null ? List.of() : List.of(subject.column()))) {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not a table or column name: " + identifier);
            }
        }
    }

    /** A table of {@code module} with nothing declared yet; add what applies. */
    public static TenantTable of(String module, String name) {
        return new TenantTable(module, name, List.of(), List.of(), null, List.of(), List.of());
    }

    public TenantTable references(String... tables) {
        return new TenantTable(module, name, List.of(tables), personalColumns, subject, blobColumns, secretColumns);
    }

    public TenantTable personal(List<String> columns) {
        return new TenantTable(module, name, references, columns, subject, blobColumns, secretColumns);
    }

    public TenantTable subject(SubjectKind kind, String column) {
        return new TenantTable(module, name, references, personalColumns, new Subject(kind, column), blobColumns,
                secretColumns);
    }

    public TenantTable blobs(String... columns) {
        return new TenantTable(module, name, references, personalColumns, subject, List.of(columns), secretColumns);
    }

    public TenantTable secrets(String... columns) {
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, List.of(columns));
    }

    /** Every column the declaration names. */
    public List<String> declaredColumns() {
        return concat(personalColumns, blobColumns, secretColumns, subject == null ? List.of() : List.of(subject.column()));
    }

    /** Who a row is about: a user account, a person record, or a bare e-mail address. */
    public enum SubjectKind {
        USER, PERSON, EMAIL
    }

    public record Subject(SubjectKind kind, String column) {

        public Subject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(column, "column");
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
