package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.database.EmbeddedDatabaseServer;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * The full, self-service export of a workspace (D1): asked for by its Owner, made by the worker,
 * downloaded (resumably) as a ZIP with every table as CSV, JSON and a SQL dump that loads into a
 * PostgreSQL server of the customer's own, optionally encrypted to a passphrase, expired after its time.
 */
class ExportTest extends ApiTest {

    @Autowired
    Exports exports;

    @Autowired
    org.springframework.context.ApplicationContext context;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "export");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        for (String[] person : new String[][] {{"Ada", "EXP-1", "O'Brien"}, {"=HYPERLINK(\"http://evil\")", "EXP-2", "Formula"}}) {
            Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", person[0], "family_name",
                    person[2], "national_id", person[1], "iban", "DE89 3704 0044 0532 0130 00"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
    }

    private JsonNode requestAndRun(Map<String, Object> body) {
        Response accepted = bearer(owner).post("/api/v1/exports", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("state").asString()).isEqualTo("queued");
        String location = accepted.header("Location");
        assertThat(exports.runDue()).isPositive();
        JsonNode job = bearer(owner).get(location).json();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    private HttpResponse<byte[]> download(String path, String range) {
        var request = bearer(owner).request(path).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return bearer(owner).sendForBytes(request);
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName().substring(entry.getName().indexOf('/') + 1), zip.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    @Tag("D1")
    void theOwnerExportsEveryTableAsCsvJsonAndSqlThatLoadsIntoAnotherPostgres() throws Exception {
        JsonNode job = requestAndRun(Map.of());
        assertThat(job.get("progress").get("tables_done").asInt()).isEqualTo(job.get("progress").get("tables_total").asInt());
        ApiClient sameConnection = bearer(owner);
        HttpResponse<byte[]> full = sameConnection.sendForBytes(sameConnection.request(job.get("download").asString()).GET());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(sameConnection.get("/api/v1/exports").status()).as("the connection serves on after a download")
                .isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(full.headers().firstValue("Content-Disposition").orElseThrow()).contains("strongroom-export-" + ws.workspace());
        byte[] archive = full.body();
        assertThat(archive.length).isEqualTo(job.get("size_bytes").asLong());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)))
                .isEqualTo(job.get("sha256").asString());

        Map<String, byte[]> entries = unzip(archive);
        assertThat(entries).containsKeys("README.txt", "workspace.json", "data.json", "dump.sql",
                "csv/people/employee.csv", "csv/identity/app_user.csv", "csv/audit/audit_event.csv");
        assertThat(entries.keySet()).as("sessions, tokens, queues and keys are no data of the customer's")
                .noneMatch(n -> n.contains("auth_session") || n.contains("refresh_token") || n.contains("mail_outbox")
                        || n.contains("tenant_keyset") || n.contains("export_job"));
        String employees = new String(entries.get("csv/people/employee.csv"), StandardCharsets.UTF_8);
        assertThat(employees).contains("EXP-1").contains("DE89370400440532013000").contains("O'Brien");
        assertThat(employees).as("a formula becomes text").contains("'=HYPERLINK(").doesNotContain(",=HYPERLINK(");
        assertThat(employees.lines().findFirst().orElseThrow()).as("no blind index (a keyed hash of a personal field)")
                .doesNotContain("_index").doesNotContain("_bidx");
        String users = new String(entries.get("csv/identity/app_user.csv"), StandardCharsets.UTF_8);
        assertThat(users).contains(ws.ownerEmail()).doesNotContain("password_hash").doesNotContain("$argon2");
        JsonNode data = ApiClient.JSON.readTree(entries.get("data.json"));
        assertThat(data.get("tables").get("employee").size()).isEqualTo(2);
        assertThat(data.get("tables").get("employee").valueStream().map(e -> e.get("national_id").asString()))
                .containsExactlyInAnyOrder("EXP-1", "EXP-2");
        assertThat(data.get("tables").get("employee").get(0).get("version").isNumber()).isTrue();
        JsonNode workspace = ApiClient.JSON.readTree(entries.get("workspace.json"));
        assertThat(workspace.get("name").asString()).isEqualTo(ws.workspace());

        // the SQL dump loads into a PostgreSQL server that has never seen Strongroom
        Path home = Files.createTempDirectory("strongroom-export-load");
        try (EmbeddedDatabaseServer other = EmbeddedDatabaseServer.start(home, 0, false)) {
            PGSimpleDataSource target = new PGSimpleDataSource();
            target.setUrl(other.jdbcUrl());
            target.setUser(other.superuser().username());
            target.setPassword(other.superuser().password());
            try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(new String(entries.get("dump.sql"), StandardCharsets.UTF_8));
                try (ResultSet rows = statement.executeQuery(
                        "select given_name, family_name, national_id from employee order by national_id")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("Ada");
                    assertThat(rows.getString(2)).isEqualTo("O'Brien");
                    assertThat(rows.getString(3)).isEqualTo("EXP-1");
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).startsWith("=HYPERLINK");
                }
                try (ResultSet count = statement.executeQuery("select count(*) from audit_event")) {
                    count.next();
                    assertThat(count.getLong(1)).isEqualTo(superuser.sql("select count(*) from audit_event where tenant_id = :t"
                            + " and occurred_at <= (select started_at from export_job where id = :id)")
                            .param("t", ws.tenantId()).param("id", UUID.fromString(job.get("id").asString()))
                            .query(Long.class).single());
                }
            }
        }

        // resumable: a range of the archive, the rest from an offset, and the last bytes
        HttpResponse<byte[]> part = download(job.get("download").asString(), "bytes=100-1099");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-1099/" + archive.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(archive, 100, 1100));
        HttpResponse<byte[]> rest = download(job.get("download").asString(), "bytes=1100-");
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(archive, 1100, archive.length));
        assertThat(download(job.get("download").asString(), "bytes=-10").body())
                .isEqualTo(Arrays.copyOfRange(archive, archive.length - 10, archive.length));
        HttpResponse<byte[]> beyond = download(job.get("download").asString(), "bytes=" + archive.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + archive.length);

        // audited, the downloads counted once per download (not per resumed part)
        assertThat(superuser.sql("select action from audit_event where tenant_id = :t and action like 'export.%' order by seq")
                .param("t", ws.tenantId()).query(String.class).list())
                .containsExactly("export.requested", "export.made", "export.downloaded");
        // the archive lies in the store encrypted under the workspace's key
        byte[] stored = Files.readAllBytes(TestBackups.exportFile(context, ws.tenantId(),
                UUID.fromString(job.get("id").asString())));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("EXP-1").doesNotContain("employee");

        // after its time it is deleted
        clock.advance(Duration.ofDays(8));
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        exports.runDue();
        assertThat(bearer(owner).get("/api/v1/exports/" + job.get("id").asString()).json().get("state").asString())
                .isEqualTo("expired");
        assertThat(download(job.get("download").asString(), null).statusCode()).isEqualTo(410);
        assertThat(Files.exists(TestBackups.exportFile(context, ws.tenantId(),
                UUID.fromString(job.get("id").asString())))).isFalse();
    }

    @Test
    @Tag("D1")
    void anArchiveEncryptedToAPassphraseOpensWithItAndWithNothingElse() throws Exception {
        assertThat(bearer(owner).post("/api/v1/exports", Map.of("passphrase", "too short")).status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/exports", Map.of("passphrase", "x".repeat(13), "extra", 1)).status())
                .as("unknown fields").isEqualTo(400);
        JsonNode job = requestAndRun(Map.of("passphrase", "correct horse battery staple"));
        assertThat(job.get("passphrase_protected").asBoolean()).isTrue();
        assertThat(superuser.sql("select passphrase is null from export_job where id = :id")
                .param("id", UUID.fromString(job.get("id").asString())).query(Boolean.class).single())
                .as("the passphrase is not kept once used").isTrue();
        HttpResponse<byte[]> response = download(job.get("download").asString(), null);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pgp-encrypted");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains(".zip.gpg");
        byte[] encrypted = response.body();
        assertThat(unzip(decrypt(encrypted, "correct horse battery staple"))).containsKeys("dump.sql", "data.json");
        assertThatThrownBy(() -> decrypt(encrypted, "wrong horse battery staple")).isInstanceOf(PGPException.class);
    }

    /** What {@code gpg --decrypt} does: the symmetric-key packet, then the integrity-protected data. */
    private static byte[] decrypt(byte[] message, String passphrase) throws IOException, PGPException {
        InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(message));
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
        Object first = factory.nextObject();
        PGPEncryptedDataList list = (PGPEncryptedDataList) (first instanceof PGPEncryptedDataList l ? l : factory.nextObject());
        PGPPBEEncryptedData data = (PGPPBEEncryptedData) list.get(0);
        InputStream clear = data.getDataStream(new JcePBEDataDecryptorFactoryBuilder(
                new JcaPGPDigestCalculatorProviderBuilder().build()).build(passphrase.toCharArray()));
        PGPLiteralData literal = (PGPLiteralData) new JcaPGPObjectFactory(clear).nextObject();
        byte[] content = literal.getInputStream().readAllBytes();
        assertThat(data.verify()).as("integrity protected").isTrue();
        return content;
    }

    @Test
    @Tag("D1")
    void oneExportAtATimeTheOwnersAloneAndStillInAReadOnlyWorkspace() {
        UUID admin = TestUsers.addUser(ws.tenantId(), "admin." + ws.workspace() + "@example.org", "admin-export-passphrase",
                "Administrator");
        String adminToken = TestUsers.tokens(client(), ws.workspace(), "admin." + ws.workspace() + "@example.org",
                "admin-export-passphrase").access();
        assertThat(admin).isNotNull();
        assertThat(bearer(adminToken).post("/api/v1/exports", Map.of()).status()).as("an Administrator is no Owner")
                .isEqualTo(403);
        assertThat(bearer(adminToken).get("/api/v1/exports").status()).isEqualTo(403);

        superuser.sql("update tenant set status = 'suspended' where id = :t").param("t", ws.tenantId()).update();
        assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "No", "family_name", "Change")).status())
                .isEqualTo(403);
        Response first = bearer(owner).post("/api/v1/exports", Map.of());
        assertThat(first.status()).as("a read-only workspace still exports").isEqualTo(202);
        Response second = bearer(owner).post("/api/v1/exports", Map.of());
        assertThat(second.status()).isEqualTo(409);
        assertThat(bearer(owner).get(first.header("Location") + "/download").status()).as("not ready").isEqualTo(409);
        assertThat(bearer(owner).get("/api/v1/exports/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(bearer(owner).get("/api/v1/exports/not-an-id").status()).isEqualTo(400);
        superuser.sql("update tenant set status = 'active' where id = :t").param("t", ws.tenantId()).update();
        exports.runDue();
        assertThat(bearer(owner).get(first.header("Location")).json().get("state").asString()).isEqualTo("succeeded");
    }
}
