package io.strongroom.platform;

import java.util.List;
import java.util.Map;
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
 * @param sealedColumns the secrets stored encrypted under the tenant's key (not hashes: the value is
 *        needed again); with the personal columns they are the table's {@link #encryptedColumns()}
 * @param blindIndexes columns holding a blind index (keyed hash) of an encrypted column, by that column
 * @param keyMaterial the table holds the tenant's own (wrapped) keys: never copied into a backup or an
 *        export, so that destroying them reaches every copy of the tenant's data (crypto-shredding)
 * @param inBackup what backups and restores do with the table's rows (default {@link InBackup#RESTORED})
 * @param categories the category of data of each personal column (the record of processing, G4;
 *        {@code TenantDataRegistryTest} fails on a personal column without one)
 */
public record TenantTable(String module, String name, List<String> references, List<String> personalColumns,
        Subject subject, List<String> blobColumns, List<String> secretColumns, List<String> sealedColumns,
        Map<String, String> blindIndexes, boolean keyMaterial, InBackup inBackup, Map<String, DataCategory> categories) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    public TenantTable {
        Objects.requireNonNull(module, "module");
        references = List.copyOf(references);
        personalColumns = List.copyOf(personalColumns);
        blobColumns = List.copyOf(blobColumns);
        secretColumns = List.copyOf(secretColumns);
        sealedColumns = List.copyOf(sealedColumns);
        blindIndexes = Map.copyOf(blindIndexes);
        categories = Map.copyOf(categories);
        Objects.requireNonNull(inBackup, "inBackup");
        if (!personalColumns.containsAll(categories.keySet())) {
            throw new IllegalArgumentException("A category is given only to a personal column: " + categories.keySet());
        }
        if (keyMaterial && inBackup != InBackup.NOT_INCLUDED) {
            throw new IllegalArgumentException("Key material is never in a backup: " + name);
        }
        if (!secretColumns.containsAll(sealedColumns)) {
            throw new IllegalArgumentException("Sealed columns must be secrets: " + sealedColumns);
        }
        for (String indexed : blindIndexes.keySet()) {
            if (!personalColumns.contains(indexed) && !sealedColumns.contains(indexed)) {
                throw new IllegalArgumentException("A blind index is kept only for an encrypted column: " + indexed);
            }
        }
        for (String identifier : concat(List.of(name), references, personalColumns, blobColumns, secretColumns,
                List.copyOf(blindIndexes.values()), subject == null ? List.of() : List.of(subject.column()))) {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("Not a table or column name: " + identifier);
            }
        }
    }

    /** A table of {@code module} with nothing declared yet; add what applies. */
    public static TenantTable of(String module, String name) {
        return new TenantTable(module, name, List.of(), List.of(), null, List.of(), List.of(), List.of(), Map.of(),
                false, InBackup.RESTORED, Map.of());
    }

    public TenantTable references(String... tables) {
        return new TenantTable(module, name, List.of(tables), personalColumns, subject, blobColumns, secretColumns,
                sealedColumns, blindIndexes, keyMaterial, inBackup, categories);
    }

    /** Personal columns with the category of data each holds (for the record of processing, G4). */
    public TenantTable personal(Map<String, DataCategory> columns) {
        return personal(List.copyOf(columns.keySet())).categorised(columns);
    }

    private TenantTable categorised(Map<String, DataCategory> value) {
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, secretColumns,
                sealedColumns, blindIndexes, keyMaterial, inBackup, value);
    }

    public TenantTable personal(List<String> columns) {
        return new TenantTable(module, name, references, columns, subject, blobColumns, secretColumns, sealedColumns,
                blindIndexes, keyMaterial, inBackup, categories);
    }

    public TenantTable subject(SubjectKind kind, String column) {
        return new TenantTable(module, name, references, personalColumns, new Subject(kind, column), blobColumns,
                secretColumns, sealedColumns, blindIndexes, keyMaterial, inBackup, categories);
    }

    public TenantTable blobs(String... columns) {
        return new TenantTable(module, name, references, personalColumns, subject, List.of(columns), secretColumns,
                sealedColumns, blindIndexes, keyMaterial, inBackup, categories);
    }

    /** Secrets kept as one-way hashes (or otherwise not needed in clear again): never exported, never logged. */
    public TenantTable secrets(String... columns) {
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns,
                concat(List.of(columns), sealedColumns), sealedColumns, blindIndexes, keyMaterial, inBackup, categories);
    }

    /** Secrets needed in clear again (a mail body): stored encrypted under the tenant's key, never exported or logged. */
    public TenantTable sealedSecrets(String... columns) {
        List<String> sealed = List.of(columns);
        List<String> hashed = secretColumns.stream().filter(c -> !sealedColumns.contains(c)).toList();
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, concat(hashed, sealed),
                sealed, blindIndexes, keyMaterial, inBackup, categories);
    }

    /** Keeps a blind index of the encrypted {@code column} in {@code indexColumn} (equality search without clear text). */
    public TenantTable blindIndex(String column, String indexColumn) {
        Map<String, String> indexes = new java.util.LinkedHashMap<>(blindIndexes);
        indexes.put(column, indexColumn);
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, secretColumns,
                sealedColumns, indexes, keyMaterial, inBackup, categories);
    }

    /** The table holds the tenant's wrapped keys: kept out of backups and exports, destroyed by crypto-shredding. */
    public TenantTable holdsKeys() {
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, secretColumns,
                sealedColumns, blindIndexes, true, InBackup.NOT_INCLUDED, categories);
    }

    /**
     * The table is append-only history (the audit trail): backed up, but a restore in place never
     * rolls it back (it appends to it instead).
     */
    public TenantTable appendOnly() {
        return backup(InBackup.APPEND_ONLY);
    }

    /**
     * The rows only make sense in the state they were made in (sessions, single-use tokens): not
     * backed up, and a restore removes them (everyone signs in again; links sent before no longer work).
     */
    public TenantTable clearedByRestore() {
        return backup(InBackup.CLEARED);
    }

    /** The rows are operational state a restore must neither copy nor touch (a delivery queue, the backup catalog). */
    public TenantTable notBackedUp() {
        return backup(InBackup.NOT_INCLUDED);
    }

    private TenantTable backup(InBackup value) {
        return new TenantTable(module, name, references, personalColumns, subject, blobColumns, secretColumns,
                sealedColumns, blindIndexes, keyMaterial, value, categories);
    }

    /** The columns stored as ciphertext under the tenant's field key: every personal column and every sealed secret. */
    public List<String> encryptedColumns() {
        return concat(personalColumns, sealedColumns);
    }

    /** Every column the declaration names. */
    public List<String> declaredColumns() {
        return concat(personalColumns, blobColumns, secretColumns, List.copyOf(blindIndexes.values()),
                subject == null ? List.of() : List.of(subject.column()));
    }

    /** What backups and restores do with a table's rows. */
    public enum InBackup {
        /** Backed up; a restore in place replaces the tenant's rows with the backup's. */
        RESTORED,
        /** Backed up; a restore in place keeps the current rows (history is never rolled back). */
        APPEND_ONLY,
        /** Not backed up; a restore in place deletes the tenant's rows. */
        CLEARED,
        /** Not backed up; a restore in place leaves the rows as they are. */
        NOT_INCLUDED;

        /** Whether a backup copies the table's rows. */
        public boolean copied() {
            return this == RESTORED || this == APPEND_ONLY;
        }
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
