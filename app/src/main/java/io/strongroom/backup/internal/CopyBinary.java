package io.strongroom.backup.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads PostgreSQL's binary COPY format just far enough to check its structure and count its rows
 * (signature, flags, header extension, then per row a 16-bit field count and per field a 32-bit
 * length and the bytes; a count of -1 ends the data). The values stay opaque: the database reads
 * them on restore.
 */
final class CopyBinary {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private CopyBinary() {
    }

    /** The number of rows of a complete COPY stream (every row with the same number of fields); consumes it. */
    static long countRows(InputStream source) throws IOException {
        // buffered: the format is read a few bytes at a time, and each read would otherwise go down the
        // whole chain of streams (digest, ZIP, decryption)
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(source, 1 << 16));
        try {
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new IOException("not a binary COPY stream");
            }
            in.readInt(); // flags
            int extension = in.readInt();
            if (extension < 0) {
                throw new IOException("bad COPY header extension");
            }
            in.skipNBytes(extension);
            long rows = 0;
            int columns = -1;
            while (true) {
                short fields = in.readShort();
                if (fields == -1) {
                    break;
                }
                if (columns == -1) {
                    columns = fields;
                }
                if (fields != columns || fields < 0) {
                    throw new IOException("a COPY row has " + fields + " fields instead of " + columns);
                }
                for (int i = 0; i < fields; i++) {
                    int length = in.readInt();
                    if (length < -1) {
                        throw new IOException("bad COPY field length");
                    }
                    if (length > 0) {
                        in.skipNBytes(length);
                    }
                }
                rows++;
            }
            if (in.read() != -1) {
                throw new IOException("data after the end of the COPY stream");
            }
            return rows;
        } catch (EOFException e) {
            throw new IOException("the COPY stream ends early", e);
        }
    }
}
