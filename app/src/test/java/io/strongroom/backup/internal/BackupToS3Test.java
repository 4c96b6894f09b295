package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.S3Server;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole backup and restore path with {@code strongroom.backup.store=s3} against a real S3
 * server (B2, B3, B5): the archive is an object in the bucket, encrypted, and restores.
 */
class BackupToS3Test extends ApiTest {

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        S3BackupStoreTest.bucket();
        registry.add("strongroom.backup.store", () -> "s3");
        registry.add("strongroom.backup.s3.bucket", () -> S3BackupStoreTest.BUCKET);
        registry.add("strongroom.backup.s3.prefix", () -> "app/");
        registry.add("strongroom.backup.s3.endpoint", () -> S3Server.get().endpoint());
        registry.add("strongroom.backup.s3.access-key-id", () -> S3Server.ACCESS_KEY);
        registry.add("strongroom.backup.s3.secret-access-key", () -> S3Server.SECRET_KEY);
    }

    @Autowired
    BackupJobs jobs;

    @Test
    @Tag("B2")
    @Tag("B3")
    @Tag("B5")
    void aBackupInS3IsEncryptedAndRestoresTheWorkspace() {
        Workspace ws = TestUsers.signUp(client(), "s3backup");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response person = bearer(owner).post("/api/v1/people", Map.of("given_name", "Sigrid", "family_name", "Bucket",
                "national_id", "S3-1"));
        String id = person.json().get("id").asString();
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        jobs.runOpenJobs();
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        UUID backup = UUID.fromString(job.json().get("backup_id").asString());
        assertThat(bearer(owner).get("/api/v1/backups/" + backup).json().get("store").asString()).isEqualTo("s3");

        try (S3Client s3 = S3BackupStoreTest.client()) {
            byte[] object = s3.getObjectAsBytes(r -> r.bucket(S3BackupStoreTest.BUCKET)
                    .key("app/" + Backups.objectKey(ws.tenantId(), backup))).asByteArray();
            assertThat(object.length).isPositive();
            assertThat(new String(object, StandardCharsets.ISO_8859_1)).doesNotContain("Sigrid").doesNotContain("employee");
        }

        Response read = bearer(owner).get("/api/v1/people/" + id);
        assertThat(bearer(owner).header("If-Match", read.header("ETag")).method("PATCH", "/api/v1/people/" + id,
                Map.of("given_name", "Changed")).status()).isEqualTo(200);
        Response restore = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
        assertThat(restore.status()).isEqualTo(202);
        jobs.runOpenJobs();
        String again = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(again).get(restore.header("Location")).json().get("state").asString()).isEqualTo("succeeded");
        assertThat(bearer(again).get("/api/v1/people/" + id).json().get("given_name").asString()).isEqualTo("Sigrid");
    }
}
