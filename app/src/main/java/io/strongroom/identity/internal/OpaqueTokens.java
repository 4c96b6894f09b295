package io.strongroom.identity.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import io.strongroom.platform.Digests;

/**
 * Opaque secrets handed to clients: refresh tokens ({@code srt1.}) and single-use e-mail tokens
 * ({@code sot1.}). Each is {@code prefix.<tenant id>.<256 random bits>}, base64url. The tenant id
 * (not secret) lets the server bind the right tenant before it looks the token up under row-level
 * security; only the SHA-256 hash of the whole token is stored.
 */
final class OpaqueTokens {

    static final String REFRESH = "srt1";
    static final String ONE_TIME = "sot1";
    static final String MFA_CHALLENGE = "smc1";
    static final String REMEMBERED_DEVICE = "srd1";
    /** A SCIM provisioning token (A7). */
    static final String SCIM = "ssc1";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private OpaqueTokens() {
    }

    static String generate(String prefix, UUID tenantId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ByteBuffer tenant = ByteBuffer.allocate(16)
                .putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
        return prefix + "." + ENCODER.encodeToString(tenant.array()) + "." + ENCODER.encodeToString(secret);
    }

    /** The tenant a well-formed token of kind {@code prefix} names; empty for anything else. */
    static Optional<UUID> tenantOf(String prefix, String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(prefix)) {
            return Optional.empty();
        }
        try {
            byte[] tenant = DECODER.decode(parts[1]);
            byte[] secret = DECODER.decode(parts[2]);
            if (tenant.length != 16 || secret.length != 32) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(tenant);
            return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] hash(String token) {
        return Digests.sha256(token);
    }
}
