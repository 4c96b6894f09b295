package io.strongroom.crypto.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.crypto.RetainedFieldKeys;
import io.strongroom.crypto.SecretSealer;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.platform.DatabaseNotifications;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

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

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(CryptoProperties properties, @Value("${strongroom.home}") Path home) {
        return switch (properties.kek()) {
            case "keyring" -> new KeyringFile(properties.keyringFile() == null || properties.keyringFile().isBlank()
                    ? home.resolve("secrets").resolve("kek-keyring.json")
                    : Path.of(properties.keyringFile()));
            case "pkcs11" -> {
                CryptoProperties.Pkcs11 pkcs11 = properties.pkcs11();
                if (pkcs11.library() == null || pkcs11.library().isBlank() || pkcs11.pin() == null) {
                    throw new IllegalStateException("strongroom.crypto.kek=pkcs11 needs strongroom.crypto.pkcs11.library "
                            + "and strongroom.crypto.pkcs11.pin");
                }
                yield new Pkcs11Keys(pkcs11.library(), pkcs11.slotListIndex(), pkcs11.pin().toCharArray());
            }
            default -> throw new IllegalStateException("strongroom.crypto.kek must be keyring or pkcs11, not "
                    + properties.kek());
        };
    }

    @Bean
    TenantKeyService tenantKeyService(JdbcClient jdbc, PlatformTransactionManager transactions, KeyEncryptionKeys kek,
            Clock clock, ApplicationEventPublisher events, TenantDataRegistry registry,
            DatabaseNotifications notifications, CryptoProperties properties, ObjectProvider<RetainedFieldKeys> retainers) {
        return new TenantKeyService(jdbc, ownTransaction(transactions), kek, clock, events, registry, notifications,
                properties.keyCacheTtl(), properties.benchPlaintextFields(), retireAfter(properties),
                () -> retainers.orderedStream().toList());
    }

    /** At least twice the key cache's lifetime: by then no node still encrypts under a replaced key. */
    private static Duration retireAfter(CryptoProperties properties) {
        return properties.retireAfter().compareTo(properties.keyCacheTtl().multipliedBy(2)) > 0
                ? properties.retireAfter() : properties.keyCacheTtl().multipliedBy(2);
    }

    @Bean
    Reencryption reencryption(JdbcClient jdbc, NamedParameterJdbcTemplate batchJdbc, PlatformTransactionManager transactions,
            TenantKeyService keys,
            KeyEncryptionKeys kek, TenantDataRegistry registry, ApplicationEventPublisher events, Clock clock,
            CryptoProperties properties) {
        return new Reencryption(jdbc, batchJdbc, ownTransaction(transactions), keys, kek, registry, events);
    }

    @Bean
    RecurringJob reencryptionJob(Reencryption reencryption, CryptoProperties properties) {
        return new RecurringJob("tenant-key-reencryption", properties.reencryptionInterval(), reencryption::runOnce);
    }

    /** The wrapped tenant keysets: never backed up or exported, destroyed by crypto-shredding. */
    @Bean
    TenantTable tenantKeysetTable() {
        return TenantTable.of("crypto", "tenant_keyset").secrets("wrapped").holdsKeys();
    }

    private static TransactionTemplate ownTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return template;
    }
}
