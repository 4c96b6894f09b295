package io.strongroom.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Backups in S3-compatible object storage (AWS S3, MinIO, Ceph, ...; tested against s3proxy). An
 * archive is uploaded as a multipart upload in parts of {@value #PART_SIZE} bytes while it is
 * written, so nothing is spooled to local disk and memory stays at one part; the object appears only
 * when the upload is completed ({@link Upload#commit()}), and an upload closed without a commit is
 * aborted. Where the bucket has S3 Object Lock, pruning's deletes fail until the lock ends: they are
 * logged and tried again at the next pruning.
 */
final class S3BackupStore implements BackupStore {

    static final int PART_SIZE = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3BackupStore(BackupProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("strongroom.backup.store=s3 needs strongroom.backup.s3.bucket");
        }
        AwsCredentialsProvider credentials = settings.accessKeyId() == null || settings.accessKeyId().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                        settings.secretAccessKey()));
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                // S3-compatible servers do not all know the newer default checksum headers
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix() == null ? "" : settings.prefix();
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    private String objectName(String key) {
        return prefix + BackupStore.requireKey(key);
    }

    @Override
    public Upload create(String key) throws IOException {
        String name = objectName(key);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(name)).uploadId();
        } catch (SdkException e) {
            throw new IOException("S3 refused to start the upload of " + name + ": " + e.getMessage(), e);
        }
        PartStream stream = new PartStream(name, uploadId);
        return new Upload() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException {
                stream.flushPart(true);
                try {
                    s3.completeMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(stream.parts).build()));
                } catch (SdkException e) {
                    throw new IOException("S3 refused to complete the upload of " + name + ": " + e.getMessage(), e);
                }
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    try {
                        s3.abortMultipartUpload(r -> r.bucket(bucket).key(name).uploadId(uploadId));
                    } catch (SdkException e) {
                        throw new IOException("S3 refused to abort the upload of " + name + ": " + e.getMessage(), e);
                    }
                }
            }
        };
    }

    /** Buffers one part and uploads it when full; {@code close()} only flushes (the upload's commit completes it). */
    private final class PartStream extends OutputStream {

        private final String name;
        private final String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[PART_SIZE];
        private int filled;

        PartStream(String name, String uploadId) {
            this.name = name;
            this.uploadId = uploadId;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, PART_SIZE - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == PART_SIZE) {
                    flushPart(false);
                }
            }
        }

        /** Uploads what is buffered as the next part (the last part may be smaller, or empty when it is the only one). */
        void flushPart(boolean last) throws IOException {
            if (filled == 0 && !(last && parts.isEmpty())) {
                return;
            }
            int number = parts.size() + 1;
            try {
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(name).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            } catch (SdkException e) {
                throw new IOException("S3 refused part " + number + " of " + name + ": " + e.getMessage(), e);
            }
            filled = 0;
            if (last) {
                buffer = null;
            }
        }

        @Override
        public void close() {
            // the upload's commit sends the last part and completes it
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String name = objectName(key);
        try {
            return s3.getObject(r -> r.bucket(bucket).key(name));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(location() + key);
        } catch (SdkException e) {
            throw new IOException("S3 refused to read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String name = objectName(key);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(name));
        } catch (SdkException e) {
            throw new IOException("S3 refused to delete " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void removeUnfinished(String suffix) throws IOException {
        try {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads()) {
                if (!upload.key().endsWith(suffix)) {
                    continue;
                }
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                return; // a store that cannot list uploads (it expires them by its own lifecycle rules)
            }
            throw new IOException("S3 refused to list unfinished uploads: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 refused to list unfinished uploads: " + e.getMessage(), e);
        }
    }
}
