package io.strongroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.strongroom.bench.bare.BareReadServer;

/**
 * {@link BareReadServer} in its own JVM (the harness's class path, the same Java), serving HTTPS
 * with Strongroom's certificate on loopback and reading Strongroom's database as the superuser
 * through a pool of the application's size.
 */
final class BareServer implements AutoCloseable {

    private final Process process;
    private final Https client;

    private BareServer(Process process, Https client) {
        this.process = process;
        this.client = client;
    }

    static BareServer start(StrongroomServer strongroom, int poolSize, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        int port = StrongroomServer.freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("bare-read.log");
        List<String> command = List.of(StrongroomServer.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                BareReadServer.class.getName(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--server.ssl.certificate=" + strongroom.certificate().toAbsolutePath(),
                "--server.ssl.certificate-private-key=" + strongroom.privateKey().toAbsolutePath(),
                "--server.ssl.enabled-protocols=TLSv1.3,TLSv1.2",
                "--spring.datasource.url=" + strongroom.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.hikari.maximum-pool-size=" + poolSize,
                "--spring.datasource.hikari.minimum-idle=" + poolSize);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the password through the environment, not the command line (ps shows that)
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", strongroom.databasePassword("superuser"));
        BareServer server = new BareServer(builder.start(), new Https("https://localhost:" + port, strongroom.certificate()));
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException("the bare read server exited; see " + log);
                }
                try {
                    if (server.client.get("/ready", null).status() == 200) {
                        return server;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare read server did not start within " + timeout + "; see " + log);
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    Https client() {
        return client;
    }

    /** CPU of the load generator, this JVM and the database. */
    CpuMeter cpu(StrongroomServer strongroom) {
        long postmaster = strongroom.postmasterPid();
        long pid = process.pid();
        return new CpuMeter().add("client", CpuMeter::harness).add("bare", () -> CpuMeter.process(pid))
                .add("postgres", () -> CpuMeter.withDescendants(postmaster));
    }

    @Override
    public void close() {
        StrongroomServer.stop(process);
    }
}
