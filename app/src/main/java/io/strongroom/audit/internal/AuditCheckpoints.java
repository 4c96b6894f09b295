package io.strongroom.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Anchors each tenant's audit chain outside the database (L3). A job writes, at least hourly, a
 * checkpoint of every tenant's chain head — last sequence number, its hash, the time — signed with
 * an Ed25519 key that lives only in {@code $STRONGROOM_HOME/secrets} (never in the database), to
 * {@code $STRONGROOM_HOME/audit-checkpoints/<tenant>.jsonl} (one line per checkpoint, appended).
 * Someone who can rewrite the database can delete the newest records and rewind the chain head so
 * the chain itself still holds, but cannot move the checkpoint: verification compares the trail
 * with the latest checkpoint and names the truncation. Tenants download their latest checkpoint
 * and the public key to keep their own copy.
 */
@Component
class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Path directory;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;

    AuditCheckpoints(JdbcClient jdbc, Clock clock, @Value("${strongroom.home}") Path home) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.directory = home.resolve("audit-checkpoints");
        KeyPair keys = loadOrCreateKey(home.resolve("secrets"));
        this.signingKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
    }

    /** A signed statement that the tenant's trail had record {@code seq} with this hash at {@code at}. */
    record Checkpoint(UUID tenantId, long seq, String hash, Instant at, String signature) {

        String signedText() {
            return "strongroom-audit-checkpoint/1\n" + tenantId + "\n" + seq + "\n" + hash + "\n" + at;
        }
    }

    /** The job: a checkpoint for every tenant whose chain moved since its last one. */
    int writeAll() {
        List<Head> heads = jdbc.sql("select tenant_id, last_seq, last_hash from audit_chain_heads()")
                .query((rs, n) -> new Head(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBytes(3))).list();
        int written = 0;
        for (Head head : heads) {
            Optional<Checkpoint> last = latest(head.tenantId());
            if (last.isPresent() && last.get().seq() == head.seq()) {
                continue;
            }
            append(sign(head.tenantId(), head.seq(), Base64.getEncoder().encodeToString(head.hash()), clock.instant()));
            written++;
        }
        if (written > 0) {
            log.info("Wrote {} audit checkpoints", written);
        }
        return written;
    }

    /** The newest checkpoint of a tenant whose signature verifies; a tampered line is reported, not used. */
    Optional<Checkpoint> latest(UUID tenantId) {
        Path file = fileOf(tenantId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Checkpoint checkpoint = JSON.readValue(lines.get(i), Checkpoint.class);
                if (!checkpoint.tenantId().equals(tenantId) || !verifies(checkpoint)) {
                    throw new TamperedCheckpoint("the latest audit checkpoint of this workspace does not verify");
                }
                return Optional.of(checkpoint);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (e instanceof TamperedCheckpoint tampered) {
                throw tampered;
            }
            throw new TamperedCheckpoint("the latest audit checkpoint of this workspace cannot be read");
        }
    }

    /** The public key that verifies checkpoints (X.509 SubjectPublicKeyInfo, Base64). */
    String publicKey() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    Map<String, Object> describe(Checkpoint checkpoint) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tenant_id", checkpoint.tenantId());
        view.put("seq", checkpoint.seq());
        view.put("hash", checkpoint.hash());
        view.put("at", checkpoint.at());
        view.put("algorithm", "Ed25519");
        view.put("signed_text", checkpoint.signedText());
        view.put("signature", checkpoint.signature());
        view.put("public_key", publicKey());
        return view;
    }

    boolean verifies(Checkpoint checkpoint) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(checkpoint.signedText().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private Checkpoint sign(UUID tenantId, long seq, String hash, Instant at) {
        Checkpoint unsigned = new Checkpoint(tenantId, seq, hash, at, null);
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey);
            signer.update(unsigned.signedText().getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(tenantId, seq, hash, at, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    private void append(Checkpoint checkpoint) {
        try {
            Files.createDirectories(directory);
            Files.writeString(fileOf(checkpoint.tenantId()), JSON.writeValueAsString(checkpoint) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint of " + checkpoint.tenantId(), e);
        }
    }

    private Path fileOf(UUID tenantId) {
        return directory.resolve(tenantId + ".jsonl");
    }

    private static KeyPair loadOrCreateKey(Path secrets) {
        Path privateFile = secrets.resolve("audit-checkpoint-key.pk8");
        Path publicFile = secrets.resolve("audit-checkpoint-key.pub");
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                return new KeyPair(
                        factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(publicFile).strip()))),
                        factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(privateFile).strip()))));
            }
            KeyPair generated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(secrets);
            writeSecret(privateFile, Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded()));
            writeSecret(publicFile, Base64.getEncoder().encodeToString(generated.getPublic().getEncoded()));
            log.info("Generated the audit checkpoint signing key in {}; back it up with the checkpoints", secrets);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the audit checkpoint key in " + secrets, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The audit checkpoint key in " + secrets + " is not a valid Ed25519 key", e);
        }
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private record Head(UUID tenantId, long seq, byte[] hash) {
    }

    /** A checkpoint file that was altered: verification reports it as a broken anchor. */
    static final class TamperedCheckpoint extends RuntimeException {
        TamperedCheckpoint(String message) {
            super(message);
        }
    }
}
