package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;

/** The packaged jar started as a user starts it ({@code java -jar}), for the process-level tests. */
final class PackagedApplication {

    private PackagedApplication() {
    }

    /** Starts the jar with {@code STRONGROOM_HOME=home}, HTTPS on {@code port} and the extra settings in {@code env}. */
    static Process start(Path home, int port, Path log, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("strongroom.jar", "target/strongroom.jar");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", jar))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("STRONGROOM_HOME", home.toString());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code java -jar strongroom.jar args...} (an operator's command), its output appended to {@code log}. */
    static Process command(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = System.getProperty("strongroom.jar", "target/strongroom.jar");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", jar));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Waits until the process answers its health check UP (bounded, never timed: a slow machine only
     * waits longer); answers a client trusting its certificate. Fails at once if the process exits.
     */
    static ApiClient awaitHealthy(Process app, Path home, int port, Path log) {
        AtomicReference<ApiClient> healthy = new AtomicReference<>();
        Awaitility.await("the application answers its health check; see " + log.toAbsolutePath())
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    assertThat(app.isAlive()).as("application process exited; see " + log.toAbsolutePath()).isTrue();
                    if (!Files.exists(home.resolve("tls/certificate.pem"))) {
                        return false;
                    }
                    try {
                        ApiClient api = new ApiClient(port, ApiClient.randomClientIp(), home.resolve("tls/certificate.pem"));
                        Response health = api.get("/actuator/health");
                        if (health.status() == 200 && health.body().contains("\"UP\"")) {
                            healthy.set(api);
                            return true;
                        }
                    } catch (IllegalStateException notYet) {
                        // not listening yet
                    }
                    return false;
                });
        return healthy.get();
    }

    /** Stops the process if it runs: SIGTERM and a minute to shut down cleanly, then SIGKILL. */
    static void stop(Process app) throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    /** A superuser connection to the embedded database of the application with {@code home}. */
    static Connection superuser(Path home, int databasePort) throws IOException, SQLException {
        Properties secrets = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("secrets").resolve("embedded-postgres.properties"))) {
            secrets.load(in);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + databasePort + "/strongroom", "postgres",
                secrets.getProperty("superuser"));
    }

    /** Whether a client backend other than {@code db}'s own waits for a lock in a query naming {@code table}. */
    static boolean waitingFor(Connection db, String table) throws SQLException {
        try (var statement = db.createStatement(); java.sql.ResultSet rs = statement.executeQuery(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%" + table + "%'"
                        + " and backend_type = 'client backend' and pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /** The first column of the first row of {@code sql}, as text; null when there is no row. */
    static String single(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Waits for something the other process does; bounded, never timed (a slow machine only waits longer). */
    static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofMinutes(5))
                .pollInterval(java.time.Duration.ofMillis(50)).until(condition);
    }

    /** The files under {@code home}'s backup store whose names end with {@code suffix}. */
    static java.util.List<Path> storeFiles(Path home, String suffix) throws IOException {
        Path backups = home.resolve("backups");
        if (!Files.isDirectory(backups)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.walk(backups)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
