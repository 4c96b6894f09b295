package io.strongroom.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keycloak 26 as a real identity provider for the tests (A7), started once per test JVM from its
 * server distribution ({@code org.keycloak:keycloak-quarkus-dist}, which Maven keeps in the local
 * repository). The distribution is unpacked and built for PostgreSQL once into
 * {@code ~/.cache/strongroom-test} and reused by later runs; each run gets its own database on the
 * tests' embedded PostgreSQL server. Plain HTTP on loopback (the tests admit http issuers).
 */
public final class KeycloakPeer {

    private static KeycloakPeer running;

    private final Process process;
    private final String base;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private KeycloakPeer(Process process, String base, String adminPassword) {
        this.process = process;
        this.base = base;
        this.adminPassword = adminPassword;
    }

    /** Whether the distribution is at hand (the build fetches it; a test is skipped, not passed, without it). */
    public static boolean available() {
        return Files.isRegularFile(zip());
    }

    /** The one Keycloak of this test JVM, started on first use. */
    public static synchronized KeycloakPeer get() {
        if (running == null) {
            try {
                running = start(prepare());
            } catch (IOException | InterruptedException | java.sql.SQLException e) {
                throw new IllegalStateException("Keycloak could not be started", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(running.process::destroy));
        }
        return running;
    }

    /** Where a realm's issuer is. */
    public String issuer(String realm) {
        return base + "/realms/" + realm;
    }

    private static Path zip() {
        String version = System.getProperty("keycloak.version", "26.7.3");
        String given = System.getProperty("keycloak.zip");
        return given != null ? Path.of(given) : Path.of(System.getProperty("user.home"), ".m2", "repository", "org",
                "keycloak", "keycloak-quarkus-dist", version, "keycloak-quarkus-dist-" + version + ".zip");
    }

    /** The built distribution: unpacked and built for PostgreSQL once, then reused (the marker says so). */
    private static Path prepare() throws IOException, InterruptedException {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "strongroom-test");
        String name = zip().getFileName().toString().replace("keycloak-quarkus-dist-", "keycloak-").replace(".zip", "");
        Path home = cache.resolve(name);
        Path marker = home.resolve(".strongroom-test-built");
        if (Files.exists(marker)) {
            return home;
        }
        Path staging = Files.createDirectories(cache).resolve(name + ".partial-" + UUID.randomUUID());
        try (FileSystem archive = FileSystems.newFileSystem(zip())) {
            Path root = archive.getPath("/");
            try (Stream<Path> entries = Files.walk(root)) {
                for (Path entry : entries.toList()) {
                    String relative = root.relativize(entry).toString();
                    Path target = staging.resolve(relative.replaceFirst("^[^/]+/?", ""));
                    if (Files.isDirectory(entry)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(entry, target);
                    }
                }
            }
        }
        for (Path script : Files.list(staging.resolve("bin")).filter(p -> p.toString().endsWith(".sh")).toList()) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Process build = kc(staging, Map.of(), "build", "--db=postgres", "--health-enabled=true")
                .redirectOutput(staging.resolve("build.log").toFile()).start();
        if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
            throw new IllegalStateException("Keycloak's build step failed; see " + staging.resolve("build.log"));
        }
        Files.writeString(staging.resolve(".strongroom-test-built"), name);
        try {
            Files.move(staging, home, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            // another run built it meanwhile: use that one
        }
        return Files.exists(marker) ? home : staging;
    }

    private static ProcessBuilder kc(Path home, Map<String, String> environment, String... arguments) {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(home.resolve("bin/kc.sh").toString()),
                Stream.of(arguments)).toList()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder;
    }

    private static KeycloakPeer start(Path home) throws IOException, InterruptedException, java.sql.SQLException {
        String database = "keycloak_" + UUID.randomUUID().toString().replace("-", "");
        String dbPassword = UUID.randomUUID().toString();
        var server = TestDatabase.get();
        try (Connection c = server.superuserDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("create role " + database + " login password '" + dbPassword + "'");
            s.execute("create database " + database + " owner " + database);
        }
        String jdbcUrl;
        try (Connection c = server.superuserDataSource().getConnection()) {
            jdbcUrl = c.getMetaData().getURL().replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
        }
        int port = freePort();
        int management = freePort();
        String adminPassword = UUID.randomUUID().toString();
        Path log = Files.createTempFile("keycloak", ".log");
        Process process = kc(home, Map.of("KC_DB_PASSWORD", dbPassword, "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword), "start", "--optimized",
                "--db-url=" + jdbcUrl, "--db-username=" + database, "--http-enabled=true", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + management, "--hostname=http://localhost:" + port)
                .redirectOutput(log.toFile()).start();
        KeycloakPeer peer = new KeycloakPeer(process, "http://localhost:" + port, adminPassword);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + Files.readString(log));
            }
            try {
                if (peer.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + management + "/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return peer;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new IllegalStateException("Keycloak was not ready within 5 minutes; see " + log);
            }
            // waiting for another process to come up, not timing anything: no assertion depends on how long
            // it takes, and the five-minute deadline only stops a Keycloak that never starts
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Creates a realm from its representation (users, clients and all) through the admin API. */
    public void createRealm(Map<String, Object> realm) {
        String token = form("/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", adminPassword)).get("access_token").asString();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/admin/realms"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(realm))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Realm not created: " + created.statusCode() + " " + created.body());
        }
    }

    /** Adds a client (an OpenID Connect or SAML relying party) to a realm through the admin API. */
    public void createClient(String realm, Map<String, Object> client) {
        String token = form("/realms/master/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", adminPassword)).get("access_token").asString();
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm + "/clients"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(client))));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Client not created: " + created.statusCode() + " " + created.body());
        }
    }

    /** A realm's public document (e.g. its SAML descriptor). */
    public String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET()).body();
    }

    private JsonNode form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
