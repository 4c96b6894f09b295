package io.strongroom.crypto.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code strongroom.crypto.*}.
 *
 * @param masterKeysetFile the Tink keyset (JSON) that seals secrets at rest; default
 *        {@code $STRONGROOM_HOME/secrets/master-keyset.json}, generated on first start with
 *        owner-only permissions. Every node of a cluster must use the same file.
 */
@ConfigurationProperties("strongroom.crypto")
record CryptoProperties(String masterKeysetFile) {
}
