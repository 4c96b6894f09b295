package io.strongroom.audit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper evidence of the trail. A record's hash is SHA-256 over the previous record's hash
 * and the canonical JSON (keys sorted, values as strings) of all its hashed fields; personal
 * values enter the hashed diff only as salted SHA-256 commitments, so they can be erased later
 * (with their salt) without breaking the chain, and can be checked while they exist.
 */
final class AuditHashing {

    static final byte[] GENESIS = new byte[32];
    static final String COMMITMENT_PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AuditHashing() {
    }

    static byte[] hash(byte[] previous, Map<String, Object> hashedFields) {
        MessageDigest digest = sha256();
        digest.update(previous);
        digest.update(canonical(hashedFields));
        return digest.digest();
    }

    static byte[] canonical(Map<String, Object> fields) {
        return CANONICAL.writeValueAsBytes(new TreeMap<>(fields));
    }

    static byte[] salt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** The commitment to one personal value: {@code sha256:<hex>} of salt, field, side and value. */
    static String commitment(byte[] salt, String field, String side, String value) {
        MessageDigest digest = sha256();
        digest.update(salt);
        digest.update((field + "\u0000" + side + "\u0000" + (value == null ? "\u0001null" : value))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return COMMITMENT_PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    /** Diff values as the trail stores them: strings, lists of strings, or null. */
    static Object normalize(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> collection) {
            List<String> list = new ArrayList<>();
            for (Object item : collection) {
                list.add(String.valueOf(item));
            }
            list.sort(null);
            return list;
        }
        return value.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
