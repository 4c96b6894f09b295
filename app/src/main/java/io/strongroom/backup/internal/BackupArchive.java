package io.strongroom.backup.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * The archive of one backup, before encryption: a ZIP stream with one entry per table
 * ({@code tables/<table>.pgcopy}: the tenant's rows in PostgreSQL's binary COPY format) and
 * {@code manifest.json} last (what was written: tables, columns, row counts, SHA-256 per part,
 * schema and application versions, time). The whole stream is encrypted with the tenant's streaming
 * key, bound to the backup's id (see {@code Backups}).
 */
final class BackupArchive {

    static final String FORMAT = "strongroom-backup-1";
    static final String MANIFEST = "manifest.json";
    static final String TABLES = "tables/";
    static final String PART_SUFFIX = ".pgcopy";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BackupArchive() {
    }

    record Manifest(String format, UUID tenant, UUID backup, String snapshotAt, String schemaVersion,
            String appVersion, List<Long> fieldKeyIds, List<Part> parts) {

        long rows() {
            return parts.stream().mapToLong(Part::rows).sum();
        }

        Part part(String table) {
            return parts.stream().filter(p -> p.table().equals(table)).findFirst().orElse(null);
        }
    }

    record Part(String table, List<Column> columns, long rows, long bytes, String sha256) {
    }

    record Column(String name, String type) {
    }

    static byte[] write(Manifest manifest) {
        return JSON.writeValueAsBytes(manifest);
    }

    static Manifest read(byte[] json) {
        Manifest manifest = JSON.readValue(json, Manifest.class);
        if (!FORMAT.equals(manifest.format()) || manifest.parts() == null || manifest.tenant() == null
                || manifest.backup() == null) {
            throw new IllegalArgumentException("not a Strongroom backup manifest");
        }
        return manifest;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * Counts, and hashes unless told not to, what passes through; closing it does not close the
     * target (the ZIP entry goes on).
     */
    static final class Measuring extends FilterOutputStream {

        private final MessageDigest digest;
        private long bytes;

        Measuring(OutputStream target) {
            this(target, true);
        }

        Measuring(OutputStream target, boolean hash) {
            super(target);
            this.digest = hash ? newSha256() : null;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (digest != null) {
                digest.update((byte) b);
            }
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (digest != null) {
                digest.update(b, off, len);
            }
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        long bytes() {
            return bytes;
        }

        String sha256() {
            return hex(digest.digest());
        }
    }

    /** Counts and hashes what is read; closing it does not close the source. */
    static final class MeasuringInput extends FilterInputStream {

        private final MessageDigest digest;
        private final byte[] buffer = new byte[8192]; // what skip reads through (to count and hash it)
        private long bytes;

        MeasuringInput(InputStream source) {
            this(source, true);
        }

        MeasuringInput(InputStream source, boolean hash) {
            super(source);
            this.digest = hash ? newSha256() : null;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                if (digest != null) {
                    digest.update((byte) b);
                }
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (digest != null) {
                    digest.update(b, off, n);
                }
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public void close() {
            // the ZIP stream goes on to the next entry
        }

        long bytes() {
            return bytes;
        }

        String sha256() {
            return hex(digest.digest());
        }
    }
}
