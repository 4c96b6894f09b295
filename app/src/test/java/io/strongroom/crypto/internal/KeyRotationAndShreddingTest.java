package io.strongroom.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * Rotation of a tenant's keys and of the key-encryption key, without downtime, and crypto-shredding
 * (E3), through the operators' endpoint and the re-encryption job, against the real database.
 */
class KeyRotationAndShreddingTest extends ApiTest {

    @Autowired
    Reencryption reencryption;

    @Autowired
    TenantKeyService keys;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "keys");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private ApiClient operator() {
        return client().header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN);
    }

    private String person(String given, String nationalId) {
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", given, "family_name", "Keys",
                "national_id", nationalId, "iban", "DE89 3704 0044 0532 0130 00", "phone", "+49 30 1234567"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** The key ids the tenant's stored national ids are under (0 for a value in clear). */
    private List<Long> storedKeyIds(UUID tenant) {
        return superuser.sql("""
                select distinct case when get_byte(national_id, 0) = 1
                       then ('x' || encode(substring(national_id from 2 for 4), 'hex'))::bit(32)::bigint else 0 end
                  from employee where tenant_id = :t and national_id is not null
                """).param("t", tenant).query(Long.class).list();
    }

    private List<Long> fieldKeyIds() {
        return superuser.sql("select unnest(key_ids) from tenant_keyset where tenant_id = :t and purpose = 'fields'")
                .param("t", ws.tenantId()).query(Long.class).list();
    }

    private long fieldsPrimary(JsonNode state) {
        return state.get("keysets").valueStream().filter(k -> k.get("purpose").asString().equals("fields")).findFirst()
                .orElseThrow().get("primary_key_id").asLong();
    }

    @Test
    @Tag("E3")
    void aRotationTakesEffectAtOnceAndTheJobReEncryptsTheRestWhileReadsAndWritesGoOn() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(person("P" + i, "ROT-" + i));
        }
        long before = fieldsPrimary(operator().get("/actuator/tenantkeys/" + ws.tenantId()).json());
        assertThat(storedKeyIds(ws.tenantId())).containsExactly(before);

        assertThat(client().method("POST", "/actuator/tenantkeys/" + ws.tenantId(), Map.of("action", "rotate")).status())
                .as("operators only").isEqualTo(401);
        UUID unknown = UUID.randomUUID();
        assertThat(operator().method("POST", "/actuator/tenantkeys/" + unknown, Map.of("action", "rotate")).status())
                .as("no keys for a workspace that does not exist").isEqualTo(400);
        assertThat(superuser.sql("select count(*) from tenant_keyset where tenant_id = :t").param("t", unknown)
                .query(Long.class).single()).isZero();
        assertThat(operator().get("/actuator/tenantkeys/not-a-uuid").status()).isEqualTo(400);
        Response rotated = operator().method("POST", "/actuator/tenantkeys/" + ws.tenantId(), Map.of("action", "rotate"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        long after = fieldsPrimary(rotated.json());
        assertThat(after).isNotEqualTo(before);
        assertThat(rotated.json().get("pending_values").asLong()).as("old values wait for the job").isPositive();
        assertThat(rotated.toString()).doesNotContainIgnoringCase("\"value\"").doesNotContain("wrapped");

        String fresh = person("Fresh", "ROT-NEW");
        assertThat(superuser.sql("select ('x' || encode(substring(national_id from 2 for 4), 'hex'))::bit(32)::bigint"
                        + " from employee where id = :id")
                .param("id", UUID.fromString(fresh)).query(Long.class).single())
                .as("new writes use the new key at once").isEqualTo(after);

        // reads and writes go on while the job re-encrypts
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = Thread.ofPlatform().start(() -> {
            int n = 0;
            while (running.get() || n < 5) {
                String id = ids.get(n % ids.size());
                Response read = bearer(owner).get("/api/v1/people/" + id);
                if (read.status() != 200 || !read.json().get("national_id").asString().startsWith("ROT-")) {
                    failures.add("read " + read);
                }
                Response write = bearer(owner).header("If-Match", read.header("ETag"))
                        .method("PATCH", "/api/v1/people/" + id, Map.of("phone", "+49 30 " + (1000000 + n)));
                if (write.status() != 200) {
                    failures.add("write " + write);
                }
                n++;
            }
        });
        reencryption.runOnce();
        running.set(false);
        load.join(Duration.ofMinutes(2));
        assertThat(failures).isEmpty();
        // a value written by the load under a key not current any more is picked up by the next run
        reencryption.runOnce();
        assertThat(storedKeyIds(ws.tenantId())).containsExactly(after);
        JsonNode state = operator().get("/actuator/tenantkeys/" + ws.tenantId()).json();
        assertThat(state.get("pending_values").asLong()).isZero();
        assertThat(state.get("total_values").asLong()).as("people, their audit records, mail").isGreaterThan(13 * 3);

        // the replaced key stays until every node has surely forgotten it, then it is retired
        assertThat(fieldKeyIds()).contains(before, after);
        clock.advance(Duration.ofMinutes(16));
        reencryption.runOnce();
        assertThat(fieldKeyIds()).containsExactly(after);
        keys.forget(ws.tenantId());
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access(); // time moved
        for (int i = 0; i < ids.size(); i++) {
            assertThat(bearer(owner).get("/api/v1/people/" + ids.get(i)).json().get("national_id").asString())
                    .isEqualTo("ROT-" + i);
        }
        List<String> actions = superuser.sql("select action from audit_event where tenant_id = :t and action like 'keys.%'"
                + " order by seq").param("t", ws.tenantId()).query(String.class).list();
        assertThat(actions).containsSubsequence("keys.rotated", "keys.reencrypted");
        assertThat(superuser.sql("select details::text from audit_event where tenant_id = :t and action = 'keys.reencrypted'"
                + " order by seq desc limit 1").param("t", ws.tenantId()).query(String.class).single())
                .contains("retired").contains(Long.toString(before));
    }

    @Test
    @Tag("E1")
    @Tag("E3")
    void aRotationOfTheKeyEncryptionKeyRewrapsEveryKeysetAndLeavesTheDataAlone() {
        String id = person("Kek", "KEK-1");
        byte[] stored = superuser.sql("select national_id from employee where id = :id").param("id", UUID.fromString(id))
                .query(byte[].class).single();
        Response rotated = operator().method("POST", "/actuator/tenantkeys/kek", Map.of("action", "rotate"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String kek = rotated.json().get("key_encryption_key").asString();
        assertThat(kek).startsWith("keyring:");

        reencryption.runOnce();
        assertThat(superuser.sql("select distinct kek_id from tenant_keyset where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).list()).containsExactly(kek);
        assertThat(superuser.sql("select national_id from employee where id = :id").param("id", UUID.fromString(id))
                .query(byte[].class).single()).as("data untouched").isEqualTo(stored);
        keys.forget(ws.tenantId());
        assertThat(bearer(owner).get("/api/v1/people/" + id).json().get("national_id").asString()).isEqualTo("KEK-1");
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t and action = 'keys.rewrapped'")
                .param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    @Tag("E3")
    void shreddingMakesEveryCopyOfOneTenantUnreadableAndLeavesTheOthersAlone() {
        String a = person("Anna", "SHRED-A");
        Workspace other = TestUsers.signUp(client(), "keys-other");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        String b = bearer(otherOwner).post("/api/v1/people", Map.of("given_name", "Bert", "family_name", "Keys",
                "iban", "DE89 3704 0044 0532 0130 00")).json().get("id").asString();
        // a copy of A's row taken before (a dump, a backup)
        byte[] copied = superuser.sql("select iban from employee where id = :id").param("id", UUID.fromString(a))
                .query(byte[].class).single();

        UUID legacy = UUID.randomUUID(); // a value the job had not encrypted yet (written before encryption)
        superuser.sql("insert into employee (tenant_id, id, given_name, family_name, national_id) values (:t, :id, 'Old',"
                + " 'Row', '\\x00'::bytea || convert_to('LEGACY-1', 'UTF8'))").param("t", ws.tenantId()).param("id", legacy)
                .update();
        assertThat(operator().method("POST", "/actuator/tenantkeys/" + ws.tenantId(), Map.of("action", "destroy",
                "reason", "test")).status()).as("needs the tenant id again as confirmation").isEqualTo(400);
        Response shred = operator().method("POST", "/actuator/tenantkeys/" + ws.tenantId(), Map.of("action", "destroy",
                "confirm", ws.tenantId().toString(), "reason", "workspace deleted on request"));
        assertThat(shred.status()).as(shred.toString()).isEqualTo(200);
        assertThat(shred.json().get("destroyed").size()).isEqualTo(3);
        assertThat(shred.json().get("destroyed").get(0).get("key_ids").size()).isPositive();
        assertThat(superuser.sql("select national_id is null from employee where id = :id").param("id", legacy)
                .query(Boolean.class).single()).as("a value still in clear goes with the keys").isTrue();
        assertThat(superuser.sql("select count(*) from tenant_keyset where tenant_id = :t and wrapped is null"
                + " and destroyed_at is not null").param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(3);

        Response read = bearer(owner).get("/api/v1/people/" + a);
        assertThat(read.status()).as(read.toString()).isEqualTo(410);
        assertThat(read.json().get("type").asString()).endsWith("keys-destroyed");
        assertThat(bearer(owner).get("/api/v1/people").status()).isEqualTo(410);
        assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "New", "family_name", "One",
                "iban", "DE89 3704 0044 0532 0130 00")).status()).as("nothing new under a destroyed key").isEqualTo(410);
        // the audit trail stays readable, its personal values are gone with the key
        Response trail = bearer(owner).get("/api/v1/audit/events?action=employee.created");
        assertThat(trail.status()).as(trail.toString()).isEqualTo(200);
        assertThat(trail.body()).doesNotContain("DE89370400440532013000");
        assertThat(superuser.sql("select action from audit_event where tenant_id = :t order by seq desc limit 1")
                .param("t", ws.tenantId()).query(String.class).single()).isNotNull();
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t and action = 'keys.destroyed'")
                .param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(1);

        // no key is recreated, and the job leaves the workspace alone
        reencryption.runOnce();
        keys.forget(ws.tenantId());
        assertThat(bearer(owner).get("/api/v1/people/" + a).status()).isEqualTo(410);
        assertThat(operator().method("POST", "/actuator/tenantkeys/" + ws.tenantId(), Map.of("action", "rotate")).status())
                .isEqualTo(410);
        assertThat(copied[0]).as("the old copy is ciphertext under a key that no longer exists").isEqualTo((byte) 0x01);

        // the other workspace is untouched
        Response otherRead = bearer(otherOwner).get("/api/v1/people/" + b);
        assertThat(otherRead.status()).isEqualTo(200);
        assertThat(otherRead.json().get("iban").asString()).isEqualTo("DE89370400440532013000");
    }
}
