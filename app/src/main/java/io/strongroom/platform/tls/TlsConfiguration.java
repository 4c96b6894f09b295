package io.strongroom.platform.tls;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreBundle;
import org.springframework.boot.ssl.jks.JksSslStoreDetails;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@code strongroom} SSL bundle that the HTTPS connector uses
 * ({@code server.ssl.bundle=strongroom}): TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites
 * only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsProperties.class)
class TlsConfiguration {

    static final String BUNDLE = "strongroom";

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    @Bean
    SslBundleRegistrar strongroomSslBundle(TlsProperties tls, @Value("${strongroom.home}") Path home) {
        return registry -> registry.registerBundle(BUNDLE, bundle(tls, home));
    }

    static SslBundle bundle(TlsProperties tls, Path home) {
        SslOptions options = SslOptions.of(CIPHERS.toArray(String[]::new), PROTOCOLS.toArray(String[]::new));
        SslStoreBundle stores;
        if (tls.hasKeystore()) {
            stores = new JksSslStoreBundle(new JksSslStoreDetails(tls.keystoreType(), null, tls.keystore(),
                    tls.keystorePassword()), null);
        } else if (tls.hasPem()) {
            if (tls.privateKey() == null || tls.privateKey().isBlank()) {
                throw new IllegalStateException("strongroom.tls.certificate is set but strongroom.tls.private-key is not");
            }
            stores = new PemSslStoreBundle(new PemSslStoreDetails(null, tls.certificate(), tls.privateKey())
                    .withPrivateKeyPassword(tls.privateKeyPassword()), null);
        } else {
            SelfSignedCertificate.Paths paths = SelfSignedCertificate.ensure(home.resolve("tls"), tls.selfSignedNames());
            stores = new PemSslStoreBundle(new PemSslStoreDetails(null,
                    "file:" + paths.certificate().toAbsolutePath(), "file:" + paths.privateKey().toAbsolutePath()), null);
        }
        return SslBundle.of(stores, SslBundleKey.of(tls.keystorePassword(), tls.keyAlias()), options);
    }
}
