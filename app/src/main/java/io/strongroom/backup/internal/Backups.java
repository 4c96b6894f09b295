package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.FileEncryption;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.platform.AppVersion;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.InBackup;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;
import io.strongroom.tenancy.WorkspaceCopies;

/**
 * Taking, verifying and restoring the backup of one tenant (B1, B3, B5). Every method runs with the
 * tenant bound to the thread.
 * <ul>
 * <li><b>Take</b>: one REPEATABLE READ, read-only transaction (one consistent snapshot) copies every
 * table the registry marks as backed up with {@code COPY (SELECT ... WHERE tenant_id = ...) TO STDOUT
 * (FORMAT binary)} into a {@link BackupArchive}, encrypted on the fly with the tenant's streaming
 * key bound to the backup's id, into the {@link BackupStore}; the object appears only when complete.
 * Then the object is read back and verified before the catalog calls it verified.</li>
 * <li><b>Verify</b>: decrypt (every 1 MiB segment authenticated), read every part, check its
 * structure, row count and SHA-256 against the manifest, and the manifest against the catalog.</li>
 * <li><b>Restore in place</b>: verify first; then one transaction that holds the tenant's restore
 * lock (writes to the workspace are refused meanwhile, see V19), deletes the tenant's rows of the
 * restored and cleared tables, loads each part into a temporary table, inserts it (under the row
 * policy, so no row of another tenant can get in), checks the counts and digests again, and appends
 * the restore to the audit trail (which is never rolled back). Any failure rolls all of it back.</li>
 * </ul>
 */
final class Backups {

    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final DataSource dataSource;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate transaction;
    private final TransactionTemplate ownTransaction;
    private final TenantDataRegistry registry;
    private final FileEncryption files;
    private final FieldEncryption fields;
    private final TenantDirectory tenants;
    private final WorkspaceCopies copies;
    private final BackupStores stores;
    private final AuditLog audit;
    private final KeyAdministration keys;
    private final BackupNotices notices;
    private final Clock clock;
    private final AppVersion appVersion;
    private final String schemaVersion;

    private final List<io.strongroom.platform.AfterRestore> afterRestore;

    Backups(JdbcClient jdbc, DataSource dataSource, TransactionTemplate snapshot, TransactionTemplate transaction,
            TransactionTemplate ownTransaction, TenantDataRegistry registry, FileEncryption files, FieldEncryption fields,
            TenantDirectory tenants, WorkspaceCopies copies, BackupStores stores, AuditLog audit, KeyAdministration keys,
            BackupNotices notices, Clock clock, AppVersion appVersion, String schemaVersion,
            List<io.strongroom.platform.AfterRestore> afterRestore) {
        this.afterRestore = List.copyOf(afterRestore);
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(dataSource);
        this.dataSource = dataSource;
        this.snapshot = snapshot;
        this.transaction = transaction;
        this.ownTransaction = ownTransaction;
        this.registry = registry;
        this.files = files;
        this.fields = fields;
        this.tenants = tenants;
        this.copies = copies;
        this.stores = stores;
        this.audit = audit;
        this.keys = keys;
        this.notices = notices;
        this.clock = clock;
        this.appVersion = appVersion;
        this.schemaVersion = schemaVersion;
    }

    /** A backup that cannot be used: missing, unreadable, altered, made for another workspace or key. */
    static final class BackupUnusable extends RuntimeException {

        BackupUnusable(String message) {
            super(message);
        }
    }

    /** The backup store could not be written (full, unreachable, refused): an operator's problem, retried later. */
    static final class StoreFailed extends RuntimeException {

        StoreFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    record Outcome(long rows, long bytes, Duration duration) {
    }

    // --- take -----------------------------------------------------------------------------------------------

    /** Takes a backup of the bound tenant into the catalog row {@code backupId} (state running), and verifies it. */
    Outcome take(UUID backupId, LongConsumer progress) {
        UUID tenant = TenantContext.require();
        String key = objectKey(tenant, backupId);
        long started = System.nanoTime();
        List<Long> fieldKeys = files.fieldKeyIds();
        BackupStore store = storeOfBoundTenant();
        ownTransaction.executeWithoutResult(tx -> jdbc.sql(
                "update backup set field_key_ids = :ids, store = :store, object_key = :key where tenant_id = :tenant and id = :id")
                .param("ids", fieldKeys.toArray(Long[]::new)).param("store", store.name()).param("key", key)
                .param("tenant", tenant).param("id", backupId).update());
        BackupArchive.Manifest manifest;
        long size;
        try (BackupStore.Upload upload = store.create(key)) {
            // counted, not hashed: the encryption authenticates every segment of the object already
            BackupArchive.Measuring object = new BackupArchive.Measuring(upload.stream(), false);
            try (OutputStream encrypted = files.encrypting(object, associatedName(backupId))) {
                manifest = writeArchive(tenant, backupId, fieldKeys, encrypted, progress);
            }
            size = object.bytes();
            upload.commit();
        } catch (IOException e) {
            throw new StoreFailed("Writing the backup to the " + store.name() + " store (" + store.location()
                    + ") failed: " + e.getMessage(), e);
        }
        Instant finished = clock.instant();
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
                update backup set finished_at = :at, size_bytes = :size, row_count = :rows, schema_version = :schema,
                       app_version = :app where tenant_id = :tenant and id = :id
                """).param("at", Timestamp.from(finished)).param("size", size).param("rows", manifest.rows())
                .param("schema", manifest.schemaVersion()).param("app", manifest.appVersion())
                .param("tenant", tenant).param("id", backupId).update());
        verify(backupId);
        ownTransaction.executeWithoutResult(tx -> jdbc.sql(
                "update backup set state = 'verified', verified_at = :at where tenant_id = :tenant and id = :id")
                .param("at", Timestamp.from(clock.instant())).param("tenant", tenant).param("id", backupId).update());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Backed up workspace {}: {} rows, {} bytes in {} ms (backup {})", tenant, manifest.rows(), size,
                took.toMillis(), backupId);
        return new Outcome(manifest.rows(), size, took);
    }

    private BackupArchive.Manifest writeArchive(UUID tenant, UUID backupId, List<Long> fieldKeys, OutputStream target,
            LongConsumer progress) {
        return snapshot.execute(tx -> {
            Instant at = clock.instant();
            List<BackupArchive.Part> parts = new ArrayList<>();
            try {
                ZipOutputStream zip = new ZipOutputStream(target);
                // stored, not compressed: personal columns are ciphertext already, and deflating the rest cost more
                // than half of the backup's time (bench: docs/performance.md)
                zip.setLevel(Deflater.NO_COMPRESSION);
                CopyManager copy = copyManager();
                long done = 0;
                for (TenantTable table : registry.tables()) {
                    if (!table.inBackup().copied()) {
                        continue;
                    }
                    List<BackupArchive.Column> columns = columns(table.name());
                    zip.putNextEntry(new ZipEntry(BackupArchive.TABLES + table.name() + BackupArchive.PART_SUFFIX));
                    BackupArchive.Measuring part = new BackupArchive.Measuring(zip);
                    long rows = copy.copyOut("COPY (SELECT " + columnList(columns) + " FROM " + table.name()
                            + " WHERE tenant_id = '" + tenant + "') TO STDOUT (FORMAT binary)", part);
                    zip.closeEntry();
                    parts.add(new BackupArchive.Part(table.name(), columns, rows, part.bytes(), part.sha256()));
                    done += rows;
                    progress.accept(done);
                }
                BackupArchive.Manifest manifest = new BackupArchive.Manifest(BackupArchive.FORMAT, tenant, backupId,
                        at.toString(), schemaVersion, appVersion.version() + " (" + appVersion.commit() + ")",
                        fieldKeys, parts);
                zip.putNextEntry(new ZipEntry(BackupArchive.MANIFEST));
                zip.write(BackupArchive.write(manifest));
                zip.closeEntry();
                zip.finish();
                return manifest;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("Copying the data of workspace " + tenant + " failed: " + e.getMessage(), e);
            }
        });
    }

    // --- verify ---------------------------------------------------------------------------------------------

    /** Reads the whole backup back and checks it against its manifest and the catalog; answers the manifest. */
    BackupArchive.Manifest verify(UUID backupId) {
        UUID tenant = TenantContext.require();
        CatalogEntry entry = ownTransaction.execute(tx -> catalogEntry(backupId));
        return read(tenant, entry, null, (table, columns, in) -> CopyBinary.countRows(in));
    }

    /** What a reader does with one part ({@code columns} from the manifest of a first pass, else null): answers its rows. */
    @FunctionalInterface
    interface PartReader {
        long read(String table, List<BackupArchive.Column> columns, InputStream part) throws IOException, SQLException;
    }

    record CatalogEntry(UUID id, String objectKey, String state, Long sizeBytes, Instant startedAt, String store) {
    }

    CatalogEntry catalogEntry(UUID backupId) {
        return jdbc.sql("select id, object_key, state, size_bytes, started_at, store from backup where id = :id")
                .param("id", backupId)
                .query((rs, n) -> new CatalogEntry(rs.getObject("id", UUID.class), rs.getString("object_key"),
                        rs.getString("state"), (Long) rs.getObject("size_bytes"),
                        rs.getTimestamp("started_at").toInstant(), rs.getString("store")))
                .optional().orElseThrow(() -> new BackupUnusable("No backup " + backupId + " in this workspace"));
    }

    /**
     * Streams the backup through {@code reader} part by part (the manifest comes last, so each part's
     * rows and digest are compared once it is known) and answers the manifest. Any difference, an
     * altered or truncated object, or a missing part throws {@link BackupUnusable}.
     */
    private BackupArchive.Manifest read(UUID tenant, CatalogEntry entry, BackupArchive.Manifest expected,
            PartReader reader) {
        return read(tenant, entry, expected, reader, open(entry));
    }

    /** The archive as stored, and its clear text; closing it closes both. */
    private record OpenArchive(BackupArchive.MeasuringInput object, InputStream clear) implements java.io.Closeable {

        @Override
        public void close() throws IOException {
            try (InputStream stored = object) {
                clear.close();
            }
        }
    }

    /**
     * Opens the archive of {@code entry} for reading with the key of the tenant bound now (the stream
     * keeps that key: it can be read on where another tenant is bound).
     */
    private OpenArchive open(CatalogEntry entry) {
        InputStream stored = null;
        try {
            stored = stores.named(entry.store()).open(entry.objectKey());
            BackupArchive.MeasuringInput object = new BackupArchive.MeasuringInput(stored, false);
            return new OpenArchive(object, files.decrypting(object, associatedName(entry.id())));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupUnusable("The archive of backup " + entry.id() + " is missing from the "
                    + entry.store() + " store");
        } catch (IOException e) {
            closeQuietly(stored);
            throw new BackupUnusable("The archive of backup " + entry.id()
                    + " cannot be decrypted or read: it was altered, truncated or made for another key ("
                    + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(stored);
            throw e;
        }
    }

    private static void closeQuietly(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    private BackupArchive.Manifest read(UUID tenant, CatalogEntry entry, BackupArchive.Manifest expected,
            PartReader reader, OpenArchive archive) {
        Map<String, long[]> rowsByPart = new LinkedHashMap<>();
        Map<String, String> digestByPart = new LinkedHashMap<>();
        Map<String, Long> bytesByPart = new LinkedHashMap<>();
        BackupArchive.Manifest manifest = null;
        BackupArchive.MeasuringInput object;
        try (archive) {
            object = archive.object();
            InputStream clear = archive.clear();
            try (ZipInputStream zip = new ZipInputStream(clear)) {
                for (ZipEntry zipEntry; (zipEntry = zip.getNextEntry()) != null;) {
                    String name = zipEntry.getName();
                    if (name.equals(BackupArchive.MANIFEST)) {
                        manifest = BackupArchive.read(zip.readAllBytes());
                        continue;
                    }
                    if (!name.startsWith(BackupArchive.TABLES) || !name.endsWith(BackupArchive.PART_SUFFIX)
                            || manifest != null) {
                        throw new BackupUnusable("The backup holds an unexpected entry " + name);
                    }
                    String table = name.substring(BackupArchive.TABLES.length(),
                            name.length() - BackupArchive.PART_SUFFIX.length());
                    BackupArchive.MeasuringInput part = new BackupArchive.MeasuringInput(zip);
                    long rows = reader.read(table, expected == null ? null : expectedColumns(expected, table), part);
                    part.transferTo(OutputStream.nullOutputStream());
                    rowsByPart.put(table, new long[] {rows});
                    digestByPart.put(table, part.sha256());
                    bytesByPart.put(table, part.bytes());
                }
                clear.transferTo(OutputStream.nullOutputStream()); // the last segment's tag
            }
        } catch (IOException e) {
            throw new BackupUnusable("The archive of backup " + entry.id()
                    + " cannot be decrypted or read: it was altered, truncated or made for another key ("
                    + e.getMessage() + ")");
        } catch (SQLException e) {
            throw new BackupUnusable("Loading backup " + entry.id() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof BackupUnusable || e instanceof io.strongroom.crypto.TenantKeysDestroyed) {
                throw e;
            }
            throw new BackupUnusable("The archive of backup " + entry.id() + " is not a valid backup: " + e.getMessage());
        }
        if (manifest == null) {
            throw new BackupUnusable("The archive of backup " + entry.id() + " has no manifest: it is incomplete");
        }
        if (!tenant.equals(manifest.tenant()) || !entry.id().equals(manifest.backup())) {
            throw new BackupUnusable("Backup " + entry.id() + " belongs to another workspace or backup");
        }
        if (entry.sizeBytes() != null && entry.sizeBytes() != object.bytes()) {
            throw new BackupUnusable("The archive of backup " + entry.id() + " differs from the one written");
        }
        if (manifest.parts().size() != rowsByPart.size()) {
            throw new BackupUnusable("Backup " + entry.id() + " lacks parts its manifest lists");
        }
        for (BackupArchive.Part part : manifest.parts()) {
            long[] rows = rowsByPart.get(part.table());
            if (rows == null || rows[0] != part.rows() || !part.sha256().equals(digestByPart.get(part.table()))
                    || part.bytes() != bytesByPart.get(part.table())) {
                throw new BackupUnusable("Part " + part.table() + " of backup " + entry.id()
                        + " does not match its manifest");
            }
        }
        return manifest;
    }

    private static List<BackupArchive.Column> expectedColumns(BackupArchive.Manifest expected, String table) {
        BackupArchive.Part part = expected.part(table);
        if (part == null) {
            throw new BackupUnusable("Part " + table + " of backup " + expected.backup() + " is not in its manifest");
        }
        return part.columns();
    }

    // --- drill --------------------------------------------------------------------------------------------

    /** What a restore drill found. */
    record Drill(boolean passed, int tables, long rows, Duration duration, String detail) {
    }

    /**
     * A restore drill of the bound tenant's backup (B7): decrypt and verify it, then load every part
     * into a scratch table (a temporary table with the live table's columns, defaults, checks and
     * unique indexes, in a transaction that is always rolled back), check that it holds only this
     * tenant's rows, and read it back out: the bytes must be exactly the part's (same SHA-256), so
     * the database accepted every value as it was backed up. Touches nothing of the workspace.
     */
    Drill drill(UUID backupId) {
        UUID tenant = TenantContext.require();
        long started = System.nanoTime();
        List<String> differences = new ArrayList<>();
        long[] rows = {0};
        int[] tables = {0};
        try {
            BackupArchive.Manifest manifest = verify(backupId);
            CatalogEntry entry = ownTransaction.execute(tx -> catalogEntry(backupId));
            ownTransaction.executeWithoutResult(tx -> {
                tx.setRollbackOnly(); // scratch only
                CopyManager copy = copyManager();
                read(tenant, entry, manifest, (table, columns, in) -> {
                    String scratch = "drill_" + table;
                    String columnList = columnList(columns);
                    jdbc.sql("create temporary table " + scratch + " (like " + table
                            + " including defaults including constraints including indexes) on commit drop").update();
                    long loaded = copy.copyIn("COPY " + scratch + " (" + columnList + ") FROM STDIN (FORMAT binary)", in);
                    BackupArchive.Measuring back = new BackupArchive.Measuring(OutputStream.nullOutputStream());
                    copy.copyOut("COPY (SELECT " + columnList + " FROM " + scratch + ") TO STDOUT (FORMAT binary)", back);
                    if (!back.sha256().equals(expectedColumnsPart(manifest, table).sha256())) {
                        differences.add(table + ": the rows read back differ from the backup");
                    }
                    long foreign = jdbc.sql("select count(*) from " + scratch + " where tenant_id <> :tenant")
                            .param("tenant", tenant).query(Long.class).single();
                    if (foreign > 0) {
                        differences.add(table + ": " + foreign + " rows of another workspace");
                    }
                    rows[0] += loaded;
                    tables[0]++;
                    return loaded;
                });
            });
        } catch (BackupUnusable e) {
            differences.add(e.getMessage());
        } catch (org.springframework.dao.DataAccessException e) {
            differences.add("The database refused the backup's data: " + rootMessage(e));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String detail = differences.isEmpty() ? null : String.join("; ", differences);
        if (detail != null && detail.length() > 1000) {
            detail = detail.substring(0, 997) + "...";
        }
        return new Drill(differences.isEmpty(), tables[0], rows[0], took, detail);
    }

    private static BackupArchive.Part expectedColumnsPart(BackupArchive.Manifest manifest, String table) {
        BackupArchive.Part part = manifest.part(table);
        if (part == null) {
            throw new BackupUnusable("Part " + table + " of backup " + manifest.backup() + " is not in its manifest");
        }
        return part;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    // --- restore --------------------------------------------------------------------------------------------

    /** A backup of the bound tenant that may be restored: verified in the catalog, read back whole, fitting the schema. */
    private record Restorable(CatalogEntry entry, BackupArchive.Manifest manifest) {
    }

    private Restorable restorable(UUID backupId) {
        CatalogEntry entry = ownTransaction.execute(tx -> catalogEntry(backupId));
        if (!"verified".equals(entry.state())) {
            throw new BackupUnusable("Backup " + backupId + " was not completed and verified; it cannot be restored");
        }
        BackupArchive.Manifest manifest = verify(backupId);
        checkCompatible(manifest);
        return new Restorable(entry, manifest);
    }

    /**
     * Replaces the bound tenant's data with the backup's, all or nothing (see the class comment).
     *
     * @param actor the user who asked (named in the audit trail)
     */
    Outcome restore(UUID backupId, UUID actor, LongConsumer progress) {
        UUID tenant = TenantContext.require();
        long started = System.nanoTime();
        Restorable restorable = restorable(backupId);
        CatalogEntry entry = restorable.entry();
        BackupArchive.Manifest manifest = restorable.manifest();
        Map<String, Long> restoredRows = new LinkedHashMap<>();
        transaction.executeWithoutResult(tx -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('strongroom.restore'), hashtext(:tenant))")
                    .param("tenant", tenant.toString()).query().singleRow();
            List<TenantTable> tables = registry.tables();
            for (TenantTable table : tables.reversed()) {
                if (table.inBackup() == InBackup.RESTORED || table.inBackup() == InBackup.CLEARED) {
                    jdbc.sql("delete from " + table.name() + " where tenant_id = :tenant").param("tenant", tenant).update();
                }
            }
            loadIntoTemporaryTables(tenant, entry, manifest, open(entry), progress);
            for (TenantTable table : tables) {
                BackupArchive.Part part = manifest.part(table.name());
                if (table.inBackup() != InBackup.RESTORED || part == null) {
                    continue;
                }
                restoredRows.put(table.name(), insertFromTemporaryTable(table, part, tenant, backupId));
            }
            keys.storedValuesReplaced(tenant); // values may be under keys replaced since the backup
            afterRestore.forEach(io.strongroom.platform.AfterRestore::restored); // e.g. erasures made since
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backup_taken_at", manifest.snapshotAt());
            details.put("rows", restoredRows.values().stream().mapToLong(Long::longValue).sum());
            details.put("tables", restoredRows);
            details.put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
            audit.record(AuditEntry.of("backup.restored", "backup", backupId).actor(actor).details(details));
            notices.restored(Instant.parse(manifest.snapshotAt()), clock.instant(),
                    restoredRows.values().stream().mapToLong(Long::longValue).sum());
        });
        long rows = restoredRows.values().stream().mapToLong(Long::longValue).sum();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Restored workspace {} from backup {} ({}): {} rows in {} ms", tenant, backupId, manifest.snapshotAt(),
                rows, took.toMillis());
        return new Outcome(rows, entry.sizeBytes() == null ? 0 : entry.sizeBytes(), took);
    }

    /**
     * Loads every restored part of the backup into a temporary table {@code restore_<table>} (dropped
     * at commit) with the live table's columns and defaults; history parts are only counted.
     */
    private void loadIntoTemporaryTables(UUID tenant, CatalogEntry entry, BackupArchive.Manifest manifest,
            OpenArchive archive, LongConsumer progress) {
        CopyManager copy = copyManager();
        long[] done = {0};
        read(tenant, entry, manifest, (table, columns, in) -> {
            TenantTable declared = registry.find(table).orElseThrow();
            if (declared.inBackup() != InBackup.RESTORED) {
                return CopyBinary.countRows(in); // history stays as it is now
            }
            String temporary = "restore_" + table;
            jdbc.sql("create temporary table " + temporary + " (like " + table + " including defaults) on commit drop")
                    .update();
            long rows = copy.copyIn("COPY " + temporary + " (" + columnList(columns) + ") FROM STDIN (FORMAT binary)", in);
            done[0] += rows;
            progress.accept(done[0]);
            return rows;
        }, archive);
    }

    /**
     * Inserts {@code restore_<table>} into the table (under the row policy of the bound tenant): every
     * row must belong to {@code tenant}, and exactly the part's rows must arrive; answers them.
     */
    private long insertFromTemporaryTable(TenantTable table, BackupArchive.Part part, UUID tenant, UUID backupId) {
        long foreign = jdbc.sql("select count(*) from restore_" + table.name() + " where tenant_id <> :tenant")
                .param("tenant", tenant).query(Long.class).single();
        if (foreign > 0) {
            throw new BackupUnusable("Backup " + backupId + " holds rows of another workspace");
        }
        String columns = columnList(part.columns());
        int inserted = jdbc.sql("insert into " + table.name() + " (" + columns + ") select " + columns
                + " from restore_" + table.name()).update();
        if (inserted != part.rows()) {
            throw new BackupUnusable("Restoring " + table.name() + " inserted " + inserted + " rows instead of "
                    + part.rows());
        }
        return inserted;
    }

    // --- restore into a new workspace -------------------------------------------------------------------------

    /** What a restore into a new workspace made: the workspace's id, and the restore's figures. */
    record Copy(UUID tenant, Outcome outcome) {
    }

    /**
     * Restores the bound tenant's backup into a new workspace named {@code workspace}, for inspection;
     * the bound tenant is not touched. All or nothing, in one transaction bound to the new workspace:
     * its catalog row (company, region and plan of the source); every restored part loaded as in a
     * restore in place; every encrypted value decrypted under the source's key and encrypted again
     * under the new workspace's (its associated data names the workspace, so a copied ciphertext would
     * not decrypt there), blind indexes computed again under its index key; rows inserted with the new
     * workspace's id. Sessions and links are not copied (people sign in to the copy with their e-mail
     * and password), nor is the audit trail: the copy's begins with the restore, and the source's
     * records it too. What the modules carry over ({@link io.strongroom.platform.AfterRestore#forCopy})
     * is applied last: people erased since the backup are erased from the copy too, restrictions hold
     * there as well. The Owners of the copy (those of the backup) are e-mailed.
     */
    Copy restoreIntoNewWorkspace(UUID backupId, String workspace, UUID actor, LongConsumer progress) {
        UUID source = TenantContext.require();
        long started = System.nanoTime();
        Restorable restorable = restorable(backupId);
        CatalogEntry entry = restorable.entry();
        BackupArchive.Manifest manifest = restorable.manifest();
        Tenant sourceTenant = ownTransaction.execute(tx -> tenants.current()).orElseThrow();
        UUID target = Ids.newId();
        Map<String, Long> copiedRows = new LinkedHashMap<>();
        FieldEncryption.Rekeying rekeying = TenantContext.callAs(target, () -> fields.rekeyingFrom(source));
        // e.g. the people erased since the backup: the copy must not bring them back
        List<Runnable> carried = ownTransaction.execute(tx -> afterRestore.stream()
                .map(io.strongroom.platform.AfterRestore::forCopy).toList());
        OpenArchive archive = open(entry); // with the source's key, before the new workspace's transaction
        try (archive) {
            copyInto(target, workspace, sourceTenant, backupId, actor, entry, manifest, archive, rekeying, copiedRows,
                    carried, progress);
        } catch (IOException e) {
            log.debug("Closing the archive of backup {} failed: {}", backupId, e.getMessage());
        }
        long rows = copiedRows.values().stream().mapToLong(Long::longValue).sum();
        ownTransaction.executeWithoutResult(tx -> audit.record(AuditEntry.of("backup.copied", "backup", backupId)
                .actor(actor).details(Map.of("workspace", workspace, "tenant_id", target, "rows", rows))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Restored backup {} of workspace {} into the new workspace {} ({}): {} rows in {} ms", backupId, source,
                workspace, target, rows, took.toMillis());
        return new Copy(target, new Outcome(rows, entry.sizeBytes() == null ? 0 : entry.sizeBytes(), took));
    }

    /** The new workspace's transaction: its catalog row, then the backup's rows under its keys (see above). */
    private void copyInto(UUID target, String workspace, Tenant sourceTenant, UUID backupId, UUID actor,
            CatalogEntry entry, BackupArchive.Manifest manifest, OpenArchive archive, FieldEncryption.Rekeying rekeying,
            Map<String, Long> copiedRows, List<Runnable> carried, LongConsumer progress) {
        UUID source = sourceTenant.id();
        TenantContext.runAs(target, () -> transaction.executeWithoutResult(tx -> {
            copies.createCopy(target, workspace, sourceTenant);
            loadIntoTemporaryTables(source, entry, manifest, archive, progress);
            for (TenantTable table : registry.tables()) {
                BackupArchive.Part part = manifest.part(table.name());
                if (table.inBackup() != InBackup.RESTORED || part == null) {
                    continue;
                }
                reencryptForNewWorkspace(table, rekeying);
                jdbc.sql("update restore_" + table.name() + " set tenant_id = :target where tenant_id = :source")
                        .param("target", target).param("source", source).update();
                copiedRows.put(table.name(), insertFromTemporaryTable(table, part, target, backupId));
            }
            carried.forEach(Runnable::run);
            long rows = copiedRows.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mode", "new_workspace");
            details.put("source_workspace", sourceTenant.workspace());
            details.put("backup_taken_at", manifest.snapshotAt());
            details.put("rows", rows);
            details.put("tables", copiedRows);
            audit.record(AuditEntry.of("backup.restored", "backup", backupId).actor(actor).details(details));
            notices.copied(sourceTenant.workspace(), Instant.parse(manifest.snapshotAt()), clock.instant(), rows);
        }));
    }

    /** Rows re-encrypted per page and batched update. */
    private static final int REKEY_PAGE = 1000;

    /** The encrypted values of {@code restore_<table>}: from the source's key to the new workspace's. */
    private void reencryptForNewWorkspace(TenantTable table, FieldEncryption.Rekeying rekeying) {
        List<String> columns = table.encryptedColumns();
        if (columns.isEmpty()) {
            return;
        }
        Map<String, String> indexes = table.blindIndexes();
        List<String> assignments = new ArrayList<>();
        for (String column : columns) {
            assignments.add(column + " = :" + column);
            if (indexes.containsKey(column)) {
                assignments.add(indexes.get(column) + " = :" + indexes.get(column));
            }
        }
        String update = "update restore_" + table.name() + " set " + String.join(", ", assignments) + " where id = :id";
        // the temporary table has no index of its own: one on id, so each update finds its row at once
        jdbc.sql("create index on restore_" + table.name() + " (id)").update();
        jdbc.sql("analyze restore_" + table.name()).update();
        UUID after = null;
        List<MapSqlParameterSource> batch;
        do { // pages of rows in id order: memory stays bounded whatever the workspace's size
            batch = jdbc.sql("select id, " + String.join(", ", columns) + " from restore_" + table.name()
                    + (after == null ? "" : " where id > :after") + " order by id limit " + REKEY_PAGE)
                    .params(after == null ? Map.of() : Map.of("after", after)).query((rs, n) -> {
                        UUID id = rs.getObject("id", UUID.class);
                        MapSqlParameterSource values = new MapSqlParameterSource("id", id);
                        for (String column : columns) {
                            byte[] stored = rs.getBytes(column);
                            values.addValue(column, rekeying.reencrypt(table.name(), column, id, stored),
                                    java.sql.Types.BINARY);
                            if (indexes.containsKey(column)) {
                                values.addValue(indexes.get(column), rekeying.blindIndex(table.name(), column, id, stored),
                                        java.sql.Types.BINARY);
                            }
                        }
                        return values;
                    }).list();
            if (!batch.isEmpty()) {
                named.batchUpdate(update, batch.toArray(MapSqlParameterSource[]::new));
                after = (UUID) batch.getLast().getValue("id");
            }
        } while (batch.size() == REKEY_PAGE);
    }

    /**
     * A backup restores when each of its parts still fits the table: same columns with the same
     * types, and any column added since takes its default. A backup of an older schema whose tables
     * changed otherwise is refused with what differs (nothing is touched).
     */
    private void checkCompatible(BackupArchive.Manifest manifest) {
        for (BackupArchive.Part part : manifest.parts()) {
            TenantTable table = registry.find(part.table()).orElseThrow(() -> new BackupUnusable(
                    "Backup " + manifest.backup() + " holds table " + part.table() + ", which this version does not have"));
            if (table.inBackup() != InBackup.RESTORED) {
                continue;
            }
            List<BackupArchive.Column> now = columns(part.table());
            for (BackupArchive.Column column : part.columns()) {
                if (!now.contains(column)) {
                    throw new BackupUnusable("Backup " + manifest.backup() + " (schema " + manifest.schemaVersion()
                            + ") has column " + part.table() + "." + column.name() + " of type " + column.type()
                            + ", which schema " + schemaVersion + " no longer has in that form");
                }
            }
            for (BackupArchive.Column column : now) {
                if (!part.columns().contains(column) && !hasDefaultOrNullable(part.table(), column.name())) {
                    throw new BackupUnusable("Backup " + manifest.backup() + " (schema " + manifest.schemaVersion()
                            + ") lacks column " + part.table() + "." + column.name() + ", which has no default");
                }
            }
        }
    }

    private boolean hasDefaultOrNullable(String table, String column) {
        return Boolean.TRUE.equals(jdbc.sql("""
                select a.atthasdef or not a.attnotnull from pg_attribute a
                 where a.attrelid = to_regclass('public.' || :table) and a.attname = :column
                """).param("table", table).param("column", column).query(Boolean.class).optional().orElse(false));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** A table's stored columns (generated ones are computed again) with their types, in order. */
    List<BackupArchive.Column> columns(String table) {
        return jdbc.sql("""
                select a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a
                 where a.attrelid = to_regclass('public.' || :table) and a.attnum > 0 and not a.attisdropped
                   and a.attgenerated = ''
                 order by a.attnum
                """).param("table", table)
                .query((rs, n) -> new BackupArchive.Column(rs.getString(1), rs.getString(2))).list();
    }

    private static String columnList(List<BackupArchive.Column> columns) {
        StringBuilder list = new StringBuilder();
        for (BackupArchive.Column column : columns) {
            if (!column.name().matches("[a-z_][a-z0-9_]*")) {
                throw new BackupUnusable("Not a column name: " + column.name());
            }
            list.append(list.isEmpty() ? "" : ", ").append(column.name());
        }
        return list.toString();
    }

    private CopyManager copyManager() {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new IllegalStateException("The database connection is not PostgreSQL's", e);
        }
    }

    static String objectKey(UUID tenant, UUID backupId) {
        return tenant + "/" + backupId + ".srbackup";
    }

    /** The associated data of a backup's encryption: a ciphertext renamed to another backup does not decrypt. */
    static String associatedName(UUID backupId) {
        return "backup/" + Objects.requireNonNull(backupId);
    }

    BackupStores stores() {
        return stores;
    }

    /** The store of the bound tenant's region (B2: a region's backups stay in that region). */
    BackupStore storeOfBoundTenant() {
        String region = ownTransaction.execute(tx -> tenants.current()).map(Tenant::region).orElse("");
        return stores.forRegion(region);
    }

    BackupNotices notices() {
        return notices;
    }
}
