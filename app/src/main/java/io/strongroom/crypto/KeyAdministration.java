package io.strongroom.crypto;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Operators' handling of the tenant keys (E3): state, rotation of a tenant's keys and of the
 * key-encryption key, and crypto-shredding. Each change is announced as a {@link TenantKeysChanged}
 * event (the audit trail records it).
 */
public interface KeyAdministration {

    /** The state of a tenant's keys and of the re-encryption of its data. */
    TenantKeyState state(UUID tenantId);

    /** A new primary key for the tenant's fields and files: new writes use it at once, the job re-encrypts the rest. */
    TenantKeyState rotate(UUID tenantId);

    /**
     * Retires the tenant's replaced field keys that nothing needs any more: its stored values are all
     * under the current key and no {@link RetainedFieldKeys} names them. The re-encryption job calls it
     * when it finishes a tenant; a module whose copies needed a key calls it once they are gone.
     * Answers the retired key ids (none when there was nothing to retire or it is too early).
     */
    List<Long> retireReplacedKeys(UUID tenantId);

    /**
     * The tenant's stored values were replaced from a copy (a restore): some may be under replaced
     * keys again, so the re-encryption job checks the tenant anew. Call it in the transaction that
     * wrote the values.
     */
    void storedValuesReplaced(UUID tenantId);

    /** A new version of the key-encryption key: the job re-wraps every tenant's keysets under it, data untouched. */
    String rotateKeyEncryptionKey();

    /**
     * Destroys every version of every keyset of the tenant (crypto-shredding): afterwards none of its
     * rows, backups or exports decrypt. Irreversible. Answers what was destroyed.
     */
    ShredRecord shred(UUID tenantId, String reason);

    /**
     * @param keysets per purpose: key ids, the primary, whether destroyed
     * @param pendingValues encrypted values not yet under the current primary key (or still in clear)
     * @param totalValues encrypted values of the tenant (non-null)
     */
    record TenantKeyState(UUID tenantId, List<Keyset> keysets, long pendingValues, long totalValues) {
    }

    record Keyset(String purpose, long primaryKeyId, List<Long> keyIds, String kekId, Instant createdAt,
            Instant rotatedAt, Instant destroyedAt) {
    }

    /** What crypto-shredding destroyed, for the deletion certificate. */
    record ShredRecord(UUID tenantId, List<Keyset> destroyed, Instant destroyedAt) {
    }
}
