package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person starting the packaged application reads: a short start that ends with the address
 * to open, and for the common failures (another process on the data directory, the port taken,
 * the database unreachable, a Java older than 21) one paragraph with the cause and what to do,
 * without a stack trace.
 */
class StartupIT {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path home;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void theStartEndsWithTheAddressToOpenAndASecondProcessOnTheSameDataIsToldWhy() throws Exception {
        int port = freePort();
        Path firstLog = home.resolve("first.log");
        Process first = start(java(), firstLog, Map.of("SERVER_PORT", Integer.toString(port)));
        String ready = "is ready: open https://localhost:" + port + "/ in a browser";
        awaitLog(first, firstLog, ready);
        String start = Files.readString(firstLog);
        assertThat(start).as("initdb and server chatter").doesNotContain("The files belonging to this database system")
                .doesNotContain("LOG:  listening on");
        assertThat(start).as("one Flyway line, not one per migration").doesNotContain("Migrating schema")
                .contains("Database schema migrated from version none to");
        assertThat(start).as("protobuf's Unsafe warning").doesNotContain("sun.misc.Unsafe");
        assertThat(start.lines().count()).as("lines up to ready:\n" + start).isLessThan(30);
        java.nio.file.Path binaries = home.resolve("data").resolve("postgres-binaries");
        try (java.util.stream.Stream<java.nio.file.Path> unpacked = java.nio.file.Files.list(binaries.resolve("unpacked"))) {
            assertThat(unpacked.filter(d -> java.nio.file.Files.isDirectory(d.resolve("bin")))).as(
                    "PostgreSQL unpacked into the data directory").isNotEmpty();
        }
        assertThat(java.nio.file.Files.getPosixFilePermissions(binaries))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);

        Path secondLog = home.resolve("second.log");
        Process second = start(java(), secondLog, Map.of("SERVER_PORT", Integer.toString(freePort())));
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String refused = Files.readString(secondLog);
        assertThat(second.exitValue()).as(refused).isNotZero();
        assertThat(refused).contains("Another Strongroom process is already running with the data directory")
                .contains("STRONGROOM_HOME").contains("Action:");
        assertNoStackTrace(refused);
        assertThat(first.isAlive()).as("the first one keeps running").isTrue();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path log = home.resolve("port.log");
            Process app = start(java(), log, Map.of("SERVER_PORT", Integer.toString(taken.getLocalPort())));
            assertThat(app.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log);
            assertThat(app.exitValue()).isNotZero();
            assertThat(output).contains("Port " + taken.getLocalPort() + " was already in use").contains("Action:");
            assertNoStackTrace(output);
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int closed = freePort();
        Path log = home.resolve("database.log");
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/strongroom?connectTimeout=2";
        Process app = start(java(), log, Map.of("SERVER_PORT", Integer.toString(freePort()),
                "STRONGROOM_DATABASE_URL", url,
                "STRONGROOM_DATABASE_USERNAME", "strongroom_app", "STRONGROOM_DATABASE_PASSWORD", "app-secret-value",
                "STRONGROOM_DATABASE_OWNER_USERNAME", "strongroom_owner",
                "STRONGROOM_DATABASE_OWNER_PASSWORD", "owner-secret-value"));
        assertThat(app.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(app.exitValue()).isNotZero();
        assertThat(output).contains("cannot reach the database at jdbc:postgresql://127.0.0.1:" + closed + "/strongroom")
                .contains("Action:").doesNotContain("secret-value").doesNotContain("connectTimeout");
        assertNoStackTrace(output);
    }

    @Test
    void aJavaOlderThan21IsToldWhatToInstall() throws Exception {
        Optional<String> old = olderJava();
        assumeTrue(old.isPresent(), "no Java older than 21 is installed here");
        Path log = home.resolve("java.log");
        Process app = start(old.get(), log, Map.of("SERVER_PORT", Integer.toString(freePort())));
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(app.exitValue()).isEqualTo(1);
        assertThat(output).contains("Strongroom needs Java 21 or newer, but this is Java");
        assertThat(output).doesNotContain("UnsupportedClassVersionError");
        assertNoStackTrace(output);
    }

    private static void assertNoStackTrace(String output) {
        assertThat(output).as("a stack trace in:\n" + output).doesNotContain("\tat ").doesNotContain("Caused by:");
    }

    private Process start(String java, Path log, Map<String, String> environment) throws IOException {
        String jar = System.getProperty("strongroom.jar", "target/strongroom.jar");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", Path.of(jar).toAbsolutePath().toString()))
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("STRONGROOM_HOME", home.resolve("data").toString());
        builder.environment().put("STRONGROOM_JOBS_ENABLED", "false");
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Waits for the line in the process's log; fails at once, with the log, if the process exits first. */
    private static void awaitLog(Process process, Path log, String line) {
        org.awaitility.Awaitility.await("the line '" + line + "' in " + log).atMost(START)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
                    if (!text.contains(line) && !process.isAlive()) {
                        throw new AssertionError("the application exited:\n" + text);
                    }
                    return text.contains(line);
                });
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A Java runtime older than 21 on this machine (Debian's default java may be 17), if any. */
    private static Optional<String> olderJava() throws IOException, InterruptedException {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/java")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.map(d -> d.resolve("bin/java")).forEach(candidates::add);
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                Process version = new ProcessBuilder(candidate.toString(), "-XshowSettings:properties", "-version")
                        .redirectErrorStream(true).start();
                String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                version.waitFor(30, TimeUnit.SECONDS);
                Optional<Integer> feature = output.lines().map(String::strip)
                        .filter(l -> l.startsWith("java.specification.version = "))
                        .map(l -> Integer.parseInt(l.substring(l.indexOf('=') + 1).strip().replace("1.", "")))
                        .findFirst();
                if (feature.isPresent() && feature.get() < 21 && feature.get() >= 17) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
