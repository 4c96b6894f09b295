package io.strongroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak, the identity peer we compare with, started from its server distribution
 * ({@code org.keycloak:keycloak-quarkus-dist}, fetched by Maven into the local repository and
 * unpacked into the benchmark cache, never into the project). Production mode ({@code start
 * --optimized}), HTTPS only with the same certificate as Strongroom, loopback only, its own
 * database {@code keycloak} on Strongroom's embedded PostgreSQL server, Argon2id with Strongroom's
 * parameters (m = 19456 KiB, t = 2, p = 1).
 */
final class KeycloakServer implements AutoCloseable {

    static final String REALM = "bench";
    static final String CLIENT_ID = "bench";

    private final Process process;
    private final Path log;
    final int httpsPort;
    final int managementPort;
    private final Path certificate;
    private final String adminPassword;
    private final String clientSecret = random();
    private Duration startToHealthy;

    private KeycloakServer(Process process, Path log, int httpsPort, int managementPort, Path certificate,
            String adminPassword) {
        this.process = process;
        this.log = log;
        this.httpsPort = httpsPort;
        this.managementPort = managementPort;
        this.certificate = certificate;
        this.adminPassword = adminPassword;
    }

    /** Unpacks the distribution into {@code cache} once and runs Keycloak's build step for PostgreSQL once. */
    static Path prepare(Path zip, Path cache, String version) throws IOException, InterruptedException {
        Path home = cache.resolve("keycloak-" + version);
        Path built = home.resolve(".strongroom-bench-built");
        if (Files.exists(built)) {
            return home;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak's distribution is missing: " + zip
                    + " (bench/run.sh and the bench module fetch it with Maven)");
        }
        Files.createDirectories(cache);
        unzip(zip, cache);
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "build", "--db=postgres",
                "--health-enabled=true")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("build.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process build = builder.start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
            throw new IllegalStateException("Keycloak's build step failed; see " + home.resolve("build.log"));
        }
        Files.writeString(built, version);
        return home;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                if (out.getFileName().toString().endsWith(".sh")) {
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    /**
     * Creates the {@code keycloak} role and database on Strongroom's embedded server, starts Keycloak
     * and waits for {@code /health/ready}.
     */
    static KeycloakServer start(Path keycloakHome, StrongroomServer strongroom, Path workDir, Duration timeout)
            throws IOException, InterruptedException, SQLException {
        String dbPassword = random();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + strongroom.databasePort
                + "/postgres", "postgres", strongroom.databasePassword("superuser"));
                Statement s = c.createStatement()) {
            s.execute("drop database if exists keycloak");
            s.execute("drop role if exists keycloak");
            s.execute("create role keycloak login password '" + dbPassword + "'");
            s.execute("create database keycloak owner keycloak");
        }
        int httpsPort = StrongroomServer.freePort();
        int managementPort = StrongroomServer.freePort();
        String adminPassword = random();
        List<String> command = new ArrayList<>(List.of(keycloakHome.resolve("bin/kc.sh").toString(), "start",
                "--optimized",
                "--db-url=jdbc:postgresql://127.0.0.1:" + strongroom.databasePort + "/keycloak",
                "--db-username=keycloak",
                "--http-enabled=false",
                "--http-host=127.0.0.1",
                "--https-port=" + httpsPort,
                "--http-management-port=" + managementPort,
                "--https-certificate-file=" + strongroom.certificate().toAbsolutePath(),
                "--https-certificate-key-file=" + strongroom.privateKey().toAbsolutePath(),
                "--hostname=https://localhost:" + httpsPort,
                "--spi-password-hashing--argon2--memory=19456",
                "--spi-password-hashing--argon2--iterations=2",
                "--spi-password-hashing--argon2--parallelism=1"));
        Files.createDirectories(workDir);
        Path log = workDir.resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_DB_PASSWORD", dbPassword);
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        long started = System.nanoTime();
        KeycloakServer server = new KeycloakServer(builder.start(), log, httpsPort, managementPort,
                strongroom.certificate(), adminPassword);
        try {
            Https management = new Https("https://localhost:" + managementPort, strongroom.certificate());
            long deadline = started + timeout.toNanos();
            while (true) {
                if (!server.process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited; see " + log);
                }
                try {
                    if (management.get("/health/ready", null).status() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Keycloak did not become ready within " + timeout + "; see " + log);
                }
                Thread.sleep(200);
            }
            server.startToHealthy = Duration.ofNanos(System.nanoTime() - started);
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    Duration startToHealthy() {
        return startToHealthy;
    }

    long pid() {
        return process.pid();
    }

    Https client() {
        return new Https("https://localhost:" + httpsPort, certificate);
    }

    String clientSecret() {
        return clientSecret;
    }

    /**
     * Creates the realm (Argon2 hashing), a confidential client with the resource-owner password
     * grant, and the users; returns the stored credential parameters of the first user as proof of
     * the hashing parameters.
     */
    String configure(List<String> usernames, String password) throws IOException, InterruptedException {
        Https http = client();
        String admin = adminGrant(http);
        http.postJson("/admin/realms", Map.of("realm", REALM, "enabled", true, "passwordPolicy", "hashAlgorithm(argon2)"),
                admin).expect(201);
        http.postJson("/admin/realms/" + REALM + "/clients", Map.of("clientId", CLIENT_ID, "publicClient", false,
                "secret", clientSecret, "directAccessGrantsEnabled", true, "standardFlowEnabled", false), admin)
                .expect(201);
        String firstId = null;
        for (String username : usernames) {
            var created = http.postJson("/admin/realms/" + REALM + "/users", Map.of("username", username,
                    "email", username + "@bench.example", "firstName", "Bench", "lastName", "User", "emailVerified", true,
                    "enabled", true, "credentials", List.of(Map.of("type", "password", "value", password,
                            "temporary", false))), admin).expect(201);
            if (firstId == null) {
                String location = created.header("Location");
                firstId = location.substring(location.lastIndexOf('/') + 1);
            }
        }
        var credentials = http.get("/admin/realms/" + REALM + "/users/" + firstId + "/credentials", admin).expect(200)
                .json();
        return credentials.get(0).get("credentialData").asString();
    }

    /**
     * An administrator's access token that outlives a benchmark run (the master realm's token
     * lifespan raised to an hour first), for reading users through the admin API.
     */
    String adminToken() throws IOException, InterruptedException {
        Https http = client();
        String admin = adminGrant(http);
        http.put("/admin/realms/master", Map.of("accessTokenLifespan", 3600), admin).expect(204);
        return adminGrant(http);
    }

    /** The ids of the bench realm's users. */
    List<String> userIds(String adminToken) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        client().get("/admin/realms/" + REALM + "/users?max=10000&briefRepresentation=false", adminToken).expect(200)
                .json().forEach(user -> ids.add(user.get("id").asString()));
        return ids;
    }

    /** The admin API's read of one user, the same kind of work as Strongroom's read of one person. */
    Https.Response readUser(Https http, String adminToken, String id) throws IOException, InterruptedException {
        return http.get("/admin/realms/" + REALM + "/users/" + id, adminToken);
    }

    private String adminGrant(Https http) throws IOException, InterruptedException {
        return http.postForm("/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", adminPassword), null)
                .expect(200).json().get("access_token").asString();
    }

    /** The resource-owner password grant: one sign-in. */
    Https.Response passwordGrant(Https http, String username, String password) throws IOException, InterruptedException {
        return http.postForm("/realms/" + REALM + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", CLIENT_ID, "client_secret", clientSecret, "username", username, "password", password), null);
    }

    /** The refresh-token grant: one session renewal. */
    Https.Response refreshGrant(Https http, String refreshToken) throws IOException, InterruptedException {
        return http.postForm("/realms/" + REALM + "/protocol/openid-connect/token", Map.of("grant_type", "refresh_token",
                "client_id", CLIENT_ID, "client_secret", clientSecret, "refresh_token", refreshToken), null);
    }

    long rss() {
        return ProcessHandle.of(process.pid()).map(p -> p.descendants()
                .mapToLong(d -> Math.max(0, ProcessMemory.rss(d.pid()))).sum() + Math.max(0, ProcessMemory.rss(p.pid())))
                .orElse(-1L);
    }

    @Override
    public void close() {
        // kc.sh execs java, so the process is Keycloak's JVM; SIGTERM shuts it down gracefully
        StrongroomServer.stop(process);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    Path log() {
        return log;
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
