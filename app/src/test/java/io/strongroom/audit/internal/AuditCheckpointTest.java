package io.strongroom.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * L3 against someone who can rewrite the database (here: the superuser with triggers off): the
 * chain is anchored by signed checkpoints outside the database, so truncating the newest records
 * and rewinding the chain head is named; a checkpoint file that was edited does not verify; and
 * every hashed column is in the hash (each one altered in turn is named by verification).
 */
@Tag("L3")
class AuditCheckpointTest extends ApiTest {

    @Autowired
    AuditCheckpoints checkpoints;

    final DataSource superuser = TestDatabase.get().superuserDataSource();
    Workspace ws;
    String owner;

    @BeforeEach
    void trail() {
        ws = TestUsers.signUp(client(), "anchor");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        for (int i = 0; i < 4; i++) {
            assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "Rec" + i, "family_name", "Ord"))
                    .status()).isEqualTo(201);
        }
    }

    @Test
    void truncatingTheNewestRecordsAndRewindingTheHeadIsNamed() throws Exception {
        assertThat(checkpoints.writeAll()).isPositive();
        assertThat(verify().get("ok").asBoolean()).isTrue();
        long last = lastSeq();

        try (Connection c = tamperer()) {
            try (PreparedStatement delete = c.prepareStatement("delete from audit_event where tenant_id = ? and seq > ?")) {
                delete.setObject(1, ws.tenantId());
                delete.setLong(2, last - 2);
                assertThat(delete.executeUpdate()).isEqualTo(2);
            }
            try (PreparedStatement rewind = c.prepareStatement("""
                    update audit_chain_head h set last_seq = e.seq, last_hash = e.hash
                      from audit_event e where e.tenant_id = h.tenant_id and h.tenant_id = ? and e.seq = ?
                    """)) {
                rewind.setObject(1, ws.tenantId());
                rewind.setLong(2, last - 2);
                assertThat(rewind.executeUpdate()).isEqualTo(1);
            }
        }
        JsonNode result = verify();
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.get("problem").asString()).contains("truncated");
        assertThat(result.get("first_broken_seq").asLong()).isEqualTo(last - 1);

        // appending again after the truncation rewrites the checkpointed record: also named
        assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "Late", "family_name", "R")).status())
                .isEqualTo(201);
        assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "Later", "family_name", "R")).status())
                .isEqualTo(201);
        JsonNode rewritten = verify();
        assertThat(rewritten.get("ok").asBoolean()).isFalse();
        assertThat(rewritten.get("problem").asString()).contains("differs from the signed checkpoint");
    }

    @Test
    void tenantsDownloadAVerifiableCheckpointAndAnEditedOneIsRefused() throws Exception {
        assertThat(bearer(owner).get("/api/v1/audit/checkpoint").status()).as("none yet").isIn(200, 404);
        checkpoints.writeAll();
        Response response = bearer(owner).get("/api/v1/audit/checkpoint");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode checkpoint = response.json();
        assertThat(checkpoint.get("seq").asLong()).isEqualTo(lastSeq());
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(checkpoint.get("public_key").asString()))));
        verifier.update(checkpoint.get("signed_text").asString().getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(checkpoint.get("signature").asString()))).isTrue();
        assertThat(checkpoint.get("signed_text").asString()).contains(ws.tenantId().toString())
                .contains(checkpoint.get("hash").asString());
        String employee = TestUsers.tokens(client(), ws.workspace(),
                emailOf(TestUsers.addUser(ws.tenantId(), "emp." + ws.workspace() + "@example.org", "employee-passphrase-77",
                        "employee")), "employee-passphrase-77").access();
        assertThat(bearer(employee).get("/api/v1/audit/checkpoint").status()).isEqualTo(403);

        // someone edits the file to move the anchor back: the signature no longer holds
        Path file = TestDatabase.get().home().resolve("audit-checkpoints").resolve(ws.tenantId() + ".jsonl");
        String lines = Files.readString(file);
        long anchored = checkpoint.get("seq").asLong();
        assertThat(lines).contains("\"seq\":" + anchored);
        Files.writeString(file, lines.replace("\"seq\":" + anchored, "\"seq\":" + (anchored - 3)));
        JsonNode result = verify();
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("problem").asString()).contains("checkpoint");
        assertThat(bearer(owner).get("/api/v1/audit/checkpoint").status()).isEqualTo(409);
        Files.writeString(file, lines);
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void everyHashedColumnIsInTheHash() throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select column_name, data_type from information_schema.columns
                         where table_schema = 'public' and table_name = 'audit_event' order by ordinal_position
                        """)) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        // personal_diff is outside the hash by design (erasure blanks it); its values are bound by commitments
        types.remove("personal_diff");
        // tenant_id (a key column) cannot move a record into this tenant's view; that it is hashed is checked directly
        types.remove("tenant_id");
        AuditRecord any = new AuditRecord(ws.tenantId(), 1, UUID.randomUUID(), java.time.Instant.parse("2026-01-01T00:00:00Z"), "user", null, null,
                null, null, null, "v", "c", "a.b", null, null, "success", null, Map.of(), Map.of(), null, new byte[32], null);
        AuditRecord moved = new AuditRecord(UUID.randomUUID(), 1, any.id(), any.occurredAt(), "user", null, null,
                null, null, null, "v", "c", "a.b", null, null, "success", null, Map.of(), Map.of(), null, new byte[32], null);
        assertThat(AuditHashing.hash(any.prevHash(), any.hashedFields()))
                .isNotEqualTo(AuditHashing.hash(moved.prevHash(), moved.hashedFields()));
        List<String> missed = new ArrayList<>();
        long seq = 2;
        for (Map.Entry<String, String> column : types.entrySet()) {
            String name = column.getKey();
            String original = valueOf(name, seq);
            String mutation = mutation(name, column.getValue());
            if (mutation == null) {
                missed.add(name + " (no mutation for type " + column.getValue() + ")");
                continue;
            }
            try (Connection c = tamperer(); PreparedStatement alter = c.prepareStatement(
                    "update audit_event set " + name + " = " + mutation + " where tenant_id = ? and seq = ?")) {
                alter.setObject(1, ws.tenantId());
                alter.setLong(2, seq);
                assertThat(alter.executeUpdate()).as(name).isEqualTo(1);
            }
            long alteredSeq = name.equals("seq") ? seq + 1000 : seq;
            JsonNode result = verify();
            if (result.get("ok").asBoolean() || result.get("first_broken_seq").asLong() > alteredSeq
                    && !name.equals("seq")) {
                missed.add(name);
            }
            try (Connection c = tamperer(); PreparedStatement restore = c.prepareStatement(
                    "update audit_event set " + name + " = cast(? as " + cast(column.getValue()) + ")"
                            + " where tenant_id = ? and seq = ?")) {
                restore.setString(1, original);
                restore.setObject(2, ws.tenantId());
                restore.setLong(3, alteredSeq);
                assertThat(restore.executeUpdate()).as("restore " + name).isEqualTo(1);
            }
            assertThat(verify().get("ok").asBoolean()).as("restored " + name).isTrue();
        }
        assertThat(missed).as("columns whose change verification does not notice").isEmpty();
    }

    private String mutation(String column, String type) {
        return switch (column) {
            case "actor_type" -> "case when actor_type = 'system' then 'user' else 'system' end";
            case "outcome" -> "case when outcome = 'failed' then 'denied' else 'failed' end";
            case "action" -> "action || '_x'";
            case "seq" -> "seq + 1000";
            default -> switch (type) {
                case "text" -> "coalesce(" + column + ", '') || 'x'";
                case "uuid" -> "gen_random_uuid()";
                case "timestamp with time zone" -> column + " + interval '1 millisecond'";
                case "jsonb" -> column + " || '{\"tampered\": true}'::jsonb";
                case "bytea" -> column + " || '\\x00'::bytea";
                case "bigint", "integer" -> column + " + 1";
                default -> null;
            };
        };
    }

    private static String cast(String type) {
        return type.equals("timestamp with time zone") ? "timestamptz" : type;
    }

    private String valueOf(String column, long seq) throws SQLException {
        try (Connection c = superuser.getConnection(); PreparedStatement s = c.prepareStatement(
                "select " + column + "::text from audit_event where seq = ? and tenant_id = ?")) {
            s.setLong(1, seq);
            s.setObject(2, ws.tenantId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** A superuser connection with triggers off: the append-only trigger no longer protects anything. */
    private Connection tamperer() throws SQLException {
        Connection c = superuser.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
        }
        return c;
    }

    private long lastSeq() {
        return TestUsers.<Long>inTenant(ws.tenantId(), jdbc -> jdbc.sql("select max(seq) from audit_event where tenant_id = :t")
                .param("t", ws.tenantId()).query(Long.class).single());
    }

    private String emailOf(UUID user) {
        return TestUsers.<String>inTenant(ws.tenantId(), jdbc -> jdbc.sql("select email from app_user where id = :u")
                .param("u", user).query(String.class).single());
    }

    private JsonNode verify() {
        Response response = bearer(owner).get("/api/v1/audit/verify");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
