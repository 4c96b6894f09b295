package io.strongroom.crypto.internal;

import com.google.crypto.tink.Aead;

/**
 * The key-encryption key (KEK): the one small port behind which the wrapping key lives (as Tink
 * advises, an {@link Aead} rather than its older {@code KmsClient}). The tenant keysets are stored
 * only wrapped by it. Implementations: the local keyring file ({@link KeyringFile}, the default) and
 * a PKCS#11 hardware security module ({@link Pkcs11Keys}). An external KMS is a planned adapter.
 * <p>
 * A KEK has versions; each has a stable id (stored next to every keyset it wrapped). Wrapping uses
 * the current version; unwrapping uses the version the keyset names, so a rotation only has to
 * re-wrap the keysets, never touch data.
 */
interface KeyEncryptionKeys {

    /** The id of the version new keysets are wrapped with, for example {@code keyring:1234} or {@code pkcs11:strongroom-kek-2}. */
    String currentId();

    /** The version {@code id}; throws {@link java.security.GeneralSecurityException} when it is unknown here. */
    Aead version(String id) throws java.security.GeneralSecurityException;

    /** Creates a new version and makes it current; answers its id. */
    String rotate() throws java.security.GeneralSecurityException;

    /** Re-reads what another node may have changed (a rotation of a shared keyring); before each job run. */
    default void refresh() {
    }

    /** Where the KEK lives, for operators (never key material). */
    String description();
}
