package io.strongroom.crypto.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import io.strongroom.crypto.SecretSealer;

/**
 * {@link SecretSealer} with Tink AES-256-GCM under the local master keyset file (the default
 * "local keyring"; an external KMS can replace the file later without changing callers).
 */
final class TinkSecretSealer implements SecretSealer {

    private static final Logger log = LoggerFactory.getLogger(TinkSecretSealer.class);

    private final Aead aead;

    private TinkSecretSealer(Aead aead) {
        this.aead = aead;
    }

    static TinkSecretSealer fromFile(Path keysetFile) {
        try {
            AeadConfig.register();
            KeysetHandle keyset;
            if (Files.exists(keysetFile)) {
                keyset = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keysetFile, StandardCharsets.UTF_8),
                        InsecureSecretKeyAccess.get());
            } else {
                keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                write(keysetFile, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
                log.info("Generated a new master keyset in {}; back it up: sealed secrets cannot be opened without it",
                        keysetFile);
            }
            return new TinkSecretSealer(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master keyset " + keysetFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset " + keysetFile + " is not a valid Tink AEAD keyset", e);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "keyset", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public byte[] seal(byte[] plaintext, String context) {
        try {
            return aead.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, String context) {
        try {
            return aead.decrypt(sealed, context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed secret could not be opened (altered, moved or wrong master key)");
        }
    }
}
