/**
 * Crypto: sealing secrets at rest with keys derived from the master keyset (Google Tink
 * AES-256-GCM). Shared infrastructure; uses nothing above it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Crypto")
package io.strongroom.crypto;
