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

/**
 * The default KEK: a Tink AES-256-GCM keyset in a file under {@code $STRONGROOM_HOME/secrets},
 * owner-only, generated on first start. Each key of the keyset is one KEK version; a rotation adds
 * a new key and makes it primary (the older ones stay to unwrap what they wrapped until the
 * re-wrap has finished). Other nodes of a cluster re-read the file when they meet a version they
 * do not know yet, so every node must see the same file (a shared secrets directory).
 */
final class KeyringFile implements KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(KeyringFile.class);

    private final Path file;
    private volatile KeysetHandle keyring;
    private volatile Aead aead;

    KeyringFile(Path file) {
        this.file = file;
        try {
            AeadConfig.register();
            if (!Files.exists(file)) {
                write(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
                log.info("Generated a new key-encryption keyring in {}; back it up apart from the database: "
                        + "without it no tenant's data can be read", file);
            }
            load();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyring " + file + " is not a valid Tink AEAD keyset");
        }
    }

    @Override
    public String currentId() {
        return id(keyring.getPrimary().getId());
    }

    @Override
    public Aead version(String id) throws GeneralSecurityException {
        if (!contains(id)) {
            load(); // another node may have rotated the shared keyring
            if (!contains(id)) {
                throw new GeneralSecurityException("The key-encryption key " + id + " is not in the keyring " + file);
            }
        }
        return aead;
    }

    @Override
    public synchronized String rotate() throws GeneralSecurityException {
        load();
        KeysetHandle rotated = KeysetHandle.newBuilder(keyring)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary())
                .build();
        write(rotated);
        load();
        return currentId();
    }

    @Override
    public void refresh() {
        try {
            load();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The keyring " + file + " is not a valid Tink AEAD keyset");
        }
    }

    @Override
    public String description() {
        return "keyring file " + file;
    }

    private boolean contains(String id) {
        KeysetHandle current = keyring;
        for (int i = 0; i < current.size(); i++) {
            if (id(current.getAt(i).getId()).equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static String id(int keyId) {
        return "keyring:" + Integer.toUnsignedString(keyId);
    }

    private synchronized void load() throws GeneralSecurityException {
        try {
            KeysetHandle loaded = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
            aead = loaded.getPrimitive(RegistryConfiguration.get(), Aead.class);
            keyring = loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the keyring " + file, e);
        }
    }

    private void write(KeysetHandle keyset) throws GeneralSecurityException {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "keyring", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()),
                        StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the keyring " + file, e);
        }
    }
}
