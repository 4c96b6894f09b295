package io.strongroom.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;

/**
 * Encryption at rest, one field on one core: what {@link TenantKeyService} does per value once the
 * tenant's keys are in memory — Tink AES-256-GCM with the field's associated data (tenant, table,
 * column, row; {@link TenantKeyService#associatedData}), and the blind index (HMAC-SHA-256 PRF).
 * The value is an IBAN, a typical personal field. Benchmark code only, never in the application jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldEncryptionBenchmark {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID ROW = UUID.randomUUID();

    private Aead fields;
    private PrfSet index;
    private byte[] clear;
    private byte[] stored;

    @Setup
    public void setUp() throws Exception {
        AeadConfig.register();
        PrfConfig.register();
        fields = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        index = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF)
                .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        clear = "DE89370400440532013000".getBytes(StandardCharsets.UTF_8);
        stored = fields.encrypt(clear, TenantKeyService.associatedData(TENANT, "employee", "iban", ROW));
    }

    @Benchmark
    public byte[] encryptField() throws Exception {
        return fields.encrypt(clear, TenantKeyService.associatedData(TENANT, "employee", "iban", ROW));
    }

    @Benchmark
    public byte[] decryptField() throws Exception {
        return fields.decrypt(stored, TenantKeyService.associatedData(TENANT, "employee", "iban", ROW));
    }

    @Benchmark
    public byte[] blindIndex() throws Exception {
        return index.computePrimary(clear, 32);
    }
}
