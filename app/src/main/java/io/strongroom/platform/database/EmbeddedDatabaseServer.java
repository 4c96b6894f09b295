package io.strongroom.platform.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL server Strongroom runs when no external database is configured.
 * <ul>
 * <li>Data lives in {@code $STRONGROOM_HOME/postgres} and is reused on the next start.</li>
 * <li>Durable: fsync, synchronous commit and full-page writes are on (zonky's defaults turn them off).</li>
 * <li>Listens on the loopback interface only, with SCRAM-SHA-256 password authentication for every
 * role; generated passwords are kept in {@code $STRONGROOM_HOME/secrets/} (owner-only file). A
 * {@link ReplicationListener} adds a TLS-only address for a standby on another machine.</li>
 * <li>Creates the owner role (owns the schema, runs migrations) and the runtime role (owns
 * nothing, not superuser, no BYPASSRLS) and the {@code strongroom} database.</li>
 * <li>A server left running by a killed application is stopped cleanly before a new start; a
 * lock file keeps two applications from using one data directory.</li>
 * </ul>
 */
public final class EmbeddedDatabaseServer implements DatabaseServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    static final String DATABASE = "strongroom";
    static final String OWNER_ROLE = "strongroom_owner";
    static final String RUNTIME_ROLE = "strongroom_app";
    private static final String SUPERUSER = "postgres";
    private static final Pattern SAFE_SECRET = Pattern.compile("[A-Za-z0-9_-]{32,}");

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Credentials superuser;
    private final Credentials owner;
    private final Credentials runtime;
    private final boolean standby;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock, Secrets secrets,
            boolean standby) {
        this.postgres = postgres;
        this.standby = standby;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.superuser = new Credentials(SUPERUSER, secrets.superuser());
        this.owner = new Credentials(OWNER_ROLE, secrets.owner());
        this.runtime = new Credentials(RUNTIME_ROLE, secrets.runtime());
    }

    /**
     * Starts (creating on first use) the server whose data lives under {@code home}.
     *
     * @param port loopback port, 0 for any free port
     * @param durable whether commits are flushed to disk (always for real data)
     */
    public static EmbeddedDatabaseServer start(Path home, int port, boolean durable) {
        return start(home, port, durable, DatabaseProperties.Replication.OFF);
    }

    /**
     * Starts the server, listening for a standby on another machine as well when {@code replication}
     * says so ({@link ReplicationListener}).
     */
    public static EmbeddedDatabaseServer start(Path home, int port, boolean durable,
            DatabaseProperties.Replication replication) {
        ReplicationListener listener = ReplicationListener.of(replication, port);
        try {
            Files.createDirectories(home);
            Path dataDirectory = home.resolve("postgres").toAbsolutePath();
            FileChannel lockChannel = FileChannel.open(home.resolve("embedded-postgres.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new DataDirectoryInUseException(home.toAbsolutePath());
            }
            try {
                Secrets secrets = Secrets.load(home.resolve("secrets").resolve("embedded-postgres.properties"),
                        Files.exists(dataDirectory.resolve("PG_VERSION")));
                stopOrphanedServer(dataDirectory);
                // a standby made by Standby.create: read-only until promoted, its roles come from the primary
                boolean standby = Files.exists(dataDirectory.resolve("standby.signal"));
                listener.writeHba(dataDirectory); // before the server reads it, on every start but the first
                EmbeddedPostgres postgres = startPostgres(dataDirectory, port, durable, secrets,
                        listener.serverSettings(home.resolve("secrets")));
                EmbeddedDatabaseServer server = new EmbeddedDatabaseServer(postgres, lockChannel, lock, secrets, standby);
                try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                    listener.apply(dataDirectory, c);
                } catch (SQLException | RuntimeException e) {
                    postgres.close();
                    throw new IllegalStateException("Cannot set up the replication listener: " + e.getMessage(), e);
                }
                if (!standby) {
                    server.provision();
                }
                log.info("Embedded PostgreSQL{} is running on 127.0.0.1:{} with data in {} (durable={})",
                        standby ? " (standby)" : "", postgres.getPort(), dataDirectory, durable);
                return server;
            } catch (RuntimeException | IOException e) {
                lock.release();
                lockChannel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL server in " + home, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    private static EmbeddedPostgres startPostgres(Path dataDirectory, int port, boolean durable, Secrets secrets,
            java.util.Map<String, String> listenerSettings) throws IOException {
        Path passwordFile = Files.createTempFile("strongroom-pg", ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(passwordFile, secrets.superuser(), StandardCharsets.US_ASCII);
            // The binaries are unpacked below the data directory's sibling, which only this user may enter, not
            // into the shared temporary directory where another local user could plant a "postgres" first
            // (zonky makes its working directory world-writable, hence the private parent).
            Path binaries = dataDirectory.resolveSibling("postgres-binaries");
            Files.createDirectories(binaries);
            Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwx------"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.resolve("unpacked").toFile())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // initdb options: superuser password from file, password authentication for everyone
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("encoding", "UTF8")
                    .setLocaleConfig("locale", "C")
                    .setConnectConfig("password", secrets.superuser())
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("full_page_writes", durable ? "on" : "off")
                    .setServerConfig("max_connections", "200")
                    // a standby's replication slot keeps WAL until the standby has it; an abandoned standby
                    // must not fill the disk: beyond this the slot is given up (and the alert says so)
                    .setServerConfig("max_slot_wal_keep_size", "10GB");
            // listen_addresses (loopback, plus the replication listener's address) and TLS
            listenerSettings.forEach(builder::setServerConfig);
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /**
     * A {@code kill -9} of the application leaves PostgreSQL running on our data directory; since
     * we hold the home lock, any such server is an orphan. Ask it to shut down (SIGTERM: smart
     * shutdown; its clients died with the application) and wait for it.
     */
    private static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.getFirst().strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        log.warn("Stopping the PostgreSQL server (pid {}) left running by an earlier Strongroom process", pid);
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The orphaned PostgreSQL server (pid " + pid + ") did not stop", e);
        }
    }

    /** Creates the roles and the database, or brings them back in line with the stored secrets. */
    private void provision() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (Credentials role : List.of(owner, runtime)) {
                requireSafe(role.password());
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role.username()
                        + "') THEN CREATE ROLE " + role.username() + "; END IF; END $$");
                s.execute("ALTER ROLE " + role.username()
                        + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                        + role.password() + "'");
            }
            boolean exists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE + " ENCODING 'UTF8'");
            }
            s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + RUNTIME_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the Strongroom roles in the embedded PostgreSQL server", e);
        }
    }

    private static void requireSafe(String secret) {
        if (!SAFE_SECRET.matcher(secret).matches()) {
            throw new IllegalStateException("A stored database password has an unexpected form");
        }
    }

    /** Whether this server was started as a standby (it refuses writes until promoted). */
    public boolean standby() {
        return standby;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The server's superuser; for operators (and tests) only, never for the application. */
    public Credentials superuser() {
        return superuser;
    }

    @Override
    public Optional<Credentials> maintenance() {
        return Optional.of(superuser);
    }

    @Override
    public Credentials owner() {
        return owner;
    }

    @Override
    public Credentials runtime() {
        return runtime;
    }

    /** Stops PostgreSQL cleanly (fast shutdown, waits for it) and releases the data directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.error("Could not stop the embedded PostgreSQL server", e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.warn("Could not release the embedded PostgreSQL lock", e);
            }
        }
    }

    /** Writes {@code values} to {@code file} (owner-only, in an owner-only directory), atomically. */
    static void storeSecrets(Path file, Properties values, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        Path temp = Files.createTempFile(file.getParent(), "secrets", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(temp)) {
            values.store(out, comment);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The generated passwords of the embedded server's roles, kept in an owner-only file. */
    record Secrets(String superuser, String owner, String runtime) {

        private static final SecureRandom RANDOM = new SecureRandom();

        static Secrets load(Path file, boolean clusterExists) throws IOException {
            if (Files.exists(file)) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                return new Secrets(p.getProperty("superuser"), p.getProperty("owner"), p.getProperty("runtime"));
            }
            if (clusterExists) {
                throw new IllegalStateException("The embedded database exists but its credentials file " + file
                        + " is missing; restore it from a backup of STRONGROOM_HOME");
            }
            Secrets secrets = new Secrets(generate(), generate(), generate());
            secrets.store(file);
            return secrets;
        }

        private void store(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("superuser", superuser);
            p.setProperty("owner", owner);
            p.setProperty("runtime", runtime);
            storeSecrets(file, p, "Generated passwords of the embedded PostgreSQL roles. Keep this file secret.");
        }

        /** A new password: 32 random bytes, URL-safe Base64 (only characters safe in SQL and connection strings). */
        static String generate() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        @Override
        public String toString() {
            return "Secrets[<hidden>]";
        }
    }
}
