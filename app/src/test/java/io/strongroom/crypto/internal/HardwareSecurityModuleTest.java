package io.strongroom.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The key-encryption key in a real PKCS#11 module (E1, E3): SoftHSM2 from Debian, through the JDK's
 * SunPKCS11 provider, with the whole application configured {@code strongroom.crypto.kek=pkcs11}.
 * A fresh token is initialised for the run ({@code SOFTHSM2_CONF} is set by the build). Skipped,
 * with the reason, where SoftHSM2 is not installed; {@code .ci/run} installs it and fails when this
 * test did not run.
 */
@Tag("E1")
@Tag("E3")
class HardwareSecurityModuleTest extends ApiTest {

    static final String PIN = "4711-test-pin";
    static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"));

    static Path library;

    @Autowired
    TenantKeyService keys;

    @Autowired
    Reencryption reencryption;

    @Autowired
    KeyEncryptionKeys kek;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @BeforeAll
    static void freshToken() throws IOException, InterruptedException {
        library = LIBRARIES.stream().filter(Files::exists).findFirst().orElse(null);
        Assumptions.assumeTrue(library != null, "SoftHSM2 is not installed (apt-get install softhsm2)");
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(conf != null, "SOFTHSM2_CONF is not set (the build sets it)");
        Path tokens = Path.of(conf).resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> old = Files.walk(tokens)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "strongroom",
                "--pin", PIN, "--so-pin", "0815-test-so-pin").redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor()).as(output).isZero();
    }

    @DynamicPropertySource
    static void hsm(DynamicPropertyRegistry properties) {
        properties.add("strongroom.crypto.kek", () -> "pkcs11");
        properties.add("strongroom.crypto.pkcs11.library", () -> library.toString());
        properties.add("strongroom.crypto.pkcs11.pin", () -> PIN);
    }

    @Test
    void tenantKeysAreWrappedInTheModuleUnwrapAfterARestartRotateAndDieWithTheModulesKey() throws GeneralSecurityException {
        assertThat(kek).isInstanceOf(Pkcs11Keys.class);
        assertThat(kek.currentId()).isEqualTo("pkcs11:strongroom-kek-1");
        assertThat(((Pkcs11Keys) kek).extractable(kek.currentId())).as("the key never leaves the module").isFalse();

        Workspace ws = TestUsers.signUp(client(), "hsm");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(superuser.sql("select distinct kek_id from tenant_keyset where tenant_id = :t").param("t", ws.tenantId())
                .query(String.class).list()).as("wrapped at signup by the module's key").containsExactly("pkcs11:strongroom-kek-1");
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", "Hilde", "family_name", "Hsm",
                "iban", "DE89 3704 0044 0532 0130 00"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID person = UUID.fromString(created.json().get("id").asString());

        // a restart: a new provider instance, a new login, nothing from memory
        Pkcs11Keys restarted = new Pkcs11Keys(library.toString(), 0, PIN.toCharArray());
        assertThat(ibanThrough(restarted, ws.tenantId(), person)).isEqualTo("DE89370400440532013000");

        // a new version of the module's key; the job re-wraps, the data stays as it is
        Response rotated = client().header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                .method("POST", "/actuator/tenantkeys/kek", Map.of("action", "rotate"));
        assertThat(rotated.json().get("key_encryption_key").asString()).isEqualTo("pkcs11:strongroom-kek-2");
        reencryption.runOnce();
        assertThat(superuser.sql("select distinct kek_id from tenant_keyset where tenant_id = :t").param("t", ws.tenantId())
                .query(String.class).list()).containsExactly("pkcs11:strongroom-kek-2");
        keys.forget(ws.tenantId());
        assertThat(bearer(owner).get("/api/v1/people/" + person).json().get("iban").asString())
                .isEqualTo("DE89370400440532013000");

        // without the module's key nothing unwraps, whatever copy of the database one holds
        restarted.deleteAll();
        Pkcs11Keys afterwards = new Pkcs11Keys(library.toString(), 0, PIN.toCharArray()); // makes a new, unrelated key
        assertThatThrownBy(() -> ibanThrough(afterwards, ws.tenantId(), person)).isInstanceOf(GeneralSecurityException.class);
    }

    /** Opens a person's stored IBAN with nothing but the database rows and the module. */
    private String ibanThrough(KeyEncryptionKeys module, UUID tenant, UUID person) throws GeneralSecurityException {
        Map<String, Object> row = superuser.sql("select kek_id, wrapped from tenant_keyset where tenant_id = :t and purpose = 'fields'")
                .param("t", tenant).query().singleRow();
        KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset((byte[]) row.get("wrapped"),
                module.version((String) row.get("kek_id")),
                ("strongroom tenant keyset v1\u0000" + tenant + "\u0000fields").getBytes(StandardCharsets.UTF_8));
        byte[] stored = superuser.sql("select iban from employee where id = :id").param("id", person).query(byte[].class).single();
        return new String(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class)
                .decrypt(stored, TenantKeyService.associatedData(tenant, "employee", "iban", person)), StandardCharsets.UTF_8);
    }
}
