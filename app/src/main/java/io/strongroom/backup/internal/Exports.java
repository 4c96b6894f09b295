package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.FileEncryption;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Full exports of a workspace (D1), free and self-service: an Owner asks ({@code 202} and a job),
 * the backup worker writes the archive ({@link ExportArchive}) into the workspace's backup store,
 * encrypted under its files key (crypto-shredding reaches it), optionally wrapped in OpenPGP to a
 * passphrase the Owner chose; it can be downloaded, resumably, until it expires.
 */
final class Exports {

    private static final Logger log = LoggerFactory.getLogger(Exports.class);
    static final String TABLE = "export_job";
    static final String PASSPHRASE = "passphrase";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate snapshot;
    private final ExportArchive archive;
    private final Backups backups;
    private final FileEncryption files;
    private final FieldEncryption fields;
    private final TenantDirectory tenants;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration lifetime;

    Exports(JdbcClient jdbc, TransactionTemplate ownTransaction, TransactionTemplate snapshot, ExportArchive archive,
            Backups backups, FileEncryption files, FieldEncryption fields, TenantDirectory tenants, AuditLog audit,
            Clock clock, Duration lifetime) {
        this.jdbc = jdbc;
        this.ownTransaction = ownTransaction;
        this.snapshot = snapshot;
        this.archive = archive;
        this.backups = backups;
        this.files = files;
        this.fields = fields;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** An export job as the API shows it. */
    record Job(UUID id, String state, UUID requestedBy, Instant requestedAt, Instant startedAt, Instant finishedAt,
            Instant expiresAt, boolean passphraseProtected, String store, int tablesDone, Integer tablesTotal,
            Long rows, Long sizeBytes, String sha256, int downloads, String error) {
    }

    /** Queues an export of the bound workspace; a second one while one is queued or running is a 409. */
    Job request(UUID actor, String passphrase) {
        if (passphrase != null && (passphrase.length() < 12 || passphrase.length() > 200)) {
            throw ApiProblem.validation(PASSPHRASE, "must be 12 to 200 characters long");
        }
        UUID id = Ids.newId();
        Instant now = now();
        try {
            return ownTransaction.execute(tx -> {
                jdbc.sql("""
                        insert into export_job (tenant_id, id, state, requested_by, requested_at, passphrase, protected)
                        values (:tenant, :id, 'queued', :actor, :now, :passphrase, :protected)
                        """).param("tenant", TenantContext.require()).param("id", id).param("actor", actor)
                        .param("now", Timestamp.from(now))
                        .param("passphrase", passphrase == null ? null : fields.encrypt(TABLE, PASSPHRASE, id, passphrase),
                                java.sql.Types.BINARY)
                        .param("protected", passphrase != null).update();
                audit.record(AuditEntry.of("export.requested", TABLE, id)
                        .details(Map.of("passphrase_protected", passphrase != null)));
                return jdbc.sql("select * from export_job where id = :id").param("id", id).query(Exports::job).single();
            });
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(ProblemType.CONFLICT, "An export of this workspace is already being made; "
                    + "wait for it to finish.");
        }
    }

    /** The bound workspace's exports, newest first (in a transaction of its own, so the tenant is bound). */
    List<Job> list() {
        return ownTransaction.execute(tx -> jdbc.sql("select * from export_job order by requested_at desc, id limit 50")
                .query(Exports::job).list());
    }

    Optional<Job> find(UUID id) {
        return ownTransaction.execute(tx -> jdbc.sql("select * from export_job where id = :id").param("id", id)
                .query(Exports::job).optional());
    }

    /**
     * Runs the queued exports (and those a stopped node left running) and expires the old archives of
     * every workspace; answers how many ran. One run at a time in the cluster (the worker is a
     * recurring job), so what unfinished export uploads are in the stores is left from a stopped node.
     */
    synchronized int runDue() {
        for (BackupStore store : backups.stores().all()) {
            try {
                store.removeUnfinished(".srexport");
            } catch (IOException e) {
                log.warn("Cannot remove unfinished export uploads from the {} store: {}", store.name(), e.getMessage());
            }
        }
        int ran = 0;
        List<Map.Entry<UUID, UUID>> due = jdbc.sql("select tenant_id, id from export_jobs_due(:now, 100)")
                .param("now", Timestamp.from(now()))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        for (Map.Entry<UUID, UUID> job : due) {
            try {
                if (TenantContext.callAs(job.getKey(), () -> work(job.getValue()))) {
                    ran++;
                }
            } catch (RuntimeException e) {
                log.error("Export {} of workspace {} failed", job.getValue(), job.getKey(), e);
            }
        }
        return ran;
    }

    /** Makes, or expires, one job of the bound workspace; false when another node has it. */
    private boolean work(UUID id) {
        Job job = ownTransaction.execute(tx -> jdbc.sql("select * from export_job where id = :id for update skip locked")
                .param("id", id).query(Exports::job).optional().orElse(null));
        if (job == null) {
            return false;
        }
        if (job.state().equals("succeeded")) {
            expire(job);
            return false;
        }
        if (job.state().equals("running")) { // a node died while writing it: start it again
            log.warn("Export {} was interrupted; it is made again", id);
        }
        make(job);
        return true;
    }

    private void make(Job job) {
        UUID tenant = TenantContext.require();
        Tenant workspace = ownTransaction.execute(tx -> tenants.current()).orElseThrow();
        String passphrase = ownTransaction.execute(tx -> {
            jdbc.sql("""
                    update export_job set state = 'running', started_at = :now, tables_total = :total, tables_done = 0
                     where id = :id
                    """).param("now", Timestamp.from(now())).param("total", archive.tables().size())
                    .param("id", job.id()).update();
            byte[] sealed = jdbc.sql("select passphrase from export_job where id = :id").param("id", job.id())
                    .query(byte[].class).optional().orElse(null);
            return sealed == null ? null : fields.decrypt(TABLE, PASSPHRASE, job.id(), sealed);
        });
        if (job.passphraseProtected() && passphrase == null) {
            fail(job, "The passphrase is gone (it is deleted once an archive is written); ask for a new export.");
            return;
        }
        BackupStore store = backups.storeOfBoundTenant();
        String key = objectKey(tenant, job.id());
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", tenant.toString());
        described.put("name", workspace.workspace());
        described.put("company_name", workspace.companyName());
        described.put("region", workspace.region());
        described.put("exported_at", now().toString());
        try (BackupStore.Upload upload = store.create(key)) {
            BackupArchive.Measuring stored = new BackupArchive.Measuring(upload.stream(), false);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long[] size = {0};
            ExportArchive.Written written;
            try (OutputStream encrypted = files.encrypting(stored, associatedName(job.id()));
                    OutputStream counted = new java.io.FilterOutputStream(new DigestOutputStream(encrypted, sha256)) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                            size[0] += len;
                        }

                        @Override
                        public void write(int b) throws IOException {
                            out.write(b);
                            size[0]++;
                        }
                    }) {
                written = passphrase == null ? writeArchive(tenant, described, counted, job)
                        : writeProtected(tenant, described, counted, job, passphrase);
            }
            upload.commit();
            Instant finished = now();
            String digest = HexFormat.of().formatHex(sha256.digest());
            ownTransaction.executeWithoutResult(tx -> {
                jdbc.sql("""
                        update export_job set state = 'succeeded', finished_at = :now, expires_at = :expires,
                               passphrase = null, store = :store, row_count = :rows, size_bytes = :size, sha256 = :sha
                         where id = :id
                        """).param("now", Timestamp.from(finished)).param("expires", Timestamp.from(finished.plus(lifetime)))
                        .param("store", store.name()).param("rows", written.rows()).param("size", size[0])
                        .param("sha", digest).param("id", job.id()).update();
                audit.record(AuditEntry.of("export.made", TABLE, job.id()).details(Map.of("tables", written.tables(),
                        "rows", written.rows(), "bytes", size[0], "sha256", digest)));
            });
            log.info("Exported workspace {}: {} rows in {} tables, {} bytes (export {})", tenant, written.rows(),
                    written.tables(), size[0], job.id());
        } catch (IOException | NoSuchAlgorithmException | PGPException | RuntimeException e) {
            log.error("Export {} of workspace {} failed", job.id(), tenant, e);
            fail(job, "The export could not be written: " + e.getClass().getSimpleName());
        }
    }

    private ExportArchive.Written writeArchive(UUID tenant, Map<String, Object> workspace, OutputStream out, Job job) {
        return snapshot.execute(tx -> {
            try {
                return archive.write(tenant, workspace, out, done -> ownTransaction.executeWithoutResult(t -> jdbc
                        .sql("update export_job set tables_done = :done where id = :id").param("done", done)
                        .param("id", job.id()).update()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The archive inside an OpenPGP message encrypted to {@code passphrase} (AES-256, integrity-protected). */
    private ExportArchive.Written writeProtected(UUID tenant, Map<String, Object> workspace, OutputStream out, Job job,
            String passphrase) throws IOException, PGPException {
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()));
        generator.addMethod(new JcePBEKeyEncryptionMethodGenerator(passphrase.toCharArray(),
                new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA256)));
        try (OutputStream encrypted = generator.open(ExportArchive.uncloseable(out), new byte[1 << 16])) {
            PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
            try (OutputStream data = literal.open(encrypted, PGPLiteralData.BINARY, fileName(workspace, false),
                    java.util.Date.from(now()), new byte[1 << 16])) {
                return writeArchive(tenant, workspace, data, job);
            }
        }
    }

    private void fail(Job job, String error) {
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
                update export_job set state = 'failed', finished_at = :now, passphrase = null, error = :error
                 where id = :id
                """).param("now", Timestamp.from(now())).param("error", error).param("id", job.id()).update());
        try {
            backups.storeOfBoundTenant().delete(objectKey(TenantContext.require(), job.id()));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot remove what export {} left in the store: {}", job.id(), e.getMessage());
        }
    }

    /** The archive's time is up: it leaves the store. */
    private void expire(Job job) {
        try {
            backups.stores().named(job.store()).delete(objectKey(TenantContext.require(), job.id()));
        } catch (IOException e) {
            log.warn("Cannot remove the expired export {}; tried again later: {}", job.id(), e.getMessage());
            return;
        }
        ownTransaction.executeWithoutResult(tx -> {
            jdbc.sql("update export_job set state = 'expired' where id = :id").param("id", job.id()).update();
            audit.record(AuditEntry.of("export.expired", TABLE, job.id()));
        });
    }

    /** An archive being downloaded: its size, name, type, and the bytes from {@code start}. */
    record Download(Job job, String fileName, String contentType, InputStream content) {
    }

    /**
     * Opens the archive of export {@code id} at byte {@code start} (a resumed download), recording a
     * download that starts at 0. 404 for an unknown export, 409 for one not made (yet), 410 after expiry.
     */
    Download open(UUID id, long start) {
        Job job = find(id).orElseThrow(() -> ApiProblem.notFound("The export"));
        if (job.state().equals("expired") || (job.expiresAt() != null && !now().isBefore(job.expiresAt()))) {
            throw new ApiProblem(ProblemType.EXPIRED, "This export has expired; ask for a new one.");
        }
        if (!job.state().equals("succeeded")) {
            throw new ApiProblem(ProblemType.CONFLICT, "This export is not ready; its state is " + job.state() + ".");
        }
        if (start == 0) {
            ownTransaction.executeWithoutResult(tx -> {
                jdbc.sql("update export_job set downloads = downloads + 1 where id = :id").param("id", id).update();
                audit.record(AuditEntry.of("export.downloaded", TABLE, id));
            });
        }
        InputStream stored = null;
        try {
            stored = backups.stores().named(job.store()).open(objectKey(TenantContext.require(), id));
            InputStream clear = files.decrypting(stored, associatedName(id));
            clear.skipNBytes(start);
            String workspace = ownTransaction.execute(tx -> tenants.current()).map(Tenant::workspace).orElse("workspace");
            return new Download(job, fileName(Map.of("name", workspace, "exported_at", job.finishedAt().toString()),
                    job.passphraseProtected()), job.passphraseProtected() ? "application/pgp-encrypted" : "application/zip",
                    clear);
        } catch (IOException e) {
            if (stored != null) {
                try {
                    stored.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("The archive of export " + id + " cannot be read", e);
        }
    }

    private static String fileName(Map<String, Object> workspace, boolean protectedArchive) {
        String day = String.valueOf(workspace.get("exported_at")).substring(0, 10);
        return "strongroom-export-" + workspace.get("name") + "-" + day + ".zip" + (protectedArchive ? ".gpg" : "");
    }

    static String objectKey(UUID tenant, UUID exportId) {
        return tenant + "/" + exportId + ".srexport";
    }

    private static String associatedName(UUID exportId) {
        return "export/" + exportId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }


    private static Job job(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getString("state"), rs.getObject("requested_by", UUID.class),
                instant(rs, "requested_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                instant(rs, "expires_at"), rs.getBoolean("protected"), rs.getString("store"), rs.getInt("tables_done"),
                (Integer) rs.getObject("tables_total"), (Long) rs.getObject("row_count"),
                (Long) rs.getObject("size_bytes"), rs.getString("sha256"), rs.getInt("downloads"), rs.getString("error"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
