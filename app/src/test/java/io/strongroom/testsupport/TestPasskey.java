package io.strongroom.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A passkey for tests: a software authenticator that answers WebAuthn options (the JSON form the
 * server sends) the way a browser's {@code PublicKeyCredential.toJSON()} does — an ES256 key pair, a
 * discoverable credential, attestation {@code none}, a signature counter. Every field of an answer can
 * be bent ({@link Bend}) to play an attacker: another origin, another relying party, a stale challenge,
 * a counter going backwards, a padded attestation object.
 */
public final class TestPasskey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final byte[] credentialId = new byte[32];
    private final String origin;
    private byte[] userHandle;
    private long signCount;

    /** @param origin the origin the "browser" is on, for example {@code https://localhost:8443} */
    public TestPasskey(String origin) {
        this.origin = origin;
        RANDOM.nextBytes(credentialId);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an attacker changes in an answer; the defaults answer honestly. */
    public static final class Bend {
        public String origin;
        public String rpId;
        public String challenge;
        public Long signCount;
        public boolean userVerified = true;
        public boolean badSignature;
        public byte[] userHandle;
        public int attestationPadding;
        public String type;
    }

    public String credentialId() {
        return B64.encodeToString(credentialId);
    }

    public long signCount() {
        return signCount;
    }

    /** Answers {@code navigator.credentials.create()} for these options ({@code public_key} of the API's answer). */
    public String create(JsonNode options) {
        return create(options, new Bend());
    }

    public String create(JsonNode options, Bend bend) {
        userHandle = B64_DECODER.decode(options.get("user").get("id").asString());
        String rpId = bend.rpId != null ? bend.rpId : options.get("rp").get("id").asString();
        String clientData = clientData(bend.type != null ? bend.type : "webauthn.create",
                bend.challenge != null ? bend.challenge : options.get("challenge").asString(), bend);
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags(bend) | 0x40); // attested credential data included
        authData.writeBytes(counter(bend.signCount != null ? bend.signCount : signCount));
        authData.writeBytes(new byte[16]); // AAGUID: none
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length & 0xff);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        Map<Object, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", "none");
        attestation.put("attStmt", Map.of());
        attestation.put("authData", authData.toByteArray());
        if (bend.attestationPadding > 0) {
            attestation.put("padding", new byte[bend.attestationPadding]);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)));
        response.put("attestationObject", B64.encodeToString(Cbor.encode(attestation)));
        response.put("transports", new String[] {"internal", "hybrid"});
        return credential(response);
    }

    /** Answers {@code navigator.credentials.get()} for these options; the counter moves on by one. */
    public String get(JsonNode options) {
        return get(options, new Bend());
    }

    public String get(JsonNode options, Bend bend) {
        String rpId = bend.rpId != null ? bend.rpId : options.get("rpId").asString();
        String clientData = clientData(bend.type != null ? bend.type : "webauthn.get",
                bend.challenge != null ? bend.challenge : options.get("challenge").asString(), bend);
        long count = bend.signCount != null ? bend.signCount : ++signCount;
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.writeBytes(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
        authData.write(flags(bend));
        authData.writeBytes(counter(count));
        byte[] signed = concat(authData.toByteArray(), sha256(clientData.getBytes(StandardCharsets.UTF_8)));
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(signed);
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        if (bend.badSignature) {
            signature[signature.length - 1] ^= 1;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("clientDataJSON", B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8)));
        response.put("authenticatorData", B64.encodeToString(authData.toByteArray()));
        response.put("signature", B64.encodeToString(signature));
        byte[] handle = bend.userHandle != null ? bend.userHandle : userHandle;
        if (handle != null) {
            response.put("userHandle", B64.encodeToString(handle));
        }
        return credential(response);
    }

    private String credential(Map<String, Object> response) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("id", B64.encodeToString(credentialId));
        credential.put("rawId", B64.encodeToString(credentialId));
        credential.put("type", "public-key");
        credential.put("response", response);
        credential.put("authenticatorAttachment", "platform");
        credential.put("clientExtensionResults", Map.of());
        return ApiClient.JSON.writeValueAsString(credential);
    }

    private String clientData(String type, String challenge, Bend bend) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", bend.origin != null ? bend.origin : origin);
        data.put("crossOrigin", false);
        return ApiClient.JSON.writeValueAsString(data);
    }

    private static int flags(Bend bend) {
        return 0x01 | (bend.userVerified ? 0x04 : 0) | 0x08 | 0x10; // present, verified, backup eligible and backed up
    }

    private static byte[] counter(long count) {
        return ByteBuffer.allocate(4).putInt((int) count).array();
    }

    /** The public key as a COSE_Key: EC2, ES256, P-256, x and y. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        Map<Object, Object> cose = new LinkedHashMap<>();
        cose.put(1, 2);
        cose.put(3, -7);
        cose.put(-1, 1);
        cose.put(-2, unsigned32(key.getW().getAffineX().toByteArray()));
        cose.put(-3, unsigned32(key.getW().getAffineY().toByteArray()));
        return Cbor.encode(cose);
    }

    private static byte[] unsigned32(byte[] value) {
        byte[] fixed = new byte[32];
        int from = Math.max(0, value.length - 32);
        System.arraycopy(value, from, fixed, 32 - (value.length - from), value.length - from);
        return fixed;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The little CBOR (RFC 8949) WebAuthn needs: maps with integer or text keys, integers, byte and text strings. */
    static final class Cbor {

        static byte[] encode(Object value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out, value);
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, Object value) {
            switch (value) {
                case Integer number when number >= 0 -> head(out, 0, number);
                case Integer number -> head(out, 1, -1L - number);
                case byte[] bytes -> {
                    head(out, 2, bytes.length);
                    out.writeBytes(bytes);
                }
                case String text -> {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    head(out, 3, utf8.length);
                    out.writeBytes(utf8);
                }
                case Map<?, ?> map -> {
                    head(out, 5, map.size());
                    map.forEach((k, v) -> {
                        write(out, k);
                        write(out, v);
                    });
                }
                default -> throw new IllegalArgumentException("not encodable: " + value);
            }
        }

        private static void head(ByteArrayOutputStream out, int major, long length) {
            if (length < 24) {
                out.write(major << 5 | (int) length);
            } else if (length < 0x100) {
                out.write(major << 5 | 24);
                out.write((int) length);
            } else if (length < 0x10000) {
                out.write(major << 5 | 25);
                out.write((int) (length >> 8));
                out.write((int) length & 0xff);
            } else {
                out.write(major << 5 | 26);
                out.writeBytes(ByteBuffer.allocate(4).putInt((int) length).array());
            }
        }
    }
}
