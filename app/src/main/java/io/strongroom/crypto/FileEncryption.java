package io.strongroom.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Encryption of files and archives (backups, exports, documents) with the streaming key of the
 * tenant bound to the current thread (AES-256-GCM-HKDF in 1 MiB segments: each segment is
 * authenticated, so a stream of any size is read in constant memory and an altered, reordered or
 * truncated one fails). The {@code name} is associated data: a ciphertext made for one name (for
 * example {@code backup/<id>}) or one tenant does not decrypt as another.
 */
public interface FileEncryption {

    /**
     * A stream that encrypts what is written to it into {@code target}; closing it writes the last
     * segment (and closes {@code target}).
     *
     * @throws TenantKeysDestroyed when the tenant's keys were destroyed
     */
    OutputStream encrypting(OutputStream target, String name) throws IOException;

    /**
     * The clear text of {@code source}; reading fails with an {@link IOException} as soon as a
     * segment was altered, the stream ends early, or it was made for another name, tenant or key.
     *
     * @throws TenantKeysDestroyed when the tenant's keys were destroyed (nothing of its files decrypts)
     */
    InputStream decrypting(InputStream source, String name) throws IOException;

    /**
     * The ids of the field keys that decrypt the bound tenant's stored values now. A copy of the
     * stored values (a backup) records them, and {@link RetainedFieldKeys} keeps them past a rotation
     * for as long as the copy exists.
     */
    List<Long> fieldKeyIds();
}
