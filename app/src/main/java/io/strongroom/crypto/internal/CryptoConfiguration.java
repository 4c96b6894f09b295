package io.strongroom.crypto.internal;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.crypto.SecretSealer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfiguration {

    @Bean
    SecretSealer secretSealer(CryptoProperties properties, @Value("${strongroom.home}") Path home) {
        Path file = properties.masterKeysetFile() == null || properties.masterKeysetFile().isBlank()
                ? home.resolve("secrets").resolve("master-keyset.json")
                : Path.of(properties.masterKeysetFile());
        return TinkSecretSealer.fromFile(file);
    }
}
