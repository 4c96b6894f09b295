package io.strongroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Strongroom as a user runs it: {@code java -jar strongroom.jar} on its embedded defaults
 * (embedded PostgreSQL, HTTPS with the generated certificate) in a data directory of its own.
 * The only settings changed are ports and the sign-in/signup rate limits, which would otherwise
 * turn a load test from one address into a test of the limiter.
 */
final class StrongroomServer implements AutoCloseable {

    final Path home;
    final int httpsPort;
    final int databasePort;
    private final Process process;
    private final long startedNanos;
    private Duration startToHealthy;

    private StrongroomServer(Path home, int httpsPort, int databasePort, Process process, long startedNanos) {
        this.home = home;
        this.httpsPort = httpsPort;
        this.databasePort = databasePort;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts the jar in {@code home} and waits until {@code /actuator/health} answers UP. */
    static StrongroomServer start(Path jar, Path home, Duration timeout, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(jar, home, timeout, jvmOptions, Map.of());
    }

    /** As {@link #start(Path, Path, Duration, List)}, with settings of its own ({@code extraEnv}). */
    static StrongroomServer start(Path jar, Path home, Duration timeout, List<String> jvmOptions,
            Map<String, String> extraEnv) throws IOException, InterruptedException {
        Files.createDirectories(home);
        int httpsPort = freePort();
        int databasePort = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("strongroom.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("STRONGROOM_HOME", home.toAbsolutePath().toString());
        env.put("SERVER_PORT", Integer.toString(httpsPort));
        env.put("STRONGROOM_PUBLICURL", "https://localhost:" + httpsPort);
        env.put("STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort));
        env.putAll(benchmarkLimits());
        env.putAll(extraEnv);
        long started = System.nanoTime();
        StrongroomServer server = new StrongroomServer(home, httpsPort, databasePort, builder.start(), started);
        try {
            server.awaitHealthy(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Rate limits raised for one load-generating address; everything else stays at its default. */
    static Map<String, String> benchmarkLimits() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STRONGROOM_SIGNIN_PERIPCAPACITY", "100000000");
        env.put("STRONGROOM_SIGNIN_PERWORKSPACECAPACITY", "100000000");
        env.put("STRONGROOM_SIGNUP_RATELIMIT_CAPACITY", "100000000");
        // rows seeded in bulk are in the pre-encryption form; the job encrypts them within seconds
        env.put("STRONGROOM_CRYPTO_REENCRYPTIONINTERVAL", "2s");
        // the backup worker would back up every workspace (the 10,000 bulk-loaded ones of scenario 6
        // included) while the other scenarios measure; scenario 9, which measures backups, turns it on
        env.put("STRONGROOM_BACKUP_JOBS", "false");
        return env;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path certificate = certificate();
        Https http = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Strongroom exited with " + process.exitValue() + "; see "
                        + home.resolve("strongroom.log"));
            }
            if (http == null && Files.exists(certificate)) {
                http = new Https(url(), certificate);
            }
            if (http != null) {
                try {
                    Https.Response health = http.get("/actuator/health", null);
                    if (health.status() == 200 && health.body().contains("UP")) {
                        startToHealthy = Duration.ofNanos(System.nanoTime() - startedNanos);
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Strongroom did not become healthy within " + timeout + "; see "
                + home.resolve("strongroom.log"));
    }

    Duration startToHealthy() {
        return startToHealthy;
    }

    String url() {
        return "https://localhost:" + httpsPort;
    }

    Path certificate() {
        return home.resolve("tls").resolve("certificate.pem");
    }

    Path privateKey() {
        return home.resolve("tls").resolve("private-key.pem");
    }

    Https client() {
        return new Https(url(), certificate());
    }

    long pid() {
        return process.pid();
    }

    /** A generated password of the embedded server ({@code superuser}, {@code owner} or {@code runtime}). */
    String databasePassword(String role) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("secrets").resolve("embedded-postgres.properties"))) {
            p.load(in);
        }
        return p.getProperty(role);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + databasePort + "/strongroom";
    }

    /** Resident memory of the application's JVM, in bytes. */
    long applicationRss() {
        return ProcessMemory.rss(process.pid());
    }

    /** Proportional memory of the embedded PostgreSQL server and its backends, in bytes. */
    long databasePss() {
        long postmaster = postmasterPid();
        return postmaster < 0 ? -1 : ProcessMemory.pssWithDescendants(postmaster);
    }

    /** The embedded PostgreSQL server's main process (its backends are its children). */
    long postmasterPid() {
        try {
            Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU of the load generator, this server's JVM and its database. */
    CpuMeter cpu() {
        long postmaster = postmasterPid();
        return new CpuMeter().add("client", CpuMeter::harness).add("strongroom", () -> CpuMeter.process(process.pid()))
                .add("postgres", () -> CpuMeter.withDescendants(postmaster));
    }

    /** CPU of the load generator and this server's database (for the raw JDBC comparisons). */
    CpuMeter databaseCpu() {
        long postmaster = postmasterPid();
        return new CpuMeter().add("client", CpuMeter::harness).add("postgres", () -> CpuMeter.withDescendants(postmaster));
    }

    /** SIGTERM, as an operator stops it; waits for the graceful shutdown (and PostgreSQL's stop). */
    @Override
    public void close() {
        stop(process);
    }

    /** SIGTERM, up to a minute for a graceful stop, then SIGKILL. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
