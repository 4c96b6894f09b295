package io.strongroom.crypto;

/**
 * Authenticated encryption of small secrets (keys, tokens) before they are stored. The context
 * (associated data) binds a sealed value to where it belongs, so a value copied to another row
 * or purpose does not open.
 */
public interface SecretSealer {

    byte[] seal(byte[] plaintext, String context);

    /** Opens a sealed value; throws {@link IllegalStateException} if it was altered or moved. */
    byte[] open(byte[] sealed, String context);
}
