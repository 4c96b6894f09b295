package io.strongroom.platform.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.strongroom.platform.tls.LocalCertificateAuthority;

/**
 * A streaming-replication standby of the embedded PostgreSQL server (B8), made without
 * {@code pg_basebackup} (the embedded binaries have none) by PostgreSQL's low-level backup API:
 * <ol>
 * <li>on the primary, a replication role and a physical replication slot (the slot keeps the WAL the
 * standby still needs, bounded by {@code max_slot_wal_keep_size});</li>
 * <li>{@code pg_backup_start}, a copy of the data directory without what the PostgreSQL manual
 * says to leave out (WAL, the pid file, temporary and runtime-only directories), then
 * {@code pg_backup_stop}, whose label file goes into the copy as {@code backup_label};</li>
 * <li>{@code standby.signal}, {@code primary_conninfo} and {@code primary_slot_name} in the copy;
 * the embedded server's credentials and Strongroom's keys are copied with it, so that the standby
 * can become the primary of a Strongroom installation.</li>
 * </ol>
 * The copy is written beside its destination and renamed into place only when complete. Run by an
 * operator through {@code strongroom standby ...} ({@link StandbyCommand}).
 */
public final class Standby {

    /** The replication slot (one standby per primary). */
    public static final String SLOT = "strongroom_standby";
    static final String REPLICATION_ROLE = "strongroom_replication";
    /** In the standby's data directory: the primary's certificate authority, which its replication listener's certificate must chain to. */
    static final String PRIMARY_AUTHORITY = "primary-authority.crt";

    /** What the manual's "Making a Base Backup Using the Low Level API" says not to copy: contents of these directories. */
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    /** ... and these files (plus zonky's lock file and a standby's own signal files). */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "postgresql.auto.conf.tmp", "current_logfiles.tmp", "epg-lock", "standby.signal",
            "recovery.signal", Standby.PRIMARY_AUTHORITY);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

    private Standby() {
    }

    /** What {@link #create} made. */
    public record Created(Path dataDirectory, String primaryHost, int primaryPort, String startLsn, String stopLsn,
            long files, long bytes) {
    }

    /**
     * Makes {@code standbyHome} a standby of the running embedded server of {@code primaryHome}.
     *
     * @param primaryHost how the standby reaches the primary (loopback unless the primary's server
     *        listens elsewhere; see the README)
     */
    public static Created create(Path primaryHome, Path standbyHome, String primaryHost) {
        if (!HOST.matcher(primaryHost).matches()) {
            throw new StandbyException("Not a host name or address: " + primaryHost);
        }
        Path primaryData = primaryHome.resolve("postgres").toAbsolutePath();
        Path target = standbyHome.resolve("postgres").toAbsolutePath();
        if (target.startsWith(primaryData) || primaryData.startsWith(target)
                || standbyHome.toAbsolutePath().normalize().equals(primaryHome.toAbsolutePath().normalize())) {
            throw new StandbyException("The standby needs its own STRONGROOM_HOME, not the primary's nor one inside it");
        }
        if (Files.exists(target)) {
            throw new StandbyException(target + " exists already; a standby is made into an empty STRONGROOM_HOME");
        }
        int port = runningPort(primaryData)
                .orElseThrow(() -> new StandbyException("The embedded PostgreSQL server of " + primaryHome
                        + " is not running; start Strongroom there first"));
        String superuser = secret(primaryHome, "embedded-postgres.properties", "superuser");
        try {
            Files.createDirectories(standbyHome);
            Path partial = standbyHome.resolve("postgres.partial");
            deleteTree(partial);
            String replicationPassword = replicationPassword(primaryHome);
            Created created;
            try (Connection primary = connect(port, superuser)) {
                String tls = transportSecurity(primary, primaryHome, primaryHost, partial);
                created = baseBackup(primary, primaryData, partial, primaryHost, port, replicationPassword, tls);
            } catch (SQLException e) {
                deleteTree(partial);
                throw new StandbyException("The primary refused: " + e.getMessage());
            } catch (RuntimeException | IOException e) {
                deleteTree(partial);
                throw e;
            }
            copySecrets(primaryHome.resolve("secrets"), standbyHome.resolve("secrets"));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return new Created(target, created.primaryHost(), created.primaryPort(), created.startLsn(),
                    created.stopLsn(), created.files(), created.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the standby in " + standbyHome, e);
        }
    }

    /**
     * How the standby's connection is secured: over loopback as is; to the primary's replication
     * listener ({@link ReplicationListener}) with TLS, the primary's certificate authority (copied
     * into the standby) and the host name checked, and SCRAM bound to the TLS channel. A
     * non-loopback host without the listener is refused: the primary does not listen there, and
     * replication must not cross a network in the clear.
     */
    private static String transportSecurity(Connection primary, Path primaryHome, String host, Path partial)
            throws SQLException, IOException {
        boolean tls;
        try (Statement s = primary.createStatement()) {
            tls = "on".equals(text(s, "show ssl"));
        }
        if (!tls) {
            if (!isLoopback(host)) {
                throw new StandbyException("The primary listens on loopback only, so a standby cannot reach it at "
                        + host + ". Turn on its replication listener (strongroom.database.embedded.replication."
                        + "listen-address and allowed-clients; see the README's \"Standby database\"), restart it,"
                        + " and run this again");
            }
            return "";
        }
        Path secrets = primaryHome.resolve("secrets");
        Path authority = secrets.resolve(ReplicationListener.CERTIFICATE + "-ca.crt");
        Path certificate = secrets.resolve(ReplicationListener.CERTIFICATE + ".crt");
        if (!Files.exists(authority) || !Files.exists(certificate)) {
            throw new StandbyException("The primary has TLS on but " + authority + " or " + certificate
                    + " is missing; restart Strongroom on the primary to make them");
        }
        java.util.Set<String> names = LocalCertificateAuthority.names(certificate);
        if (!names.contains(LocalCertificateAuthority.normalise(host))) {
            throw new StandbyException("The primary's certificate is not valid for " + host + " (it names "
                    + String.join(", ", names) + "); add it to strongroom.database.embedded.replication.host-names on"
                    + " the primary and restart it, or connect by one of those names");
        }
        Files.createDirectories(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(authority, partial.resolve(PRIMARY_AUTHORITY));
        Files.setPosixFilePermissions(partial.resolve(PRIMARY_AUTHORITY), PosixFilePermissions.fromString("rw-------"));
        // a relative path: libpq opens it from the server's working directory, the data directory, so the
        // standby's home can be moved to another machine as a whole
        return " sslmode=verify-full sslrootcert=" + PRIMARY_AUTHORITY + " channel_binding=require";
    }

    private static boolean isLoopback(String host) {
        String name = LocalCertificateAuthority.normalise(host);
        return name.equals("localhost") || name.equals("0:0:0:0:0:0:0:1")
                || (LocalCertificateAuthority.isIpLiteral(name) && name.startsWith("127."));
    }

    private static Created baseBackup(Connection primary, Path data, Path partial, String host, int port,
            String replicationPassword, String transportSecurity) throws SQLException, IOException {
        try (Statement s = primary.createStatement()) {
            if (bool(s, "select pg_is_in_recovery()")) {
                throw new StandbyException("That server is itself a standby; make standbys of the primary");
            }
            if ("minimal".equals(text(s, "show wal_level"))) {
                throw new StandbyException("wal_level is minimal on the primary: it writes no WAL a standby can use");
            }
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + REPLICATION_ROLE
                    + "') THEN CREATE ROLE " + REPLICATION_ROLE + "; END IF; END $$");
            s.execute("ALTER ROLE " + REPLICATION_ROLE + " WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE"
                    + " NOBYPASSRLS PASSWORD '" + replicationPassword + "'");
            try (ResultSet rs = s.executeQuery("select active from pg_replication_slots where slot_name = '" + SLOT + "'")) {
                if (rs.next()) {
                    if (rs.getBoolean(1)) {
                        throw new StandbyException("A standby streams from this primary already (slot " + SLOT
                                + "); stop it and drop the slot first: select pg_drop_replication_slot('" + SLOT + "')");
                    }
                    s.execute("select pg_drop_replication_slot('" + SLOT + "')"); // a former standby's: start afresh
                }
            }
            // reserve WAL now: everything from before the backup's start stays until the standby has it
            s.execute("select pg_create_physical_replication_slot('" + SLOT + "', true)");
        }
        String startLsn;
        try (PreparedStatement start = primary.prepareStatement("select pg_backup_start(?, true)::text")) {
            start.setString(1, "strongroom standby " + Instant.now());
            try (ResultSet rs = start.executeQuery()) {
                rs.next();
                startLsn = rs.getString(1);
            }
        }
        Copy copy = new Copy(data, partial);
        try {
            Files.walkFileTree(data, copy);
        } catch (IOException | RuntimeException e) {
            try (Statement s = primary.createStatement()) {
                s.execute("select pg_backup_stop(false)"); // end the backup on the primary either way
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        String stopLsn;
        try (Statement s = primary.createStatement();
                ResultSet rs = s.executeQuery("select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)")) {
            rs.next();
            stopLsn = rs.getString(1);
            write(partial.resolve("backup_label"), rs.getString(2));
            String tablespaceMap = rs.getString(3);
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                write(partial.resolve("tablespace_map"), tablespaceMap);
            }
        }
        write(partial.resolve("standby.signal"), "");
        String conninfo = "host=" + host + " port=" + port + " user=" + REPLICATION_ROLE + " password="
                + replicationPassword + " application_name=" + SLOT + transportSecurity;
        Files.writeString(partial.resolve("postgresql.auto.conf"), "\n# A standby of " + host + ":" + port
                + ", made by strongroom standby create\nprimary_conninfo = '" + conninfo + "'\nprimary_slot_name = '"
                + SLOT + "'\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Created(partial, host, port, startLsn, stopLsn, copy.files, copy.bytes);
    }

    /** Copies a data directory as the low-level backup procedure says; files that vanish meanwhile are skipped. */
    private static final class Copy extends SimpleFileVisitor<Path> {

        private final Path from;
        private final Path to;
        long files;
        long bytes;

        Copy(Path from, Path to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            Path relative = from.relativize(dir);
            Files.createDirectories(to.resolve(relative.toString()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (relative.getNameCount() == 1 && EMPTIED_DIRECTORIES.contains(relative.toString())) {
                if (relative.toString().equals("pg_wal")) {
                    Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
                }
                return FileVisitResult.SKIP_SUBTREE;
            }
            return dir.getFileName().toString().startsWith("pgsql_tmp") ? FileVisitResult.SKIP_SUBTREE
                    : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Path relative = from.relativize(file);
            String name = file.getFileName().toString();
            if ((relative.getNameCount() == 1 && SKIPPED_FILES.contains(name)) || name.startsWith("pgsql_tmp")
                    || name.startsWith("pg_internal.init") || !attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
            }
            Path target = to.resolve(relative.toString());
            try {
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            } catch (NoSuchFileException vanished) {
                return FileVisitResult.CONTINUE; // dropped while we copied: the WAL replays the drop
            }
            files++;
            bytes += Files.size(target);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }

    /** Promotes the running standby of {@code home} to a primary; false when it was one already. */
    public static boolean promote(Path home) {
        Path data = home.resolve("postgres").toAbsolutePath();
        int port = runningPort(data).orElseThrow(() -> new StandbyException("No PostgreSQL server runs on " + data
                + "; start the standby first: strongroom standby run"));
        try (Connection c = connect(port, secret(home, "embedded-postgres.properties", "superuser"));
                Statement s = c.createStatement()) {
            if (!bool(s, "select pg_is_in_recovery()")) {
                return false;
            }
            if (!bool(s, "select pg_promote(true, 300)")) {
                throw new StandbyException("The standby did not finish its promotion within 5 minutes");
            }
            return true;
        } catch (SQLException e) {
            throw new StandbyException("The standby refused: " + e.getMessage());
        }
    }

    /** Where a running standby stands. */
    public record Status(boolean standby, String receiver, String receivedLsn, String replayedLsn,
            Double secondsSinceLastReplayedCommit) {
    }

    public static Status status(Path home) {
        Path data = home.resolve("postgres").toAbsolutePath();
        int port = runningPort(data).orElseThrow(() -> new StandbyException("No PostgreSQL server runs on " + data));
        try (Connection c = connect(port, secret(home, "embedded-postgres.properties", "superuser"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_is_in_recovery(), (select status from pg_stat_wal_receiver),"
                        + " pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text,"
                        + " extract(epoch from now() - pg_last_xact_replay_timestamp())::float8")) {
            rs.next();
            double seconds = rs.getDouble(5);
            return new Status(rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.wasNull() ? null : seconds);
        } catch (SQLException e) {
            throw new StandbyException("The server refused: " + e.getMessage());
        }
    }

    /** The port of the server running on {@code dataDirectory}, from its {@code postmaster.pid} (fourth line). */
    static java.util.Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.size() < 4 || !lines.get(0).strip().matches("\\d+") || !lines.get(3).strip().matches("\\d+")) {
                return java.util.Optional.empty();
            }
            boolean alive = ProcessHandle.of(Long.parseLong(lines.get(0).strip())).map(ProcessHandle::isAlive)
                    .orElse(false);
            return alive ? java.util.Optional.of(Integer.parseInt(lines.get(3).strip())) : java.util.Optional.empty();
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?connectTimeout=10",
                "postgres", password);
    }

    private static String secret(Path home, String file, String key) {
        Path path = home.resolve("secrets").resolve(file);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new StandbyException(path + " is missing: is " + home + " a STRONGROOM_HOME?");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(key);
        if (value == null || !value.matches("[A-Za-z0-9_-]{32,}")) {
            throw new StandbyException(path + " has no usable " + key + " entry");
        }
        return value;
    }

    /** The replication role's password, generated once and kept with the primary's other secrets. */
    private static String replicationPassword(Path primaryHome) throws IOException {
        Path file = primaryHome.resolve("secrets").resolve("replication.properties");
        if (Files.exists(file)) {
            return secret(primaryHome, "replication.properties", "password");
        }
        String password = EmbeddedDatabaseServer.Secrets.generate();
        Properties p = new Properties();
        p.setProperty("password", password);
        EmbeddedDatabaseServer.storeSecrets(file, p,
                "Password of the PostgreSQL replication role the standby signs in with. Keep this file secret.");
        return password;
    }

    /** The database credentials and Strongroom's keys: the promoted standby serves the same installation. */
    private static void copySecrets(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> files = Files.list(from)) {
            // not the replication listener's certificate and keys: a promoted standby makes its own
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(ReplicationListener.CERTIFICATE)).toList()) {
                Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean bool(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("Cannot clean " + root, e);
                }
            }
        }
    }

    /** A refusal an operator can act on; the command prints its message, no stack trace. */
    public static final class StandbyException extends RuntimeException {

        StandbyException(String message) {
            super(message);
        }
    }
}
