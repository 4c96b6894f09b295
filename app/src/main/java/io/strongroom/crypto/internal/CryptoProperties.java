package io.strongroom.crypto.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.crypto.*}.
 *
 * @param masterKeysetFile the Tink keyset (JSON) that seals the node's own secrets (token signing
 *        keys, device cookies); default {@code $STRONGROOM_HOME/secrets/master-keyset.json}, generated
 *        on first start with owner-only permissions. Every node of a cluster must use the same file.
 * @param kek where the key-encryption key lives: {@code keyring} (a file, the default) or
 *        {@code pkcs11} (a hardware security module)
 * @param keyringFile the KEK keyring of {@code kek=keyring}; default
 *        {@code $STRONGROOM_HOME/secrets/kek-keyring.json}, generated on first start, owner-only
 * @param pkcs11 the module of {@code kek=pkcs11}
 * @param keyCacheTtl how long a tenant's unwrapped keys stay in memory after use
 * @param reencryptionInterval how often the re-encryption job looks for work
 * @param retireAfter how long after a rotation the replaced field keys are kept at least (longer than
 *        any node's cache)
 * @param benchPlaintextFields bench only: write personal fields in clear, to measure what encryption costs
 */
@ConfigurationProperties("strongroom.crypto")
record CryptoProperties(String masterKeysetFile, @DefaultValue("keyring") String kek, String keyringFile,
        @DefaultValue Pkcs11 pkcs11, @DefaultValue("5m") Duration keyCacheTtl,
        @DefaultValue("1m") Duration reencryptionInterval, @DefaultValue("15m") Duration retireAfter,
        boolean benchPlaintextFields) {

    /**
     * @param library the module's PKCS#11 library, for example {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slotListIndex which slot of the module's slot list holds the token (0: the first)
     * @param pin the token's user PIN (set it from the environment: {@code STRONGROOM_CRYPTO_PKCS11_PIN})
     */
    record Pkcs11(String library, @DefaultValue("0") int slotListIndex, String pin) {

        @Override
        public String toString() {
            return "Pkcs11[library=" + library + ", slotListIndex=" + slotListIndex + ", pin=" + (pin == null ? "unset" : "set") + "]";
        }
    }
}
