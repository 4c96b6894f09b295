package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 backup store (B2) against a real S3 server (s3proxy in its own process): objects appear
 * only when complete, an abandoned upload leaves nothing, large archives go in parts, and an
 * unreachable store fails with an {@link IOException} (the job then fails visibly and retries).
 */
@Tag("B2")
class S3BackupStoreTest {

    static final String BUCKET = "strongroom-backups";

    static BackupProperties.S3 settings(String endpoint) {
        return new BackupProperties.S3(BUCKET, "test/", "us-east-1", endpoint, true, S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY);
    }

    /** A client of the test server of its own (for what the store does not do: buckets, looking at objects). */
    static S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1).endpointOverride(URI.create(S3Server.get().endpoint()))
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build();
    }

    @BeforeAll
    public static void bucket() {
        try (S3Client s3 = client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
                s3.createBucket(r -> r.bucket(BUCKET));
            }
        }
    }

    private static String key() {
        return UUID.randomUUID() + "/" + UUID.randomUUID() + ".srbackup";
    }

    @Test
    void anObjectAppearsOnlyWhenCompleteAndReadsBackAsWritten() throws IOException {
        S3BackupStore store = new S3BackupStore(settings(S3Server.get().endpoint()));
        String key = key();
        byte[] data = new byte[S3BackupStore.PART_SIZE * 2 + 12345]; // three parts
        new Random(7).nextBytes(data);
        try (BackupStore.Upload upload = store.create(key)) {
            try (OutputStream out = upload.stream()) {
                for (int i = 0; i < data.length; i += 100_000) {
                    out.write(data, i, Math.min(100_000, data.length - i));
                }
            }
            assertThatThrownBy(() -> store.open(key)).as("not before the commit").isInstanceOf(NoSuchFileException.class);
            upload.commit();
        }
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        store.delete(key);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
        store.delete(key); // deleting what is gone is fine
    }

    @Test
    void anUploadClosedWithoutCommitLeavesNothingAndAnEmptyArchiveIsStillAnObject() throws IOException {
        S3BackupStore store = new S3BackupStore(settings(S3Server.get().endpoint()));
        String abandoned = key();
        try (BackupStore.Upload upload = store.create(abandoned)) {
            upload.stream().write(new byte[1000]);
        }
        assertThatThrownBy(() -> store.open(abandoned)).isInstanceOf(NoSuchFileException.class);
        store.removeUnfinished(".srbackup");

        String empty = key();
        try (BackupStore.Upload upload = store.create(empty)) {
            upload.commit();
        }
        try (InputStream in = store.open(empty)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void anUnreachableStoreFailsWithAnIoError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        S3BackupStore store = new S3BackupStore(settings("http://127.0.0.1:" + closed));
        assertThatThrownBy(() -> store.create(key())).isInstanceOf(IOException.class).hasMessageContaining("S3");
        assertThatThrownBy(() -> store.open(key())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new S3BackupStore(new BackupProperties.S3(" ", "", "us-east-1", null, true, null, null)))
                .hasMessageContaining("bucket");
    }
}
