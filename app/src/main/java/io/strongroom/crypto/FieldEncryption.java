package io.strongroom.crypto;

import java.util.UUID;

/**
 * Encryption of columns at the repository boundary (E2) with the key of the tenant bound to the
 * current thread. Every value is bound by its associated data to tenant, table, column and row, so
 * a ciphertext copied to another row, column or tenant does not decrypt. The columns are the
 * tenant-data registry's {@code encryptedColumns()}; the stored form is described in V18.
 */
public interface FieldEncryption {

    /** The stored form of {@code value} (null for null). */
    byte[] encrypt(String table, String column, UUID rowId, String value);

    /**
     * The value of a stored form (null for null); a value written before encryption (still in clear,
     * awaiting the re-encryption job) is read as it is.
     *
     * @throws TenantKeysDestroyed when the tenant's keys were destroyed
     * @throws IllegalStateException when the ciphertext was altered or moved
     */
    String decrypt(String table, String column, UUID rowId, byte[] stored);

    /**
     * A blind index of {@code value} for equality search: HMAC-SHA-256 under the tenant's index key,
     * over the table, the column and the value with case, spaces and separators ({@code - . /})
     * ignored. Equal values (so normalised) give equal indexes, nothing else is learnt from it.
     */
    byte[] blindIndex(String table, String column, String value);

    /**
     * Stored values of tenant {@code from} made the bound tenant's (a backup restored into a new
     * workspace): it holds both tenants' field keys, so get it with the target bound and outside any
     * transaction, and use it inside the target's transaction.
     */
    Rekeying rekeyingFrom(UUID from);

    /** See {@link #rekeyingFrom}. */
    interface Rekeying {

        /** {@code stored} (a value of the source's row) decrypted under the source's key and encrypted under the target's. */
        byte[] reencrypt(String table, String column, UUID rowId, byte[] stored);

        /** The target's blind index of the value {@code stored} under the source's key (null for null). */
        byte[] blindIndex(String table, String column, UUID rowId, byte[] stored);
    }
}
