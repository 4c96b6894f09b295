package io.strongroom.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.OutgoingMail;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * Encryption at rest against the real database (E1, E2): a copy of the database shows no personal
 * value, not in the tables and not in the server's files; ciphertexts are bound to their place; the
 * blind index finds equal values and nothing else; values written before encryption are encrypted
 * by the job, resumably.
 */
class EncryptionAtRestTest extends ApiTest {

    @Autowired
    FieldEncryption encryption;

    @Autowired
    TenantKeyService keys;

    @Autowired
    Reencryption reencryption;

    @Autowired
    TenantDataRegistry registry;

    @Autowired
    MailOutbox outbox;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "crypt");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    /** A person whose every personal field holds a value found nowhere else (the marker). */
    private Map<String, Object> planted(String marker) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("given_name", "Greta");
        body.put("family_name", "Garbo");
        body.put("date_of_birth", "1905-09-18");
        body.put("personal_email", marker.toLowerCase() + "@home.example");
        body.put("phone", "+46 8 " + (100000 + Math.abs(marker.hashCode() % 900000)));
        body.put("home_address", "Street of " + marker);
        body.put("national_id", "NI" + marker);
        body.put("iban", "DE89 3704 0044 0532 0130 00");
        body.put("emergency_contact", "Contact " + marker);
        return body;
    }

    private static String marker() {
        return "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    @Test
    @Tag("E1")
    @Tag("E2")
    void aCopyOfTheDatabaseShowsNoPersonalValueNeitherInItsTablesNorInItsFiles() throws IOException {
        String marker = marker();
        Response created = bearer(owner).post("/api/v1/people", planted(marker));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        // the audit trail (personal_diff) and an update's before/after hold them too
        Response read = bearer(owner).get("/api/v1/people/" + id);
        assertThat(bearer(owner).header("If-Match", read.header("ETag")).method("PATCH", "/api/v1/people/" + id,
                Map.of("home_address", "New street of " + marker)).status()).isEqualTo(200);
        assertThat(bearer(owner).get("/api/v1/people/" + id).json().get("home_address").asString())
                .as("the API still answers the values").isEqualTo("New street of " + marker);

        // as the database superuser, every column of every tenant table as text
        for (TenantTable table : registry.tables()) {
            List<String> rows = superuser.sql("select t::text from " + table.name() + " t where tenant_id = :t")
                    .param("t", ws.tenantId()).query(String.class).list();
            assertThat(rows).as(table.name()).noneMatch(row -> row.contains(marker) || row.toUpperCase().contains(marker.toUpperCase())
                    || row.contains(HexFormat.of().formatHex(marker.getBytes(StandardCharsets.UTF_8))));
        }

        // and in the server's files after a checkpoint: heap, indexes, WAL
        superuser.sql("checkpoint").update();
        Path data = TestDatabase.get().home().resolve("postgres");
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (contains(readIfStillThere(file), needle)) {
                    holding.add(file);
                }
            }
        }
        assertThat(holding).as("files of the database server holding a personal value").isEmpty();
    }

    @Test
    @Tag("E2")
    @Tag("E4")
    void aMailWaitingInTheOutboxIsStoredEncryptedAndDeliveredInClear() {
        String marker = marker();
        String to = "outbox-" + marker.toLowerCase() + "@example.org";
        TenantContext.runAs(ws.tenantId(), () -> transactions.executeWithoutResult(tx ->
                outbox.enqueue(new OutgoingMail(to, "Your link", "Open https://example.org/reset?token=" + marker))));
        byte[] stored = superuser.sql("select body from mail_outbox where recipient = :r").param("r", to)
                .query(byte[].class).optional().orElse(null);
        if (stored != null) { // not yet delivered (delivery deletes the body)
            assertThat(stored[0]).isEqualTo((byte) 0x01);
            assertThat(contains(stored, marker.getBytes(StandardCharsets.UTF_8))).isFalse();
        }
        assertThat(TestMail.body(TestMail.get().await(to, "Your link"))).contains("token=" + marker);
    }

    @Test
    @Tag("E2")
    void theControlOfTheFileSearchFindsAValueStoredInClear() throws IOException {
        // the same search as above finds a marker the database does store in clear (a job title)
        String marker = marker();
        Map<String, Object> body = planted(marker());
        body.put("job_title", marker);
        assertThat(bearer(owner).post("/api/v1/people", body).status()).isEqualTo(201);
        superuser.sql("checkpoint").update();
        boolean found = false;
        try (Stream<Path> files = Files.walk(TestDatabase.get().home().resolve("postgres"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                found |= contains(readIfStillThere(file), marker.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    @Tag("E2")
    void aCiphertextMovedToAnotherRowColumnOrTenantOrAlteredDoesNotDecrypt() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        byte[] sealed = TenantContext.callAs(ws.tenantId(), () -> encryption.encrypt("employee", "iban", a, "DE89370400440532013000"));
        assertThat(sealed[0]).isEqualTo((byte) 0x01);
        assertThat(TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("employee", "iban", a, sealed)))
                .isEqualTo("DE89370400440532013000");
        assertThatThrownBy(() -> TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("employee", "iban", b, sealed)))
                .as("another row").isInstanceOf(IllegalStateException.class).hasMessageNotContaining("DE89");
        assertThatThrownBy(() -> TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("employee", "phone", a, sealed)))
                .as("another column").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("audit_event", "iban", a, sealed)))
                .as("another table").isInstanceOf(IllegalStateException.class);
        Workspace other = TestUsers.signUp(client(), "crypt-other");
        assertThatThrownBy(() -> TenantContext.callAs(other.tenantId(), () -> encryption.decrypt("employee", "iban", a, sealed)))
                .as("another tenant").isInstanceOf(IllegalStateException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("employee", "iban", a, altered)))
                .as("altered").isInstanceOf(IllegalStateException.class);

        // through the database: a value copied from one record to another is refused, not shown
        String first = bearer(owner).post("/api/v1/people", planted(marker())).json().get("id").asString();
        String second = bearer(owner).post("/api/v1/people", planted(marker())).json().get("id").asString();
        superuser.sql("update employee set iban = (select iban from employee where id = :from) where id = :to")
                .param("from", UUID.fromString(first)).param("to", UUID.fromString(second)).update();
        Response moved = bearer(owner).get("/api/v1/people/" + second);
        assertThat(moved.status()).isEqualTo(500);
        assertThat(moved.body()).doesNotContain("DE89").doesNotContain("employee").doesNotContain("iban");
        assertThat(bearer(owner).get("/api/v1/people/" + first).status()).isEqualTo(200);
    }

    @Test
    @Tag("E2")
    void theBlindIndexFindsEqualNationalIdsAndNothingElse() {
        byte[] one = TenantContext.callAs(ws.tenantId(), () -> encryption.blindIndex("employee", "national_id", "AB 12-34.56"));
        assertThat(TenantContext.callAs(ws.tenantId(), () -> encryption.blindIndex("employee", "national_id", "ab123456")))
                .as("case, spaces and separators ignored").isEqualTo(one);
        assertThat(TenantContext.callAs(ws.tenantId(), () -> encryption.blindIndex("employee", "national_id", "AB123457")))
                .isNotEqualTo(one);
        assertThat(TenantContext.callAs(ws.tenantId(), () -> encryption.blindIndex("employee", "iban", "AB123456")))
                .as("another column").isNotEqualTo(one);
        Workspace other = TestUsers.signUp(client(), "crypt-idx");
        assertThat(TenantContext.callAs(other.tenantId(), () -> encryption.blindIndex("employee", "national_id", "AB123456")))
                .as("another tenant's index key").isNotEqualTo(one);

        Map<String, Object> first = planted(marker());
        first.put("national_id", "L01X00T47");
        String id = bearer(owner).post("/api/v1/people", first).json().get("id").asString();
        Map<String, Object> second = planted(marker());
        second.put("national_id", "l01x 00t47");
        Response duplicate = bearer(owner).post("/api/v1/people", second);
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(400);
        assertThat(duplicate.json().get("errors").toString()).contains("national_id").contains("another person");
        second.put("national_id", "L01X00T48");
        String secondId = bearer(owner).post("/api/v1/people", second).json().get("id").asString();
        Response read = bearer(owner).get("/api/v1/people/" + secondId);
        assertThat(bearer(owner).header("If-Match", read.header("ETag")).method("PATCH", "/api/v1/people/" + secondId,
                Map.of("national_id", "L01X00T47")).status()).as("changing to a taken id").isEqualTo(400);
        Response own = bearer(owner).get("/api/v1/people/" + id);
        assertThat(bearer(owner).header("If-Match", own.header("ETag")).method("PATCH", "/api/v1/people/" + id,
                Map.of("national_id", "L01X00T47", "job_title", "Actress")).status()).as("keeping one's own").isEqualTo(200);
    }

    @Test
    @Tag("E1")
    @Tag("E2")
    void valuesWrittenBeforeEncryptionAreEncryptedByTheJobBatchByBatchAndNothingIsLostWhenItStops() {
        // rows as an older version left them: personal values in clear (0x00 + UTF-8), no blind index
        int count = Reencryption.BATCH * 2 + 17;
        TestUsers.inTenant(ws.tenantId(), jdbc -> {
            for (int i = 0; i < count; i++) {
                UUID id = UUID.randomUUID();
                jdbc.sql("""
                        insert into employee (tenant_id, id, given_name, family_name, national_id, iban, date_of_birth)
                        values (:t, :id, 'Old', :family, '\\x00'::bytea || convert_to(:nid, 'UTF8'),
                                '\\x00'::bytea || convert_to('DE89370400440532013000', 'UTF8'),
                                '\\x00'::bytea || convert_to('1970-01-0' || (1 + :n % 9), 'UTF8'))
                        """).param("t", ws.tenantId()).param("id", id).param("family", "Row" + i)
                        .param("nid", "OLD-" + i).param("n", i).update();
            }
            return null;
        });
        // in the job's order (the database's order of ids); row i holds OLD-<i>
        List<UUID> ids = superuser.sql("select id from employee where tenant_id = :t and given_name = 'Old' order by id")
                .param("t", ws.tenantId()).query(UUID.class).list();
        List<String> nationalIds = superuser.sql("select convert_from(substring(national_id from 2), 'UTF8') from employee"
                + " where tenant_id = :t and given_name = 'Old' order by id").param("t", ws.tenantId()).query(String.class).list();
        assertThat(bearer(owner).get("/api/v1/people/" + ids.get(5)).json().get("national_id").asString())
                .as("read while still in clear").isEqualTo(nationalIds.get(5));
        assertThat(keys.state(ws.tenantId()).pendingValues()).isEqualTo(count * 3L);

        // the job stops in the middle: one row it cannot read (a broken value) ends the run after two batches
        UUID broken = ids.get(Reencryption.BATCH * 2 + 3);
        superuser.sql("update employee set iban = '\\x0100000000ff'::bytea where id = :id").param("id", broken).update();
        reencryption.runOnce();
        long pendingAfterStop = keys.state(ws.tenantId()).pendingValues();
        assertThat(pendingAfterStop).as("the first two batches stayed done").isLessThanOrEqualTo(20L * 3 + 3);
        assertThat(pendingAfterStop).isGreaterThan(0);

        // repaired and run again, it finishes: every value encrypted, the blind index filled, nothing lost
        superuser.sql("update employee set iban = '\\x00'::bytea || convert_to('DE89370400440532013000', 'UTF8') where id = :id")
                .param("id", broken).update();
        reencryption.runOnce();
        assertThat(keys.state(ws.tenantId()).pendingValues()).isZero();
        assertThat(superuser.sql("select count(*) from employee where tenant_id = :t and (get_byte(national_id, 0) <> 1"
                + " or national_id_index is null)").param("t", ws.tenantId()).query(Long.class).single()).isZero();
        for (int i : new int[] {0, 199, 200, 401, count - 1}) {
            JsonNode person = bearer(owner).get("/api/v1/people/" + ids.get(i)).json();
            String nationalId = nationalIds.get(i);
            int n = Integer.parseInt(nationalId.substring("OLD-".length()));
            assertThat(person.get("national_id").asString()).isEqualTo(nationalId);
            assertThat(person.get("iban").asString()).isEqualTo("DE89370400440532013000");
            assertThat(person.get("date_of_birth").asString()).isEqualTo("1970-01-0" + (1 + n % 9));
        }
        Map<String, Object> duplicate = planted(marker());
        duplicate.put("national_id", "old 7");
        assertThat(bearer(owner).post("/api/v1/people", duplicate).status()).as("the filled index finds it").isEqualTo(400);
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t and action = 'keys.reencrypted'")
                .param("t", ws.tenantId()).query(Long.class).single()).isPositive();
    }

    /**
     * A file of the live server, or nothing when the server removed it while the search walked its
     * directory (its relation cache file, a temporary file): a file that is gone holds no value.
     */
    private static byte[] readIfStillThere(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
            return new byte[0];
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
