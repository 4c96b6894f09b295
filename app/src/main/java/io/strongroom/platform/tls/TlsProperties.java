package io.strongroom.platform.tls;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.tls.*}: the server certificate. Give a PEM certificate chain and key, or a
 * PKCS#12 key store; with neither, a self-signed certificate for {@code selfSignedNames} is
 * generated under {@code $STRONGROOM_HOME/tls/} on first start and reused afterwards.
 */
@ConfigurationProperties("strongroom.tls")
public record TlsProperties(
        String certificate,
        String privateKey,
        String privateKeyPassword,
        String keystore,
        String keystorePassword,
        @DefaultValue("PKCS12") String keystoreType,
        String keyAlias,
        @DefaultValue({"localhost", "127.0.0.1", "::1"}) List<String> selfSignedNames) {

    boolean hasPem() {
        return certificate != null && !certificate.isBlank();
    }

    boolean hasKeystore() {
        return keystore != null && !keystore.isBlank();
    }
}
