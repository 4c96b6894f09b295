package io.strongroom.backup.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Pattern;

/**
 * Where backup archives live: storage apart from the database (B2). Objects are written once and
 * appear under their key only when complete ({@link Upload#commit()}); an upload closed without a
 * commit, or cut short by a crash, never shows up as an object.
 */
interface BackupStore {

    /**
     * Keys are {@code <tenant id>/<backup id>.srbackup} and {@code <tenant id>/<export id>.srexport}:
     * lower-case letters, digits, {@code - . /}.
     */
    Pattern KEY = Pattern.compile("[0-9a-f-]{36}/[0-9a-f-]{36}\\.sr(backup|export)");

    /** What the catalog records as the backup's store ({@code directory}, {@code s3}). */
    String name();

    /** Where, for the log and the README (a path or a bucket). */
    String location();

    Upload create(String key) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when no object has this key */
    InputStream open(String key) throws IOException;

    /** Removes the object; nothing when there is none. */
    void delete(String key) throws IOException;

    /**
     * Removes what unfinished uploads of objects whose key ends with {@code suffix} ({@code .srbackup},
     * {@code .srexport}) left behind (a node killed while writing). Each kind's worker calls it for its
     * own kind when it writes nothing, so it never removes another worker's upload in progress.
     */
    void removeUnfinished(String suffix) throws IOException;

    /** An object being written: {@link #commit()} makes it visible, {@link #close()} without commit discards it. */
    interface Upload extends Closeable {

        OutputStream stream();

        void commit() throws IOException;
    }

    static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a backup object key: " + key);
        }
        return key;
    }
}
