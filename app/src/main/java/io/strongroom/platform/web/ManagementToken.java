package io.strongroom.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strongroom.platform.Digests;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The secret that authenticates operators' tools (Prometheus, scripts) on the management
 * endpoints other than health: {@code Authorization: Bearer <token>}, in addition to the network
 * rule — behind a reverse proxy on the same host every client is 127.0.0.1, so the address alone
 * proves nothing. The token is {@code strongroom.http.management-token} when set, otherwise a
 * random one generated once into {@code $STRONGROOM_HOME/secrets/management-token} (mode 600).
 * Only its SHA-256 is kept in memory; comparison is constant-time.
 */
final class ManagementToken {

    private static final Logger log = LoggerFactory.getLogger(ManagementToken.class);
    static final String FILE = "secrets/management-token";

    private final byte[] digest;

    private ManagementToken(String token) {
        if (token.length() < 32) {
            throw new IllegalStateException("The management token must be at least 32 characters long");
        }
        this.digest = sha256(token);
    }

    static ManagementToken load(String configured, Path home) {
        if (configured != null && !configured.isBlank()) {
            return new ManagementToken(configured.strip());
        }
        Path file = home.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), "management", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                log.info("Generated the management token in {} (send it as a bearer token to /actuator endpoints)", file);
            }
            return new ManagementToken(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the management token " + file, e);
        }
    }

    boolean presentedBy(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(header.substring(7).strip()));
    }

    private static byte[] sha256(String value) {
        return Digests.sha256(value);
    }
}
