package io.strongroom.crypto.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.Aead;

/**
 * The KEK in a PKCS#11 hardware security module, through the JDK's SunPKCS11 provider: AES-256 keys
 * generated inside the token as token objects that are sensitive and not extractable, so the key
 * never leaves the module; wrapping and unwrapping are AES-GCM operations the module performs.
 * Versions are the token keys labelled {@code strongroom-kek-<n>}; the highest is current. The start
 * is refused when a version turns out to be extractable.
 * <p>
 * A wrapped keyset is {@code 12-byte IV || AES-GCM ciphertext and tag}, the associated data binding
 * it to its tenant and purpose.
 */
final class Pkcs11Keys implements KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11Keys.class);
    static final String LABEL = "strongroom-kek-";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Provider provider;
    private final KeyStore token;
    private final char[] pin;
    private final String description;

    /**
     * @param library the module's shared library, for example {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slotListIndex which slot of the module's list holds the token
     * @param pin the user PIN of the token
     */
    Pkcs11Keys(String library, int slotListIndex, char[] pin) {
        String config = """
                --name=strongroom-kek
                library=%s
                slotListIndex=%d
                attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
                  CKA_TOKEN = true
                  CKA_SENSITIVE = true
                  CKA_EXTRACTABLE = false
                }
                """.formatted(library, slotListIndex);
        try {
            this.provider = Security.getProvider("SunPKCS11").configure(config);
            this.token = KeyStore.getInstance("PKCS11", provider);
            this.pin = pin.clone();
            token.load(null, pin);
            this.description = "PKCS#11 module " + library + " (slot list index " + slotListIndex + ")";
            if (versions().isEmpty()) {
                generate(1);
                log.info("Generated the key-encryption key {}1 in the hardware security module", LABEL);
            }
            for (String alias : versions()) {
                if (key(alias).getEncoded() != null) {
                    throw new IllegalStateException("The key-encryption key " + alias
                            + " in the hardware security module can be extracted; Strongroom uses only keys that cannot");
                }
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot use the hardware security module " + library + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String currentId() {
        List<String> versions = versions();
        return "pkcs11:" + versions.getLast();
    }

    @Override
    public Aead version(String id) throws GeneralSecurityException {
        if (!id.startsWith("pkcs11:" + LABEL)) {
            throw new GeneralSecurityException("Not a key of the hardware security module: " + id);
        }
        String alias = id.substring("pkcs11:".length());
        if (!token.containsAlias(alias)) {
            refresh(); // another node may have added it
        }
        return new GcmAead(key(alias));
    }

    /** Reads the token's list of keys again (another node may have rotated). */
    @Override
    public synchronized void refresh() {
        try {
            token.load(null, pin);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot read the keys of the hardware security module again", e);
        }
    }

    @Override
    public synchronized String rotate() throws GeneralSecurityException {
        List<String> versions = versions();
        int next = versions.isEmpty() ? 1 : number(versions.getLast()) + 1;
        generate(next);
        return currentId();
    }

    @Override
    public String description() {
        return description;
    }

    /** Whether the token would hand out the key material of version {@code id} (never, for keys Strongroom made). */
    boolean extractable(String id) throws GeneralSecurityException {
        return key(id.substring("pkcs11:".length())).getEncoded() != null;
    }

    /** Deletes every version from the token (tests; an operator retires versions with the module's own tools). */
    synchronized void deleteAll() throws GeneralSecurityException {
        refresh();
        for (String alias : versions()) {
            token.deleteEntry(alias);
        }
    }

    private SecretKey key(String alias) throws GeneralSecurityException {
        if (!(token.getKey(alias, null) instanceof SecretKey key)) {
            throw new GeneralSecurityException("The hardware security module holds no key " + alias);
        }
        return key;
    }

    private void generate(int number) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
        generator.init(256);
        token.setEntry(LABEL + number, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
    }

    private List<String> versions() {
        try {
            return Collections.list(token.aliases()).stream()
                    .filter(a -> a.matches(LABEL + "[1-9][0-9]{0,8}"))
                    .sorted(Comparator.comparingInt(Pkcs11Keys::number))
                    .toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot list the keys of the hardware security module", e);
        }
    }

    private static int number(String alias) {
        return Integer.parseInt(alias.substring(LABEL.length()));
    }

    /** AES-GCM in the module: the key is only a handle here. */
    private final class GcmAead implements Aead {

        private final SecretKey key;

        GcmAead(SecretKey key) {
            this.key = key;
        }

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
            if (ciphertext.length < IV_BYTES + 16) {
                throw new GeneralSecurityException("Too short to be a wrapped keyset");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
        }
    }

}
