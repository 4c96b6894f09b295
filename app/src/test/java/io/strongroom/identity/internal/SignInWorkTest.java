package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A9, no enumeration by timing, proven by counting instead of timing: every sign-in attempt costs
 * exactly one Argon2id verification, whether the workspace or account exists, has a password yet,
 * or the password is right, wrong or absurdly long.
 */
@Tag("A9")
class SignInWorkTest extends ApiTest {

    @Autowired
    PasswordHashing hashing;

    @Test
    void everyAttemptCostsExactlyOneArgon2idVerification() {
        Workspace ws = TestUsers.signUp(client(), "work");
        String invited = "invited." + ws.workspace() + "@example.org";
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("""
                insert into app_user (tenant_id, id, email, display_name, status) values (:t, gen_random_uuid(), :e, 'In Vited', 'invited')
                """).param("t", ws.tenantId()).param("e", invited).update());
        assertOneVerification("right password", 200, () -> TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()));
        assertOneVerification("wrong password", 401, () -> TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), "wrong-password"));
        assertOneVerification("unknown account", 401, () -> TestUsers.login(client(), ws.workspace(), "nobody@example.org", "x"));
        assertOneVerification("account without a password", 401, () -> TestUsers.login(client(), ws.workspace(), invited, "x"));
        assertOneVerification("unknown workspace", 401, () -> TestUsers.login(client(), "no-such-workspace-here", "a@b.example", "x"));
        assertOneVerification("oversized input", 401, () -> TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), "p".repeat(5000)));
    }

    private void assertOneVerification(String what, int status, Supplier<Response> attempt) {
        long before = hashing.verifications();
        assertThat(attempt.get().status()).as(what).isEqualTo(status);
        assertThat(hashing.verifications() - before).as(what).isEqualTo(1);
    }
}
